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
), `t66` AS (
  SELECT
    `t65`.`account_id`,
    `t65`.`request_id`,
    `t65`.`ts_ms`,
    `t65`.`v_infra`,
    `t65`.`v_day`,
    `t65`.`v_hour`,
    `t65`.`v_hour_of_day`,
    `t65`.`ip`,
    `t65`.`v_prefix`,
    `t65`.`asn`,
    `t65`.`user_agent`,
    `t65`.`v_prompt_key`,
    `t65`.`template_fp`,
    `t65`.`prefix_fp`,
    `t65`.`suffix_fp`,
    `t65`.`topic`,
    `t65`.`system_fp`,
    `t65`.`conversation_id`,
    ROW_NUMBER() OVER (
      PARTITION BY `t65`.`account_id`
      ORDER BY `t65`.`ts_ms` ASC NULLS LAST, `t65`.`request_id` ASC NULLS LAST
    ) - 1 AS `_seq`,
    LAG(`t65`.`ts_ms`) OVER (
      PARTITION BY `t65`.`account_id`
      ORDER BY `t65`.`ts_ms` ASC NULLS LAST, `t65`.`request_id` ASC NULLS LAST
    ) AS `_prev`
  FROM (
    SELECT
      `t64`.`account_id`,
      `t64`.`request_id`,
      `t64`.`ts_ms`,
      `t64`.`v_infra`,
      `t64`.`v_day`,
      `t64`.`v_hour`,
      `t64`.`v_hour_of_day`,
      `t64`.`ip`,
      `t64`.`v_prefix`,
      `t64`.`asn`,
      `t64`.`user_agent`,
      `t64`.`v_prompt_key`,
      `t64`.`template_fp`,
      `t64`.`prefix_fp`,
      `t64`.`suffix_fp`,
      `t64`.`topic`,
      `t64`.`system_fp`,
      `t64`.`conversation_id`
    FROM (
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
    ) AS `t64`
  ) AS `t65`
)
SELECT
  `t68`.`account_id` AS `s_acct`,
  `t68`.`request_id` AS `s_rid`,
  (
    COALESCE(`t147`.`n_mask`, 0) & 1
  ) <> 0 AS `n_day`,
  (
    COALESCE(`t147`.`n_mask`, 0) & 2
  ) <> 0 AS `n_hour`,
  (
    COALESCE(`t147`.`n_mask`, 0) & 4
  ) <> 0 AS `n_hour_of_day`,
  (
    COALESCE(`t147`.`n_mask`, 0) & 8
  ) <> 0 AS `n_ip`,
  (
    COALESCE(`t147`.`n_mask`, 0) & 16
  ) <> 0 AS `n_prefix`,
  (
    COALESCE(`t147`.`n_mask`, 0) & 32
  ) <> 0 AS `n_asn`,
  (
    COALESCE(`t147`.`n_mask`, 0) & 64
  ) <> 0 AS `n_ua`,
  (
    COALESCE(`t147`.`n_mask`, 0) & 128
  ) <> 0 AS `n_prompt`,
  (
    COALESCE(`t147`.`n_mask`, 0) & 256
  ) <> 0 AS `n_template`,
  (
    COALESCE(`t147`.`n_mask`, 0) & 512
  ) <> 0 AS `n_prefix_fp`,
  (
    COALESCE(`t147`.`n_mask`, 0) & 1024
  ) <> 0 AS `n_suffix_fp`,
  (
    COALESCE(`t147`.`n_mask`, 0) & 2048
  ) <> 0 AS `n_topic`,
  (
    COALESCE(`t147`.`n_mask`, 0) & 4096
  ) <> 0 AS `n_system`,
  (
    COALESCE(`t147`.`n_mask`, 0) & 8192
  ) <> 0 AS `n_conversation`,
  `t117`.`v_acct_first`,
  `t118`.`v_infra_first`,
  CAST(`t68`.`ts_ms` - COALESCE(`t68`.`_prev`, `t22`.`l_ts`) AS DOUBLE) / 1000.0 AS `v_gap_raw`
