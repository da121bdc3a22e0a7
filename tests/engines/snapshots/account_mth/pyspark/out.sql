SELECT
  `t2`.`account_id`,
  MAX(`t2`.`ts_ms`) AS `mth_ts`
FROM (
  SELECT
    *
  FROM (
    SELECT
      `t0`.`account_id`,
      `t0`.`ts_ms`,
      ROW_NUMBER() OVER (
        PARTITION BY `t0`.`account_id`
        ORDER BY `t0`.`ts_ms` ASC NULLS LAST, `t0`.`request_id` ASC NULLS LAST
      ) - 1 AS `rn`
    FROM `event_flags` AS `t0`
  ) AS `t1`
  WHERE
    `t1`.`rn` < 5
) AS `t2`
GROUP BY
  1
