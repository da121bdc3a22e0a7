"""``sustained-volume``: a high request rate or output volume kept up for days."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

from distillguard.detectors.account._stats import col, fmt_int, log_ramp, row_derived
from distillguard.detectors.base import AccountDetector, Columns, Population, ramp, register
from distillguard.features.profile import derived

__all__ = ["SustainedVolume"]


@register
@dataclass(frozen=True, kw_only=True)
class SustainedVolume(AccountDetector):
    """Sustained request rate and output volume, against the population and absolute floors.

    Catches
    -------
    Accounts that keep thousands of requests (or millions of output tokens) a day flowing for
    several days, well above the population's 90th percentile: the throughput a distillation
    pipeline needs.

    Misses
    ------
    Campaigns spread over many modest accounts (each stays under the floor; see the graph
    detectors), and accounts active for less than ``full_days`` days.

    False positives
    ---------------
    Honest production integrations with steady high traffic (customer-support bots, nightly
    ETL enrichment). Volume is shared by honest heavy users, so the weight is low and the
    detector only counts together with other signals. A one-afternoon batch job is *not*
    sustained and scores 0 (hard negative in the cases file).

    Parameters
    ----------
    rate_floor : float
        Requests per active day at which volume starts to count (log ramp start).
    rate_full : float
        Requests per active day that count fully (log ramp end).
    pop_multiple : float
        The ramp starts no lower than this multiple of the population's p90 requests per day.
    output_floor : float
        Output (incl. reasoning) tokens per active day at which output volume starts to count.
    output_full : float
        Output tokens per active day that count fully.
    full_days : float
        Active days needed for the volume to count as sustained (1 day counts 0).
    min_hours : float
        Active hour buckets below which volume is not sustained.
    full_hours : float
        Active hour buckets at which volume counts as fully sustained.

    Examples
    --------
    >>> from distillguard.testing import demo_population
    >>> v = SustainedVolume().score_one({"requests": 42000, "new_days": 7, "active_buckets": 160,
    ...     "output_known": 42000, "output_tokens": 3.4e7, "first_ts": 0, "last_ts": 6.9 * 86_400_000},
    ...     demo_population())
    >>> round(v.score, 2)
    1.0
    >>> v.summary
    '6,000 requests and 4,857,143 output tokens per active day over 7 days (160 active hours); population p90 is 120 requests per day.'
    """

    name: ClassVar[str] = "sustained-volume"
    family: ClassVar[str] = "volume-cadence"
    capability: ClassVar[str | None] = "general"
    reads: ClassVar[tuple[str, ...]] = ("requests", "new_days", "active_buckets", "output_tokens", "reasoning_tokens", "output_known")
    evidence: ClassVar[str | None] = None

    weight: float = 0.4
    rate_floor: float = 300.0
    rate_full: float = 3000.0
    pop_multiple: float = 1.0
    output_floor: float = 150_000.0
    output_full: float = 1_500_000.0
    full_days: float = 4.0
    min_hours: float = 12.0
    full_hours: float = 48.0

    def _rate_bounds(self, pop: Population) -> tuple[float, float]:
        lo = max(self.rate_floor, self.pop_multiple * pop.q("rate_per_day", "p90", 0.0))
        return lo, max(self.rate_full, lo * self.rate_full / max(self.rate_floor, 1.0))

    def score_arrays(self, p: Columns, pop: Population) -> np.ndarray:
        d = derived(p)
        days = d["active_days"]
        lo, hi = self._rate_bounds(pop)
        rate = log_ramp(d["rate_per_day"], lo, hi)
        out_day = (col(p, "output_tokens") + col(p, "reasoning_tokens")) / days
        out = log_ramp(out_day, self.output_floor, self.output_full)
        volume = 1.0 - (1.0 - rate) * (1.0 - out)
        sustained = np.minimum(ramp(days, 1.0, self.full_days), ramp(col(p, "active_buckets"), self.min_hours, self.full_hours))
        return volume * sustained

    def describe(self, row: Mapping[str, Any], pop: Population, score: float) -> str:
        d = row_derived(row)
        days = d["active_days"]
        out_day = (float(row.get("output_tokens") or 0) + float(row.get("reasoning_tokens") or 0)) / days
        p90 = pop.q("rate_per_day", "p90", float("nan"))
        pop_txt = f"; population p90 is {fmt_int(p90)} requests per day" if np.isfinite(p90) else ""
        return (
            f"{fmt_int(d['rate_per_day'])} requests and {fmt_int(out_day)} output tokens per active day over "
            f"{fmt_int(days)} day{'s' if days != 1 else ''} ({fmt_int(row.get('active_buckets') or 0)} active hours){pop_txt}."
        )