FROM `t66` AS `t68`
LEFT OUTER JOIN (
  SELECT
    `t145`.`acct`,
    `t145`.`seq`,
    SUM(`t145`.`bit`) AS `n_mask`
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
            `t115`.`s` AS `seq`,
            4096 AS `bit`
          FROM (
            SELECT
              `t83`.`account_id`,
              `t83`.`system_fp`,
              MIN(`t83`.`_seq`) AS `s`
            FROM (
              SELECT
                *
              FROM `t66` AS `t67`
              WHERE
                `t67`.`system_fp` IS NOT NULL
            ) AS `t83`
            GROUP BY
              1,
              2
          ) AS `t115`
          LEFT ANTI JOIN (
            SELECT DISTINCT
              `t0`.`account_id`,
              `t0`.`system_fp`
            FROM `event_flags` AS `t0`
            WHERE
              `t0`.`system_fp` IS NOT NULL
          ) AS `t23`
            ON `t115`.`account_id` = `t23`.`account_id`
            AND `t115`.`system_fp` = `t23`.`system_fp`
        ) AS `t131`
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            `t116`.`account_id` AS `acct`,
            `t116`.`s` AS `seq`,
            8192 AS `bit`
          FROM (
            SELECT
              `t84`.`account_id`,
              `t84`.`conversation_id`,
              MIN(`t84`.`_seq`) AS `s`
            FROM (
              SELECT
                *
              FROM `t66` AS `t67`
              WHERE
                `t67`.`conversation_id` IS NOT NULL
            ) AS `t84`
            GROUP BY
              1,
              2
          ) AS `t116`
          LEFT ANTI JOIN (
            SELECT DISTINCT
              `t0`.`account_id`,
              `t0`.`conversation_id`
            FROM `event_flags` AS `t0`
            WHERE
              `t0`.`conversation_id` IS NOT NULL
          ) AS `t24`
            ON `t116`.`account_id` = `t24`.`account_id`
            AND `t116`.`conversation_id` = `t24`.`conversation_id`
        ) AS `t132`
      ) AS `t139`
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
              `t103`.`account_id` AS `acct`,
              `t103`.`s` AS `seq`,
              1 AS `bit`
            FROM (
              SELECT
                `t71`.`account_id`,
                `t71`.`v_day`,
                MIN(`t71`.`_seq`) AS `s`
              FROM (
                SELECT
                  *
                FROM `t66` AS `t67`
                WHERE
                  `t67`.`v_day` IS NOT NULL
              ) AS `t71`
              GROUP BY
                1,
                2
            ) AS `t103`
            LEFT ANTI JOIN (
              SELECT DISTINCT
                `t0`.`account_id`,
                `t0`.`v_day`
              FROM `event_flags` AS `t0`
              WHERE
                `t0`.`v_day` IS NOT NULL
            ) AS `t25`
              ON `t103`.`account_id` = `t25`.`account_id` AND `t103`.`v_day` = `t25`.`v_day`
          ) AS `t119`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              `t104`.`account_id` AS `acct`,
              `t104`.`s` AS `seq`,
              2 AS `bit`
            FROM (
              SELECT
                `t72`.`account_id`,
                `t72`.`v_hour`,
                MIN(`t72`.`_seq`) AS `s`
              FROM (
                SELECT
                  *
                FROM `t66` AS `t67`
                WHERE
                  `t67`.`v_hour` IS NOT NULL
              ) AS `t72`
              GROUP BY
                1,
                2
            ) AS `t104`
            LEFT ANTI JOIN (
              SELECT DISTINCT
                `t0`.`account_id`,
                `t0`.`v_hour`
              FROM `event_flags` AS `t0`
              WHERE
                `t0`.`v_hour` IS NOT NULL
            ) AS `t26`
              ON `t104`.`account_id` = `t26`.`account_id` AND `t104`.`v_hour` = `t26`.`v_hour`
          ) AS `t120`
        ) AS `t133`
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t105`.`account_id` AS `acct`,
              `t105`.`s` AS `seq`,
              4 AS `bit`
            FROM (
              SELECT
                `t73`.`account_id`,
                `t73`.`v_hour_of_day`,
                MIN(`t73`.`_seq`) AS `s`
              FROM (
                SELECT
                  *
                FROM `t66` AS `t67`
                WHERE
                  `t67`.`v_hour_of_day` IS NOT NULL
              ) AS `t73`
              GROUP BY
                1,
                2
            ) AS `t105`
            LEFT ANTI JOIN (
              SELECT DISTINCT
                `t0`.`account_id`,
                `t0`.`v_hour_of_day`
              FROM `event_flags` AS `t0`
              WHERE
                `t0`.`v_hour_of_day` IS NOT NULL
            ) AS `t27`
              ON `t105`.`account_id` = `t27`.`account_id`
              AND `t105`.`v_hour_of_day` = `t27`.`v_hour_of_day`
          ) AS `t121`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              `t106`.`account_id` AS `acct`,
              `t106`.`s` AS `seq`,
              8 AS `bit`
            FROM (
              SELECT
                `t74`.`account_id`,
                `t74`.`ip`,
                MIN(`t74`.`_seq`) AS `s`
              FROM (
                SELECT
                  *
                FROM `t66` AS `t67`
                WHERE
                  `t67`.`ip` IS NOT NULL
              ) AS `t74`
              GROUP BY
                1,
                2
            ) AS `t106`
            LEFT ANTI JOIN (
              SELECT DISTINCT
                `t0`.`account_id`,
                `t0`.`ip`
              FROM `event_flags` AS `t0`
              WHERE
                `t0`.`ip` IS NOT NULL
            ) AS `t28`
              ON `t106`.`account_id` = `t28`.`account_id` AND `t106`.`ip` = `t28`.`ip`
          ) AS `t122`
        ) AS `t134`
      ) AS `t140`
    ) AS `t143`
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
              `t107`.`account_id` AS `acct`,
              `t107`.`s` AS `seq`,
              16 AS `bit`
            FROM (
              SELECT
                `t75`.`account_id`,
                `t75`.`v_prefix`,
                MIN(`t75`.`_seq`) AS `s`
              FROM (
                SELECT
                  *
                FROM `t66` AS `t67`
                WHERE
                  `t67`.`v_prefix` IS NOT NULL
              ) AS `t75`
              GROUP BY
                1,
                2
            ) AS `t107`
            LEFT ANTI JOIN (
              SELECT DISTINCT
                `t0`.`account_id`,
                `t0`.`v_prefix`
              FROM `event_flags` AS `t0`
              WHERE
                `t0`.`v_prefix` IS NOT NULL
            ) AS `t29`
              ON `t107`.`account_id` = `t29`.`account_id` AND `t107`.`v_prefix` = `t29`.`v_prefix`
          ) AS `t123`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              `t108`.`account_id` AS `acct`,
              `t108`.`s` AS `seq`,
              32 AS `bit`
            FROM (
              SELECT
                `t76`.`account_id`,
                `t76`.`asn`,
                MIN(`t76`.`_seq`) AS `s`
              FROM (
                SELECT
                  *
                FROM `t66` AS `t67`
                WHERE
                  `t67`.`asn` IS NOT NULL
              ) AS `t76`
              GROUP BY
                1,
                2
            ) AS `t108`
            LEFT ANTI JOIN (
              SELECT DISTINCT
                `t0`.`account_id`,
                `t0`.`asn`
              FROM `event_flags` AS `t0`
              WHERE
                `t0`.`asn` IS NOT NULL
            ) AS `t30`
              ON `t108`.`account_id` = `t30`.`account_id` AND `t108`.`asn` = `t30`.`asn`
          ) AS `t124`
        ) AS `t135`
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t109`.`account_id` AS `acct`,
              `t109`.`s` AS `seq`,
              64 AS `bit`
            FROM (
              SELECT
                `t77`.`account_id`,
                `t77`.`user_agent`,
                MIN(`t77`.`_seq`) AS `s`
              FROM (
                SELECT
                  *
                FROM `t66` AS `t67`
                WHERE
                  `t67`.`user_agent` IS NOT NULL
              ) AS `t77`
              GROUP BY
                1,
                2
            ) AS `t109`
            LEFT ANTI JOIN (
              SELECT DISTINCT
                `t0`.`account_id`,
                `t0`.`user_agent`
              FROM `event_flags` AS `t0`
              WHERE
                `t0`.`user_agent` IS NOT NULL
            ) AS `t31`
              ON `t109`.`account_id` = `t31`.`account_id`
              AND `t109`.`user_agent` = `t31`.`user_agent`
          ) AS `t125`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              `t110`.`account_id` AS `acct`,
              `t110`.`s` AS `seq`,
              128 AS `bit`
            FROM (
              SELECT
                `t78`.`account_id`,
                `t78`.`v_prompt_key`,
                MIN(`t78`.`_seq`) AS `s`
              FROM (
                SELECT
                  *
                FROM `t66` AS `t67`
                WHERE
                  `t67`.`v_prompt_key` IS NOT NULL
              ) AS `t78`
              GROUP BY
                1,
                2
            ) AS `t110`
            LEFT ANTI JOIN (
              SELECT DISTINCT
                `t0`.`account_id`,
                `t0`.`v_prompt_key`
              FROM `event_flags` AS `t0`
              WHERE
                `t0`.`v_prompt_key` IS NOT NULL
            ) AS `t32`
              ON `t110`.`account_id` = `t32`.`account_id`
              AND `t110`.`v_prompt_key` = `t32`.`v_prompt_key`
          ) AS `t126`
        ) AS `t136`
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
              `t111`.`account_id` AS `acct`,
              `t111`.`s` AS `seq`,
              256 AS `bit`
            FROM (
              SELECT
                `t79`.`account_id`,
                `t79`.`template_fp`,
                MIN(`t79`.`_seq`) AS `s`
              FROM (
                SELECT
                  *
                FROM `t66` AS `t67`
                WHERE
                  `t67`.`template_fp` IS NOT NULL
              ) AS `t79`
              GROUP BY
                1,
                2
            ) AS `t111`
            LEFT ANTI JOIN (
              SELECT DISTINCT
                `t0`.`account_id`,
                `t0`.`template_fp`
              FROM `event_flags` AS `t0`
              WHERE
                `t0`.`template_fp` IS NOT NULL
            ) AS `t33`
              ON `t111`.`account_id` = `t33`.`account_id`
              AND `t111`.`template_fp` = `t33`.`template_fp`
          ) AS `t127`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              `t112`.`account_id` AS `acct`,
              `t112`.`s` AS `seq`,
              512 AS `bit`
            FROM (
              SELECT
                `t80`.`account_id`,
                `t80`.`prefix_fp`,
                MIN(`t80`.`_seq`) AS `s`
              FROM (
                SELECT
                  *
                FROM `t66` AS `t67`
                WHERE
                  `t67`.`prefix_fp` IS NOT NULL
              ) AS `t80`
              GROUP BY
                1,
                2
            ) AS `t112`
            LEFT ANTI JOIN (
              SELECT DISTINCT
                `t0`.`account_id`,
                `t0`.`prefix_fp`
              FROM `event_flags` AS `t0`
              WHERE
                `t0`.`prefix_fp` IS NOT NULL
            ) AS `t34`
              ON `t112`.`account_id` = `t34`.`account_id`
              AND `t112`.`prefix_fp` = `t34`.`prefix_fp`
          ) AS `t128`
        ) AS `t137`
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              `t113`.`account_id` AS `acct`,
              `t113`.`s` AS `seq`,
              1024 AS `bit`
            FROM (
              SELECT
                `t81`.`account_id`,
                `t81`.`suffix_fp`,
                MIN(`t81`.`_seq`) AS `s`
              FROM (
                SELECT
                  *
                FROM `t66` AS `t67`
                WHERE
                  `t67`.`suffix_fp` IS NOT NULL
              ) AS `t81`
              GROUP BY
                1,
                2
            ) AS `t113`
            LEFT ANTI JOIN (
              SELECT DISTINCT
                `t0`.`account_id`,
                `t0`.`suffix_fp`
              FROM `event_flags` AS `t0`
              WHERE
                `t0`.`suffix_fp` IS NOT NULL
            ) AS `t35`
              ON `t113`.`account_id` = `t35`.`account_id`
              AND `t113`.`suffix_fp` = `t35`.`suffix_fp`
          ) AS `t129`
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              `t114`.`account_id` AS `acct`,
              `t114`.`s` AS `seq`,
              2048 AS `bit`
            FROM (
              SELECT
                `t82`.`account_id`,
                `t82`.`topic`,
                MIN(`t82`.`_seq`) AS `s`
              FROM (
                SELECT
                  *
                FROM `t66` AS `t67`
                WHERE
                  `t67`.`topic` IS NOT NULL
              ) AS `t82`
              GROUP BY
                1,
                2
            ) AS `t114`
            LEFT ANTI JOIN (
              SELECT DISTINCT
                `t0`.`account_id`,
                `t0`.`topic`
              FROM `event_flags` AS `t0`
              WHERE
                `t0`.`topic` IS NOT NULL
            ) AS `t36`
              ON `t114`.`account_id` = `t36`.`account_id` AND `t114`.`topic` = `t36`.`topic`
          ) AS `t130`
        ) AS `t138`
      ) AS `t142`
    ) AS `t144`
  ) AS `t145`
  GROUP BY
    1,
    2
) AS `t147`
  ON `t68`.`account_id` = `t147`.`acct` AND `t68`.`_seq` = `t147`.`seq`
