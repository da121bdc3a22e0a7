"""Small vectorised helpers shared by the built-in per-account detectors (private).

Examples
--------
>>> import numpy as np
>>> wilson_lower(np.array([20.0, 3.0]), np.array([20.0, 3.0])).round(2)
array([0.88, 0.53])
>>> float(log_ramp(1000.0, 100.0, 10000.0))
0.5
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from distillguard.detectors.base import Columns, ramp, safe_div
from distillguard.features.profile import derived

__all__ = ["col", "fmt_int", "fmt_pct", "fmt_seconds", "plural", "log_ramp", "row_columns", "row_derived", "share_strength", "wilson_lower"]


def col(p: Columns, name: str) -> np.ndarray:
    """Column ``name`` as float, ``NaN`` treated as 0 (counts) — absent columns read as 0.

    Always a fresh array, exactly ``np.nan_to_num`` of the column; a column with nothing to
    replace (the common case, and every one-row profile of a live account) skips
    ``nan_to_num``'s Python-level checks, which cost more than the rest of a one-row score.
    """
    if name not in p:
        n = len(next(iter(p.values()))) if p else 0
        return np.zeros(n, dtype=float)
    a = np.asarray(p[name], dtype=float)
    if np.isfinite(a).all():
        return np.array(a, dtype=float)
    return np.nan_to_num(a)


def wilson_lower(k: np.ndarray | float, n: np.ndarray | float, z: float = 1.645) -> np.ndarray:
    """Lower bound of the Wilson score interval of the share ``k / n`` (0 where ``n`` is 0).

    A share measured on few requests gets a low bound: 20 of 20 gives 0.88, 3 of 3 only 0.53.
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    nn = np.maximum(n, 1.0)
    # np.minimum/np.maximum, not np.clip: the same values (NaN passes through both), without
    # np.clip's Python-level dispatch, which dominates on one-row profiles
    p = np.minimum(np.maximum(safe_div(k, nn), 0.0), 1.0)
    z2 = z * z
    centre = p + z2 / (2 * nn)
    half = z * np.sqrt(np.maximum(p * (1 - p) / nn + z2 / (4 * nn * nn), 0.0))
    out = (centre - half) / (1 + z2 / nn)
    return np.where(n > 0, np.minimum(np.maximum(out, 0.0), 1.0), 0.0)


def log_ramp(x: np.ndarray | float, lo: float, hi: float) -> np.ndarray:
    """:func:`~distillguard.detectors.base.ramp` on a log10 scale (for volumes)."""
    x = np.maximum(np.asarray(x, dtype=float), 1e-9)
    return ramp(np.log10(x), float(np.log10(max(lo, 1e-9))), float(np.log10(max(hi, 1e-9))))


def share_strength(k: np.ndarray, n: np.ndarray, *, lo: float, hi: float, z: float) -> np.ndarray:
    """How dominant a behaviour is: a ramp over the Wilson lower bound of its share."""
    return ramp(wilson_lower(k, n, z), lo, hi)


def row_columns(row: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """One profile row (scalars) as one-row columns, so vectorised code can describe it."""
    out: dict[str, np.ndarray] = {}
    for k, v in row.items():
        try:
            out[k] = np.asarray([np.nan if v is None else float(v)], dtype=float)
        except (TypeError, ValueError):
            out[k] = np.asarray([v], dtype=object)
    return out


def row_derived(row: Mapping[str, Any]) -> dict[str, float]:
    """:func:`~distillguard.features.profile.derived` for one profile row."""
    return {k: float(v[0]) for k, v in derived(row_columns(row)).items()}


def fmt_int(x: float) -> str:
    """``1204`` → ``"1,204"``."""
    return f"{int(round(float(x))):,}"


def fmt_pct(x: float) -> str:
    """``0.823`` → ``"82%"`` (``"<1%"`` for a non-zero share that rounds to 0)."""
    x = float(x)
    if 0 < x < 0.005:
        return "<1%"
    return f"{x:.0%}"


def fmt_seconds(x: float) -> str:
    """``30.2`` → ``"30 s"``, ``0.24`` → ``"0.24 s"``."""
    x = float(x)
    return f"{x:.0f} s" if x >= 10 else f"{x:.2g} s"


def plural(n: float, noun: str) -> str:
    """``plural(1, "topic")`` → ``"1 topic"``; ``plural(1204, "topic")`` → ``"1,204 topics"``."""
    return f"{fmt_int(n)} {noun}{'' if int(round(float(n))) == 1 else 's'}"
