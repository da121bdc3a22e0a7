"""``account-takeover``: a light account whose volume, infrastructure and content change at once."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from distillguard.detectors.account._stats import col, fmt_int, fmt_pct, log_ramp, share_strength
from distillguard.detectors.base import AccountDetector, Columns, Population, ramp, register, safe_div
from distillguard.features.profile import DAY_MS

__all__ = ["AccountTakeover"]


def _periods(p: Columns) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Early and late request counts and per-day rates, split at ``late_first_ts``."""
    first, last = np.asarray(p["first_ts"], float), np.asarray(p["last_ts"], float)
    late_ts = np.asarray(p.get("late_first_ts", np.full(first.shape, np.nan)), float)
    has_late = np.isfinite(late_ts) & np.isfinite(first)
    late_n = np.where(has_late, col(p, "late_infra"), 0.0)
    early_n = np.maximum(col(p, "requests") - late_n, 0.0)
    early_days = np.maximum(np.nan_to_num((late_ts - first) / DAY_MS), 1.0)
    late_days = np.maximum(np.nan_to_num((last - late_ts) / DAY_MS), 1.0)
    return early_n, late_n, safe_div(early_n, early_days), np.where(has_late, late_n / late_days, 0.0)


@register
@dataclass(frozen=True, kw_only=True)
class AccountTakeover(AccountDetector):
    """A dormant or light account that changes hands: volume, network, client and content at once.

    The profile marks as *late* the requests that come from an ASN or /24 together with a user
    agent first used three or more days after the account's first request. The detector compares
    the account's rate before the first late request with the late requests' rate, and asks
    whether the late traffic carries extraction cues (chain-of-thought, alignment, data
    generation, system-prompt) the account never needed before.

    Catches
    -------
    Stolen or resold keys of light accounts (a dormant academic key that wakes up on a cloud
    ASN with a new SDK and thousands of requests a day), from about 20 late requests.

    Misses
    ------
    Takeovers that keep the old network and user agent (a key used from the owner's own
    machine), or that keep the owner's pace; heavy accounts taken over at their usual rate.

    False positives
    ---------------
    An honest owner who starts a big project on a new machine and network in the same week (a
    lab account pointing a benchmark sweep at the API from its GPU cluster) scores at most
    ``no_cue_floor`` (0.2) when its new traffic carries no extraction cue; one who only moves to
    a new laptop or network at the same low rate scores 0 (hard negatives).  Where the log keeps
    no prompt text the cues cannot be told, and such a move scores up to ``unknown_cue_floor``.

    Parameters
    ----------
    z : float
        z of the Wilson lower bound on the cue share of the late requests.
    moved_lo : float
        Share of all requests from late infrastructure at which "moved" starts to count.
    moved_hi : float
        Share that counts fully.
    jump_lo : float
        Late rate / early rate at which the jump starts to count (log ramp).
    jump_hi : float
        Rate ratio that counts fully.
    early_rate_floor : float
        Early rate (requests per day) assumed at least, so a silent account's jump stays finite.
    light_rate : float
        Early rate (per day) up to which the account counts as light or dormant.
    heavy_rate : float
        Early rate from which the account counts as heavy (no dormancy bonus).
    cue_lo : float
        Share (lower bound) of late requests with extraction cues at which content counts.
    cue_hi : float
        Share that counts fully.
    min_late : int
        Late requests below which the detector scores 0.
    full_late : int
        Late requests at which the gate is fully open.
    no_cue_floor : float
        Share of the score kept when the late requests carry no extraction cue.
    unknown_cue_floor : float
        Share kept when the log has no prompt text to look for cues in.

    Examples
    --------
    >>> from distillguard.testing import demo_population
    >>> day = 86_400_000
    >>> v = AccountTakeover().score_one({"requests": 3120, "first_ts": 0, "late_first_ts": 60 * day,
    ...     "last_ts": 63 * day, "late_infra": 3000, "late_cue": 1800}, demo_population())
    >>> round(v.score, 2)
    1.0
    >>> v.summary
    '3,000 of 3,120 requests (96%) came from a network and client first seen 60 days after the first request, at 1,000 a day against 2 a day before; 60% of them carry extraction cues.'
    """

    name: ClassVar[str] = "account-takeover"
    family: ClassVar[str] = "identity"
    capability: ClassVar[str | None] = None
    reads: ClassVar[tuple[str, ...]] = ("requests", "first_ts", "last_ts", "late_first_ts", "late_infra", "late_cue", "cue_cot")
    evidence: ClassVar[str | None] = "f_late_infra"

    weight: float = 0.9
    z: float = 1.645
    moved_lo: float = 0.3
    moved_hi: float = 0.7
    jump_lo: float = 3.0
    jump_hi: float = 30.0
    early_rate_floor: float = 1.0
    light_rate: float = 20.0
    heavy_rate: float = 200.0
    cue_lo: float = 0.1
    cue_hi: float = 0.5
    min_late: int = 20
    full_late: int = 100
    no_cue_floor: float = 0.2
    unknown_cue_floor: float = 0.5

    def _floor(self, p: Columns) -> np.ndarray:
        """The cue factor's floor: low where the text was there and carried no cue, higher where
        no text was logged (cue counts unknown)."""
        cue_known = np.isfinite(np.asarray(p["cue_cot"], float)) if "cue_cot" in p else np.ones(len(col(p, "requests")), dtype=bool)
        return np.where(cue_known, self.no_cue_floor, self.unknown_cue_floor)

    def score_arrays(self, p: Columns, pop: Population) -> np.ndarray:
        early_n, late_n, early_rate, late_rate = _periods(p)
        req = col(p, "requests")
        moved = ramp(safe_div(late_n, req), self.moved_lo, self.moved_hi)
        jump = log_ramp(safe_div(late_rate, np.maximum(early_rate, self.early_rate_floor)), self.jump_lo, self.jump_hi)
        dormant = 1.0 - ramp(early_rate, self.light_rate, self.heavy_rate)
        cue = share_strength(np.minimum(col(p, "late_cue"), late_n), late_n, lo=self.cue_lo, hi=self.cue_hi, z=self.z)
        gate = ramp(late_n, self.min_late, self.full_late)
        floor = self._floor(p)
        return gate * moved * jump * (0.55 + 0.45 * dormant) * (floor + (1.0 - floor) * cue)

    def describe(self, row: Mapping[str, Any], pop: Population, score: float) -> str:
        cols = {k: np.asarray([np.nan if row.get(k) is None else float(row[k])]) for k in ("first_ts", "last_ts", "late_first_ts", "late_infra", "requests")}
        early_n, late_n, early_rate, late_rate = (float(a[0]) for a in _periods(cols))
        req = float(row.get("requests") or 0)
        if late_n <= 0:
            return f"All {fmt_int(req)} requests came from networks and clients seen in the account's first 3 days."
        after = (float(row["late_first_ts"]) - float(row["first_ts"])) / DAY_MS
        cue = float(safe_div(min(float(row.get("late_cue") or 0), late_n), late_n))
        text_known = row.get("cue_cot") is None or np.isfinite(float(row["cue_cot"]))
        if not text_known:
            tail = "; the log keeps no prompt text, so whether the new traffic extracts cannot be told."
        elif cue < self.cue_lo:
            tail = (f"; {fmt_pct(cue)} of them carry extraction cues: a change of network, client and pace without extraction "
                    "in the new traffic (a move to a new machine or cluster) counts for little.")
        else:
            tail = f"; {fmt_pct(cue)} of them carry extraction cues."
        return (
            f"{fmt_int(late_n)} of {fmt_int(req)} requests ({fmt_pct(late_n / max(req, 1))}) came from a network and client "
            f"first seen {fmt_int(after)} days after the first request, at {fmt_int(late_rate)} a day against "
            f"{fmt_int(early_rate)} a day before{tail}"
        )
