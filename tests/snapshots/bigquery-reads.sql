-- work table holosec_rollup_reports
CREATE OR REPLACE TABLE `my-project.holosec.holosec_tmp_holosec_rollup_reports`
OPTIONS (expiration_timestamp = TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 1 DAY)) AS
SELECT
  `t8`.*
  EXCEPT (`outlet`)
FROM (
  SELECT
    `t7`.*
    EXCEPT (`fused_id`, `same_actor1`, `same_actor2`, `same_code`, `same_place`)
  FROM (
    SELECT
      `t6`.`event_id`,
      `t6`.`date`,
      `t6`.`file_id`,
      `t6`.`a1`,
      `t6`.`a2`,
      `t6`.`loc`,
      `t6`.`quad`,
      `t6`.`goldstein`,
      `t6`.`tone`,
      `t6`.`mentions`,
      `t6`.`nsources`,
      `t6`.`outlet`,
      `t6`.`same_actor1`,
      `t6`.`same_actor2`,
      `t6`.`same_code`,
      `t6`.`same_place`,
      `t6`.`fused_id`,
      CAST((
        ROW_NUMBER() OVER (
          PARTITION BY `t6`.`fused_id`, IF(`t6`.`fused_id` IS NULL, `t6`.`date`, CAST(NULL AS DATE)), IF(`t6`.`fused_id` IS NULL, `t6`.`same_actor1`, CAST(NULL AS STRING)), IF(`t6`.`fused_id` IS NULL, `t6`.`same_actor2`, CAST(NULL AS STRING)), IF(`t6`.`fused_id` IS NULL, `t6`.`same_code`, CAST(NULL AS STRING)), IF(`t6`.`fused_id` IS NULL, `t6`.`same_place`, CAST(NULL AS STRING))
          ORDER BY `t6`.`mentions` DESC, `t6`.`nsources` DESC, `t6`.`event_id` ASC
        ) - 1
      ) = 0 AS INT64) AS `counted`
    FROM (
      SELECT
        `t5`.*
        EXCEPT (`event_id_right`)
      FROM (
        SELECT
          `t4`.`event_id`,
          `t4`.`date`,
          `t4`.`file_id`,
          `t4`.`a1`,
          `t4`.`a2`,
          `t4`.`loc`,
          `t4`.`quad`,
          `t4`.`goldstein`,
          `t4`.`tone`,
          `t4`.`mentions`,
          `t4`.`nsources`,
          `t4`.`outlet`,
          `t4`.`same_actor1`,
          `t4`.`same_actor2`,
          `t4`.`same_code`,
          `t4`.`same_place`,
          `t2`.`event_id` AS `event_id_right`,
          `t2`.`fused_id`
        FROM (
          SELECT
            `t0`.`event_id`,
            `t0`.`date`,
            `t0`.`file_id`,
            `t0`.`actor1_country` AS `a1`,
            `t0`.`actor2_country` AS `a2`,
            `t0`.`loc_country` AS `loc`,
            `t0`.`quad_class` AS `quad`,
            `t0`.`goldstein`,
            `t0`.`tone`,
            `t0`.`num_mentions` AS `mentions`,
            `t0`.`num_sources` AS `nsources`,
            NULLIF(
              LOWER(
                IF(
                  REGEXP_CONTAINS(`t0`.`source_url`, '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)'),
                  IF(
                    1 = 0,
                    REGEXP_REPLACE(
                      `t0`.`source_url`,
                      CONCAT('.*?', CONCAT('(', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', ')'), '.*'),
                      '\\1'
                    ),
                    REGEXP_REPLACE(
                      `t0`.`source_url`,
                      CONCAT('.*?', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', '.*'),
                      CONCAT('\\', CAST(1 AS STRING))
                    )
                  ),
                  NULL
                )
              ),
              ''
            ) AS `outlet`,
            COALESCE(`t0`.`actor1_code`, `t0`.`actor1_name`) AS `same_actor1`,
            COALESCE(`t0`.`actor2_code`, `t0`.`actor2_name`) AS `same_actor2`,
            `t0`.`event_code` AS `same_code`,
            COALESCE(COALESCE(`t0`.`loc_feature_id`, `t0`.`loc_name`), `t0`.`loc_country`) AS `same_place`
          FROM `my-project`.`holosec`.`events` AS `t0`
        ) AS `t4`
        LEFT OUTER JOIN `my-project`.`holosec`.`fused_events` AS `t2`
          ON `t4`.`event_id` = `t2`.`event_id`
      ) AS `t5`
    ) AS `t6`
  ) AS `t7`
) AS `t8`;

-- reference rows holosec_map_v2014
CREATE OR REPLACE TABLE `my-project.holosec.holosec_tmp_holosec_map_v2014`
OPTIONS (expiration_timestamp = TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 1 DAY)) AS
SELECT * FROM UNNEST(ARRAY<STRUCT<field STRING, target STRING, share FLOAT64>>[('political', 'political', 1.0), ('homeland', 'homeland', 1.0), ('military', 'military', 1.0), ('economic', 'economic', 1.0), ('cultural', 'cultural', 1.0), ('social', 'social', 1.0), ('science_technology', 'science_technology', 1.0), ('cyber', 'information', 1.0), ('ecological', 'ecological', 1.0), ('resource', 'resource', 1.0), ('nuclear', 'nuclear', 1.0), ('overseas_interests', 'political', 0.5), ('overseas_interests', 'economic', 0.5), ('biological', 'social', 1.0), ('outer_space', 'military', 0.5), ('outer_space', 'science_technology', 0.5), ('polar', 'science_technology', 0.5), ('polar', 'resource', 0.5), ('deep_sea', 'science_technology', 0.5), ('deep_sea', 'resource', 0.5), ('financial', 'economic', 1.0), ('food', 'economic', 0.5), ('food', 'resource', 0.5), ('artificial_intelligence', 'science_technology', 1.0), ('data', 'information', 1.0)]);

-- read
SELECT
  COUNT(*) AS `CountStar_aggregate_counts`
FROM `my-project`.`holosec`.`aggregate_counts` AS `t0`;

-- write the day cells of v2014
MERGE `my-project.holosec.rollup_days` AS T
USING (
WITH `t11` AS (
  SELECT
    *
  FROM (
    SELECT
      `t3`.`event_id`,
      `t3`.`date`,
      `t3`.`file_id`,
      `t3`.`a1`,
      `t3`.`a2`,
      `t3`.`loc`,
      `t3`.`quad`,
      `t3`.`goldstein`,
      `t3`.`tone`,
      `t3`.`mentions`,
      `t3`.`nsources`,
      `t3`.`counted`,
      `t9`.`field`,
      `t9`.`w`
    FROM `my-project`.`holosec`.`holosec_tmp_holosec_rollup_reports` AS `t3`
    INNER JOIN (
      SELECT
        `t7`.`event_id`,
        `t4`.`target` AS `field`,
        `t7`.`weight` * `t4`.`share` AS `w`
      FROM (
        SELECT
          *
        FROM `my-project`.`holosec`.`event_tags` AS `t1`
        WHERE
          NOT (
            STARTS_WITH(`t1`.`field`, 'family:')
          )
      ) AS `t7`
      INNER JOIN `my-project`.`holosec`.`holosec_tmp_holosec_map_v2014` AS `t4`
        ON `t7`.`field` = `t4`.`field`
    ) AS `t9`
      ON `t3`.`event_id` = `t9`.`event_id`
  ) AS `t10`
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      `t0`.`event_id`,
      `t0`.`date`,
      `t0`.`file_id`,
      `t0`.`a1`,
      `t0`.`a2`,
      `t0`.`loc`,
      `t0`.`quad`,
      `t0`.`goldstein`,
      `t0`.`tone`,
      `t0`.`mentions`,
      `t0`.`nsources`,
      `t0`.`counted`,
      '' AS `field`,
      1.0 AS `w`
    FROM `my-project`.`holosec`.`holosec_tmp_holosec_rollup_reports` AS `t0`
  ) AS `t5`
)
SELECT
  CAST('v2014' AS STRING) AS `Cast_taxonomy__string`,
  CAST(`t24`.`period` AS DATE) AS `Cast_period__date`,
  CAST(`t24`.`view` AS STRING) AS `Cast_view__string`,
  CAST(`t24`.`country` AS STRING) AS `Cast_country__string`,
  CAST(`t24`.`partner` AS STRING) AS `Cast_partner__string`,
  CAST(`t24`.`field` AS STRING) AS `Cast_field__string`,
  COALESCE(`t24`.`events`, 0.0) AS `events`,
  COALESCE(`t24`.`goldstein_n`, 0.0) AS `goldstein_n`,
  COALESCE(`t24`.`goldstein_sum`, 0.0) AS `goldstein_sum`,
  COALESCE(`t24`.`quad_n`, 0.0) AS `quad_n`,
  COALESCE(`t24`.`conflict`, 0.0) AS `conflict`,
  COALESCE(`t24`.`material_conflict`, 0.0) AS `material_conflict`,
  COALESCE(`t24`.`coop_weight`, 0.0) AS `coop_weight`,
  COALESCE(`t24`.`conflict_weight`, 0.0) AS `conflict_weight`,
  COALESCE(`t24`.`tone_n`, 0.0) AS `tone_n`,
  COALESCE(`t24`.`tone_sum`, 0.0) AS `tone_sum`,
  COALESCE(`t24`.`mentions`, 0.0) AS `mentions`,
  CAST(NULL AS STRING) AS `aggregate_grain`
FROM (
  SELECT
    `t23`.`period`,
    `t23`.`view`,
    `t23`.`country`,
    `t23`.`partner`,
    `t23`.`field`,
    SUM(`t23`.`w` * `t23`.`counted`) AS `events`,
    SUM(IF(`t23`.`goldstein` IS NOT NULL, `t23`.`w` * `t23`.`counted`, 0.0)) AS `goldstein_n`,
    SUM(`t23`.`w` * `t23`.`counted` * `t23`.`goldstein`) AS `goldstein_sum`,
    SUM(IF(`t23`.`quad` IS NOT NULL, `t23`.`w` * `t23`.`counted`, 0.0)) AS `quad_n`,
    SUM(IF(`t23`.`quad` >= 3, `t23`.`w` * `t23`.`counted`, 0.0)) AS `conflict`,
    SUM(IF(`t23`.`quad` = 4, `t23`.`w` * `t23`.`counted`, 0.0)) AS `material_conflict`,
    SUM(IF(`t23`.`quad` <= 2, `t23`.`w` * `t23`.`counted` * ABS(`t23`.`goldstein`), 0.0)) AS `coop_weight`,
    SUM(IF(`t23`.`quad` >= 3, `t23`.`w` * `t23`.`counted` * ABS(`t23`.`goldstein`), 0.0)) AS `conflict_weight`,
    SUM(IF(`t23`.`tone` IS NOT NULL, `t23`.`w` * `t23`.`counted`, 0.0)) AS `tone_n`,
    SUM(`t23`.`w` * `t23`.`counted` * `t23`.`tone`) AS `tone_sum`,
    SUM(`t23`.`w` * `t23`.`counted` * `t23`.`mentions`) AS `mentions`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          `t12`.`event_id`,
          `t12`.`date`,
          `t12`.`file_id`,
          `t12`.`a1`,
          `t12`.`a2`,
          `t12`.`loc`,
          `t12`.`quad`,
          `t12`.`goldstein`,
          `t12`.`tone`,
          `t12`.`mentions`,
          `t12`.`nsources`,
          `t12`.`counted`,
          `t12`.`field`,
          `t12`.`w`,
          `t12`.`date` AS `period`,
          'pair_u' AS `view`,
          LEAST(`t12`.`a1`, `t12`.`a2`) AS `country`,
          GREATEST(`t12`.`a1`, `t12`.`a2`) AS `partner`
        FROM `t11` AS `t12`
        WHERE
          `t12`.`a1` IS NOT NULL AND `t12`.`a2` IS NOT NULL
      ) AS `t15`
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          `t12`.`event_id`,
          `t12`.`date`,
          `t12`.`file_id`,
          `t12`.`a1`,
          `t12`.`a2`,
          `t12`.`loc`,
          `t12`.`quad`,
          `t12`.`goldstein`,
          `t12`.`tone`,
          `t12`.`mentions`,
          `t12`.`nsources`,
          `t12`.`counted`,
          `t12`.`field`,
          `t12`.`w`,
          `t12`.`date` AS `period`,
          'location' AS `view`,
          `t12`.`loc` AS `country`,
          '' AS `partner`
        FROM `t11` AS `t12`
        WHERE
          `t12`.`loc` IS NOT NULL
      ) AS `t17`
    ) AS `t20`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          *
        FROM (
          SELECT
            `t12`.`event_id`,
            `t12`.`date`,
            `t12`.`file_id`,
            `t12`.`a1`,
            `t12`.`a2`,
            `t12`.`loc`,
            `t12`.`quad`,
            `t12`.`goldstein`,
            `t12`.`tone`,
            `t12`.`mentions`,
            `t12`.`nsources`,
            `t12`.`counted`,
            `t12`.`field`,
            `t12`.`w`,
            `t12`.`date` AS `period`,
            'world' AS `view`,
            '' AS `country`,
            '' AS `partner`
          FROM `t11` AS `t12`
        ) AS `t13`
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            `t12`.`event_id`,
            `t12`.`date`,
            `t12`.`file_id`,
            `t12`.`a1`,
            `t12`.`a2`,
            `t12`.`loc`,
            `t12`.`quad`,
            `t12`.`goldstein`,
            `t12`.`tone`,
            `t12`.`mentions`,
            `t12`.`nsources`,
            `t12`.`counted`,
            `t12`.`field`,
            `t12`.`w`,
            `t12`.`date` AS `period`,
            'country' AS `view`,
            `t12`.`a1` AS `country`,
            '' AS `partner`
          FROM `t11` AS `t12`
          WHERE
            `t12`.`a1` IS NOT NULL
        ) AS `t14`
      ) AS `t18`
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          *
        FROM (
          SELECT
            `t12`.`event_id`,
            `t12`.`date`,
            `t12`.`file_id`,
            `t12`.`a1`,
            `t12`.`a2`,
            `t12`.`loc`,
            `t12`.`quad`,
            `t12`.`goldstein`,
            `t12`.`tone`,
            `t12`.`mentions`,
            `t12`.`nsources`,
            `t12`.`counted`,
            `t12`.`field`,
            `t12`.`w`,
            `t12`.`date` AS `period`,
            'country' AS `view`,
            `t12`.`a2` AS `country`,
            '' AS `partner`
          FROM `t11` AS `t12`
          WHERE
            `t12`.`a2` IS NOT NULL
            AND (
              (
                `t12`.`a1` IS NULL
              ) OR (
                `t12`.`a1` <> `t12`.`a2`
              )
            )
        ) AS `t19`
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            `t12`.`event_id`,
            `t12`.`date`,
            `t12`.`file_id`,
            `t12`.`a1`,
            `t12`.`a2`,
            `t12`.`loc`,
            `t12`.`quad`,
            `t12`.`goldstein`,
            `t12`.`tone`,
            `t12`.`mentions`,
            `t12`.`nsources`,
            `t12`.`counted`,
            `t12`.`field`,
            `t12`.`w`,
            `t12`.`date` AS `period`,
            'pair' AS `view`,
            `t12`.`a1` AS `country`,
            `t12`.`a2` AS `partner`
          FROM `t11` AS `t12`
          WHERE
            `t12`.`a1` IS NOT NULL AND `t12`.`a2` IS NOT NULL
        ) AS `t16`
      ) AS `t21`
    ) AS `t22`
  ) AS `t23`
  GROUP BY
    1,
    2,
    3,
    4,
    5
) AS `t24`
) AS S
ON FALSE
WHEN NOT MATCHED BY SOURCE AND T.taxonomy = 'v2014' THEN DELETE
WHEN NOT MATCHED BY TARGET THEN INSERT ROW;