INNER JOIN (
  SELECT
    `t85`.`a_acct`,
    MIN(`t85`.`v_acct_first`) AS `v_acct_first`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        `t67`.`account_id` AS `a_acct`,
        MIN(`t67`.`ts_ms`) AS `v_acct_first`
      FROM `t66` AS `t67`
      GROUP BY
        1
    ) AS `t69`
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
  ) AS `t85`
  GROUP BY
    1
) AS `t117`
  ON `t68`.`account_id` = `t117`.`a_acct`
INNER JOIN (
  SELECT
    `t86`.`i_acct`,
    `t86`.`i_infra`,
    MIN(`t86`.`v_infra_first`) AS `v_infra_first`
  FROM (
    SELECT
      *
    FROM (
      SELECT
        `t67`.`account_id` AS `i_acct`,
        `t67`.`v_infra` AS `i_infra`,
        MIN(`t67`.`ts_ms`) AS `v_infra_first`
      FROM `t66` AS `t67`
      GROUP BY
        1,
        2
    ) AS `t70`
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
  ) AS `t86`
  GROUP BY
    1,
    2
) AS `t118`
  ON `t68`.`account_id` = `t118`.`i_acct` AND `t68`.`v_infra` = `t118`.`i_infra`
LEFT OUTER JOIN (
  SELECT
    `t0`.`account_id` AS `l_acct`,
    MAX(`t0`.`ts_ms`) AS `l_ts`
  FROM `event_flags` AS `t0`
  GROUP BY
    1
) AS `t22`
  ON `t68`.`account_id` = `t22`.`l_acct`
