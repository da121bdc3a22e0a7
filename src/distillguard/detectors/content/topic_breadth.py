"""``topic-breadth``: many topics and capabilities at volume, versus a narrow task."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from distillguard.detectors.account._stats import col, fmt_int, log_ramp, plural, row_columns
from distillguard.detectors.base import AccountDetector, Columns, Population, ramp, register, safe_div
from distillguard.features.profile import CAPABILITY_COLUMNS

__all__ = ["TopicBreadth"]


def _cap_entropy(p: Columns) -> np.ndarray:
    """Entropy of the capability-tag mix, normalised to [0, 1] (0: one capability)."""
    counts = np.vstack([col(p, c) for c in CAPABILITY_COLUMNS.values()])
    total = counts.sum(axis=0)
    share = np.where(total > 0, counts / np.maximum(total, 1.0), 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = -np.where(share > 0, share * np.log(share), 0.0).sum(axis=0)
    return np.clip(safe_div(h, np.log(len(CAPABILITY_COLUMNS))), 0.0, 1.0)


@register
@dataclass(frozen=True, kw_only=True)
class TopicBreadth(AccountDetector):
    """Breadth of what an account asks about, at volume: a general curriculum, not one task.

    Breadth mixes the number of distinct coarse topics (weight ``topic_share``) with the
    normalised entropy of the capability-tag mix, and is scaled by volume (log ramp over known
    prompts): a few dozen varied questions are a person's week, thousands are a curriculum.

    Catches
    -------
    Accounts that walk a broad dataset — science, law, code, maths, history, safety — at
    volume: general-capability distillation.

    Misses
    ------
    Narrow distillation of one capability (coding-only, maths-only; see ``harvest-params`` and
    ``templated-diverse-payload``), and breadth split over many small accounts.

    False positives
    ---------------
    Heavy human chat users and general assistants built on the API are broad too, so the weight
    is low. A batch classifier (one topic) and a coding agent (programming only) score 0 (hard
    negatives).

    Parameters
    ----------
    topics_lo : float
        Distinct topics at which breadth starts to count.
    topics_hi : float
        Distinct topics that count fully.
    entropy_lo : float
        Normalised capability entropy at which the mix starts to count.
    entropy_hi : float
        Normalised capability entropy that counts fully.
    topic_share : float
        Share of breadth given by topics (the rest by the capability mix).
    volume_lo : int
        Known prompts at which volume starts to count (log ramp).
    volume_hi : int
        Known prompts that count fully.

    Examples
    --------
    >>> from distillguard.testing import demo_population
    >>> v = TopicBreadth().score_one({"requests": 8000, "prompt_known": 8000, "new_topics": 24,
    ...     "cap_general": 3000, "cap_coding": 1500, "cap_math": 1500, "cap_reasoning": 2000}, demo_population())
    >>> round(v.score, 2)
    1.0
    >>> v.summary
    '24 distinct topics and a capability mix of entropy 0.69 (0 = one capability) over 8,000 prompts.'
    """

    name: ClassVar[str] = "topic-breadth"
    family: ClassVar[str] = "content"
    capability: ClassVar[str | None] = "general"
    reads: ClassVar[tuple[str, ...]] = ("prompt_known", "new_topics", *CAPABILITY_COLUMNS.values())
    requires: ClassVar[str | None] = "prompt_known"
    needs: ClassVar[tuple[str, ...]] = ("prompt",)
    evidence: ClassVar[str | None] = "n_topic"

    weight: float = 0.35
    topics_lo: float = 3.0
    topics_hi: float = 12.0
    entropy_lo: float = 0.25
    entropy_hi: float = 0.6
    topic_share: float = 0.7
    volume_lo: int = 30
    volume_hi: int = 1000

    def score_arrays(self, p: Columns, pop: Population) -> np.ndarray:
        topics = ramp(col(p, "new_topics"), self.topics_lo, self.topics_hi)
        mix = ramp(_cap_entropy(p), self.entropy_lo, self.entropy_hi)
        breadth = self.topic_share * topics + (1.0 - self.topic_share) * mix
        return breadth * log_ramp(col(p, "prompt_known"), self.volume_lo, self.volume_hi)

    def describe(self, row: Mapping[str, Any], pop: Population, score: float) -> str:
        h = float(_cap_entropy(row_columns(row))[0])
        return (
            f"{plural(row.get('new_topics') or 0, 'distinct topic')} and a capability mix of entropy {h:.2f} "
            f"(0 = one capability) over {fmt_int(row.get('prompt_known') or 0)} prompts."
        )
