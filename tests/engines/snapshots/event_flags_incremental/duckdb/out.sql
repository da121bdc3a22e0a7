WITH "t37" AS (
  SELECT
    *
  FROM "event_features" AS "t0"
  WHERE
    NOT (
      "t0"."request_id" IN (
        SELECT
          "t1"."request_id"
        FROM "event_flags" AS "t1"
      )
    )
), "t53" AS (
  SELECT
    *
  FROM (
    SELECT
      "t50"."a" AS "account_id",
      'end_user' AS "kind"
    FROM (
      SELECT
        "t48"."a",
        COUNT(DISTINCT "t48"."v") AS "k"
      FROM (
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t38"."account_id" AS "a",
              "t38"."end_user" AS "v"
            FROM "t37" AS "t38"
          ) AS "t40"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t1"."account_id" AS "a",
              "t1"."end_user" AS "v"
            FROM "event_flags" AS "t1"
          ) AS "t3"
        ) AS "t44"
        WHERE
          "t44"."v" IS NOT NULL AND NOT (
            STARTS_WITH("t44"."a", '')
          )
      ) AS "t48"
      GROUP BY
        1
    ) AS "t50"
    WHERE
      "t50"."k" >= 4
  ) AS "t52"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      "t49"."a" AS "account_id",
      'api_key' AS "kind"
    FROM (
      SELECT
        "t47"."a",
        COUNT(DISTINCT "t47"."v") AS "k"
      FROM (
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t38"."account_id" AS "a",
              "t38"."api_key_id" AS "v"
            FROM "t37" AS "t38"
          ) AS "t39"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t1"."account_id" AS "a",
              "t1"."api_key_id" AS "v"
            FROM "event_flags" AS "t1"
          ) AS "t4"
        ) AS "t42"
        WHERE
          "t42"."v" IS NOT NULL AND NOT (
            STARTS_WITH("t42"."a", '')
          )
      ) AS "t47"
      GROUP BY
        1
    ) AS "t49"
    WHERE
      "t49"."k" >= 4
  ) AS "t51"
), "t64" AS (
  SELECT
    *
  FROM (
    SELECT
      "t59"."request_id",
      'api_key' || REPLACE(REPLACE("t59"."account_id", '\', '\\'), '', '\x1f') || '' || REPLACE(REPLACE("t59"."api_key_id", '\', '\\'), '', '\x1f') AS "account_id",
      "t59"."ts_ms",
      "t59"."bucket",
      "t59"."org_id",
      "t59"."api_key_id",
      "t59"."end_user",
      "t59"."ip",
      "t59"."asn",
      "t59"."user_agent",
      "t59"."conversation_id",
      "t59"."prompt_chars",
      "t59"."prompt_hash",
      "t59"."template_fp",
      "t59"."prefix_fp",
      "t59"."suffix_fp",
      "t59"."system_fp",
      "t59"."cue_cot",
      "t59"."cue_align",
      "t59"."cue_datagen",
      "t59"."cue_sysprompt",
      "t59"."cue_cot_sys",
      "t59"."head_words",
      "t59"."tail_words",
      "t59"."capability",
      "t59"."topic",
      "t59"."lang",
      "t59"."v_day",
      "t59"."v_hour",
      "t59"."v_hour_of_day",
      "t59"."v_prefix",
      "t59"."v_infra",
      "t59"."v_prompt_key",
      "t59"."v_w15",
      "t59"."v_w15b",
      "t59"."v_nd_a",
      "t59"."v_nd_b",
      "t59"."v_params",
      "t59"."f_cap_coding",
      "t59"."f_cap_math",
      "t59"."f_cap_reasoning",
      "t59"."f_cap_alignment",
      "t59"."f_cap_datagen",
      "t59"."f_cap_sysprompt",
      "t59"."f_cap_general",
      "t59"."f_prompt_known",
      "t59"."f_output_known",
      "t59"."f_params_known",
      "t59"."f_long_max",
      "t59"."f_multi_n",
      "t59"."f_logprob",
      "t59"."f_top_lp_high",
      "t59"."f_logit_bias",
      "t59"."f_logit_bias_large",
      "t59"."f_short_out",
      "t59"."f_long_out",
      "t59"."f_reasoning_high",
      "t59"."f_temp_known",
      "t59"."f_temp_zero",
      "t59"."f_tools",
      "t59"."f_followup",
      "t59"."f_error",
      "t59"."f_rate_limited",
      "t59"."f_refusal",
      "t59"."f_cue_any",
      "t59"."f_harvest",
      "t59"."f_logit_evidence",
      "t59"."v_input_tokens",
      "t59"."v_output_tokens",
      "t59"."v_reasoning_tokens",
      "t59"."v_n",
      "t59"."v_top_lp",
      "t59"."v_logit_bias",
      "t59"."v_max_tokens"
    FROM (
      SELECT
        "t45"."request_id",
        "t45"."account_id",
        "t45"."ts_ms",
        "t45"."bucket",
        "t45"."org_id",
        "t45"."api_key_id",
        "t45"."end_user",
        "t45"."ip",
        "t45"."asn",
        "t45"."user_agent",
        "t45"."conversation_id",
        "t45"."prompt_chars",
        "t45"."prompt_hash",
        "t45"."template_fp",
        "t45"."prefix_fp",
        "t45"."suffix_fp",
        "t45"."system_fp",
        "t45"."cue_cot",
        "t45"."cue_align",
        "t45"."cue_datagen",
        "t45"."cue_sysprompt",
        "t45"."cue_cot_sys",
        "t45"."head_words",
        "t45"."tail_words",
        "t45"."capability",
        "t45"."topic",
        "t45"."lang",
        "t45"."v_day",
        "t45"."v_hour",
        "t45"."v_hour_of_day",
        "t45"."v_prefix",
        "t45"."v_infra",
        "t45"."v_prompt_key",
        "t45"."v_w15",
        "t45"."v_w15b",
        "t45"."v_nd_a",
        "t45"."v_nd_b",
        "t45"."v_params",
        "t45"."f_cap_coding",
        "t45"."f_cap_math",
        "t45"."f_cap_reasoning",
        "t45"."f_cap_alignment",
        "t45"."f_cap_datagen",
        "t45"."f_cap_sysprompt",
        "t45"."f_cap_general",
        "t45"."f_prompt_known",
        "t45"."f_output_known",
        "t45"."f_params_known",
        "t45"."f_long_max",
        "t45"."f_multi_n",
        "t45"."f_logprob",
        "t45"."f_top_lp_high",
        "t45"."f_logit_bias",
        "t45"."f_logit_bias_large",
        "t45"."f_short_out",
        "t45"."f_long_out",
        "t45"."f_reasoning_high",
        "t45"."f_temp_known",
        "t45"."f_temp_zero",
        "t45"."f_tools",
        "t45"."f_followup",
        "t45"."f_error",
        "t45"."f_rate_limited",
        "t45"."f_refusal",
        "t45"."f_cue_any",
        "t45"."f_harvest",
        "t45"."f_logit_evidence",
        "t45"."v_input_tokens",
        "t45"."v_output_tokens",
        "t45"."v_reasoning_tokens",
        "t45"."v_n",
        "t45"."v_top_lp",
        "t45"."v_logit_bias",
        "t45"."v_max_tokens"
      FROM (
        SELECT
          *
        FROM "t37" AS "t38"
        WHERE
          "t38"."api_key_id" IS NOT NULL
      ) AS "t45"
      SEMI JOIN (
        SELECT
          *
        FROM "t53" AS "t54"
        WHERE
          "t54"."kind" = 'api_key'
      ) AS "t57"
        ON "t45"."account_id" = "t57"."account_id"
    ) AS "t59"
  ) AS "t61"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      *
    FROM "t37" AS "t38"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t60"."request_id",
        'end_user' || REPLACE(REPLACE("t60"."account_id", '\', '\\'), '', '\x1f') || '' || REPLACE(REPLACE("t60"."end_user", '\', '\\'), '', '\x1f') AS "account_id",
        "t60"."ts_ms",
        "t60"."bucket",
        "t60"."org_id",
        "t60"."api_key_id",
        "t60"."end_user",
        "t60"."ip",
        "t60"."asn",
        "t60"."user_agent",
        "t60"."conversation_id",
        "t60"."prompt_chars",
        "t60"."prompt_hash",
        "t60"."template_fp",
        "t60"."prefix_fp",
        "t60"."suffix_fp",
        "t60"."system_fp",
        "t60"."cue_cot",
        "t60"."cue_align",
        "t60"."cue_datagen",
        "t60"."cue_sysprompt",
        "t60"."cue_cot_sys",
        "t60"."head_words",
        "t60"."tail_words",
        "t60"."capability",
        "t60"."topic",
        "t60"."lang",
        "t60"."v_day",
        "t60"."v_hour",
        "t60"."v_hour_of_day",
        "t60"."v_prefix",
        "t60"."v_infra",
        "t60"."v_prompt_key",
        "t60"."v_w15",
        "t60"."v_w15b",
        "t60"."v_nd_a",
        "t60"."v_nd_b",
        "t60"."v_params",
        "t60"."f_cap_coding",
        "t60"."f_cap_math",
        "t60"."f_cap_reasoning",
        "t60"."f_cap_alignment",
        "t60"."f_cap_datagen",
        "t60"."f_cap_sysprompt",
        "t60"."f_cap_general",
        "t60"."f_prompt_known",
        "t60"."f_output_known",
        "t60"."f_params_known",
        "t60"."f_long_max",
        "t60"."f_multi_n",
        "t60"."f_logprob",
        "t60"."f_top_lp_high",
        "t60"."f_logit_bias",
        "t60"."f_logit_bias_large",
        "t60"."f_short_out",
        "t60"."f_long_out",
        "t60"."f_reasoning_high",
        "t60"."f_temp_known",
        "t60"."f_temp_zero",
        "t60"."f_tools",
        "t60"."f_followup",
        "t60"."f_error",
        "t60"."f_rate_limited",
        "t60"."f_refusal",
        "t60"."f_cue_any",
        "t60"."f_harvest",
        "t60"."f_logit_evidence",
        "t60"."v_input_tokens",
        "t60"."v_output_tokens",
        "t60"."v_reasoning_tokens",
        "t60"."v_n",
        "t60"."v_top_lp",
        "t60"."v_logit_bias",
        "t60"."v_max_tokens"
      FROM (
        SELECT
          "t46"."request_id",
          "t46"."account_id",
          "t46"."ts_ms",
          "t46"."bucket",
          "t46"."org_id",
          "t46"."api_key_id",
          "t46"."end_user",
          "t46"."ip",
          "t46"."asn",
          "t46"."user_agent",
          "t46"."conversation_id",
          "t46"."prompt_chars",
          "t46"."prompt_hash",
          "t46"."template_fp",
          "t46"."prefix_fp",
          "t46"."suffix_fp",
          "t46"."system_fp",
          "t46"."cue_cot",
          "t46"."cue_align",
          "t46"."cue_datagen",
          "t46"."cue_sysprompt",
          "t46"."cue_cot_sys",
          "t46"."head_words",
          "t46"."tail_words",
          "t46"."capability",
          "t46"."topic",
          "t46"."lang",
          "t46"."v_day",
          "t46"."v_hour",
          "t46"."v_hour_of_day",
          "t46"."v_prefix",
          "t46"."v_infra",
          "t46"."v_prompt_key",
          "t46"."v_w15",
          "t46"."v_w15b",
          "t46"."v_nd_a",
          "t46"."v_nd_b",
          "t46"."v_params",
          "t46"."f_cap_coding",
          "t46"."f_cap_math",
          "t46"."f_cap_reasoning",
          "t46"."f_cap_alignment",
          "t46"."f_cap_datagen",
          "t46"."f_cap_sysprompt",
          "t46"."f_cap_general",
          "t46"."f_prompt_known",
          "t46"."f_output_known",
          "t46"."f_params_known",
          "t46"."f_long_max",
          "t46"."f_multi_n",
          "t46"."f_logprob",
          "t46"."f_top_lp_high",
          "t46"."f_logit_bias",
          "t46"."f_logit_bias_large",
          "t46"."f_short_out",
          "t46"."f_long_out",
          "t46"."f_reasoning_high",
          "t46"."f_temp_known",
          "t46"."f_temp_zero",
          "t46"."f_tools",
          "t46"."f_followup",
          "t46"."f_error",
          "t46"."f_rate_limited",
          "t46"."f_refusal",
          "t46"."f_cue_any",
          "t46"."f_harvest",
          "t46"."f_logit_evidence",
          "t46"."v_input_tokens",
          "t46"."v_output_tokens",
          "t46"."v_reasoning_tokens",
          "t46"."v_n",
          "t46"."v_top_lp",
          "t46"."v_logit_bias",
          "t46"."v_max_tokens"
        FROM (
          SELECT
            *
          FROM "t37" AS "t38"
          WHERE
            "t38"."end_user" IS NOT NULL
        ) AS "t46"
        SEMI JOIN (
          SELECT
            *
          FROM "t53" AS "t54"
          WHERE
            "t54"."kind" = 'end_user'
        ) AS "t58"
          ON "t46"."account_id" = "t58"."account_id"
      ) AS "t60"
    ) AS "t62"
  ) AS "t63"
), "t68" AS (
  SELECT
    "t67"."account_id",
    "t67"."request_id",
    "t67"."ts_ms",
    "t67"."v_infra",
    "t67"."v_day",
    "t67"."v_hour",
    "t67"."v_hour_of_day",
    "t67"."ip",
    "t67"."v_prefix",
    "t67"."asn",
    "t67"."user_agent",
    "t67"."v_prompt_key",
    "t67"."template_fp",
    "t67"."prefix_fp",
    "t67"."suffix_fp",
    "t67"."topic",
    "t67"."system_fp",
    "t67"."conversation_id",
    ROW_NUMBER() OVER (
      PARTITION BY "t67"."account_id"
      ORDER BY "t67"."ts_ms" ASC, "t67"."request_id" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "_seq",
    LAG("t67"."ts_ms") OVER (
      PARTITION BY "t67"."account_id"
      ORDER BY "t67"."ts_ms" ASC, "t67"."request_id" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_prev"
  FROM (
    SELECT
      "t65"."account_id",
      "t65"."request_id",
      "t65"."ts_ms",
      "t65"."v_infra",
      "t65"."v_day",
      "t65"."v_hour",
      "t65"."v_hour_of_day",
      "t65"."ip",
      "t65"."v_prefix",
      "t65"."asn",
      "t65"."user_agent",
      "t65"."v_prompt_key",
      "t65"."template_fp",
      "t65"."prefix_fp",
      "t65"."suffix_fp",
      "t65"."topic",
      "t65"."system_fp",
      "t65"."conversation_id"
    FROM "t64" AS "t65"
  ) AS "t67"
)
SELECT
  "t152"."request_id",
  "t152"."account_id",
  "t152"."ts_ms",
  "t152"."bucket",
  "t152"."org_id",
  "t152"."api_key_id",
  "t152"."end_user",
  "t152"."ip",
  "t152"."asn",
  "t152"."user_agent",
  "t152"."conversation_id",
  "t152"."prompt_chars",
  "t152"."prompt_hash",
  "t152"."template_fp",
  "t152"."prefix_fp",
  "t152"."suffix_fp",
  "t152"."system_fp",
  "t152"."cue_cot",
  "t152"."cue_align",
  "t152"."cue_datagen",
  "t152"."cue_sysprompt",
  "t152"."cue_cot_sys",
  "t152"."head_words",
  "t152"."tail_words",
  "t152"."capability",
  "t152"."topic",
  "t152"."lang",
  "t152"."v_day",
  "t152"."v_hour",
  "t152"."v_hour_of_day",
  "t152"."v_prefix",
  "t152"."v_infra",
  "t152"."v_prompt_key",
  "t152"."v_w15",
  "t152"."v_w15b",
  "t152"."v_nd_a",
  "t152"."v_nd_b",
  "t152"."v_params",
  "t152"."f_cap_coding",
  "t152"."f_cap_math",
  "t152"."f_cap_reasoning",
  "t152"."f_cap_alignment",
  "t152"."f_cap_datagen",
  "t152"."f_cap_sysprompt",
  "t152"."f_cap_general",
  "t152"."f_prompt_known",
  "t152"."f_output_known",
  "t152"."f_params_known",
  "t152"."f_long_max",
  "t152"."f_multi_n",
  "t152"."f_logprob",
  "t152"."f_top_lp_high",
  "t152"."f_logit_bias",
  "t152"."f_logit_bias_large",
  "t152"."f_short_out",
  "t152"."f_long_out",
  "t152"."f_reasoning_high",
  "t152"."f_temp_known",
  "t152"."f_temp_zero",
  "t152"."f_tools",
  "t152"."f_followup",
  "t152"."f_error",
  "t152"."f_rate_limited",
  "t152"."f_refusal",
  "t152"."f_cue_any",
  "t152"."f_harvest",
  "t152"."f_logit_evidence",
  "t152"."v_input_tokens",
  "t152"."v_output_tokens",
  "t152"."v_reasoning_tokens",
  "t152"."v_n",
  "t152"."v_top_lp",
  "t152"."v_logit_bias",
  "t152"."v_max_tokens",
  "t152"."n_day",
  "t152"."n_hour",
  "t152"."n_hour_of_day",
  "t152"."n_ip",
  "t152"."n_prefix",
  "t152"."n_asn",
  "t152"."n_ua",
  "t152"."n_prompt",
  "t152"."n_template",
  "t152"."n_prefix_fp",
  "t152"."n_suffix_fp",
  "t152"."n_topic",
  "t152"."n_system",
  "t152"."n_conversation",
  "t152"."v_acct_first",
  "t152"."v_infra_first",
  "t152"."v_gap_raw",
  (
    "t152"."v_gap_raw" IS NOT NULL
  ) AND (
    "t152"."v_gap_raw" < 3600.0
  ) AS "f_gap",
  COALESCE("t152"."v_gap_raw" >= 14400.0, FALSE) AS "f_rest",
  (
    "t152"."v_infra_first" - "t152"."v_acct_first"
  ) >= 259200000 AS "f_late_infra",
  (
    (
      "t152"."v_infra_first" - "t152"."v_acct_first"
    ) >= 259200000
  )
  AND "t152"."f_cue_any" AS "f_late_cue",
  CASE
    WHEN (
      "t152"."v_gap_raw" IS NOT NULL
    ) AND (
      "t152"."v_gap_raw" < 3600.0
    )
    THEN "t152"."v_gap_raw"
    ELSE 0.0
  END AS "v_gap",
  CASE
    WHEN (
      "t152"."v_gap_raw" IS NOT NULL
    ) AND (
      "t152"."v_gap_raw" < 3600.0
    )
    THEN LOG("t152"."v_gap_raw" + 0.1)
    ELSE 0.0
  END AS "v_gap_log",
  CASE
    WHEN (
      "t152"."v_gap_raw" IS NOT NULL
    ) AND (
      "t152"."v_gap_raw" < 3600.0
    )
    THEN "t152"."v_gap_raw"
    ELSE 0.0
  END * CASE
    WHEN (
      "t152"."v_gap_raw" IS NOT NULL
    ) AND (
      "t152"."v_gap_raw" < 3600.0
    )
    THEN "t152"."v_gap_raw"
    ELSE 0.0
  END AS "v_gap_sq",
  CASE
    WHEN (
      "t152"."v_gap_raw" IS NOT NULL
    ) AND (
      "t152"."v_gap_raw" < 3600.0
    )
    THEN LOG("t152"."v_gap_raw" + 0.1)
    ELSE 0.0
  END * CASE
    WHEN (
      "t152"."v_gap_raw" IS NOT NULL
    ) AND (
      "t152"."v_gap_raw" < 3600.0
    )
    THEN LOG("t152"."v_gap_raw" + 0.1)
    ELSE 0.0
  END AS "v_gap_log_sq",
  CASE
    WHEN (
      "t152"."v_infra_first" - "t152"."v_acct_first"
    ) >= 259200000
    THEN "t152"."ts_ms"
    ELSE CAST(NULL AS BIGINT)
  END AS "v_late_ts"
FROM (
  SELECT
    "t66"."request_id",
    "t66"."account_id",
    "t66"."ts_ms",
    "t66"."bucket",
    "t66"."org_id",
    "t66"."api_key_id",
    "t66"."end_user",
    "t66"."ip",
    "t66"."asn",
    "t66"."user_agent",
    "t66"."conversation_id",
    "t66"."prompt_chars",
    "t66"."prompt_hash",
    "t66"."template_fp",
    "t66"."prefix_fp",
    "t66"."suffix_fp",
    "t66"."system_fp",
    "t66"."cue_cot",
    "t66"."cue_align",
    "t66"."cue_datagen",
    "t66"."cue_sysprompt",
    "t66"."cue_cot_sys",
    "t66"."head_words",
    "t66"."tail_words",
    "t66"."capability",
    "t66"."topic",
    "t66"."lang",
    "t66"."v_day",
    "t66"."v_hour",
    "t66"."v_hour_of_day",
    "t66"."v_prefix",
    "t66"."v_infra",
    "t66"."v_prompt_key",
    "t66"."v_w15",
    "t66"."v_w15b",
    "t66"."v_nd_a",
    "t66"."v_nd_b",
    "t66"."v_params",
    "t66"."f_cap_coding",
    "t66"."f_cap_math",
    "t66"."f_cap_reasoning",
    "t66"."f_cap_alignment",
    "t66"."f_cap_datagen",
    "t66"."f_cap_sysprompt",
    "t66"."f_cap_general",
    "t66"."f_prompt_known",
    "t66"."f_output_known",
    "t66"."f_params_known",
    "t66"."f_long_max",
    "t66"."f_multi_n",
    "t66"."f_logprob",
    "t66"."f_top_lp_high",
    "t66"."f_logit_bias",
    "t66"."f_logit_bias_large",
    "t66"."f_short_out",
    "t66"."f_long_out",
    "t66"."f_reasoning_high",
    "t66"."f_temp_known",
    "t66"."f_temp_zero",
    "t66"."f_tools",
    "t66"."f_followup",
    "t66"."f_error",
    "t66"."f_rate_limited",
    "t66"."f_refusal",
    "t66"."f_cue_any",
    "t66"."f_harvest",
    "t66"."f_logit_evidence",
    "t66"."v_input_tokens",
    "t66"."v_output_tokens",
    "t66"."v_reasoning_tokens",
    "t66"."v_n",
    "t66"."v_top_lp",
    "t66"."v_logit_bias",
    "t66"."v_max_tokens",
    "t151"."n_day",
    "t151"."n_hour",
    "t151"."n_hour_of_day",
    "t151"."n_ip",
    "t151"."n_prefix",
    "t151"."n_asn",
    "t151"."n_ua",
    "t151"."n_prompt",
    "t151"."n_template",
    "t151"."n_prefix_fp",
    "t151"."n_suffix_fp",
    "t151"."n_topic",
    "t151"."n_system",
    "t151"."n_conversation",
    "t151"."v_acct_first",
    "t151"."v_infra_first",
    "t151"."v_gap_raw"
  FROM "t64" AS "t66"
  INNER JOIN (
    SELECT
      "t70"."account_id" AS "s_acct",
      "t70"."request_id" AS "s_rid",
      (
        COALESCE("t149"."n_mask", 0) & 1
      ) <> 0 AS "n_day",
      (
        COALESCE("t149"."n_mask", 0) & 2
      ) <> 0 AS "n_hour",
      (
        COALESCE("t149"."n_mask", 0) & 4
      ) <> 0 AS "n_hour_of_day",
      (
        COALESCE("t149"."n_mask", 0) & 8
      ) <> 0 AS "n_ip",
      (
        COALESCE("t149"."n_mask", 0) & 16
      ) <> 0 AS "n_prefix",
      (
        COALESCE("t149"."n_mask", 0) & 32
      ) <> 0 AS "n_asn",
      (
        COALESCE("t149"."n_mask", 0) & 64
      ) <> 0 AS "n_ua",
      (
        COALESCE("t149"."n_mask", 0) & 128
      ) <> 0 AS "n_prompt",
      (
        COALESCE("t149"."n_mask", 0) & 256
      ) <> 0 AS "n_template",
      (
        COALESCE("t149"."n_mask", 0) & 512
      ) <> 0 AS "n_prefix_fp",
      (
        COALESCE("t149"."n_mask", 0) & 1024
      ) <> 0 AS "n_suffix_fp",
      (
        COALESCE("t149"."n_mask", 0) & 2048
      ) <> 0 AS "n_topic",
      (
        COALESCE("t149"."n_mask", 0) & 4096
      ) <> 0 AS "n_system",
      (
        COALESCE("t149"."n_mask", 0) & 8192
      ) <> 0 AS "n_conversation",
      "t119"."v_acct_first",
      "t120"."v_infra_first",
      CAST("t70"."ts_ms" - COALESCE("t70"."_prev", "t22"."l_ts") AS DOUBLE) / 1000.0 AS "v_gap_raw"
    FROM "t68" AS "t70"
    LEFT OUTER JOIN (
      SELECT
        "t147"."acct",
        "t147"."seq",
        SUM("t147"."bit") AS "n_mask"
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
                "t117"."account_id" AS "acct",
                "t117"."s" AS "seq",
                4096 AS "bit"
              FROM (
                SELECT
                  "t85"."account_id",
                  "t85"."system_fp",
                  MIN("t85"."_seq") AS "s"
                FROM (
                  SELECT
                    *
                  FROM "t68" AS "t69"
                  WHERE
                    "t69"."system_fp" IS NOT NULL
                ) AS "t85"
                GROUP BY
                  1,
                  2
              ) AS "t117"
              ANTI JOIN (
                SELECT DISTINCT
                  "t1"."account_id",
                  "t1"."system_fp"
                FROM "event_flags" AS "t1"
                WHERE
                  "t1"."system_fp" IS NOT NULL
              ) AS "t23"
                ON "t117"."account_id" = "t23"."account_id"
                AND "t117"."system_fp" = "t23"."system_fp"
            ) AS "t133"
            UNION ALL
            SELECT
              *
            FROM (
              SELECT
                "t118"."account_id" AS "acct",
                "t118"."s" AS "seq",
                8192 AS "bit"
              FROM (
                SELECT
                  "t86"."account_id",
                  "t86"."conversation_id",
                  MIN("t86"."_seq") AS "s"
                FROM (
                  SELECT
                    *
                  FROM "t68" AS "t69"
                  WHERE
                    "t69"."conversation_id" IS NOT NULL
                ) AS "t86"
                GROUP BY
                  1,
                  2
              ) AS "t118"
              ANTI JOIN (
                SELECT DISTINCT
                  "t1"."account_id",
                  "t1"."conversation_id"
                FROM "event_flags" AS "t1"
                WHERE
                  "t1"."conversation_id" IS NOT NULL
              ) AS "t24"
                ON "t118"."account_id" = "t24"."account_id"
                AND "t118"."conversation_id" = "t24"."conversation_id"
            ) AS "t134"
          ) AS "t141"
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
                  "t105"."account_id" AS "acct",
                  "t105"."s" AS "seq",
                  1 AS "bit"
                FROM (
                  SELECT
                    "t73"."account_id",
                    "t73"."v_day",
                    MIN("t73"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t68" AS "t69"
                    WHERE
                      "t69"."v_day" IS NOT NULL
                  ) AS "t73"
                  GROUP BY
                    1,
                    2
                ) AS "t105"
                ANTI JOIN (
                  SELECT DISTINCT
                    "t1"."account_id",
                    "t1"."v_day"
                  FROM "event_flags" AS "t1"
                  WHERE
                    "t1"."v_day" IS NOT NULL
                ) AS "t25"
                  ON "t105"."account_id" = "t25"."account_id" AND "t105"."v_day" = "t25"."v_day"
              ) AS "t121"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  "t106"."account_id" AS "acct",
                  "t106"."s" AS "seq",
                  2 AS "bit"
                FROM (
                  SELECT
                    "t74"."account_id",
                    "t74"."v_hour",
                    MIN("t74"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t68" AS "t69"
                    WHERE
                      "t69"."v_hour" IS NOT NULL
                  ) AS "t74"
                  GROUP BY
                    1,
                    2
                ) AS "t106"
                ANTI JOIN (
                  SELECT DISTINCT
                    "t1"."account_id",
                    "t1"."v_hour"
                  FROM "event_flags" AS "t1"
                  WHERE
                    "t1"."v_hour" IS NOT NULL
                ) AS "t26"
                  ON "t106"."account_id" = "t26"."account_id" AND "t106"."v_hour" = "t26"."v_hour"
              ) AS "t122"
            ) AS "t135"
            UNION ALL
            SELECT
              *
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  "t107"."account_id" AS "acct",
                  "t107"."s" AS "seq",
                  4 AS "bit"
                FROM (
                  SELECT
                    "t75"."account_id",
                    "t75"."v_hour_of_day",
                    MIN("t75"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t68" AS "t69"
                    WHERE
                      "t69"."v_hour_of_day" IS NOT NULL
                  ) AS "t75"
                  GROUP BY
                    1,
                    2
                ) AS "t107"
                ANTI JOIN (
                  SELECT DISTINCT
                    "t1"."account_id",
                    "t1"."v_hour_of_day"
                  FROM "event_flags" AS "t1"
                  WHERE
                    "t1"."v_hour_of_day" IS NOT NULL
                ) AS "t27"
                  ON "t107"."account_id" = "t27"."account_id"
                  AND "t107"."v_hour_of_day" = "t27"."v_hour_of_day"
              ) AS "t123"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  "t108"."account_id" AS "acct",
                  "t108"."s" AS "seq",
                  8 AS "bit"
                FROM (
                  SELECT
                    "t76"."account_id",
                    "t76"."ip",
                    MIN("t76"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t68" AS "t69"
                    WHERE
                      "t69"."ip" IS NOT NULL
                  ) AS "t76"
                  GROUP BY
                    1,
                    2
                ) AS "t108"
                ANTI JOIN (
                  SELECT DISTINCT
                    "t1"."account_id",
                    "t1"."ip"
                  FROM "event_flags" AS "t1"
                  WHERE
                    "t1"."ip" IS NOT NULL
                ) AS "t28"
                  ON "t108"."account_id" = "t28"."account_id" AND "t108"."ip" = "t28"."ip"
              ) AS "t124"
            ) AS "t136"
          ) AS "t142"
        ) AS "t145"
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
                  "t109"."account_id" AS "acct",
                  "t109"."s" AS "seq",
                  16 AS "bit"
                FROM (
                  SELECT
                    "t77"."account_id",
                    "t77"."v_prefix",
                    MIN("t77"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t68" AS "t69"
                    WHERE
                      "t69"."v_prefix" IS NOT NULL
                  ) AS "t77"
                  GROUP BY
                    1,
                    2
                ) AS "t109"
                ANTI JOIN (
                  SELECT DISTINCT
                    "t1"."account_id",
                    "t1"."v_prefix"
                  FROM "event_flags" AS "t1"
                  WHERE
                    "t1"."v_prefix" IS NOT NULL
                ) AS "t29"
                  ON "t109"."account_id" = "t29"."account_id" AND "t109"."v_prefix" = "t29"."v_prefix"
              ) AS "t125"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  "t110"."account_id" AS "acct",
                  "t110"."s" AS "seq",
                  32 AS "bit"
                FROM (
                  SELECT
                    "t78"."account_id",
                    "t78"."asn",
                    MIN("t78"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t68" AS "t69"
                    WHERE
                      "t69"."asn" IS NOT NULL
                  ) AS "t78"
                  GROUP BY
                    1,
                    2
                ) AS "t110"
                ANTI JOIN (
                  SELECT DISTINCT
                    "t1"."account_id",
                    "t1"."asn"
                  FROM "event_flags" AS "t1"
                  WHERE
                    "t1"."asn" IS NOT NULL
                ) AS "t30"
                  ON "t110"."account_id" = "t30"."account_id" AND "t110"."asn" = "t30"."asn"
              ) AS "t126"
            ) AS "t137"
            UNION ALL
            SELECT
              *
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  "t111"."account_id" AS "acct",
                  "t111"."s" AS "seq",
                  64 AS "bit"
                FROM (
                  SELECT
                    "t79"."account_id",
                    "t79"."user_agent",
                    MIN("t79"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t68" AS "t69"
                    WHERE
                      "t69"."user_agent" IS NOT NULL
                  ) AS "t79"
                  GROUP BY
                    1,
                    2
                ) AS "t111"
                ANTI JOIN (
                  SELECT DISTINCT
                    "t1"."account_id",
                    "t1"."user_agent"
                  FROM "event_flags" AS "t1"
                  WHERE
                    "t1"."user_agent" IS NOT NULL
                ) AS "t31"
                  ON "t111"."account_id" = "t31"."account_id"
                  AND "t111"."user_agent" = "t31"."user_agent"
              ) AS "t127"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  "t112"."account_id" AS "acct",
                  "t112"."s" AS "seq",
                  128 AS "bit"
                FROM (
                  SELECT
                    "t80"."account_id",
                    "t80"."v_prompt_key",
                    MIN("t80"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t68" AS "t69"
                    WHERE
                      "t69"."v_prompt_key" IS NOT NULL
                  ) AS "t80"
                  GROUP BY
                    1,
                    2
                ) AS "t112"
                ANTI JOIN (
                  SELECT DISTINCT
                    "t1"."account_id",
                    "t1"."v_prompt_key"
                  FROM "event_flags" AS "t1"
                  WHERE
                    "t1"."v_prompt_key" IS NOT NULL
                ) AS "t32"
                  ON "t112"."account_id" = "t32"."account_id"
                  AND "t112"."v_prompt_key" = "t32"."v_prompt_key"
              ) AS "t128"
            ) AS "t138"
          ) AS "t143"
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
                  "t113"."account_id" AS "acct",
                  "t113"."s" AS "seq",
                  256 AS "bit"
                FROM (
                  SELECT
                    "t81"."account_id",
                    "t81"."template_fp",
                    MIN("t81"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t68" AS "t69"
                    WHERE
                      "t69"."template_fp" IS NOT NULL
                  ) AS "t81"
                  GROUP BY
                    1,
                    2
                ) AS "t113"
                ANTI JOIN (
                  SELECT DISTINCT
                    "t1"."account_id",
                    "t1"."template_fp"
                  FROM "event_flags" AS "t1"
                  WHERE
                    "t1"."template_fp" IS NOT NULL
                ) AS "t33"
                  ON "t113"."account_id" = "t33"."account_id"
                  AND "t113"."template_fp" = "t33"."template_fp"
              ) AS "t129"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  "t114"."account_id" AS "acct",
                  "t114"."s" AS "seq",
                  512 AS "bit"
                FROM (
                  SELECT
                    "t82"."account_id",
                    "t82"."prefix_fp",
                    MIN("t82"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t68" AS "t69"
                    WHERE
                      "t69"."prefix_fp" IS NOT NULL
                  ) AS "t82"
                  GROUP BY
                    1,
                    2
                ) AS "t114"
                ANTI JOIN (
                  SELECT DISTINCT
                    "t1"."account_id",
                    "t1"."prefix_fp"
                  FROM "event_flags" AS "t1"
                  WHERE
                    "t1"."prefix_fp" IS NOT NULL
                ) AS "t34"
                  ON "t114"."account_id" = "t34"."account_id"
                  AND "t114"."prefix_fp" = "t34"."prefix_fp"
              ) AS "t130"
            ) AS "t139"
            UNION ALL
            SELECT
              *
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  "t115"."account_id" AS "acct",
                  "t115"."s" AS "seq",
                  1024 AS "bit"
                FROM (
                  SELECT
                    "t83"."account_id",
                    "t83"."suffix_fp",
                    MIN("t83"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t68" AS "t69"
                    WHERE
                      "t69"."suffix_fp" IS NOT NULL
                  ) AS "t83"
                  GROUP BY
                    1,
                    2
                ) AS "t115"
                ANTI JOIN (
                  SELECT DISTINCT
                    "t1"."account_id",
                    "t1"."suffix_fp"
                  FROM "event_flags" AS "t1"
                  WHERE
                    "t1"."suffix_fp" IS NOT NULL
                ) AS "t35"
                  ON "t115"."account_id" = "t35"."account_id"
                  AND "t115"."suffix_fp" = "t35"."suffix_fp"
              ) AS "t131"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  "t116"."account_id" AS "acct",
                  "t116"."s" AS "seq",
                  2048 AS "bit"
                FROM (
                  SELECT
                    "t84"."account_id",
                    "t84"."topic",
                    MIN("t84"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t68" AS "t69"
                    WHERE
                      "t69"."topic" IS NOT NULL
                  ) AS "t84"
                  GROUP BY
                    1,
                    2
                ) AS "t116"
                ANTI JOIN (
                  SELECT DISTINCT
                    "t1"."account_id",
                    "t1"."topic"
                  FROM "event_flags" AS "t1"
                  WHERE
                    "t1"."topic" IS NOT NULL
                ) AS "t36"
                  ON "t116"."account_id" = "t36"."account_id" AND "t116"."topic" = "t36"."topic"
              ) AS "t132"
            ) AS "t140"
          ) AS "t144"
        ) AS "t146"
      ) AS "t147"
      GROUP BY
        1,
        2
    ) AS "t149"
      ON "t70"."account_id" = "t149"."acct" AND "t70"."_seq" = "t149"."seq"
    INNER JOIN (
      SELECT
        "t87"."a_acct",
        MIN("t87"."v_acct_first") AS "v_acct_first"
      FROM (
        SELECT
          *
        FROM (
          SELECT
            "t69"."account_id" AS "a_acct",
            MIN("t69"."ts_ms") AS "v_acct_first"
          FROM "t68" AS "t69"
          GROUP BY
            1
        ) AS "t71"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            "t1"."account_id" AS "a_acct",
            MIN("t1"."ts_ms") AS "v_acct_first"
          FROM "event_flags" AS "t1"
          GROUP BY
            1
        ) AS "t6"
      ) AS "t87"
      GROUP BY
        1
    ) AS "t119"
      ON "t70"."account_id" = "t119"."a_acct"
    INNER JOIN (
      SELECT
        "t88"."i_acct",
        "t88"."i_infra",
        MIN("t88"."v_infra_first") AS "v_infra_first"
      FROM (
        SELECT
          *
        FROM (
          SELECT
            "t69"."account_id" AS "i_acct",
            "t69"."v_infra" AS "i_infra",
            MIN("t69"."ts_ms") AS "v_infra_first"
          FROM "t68" AS "t69"
          GROUP BY
            1,
            2
        ) AS "t72"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            "t1"."account_id" AS "i_acct",
            "t1"."v_infra" AS "i_infra",
            MIN("t1"."ts_ms") AS "v_infra_first"
          FROM "event_flags" AS "t1"
          GROUP BY
            1,
            2
        ) AS "t7"
      ) AS "t88"
      GROUP BY
        1,
        2
    ) AS "t120"
      ON "t70"."account_id" = "t120"."i_acct" AND "t70"."v_infra" = "t120"."i_infra"
    LEFT OUTER JOIN (
      SELECT
        "t1"."account_id" AS "l_acct",
        MAX("t1"."ts_ms") AS "l_ts"
      FROM "event_flags" AS "t1"
      GROUP BY
        1
    ) AS "t22"
      ON "t70"."account_id" = "t22"."l_acct"
  ) AS "t151"
    ON "t66"."account_id" = "t151"."s_acct" AND "t66"."request_id" = "t151"."s_rid"
) AS "t152"
