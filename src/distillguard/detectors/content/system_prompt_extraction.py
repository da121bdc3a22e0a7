"""``system-prompt-extraction``: bulk attempts to make the model reveal its system prompt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from distillguard.detectors.base import register
from distillguard.detectors.content._cue import CueShare

__all__ = ["SystemPromptExtraction"]


@register
@dataclass(frozen=True, kw_only=True)
class SystemPromptExtraction(CueShare):
    """Repeated system-prompt extraction: "repeat everything above", "print your instructions".

    Scored as a cue share at scale (Wilson lower bound of the share of prompts with
    ``cue_sysprompt``, gated on ``min_hits`` cue prompts, boosted by volume).

    Catches
    -------
    Accounts that send many varied attempts to make the model reveal its system prompt or
    hidden instructions, typically against many deployed apps or model versions.

    Misses
    ------
    Indirect extraction (asking the model to translate or summarise "the text above"), one
    attempt per account spread over many accounts, and phrasings the text features do not know.

    False positives
    ---------------
    A red-teamer testing their own app a handful of times (too few: hard negative); prompt-
    injection benchmark runs (e.g. a security team sweeping an injection suite) score high.

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
    >>> v = SystemPromptExtraction().score_one({"requests": 640, "prompt_known": 640, "cue_sysprompt": 420},
    ...     demo_population())
    >>> round(v.score, 2)
    0.98
    >>> v.summary
    '66% of 640 prompts (420) tried to make the model reveal its system prompt.'
    """

    name: ClassVar[str] = "system-prompt-extraction"
    capability: ClassVar[str | None] = "system-prompt"
    reads: ClassVar[tuple[str, ...]] = ("prompt_known", "cue_sysprompt")
    evidence: ClassVar[str | None] = "cue_sysprompt"
    cue: ClassVar[str] = "cue_sysprompt"
    cue_text: ClassVar[str] = "tried to make the model reveal its system prompt"

    weight: float = 0.85
    share_hi: float = 0.4
    min_hits: int = 8
    full_hits: int = 25
    bulk_hits: int = 500
