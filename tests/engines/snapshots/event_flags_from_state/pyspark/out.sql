WITH `t13` AS (
  SELECT
    *
  FROM (
    SELECT
      `t9`.`a` AS `account_id`,
      'end_user' AS `kind`
    FROM (
      SELECT
        `t5`.`a`,
        COUNT(DISTINCT `t5`.`v`) AS `k`
      FROM (
        SELECT
          `t1`.`account_id` AS `a`,
          `t1`.`end_user` AS `v`
        FROM `event_features` AS `t1`
        WHERE
          `t1`.`end_user` IS NOT NULL AND NOT (
            STARTSWITH(`t1`.`account_id`, '')
          )
      ) AS `t5`
      GROUP BY
        1
    ) AS `t9`
    WHERE
      `t9`.`k` >= 4
  ) AS `t11`
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      `t10`.`a` AS `account_id`,
      'api_key' AS `kind`
    FROM (
      SELECT
        `t6`.`a`,
        COUNT(DISTINCT `t6`.`v`) AS `k`
      FROM (
        SELECT
          `t1`.`account_id` AS `a`,
          `t1`.`api_key_id` AS `v`
        FROM `event_features` AS `t1`
        WHERE
          `t1`.`api_key_id` IS NOT NULL AND NOT (
            STARTSWITH(`t1`.`account_id`, '')
          )
      ) AS `t6`
      GROUP BY
        1
    ) AS `t10`
    WHERE
      `t10`.`k` >= 4
  ) AS `t12`
)
SELECT
  `t26`.`request_id`,
  `t26`.`account_id`,
  `t26`.`ts_ms`,
  `t26`.`bucket`,
  `t26`.`org_id`,
  `t26`.`api_key_id`,
  `t26`.`end_user`,
  `t26`.`ip`,
  `t26`.`asn`,
  `t26`.`user_agent`,
  `t26`.`conversation_id`,
  `t26`.`prompt_chars`,
  `t26`.`prompt_hash`,
  `t26`.`template_fp`,
  `t26`.`prefix_fp`,
  `t26`.`suffix_fp`,
  `t26`.`system_fp`,
  `t26`.`cue_cot`,
  `t26`.`cue_align`,
  `t26`.`cue_datagen`,
  `t26`.`cue_sysprompt`,
  `t26`.`cue_cot_sys`,
  `t26`.`head_words`,
  `t26`.`tail_words`,
  `t26`.`capability`,
  `t26`.`topic`,
  `t26`.`lang`,
  `t26`.`v_day`,
  `t26`.`v_hour`,
  `t26`.`v_hour_of_day`,
  `t26`.`v_prefix`,
  `t26`.`v_infra`,
  `t26`.`v_prompt_key`,
  `t26`.`v_w15`,
  `t26`.`v_w15b`,
  `t26`.`v_nd_a`,
  `t26`.`v_nd_b`,
  `t26`.`v_params`,
  `t26`.`f_cap_coding`,
  `t26`.`f_cap_math`,
  `t26`.`f_cap_reasoning`,
  `t26`.`f_cap_alignment`,
  `t26`.`f_cap_datagen`,
  `t26`.`f_cap_sysprompt`,
  `t26`.`f_cap_general`,
  `t26`.`f_prompt_known`,
  `t26`.`f_output_known`,
  `t26`.`f_params_known`,
  `t26`.`f_long_max`,
  `t26`.`f_multi_n`,
  `t26`.`f_logprob`,
  `t26`.`f_top_lp_high`,
  `t26`.`f_logit_bias`,
  `t26`.`f_logit_bias_large`,
  `t26`.`f_short_out`,
  `t26`.`f_long_out`,
  `t26`.`f_reasoning_high`,
  `t26`.`f_temp_known`,
  `t26`.`f_temp_zero`,
  `t26`.`f_tools`,
  `t26`.`f_followup`,
  `t26`.`f_error`,
  `t26`.`f_rate_limited`,
  `t26`.`f_refusal`,
  `t26`.`f_cue_any`,
  `t26`.`f_harvest`,
  `t26`.`f_logit_evidence`,
  `t26`.`v_input_tokens`,
  `t26`.`v_output_tokens`,
  `t26`.`v_reasoning_tokens`,
  `t26`.`v_n`,
  `t26`.`v_top_lp`,
  `t26`.`v_logit_bias`,
  `t26`.`v_max_tokens`,
  `t26`.`n_day`,
  `t26`.`n_hour`,
  `t26`.`n_hour_of_day`,
  `t26`.`n_ip`,
  `t26`.`n_prefix`,
  `t26`.`n_asn`,
  `t26`.`n_ua`,
  `t26`.`n_prompt`,
  `t26`.`n_template`,
  `t26`.`n_prefix_fp`,
  `t26`.`n_suffix_fp`,
  `t26`.`n_topic`,
  `t26`.`n_system`,
  `t26`.`n_conversation`,
  `t26`.`v_acct_first`,
  `t26`.`v_infra_first`,
  `t26`.`v_gap_raw`,
  `t26`.`v_gap_raw` IS NOT NULL
  AND NOT ISNAN(`t26`.`v_gap_raw`)
  AND (
    `t26`.`v_gap_raw` < 3600.0
  ) AS `f_gap`,
  COALESCE(`t26`.`v_gap_raw` >= 14400.0, FALSE) AS `f_rest`,
  (
    `t26`.`v_infra_first` - `t26`.`v_acct_first`
  ) >= 259200000 AS `f_late_infra`,
  (
    (
      `t26`.`v_infra_first` - `t26`.`v_acct_first`
    ) >= 259200000
  )
  AND `t26`.`f_cue_any` AS `f_late_cue`,
  CASE
    WHEN `t26`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t26`.`v_gap_raw`)
    AND (
      `t26`.`v_gap_raw` < 3600.0
    )
    THEN `t26`.`v_gap_raw`
    ELSE 0.0
  END AS `v_gap`,
  CASE
    WHEN `t26`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t26`.`v_gap_raw`)
    AND (
      `t26`.`v_gap_raw` < 3600.0
    )
    THEN LOG(10, `t26`.`v_gap_raw` + 0.1)
    ELSE 0.0
  END AS `v_gap_log`,
  CASE
    WHEN `t26`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t26`.`v_gap_raw`)
    AND (
      `t26`.`v_gap_raw` < 3600.0
    )
    THEN `t26`.`v_gap_raw`
    ELSE 0.0
  END * CASE
    WHEN `t26`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t26`.`v_gap_raw`)
    AND (
      `t26`.`v_gap_raw` < 3600.0
    )
    THEN `t26`.`v_gap_raw`
    ELSE 0.0
  END AS `v_gap_sq`,
  CASE
    WHEN `t26`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t26`.`v_gap_raw`)
    AND (
      `t26`.`v_gap_raw` < 3600.0
    )
    THEN LOG(10, `t26`.`v_gap_raw` + 0.1)
    ELSE 0.0
  END * CASE
    WHEN `t26`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t26`.`v_gap_raw`)
    AND (
      `t26`.`v_gap_raw` < 3600.0
    )
    THEN LOG(10, `t26`.`v_gap_raw` + 0.1)
    ELSE 0.0
  END AS `v_gap_log_sq`,
  CASE
    WHEN (
      `t26`.`v_infra_first` - `t26`.`v_acct_first`
    ) >= 259200000
    THEN `t26`.`ts_ms`
    ELSE CAST(NULL AS BIGINT)
  END AS `v_late_ts`
