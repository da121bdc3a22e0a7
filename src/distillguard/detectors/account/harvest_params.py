"""``harvest-params``: long outputs, n > 1, high reasoning effort and long max_tokens, in bulk."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from distillguard.detectors.account._stats import col, fmt_int, fmt_pct, log_ramp, share_strength
from distillguard.detectors.base import AccountDetector, Columns, Population, ramp, register, safe_div

__all__ = ["HarvestParams"]


@register
@dataclass(frozen=True, kw_only=True)
class HarvestParams(AccountDetector):
    """Request parameters that maximise what each answer teaches a student model, in bulk.

    Four shares, each judged by the lower confidence bound of its share (so a few requests
    prove little): answers of 1,000+ output tokens (the strongest), ``n > 1`` completions per
    prompt, high reasoning effort, and ``max_tokens >= 4000``. They combine as a noisy-OR,
    scaled up with volume.

    Catches
    -------
    Distillation pipelines that ask for long, reasoning-heavy answers (often several per prompt)
    on most of their requests.

    Misses
    ------
    Harvesting with default parameters and short answers (see ``templated-diverse-payload``,
    ``cot-elicitation``); logs without ``output_tokens`` (the detector abstains).

    False positives
    ---------------
    Writers, report generators and reasoning-heavy research users who routinely want long
    answers. A coding agent sends long *inputs* with a large ``max_tokens`` but gets short-ish
    outputs, and a writer's few long answers are too few (both hard negatives).

    Parameters
    ----------
    z : float
        z of the Wilson lower bound used on every share.
    long_out_lo : float
        Share (lower bound) of answers with 1,000+ output tokens at which that part starts to count.
    long_out_hi : float
        Share that counts fully.
    multi_n_lo : float
        Share of requests with ``n > 1`` at which that part starts to count.
    multi_n_hi : float
        Share that counts fully.
    reasoning_lo : float
        Share of requests asking for high reasoning effort at which that part starts to count.
    reasoning_hi : float
        Share that counts fully.
    long_max_lo : float
        Share of requests with ``max_tokens >= 4000`` at which that part starts to count.
    long_max_hi : float
        Share that counts fully.
    w_long_out : float
        Weight of the long-output part in the noisy-OR of parts.
    w_multi_n : float
        Weight of the ``n > 1`` part.
    w_reasoning : float
        Weight of the reasoning-effort part.
    w_long_max : float
        Weight of the ``max_tokens`` part.
    min_requests : int
        Requests below which the detector scores 0.
    full_requests : int
        Requests at which the small-account gate is fully open.
    bulk_requests : int
        Requests at which the volume boost is complete (log ramp from ``full_requests``).
    bulk_base : float
        Share of the score given without any volume boost.

    Examples
    --------
    >>> from distillguard.testing import demo_population
    >>> v = HarvestParams().score_one({"requests": 6000, "output_known": 6000, "params_known": 6000,
    ...     "long_outputs": 5100, "long_max_tokens": 6000, "multi_n": 3000, "reasoning_high": 6000,
    ...     "output_tokens": 1.1e7, "reasoning_tokens": 1.4e7}, demo_population())
    >>> round(v.score, 2)
    0.99
    >>> v.summary
    '85% of 6,000 answers had 1,000+ output tokens (4,167 per answer); 50% asked for n > 1, 100% for high reasoning effort, 100% for max_tokens >= 4000.'
    """

    name: ClassVar[str] = "harvest-params"
    family: ClassVar[str] = "harvesting-parameters"
    capability: ClassVar[str | None] = "general"
    reads: ClassVar[tuple[str, ...]] = ("requests", "output_known", "params_known", "long_outputs", "multi_n", "reasoning_high", "long_max_tokens", "output_tokens", "reasoning_tokens")
    requires: ClassVar[str | None] = "output_known"
    needs: ClassVar[tuple[str, ...]] = ("output_tokens",)
    evidence: ClassVar[str | None] = "f_harvest"

    weight: float = 0.5
    z: float = 1.645
    long_out_lo: float = 0.2
    long_out_hi: float = 0.6
    multi_n_lo: float = 0.1
    multi_n_hi: float = 0.5
    reasoning_lo: float = 0.2
    reasoning_hi: float = 0.7
    long_max_lo: float = 0.3
    long_max_hi: float = 0.8
    w_long_out: float = 0.9
    w_multi_n: float = 0.7
    w_reasoning: float = 0.4
    w_long_max: float = 0.25
    min_requests: int = 10
    full_requests: int = 30
    bulk_requests: int = 3000
    bulk_base: float = 0.55

    def score_arrays(self, p: Columns, pop: Population) -> np.ndarray:
        req = col(p, "requests")
        parts = [
            (self.w_long_out, share_strength(col(p, "long_outputs"), col(p, "output_known"), lo=self.long_out_lo, hi=self.long_out_hi, z=self.z)),
            (self.w_multi_n, share_strength(col(p, "multi_n"), req, lo=self.multi_n_lo, hi=self.multi_n_hi, z=self.z)),
            (self.w_reasoning, share_strength(col(p, "reasoning_high"), req, lo=self.reasoning_lo, hi=self.reasoning_hi, z=self.z)),
            (self.w_long_max, share_strength(col(p, "long_max_tokens"), col(p, "params_known"), lo=self.long_max_lo, hi=self.long_max_hi, z=self.z)),
        ]
        signal = 1.0 - np.prod([1.0 - w * s for w, s in parts], axis=0)
        gate = ramp(req, self.min_requests, self.full_requests)
        bulk = log_ramp(req, self.full_requests, self.bulk_requests)
        return signal * gate * (self.bulk_base + (1.0 - self.bulk_base) * bulk)

    def describe(self, row: Mapping[str, Any], pop: Population, score: float) -> str:
        g = lambda k: float(row.get(k) or 0)  # noqa: E731
        known, req = g("output_known"), g("requests")
        per = float(safe_div(g("output_tokens") + g("reasoning_tokens"), known))
        return (
            f"{fmt_pct(float(safe_div(g('long_outputs'), known)))} of {fmt_int(known)} answers had 1,000+ output tokens "
            f"({fmt_int(per)} per answer); {fmt_pct(float(safe_div(g('multi_n'), req)))} asked for n > 1, "
            f"{fmt_pct(float(safe_div(g('reasoning_high'), req)))} for high reasoning effort, "
            f"{fmt_pct(float(safe_div(g('long_max_tokens'), g('params_known'))))} for max_tokens >= 4000."
        )
