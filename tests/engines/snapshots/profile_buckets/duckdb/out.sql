WITH "t6" AS (
  SELECT
    "t5"."request_id",
    "t5"."account_id",
    "t5"."org_id",
    "t5"."api_key_id",
    "t5"."ip",
    "t5"."asn",
    "t5"."as_org",
    "t5"."country",
    "t5"."user_agent",
    "t5"."model",
    "t5"."endpoint",
    "t5"."conversation_id",
    "t5"."turn",
    "t5"."input_tokens",
    "t5"."output_tokens",
    "t5"."reasoning_tokens",
    "t5"."temperature",
    "t5"."top_p",
    "t5"."max_tokens",
    "t5"."n",
    "t5"."logprobs",
    "t5"."top_logprobs",
    "t5"."logit_bias_n",
    "t5"."reasoning",
    "t5"."tools_n",
    "t5"."stream",
    "t5"."finish_reason",
    "t5"."status",
    "t5"."latency_ms",
    "t5"."ts_ms",
    "t5"."v_text_known",
    "t3"."prompt_chars",
    "t3"."prompt_hash",
    "t3"."template_fp",
    "t3"."prefix_fp",
    "t3"."suffix_fp",
    "t3"."system_fp",
    "t3"."cue_cot",
    "t3"."cue_align",
    "t3"."cue_datagen",
    "t3"."cue_sysprompt",
    "t3"."cue_cot_sys",
    "t3"."head_words",
    "t3"."tail_words",
    "t3"."capability",
    "t3"."topic",
    "t3"."lang"
  FROM (
    SELECT
      "t0"."request_id",
      "t0"."account_id",
      "t0"."org_id",
      "t0"."api_key_id",
      "t0"."ip",
      "t0"."asn",
      "t0"."as_org",
      "t0"."country",
      "t0"."user_agent",
      "t0"."model",
      "t0"."endpoint",
      "t0"."conversation_id",
      "t0"."turn",
      "t0"."input_tokens",
      "t0"."output_tokens",
      "t0"."reasoning_tokens",
      "t0"."temperature",
      "t0"."top_p",
      "t0"."max_tokens",
      "t0"."n",
      "t0"."logprobs",
      "t0"."top_logprobs",
      "t0"."logit_bias_n",
      "t0"."reasoning",
      "t0"."tools_n",
      "t0"."stream",
      "t0"."finish_reason",
      "t0"."status",
      "t0"."latency_ms",
      "t0"."ts_ms",
      (
        "t0"."prompt" IS NOT NULL
      ) OR (
        "t0"."prompt_sha256" IS NOT NULL
      ) AS "v_text_known"
    FROM "events" AS "t0"
  ) AS "t5"
  LEFT OUTER JOIN (
    SELECT
      "t1"."request_id" AS "f_request_id",
      "t1"."prompt_chars",
      "t1"."prompt_hash",
      "t1"."template_fp",
      "t1"."prefix_fp",
      "t1"."suffix_fp",
      "t1"."system_fp",
      "t1"."cue_cot",
      "t1"."cue_align",
      "t1"."cue_datagen",
      "t1"."cue_sysprompt",
      "t1"."cue_cot_sys",
      "t1"."head_words",
      "t1"."tail_words",
      "t1"."capability",
      "t1"."topic",
      "t1"."lang"
    FROM "event_features" AS "t1"
  ) AS "t3"
    ON "t5"."request_id" = "t3"."f_request_id"
), "t8" AS (
  SELECT
    "t7"."request_id",
    "t7"."account_id",
    "t7"."org_id",
    "t7"."api_key_id",
    "t7"."ip",
    "t7"."asn",
    "t7"."as_org",
    "t7"."country",
    "t7"."user_agent",
    "t7"."model",
    "t7"."endpoint",
    "t7"."conversation_id",
    "t7"."turn",
    "t7"."input_tokens",
    "t7"."output_tokens",
    "t7"."reasoning_tokens",
    "t7"."temperature",
    "t7"."top_p",
    "t7"."max_tokens",
    "t7"."n",
    "t7"."logprobs",
    "t7"."top_logprobs",
    "t7"."logit_bias_n",
    "t7"."reasoning",
    "t7"."tools_n",
    "t7"."stream",
    "t7"."finish_reason",
    "t7"."status",
    "t7"."latency_ms",
    "t7"."ts_ms",
    "t7"."v_text_known",
    "t7"."prompt_chars",
    "t7"."prompt_hash",
    "t7"."template_fp",
    "t7"."prefix_fp",
    "t7"."suffix_fp",
    "t7"."system_fp",
    "t7"."cue_cot",
    "t7"."cue_align",
    "t7"."cue_datagen",
    "t7"."cue_sysprompt",
    "t7"."cue_cot_sys",
    "t7"."head_words",
    "t7"."tail_words",
    "t7"."capability",
    "t7"."topic",
    "t7"."lang",
    CAST(FLOOR((
      "t7"."ts_ms"
    ) / (
      3600000
    )) AS BIGINT) AS "bucket",
    CAST(FLOOR((
      "t7"."ts_ms"
    ) / (
      86400000
    )) AS BIGINT) AS "v_day",
    CASE
      WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
      THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
      WHEN CONTAINS("t7"."ip", ':')
      AND (
        REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
      )
      THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
      ELSE "t7"."ip"
    END AS "v_prefix",
    COALESCE(
      CAST("t7"."asn" AS TEXT),
      CASE
        WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
        THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
        WHEN CONTAINS("t7"."ip", ':')
        AND (
          REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
        )
        THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
        ELSE "t7"."ip"
      END,
      '?'
    ) || '|' || COALESCE("t7"."user_agent", '?') AS "v_infra",
    "t7"."prompt_hash" AS "v_prompt_key",
    CAST(FLOOR((
      "t7"."ts_ms"
    ) / (
      3600000
    )) AS BIGINT) AS "v_hour",
    CAST(FLOOR((
      "t7"."ts_ms"
    ) / (
      3600000
    )) AS BIGINT) % 24 AS "v_hour_of_day"
  FROM "t6" AS "t7"
)
SELECT
  "t75"."account_id",
  "t75"."bucket",
  CAST(COUNT(*) AS DOUBLE) AS "requests",
  CAST(SUM(CAST("t75"."f_prompt_known" AS BIGINT)) AS DOUBLE) AS "prompt_known",
  CAST(SUM(CAST("t75"."f_output_known" AS BIGINT)) AS DOUBLE) AS "output_known",
  CAST(SUM(CAST("t75"."f_params_known" AS BIGINT)) AS DOUBLE) AS "params_known",
  CAST(SUM(CAST("t75"."f_long_max" AS BIGINT)) AS DOUBLE) AS "long_max_tokens",
  CAST(SUM(CAST("t75"."f_multi_n" AS BIGINT)) AS DOUBLE) AS "multi_n",
  CAST(SUM(CAST("t75"."f_logprob" AS BIGINT)) AS DOUBLE) AS "logprob_requests",
  CAST(SUM(CAST("t75"."f_top_lp_high" AS BIGINT)) AS DOUBLE) AS "top_logprobs_high",
  CAST(SUM(CAST("t75"."f_logit_bias" AS BIGINT)) AS DOUBLE) AS "logit_bias_requests",
  CAST(SUM(CAST("t75"."f_logit_bias_large" AS BIGINT)) AS DOUBLE) AS "logit_bias_large",
  CAST(SUM(CAST("t75"."f_short_out" AS BIGINT)) AS DOUBLE) AS "short_outputs",
  CAST(SUM(CAST("t75"."f_long_out" AS BIGINT)) AS DOUBLE) AS "long_outputs",
  CAST(SUM(CAST("t75"."f_reasoning_high" AS BIGINT)) AS DOUBLE) AS "reasoning_high",
  CAST(SUM(CAST("t75"."f_temp_known" AS BIGINT)) AS DOUBLE) AS "temp_known",
  CAST(SUM(CAST("t75"."f_temp_zero" AS BIGINT)) AS DOUBLE) AS "temp_zero",
  CAST(SUM(CAST("t75"."f_tools" AS BIGINT)) AS DOUBLE) AS "tools_requests",
  CAST(SUM(CAST("t75"."f_followup" AS BIGINT)) AS DOUBLE) AS "followups",
  CAST(SUM(CAST("t75"."f_error" AS BIGINT)) AS DOUBLE) AS "errors",
  CAST(SUM(CAST("t75"."f_rate_limited" AS BIGINT)) AS DOUBLE) AS "rate_limited",
  CAST(SUM(CAST("t75"."f_refusal" AS BIGINT)) AS DOUBLE) AS "refusals",
  CAST(SUM(CAST("t75"."cue_cot" AS BIGINT)) AS DOUBLE) AS "cue_cot",
  CAST(SUM(CAST("t75"."cue_align" AS BIGINT)) AS DOUBLE) AS "cue_align",
  CAST(SUM(CAST("t75"."cue_datagen" AS BIGINT)) AS DOUBLE) AS "cue_datagen",
  CAST(SUM(CAST("t75"."cue_sysprompt" AS BIGINT)) AS DOUBLE) AS "cue_sysprompt",
  CAST(SUM(CAST("t75"."cue_cot_sys" AS BIGINT)) AS DOUBLE) AS "cue_cot_sys",
  CAST(SUM(CAST("t75"."f_gap" AS BIGINT)) AS DOUBLE) AS "gaps",
  CAST(SUM(CAST("t75"."f_rest" AS BIGINT)) AS DOUBLE) AS "rests",
  CAST(SUM(CAST("t75"."f_late_infra" AS BIGINT)) AS DOUBLE) AS "late_infra",
  CAST(SUM(CAST("t75"."f_late_cue" AS BIGINT)) AS DOUBLE) AS "late_cue",
  CAST(SUM(CAST("t75"."n_day" AS BIGINT)) AS DOUBLE) AS "new_days",
  CAST(SUM(CAST("t75"."n_hour_of_day" AS BIGINT)) AS DOUBLE) AS "new_hours_of_day",
  CAST(SUM(CAST("t75"."n_ip" AS BIGINT)) AS DOUBLE) AS "new_ips",
  CAST(SUM(CAST("t75"."n_prefix" AS BIGINT)) AS DOUBLE) AS "new_prefixes",
  CAST(SUM(CAST("t75"."n_asn" AS BIGINT)) AS DOUBLE) AS "new_asns",
  CAST(SUM(CAST("t75"."n_ua" AS BIGINT)) AS DOUBLE) AS "new_uas",
  CAST(SUM(CAST("t75"."n_prompt" AS BIGINT)) AS DOUBLE) AS "new_prompts",
  CAST(SUM(CAST("t75"."n_template" AS BIGINT)) AS DOUBLE) AS "new_templates",
  CAST(SUM(CAST("t75"."n_prefix_fp" AS BIGINT)) AS DOUBLE) AS "new_prefix_fps",
  CAST(SUM(CAST("t75"."n_suffix_fp" AS BIGINT)) AS DOUBLE) AS "new_suffix_fps",
  CAST(SUM(CAST("t75"."n_topic" AS BIGINT)) AS DOUBLE) AS "new_topics",
  CAST(SUM(CAST("t75"."n_system" AS BIGINT)) AS DOUBLE) AS "new_systems",
  CAST(SUM(CAST("t75"."n_conversation" AS BIGINT)) AS DOUBLE) AS "new_conversations",
  CAST(SUM(CAST("t75"."capability" = 'coding' AS BIGINT)) AS DOUBLE) AS "cap_coding",
  CAST(SUM(CAST("t75"."capability" = 'math' AS BIGINT)) AS DOUBLE) AS "cap_math",
  CAST(SUM(CAST("t75"."capability" = 'reasoning-traces' AS BIGINT)) AS DOUBLE) AS "cap_reasoning",
  CAST(SUM(CAST("t75"."capability" = 'alignment-behaviour' AS BIGINT)) AS DOUBLE) AS "cap_alignment",
  CAST(SUM(CAST("t75"."capability" = 'data-generation' AS BIGINT)) AS DOUBLE) AS "cap_datagen",
  CAST(SUM(CAST("t75"."capability" = 'system-prompt' AS BIGINT)) AS DOUBLE) AS "cap_sysprompt",
  CAST(SUM(CAST("t75"."capability" = 'general' AS BIGINT)) AS DOUBLE) AS "cap_general",
  CAST(SUM("t75"."v_input_tokens") AS DOUBLE) AS "input_tokens",
  CAST(SUM("t75"."v_output_tokens") AS DOUBLE) AS "output_tokens",
  CAST(SUM("t75"."v_reasoning_tokens") AS DOUBLE) AS "reasoning_tokens",
  CAST(SUM("t75"."v_n") AS DOUBLE) AS "completions",
  SUM("t75"."v_gap") AS "gap_sum",
  SUM("t75"."v_gap" * "t75"."v_gap") AS "gap_sumsq",
  SUM("t75"."v_gap_log") AS "gap_log_sum",
  SUM("t75"."v_gap_log" * "t75"."v_gap_log") AS "gap_log_sumsq",
  CAST(SUM(CAST("t75"."n_hour" AS BIGINT)) AS DOUBLE) AS "active_buckets",
  MIN("t75"."ts_ms") AS "first_ts",
  MAX("t75"."ts_ms") AS "last_ts",
  MIN("t75"."v_late_ts") AS "late_first_ts",
  MAX("t75"."v_top_lp") AS "top_logprobs_max",
  MAX("t75"."v_logit_bias") AS "logit_bias_max",
  MAX("t75"."v_max_tokens") AS "max_tokens_max"