-- drop holosec_rollup_reports
DROP TABLE IF EXISTS `my-project.holosec.holosec_tmp_holosec_rollup_reports`;

-- read
SELECT
  COUNT(DISTINCT `t1`.`period`) AS `CountDistinct_period`
FROM (
  SELECT
    *
  FROM `my-project`.`holosec`.`rollup_days` AS `t0`
  WHERE
    `t0`.`taxonomy` = 'v2014'
) AS `t1`;

-- record the day cells of v2014
MERGE `my-project.holosec.rollup_state` AS T
USING (SELECT 'v2014' AS taxonomy, 0 AS through_file, 0 AS tags_serial, 0 AS fusion_serial, CURRENT_TIMESTAMP() AS built_at) AS S
ON T.taxonomy = S.taxonomy
WHEN MATCHED THEN UPDATE SET through_file = S.through_file, tags_serial = S.tags_serial,
  fusion_serial = S.fusion_serial, built_at = S.built_at
WHEN NOT MATCHED THEN INSERT ROW;

-- read
SELECT
  `t1`.`period`,
  `t1`.`view`,
  `t1`.`country`,
  `t1`.`partner`,
  `t1`.`field`,
  SUM(`t1`.`events`) AS `events`,
  SUM(`t1`.`goldstein_n`) AS `goldstein_n`,
  SUM(`t1`.`goldstein_sum`) AS `goldstein_sum`,
  SUM(`t1`.`quad_n`) AS `quad_n`,
  SUM(`t1`.`conflict`) AS `conflict`,
  SUM(`t1`.`material_conflict`) AS `material_conflict`,
  SUM(`t1`.`coop_weight`) AS `coop_weight`,
  SUM(`t1`.`conflict_weight`) AS `conflict_weight`,
  SUM(`t1`.`tone_n`) AS `tone_n`,
  SUM(`t1`.`tone_sum`) AS `tone_sum`,
  SUM(`t1`.`mentions`) AS `mentions`
FROM (
  SELECT
    `t0`.`taxonomy`,
    DATE_TRUNC(`t0`.`period`, MONTH) AS `period`,
    `t0`.`view`,
    `t0`.`country`,
    `t0`.`partner`,
    `t0`.`field`,
    `t0`.`events`,
    `t0`.`goldstein_n`,
    `t0`.`goldstein_sum`,
    `t0`.`quad_n`,
    `t0`.`conflict`,
    `t0`.`material_conflict`,
    `t0`.`coop_weight`,
    `t0`.`conflict_weight`,
    `t0`.`tone_n`,
    `t0`.`tone_sum`,
    `t0`.`mentions`,
    `t0`.`aggregate_grain`
  FROM `my-project`.`holosec`.`rollup_days` AS `t0`
  WHERE
    `t0`.`taxonomy` = 'v2014'
    AND `t0`.`view` = 'pair'
    AND `t0`.`country` = 'CHN'
    AND `t0`.`partner` = 'VNM'
    AND `t0`.`field` IN ('homeland')
) AS `t1`
GROUP BY
  1,
  2,
  3,
  4,
  5;

-- reference rows holosec_map_v2014
CREATE OR REPLACE TABLE `my-project.holosec.holosec_tmp_holosec_map_v2014`
OPTIONS (expiration_timestamp = TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 1 DAY)) AS
SELECT * FROM UNNEST(ARRAY<STRUCT<field STRING, target STRING, share FLOAT64>>[('political', 'political', 1.0), ('homeland', 'homeland', 1.0), ('military', 'military', 1.0), ('economic', 'economic', 1.0), ('cultural', 'cultural', 1.0), ('social', 'social', 1.0), ('science_technology', 'science_technology', 1.0), ('cyber', 'information', 1.0), ('ecological', 'ecological', 1.0), ('resource', 'resource', 1.0), ('nuclear', 'nuclear', 1.0), ('overseas_interests', 'political', 0.5), ('overseas_interests', 'economic', 0.5), ('biological', 'social', 1.0), ('outer_space', 'military', 0.5), ('outer_space', 'science_technology', 0.5), ('polar', 'science_technology', 0.5), ('polar', 'resource', 0.5), ('deep_sea', 'science_technology', 0.5), ('deep_sea', 'resource', 0.5), ('financial', 'economic', 1.0), ('food', 'economic', 0.5), ('food', 'resource', 0.5), ('artificial_intelligence', 'science_technology', 1.0), ('data', 'information', 1.0)]);

-- read
SELECT
  `t17`.`period`,
  `t17`.`sources`
