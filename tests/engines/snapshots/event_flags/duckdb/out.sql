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
)
SELECT
  "t88"."request_id",
  "t88"."account_id",
  "t88"."ts_ms",
  "t88"."bucket",
  "t88"."org_id",
  "t88"."api_key_id",
  "t88"."end_user",
  "t88"."ip",
  "t88"."asn",
  "t88"."user_agent",
  "t88"."conversation_id",
  "t88"."prompt_chars",
  "t88"."prompt_hash",
  "t88"."template_fp",
  "t88"."prefix_fp",
  "t88"."suffix_fp",
  "t88"."system_fp",
  "t88"."cue_cot",
  "t88"."cue_align",
  "t88"."cue_datagen",
  "t88"."cue_sysprompt",
  "t88"."cue_cot_sys",
  "t88"."head_words",
  "t88"."tail_words",
  "t88"."capability",
  "t88"."topic",
  "t88"."lang",
  "t88"."v_day",
  "t88"."v_hour",
  "t88"."v_hour_of_day",
  "t88"."v_prefix",
  "t88"."v_infra",
  "t88"."v_prompt_key",
  "t88"."v_w15",
  "t88"."v_w15b",
  "t88"."v_nd_a",
  "t88"."v_nd_b",
  "t88"."v_params",
  "t88"."f_cap_coding",
  "t88"."f_cap_math",
  "t88"."f_cap_reasoning",
  "t88"."f_cap_alignment",
  "t88"."f_cap_datagen",
  "t88"."f_cap_sysprompt",
  "t88"."f_cap_general",
  "t88"."f_prompt_known",
  "t88"."f_output_known",
  "t88"."f_params_known",
  "t88"."f_long_max",
  "t88"."f_multi_n",
  "t88"."f_logprob",
  "t88"."f_top_lp_high",
  "t88"."f_logit_bias",
  "t88"."f_logit_bias_large",
  "t88"."f_short_out",
  "t88"."f_long_out",
  "t88"."f_reasoning_high",
  "t88"."f_temp_known",
  "t88"."f_temp_zero",
  "t88"."f_tools",
  "t88"."f_followup",
  "t88"."f_error",
  "t88"."f_rate_limited",
  "t88"."f_refusal",
  "t88"."f_cue_any",
  "t88"."f_harvest",
  "t88"."f_logit_evidence",
  "t88"."v_input_tokens",
  "t88"."v_output_tokens",
  "t88"."v_reasoning_tokens",
  "t88"."v_n",
  "t88"."v_top_lp",
  "t88"."v_logit_bias",
  "t88"."v_max_tokens",
  "t88"."n_day",
  "t88"."n_hour",
  "t88"."n_hour_of_day",
  "t88"."n_ip",
  "t88"."n_prefix",
  "t88"."n_asn",
  "t88"."n_ua",
  "t88"."n_prompt",
  "t88"."n_template",
  "t88"."n_prefix_fp",
  "t88"."n_suffix_fp",
  "t88"."n_topic",
  "t88"."n_system",
  "t88"."n_conversation",
  "t88"."v_acct_first",
  "t88"."v_infra_first",
  "t88"."v_gap_raw",
  (
    "t88"."v_gap_raw" IS NOT NULL
  ) AND (
    "t88"."v_gap_raw" < 3600.0
  ) AS "f_gap",
  COALESCE("t88"."v_gap_raw" >= 14400.0, FALSE) AS "f_rest",
  (
    "t88"."v_infra_first" - "t88"."v_acct_first"
  ) >= 259200000 AS "f_late_infra",
  (
    (
      "t88"."v_infra_first" - "t88"."v_acct_first"
    ) >= 259200000
  )
  AND "t88"."f_cue_any" AS "f_late_cue",
  CASE
    WHEN (
      "t88"."v_gap_raw" IS NOT NULL
    ) AND (
      "t88"."v_gap_raw" < 3600.0
    )
    THEN "t88"."v_gap_raw"
    ELSE 0.0
  END AS "v_gap",
  CASE
    WHEN (
      "t88"."v_gap_raw" IS NOT NULL
    ) AND (
      "t88"."v_gap_raw" < 3600.0
    )
    THEN LOG("t88"."v_gap_raw" + 0.1)
    ELSE 0.0
  END AS "v_gap_log",
  CASE
    WHEN (
      "t88"."v_gap_raw" IS NOT NULL
    ) AND (
      "t88"."v_gap_raw" < 3600.0
    )
    THEN "t88"."v_gap_raw"
    ELSE 0.0
  END * CASE
    WHEN (
      "t88"."v_gap_raw" IS NOT NULL
    ) AND (
      "t88"."v_gap_raw" < 3600.0
    )
    THEN "t88"."v_gap_raw"
    ELSE 0.0
  END AS "v_gap_sq",
  CASE
    WHEN (
      "t88"."v_gap_raw" IS NOT NULL
    ) AND (
      "t88"."v_gap_raw" < 3600.0
    )
    THEN LOG("t88"."v_gap_raw" + 0.1)
    ELSE 0.0
  END * CASE
    WHEN (
      "t88"."v_gap_raw" IS NOT NULL
    ) AND (
      "t88"."v_gap_raw" < 3600.0
    )
    THEN LOG("t88"."v_gap_raw" + 0.1)
    ELSE 0.0
  END AS "v_gap_log_sq",
  CASE
    WHEN (
      "t88"."v_infra_first" - "t88"."v_acct_first"
    ) >= 259200000
    THEN "t88"."ts_ms"
    ELSE CAST(NULL AS BIGINT)
  END AS "v_late_ts"
