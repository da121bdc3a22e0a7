SELECT
  `t65`.`request_id`,
  `t65`.`account_id`,
  `t65`.`ts_ms`,
  `t65`.`bucket`,
  `t65`.`org_id`,
  `t65`.`ip`,
  `t65`.`asn`,
  `t65`.`user_agent`,
  `t65`.`conversation_id`,
  `t65`.`prompt_chars`,
  `t65`.`prompt_hash`,
  `t65`.`template_fp`,
  `t65`.`prefix_fp`,
  `t65`.`suffix_fp`,
  `t65`.`system_fp`,
  `t65`.`cue_cot`,
  `t65`.`cue_align`,
  `t65`.`cue_datagen`,
  `t65`.`cue_sysprompt`,
  `t65`.`cue_cot_sys`,
  `t65`.`head_words`,
  `t65`.`tail_words`,
  `t65`.`capability`,
  `t65`.`topic`,
  `t65`.`lang`,
  `t65`.`v_day`,
  `t65`.`v_hour`,
  `t65`.`v_hour_of_day`,
  `t65`.`v_prefix`,
  `t65`.`v_infra`,
  `t65`.`v_prompt_key`,
  `t65`.`v_w15`,
  `t65`.`v_w15b`,
  `t65`.`v_nd_a`,
  `t65`.`v_nd_b`,
  `t65`.`f_cap_coding`,
  `t65`.`f_cap_math`,
  `t65`.`f_cap_reasoning`,
  `t65`.`f_cap_alignment`,
  `t65`.`f_cap_datagen`,
  `t65`.`f_cap_sysprompt`,
  `t65`.`f_cap_general`,
  `t65`.`f_prompt_known`,
  `t65`.`f_output_known`,
  `t65`.`f_params_known`,
  `t65`.`f_long_max`,
  `t65`.`f_multi_n`,
  `t65`.`f_logprob`,
  `t65`.`f_top_lp_high`,
  `t65`.`f_logit_bias`,
  `t65`.`f_logit_bias_large`,
  `t65`.`f_short_out`,
  `t65`.`f_long_out`,
  `t65`.`f_reasoning_high`,
  `t65`.`f_temp_known`,
  `t65`.`f_temp_zero`,
  `t65`.`f_tools`,
  `t65`.`f_followup`,
  `t65`.`f_error`,
  `t65`.`f_rate_limited`,
  `t65`.`f_refusal`,
  `t65`.`f_cue_any`,
  `t65`.`f_harvest`,
  `t65`.`f_logit_evidence`,
  `t65`.`v_input_tokens`,
  `t65`.`v_output_tokens`,
  `t65`.`v_reasoning_tokens`,
  `t65`.`v_n`,
  `t65`.`v_top_lp`,
  `t65`.`v_logit_bias`,
  `t65`.`v_max_tokens`,
  `t65`.`n_day`,
  `t65`.`n_hour`,
  `t65`.`n_hour_of_day`,
  `t65`.`n_ip`,
  `t65`.`n_prefix`,
  `t65`.`n_asn`,
  `t65`.`n_ua`,
  `t65`.`n_prompt`,
  `t65`.`n_template`,
  `t65`.`n_prefix_fp`,
  `t65`.`n_suffix_fp`,
  `t65`.`n_topic`,
  `t65`.`n_system`,
  `t65`.`n_conversation`,
  `t65`.`v_acct_first`,
  `t65`.`v_infra_first`,
  `t65`.`v_gap_raw`,
  `t65`.`v_gap_raw` IS NOT NULL
  AND NOT ISNAN(`t65`.`v_gap_raw`)
  AND (
    `t65`.`v_gap_raw` < 3600.0
  ) AS `f_gap`,
  COALESCE(`t65`.`v_gap_raw` >= 14400.0, FALSE) AS `f_rest`,
  (
    `t65`.`v_infra_first` - `t65`.`v_acct_first`
  ) >= 259200000 AS `f_late_infra`,
  (
    (
      `t65`.`v_infra_first` - `t65`.`v_acct_first`
    ) >= 259200000
  )
  AND `t65`.`f_cue_any` AS `f_late_cue`,
  CASE
    WHEN `t65`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t65`.`v_gap_raw`)
    AND (
      `t65`.`v_gap_raw` < 3600.0
    )
    THEN `t65`.`v_gap_raw`
    ELSE 0.0
  END AS `v_gap`,
  CASE
    WHEN `t65`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t65`.`v_gap_raw`)
    AND (
      `t65`.`v_gap_raw` < 3600.0
    )
    THEN LOG(10, `t65`.`v_gap_raw` + 0.1)
    ELSE 0.0
  END AS `v_gap_log`,
  CASE
    WHEN `t65`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t65`.`v_gap_raw`)
    AND (
      `t65`.`v_gap_raw` < 3600.0
    )
    THEN `t65`.`v_gap_raw`
    ELSE 0.0
  END * CASE
    WHEN `t65`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t65`.`v_gap_raw`)
    AND (
      `t65`.`v_gap_raw` < 3600.0
    )
    THEN `t65`.`v_gap_raw`
    ELSE 0.0
  END AS `v_gap_sq`,
  CASE
    WHEN `t65`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t65`.`v_gap_raw`)
    AND (
      `t65`.`v_gap_raw` < 3600.0
    )
    THEN LOG(10, `t65`.`v_gap_raw` + 0.1)
    ELSE 0.0
  END * CASE
    WHEN `t65`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t65`.`v_gap_raw`)
    AND (
      `t65`.`v_gap_raw` < 3600.0
    )
    THEN LOG(10, `t65`.`v_gap_raw` + 0.1)
    ELSE 0.0
  END AS `v_gap_log_sq`,
  CASE
    WHEN (
      `t65`.`v_infra_first` - `t65`.`v_acct_first`
    ) >= 259200000
    THEN `t65`.`ts_ms`
    ELSE CAST(NULL AS BIGINT)
  END AS `v_late_ts`