FROM (
  SELECT
    "t74"."request_id",
    "t74"."account_id",
    "t74"."org_id",
    "t74"."api_key_id",
    "t74"."ip",
    "t74"."asn",
    "t74"."as_org",
    "t74"."country",
    "t74"."user_agent",
    "t74"."model",
    "t74"."endpoint",
    "t74"."conversation_id",
    "t74"."turn",
    "t74"."input_tokens",
    "t74"."output_tokens",
    "t74"."reasoning_tokens",
    "t74"."temperature",
    "t74"."top_p",
    "t74"."max_tokens",
    "t74"."n",
    "t74"."logprobs",
    "t74"."top_logprobs",
    "t74"."logit_bias_n",
    "t74"."reasoning",
    "t74"."tools_n",
    "t74"."stream",
    "t74"."finish_reason",
    "t74"."status",
    "t74"."latency_ms",
    "t74"."ts_ms",
    "t74"."v_text_known",
    "t74"."prompt_chars",
    "t74"."prompt_hash",
    "t74"."template_fp",
    "t74"."prefix_fp",
    "t74"."suffix_fp",
    "t74"."system_fp",
    "t74"."cue_cot",
    "t74"."cue_align",
    "t74"."cue_datagen",
    "t74"."cue_sysprompt",
    "t74"."cue_cot_sys",
    "t74"."head_words",
    "t74"."tail_words",
    "t74"."capability",
    "t74"."topic",
    "t74"."lang",
    "t74"."bucket",
    "t74"."v_day",
    "t74"."v_prefix",
    "t74"."v_infra",
    "t74"."v_prompt_key",
    "t74"."v_hour",
    "t74"."v_hour_of_day",
    "t74"."n_day",
    "t74"."n_hour",
    "t74"."n_hour_of_day",
    "t74"."n_ip",
    "t74"."n_prefix",
    "t74"."n_asn",
    "t74"."n_ua",
    "t74"."n_prompt",
    "t74"."n_template",
    "t74"."n_prefix_fp",
    "t74"."n_suffix_fp",
    "t74"."n_topic",
    "t74"."n_system",
    "t74"."n_conversation",
    "t74"."v_acct_first",
    "t74"."v_infra_first",
    "t74"."v_gap_raw",
    "t74"."v_text_known" AS "f_prompt_known",
    "t74"."output_tokens" IS NOT NULL AS "f_output_known",
    "t74"."max_tokens" IS NOT NULL AS "f_params_known",
    COALESCE("t74"."max_tokens" >= 4000, FALSE) AS "f_long_max",
    COALESCE("t74"."n" > 1, FALSE) AS "f_multi_n",
    COALESCE("t74"."logprobs", FALSE) OR COALESCE("t74"."top_logprobs" > 0, FALSE) AS "f_logprob",
    COALESCE("t74"."top_logprobs" >= 10, FALSE) AS "f_top_lp_high",
    COALESCE("t74"."logit_bias_n" > 0, FALSE) AS "f_logit_bias",
    COALESCE("t74"."logit_bias_n" >= 50, FALSE) AS "f_logit_bias_large",
    COALESCE("t74"."output_tokens" <= 2, FALSE) AS "f_short_out",
    (
      "t74"."output_tokens" IS NOT NULL
    )
    AND (
      (
        COALESCE("t74"."output_tokens", 0) + COALESCE("t74"."reasoning_tokens", 0)
      ) >= 1000
    ) AS "f_long_out",
    COALESCE(LOWER("t74"."reasoning") IN ('high', 'xhigh', 'max'), FALSE)
    OR COALESCE(TRY_CAST("t74"."reasoning" AS BIGINT) >= 8000, FALSE) AS "f_reasoning_high",
    "t74"."temperature" IS NOT NULL AS "f_temp_known",
    COALESCE("t74"."temperature" = 0, FALSE) AS "f_temp_zero",
    COALESCE("t74"."tools_n" > 0, FALSE) AS "f_tools",
    COALESCE("t74"."turn" > 1, FALSE) AS "f_followup",
    COALESCE("t74"."status" >= 400, FALSE) AS "f_error",
    COALESCE("t74"."status" = 429, FALSE) AS "f_rate_limited",
    COALESCE(LOWER("t74"."finish_reason") IN ('refusal', 'content_filter'), FALSE) AS "f_refusal",
    (
      "t74"."v_gap_raw" IS NOT NULL
    ) AND (
      "t74"."v_gap_raw" < 3600.0
    ) AS "f_gap",
    COALESCE("t74"."v_gap_raw" >= 14400.0, FALSE) AS "f_rest",
    (
      "t74"."v_infra_first" - "t74"."v_acct_first"
    ) >= 259200000 AS "f_late_infra",
    (
      (
        "t74"."v_infra_first" - "t74"."v_acct_first"
      ) >= 259200000
    )
    AND (
      COALESCE("t74"."cue_cot", FALSE)
      OR COALESCE("t74"."cue_align", FALSE)
      OR COALESCE("t74"."cue_datagen", FALSE)
      OR COALESCE("t74"."cue_sysprompt", FALSE)
    ) AS "f_late_cue",
    COALESCE("t74"."cue_cot", FALSE)
    OR COALESCE("t74"."cue_align", FALSE)
    OR COALESCE("t74"."cue_datagen", FALSE)
    OR COALESCE("t74"."cue_sysprompt", FALSE) AS "f_cue_any",
    COALESCE("t74"."max_tokens" >= 4000, FALSE)
    OR COALESCE("t74"."n" > 1, FALSE)
    OR (
      (
        "t74"."output_tokens" IS NOT NULL
      )
      AND (
        (
          COALESCE("t74"."output_tokens", 0) + COALESCE("t74"."reasoning_tokens", 0)
        ) >= 1000
      )
    ) AS "f_harvest",
    COALESCE("t74"."top_logprobs" >= 10, FALSE)
    OR COALESCE("t74"."logit_bias_n" > 0, FALSE) AS "f_logit_evidence",
    COALESCE("t74"."input_tokens", 0) AS "v_input_tokens",
    COALESCE("t74"."output_tokens", 0) AS "v_output_tokens",
    COALESCE("t74"."reasoning_tokens", 0) AS "v_reasoning_tokens",
    COALESCE("t74"."n", 1) AS "v_n",
    CASE
      WHEN (
        "t74"."v_gap_raw" IS NOT NULL
      ) AND (
        "t74"."v_gap_raw" < 3600.0
      )
      THEN "t74"."v_gap_raw"
      ELSE 0.0
    END AS "v_gap",
    CASE
      WHEN (
        "t74"."v_gap_raw" IS NOT NULL
      ) AND (
        "t74"."v_gap_raw" < 3600.0
      )
      THEN LOG("t74"."v_gap_raw" + 0.1)
      ELSE 0.0
    END AS "v_gap_log",
    CASE
      WHEN (
        "t74"."v_infra_first" - "t74"."v_acct_first"
      ) >= 259200000
      THEN "t74"."ts_ms"
      ELSE CAST(NULL AS BIGINT)
    END AS "v_late_ts",
    COALESCE("t74"."top_logprobs", 0) AS "v_top_lp",
    COALESCE("t74"."logit_bias_n", 0) AS "v_logit_bias",
    COALESCE("t74"."max_tokens", 0) AS "v_max_tokens"
  FROM (
    SELECT
      "t73"."request_id",
      "t73"."account_id",
      "t73"."org_id",
      "t73"."api_key_id",
      "t73"."ip",
      "t73"."asn",
      "t73"."as_org",
      "t73"."country",
      "t73"."user_agent",
      "t73"."model",
      "t73"."endpoint",
      "t73"."conversation_id",
      "t73"."turn",
      "t73"."input_tokens",
      "t73"."output_tokens",
      "t73"."reasoning_tokens",
      "t73"."temperature",
      "t73"."top_p",
      "t73"."max_tokens",
      "t73"."n",
      "t73"."logprobs",
      "t73"."top_logprobs",
      "t73"."logit_bias_n",
      "t73"."reasoning",
      "t73"."tools_n",
      "t73"."stream",
      "t73"."finish_reason",
      "t73"."status",
      "t73"."latency_ms",
      "t73"."ts_ms",
      "t73"."v_text_known",
      "t73"."prompt_chars",
      "t73"."prompt_hash",
      "t73"."template_fp",
      "t73"."prefix_fp",
      "t73"."suffix_fp",
      "t73"."system_fp",
      "t73"."cue_cot",
      "t73"."cue_align",
      "t73"."cue_datagen",
      "t73"."cue_sysprompt",
      "t73"."cue_cot_sys",
      "t73"."head_words",
      "t73"."tail_words",
      "t73"."capability",
      "t73"."topic",
      "t73"."lang",
      "t73"."bucket",
      "t73"."v_day",
      "t73"."v_prefix",
      "t73"."v_infra",
      "t73"."v_prompt_key",
      "t73"."v_hour",
      "t73"."v_hour_of_day",
      "t73"."n_day",
      "t73"."n_hour",
      "t73"."n_hour_of_day",
      "t73"."n_ip",
      "t73"."n_prefix",
      "t73"."n_asn",
      "t73"."n_ua",
      "t73"."n_prompt",
      "t73"."n_template",
      "t73"."n_prefix_fp",
      "t73"."n_suffix_fp",
      "t73"."n_topic",
      "t73"."n_system",
      "t73"."n_conversation",
      "t73"."v_acct_first",
      "t73"."v_infra_first",
      CAST("t73"."ts_ms" - LAG("t73"."ts_ms") OVER (
        PARTITION BY "t73"."account_id"
        ORDER BY "t73"."ts_ms" ASC, "t73"."request_id" ASC
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
      ) AS DOUBLE) / 1000.0 AS "v_gap_raw"
    FROM (
      SELECT
        "t72"."request_id",
        "t72"."account_id",
        "t72"."org_id",
        "t72"."api_key_id",
        "t72"."ip",
        "t72"."asn",
        "t72"."as_org",
        "t72"."country",
        "t72"."user_agent",
        "t72"."model",
        "t72"."endpoint",
        "t72"."conversation_id",
        "t72"."turn",
        "t72"."input_tokens",
        "t72"."output_tokens",
        "t72"."reasoning_tokens",
        "t72"."temperature",
        "t72"."top_p",
        "t72"."max_tokens",
        "t72"."n",
        "t72"."logprobs",
        "t72"."top_logprobs",
        "t72"."logit_bias_n",
        "t72"."reasoning",
        "t72"."tools_n",
        "t72"."stream",
        "t72"."finish_reason",
        "t72"."status",
        "t72"."latency_ms",
        "t72"."ts_ms",
        "t72"."v_text_known",
        "t72"."prompt_chars",
        "t72"."prompt_hash",
        "t72"."template_fp",
        "t72"."prefix_fp",
        "t72"."suffix_fp",
        "t72"."system_fp",
        "t72"."cue_cot",
        "t72"."cue_align",
        "t72"."cue_datagen",
        "t72"."cue_sysprompt",
        "t72"."cue_cot_sys",
        "t72"."head_words",
        "t72"."tail_words",
        "t72"."capability",
        "t72"."topic",
        "t72"."lang",
        "t72"."bucket",
        "t72"."v_day",
        "t72"."v_prefix",
        "t72"."v_infra",
        "t72"."v_prompt_key",
        "t72"."v_hour",
        "t72"."v_hour_of_day",
        COALESCE("t72"."n_day", FALSE) AS "n_day",
        COALESCE("t72"."n_hour", FALSE) AS "n_hour",
        COALESCE("t72"."n_hour_of_day", FALSE) AS "n_hour_of_day",
        COALESCE("t72"."n_ip", FALSE) AS "n_ip",
        COALESCE("t72"."n_prefix", FALSE) AS "n_prefix",
        COALESCE("t72"."n_asn", FALSE) AS "n_asn",
        COALESCE("t72"."n_ua", FALSE) AS "n_ua",
        COALESCE("t72"."n_prompt", FALSE) AS "n_prompt",
        COALESCE("t72"."n_template", FALSE) AS "n_template",
        COALESCE("t72"."n_prefix_fp", FALSE) AS "n_prefix_fp",
        COALESCE("t72"."n_suffix_fp", FALSE) AS "n_suffix_fp",
        COALESCE("t72"."n_topic", FALSE) AS "n_topic",
        COALESCE("t72"."n_system", FALSE) AS "n_system",
        COALESCE("t72"."n_conversation", FALSE) AS "n_conversation",
        "t72"."v_acct_first",
        "t72"."v_infra_first"
      FROM (
        SELECT
          "t24"."request_id",
          "t24"."account_id",
          "t24"."org_id",
          "t24"."api_key_id",
          "t24"."ip",
          "t24"."asn",
          "t24"."as_org",
          "t24"."country",
          "t24"."user_agent",
          "t24"."model",
          "t24"."endpoint",
          "t24"."conversation_id",
          "t24"."turn",
          "t24"."input_tokens",
          "t24"."output_tokens",
          "t24"."reasoning_tokens",
          "t24"."temperature",
          "t24"."top_p",
          "t24"."max_tokens",
          "t24"."n",
          "t24"."logprobs",
          "t24"."top_logprobs",
          "t24"."logit_bias_n",
          "t24"."reasoning",
          "t24"."tools_n",
          "t24"."stream",
          "t24"."finish_reason",
          "t24"."status",
          "t24"."latency_ms",
          "t24"."ts_ms",
          "t24"."v_text_known",
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
          "t24"."bucket",
          "t24"."v_day",
          "t24"."v_prefix",
          "t24"."v_infra",
          "t24"."v_prompt_key",
          "t24"."v_hour",
          "t24"."v_hour_of_day",
          "t71"."n_day",
          "t71"."n_hour",
          "t71"."n_hour_of_day",
          "t71"."n_ip",
          "t71"."n_prefix",
          "t71"."n_asn",
          "t71"."n_ua",
          "t71"."n_prompt",
          "t71"."n_template",
          "t71"."n_prefix_fp",
          "t71"."n_suffix_fp",
          "t71"."n_topic",
          "t71"."n_system",
          "t71"."n_conversation",
          "t27"."v_acct_first",
          "t28"."v_infra_first"
        FROM "t8" AS "t24"
        LEFT OUTER JOIN (
          SELECT
            "t69"."rid",
            BOOL_OR(CAST("t69"."tag" = 'day' AS BOOLEAN)) AS "n_day",
            BOOL_OR(CAST("t69"."tag" = 'hour' AS BOOLEAN)) AS "n_hour",
            BOOL_OR(CAST("t69"."tag" = 'hour_of_day' AS BOOLEAN)) AS "n_hour_of_day",
            BOOL_OR(CAST("t69"."tag" = 'ip' AS BOOLEAN)) AS "n_ip",
            BOOL_OR(CAST("t69"."tag" = 'prefix' AS BOOLEAN)) AS "n_prefix",
            BOOL_OR(CAST("t69"."tag" = 'asn' AS BOOLEAN)) AS "n_asn",
            BOOL_OR(CAST("t69"."tag" = 'ua' AS BOOLEAN)) AS "n_ua",
            BOOL_OR(CAST("t69"."tag" = 'prompt' AS BOOLEAN)) AS "n_prompt",
            BOOL_OR(CAST("t69"."tag" = 'template' AS BOOLEAN)) AS "n_template",
            BOOL_OR(CAST("t69"."tag" = 'prefix_fp' AS BOOLEAN)) AS "n_prefix_fp",
            BOOL_OR(CAST("t69"."tag" = 'suffix_fp' AS BOOLEAN)) AS "n_suffix_fp",
            BOOL_OR(CAST("t69"."tag" = 'topic' AS BOOLEAN)) AS "n_topic",
            BOOL_OR(CAST("t69"."tag" = 'system' AS BOOLEAN)) AS "n_system",
            BOOL_OR(CAST("t69"."tag" = 'conversation' AS BOOLEAN)) AS "n_conversation"
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
                    SUBSTRING(
                      "t29"."o",
                      CASE WHEN (
                        17 + 1
                      ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t29"."o") END
                    ) AS "rid",
                    'system' AS "tag"
                  FROM (
                    SELECT
                      "t9"."account_id",
                      "t9"."system_fp",
                      MIN(
                        CASE
                          WHEN 16 <= LENGTH(CAST("t9"."ts_ms" AS TEXT))
                          THEN CAST("t9"."ts_ms" AS TEXT)
                          ELSE REPEAT('0', 16 - LENGTH(CAST("t9"."ts_ms" AS TEXT))) || CAST("t9"."ts_ms" AS TEXT)
                        END || '|' || "t9"."request_id"
                      ) AS "o"
                    FROM (
                      SELECT
                        "t7"."request_id",
                        "t7"."account_id",
                        "t7"."org_id",
                        "t7"."api_key_id",
                        "t7"."ip",
                        "t7"."asn",
                        "t7"."as_org",
                        "t7"."country",
                        "t7"."user_agent",
                        "t7"."model",
                        "t7"."endpoint",
                        "t7"."conversation_id",
                        "t7"."turn",
                        "t7"."input_tokens",
                        "t7"."output_tokens",
                        "t7"."reasoning_tokens",
                        "t7"."temperature",
                        "t7"."top_p",
                        "t7"."max_tokens",
                        "t7"."n",
                        "t7"."logprobs",
                        "t7"."top_logprobs",
                        "t7"."logit_bias_n",
                        "t7"."reasoning",
                        "t7"."tools_n",
                        "t7"."stream",
                        "t7"."finish_reason",
                        "t7"."status",
                        "t7"."latency_ms",
                        "t7"."ts_ms",
                        "t7"."v_text_known",
                        "t7"."prompt_chars",
                        "t7"."prompt_hash",
                        "t7"."template_fp",
                        "t7"."prefix_fp",
                        "t7"."suffix_fp",
                        "t7"."system_fp",
                        "t7"."cue_cot",
                        "t7"."cue_align",
                        "t7"."cue_datagen",
                        "t7"."cue_sysprompt",
                        "t7"."cue_cot_sys",
                        "t7"."head_words",
                        "t7"."tail_words",
                        "t7"."capability",
                        "t7"."topic",
                        "t7"."lang",
                        CAST(FLOOR((
                          "t7"."ts_ms"
                        ) / (
                          3600000
                        )) AS BIGINT) AS "bucket",
                        CAST(FLOOR((
                          "t7"."ts_ms"
                        ) / (
                          86400000
                        )) AS BIGINT) AS "v_day",
                        CASE
                          WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                          THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                          WHEN CONTAINS("t7"."ip", ':')
                          AND (
                            REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                          )
                          THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                          ELSE "t7"."ip"
                        END AS "v_prefix",
                        COALESCE(
                          CAST("t7"."asn" AS TEXT),
                          CASE
                            WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                            THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                            WHEN CONTAINS("t7"."ip", ':')
                            AND (
                              REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                            )
                            THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                            ELSE "t7"."ip"
                          END,
                          '?'
                        ) || '|' || COALESCE("t7"."user_agent", '?') AS "v_infra",
                        "t7"."prompt_hash" AS "v_prompt_key",
                        CAST(FLOOR((
                          "t7"."ts_ms"
                        ) / (
                          3600000
                        )) AS BIGINT) AS "v_hour",
                        CAST(FLOOR((
                          "t7"."ts_ms"
                        ) / (
                          3600000
                        )) AS BIGINT) % 24 AS "v_hour_of_day"
                      FROM "t6" AS "t7"
                      WHERE
                        "t7"."system_fp" IS NOT NULL
                    ) AS "t9"
                    GROUP BY
                      1,
                      2
                  ) AS "t29"
                ) AS "t43"
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    SUBSTRING(
                      "t30"."o",
                      CASE WHEN (
                        17 + 1
                      ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t30"."o") END
                    ) AS "rid",
                    'conversation' AS "tag"
                  FROM (
                    SELECT
                      "t10"."account_id",
                      "t10"."conversation_id",
                      MIN(
                        CASE
                          WHEN 16 <= LENGTH(CAST("t10"."ts_ms" AS TEXT))
                          THEN CAST("t10"."ts_ms" AS TEXT)
                          ELSE REPEAT('0', 16 - LENGTH(CAST("t10"."ts_ms" AS TEXT))) || CAST("t10"."ts_ms" AS TEXT)
                        END || '|' || "t10"."request_id"
                      ) AS "o"
                    FROM (
                      SELECT
                        "t7"."request_id",
                        "t7"."account_id",
                        "t7"."org_id",
                        "t7"."api_key_id",
                        "t7"."ip",
                        "t7"."asn",
                        "t7"."as_org",
                        "t7"."country",
                        "t7"."user_agent",
                        "t7"."model",
                        "t7"."endpoint",
                        "t7"."conversation_id",
                        "t7"."turn",
                        "t7"."input_tokens",
                        "t7"."output_tokens",
                        "t7"."reasoning_tokens",
                        "t7"."temperature",
                        "t7"."top_p",
                        "t7"."max_tokens",
                        "t7"."n",
                        "t7"."logprobs",
                        "t7"."top_logprobs",
                        "t7"."logit_bias_n",
                        "t7"."reasoning",
                        "t7"."tools_n",
                        "t7"."stream",
                        "t7"."finish_reason",
                        "t7"."status",
                        "t7"."latency_ms",
                        "t7"."ts_ms",
                        "t7"."v_text_known",
                        "t7"."prompt_chars",
                        "t7"."prompt_hash",
                        "t7"."template_fp",
                        "t7"."prefix_fp",
                        "t7"."suffix_fp",
                        "t7"."system_fp",
                        "t7"."cue_cot",
                        "t7"."cue_align",
                        "t7"."cue_datagen",
                        "t7"."cue_sysprompt",
                        "t7"."cue_cot_sys",
                        "t7"."head_words",
                        "t7"."tail_words",
                        "t7"."capability",
                        "t7"."topic",
                        "t7"."lang",
                        CAST(FLOOR((
                          "t7"."ts_ms"
                        ) / (
                          3600000
                        )) AS BIGINT) AS "bucket",
                        CAST(FLOOR((
                          "t7"."ts_ms"
                        ) / (
                          86400000
                        )) AS BIGINT) AS "v_day",
                        CASE
                          WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                          THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                          WHEN CONTAINS("t7"."ip", ':')
                          AND (
                            REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                          )
                          THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                          ELSE "t7"."ip"
                        END AS "v_prefix",
                        COALESCE(
                          CAST("t7"."asn" AS TEXT),
                          CASE
                            WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                            THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                            WHEN CONTAINS("t7"."ip", ':')
                            AND (
                              REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                            )
                            THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                            ELSE "t7"."ip"
                          END,
                          '?'
                        ) || '|' || COALESCE("t7"."user_agent", '?') AS "v_infra",
                        "t7"."prompt_hash" AS "v_prompt_key",
                        CAST(FLOOR((
                          "t7"."ts_ms"
                        ) / (
                          3600000
                        )) AS BIGINT) AS "v_hour",
                        CAST(FLOOR((
                          "t7"."ts_ms"
                        ) / (
                          3600000
                        )) AS BIGINT) % 24 AS "v_hour_of_day"
                      FROM "t6" AS "t7"
                      WHERE
                        "t7"."conversation_id" IS NOT NULL
                    ) AS "t10"
                    GROUP BY
                      1,
                      2
                  ) AS "t30"
                ) AS "t44"
              ) AS "t57"
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
                      SUBSTRING(
                        "t31"."o",
                        CASE WHEN (
                          17 + 1
                        ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t31"."o") END
                      ) AS "rid",
                      'day' AS "tag"
                    FROM (
                      SELECT
                        "t11"."account_id",
                        "t11"."v_day",
                        MIN(
                          CASE
                            WHEN 16 <= LENGTH(CAST("t11"."ts_ms" AS TEXT))
                            THEN CAST("t11"."ts_ms" AS TEXT)
                            ELSE REPEAT('0', 16 - LENGTH(CAST("t11"."ts_ms" AS TEXT))) || CAST("t11"."ts_ms" AS TEXT)
                          END || '|' || "t11"."request_id"
                        ) AS "o"
                      FROM (
                        SELECT
                          "t7"."request_id",
                          "t7"."account_id",
                          "t7"."org_id",
                          "t7"."api_key_id",
                          "t7"."ip",
                          "t7"."asn",
                          "t7"."as_org",
                          "t7"."country",
                          "t7"."user_agent",
                          "t7"."model",
                          "t7"."endpoint",
                          "t7"."conversation_id",
                          "t7"."turn",
                          "t7"."input_tokens",
                          "t7"."output_tokens",
                          "t7"."reasoning_tokens",
                          "t7"."temperature",
                          "t7"."top_p",
                          "t7"."max_tokens",
                          "t7"."n",
                          "t7"."logprobs",
                          "t7"."top_logprobs",
                          "t7"."logit_bias_n",
                          "t7"."reasoning",
                          "t7"."tools_n",
                          "t7"."stream",
                          "t7"."finish_reason",
                          "t7"."status",
                          "t7"."latency_ms",
                          "t7"."ts_ms",
                          "t7"."v_text_known",
                          "t7"."prompt_chars",
                          "t7"."prompt_hash",
                          "t7"."template_fp",
                          "t7"."prefix_fp",
                          "t7"."suffix_fp",
                          "t7"."system_fp",
                          "t7"."cue_cot",
                          "t7"."cue_align",
                          "t7"."cue_datagen",
                          "t7"."cue_sysprompt",
                          "t7"."cue_cot_sys",
                          "t7"."head_words",
                          "t7"."tail_words",
                          "t7"."capability",
                          "t7"."topic",
                          "t7"."lang",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "bucket",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            86400000
                          )) AS BIGINT) AS "v_day",
                          CASE
                            WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                            THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                            WHEN CONTAINS("t7"."ip", ':')
                            AND (
                              REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                            )
                            THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                            ELSE "t7"."ip"
                          END AS "v_prefix",
                          COALESCE(
                            CAST("t7"."asn" AS TEXT),
                            CASE
                              WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                              THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                              WHEN CONTAINS("t7"."ip", ':')
                              AND (
                                REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                              )
                              THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                              ELSE "t7"."ip"
                            END,
                            '?'
                          ) || '|' || COALESCE("t7"."user_agent", '?') AS "v_infra",
                          "t7"."prompt_hash" AS "v_prompt_key",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "v_hour",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) % 24 AS "v_hour_of_day"
                        FROM "t6" AS "t7"
                        WHERE
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            86400000
                          )) AS BIGINT) IS NOT NULL
                      ) AS "t11"
                      GROUP BY
                        1,
                        2
                    ) AS "t31"
                  ) AS "t45"
                  UNION ALL
                  SELECT
                    *
                  FROM (
                    SELECT
                      SUBSTRING(
                        "t32"."o",
                        CASE WHEN (
                          17 + 1
                        ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t32"."o") END
                      ) AS "rid",
                      'hour' AS "tag"
                    FROM (
                      SELECT
                        "t12"."account_id",
                        "t12"."v_hour",
                        MIN(
                          CASE
                            WHEN 16 <= LENGTH(CAST("t12"."ts_ms" AS TEXT))
                            THEN CAST("t12"."ts_ms" AS TEXT)
                            ELSE REPEAT('0', 16 - LENGTH(CAST("t12"."ts_ms" AS TEXT))) || CAST("t12"."ts_ms" AS TEXT)
                          END || '|' || "t12"."request_id"
                        ) AS "o"
                      FROM (
                        SELECT
                          "t7"."request_id",
                          "t7"."account_id",
                          "t7"."org_id",
                          "t7"."api_key_id",
                          "t7"."ip",
                          "t7"."asn",
                          "t7"."as_org",
                          "t7"."country",
                          "t7"."user_agent",
                          "t7"."model",
                          "t7"."endpoint",
                          "t7"."conversation_id",
                          "t7"."turn",
                          "t7"."input_tokens",
                          "t7"."output_tokens",
                          "t7"."reasoning_tokens",
                          "t7"."temperature",
                          "t7"."top_p",
                          "t7"."max_tokens",
                          "t7"."n",
                          "t7"."logprobs",
                          "t7"."top_logprobs",
                          "t7"."logit_bias_n",
                          "t7"."reasoning",
                          "t7"."tools_n",
                          "t7"."stream",
                          "t7"."finish_reason",
                          "t7"."status",
                          "t7"."latency_ms",
                          "t7"."ts_ms",
                          "t7"."v_text_known",
                          "t7"."prompt_chars",
                          "t7"."prompt_hash",
                          "t7"."template_fp",
                          "t7"."prefix_fp",
                          "t7"."suffix_fp",
                          "t7"."system_fp",
                          "t7"."cue_cot",
                          "t7"."cue_align",
                          "t7"."cue_datagen",
                          "t7"."cue_sysprompt",
                          "t7"."cue_cot_sys",
                          "t7"."head_words",
                          "t7"."tail_words",
                          "t7"."capability",
                          "t7"."topic",
                          "t7"."lang",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "bucket",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            86400000
                          )) AS BIGINT) AS "v_day",
                          CASE
                            WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                            THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                            WHEN CONTAINS("t7"."ip", ':')
                            AND (
                              REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                            )
                            THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                            ELSE "t7"."ip"
                          END AS "v_prefix",
                          COALESCE(
                            CAST("t7"."asn" AS TEXT),
                            CASE
                              WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                              THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                              WHEN CONTAINS("t7"."ip", ':')
                              AND (
                                REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                              )
                              THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                              ELSE "t7"."ip"
                            END,
                            '?'
                          ) || '|' || COALESCE("t7"."user_agent", '?') AS "v_infra",
                          "t7"."prompt_hash" AS "v_prompt_key",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "v_hour",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) % 24 AS "v_hour_of_day"
                        FROM "t6" AS "t7"
                        WHERE
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) IS NOT NULL
                      ) AS "t12"
                      GROUP BY
                        1,
                        2
                    ) AS "t32"
                  ) AS "t46"
                ) AS "t58"
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    *
                  FROM (
                    SELECT
                      SUBSTRING(
                        "t33"."o",
                        CASE WHEN (
                          17 + 1
                        ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t33"."o") END
                      ) AS "rid",
                      'hour_of_day' AS "tag"
                    FROM (
                      SELECT
                        "t13"."account_id",
                        "t13"."v_hour_of_day",
                        MIN(
                          CASE
                            WHEN 16 <= LENGTH(CAST("t13"."ts_ms" AS TEXT))
                            THEN CAST("t13"."ts_ms" AS TEXT)
                            ELSE REPEAT('0', 16 - LENGTH(CAST("t13"."ts_ms" AS TEXT))) || CAST("t13"."ts_ms" AS TEXT)
                          END || '|' || "t13"."request_id"
                        ) AS "o"
                      FROM (
                        SELECT
                          "t7"."request_id",
                          "t7"."account_id",
                          "t7"."org_id",
                          "t7"."api_key_id",
                          "t7"."ip",
                          "t7"."asn",
                          "t7"."as_org",
                          "t7"."country",
                          "t7"."user_agent",
                          "t7"."model",
                          "t7"."endpoint",
                          "t7"."conversation_id",
                          "t7"."turn",
                          "t7"."input_tokens",
                          "t7"."output_tokens",
                          "t7"."reasoning_tokens",
                          "t7"."temperature",
                          "t7"."top_p",
                          "t7"."max_tokens",
                          "t7"."n",
                          "t7"."logprobs",
                          "t7"."top_logprobs",
                          "t7"."logit_bias_n",
                          "t7"."reasoning",
                          "t7"."tools_n",
                          "t7"."stream",
                          "t7"."finish_reason",
                          "t7"."status",
                          "t7"."latency_ms",
                          "t7"."ts_ms",
                          "t7"."v_text_known",
                          "t7"."prompt_chars",
                          "t7"."prompt_hash",
                          "t7"."template_fp",
                          "t7"."prefix_fp",
                          "t7"."suffix_fp",
                          "t7"."system_fp",
                          "t7"."cue_cot",
                          "t7"."cue_align",
                          "t7"."cue_datagen",
                          "t7"."cue_sysprompt",
                          "t7"."cue_cot_sys",
                          "t7"."head_words",
                          "t7"."tail_words",
                          "t7"."capability",
                          "t7"."topic",
                          "t7"."lang",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "bucket",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            86400000
                          )) AS BIGINT) AS "v_day",
                          CASE
                            WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                            THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                            WHEN CONTAINS("t7"."ip", ':')
                            AND (
                              REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                            )
                            THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                            ELSE "t7"."ip"
                          END AS "v_prefix",
                          COALESCE(
                            CAST("t7"."asn" AS TEXT),
                            CASE
                              WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                              THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                              WHEN CONTAINS("t7"."ip", ':')
                              AND (
                                REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                              )
                              THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                              ELSE "t7"."ip"
                            END,
                            '?'
                          ) || '|' || COALESCE("t7"."user_agent", '?') AS "v_infra",
                          "t7"."prompt_hash" AS "v_prompt_key",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "v_hour",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) % 24 AS "v_hour_of_day"
                        FROM "t6" AS "t7"
                        WHERE
                          (
                            CAST(FLOOR((
                              "t7"."ts_ms"
                            ) / (
                              3600000
                            )) AS BIGINT) % 24
                          ) IS NOT NULL
                      ) AS "t13"
                      GROUP BY
                        1,
                        2
                    ) AS "t33"
                  ) AS "t47"
                  UNION ALL
                  SELECT
                    *
                  FROM (
                    SELECT
                      SUBSTRING(
                        "t34"."o",
                        CASE WHEN (
                          17 + 1
                        ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t34"."o") END
                      ) AS "rid",
                      'ip' AS "tag"
                    FROM (
                      SELECT
                        "t14"."account_id",
                        "t14"."ip",
                        MIN(
                          CASE
                            WHEN 16 <= LENGTH(CAST("t14"."ts_ms" AS TEXT))
                            THEN CAST("t14"."ts_ms" AS TEXT)
                            ELSE REPEAT('0', 16 - LENGTH(CAST("t14"."ts_ms" AS TEXT))) || CAST("t14"."ts_ms" AS TEXT)
                          END || '|' || "t14"."request_id"
                        ) AS "o"
                      FROM (
                        SELECT
                          "t7"."request_id",
                          "t7"."account_id",
                          "t7"."org_id",
                          "t7"."api_key_id",
                          "t7"."ip",
                          "t7"."asn",
                          "t7"."as_org",
                          "t7"."country",
                          "t7"."user_agent",
                          "t7"."model",
                          "t7"."endpoint",
                          "t7"."conversation_id",
                          "t7"."turn",
                          "t7"."input_tokens",
                          "t7"."output_tokens",
                          "t7"."reasoning_tokens",
                          "t7"."temperature",
                          "t7"."top_p",
                          "t7"."max_tokens",
                          "t7"."n",
                          "t7"."logprobs",
                          "t7"."top_logprobs",
                          "t7"."logit_bias_n",
                          "t7"."reasoning",
                          "t7"."tools_n",
                          "t7"."stream",
                          "t7"."finish_reason",
                          "t7"."status",
                          "t7"."latency_ms",
                          "t7"."ts_ms",
                          "t7"."v_text_known",
                          "t7"."prompt_chars",
                          "t7"."prompt_hash",
                          "t7"."template_fp",
                          "t7"."prefix_fp",
                          "t7"."suffix_fp",
                          "t7"."system_fp",
                          "t7"."cue_cot",
                          "t7"."cue_align",
                          "t7"."cue_datagen",
                          "t7"."cue_sysprompt",
                          "t7"."cue_cot_sys",
                          "t7"."head_words",
                          "t7"."tail_words",
                          "t7"."capability",
                          "t7"."topic",
                          "t7"."lang",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "bucket",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            86400000
                          )) AS BIGINT) AS "v_day",
                          CASE
                            WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                            THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                            WHEN CONTAINS("t7"."ip", ':')
                            AND (
                              REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                            )
                            THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                            ELSE "t7"."ip"
                          END AS "v_prefix",
                          COALESCE(
                            CAST("t7"."asn" AS TEXT),
                            CASE
                              WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                              THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                              WHEN CONTAINS("t7"."ip", ':')
                              AND (
                                REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                              )
                              THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                              ELSE "t7"."ip"
                            END,
                            '?'
                          ) || '|' || COALESCE("t7"."user_agent", '?') AS "v_infra",
                          "t7"."prompt_hash" AS "v_prompt_key",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "v_hour",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) % 24 AS "v_hour_of_day"
                        FROM "t6" AS "t7"
                        WHERE
                          "t7"."ip" IS NOT NULL
                      ) AS "t14"
                      GROUP BY
                        1,
                        2
                    ) AS "t34"
                  ) AS "t48"
                ) AS "t59"
              ) AS "t64"
            ) AS "t67"
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
                      SUBSTRING(
                        "t35"."o",
                        CASE WHEN (
                          17 + 1
                        ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t35"."o") END
                      ) AS "rid",
                      'prefix' AS "tag"
                    FROM (
                      SELECT
                        "t15"."account_id",
                        "t15"."v_prefix",
                        MIN(
                          CASE
                            WHEN 16 <= LENGTH(CAST("t15"."ts_ms" AS TEXT))
                            THEN CAST("t15"."ts_ms" AS TEXT)
                            ELSE REPEAT('0', 16 - LENGTH(CAST("t15"."ts_ms" AS TEXT))) || CAST("t15"."ts_ms" AS TEXT)
                          END || '|' || "t15"."request_id"
                        ) AS "o"
                      FROM (
                        SELECT
                          "t7"."request_id",
                          "t7"."account_id",
                          "t7"."org_id",
                          "t7"."api_key_id",
                          "t7"."ip",
                          "t7"."asn",
                          "t7"."as_org",
                          "t7"."country",
                          "t7"."user_agent",
                          "t7"."model",
                          "t7"."endpoint",
                          "t7"."conversation_id",
                          "t7"."turn",
                          "t7"."input_tokens",
                          "t7"."output_tokens",
                          "t7"."reasoning_tokens",
                          "t7"."temperature",
                          "t7"."top_p",
                          "t7"."max_tokens",
                          "t7"."n",
                          "t7"."logprobs",
                          "t7"."top_logprobs",
                          "t7"."logit_bias_n",
                          "t7"."reasoning",
                          "t7"."tools_n",
                          "t7"."stream",
                          "t7"."finish_reason",
                          "t7"."status",
                          "t7"."latency_ms",
                          "t7"."ts_ms",
                          "t7"."v_text_known",
                          "t7"."prompt_chars",
                          "t7"."prompt_hash",
                          "t7"."template_fp",
                          "t7"."prefix_fp",
                          "t7"."suffix_fp",
                          "t7"."system_fp",
                          "t7"."cue_cot",
                          "t7"."cue_align",
                          "t7"."cue_datagen",
                          "t7"."cue_sysprompt",
                          "t7"."cue_cot_sys",
                          "t7"."head_words",
                          "t7"."tail_words",
                          "t7"."capability",
                          "t7"."topic",
                          "t7"."lang",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "bucket",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            86400000
                          )) AS BIGINT) AS "v_day",
                          CASE
                            WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                            THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                            WHEN CONTAINS("t7"."ip", ':')
                            AND (
                              REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                            )
                            THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                            ELSE "t7"."ip"
                          END AS "v_prefix",
                          COALESCE(
                            CAST("t7"."asn" AS TEXT),
                            CASE
                              WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                              THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                              WHEN CONTAINS("t7"."ip", ':')
                              AND (
                                REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                              )
                              THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                              ELSE "t7"."ip"
                            END,
                            '?'
                          ) || '|' || COALESCE("t7"."user_agent", '?') AS "v_infra",
                          "t7"."prompt_hash" AS "v_prompt_key",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "v_hour",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) % 24 AS "v_hour_of_day"
                        FROM "t6" AS "t7"
                        WHERE
                          CASE
                            WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                            THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                            WHEN CONTAINS("t7"."ip", ':')
                            AND (
                              REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                            )
                            THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                            ELSE "t7"."ip"
                          END IS NOT NULL
                      ) AS "t15"
                      GROUP BY
                        1,
                        2
                    ) AS "t35"
                  ) AS "t49"
                  UNION ALL
                  SELECT
                    *
                  FROM (
                    SELECT
                      SUBSTRING(
                        "t36"."o",
                        CASE WHEN (
                          17 + 1
                        ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t36"."o") END
                      ) AS "rid",
                      'asn' AS "tag"
                    FROM (
                      SELECT
                        "t16"."account_id",
                        "t16"."asn",
                        MIN(
                          CASE
                            WHEN 16 <= LENGTH(CAST("t16"."ts_ms" AS TEXT))
                            THEN CAST("t16"."ts_ms" AS TEXT)
                            ELSE REPEAT('0', 16 - LENGTH(CAST("t16"."ts_ms" AS TEXT))) || CAST("t16"."ts_ms" AS TEXT)
                          END || '|' || "t16"."request_id"
                        ) AS "o"
                      FROM (
                        SELECT
                          "t7"."request_id",
                          "t7"."account_id",
                          "t7"."org_id",
                          "t7"."api_key_id",
                          "t7"."ip",
                          "t7"."asn",
                          "t7"."as_org",
                          "t7"."country",
                          "t7"."user_agent",
                          "t7"."model",
                          "t7"."endpoint",
                          "t7"."conversation_id",
                          "t7"."turn",
                          "t7"."input_tokens",
                          "t7"."output_tokens",
                          "t7"."reasoning_tokens",
                          "t7"."temperature",
                          "t7"."top_p",
                          "t7"."max_tokens",
                          "t7"."n",
                          "t7"."logprobs",
                          "t7"."top_logprobs",
                          "t7"."logit_bias_n",
                          "t7"."reasoning",
                          "t7"."tools_n",
                          "t7"."stream",
                          "t7"."finish_reason",
                          "t7"."status",
                          "t7"."latency_ms",
                          "t7"."ts_ms",
                          "t7"."v_text_known",
                          "t7"."prompt_chars",
                          "t7"."prompt_hash",
                          "t7"."template_fp",
                          "t7"."prefix_fp",
                          "t7"."suffix_fp",
                          "t7"."system_fp",
                          "t7"."cue_cot",
                          "t7"."cue_align",
                          "t7"."cue_datagen",
                          "t7"."cue_sysprompt",
                          "t7"."cue_cot_sys",
                          "t7"."head_words",
                          "t7"."tail_words",
                          "t7"."capability",
                          "t7"."topic",
                          "t7"."lang",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "bucket",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            86400000
                          )) AS BIGINT) AS "v_day",
                          CASE
                            WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                            THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                            WHEN CONTAINS("t7"."ip", ':')
                            AND (
                              REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                            )
                            THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                            ELSE "t7"."ip"
                          END AS "v_prefix",
                          COALESCE(
                            CAST("t7"."asn" AS TEXT),
                            CASE
                              WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                              THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                              WHEN CONTAINS("t7"."ip", ':')
                              AND (
                                REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                              )
                              THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                              ELSE "t7"."ip"
                            END,
                            '?'
                          ) || '|' || COALESCE("t7"."user_agent", '?') AS "v_infra",
                          "t7"."prompt_hash" AS "v_prompt_key",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "v_hour",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) % 24 AS "v_hour_of_day"
                        FROM "t6" AS "t7"
                        WHERE
                          "t7"."asn" IS NOT NULL
                      ) AS "t16"
                      GROUP BY
                        1,
                        2
                    ) AS "t36"
                  ) AS "t50"
                ) AS "t60"
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    *
                  FROM (
                    SELECT
                      SUBSTRING(
                        "t37"."o",
                        CASE WHEN (
                          17 + 1
                        ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t37"."o") END
                      ) AS "rid",
                      'ua' AS "tag"
                    FROM (
                      SELECT
                        "t17"."account_id",
                        "t17"."user_agent",
                        MIN(
                          CASE
                            WHEN 16 <= LENGTH(CAST("t17"."ts_ms" AS TEXT))
                            THEN CAST("t17"."ts_ms" AS TEXT)
                            ELSE REPEAT('0', 16 - LENGTH(CAST("t17"."ts_ms" AS TEXT))) || CAST("t17"."ts_ms" AS TEXT)
                          END || '|' || "t17"."request_id"
                        ) AS "o"
                      FROM (
                        SELECT
                          "t7"."request_id",
                          "t7"."account_id",
                          "t7"."org_id",
                          "t7"."api_key_id",
                          "t7"."ip",
                          "t7"."asn",
                          "t7"."as_org",
                          "t7"."country",
                          "t7"."user_agent",
                          "t7"."model",
                          "t7"."endpoint",
                          "t7"."conversation_id",
                          "t7"."turn",
                          "t7"."input_tokens",
                          "t7"."output_tokens",
                          "t7"."reasoning_tokens",
                          "t7"."temperature",
                          "t7"."top_p",
                          "t7"."max_tokens",
                          "t7"."n",
                          "t7"."logprobs",
                          "t7"."top_logprobs",
                          "t7"."logit_bias_n",
                          "t7"."reasoning",
                          "t7"."tools_n",
                          "t7"."stream",
                          "t7"."finish_reason",
                          "t7"."status",
                          "t7"."latency_ms",
                          "t7"."ts_ms",
                          "t7"."v_text_known",
                          "t7"."prompt_chars",
                          "t7"."prompt_hash",
                          "t7"."template_fp",
                          "t7"."prefix_fp",
                          "t7"."suffix_fp",
                          "t7"."system_fp",
                          "t7"."cue_cot",
                          "t7"."cue_align",
                          "t7"."cue_datagen",
                          "t7"."cue_sysprompt",
                          "t7"."cue_cot_sys",
                          "t7"."head_words",
                          "t7"."tail_words",
                          "t7"."capability",
                          "t7"."topic",
                          "t7"."lang",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "bucket",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            86400000
                          )) AS BIGINT) AS "v_day",
                          CASE
                            WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                            THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                            WHEN CONTAINS("t7"."ip", ':')
                            AND (
                              REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                            )
                            THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                            ELSE "t7"."ip"
                          END AS "v_prefix",
                          COALESCE(
                            CAST("t7"."asn" AS TEXT),
                            CASE
                              WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                              THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                              WHEN CONTAINS("t7"."ip", ':')
                              AND (
                                REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                              )
                              THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                              ELSE "t7"."ip"
                            END,
                            '?'
                          ) || '|' || COALESCE("t7"."user_agent", '?') AS "v_infra",
                          "t7"."prompt_hash" AS "v_prompt_key",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "v_hour",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) % 24 AS "v_hour_of_day"
                        FROM "t6" AS "t7"
                        WHERE
                          "t7"."user_agent" IS NOT NULL
                      ) AS "t17"
                      GROUP BY
                        1,
                        2
                    ) AS "t37"
                  ) AS "t51"
                  UNION ALL
                  SELECT
                    *
                  FROM (
                    SELECT
                      SUBSTRING(
                        "t38"."o",
                        CASE WHEN (
                          17 + 1
                        ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t38"."o") END
                      ) AS "rid",
                      'prompt' AS "tag"
                    FROM (
                      SELECT
                        "t18"."account_id",
                        "t18"."v_prompt_key",
                        MIN(
                          CASE
                            WHEN 16 <= LENGTH(CAST("t18"."ts_ms" AS TEXT))
                            THEN CAST("t18"."ts_ms" AS TEXT)
                            ELSE REPEAT('0', 16 - LENGTH(CAST("t18"."ts_ms" AS TEXT))) || CAST("t18"."ts_ms" AS TEXT)
                          END || '|' || "t18"."request_id"
                        ) AS "o"
                      FROM (
                        SELECT
                          "t7"."request_id",
                          "t7"."account_id",
                          "t7"."org_id",
                          "t7"."api_key_id",
                          "t7"."ip",
                          "t7"."asn",
                          "t7"."as_org",
                          "t7"."country",
                          "t7"."user_agent",
                          "t7"."model",
                          "t7"."endpoint",
                          "t7"."conversation_id",
                          "t7"."turn",
                          "t7"."input_tokens",
                          "t7"."output_tokens",
                          "t7"."reasoning_tokens",
                          "t7"."temperature",
                          "t7"."top_p",
                          "t7"."max_tokens",
                          "t7"."n",
                          "t7"."logprobs",
                          "t7"."top_logprobs",
                          "t7"."logit_bias_n",
                          "t7"."reasoning",
                          "t7"."tools_n",
                          "t7"."stream",
                          "t7"."finish_reason",
                          "t7"."status",
                          "t7"."latency_ms",
                          "t7"."ts_ms",
                          "t7"."v_text_known",
                          "t7"."prompt_chars",
                          "t7"."prompt_hash",
                          "t7"."template_fp",
                          "t7"."prefix_fp",
                          "t7"."suffix_fp",
                          "t7"."system_fp",
                          "t7"."cue_cot",
                          "t7"."cue_align",
                          "t7"."cue_datagen",
                          "t7"."cue_sysprompt",
                          "t7"."cue_cot_sys",
                          "t7"."head_words",
                          "t7"."tail_words",
                          "t7"."capability",
                          "t7"."topic",
                          "t7"."lang",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "bucket",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            86400000
                          )) AS BIGINT) AS "v_day",
                          CASE
                            WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                            THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                            WHEN CONTAINS("t7"."ip", ':')
                            AND (
                              REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                            )
                            THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                            ELSE "t7"."ip"
                          END AS "v_prefix",
                          COALESCE(
                            CAST("t7"."asn" AS TEXT),
                            CASE
                              WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                              THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                              WHEN CONTAINS("t7"."ip", ':')
                              AND (
                                REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                              )
                              THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                              ELSE "t7"."ip"
                            END,
                            '?'
                          ) || '|' || COALESCE("t7"."user_agent", '?') AS "v_infra",
                          "t7"."prompt_hash" AS "v_prompt_key",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "v_hour",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) % 24 AS "v_hour_of_day"
                        FROM "t6" AS "t7"
                        WHERE
                          "t7"."prompt_hash" IS NOT NULL
                      ) AS "t18"
                      GROUP BY
                        1,
                        2
                    ) AS "t38"
                  ) AS "t52"
                ) AS "t61"
              ) AS "t65"
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
                      SUBSTRING(
                        "t39"."o",
                        CASE WHEN (
                          17 + 1
                        ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t39"."o") END
                      ) AS "rid",
                      'template' AS "tag"
                    FROM (
                      SELECT
                        "t19"."account_id",
                        "t19"."template_fp",
                        MIN(
                          CASE
                            WHEN 16 <= LENGTH(CAST("t19"."ts_ms" AS TEXT))
                            THEN CAST("t19"."ts_ms" AS TEXT)
                            ELSE REPEAT('0', 16 - LENGTH(CAST("t19"."ts_ms" AS TEXT))) || CAST("t19"."ts_ms" AS TEXT)
                          END || '|' || "t19"."request_id"
                        ) AS "o"
                      FROM (
                        SELECT
                          "t7"."request_id",
                          "t7"."account_id",
                          "t7"."org_id",
                          "t7"."api_key_id",
                          "t7"."ip",
                          "t7"."asn",
                          "t7"."as_org",
                          "t7"."country",
                          "t7"."user_agent",
                          "t7"."model",
                          "t7"."endpoint",
                          "t7"."conversation_id",
                          "t7"."turn",
                          "t7"."input_tokens",
                          "t7"."output_tokens",
                          "t7"."reasoning_tokens",
                          "t7"."temperature",
                          "t7"."top_p",
                          "t7"."max_tokens",
                          "t7"."n",
                          "t7"."logprobs",
                          "t7"."top_logprobs",
                          "t7"."logit_bias_n",
                          "t7"."reasoning",
                          "t7"."tools_n",
                          "t7"."stream",
                          "t7"."finish_reason",
                          "t7"."status",
                          "t7"."latency_ms",
                          "t7"."ts_ms",
                          "t7"."v_text_known",
                          "t7"."prompt_chars",
                          "t7"."prompt_hash",
                          "t7"."template_fp",
                          "t7"."prefix_fp",
                          "t7"."suffix_fp",
                          "t7"."system_fp",
                          "t7"."cue_cot",
                          "t7"."cue_align",
                          "t7"."cue_datagen",
                          "t7"."cue_sysprompt",
                          "t7"."cue_cot_sys",
                          "t7"."head_words",
                          "t7"."tail_words",
                          "t7"."capability",
                          "t7"."topic",
                          "t7"."lang",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "bucket",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            86400000
                          )) AS BIGINT) AS "v_day",
                          CASE
                            WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                            THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                            WHEN CONTAINS("t7"."ip", ':')
                            AND (
                              REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                            )
                            THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                            ELSE "t7"."ip"
                          END AS "v_prefix",
                          COALESCE(
                            CAST("t7"."asn" AS TEXT),
                            CASE
                              WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                              THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                              WHEN CONTAINS("t7"."ip", ':')
                              AND (
                                REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                              )
                              THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                              ELSE "t7"."ip"
                            END,
                            '?'
                          ) || '|' || COALESCE("t7"."user_agent", '?') AS "v_infra",
                          "t7"."prompt_hash" AS "v_prompt_key",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "v_hour",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) % 24 AS "v_hour_of_day"
                        FROM "t6" AS "t7"
                        WHERE
                          "t7"."template_fp" IS NOT NULL
                      ) AS "t19"
                      GROUP BY
                        1,
                        2
                    ) AS "t39"
                  ) AS "t53"
                  UNION ALL
                  SELECT
                    *
                  FROM (
                    SELECT
                      SUBSTRING(
                        "t40"."o",
                        CASE WHEN (
                          17 + 1
                        ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t40"."o") END
                      ) AS "rid",
                      'prefix_fp' AS "tag"
                    FROM (
                      SELECT
                        "t20"."account_id",
                        "t20"."prefix_fp",
                        MIN(
                          CASE
                            WHEN 16 <= LENGTH(CAST("t20"."ts_ms" AS TEXT))
                            THEN CAST("t20"."ts_ms" AS TEXT)
                            ELSE REPEAT('0', 16 - LENGTH(CAST("t20"."ts_ms" AS TEXT))) || CAST("t20"."ts_ms" AS TEXT)
                          END || '|' || "t20"."request_id"
                        ) AS "o"
                      FROM (
                        SELECT
                          "t7"."request_id",
                          "t7"."account_id",
                          "t7"."org_id",
                          "t7"."api_key_id",
                          "t7"."ip",
                          "t7"."asn",
                          "t7"."as_org",
                          "t7"."country",
                          "t7"."user_agent",
                          "t7"."model",
                          "t7"."endpoint",
                          "t7"."conversation_id",
                          "t7"."turn",
                          "t7"."input_tokens",
                          "t7"."output_tokens",
                          "t7"."reasoning_tokens",
                          "t7"."temperature",
                          "t7"."top_p",
                          "t7"."max_tokens",
                          "t7"."n",
                          "t7"."logprobs",
                          "t7"."top_logprobs",
                          "t7"."logit_bias_n",
                          "t7"."reasoning",
                          "t7"."tools_n",
                          "t7"."stream",
                          "t7"."finish_reason",
                          "t7"."status",
                          "t7"."latency_ms",
                          "t7"."ts_ms",
                          "t7"."v_text_known",
                          "t7"."prompt_chars",
                          "t7"."prompt_hash",
                          "t7"."template_fp",
                          "t7"."prefix_fp",
                          "t7"."suffix_fp",
                          "t7"."system_fp",
                          "t7"."cue_cot",
                          "t7"."cue_align",
                          "t7"."cue_datagen",
                          "t7"."cue_sysprompt",
                          "t7"."cue_cot_sys",
                          "t7"."head_words",
                          "t7"."tail_words",
                          "t7"."capability",
                          "t7"."topic",
                          "t7"."lang",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "bucket",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            86400000
                          )) AS BIGINT) AS "v_day",
                          CASE
                            WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                            THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                            WHEN CONTAINS("t7"."ip", ':')
                            AND (
                              REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                            )
                            THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                            ELSE "t7"."ip"
                          END AS "v_prefix",
                          COALESCE(
                            CAST("t7"."asn" AS TEXT),
                            CASE
                              WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                              THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                              WHEN CONTAINS("t7"."ip", ':')
                              AND (
                                REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                              )
                              THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                              ELSE "t7"."ip"
                            END,
                            '?'
                          ) || '|' || COALESCE("t7"."user_agent", '?') AS "v_infra",
                          "t7"."prompt_hash" AS "v_prompt_key",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "v_hour",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) % 24 AS "v_hour_of_day"
                        FROM "t6" AS "t7"
                        WHERE
                          "t7"."prefix_fp" IS NOT NULL
                      ) AS "t20"
                      GROUP BY
                        1,
                        2
                    ) AS "t40"
                  ) AS "t54"
                ) AS "t62"
                UNION ALL
                SELECT
                  *
                FROM (
                  SELECT
                    *
                  FROM (
                    SELECT
                      SUBSTRING(
                        "t41"."o",
                        CASE WHEN (
                          17 + 1
                        ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t41"."o") END
                      ) AS "rid",
                      'suffix_fp' AS "tag"
                    FROM (
                      SELECT
                        "t21"."account_id",
                        "t21"."suffix_fp",
                        MIN(
                          CASE
                            WHEN 16 <= LENGTH(CAST("t21"."ts_ms" AS TEXT))
                            THEN CAST("t21"."ts_ms" AS TEXT)
                            ELSE REPEAT('0', 16 - LENGTH(CAST("t21"."ts_ms" AS TEXT))) || CAST("t21"."ts_ms" AS TEXT)
                          END || '|' || "t21"."request_id"
                        ) AS "o"
                      FROM (
                        SELECT
                          "t7"."request_id",
                          "t7"."account_id",
                          "t7"."org_id",
                          "t7"."api_key_id",
                          "t7"."ip",
                          "t7"."asn",
                          "t7"."as_org",
                          "t7"."country",
                          "t7"."user_agent",
                          "t7"."model",
                          "t7"."endpoint",
                          "t7"."conversation_id",
                          "t7"."turn",
                          "t7"."input_tokens",
                          "t7"."output_tokens",
                          "t7"."reasoning_tokens",
                          "t7"."temperature",
                          "t7"."top_p",
                          "t7"."max_tokens",
                          "t7"."n",
                          "t7"."logprobs",
                          "t7"."top_logprobs",
                          "t7"."logit_bias_n",
                          "t7"."reasoning",
                          "t7"."tools_n",
                          "t7"."stream",
                          "t7"."finish_reason",
                          "t7"."status",
                          "t7"."latency_ms",
                          "t7"."ts_ms",
                          "t7"."v_text_known",
                          "t7"."prompt_chars",
                          "t7"."prompt_hash",
                          "t7"."template_fp",
                          "t7"."prefix_fp",
                          "t7"."suffix_fp",
                          "t7"."system_fp",
                          "t7"."cue_cot",
                          "t7"."cue_align",
                          "t7"."cue_datagen",
                          "t7"."cue_sysprompt",
                          "t7"."cue_cot_sys",
                          "t7"."head_words",
                          "t7"."tail_words",
                          "t7"."capability",
                          "t7"."topic",
                          "t7"."lang",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "bucket",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            86400000
                          )) AS BIGINT) AS "v_day",
                          CASE
                            WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                            THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                            WHEN CONTAINS("t7"."ip", ':')
                            AND (
                              REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                            )
                            THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                            ELSE "t7"."ip"
                          END AS "v_prefix",
                          COALESCE(
                            CAST("t7"."asn" AS TEXT),
                            CASE
                              WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                              THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                              WHEN CONTAINS("t7"."ip", ':')
                              AND (
                                REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                              )
                              THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                              ELSE "t7"."ip"
                            END,
                            '?'
                          ) || '|' || COALESCE("t7"."user_agent", '?') AS "v_infra",
                          "t7"."prompt_hash" AS "v_prompt_key",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "v_hour",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) % 24 AS "v_hour_of_day"
                        FROM "t6" AS "t7"
                        WHERE
                          "t7"."suffix_fp" IS NOT NULL
                      ) AS "t21"
                      GROUP BY
                        1,
                        2
                    ) AS "t41"
                  ) AS "t55"
                  UNION ALL
                  SELECT
                    *
                  FROM (
                    SELECT
                      SUBSTRING(
                        "t42"."o",
                        CASE WHEN (
                          17 + 1
                        ) >= 1 THEN 17 + 1 ELSE 17 + 1 + LENGTH("t42"."o") END
                      ) AS "rid",
                      'topic' AS "tag"
                    FROM (
                      SELECT
                        "t22"."account_id",
                        "t22"."topic",
                        MIN(
                          CASE
                            WHEN 16 <= LENGTH(CAST("t22"."ts_ms" AS TEXT))
                            THEN CAST("t22"."ts_ms" AS TEXT)
                            ELSE REPEAT('0', 16 - LENGTH(CAST("t22"."ts_ms" AS TEXT))) || CAST("t22"."ts_ms" AS TEXT)
                          END || '|' || "t22"."request_id"
                        ) AS "o"
                      FROM (
                        SELECT
                          "t7"."request_id",
                          "t7"."account_id",
                          "t7"."org_id",
                          "t7"."api_key_id",
                          "t7"."ip",
                          "t7"."asn",
                          "t7"."as_org",
                          "t7"."country",
                          "t7"."user_agent",
                          "t7"."model",
                          "t7"."endpoint",
                          "t7"."conversation_id",
                          "t7"."turn",
                          "t7"."input_tokens",
                          "t7"."output_tokens",
                          "t7"."reasoning_tokens",
                          "t7"."temperature",
                          "t7"."top_p",
                          "t7"."max_tokens",
                          "t7"."n",
                          "t7"."logprobs",
                          "t7"."top_logprobs",
                          "t7"."logit_bias_n",
                          "t7"."reasoning",
                          "t7"."tools_n",
                          "t7"."stream",
                          "t7"."finish_reason",
                          "t7"."status",
                          "t7"."latency_ms",
                          "t7"."ts_ms",
                          "t7"."v_text_known",
                          "t7"."prompt_chars",
                          "t7"."prompt_hash",
                          "t7"."template_fp",
                          "t7"."prefix_fp",
                          "t7"."suffix_fp",
                          "t7"."system_fp",
                          "t7"."cue_cot",
                          "t7"."cue_align",
                          "t7"."cue_datagen",
                          "t7"."cue_sysprompt",
                          "t7"."cue_cot_sys",
                          "t7"."head_words",
                          "t7"."tail_words",
                          "t7"."capability",
                          "t7"."topic",
                          "t7"."lang",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "bucket",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            86400000
                          )) AS BIGINT) AS "v_day",
                          CASE
                            WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                            THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                            WHEN CONTAINS("t7"."ip", ':')
                            AND (
                              REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                            )
                            THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                            ELSE "t7"."ip"
                          END AS "v_prefix",
                          COALESCE(
                            CAST("t7"."asn" AS TEXT),
                            CASE
                              WHEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1) <> ''
                              THEN REGEXP_EXTRACT("t7"."ip", '^(\d+\.\d+\.\d+)\.\d+$', 1)
                              WHEN CONTAINS("t7"."ip", ':')
                              AND (
                                REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1) <> ''
                              )
                              THEN LOWER(REGEXP_EXTRACT("t7"."ip", '^([0-9A-Fa-f]*:[0-9A-Fa-f]*:[0-9A-Fa-f]*)', 1))
                              ELSE "t7"."ip"
                            END,
                            '?'
                          ) || '|' || COALESCE("t7"."user_agent", '?') AS "v_infra",
                          "t7"."prompt_hash" AS "v_prompt_key",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) AS "v_hour",
                          CAST(FLOOR((
                            "t7"."ts_ms"
                          ) / (
                            3600000
                          )) AS BIGINT) % 24 AS "v_hour_of_day"
                        FROM "t6" AS "t7"
                        WHERE
                          "t7"."topic" IS NOT NULL
                      ) AS "t22"
                      GROUP BY
                        1,
                        2
                    ) AS "t42"
                  ) AS "t56"
                ) AS "t63"
              ) AS "t66"
            ) AS "t68"
          ) AS "t69"
          GROUP BY
            1
        ) AS "t71"
          ON "t24"."request_id" = "t71"."rid"
        INNER JOIN (
          SELECT
            "t23"."account_id" AS "a_acct",
            MIN("t23"."ts_ms") AS "v_acct_first"
          FROM "t8" AS "t23"
          GROUP BY
            1
        ) AS "t27"
          ON "t24"."account_id" = "t27"."a_acct"
        INNER JOIN (
          SELECT
            "t23"."account_id" AS "i_acct",
            "t23"."v_infra" AS "i_infra",
            MIN("t23"."ts_ms") AS "v_infra_first"
          FROM "t8" AS "t23"
          GROUP BY
            1,
            2
        ) AS "t28"
          ON "t24"."account_id" = "t28"."i_acct" AND "t24"."v_infra" = "t28"."i_infra"
      ) AS "t72"
    ) AS "t73"
  ) AS "t74"
) AS "t75"
GROUP BY
  1,
  2
