-- the events view over GDELT
CREATE OR REPLACE VIEW `my-project.holosec.events` AS
SELECT
  CONCAT('gdelt2:', CAST(r.GLOBALEVENTID AS STRING)) AS event_id,
  'gdelt2' AS source,
  CAST(r.GLOBALEVENTID AS INT64) AS source_key,
  CAST(r.DATEADDED AS INT64) AS file_id,
  SAFE_CAST(CONCAT(SUBSTR(CAST(r.SQLDATE AS STRING), 1, 4), '-', SUBSTR(CAST(r.SQLDATE AS STRING), 5, 2), '-', SUBSTR(CAST(r.SQLDATE AS STRING), 7, 2)) AS DATE) AS date,
  SAFE_CAST(CONCAT(SUBSTR(CAST(r.DATEADDED AS STRING), 1, 4), '-', SUBSTR(CAST(r.DATEADDED AS STRING), 5, 2), '-', SUBSTR(CAST(r.DATEADDED AS STRING), 7, 2), ' ', SUBSTR(CAST(r.DATEADDED AS STRING), 9, 2), ':', SUBSTR(CAST(r.DATEADDED AS STRING), 11, 2), ':', SUBSTR(CAST(r.DATEADDED AS STRING), 13, 2)) AS TIMESTAMP) AS added_at,
  r.Actor1Code AS actor1_code,
  r.Actor1Name AS actor1_name,
  r.Actor1CountryCode AS actor1_country_code,
  c1.iso3 AS actor1_country,
  r.Actor1KnownGroupCode AS actor1_known_group,
  r.Actor1EthnicCode AS actor1_ethnic,
  r.Actor1Religion1Code AS actor1_religion,
  r.Actor1Type1Code AS actor1_type1,
  r.Actor1Type2Code AS actor1_type2,
  r.Actor1Type3Code AS actor1_type3,
  r.Actor2Code AS actor2_code,
  r.Actor2Name AS actor2_name,
  r.Actor2CountryCode AS actor2_country_code,
  c2.iso3 AS actor2_country,
  r.Actor2KnownGroupCode AS actor2_known_group,
  r.Actor2EthnicCode AS actor2_ethnic,
  r.Actor2Religion1Code AS actor2_religion,
  r.Actor2Type1Code AS actor2_type1,
  r.Actor2Type2Code AS actor2_type2,
  r.Actor2Type3Code AS actor2_type3,
  r.IsRootEvent = 1 AS is_root_event,
  r.EventCode AS event_code,
  r.EventBaseCode AS event_base_code,
  r.EventRootCode AS root_code,
  CAST(NULL AS STRING) AS plover_type,
  SAFE_CAST(r.QuadClass AS INT64) AS quad_class,
  SAFE_CAST(r.GoldsteinScale AS FLOAT64) AS goldstein,
  SAFE_CAST(r.NumMentions AS INT64) AS num_mentions,
  SAFE_CAST(r.NumSources AS INT64) AS num_sources,
  SAFE_CAST(r.NumArticles AS INT64) AS num_articles,
  SAFE_CAST(r.AvgTone AS FLOAT64) AS tone,
  g1.iso3 AS actor1_geo_country,
  g2.iso3 AS actor2_geo_country,
  SAFE_CAST(r.ActionGeo_Type AS INT64) AS loc_precision,
  r.ActionGeo_FullName AS loc_name,
  r.ActionGeo_CountryCode AS loc_fips,
  ga.iso3 AS loc_country,
  r.ActionGeo_ADM1Code AS loc_admin1,
  r.ActionGeo_ADM2Code AS loc_admin2,
  SAFE_CAST(r.ActionGeo_Lat AS FLOAT64) AS lat,
  SAFE_CAST(r.ActionGeo_Long AS FLOAT64) AS lon,
  CAST(r.ActionGeo_FeatureID AS STRING) AS loc_feature_id,
  r.SOURCEURL AS source_url,
  'bigquery:gdelt-bq.gdeltv2.events' AS source_file,
  'GDELT open data: unrestricted use with citation of the GDELT Project' AS licence,
  ARRAY(SELECT flag FROM UNNEST([
    IF(r.NumSources <= 1, 'single_source', NULL),
    IF(c1.iso3 IS NULL AND c2.iso3 IS NULL, 'no_actor_country', NULL),
    IF((r.Actor1CountryCode IS NOT NULL AND c1.code IS NULL) OR (r.Actor2CountryCode IS NOT NULL AND c2.code IS NULL), 'unknown_actor_country', NULL),
    IF((r.Actor1Type1Code IS NOT NULL AND t1.code IS NULL) OR (r.Actor2Type1Code IS NOT NULL AND t2.code IS NULL), 'unknown_actor_type', NULL),
    IF(ec.code IS NULL, 'unknown_event_code', NULL),
    IF(r.ActionGeo_CountryCode IS NOT NULL AND ga.fips IS NULL, 'unknown_location_code', NULL),
    IF(r.ActionGeo_Type IS NULL OR CAST(r.ActionGeo_Type AS STRING) = '0', 'no_geocode', NULL),
    IF(CAST(r.ActionGeo_Type AS STRING) = '1', 'country_level_geocode', NULL),
    IF((r.ActionGeo_Lat IS NOT NULL AND NOT COALESCE(SAFE_CAST(r.ActionGeo_Lat AS FLOAT64) BETWEEN -90 AND 90, FALSE)) OR (r.ActionGeo_Long IS NOT NULL AND NOT COALESCE(SAFE_CAST(r.ActionGeo_Long AS FLOAT64) BETWEEN -180 AND 180, FALSE)), 'bad_coordinates', NULL),
    IF(r.QuadClass NOT BETWEEN 1 AND 4, 'bad_quad_class', NULL)
  ]) AS flag WHERE flag IS NOT NULL) AS quality,
  CAST(NULL AS STRING) AS event_label,
  CAST(NULL AS STRING) AS actor1_sector,
  CAST(NULL AS STRING) AS actor2_sector,
  CAST(NULL AS STRING) AS plover_mode,
  CAST(NULL AS ARRAY<STRING>) AS plover_context,
  CAST(NULL AS DATE) AS date_end,
  CAST(NULL AS INT64) AS fatalities,
  CAST(NULL AS JSON) AS details