FROM (
  SELECT
    `t64`.`request_id`,
    `t64`.`account_id`,
    `t64`.`ts_ms`,
    `t64`.`bucket`,
    `t64`.`org_id`,
    `t64`.`ip`,
    `t64`.`asn`,
    `t64`.`user_agent`,
    `t64`.`conversation_id`,
    `t64`.`prompt_chars`,
    `t64`.`prompt_hash`,
    `t64`.`template_fp`,
    `t64`.`prefix_fp`,
    `t64`.`suffix_fp`,
    `t64`.`system_fp`,
    `t64`.`cue_cot`,
    `t64`.`cue_align`,
    `t64`.`cue_datagen`,
    `t64`.`cue_sysprompt`,
    `t64`.`cue_cot_sys`,
    `t64`.`head_words`,
    `t64`.`tail_words`,
    `t64`.`capability`,
    `t64`.`topic`,
    `t64`.`lang`,
    `t64`.`v_day`,
    `t64`.`v_hour`,
    `t64`.`v_hour_of_day`,
    `t64`.`v_prefix`,
    `t64`.`v_infra`,
    `t64`.`v_prompt_key`,
    `t64`.`v_w15`,
    `t64`.`v_w15b`,
    `t64`.`v_nd_a`,
    `t64`.`v_nd_b`,
    `t64`.`f_cap_coding`,
    `t64`.`f_cap_math`,
    `t64`.`f_cap_reasoning`,
    `t64`.`f_cap_alignment`,
    `t64`.`f_cap_datagen`,
    `t64`.`f_cap_sysprompt`,
    `t64`.`f_cap_general`,
    `t64`.`f_prompt_known`,
    `t64`.`f_output_known`,
    `t64`.`f_params_known`,
    `t64`.`f_long_max`,
    `t64`.`f_multi_n`,
    `t64`.`f_logprob`,
    `t64`.`f_top_lp_high`,
    `t64`.`f_logit_bias`,
    `t64`.`f_logit_bias_large`,
    `t64`.`f_short_out`,
    `t64`.`f_long_out`,
    `t64`.`f_reasoning_high`,
    `t64`.`f_temp_known`,
    `t64`.`f_temp_zero`,
    `t64`.`f_tools`,
    `t64`.`f_followup`,
    `t64`.`f_error`,
    `t64`.`f_rate_limited`,
    `t64`.`f_refusal`,
    `t64`.`f_cue_any`,
    `t64`.`f_harvest`,
    `t64`.`f_logit_evidence`,
    `t64`.`v_input_tokens`,
    `t64`.`v_output_tokens`,
    `t64`.`v_reasoning_tokens`,
    `t64`.`v_n`,
    `t64`.`v_top_lp`,
    `t64`.`v_logit_bias`,
    `t64`.`v_max_tokens`,
    `t64`.`n_day`,
    `t64`.`n_hour`,
    `t64`.`n_hour_of_day`,
    `t64`.`n_ip`,
    `t64`.`n_prefix`,
    `t64`.`n_asn`,
    `t64`.`n_ua`,
    `t64`.`n_prompt`,
    `t64`.`n_template`,
    `t64`.`n_prefix_fp`,
    `t64`.`n_suffix_fp`,
    `t64`.`n_topic`,
    `t64`.`n_system`,
    `t64`.`n_conversation`,
    `t64`.`v_acct_first`,
    `t64`.`v_infra_first`,
    CAST(`t64`.`ts_ms` - LAG(`t64`.`ts_ms`) OVER (
      PARTITION BY `t64`.`account_id`
      ORDER BY `t64`.`ts_ms` ASC NULLS LAST, `t64`.`request_id` ASC NULLS LAST
    ) AS DOUBLE) / 1000.0 AS `v_gap_raw`
  FROM (
    SELECT
      `t63`.`request_id`,
      `t63`.`account_id`,
      `t63`.`ts_ms`,
      `t63`.`bucket`,
      `t63`.`org_id`,
      `t63`.`ip`,
      `t63`.`asn`,
      `t63`.`user_agent`,
      `t63`.`conversation_id`,
      `t63`.`prompt_chars`,
      `t63`.`prompt_hash`,
      `t63`.`template_fp`,
      `t63`.`prefix_fp`,
      `t63`.`suffix_fp`,
      `t63`.`system_fp`,
      `t63`.`cue_cot`,
      `t63`.`cue_align`,
      `t63`.`cue_datagen`,
      `t63`.`cue_sysprompt`,
      `t63`.`cue_cot_sys`,
      `t63`.`head_words`,
      `t63`.`tail_words`,
      `t63`.`capability`,
      `t63`.`topic`,
      `t63`.`lang`,
      `t63`.`v_day`,
      `t63`.`v_hour`,
      `t63`.`v_hour_of_day`,
      `t63`.`v_prefix`,
      `t63`.`v_infra`,
      `t63`.`v_prompt_key`,
      `t63`.`v_w15`,
      `t63`.`v_w15b`,
      `t63`.`v_nd_a`,
      `t63`.`v_nd_b`,
      `t63`.`f_cap_coding`,
      `t63`.`f_cap_math`,
      `t63`.`f_cap_reasoning`,
      `t63`.`f_cap_alignment`,
      `t63`.`f_cap_datagen`,
      `t63`.`f_cap_sysprompt`,
      `t63`.`f_cap_general`,
      `t63`.`f_prompt_known`,
      `t63`.`f_output_known`,
      `t63`.`f_params_known`,
      `t63`.`f_long_max`,
      `t63`.`f_multi_n`,
      `t63`.`f_logprob`,
      `t63`.`f_top_lp_high`,
      `t63`.`f_logit_bias`,
      `t63`.`f_logit_bias_large`,
      `t63`.`f_short_out`,
      `t63`.`f_long_out`,
      `t63`.`f_reasoning_high`,
      `t63`.`f_temp_known`,
      `t63`.`f_temp_zero`,
      `t63`.`f_tools`,
      `t63`.`f_followup`,
      `t63`.`f_error`,
      `t63`.`f_rate_limited`,
      `t63`.`f_refusal`,
      `t63`.`f_cue_any`,
      `t63`.`f_harvest`,
      `t63`.`f_logit_evidence`,
      `t63`.`v_input_tokens`,
      `t63`.`v_output_tokens`,
      `t63`.`v_reasoning_tokens`,
      `t63`.`v_n`,
      `t63`.`v_top_lp`,
      `t63`.`v_logit_bias`,
      `t63`.`v_max_tokens`,
      COALESCE(`t63`.`n_day`, FALSE) AS `n_day`,
      COALESCE(`t63`.`n_hour`, FALSE) AS `n_hour`,
      COALESCE(`t63`.`n_hour_of_day`, FALSE) AS `n_hour_of_day`,
      COALESCE(`t63`.`n_ip`, FALSE) AS `n_ip`,
      COALESCE(`t63`.`n_prefix`, FALSE) AS `n_prefix`,
      COALESCE(`t63`.`n_asn`, FALSE) AS `n_asn`,
      COALESCE(`t63`.`n_ua`, FALSE) AS `n_ua`,
      COALESCE(`t63`.`n_prompt`, FALSE) AS `n_prompt`,
      COALESCE(`t63`.`n_template`, FALSE) AS `n_template`,
      COALESCE(`t63`.`n_prefix_fp`, FALSE) AS `n_prefix_fp`,
      COALESCE(`t63`.`n_suffix_fp`, FALSE) AS `n_suffix_fp`,
      COALESCE(`t63`.`n_topic`, FALSE) AS `n_topic`,
      COALESCE(`t63`.`n_system`, FALSE) AS `n_system`,
      COALESCE(`t63`.`n_conversation`, FALSE) AS `n_conversation`,
      `t63`.`v_acct_first`,
      `t63`.`v_infra_first`
    FROM (
      SELECT
        `t1`.`request_id`,
        `t1`.`account_id`,
        `t1`.`ts_ms`,
        `t1`.`bucket`,
        `t1`.`org_id`,
        `t1`.`ip`,
        `t1`.`asn`,
        `t1`.`user_agent`,
        `t1`.`conversation_id`,
        `t1`.`prompt_chars`,
        `t1`.`prompt_hash`,
        `t1`.`template_fp`,
        `t1`.`prefix_fp`,
        `t1`.`suffix_fp`,
        `t1`.`system_fp`,
        `t1`.`cue_cot`,
        `t1`.`cue_align`,
        `t1`.`cue_datagen`,
        `t1`.`cue_sysprompt`,
        `t1`.`cue_cot_sys`,
        `t1`.`head_words`,
        `t1`.`tail_words`,
        `t1`.`capability`,
        `t1`.`topic`,
        `t1`.`lang`,
        `t1`.`v_day`,
        `t1`.`v_hour`,
        `t1`.`v_hour_of_day`,
        `t1`.`v_prefix`,
        `t1`.`v_infra`,
        `t1`.`v_prompt_key`,
        `t1`.`v_w15`,
        `t1`.`v_w15b`,
        `t1`.`v_nd_a`,
        `t1`.`v_nd_b`,
        `t1`.`f_cap_coding`,
        `t1`.`f_cap_math`,
        `t1`.`f_cap_reasoning`,
        `t1`.`f_cap_alignment`,
        `t1`.`f_cap_datagen`,
        `t1`.`f_cap_sysprompt`,
        `t1`.`f_cap_general`,
        `t1`.`f_prompt_known`,
        `t1`.`f_output_known`,
        `t1`.`f_params_known`,
        `t1`.`f_long_max`,
        `t1`.`f_multi_n`,
        `t1`.`f_logprob`,
        `t1`.`f_top_lp_high`,
        `t1`.`f_logit_bias`,
        `t1`.`f_logit_bias_large`,
        `t1`.`f_short_out`,
        `t1`.`f_long_out`,
        `t1`.`f_reasoning_high`,
        `t1`.`f_temp_known`,
        `t1`.`f_temp_zero`,
        `t1`.`f_tools`,
        `t1`.`f_followup`,
        `t1`.`f_error`,
        `t1`.`f_rate_limited`,
        `t1`.`f_refusal`,
        `t1`.`f_cue_any`,
        `t1`.`f_harvest`,
        `t1`.`f_logit_evidence`,
        `t1`.`v_input_tokens`,
        `t1`.`v_output_tokens`,
        `t1`.`v_reasoning_tokens`,
        `t1`.`v_n`,
        `t1`.`v_top_lp`,
        `t1`.`v_logit_bias`,
        `t1`.`v_max_tokens`,
        `t62`.`n_day`,
        `t62`.`n_hour`,
        `t62`.`n_hour_of_day`,
        `t62`.`n_ip`,
        `t62`.`n_prefix`,
        `t62`.`n_asn`,
        `t62`.`n_ua`,
        `t62`.`n_prompt`,
        `t62`.`n_template`,
        `t62`.`n_prefix_fp`,
        `t62`.`n_suffix_fp`,
        `t62`.`n_topic`,
        `t62`.`n_system`,
        `t62`.`n_conversation`,
        `t18`.`v_acct_first`,
        `t19`.`v_infra_first`
      FROM `event_features` AS `t1`
      LEFT OUTER JOIN (
        SELECT
          `t60`.`rid`,
          BOOL_OR(`t60`.`tag` = 'day') AS `n_day`,
          BOOL_OR(`t60`.`tag` = 'hour') AS `n_hour`,
          BOOL_OR(`t60`.`tag` = 'hour_of_day') AS `n_hour_of_day`,
          BOOL_OR(`t60`.`tag` = 'ip') AS `n_ip`,
          BOOL_OR(`t60`.`tag` = 'prefix') AS `n_prefix`,
          BOOL_OR(`t60`.`tag` = 'asn') AS `n_asn`,
          BOOL_OR(`t60`.`tag` = 'ua') AS `n_ua`,
          BOOL_OR(`t60`.`tag` = 'prompt') AS `n_prompt`,
          BOOL_OR(`t60`.`tag` = 'template') AS `n_template`,
          BOOL_OR(`t60`.`tag` = 'prefix_fp') AS `n_prefix_fp`,
          BOOL_OR(`t60`.`tag` = 'suffix_fp') AS `n_suffix_fp`,
          BOOL_OR(`t60`.`tag` = 'topic') AS `n_topic`,
          BOOL_OR(`t60`.`tag` = 'system') AS `n_system`,
          BOOL_OR(`t60`.`tag` = 'conversation') AS `n_conversation`
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
                  SUBSTRING(`t27`.`o`, IF((
                    17 + 1
                  ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t27`.`o`))) AS `rid`,
                  'system' AS `tag`
                FROM (
                  SELECT
                    `t11`.`account_id`,
                    `t11`.`system_fp`,
                    MIN(
                      CONCAT(
                        CONCAT(
                          LPAD(
                            CAST(`t11`.`ts_ms` AS STRING),
                            GREATEST(LENGTH(CAST(`t11`.`ts_ms` AS STRING)), 16),
                            '0'
                          ),
                          '|'
                        ),
                        `t11`.`request_id`
                      )
                    ) AS `o`
                  FROM (
                    SELECT
                      *
                    FROM `event_features` AS `t0`
                    WHERE
                      `t0`.`system_fp` IS NOT NULL
                  ) AS `t11`
                  GROUP BY
                    1,
                    2
                ) AS `t27`
              ) AS `t41`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  SUBSTRING(`t23`.`o`, IF((
                    17 + 1
                  ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t23`.`o`))) AS `rid`,
                  'conversation' AS `tag`
                FROM (
                  SELECT
                    `t7`.`account_id`,
                    `t7`.`conversation_id`,
                    MIN(
                      CONCAT(
                        CONCAT(
                          LPAD(
                            CAST(`t7`.`ts_ms` AS STRING),
                            GREATEST(LENGTH(CAST(`t7`.`ts_ms` AS STRING)), 16),
                            '0'
                          ),
                          '|'
                        ),
                        `t7`.`request_id`
                      )
                    ) AS `o`
                  FROM (
                    SELECT
                      *
                    FROM `event_features` AS `t0`
                    WHERE
                      `t0`.`conversation_id` IS NOT NULL
                  ) AS `t7`
                  GROUP BY
                    1,
                    2
                ) AS `t23`
              ) AS `t37`
            ) AS `t49`
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
                    SUBSTRING(`t29`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t29`.`o`))) AS `rid`,
                    'day' AS `tag`
                  FROM (
                    SELECT
                      `t13`.`account_id`,
                      `t13`.`v_day`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t13`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t13`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t13`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `event_features` AS `t0`
                      WHERE
                        `t0`.`v_day` IS NOT NULL
                    ) AS `t13`
                    GROUP BY
                      1,
                      2
                  ) AS `t29`
                ) AS `t43`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t30`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t30`.`o`))) AS `rid`,
                    'hour' AS `tag`
                  FROM (
                    SELECT
                      `t14`.`account_id`,
                      `t14`.`v_hour`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t14`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t14`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t14`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `event_features` AS `t0`
                      WHERE
                        `t0`.`v_hour` IS NOT NULL
                    ) AS `t14`
                    GROUP BY
                      1,
                      2
                  ) AS `t30`
                ) AS `t44`
              ) AS `t51`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t31`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t31`.`o`))) AS `rid`,
                    'hour_of_day' AS `tag`
                  FROM (
                    SELECT
                      `t15`.`account_id`,
                      `t15`.`v_hour_of_day`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t15`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t15`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t15`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `event_features` AS `t0`
                      WHERE
                        `t0`.`v_hour_of_day` IS NOT NULL
                    ) AS `t15`
                    GROUP BY
                      1,
                      2
                  ) AS `t31`
                ) AS `t45`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t20`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t20`.`o`))) AS `rid`,
                    'ip' AS `tag`
                  FROM (
                    SELECT
                      `t4`.`account_id`,
                      `t4`.`ip`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t4`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t4`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t4`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `event_features` AS `t0`
                      WHERE
                        `t0`.`ip` IS NOT NULL
                    ) AS `t4`
                    GROUP BY
                      1,
                      2
                  ) AS `t20`
                ) AS `t34`
              ) AS `t52`
            ) AS `t56`
          ) AS `t58`
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
                    SUBSTRING(`t32`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t32`.`o`))) AS `rid`,
                    'prefix' AS `tag`
                  FROM (
                    SELECT
                      `t16`.`account_id`,
                      `t16`.`v_prefix`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t16`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t16`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t16`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `event_features` AS `t0`
                      WHERE
                        `t0`.`v_prefix` IS NOT NULL
                    ) AS `t16`
                    GROUP BY
                      1,
                      2
                  ) AS `t32`
                ) AS `t46`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t21`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t21`.`o`))) AS `rid`,
                    'asn' AS `tag`
                  FROM (
                    SELECT
                      `t5`.`account_id`,
                      `t5`.`asn`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t5`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t5`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t5`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `event_features` AS `t0`
                      WHERE
                        `t0`.`asn` IS NOT NULL
                    ) AS `t5`
                    GROUP BY
                      1,
                      2
                  ) AS `t21`
                ) AS `t35`
              ) AS `t53`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t22`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t22`.`o`))) AS `rid`,
                    'ua' AS `tag`
                  FROM (
                    SELECT
                      `t6`.`account_id`,
                      `t6`.`user_agent`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t6`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t6`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t6`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `event_features` AS `t0`
                      WHERE
                        `t0`.`user_agent` IS NOT NULL
                    ) AS `t6`
                    GROUP BY
                      1,
                      2
                  ) AS `t22`
                ) AS `t36`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t33`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t33`.`o`))) AS `rid`,
                    'prompt' AS `tag`
                  FROM (
                    SELECT
                      `t17`.`account_id`,
                      `t17`.`v_prompt_key`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t17`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t17`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t17`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `event_features` AS `t0`
                      WHERE
                        `t0`.`v_prompt_key` IS NOT NULL
                    ) AS `t17`
                    GROUP BY
                      1,
                      2
                  ) AS `t33`
                ) AS `t47`
              ) AS `t54`
            ) AS `t57`
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
                    SUBSTRING(`t24`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t24`.`o`))) AS `rid`,
                    'template' AS `tag`
                  FROM (
                    SELECT
                      `t8`.`account_id`,
                      `t8`.`template_fp`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t8`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t8`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t8`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `event_features` AS `t0`
                      WHERE
                        `t0`.`template_fp` IS NOT NULL
                    ) AS `t8`
                    GROUP BY
                      1,
                      2
                  ) AS `t24`
                ) AS `t38`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t25`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t25`.`o`))) AS `rid`,
                    'prefix_fp' AS `tag`
                  FROM (
                    SELECT
                      `t9`.`account_id`,
                      `t9`.`prefix_fp`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t9`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t9`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t9`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `event_features` AS `t0`
                      WHERE
                        `t0`.`prefix_fp` IS NOT NULL
                    ) AS `t9`
                    GROUP BY
                      1,
                      2
                  ) AS `t25`
                ) AS `t39`
              ) AS `t48`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t26`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t26`.`o`))) AS `rid`,
                    'suffix_fp' AS `tag`
                  FROM (
                    SELECT
                      `t10`.`account_id`,
                      `t10`.`suffix_fp`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t10`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t10`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t10`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `event_features` AS `t0`
                      WHERE
                        `t0`.`suffix_fp` IS NOT NULL
                    ) AS `t10`
                    GROUP BY
                      1,
                      2
                  ) AS `t26`
                ) AS `t40`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(`t28`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t28`.`o`))) AS `rid`,
                    'topic' AS `tag`
                  FROM (
                    SELECT
                      `t12`.`account_id`,
                      `t12`.`topic`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t12`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t12`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t12`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `event_features` AS `t0`
                      WHERE
                        `t0`.`topic` IS NOT NULL
                    ) AS `t12`
                    GROUP BY
                      1,
                      2
                  ) AS `t28`
                ) AS `t42`
              ) AS `t50`
            ) AS `t55`
          ) AS `t59`
        ) AS `t60`
        GROUP BY
          1
      ) AS `t62`
        ON `t1`.`request_id` = `t62`.`rid`
      INNER JOIN (
        SELECT
          `t0`.`account_id` AS `a_acct`,
          MIN(`t0`.`ts_ms`) AS `v_acct_first`
        FROM `event_features` AS `t0`
        GROUP BY
          1
      ) AS `t18`
        ON `t1`.`account_id` = `t18`.`a_acct`
      INNER JOIN (
        SELECT
          `t0`.`account_id` AS `i_acct`,
          `t0`.`v_infra` AS `i_infra`,
          MIN(`t0`.`ts_ms`) AS `v_infra_first`
        FROM `event_features` AS `t0`
        GROUP BY
          1,
          2
      ) AS `t19`
        ON `t1`.`account_id` = `t19`.`i_acct` AND `t1`.`v_infra` = `t19`.`i_infra`
    ) AS `t63`
  ) AS `t64`
) AS `t65`
