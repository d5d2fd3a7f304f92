"""Ordered schema migrations for the analytics store; each applied once and recorded in the database."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


_PROVENANCE = "source_file VARCHAR, licence VARCHAR"

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "ledger, quarantine, events, mentions, articles, gkg counts",
        f"""
CREATE SEQUENCE file_id_seq START 1;
CREATE TABLE files (
    file_id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, path VARCHAR NOT NULL, sha256 VARCHAR NOT NULL,
    size BIGINT NOT NULL, layout VARCHAR, status VARCHAR NOT NULL, rows_read BIGINT, rows_stored BIGINT,
    rows_quarantined BIGINT, rows_replaced BIGINT, started_at TIMESTAMP NOT NULL, finished_at TIMESTAMP,
    error VARCHAR
);
CREATE TABLE quarantine (
    file_id INTEGER NOT NULL, source_file VARCHAR NOT NULL, line_no BIGINT NOT NULL, raw_line VARCHAR,
    reason VARCHAR NOT NULL
);
CREATE TABLE events (
    event_id VARCHAR NOT NULL, source VARCHAR NOT NULL, source_key BIGINT NOT NULL, file_id INTEGER NOT NULL,
    date DATE NOT NULL, added_at TIMESTAMP,
    actor1_code VARCHAR, actor1_name VARCHAR, actor1_country_code VARCHAR, actor1_country VARCHAR,
    actor1_known_group VARCHAR, actor1_ethnic VARCHAR, actor1_religion VARCHAR,
    actor1_type1 VARCHAR, actor1_type2 VARCHAR, actor1_type3 VARCHAR,
    actor2_code VARCHAR, actor2_name VARCHAR, actor2_country_code VARCHAR, actor2_country VARCHAR,
    actor2_known_group VARCHAR, actor2_ethnic VARCHAR, actor2_religion VARCHAR,
    actor2_type1 VARCHAR, actor2_type2 VARCHAR, actor2_type3 VARCHAR,
    is_root_event BOOLEAN, event_code VARCHAR, event_base_code VARCHAR, root_code VARCHAR,
    plover_type VARCHAR, quad_class TINYINT, goldstein DOUBLE,
    num_mentions INTEGER, num_sources INTEGER, num_articles INTEGER, tone DOUBLE,
    actor1_geo_country VARCHAR, actor2_geo_country VARCHAR,
    loc_precision TINYINT, loc_name VARCHAR, loc_fips VARCHAR, loc_country VARCHAR, loc_admin1 VARCHAR,
    loc_admin2 VARCHAR, lat DOUBLE, lon DOUBLE, loc_feature_id VARCHAR,
    source_url VARCHAR, {_PROVENANCE}, quality VARCHAR[]
);
CREATE TABLE mentions (
    mention_id VARCHAR NOT NULL, event_id VARCHAR NOT NULL, source VARCHAR NOT NULL,
    file_id INTEGER NOT NULL, event_time TIMESTAMP, mention_time TIMESTAMP NOT NULL, mention_type TINYINT,
    source_name VARCHAR, url VARCHAR, sentence_id INTEGER, actor1_offset INTEGER, actor2_offset INTEGER,
    action_offset INTEGER, in_raw_text BOOLEAN, confidence INTEGER, doc_length INTEGER, doc_tone DOUBLE,
    translation_info VARCHAR, {_PROVENANCE}
);
CREATE TABLE articles (
    article_id VARCHAR NOT NULL, source VARCHAR NOT NULL, file_id INTEGER NOT NULL, date DATE NOT NULL,
    published_at TIMESTAMP, source_name VARCHAR, url VARCHAR, num_articles INTEGER, themes VARCHAR[],
    location_fips VARCHAR[], tone DOUBLE, word_count INTEGER, linked_event_ids VARCHAR[],
    {_PROVENANCE}
);
CREATE TABLE gkg_counts (
    count_id VARCHAR NOT NULL, source VARCHAR NOT NULL, file_id INTEGER NOT NULL, date DATE NOT NULL,
    num_articles INTEGER, count_type VARCHAR, number BIGINT, object_type VARCHAR, geo_type TINYINT,
    geo_name VARCHAR, geo_fips VARCHAR, geo_country VARCHAR, geo_admin1 VARCHAR, lat DOUBLE, lon DOUBLE,
    feature_id VARCHAR, linked_event_ids VARCHAR[], source_names VARCHAR, urls VARCHAR, {_PROVENANCE}
);
""",
    ),
)

MIGRATIONS += (
    Migration(
        2,
        "ledger: file modification time, so unchanged files are skipped without hashing",
        """
