"""``alignment-probing``: prompts about the model's own values, rules and refusals, at scale."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from distillguard.detectors.base import register
from distillguard.detectors.content._cue import CueShare

__all__ = ["AlignmentProbing"]


@register
@dataclass(frozen=True, kw_only=True)
class AlignmentProbing(CueShare):
    """Systematic probing of the model's alignment: its values, rules, guidelines and refusals.

    Scored as a cue share at scale (Wilson lower bound of the share of prompts with
    ``cue_align``, gated on ``min_hits`` cue prompts, boosted by volume). Copying a model's
    alignment behaviour needs many such probes; an honest user asks once.

    Catches
    -------
    Accounts that ask, over and over and in varied words, what the model would refuse, why,
    which rules it follows, and how it ranks its values: harvesting alignment behaviour.

    Misses
    ------
    Probing hidden inside ordinary-looking harmful-borderline requests (the text cue fires on
    questions *about* the model, not on the borderline requests themselves); probing spread
    thinly over many accounts.

    False positives
    ---------------
    A safety researcher's harness running XSTest or similar (the cue rarely fires on its
    borderline prompts: hard negative); a user asking once why it refused (hard negative);
    model-behaviour researchers running a values questionnaire at scale would score high.

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

    Examples
    --------
    >>> from distillguard.testing import demo_population
    >>> v = AlignmentProbing().score_one({"requests": 900, "prompt_known": 900, "cue_align": 610},
    ...     demo_population())
    >>> round(v.score, 2)
    0.95
    >>> v.summary
    "68% of 900 prompts (610) asked about the model's own values, rules or refusals."
    """

    name: ClassVar[str] = "alignment-probing"
    capability: ClassVar[str | None] = "alignment-behaviour"
    reads: ClassVar[tuple[str, ...]] = ("prompt_known", "cue_align")
    evidence: ClassVar[str | None] = "cue_align"
    cue: ClassVar[str] = "cue_align"
    cue_text: ClassVar[str] = "asked about the model's own values, rules or refusals"

    weight: float = 0.85
    share_lo: float = 0.05
    share_hi: float = 0.35
    bulk_hits: int = 1000
