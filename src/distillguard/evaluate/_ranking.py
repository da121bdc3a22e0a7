"""How well a risk score ranks attack accounts above honest ones, whatever the threshold.

Examples
--------
>>> import numpy as np
>>> roc_auc(np.array([0.9, 0.8]), np.array([0.1, 0.85, 0.2]))
0.8333333333333334
>>> recall_at_honest_rate(np.array([0.9, 0.8, 0.3]), np.array([0.1, 0.85, 0.2]), 0.0)
(0.3333333333333333, 0.85)
"""

from __future__ import annotations

import numpy as np
from scipy.stats import rankdata

__all__ = ["recall_at_honest_rate", "roc_auc"]


def roc_auc(pos: np.ndarray, neg: np.ndarray) -> float | None:
    """Area under the ROC curve: the chance that a random attack account outranks a random honest
    one, ties counting one half (the Mann-Whitney U statistic over ``len(pos) * len(neg)``);
    ``None`` when either side is empty."""
    pos, neg = np.asarray(pos, dtype=float), np.asarray(neg, dtype=float)
    if pos.size == 0 or neg.size == 0:
        return None
    ranks = rankdata(np.concatenate([pos, neg]))
    u = float(ranks[: pos.size].sum()) - pos.size * (pos.size + 1) / 2.0
    return u / (pos.size * neg.size)


def recall_at_honest_rate(pos: np.ndarray, neg: np.ndarray, rate: float) -> tuple[float | None, float | None]:
    """(recall, threshold) at the lowest threshold that flags at most ``rate`` of honest accounts.

    An account is flagged when its risk is strictly above the threshold; the threshold is the
    ``k+1``-th highest honest risk, ``k = floor(rate * honest accounts)``, so at most ``k`` honest
    accounts are above it (ties at the threshold stay unflagged).  With no honest account above
    ``k``, every account is flagged (threshold ``-inf``); ``(None, None)`` without attack or honest
    accounts.
    """
    pos, neg = np.asarray(pos, dtype=float), np.asarray(neg, dtype=float)
    if pos.size == 0 or neg.size == 0:
        return None, None
    k = int(np.floor(rate * neg.size + 1e-9))
    if k >= neg.size:
        return 1.0, float("-inf")
    thr = float(np.sort(neg)[::-1][k])
    return float((pos > thr).mean()), thr