ALTER TABLE files ADD COLUMN mtime_ns BIGINT;
""",
    ),
)

MIGRATIONS += (
    Migration(
        3,
        "events: fields of curated sources (ICEWS, POLECAT, ACLED, UCDP)",
        """
ALTER TABLE events ADD COLUMN event_label VARCHAR;
ALTER TABLE events ADD COLUMN actor1_sector VARCHAR;
ALTER TABLE events ADD COLUMN actor2_sector VARCHAR;
ALTER TABLE events ADD COLUMN plover_mode VARCHAR;
ALTER TABLE events ADD COLUMN plover_context VARCHAR[];
ALTER TABLE events ADD COLUMN date_end DATE;
ALTER TABLE events ADD COLUMN fatalities INTEGER;
ALTER TABLE events ADD COLUMN details MAP(VARCHAR, VARCHAR);
""",
    ),
)

MIGRATIONS += (
    Migration(
        4,
        "fusion: links between records of different sources that report one event",
        """
CREATE TABLE event_links (
    event_a VARCHAR NOT NULL, event_b VARCHAR NOT NULL, rule VARCHAR NOT NULL, days INTEGER, km DOUBLE
);
CREATE TABLE fused_events (event_id VARCHAR NOT NULL, fused_id VARCHAR NOT NULL);
""",
    ),
)

MIGRATIONS += (
    Migration(
        5,
        "security-field tags of events and articles (finest taxonomy version; re-cut by mapping)",
        """
CREATE TABLE event_tags (event_id VARCHAR NOT NULL, field VARCHAR NOT NULL, weight DOUBLE NOT NULL,
                         rule VARCHAR NOT NULL);
CREATE TABLE article_tags (article_id VARCHAR NOT NULL, field VARCHAR NOT NULL, weight DOUBLE NOT NULL,
                           rule VARCHAR NOT NULL);
""",
    ),
)


MIGRATIONS += (
    Migration(
        6,
        "indicator rollups (day cells per taxonomy version), their state, serials of derived-data changes",
        """
CREATE TABLE rollup_days (
    taxonomy VARCHAR NOT NULL, period DATE NOT NULL, view VARCHAR NOT NULL, country VARCHAR NOT NULL,
    partner VARCHAR NOT NULL, field VARCHAR NOT NULL, events DOUBLE, goldstein_n DOUBLE, goldstein_sum DOUBLE,
    quad_n DOUBLE, conflict DOUBLE, material_conflict DOUBLE, coop_weight DOUBLE, conflict_weight DOUBLE,
    tone_n DOUBLE, tone_sum DOUBLE, mentions DOUBLE
);
CREATE TABLE rollup_state (
    taxonomy VARCHAR NOT NULL, through_file INTEGER NOT NULL, tags_serial BIGINT NOT NULL,
    fusion_serial BIGINT NOT NULL, built_at TIMESTAMP NOT NULL
);
CREATE TABLE changes (kind VARCHAR NOT NULL, serial BIGINT NOT NULL);
""",
    ),
)

MIGRATIONS += (
    Migration(
        7,
        "alerts raised on the store's indicator series, with their evidence",
        """
