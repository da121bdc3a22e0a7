"""The shared shape of the cue-share content detectors (private).

A cue detector counts the prompts that carry one cue (a profile column such as ``cue_cot``) and
scores how dominant the cue is (Wilson lower bound of its share of known prompts), gated on a
minimum number of cue prompts (never flags on 3 requests) and boosted by volume ("at scale"):

    score = ramp(lcb(k / n), share_lo, share_hi) × ramp(k, min_hits, full_hits)
            × (bulk_base + (1 - bulk_base) × log_ramp(k, full_hits, bulk_hits)) × shape

With the defaults, 20 cue prompts out of 20 score 0.6 ("clearly present"); thousands score 1.
Subclasses set the class variables ``cue`` and ``cue_text`` and may override :meth:`shape`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from distillguard.detectors.account._stats import col, fmt_int, fmt_pct, log_ramp, share_strength
from distillguard.detectors.base import AccountDetector, Columns, Population, ramp, safe_div

__all__ = ["CueShare"]


@dataclass(frozen=True, kw_only=True)
class CueShare(AccountDetector):
    """Base of detectors scoring the share of prompts that carry one cue, at scale."""

    family: ClassVar[str] = "content"
    requires: ClassVar[str | None] = "prompt_known"
    needs: ClassVar[tuple[str, ...]] = ("prompt",)
    cue: ClassVar[str]
    cue_text: ClassVar[str]

    z: float = 1.645
    share_lo: float = 0.1
    share_hi: float = 0.5
    min_hits: int = 5
    full_hits: int = 20
    bulk_hits: int = 2000
    bulk_base: float = 0.6

    def shape(self, p: Columns) -> np.ndarray:
        """Extra factor in [0, 1] from the traffic's shape (1 by default)."""
        return np.ones(len(col(p, "requests")))

    def score_arrays(self, p: Columns, pop: Population) -> np.ndarray:
        k, n = col(p, self.cue), col(p, "prompt_known")
        k = np.minimum(k, n)
        strength = share_strength(k, n, lo=self.share_lo, hi=self.share_hi, z=self.z)
        gate = ramp(k, self.min_hits, self.full_hits)
        bulk = log_ramp(k, self.full_hits, self.bulk_hits)
        return strength * gate * (self.bulk_base + (1.0 - self.bulk_base) * bulk) * self.shape(p)

    def cue_sentence(self, row: Mapping[str, Any]) -> str:
        k, n = float(row.get(self.cue) or 0), float(row.get("prompt_known") or 0)
        k = min(k, n)
        return f"{fmt_pct(float(safe_div(k, n)))} of {fmt_int(n)} prompts ({fmt_int(k)}) {self.cue_text}"

    def describe(self, row: Mapping[str, Any], pop: Population, score: float) -> str:
        return self.cue_sentence(row) + "."
