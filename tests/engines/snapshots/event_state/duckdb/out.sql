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
), "t24" AS (
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
    "t23"."conversation_id",
    ROW_NUMBER() OVER (
      PARTITION BY "t23"."account_id"
      ORDER BY "t23"."ts_ms" ASC, "t23"."request_id" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) - 1 AS "_seq",
    LAG("t23"."ts_ms") OVER (
      PARTITION BY "t23"."account_id"
      ORDER BY "t23"."ts_ms" ASC, "t23"."request_id" ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    ) AS "_prev"
  FROM (
    SELECT
      "t22"."account_id",
      "t22"."request_id",
      "t22"."ts_ms",
      "t22"."v_infra",
      "t22"."v_day",
      "t22"."v_hour",
      "t22"."v_hour_of_day",
      "t22"."ip",
      "t22"."v_prefix",
      "t22"."asn",
      "t22"."user_agent",
      "t22"."v_prompt_key",
      "t22"."template_fp",
      "t22"."prefix_fp",
      "t22"."suffix_fp",
      "t22"."topic",
      "t22"."system_fp",
      "t22"."conversation_id"
    FROM (
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
    ) AS "t22"
  ) AS "t23"
)
SELECT
  "t26"."account_id" AS "s_acct",
  "t26"."request_id" AS "s_rid",
  (
    COALESCE("t87"."n_mask", 0) & 1
  ) <> 0 AS "n_day",
  (
    COALESCE("t87"."n_mask", 0) & 2
  ) <> 0 AS "n_hour",
  (
    COALESCE("t87"."n_mask", 0) & 4
  ) <> 0 AS "n_hour_of_day",
  (
    COALESCE("t87"."n_mask", 0) & 8
  ) <> 0 AS "n_ip",
  (
    COALESCE("t87"."n_mask", 0) & 16
  ) <> 0 AS "n_prefix",
  (
    COALESCE("t87"."n_mask", 0) & 32
  ) <> 0 AS "n_asn",
  (
    COALESCE("t87"."n_mask", 0) & 64
  ) <> 0 AS "n_ua",
  (
    COALESCE("t87"."n_mask", 0) & 128
  ) <> 0 AS "n_prompt",
  (
    COALESCE("t87"."n_mask", 0) & 256
  ) <> 0 AS "n_template",
  (
    COALESCE("t87"."n_mask", 0) & 512
  ) <> 0 AS "n_prefix_fp",
  (
    COALESCE("t87"."n_mask", 0) & 1024
  ) <> 0 AS "n_suffix_fp",
  (
    COALESCE("t87"."n_mask", 0) & 2048
  ) <> 0 AS "n_topic",
  (
    COALESCE("t87"."n_mask", 0) & 4096
  ) <> 0 AS "n_system",
  (
    COALESCE("t87"."n_mask", 0) & 8192
  ) <> 0 AS "n_conversation",
  "t43"."v_acct_first",
  "t44"."v_infra_first",
  CAST("t26"."ts_ms" - "t26"."_prev" AS DOUBLE) / 1000.0 AS "v_gap_raw"
