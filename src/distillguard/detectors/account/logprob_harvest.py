"""``logprob-harvest``: bulk requests for the output distribution (top_logprobs, logit_bias)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from distillguard.detectors.account._stats import col, fmt_int, fmt_pct, log_ramp, share_strength
from distillguard.detectors.base import AccountDetector, Columns, Population, ramp, register, safe_div

__all__ = ["LogprobHarvest"]


@register
@dataclass(frozen=True, kw_only=True)
class LogprobHarvest(AccountDetector):
    """Harvesting the output distribution: top_logprobs at the maximum, large logit_bias sweeps.

    The logit-extraction attacks of Carlini et al. (2024), "Stealing part of a production
    language model", and of logit-distillation pipelines ask for the most alternatives per token
    the API allows (``top_logprobs`` 10-20) or sweep large ``logit_bias`` maps (50+ tokens), and
    want one or two output tokens per request. The strong part of the score is the share of such
    requests (Wilson lower bound), gated on at least ``min_hits`` of them, boosted by short
    outputs and by volume. A weak part (at most ``soft_max``) covers plain bulk logprobs with
    short outputs, which honest evaluation harnesses also show.

    ``top_logprobs`` alone is what scoring a benchmark looks like too (one-token answers to a
    multiple-choice template, top-20 alternatives): it counts fully only when paired with another
    sign of harvesting, a ``logit_bias`` map or prompts that are free text (most of them open
    differently) rather than one template; over one template it counts ``pair_floor`` of itself,
    and where the log keeps no prompt text, ``unknown_pairing`` of the way between.

    Catches
    -------
    Accounts where most requests set ``top_logprobs >= 10`` or a ``logit_bias`` map of 50+ tokens,
    typically with 1-2 token answers; from about 20 such requests.

    Misses
    ------
    Attacks using only small logprob requests (``top_logprobs <= 5``) with small bias maps spread
    over many accounts (see the graph detectors); logs that drop the sampling parameters.

    False positives
    ---------------
    Evaluation harnesses scoring multiple choice with logprobs (``top_logprobs <= 5``,
    ``max_tokens 1``, temperature 0) stay below 0.3, and so does a public benchmark scored with
    ``top_logprobs=20`` (one template, no ``logit_bias``; hard negatives); calibration or
    uncertainty research that needs top-20 logprobs over free text at scale would score high.

    Parameters
    ----------
    z : float
        z of the Wilson lower bound on shares.
    top_lp_share_lo : float
        Share (lower bound) of requests with ``top_logprobs >= 10`` at which it starts to count.
    top_lp_share_hi : float
        Share that counts fully.
    top_lp_full : float
        Largest ``top_logprobs`` at which the intensity is full (10 counts 0.75).
    bias_share_lo : float
        Share (lower bound) of requests with a 50+ token ``logit_bias`` map at which it starts to count.
    bias_share_hi : float
        Share that counts fully.
    short_lo : float
        Share (lower bound) of answers with <= 2 output tokens at which the short-output boost starts.
    short_hi : float
        Share at which the boost is full.
    min_hits : int
        Extraction requests (top-logprobs or large bias) below which the strong part is 0.
    full_hits : int
        Extraction requests at which the gate is fully open.
    bulk_hits : int
        Extraction requests at which the volume boost is complete.
    soft_max : float
        Largest score the weak part (plain bulk logprobs with short outputs) can give.
    soft_volume : int
        Logprob requests at which the weak part is full.
    free_lo : float
        Distinct prompt openings per prompt at or below which the prompts are one template.
    free_hi : float
        Distinct openings per prompt at or above which they are free text.
    pair_floor : float
        Share of the top-logprobs part kept when nothing else pairs with it.
    unknown_pairing : float
        Pairing assumed where the log keeps no prompt text (only ``logit_bias`` can pair then).

    Examples
    --------
    >>> from distillguard.testing import demo_population
    >>> v = LogprobHarvest().score_one({"requests": 1204, "logprob_requests": 1204, "top_logprobs_high": 987,
    ...     "top_logprobs_max": 20, "output_known": 1204, "short_outputs": 1168, "prompt_known": 1204,
    ...     "new_prefix_fps": 1150}, demo_population())
    >>> round(v.score, 2)
    0.96
    >>> v.summary
    '82% of 1,204 requests asked for top_logprobs >= 10 (max top_logprobs=20), 0% sent a logit_bias map of 50+ tokens (largest 0), and 97% got <= 2 output tokens.'
    """

    name: ClassVar[str] = "logprob-harvest"
    family: ClassVar[str] = "harvesting-parameters"
    capability: ClassVar[str | None] = "logits"
    reads: ClassVar[tuple[str, ...]] = ("requests", "logprob_requests", "top_logprobs_high", "top_logprobs_max", "logit_bias_requests", "logit_bias_large",
                                        "logit_bias_max", "short_outputs", "output_known", "prompt_known", "new_prefix_fps")
    evidence: ClassVar[str | None] = "f_logit_evidence"

    weight: float = 0.9
    z: float = 1.645
    top_lp_share_lo: float = 0.05
    top_lp_share_hi: float = 0.4
    top_lp_full: float = 20.0
    bias_share_lo: float = 0.02
    bias_share_hi: float = 0.25
    short_lo: float = 0.3
    short_hi: float = 0.8
    min_hits: int = 5
    full_hits: int = 20
    bulk_hits: int = 2000
    soft_max: float = 0.25
    soft_volume: int = 10000
    free_lo: float = 0.4
    free_hi: float = 0.8
    pair_floor: float = 0.35
    unknown_pairing: float = 0.5

    def pairing(self, p: Columns) -> np.ndarray:
        """How far the top-logprobs requests come with another harvesting sign (see above)."""
        n, fps = col(p, "prompt_known"), col(p, "new_prefix_fps")
        free = np.where((n > 0) & (fps > 0), ramp(safe_div(fps, n), self.free_lo, self.free_hi), self.unknown_pairing)
        bias = share_strength(col(p, "logit_bias_requests"), col(p, "requests"), lo=self.bias_share_lo, hi=self.bias_share_hi, z=self.z)
        return np.maximum(free, bias)

    def score_arrays(self, p: Columns, pop: Population) -> np.ndarray:
        req = col(p, "requests")
        top_hi, bias_large = col(p, "top_logprobs_high"), col(p, "logit_bias_large")
        intensity = 0.75 + 0.25 * ramp(col(p, "top_logprobs_max"), 10.0, self.top_lp_full)
        paired = self.pair_floor + (1.0 - self.pair_floor) * self.pairing(p)
        lp = share_strength(top_hi, req, lo=self.top_lp_share_lo, hi=self.top_lp_share_hi, z=self.z) * intensity * paired
        lb = share_strength(bias_large, req, lo=self.bias_share_lo, hi=self.bias_share_hi, z=self.z)
        hits = np.maximum(top_hi, bias_large)
        short = share_strength(col(p, "short_outputs"), col(p, "output_known"), lo=self.short_lo, hi=self.short_hi, z=self.z)
        strong = (
            np.maximum(lp, lb)
            * ramp(hits, self.min_hits, self.full_hits)
            * (0.7 + 0.3 * short)
            * (0.75 + 0.25 * log_ramp(hits, self.full_hits, self.bulk_hits))
        )
        lp_any = col(p, "logprob_requests")
        soft = self.soft_max * share_strength(lp_any, req, lo=0.5, hi=0.9, z=self.z) * short * log_ramp(lp_any, 100.0, self.soft_volume)
        return np.maximum(strong, soft)

    def describe(self, row: Mapping[str, Any], pop: Population, score: float) -> str:
        g = lambda k: float(row.get(k) or 0)  # noqa: E731
        req = g("requests")
        return (
            f"{fmt_pct(float(safe_div(g('top_logprobs_high'), req)))} of {fmt_int(req)} requests asked for top_logprobs >= 10 "
            f"(max top_logprobs={fmt_int(g('top_logprobs_max'))}), {fmt_pct(float(safe_div(g('logit_bias_large'), req)))} sent a "
            f"logit_bias map of 50+ tokens (largest {fmt_int(g('logit_bias_max'))}), and "
            f"{fmt_pct(float(safe_div(g('short_outputs'), g('output_known'))))} got <= 2 output tokens"
            + self._unpaired(row) + "."
        )

    def _unpaired(self, row: Mapping[str, Any]) -> str:
        """Why the top-logprobs requests count for less, where they do."""
        if float(row.get("top_logprobs_high") or 0) <= 0:
            return ""
        cols = {k: np.asarray([float(row.get(k) or 0)]) for k in ("prompt_known", "new_prefix_fps", "logit_bias_requests", "requests")}
        if float(self.pairing(cols)[0]) >= 0.5:
            return ""
        n = float(row.get("prompt_known") or 0)
        if n <= 0 or float(row.get("new_prefix_fps") or 0) <= 0:
            return "; without a logit_bias map and without the prompt text, top_logprobs alone cannot tell extraction from scoring, so it counts for less"
        return (f"; no logit_bias map, and its {fmt_int(n)} prompts open in only {fmt_int(float(row.get('new_prefix_fps') or 0))} ways "
                "(one template, as a benchmark's): top_logprobs alone is scoring, so it counts for less")
