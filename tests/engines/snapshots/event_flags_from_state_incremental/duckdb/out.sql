WITH "t7" AS (
  SELECT
    *
  FROM "event_features" AS "t1"
  WHERE
    NOT (
      "t1"."request_id" IN (
        SELECT
          "t2"."request_id"
        FROM "event_flags" AS "t2"
      )
    )
), "t23" AS (
  SELECT
    *
  FROM (
    SELECT
      "t20"."a" AS "account_id",
      'end_user' AS "kind"
    FROM (
      SELECT
        "t18"."a",
        COUNT(DISTINCT "t18"."v") AS "k"
      FROM (
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t8"."account_id" AS "a",
              "t8"."end_user" AS "v"
            FROM "t7" AS "t8"
          ) AS "t10"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t2"."account_id" AS "a",
              "t2"."end_user" AS "v"
            FROM "event_flags" AS "t2"
          ) AS "t5"
        ) AS "t14"
        WHERE
          "t14"."v" IS NOT NULL AND NOT (
            STARTS_WITH("t14"."a", '')
          )
      ) AS "t18"
      GROUP BY
        1
    ) AS "t20"
    WHERE
      "t20"."k" >= 4
  ) AS "t22"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      "t19"."a" AS "account_id",
      'api_key' AS "kind"
    FROM (
      SELECT
        "t17"."a",
        COUNT(DISTINCT "t17"."v") AS "k"
      FROM (
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t8"."account_id" AS "a",
              "t8"."api_key_id" AS "v"
            FROM "t7" AS "t8"
          ) AS "t9"
          UNION ALL
          SELECT
            *
          FROM (
            SELECT
              "t2"."account_id" AS "a",
              "t2"."api_key_id" AS "v"
            FROM "event_flags" AS "t2"
          ) AS "t6"
        ) AS "t12"
        WHERE
          "t12"."v" IS NOT NULL AND NOT (
            STARTS_WITH("t12"."a", '')
          )
      ) AS "t17"
      GROUP BY
        1
    ) AS "t19"
    WHERE
      "t19"."k" >= 4
  ) AS "t21"
)
SELECT
  "t36"."request_id",
  "t36"."account_id",
  "t36"."ts_ms",
  "t36"."bucket",
  "t36"."org_id",
  "t36"."api_key_id",
  "t36"."end_user",
  "t36"."ip",
  "t36"."asn",
  "t36"."user_agent",
  "t36"."conversation_id",
  "t36"."prompt_chars",
  "t36"."prompt_hash",
  "t36"."template_fp",
  "t36"."prefix_fp",
  "t36"."suffix_fp",
  "t36"."system_fp",
  "t36"."cue_cot",
  "t36"."cue_align",
  "t36"."cue_datagen",
  "t36"."cue_sysprompt",
  "t36"."cue_cot_sys",
  "t36"."head_words",
  "t36"."tail_words",
  "t36"."capability",
  "t36"."topic",
  "t36"."lang",
  "t36"."v_day",
  "t36"."v_hour",
  "t36"."v_hour_of_day",
  "t36"."v_prefix",
  "t36"."v_infra",
  "t36"."v_prompt_key",
  "t36"."v_w15",
  "t36"."v_w15b",
  "t36"."v_nd_a",
  "t36"."v_nd_b",
  "t36"."v_params",
  "t36"."f_cap_coding",
  "t36"."f_cap_math",
  "t36"."f_cap_reasoning",
  "t36"."f_cap_alignment",
  "t36"."f_cap_datagen",
  "t36"."f_cap_sysprompt",
  "t36"."f_cap_general",
  "t36"."f_prompt_known",
  "t36"."f_output_known",
  "t36"."f_params_known",
  "t36"."f_long_max",
  "t36"."f_multi_n",
  "t36"."f_logprob",
  "t36"."f_top_lp_high",
  "t36"."f_logit_bias",
  "t36"."f_logit_bias_large",
  "t36"."f_short_out",
  "t36"."f_long_out",
  "t36"."f_reasoning_high",
  "t36"."f_temp_known",
  "t36"."f_temp_zero",
  "t36"."f_tools",
  "t36"."f_followup",
  "t36"."f_error",
  "t36"."f_rate_limited",
  "t36"."f_refusal",
  "t36"."f_cue_any",
  "t36"."f_harvest",
  "t36"."f_logit_evidence",
  "t36"."v_input_tokens",
  "t36"."v_output_tokens",
  "t36"."v_reasoning_tokens",
  "t36"."v_n",
  "t36"."v_top_lp",
  "t36"."v_logit_bias",
  "t36"."v_max_tokens",
  "t36"."n_day",
  "t36"."n_hour",
  "t36"."n_hour_of_day",
  "t36"."n_ip",
  "t36"."n_prefix",
  "t36"."n_asn",
  "t36"."n_ua",
  "t36"."n_prompt",
  "t36"."n_template",
  "t36"."n_prefix_fp",
  "t36"."n_suffix_fp",
  "t36"."n_topic",
  "t36"."n_system",
  "t36"."n_conversation",
  "t36"."v_acct_first",
  "t36"."v_infra_first",
  "t36"."v_gap_raw",
  (
    "t36"."v_gap_raw" IS NOT NULL
  ) AND (
    "t36"."v_gap_raw" < 3600.0
  ) AS "f_gap",
  COALESCE("t36"."v_gap_raw" >= 14400.0, FALSE) AS "f_rest",
  (
    "t36"."v_infra_first" - "t36"."v_acct_first"
  ) >= 259200000 AS "f_late_infra",
  (
    (
      "t36"."v_infra_first" - "t36"."v_acct_first"
    ) >= 259200000
  )
  AND "t36"."f_cue_any" AS "f_late_cue",
  CASE
    WHEN (
      "t36"."v_gap_raw" IS NOT NULL
    ) AND (
      "t36"."v_gap_raw" < 3600.0
    )
    THEN "t36"."v_gap_raw"
    ELSE 0.0
  END AS "v_gap",
  CASE
    WHEN (
      "t36"."v_gap_raw" IS NOT NULL
    ) AND (
      "t36"."v_gap_raw" < 3600.0
    )
    THEN LOG("t36"."v_gap_raw" + 0.1)
    ELSE 0.0
  END AS "v_gap_log",
  CASE
    WHEN (
      "t36"."v_gap_raw" IS NOT NULL
    ) AND (
      "t36"."v_gap_raw" < 3600.0
    )
    THEN "t36"."v_gap_raw"
    ELSE 0.0
  END * CASE
    WHEN (
      "t36"."v_gap_raw" IS NOT NULL
    ) AND (
      "t36"."v_gap_raw" < 3600.0
    )
    THEN "t36"."v_gap_raw"
    ELSE 0.0
  END AS "v_gap_sq",
  CASE
    WHEN (
      "t36"."v_gap_raw" IS NOT NULL
    ) AND (
      "t36"."v_gap_raw" < 3600.0
    )
    THEN LOG("t36"."v_gap_raw" + 0.1)
    ELSE 0.0
  END * CASE
    WHEN (
      "t36"."v_gap_raw" IS NOT NULL
    ) AND (
      "t36"."v_gap_raw" < 3600.0
    )
    THEN LOG("t36"."v_gap_raw" + 0.1)
    ELSE 0.0
  END AS "v_gap_log_sq",
  CASE
    WHEN (
      "t36"."v_infra_first" - "t36"."v_acct_first"
    ) >= 259200000
    THEN "t36"."ts_ms"
    ELSE CAST(NULL AS BIGINT)
  END AS "v_late_ts"
