WITH "t11" AS (
  SELECT
    *
  FROM (
    SELECT
      "t7"."a" AS "account_id",
      'end_user' AS "kind"
    FROM (
      SELECT
        "t3"."a",
        COUNT(DISTINCT "t3"."v") AS "k"
      FROM (
        SELECT
          "t0"."account_id" AS "a",
          "t0"."end_user" AS "v"
        FROM "event_features" AS "t0"
        WHERE
          "t0"."end_user" IS NOT NULL AND NOT (
            STARTS_WITH("t0"."account_id", '')
          )
      ) AS "t3"
      GROUP BY
        1
    ) AS "t7"
    WHERE
      "t7"."k" >= 4
  ) AS "t9"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      "t8"."a" AS "account_id",
      'api_key' AS "kind"
    FROM (
      SELECT
        "t4"."a",
        COUNT(DISTINCT "t4"."v") AS "k"
      FROM (
        SELECT
          "t0"."account_id" AS "a",
          "t0"."api_key_id" AS "v"
        FROM "event_features" AS "t0"
        WHERE
          "t0"."api_key_id" IS NOT NULL AND NOT (
            STARTS_WITH("t0"."account_id", '')
          )
      ) AS "t4"
      GROUP BY
        1
    ) AS "t8"
    WHERE
      "t8"."k" >= 4
  ) AS "t10"
), "t22" AS (
  SELECT
    *
  FROM (
    SELECT
      "t17"."request_id",
      'api_key' || REPLACE(REPLACE("t17"."account_id", '\', '\\'), '', '\x1f') || '' || REPLACE(REPLACE("t17"."api_key_id", '\', '\\'), '', '\x1f') AS "account_id",
      "t17"."ts_ms",
      "t17"."bucket",
      "t17"."org_id",
      "t17"."api_key_id",
      "t17"."end_user",
      "t17"."ip",
      "t17"."asn",
      "t17"."user_agent",
      "t17"."conversation_id",
      "t17"."prompt_chars",
      "t17"."prompt_hash",
      "t17"."template_fp",
      "t17"."prefix_fp",
      "t17"."suffix_fp",
      "t17"."system_fp",
      "t17"."cue_cot",
      "t17"."cue_align",
      "t17"."cue_datagen",
      "t17"."cue_sysprompt",
      "t17"."cue_cot_sys",
      "t17"."head_words",
      "t17"."tail_words",
      "t17"."capability",
      "t17"."topic",
      "t17"."lang",
      "t17"."v_day",
      "t17"."v_hour",
      "t17"."v_hour_of_day",
      "t17"."v_prefix",
      "t17"."v_infra",
      "t17"."v_prompt_key",
      "t17"."v_w15",
      "t17"."v_w15b",
      "t17"."v_nd_a",
      "t17"."v_nd_b",
      "t17"."v_params",
      "t17"."f_cap_coding",
      "t17"."f_cap_math",
      "t17"."f_cap_reasoning",
      "t17"."f_cap_alignment",
      "t17"."f_cap_datagen",
      "t17"."f_cap_sysprompt",
      "t17"."f_cap_general",
      "t17"."f_prompt_known",
      "t17"."f_output_known",
      "t17"."f_params_known",
      "t17"."f_long_max",
      "t17"."f_multi_n",
      "t17"."f_logprob",
      "t17"."f_top_lp_high",
      "t17"."f_logit_bias",
      "t17"."f_logit_bias_large",
      "t17"."f_short_out",
      "t17"."f_long_out",
      "t17"."f_reasoning_high",
      "t17"."f_temp_known",
      "t17"."f_temp_zero",
      "t17"."f_tools",
      "t17"."f_followup",
      "t17"."f_error",
      "t17"."f_rate_limited",
      "t17"."f_refusal",
      "t17"."f_cue_any",
      "t17"."f_harvest",
      "t17"."f_logit_evidence",
      "t17"."v_input_tokens",
      "t17"."v_output_tokens",
      "t17"."v_reasoning_tokens",
      "t17"."v_n",
      "t17"."v_top_lp",
      "t17"."v_logit_bias",
      "t17"."v_max_tokens"
    FROM (
      SELECT
        "t5"."request_id",
        "t5"."account_id",
        "t5"."ts_ms",
        "t5"."bucket",
        "t5"."org_id",
        "t5"."api_key_id",
        "t5"."end_user",
        "t5"."ip",
        "t5"."asn",
        "t5"."user_agent",
        "t5"."conversation_id",
        "t5"."prompt_chars",
        "t5"."prompt_hash",
        "t5"."template_fp",
        "t5"."prefix_fp",
        "t5"."suffix_fp",
        "t5"."system_fp",
        "t5"."cue_cot",
        "t5"."cue_align",
        "t5"."cue_datagen",
        "t5"."cue_sysprompt",
        "t5"."cue_cot_sys",
        "t5"."head_words",
        "t5"."tail_words",
        "t5"."capability",
        "t5"."topic",
        "t5"."lang",
        "t5"."v_day",
        "t5"."v_hour",
        "t5"."v_hour_of_day",
        "t5"."v_prefix",
        "t5"."v_infra",
        "t5"."v_prompt_key",
        "t5"."v_w15",
        "t5"."v_w15b",
        "t5"."v_nd_a",
        "t5"."v_nd_b",
        "t5"."v_params",
        "t5"."f_cap_coding",
        "t5"."f_cap_math",
        "t5"."f_cap_reasoning",
        "t5"."f_cap_alignment",
        "t5"."f_cap_datagen",
        "t5"."f_cap_sysprompt",
        "t5"."f_cap_general",
        "t5"."f_prompt_known",
        "t5"."f_output_known",
        "t5"."f_params_known",
        "t5"."f_long_max",
        "t5"."f_multi_n",
        "t5"."f_logprob",
        "t5"."f_top_lp_high",
        "t5"."f_logit_bias",
        "t5"."f_logit_bias_large",
        "t5"."f_short_out",
        "t5"."f_long_out",
        "t5"."f_reasoning_high",
        "t5"."f_temp_known",
        "t5"."f_temp_zero",
        "t5"."f_tools",
        "t5"."f_followup",
        "t5"."f_error",
        "t5"."f_rate_limited",
        "t5"."f_refusal",
        "t5"."f_cue_any",
        "t5"."f_harvest",
        "t5"."f_logit_evidence",
        "t5"."v_input_tokens",
        "t5"."v_output_tokens",
        "t5"."v_reasoning_tokens",
        "t5"."v_n",
        "t5"."v_top_lp",
        "t5"."v_logit_bias",
        "t5"."v_max_tokens"
      FROM (
        SELECT
          *
        FROM "event_features" AS "t0"
        WHERE
          "t0"."api_key_id" IS NOT NULL
      ) AS "t5"
      SEMI JOIN (
        SELECT
          *
        FROM "t11" AS "t12"
        WHERE
          "t12"."kind" = 'api_key'
      ) AS "t15"
        ON "t5"."account_id" = "t15"."account_id"
    ) AS "t17"
  ) AS "t19"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      *
    FROM "event_features" AS "t0"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t18"."request_id",
        'end_user' || REPLACE(REPLACE("t18"."account_id", '\', '\\'), '', '\x1f') || '' || REPLACE(REPLACE("t18"."end_user", '\', '\\'), '', '\x1f') AS "account_id",
        "t18"."ts_ms",
        "t18"."bucket",
        "t18"."org_id",
        "t18"."api_key_id",
        "t18"."end_user",
        "t18"."ip",
        "t18"."asn",
        "t18"."user_agent",
        "t18"."conversation_id",
        "t18"."prompt_chars",
        "t18"."prompt_hash",
        "t18"."template_fp",
        "t18"."prefix_fp",
        "t18"."suffix_fp",
        "t18"."system_fp",
        "t18"."cue_cot",
        "t18"."cue_align",
        "t18"."cue_datagen",
        "t18"."cue_sysprompt",
        "t18"."cue_cot_sys",
        "t18"."head_words",
        "t18"."tail_words",
        "t18"."capability",
        "t18"."topic",
        "t18"."lang",
        "t18"."v_day",
        "t18"."v_hour",
        "t18"."v_hour_of_day",
        "t18"."v_prefix",
        "t18"."v_infra",
        "t18"."v_prompt_key",
        "t18"."v_w15",
        "t18"."v_w15b",
        "t18"."v_nd_a",
        "t18"."v_nd_b",
        "t18"."v_params",
        "t18"."f_cap_coding",
        "t18"."f_cap_math",
        "t18"."f_cap_reasoning",
        "t18"."f_cap_alignment",
        "t18"."f_cap_datagen",
        "t18"."f_cap_sysprompt",
        "t18"."f_cap_general",
        "t18"."f_prompt_known",
        "t18"."f_output_known",
        "t18"."f_params_known",
        "t18"."f_long_max",
        "t18"."f_multi_n",
        "t18"."f_logprob",
        "t18"."f_top_lp_high",
        "t18"."f_logit_bias",
        "t18"."f_logit_bias_large",
        "t18"."f_short_out",
        "t18"."f_long_out",
        "t18"."f_reasoning_high",
        "t18"."f_temp_known",
        "t18"."f_temp_zero",
        "t18"."f_tools",
        "t18"."f_followup",
        "t18"."f_error",
        "t18"."f_rate_limited",
        "t18"."f_refusal",
        "t18"."f_cue_any",
        "t18"."f_harvest",
        "t18"."f_logit_evidence",
        "t18"."v_input_tokens",
        "t18"."v_output_tokens",
        "t18"."v_reasoning_tokens",
        "t18"."v_n",
        "t18"."v_top_lp",
        "t18"."v_logit_bias",
        "t18"."v_max_tokens"
      FROM (
        SELECT
          "t6"."request_id",
          "t6"."account_id",
          "t6"."ts_ms",
          "t6"."bucket",
          "t6"."org_id",
          "t6"."api_key_id",
          "t6"."end_user",
          "t6"."ip",
          "t6"."asn",
          "t6"."user_agent",
          "t6"."conversation_id",
          "t6"."prompt_chars",
          "t6"."prompt_hash",
          "t6"."template_fp",
          "t6"."prefix_fp",
          "t6"."suffix_fp",
          "t6"."system_fp",
          "t6"."cue_cot",
          "t6"."cue_align",
          "t6"."cue_datagen",
          "t6"."cue_sysprompt",
          "t6"."cue_cot_sys",
          "t6"."head_words",
          "t6"."tail_words",
          "t6"."capability",
          "t6"."topic",
          "t6"."lang",
          "t6"."v_day",
          "t6"."v_hour",
          "t6"."v_hour_of_day",
          "t6"."v_prefix",
          "t6"."v_infra",
          "t6"."v_prompt_key",
          "t6"."v_w15",
          "t6"."v_w15b",
          "t6"."v_nd_a",
          "t6"."v_nd_b",
          "t6"."v_params",
          "t6"."f_cap_coding",
          "t6"."f_cap_math",
          "t6"."f_cap_reasoning",
          "t6"."f_cap_alignment",
          "t6"."f_cap_datagen",
          "t6"."f_cap_sysprompt",
          "t6"."f_cap_general",
          "t6"."f_prompt_known",
          "t6"."f_output_known",
          "t6"."f_params_known",
          "t6"."f_long_max",
          "t6"."f_multi_n",
          "t6"."f_logprob",
          "t6"."f_top_lp_high",
          "t6"."f_logit_bias",
          "t6"."f_logit_bias_large",
          "t6"."f_short_out",
          "t6"."f_long_out",
          "t6"."f_reasoning_high",
          "t6"."f_temp_known",
          "t6"."f_temp_zero",
          "t6"."f_tools",
          "t6"."f_followup",
          "t6"."f_error",
          "t6"."f_rate_limited",
          "t6"."f_refusal",
          "t6"."f_cue_any",
          "t6"."f_harvest",
          "t6"."f_logit_evidence",
          "t6"."v_input_tokens",
          "t6"."v_output_tokens",
          "t6"."v_reasoning_tokens",
          "t6"."v_n",
          "t6"."v_top_lp",
          "t6"."v_logit_bias",
          "t6"."v_max_tokens"
        FROM (
          SELECT
            *
          FROM "event_features" AS "t0"
          WHERE
            "t0"."end_user" IS NOT NULL
        ) AS "t6"
        SEMI JOIN (
          SELECT
            *
          FROM "t11" AS "t12"
          WHERE
            "t12"."kind" = 'end_user'
        ) AS "t16"
          ON "t6"."account_id" = "t16"."account_id"
      ) AS "t18"
    ) AS "t20"
  ) AS "t21"
), "t26" AS (
  SELECT
    "t25"."account_id",
    "t25"."request_id",
    "t25"."ts_ms",
    "t25"."v_infra",
    "t25"."v_day",
    "t25"."v_hour",
    "t25"."v_hour_of_day",
    "t25"."ip",
    "t25"."v_prefix",
    "t25"."asn",
    "t25"."user_agent",
    "t25"."v_prompt_key",
    "t25"."template_fp",
    "t25"."prefix_fp",
    "t25"."suffix_fp",
    "t25"."topic",
    "t25"."system_fp",
    "t25"."conversation_id",
    ROW_NUMBER() OVER (
      PARTITION BY "t25"."account_id"
      ORDER BY "t25"."ts_ms" ASC, "t25"."request_id" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "_seq",
    LAG("t25"."ts_ms") OVER (
      PARTITION BY "t25"."account_id"
      ORDER BY "t25"."ts_ms" ASC, "t25"."request_id" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_prev"
  FROM (
    SELECT
      "t23"."account_id",
      "t23"."request_id",
      "t23"."ts_ms",
      "t23"."v_infra",
      "t23"."v_day",
      "t23"."v_hour",
      "t23"."v_hour_of_day",
      "t23"."ip",
      "t23"."v_prefix",
      "t23"."asn",
      "t23"."user_agent",
      "t23"."v_prompt_key",
      "t23"."template_fp",
      "t23"."prefix_fp",
      "t23"."suffix_fp",
      "t23"."topic",
      "t23"."system_fp",
      "t23"."conversation_id"
    FROM "t22" AS "t23"
  ) AS "t25"
)
SELECT
  "t92"."request_id",
  "t92"."account_id",
  "t92"."ts_ms",
  "t92"."bucket",
  "t92"."org_id",
  "t92"."api_key_id",
  "t92"."end_user",
  "t92"."ip",
  "t92"."asn",
  "t92"."user_agent",
  "t92"."conversation_id",
  "t92"."prompt_chars",
  "t92"."prompt_hash",
  "t92"."template_fp",
  "t92"."prefix_fp",
  "t92"."suffix_fp",
  "t92"."system_fp",
  "t92"."cue_cot",
  "t92"."cue_align",
  "t92"."cue_datagen",
  "t92"."cue_sysprompt",
  "t92"."cue_cot_sys",
  "t92"."head_words",
  "t92"."tail_words",
  "t92"."capability",
  "t92"."topic",
  "t92"."lang",
  "t92"."v_day",
  "t92"."v_hour",
  "t92"."v_hour_of_day",
  "t92"."v_prefix",
  "t92"."v_infra",
  "t92"."v_prompt_key",
  "t92"."v_w15",
  "t92"."v_w15b",
  "t92"."v_nd_a",
  "t92"."v_nd_b",
  "t92"."v_params",
  "t92"."f_cap_coding",
  "t92"."f_cap_math",
  "t92"."f_cap_reasoning",
  "t92"."f_cap_alignment",
  "t92"."f_cap_datagen",
  "t92"."f_cap_sysprompt",
  "t92"."f_cap_general",
  "t92"."f_prompt_known",
  "t92"."f_output_known",
  "t92"."f_params_known",
  "t92"."f_long_max",
  "t92"."f_multi_n",
  "t92"."f_logprob",
  "t92"."f_top_lp_high",
  "t92"."f_logit_bias",
  "t92"."f_logit_bias_large",
  "t92"."f_short_out",
  "t92"."f_long_out",
  "t92"."f_reasoning_high",
  "t92"."f_temp_known",
  "t92"."f_temp_zero",
  "t92"."f_tools",
  "t92"."f_followup",
  "t92"."f_error",
  "t92"."f_rate_limited",
  "t92"."f_refusal",
  "t92"."f_cue_any",
  "t92"."f_harvest",
  "t92"."f_logit_evidence",
  "t92"."v_input_tokens",
  "t92"."v_output_tokens",
  "t92"."v_reasoning_tokens",
  "t92"."v_n",
  "t92"."v_top_lp",
  "t92"."v_logit_bias",
  "t92"."v_max_tokens",
  "t92"."n_day",
  "t92"."n_hour",
  "t92"."n_hour_of_day",
  "t92"."n_ip",
  "t92"."n_prefix",
  "t92"."n_asn",
  "t92"."n_ua",
  "t92"."n_prompt",
  "t92"."n_template",
  "t92"."n_prefix_fp",
  "t92"."n_suffix_fp",
  "t92"."n_topic",
  "t92"."n_system",
  "t92"."n_conversation",
  "t92"."v_acct_first",
  "t92"."v_infra_first",
  "t92"."v_gap_raw",
  (
    "t92"."v_gap_raw" IS NOT NULL
  ) AND (
    "t92"."v_gap_raw" < 3600.0
  ) AS "f_gap",
  COALESCE("t92"."v_gap_raw" >= 14400.0, FALSE) AS "f_rest",
  (
    "t92"."v_infra_first" - "t92"."v_acct_first"
  ) >= 259200000 AS "f_late_infra",
  (
    (
      "t92"."v_infra_first" - "t92"."v_acct_first"
    ) >= 259200000
  )
  AND "t92"."f_cue_any" AS "f_late_cue",
  CASE
    WHEN (
      "t92"."v_gap_raw" IS NOT NULL
    ) AND (
      "t92"."v_gap_raw" < 3600.0
    )
    THEN "t92"."v_gap_raw"
    ELSE 0.0
  END AS "v_gap",
  CASE
    WHEN (
      "t92"."v_gap_raw" IS NOT NULL
    ) AND (
      "t92"."v_gap_raw" < 3600.0
    )
    THEN LOG("t92"."v_gap_raw" + 0.1)
    ELSE 0.0
  END AS "v_gap_log",
  CASE
    WHEN (
      "t92"."v_gap_raw" IS NOT NULL
    ) AND (
      "t92"."v_gap_raw" < 3600.0
    )
    THEN "t92"."v_gap_raw"
    ELSE 0.0
  END * CASE
    WHEN (
      "t92"."v_gap_raw" IS NOT NULL
    ) AND (
      "t92"."v_gap_raw" < 3600.0
    )
    THEN "t92"."v_gap_raw"
    ELSE 0.0
  END AS "v_gap_sq",
  CASE
    WHEN (
      "t92"."v_gap_raw" IS NOT NULL
    ) AND (
      "t92"."v_gap_raw" < 3600.0
    )
    THEN LOG("t92"."v_gap_raw" + 0.1)
    ELSE 0.0
  END * CASE
    WHEN (
      "t92"."v_gap_raw" IS NOT NULL
    ) AND (
      "t92"."v_gap_raw" < 3600.0
    )
    THEN LOG("t92"."v_gap_raw" + 0.1)
    ELSE 0.0
  END AS "v_gap_log_sq",
  CASE
    WHEN (
      "t92"."v_infra_first" - "t92"."v_acct_first"
    ) >= 259200000
    THEN "t92"."ts_ms"
    ELSE CAST(NULL AS BIGINT)
  END AS "v_late_ts"
FROM (
  SELECT
    "t24"."request_id",
    "t24"."account_id",
    "t24"."ts_ms",
    "t24"."bucket",
    "t24"."org_id",
    "t24"."api_key_id",
    "t24"."end_user",
    "t24"."ip",
    "t24"."asn",
    "t24"."user_agent",
    "t24"."conversation_id",
    "t24"."prompt_chars",
    "t24"."prompt_hash",
    "t24"."template_fp",
    "t24"."prefix_fp",
    "t24"."suffix_fp",
    "t24"."system_fp",
    "t24"."cue_cot",
    "t24"."cue_align",
    "t24"."cue_datagen",
    "t24"."cue_sysprompt",
    "t24"."cue_cot_sys",
    "t24"."head_words",
    "t24"."tail_words",
    "t24"."capability",
    "t24"."topic",
    "t24"."lang",
    "t24"."v_day",
    "t24"."v_hour",
    "t24"."v_hour_of_day",
    "t24"."v_prefix",
    "t24"."v_infra",
    "t24"."v_prompt_key",
    "t24"."v_w15",
    "t24"."v_w15b",
    "t24"."v_nd_a",
    "t24"."v_nd_b",
    "t24"."v_params",
    "t24"."f_cap_coding",
    "t24"."f_cap_math",
    "t24"."f_cap_reasoning",
    "t24"."f_cap_alignment",
    "t24"."f_cap_datagen",
    "t24"."f_cap_sysprompt",
    "t24"."f_cap_general",
    "t24"."f_prompt_known",
    "t24"."f_output_known",
    "t24"."f_params_known",
    "t24"."f_long_max",
    "t24"."f_multi_n",
    "t24"."f_logprob",
    "t24"."f_top_lp_high",
    "t24"."f_logit_bias",
    "t24"."f_logit_bias_large",
    "t24"."f_short_out",
    "t24"."f_long_out",
    "t24"."f_reasoning_high",
    "t24"."f_temp_known",
    "t24"."f_temp_zero",
    "t24"."f_tools",
    "t24"."f_followup",
    "t24"."f_error",
    "t24"."f_rate_limited",
    "t24"."f_refusal",
    "t24"."f_cue_any",
    "t24"."f_harvest",
    "t24"."f_logit_evidence",
    "t24"."v_input_tokens",
    "t24"."v_output_tokens",
    "t24"."v_reasoning_tokens",
    "t24"."v_n",
    "t24"."v_top_lp",
    "t24"."v_logit_bias",
    "t24"."v_max_tokens",
    "t91"."n_day",
    "t91"."n_hour",
    "t91"."n_hour_of_day",
    "t91"."n_ip",
    "t91"."n_prefix",
    "t91"."n_asn",
    "t91"."n_ua",
    "t91"."n_prompt",
    "t91"."n_template",
    "t91"."n_prefix_fp",
    "t91"."n_suffix_fp",
    "t91"."n_topic",
    "t91"."n_system",
    "t91"."n_conversation",
    "t91"."v_acct_first",
    "t91"."v_infra_first",
    "t91"."v_gap_raw"
  FROM "t22" AS "t24"
  INNER JOIN (
    SELECT
      "t28"."account_id" AS "s_acct",
      "t28"."request_id" AS "s_rid",
      (
        COALESCE("t89"."n_mask", 0) & 1
      ) <> 0 AS "n_day",
      (
        COALESCE("t89"."n_mask", 0) & 2
      ) <> 0 AS "n_hour",
      (
        COALESCE("t89"."n_mask", 0) & 4
      ) <> 0 AS "n_hour_of_day",
      (
        COALESCE("t89"."n_mask", 0) & 8
      ) <> 0 AS "n_ip",
      (
        COALESCE("t89"."n_mask", 0) & 16
      ) <> 0 AS "n_prefix",
      (
        COALESCE("t89"."n_mask", 0) & 32
      ) <> 0 AS "n_asn",
      (
        COALESCE("t89"."n_mask", 0) & 64
      ) <> 0 AS "n_ua",
      (
        COALESCE("t89"."n_mask", 0) & 128
      ) <> 0 AS "n_prompt",
      (
        COALESCE("t89"."n_mask", 0) & 256
      ) <> 0 AS "n_template",
      (
        COALESCE("t89"."n_mask", 0) & 512
      ) <> 0 AS "n_prefix_fp",
      (
        COALESCE("t89"."n_mask", 0) & 1024
      ) <> 0 AS "n_suffix_fp",
      (
        COALESCE("t89"."n_mask", 0) & 2048
      ) <> 0 AS "n_topic",
      (
        COALESCE("t89"."n_mask", 0) & 4096
      ) <> 0 AS "n_system",
      (
        COALESCE("t89"."n_mask", 0) & 8192
      ) <> 0 AS "n_conversation",
      "t45"."v_acct_first",
      "t46"."v_infra_first",
      CAST("t28"."ts_ms" - "t28"."_prev" AS DOUBLE) / 1000.0 AS "v_gap_raw"
    FROM "t26" AS "t28"
    LEFT OUTER JOIN (
      SELECT
        "t87"."acct",
        "t87"."seq",
        SUM("t87"."bit") AS "n_mask"
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
                "t59"."account_id" AS "acct",
                "t59"."s" AS "seq",
                4096 AS "bit"
              FROM (
                SELECT
                  "t43"."account_id",
                  "t43"."system_fp",
                  MIN("t43"."_seq") AS "s"
                FROM (
                  SELECT
                    *
                  FROM "t26" AS "t27"
                  WHERE
                    "t27"."system_fp" IS NOT NULL
                ) AS "t43"
                GROUP BY
                  1,
                  2
              ) AS "t59"
            ) AS "t73"
            UNION ALL
            SELECT
              *
            FROM (
              SELECT
                "t60"."account_id" AS "acct",
                "t60"."s" AS "seq",
                8192 AS "bit"
              FROM (
                SELECT
                  "t44"."account_id",
                  "t44"."conversation_id",
                  MIN("t44"."_seq") AS "s"
                FROM (
                  SELECT
                    *
                  FROM "t26" AS "t27"
                  WHERE
                    "t27"."conversation_id" IS NOT NULL
                ) AS "t44"
                GROUP BY
                  1,
                  2
              ) AS "t60"
            ) AS "t74"
          ) AS "t81"
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
                  "t47"."account_id" AS "acct",
                  "t47"."s" AS "seq",
                  1 AS "bit"
                FROM (
                  SELECT
                    "t31"."account_id",
                    "t31"."v_day",
                    MIN("t31"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t26" AS "t27"
                    WHERE
                      "t27"."v_day" IS NOT NULL
                  ) AS "t31"
                  GROUP BY
                    1,
                    2
                ) AS "t47"
              ) AS "t61"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  "t48"."account_id" AS "acct",
                  "t48"."s" AS "seq",
                  2 AS "bit"
                FROM (
                  SELECT
                    "t32"."account_id",
                    "t32"."v_hour",
                    MIN("t32"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t26" AS "t27"
                    WHERE
                      "t27"."v_hour" IS NOT NULL
                  ) AS "t32"
                  GROUP BY
                    1,
                    2
                ) AS "t48"
              ) AS "t62"
            ) AS "t75"
            UNION ALL
            SELECT
              *
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  "t49"."account_id" AS "acct",
                  "t49"."s" AS "seq",
                  4 AS "bit"
                FROM (
                  SELECT
                    "t33"."account_id",
                    "t33"."v_hour_of_day",
                    MIN("t33"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t26" AS "t27"
                    WHERE
                      "t27"."v_hour_of_day" IS NOT NULL
                  ) AS "t33"
                  GROUP BY
                    1,
                    2
                ) AS "t49"
              ) AS "t63"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  "t50"."account_id" AS "acct",
                  "t50"."s" AS "seq",
                  8 AS "bit"
                FROM (
                  SELECT
                    "t34"."account_id",
                    "t34"."ip",
                    MIN("t34"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t26" AS "t27"
                    WHERE
                      "t27"."ip" IS NOT NULL
                  ) AS "t34"
                  GROUP BY
                    1,
                    2
                ) AS "t50"
              ) AS "t64"
            ) AS "t76"
          ) AS "t82"
        ) AS "t85"
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
                  "t51"."account_id" AS "acct",
                  "t51"."s" AS "seq",
                  16 AS "bit"
                FROM (
                  SELECT
                    "t35"."account_id",
                    "t35"."v_prefix",
                    MIN("t35"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t26" AS "t27"
                    WHERE
                      "t27"."v_prefix" IS NOT NULL
                  ) AS "t35"
                  GROUP BY
                    1,
                    2
                ) AS "t51"
              ) AS "t65"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  "t52"."account_id" AS "acct",
                  "t52"."s" AS "seq",
                  32 AS "bit"
                FROM (
                  SELECT
                    "t36"."account_id",
                    "t36"."asn",
                    MIN("t36"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t26" AS "t27"
                    WHERE
                      "t27"."asn" IS NOT NULL
                  ) AS "t36"
                  GROUP BY
                    1,
                    2
                ) AS "t52"
              ) AS "t66"
            ) AS "t77"
            UNION ALL
            SELECT
              *
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  "t53"."account_id" AS "acct",
                  "t53"."s" AS "seq",
                  64 AS "bit"
                FROM (
                  SELECT
                    "t37"."account_id",
                    "t37"."user_agent",
                    MIN("t37"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t26" AS "t27"
                    WHERE
                      "t27"."user_agent" IS NOT NULL
                  ) AS "t37"
                  GROUP BY
                    1,
                    2
                ) AS "t53"
              ) AS "t67"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  "t54"."account_id" AS "acct",
                  "t54"."s" AS "seq",
                  128 AS "bit"
                FROM (
                  SELECT
                    "t38"."account_id",
                    "t38"."v_prompt_key",
                    MIN("t38"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t26" AS "t27"
                    WHERE
                      "t27"."v_prompt_key" IS NOT NULL
                  ) AS "t38"
                  GROUP BY
                    1,
                    2
                ) AS "t54"
              ) AS "t68"
            ) AS "t78"
          ) AS "t83"
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
                  "t55"."account_id" AS "acct",
                  "t55"."s" AS "seq",
                  256 AS "bit"
                FROM (
                  SELECT
                    "t39"."account_id",
                    "t39"."template_fp",
                    MIN("t39"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t26" AS "t27"
                    WHERE
                      "t27"."template_fp" IS NOT NULL
                  ) AS "t39"
                  GROUP BY
                    1,
                    2
                ) AS "t55"
              ) AS "t69"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  "t56"."account_id" AS "acct",
                  "t56"."s" AS "seq",
                  512 AS "bit"
                FROM (
                  SELECT
                    "t40"."account_id",
                    "t40"."prefix_fp",
                    MIN("t40"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t26" AS "t27"
                    WHERE
                      "t27"."prefix_fp" IS NOT NULL
                  ) AS "t40"
                  GROUP BY
                    1,
                    2
                ) AS "t56"
              ) AS "t70"
            ) AS "t79"
            UNION ALL
            SELECT
              *
            FROM (
              SELECT
                *
              FROM (
                SELECT
                  "t57"."account_id" AS "acct",
                  "t57"."s" AS "seq",
                  1024 AS "bit"
                FROM (
                  SELECT
                    "t41"."account_id",
                    "t41"."suffix_fp",
                    MIN("t41"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t26" AS "t27"
                    WHERE
                      "t27"."suffix_fp" IS NOT NULL
                  ) AS "t41"
                  GROUP BY
                    1,
                    2
                ) AS "t57"
              ) AS "t71"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  "t58"."account_id" AS "acct",
                  "t58"."s" AS "seq",
                  2048 AS "bit"
                FROM (
                  SELECT
                    "t42"."account_id",
                    "t42"."topic",
                    MIN("t42"."_seq") AS "s"
                  FROM (
                    SELECT
                      *
                    FROM "t26" AS "t27"
                    WHERE
                      "t27"."topic" IS NOT NULL
                  ) AS "t42"
                  GROUP BY
                    1,
                    2
                ) AS "t58"
              ) AS "t72"
            ) AS "t80"
          ) AS "t84"
        ) AS "t86"
      ) AS "t87"
      GROUP BY
        1,
        2
    ) AS "t89"
      ON "t28"."account_id" = "t89"."acct" AND "t28"."_seq" = "t89"."seq"
    INNER JOIN (
      SELECT
        "t27"."account_id" AS "a_acct",
        MIN("t27"."ts_ms") AS "v_acct_first"
      FROM "t26" AS "t27"
      GROUP BY
        1
    ) AS "t45"
      ON "t28"."account_id" = "t45"."a_acct"
    INNER JOIN (
      SELECT
        "t27"."account_id" AS "i_acct",
        "t27"."v_infra" AS "i_infra",
        MIN("t27"."ts_ms") AS "v_infra_first"
      FROM "t26" AS "t27"
      GROUP BY
        1,
        2
    ) AS "t46"
      ON "t28"."account_id" = "t46"."i_acct" AND "t28"."v_infra" = "t46"."i_infra"
  ) AS "t91"
    ON "t24"."account_id" = "t91"."s_acct" AND "t24"."request_id" = "t91"."s_rid"
) AS "t92"