FROM `gdelt-bq.gdeltv2.events` AS r
LEFT JOIN `my-project.holosec.ref_cameo_country` AS c1 ON c1.code = r.Actor1CountryCode
LEFT JOIN `my-project.holosec.ref_cameo_country` AS c2 ON c2.code = r.Actor2CountryCode
LEFT JOIN `my-project.holosec.ref_actor_type` AS t1 ON t1.code = r.Actor1Type1Code
LEFT JOIN `my-project.holosec.ref_actor_type` AS t2 ON t2.code = r.Actor2Type1Code
LEFT JOIN `my-project.holosec.ref_event_code` AS ec ON ec.code = r.EventCode
LEFT JOIN `my-project.holosec.ref_fips` AS g1 ON g1.fips = r.Actor1Geo_CountryCode
LEFT JOIN `my-project.holosec.ref_fips` AS g2 ON g2.fips = r.Actor2Geo_CountryCode
LEFT JOIN `my-project.holosec.ref_fips` AS ga ON ga.fips = r.ActionGeo_CountryCode
WHERE r.DATEADDED <= 20180101000000 AND SAFE_CAST(CONCAT(SUBSTR(CAST(r.SQLDATE AS STRING), 1, 4), '-', SUBSTR(CAST(r.SQLDATE AS STRING), 5, 2), '-', SUBSTR(CAST(r.SQLDATE AS STRING), 7, 2)) AS DATE) IS NOT NULL;

