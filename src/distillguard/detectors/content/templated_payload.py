"""``templated-diverse-payload``: a fixed wrapper around ever-changing payloads, with long answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from distillguard.detectors.account._stats import col, fmt_int, fmt_pct, plural, row_columns, row_derived
from distillguard.detectors.base import AccountDetector, Columns, Population, ramp, register, safe_div
from distillguard.features.profile import derived

__all__ = ["TemplatedDiversePayload"]

_WRAPPER_COLUMNS = ("new_templates", "new_prefix_fps", "new_suffix_fps")


def _wrappers(p: Columns) -> np.ndarray:
    """Fewest distinct wrapper fingerprints (template, prefix or suffix); ``inf`` where none is known."""
    stack = np.vstack([col(p, c) for c in _WRAPPER_COLUMNS])
    stack = np.where(stack > 0, stack, np.inf)
    return stack.min(axis=0)


@register
@dataclass(frozen=True, kw_only=True)
class TemplatedDiversePayload(AccountDetector):
    """The distillation wrapper: few template, prefix or suffix fingerprints around diverse payloads.

    Four factors multiply: *templated* (few distinct wrappers per prompt), *diverse* (nearly
    every normalised prompt is new), *long answers* (output tokens per request), and *broad*
    (several coarse topics). The last two are soft factors: without them the score falls to at
    most ``short_factor`` and ``narrow_factor`` of itself.

    Catches
    -------
    Scripts that pour a dataset through one or a few fixed prompt templates ("You are an expert.
    Answer thoroughly: {question}") and keep the long answers, from about 20 prompts.

    Misses
    ------
    Pipelines that paraphrase the wrapper per request, or send bare questions with no wrapper
    (see ``topic-breadth``, ``cot-elicitation``); logs without prompt text or fingerprints.

    False positives
    ---------------
    A batch classifier (templated and diverse, but one-word answers at temperature 0 on one
    topic) and a company app's fixed template with short answers stay low (hard negatives);
    a summarisation or translation service with long outputs scores about 0.5 (narrow topic).

    Parameters
    ----------
    min_prompts : int
        Known prompts below which the score is 0.
    full_prompts : int
        Known prompts at which the small-account gate is fully open.
    wrapper_ratio_lo : float
        Wrappers per prompt at or below which the traffic is fully templated.
    wrapper_ratio_hi : float
        Wrappers per prompt at or above which it is not templated.
    diverse_lo : float
        Distinct-prompt ratio at which diversity starts to count.
    diverse_hi : float
        Distinct-prompt ratio that counts fully.
    out_lo : float
        Output tokens per answer at which "long answers" starts to count.
    out_hi : float
        Output tokens per answer that count fully.
    short_factor : float
        Factor applied when answers are short.
    topics_lo : float
        Distinct topics at which breadth starts to count.
    topics_hi : float
        Distinct topics that count fully.
    narrow_factor : float
        Factor applied when the traffic covers one topic.

    Examples
    --------
    >>> from distillguard.testing import demo_population
    >>> v = TemplatedDiversePayload().score_one({"requests": 3000, "prompt_known": 3000, "new_prompts": 2990,
    ...     "new_templates": 2990, "new_prefix_fps": 3, "new_suffix_fps": 2950, "new_topics": 17,
    ...     "output_known": 3000, "output_tokens": 2.4e6}, demo_population())
    >>> round(v.score, 2)
    1.0
    >>> v.summary
    '3,000 prompts share 3 wrapper fingerprints around 100% distinct payloads over 17 topics; 800 output tokens per answer.'
    """

    name: ClassVar[str] = "templated-diverse-payload"
    family: ClassVar[str] = "content"
    capability: ClassVar[str | None] = "general"
    reads: ClassVar[tuple[str, ...]] = ("prompt_known", "new_prompts", *_WRAPPER_COLUMNS, "new_topics", "output_known", "output_tokens", "reasoning_tokens")
    requires: ClassVar[str | None] = "prompt_known"
    needs: ClassVar[tuple[str, ...]] = ("prompt",)
    evidence: ClassVar[str | None] = "n_template"

    weight: float = 0.4
    min_prompts: int = 10
    full_prompts: int = 30
    wrapper_ratio_lo: float = 0.01
    wrapper_ratio_hi: float = 0.1
    diverse_lo: float = 0.7
    diverse_hi: float = 0.95
    out_lo: float = 150.0
    out_hi: float = 600.0
    short_factor: float = 0.2
    topics_lo: float = 2.0
    topics_hi: float = 8.0
    narrow_factor: float = 0.55

    def score_arrays(self, p: Columns, pop: Population) -> np.ndarray:
        d = derived(p)
        n = col(p, "prompt_known")
        ratio = safe_div(np.where(np.isfinite(_wrappers(p)), _wrappers(p), n), n)
        templated = 1.0 - ramp(ratio, self.wrapper_ratio_lo, self.wrapper_ratio_hi)
        diverse = ramp(d["distinct_prompt_ratio"], self.diverse_lo, self.diverse_hi)
        long_out = self.short_factor + (1.0 - self.short_factor) * ramp(d["out_per_req"], self.out_lo, self.out_hi)
        broad = self.narrow_factor + (1.0 - self.narrow_factor) * ramp(col(p, "new_topics"), self.topics_lo, self.topics_hi)
        gate = ramp(n, self.min_prompts, self.full_prompts)
        return gate * templated * diverse * long_out * broad

    def describe(self, row: Mapping[str, Any], pop: Population, score: float) -> str:
        d = row_derived(row)
        n = float(row.get("prompt_known") or 0)
        w = float(_wrappers(row_columns(row))[0])
        if not np.isfinite(w):
            head = f"{fmt_int(n)} prompts have no wrapper fingerprints"
        else:
            head = f"{plural(n, 'prompt')} share {plural(w, 'wrapper fingerprint')}"
        return (
            f"{head} around {fmt_pct(min(d['distinct_prompt_ratio'], 1.0))} distinct payloads over {plural(row.get('new_topics') or 0, 'topic')}; "
            f"{fmt_int(d['out_per_req'])} output tokens per answer."
        )