FROM (
  SELECT
    "t35"."request_id",
    "t35"."account_id",
    "t35"."ts_ms",
    "t35"."bucket",
    "t35"."org_id",
    "t35"."api_key_id",
    "t35"."end_user",
    "t35"."ip",
    "t35"."asn",
    "t35"."user_agent",
    "t35"."conversation_id",
    "t35"."prompt_chars",
    "t35"."prompt_hash",
    "t35"."template_fp",
    "t35"."prefix_fp",
    "t35"."suffix_fp",
    "t35"."system_fp",
    "t35"."cue_cot",
    "t35"."cue_align",
    "t35"."cue_datagen",
    "t35"."cue_sysprompt",
    "t35"."cue_cot_sys",
    "t35"."head_words",
    "t35"."tail_words",
    "t35"."capability",
    "t35"."topic",
    "t35"."lang",
    "t35"."v_day",
    "t35"."v_hour",
    "t35"."v_hour_of_day",
    "t35"."v_prefix",
    "t35"."v_infra",
    "t35"."v_prompt_key",
    "t35"."v_w15",
    "t35"."v_w15b",
    "t35"."v_nd_a",
    "t35"."v_nd_b",
    "t35"."v_params",
    "t35"."f_cap_coding",
    "t35"."f_cap_math",
    "t35"."f_cap_reasoning",
    "t35"."f_cap_alignment",
    "t35"."f_cap_datagen",
    "t35"."f_cap_sysprompt",
    "t35"."f_cap_general",
    "t35"."f_prompt_known",
    "t35"."f_output_known",
    "t35"."f_params_known",
    "t35"."f_long_max",
    "t35"."f_multi_n",
    "t35"."f_logprob",
    "t35"."f_top_lp_high",
    "t35"."f_logit_bias",
    "t35"."f_logit_bias_large",
    "t35"."f_short_out",
    "t35"."f_long_out",
    "t35"."f_reasoning_high",
    "t35"."f_temp_known",
    "t35"."f_temp_zero",
    "t35"."f_tools",
    "t35"."f_followup",
    "t35"."f_error",
    "t35"."f_rate_limited",
    "t35"."f_refusal",
    "t35"."f_cue_any",
    "t35"."f_harvest",
    "t35"."f_logit_evidence",
    "t35"."v_input_tokens",
    "t35"."v_output_tokens",
    "t35"."v_reasoning_tokens",
    "t35"."v_n",
    "t35"."v_top_lp",
    "t35"."v_logit_bias",
    "t35"."v_max_tokens",
    "t3"."n_day",
    "t3"."n_hour",
    "t3"."n_hour_of_day",
    "t3"."n_ip",
    "t3"."n_prefix",
    "t3"."n_asn",
    "t3"."n_ua",
    "t3"."n_prompt",
    "t3"."n_template",
    "t3"."n_prefix_fp",
    "t3"."n_suffix_fp",
    "t3"."n_topic",
    "t3"."n_system",
    "t3"."n_conversation",
    "t3"."v_acct_first",
    "t3"."v_infra_first",
    "t3"."v_gap_raw"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t29"."request_id",
        'api_key' || REPLACE(REPLACE("t29"."account_id", '\', '\\'), '', '\x1f') || '' || REPLACE(REPLACE("t29"."api_key_id", '\', '\\'), '', '\x1f') AS "account_id",
        "t29"."ts_ms",
        "t29"."bucket",
        "t29"."org_id",
        "t29"."api_key_id",
        "t29"."end_user",
        "t29"."ip",
        "t29"."asn",
        "t29"."user_agent",
        "t29"."conversation_id",
        "t29"."prompt_chars",
        "t29"."prompt_hash",
        "t29"."template_fp",
        "t29"."prefix_fp",
        "t29"."suffix_fp",
        "t29"."system_fp",
        "t29"."cue_cot",
        "t29"."cue_align",
        "t29"."cue_datagen",
        "t29"."cue_sysprompt",
        "t29"."cue_cot_sys",
        "t29"."head_words",
        "t29"."tail_words",
        "t29"."capability",
        "t29"."topic",
        "t29"."lang",
        "t29"."v_day",
        "t29"."v_hour",
        "t29"."v_hour_of_day",
        "t29"."v_prefix",
        "t29"."v_infra",
        "t29"."v_prompt_key",
        "t29"."v_w15",
        "t29"."v_w15b",
        "t29"."v_nd_a",
        "t29"."v_nd_b",
        "t29"."v_params",
        "t29"."f_cap_coding",
        "t29"."f_cap_math",
        "t29"."f_cap_reasoning",
        "t29"."f_cap_alignment",
        "t29"."f_cap_datagen",
        "t29"."f_cap_sysprompt",
        "t29"."f_cap_general",
        "t29"."f_prompt_known",
        "t29"."f_output_known",
        "t29"."f_params_known",
        "t29"."f_long_max",
        "t29"."f_multi_n",
        "t29"."f_logprob",
        "t29"."f_top_lp_high",
        "t29"."f_logit_bias",
        "t29"."f_logit_bias_large",
        "t29"."f_short_out",
        "t29"."f_long_out",
        "t29"."f_reasoning_high",
        "t29"."f_temp_known",
        "t29"."f_temp_zero",
        "t29"."f_tools",
        "t29"."f_followup",
        "t29"."f_error",
        "t29"."f_rate_limited",
        "t29"."f_refusal",
        "t29"."f_cue_any",
        "t29"."f_harvest",
        "t29"."f_logit_evidence",
        "t29"."v_input_tokens",
        "t29"."v_output_tokens",
        "t29"."v_reasoning_tokens",
        "t29"."v_n",
        "t29"."v_top_lp",
        "t29"."v_logit_bias",
        "t29"."v_max_tokens"
      FROM (
        SELECT
          "t15"."request_id",
          "t15"."account_id",
          "t15"."ts_ms",
          "t15"."bucket",
          "t15"."org_id",
          "t15"."api_key_id",
          "t15"."end_user",
          "t15"."ip",
          "t15"."asn",
          "t15"."user_agent",
          "t15"."conversation_id",
          "t15"."prompt_chars",
          "t15"."prompt_hash",
          "t15"."template_fp",
          "t15"."prefix_fp",
          "t15"."suffix_fp",
          "t15"."system_fp",
          "t15"."cue_cot",
          "t15"."cue_align",
          "t15"."cue_datagen",
          "t15"."cue_sysprompt",
          "t15"."cue_cot_sys",
          "t15"."head_words",
          "t15"."tail_words",
          "t15"."capability",
          "t15"."topic",
          "t15"."lang",
          "t15"."v_day",
          "t15"."v_hour",
          "t15"."v_hour_of_day",
          "t15"."v_prefix",
          "t15"."v_infra",
          "t15"."v_prompt_key",
          "t15"."v_w15",
          "t15"."v_w15b",
          "t15"."v_nd_a",
          "t15"."v_nd_b",
          "t15"."v_params",
          "t15"."f_cap_coding",
          "t15"."f_cap_math",
          "t15"."f_cap_reasoning",
          "t15"."f_cap_alignment",
          "t15"."f_cap_datagen",
          "t15"."f_cap_sysprompt",
          "t15"."f_cap_general",
          "t15"."f_prompt_known",
          "t15"."f_output_known",
          "t15"."f_params_known",
          "t15"."f_long_max",
          "t15"."f_multi_n",
          "t15"."f_logprob",
          "t15"."f_top_lp_high",
          "t15"."f_logit_bias",
          "t15"."f_logit_bias_large",
          "t15"."f_short_out",
          "t15"."f_long_out",
          "t15"."f_reasoning_high",
          "t15"."f_temp_known",
          "t15"."f_temp_zero",
          "t15"."f_tools",
          "t15"."f_followup",
          "t15"."f_error",
          "t15"."f_rate_limited",
          "t15"."f_refusal",
          "t15"."f_cue_any",
          "t15"."f_harvest",
          "t15"."f_logit_evidence",
          "t15"."v_input_tokens",
          "t15"."v_output_tokens",
          "t15"."v_reasoning_tokens",
          "t15"."v_n",
          "t15"."v_top_lp",
          "t15"."v_logit_bias",
          "t15"."v_max_tokens"
        FROM (
          SELECT
            *
          FROM "t7" AS "t8"
          WHERE
            "t8"."api_key_id" IS NOT NULL
        ) AS "t15"
        SEMI JOIN (
          SELECT
            *
          FROM "t23" AS "t24"
          WHERE
            "t24"."kind" = 'api_key'
        ) AS "t27"
          ON "t15"."account_id" = "t27"."account_id"
      ) AS "t29"
    ) AS "t31"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM "t7" AS "t8"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t30"."request_id",
          'end_user' || REPLACE(REPLACE("t30"."account_id", '\', '\\'), '', '\x1f') || '' || REPLACE(REPLACE("t30"."end_user", '\', '\\'), '', '\x1f') AS "account_id",
          "t30"."ts_ms",
          "t30"."bucket",
          "t30"."org_id",
          "t30"."api_key_id",
          "t30"."end_user",
          "t30"."ip",
          "t30"."asn",
          "t30"."user_agent",
          "t30"."conversation_id",
          "t30"."prompt_chars",
          "t30"."prompt_hash",
          "t30"."template_fp",
          "t30"."prefix_fp",
          "t30"."suffix_fp",
          "t30"."system_fp",
          "t30"."cue_cot",
          "t30"."cue_align",
          "t30"."cue_datagen",
          "t30"."cue_sysprompt",
          "t30"."cue_cot_sys",
          "t30"."head_words",
          "t30"."tail_words",
          "t30"."capability",
          "t30"."topic",
          "t30"."lang",
          "t30"."v_day",
          "t30"."v_hour",
          "t30"."v_hour_of_day",
          "t30"."v_prefix",
          "t30"."v_infra",
          "t30"."v_prompt_key",
          "t30"."v_w15",
          "t30"."v_w15b",
          "t30"."v_nd_a",
          "t30"."v_nd_b",
          "t30"."v_params",
          "t30"."f_cap_coding",
          "t30"."f_cap_math",
          "t30"."f_cap_reasoning",
          "t30"."f_cap_alignment",
          "t30"."f_cap_datagen",
          "t30"."f_cap_sysprompt",
          "t30"."f_cap_general",
          "t30"."f_prompt_known",
          "t30"."f_output_known",
          "t30"."f_params_known",
          "t30"."f_long_max",
          "t30"."f_multi_n",
          "t30"."f_logprob",
          "t30"."f_top_lp_high",
          "t30"."f_logit_bias",
          "t30"."f_logit_bias_large",
          "t30"."f_short_out",
          "t30"."f_long_out",
          "t30"."f_reasoning_high",
          "t30"."f_temp_known",
          "t30"."f_temp_zero",
          "t30"."f_tools",
          "t30"."f_followup",
          "t30"."f_error",
          "t30"."f_rate_limited",
          "t30"."f_refusal",
          "t30"."f_cue_any",
          "t30"."f_harvest",
          "t30"."f_logit_evidence",
          "t30"."v_input_tokens",
          "t30"."v_output_tokens",
          "t30"."v_reasoning_tokens",
          "t30"."v_n",
          "t30"."v_top_lp",
          "t30"."v_logit_bias",
          "t30"."v_max_tokens"
        FROM (
          SELECT
            "t16"."request_id",
            "t16"."account_id",
            "t16"."ts_ms",
            "t16"."bucket",
            "t16"."org_id",
            "t16"."api_key_id",
            "t16"."end_user",
            "t16"."ip",
            "t16"."asn",
            "t16"."user_agent",
            "t16"."conversation_id",
            "t16"."prompt_chars",
            "t16"."prompt_hash",
            "t16"."template_fp",
            "t16"."prefix_fp",
            "t16"."suffix_fp",
            "t16"."system_fp",
            "t16"."cue_cot",
            "t16"."cue_align",
            "t16"."cue_datagen",
            "t16"."cue_sysprompt",
            "t16"."cue_cot_sys",
            "t16"."head_words",
            "t16"."tail_words",
            "t16"."capability",
            "t16"."topic",
            "t16"."lang",
            "t16"."v_day",
            "t16"."v_hour",
            "t16"."v_hour_of_day",
            "t16"."v_prefix",
            "t16"."v_infra",
            "t16"."v_prompt_key",
            "t16"."v_w15",
            "t16"."v_w15b",
            "t16"."v_nd_a",
            "t16"."v_nd_b",
            "t16"."v_params",
            "t16"."f_cap_coding",
            "t16"."f_cap_math",
            "t16"."f_cap_reasoning",
            "t16"."f_cap_alignment",
            "t16"."f_cap_datagen",
            "t16"."f_cap_sysprompt",
            "t16"."f_cap_general",
            "t16"."f_prompt_known",
            "t16"."f_output_known",
            "t16"."f_params_known",
            "t16"."f_long_max",
            "t16"."f_multi_n",
            "t16"."f_logprob",
            "t16"."f_top_lp_high",
            "t16"."f_logit_bias",
            "t16"."f_logit_bias_large",
            "t16"."f_short_out",
            "t16"."f_long_out",
            "t16"."f_reasoning_high",
            "t16"."f_temp_known",
            "t16"."f_temp_zero",
            "t16"."f_tools",
            "t16"."f_followup",
            "t16"."f_error",
            "t16"."f_rate_limited",
            "t16"."f_refusal",
            "t16"."f_cue_any",
            "t16"."f_harvest",
            "t16"."f_logit_evidence",
            "t16"."v_input_tokens",
            "t16"."v_output_tokens",
            "t16"."v_reasoning_tokens",
            "t16"."v_n",
            "t16"."v_top_lp",
            "t16"."v_logit_bias",
            "t16"."v_max_tokens"
          FROM (
            SELECT
              *
            FROM "t7" AS "t8"
            WHERE
              "t8"."end_user" IS NOT NULL
          ) AS "t16"
          SEMI JOIN (
            SELECT
              *
            FROM "t23" AS "t24"
            WHERE
              "t24"."kind" = 'end_user'
          ) AS "t28"
            ON "t16"."account_id" = "t28"."account_id"
        ) AS "t30"
      ) AS "t32"
    ) AS "t33"
  ) AS "t35"
  INNER JOIN "_dg_state" AS "t3"
    ON "t35"."account_id" = "t3"."s_acct" AND "t35"."request_id" = "t3"."s_rid"
) AS "t36"