-- the place rules each location meets
CREATE OR REPLACE TABLE `my-project.holosec.loc_places` AS
WITH loc AS (
  SELECT DISTINCT FARM_FINGERPRINT(TO_JSON_STRING(STRUCT(e.loc_fips, e.loc_admin1, e.loc_name, e.loc_country, e.loc_precision, e.lat, e.lon, e.source))) AS loc, e.loc_fips, e.loc_admin1, e.loc_name, e.loc_country, e.loc_precision, e.lat, e.lon, e.source
  FROM `my-project.holosec.events` AS e
),
hit AS (
  SELECT e.loc, p.rule, p.area FROM loc AS e JOIN `my-project.holosec.tag_place` AS p
    ON p.kind = 'fips' AND p.code = e.loc_fips
  UNION ALL
  SELECT e.loc, p.rule, p.area FROM loc AS e JOIN `my-project.holosec.tag_place` AS p
    ON p.kind = 'admin1' AND p.code = e.loc_admin1
  UNION ALL
  SELECT e.loc, p.rule, p.area FROM loc AS e JOIN `my-project.holosec.tag_place` AS p
    ON p.kind = 'feature' AND p.code = LOWER(TRIM(SPLIT(e.loc_name, ',')[SAFE_OFFSET(0)]))
  UNION ALL
  SELECT e.loc, p.rule, p.area FROM loc AS e
  JOIN `my-project.holosec.tag_place_cell` AS c
    ON c.lat_cell = CAST(FLOOR(e.lat) AS INT64) AND c.lon_cell = CAST(FLOOR(e.lon) AS INT64)
  JOIN `my-project.holosec.tag_place` AS p ON p.rule = c.rule
  WHERE e.lat BETWEEN p.south AND p.north AND e.lon BETWEEN p.west AND p.east
    AND (NOT p.point OR (e.loc_precision IN (3, 4) OR e.source = 'acled'))
  UNION ALL
  SELECT e.loc, f.rule, f.rule FROM loc AS e JOIN `my-project.holosec.tag_flashpoint` AS f ON f.country = e.loc_country
  WHERE f.south IS NULL OR (e.lat BETWEEN f.south AND f.north AND e.lon BETWEEN f.west AND f.east)
),
first AS (
  SELECT * FROM hit WHERE TRUE
  QUALIFY ROW_NUMBER() OVER (PARTITION BY loc, area ORDER BY rule) = 1
)
SELECT loc, STRING_AGG(rule, ' ' ORDER BY rule) AS places FROM first GROUP BY loc;

-- the distinct signatures, to tag here
SELECT sig, ANY_VALUE(code) AS code, ANY_VALUE(quad) AS quad, ANY_VALUE(actor1_type1) AS actor1_type1, ANY_VALUE(actor1_type2) AS actor1_type2, ANY_VALUE(actor1_type3) AS actor1_type3, ANY_VALUE(actor2_type1) AS actor2_type1, ANY_VALUE(actor2_type2) AS actor2_type2, ANY_VALUE(actor2_type3) AS actor2_type3, ANY_VALUE(actor1_known_group) AS actor1_known_group, ANY_VALUE(actor2_known_group) AS actor2_known_group, ANY_VALUE(actor1_religion) AS actor1_religion, ANY_VALUE(actor2_religion) AS actor2_religion, ANY_VALUE(actor1_ethnic) AS actor1_ethnic, ANY_VALUE(actor2_ethnic) AS actor2_ethnic, ANY_VALUE(plover_type) AS plover_type, ANY_VALUE(plover_mode) AS plover_mode, ANY_VALUE(plover_context) AS plover_context, ANY_VALUE(event_label) AS event_label, ANY_VALUE(places) AS places
FROM (
  SELECT FARM_FINGERPRINT(TO_JSON_STRING(STRUCT(COALESCE(e.event_code, e.root_code) AS code, e.quad_class AS quad, e.actor1_type1 AS actor1_type1, e.actor1_type2 AS actor1_type2, e.actor1_type3 AS actor1_type3, e.actor2_type1 AS actor2_type1, e.actor2_type2 AS actor2_type2, e.actor2_type3 AS actor2_type3, e.actor1_known_group AS actor1_known_group, e.actor2_known_group AS actor2_known_group, e.actor1_religion AS actor1_religion, e.actor2_religion AS actor2_religion, e.actor1_ethnic AS actor1_ethnic, e.actor2_ethnic AS actor2_ethnic, e.plover_type AS plover_type, e.plover_mode AS plover_mode, e.plover_context AS plover_context, e.event_label AS event_label, p.places AS places))) AS sig,
    COALESCE(e.event_code, e.root_code) AS code,
    e.quad_class AS quad,
    e.actor1_type1 AS actor1_type1,
    e.actor1_type2 AS actor1_type2,
    e.actor1_type3 AS actor1_type3,
    e.actor2_type1 AS actor2_type1,
    e.actor2_type2 AS actor2_type2,
    e.actor2_type3 AS actor2_type3,
    e.actor1_known_group AS actor1_known_group,
    e.actor2_known_group AS actor2_known_group,
    e.actor1_religion AS actor1_religion,
    e.actor2_religion AS actor2_religion,
    e.actor1_ethnic AS actor1_ethnic,
    e.actor2_ethnic AS actor2_ethnic,
    e.plover_type AS plover_type,
    e.plover_mode AS plover_mode,
    e.plover_context AS plover_context,
    e.event_label AS event_label,
    p.places AS places
  FROM `my-project.holosec.events` AS e
  LEFT JOIN `my-project.holosec.loc_places` AS p ON p.loc = FARM_FINGERPRINT(TO_JSON_STRING(STRUCT(e.loc_fips, e.loc_admin1, e.loc_name, e.loc_country, e.loc_precision, e.lat, e.lon, e.source)))
)
GROUP BY sig;

