"""The knobs of linking and wrapper families, each declared once with its help line.

Each field's default and help live here; :mod:`distillguard.config` turns them into the
``campaigns.*`` and ``families.*`` settings (shown by ``distillguard config show``, documented in
``docs/configuration.md``, set in ``distillguard.toml`` or with ``--set``), and
:func:`campaign_settings` builds the settings a scan runs with from its configuration.

Examples
--------
>>> CampaignSettings().min_similarity, FamilySettings().min_accounts
(0.2, 3)
>>> knob_help(CampaignSettings)["report_risk"]
'linked groups below this risk are not reported as campaigns (most linked groups are honest: a campus NAT, a company, a research group)'
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

__all__ = ["CampaignSettings", "FamilySettings", "campaign_settings", "knob_help", "knobs"]


def _k(default: Any, help: str) -> Any:  # noqa: A002 - the field's help line
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True, kw_only=True)
class FamilySettings:
    """Wrapper families: paraphrased variants of one wrapper found from who uses them (``families.*``)."""

    min_accounts: int = _k(3, "a wrapper phrase is a candidate variant when at least this many accounts use it")
    min_distinct: float = _k(0.8, "… around varying payloads: at least this share of its requests are distinct prompts")
    min_co: int = _k(3, "two variants go together when at least this many accounts use both …")
    min_co_share: float = _k(0.15, "… that is at least this share of the rarer variant's accounts …")
    min_co_max_share: float = _k(0.05, "… and of the commoner one's (a phrase hundreds of chat users open with is no variant of a rare "
                                       "wrapper, and chains unrelated families together)")
    min_lift: float = _k(4.0, "… and at least this many times what chance would give")
    alpha: float = _k(0.05, "family-wise significance of a co-use (Poisson tail, Bonferroni over the pairs tested)")
    max_values: int = _k(50, "accounts with more candidate phrases than this (heavy users of everything) do not count for co-use")


@dataclass(frozen=True, kw_only=True)
class CampaignSettings:
    """Linking accounts into campaigns (``campaigns.*``)."""

    min_similarity: float = _k(0.2, "similarity at which two accounts are linked by an edge")
    clique_max: int = _k(500, "accounts sharing a value are all paired when at most this many share it; beyond, each is paired with "
                              "sample_partners others sharing it (a random expander: linear cost, no value dropped)")
    sample_partners: int = _k(8, "partners per account for a value shared by more than clique_max accounts (each pair's similarity is "
                                 "still computed over everything the two share)")
    max_df_share: float = _k(1.0, "values used by more than this share of all accounts never link (1: none is dropped)")
    principal_min_requests: int = _k(10, "an account is flagged through its end users (keys) once the flagged ones sent at least this many "
                                          "requests together, and one of them alone did …")
    principal_min_share: float = _k(0.05, "… or, where each flagged one sent fewer, they sent at least this share of the account's requests "
                                          "(a platform's few odd users with a request or two each are not the platform harvesting)")
    dilute_content: bool = _k(True, "content ties count by the share of an account's requests they explain (an account that shares "
                                    "one phrase on a fifth of its requests is not a wrapper's user)")
    dilute_full_requests: int = _k(50, "… but one with at least this many requests in shared content is, whatever else it sends (a "
                                       "taken-over account mixing an operator's traffic with its owner's; 0: off)")
    alert_threshold: float = field(default=0.7, metadata={"help": "", "derived": "scoring.alert_threshold"})
    min_members: int = _k(2, "smallest linked group judged as a campaign")
    seed: int = _k(7, "seed of the Leiden community search (same input, same communities and ids)")
    resolution: float = _k(1.0, "Leiden resolution (higher: smaller communities)")
    attach_lo: float = _k(0.1, "a member's tie to its campaign counts from this internal edge weight …")
    attach_hi: float = _k(0.3, "… and fully from this one")
    evidence_requests: int = _k(5, "a campaign is first seen once enough members made this many requests each")
    evidence_members: int = _k(20, "… at most this many members (a group that size already scores in full)")
    report_risk: float = _k(0.4, "linked groups below this risk are not reported as campaigns (most linked groups are honest: a campus NAT, "
                                 "a company, a research group)")
    outsider_factor: float = _k(0.35, "tie strength kept by a member that shows none of the group's evidence")
    merge_min_risk: float = _k(0.3, "communities at or above this risk merge when strongly tied to each other")
    set_edges: bool = _k(True, "link near-duplicate prompt sets and lockstep activity (MinHash/LSH)")
    core_strength: float = _k(0.5, "the campaign is its core: members tied to it at least this strongly")
    style_min_risk: float = _k(0.5, "accounts this suspicious on their own are linked by behavioural style …")
    style_min_cosine: float = _k(0.95, "… when their styles (what they ask and how) have at least this cosine")
    style_weight: float = _k(0.3, "weight of a style edge")
    style_max_accounts: int = _k(5000, "style edges are skipped when more accounts than this are suspicious")
    merge_ratio: float = _k(0.05, "two suspicious communities merge when the weight between them is this share of the smaller one's")
    fit_own_risk: float = _k(0.3, "a member carries the group's evidence with at least this own risk, where the group is judged on its "
                                  "members' own risk …")
    fit_own_ratio: float = _k(0.6, "… and at least this share of the members' mean own risk")
    fit_share: float = _k(0.2, "… or at least this share of the group's cue rate or harvesting rate (or long-answer rate, where "
                               "parameters are its case), itself above 0.1")
    takeover_member: float = _k(0.3, "a member whose own account-takeover score reaches this counts as taken over")
    account_wide_share: float = _k(0.2, "an end user or key is not tied to its own account's others by a value at least this share of them "
                                        "use (the account's servers, client, system prompt)")
    families: FamilySettings = field(default_factory=FamilySettings, metadata={"help": "", "derived": "families.*"})


def knobs(cls: type) -> list[tuple[str, Any, str]]:
    """(name, default, help) of the settings a knob class declares (derived fields left out)."""
    out = []
    for f in fields(cls):
        if f.metadata.get("derived"):
            continue
        out.append((f.name, f.default, f.metadata.get("help", "")))
    return out


def knob_help(cls: type) -> dict[str, str]:
    return {n: h for n, _, h in knobs(cls)}


def campaign_settings(config: Any) -> CampaignSettings:
    """The campaign and family settings of a configuration (``campaigns.*``, ``families.*``)."""
    fam = FamilySettings(**{n: config.get(f"families.{n}") for n, _, _ in knobs(FamilySettings)})
    values = {n: config.get(f"campaigns.{n}") for n, _, _ in knobs(CampaignSettings)}
    return replace(CampaignSettings(**values), alert_threshold=float(config.get("scoring.alert_threshold")), families=fam)
