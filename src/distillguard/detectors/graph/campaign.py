"""Campaign detectors: judge a linked group of accounts as one operation.

Each reads :class:`CampaignFeatures` (what the group's members did together) and returns a
score in [0, 1]; the campaign risk is their weighted noisy-OR.  Cases live beside this file in
``campaign.cases.yaml``.

Examples
--------
>>> f = CampaignFeatures(members=12, requests=600, median_requests=50, mean_own_risk=0.6,
...     suspicious_share=0.9, cue_share=0.7, harvest_share=0.0, oneshot_share=1.0,
...     distinct_prompt_share=1.0, fresh_share=1.0, start_spread_days=1.0, cohesion=0.5)
>>> round(MemberEvidence().score(f), 2)
1.0
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import ClassVar

from distillguard.detectors.base import ramp

__all__ = ["CAMPAIGN_DETECTORS", "CampaignDetector", "CampaignFeatures", "CoordinatedTakeover", "Coordination", "ExtractionContent",
           "MemberEvidence", "evidence_gate"]


@dataclass(frozen=True)
class CampaignFeatures:
    members: float
    requests: float
    median_requests: float
    mean_own_risk: float
    suspicious_share: float
    cue_share: float
    harvest_share: float
    oneshot_share: float
    distinct_prompt_share: float
    fresh_share: float
    start_spread_days: float
    cohesion: float
    wrapper_share: float = 0.0
    takeover_share: float = 0.0
    #: share of the members' requests with answer-maximising parameters (1,000+ output tokens,
    #: high reasoning effort, n > 1; half credit for max_tokens >= 4000), the largest of them
    param_share: float = 0.0

    @property
    def evidence(self) -> float:
        """How much of the group's traffic is extraction (cues, logit harvesting, answer-maximising
        parameters): what a group needs besides being tied together to be a campaign."""
        return max(self.cue_share, self.harvest_share, self.param_share)

    def as_dict(self) -> dict[str, float]:
        return {k: round(float(v), 4) for k, v in asdict(self).items()}

    def as_raw(self) -> dict[str, float]:
        """The features unrounded (what the campaign summary quotes)."""
        return {k: float(v) for k, v in asdict(self).items()}


@dataclass(frozen=True, kw_only=True)
class CampaignDetector:
    name: ClassVar[str]
    weight: float = 0.5

    def score(self, f: CampaignFeatures) -> float:
        raise NotImplementedError


def evidence_gate(f: CampaignFeatures, lo: float = 0.1, hi: float = 0.3) -> float:
    """0 for a group whose traffic carries no extraction (:attr:`CampaignFeatures.evidence` at
    or below ``lo``), 1 from ``hi``: being tied together (one network, one client, one sign-up
    day, one system prompt) is not by itself an operation."""
    return float(ramp(f.evidence, lo, hi))


@dataclass(frozen=True, kw_only=True)
class MemberEvidence(CampaignDetector):
    """The members are, on average, suspicious on their own.

    Catches: a hydra of accounts that each show extraction signals, some below the alert line.
    Misses: groups whose members each look clean (see ``coordination``).
    False positives: an honest group that includes one flagged account is averaged down (one of
    fifty cannot carry the group).
    """

    name: ClassVar[str] = "member-evidence"
    weight: float = 0.95
    lo: float = 0.3
    hi: float = 0.6

    def score(self, f: CampaignFeatures) -> float:
        return float(ramp(f.mean_own_risk, self.lo, self.hi)) * float(ramp(f.members, 1, 2))


@dataclass(frozen=True, kw_only=True)
class ExtractionContent(CampaignDetector):
    """Together, the members' prompts carry extraction cues (reasoning traces, alignment probing,
    data generation, system-prompt theft) or logit harvesting parameters.

    Catches: the content of a campaign split so thinly that no account reaches a detector's count.
    Misses: distillation of plain questions without cues (see ``coordination``).
    False positives: a safety research group running alignment evaluations from several accounts.
    """

    name: ClassVar[str] = "extraction-content"
    weight: float = 0.9
    lo: float = 0.05
    hi: float = 0.25
    min_members: int = 3

    def score(self, f: CampaignFeatures) -> float:
        share = max(f.cue_share, f.harvest_share)
        return float(ramp(share, self.lo, self.hi)) * float(ramp(f.members, self.min_members - 1, self.min_members + 3))


@dataclass(frozen=True, kw_only=True)
class Coordination(CampaignDetector):
    """Fresh accounts that started together, tightly tied, each sending one-shot diverse prompts:
    one prompt set split across many keys.

    Catches: low-and-slow campaigns whose every account looks like a modest human user: most
    members use the group's shared prompt wrappers (``wrapper_share``) or are tightly tied.
    Counted only as far as the group's traffic carries extraction (:func:`evidence_gate`:
    cues, logit harvesting or answer-maximising parameters).
    Misses: aged or taken-over accounts started at different times; loosely tied groups;
    harvesting with default parameters and no cue in the prompts.
    False positives: a class that signs up in one week and runs one assignment (usually
    multi-turn, so ``oneshot_share`` keeps it low); a launch-day cohort of a new product, or a
    company's staff onboarded on one day behind one VPN (no extraction in their traffic: 0).
    """

    name: ClassVar[str] = "coordination"
    weight: float = 0.9
    min_members: int = 5
    full_members: int = 20
    spread_lo_days: float = 3.0
    spread_hi_days: float = 14.0
    cohesion_lo: float = 0.15
    cohesion_hi: float = 0.35
    wrapper_lo: float = 0.5
    wrapper_hi: float = 0.8

    def score(self, f: CampaignFeatures) -> float:
        size = float(ramp(f.members, self.min_members - 1, self.full_members))
        fresh = float(ramp(f.fresh_share, 0.3, 0.8))
        shape = float(ramp(f.oneshot_share, 0.6, 0.9)) * float(ramp(f.distinct_prompt_share, 0.6, 0.9))
        tie = max(float(ramp(f.cohesion, self.cohesion_lo, self.cohesion_hi)), float(ramp(f.wrapper_share, self.wrapper_lo, self.wrapper_hi)))
        sync = 1.0 - float(ramp(f.start_spread_days, self.spread_lo_days, self.spread_hi_days))
        return size * fresh * shape * tie * (0.6 + 0.4 * sync) * evidence_gate(f)


@dataclass(frozen=True, kw_only=True)
class CoordinatedTakeover(CampaignDetector):
    """Many linked accounts that each changed hands: established accounts whose volume, network
    and client changed at once (``account-takeover`` ≥ 0.3), tied to each other by
    the new infrastructure they now share.

    Catches: a network of compromised academic or customer accounts driven by one operator,
    even where prompt text is not logged (only hashes) and no account's content gives it away.
    Misses: operations on fresh accounts (see ``coordination``), takeovers that keep the
    owner's network and client.
    False positives: an organisation that moves all its users to a new gateway at once
    (network and client change together, but volume and content do not, so few members score
    as taken over).  Counted only as far as the group's traffic carries extraction
    (:func:`evidence_gate`).
    """

    name: ClassVar[str] = "coordinated-takeover"
    weight: float = 0.85
    lo: float = 0.2
    hi: float = 0.5
    min_members: int = 3
    full_members: int = 10

    def score(self, f: CampaignFeatures) -> float:
        return (float(ramp(f.takeover_share, self.lo, self.hi)) * float(ramp(f.members, self.min_members - 1, self.full_members))
                * evidence_gate(f))


CAMPAIGN_DETECTORS: tuple[CampaignDetector, ...] = (MemberEvidence(), ExtractionContent(), Coordination(), CoordinatedTakeover())