FROM (
  SELECT
    `t16`.`period`,
    `t16`.`view`,
    `t16`.`country`,
    `t16`.`partner`,
    `t16`.`field`,
    COUNT(DISTINCT `t16`.`outlet`) AS `sources`
  FROM (
    SELECT
      `t15`.`event_id`,
      `t15`.`date`,
      `t15`.`file_id`,
      `t15`.`a1`,
      `t15`.`a2`,
      `t15`.`loc`,
      `t15`.`quad`,
      `t15`.`goldstein`,
      `t15`.`tone`,
      `t15`.`mentions`,
      `t15`.`nsources`,
      `t15`.`outlet`,
      `t15`.`counted`,
      `t15`.`field`,
      `t15`.`w`,
      DATE_TRUNC(`t15`.`date`, MONTH) AS `period`,
      'pair' AS `view`,
      `t15`.`a1` AS `country`,
      `t15`.`a2` AS `partner`
    FROM (
      SELECT
        `t8`.`event_id`,
        `t8`.`date`,
        `t8`.`file_id`,
        `t8`.`a1`,
        `t8`.`a2`,
        `t8`.`loc`,
        `t8`.`quad`,
        `t8`.`goldstein`,
        `t8`.`tone`,
        `t8`.`mentions`,
        `t8`.`nsources`,
        `t8`.`outlet`,
        `t8`.`counted`,
        `t14`.`field`,
        `t14`.`w`
      FROM (
        SELECT
          `t6`.*
          EXCEPT (`same_actor1`, `same_actor2`, `same_code`, `same_place`)
        FROM (
          SELECT
            `t0`.`event_id`,
            `t0`.`date`,
            `t0`.`file_id`,
            `t0`.`actor1_country` AS `a1`,
            `t0`.`actor2_country` AS `a2`,
            `t0`.`loc_country` AS `loc`,
            `t0`.`quad_class` AS `quad`,
            `t0`.`goldstein`,
            `t0`.`tone`,
            `t0`.`num_mentions` AS `mentions`,
            `t0`.`num_sources` AS `nsources`,
            NULLIF(
              LOWER(
                IF(
                  REGEXP_CONTAINS(`t0`.`source_url`, '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)'),
                  IF(
                    1 = 0,
                    REGEXP_REPLACE(
                      `t0`.`source_url`,
                      CONCAT('.*?', CONCAT('(', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', ')'), '.*'),
                      '\\1'
                    ),
                    REGEXP_REPLACE(
                      `t0`.`source_url`,
                      CONCAT('.*?', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', '.*'),
                      CONCAT('\\', CAST(1 AS STRING))
                    )
                  ),
                  NULL
                )
              ),
              ''
            ) AS `outlet`,
            COALESCE(`t0`.`actor1_code`, `t0`.`actor1_name`) AS `same_actor1`,
            COALESCE(`t0`.`actor2_code`, `t0`.`actor2_name`) AS `same_actor2`,
            `t0`.`event_code` AS `same_code`,
            COALESCE(COALESCE(`t0`.`loc_feature_id`, `t0`.`loc_name`), `t0`.`loc_country`) AS `same_place`,
            1 AS `counted`
          FROM `my-project`.`holosec`.`events` AS `t0`
          WHERE
            `t0`.`actor1_country` IN ('CHN') AND `t0`.`actor2_country` IN ('VNM')
        ) AS `t6`
      ) AS `t8`
      INNER JOIN (
        SELECT
          *
        FROM (
          SELECT
            `t11`.`event_id`,
            `t11`.`target` AS `field`,
            SUM(`t11`.`weight` * `t11`.`share`) AS `w`
          FROM (
            SELECT
              `t10`.`event_id`,
              `t10`.`field`,
              `t10`.`weight`,
              `t10`.`rule`,
              `t3`.`target`,
              `t3`.`share`
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  *
                FROM `my-project`.`holosec`.`event_tags` AS `t2`
                WHERE
                  NOT (
                    STARTS_WITH(`t2`.`field`, 'family:')
                  )
              ) AS `t5`
              WHERE
                `t5`.`event_id` IN (
                  SELECT
                    `t0`.`event_id`
                  FROM `my-project`.`holosec`.`events` AS `t0`
                  WHERE
                    `t0`.`actor1_country` IN ('CHN') AND `t0`.`actor2_country` IN ('VNM')
                )
            ) AS `t10`
            INNER JOIN `my-project`.`holosec`.`holosec_tmp_holosec_map_v2014` AS `t3`
              ON `t10`.`field` = `t3`.`field`
          ) AS `t11`
          GROUP BY
            1,
            2
        ) AS `t12`
        WHERE
          `t12`.`field` = 'homeland'
      ) AS `t14`
        ON `t8`.`event_id` = `t14`.`event_id`
    ) AS `t15`
    WHERE
      `t15`.`a1` IS NOT NULL AND `t15`.`a2` IS NOT NULL
  ) AS `t16`
  GROUP BY
    1,
    2,
    3,
    4,
    5
) AS `t17`
WHERE
  `t17`.`view` = 'pair'
  AND `t17`.`country` = 'CHN'
  AND `t17`.`partner` = 'VNM'
  AND `t17`.`field` IN ('homeland');

-- read
SELECT
  `t2`.`period`,
  `t2`.`events`
FROM (
  SELECT
    `t1`.`period`,
    `t1`.`view`,
    `t1`.`country`,
    `t1`.`partner`,
    `t1`.`field`,
    SUM(`t1`.`events`) AS `events`,
    SUM(`t1`.`goldstein_n`) AS `goldstein_n`,
    SUM(`t1`.`goldstein_sum`) AS `goldstein_sum`,
    SUM(`t1`.`quad_n`) AS `quad_n`,
    SUM(`t1`.`conflict`) AS `conflict`,
    SUM(`t1`.`material_conflict`) AS `material_conflict`,
    SUM(`t1`.`coop_weight`) AS `coop_weight`,
    SUM(`t1`.`conflict_weight`) AS `conflict_weight`,
    SUM(`t1`.`tone_n`) AS `tone_n`,
    SUM(`t1`.`tone_sum`) AS `tone_sum`,
    SUM(`t1`.`mentions`) AS `mentions`
  FROM (
    SELECT
      `t0`.`taxonomy`,
      DATE_TRUNC(`t0`.`period`, MONTH) AS `period`,
      `t0`.`view`,
      `t0`.`country`,
      `t0`.`partner`,
      `t0`.`field`,
      `t0`.`events`,
      `t0`.`goldstein_n`,
      `t0`.`goldstein_sum`,
      `t0`.`quad_n`,
      `t0`.`conflict`,
      `t0`.`material_conflict`,
      `t0`.`coop_weight`,
      `t0`.`conflict_weight`,
      `t0`.`tone_n`,
      `t0`.`tone_sum`,
      `t0`.`mentions`,
      `t0`.`aggregate_grain`
    FROM `my-project`.`holosec`.`rollup_days` AS `t0`
    WHERE
      `t0`.`taxonomy` = 'v2014'
      AND `t0`.`view` = 'world'
      AND `t0`.`country` = ''
      AND `t0`.`partner` = ''
      AND `t0`.`field` IN ('')
      AND `t0`.`aggregate_grain` IS NULL
  ) AS `t1`
  GROUP BY
    1,
    2,
    3,
    4,
    5
) AS `t2`;

-- reference rows holosec_map_v2014
CREATE OR REPLACE TABLE `my-project.holosec.holosec_tmp_holosec_map_v2014`
OPTIONS (expiration_timestamp = TIMESTAMP_ADD(CURRENT_TIMESTAMP(), INTERVAL 1 DAY)) AS
SELECT * FROM UNNEST(ARRAY<STRUCT<field STRING, target STRING, share FLOAT64>>[('political', 'political', 1.0), ('homeland', 'homeland', 1.0), ('military', 'military', 1.0), ('economic', 'economic', 1.0), ('cultural', 'cultural', 1.0), ('social', 'social', 1.0), ('science_technology', 'science_technology', 1.0), ('cyber', 'information', 1.0), ('ecological', 'ecological', 1.0), ('resource', 'resource', 1.0), ('nuclear', 'nuclear', 1.0), ('overseas_interests', 'political', 0.5), ('overseas_interests', 'economic', 0.5), ('biological', 'social', 1.0), ('outer_space', 'military', 0.5), ('outer_space', 'science_technology', 0.5), ('polar', 'science_technology', 0.5), ('polar', 'resource', 0.5), ('deep_sea', 'science_technology', 0.5), ('deep_sea', 'resource', 0.5), ('financial', 'economic', 1.0), ('food', 'economic', 0.5), ('food', 'resource', 0.5), ('artificial_intelligence', 'science_technology', 1.0), ('data', 'information', 1.0)]);

-- read
SELECT
  *