FROM (
  SELECT
    `t25`.`request_id`,
    `t25`.`account_id`,
    `t25`.`ts_ms`,
    `t25`.`bucket`,
    `t25`.`org_id`,
    `t25`.`api_key_id`,
    `t25`.`end_user`,
    `t25`.`ip`,
    `t25`.`asn`,
    `t25`.`user_agent`,
    `t25`.`conversation_id`,
    `t25`.`prompt_chars`,
    `t25`.`prompt_hash`,
    `t25`.`template_fp`,
    `t25`.`prefix_fp`,
    `t25`.`suffix_fp`,
    `t25`.`system_fp`,
    `t25`.`cue_cot`,
    `t25`.`cue_align`,
    `t25`.`cue_datagen`,
    `t25`.`cue_sysprompt`,
    `t25`.`cue_cot_sys`,
    `t25`.`head_words`,
    `t25`.`tail_words`,
    `t25`.`capability`,
    `t25`.`topic`,
    `t25`.`lang`,
    `t25`.`v_day`,
    `t25`.`v_hour`,
    `t25`.`v_hour_of_day`,
    `t25`.`v_prefix`,
    `t25`.`v_infra`,
    `t25`.`v_prompt_key`,
    `t25`.`v_w15`,
    `t25`.`v_w15b`,
    `t25`.`v_nd_a`,
    `t25`.`v_nd_b`,
    `t25`.`v_params`,
    `t25`.`f_cap_coding`,
    `t25`.`f_cap_math`,
    `t25`.`f_cap_reasoning`,
    `t25`.`f_cap_alignment`,
    `t25`.`f_cap_datagen`,
    `t25`.`f_cap_sysprompt`,
    `t25`.`f_cap_general`,
    `t25`.`f_prompt_known`,
    `t25`.`f_output_known`,
    `t25`.`f_params_known`,
    `t25`.`f_long_max`,
    `t25`.`f_multi_n`,
    `t25`.`f_logprob`,
    `t25`.`f_top_lp_high`,
    `t25`.`f_logit_bias`,
    `t25`.`f_logit_bias_large`,
    `t25`.`f_short_out`,
    `t25`.`f_long_out`,
    `t25`.`f_reasoning_high`,
    `t25`.`f_temp_known`,
    `t25`.`f_temp_zero`,
    `t25`.`f_tools`,
    `t25`.`f_followup`,
    `t25`.`f_error`,
    `t25`.`f_rate_limited`,
    `t25`.`f_refusal`,
    `t25`.`f_cue_any`,
    `t25`.`f_harvest`,
    `t25`.`f_logit_evidence`,
    `t25`.`v_input_tokens`,
    `t25`.`v_output_tokens`,
    `t25`.`v_reasoning_tokens`,
    `t25`.`v_n`,
    `t25`.`v_top_lp`,
    `t25`.`v_logit_bias`,
    `t25`.`v_max_tokens`,
    `t2`.`n_day`,
    `t2`.`n_hour`,
    `t2`.`n_hour_of_day`,
    `t2`.`n_ip`,
    `t2`.`n_prefix`,
    `t2`.`n_asn`,
    `t2`.`n_ua`,
    `t2`.`n_prompt`,
    `t2`.`n_template`,
    `t2`.`n_prefix_fp`,
    `t2`.`n_suffix_fp`,
    `t2`.`n_topic`,
    `t2`.`n_system`,
    `t2`.`n_conversation`,
    `t2`.`v_acct_first`,
    `t2`.`v_infra_first`,
    `t2`.`v_gap_raw`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        `t19`.`request_id`,
        CONCAT(
          CONCAT(
            CONCAT('api_key', REPLACE(REPLACE(`t19`.`account_id`, '\\', '\\\\'), '', '\\x1f')),
            ''
          ),
          REPLACE(REPLACE(`t19`.`api_key_id`, '\\', '\\\\'), '', '\\x1f')
        ) AS `account_id`,
        `t19`.`ts_ms`,
        `t19`.`bucket`,
        `t19`.`org_id`,
        `t19`.`api_key_id`,
        `t19`.`end_user`,
        `t19`.`ip`,
        `t19`.`asn`,
        `t19`.`user_agent`,
        `t19`.`conversation_id`,
        `t19`.`prompt_chars`,
        `t19`.`prompt_hash`,
        `t19`.`template_fp`,
        `t19`.`prefix_fp`,
        `t19`.`suffix_fp`,
        `t19`.`system_fp`,
        `t19`.`cue_cot`,
        `t19`.`cue_align`,
        `t19`.`cue_datagen`,
        `t19`.`cue_sysprompt`,
        `t19`.`cue_cot_sys`,
        `t19`.`head_words`,
        `t19`.`tail_words`,
        `t19`.`capability`,
        `t19`.`topic`,
        `t19`.`lang`,
        `t19`.`v_day`,
        `t19`.`v_hour`,
        `t19`.`v_hour_of_day`,
        `t19`.`v_prefix`,
        `t19`.`v_infra`,
        `t19`.`v_prompt_key`,
        `t19`.`v_w15`,
        `t19`.`v_w15b`,
        `t19`.`v_nd_a`,
        `t19`.`v_nd_b`,
        `t19`.`v_params`,
        `t19`.`f_cap_coding`,
        `t19`.`f_cap_math`,
        `t19`.`f_cap_reasoning`,
        `t19`.`f_cap_alignment`,
        `t19`.`f_cap_datagen`,
        `t19`.`f_cap_sysprompt`,
        `t19`.`f_cap_general`,
        `t19`.`f_prompt_known`,
        `t19`.`f_output_known`,
        `t19`.`f_params_known`,
        `t19`.`f_long_max`,
        `t19`.`f_multi_n`,
        `t19`.`f_logprob`,
        `t19`.`f_top_lp_high`,
        `t19`.`f_logit_bias`,
        `t19`.`f_logit_bias_large`,
        `t19`.`f_short_out`,
        `t19`.`f_long_out`,
        `t19`.`f_reasoning_high`,
        `t19`.`f_temp_known`,
        `t19`.`f_temp_zero`,
        `t19`.`f_tools`,
        `t19`.`f_followup`,
        `t19`.`f_error`,
        `t19`.`f_rate_limited`,
        `t19`.`f_refusal`,
        `t19`.`f_cue_any`,
        `t19`.`f_harvest`,
        `t19`.`f_logit_evidence`,
        `t19`.`v_input_tokens`,
        `t19`.`v_output_tokens`,
        `t19`.`v_reasoning_tokens`,
        `t19`.`v_n`,
        `t19`.`v_top_lp`,
        `t19`.`v_logit_bias`,
        `t19`.`v_max_tokens`
      FROM (
        SELECT
          `t7`.`request_id`,
          `t7`.`account_id`,
          `t7`.`ts_ms`,
          `t7`.`bucket`,
          `t7`.`org_id`,
          `t7`.`api_key_id`,
          `t7`.`end_user`,
          `t7`.`ip`,
          `t7`.`asn`,
          `t7`.`user_agent`,
          `t7`.`conversation_id`,
          `t7`.`prompt_chars`,
          `t7`.`prompt_hash`,
          `t7`.`template_fp`,
          `t7`.`prefix_fp`,
          `t7`.`suffix_fp`,
          `t7`.`system_fp`,
          `t7`.`cue_cot`,
          `t7`.`cue_align`,
          `t7`.`cue_datagen`,
          `t7`.`cue_sysprompt`,
          `t7`.`cue_cot_sys`,
          `t7`.`head_words`,
          `t7`.`tail_words`,
          `t7`.`capability`,
          `t7`.`topic`,
          `t7`.`lang`,
          `t7`.`v_day`,
          `t7`.`v_hour`,
          `t7`.`v_hour_of_day`,
          `t7`.`v_prefix`,
          `t7`.`v_infra`,
          `t7`.`v_prompt_key`,
          `t7`.`v_w15`,
          `t7`.`v_w15b`,
          `t7`.`v_nd_a`,
          `t7`.`v_nd_b`,
          `t7`.`v_params`,
          `t7`.`f_cap_coding`,
          `t7`.`f_cap_math`,
          `t7`.`f_cap_reasoning`,
          `t7`.`f_cap_alignment`,
          `t7`.`f_cap_datagen`,
          `t7`.`f_cap_sysprompt`,
          `t7`.`f_cap_general`,
          `t7`.`f_prompt_known`,
          `t7`.`f_output_known`,
          `t7`.`f_params_known`,
          `t7`.`f_long_max`,
          `t7`.`f_multi_n`,
          `t7`.`f_logprob`,
          `t7`.`f_top_lp_high`,
          `t7`.`f_logit_bias`,
          `t7`.`f_logit_bias_large`,
          `t7`.`f_short_out`,
          `t7`.`f_long_out`,
          `t7`.`f_reasoning_high`,
          `t7`.`f_temp_known`,
          `t7`.`f_temp_zero`,
          `t7`.`f_tools`,
          `t7`.`f_followup`,
          `t7`.`f_error`,
          `t7`.`f_rate_limited`,
          `t7`.`f_refusal`,
          `t7`.`f_cue_any`,
          `t7`.`f_harvest`,
          `t7`.`f_logit_evidence`,
          `t7`.`v_input_tokens`,
          `t7`.`v_output_tokens`,
          `t7`.`v_reasoning_tokens`,
          `t7`.`v_n`,
          `t7`.`v_top_lp`,
          `t7`.`v_logit_bias`,
          `t7`.`v_max_tokens`
        FROM (
          SELECT
            *
          FROM `event_features` AS `t1`
          WHERE
            `t1`.`api_key_id` IS NOT NULL
        ) AS `t7`
        LEFT SEMI JOIN (
          SELECT
            *
          FROM `t13` AS `t14`
          WHERE
            `t14`.`kind` = 'api_key'
        ) AS `t17`
          ON `t7`.`account_id` = `t17`.`account_id`
      ) AS `t19`
    ) AS `t21`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM `event_features` AS `t1`
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          `t20`.`request_id`,
          CONCAT(
            CONCAT(
              CONCAT('end_user', REPLACE(REPLACE(`t20`.`account_id`, '\\', '\\\\'), '', '\\x1f')),
              ''
            ),
            REPLACE(REPLACE(`t20`.`end_user`, '\\', '\\\\'), '', '\\x1f')
          ) AS `account_id`,
          `t20`.`ts_ms`,
          `t20`.`bucket`,
          `t20`.`org_id`,
          `t20`.`api_key_id`,
          `t20`.`end_user`,
          `t20`.`ip`,
          `t20`.`asn`,
          `t20`.`user_agent`,
          `t20`.`conversation_id`,
          `t20`.`prompt_chars`,
          `t20`.`prompt_hash`,
          `t20`.`template_fp`,
          `t20`.`prefix_fp`,
          `t20`.`suffix_fp`,
          `t20`.`system_fp`,
          `t20`.`cue_cot`,
          `t20`.`cue_align`,
          `t20`.`cue_datagen`,
          `t20`.`cue_sysprompt`,
          `t20`.`cue_cot_sys`,
          `t20`.`head_words`,
          `t20`.`tail_words`,
          `t20`.`capability`,
          `t20`.`topic`,
          `t20`.`lang`,
          `t20`.`v_day`,
          `t20`.`v_hour`,
          `t20`.`v_hour_of_day`,
          `t20`.`v_prefix`,
          `t20`.`v_infra`,
          `t20`.`v_prompt_key`,
          `t20`.`v_w15`,
          `t20`.`v_w15b`,
          `t20`.`v_nd_a`,
          `t20`.`v_nd_b`,
          `t20`.`v_params`,
          `t20`.`f_cap_coding`,
          `t20`.`f_cap_math`,
          `t20`.`f_cap_reasoning`,
          `t20`.`f_cap_alignment`,
          `t20`.`f_cap_datagen`,
          `t20`.`f_cap_sysprompt`,
          `t20`.`f_cap_general`,
          `t20`.`f_prompt_known`,
          `t20`.`f_output_known`,
          `t20`.`f_params_known`,
          `t20`.`f_long_max`,
          `t20`.`f_multi_n`,
          `t20`.`f_logprob`,
          `t20`.`f_top_lp_high`,
          `t20`.`f_logit_bias`,
          `t20`.`f_logit_bias_large`,
          `t20`.`f_short_out`,
          `t20`.`f_long_out`,
          `t20`.`f_reasoning_high`,
          `t20`.`f_temp_known`,
          `t20`.`f_temp_zero`,
          `t20`.`f_tools`,
          `t20`.`f_followup`,
          `t20`.`f_error`,
          `t20`.`f_rate_limited`,
          `t20`.`f_refusal`,
          `t20`.`f_cue_any`,
          `t20`.`f_harvest`,
          `t20`.`f_logit_evidence`,
          `t20`.`v_input_tokens`,
          `t20`.`v_output_tokens`,
          `t20`.`v_reasoning_tokens`,
          `t20`.`v_n`,
          `t20`.`v_top_lp`,
          `t20`.`v_logit_bias`,
          `t20`.`v_max_tokens`
        FROM (
          SELECT
            `t8`.`request_id`,
            `t8`.`account_id`,
            `t8`.`ts_ms`,
            `t8`.`bucket`,
            `t8`.`org_id`,
            `t8`.`api_key_id`,
            `t8`.`end_user`,
            `t8`.`ip`,
            `t8`.`asn`,
            `t8`.`user_agent`,
            `t8`.`conversation_id`,
            `t8`.`prompt_chars`,
            `t8`.`prompt_hash`,
            `t8`.`template_fp`,
            `t8`.`prefix_fp`,
            `t8`.`suffix_fp`,
            `t8`.`system_fp`,
            `t8`.`cue_cot`,
            `t8`.`cue_align`,
            `t8`.`cue_datagen`,
            `t8`.`cue_sysprompt`,
            `t8`.`cue_cot_sys`,
            `t8`.`head_words`,
            `t8`.`tail_words`,
            `t8`.`capability`,
            `t8`.`topic`,
            `t8`.`lang`,
            `t8`.`v_day`,
            `t8`.`v_hour`,
            `t8`.`v_hour_of_day`,
            `t8`.`v_prefix`,
            `t8`.`v_infra`,
            `t8`.`v_prompt_key`,
            `t8`.`v_w15`,
            `t8`.`v_w15b`,
            `t8`.`v_nd_a`,
            `t8`.`v_nd_b`,
            `t8`.`v_params`,
            `t8`.`f_cap_coding`,
            `t8`.`f_cap_math`,
            `t8`.`f_cap_reasoning`,
            `t8`.`f_cap_alignment`,
            `t8`.`f_cap_datagen`,
            `t8`.`f_cap_sysprompt`,
            `t8`.`f_cap_general`,
            `t8`.`f_prompt_known`,
            `t8`.`f_output_known`,
            `t8`.`f_params_known`,
            `t8`.`f_long_max`,
            `t8`.`f_multi_n`,
            `t8`.`f_logprob`,
            `t8`.`f_top_lp_high`,
            `t8`.`f_logit_bias`,
            `t8`.`f_logit_bias_large`,
            `t8`.`f_short_out`,
            `t8`.`f_long_out`,
            `t8`.`f_reasoning_high`,
            `t8`.`f_temp_known`,
            `t8`.`f_temp_zero`,
            `t8`.`f_tools`,
            `t8`.`f_followup`,
            `t8`.`f_error`,
            `t8`.`f_rate_limited`,
            `t8`.`f_refusal`,
            `t8`.`f_cue_any`,
            `t8`.`f_harvest`,
            `t8`.`f_logit_evidence`,
            `t8`.`v_input_tokens`,
            `t8`.`v_output_tokens`,
            `t8`.`v_reasoning_tokens`,
            `t8`.`v_n`,
            `t8`.`v_top_lp`,
            `t8`.`v_logit_bias`,
            `t8`.`v_max_tokens`
          FROM (
            SELECT
              *
            FROM `event_features` AS `t1`
            WHERE
              `t1`.`end_user` IS NOT NULL
          ) AS `t8`
          LEFT SEMI JOIN (
            SELECT
              *
            FROM `t13` AS `t14`
            WHERE
              `t14`.`kind` = 'end_user'
          ) AS `t18`
            ON `t8`.`account_id` = `t18`.`account_id`
        ) AS `t20`
      ) AS `t22`
    ) AS `t23`
  ) AS `t25`
  INNER JOIN `_dg_state` AS `t2`
    ON `t25`.`account_id` = `t2`.`s_acct` AND `t25`.`request_id` = `t2`.`s_rid`
) AS `t26`
