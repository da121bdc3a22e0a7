SELECT
  `t1`.`account_id`,
  `t1`.`head_words` AS `head`,
  `t1`.`tail_words` AS `tail`,
  COUNT(*) AS `c`,
  ARRAY_SORT(COLLECT_LIST(DISTINCT `t1`.`prompt_hash`)) AS `prompts`
FROM (
  SELECT
    *
  FROM `event_flags` AS `t0`
  WHERE
    (
      `t0`.`head_words` IS NOT NULL
    ) OR (
      `t0`.`tail_words` IS NOT NULL
    )
) AS `t1`
GROUP BY
  1,
  2,
  3