FROM (
  SELECT
    `t41`.`event_id`,
    `t41`.`w`,
    `t41`.`date`,
    `t41`.`quad_class`,
    `t41`.`goldstein`,
    `t41`.`tone`,
    `t41`.`num_mentions`,
    `t41`.`num_sources`,
    `t41`.`source`,
    `t41`.`source_url`,
    `t41`.`actor1_code`,
    `t41`.`actor1_country`,
    `t41`.`actor1_name`,
    `t41`.`actor2_code`,
    `t41`.`actor2_country`,
    `t41`.`actor2_name`,
    `t41`.`event_code`,
    `t41`.`root_code`,
    `t41`.`plover_type`,
    `t41`.`event_label`,
    `t41`.`loc_name`,
    `t41`.`loc_country`,
    `t41`.`story_fused`,
    `t41`.`story_date`,
    `t41`.`story_a1`,
    `t41`.`story_a2`,
    `t41`.`story_code`,
    `t41`.`story_place`,
    `t41`.`reports`,
    `t41`.`outlets`,
    `t41`.`contribution`,
    COUNT(`t41`.`event_id`) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS `cell_count`,
    SUM(`t41`.`w`) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS `cell_events`
  FROM (
    SELECT
      `t40`.`event_id`,
      `t40`.`w`,
      `t40`.`date`,
      `t40`.`quad_class`,
      `t40`.`goldstein`,
      `t40`.`tone`,
      `t40`.`num_mentions`,
      `t40`.`num_sources`,
      `t40`.`source`,
      `t40`.`source_url`,
      `t40`.`actor1_code`,
      `t40`.`actor1_country`,
      `t40`.`actor1_name`,
      `t40`.`actor2_code`,
      `t40`.`actor2_country`,
      `t40`.`actor2_name`,
      `t40`.`event_code`,
      `t40`.`root_code`,
      `t40`.`plover_type`,
      `t40`.`event_label`,
      `t40`.`loc_name`,
      `t40`.`loc_country`,
      `t40`.`story_fused`,
      `t40`.`story_date`,
      `t40`.`story_a1`,
      `t40`.`story_a2`,
      `t40`.`story_code`,
      `t40`.`story_place`,
      `t40`.`reports`,
      `t40`.`outlets`,
      `t40`.`w` AS `contribution`
    FROM (
      SELECT
        `t39`.*
        EXCEPT (`story`)
      FROM (
        SELECT
          `t31`.`event_id`,
          `t31`.`w`,
          `t9`.`date`,
          `t9`.`quad_class`,
          `t9`.`goldstein`,
          `t9`.`tone`,
          `t9`.`num_mentions`,
          `t9`.`num_sources`,
          `t9`.`source`,
          `t9`.`source_url`,
          `t9`.`actor1_code`,
          `t9`.`actor1_country`,
          `t9`.`actor1_name`,
          `t9`.`actor2_code`,
          `t9`.`actor2_country`,
          `t9`.`actor2_name`,
          `t9`.`event_code`,
          `t9`.`root_code`,
          `t9`.`plover_type`,
          `t9`.`event_label`,
          `t9`.`loc_name`,
          `t9`.`loc_country`,
          `t38`.`story_fused`,
          `t38`.`story_date`,
          `t38`.`story_a1`,
          `t38`.`story_a2`,
          `t38`.`story_code`,
          `t38`.`story_place`,
          `t38`.`story`,
          `t38`.`reports`,
          `t38`.`outlets`
        FROM (
          SELECT
            `t28`.`event_id`,
            `t28`.`w`
          FROM (
            SELECT
              *
            FROM (
              SELECT
                `t23`.`event_id`,
                `t23`.`date`,
                `t23`.`file_id`,
                `t23`.`a1`,
                `t23`.`a2`,
                `t23`.`loc`,
                `t23`.`quad`,
                `t23`.`goldstein`,
                `t23`.`tone`,
                `t23`.`mentions`,
                `t23`.`nsources`,
                `t23`.`outlet`,
                `t23`.`counted`,
                `t20`.`field`,
                `t20`.`w`
              FROM (
                SELECT
                  `t21`.*
                  EXCEPT (`fused_id`, `same_actor1`, `same_actor2`, `same_code`, `same_place`)
                FROM (
                  SELECT
                    `t17`.`event_id`,
                    `t17`.`date`,
                    `t17`.`file_id`,
                    `t17`.`a1`,
                    `t17`.`a2`,
                    `t17`.`loc`,
                    `t17`.`quad`,
                    `t17`.`goldstein`,
                    `t17`.`tone`,
                    `t17`.`mentions`,
                    `t17`.`nsources`,
                    `t17`.`outlet`,
                    `t17`.`same_actor1`,
                    `t17`.`same_actor2`,
                    `t17`.`same_code`,
                    `t17`.`same_place`,
                    `t17`.`fused_id`,
                    CAST((
                      ROW_NUMBER() OVER (
                        PARTITION BY `t17`.`fused_id`, IF(`t17`.`fused_id` IS NULL, `t17`.`date`, CAST(NULL AS DATE)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_actor1`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_actor2`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_code`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_place`, CAST(NULL AS STRING))
                        ORDER BY `t17`.`mentions` DESC, `t17`.`nsources` DESC, `t17`.`event_id` ASC
                      ) - 1
                    ) = 0 AS INT64) AS `counted`
                  FROM (
                    SELECT
                      `t16`.*
                      EXCEPT (`event_id_right`)
                    FROM (
                      SELECT
                        `t13`.`event_id`,
                        `t13`.`date`,
                        `t13`.`file_id`,
                        `t13`.`a1`,
                        `t13`.`a2`,
                        `t13`.`loc`,
                        `t13`.`quad`,
                        `t13`.`goldstein`,
                        `t13`.`tone`,
                        `t13`.`mentions`,
                        `t13`.`nsources`,
                        `t13`.`outlet`,
                        `t13`.`same_actor1`,
                        `t13`.`same_actor2`,
                        `t13`.`same_code`,
                        `t13`.`same_place`,
                        `t4`.`event_id` AS `event_id_right`,
                        `t4`.`fused_id`
                      FROM (
                        SELECT
                          `t0`.`event_id`,
                          `t0`.`date`,
                          `t0`.`file_id`,
                          `t0`.`actor1_country` AS `a1`,
                          `t0`.`actor2_country` AS `a2`,
                          `t0`.`loc_country` AS `loc`,
                          `t0`.`quad_class` AS `quad`,
                          `t0`.`goldstein`,
                          `t0`.`tone`,
                          `t0`.`num_mentions` AS `mentions`,
                          `t0`.`num_sources` AS `nsources`,
                          NULLIF(
                            LOWER(
                              IF(
                                REGEXP_CONTAINS(`t0`.`source_url`, '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)'),
                                IF(
                                  1 = 0,
                                  REGEXP_REPLACE(
                                    `t0`.`source_url`,
                                    CONCAT('.*?', CONCAT('(', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', ')'), '.*'),
                                    '\\1'
                                  ),
                                  REGEXP_REPLACE(
                                    `t0`.`source_url`,
                                    CONCAT('.*?', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', '.*'),
                                    CONCAT('\\', CAST(1 AS STRING))
                                  )
                                ),
                                NULL
                              )
                            ),
                            ''
                          ) AS `outlet`,
                          COALESCE(`t0`.`actor1_code`, `t0`.`actor1_name`) AS `same_actor1`,
                          COALESCE(`t0`.`actor2_code`, `t0`.`actor2_name`) AS `same_actor2`,
                          `t0`.`event_code` AS `same_code`,
                          COALESCE(COALESCE(`t0`.`loc_feature_id`, `t0`.`loc_name`), `t0`.`loc_country`) AS `same_place`
                        FROM `my-project`.`holosec`.`events` AS `t0`
                        WHERE
                          `t0`.`date` >= DATE(2015, 6, 1) AND `t0`.`date` <= DATE(2015, 6, 30)
                      ) AS `t13`
                      LEFT OUTER JOIN `my-project`.`holosec`.`fused_events` AS `t4`
                        ON `t13`.`event_id` = `t4`.`event_id`
                    ) AS `t16`
                  ) AS `t17`
                ) AS `t21`
              ) AS `t23`
              INNER JOIN (
                SELECT
                  `t18`.`event_id`,
                  `t18`.`target` AS `field`,
                  SUM(`t18`.`weight` * `t18`.`share`) AS `w`
                FROM (
                  SELECT
                    `t15`.`event_id`,
                    `t15`.`field`,
                    `t15`.`weight`,
                    `t15`.`rule`,
                    `t5`.`target`,
                    `t5`.`share`
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        *
                      FROM `my-project`.`holosec`.`event_tags` AS `t3`
                      WHERE
                        NOT (
                          STARTS_WITH(`t3`.`field`, 'family:')
                        )
                    ) AS `t11`
                    WHERE
                      `t11`.`event_id` IN (
                        SELECT
                          `t0`.`event_id`
                        FROM `my-project`.`holosec`.`events` AS `t0`
                        WHERE
                          `t0`.`date` >= DATE(2015, 6, 1) AND `t0`.`date` <= DATE(2015, 6, 30)
                      )
                  ) AS `t15`
                  INNER JOIN `my-project`.`holosec`.`holosec_tmp_holosec_map_v2014` AS `t5`
                    ON `t15`.`field` = `t5`.`field`
                ) AS `t18`
                GROUP BY
                  1,
                  2
              ) AS `t20`
                ON `t23`.`event_id` = `t20`.`event_id`
            ) AS `t27`
            UNION ALL
            SELECT
              *
            FROM (
              SELECT
                `t22`.`event_id`,
                `t22`.`date`,
                `t22`.`file_id`,
                `t22`.`a1`,
                `t22`.`a2`,
                `t22`.`loc`,
                `t22`.`quad`,
                `t22`.`goldstein`,
                `t22`.`tone`,
                `t22`.`mentions`,
                `t22`.`nsources`,
                `t22`.`outlet`,
                `t22`.`counted`,
                '' AS `field`,
                1.0 AS `w`
              FROM (
                SELECT
                  `t21`.*
                  EXCEPT (`fused_id`, `same_actor1`, `same_actor2`, `same_code`, `same_place`)
                FROM (
                  SELECT
                    `t17`.`event_id`,
                    `t17`.`date`,
                    `t17`.`file_id`,
                    `t17`.`a1`,
                    `t17`.`a2`,
                    `t17`.`loc`,
                    `t17`.`quad`,
                    `t17`.`goldstein`,
                    `t17`.`tone`,
                    `t17`.`mentions`,
                    `t17`.`nsources`,
                    `t17`.`outlet`,
                    `t17`.`same_actor1`,
                    `t17`.`same_actor2`,
                    `t17`.`same_code`,
                    `t17`.`same_place`,
                    `t17`.`fused_id`,
                    CAST((
                      ROW_NUMBER() OVER (
                        PARTITION BY `t17`.`fused_id`, IF(`t17`.`fused_id` IS NULL, `t17`.`date`, CAST(NULL AS DATE)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_actor1`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_actor2`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_code`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_place`, CAST(NULL AS STRING))
                        ORDER BY `t17`.`mentions` DESC, `t17`.`nsources` DESC, `t17`.`event_id` ASC
                      ) - 1
                    ) = 0 AS INT64) AS `counted`
                  FROM (
                    SELECT
                      `t16`.*
                      EXCEPT (`event_id_right`)
                    FROM (
                      SELECT
                        `t13`.`event_id`,
                        `t13`.`date`,
                        `t13`.`file_id`,
                        `t13`.`a1`,
                        `t13`.`a2`,
                        `t13`.`loc`,
                        `t13`.`quad`,
                        `t13`.`goldstein`,
                        `t13`.`tone`,
                        `t13`.`mentions`,
                        `t13`.`nsources`,
                        `t13`.`outlet`,
                        `t13`.`same_actor1`,
                        `t13`.`same_actor2`,
                        `t13`.`same_code`,
                        `t13`.`same_place`,
                        `t4`.`event_id` AS `event_id_right`,
                        `t4`.`fused_id`
                      FROM (
                        SELECT
                          `t0`.`event_id`,
                          `t0`.`date`,
                          `t0`.`file_id`,
                          `t0`.`actor1_country` AS `a1`,
                          `t0`.`actor2_country` AS `a2`,
                          `t0`.`loc_country` AS `loc`,
                          `t0`.`quad_class` AS `quad`,
                          `t0`.`goldstein`,
                          `t0`.`tone`,
                          `t0`.`num_mentions` AS `mentions`,
                          `t0`.`num_sources` AS `nsources`,
                          NULLIF(
                            LOWER(
                              IF(
                                REGEXP_CONTAINS(`t0`.`source_url`, '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)'),
                                IF(
                                  1 = 0,
                                  REGEXP_REPLACE(
                                    `t0`.`source_url`,
                                    CONCAT('.*?', CONCAT('(', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', ')'), '.*'),
                                    '\\1'
                                  ),
                                  REGEXP_REPLACE(
                                    `t0`.`source_url`,
                                    CONCAT('.*?', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', '.*'),
                                    CONCAT('\\', CAST(1 AS STRING))
                                  )
                                ),
                                NULL
                              )
                            ),
                            ''
                          ) AS `outlet`,
                          COALESCE(`t0`.`actor1_code`, `t0`.`actor1_name`) AS `same_actor1`,
                          COALESCE(`t0`.`actor2_code`, `t0`.`actor2_name`) AS `same_actor2`,
                          `t0`.`event_code` AS `same_code`,
                          COALESCE(COALESCE(`t0`.`loc_feature_id`, `t0`.`loc_name`), `t0`.`loc_country`) AS `same_place`
                        FROM `my-project`.`holosec`.`events` AS `t0`
                        WHERE
                          `t0`.`date` >= DATE(2015, 6, 1) AND `t0`.`date` <= DATE(2015, 6, 30)
                      ) AS `t13`
                      LEFT OUTER JOIN `my-project`.`holosec`.`fused_events` AS `t4`
                        ON `t13`.`event_id` = `t4`.`event_id`
                    ) AS `t16`
                  ) AS `t17`
                ) AS `t21`
              ) AS `t22`
            ) AS `t25`
          ) AS `t28`
          WHERE
            `t28`.`counted` = 1
            AND `t28`.`field` = ''
            AND (
              (
                `t28`.`a1` = 'CHN'
              ) OR (
                `t28`.`a2` = 'CHN'
              )
            )
        ) AS `t31`
        INNER JOIN (
          SELECT
            `t0`.`event_id`,
            `t0`.`date`,
            `t0`.`quad_class`,
            `t0`.`goldstein`,
            `t0`.`tone`,
            `t0`.`num_mentions`,
            `t0`.`num_sources`,
            `t0`.`source`,
            `t0`.`source_url`,
            `t0`.`actor1_code`,
            `t0`.`actor1_country`,
            `t0`.`actor1_name`,
            `t0`.`actor2_code`,
            `t0`.`actor2_country`,
            `t0`.`actor2_name`,
            `t0`.`event_code`,
            `t0`.`root_code`,
            `t0`.`plover_type`,
            `t0`.`event_label`,
            `t0`.`loc_name`,
            `t0`.`loc_country`
          FROM `my-project`.`holosec`.`events` AS `t0`
          WHERE
            `t0`.`date` >= DATE(2015, 6, 1) AND `t0`.`date` <= DATE(2015, 6, 30)
        ) AS `t9`
          ON `t31`.`event_id` = `t9`.`event_id`
        INNER JOIN (
          SELECT
            `t36`.`story_fused`,
            `t36`.`story_date`,
            `t36`.`story_a1`,
            `t36`.`story_a2`,
            `t36`.`story_code`,
            `t36`.`story_place`,
            MAX(IF(`t36`.`first`, `t36`.`event_id`, NULL)) AS `story`,
            COUNT(*) AS `reports`,
            ARRAY_AGG(DISTINCT `t36`.`host` IGNORE NULLS) AS `outlets`
          FROM (
            SELECT
              `t35`.`event_id`,
              `t35`.`date`,
              `t35`.`num_mentions`,
              `t35`.`num_sources`,
              `t35`.`source_url`,
              `t35`.`loc_country`,
              `t35`.`actor1_code`,
              `t35`.`actor1_name`,
              `t35`.`actor2_code`,
              `t35`.`actor2_name`,
              `t35`.`event_code`,
              `t35`.`loc_feature_id`,
              `t35`.`loc_name`,
              `t35`.`host`,
              `t35`.`fused_id`,
              (
                ROW_NUMBER() OVER (
                  PARTITION BY `t35`.`fused_id`, IF(`t35`.`fused_id` IS NULL, `t35`.`date`, CAST(NULL AS DATE)), IF(
                    `t35`.`fused_id` IS NULL,
                    COALESCE(`t35`.`actor1_code`, `t35`.`actor1_name`),
                    CAST(NULL AS STRING)
                  ), IF(
                    `t35`.`fused_id` IS NULL,
                    COALESCE(`t35`.`actor2_code`, `t35`.`actor2_name`),
                    CAST(NULL AS STRING)
                  ), IF(`t35`.`fused_id` IS NULL, `t35`.`event_code`, CAST(NULL AS STRING)), IF(
                    `t35`.`fused_id` IS NULL,
                    COALESCE(COALESCE(`t35`.`loc_feature_id`, `t35`.`loc_name`), `t35`.`loc_country`),
                    CAST(NULL AS STRING)
                  )
                  ORDER BY `t35`.`num_mentions` DESC, `t35`.`num_sources` DESC, `t35`.`event_id` ASC
                ) - 1
              ) = 0 AS `first`,
              `t35`.`fused_id` AS `story_fused`,
              IF(`t35`.`fused_id` IS NULL, `t35`.`date`, CAST(NULL AS DATE)) AS `story_date`,
              IF(
                `t35`.`fused_id` IS NULL,
                COALESCE(`t35`.`actor1_code`, `t35`.`actor1_name`),
                CAST(NULL AS STRING)
              ) AS `story_a1`,
              IF(
                `t35`.`fused_id` IS NULL,
                COALESCE(`t35`.`actor2_code`, `t35`.`actor2_name`),
                CAST(NULL AS STRING)
              ) AS `story_a2`,
              IF(`t35`.`fused_id` IS NULL, `t35`.`event_code`, CAST(NULL AS STRING)) AS `story_code`,
              IF(
                `t35`.`fused_id` IS NULL,
                COALESCE(COALESCE(`t35`.`loc_feature_id`, `t35`.`loc_name`), `t35`.`loc_country`),
                CAST(NULL AS STRING)
              ) AS `story_place`
            FROM (
              SELECT
                `t34`.*
                EXCEPT (`event_id_right`)
              FROM (
                SELECT
                  `t33`.`event_id`,
                  `t33`.`date`,
                  `t33`.`num_mentions`,
                  `t33`.`num_sources`,
                  `t33`.`source_url`,
                  `t33`.`loc_country`,
                  `t33`.`actor1_code`,
                  `t33`.`actor1_name`,
                  `t33`.`actor2_code`,
                  `t33`.`actor2_name`,
                  `t33`.`event_code`,
                  `t33`.`loc_feature_id`,
                  `t33`.`loc_name`,
                  `t33`.`host`,
                  `t4`.`event_id` AS `event_id_right`,
                  `t4`.`fused_id`
                FROM (
                  SELECT
                    `t29`.`event_id`,
                    `t29`.`date`,
                    `t29`.`num_mentions`,
                    `t29`.`num_sources`,
                    `t29`.`source_url`,
                    `t29`.`loc_country`,
                    `t29`.`actor1_code`,
                    `t29`.`actor1_name`,
                    `t29`.`actor2_code`,
                    `t29`.`actor2_name`,
                    `t29`.`event_code`,
                    `t29`.`loc_feature_id`,
                    `t29`.`loc_name`,
                    NULLIF(
                      LOWER(
                        IF(
                          REGEXP_CONTAINS(`t29`.`source_url`, '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)'),
                          IF(
                            1 = 0,
                            REGEXP_REPLACE(
                              `t29`.`source_url`,
                              CONCAT('.*?', CONCAT('(', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', ')'), '.*'),
                              '\\1'
                            ),
                            REGEXP_REPLACE(
                              `t29`.`source_url`,
                              CONCAT('.*?', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', '.*'),
                              CONCAT('\\', CAST(1 AS STRING))
                            )
                          ),
                          NULL
                        )
                      ),
                      ''
                    ) AS `host`
                  FROM (
                    SELECT
                      `t26`.`event_id`,
                      `t10`.`date`,
                      `t10`.`num_mentions`,
                      `t10`.`num_sources`,
                      `t10`.`source_url`,
                      `t10`.`loc_country`,
                      `t10`.`actor1_code`,
                      `t10`.`actor1_name`,
                      `t10`.`actor2_code`,
                      `t10`.`actor2_name`,
                      `t10`.`event_code`,
                      `t10`.`loc_feature_id`,
                      `t10`.`loc_name`
                    FROM (
                      SELECT
                        `t22`.`event_id`
                      FROM (
                        SELECT
                          `t21`.*
                          EXCEPT (`fused_id`, `same_actor1`, `same_actor2`, `same_code`, `same_place`)
                        FROM (
                          SELECT
                            `t17`.`event_id`,
                            `t17`.`date`,
                            `t17`.`file_id`,
                            `t17`.`a1`,
                            `t17`.`a2`,
                            `t17`.`loc`,
                            `t17`.`quad`,
                            `t17`.`goldstein`,
                            `t17`.`tone`,
                            `t17`.`mentions`,
                            `t17`.`nsources`,
                            `t17`.`outlet`,
                            `t17`.`same_actor1`,
                            `t17`.`same_actor2`,
                            `t17`.`same_code`,
                            `t17`.`same_place`,
                            `t17`.`fused_id`,
                            CAST((
                              ROW_NUMBER() OVER (
                                PARTITION BY `t17`.`fused_id`, IF(`t17`.`fused_id` IS NULL, `t17`.`date`, CAST(NULL AS DATE)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_actor1`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_actor2`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_code`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_place`, CAST(NULL AS STRING))
                                ORDER BY `t17`.`mentions` DESC, `t17`.`nsources` DESC, `t17`.`event_id` ASC
                              ) - 1
                            ) = 0 AS INT64) AS `counted`
                          FROM (
                            SELECT
                              `t16`.*
                              EXCEPT (`event_id_right`)
                            FROM (
                              SELECT
                                `t13`.`event_id`,
                                `t13`.`date`,
                                `t13`.`file_id`,
                                `t13`.`a1`,
                                `t13`.`a2`,
                                `t13`.`loc`,
                                `t13`.`quad`,
                                `t13`.`goldstein`,
                                `t13`.`tone`,
                                `t13`.`mentions`,
                                `t13`.`nsources`,
                                `t13`.`outlet`,
                                `t13`.`same_actor1`,
                                `t13`.`same_actor2`,
                                `t13`.`same_code`,
                                `t13`.`same_place`,
                                `t4`.`event_id` AS `event_id_right`,
                                `t4`.`fused_id`
                              FROM (
                                SELECT
                                  `t0`.`event_id`,
                                  `t0`.`date`,
                                  `t0`.`file_id`,
                                  `t0`.`actor1_country` AS `a1`,
                                  `t0`.`actor2_country` AS `a2`,
                                  `t0`.`loc_country` AS `loc`,
                                  `t0`.`quad_class` AS `quad`,
                                  `t0`.`goldstein`,
                                  `t0`.`tone`,
                                  `t0`.`num_mentions` AS `mentions`,
                                  `t0`.`num_sources` AS `nsources`,
                                  NULLIF(
                                    LOWER(
                                      IF(
                                        REGEXP_CONTAINS(`t0`.`source_url`, '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)'),
                                        IF(
                                          1 = 0,
                                          REGEXP_REPLACE(
                                            `t0`.`source_url`,
                                            CONCAT('.*?', CONCAT('(', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', ')'), '.*'),
                                            '\\1'
                                          ),
                                          REGEXP_REPLACE(
                                            `t0`.`source_url`,
                                            CONCAT('.*?', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', '.*'),
                                            CONCAT('\\', CAST(1 AS STRING))
                                          )
                                        ),
                                        NULL
                                      )
                                    ),
                                    ''
                                  ) AS `outlet`,
                                  COALESCE(`t0`.`actor1_code`, `t0`.`actor1_name`) AS `same_actor1`,
                                  COALESCE(`t0`.`actor2_code`, `t0`.`actor2_name`) AS `same_actor2`,
                                  `t0`.`event_code` AS `same_code`,
                                  COALESCE(COALESCE(`t0`.`loc_feature_id`, `t0`.`loc_name`), `t0`.`loc_country`) AS `same_place`
                                FROM `my-project`.`holosec`.`events` AS `t0`
                                WHERE
                                  `t0`.`date` >= DATE(2015, 6, 1) AND `t0`.`date` <= DATE(2015, 6, 30)
                              ) AS `t13`
                              LEFT OUTER JOIN `my-project`.`holosec`.`fused_events` AS `t4`
                                ON `t13`.`event_id` = `t4`.`event_id`
                            ) AS `t16`
                          ) AS `t17`
                        ) AS `t21`
                      ) AS `t22`
                    ) AS `t26`
                    INNER JOIN (
                      SELECT
                        `t0`.`event_id`,
                        `t0`.`date`,
                        `t0`.`num_mentions`,
                        `t0`.`num_sources`,
                        `t0`.`source_url`,
                        `t0`.`loc_country`,
                        `t0`.`actor1_code`,
                        `t0`.`actor1_name`,
                        `t0`.`actor2_code`,
                        `t0`.`actor2_name`,
                        `t0`.`event_code`,
                        `t0`.`loc_feature_id`,
                        `t0`.`loc_name`
                      FROM `my-project`.`holosec`.`events` AS `t0`
                      WHERE
                        `t0`.`date` >= DATE(2015, 6, 1) AND `t0`.`date` <= DATE(2015, 6, 30)
                    ) AS `t10`
                      ON `t26`.`event_id` = `t10`.`event_id`
                  ) AS `t29`
                ) AS `t33`
                LEFT OUTER JOIN `my-project`.`holosec`.`fused_events` AS `t4`
                  ON `t33`.`event_id` = `t4`.`event_id`
              ) AS `t34`
            ) AS `t35`
          ) AS `t36`
          GROUP BY
            1,
            2,
            3,
            4,
            5,
            6
        ) AS `t38`
          ON `t31`.`event_id` = `t38`.`story`
      ) AS `t39`
    ) AS `t40`
    WHERE
      `t40`.`quad_class` IN (3, 4)
  ) AS `t41`
) AS `t42`
ORDER BY
  `t42`.`contribution` DESC,
  `t42`.`goldstein` ASC NULLS LAST,
  `t42`.`num_mentions` DESC,
  `t42`.`num_sources` DESC,
  `t42`.`event_id` ASC NULLS LAST
LIMIT 20;

-- read
SELECT
  COUNT(*) AS `count`,
  SUM(`t42`.`w`) AS `events`
FROM (
  SELECT
    `t41`.`event_id`,
    `t41`.`w`,
    `t41`.`date`,
    `t41`.`quad_class`,
    `t41`.`goldstein`,
    `t41`.`tone`,
    `t41`.`num_mentions`,
    `t41`.`num_sources`,
    `t41`.`source`,
    `t41`.`source_url`,
    `t41`.`actor1_code`,
    `t41`.`actor1_country`,
    `t41`.`actor1_name`,
    `t41`.`actor2_code`,
    `t41`.`actor2_country`,
    `t41`.`actor2_name`,
    `t41`.`event_code`,
    `t41`.`root_code`,
    `t41`.`plover_type`,
    `t41`.`event_label`,
    `t41`.`loc_name`,
    `t41`.`loc_country`,
    `t41`.`story_fused`,
    `t41`.`story_date`,
    `t41`.`story_a1`,
    `t41`.`story_a2`,
    `t41`.`story_code`,
    `t41`.`story_place`,
    `t41`.`reports`,
    `t41`.`outlets`,
    `t41`.`contribution`,
    COUNT(`t41`.`event_id`) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS `cell_count`,
    SUM(`t41`.`w`) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS `cell_events`
  FROM (
    SELECT
      `t40`.`event_id`,
      `t40`.`w`,
      `t40`.`date`,
      `t40`.`quad_class`,
      `t40`.`goldstein`,
      `t40`.`tone`,
      `t40`.`num_mentions`,
      `t40`.`num_sources`,
      `t40`.`source`,
      `t40`.`source_url`,
      `t40`.`actor1_code`,
      `t40`.`actor1_country`,
      `t40`.`actor1_name`,
      `t40`.`actor2_code`,
      `t40`.`actor2_country`,
      `t40`.`actor2_name`,
      `t40`.`event_code`,
      `t40`.`root_code`,
      `t40`.`plover_type`,
      `t40`.`event_label`,
      `t40`.`loc_name`,
      `t40`.`loc_country`,
      `t40`.`story_fused`,
      `t40`.`story_date`,
      `t40`.`story_a1`,
      `t40`.`story_a2`,
      `t40`.`story_code`,
      `t40`.`story_place`,
      `t40`.`reports`,
      `t40`.`outlets`,
      `t40`.`w` AS `contribution`
    FROM (
      SELECT
        `t39`.*
        EXCEPT (`story`)
      FROM (
        SELECT
          `t31`.`event_id`,
          `t31`.`w`,
          `t9`.`date`,
          `t9`.`quad_class`,
          `t9`.`goldstein`,
          `t9`.`tone`,
          `t9`.`num_mentions`,
          `t9`.`num_sources`,
          `t9`.`source`,
          `t9`.`source_url`,
          `t9`.`actor1_code`,
          `t9`.`actor1_country`,
          `t9`.`actor1_name`,
          `t9`.`actor2_code`,
          `t9`.`actor2_country`,
          `t9`.`actor2_name`,
          `t9`.`event_code`,
          `t9`.`root_code`,
          `t9`.`plover_type`,
          `t9`.`event_label`,
          `t9`.`loc_name`,
          `t9`.`loc_country`,
          `t38`.`story_fused`,
          `t38`.`story_date`,
          `t38`.`story_a1`,
          `t38`.`story_a2`,
          `t38`.`story_code`,
          `t38`.`story_place`,
          `t38`.`story`,
          `t38`.`reports`,
          `t38`.`outlets`
        FROM (
          SELECT
            `t28`.`event_id`,
            `t28`.`w`
          FROM (
            SELECT
              *
            FROM (
              SELECT
                `t23`.`event_id`,
                `t23`.`date`,
                `t23`.`file_id`,
                `t23`.`a1`,
                `t23`.`a2`,
                `t23`.`loc`,
                `t23`.`quad`,
                `t23`.`goldstein`,
                `t23`.`tone`,
                `t23`.`mentions`,
                `t23`.`nsources`,
                `t23`.`outlet`,
                `t23`.`counted`,
                `t20`.`field`,
                `t20`.`w`
              FROM (
                SELECT
                  `t21`.*
                  EXCEPT (`fused_id`, `same_actor1`, `same_actor2`, `same_code`, `same_place`)
                FROM (
                  SELECT
                    `t17`.`event_id`,
                    `t17`.`date`,
                    `t17`.`file_id`,
                    `t17`.`a1`,
                    `t17`.`a2`,
                    `t17`.`loc`,
                    `t17`.`quad`,
                    `t17`.`goldstein`,
                    `t17`.`tone`,
                    `t17`.`mentions`,
                    `t17`.`nsources`,
                    `t17`.`outlet`,
                    `t17`.`same_actor1`,
                    `t17`.`same_actor2`,
                    `t17`.`same_code`,
                    `t17`.`same_place`,
                    `t17`.`fused_id`,
                    CAST((
                      ROW_NUMBER() OVER (
                        PARTITION BY `t17`.`fused_id`, IF(`t17`.`fused_id` IS NULL, `t17`.`date`, CAST(NULL AS DATE)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_actor1`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_actor2`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_code`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_place`, CAST(NULL AS STRING))
                        ORDER BY `t17`.`mentions` DESC, `t17`.`nsources` DESC, `t17`.`event_id` ASC
                      ) - 1
                    ) = 0 AS INT64) AS `counted`
                  FROM (
                    SELECT
                      `t16`.*
                      EXCEPT (`event_id_right`)
                    FROM (
                      SELECT
                        `t13`.`event_id`,
                        `t13`.`date`,
                        `t13`.`file_id`,
                        `t13`.`a1`,
                        `t13`.`a2`,
                        `t13`.`loc`,
                        `t13`.`quad`,
                        `t13`.`goldstein`,
                        `t13`.`tone`,
                        `t13`.`mentions`,
                        `t13`.`nsources`,
                        `t13`.`outlet`,
                        `t13`.`same_actor1`,
                        `t13`.`same_actor2`,
                        `t13`.`same_code`,
                        `t13`.`same_place`,
                        `t4`.`event_id` AS `event_id_right`,
                        `t4`.`fused_id`
                      FROM (
                        SELECT
                          `t0`.`event_id`,
                          `t0`.`date`,
                          `t0`.`file_id`,
                          `t0`.`actor1_country` AS `a1`,
                          `t0`.`actor2_country` AS `a2`,
                          `t0`.`loc_country` AS `loc`,
                          `t0`.`quad_class` AS `quad`,
                          `t0`.`goldstein`,
                          `t0`.`tone`,
                          `t0`.`num_mentions` AS `mentions`,
                          `t0`.`num_sources` AS `nsources`,
                          NULLIF(
                            LOWER(
                              IF(
                                REGEXP_CONTAINS(`t0`.`source_url`, '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)'),
                                IF(
                                  1 = 0,
                                  REGEXP_REPLACE(
                                    `t0`.`source_url`,
                                    CONCAT('.*?', CONCAT('(', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', ')'), '.*'),
                                    '\\1'
                                  ),
                                  REGEXP_REPLACE(
                                    `t0`.`source_url`,
                                    CONCAT('.*?', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', '.*'),
                                    CONCAT('\\', CAST(1 AS STRING))
                                  )
                                ),
                                NULL
                              )
                            ),
                            ''
                          ) AS `outlet`,
                          COALESCE(`t0`.`actor1_code`, `t0`.`actor1_name`) AS `same_actor1`,
                          COALESCE(`t0`.`actor2_code`, `t0`.`actor2_name`) AS `same_actor2`,
                          `t0`.`event_code` AS `same_code`,
                          COALESCE(COALESCE(`t0`.`loc_feature_id`, `t0`.`loc_name`), `t0`.`loc_country`) AS `same_place`
                        FROM `my-project`.`holosec`.`events` AS `t0`
                        WHERE
                          `t0`.`date` >= DATE(2015, 6, 1) AND `t0`.`date` <= DATE(2015, 6, 30)
                      ) AS `t13`
                      LEFT OUTER JOIN `my-project`.`holosec`.`fused_events` AS `t4`
                        ON `t13`.`event_id` = `t4`.`event_id`
                    ) AS `t16`
                  ) AS `t17`
                ) AS `t21`
              ) AS `t23`
              INNER JOIN (
                SELECT
                  `t18`.`event_id`,
                  `t18`.`target` AS `field`,
                  SUM(`t18`.`weight` * `t18`.`share`) AS `w`
                FROM (
                  SELECT
                    `t15`.`event_id`,
                    `t15`.`field`,
                    `t15`.`weight`,
                    `t15`.`rule`,
                    `t5`.`target`,
                    `t5`.`share`
                  FROM (
                    SELECT
                      *
                    FROM (
                      SELECT
                        *
                      FROM `my-project`.`holosec`.`event_tags` AS `t3`
                      WHERE
                        NOT (
                          STARTS_WITH(`t3`.`field`, 'family:')
                        )
                    ) AS `t11`
                    WHERE
                      `t11`.`event_id` IN (
                        SELECT
                          `t0`.`event_id`
                        FROM `my-project`.`holosec`.`events` AS `t0`
                        WHERE
                          `t0`.`date` >= DATE(2015, 6, 1) AND `t0`.`date` <= DATE(2015, 6, 30)
                      )
                  ) AS `t15`
                  INNER JOIN `my-project`.`holosec`.`holosec_tmp_holosec_map_v2014` AS `t5`
                    ON `t15`.`field` = `t5`.`field`
                ) AS `t18`
                GROUP BY
                  1,
                  2
              ) AS `t20`
                ON `t23`.`event_id` = `t20`.`event_id`
            ) AS `t27`
            UNION ALL
            SELECT
              *
            FROM (
              SELECT
                `t22`.`event_id`,
                `t22`.`date`,
                `t22`.`file_id`,
                `t22`.`a1`,
                `t22`.`a2`,
                `t22`.`loc`,
                `t22`.`quad`,
                `t22`.`goldstein`,
                `t22`.`tone`,
                `t22`.`mentions`,
                `t22`.`nsources`,
                `t22`.`outlet`,
                `t22`.`counted`,
                '' AS `field`,
                1.0 AS `w`
              FROM (
                SELECT
                  `t21`.*
                  EXCEPT (`fused_id`, `same_actor1`, `same_actor2`, `same_code`, `same_place`)
                FROM (
                  SELECT
                    `t17`.`event_id`,
                    `t17`.`date`,
                    `t17`.`file_id`,
                    `t17`.`a1`,
                    `t17`.`a2`,
                    `t17`.`loc`,
                    `t17`.`quad`,
                    `t17`.`goldstein`,
                    `t17`.`tone`,
                    `t17`.`mentions`,
                    `t17`.`nsources`,
                    `t17`.`outlet`,
                    `t17`.`same_actor1`,
                    `t17`.`same_actor2`,
                    `t17`.`same_code`,
                    `t17`.`same_place`,
                    `t17`.`fused_id`,
                    CAST((
                      ROW_NUMBER() OVER (
                        PARTITION BY `t17`.`fused_id`, IF(`t17`.`fused_id` IS NULL, `t17`.`date`, CAST(NULL AS DATE)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_actor1`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_actor2`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_code`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_place`, CAST(NULL AS STRING))
                        ORDER BY `t17`.`mentions` DESC, `t17`.`nsources` DESC, `t17`.`event_id` ASC
                      ) - 1
                    ) = 0 AS INT64) AS `counted`
                  FROM (
                    SELECT
                      `t16`.*
                      EXCEPT (`event_id_right`)
                    FROM (
                      SELECT
                        `t13`.`event_id`,
                        `t13`.`date`,
                        `t13`.`file_id`,
                        `t13`.`a1`,
                        `t13`.`a2`,
                        `t13`.`loc`,
                        `t13`.`quad`,
                        `t13`.`goldstein`,
                        `t13`.`tone`,
                        `t13`.`mentions`,
                        `t13`.`nsources`,
                        `t13`.`outlet`,
                        `t13`.`same_actor1`,
                        `t13`.`same_actor2`,
                        `t13`.`same_code`,
                        `t13`.`same_place`,
                        `t4`.`event_id` AS `event_id_right`,
                        `t4`.`fused_id`
                      FROM (
                        SELECT
                          `t0`.`event_id`,
                          `t0`.`date`,
                          `t0`.`file_id`,
                          `t0`.`actor1_country` AS `a1`,
                          `t0`.`actor2_country` AS `a2`,
                          `t0`.`loc_country` AS `loc`,
                          `t0`.`quad_class` AS `quad`,
                          `t0`.`goldstein`,
                          `t0`.`tone`,
                          `t0`.`num_mentions` AS `mentions`,
                          `t0`.`num_sources` AS `nsources`,
                          NULLIF(
                            LOWER(
                              IF(
                                REGEXP_CONTAINS(`t0`.`source_url`, '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)'),
                                IF(
                                  1 = 0,
                                  REGEXP_REPLACE(
                                    `t0`.`source_url`,
                                    CONCAT('.*?', CONCAT('(', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', ')'), '.*'),
                                    '\\1'
                                  ),
                                  REGEXP_REPLACE(
                                    `t0`.`source_url`,
                                    CONCAT('.*?', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', '.*'),
                                    CONCAT('\\', CAST(1 AS STRING))
                                  )
                                ),
                                NULL
                              )
                            ),
                            ''
                          ) AS `outlet`,
                          COALESCE(`t0`.`actor1_code`, `t0`.`actor1_name`) AS `same_actor1`,
                          COALESCE(`t0`.`actor2_code`, `t0`.`actor2_name`) AS `same_actor2`,
                          `t0`.`event_code` AS `same_code`,
                          COALESCE(COALESCE(`t0`.`loc_feature_id`, `t0`.`loc_name`), `t0`.`loc_country`) AS `same_place`
                        FROM `my-project`.`holosec`.`events` AS `t0`
                        WHERE
                          `t0`.`date` >= DATE(2015, 6, 1) AND `t0`.`date` <= DATE(2015, 6, 30)
                      ) AS `t13`
                      LEFT OUTER JOIN `my-project`.`holosec`.`fused_events` AS `t4`
                        ON `t13`.`event_id` = `t4`.`event_id`
                    ) AS `t16`
                  ) AS `t17`
                ) AS `t21`
              ) AS `t22`
            ) AS `t25`
          ) AS `t28`
          WHERE
            `t28`.`counted` = 1
            AND `t28`.`field` = ''
            AND (
              (
                `t28`.`a1` = 'CHN'
              ) OR (
                `t28`.`a2` = 'CHN'
              )
            )
        ) AS `t31`
        INNER JOIN (
          SELECT
            `t0`.`event_id`,
            `t0`.`date`,
            `t0`.`quad_class`,
            `t0`.`goldstein`,
            `t0`.`tone`,
            `t0`.`num_mentions`,
            `t0`.`num_sources`,
            `t0`.`source`,
            `t0`.`source_url`,
            `t0`.`actor1_code`,
            `t0`.`actor1_country`,
            `t0`.`actor1_name`,
            `t0`.`actor2_code`,
            `t0`.`actor2_country`,
            `t0`.`actor2_name`,
            `t0`.`event_code`,
            `t0`.`root_code`,
            `t0`.`plover_type`,
            `t0`.`event_label`,
            `t0`.`loc_name`,
            `t0`.`loc_country`
          FROM `my-project`.`holosec`.`events` AS `t0`
          WHERE
            `t0`.`date` >= DATE(2015, 6, 1) AND `t0`.`date` <= DATE(2015, 6, 30)
        ) AS `t9`
          ON `t31`.`event_id` = `t9`.`event_id`
        INNER JOIN (
          SELECT
            `t36`.`story_fused`,
            `t36`.`story_date`,
            `t36`.`story_a1`,
            `t36`.`story_a2`,
            `t36`.`story_code`,
            `t36`.`story_place`,
            MAX(IF(`t36`.`first`, `t36`.`event_id`, NULL)) AS `story`,
            COUNT(*) AS `reports`,
            ARRAY_AGG(DISTINCT `t36`.`host` IGNORE NULLS) AS `outlets`
          FROM (
            SELECT
              `t35`.`event_id`,
              `t35`.`date`,
              `t35`.`num_mentions`,
              `t35`.`num_sources`,
              `t35`.`source_url`,
              `t35`.`loc_country`,
              `t35`.`actor1_code`,
              `t35`.`actor1_name`,
              `t35`.`actor2_code`,
              `t35`.`actor2_name`,
              `t35`.`event_code`,
              `t35`.`loc_feature_id`,
              `t35`.`loc_name`,
              `t35`.`host`,
              `t35`.`fused_id`,
              (
                ROW_NUMBER() OVER (
                  PARTITION BY `t35`.`fused_id`, IF(`t35`.`fused_id` IS NULL, `t35`.`date`, CAST(NULL AS DATE)), IF(
                    `t35`.`fused_id` IS NULL,
                    COALESCE(`t35`.`actor1_code`, `t35`.`actor1_name`),
                    CAST(NULL AS STRING)
                  ), IF(
                    `t35`.`fused_id` IS NULL,
                    COALESCE(`t35`.`actor2_code`, `t35`.`actor2_name`),
                    CAST(NULL AS STRING)
                  ), IF(`t35`.`fused_id` IS NULL, `t35`.`event_code`, CAST(NULL AS STRING)), IF(
                    `t35`.`fused_id` IS NULL,
                    COALESCE(COALESCE(`t35`.`loc_feature_id`, `t35`.`loc_name`), `t35`.`loc_country`),
                    CAST(NULL AS STRING)
                  )
                  ORDER BY `t35`.`num_mentions` DESC, `t35`.`num_sources` DESC, `t35`.`event_id` ASC
                ) - 1
              ) = 0 AS `first`,
              `t35`.`fused_id` AS `story_fused`,
              IF(`t35`.`fused_id` IS NULL, `t35`.`date`, CAST(NULL AS DATE)) AS `story_date`,
              IF(
                `t35`.`fused_id` IS NULL,
                COALESCE(`t35`.`actor1_code`, `t35`.`actor1_name`),
                CAST(NULL AS STRING)
              ) AS `story_a1`,
              IF(
                `t35`.`fused_id` IS NULL,
                COALESCE(`t35`.`actor2_code`, `t35`.`actor2_name`),
                CAST(NULL AS STRING)
              ) AS `story_a2`,
              IF(`t35`.`fused_id` IS NULL, `t35`.`event_code`, CAST(NULL AS STRING)) AS `story_code`,
              IF(
                `t35`.`fused_id` IS NULL,
                COALESCE(COALESCE(`t35`.`loc_feature_id`, `t35`.`loc_name`), `t35`.`loc_country`),
                CAST(NULL AS STRING)
              ) AS `story_place`
            FROM (
              SELECT
                `t34`.*
                EXCEPT (`event_id_right`)
              FROM (
                SELECT
                  `t33`.`event_id`,
                  `t33`.`date`,
                  `t33`.`num_mentions`,
                  `t33`.`num_sources`,
                  `t33`.`source_url`,
                  `t33`.`loc_country`,
                  `t33`.`actor1_code`,
                  `t33`.`actor1_name`,
                  `t33`.`actor2_code`,
                  `t33`.`actor2_name`,
                  `t33`.`event_code`,
                  `t33`.`loc_feature_id`,
                  `t33`.`loc_name`,
                  `t33`.`host`,
                  `t4`.`event_id` AS `event_id_right`,
                  `t4`.`fused_id`
                FROM (
                  SELECT
                    `t29`.`event_id`,
                    `t29`.`date`,
                    `t29`.`num_mentions`,
                    `t29`.`num_sources`,
                    `t29`.`source_url`,
                    `t29`.`loc_country`,
                    `t29`.`actor1_code`,
                    `t29`.`actor1_name`,
                    `t29`.`actor2_code`,
                    `t29`.`actor2_name`,
                    `t29`.`event_code`,
                    `t29`.`loc_feature_id`,
                    `t29`.`loc_name`,
                    NULLIF(
                      LOWER(
                        IF(
                          REGEXP_CONTAINS(`t29`.`source_url`, '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)'),
                          IF(
                            1 = 0,
                            REGEXP_REPLACE(
                              `t29`.`source_url`,
                              CONCAT('.*?', CONCAT('(', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', ')'), '.*'),
                              '\\1'
                            ),
                            REGEXP_REPLACE(
                              `t29`.`source_url`,
                              CONCAT('.*?', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', '.*'),
                              CONCAT('\\', CAST(1 AS STRING))
                            )
                          ),
                          NULL
                        )
                      ),
                      ''
                    ) AS `host`
                  FROM (
                    SELECT
                      `t26`.`event_id`,
                      `t10`.`date`,
                      `t10`.`num_mentions`,
                      `t10`.`num_sources`,
                      `t10`.`source_url`,
                      `t10`.`loc_country`,
                      `t10`.`actor1_code`,
                      `t10`.`actor1_name`,
                      `t10`.`actor2_code`,
                      `t10`.`actor2_name`,
                      `t10`.`event_code`,
                      `t10`.`loc_feature_id`,
                      `t10`.`loc_name`
                    FROM (
                      SELECT
                        `t22`.`event_id`
                      FROM (
                        SELECT
                          `t21`.*
                          EXCEPT (`fused_id`, `same_actor1`, `same_actor2`, `same_code`, `same_place`)
                        FROM (
                          SELECT
                            `t17`.`event_id`,
                            `t17`.`date`,
                            `t17`.`file_id`,
                            `t17`.`a1`,
                            `t17`.`a2`,
                            `t17`.`loc`,
                            `t17`.`quad`,
                            `t17`.`goldstein`,
                            `t17`.`tone`,
                            `t17`.`mentions`,
                            `t17`.`nsources`,
                            `t17`.`outlet`,
                            `t17`.`same_actor1`,
                            `t17`.`same_actor2`,
                            `t17`.`same_code`,
                            `t17`.`same_place`,
                            `t17`.`fused_id`,
                            CAST((
                              ROW_NUMBER() OVER (
                                PARTITION BY `t17`.`fused_id`, IF(`t17`.`fused_id` IS NULL, `t17`.`date`, CAST(NULL AS DATE)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_actor1`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_actor2`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_code`, CAST(NULL AS STRING)), IF(`t17`.`fused_id` IS NULL, `t17`.`same_place`, CAST(NULL AS STRING))
                                ORDER BY `t17`.`mentions` DESC, `t17`.`nsources` DESC, `t17`.`event_id` ASC
                              ) - 1
                            ) = 0 AS INT64) AS `counted`
                          FROM (
                            SELECT
                              `t16`.*
                              EXCEPT (`event_id_right`)
                            FROM (
                              SELECT
                                `t13`.`event_id`,
                                `t13`.`date`,
                                `t13`.`file_id`,
                                `t13`.`a1`,
                                `t13`.`a2`,
                                `t13`.`loc`,
                                `t13`.`quad`,
                                `t13`.`goldstein`,
                                `t13`.`tone`,
                                `t13`.`mentions`,
                                `t13`.`nsources`,
                                `t13`.`outlet`,
                                `t13`.`same_actor1`,
                                `t13`.`same_actor2`,
                                `t13`.`same_code`,
                                `t13`.`same_place`,
                                `t4`.`event_id` AS `event_id_right`,
                                `t4`.`fused_id`
                              FROM (
                                SELECT
                                  `t0`.`event_id`,
                                  `t0`.`date`,
                                  `t0`.`file_id`,
                                  `t0`.`actor1_country` AS `a1`,
                                  `t0`.`actor2_country` AS `a2`,
                                  `t0`.`loc_country` AS `loc`,
                                  `t0`.`quad_class` AS `quad`,
                                  `t0`.`goldstein`,
                                  `t0`.`tone`,
                                  `t0`.`num_mentions` AS `mentions`,
                                  `t0`.`num_sources` AS `nsources`,
                                  NULLIF(
                                    LOWER(
                                      IF(
                                        REGEXP_CONTAINS(`t0`.`source_url`, '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)'),
                                        IF(
                                          1 = 0,
                                          REGEXP_REPLACE(
                                            `t0`.`source_url`,
                                            CONCAT('.*?', CONCAT('(', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', ')'), '.*'),
                                            '\\1'
                                          ),
                                          REGEXP_REPLACE(
                                            `t0`.`source_url`,
                                            CONCAT('.*?', '^[A-Za-z][A-Za-z0-9+.-]*://(?:www\\.)?([^/:?#]+)', '.*'),
                                            CONCAT('\\', CAST(1 AS STRING))
                                          )
                                        ),
                                        NULL
                                      )
                                    ),
                                    ''
                                  ) AS `outlet`,
                                  COALESCE(`t0`.`actor1_code`, `t0`.`actor1_name`) AS `same_actor1`,
                                  COALESCE(`t0`.`actor2_code`, `t0`.`actor2_name`) AS `same_actor2`,
                                  `t0`.`event_code` AS `same_code`,
                                  COALESCE(COALESCE(`t0`.`loc_feature_id`, `t0`.`loc_name`), `t0`.`loc_country`) AS `same_place`
                                FROM `my-project`.`holosec`.`events` AS `t0`
                                WHERE
                                  `t0`.`date` >= DATE(2015, 6, 1) AND `t0`.`date` <= DATE(2015, 6, 30)
                              ) AS `t13`
                              LEFT OUTER JOIN `my-project`.`holosec`.`fused_events` AS `t4`
                                ON `t13`.`event_id` = `t4`.`event_id`
                            ) AS `t16`
                          ) AS `t17`
                        ) AS `t21`
                      ) AS `t22`
                    ) AS `t26`
                    INNER JOIN (
                      SELECT
                        `t0`.`event_id`,
                        `t0`.`date`,
                        `t0`.`num_mentions`,
                        `t0`.`num_sources`,
                        `t0`.`source_url`,
                        `t0`.`loc_country`,
                        `t0`.`actor1_code`,
                        `t0`.`actor1_name`,
                        `t0`.`actor2_code`,
                        `t0`.`actor2_name`,
                        `t0`.`event_code`,
                        `t0`.`loc_feature_id`,
                        `t0`.`loc_name`
                      FROM `my-project`.`holosec`.`events` AS `t0`
                      WHERE
                        `t0`.`date` >= DATE(2015, 6, 1) AND `t0`.`date` <= DATE(2015, 6, 30)
                    ) AS `t10`
                      ON `t26`.`event_id` = `t10`.`event_id`
                  ) AS `t29`
                ) AS `t33`
                LEFT OUTER JOIN `my-project`.`holosec`.`fused_events` AS `t4`
                  ON `t33`.`event_id` = `t4`.`event_id`
              ) AS `t34`
            ) AS `t35`
          ) AS `t36`
          GROUP BY
            1,
            2,
            3,
            4,
            5,
            6
        ) AS `t38`
          ON `t31`.`event_id` = `t38`.`story`
      ) AS `t39`
    ) AS `t40`
    WHERE
      `t40`.`quad_class` IN (3, 4)
  ) AS `t41`
) AS `t42`;

