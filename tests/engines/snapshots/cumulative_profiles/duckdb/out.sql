SELECT
  "t0"."account_id",
  "t0"."bucket",
  SUM("t0"."requests") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "requests",
  SUM("t0"."prompt_known") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "prompt_known",
  SUM("t0"."output_known") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "output_known",
  SUM("t0"."params_known") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "params_known",
  SUM("t0"."long_max_tokens") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "long_max_tokens",
  SUM("t0"."multi_n") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "multi_n",
  SUM("t0"."logprob_requests") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "logprob_requests",
  SUM("t0"."top_logprobs_high") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "top_logprobs_high",
  SUM("t0"."logit_bias_requests") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "logit_bias_requests",
  SUM("t0"."logit_bias_large") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "logit_bias_large",
  SUM("t0"."short_outputs") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "short_outputs",
  SUM("t0"."long_outputs") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "long_outputs",
  SUM("t0"."reasoning_high") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "reasoning_high",
  SUM("t0"."temp_known") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "temp_known",
  SUM("t0"."temp_zero") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "temp_zero",
  SUM("t0"."tools_requests") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "tools_requests",
  SUM("t0"."followups") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "followups",
  SUM("t0"."errors") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "errors",
  SUM("t0"."rate_limited") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "rate_limited",
  SUM("t0"."refusals") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "refusals",
  SUM("t0"."cue_cot") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "cue_cot",
  SUM("t0"."cue_align") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "cue_align",
  SUM("t0"."cue_datagen") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "cue_datagen",
  SUM("t0"."cue_sysprompt") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "cue_sysprompt",
  SUM("t0"."cue_cot_sys") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "cue_cot_sys",
  SUM("t0"."gaps") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "gaps",
  SUM("t0"."rests") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "rests",
  SUM("t0"."late_infra") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "late_infra",
  SUM("t0"."late_cue") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "late_cue",
  SUM("t0"."new_days") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "new_days",
  SUM("t0"."new_hours_of_day") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "new_hours_of_day",
  SUM("t0"."new_ips") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "new_ips",
  SUM("t0"."new_prefixes") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "new_prefixes",
  SUM("t0"."new_asns") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "new_asns",
  SUM("t0"."new_uas") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "new_uas",
  SUM("t0"."new_prompts") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "new_prompts",
  SUM("t0"."new_templates") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "new_templates",
  SUM("t0"."new_prefix_fps") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "new_prefix_fps",
  SUM("t0"."new_suffix_fps") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "new_suffix_fps",
  SUM("t0"."new_topics") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "new_topics",
  SUM("t0"."new_systems") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "new_systems",
  SUM("t0"."new_conversations") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "new_conversations",
  SUM("t0"."cap_coding") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "cap_coding",
  SUM("t0"."cap_math") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "cap_math",
  SUM("t0"."cap_reasoning") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "cap_reasoning",
  SUM("t0"."cap_alignment") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "cap_alignment",
  SUM("t0"."cap_datagen") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "cap_datagen",
  SUM("t0"."cap_sysprompt") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "cap_sysprompt",
  SUM("t0"."cap_general") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "cap_general",
  SUM("t0"."input_tokens") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "input_tokens",
  SUM("t0"."output_tokens") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "output_tokens",
  SUM("t0"."reasoning_tokens") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "reasoning_tokens",
  SUM("t0"."completions") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "completions",
  SUM("t0"."gap_sum") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "gap_sum",
  SUM("t0"."gap_sumsq") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "gap_sumsq",
  SUM("t0"."gap_log_sum") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "gap_log_sum",
  SUM("t0"."gap_log_sumsq") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "gap_log_sumsq",
  SUM("t0"."active_buckets") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "active_buckets",
  MIN("t0"."first_ts") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "first_ts",
  MAX("t0"."last_ts") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "last_ts",
  MIN("t0"."late_first_ts") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "late_first_ts",
  MAX("t0"."top_logprobs_max") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "top_logprobs_max",
  MAX("t0"."logit_bias_max") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "logit_bias_max",
  MAX("t0"."max_tokens_max") OVER (
    PARTITION BY "t0"."account_id"
    ORDER BY "t0"."bucket" ASC
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
  ) AS "max_tokens_max"
FROM "profile_buckets" AS "t0"