CREATE TABLE alerts (
    alert_id VARCHAR NOT NULL, rule VARCHAR NOT NULL, series VARCHAR NOT NULL, view VARCHAR NOT NULL,
    country VARCHAR, partner VARCHAR, field VARCHAR, taxonomy VARCHAR NOT NULL, indicator VARCHAR NOT NULL,
    grain VARCHAR NOT NULL, period VARCHAR NOT NULL, period_start DATE NOT NULL, direction VARCHAR NOT NULL,
    score DOUBLE NOT NULL, severity VARCHAR NOT NULL, detector VARCHAR NOT NULL, value DOUBLE,
    baseline DOUBLE, reasoning VARCHAR NOT NULL, events DOUBLE, sources INTEGER, evidence VARCHAR,
    first_raised TIMESTAMP NOT NULL, last_run TIMESTAMP NOT NULL
);
""",
    ),
)

MIGRATIONS += (
    Migration(
        8,
        "articles: news of holosec ingest news (title, the start of the text, language, countries named)",
        """
ALTER TABLE articles ADD COLUMN title VARCHAR;
ALTER TABLE articles ADD COLUMN summary VARCHAR;
ALTER TABLE articles ADD COLUMN language VARCHAR;
ALTER TABLE articles ADD COLUMN countries VARCHAR[];
""",
    ),
)

MIGRATIONS += (
    Migration(
        9,
        "aggregate counts (GDELT events per location country x period x CAMEO code); day cells marked",
        f"""
CREATE TABLE aggregate_counts (
    file_id INTEGER NOT NULL, source VARCHAR NOT NULL, line_no BIGINT NOT NULL, grain VARCHAR NOT NULL,
    period DATE NOT NULL, fips VARCHAR NOT NULL, country VARCHAR NOT NULL, event_code VARCHAR,
    root_code VARCHAR, quad_class TINYINT, events BIGINT NOT NULL, tone_sum DOUBLE, goldstein_sum DOUBLE,
    {_PROVENANCE}
);
ALTER TABLE rollup_days ADD COLUMN aggregate_grain VARCHAR;
""",
    ),
)

MIGRATIONS += (
    Migration(
        10,
        "source coverage: records per day and source (event sources by day, aggregates by their grain)",
        """
CREATE TABLE source_days (
    day DATE NOT NULL, source VARCHAR NOT NULL, grain VARCHAR NOT NULL, records BIGINT NOT NULL
);
INSERT INTO source_days SELECT date, source, 'day', count(*) FROM events GROUP BY ALL;
INSERT INTO source_days SELECT period, source, grain, sum(events) FROM aggregate_counts GROUP BY ALL;
""",
    ),
)

MIGRATIONS += (
    Migration(
        11,
        "the GDELT follower's log: each file it took (or failed to take) and each cycle",
        """
CREATE TABLE follow_files (
    name VARCHAR PRIMARY KEY, stamp TIMESTAMP NOT NULL, kind VARCHAR NOT NULL, status VARCHAR NOT NULL,
    attempts INTEGER NOT NULL, error VARCHAR, updated_at TIMESTAMP NOT NULL
);
CREATE TABLE follow_cycles (
    started TIMESTAMP NOT NULL, finished TIMESTAMP NOT NULL, files INTEGER NOT NULL,
    rows_stored BIGINT NOT NULL, rows_quarantined BIGINT NOT NULL, alerts INTEGER NOT NULL,
    failed INTEGER NOT NULL, error VARCHAR, newest TIMESTAMP
);
""",
    ),
)

MIGRATIONS += (
    Migration(
        12,
        "evidence rows: the counted (event, field) rows behind the day cells, for evidence in milliseconds",
        """