-- the signatures' tags
-- load 0 rows into `my-project.holosec.signature_tags`;

-- the event_tags view
CREATE OR REPLACE VIEW `my-project.holosec.event_tags` AS
SELECT e.event_id, t.field, t.weight, t.rule
FROM `my-project.holosec.events` AS e
LEFT JOIN `my-project.holosec.loc_places` AS p ON p.loc = FARM_FINGERPRINT(TO_JSON_STRING(STRUCT(e.loc_fips, e.loc_admin1, e.loc_name, e.loc_country, e.loc_precision, e.lat, e.lon, e.source)))
JOIN `my-project.holosec.signature_tags` AS t ON t.sig = FARM_FINGERPRINT(TO_JSON_STRING(STRUCT(COALESCE(e.event_code, e.root_code) AS code, e.quad_class AS quad, e.actor1_type1 AS actor1_type1, e.actor1_type2 AS actor1_type2, e.actor1_type3 AS actor1_type3, e.actor2_type1 AS actor2_type1, e.actor2_type2 AS actor2_type2, e.actor2_type3 AS actor2_type3, e.actor1_known_group AS actor1_known_group, e.actor2_known_group AS actor2_known_group, e.actor1_religion AS actor1_religion, e.actor2_religion AS actor2_religion, e.actor1_ethnic AS actor1_ethnic, e.actor2_ethnic AS actor2_ethnic, e.plover_type AS plover_type, e.plover_mode AS plover_mode, e.plover_context AS plover_context, e.event_label AS event_label, p.places AS places)));

-- table rollup_days (when missing)
CREATE TABLE IF NOT EXISTS `my-project.holosec.rollup_days` (
  taxonomy STRING,
  period DATE,
  view STRING,
  country STRING,
  partner STRING,
  field STRING,
  events FLOAT64,
  goldstein_n FLOAT64,
  goldstein_sum FLOAT64,
  quad_n FLOAT64,
  conflict FLOAT64,
  material_conflict FLOAT64,
  coop_weight FLOAT64,
  conflict_weight FLOAT64,
  tone_n FLOAT64,
  tone_sum FLOAT64,
  mentions FLOAT64,
  aggregate_grain STRING
)
PARTITION BY DATE_TRUNC(period, MONTH)
CLUSTER BY taxonomy, view, country;

-- table rollup_state (when missing)
CREATE TABLE IF NOT EXISTS `my-project.holosec.rollup_state` (
  taxonomy STRING,
  through_file INT64,
  tags_serial INT64,
  fusion_serial INT64,
  built_at TIMESTAMP
);

-- table fused_events (when missing)
CREATE TABLE IF NOT EXISTS `my-project.holosec.fused_events` (
  event_id STRING,
  fused_id STRING
);

-- table aggregate_counts (when missing)
CREATE TABLE IF NOT EXISTS `my-project.holosec.aggregate_counts` (
  file_id INT64,
  source STRING,
  line_no INT64,
  grain STRING,
  period DATE,
  fips STRING,
  country STRING,
  event_code STRING,
  root_code STRING,
  quad_class INT64,
  events INT64,
  tone_sum FLOAT64,
  goldstein_sum FLOAT64,
  source_file STRING,
  licence STRING
);

-- table holosec_mark (when missing)
CREATE TABLE IF NOT EXISTS `my-project.holosec.holosec_mark` (
  through_file INT64,
  tags_serial INT64,
  fusion_serial INT64,
  written_at TIMESTAMP
);

-- the dataset's mark
CREATE OR REPLACE TABLE `my-project.holosec.holosec_mark` AS
SELECT * FROM UNNEST(ARRAY<STRUCT<through_file INT64, tags_serial INT64, fusion_serial INT64, written_at TIMESTAMP>>[(20180101000000, 26597672146715811, 0, TIMESTAMP '2026-01-01 00:00:00+00:00')]);

