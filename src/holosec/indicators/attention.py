"""Attention: how much of the news that names a country is about each security field, from articles.

Events say little about the non-traditional fields (information, ecological, nuclear, resource ...): few
event codes point at them. Articles do, through their tags (``article_tags``: GKG themes, the text
classifier). For each period, country (ISO3) and field of a taxonomy version:

- ``articles``: the field's weight summed over the articles that name the country (an article's field
  weights sum to 1; an article naming three countries counts once for each);
- ``all_articles``: the articles naming the country in the period, whatever their fields (untagged too);
- ``share``: ``articles / all_articles``.

An article names the countries of its ``location_fips`` (GDELT GKG, FIPS codes read through ``ref_fips``)
or of its ``countries`` (``holosec ingest news``, ISO3 codes); a country named twice counts once. Periods
follow the article's date. Tags are stored for ``v2023`` and re-cut by the version map, so the fields of a
(period, country) still add up to its tagged articles in every version.

Computed on read, in one grouped query over the ``articles`` and ``article_tags`` tables (they are small
beside the events; no day cells are kept for them).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from holosec.errors import ParameterError
from holosec.indicators.query import country_code
from holosec.periods import GRAINS, Grain, Period
from holosec.store import Store
from holosec.taxonomy import DEFAULT, version_map
from holosec.taxonomy.parse import FINEST
from holosec.taxonomy.versions import resolve

__all__ = ["COLUMNS", "MIN_ARTICLES", "attention", "attention_evidence"]

COLUMNS = ("period", "country", "field", "articles", "all_articles", "share")

MIN_ARTICLES = 20
"""Articles naming a country a period needs before its attention shares are judged (warning rules) or
scored (the threat index): a share of a handful of articles swings wildly."""

# $1 grain, $2 first day, $3 last day, $4 country, $5-$7 the version map (source, target, share),
# $8-$9 the target fields and their order.
_SQL = """
WITH places AS (
    SELECT p.article_id, p.date, r.iso3 AS country
    FROM (SELECT article_id, date, unnest(location_fips) AS fips FROM articles
          WHERE location_fips IS NOT NULL AND date BETWEEN $2 AND $3) p
    JOIN ref_fips r ON r.fips = p.fips
    UNION
    SELECT article_id, date, unnest(countries) AS country FROM articles
    WHERE countries IS NOT NULL AND date BETWEEN $2 AND $3
),
named AS (
    SELECT DISTINCT article_id, date_trunc($1, date)::DATE AS period, country FROM places
    WHERE country IS NOT NULL AND ($4::VARCHAR IS NULL OR country = $4)
),
recut AS (
    SELECT unnest($5::VARCHAR[]) AS source, unnest($6::VARCHAR[]) AS field, unnest($7::DOUBLE[]) AS share
),
wanted AS (SELECT unnest($8::VARCHAR[]) AS field, unnest($9::INTEGER[]) AS place),
weights AS (
    SELECT t.article_id, m.field, sum(t.weight * m.share) AS w
    FROM article_tags t JOIN recut m ON m.source = t.field
    WHERE t.article_id IN (SELECT article_id FROM named)
    GROUP BY ALL
),
totals AS (SELECT period, country, count(*) AS all_articles FROM named GROUP BY ALL),
fielded AS (
    SELECT n.period, n.country, w.field, sum(w.w) AS articles
    FROM named n JOIN weights w ON w.article_id = n.article_id
    GROUP BY ALL
)
SELECT t.period, t.country, f.field, coalesce(d.articles, 0.0) AS articles, t.all_articles
FROM totals t CROSS JOIN wanted f
LEFT JOIN fielded d ON d.period = t.period AND d.country = t.country AND d.field = f.field
ORDER BY t.period, t.country, f.place
"""


# $1 country, $2 first day, $3 last day, $4-$5 the version map into the wanted field (source, share),
# $6 the limit.
_EVIDENCE_SQL = """
WITH named AS (
    SELECT a.article_id FROM articles a
    WHERE a.date BETWEEN $2 AND $3 AND (
        list_contains(a.countries, $1)
        OR EXISTS (SELECT 1 FROM ref_fips r WHERE r.iso3 = $1 AND list_contains(a.location_fips, r.fips))
    )
),
recut AS (SELECT unnest($4::VARCHAR[]) AS source, unnest($5::DOUBLE[]) AS share),
weights AS (
    SELECT t.article_id, sum(t.weight * m.share) AS w
    FROM article_tags t JOIN recut m ON m.source = t.field
    WHERE t.article_id IN (SELECT article_id FROM named)
    GROUP BY ALL
    HAVING sum(t.weight * m.share) > 0
)
SELECT a.article_id, a.date, a.title, a.url, a.source_name, w.w
FROM weights w JOIN articles a USING (article_id)
ORDER BY w.w DESC, a.date, a.article_id
LIMIT $6
"""


def attention_evidence(
    store: Store, country: str, field: str, period: str, *, taxonomy: str = DEFAULT, limit: int = 10
) -> list[dict[str, Any]]:
    """The articles behind an attention number: those naming ``country`` in ``period`` (a label such as
    ``2015-10``) with the most weight in ``field``, heaviest first, each ``article_id``, ``date``,
    ``title``, ``source_url``, ``source_name`` and ``weight``.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     attention_evidence(store, "CHN", "nuclear", "2015-10")
    []
    """
    chosen = resolve(taxonomy)
    code = country_code("country", country)
    if field not in chosen.ids():
        raise ParameterError("field", f"{field!r} is not a field of {chosen.version}")
    try:
        span = Period.parse(period)
    except ValueError as exc:
        raise ParameterError("period", f"expected a period like 2018-01, not {period!r}") from exc
    mapping = [(source, row[field]) for source, row in version_map(FINEST, chosen).items() if row.get(field)]
    params = [code, span.start, span.end, [m[0] for m in mapping], [m[1] for m in mapping], limit]
    return [
        {
            "article_id": article_id,
            "date": day.isoformat(),
            "title": title,
            "source_url": url,
            "source_name": outlet,
            "weight": round(float(weight), 4),
        }
        for article_id, day, title, url, outlet, weight in store.execute(_EVIDENCE_SQL, params).fetchall()
    ]


def attention(
    store: Store,
    country: str | None = None,
    field: str | None = None,
    taxonomy: str = DEFAULT,
    by: str = "month",
    start: date | None = None,
    end: date | None = None,
) -> list[dict[str, Any]]:
    """One row per period, country and field (see the module docstring): ``period`` (label), ``country``,
    ``field``, ``articles``, ``all_articles``, ``share`` (0 when the field has no weight there).

    Only the (period, country) pairs that some article names are listed, each with every field of
    ``taxonomy`` (or ``field`` alone). ``start`` / ``end`` are widened to whole periods. Raises
    :class:`~holosec.errors.ParameterError` for an unknown country, field, grain or an inverted span.

    >>> import tempfile, pathlib
    >>> with Store.open(pathlib.Path(tempfile.mkdtemp())) as store:
    ...     attention(store, country="CHN", by="week")
    []
    """
    chosen = resolve(taxonomy)
    code = country_code("country", country)
    if by not in GRAINS:
        raise ParameterError("by", f"must be one of {', '.join(GRAINS)}, not {by!r}")
    fields = chosen.ids()
    if field is not None and field not in fields:
        raise ParameterError("field", f"{field!r} is not a field of {chosen.version} ({', '.join(fields)})")
    if start and end and start > end:
        raise ParameterError("from", f"{start} is after to {end}", mentions=("to",))
    first = Period.of(start, by).start if start else date.min
    last = Period.of(end, by).end if end else date.max
    mapping = [
        (source, target, share)
        for source, row in version_map(FINEST, chosen).items()
        for target, share in row.items()
    ]
    wanted = [field] if field is not None else fields
    params = [
        by,
        first,
        last,
        code,
        [m[0] for m in mapping],
        [m[1] for m in mapping],
        [m[2] for m in mapping],
        wanted,
        list(range(len(wanted))),
    ]
    grain = Grain(by)
    out = []
    for period, place, name, articles, total in store.execute(_SQL, params).fetchall():
        weight = float(articles)
        out.append(
            {
                "period": Period.of(period, grain).label,
                "country": place,
                "field": name,
                "articles": weight,
                "all_articles": int(total),
                "share": weight / total if total else 0.0,
            }
        )
    return out