CREATE TABLE evidence_rows (
    taxonomy VARCHAR NOT NULL, field VARCHAR NOT NULL, date DATE NOT NULL, event_id VARCHAR NOT NULL,
    source VARCHAR NOT NULL, a1 VARCHAR, a2 VARCHAR, loc VARCHAR, w DOUBLE NOT NULL, quad_class TINYINT,
    goldstein DOUBLE, num_mentions INTEGER, num_sources INTEGER, reports BIGINT NOT NULL, outlets VARCHAR[],
    tone DOUBLE, source_url VARCHAR, actor1_code VARCHAR, actor1_name VARCHAR, actor2_code VARCHAR,
    actor2_name VARCHAR, event_code VARCHAR, root_code VARCHAR, plover_type VARCHAR, event_label VARCHAR,
    loc_name VARCHAR
);
CREATE TABLE evidence_state (
    taxonomy VARCHAR NOT NULL, through_file INTEGER NOT NULL, tags_serial BIGINT NOT NULL,
    fusion_serial BIGINT NOT NULL, built_at TIMESTAMP NOT NULL
);
""",
    ),
)

MIGRATIONS += (
    Migration(
        14,
        "precision audits: review queues (a stratified sample of counted events) and reviewers' judgments",
        """
CREATE TABLE review_queues (
    queue VARCHAR PRIMARY KEY, indicator VARCHAR NOT NULL, country VARCHAR, source VARCHAR,
    taxonomy VARCHAR NOT NULL, n INTEGER NOT NULL, seed BIGINT NOT NULL, population BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL, created_by VARCHAR
);
CREATE TABLE review_strata (
    queue VARCHAR NOT NULL, stratum VARCHAR NOT NULL, population BIGINT NOT NULL, drawn INTEGER NOT NULL
);
CREATE TABLE review_items (
    queue VARCHAR NOT NULL, position INTEGER NOT NULL, event_id VARCHAR NOT NULL, stratum VARCHAR NOT NULL,
    source VARCHAR NOT NULL, num_sources INTEGER, num_mentions INTEGER, actors_resolved BOOLEAN NOT NULL
);
CREATE TABLE review_judgments (
    queue VARCHAR NOT NULL, position INTEGER NOT NULL, reviewer VARCHAR NOT NULL, verdict VARCHAR NOT NULL,
    note VARCHAR, judged_at TIMESTAMP NOT NULL
);
""",
    ),
)
MIGRATIONS += (
    Migration(
        13,
        "analysts' corrections of events (an overlay: the events stay as ingested), the cells honouring them",
        """
CREATE SEQUENCE correction_serial_seq START 1;
CREATE TABLE corrections (
    correction_id VARCHAR PRIMARY KEY, event_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, value VARCHAR,
    note VARCHAR, created_by VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL, withdrawn_by VARCHAR,
    withdrawn_at TIMESTAMP, imported_at TIMESTAMP, serial BIGINT NOT NULL
);
CREATE TABLE correction_cells (taxonomy VARCHAR NOT NULL, engine VARCHAR NOT NULL, serial BIGINT NOT NULL);
""",
    ),
)

MIGRATIONS += (
    Migration(
        15,
        "sealed days: the first day whose raw GDELT records a bounded store (follow --keep) still holds",
        """
CREATE TABLE retention (first_kept DATE NOT NULL, sealed_at TIMESTAMP NOT NULL);
""",
    ),
)

MIGRATIONS += (
    Migration(
        16,
        "the alert rules' work per series and period, kept between runs, and the mark it was done at",
        """
CREATE TABLE alert_work (
    rule VARCHAR NOT NULL, series VARCHAR NOT NULL, period_start DATE NOT NULL, sources INTEGER,
    parts VARCHAR, evidence VARCHAR
);
CREATE TABLE alert_marks (
    rule VARCHAR PRIMARY KEY, digest VARCHAR NOT NULL, through_file BIGINT NOT NULL,
    tags_serial BIGINT NOT NULL, fusion_serial BIGINT NOT NULL, corrections BIGINT NOT NULL
);
""",
    ),
)

MIGRATIONS += (
    Migration(
        17,
        "evidence rows out of order: the days refreshes rewrote since the last tidy, the runs tidies sorted",
        """
CREATE TABLE evidence_order (
    taxonomy VARCHAR NOT NULL, date DATE NOT NULL, rows BIGINT NOT NULL, run INTEGER NOT NULL
);
""",
    ),
)

MIGRATIONS = tuple(sorted(MIGRATIONS, key=lambda migration: migration.version))  # applied in order
LATEST = MIGRATIONS[-1].version
