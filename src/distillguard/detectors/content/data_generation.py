"""``data-generation``: requests to generate training data, in bulk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from distillguard.detectors.base import register
from distillguard.detectors.content._cue import CueShare

__all__ = ["DataGeneration"]


@register
@dataclass(frozen=True, kw_only=True)
class DataGeneration(CueShare):
    """Bulk synthetic-data generation: "generate 20 question/answer pairs", "write 50 examples".

    Scored as a cue share at scale (Wilson lower bound of the share of prompts with
    ``cue_datagen``, gated on ``min_hits`` cue prompts, boosted by volume).

    Catches
    -------
    Accounts that mostly ask the model to write datasets: Q/A pairs, instruction/response
    examples, labelled samples, dialogues in JSONL, at scale.

    Misses
    ------
    Generation requests phrased as ordinary tasks one item at a time (see
    ``templated-diverse-payload``), and cue phrasings the text features do not know.

    False positives
    ---------------
    A teacher generating a quiz a couple of times (too few: hard negative); honest teams
    producing synthetic data for their own small models, which the terms of service may or may
    not allow, score high — that is why the weight is below the extraction signatures'.

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
    >>> v = DataGeneration().score_one({"requests": 2500, "prompt_known": 2500, "cue_datagen": 2300},
    ...     demo_population())
    >>> round(v.score, 2)
    1.0
    >>> v.summary
    '92% of 2,500 prompts (2,300) asked to generate training data.'
    """

    name: ClassVar[str] = "data-generation"
    capability: ClassVar[str | None] = "data-generation"
    reads: ClassVar[tuple[str, ...]] = ("prompt_known", "cue_datagen")
    evidence: ClassVar[str | None] = "cue_datagen"
    cue: ClassVar[str] = "cue_datagen"
    cue_text: ClassVar[str] = "asked to generate training data"

    weight: float = 0.75
    # A third of an account's traffic asking for training data is already a data factory: honest
    # users generate a quiz or a few examples now and then, not scores of times.
    share_lo: float = 0.08
    share_hi: float = 0.3
    min_hits: int = 8
    full_hits: int = 30
    bulk_hits: int = 1000
