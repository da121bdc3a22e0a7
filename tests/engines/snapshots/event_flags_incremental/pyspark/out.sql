WITH `t37` AS (
  SELECT
    *
  FROM `event_features` AS `t1`
  WHERE
    NOT (
      `t1`.`request_id` IN (
        SELECT
          `t0`.`request_id`
        FROM `event_flags` AS `t0`
      )
    )
), `t53` AS (
  SELECT
    *
  FROM (
    SELECT
      `t50`.`a` AS `account_id`,
      'end_user' AS `kind`
    FROM (
      SELECT
        `t48`.`a`,
        COUNT(DISTINCT `t48`.`v`) AS `k`
      FROM (
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t38`.`account_id` AS `a`,
              `t38`.`end_user` AS `v`
            FROM `t37` AS `t38`
          ) AS `t40`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              `t0`.`account_id` AS `a`,
              `t0`.`end_user` AS `v`
            FROM `event_flags` AS `t0`
          ) AS `t3`
        ) AS `t44`
        WHERE
          `t44`.`v` IS NOT NULL AND NOT (
            STARTSWITH(`t44`.`a`, '')
          )
      ) AS `t48`
      GROUP BY
        1
    ) AS `t50`
    WHERE
      `t50`.`k` >= 4
  ) AS `t52`
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      `t49`.`a` AS `account_id`,
      'api_key' AS `kind`
    FROM (
      SELECT
        `t47`.`a`,
        COUNT(DISTINCT `t47`.`v`) AS `k`
      FROM (
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t38`.`account_id` AS `a`,
              `t38`.`api_key_id` AS `v`
            FROM `t37` AS `t38`
          ) AS `t39`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              `t0`.`account_id` AS `a`,
              `t0`.`api_key_id` AS `v`
            FROM `event_flags` AS `t0`
          ) AS `t4`
        ) AS `t42`
        WHERE
          `t42`.`v` IS NOT NULL AND NOT (
            STARTSWITH(`t42`.`a`, '')
          )
      ) AS `t47`
      GROUP BY
        1
    ) AS `t49`
    WHERE
      `t49`.`k` >= 4
  ) AS `t51`
), `t64` AS (
  SELECT
    *
  FROM (
    SELECT
      `t59`.`request_id`,
      CONCAT(
        CONCAT(
          CONCAT('api_key', REPLACE(REPLACE(`t59`.`account_id`, '\\', '\\\\'), '', '\\x1f')),
          ''
        ),
        REPLACE(REPLACE(`t59`.`api_key_id`, '\\', '\\\\'), '', '\\x1f')
      ) AS `account_id`,
      `t59`.`ts_ms`,
      `t59`.`bucket`,
      `t59`.`org_id`,
      `t59`.`api_key_id`,
      `t59`.`end_user`,
      `t59`.`ip`,
      `t59`.`asn`,
      `t59`.`user_agent`,
      `t59`.`conversation_id`,
      `t59`.`prompt_chars`,
      `t59`.`prompt_hash`,
      `t59`.`template_fp`,
      `t59`.`prefix_fp`,
      `t59`.`suffix_fp`,
      `t59`.`system_fp`,
      `t59`.`cue_cot`,
      `t59`.`cue_align`,
      `t59`.`cue_datagen`,
      `t59`.`cue_sysprompt`,
      `t59`.`cue_cot_sys`,
      `t59`.`head_words`,
      `t59`.`tail_words`,
      `t59`.`capability`,
      `t59`.`topic`,
      `t59`.`lang`,
      `t59`.`v_day`,
      `t59`.`v_hour`,
      `t59`.`v_hour_of_day`,
      `t59`.`v_prefix`,
      `t59`.`v_infra`,
      `t59`.`v_prompt_key`,
      `t59`.`v_w15`,
      `t59`.`v_w15b`,
      `t59`.`v_nd_a`,
      `t59`.`v_nd_b`,
      `t59`.`v_params`,
      `t59`.`f_cap_coding`,
      `t59`.`f_cap_math`,
      `t59`.`f_cap_reasoning`,
      `t59`.`f_cap_alignment`,
      `t59`.`f_cap_datagen`,
      `t59`.`f_cap_sysprompt`,
      `t59`.`f_cap_general`,
      `t59`.`f_prompt_known`,
      `t59`.`f_output_known`,
      `t59`.`f_params_known`,
      `t59`.`f_long_max`,
      `t59`.`f_multi_n`,
      `t59`.`f_logprob`,
      `t59`.`f_top_lp_high`,
      `t59`.`f_logit_bias`,
      `t59`.`f_logit_bias_large`,
      `t59`.`f_short_out`,
      `t59`.`f_long_out`,
      `t59`.`f_reasoning_high`,
      `t59`.`f_temp_known`,
      `t59`.`f_temp_zero`,
      `t59`.`f_tools`,
      `t59`.`f_followup`,
      `t59`.`f_error`,
      `t59`.`f_rate_limited`,
      `t59`.`f_refusal`,
      `t59`.`f_cue_any`,
      `t59`.`f_harvest`,
      `t59`.`f_logit_evidence`,
      `t59`.`v_input_tokens`,
      `t59`.`v_output_tokens`,
      `t59`.`v_reasoning_tokens`,
      `t59`.`v_n`,
      `t59`.`v_top_lp`,
      `t59`.`v_logit_bias`,
      `t59`.`v_max_tokens`
    FROM (
      SELECT
        `t45`.`request_id`,
        `t45`.`account_id`,
        `t45`.`ts_ms`,
        `t45`.`bucket`,
        `t45`.`org_id`,
        `t45`.`api_key_id`,
        `t45`.`end_user`,
        `t45`.`ip`,
        `t45`.`asn`,
        `t45`.`user_agent`,
        `t45`.`conversation_id`,
        `t45`.`prompt_chars`,
        `t45`.`prompt_hash`,
        `t45`.`template_fp`,
        `t45`.`prefix_fp`,
        `t45`.`suffix_fp`,
        `t45`.`system_fp`,
        `t45`.`cue_cot`,
        `t45`.`cue_align`,
        `t45`.`cue_datagen`,
        `t45`.`cue_sysprompt`,
        `t45`.`cue_cot_sys`,
        `t45`.`head_words`,
        `t45`.`tail_words`,
        `t45`.`capability`,
        `t45`.`topic`,
        `t45`.`lang`,
        `t45`.`v_day`,
        `t45`.`v_hour`,
        `t45`.`v_hour_of_day`,
        `t45`.`v_prefix`,
        `t45`.`v_infra`,
        `t45`.`v_prompt_key`,
        `t45`.`v_w15`,
        `t45`.`v_w15b`,
        `t45`.`v_nd_a`,
        `t45`.`v_nd_b`,
        `t45`.`v_params`,
        `t45`.`f_cap_coding`,
        `t45`.`f_cap_math`,
        `t45`.`f_cap_reasoning`,
        `t45`.`f_cap_alignment`,
        `t45`.`f_cap_datagen`,
        `t45`.`f_cap_sysprompt`,
        `t45`.`f_cap_general`,
        `t45`.`f_prompt_known`,
        `t45`.`f_output_known`,
        `t45`.`f_params_known`,
        `t45`.`f_long_max`,
        `t45`.`f_multi_n`,
        `t45`.`f_logprob`,
        `t45`.`f_top_lp_high`,
        `t45`.`f_logit_bias`,
        `t45`.`f_logit_bias_large`,
        `t45`.`f_short_out`,
        `t45`.`f_long_out`,
        `t45`.`f_reasoning_high`,
        `t45`.`f_temp_known`,
        `t45`.`f_temp_zero`,
        `t45`.`f_tools`,
        `t45`.`f_followup`,
        `t45`.`f_error`,
        `t45`.`f_rate_limited`,
        `t45`.`f_refusal`,
        `t45`.`f_cue_any`,
        `t45`.`f_harvest`,
        `t45`.`f_logit_evidence`,
        `t45`.`v_input_tokens`,
        `t45`.`v_output_tokens`,
        `t45`.`v_reasoning_tokens`,
        `t45`.`v_n`,
        `t45`.`v_top_lp`,
        `t45`.`v_logit_bias`,
        `t45`.`v_max_tokens`
      FROM (
        SELECT
          *
        FROM `t37` AS `t38`
        WHERE
          `t38`.`api_key_id` IS NOT NULL
      ) AS `t45`
      LEFT SEMI JOIN (
        SELECT
          *
        FROM `t53` AS `t54`
        WHERE
          `t54`.`kind` = 'api_key'
      ) AS `t57`
        ON `t45`.`account_id` = `t57`.`account_id`
    ) AS `t59`
  ) AS `t61`
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      *
    FROM `t37` AS `t38`
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        `t60`.`request_id`,
        CONCAT(
          CONCAT(
            CONCAT('end_user', REPLACE(REPLACE(`t60`.`account_id`, '\\', '\\\\'), '', '\\x1f')),
            ''
          ),
          REPLACE(REPLACE(`t60`.`end_user`, '\\', '\\\\'), '', '\\x1f')
        ) AS `account_id`,
        `t60`.`ts_ms`,
        `t60`.`bucket`,
        `t60`.`org_id`,
        `t60`.`api_key_id`,
        `t60`.`end_user`,
        `t60`.`ip`,
        `t60`.`asn`,
        `t60`.`user_agent`,
        `t60`.`conversation_id`,
        `t60`.`prompt_chars`,
        `t60`.`prompt_hash`,
        `t60`.`template_fp`,
        `t60`.`prefix_fp`,
        `t60`.`suffix_fp`,
        `t60`.`system_fp`,
        `t60`.`cue_cot`,
        `t60`.`cue_align`,
        `t60`.`cue_datagen`,
        `t60`.`cue_sysprompt`,
        `t60`.`cue_cot_sys`,
        `t60`.`head_words`,
        `t60`.`tail_words`,
        `t60`.`capability`,
        `t60`.`topic`,
        `t60`.`lang`,
        `t60`.`v_day`,
        `t60`.`v_hour`,
        `t60`.`v_hour_of_day`,
        `t60`.`v_prefix`,
        `t60`.`v_infra`,
        `t60`.`v_prompt_key`,
        `t60`.`v_w15`,
        `t60`.`v_w15b`,
        `t60`.`v_nd_a`,
        `t60`.`v_nd_b`,
        `t60`.`v_params`,
        `t60`.`f_cap_coding`,
        `t60`.`f_cap_math`,
        `t60`.`f_cap_reasoning`,
        `t60`.`f_cap_alignment`,
        `t60`.`f_cap_datagen`,
        `t60`.`f_cap_sysprompt`,
        `t60`.`f_cap_general`,
        `t60`.`f_prompt_known`,
        `t60`.`f_output_known`,
        `t60`.`f_params_known`,
        `t60`.`f_long_max`,
        `t60`.`f_multi_n`,
        `t60`.`f_logprob`,
        `t60`.`f_top_lp_high`,
        `t60`.`f_logit_bias`,
        `t60`.`f_logit_bias_large`,
        `t60`.`f_short_out`,
        `t60`.`f_long_out`,
        `t60`.`f_reasoning_high`,
        `t60`.`f_temp_known`,
        `t60`.`f_temp_zero`,
        `t60`.`f_tools`,
        `t60`.`f_followup`,
        `t60`.`f_error`,
        `t60`.`f_rate_limited`,
        `t60`.`f_refusal`,
        `t60`.`f_cue_any`,
        `t60`.`f_harvest`,
        `t60`.`f_logit_evidence`,
        `t60`.`v_input_tokens`,
        `t60`.`v_output_tokens`,
        `t60`.`v_reasoning_tokens`,
        `t60`.`v_n`,
        `t60`.`v_top_lp`,
        `t60`.`v_logit_bias`,
        `t60`.`v_max_tokens`
      FROM (
        SELECT
          `t46`.`request_id`,
          `t46`.`account_id`,
          `t46`.`ts_ms`,
          `t46`.`bucket`,
          `t46`.`org_id`,
          `t46`.`api_key_id`,
          `t46`.`end_user`,
          `t46`.`ip`,
          `t46`.`asn`,
          `t46`.`user_agent`,
          `t46`.`conversation_id`,
          `t46`.`prompt_chars`,
          `t46`.`prompt_hash`,
          `t46`.`template_fp`,
          `t46`.`prefix_fp`,
          `t46`.`suffix_fp`,
          `t46`.`system_fp`,
          `t46`.`cue_cot`,
          `t46`.`cue_align`,
          `t46`.`cue_datagen`,
          `t46`.`cue_sysprompt`,
          `t46`.`cue_cot_sys`,
          `t46`.`head_words`,
          `t46`.`tail_words`,
          `t46`.`capability`,
          `t46`.`topic`,
          `t46`.`lang`,
          `t46`.`v_day`,
          `t46`.`v_hour`,
          `t46`.`v_hour_of_day`,
          `t46`.`v_prefix`,
          `t46`.`v_infra`,
          `t46`.`v_prompt_key`,
          `t46`.`v_w15`,
          `t46`.`v_w15b`,
          `t46`.`v_nd_a`,
          `t46`.`v_nd_b`,
          `t46`.`v_params`,
          `t46`.`f_cap_coding`,
          `t46`.`f_cap_math`,
          `t46`.`f_cap_reasoning`,
          `t46`.`f_cap_alignment`,
          `t46`.`f_cap_datagen`,
          `t46`.`f_cap_sysprompt`,
          `t46`.`f_cap_general`,
          `t46`.`f_prompt_known`,
          `t46`.`f_output_known`,
          `t46`.`f_params_known`,
          `t46`.`f_long_max`,
          `t46`.`f_multi_n`,
          `t46`.`f_logprob`,
          `t46`.`f_top_lp_high`,
          `t46`.`f_logit_bias`,
          `t46`.`f_logit_bias_large`,
          `t46`.`f_short_out`,
          `t46`.`f_long_out`,
          `t46`.`f_reasoning_high`,
          `t46`.`f_temp_known`,
          `t46`.`f_temp_zero`,
          `t46`.`f_tools`,
          `t46`.`f_followup`,
          `t46`.`f_error`,
          `t46`.`f_rate_limited`,
          `t46`.`f_refusal`,
          `t46`.`f_cue_any`,
          `t46`.`f_harvest`,
          `t46`.`f_logit_evidence`,
          `t46`.`v_input_tokens`,
          `t46`.`v_output_tokens`,
          `t46`.`v_reasoning_tokens`,
          `t46`.`v_n`,
          `t46`.`v_top_lp`,
          `t46`.`v_logit_bias`,
          `t46`.`v_max_tokens`
        FROM (
          SELECT
            *
          FROM `t37` AS `t38`
          WHERE
            `t38`.`end_user` IS NOT NULL
        ) AS `t46`
        LEFT SEMI JOIN (
          SELECT
            *
          FROM `t53` AS `t54`
          WHERE
            `t54`.`kind` = 'end_user'
        ) AS `t58`
          ON `t46`.`account_id` = `t58`.`account_id`
      ) AS `t60`
    ) AS `t62`
  ) AS `t63`
)
SELECT
  `t148`.`request_id`,
  `t148`.`account_id`,
  `t148`.`ts_ms`,
  `t148`.`bucket`,
  `t148`.`org_id`,
  `t148`.`api_key_id`,
  `t148`.`end_user`,
  `t148`.`ip`,
  `t148`.`asn`,
  `t148`.`user_agent`,
  `t148`.`conversation_id`,
  `t148`.`prompt_chars`,
  `t148`.`prompt_hash`,
  `t148`.`template_fp`,
  `t148`.`prefix_fp`,
  `t148`.`suffix_fp`,
  `t148`.`system_fp`,
  `t148`.`cue_cot`,
  `t148`.`cue_align`,
  `t148`.`cue_datagen`,
  `t148`.`cue_sysprompt`,
  `t148`.`cue_cot_sys`,
  `t148`.`head_words`,
  `t148`.`tail_words`,
  `t148`.`capability`,
  `t148`.`topic`,
  `t148`.`lang`,
  `t148`.`v_day`,
  `t148`.`v_hour`,
  `t148`.`v_hour_of_day`,
  `t148`.`v_prefix`,
  `t148`.`v_infra`,
  `t148`.`v_prompt_key`,
  `t148`.`v_w15`,
  `t148`.`v_w15b`,
  `t148`.`v_nd_a`,
  `t148`.`v_nd_b`,
  `t148`.`v_params`,
  `t148`.`f_cap_coding`,
  `t148`.`f_cap_math`,
  `t148`.`f_cap_reasoning`,
  `t148`.`f_cap_alignment`,
  `t148`.`f_cap_datagen`,
  `t148`.`f_cap_sysprompt`,
  `t148`.`f_cap_general`,
  `t148`.`f_prompt_known`,
  `t148`.`f_output_known`,
  `t148`.`f_params_known`,
  `t148`.`f_long_max`,
  `t148`.`f_multi_n`,
  `t148`.`f_logprob`,
  `t148`.`f_top_lp_high`,
  `t148`.`f_logit_bias`,
  `t148`.`f_logit_bias_large`,
  `t148`.`f_short_out`,
  `t148`.`f_long_out`,
  `t148`.`f_reasoning_high`,
  `t148`.`f_temp_known`,
  `t148`.`f_temp_zero`,
  `t148`.`f_tools`,
  `t148`.`f_followup`,
  `t148`.`f_error`,
  `t148`.`f_rate_limited`,
  `t148`.`f_refusal`,
  `t148`.`f_cue_any`,
  `t148`.`f_harvest`,
  `t148`.`f_logit_evidence`,
  `t148`.`v_input_tokens`,
  `t148`.`v_output_tokens`,
  `t148`.`v_reasoning_tokens`,
  `t148`.`v_n`,
  `t148`.`v_top_lp`,
  `t148`.`v_logit_bias`,
  `t148`.`v_max_tokens`,
  `t148`.`n_day`,
  `t148`.`n_hour`,
  `t148`.`n_hour_of_day`,
  `t148`.`n_ip`,
  `t148`.`n_prefix`,
  `t148`.`n_asn`,
  `t148`.`n_ua`,
  `t148`.`n_prompt`,
  `t148`.`n_template`,
  `t148`.`n_prefix_fp`,
  `t148`.`n_suffix_fp`,
  `t148`.`n_topic`,
  `t148`.`n_system`,
  `t148`.`n_conversation`,
  `t148`.`v_acct_first`,
  `t148`.`v_infra_first`,
  `t148`.`v_gap_raw`,
  `t148`.`v_gap_raw` IS NOT NULL
  AND NOT ISNAN(`t148`.`v_gap_raw`)
  AND (
    `t148`.`v_gap_raw` < 3600.0
  ) AS `f_gap`,
  COALESCE(`t148`.`v_gap_raw` >= 14400.0, FALSE) AS `f_rest`,
  (
    `t148`.`v_infra_first` - `t148`.`v_acct_first`
  ) >= 259200000 AS `f_late_infra`,
  (
    (
      `t148`.`v_infra_first` - `t148`.`v_acct_first`
    ) >= 259200000
  )
  AND `t148`.`f_cue_any` AS `f_late_cue`,
  CASE
    WHEN `t148`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t148`.`v_gap_raw`)
    AND (
      `t148`.`v_gap_raw` < 3600.0
    )
    THEN `t148`.`v_gap_raw`
    ELSE 0.0
  END AS `v_gap`,
  CASE
    WHEN `t148`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t148`.`v_gap_raw`)
    AND (
      `t148`.`v_gap_raw` < 3600.0
    )
    THEN LOG(10, `t148`.`v_gap_raw` + 0.1)
    ELSE 0.0
  END AS `v_gap_log`,
  CASE
    WHEN `t148`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t148`.`v_gap_raw`)
    AND (
      `t148`.`v_gap_raw` < 3600.0
    )
    THEN `t148`.`v_gap_raw`
    ELSE 0.0
  END * CASE
    WHEN `t148`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t148`.`v_gap_raw`)
    AND (
      `t148`.`v_gap_raw` < 3600.0
    )
    THEN `t148`.`v_gap_raw`
    ELSE 0.0
  END AS `v_gap_sq`,
  CASE
    WHEN `t148`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t148`.`v_gap_raw`)
    AND (
      `t148`.`v_gap_raw` < 3600.0
    )
    THEN LOG(10, `t148`.`v_gap_raw` + 0.1)
    ELSE 0.0
  END * CASE
    WHEN `t148`.`v_gap_raw` IS NOT NULL
    AND NOT ISNAN(`t148`.`v_gap_raw`)
    AND (
      `t148`.`v_gap_raw` < 3600.0
    )
    THEN LOG(10, `t148`.`v_gap_raw` + 0.1)
    ELSE 0.0
  END AS `v_gap_log_sq`,
  CASE
    WHEN (
      `t148`.`v_infra_first` - `t148`.`v_acct_first`
    ) >= 259200000
    THEN `t148`.`ts_ms`
    ELSE CAST(NULL AS BIGINT)
  END AS `v_late_ts`
FROM (
  SELECT
    `t147`.`request_id`,
    `t147`.`account_id`,
    `t147`.`ts_ms`,
    `t147`.`bucket`,
    `t147`.`org_id`,
    `t147`.`api_key_id`,
    `t147`.`end_user`,
    `t147`.`ip`,
    `t147`.`asn`,
    `t147`.`user_agent`,
    `t147`.`conversation_id`,
    `t147`.`prompt_chars`,
    `t147`.`prompt_hash`,
    `t147`.`template_fp`,
    `t147`.`prefix_fp`,
    `t147`.`suffix_fp`,
    `t147`.`system_fp`,
    `t147`.`cue_cot`,
    `t147`.`cue_align`,
    `t147`.`cue_datagen`,
    `t147`.`cue_sysprompt`,
    `t147`.`cue_cot_sys`,
    `t147`.`head_words`,
    `t147`.`tail_words`,
    `t147`.`capability`,
    `t147`.`topic`,
    `t147`.`lang`,
    `t147`.`v_day`,
    `t147`.`v_hour`,
    `t147`.`v_hour_of_day`,
    `t147`.`v_prefix`,
    `t147`.`v_infra`,
    `t147`.`v_prompt_key`,
    `t147`.`v_w15`,
    `t147`.`v_w15b`,
    `t147`.`v_nd_a`,
    `t147`.`v_nd_b`,
    `t147`.`v_params`,
    `t147`.`f_cap_coding`,
    `t147`.`f_cap_math`,
    `t147`.`f_cap_reasoning`,
    `t147`.`f_cap_alignment`,
    `t147`.`f_cap_datagen`,
    `t147`.`f_cap_sysprompt`,
    `t147`.`f_cap_general`,
    `t147`.`f_prompt_known`,
    `t147`.`f_output_known`,
    `t147`.`f_params_known`,
    `t147`.`f_long_max`,
    `t147`.`f_multi_n`,
    `t147`.`f_logprob`,
    `t147`.`f_top_lp_high`,
    `t147`.`f_logit_bias`,
    `t147`.`f_logit_bias_large`,
    `t147`.`f_short_out`,
    `t147`.`f_long_out`,
    `t147`.`f_reasoning_high`,
    `t147`.`f_temp_known`,
    `t147`.`f_temp_zero`,
    `t147`.`f_tools`,
    `t147`.`f_followup`,
    `t147`.`f_error`,
    `t147`.`f_rate_limited`,
    `t147`.`f_refusal`,
    `t147`.`f_cue_any`,
    `t147`.`f_harvest`,
    `t147`.`f_logit_evidence`,
    `t147`.`v_input_tokens`,
    `t147`.`v_output_tokens`,
    `t147`.`v_reasoning_tokens`,
    `t147`.`v_n`,
    `t147`.`v_top_lp`,
    `t147`.`v_logit_bias`,
    `t147`.`v_max_tokens`,
    `t147`.`n_day`,
    `t147`.`n_hour`,
    `t147`.`n_hour_of_day`,
    `t147`.`n_ip`,
    `t147`.`n_prefix`,
    `t147`.`n_asn`,
    `t147`.`n_ua`,
    `t147`.`n_prompt`,
    `t147`.`n_template`,
    `t147`.`n_prefix_fp`,
    `t147`.`n_suffix_fp`,
    `t147`.`n_topic`,
    `t147`.`n_system`,
    `t147`.`n_conversation`,
    `t147`.`v_acct_first`,
    `t147`.`v_infra_first`,
    `t147`.`l_ts`,
    CAST(`t147`.`ts_ms` - COALESCE(
      LAG(`t147`.`ts_ms`) OVER (
        PARTITION BY `t147`.`account_id`
        ORDER BY `t147`.`ts_ms` ASC NULLS LAST, `t147`.`request_id` ASC NULLS LAST
      ),
      `t147`.`l_ts`
    ) AS DOUBLE) / 1000.0 AS `v_gap_raw`
  FROM (
    SELECT
      `t146`.`request_id`,
      `t146`.`account_id`,
      `t146`.`ts_ms`,
      `t146`.`bucket`,
      `t146`.`org_id`,
      `t146`.`api_key_id`,
      `t146`.`end_user`,
      `t146`.`ip`,
      `t146`.`asn`,
      `t146`.`user_agent`,
      `t146`.`conversation_id`,
      `t146`.`prompt_chars`,
      `t146`.`prompt_hash`,
      `t146`.`template_fp`,
      `t146`.`prefix_fp`,
      `t146`.`suffix_fp`,
      `t146`.`system_fp`,
      `t146`.`cue_cot`,
      `t146`.`cue_align`,
      `t146`.`cue_datagen`,
      `t146`.`cue_sysprompt`,
      `t146`.`cue_cot_sys`,
      `t146`.`head_words`,
      `t146`.`tail_words`,
      `t146`.`capability`,
      `t146`.`topic`,
      `t146`.`lang`,
      `t146`.`v_day`,
      `t146`.`v_hour`,
      `t146`.`v_hour_of_day`,
      `t146`.`v_prefix`,
      `t146`.`v_infra`,
      `t146`.`v_prompt_key`,
      `t146`.`v_w15`,
      `t146`.`v_w15b`,
      `t146`.`v_nd_a`,
      `t146`.`v_nd_b`,
      `t146`.`v_params`,
      `t146`.`f_cap_coding`,
      `t146`.`f_cap_math`,
      `t146`.`f_cap_reasoning`,
      `t146`.`f_cap_alignment`,
      `t146`.`f_cap_datagen`,
      `t146`.`f_cap_sysprompt`,
      `t146`.`f_cap_general`,
      `t146`.`f_prompt_known`,
      `t146`.`f_output_known`,
      `t146`.`f_params_known`,
      `t146`.`f_long_max`,
      `t146`.`f_multi_n`,
      `t146`.`f_logprob`,
      `t146`.`f_top_lp_high`,
      `t146`.`f_logit_bias`,
      `t146`.`f_logit_bias_large`,
      `t146`.`f_short_out`,
      `t146`.`f_long_out`,
      `t146`.`f_reasoning_high`,
      `t146`.`f_temp_known`,
      `t146`.`f_temp_zero`,
      `t146`.`f_tools`,
      `t146`.`f_followup`,
      `t146`.`f_error`,
      `t146`.`f_rate_limited`,
      `t146`.`f_refusal`,
      `t146`.`f_cue_any`,
      `t146`.`f_harvest`,
      `t146`.`f_logit_evidence`,
      `t146`.`v_input_tokens`,
      `t146`.`v_output_tokens`,
      `t146`.`v_reasoning_tokens`,
      `t146`.`v_n`,
      `t146`.`v_top_lp`,
      `t146`.`v_logit_bias`,
      `t146`.`v_max_tokens`,
      COALESCE(`t146`.`n_day`, FALSE) AS `n_day`,
      COALESCE(`t146`.`n_hour`, FALSE) AS `n_hour`,
      COALESCE(`t146`.`n_hour_of_day`, FALSE) AS `n_hour_of_day`,
      COALESCE(`t146`.`n_ip`, FALSE) AS `n_ip`,
      COALESCE(`t146`.`n_prefix`, FALSE) AS `n_prefix`,
      COALESCE(`t146`.`n_asn`, FALSE) AS `n_asn`,
      COALESCE(`t146`.`n_ua`, FALSE) AS `n_ua`,
      COALESCE(`t146`.`n_prompt`, FALSE) AS `n_prompt`,
      COALESCE(`t146`.`n_template`, FALSE) AS `n_template`,
      COALESCE(`t146`.`n_prefix_fp`, FALSE) AS `n_prefix_fp`,
      COALESCE(`t146`.`n_suffix_fp`, FALSE) AS `n_suffix_fp`,
      COALESCE(`t146`.`n_topic`, FALSE) AS `n_topic`,
      COALESCE(`t146`.`n_system`, FALSE) AS `n_system`,
      COALESCE(`t146`.`n_conversation`, FALSE) AS `n_conversation`,
      `t146`.`v_acct_first`,
      `t146`.`v_infra_first`,
      `t146`.`l_ts`
    FROM (
      SELECT
        `t66`.`request_id`,
        `t66`.`account_id`,
        `t66`.`ts_ms`,
        `t66`.`bucket`,
        `t66`.`org_id`,
        `t66`.`api_key_id`,
        `t66`.`end_user`,
        `t66`.`ip`,
        `t66`.`asn`,
        `t66`.`user_agent`,
        `t66`.`conversation_id`,
        `t66`.`prompt_chars`,
        `t66`.`prompt_hash`,
        `t66`.`template_fp`,
        `t66`.`prefix_fp`,
        `t66`.`suffix_fp`,
        `t66`.`system_fp`,
        `t66`.`cue_cot`,
        `t66`.`cue_align`,
        `t66`.`cue_datagen`,
        `t66`.`cue_sysprompt`,
        `t66`.`cue_cot_sys`,
        `t66`.`head_words`,
        `t66`.`tail_words`,
        `t66`.`capability`,
        `t66`.`topic`,
        `t66`.`lang`,
        `t66`.`v_day`,
        `t66`.`v_hour`,
        `t66`.`v_hour_of_day`,
        `t66`.`v_prefix`,
        `t66`.`v_infra`,
        `t66`.`v_prompt_key`,
        `t66`.`v_w15`,
        `t66`.`v_w15b`,
        `t66`.`v_nd_a`,
        `t66`.`v_nd_b`,
        `t66`.`v_params`,
        `t66`.`f_cap_coding`,
        `t66`.`f_cap_math`,
        `t66`.`f_cap_reasoning`,
        `t66`.`f_cap_alignment`,
        `t66`.`f_cap_datagen`,
        `t66`.`f_cap_sysprompt`,
        `t66`.`f_cap_general`,
        `t66`.`f_prompt_known`,
        `t66`.`f_output_known`,
        `t66`.`f_params_known`,
        `t66`.`f_long_max`,
        `t66`.`f_multi_n`,
        `t66`.`f_logprob`,
        `t66`.`f_top_lp_high`,
        `t66`.`f_logit_bias`,
        `t66`.`f_logit_bias_large`,
        `t66`.`f_short_out`,
        `t66`.`f_long_out`,
        `t66`.`f_reasoning_high`,
        `t66`.`f_temp_known`,
        `t66`.`f_temp_zero`,
        `t66`.`f_tools`,
        `t66`.`f_followup`,
        `t66`.`f_error`,
        `t66`.`f_rate_limited`,
        `t66`.`f_refusal`,
        `t66`.`f_cue_any`,
        `t66`.`f_harvest`,
        `t66`.`f_logit_evidence`,
        `t66`.`v_input_tokens`,
        `t66`.`v_output_tokens`,
        `t66`.`v_reasoning_tokens`,
        `t66`.`v_n`,
        `t66`.`v_top_lp`,
        `t66`.`v_logit_bias`,
        `t66`.`v_max_tokens`,
        `t145`.`n_day`,
        `t145`.`n_hour`,
        `t145`.`n_hour_of_day`,
        `t145`.`n_ip`,
        `t145`.`n_prefix`,
        `t145`.`n_asn`,
        `t145`.`n_ua`,
        `t145`.`n_prompt`,
        `t145`.`n_template`,
        `t145`.`n_prefix_fp`,
        `t145`.`n_suffix_fp`,
        `t145`.`n_topic`,
        `t145`.`n_system`,
        `t145`.`n_conversation`,
        `t87`.`v_acct_first`,
        `t88`.`v_infra_first`,
        `t22`.`l_ts`
      FROM `t64` AS `t66`
      LEFT OUTER JOIN (
        SELECT
          `t143`.`acct`,
          `t143`.`rid`,
          BOOL_OR(`t143`.`tag` = 'day') AS `n_day`,
          BOOL_OR(`t143`.`tag` = 'hour') AS `n_hour`,
          BOOL_OR(`t143`.`tag` = 'hour_of_day') AS `n_hour_of_day`,
          BOOL_OR(`t143`.`tag` = 'ip') AS `n_ip`,
          BOOL_OR(`t143`.`tag` = 'prefix') AS `n_prefix`,
          BOOL_OR(`t143`.`tag` = 'asn') AS `n_asn`,
          BOOL_OR(`t143`.`tag` = 'ua') AS `n_ua`,
          BOOL_OR(`t143`.`tag` = 'prompt') AS `n_prompt`,
          BOOL_OR(`t143`.`tag` = 'template') AS `n_template`,
          BOOL_OR(`t143`.`tag` = 'prefix_fp') AS `n_prefix_fp`,
          BOOL_OR(`t143`.`tag` = 'suffix_fp') AS `n_suffix_fp`,
          BOOL_OR(`t143`.`tag` = 'topic') AS `n_topic`,
          BOOL_OR(`t143`.`tag` = 'system') AS `n_system`,
          BOOL_OR(`t143`.`tag` = 'conversation') AS `n_conversation`
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
                  `t110`.`account_id` AS `acct`,
                  SUBSTRING(`t110`.`o`, IF((
                    17 + 1
                  ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t110`.`o`))) AS `rid`,
                  'system' AS `tag`
                FROM (
                  SELECT
                    `t76`.`account_id`,
                    `t76`.`system_fp`,
                    MIN(
                      CONCAT(
                        CONCAT(
                          LPAD(
                            CAST(`t76`.`ts_ms` AS STRING),
                            GREATEST(LENGTH(CAST(`t76`.`ts_ms` AS STRING)), 16),
                            '0'
                          ),
                          '|'
                        ),
                        `t76`.`request_id`
                      )
                    ) AS `o`
                  FROM (
                    SELECT
                      *
                    FROM `t64` AS `t65`
                    WHERE
                      `t65`.`system_fp` IS NOT NULL
                  ) AS `t76`
                  GROUP BY
                    1,
                    2
                ) AS `t110`
                LEFT ANTI JOIN (
                  SELECT DISTINCT
                    `t0`.`account_id`,
                    `t0`.`system_fp`
                  FROM `event_flags` AS `t0`
                  WHERE
                    `t0`.`system_fp` IS NOT NULL
                ) AS `t23`
                  ON `t110`.`account_id` = `t23`.`account_id`
                  AND `t110`.`system_fp` = `t23`.`system_fp`
              ) AS `t124`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  `t106`.`account_id` AS `acct`,
                  SUBSTRING(`t106`.`o`, IF((
                    17 + 1
                  ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t106`.`o`))) AS `rid`,
                  'conversation' AS `tag`
                FROM (
                  SELECT
                    `t72`.`account_id`,
                    `t72`.`conversation_id`,
                    MIN(
                      CONCAT(
                        CONCAT(
                          LPAD(
                            CAST(`t72`.`ts_ms` AS STRING),
                            GREATEST(LENGTH(CAST(`t72`.`ts_ms` AS STRING)), 16),
                            '0'
                          ),
                          '|'
                        ),
                        `t72`.`request_id`
                      )
                    ) AS `o`
                  FROM (
                    SELECT
                      *
                    FROM `t64` AS `t65`
                    WHERE
                      `t65`.`conversation_id` IS NOT NULL
                  ) AS `t72`
                  GROUP BY
                    1,
                    2
                ) AS `t106`
                LEFT ANTI JOIN (
                  SELECT DISTINCT
                    `t0`.`account_id`,
                    `t0`.`conversation_id`
                  FROM `event_flags` AS `t0`
                  WHERE
                    `t0`.`conversation_id` IS NOT NULL
                ) AS `t24`
                  ON `t106`.`account_id` = `t24`.`account_id`
                  AND `t106`.`conversation_id` = `t24`.`conversation_id`
              ) AS `t120`
            ) AS `t132`
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
                    `t112`.`account_id` AS `acct`,
                    SUBSTRING(`t112`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t112`.`o`))) AS `rid`,
                    'day' AS `tag`
                  FROM (
                    SELECT
                      `t78`.`account_id`,
                      `t78`.`v_day`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t78`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t78`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t78`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t64` AS `t65`
                      WHERE
                        `t65`.`v_day` IS NOT NULL
                    ) AS `t78`
                    GROUP BY
                      1,
                      2
                  ) AS `t112`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t0`.`account_id`,
                      `t0`.`v_day`
                    FROM `event_flags` AS `t0`
                    WHERE
                      `t0`.`v_day` IS NOT NULL
                  ) AS `t25`
                    ON `t112`.`account_id` = `t25`.`account_id` AND `t112`.`v_day` = `t25`.`v_day`
                ) AS `t126`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    `t113`.`account_id` AS `acct`,
                    SUBSTRING(`t113`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t113`.`o`))) AS `rid`,
                    'hour' AS `tag`
                  FROM (
                    SELECT
                      `t79`.`account_id`,
                      `t79`.`v_hour`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t79`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t79`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t79`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t64` AS `t65`
                      WHERE
                        `t65`.`v_hour` IS NOT NULL
                    ) AS `t79`
                    GROUP BY
                      1,
                      2
                  ) AS `t113`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t0`.`account_id`,
                      `t0`.`v_hour`
                    FROM `event_flags` AS `t0`
                    WHERE
                      `t0`.`v_hour` IS NOT NULL
                  ) AS `t26`
                    ON `t113`.`account_id` = `t26`.`account_id` AND `t113`.`v_hour` = `t26`.`v_hour`
                ) AS `t127`
              ) AS `t134`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    `t114`.`account_id` AS `acct`,
                    SUBSTRING(`t114`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t114`.`o`))) AS `rid`,
                    'hour_of_day' AS `tag`
                  FROM (
                    SELECT
                      `t80`.`account_id`,
                      `t80`.`v_hour_of_day`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t80`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t80`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t80`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t64` AS `t65`
                      WHERE
                        `t65`.`v_hour_of_day` IS NOT NULL
                    ) AS `t80`
                    GROUP BY
                      1,
                      2
                  ) AS `t114`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t0`.`account_id`,
                      `t0`.`v_hour_of_day`
                    FROM `event_flags` AS `t0`
                    WHERE
                      `t0`.`v_hour_of_day` IS NOT NULL
                  ) AS `t27`
                    ON `t114`.`account_id` = `t27`.`account_id`
                    AND `t114`.`v_hour_of_day` = `t27`.`v_hour_of_day`
                ) AS `t128`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    `t103`.`account_id` AS `acct`,
                    SUBSTRING(`t103`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t103`.`o`))) AS `rid`,
                    'ip' AS `tag`
                  FROM (
                    SELECT
                      `t69`.`account_id`,
                      `t69`.`ip`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t69`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t69`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t69`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t64` AS `t65`
                      WHERE
                        `t65`.`ip` IS NOT NULL
                    ) AS `t69`
                    GROUP BY
                      1,
                      2
                  ) AS `t103`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t0`.`account_id`,
                      `t0`.`ip`
                    FROM `event_flags` AS `t0`
                    WHERE
                      `t0`.`ip` IS NOT NULL
                  ) AS `t28`
                    ON `t103`.`account_id` = `t28`.`account_id` AND `t103`.`ip` = `t28`.`ip`
                ) AS `t117`
              ) AS `t135`
            ) AS `t139`
          ) AS `t141`
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
                    `t115`.`account_id` AS `acct`,
                    SUBSTRING(`t115`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t115`.`o`))) AS `rid`,
                    'prefix' AS `tag`
                  FROM (
                    SELECT
                      `t81`.`account_id`,
                      `t81`.`v_prefix`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t81`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t81`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t81`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t64` AS `t65`
                      WHERE
                        `t65`.`v_prefix` IS NOT NULL
                    ) AS `t81`
                    GROUP BY
                      1,
                      2
                  ) AS `t115`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t0`.`account_id`,
                      `t0`.`v_prefix`
                    FROM `event_flags` AS `t0`
                    WHERE
                      `t0`.`v_prefix` IS NOT NULL
                  ) AS `t29`
                    ON `t115`.`account_id` = `t29`.`account_id` AND `t115`.`v_prefix` = `t29`.`v_prefix`
                ) AS `t129`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    `t104`.`account_id` AS `acct`,
                    SUBSTRING(`t104`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t104`.`o`))) AS `rid`,
                    'asn' AS `tag`
                  FROM (
                    SELECT
                      `t70`.`account_id`,
                      `t70`.`asn`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t70`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t70`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t70`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t64` AS `t65`
                      WHERE
                        `t65`.`asn` IS NOT NULL
                    ) AS `t70`
                    GROUP BY
                      1,
                      2
                  ) AS `t104`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t0`.`account_id`,
                      `t0`.`asn`
                    FROM `event_flags` AS `t0`
                    WHERE
                      `t0`.`asn` IS NOT NULL
                  ) AS `t30`
                    ON `t104`.`account_id` = `t30`.`account_id` AND `t104`.`asn` = `t30`.`asn`
                ) AS `t118`
              ) AS `t136`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    `t105`.`account_id` AS `acct`,
                    SUBSTRING(`t105`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t105`.`o`))) AS `rid`,
                    'ua' AS `tag`
                  FROM (
                    SELECT
                      `t71`.`account_id`,
                      `t71`.`user_agent`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t71`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t71`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t71`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t64` AS `t65`
                      WHERE
                        `t65`.`user_agent` IS NOT NULL
                    ) AS `t71`
                    GROUP BY
                      1,
                      2
                  ) AS `t105`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t0`.`account_id`,
                      `t0`.`user_agent`
                    FROM `event_flags` AS `t0`
                    WHERE
                      `t0`.`user_agent` IS NOT NULL
                  ) AS `t31`
                    ON `t105`.`account_id` = `t31`.`account_id`
                    AND `t105`.`user_agent` = `t31`.`user_agent`
                ) AS `t119`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    `t116`.`account_id` AS `acct`,
                    SUBSTRING(`t116`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t116`.`o`))) AS `rid`,
                    'prompt' AS `tag`
                  FROM (
                    SELECT
                      `t82`.`account_id`,
                      `t82`.`v_prompt_key`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t82`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t82`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t82`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t64` AS `t65`
                      WHERE
                        `t65`.`v_prompt_key` IS NOT NULL
                    ) AS `t82`
                    GROUP BY
                      1,
                      2
                  ) AS `t116`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t0`.`account_id`,
                      `t0`.`v_prompt_key`
                    FROM `event_flags` AS `t0`
                    WHERE
                      `t0`.`v_prompt_key` IS NOT NULL
                  ) AS `t32`
                    ON `t116`.`account_id` = `t32`.`account_id`
                    AND `t116`.`v_prompt_key` = `t32`.`v_prompt_key`
                ) AS `t130`
              ) AS `t137`
            ) AS `t140`
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
                    `t107`.`account_id` AS `acct`,
                    SUBSTRING(`t107`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t107`.`o`))) AS `rid`,
                    'template' AS `tag`
                  FROM (
                    SELECT
                      `t73`.`account_id`,
                      `t73`.`template_fp`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t73`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t73`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t73`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t64` AS `t65`
                      WHERE
                        `t65`.`template_fp` IS NOT NULL
                    ) AS `t73`
                    GROUP BY
                      1,
                      2
                  ) AS `t107`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t0`.`account_id`,
                      `t0`.`template_fp`
                    FROM `event_flags` AS `t0`
                    WHERE
                      `t0`.`template_fp` IS NOT NULL
                  ) AS `t33`
                    ON `t107`.`account_id` = `t33`.`account_id`
                    AND `t107`.`template_fp` = `t33`.`template_fp`
                ) AS `t121`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    `t108`.`account_id` AS `acct`,
                    SUBSTRING(`t108`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t108`.`o`))) AS `rid`,
                    'prefix_fp' AS `tag`
                  FROM (
                    SELECT
                      `t74`.`account_id`,
                      `t74`.`prefix_fp`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t74`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t74`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t74`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t64` AS `t65`
                      WHERE
                        `t65`.`prefix_fp` IS NOT NULL
                    ) AS `t74`
                    GROUP BY
                      1,
                      2
                  ) AS `t108`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t0`.`account_id`,
                      `t0`.`prefix_fp`
                    FROM `event_flags` AS `t0`
                    WHERE
                      `t0`.`prefix_fp` IS NOT NULL
                  ) AS `t34`
                    ON `t108`.`account_id` = `t34`.`account_id`
                    AND `t108`.`prefix_fp` = `t34`.`prefix_fp`
                ) AS `t122`
              ) AS `t131`
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    `t109`.`account_id` AS `acct`,
                    SUBSTRING(`t109`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t109`.`o`))) AS `rid`,
                    'suffix_fp' AS `tag`
                  FROM (
                    SELECT
                      `t75`.`account_id`,
                      `t75`.`suffix_fp`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t75`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t75`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t75`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t64` AS `t65`
                      WHERE
                        `t65`.`suffix_fp` IS NOT NULL
                    ) AS `t75`
                    GROUP BY
                      1,
                      2
                  ) AS `t109`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t0`.`account_id`,
                      `t0`.`suffix_fp`
                    FROM `event_flags` AS `t0`
                    WHERE
                      `t0`.`suffix_fp` IS NOT NULL
                  ) AS `t35`
                    ON `t109`.`account_id` = `t35`.`account_id`
                    AND `t109`.`suffix_fp` = `t35`.`suffix_fp`
                ) AS `t123`
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    `t111`.`account_id` AS `acct`,
                    SUBSTRING(`t111`.`o`, IF((
                      17 + 1
                    ) >= 1, 17 + 1, 17 + 1 + LENGTH(`t111`.`o`))) AS `rid`,
                    'topic' AS `tag`
                  FROM (
                    SELECT
                      `t77`.`account_id`,
                      `t77`.`topic`,
                      MIN(
                        CONCAT(
                          CONCAT(
                            LPAD(
                              CAST(`t77`.`ts_ms` AS STRING),
                              GREATEST(LENGTH(CAST(`t77`.`ts_ms` AS STRING)), 16),
                              '0'
                            ),
                            '|'
                          ),
                          `t77`.`request_id`
                        )
                      ) AS `o`
                    FROM (
                      SELECT
                        *
                      FROM `t64` AS `t65`
                      WHERE
                        `t65`.`topic` IS NOT NULL
                    ) AS `t77`
                    GROUP BY
                      1,
                      2
                  ) AS `t111`
                  LEFT ANTI JOIN (
                    SELECT DISTINCT
                      `t0`.`account_id`,
                      `t0`.`topic`
                    FROM `event_flags` AS `t0`
                    WHERE
                      `t0`.`topic` IS NOT NULL
                  ) AS `t36`
                    ON `t111`.`account_id` = `t36`.`account_id` AND `t111`.`topic` = `t36`.`topic`
                ) AS `t125`
              ) AS `t133`
            ) AS `t138`
          ) AS `t142`
        ) AS `t143`
        GROUP BY
          1,
          2
      ) AS `t145`
        ON `t66`.`account_id` = `t145`.`acct` AND `t66`.`request_id` = `t145`.`rid`
      INNER JOIN (
        SELECT
          `t83`.`a_acct`,
          MIN(`t83`.`v_acct_first`) AS `v_acct_first`
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t65`.`account_id` AS `a_acct`,
              MIN(`t65`.`ts_ms`) AS `v_acct_first`
            FROM `t64` AS `t65`
            GROUP BY
              1
          ) AS `t67`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              `t0`.`account_id` AS `a_acct`,
              MIN(`t0`.`ts_ms`) AS `v_acct_first`
            FROM `event_flags` AS `t0`
            GROUP BY
              1
          ) AS `t6`
        ) AS `t83`
        GROUP BY
          1
      ) AS `t87`
        ON `t66`.`account_id` = `t87`.`a_acct`
      INNER JOIN (
        SELECT
          `t84`.`i_acct`,
          `t84`.`i_infra`,
          MIN(`t84`.`v_infra_first`) AS `v_infra_first`
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t65`.`account_id` AS `i_acct`,
              `t65`.`v_infra` AS `i_infra`,
              MIN(`t65`.`ts_ms`) AS `v_infra_first`
            FROM `t64` AS `t65`
            GROUP BY
              1,
              2
          ) AS `t68`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              `t0`.`account_id` AS `i_acct`,
              `t0`.`v_infra` AS `i_infra`,
              MIN(`t0`.`ts_ms`) AS `v_infra_first`
            FROM `event_flags` AS `t0`
            GROUP BY
              1,
              2
          ) AS `t7`
        ) AS `t84`
        GROUP BY
          1,
          2
      ) AS `t88`
        ON `t66`.`account_id` = `t88`.`i_acct` AND `t66`.`v_infra` = `t88`.`i_infra`
      LEFT OUTER JOIN (
        SELECT
          `t0`.`account_id` AS `l_acct`,
          MAX(`t0`.`ts_ms`) AS `l_ts`
        FROM `event_flags` AS `t0`
        GROUP BY
          1
      ) AS `t22`
        ON `t66`.`account_id` = `t22`.`l_acct`
    ) AS `t146`
  ) AS `t147`
) AS `t148`
