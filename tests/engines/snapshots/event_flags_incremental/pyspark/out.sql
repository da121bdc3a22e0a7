WITH `t35` AS (
  SELECT
    *
  FROM `event_features` AS `t0`
  WHERE
    NOT (
      `t0`.`request_id` IN (
        SELECT
          `t1`.`request_id`
        FROM `event_flags` AS `t1`
      )
    )
)
SELECT
  `t119`.`request_id`,
  `t119`.`account_id`,
  `t119`.`ts_ms`,
  `t119`.`bucket`,
  `t119`.`org_id`,
  `t119`.`ip`,
  `t119`.`asn`,
  `t119`.`user_agent`,
  `t119`.`conversation_id`,
  `t119`.`prompt_chars`,
  `t119`.`prompt_hash`,
  `t119`.`template_fp`,
  `t119`.`prefix_fp`,
  `t119`.`suffix_fp`,
  `t119`.`system_fp`,
  `t119`.`cue_cot`,
  `t119`.`cue_align`,
  `t119`.`cue_datagen`,
  `t119`.`cue_sysprompt`,
  `t119`.`cue_cot_sys`,
  `t119`.`head_words`,
  `t119`.`tail_words`,
  `t119`.`capability`,
  `t119`.`topic`,
  `t119`.`lang`,
  `t119`.`v_day`,
  `t119`.`v_hour`,
  `t119`.`v_hour_of_day`,
  `t119`.`v_prefix`,
  `t119`.`v_infra`,
  `t119`.`v_prompt_key`,
  `t119`.`v_w15`,
  `t119`.`v_w15b`,
  `t119`.`v_nd_a`,
  `t119`.`v_nd_b`,
  `t119`.`f_cap_coding`,
  `t119`.`f_cap_math`,
  `t119`.`f_cap_reasoning`,
  `t119`.`f_cap_alignment`,
  `t119`.`f_cap_datagen`,
  `t119`.`f_cap_sysprompt`,
  `t119`.`f_cap_general`,
  `t119`.`f_prompt_known`,
  `t119`.`f_output_known`,
  `t119`.`f_params_known`,
  `t119`.`f_long_max`,
  `t119`.`f_multi_n`,
  `t119`.`f_logprob`,
  `t119`.`f_top_lp_high`,
  `t119`.`f_logit_bias`,
  `t119`.`f_logit_bias_large`,
  `t119`.`f_short_out`,
  `t119`.`f_long_out`,
  `t119`.`f_reasoning_high`,
  `t119`.`f_temp_known`,
  `t119`.`f_temp_zero`,
  `t119`.`f_tools`,
  `t119`.`f_followup`,
  `t119`.`f_error`,
  `t119`.`f_rate_limited`,
  `t119`.`f_refusal`,
  `t119`.`f_cue_any`,
  `t119`.`f_harvest`,
  `t119`.`f_logit_evidence`,
  `t119`.`v_input_tokens`,
  `t119`.`v_output_tokens`,
  `t119`.`v_reasoning_tokens`,
  `t119`.`v_n`,
  `t119`.`v_top_lp`,
  `t119`.`v_logit_bias`,
  `t119`.`v_max_tokens`,
  `t119`.`n_day`,
  `t119`.`n_hour`,
  `t119`.`n_hour_of_day`,
  `t119`.`n_ip`,
  `t119`.`n_prefix`,
  `t119`.`n_asn`,
  `t119`.`n_ua`,
  `t119`.`n_prompt`,
  `t119`.`n_template`,
  `t119`.`n_prefix_fp`,
  `t119`.`n_suffix_fp`,
  `t119`.`n_topic`,
  `t119`.`n_system`,
  `t119`.`n_conversation`,
  `t119`.`v_acct_first`,
  `t119`.`v_infra_first`,
  `t119`.`v_gap_raw`,
  `t119`.`v_gap_raw` IS NOT NULL
  AND NOT ISNAN(`t119`.`v_gap_raw`)
  AND (
    `t119`.`v_gap_raw` < 3600.0
  ) AS `f_gap`,
  COALESCE(`t119`.`v_gap_raw` >= 14400.0, FALSE) AS `f_rest`,
  (
    `t119`.`v_infra_first` - `t119`.`v_acct_first`
  ) >= 259200000 AS `f_late_infra`,
  (
    (
      `t119`.`v_infra_first` - `t119`.`v_acct_first`
    ) >= 259200000
  )
  AND `t119`.`f_cue_any` AS `f_late_cue`,
  CASE
    WHEN `t119`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t119`.`v_gap_raw`)
    AND (
      `t119`.`v_gap_raw` < 3600.0
    )
    THEN `t119`.`v_gap_raw`
    ELSE 0.0
  END AS `v_gap`,
  CASE
    WHEN `t119`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t119`.`v_gap_raw`)
    AND (
      `t119`.`v_gap_raw` < 3600.0
    )
    THEN LOG(10, `t119`.`v_gap_raw` + 0.1)
    ELSE 0.0
  END AS `v_gap_log`,
  CASE
    WHEN `t119`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t119`.`v_gap_raw`)
    AND (
      `t119`.`v_gap_raw` < 3600.0
    )
    THEN `t119`.`v_gap_raw`
    ELSE 0.0
  END * CASE
    WHEN `t119`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t119`.`v_gap_raw`)
    AND (
      `t119`.`v_gap_raw` < 3600.0
    )
    THEN `t119`.`v_gap_raw`
    ELSE 0.0
  END AS `v_gap_sq`,
  CASE
    WHEN `t119`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t119`.`v_gap_raw`)
    AND (
      `t119`.`v_gap_raw` < 3600.0
    )
    THEN LOG(10, `t119`.`v_gap_raw` + 0.1)
    ELSE 0.0
  END * CASE
    WHEN `t119`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t119`.`v_gap_raw`)
    AND (
      `t119`.`v_gap_raw` < 3600.0
    )
    THEN LOG(10, `t119`.`v_gap_raw` + 0.1)
    ELSE 0.0
  END AS `v_gap_log_sq`,
  CASE
    WHEN (
      `t119`.`v_infra_first` - `t119`.`v_acct_first`
    ) >= 259200000
    THEN `t119`.`ts_ms`
    ELSE CAST(NULL AS BIGINT)
  END AS `v_late_ts`