FROM "t24" AS "t26"
LEFT OUTER JOIN (
  SELECT
    "t85"."acct",
    "t85"."seq",
    SUM("t85"."bit") AS "n_mask"
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
            "t57"."account_id" AS "acct",
            "t57"."s" AS "seq",
            4096 AS "bit"
          FROM (
            SELECT
              "t41"."account_id",
              "t41"."system_fp",
              MIN("t41"."_seq") AS "s"
            FROM (
              SELECT
                *
              FROM "t24" AS "t25"
              WHERE
                "t25"."system_fp" IS NOT NULL
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
            8192 AS "bit"
          FROM (
            SELECT
              "t42"."account_id",
              "t42"."conversation_id",
              MIN("t42"."_seq") AS "s"
            FROM (
              SELECT
                *
              FROM "t24" AS "t25"
              WHERE
                "t25"."conversation_id" IS NOT NULL
            ) AS "t42"
            GROUP BY
              1,
              2
          ) AS "t58"
        ) AS "t72"
      ) AS "t79"
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
              "t45"."account_id" AS "acct",
              "t45"."s" AS "seq",
              1 AS "bit"
            FROM (
              SELECT
                "t29"."account_id",
                "t29"."v_day",
                MIN("t29"."_seq") AS "s"
              FROM (
                SELECT
                  *
                FROM "t24" AS "t25"
                WHERE
                  "t25"."v_day" IS NOT NULL
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
              "t46"."account_id" AS "acct",
              "t46"."s" AS "seq",
              2 AS "bit"
            FROM (
              SELECT
                "t30"."account_id",
                "t30"."v_hour",
                MIN("t30"."_seq") AS "s"
              FROM (
                SELECT
                  *
                FROM "t24" AS "t25"
                WHERE
                  "t25"."v_hour" IS NOT NULL
              ) AS "t30"
              GROUP BY
                1,
                2
            ) AS "t46"
          ) AS "t60"
        ) AS "t73"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t47"."account_id" AS "acct",
              "t47"."s" AS "seq",
              4 AS "bit"
            FROM (
              SELECT
                "t31"."account_id",
                "t31"."v_hour_of_day",
                MIN("t31"."_seq") AS "s"
              FROM (
                SELECT
                  *
                FROM "t24" AS "t25"
                WHERE
                  "t25"."v_hour_of_day" IS NOT NULL
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
              8 AS "bit"
            FROM (
              SELECT
                "t32"."account_id",
                "t32"."ip",
                MIN("t32"."_seq") AS "s"
              FROM (
                SELECT
                  *
                FROM "t24" AS "t25"
                WHERE
                  "t25"."ip" IS NOT NULL
              ) AS "t32"
              GROUP BY
                1,
                2
            ) AS "t48"
          ) AS "t62"
        ) AS "t74"
      ) AS "t80"
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
            *
          FROM (
            SELECT
              "t49"."account_id" AS "acct",
              "t49"."s" AS "seq",
              16 AS "bit"
            FROM (
              SELECT
                "t33"."account_id",
                "t33"."v_prefix",
                MIN("t33"."_seq") AS "s"
              FROM (
                SELECT
                  *
                FROM "t24" AS "t25"
                WHERE
                  "t25"."v_prefix" IS NOT NULL
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
              32 AS "bit"
            FROM (
              SELECT
                "t34"."account_id",
                "t34"."asn",
                MIN("t34"."_seq") AS "s"
              FROM (
                SELECT
                  *
                FROM "t24" AS "t25"
                WHERE
                  "t25"."asn" IS NOT NULL
              ) AS "t34"
              GROUP BY
                1,
                2
            ) AS "t50"
          ) AS "t64"
        ) AS "t75"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t51"."account_id" AS "acct",
              "t51"."s" AS "seq",
              64 AS "bit"
            FROM (
              SELECT
                "t35"."account_id",
                "t35"."user_agent",
                MIN("t35"."_seq") AS "s"
              FROM (
                SELECT
                  *
                FROM "t24" AS "t25"
                WHERE
                  "t25"."user_agent" IS NOT NULL
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
              128 AS "bit"
            FROM (
              SELECT
                "t36"."account_id",
                "t36"."v_prompt_key",
                MIN("t36"."_seq") AS "s"
              FROM (
                SELECT
                  *
                FROM "t24" AS "t25"
                WHERE
                  "t25"."v_prompt_key" IS NOT NULL
              ) AS "t36"
              GROUP BY
                1,
                2
            ) AS "t52"
          ) AS "t66"
        ) AS "t76"
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
              "t53"."account_id" AS "acct",
              "t53"."s" AS "seq",
              256 AS "bit"
            FROM (
              SELECT
                "t37"."account_id",
                "t37"."template_fp",
                MIN("t37"."_seq") AS "s"
              FROM (
                SELECT
                  *
                FROM "t24" AS "t25"
                WHERE
                  "t25"."template_fp" IS NOT NULL
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
              512 AS "bit"
            FROM (
              SELECT
                "t38"."account_id",
                "t38"."prefix_fp",
                MIN("t38"."_seq") AS "s"
              FROM (
                SELECT
                  *
                FROM "t24" AS "t25"
                WHERE
                  "t25"."prefix_fp" IS NOT NULL
              ) AS "t38"
              GROUP BY
                1,
                2
            ) AS "t54"
          ) AS "t68"
        ) AS "t77"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            *
          FROM (
            SELECT
              "t55"."account_id" AS "acct",
              "t55"."s" AS "seq",
              1024 AS "bit"
            FROM (
              SELECT
                "t39"."account_id",
                "t39"."suffix_fp",
                MIN("t39"."_seq") AS "s"
              FROM (
                SELECT
                  *
                FROM "t24" AS "t25"
                WHERE
                  "t25"."suffix_fp" IS NOT NULL
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
              2048 AS "bit"
            FROM (
              SELECT
                "t40"."account_id",
                "t40"."topic",
                MIN("t40"."_seq") AS "s"
              FROM (
                SELECT
                  *
                FROM "t24" AS "t25"
                WHERE
                  "t25"."topic" IS NOT NULL
              ) AS "t40"
              GROUP BY
                1,
                2
            ) AS "t56"
          ) AS "t70"
        ) AS "t78"
      ) AS "t82"
    ) AS "t84"
  ) AS "t85"
  GROUP BY
    1,
    2
) AS "t87"
  ON "t26"."account_id" = "t87"."acct" AND "t26"."_seq" = "t87"."seq"
INNER JOIN (
  SELECT
    "t25"."account_id" AS "a_acct",
    MIN("t25"."ts_ms") AS "v_acct_first"
  FROM "t24" AS "t25"
  GROUP BY
    1
) AS "t43"
  ON "t26"."account_id" = "t43"."a_acct"
INNER JOIN (
  SELECT
    "t25"."account_id" AS "i_acct",
    "t25"."v_infra" AS "i_infra",
    MIN("t25"."ts_ms") AS "v_infra_first"
  FROM "t24" AS "t25"
  GROUP BY
    1,
    2
) AS "t44"
  ON "t26"."account_id" = "t44"."i_acct" AND "t26"."v_infra" = "t44"."i_infra"
