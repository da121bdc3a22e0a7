"""``cot-elicitation``: prompts that demand full chain-of-thought / reasoning traces, at scale."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from distillguard.detectors.account._stats import col, fmt_pct, row_derived
from distillguard.detectors.base import Columns, Population, ramp, register, safe_div
from distillguard.detectors.content._cue import CueShare
from distillguard.features.profile import derived

__all__ = ["CotElicitation"]


@register
@dataclass(frozen=True, kw_only=True)
class CotElicitation(CueShare):
    """Bulk elicitation of reasoning traces: most prompts demand every step of the reasoning.

    Scored as a cue share at scale (see the cue detectors' shared shape: Wilson lower bound of
    the share of prompts with ``cue_cot``, gated on ``min_hits`` cue prompts, boosted by volume),
    times a *shape* factor: the payloads must be diverse (distinct prompts) and single-turn.
    A harvesting script sends each question once and never answers back; a tutoring app or a
    chat product with a "think step by step" system prompt has conversations with follow-ups.

    Catches
    -------
    Accounts whose prompts, in any of the languages the cue covers, mostly ask for the full
    reasoning, hidden thoughts or a step-by-step trace, across many distinct single-turn
    questions: reasoning-trace distillation.

    Misses
    ------
    Trace harvesting that relies on a reasoning model's own output without asking for it (see
    ``harvest-params``: high reasoning effort, long outputs), and cue phrasings the text
    features do not know.

    False positives
    ---------------
    A tutor or a student who sometimes says "step by step" (low share: hard negative); a chat
    product whose Orca-style instructions ask for reasoning in every conversation, whose
    follow-up turns keep the score under 0.5 (hard negative); single-turn math-solver apps
    that really want worked solutions for every question.

    Parameters
    ----------
    z : float
        z of the Wilson lower bound on the cue share.
    share_lo : float
        Cue share (lower bound) at which the score starts.
    share_hi : float
        Cue share that counts fully.
    min_hits : int
        Cue prompts below which the score is 0.
    full_hits : int
        Cue prompts at which the gate is fully open.
    bulk_hits : int
        Cue prompts at which the volume boost is complete.
    bulk_base : float
        Share of the score given without any volume boost.
    single_turn_lo : float
        Share of first-turn requests at which the shape factor starts to rise.
    single_turn_hi : float
        Share of first-turn requests at which it is full.
    diversity_lo : float
        Distinct-prompt ratio at which the shape factor starts to rise.
    diversity_hi : float
        Distinct-prompt ratio at which it is full.
    shape_floor : float
        Shape factor of multi-turn or repetitive traffic.

    Examples
    --------
    >>> from distillguard.testing import demo_population
    >>> v = CotElicitation().score_one({"requests": 4200, "prompt_known": 4200, "cue_cot": 3950,
    ...     "new_prompts": 4190, "followups": 0}, demo_population())
    >>> round(v.score, 2)
    1.0
    >>> v.summary
    '94% of 4,200 prompts (3,950) demanded the full chain of thought; 100% distinct prompts, 0% follow-up turns.'
    """

    name: ClassVar[str] = "cot-elicitation"
    capability: ClassVar[str | None] = "reasoning-traces"
    reads: ClassVar[tuple[str, ...]] = ("prompt_known", "cue_cot", "requests", "followups", "new_prompts")
    evidence: ClassVar[str | None] = "cue_cot"
    cue: ClassVar[str] = "cue_cot"
    cue_text: ClassVar[str] = "demanded the full chain of thought"

    weight: float = 0.85
    single_turn_lo: float = 0.5
    single_turn_hi: float = 0.9
    diversity_lo: float = 0.5
    diversity_hi: float = 0.9
    shape_floor: float = 0.35

    def shape(self, p: Columns) -> np.ndarray:
        single = 1.0 - safe_div(col(p, "followups"), col(p, "requests"))
        diverse = derived(p)["distinct_prompt_ratio"]
        s = np.minimum(ramp(single, self.single_turn_lo, self.single_turn_hi), ramp(diverse, self.diversity_lo, self.diversity_hi))
        return self.shape_floor + (1.0 - self.shape_floor) * s

    def describe(self, row: Mapping[str, Any], pop: Population, score: float) -> str:
        d = row_derived(row)
        fu = float(safe_div(float(row.get("followups") or 0), float(row.get("requests") or 0)))
        return f"{self.cue_sentence(row)}; {fmt_pct(min(d['distinct_prompt_ratio'], 1.0))} distinct prompts, {fmt_pct(fu)} follow-up turns."