FROM (
  SELECT
    "t87"."request_id",
    "t87"."account_id",
    "t87"."ts_ms",
    "t87"."bucket",
    "t87"."org_id",
    "t87"."api_key_id",
    "t87"."end_user",
    "t87"."ip",
    "t87"."asn",
    "t87"."user_agent",
    "t87"."conversation_id",
    "t87"."prompt_chars",
    "t87"."prompt_hash",
    "t87"."template_fp",
    "t87"."prefix_fp",
    "t87"."suffix_fp",
    "t87"."system_fp",
    "t87"."cue_cot",
    "t87"."cue_align",
    "t87"."cue_datagen",
    "t87"."cue_sysprompt",
    "t87"."cue_cot_sys",
    "t87"."head_words",
    "t87"."tail_words",
    "t87"."capability",
    "t87"."topic",
    "t87"."lang",
    "t87"."v_day",
    "t87"."v_hour",
    "t87"."v_hour_of_day",
    "t87"."v_prefix",
    "t87"."v_infra",
    "t87"."v_prompt_key",
    "t87"."v_w15",
    "t87"."v_w15b",
    "t87"."v_nd_a",
    "t87"."v_nd_b",
    "t87"."v_params",
    "t87"."f_cap_coding",
    "t87"."f_cap_math",
    "t87"."f_cap_reasoning",
    "t87"."f_cap_alignment",
    "t87"."f_cap_datagen",
    "t87"."f_cap_sysprompt",
    "t87"."f_cap_general",
    "t87"."f_prompt_known",
    "t87"."f_output_known",
    "t87"."f_params_known",
    "t87"."f_long_max",
    "t87"."f_multi_n",
    "t87"."f_logprob",
    "t87"."f_top_lp_high",
    "t87"."f_logit_bias",
    "t87"."f_logit_bias_large",
    "t87"."f_short_out",
    "t87"."f_long_out",
    "t87"."f_reasoning_high",
    "t87"."f_temp_known",
    "t87"."f_temp_zero",
    "t87"."f_tools",
    "t87"."f_followup",
    "t87"."f_error",
    "t87"."f_rate_limited",
    "t87"."f_refusal",
    "t87"."f_cue_any",
    "t87"."f_harvest",
    "t87"."f_logit_evidence",
    "t87"."v_input_tokens",
    "t87"."v_output_tokens",
    "t87"."v_reasoning_tokens",
    "t87"."v_n",
    "t87"."v_top_lp",
    "t87"."v_logit_bias",
    "t87"."v_max_tokens",
    "t87"."n_day",
    "t87"."n_hour",
    "t87"."n_hour_of_day",
    "t87"."n_ip",
    "t87"."n_prefix",
    "t87"."n_asn",
    "t87"."n_ua",
    "t87"."n_prompt",
    "t87"."n_template",
    "t87"."n_prefix_fp",
    "t87"."n_suffix_fp",
    "t87"."n_topic",
    "t87"."n_system",
    "t87"."n_conversation",
    "t87"."v_acct_first",
    "t87"."v_infra_first",
    CAST("t87"."ts_ms" - LAG("t87"."ts_ms") OVER (
      PARTITION BY "t87"."account_id"
      ORDER BY "t87"."ts_ms" ASC, "t87"."request_id" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS DOUBLE) / 1000.0 AS "v_gap_raw"
  FROM (
    SELECT
      "t86"."request_id",
      "t86"."account_id",
      "t86"."ts_ms",
      "t86"."bucket",
      "t86"."org_id",
      "t86"."api_key_id",
      "t86"."end_user",
      "t86"."ip",
      "t86"."asn",
      "t86"."user_agent",
      "t86"."conversation_id",
      "t86"."prompt_chars",
      "t86"."prompt_hash",
      "t86"."template_fp",
      "t86"."prefix_fp",
      "t86"."suffix_fp",
      "t86"."system_fp",
      "t86"."cue_cot",
      "t86"."cue_align",
      "t86"."cue_datagen",
      "t86"."cue_sysprompt",
      "t86"."cue_cot_sys",
      "t86"."head_words",
      "t86"."tail_words",
      "t86"."capability",
      "t86"."topic",
      "t86"."lang",
      "t86"."v_day",
      "t86"."v_hour",
      "t86"."v_hour_of_day",
      "t86"."v_prefix",
      "t86"."v_infra",
      "t86"."v_prompt_key",
      "t86"."v_w15",
      "t86"."v_w15b",
      "t86"."v_nd_a",
      "t86"."v_nd_b",
      "t86"."v_params",
      "t86"."f_cap_coding",
      "t86"."f_cap_math",
      "t86"."f_cap_reasoning",
      "t86"."f_cap_alignment",
      "t86"."f_cap_datagen",
      "t86"."f_cap_sysprompt",
      "t86"."f_cap_general",
      "t86"."f_prompt_known",
      "t86"."f_output_known",
      "t86"."f_params_known",
      "t86"."f_long_max",
      "t86"."f_multi_n",
      "t86"."f_logprob",
      "t86"."f_top_lp_high",
      "t86"."f_logit_bias",
      "t86"."f_logit_bias_large",
      "t86"."f_short_out",
      "t86"."f_long_out",
      "t86"."f_reasoning_high",
      "t86"."f_temp_known",
      "t86"."f_temp_zero",
      "t86"."f_tools",
      "t86"."f_followup",
      "t86"."f_error",
      "t86"."f_rate_limited",
      "t86"."f_refusal",
      "t86"."f_cue_any",
      "t86"."f_harvest",
      "t86"."f_logit_evidence",
      "t86"."v_input_tokens",
      "t86"."v_output_tokens",
      "t86"."v_reasoning_tokens",
      "t86"."v_n",
      "t86"."v_top_lp",
      "t86"."v_logit_bias",
      "t86"."v_max_tokens",
      COALESCE("t86"."n_day", FALSE) AS "n_day",
      COALESCE("t86"."n_hour", FALSE) AS "n_hour",
      COALESCE("t86"."n_hour_of_day", FALSE) AS "n_hour_of_day",
      COALESCE("t86"."n_ip", FALSE) AS "n_ip",
      COALESCE("t86"."n_prefix", FALSE) AS "n_prefix",
      COALESCE("t86"."n_asn", FALSE) AS "n_asn",
      COALESCE("t86"."n_ua", FALSE) AS "n_ua",
      COALESCE("t86"."n_prompt", FALSE) AS "n_prompt",
      COALESCE("t86"."n_template", FALSE) AS "n_template",
      COALESCE("t86"."n_prefix_fp", FALSE) AS "n_prefix_fp",
      COALESCE("t86"."n_suffix_fp", FALSE) AS "n_suffix_fp",
      COALESCE("t86"."n_topic", FALSE) AS "n_topic",
      COALESCE("t86"."n_system", FALSE) AS "n_system",
      COALESCE("t86"."n_conversation", FALSE) AS "n_conversation",
      "t86"."v_acct_first",
      "t86"."v_infra_first"
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
        "t85"."n_day",
        "t85"."n_hour",
        "t85"."n_hour_of_day",
        "t85"."n_ip",
        "t85"."n_prefix",
        "t85"."n_asn",
        "t85"."n_ua",
        "t85"."n_prompt",
        "t85"."n_template",
        "t85"."n_prefix_fp",
        "t85"."n_suffix_fp",
        "t85"."n_topic",
        "t85"."n_system",
        "t85"."n_conversation",
        "t41"."v_acct_first",
        "t42"."v_infra_first"
      FROM "t22" AS "t24"
      LEFT OUTER JOIN (
        SELECT
          "t83"."acct",
          "t83"."rid",
          BOOL_OR(CAST("t83"."tag" = 'day' AS BOOLEAN)) AS "n_day",
          BOOL_OR(CAST("t83"."tag" = 'hour' AS BOOLEAN)) AS "n_hour",
          BOOL_OR(CAST("t83"."tag" = 'hour_of_day' AS BOOLEAN)) AS "n_hour_of_day",
          BOOL_OR(CAST("t83"."tag" = 'ip' AS BOOLEAN)) AS "n_ip",
          BOOL_OR(CAST("t83"."tag" = 'prefix' AS BOOLEAN)) AS "n_prefix",
          BOOL_OR(CAST("t83"."tag" = 'asn' AS BOOLEAN)) AS "n_asn",
          BOOL_OR(CAST("t83"."tag" = 'ua' AS BOOLEAN)) AS "n_ua",
          BOOL_OR(CAST("t83"."tag" = 'prompt' AS BOOLEAN)) AS "n_prompt",
          BOOL_OR(CAST("t83"."tag" = 'template' AS BOOLEAN)) AS "n_template",
          BOOL_OR(CAST("t83"."tag" = 'prefix_fp' AS BOOLEAN)) AS "n_prefix_fp",
          BOOL_OR(CAST("t83"."tag" = 'suffix_fp' AS BOOLEAN)) AS "n_suffix_fp",
          BOOL_OR(CAST("t83"."tag" = 'topic' AS BOOLEAN)) AS "n_topic",
          BOOL_OR(CAST("t83"."tag" = 'system' AS BOOLEAN)) AS "n_system",
          BOOL_OR(CAST("t83"."tag" = 'conversation' AS BOOLEAN)) AS "n_conversation"
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
                  "t50"."account_id" AS "acct",
                  SUBSTRING(
                    "t50"."o",
                    CASE WHEN (
                      17 + 1
                    ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t50"."o") END
                  ) AS "rid",
                  'system' AS "tag"
                FROM (
                  SELECT
                    "t34"."account_id",
                    "t34"."system_fp",
                    MIN(
                      CASE
                        WHEN 16 <= LENGTH(CAST("t34"."ts_ms" AS TEXT))
                        THEN CAST("t34"."ts_ms" AS TEXT)
                        ELSE REPEAT('0', 16 - LENGTH(CAST("t34"."ts_ms" AS TEXT))) || CAST("t34"."ts_ms" AS TEXT)
                      END || '|' || "t34"."request_id"
                    ) AS "o"
                  FROM (
                    SELECT
                      *
                    FROM "t22" AS "t23"
                    WHERE
                      "t23"."system_fp" IS NOT NULL
                  ) AS "t34"
                  GROUP BY
                    1,
                    2
                ) AS "t50"
              ) AS "t64"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  "t46"."account_id" AS "acct",
                  SUBSTRING(
                    "t46"."o",
                    CASE WHEN (
                      17 + 1
                    ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t46"."o") END
                  ) AS "rid",
                  'conversation' AS "tag"
                FROM (
                  SELECT
                    "t30"."account_id",
                    "t30"."conversation_id",
                    MIN(
                      CASE
                        WHEN 16 <= LENGTH(CAST("t30"."ts_ms" AS TEXT))
                        THEN CAST("t30"."ts_ms" AS TEXT)
                        ELSE REPEAT('0', 16 - LENGTH(CAST("t30"."ts_ms" AS TEXT))) || CAST("t30"."ts_ms" AS TEXT)
                      END || '|' || "t30"."request_id"
                    ) AS "o"
                  FROM (
                    SELECT
                      *
                    FROM "t22" AS "t23"
                    WHERE
                      "t23"."conversation_id" IS NOT NULL
                  ) AS "t30"
                  GROUP BY
                    1,
                    2
                ) AS "t46"
              ) AS "t60"
            ) AS "t72"
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
                    "t52"."account_id" AS "acct",
                    SUBSTRING(
                      "t52"."o",
                      CASE WHEN (
                        17 + 1
                      ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t52"."o") END
                    ) AS "rid",
                    'day' AS "tag"
                  FROM (
                    SELECT
                      "t36"."account_id",
                      "t36"."v_day",
                      MIN(
                        CASE
                          WHEN 16 <= LENGTH(CAST("t36"."ts_ms" AS TEXT))
                          THEN CAST("t36"."ts_ms" AS TEXT)
                          ELSE REPEAT('0', 16 - LENGTH(CAST("t36"."ts_ms" AS TEXT))) || CAST("t36"."ts_ms" AS TEXT)
                        END || '|' || "t36"."request_id"
                      ) AS "o"
                    FROM (
                      SELECT
                        *
                      FROM "t22" AS "t23"
                      WHERE
                        "t23"."v_day" IS NOT NULL
                    ) AS "t36"
                    GROUP BY
                      1,
                      2
                  ) AS "t52"
                ) AS "t66"
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    "t53"."account_id" AS "acct",
                    SUBSTRING(
                      "t53"."o",
                      CASE WHEN (
                        17 + 1
                      ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t53"."o") END
                    ) AS "rid",
                    'hour' AS "tag"
                  FROM (
                    SELECT
                      "t37"."account_id",
                      "t37"."v_hour",
                      MIN(
                        CASE
                          WHEN 16 <= LENGTH(CAST("t37"."ts_ms" AS TEXT))
                          THEN CAST("t37"."ts_ms" AS TEXT)
                          ELSE REPEAT('0', 16 - LENGTH(CAST("t37"."ts_ms" AS TEXT))) || CAST("t37"."ts_ms" AS TEXT)
                        END || '|' || "t37"."request_id"
                      ) AS "o"
                    FROM (
                      SELECT
                        *
                      FROM "t22" AS "t23"
                      WHERE
                        "t23"."v_hour" IS NOT NULL
                    ) AS "t37"
                    GROUP BY
                      1,
                      2
                  ) AS "t53"
                ) AS "t67"
              ) AS "t74"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    "t54"."account_id" AS "acct",
                    SUBSTRING(
                      "t54"."o",
                      CASE WHEN (
                        17 + 1
                      ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t54"."o") END
                    ) AS "rid",
                    'hour_of_day' AS "tag"
                  FROM (
                    SELECT
                      "t38"."account_id",
                      "t38"."v_hour_of_day",
                      MIN(
                        CASE
                          WHEN 16 <= LENGTH(CAST("t38"."ts_ms" AS TEXT))
                          THEN CAST("t38"."ts_ms" AS TEXT)
                          ELSE REPEAT('0', 16 - LENGTH(CAST("t38"."ts_ms" AS TEXT))) || CAST("t38"."ts_ms" AS TEXT)
                        END || '|' || "t38"."request_id"
                      ) AS "o"
                    FROM (
                      SELECT
                        *
                      FROM "t22" AS "t23"
                      WHERE
                        "t23"."v_hour_of_day" IS NOT NULL
                    ) AS "t38"
                    GROUP BY
                      1,
                      2
                  ) AS "t54"
                ) AS "t68"
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    "t43"."account_id" AS "acct",
                    SUBSTRING(
                      "t43"."o",
                      CASE WHEN (
                        17 + 1
                      ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t43"."o") END
                    ) AS "rid",
                    'ip' AS "tag"
                  FROM (
                    SELECT
                      "t27"."account_id",
                      "t27"."ip",
                      MIN(
                        CASE
                          WHEN 16 <= LENGTH(CAST("t27"."ts_ms" AS TEXT))
                          THEN CAST("t27"."ts_ms" AS TEXT)
                          ELSE REPEAT('0', 16 - LENGTH(CAST("t27"."ts_ms" AS TEXT))) || CAST("t27"."ts_ms" AS TEXT)
                        END || '|' || "t27"."request_id"
                      ) AS "o"
                    FROM (
                      SELECT
                        *
                      FROM "t22" AS "t23"
                      WHERE
                        "t23"."ip" IS NOT NULL
                    ) AS "t27"
                    GROUP BY
                      1,
                      2
                  ) AS "t43"
                ) AS "t57"
              ) AS "t75"
            ) AS "t79"
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
                  *
                FROM (
                  SELECT
                    "t55"."account_id" AS "acct",
                    SUBSTRING(
                      "t55"."o",
                      CASE WHEN (
                        17 + 1
                      ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t55"."o") END
                    ) AS "rid",
                    'prefix' AS "tag"
                  FROM (
                    SELECT
                      "t39"."account_id",
                      "t39"."v_prefix",
                      MIN(
                        CASE
                          WHEN 16 <= LENGTH(CAST("t39"."ts_ms" AS TEXT))
                          THEN CAST("t39"."ts_ms" AS TEXT)
                          ELSE REPEAT('0', 16 - LENGTH(CAST("t39"."ts_ms" AS TEXT))) || CAST("t39"."ts_ms" AS TEXT)
                        END || '|' || "t39"."request_id"
                      ) AS "o"
                    FROM (
                      SELECT
                        *
                      FROM "t22" AS "t23"
                      WHERE
                        "t23"."v_prefix" IS NOT NULL
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
                    "t44"."account_id" AS "acct",
                    SUBSTRING(
                      "t44"."o",
                      CASE WHEN (
                        17 + 1
                      ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t44"."o") END
                    ) AS "rid",
                    'asn' AS "tag"
                  FROM (
                    SELECT
                      "t28"."account_id",
                      "t28"."asn",
                      MIN(
                        CASE
                          WHEN 16 <= LENGTH(CAST("t28"."ts_ms" AS TEXT))
                          THEN CAST("t28"."ts_ms" AS TEXT)
                          ELSE REPEAT('0', 16 - LENGTH(CAST("t28"."ts_ms" AS TEXT))) || CAST("t28"."ts_ms" AS TEXT)
                        END || '|' || "t28"."request_id"
                      ) AS "o"
                    FROM (
                      SELECT
                        *
                      FROM "t22" AS "t23"
                      WHERE
                        "t23"."asn" IS NOT NULL
                    ) AS "t28"
                    GROUP BY
                      1,
                      2
                  ) AS "t44"
                ) AS "t58"
              ) AS "t76"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    "t45"."account_id" AS "acct",
                    SUBSTRING(
                      "t45"."o",
                      CASE WHEN (
                        17 + 1
                      ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t45"."o") END
                    ) AS "rid",
                    'ua' AS "tag"
                  FROM (
                    SELECT
                      "t29"."account_id",
                      "t29"."user_agent",
                      MIN(
                        CASE
                          WHEN 16 <= LENGTH(CAST("t29"."ts_ms" AS TEXT))
                          THEN CAST("t29"."ts_ms" AS TEXT)
                          ELSE REPEAT('0', 16 - LENGTH(CAST("t29"."ts_ms" AS TEXT))) || CAST("t29"."ts_ms" AS TEXT)
                        END || '|' || "t29"."request_id"
                      ) AS "o"
                    FROM (
                      SELECT
                        *
                      FROM "t22" AS "t23"
                      WHERE
                        "t23"."user_agent" IS NOT NULL
                    ) AS "t29"
                    GROUP BY
                      1,
                      2
                  ) AS "t45"
                ) AS "t59"
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    "t56"."account_id" AS "acct",
                    SUBSTRING(
                      "t56"."o",
                      CASE WHEN (
                        17 + 1
                      ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t56"."o") END
                    ) AS "rid",
                    'prompt' AS "tag"
                  FROM (
                    SELECT
                      "t40"."account_id",
                      "t40"."v_prompt_key",
                      MIN(
                        CASE
                          WHEN 16 <= LENGTH(CAST("t40"."ts_ms" AS TEXT))
                          THEN CAST("t40"."ts_ms" AS TEXT)
                          ELSE REPEAT('0', 16 - LENGTH(CAST("t40"."ts_ms" AS TEXT))) || CAST("t40"."ts_ms" AS TEXT)
                        END || '|' || "t40"."request_id"
                      ) AS "o"
                    FROM (
                      SELECT
                        *
                      FROM "t22" AS "t23"
                      WHERE
                        "t23"."v_prompt_key" IS NOT NULL
                    ) AS "t40"
                    GROUP BY
                      1,
                      2
                  ) AS "t56"
                ) AS "t70"
              ) AS "t77"
            ) AS "t80"
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
                    SUBSTRING(
                      "t47"."o",
                      CASE WHEN (
                        17 + 1
                      ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t47"."o") END
                    ) AS "rid",
                    'template' AS "tag"
                  FROM (
                    SELECT
                      "t31"."account_id",
                      "t31"."template_fp",
                      MIN(
                        CASE
                          WHEN 16 <= LENGTH(CAST("t31"."ts_ms" AS TEXT))
                          THEN CAST("t31"."ts_ms" AS TEXT)
                          ELSE REPEAT('0', 16 - LENGTH(CAST("t31"."ts_ms" AS TEXT))) || CAST("t31"."ts_ms" AS TEXT)
                        END || '|' || "t31"."request_id"
                      ) AS "o"
                    FROM (
                      SELECT
                        *
                      FROM "t22" AS "t23"
                      WHERE
                        "t23"."template_fp" IS NOT NULL
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
                    SUBSTRING(
                      "t48"."o",
                      CASE WHEN (
                        17 + 1
                      ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t48"."o") END
                    ) AS "rid",
                    'prefix_fp' AS "tag"
                  FROM (
                    SELECT
                      "t32"."account_id",
                      "t32"."prefix_fp",
                      MIN(
                        CASE
                          WHEN 16 <= LENGTH(CAST("t32"."ts_ms" AS TEXT))
                          THEN CAST("t32"."ts_ms" AS TEXT)
                          ELSE REPEAT('0', 16 - LENGTH(CAST("t32"."ts_ms" AS TEXT))) || CAST("t32"."ts_ms" AS TEXT)
                        END || '|' || "t32"."request_id"
                      ) AS "o"
                    FROM (
                      SELECT
                        *
                      FROM "t22" AS "t23"
                      WHERE
                        "t23"."prefix_fp" IS NOT NULL
                    ) AS "t32"
                    GROUP BY
                      1,
                      2
                  ) AS "t48"
                ) AS "t62"
              ) AS "t71"
              UNION ALL
              SELECT
                *
              FROM (
                SELECT
                  *
                FROM (
                  SELECT
                    "t49"."account_id" AS "acct",
                    SUBSTRING(
                      "t49"."o",
                      CASE WHEN (
                        17 + 1
                      ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t49"."o") END
                    ) AS "rid",
                    'suffix_fp' AS "tag"
                  FROM (
                    SELECT
                      "t33"."account_id",
                      "t33"."suffix_fp",
                      MIN(
                        CASE
                          WHEN 16 <= LENGTH(CAST("t33"."ts_ms" AS TEXT))
                          THEN CAST("t33"."ts_ms" AS TEXT)
                          ELSE REPEAT('0', 16 - LENGTH(CAST("t33"."ts_ms" AS TEXT))) || CAST("t33"."ts_ms" AS TEXT)
                        END || '|' || "t33"."request_id"
                      ) AS "o"
                    FROM (
                      SELECT
                        *
                      FROM "t22" AS "t23"
                      WHERE
                        "t23"."suffix_fp" IS NOT NULL
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
                    "t51"."account_id" AS "acct",
                    SUBSTRING(
                      "t51"."o",
                      CASE WHEN (
                        17 + 1
                      ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t51"."o") END
                    ) AS "rid",
                    'topic' AS "tag"
                  FROM (
                    SELECT
                      "t35"."account_id",
                      "t35"."topic",
                      MIN(
                        CASE
                          WHEN 16 <= LENGTH(CAST("t35"."ts_ms" AS TEXT))
                          THEN CAST("t35"."ts_ms" AS TEXT)
                          ELSE REPEAT('0', 16 - LENGTH(CAST("t35"."ts_ms" AS TEXT))) || CAST("t35"."ts_ms" AS TEXT)
                        END || '|' || "t35"."request_id"
                      ) AS "o"
                    FROM (
                      SELECT
                        *
                      FROM "t22" AS "t23"
                      WHERE
                        "t23"."topic" IS NOT NULL
                    ) AS "t35"
                    GROUP BY
                      1,
                      2
                  ) AS "t51"
                ) AS "t65"
              ) AS "t73"
            ) AS "t78"
          ) AS "t82"
        ) AS "t83"
        GROUP BY
          1,
          2
      ) AS "t85"
        ON "t24"."account_id" = "t85"."acct" AND "t24"."request_id" = "t85"."rid"
      INNER JOIN (
        SELECT
          "t23"."account_id" AS "a_acct",
          MIN("t23"."ts_ms") AS "v_acct_first"
        FROM "t22" AS "t23"
        GROUP BY
          1
      ) AS "t41"
        ON "t24"."account_id" = "t41"."a_acct"
      INNER JOIN (
        SELECT
          "t23"."account_id" AS "i_acct",
          "t23"."v_infra" AS "i_infra",
          MIN("t23"."ts_ms") AS "v_infra_first"
        FROM "t22" AS "t23"
        GROUP BY
          1,
          2
      ) AS "t42"
        ON "t24"."account_id" = "t42"."i_acct" AND "t24"."v_infra" = "t42"."i_infra"
    ) AS "t86"
  ) AS "t87"
) AS "t88"