FROM (
  SELECT
    `t118`.`request_id`,
    `t118`.`account_id`,
    `t118`.`ts_ms`,
    `t118`.`bucket`,
    `t118`.`org_id`,
    `t118`.`ip`,
    `t118`.`asn`,
    `t118`.`user_agent`,
    `t118`.`conversation_id`,
    `t118`.`prompt_chars`,
    `t118`.`prompt_hash`,
    `t118`.`template_fp`,
    `t118`.`prefix_fp`,
    `t118`.`suffix_fp`,
    `t118`.`system_fp`,
    `t118`.`cue_cot`,
    `t118`.`cue_align`,
    `t118`.`cue_datagen`,
    `t118`.`cue_sysprompt`,
    `t118`.`cue_cot_sys`,
    `t118`.`head_words`,
    `t118`.`tail_words`,
    `t118`.`capability`,
    `t118`.`topic`,
    `t118`.`lang`,
    `t118`.`v_day`,
    `t118`.`v_hour`,
    `t118`.`v_hour_of_day`,
    `t118`.`v_prefix`,
    `t118`.`v_infra`,
    `t118`.`v_prompt_key`,
    `t118`.`v_w15`,
    `t118`.`v_w15b`,
    `t118`.`v_nd_a`,
    `t118`.`v_nd_b`,
    `t118`.`f_cap_coding`,
    `t118`.`f_cap_math`,
    `t118`.`f_cap_reasoning`,
    `t118`.`f_cap_alignment`,
    `t118`.`f_cap_datagen`,
    `t118`.`f_cap_sysprompt`,
    `t118`.`f_cap_general`,
    `t118`.`f_prompt_known`,
    `t118`.`f_output_known`,
    `t118`.`f_params_known`,
    `t118`.`f_long_max`,
    `t118`.`f_multi_n`,
    `t118`.`f_logprob`,
    `t118`.`f_top_lp_high`,
    `t118`.`f_logit_bias`,
    `t118`.`f_logit_bias_large`,
    `t118`.`f_short_out`,
    `t118`.`f_long_out`,
    `t118`.`f_reasoning_high`,
    `t118`.`f_temp_known`,
    `t118`.`f_temp_zero`,
    `t118`.`f_tools`,
    `t118`.`f_followup`,
    `t118`.`f_error`,
    `t118`.`f_rate_limited`,
    `t118`.`f_refusal`,
    `t118`.`f_cue_any`,
    `t118`.`f_harvest`,
    `t118`.`f_logit_evidence`,
    `t118`.`v_input_tokens`,
    `t118`.`v_output_tokens`,
    `t118`.`v_reasoning_tokens`,
    `t118`.`v_n`,
    `t118`.`v_top_lp`,
    `t118`.`v_logit_bias`,
    `t118`.`v_max_tokens`,
    `t118`.`n_day`,
    `t118`.`n_hour`,
    `t118`.`n_hour_of_day`,
    `t118`.`n_ip`,
    `t118`.`n_prefix`,
    `t118`.`n_asn`,
    `t118`.`n_ua`,
    `t118`.`n_prompt`,
    `t118`.`n_template`,
    `t118`.`n_prefix_fp`,
    `t118`.`n_suffix_fp`,
    `t118`.`n_topic`,
    `t118`.`n_system`,
    `t118`.`n_conversation`,
    `t118`.`v_acct_first`,
    `t118`.`v_infra_first`,
    `t118`.`l_ts`,
    CAST(`t118`.`ts_ms` - COALESCE(
      LAG(`t118`.`ts_ms`) OVER (
        PARTITION BY `t118`.`account_id`
        ORDER BY `t118`.`ts_ms` ASC NULLS LAST, `t118`.`request_id` ASC NULLS LAST
      ),
      `t118`.`l_ts`
    ) AS DOUBLE) / 1000.0 AS `v_gap_raw`
  FROM (
    SELECT
      `t117`.`request_id`,
      `t117`.`account_id`,
      `t117`.`ts_ms`,
      `t117`.`bucket`,
      `t117`.`org_id`,
      `t117`.`ip`,
      `t117`.`asn`,
      `t117`.`user_agent`,
      `t117`.`conversation_id`,
      `t117`.`prompt_chars`,
      `t117`.`prompt_hash`,
      `t117`.`template_fp`,
      `t117`.`prefix_fp`,
      `t117`.`suffix_fp`,
      `t117`.`system_fp`,
      `t117`.`cue_cot`,
      `t117`.`cue_align`,
      `t117`.`cue_datagen`,
      `t117`.`cue_sysprompt`,
      `t117`.`cue_cot_sys`,
      `t117`.`head_words`,
      `t117`.`tail_words`,
      `t117`.`capability`,
      `t117`.`topic`,
      `t117`.`lang`,
      `t117`.`v_day`,
      `t117`.`v_hour`,
      `t117`.`v_hour_of_day`,
      `t117`.`v_prefix`,
      `t117`.`v_infra`,
      `t117`.`v_prompt_key`,
      `t117`.`v_w15`,
      `t117`.`v_w15b`,
      `t117`.`v_nd_a`,
      `t117`.`v_nd_b`,
      `t117`.`f_cap_coding`,
      `t117`.`f_cap_math`,
      `t117`.`f_cap_reasoning`,
      `t117`.`f_cap_alignment`,
      `t117`.`f_cap_datagen`,
      `t117`.`f_cap_sysprompt`,
      `t117`.`f_cap_general`,
      `t117`.`f_prompt_known`,
      `t117`.`f_output_known`,
      `t117`.`f_params_known`,
      `t117`.`f_long_max`,
      `t117`.`f_multi_n`,
      `t117`.`f_logprob`,
      `t117`.`f_top_lp_high`,
      `t117`.`f_logit_bias`,
      `t117`.`f_logit_bias_large`,
      `t117`.`f_short_out`,
      `t117`.`f_long_out`,
      `t117`.`f_reasoning_high`,
      `t117`.`f_temp_known`,
      `t117`.`f_temp_zero`,
      `t117`.`f_tools`,
      `t117`.`f_followup`,
      `t117`.`f_error`,
      `t117`.`f_rate_limited`,
      `t117`.`f_refusal`,
      `t117`.`f_cue_any`,
      `t117`.`f_harvest`,
      `t117`.`f_logit_evidence`,
      `t117`.`v_input_tokens`,
      `t117`.`v_output_tokens`,
      `t117`.`v_reasoning_tokens`,
      `t117`.`v_n`,
      `t117`.`v_top_lp`,
      `t117`.`v_logit_bias`,
      `t117`.`v_max_tokens`,
      COALESCE(`t117`.`n_day`, FALSE) AS `n_day`,
      COALESCE(`t117`.`n_hour`, FALSE) AS `n_hour`,
      COALESCE(`t117`.`n_hour_of_day`, FALSE) AS `n_hour_of_day`,
      COALESCE(`t117`.`n_ip`, FALSE) AS `n_ip`,
      COALESCE(`t117`.`n_prefix`, FALSE) AS `n_prefix`,
      COALESCE(`t117`.`n_asn`, FALSE) AS `n_asn`,
      COALESCE(`t117`.`n_ua`, FALSE) AS `n_ua`,
      COALESCE(`t117`.`n_prompt`, FALSE) AS `n_prompt`,
      COALESCE(`t117`.`n_template`, FALSE) AS `n_template`,
      COALESCE(`t117`.`n_prefix_fp`, FALSE) AS `n_prefix_fp`,
      COALESCE(`t117`.`n_suffix_fp`, FALSE) AS `n_suffix_fp`,
      COALESCE(`t117`.`n_topic`, FALSE) AS `n_topic`,
      COALESCE(`t117`.`n_system`, FALSE) AS `n_system`,
      COALESCE(`t117`.`n_conversation`, FALSE) AS `n_conversation`,
      `t117`.`v_acct_first`,
      `t117`.`v_infra_first`,
      `t117`.`l_ts`
    FROM (
      SELECT
        `t37`.`request_id`,
        `t37`.`account_id`,
        `t37`.`ts_ms`,
        `t37`.`bucket`,
        `t37`.`org_id`,
        `t37`.`ip`,
        `t37`.`asn`,
        `t37`.`user_agent`,
        `t37`.`conversation_id`,
        `t37`.`prompt_chars`,
        `t37`.`prompt_hash`,
        `t37`.`template_fp`,
        `t37`.`prefix_fp`,
        `t37`.`suffix_fp`,
        `t37`.`system_fp`,
        `t37`.`cue_cot`,
        `t37`.`cue_align`,
        `t37`.`cue_datagen`,
        `t37`.`cue_sysprompt`,
        `t37`.`cue_cot_sys`,
        `t37`.`head_words`,
        `t37`.`tail_words`,
        `t37`.`capability`,
        `t37`.`topic`,
        `t37`.`lang`,
        `t37`.`v_day`,
        `t37`.`v_hour`,
        `t37`.`v_hour_of_day`,
        `t37`.`v_prefix`,
        `t37`.`v_infra`,
        `t37`.`v_prompt_key`,
        `t37`.`v_w15`,
        `t37`.`v_w15b`,
        `t37`.`v_nd_a`,
        `t37`.`v_nd_b`,
        `t37`.`f_cap_coding`,
        `t37`.`f_cap_math`,
        `t37`.`f_cap_reasoning`,
        `t37`.`f_cap_alignment`,
        `t37`.`f_cap_datagen`,
        `t37`.`f_cap_sysprompt`,
        `t37`.`f_cap_general`,
        `t37`.`f_prompt_known`,
        `t37`.`f_output_known`,
        `t37`.`f_params_known`,
        `t37`.`f_long_max`,
        `t37`.`f_multi_n`,
        `t37`.`f_logprob`,
        `t37`.`f_top_lp_high`,
        `t37`.`f_logit_bias`,
        `t37`.`f_logit_bias_large`,
        `t37`.`f_short_out`,
        `t37`.`f_long_out`,
        `t37`.`f_reasoning_high`,
        `t37`.`f_temp_known`,
        `t37`.`f_temp_zero`,
        `t37`.`f_tools`,
        `t37`.`f_followup`,
        `t37`.`f_error`,
        `t37`.`f_rate_limited`,
        `t37`.`f_refusal`,
        `t37`.`f_cue_any`,
        `t37`.`f_harvest`,
        `t37`.`f_logit_evidence`,
        `t37`.`v_input_tokens`,
        `t37`.`v_output_tokens`,
        `t37`.`v_reasoning_tokens`,
        `t37`.`v_n`,
        `t37`.`v_top_lp`,
        `t37`.`v_logit_bias`,
        `t37`.`v_max_tokens`,
        `t116`.`n_day`,
        `t116`.`n_hour`,
        `t116`.`n_hour_of_day`,
        `t116`.`n_ip`,
        `t116`.`n_prefix`,
        `t116`.`n_asn`,
        `t116`.`n_ua`,
        `t116`.`n_prompt`,
        `t116`.`n_template`,
        `t116`.`n_prefix_fp`,
        `t116`.`n_suffix_fp`,
        `t116`.`n_topic`,
        `t116`.`n_system`,
        `t116`.`n_conversation`,
        `t58`.`v_acct_first`,
        `t59`.`v_infra_first`,
        `t20`.`l_ts`
      FROM `t35` AS `t37`
      LEFT OUTER JOIN (
        SELECT
          `t114`.`rid`,
          BOOL_OR(`t114`.`tag` = 'day') AS `n_day`,
          BOOL_OR(`t114`.`tag` = 'hour') AS `n_hour`,
          BOOL_OR(`t114`.`tag` = 'hour_of_day') AS `n_hour_of_day`,
          BOOL_OR(`t114`.`tag` = 'ip') AS `n_ip`,
          BOOL_OR(`t114`.`tag` = 'prefix') AS `n_prefix`,
          BOOL_OR(`t114`.`tag` = 'asn') AS `n_asn`,
          BOOL_OR(`t114`.`tag` = 'ua') AS `n_ua`,
          BOOL_OR(`t114`.`tag` = 'prompt') AS `n_prompt`,
          BOOL_OR(`t114`.`tag` = 'template') AS `n_template`,
          BOOL_OR(`t114`.`tag` = 'prefix_fp') AS `n_prefix_fp`,
          BOOL_OR(`t114`.`tag` = 'suffix_fp') AS `n_suffix_fp`,
          BOOL_OR(`t114`.`tag` = 'topic') AS `n_topic`,
          BOOL_OR(`t114`.`tag` = 'system') AS `n_system`,
          BOOL_OR(`t114`.`tag` = 'conversation') AS `n_conversation`
        FROM (
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
                  SUBSTRING(`t81`.`o`, IF((
                    17 + 1
                  ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t81`.`o`))) AS `rid`,
                  'system' AS `tag`
                FROM (
                  SELECT
                    `t47`.`account_id`,
                    `t47`.`system_fp`,
                    MIN(
                      CONCAT(
                        CONCAT(
                          LPAD(
                            CAST(`t47`.`ts_ms` AS STRING),
                            GREATEST(LENGTH(CAST(`t47`.`ts_ms` AS STRING)), 16),
                            '0'
                          ),
                          '|'
                        ),
                        `t47`.`request_id`
                      )
                    ) AS `o`
                  FROM (
                    SELECT
                      *
                    FROM `t35` AS `t36`
                    WHERE
                      `t36`.`system_fp` IS NOT NULL
                  ) AS `t47`
                  GROUP BY
                    1,
                    2
                ) AS `t81`
                LEFT ANTI JOIN (
                  SELECT DISTINCT
                    `t1`.`account_id`,
                    `t1`.`system_fp`
                  FROM `event_flags` AS `t1`
                  WHERE
                    `t1`.`system_fp` IS NOT NULL
                ) AS `t21`
                  ON `t81`.`account_id` = `t21`.`account_id` AND `t81`.`system_fp` = `t21`.`system_fp`
              ) AS `t95`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  SUBSTRING(`t77`.`o`, IF((
                    17 + 1
                  ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t77`.`o`))) AS `rid`,
                  'conversation' AS `tag`
                FROM (
                  SELECT
                    `t43`.`account_id`,
                    `t43`.`conversation_id`,
                    MIN(
                      CONCAT(
                        CONCAT(
                          LPAD(
                            CAST(`t43`.`ts_ms` AS STRING),
                            GREATEST(LENGTH(CAST(`t43`.`ts_ms` AS STRING)), 16),
                            '0'
                          ),
                          '|'
                        ),
                        `t43`.`request_id`
                      )
                    ) AS `o`
                  FROM (
                    SELECT
                      *
                    FROM `t35` AS `t36`
                    WHERE
                      `t36`.`conversation_id` IS NOT NULL
                  ) AS `t43`
                  GROUP BY
                    1,
                    2
                ) AS `t77`
                LEFT ANTI JOIN (
                  SELECT DISTINCT
                    `t1`.`account_id`,
                    `t1`.`conversation_id`
                  FROM `event_flags` AS `t1`
                  WHERE
                    `t1`.`conversation_id` IS NOT NULL
                ) AS `t22`
                  ON `t77`.`account_id` = `t22`.`account_id`
                  AND `t77`.`conversation_id` = `t22`.`conversation_id`
              ) AS `t91`
            ) AS `t103`
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
                    SUBSTRING(`t83`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t83`.`o`))) AS `rid`,
                    'day' AS `tag`
                  FROM (
                    SELECT
                      `t49`.`account_id`,
                      `t49`.`v_day`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t49`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t49`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t49`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t35` AS `t36`
                      WHERE
                        `t36`.`v_day` IS NOT NULL
                    ) AS `t49`
                    GROUP BY
                      1,
                      2
                  ) AS `t83`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t1`.`account_id`,
                      `t1`.`v_day`
                    FROM `event_flags` AS `t1`
                    WHERE
                      `t1`.`v_day` IS NOT NULL
                  ) AS `t23`
                    ON `t83`.`account_id` = `t23`.`account_id` AND `t83`.`v_day` = `t23`.`v_day`
                ) AS `t97`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t84`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t84`.`o`))) AS `rid`,
                    'hour' AS `tag`
                  FROM (
                    SELECT
                      `t50`.`account_id`,
                      `t50`.`v_hour`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t50`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t50`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t50`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t35` AS `t36`
                      WHERE
                        `t36`.`v_hour` IS NOT NULL
                    ) AS `t50`
                    GROUP BY
                      1,
                      2
                  ) AS `t84`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t1`.`account_id`,
                      `t1`.`v_hour`
                    FROM `event_flags` AS `t1`
                    WHERE
                      `t1`.`v_hour` IS NOT NULL
                  ) AS `t24`
                    ON `t84`.`account_id` = `t24`.`account_id` AND `t84`.`v_hour` = `t24`.`v_hour`
                ) AS `t98`
              ) AS `t105`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t85`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t85`.`o`))) AS `rid`,
                    'hour_of_day' AS `tag`
                  FROM (
                    SELECT
                      `t51`.`account_id`,
                      `t51`.`v_hour_of_day`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t51`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t51`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t51`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t35` AS `t36`
                      WHERE
                        `t36`.`v_hour_of_day` IS NOT NULL
                    ) AS `t51`
                    GROUP BY
                      1,
                      2
                  ) AS `t85`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t1`.`account_id`,
                      `t1`.`v_hour_of_day`
                    FROM `event_flags` AS `t1`
                    WHERE
                      `t1`.`v_hour_of_day` IS NOT NULL
                  ) AS `t25`
                    ON `t85`.`account_id` = `t25`.`account_id`
                    AND `t85`.`v_hour_of_day` = `t25`.`v_hour_of_day`
                ) AS `t99`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t74`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t74`.`o`))) AS `rid`,
                    'ip' AS `tag`
                  FROM (
                    SELECT
                      `t40`.`account_id`,
                      `t40`.`ip`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t40`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t40`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t40`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t35` AS `t36`
                      WHERE
                        `t36`.`ip` IS NOT NULL
                    ) AS `t40`
                    GROUP BY
                      1,
                      2
                  ) AS `t74`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t1`.`account_id`,
                      `t1`.`ip`
                    FROM `event_flags` AS `t1`
                    WHERE
                      `t1`.`ip` IS NOT NULL
                  ) AS `t26`
                    ON `t74`.`account_id` = `t26`.`account_id` AND `t74`.`ip` = `t26`.`ip`
                ) AS `t88`
              ) AS `t106`
            ) AS `t110`
          ) AS `t112`
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
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t86`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t86`.`o`))) AS `rid`,
                    'prefix' AS `tag`
                  FROM (
                    SELECT
                      `t52`.`account_id`,
                      `t52`.`v_prefix`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t52`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t52`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t52`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t35` AS `t36`
                      WHERE
                        `t36`.`v_prefix` IS NOT NULL
                    ) AS `t52`
                    GROUP BY
                      1,
                      2
                  ) AS `t86`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t1`.`account_id`,
                      `t1`.`v_prefix`
                    FROM `event_flags` AS `t1`
                    WHERE
                      `t1`.`v_prefix` IS NOT NULL
                  ) AS `t27`
                    ON `t86`.`account_id` = `t27`.`account_id` AND `t86`.`v_prefix` = `t27`.`v_prefix`
                ) AS `t100`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t75`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t75`.`o`))) AS `rid`,
                    'asn' AS `tag`
                  FROM (
                    SELECT
                      `t41`.`account_id`,
                      `t41`.`asn`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t41`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t41`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t41`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t35` AS `t36`
                      WHERE
                        `t36`.`asn` IS NOT NULL
                    ) AS `t41`
                    GROUP BY
                      1,
                      2
                  ) AS `t75`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t1`.`account_id`,
                      `t1`.`asn`
                    FROM `event_flags` AS `t1`
                    WHERE
                      `t1`.`asn` IS NOT NULL
                  ) AS `t28`
                    ON `t75`.`account_id` = `t28`.`account_id` AND `t75`.`asn` = `t28`.`asn`
                ) AS `t89`
              ) AS `t107`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t76`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t76`.`o`))) AS `rid`,
                    'ua' AS `tag`
                  FROM (
                    SELECT
                      `t42`.`account_id`,
                      `t42`.`user_agent`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t42`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t42`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t42`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t35` AS `t36`
                      WHERE
                        `t36`.`user_agent` IS NOT NULL
                    ) AS `t42`
                    GROUP BY
                      1,
                      2
                  ) AS `t76`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t1`.`account_id`,
                      `t1`.`user_agent`
                    FROM `event_flags` AS `t1`
                    WHERE
                      `t1`.`user_agent` IS NOT NULL
                  ) AS `t29`
                    ON `t76`.`account_id` = `t29`.`account_id`
                    AND `t76`.`user_agent` = `t29`.`user_agent`
                ) AS `t90`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t87`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t87`.`o`))) AS `rid`,
                    'prompt' AS `tag`
                  FROM (
                    SELECT
                      `t53`.`account_id`,
                      `t53`.`v_prompt_key`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t53`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t53`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t53`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t35` AS `t36`
                      WHERE
                        `t36`.`v_prompt_key` IS NOT NULL
                    ) AS `t53`
                    GROUP BY
                      1,
                      2
                  ) AS `t87`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t1`.`account_id`,
                      `t1`.`v_prompt_key`
                    FROM `event_flags` AS `t1`
                    WHERE
                      `t1`.`v_prompt_key` IS NOT NULL
                  ) AS `t30`
                    ON `t87`.`account_id` = `t30`.`account_id`
                    AND `t87`.`v_prompt_key` = `t30`.`v_prompt_key`
                ) AS `t101`
              ) AS `t108`
            ) AS `t111`
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
                    SUBSTRING(`t78`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t78`.`o`))) AS `rid`,
                    'template' AS `tag`
                  FROM (
                    SELECT
                      `t44`.`account_id`,
                      `t44`.`template_fp`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t44`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t44`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t44`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t35` AS `t36`
                      WHERE
                        `t36`.`template_fp` IS NOT NULL
                    ) AS `t44`
                    GROUP BY
                      1,
                      2
                  ) AS `t78`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t1`.`account_id`,
                      `t1`.`template_fp`
                    FROM `event_flags` AS `t1`
                    WHERE
                      `t1`.`template_fp` IS NOT NULL
                  ) AS `t31`
                    ON `t78`.`account_id` = `t31`.`account_id`
                    AND `t78`.`template_fp` = `t31`.`template_fp`
                ) AS `t92`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t79`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t79`.`o`))) AS `rid`,
                    'prefix_fp' AS `tag`
                  FROM (
                    SELECT
                      `t45`.`account_id`,
                      `t45`.`prefix_fp`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t45`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t45`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t45`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t35` AS `t36`
                      WHERE
                        `t36`.`prefix_fp` IS NOT NULL
                    ) AS `t45`
                    GROUP BY
                      1,
                      2
                  ) AS `t79`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t1`.`account_id`,
                      `t1`.`prefix_fp`
                    FROM `event_flags` AS `t1`
                    WHERE
                      `t1`.`prefix_fp` IS NOT NULL
                  ) AS `t32`
                    ON `t79`.`account_id` = `t32`.`account_id` AND `t79`.`prefix_fp` = `t32`.`prefix_fp`
                ) AS `t93`
              ) AS `t102`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t80`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t80`.`o`))) AS `rid`,
                    'suffix_fp' AS `tag`
                  FROM (
                    SELECT
                      `t46`.`account_id`,
                      `t46`.`suffix_fp`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t46`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t46`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t46`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t35` AS `t36`
                      WHERE
                        `t36`.`suffix_fp` IS NOT NULL
                    ) AS `t46`
                    GROUP BY
                      1,
                      2
                  ) AS `t80`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t1`.`account_id`,
                      `t1`.`suffix_fp`
                    FROM `event_flags` AS `t1`
                    WHERE
                      `t1`.`suffix_fp` IS NOT NULL
                  ) AS `t33`
                    ON `t80`.`account_id` = `t33`.`account_id` AND `t80`.`suffix_fp` = `t33`.`suffix_fp`
                ) AS `t94`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t82`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t82`.`o`))) AS `rid`,
                    'topic' AS `tag`
                  FROM (
                    SELECT
                      `t48`.`account_id`,
                      `t48`.`topic`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t48`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t48`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t48`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t35` AS `t36`
                      WHERE
                        `t36`.`topic` IS NOT NULL
                    ) AS `t48`
                    GROUP BY
                      1,
                      2
                  ) AS `t82`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t1`.`account_id`,
                      `t1`.`topic`
                    FROM `event_flags` AS `t1`
                    WHERE
                      `t1`.`topic` IS NOT NULL
                  ) AS `t34`
                    ON `t82`.`account_id` = `t34`.`account_id` AND `t82`.`topic` = `t34`.`topic`
                ) AS `t96`
              ) AS `t104`
            ) AS `t109`
          ) AS `t113`
        ) AS `t114`
        GROUP BY
          1
      ) AS `t116`
        ON `t37`.`request_id` = `t116`.`rid`
      INNER JOIN (
        SELECT
          `t54`.`a_acct`,
          MIN(`t54`.`v_acct_first`) AS `v_acct_first`
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t36`.`account_id` AS `a_acct`,
              MIN(`t36`.`ts_ms`) AS `v_acct_first`
            FROM `t35` AS `t36`
            GROUP BY
              1
          ) AS `t38`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              `t1`.`account_id` AS `a_acct`,
              MIN(`t1`.`ts_ms`) AS `v_acct_first`
            FROM `event_flags` AS `t1`
            GROUP BY
              1
          ) AS `t4`
        ) AS `t54`
        GROUP BY
          1
      ) AS `t58`
        ON `t37`.`account_id` = `t58`.`a_acct`
      INNER JOIN (
        SELECT
          `t55`.`i_acct`,
          `t55`.`i_infra`,
          MIN(`t55`.`v_infra_first`) AS `v_infra_first`
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t36`.`account_id` AS `i_acct`,
              `t36`.`v_infra` AS `i_infra`,
              MIN(`t36`.`ts_ms`) AS `v_infra_first`
            FROM `t35` AS `t36`
            GROUP BY
              1,
              2
          ) AS `t39`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              `t1`.`account_id` AS `i_acct`,
              `t1`.`v_infra` AS `i_infra`,
              MIN(`t1`.`ts_ms`) AS `v_infra_first`
            FROM `event_flags` AS `t1`
            GROUP BY
              1,
              2
          ) AS `t5`
        ) AS `t55`
        GROUP BY
          1,
          2
      ) AS `t59`
        ON `t37`.`account_id` = `t59`.`i_acct` AND `t37`.`v_infra` = `t59`.`i_infra`
      LEFT OUTER JOIN (
        SELECT
          `t1`.`account_id` AS `l_acct`,
          MAX(`t1`.`ts_ms`) AS `l_ts`
        FROM `event_flags` AS `t1`
        GROUP BY
          1
      ) AS `t20`
        ON `t37`.`account_id` = `t20`.`l_acct`
    ) AS `t117`
  ) AS `t118`
) AS `t119`
