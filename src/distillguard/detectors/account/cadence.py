"""``machine-cadence``: regular inter-arrival times and no diurnal rest, for days."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from distillguard.detectors.account._stats import col, fmt_int, fmt_pct, fmt_seconds, row_derived
from distillguard.detectors.base import AccountDetector, Columns, Population, ramp, register, safe_div
from distillguard.features.profile import derived

__all__ = ["MachineCadence"]


@register
@dataclass(frozen=True, kw_only=True)
class MachineCadence(AccountDetector):
    """A machine's rhythm: metronome-regular gaps, or activity round the clock, over several days.

    Two traits, each worth half the score, both judged only over several active days:

    - *regularity*: the spread (standard deviation) of log10 inter-arrival gaps under an hour is
      small over many gaps (a script with a fixed sleep; humans and agents spread over decades);
    - *no rest*: active in nearly every hour of the UTC day, in most hour buckets of its active
      days, with almost no gap of 4 hours or more (nobody sleeps).

    Catches
    -------
    Scripted harvesting loops that run for days with a fixed pacing or with no night-time rest.

    Misses
    ------
    Pipelines that add human-like random delays and pause at night, and campaigns whose pacing
    is spread over many keys (see the graph lockstep detector). High-concurrency clients have
    near-exponential gaps (log-sd about 0.56), so their regularity is low; only the no-rest half
    sees them.

    False positives
    ---------------
    Honest always-on integrations: monitoring probes, cron jobs, chat bots serving users in every
    time zone. Cadence is shared by honest automation, so the weight is low. A coding agent
    (bursty, then resting at night) and a one-afternoon batch job score near 0 (hard negatives).

    Parameters
    ----------
    min_gaps : int
        In-session gaps below which regularity is not judged.
    full_gaps : int
        In-session gaps at which regularity counts fully.
    regular_sd : float
        Standard deviation of log10 gaps at or below which the cadence is fully regular.
    irregular_sd : float
        Standard deviation of log10 gaps at or above which it is not regular at all.
    hours_lo : float
        Distinct UTC hours of the day at which "round the clock" starts to count.
    hours_hi : float
        Distinct UTC hours of the day that count fully.
    duty_lo : float
        Share of the hours of its active days with activity at which "no rest" starts to count.
    duty_hi : float
        Duty cycle that counts fully.
    rests_per_day_lo : float
        Rests (gaps of 4 h or more) per active day at or below which "no rest" counts fully.
    rests_per_day_hi : float
        Rests per active day at or above which the account clearly rests.
    full_days : float
        Active days needed for the cadence to count fully (1 day counts 0).

    Examples
    --------
    >>> from distillguard.testing import demo_population
    >>> v = MachineCadence().score_one({"requests": 17280, "gaps": 17270, "gap_log_sum": 17270 * 1.48,
    ...     "gap_log_sumsq": 17270 * (1.48**2 + 0.05**2), "gap_sum": 17270 * 30.0, "gap_sumsq": 17270 * 30.0**2 * 1.01,
    ...     "new_days": 6, "active_buckets": 144, "rests": 0, "new_hours_of_day": 24}, demo_population())
    >>> round(v.score, 2)
    1.0
    >>> v.summary
    'log10 gap spread 0.05 over 17,270 gaps (mean gap 30 s); active in 24 of 24 hours of the day, 100% of hours on 6 active days, 0 rests of 4 h or more.'
    """

    name: ClassVar[str] = "machine-cadence"
    family: ClassVar[str] = "volume-cadence"
    capability: ClassVar[str | None] = "general"
    reads: ClassVar[tuple[str, ...]] = ("gaps", "gap_log_sum", "gap_log_sumsq", "gap_sum", "gap_sumsq", "new_days", "active_buckets", "rests", "new_hours_of_day")
    evidence: ClassVar[str | None] = None

    weight: float = 0.35
    min_gaps: int = 50
    full_gaps: int = 300
    regular_sd: float = 0.15
    irregular_sd: float = 0.45
    hours_lo: float = 16.0
    hours_hi: float = 23.0
    duty_lo: float = 0.4
    duty_hi: float = 0.85
    rests_per_day_lo: float = 0.2
    rests_per_day_hi: float = 1.0
    full_days: float = 3.0

    def _parts(self, p: Columns) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        d = derived(p)
        gaps = col(p, "gaps")
        regular = (1.0 - ramp(d["gap_log_sd"], self.regular_sd, self.irregular_sd)) * ramp(gaps, self.min_gaps, self.full_gaps)
        rests_per_day = safe_div(col(p, "rests"), d["active_days"])
        no_rest = np.minimum.reduce([
            ramp(d["hours_of_day"], self.hours_lo, self.hours_hi),
            ramp(d["duty_cycle"], self.duty_lo, self.duty_hi),
            1.0 - ramp(rests_per_day, self.rests_per_day_lo, self.rests_per_day_hi),
        ])
        days = ramp(d["active_days"], 1.0, self.full_days)
        return regular, no_rest, days

    def score_arrays(self, p: Columns, pop: Population) -> np.ndarray:
        regular, no_rest, days = self._parts(p)
        return days * (0.5 * regular + 0.5 * no_rest)

    def describe(self, row: Mapping[str, Any], pop: Population, score: float) -> str:
        d = row_derived(row)
        days = d["active_days"]
        return (
            f"log10 gap spread {d['gap_log_sd']:.2f} over {fmt_int(row.get('gaps') or 0)} gaps "
            f"(mean gap {fmt_seconds(d['gap_mean_s'])}); active in {fmt_int(d['hours_of_day'])} of 24 hours of the day, "
            f"{fmt_pct(min(d['duty_cycle'], 1.0))} of hours on {fmt_int(days)} active day{'s' if days != 1 else ''}, "
            f"{fmt_int(row.get('rests') or 0)} rests of 4 h or more."
        )
