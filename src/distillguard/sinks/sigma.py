"""Sigma rules for the per-request and threshold signals that Sigma can express, so a SIEM can
watch live traffic for what distillguard's per-account detectors count.

The rules read the canonical request fields of ``EVENTS.md`` (``top_logprobs``, ``logit_bias_n``,
``output_tokens``, ``n``, ``max_tokens``, ``account_id``, ``ip``) under the log source
``category: llm_request, product: llm_api``; map them to your index with a pySigma processing
pipeline.  Per-request rules mark one harvesting request; correlation rules (Sigma's
``event_count`` / ``value_count``) raise it to an account sending many of them, with counts taken
from the ``logprob-harvest`` and ``harvest-params`` detectors' parameters in force.

What Sigma cannot express is left to the scan: shares of an account's traffic against the
population, content cues across languages, wrapper families and the account graph.

Examples
--------
>>> text = sigma_rules()
>>> text.count("title:") >= 6
True
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import yaml

from distillguard.sinks._common import ATLAS

__all__ = ["sigma_rules"]

_NS = uuid.UUID("0b5e1f77-9d2c-4a8e-b3f1-6c7d8e9fa0b1")
_LOGSOURCE = {"category": "llm_request", "product": "llm_api"}
_TAGS = ["atlas.exfiltration", "atlas.aml-t0024", "atlas.aml-t0024-002"]
_DATE = "2026-12-01"


def _head(name: str, title: str, description: str) -> dict[str, Any]:
    return {"title": title, "id": str(uuid.uuid5(_NS, name)), "name": name, "status": "experimental", "description": description,
            "references": [ATLAS.url], "author": "distillguard", "date": _DATE, "tags": _TAGS}


def _rule(name: str, title: str, description: str, detection: dict[str, Any], level: str, fps: list[str]) -> dict[str, Any]:
    return {**_head(name, title, description), "logsource": dict(_LOGSOURCE), "detection": detection,
            "fields": ["account_id", "ip", "request_id", "user_agent"], "falsepositives": fps, "level": level}


def _correlation(name: str, title: str, description: str, corr: dict[str, Any], level: str, fps: list[str]) -> dict[str, Any]:
    return {**_head(name, title, description), "correlation": corr, "falsepositives": fps, "level": level}


def _params(detector_config: Mapping[str, Mapping[str, Any]] | None, name: str) -> dict[str, Any]:
    from distillguard.detectors.base import registry

    p = dict(registry()[name].parameters())
    p.update((detector_config or {}).get(name, {}))
    return p


def rules(detector_config: Mapping[str, Mapping[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The rules as dictionaries (per-request rules first, then the correlations that use them)."""
    lp = _params(detector_config, "logprob-harvest")
    hp = _params(detector_config, "harvest-params")
    hits = int(lp["full_hits"])
    bulk = int(hp["full_requests"])
    research = "Calibration or uncertainty research that needs top-20 logprobs"
    out = [
        _rule("distillguard_logit_extraction_request", "LLM logit extraction request: top_logprobs >= 10 with a logit_bias of 50+ entries",
              "One request asking for the most alternatives per token together with a large logit_bias map, the pattern of logit "
              "extraction attacks (Carlini et al. 2024) that recover a model's output layer.",
              {"selection": {"top_logprobs|gte": 10, "logit_bias_n|gte": 50}, "condition": "selection"}, "high", [research]),
        _rule("distillguard_top_logprobs_short_answer", "LLM top-logprobs harvest: top_logprobs >= 10 for a one- or two-token answer",
              "A request that wants the output distribution rather than an answer: ten or more alternatives per token, at most two tokens.",
              {"selection": {"top_logprobs|gte": 10, "output_tokens|lte": 2}, "condition": "selection"}, "medium",
              [research, "Evaluation harnesses (these usually ask for top_logprobs <= 5)"]),
        _rule("distillguard_logit_bias_sweep", "LLM logit_bias sweep: a logit_bias map of 50+ tokens",
              "A request biasing 50 or more tokens at once, as when sweeping the vocabulary to read logits through the bias.",
              {"selection": {"logit_bias_n|gte": 50}, "condition": "selection"}, "medium",
              ["Constrained decoding that bans or forces many tokens"]),
        _rule("distillguard_bulk_long_completions", "LLM bulk harvesting request: several completions of 4000+ tokens each",
              "A request for n >= 2 completions with max_tokens >= 4000: many long answers per prompt, as when distilling a teacher.",
              {"selection": {"n|gte": 2, "max_tokens|gte": 4000}, "condition": "selection"}, "low",
              ["Best-of-n sampling in honest applications", "Data augmentation pipelines run by the model's own customers"]),
        _correlation("distillguard_logit_extraction_account", f"LLM logit extraction: {hits}+ logit extraction requests from one account in an hour",
                     "An account sends many logit extraction requests; the logprob-harvest detector's gate opens fully at this count.",
                     {"type": "event_count", "rules": ["distillguard_logit_extraction_request", "distillguard_top_logprobs_short_answer",
                                                        "distillguard_logit_bias_sweep"],
                      "group-by": ["account_id"], "timespan": "1h", "condition": {"gte": hits}}, "high", [research]),
        _correlation("distillguard_bulk_completions_account", f"LLM bulk harvesting: {bulk}+ multi-completion long requests from one account in a day",
                     "An account keeps asking for several long completions per prompt; the harvest-params detector counts fully from here.",
                     {"type": "event_count", "rules": ["distillguard_bulk_long_completions"], "group-by": ["account_id"], "timespan": "1d",
                      "condition": {"gte": bulk}}, "medium", ["Best-of-n applications at scale"]),
        _correlation("distillguard_logit_extraction_shared_ip", "LLM logit extraction spread over accounts: 3+ accounts from one IP in a day",
                     "Several accounts behind one IP each send logit extraction requests: keys split to stay under per-account limits.",
                     {"type": "value_count", "rules": ["distillguard_logit_extraction_request", "distillguard_top_logprobs_short_answer"],
                      "group-by": ["ip"], "timespan": "1d", "condition": {"field": "account_id", "gte": 3}}, "high",
                     ["A research lab's shared NAT with several researchers running logprob studies"]),
    ]
    return out


def sigma_rules(detector_config: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """Every rule as one multi-document Sigma YAML text."""
    return yaml.safe_dump_all(rules(detector_config), sort_keys=False, allow_unicode=True, width=120)
