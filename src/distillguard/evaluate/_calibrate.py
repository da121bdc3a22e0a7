"""Fit the combination's weights and alert threshold from labelled traffic (``distillguard calibrate``).

The combination is the weighted noisy-OR of :mod:`distillguard.scoring.combine`,
``risk = 1 - prod_d (1 - w_d s_d)``.  :func:`fit_calibration` is a pure function of a score matrix
(accounts × detectors, ``NaN`` where a detector abstained) and the accounts' labels:

1. the weights maximise the Bernoulli log-likelihood of the labels under the noisy-OR (the
   model's own likelihood: where labels are drawn from a noisy-OR, this recovers its weights),
   with an L2 pull ``l2 * sum (w - w_default)^2`` towards the defaults so that a detector the
   training traffic says little about keeps its default, each weight in ``[0, max_weight]``
   (L-BFGS-B with the exact gradient);
2. the threshold flags at most ``benign_flag_rate`` of the honest accounts under the fitted
   weights, and sits at the attack side of the gap: the risk of the lowest attack account above
   the honest accounts that must stay unflagged.  Of all thresholds with the same training
   recall it is the highest, so honest accounts of another log (there are many more of them,
   and more varied, than attacks; a missed attack account is still raised by its campaign) have
   the widest margin.

The scores are the detectors' own, before campaign feedback: a campaign's members are raised by
their campaign after the combination, so accounts that only their campaign flags are labelled
attacks the weights cannot reach, and pulling the weights up for them would flag honest accounts.
:func:`fit_calibration` therefore fits on every account but counts, in its report, what the own
risk alone achieves.

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> s = rng.random((400, 2)) * np.r_[[[1.0, 1.0]] * 200, [[0.2, 0.9]] * 200]
>>> y = np.r_[np.ones(200), np.zeros(200)].astype(bool)
>>> cal = fit_calibration(s, y, ("strong", "noisy"), np.array([0.5, 0.5]), default_threshold=0.7)
>>> bool(cal.weights[0] > cal.default_weights[0] and cal.weights[1] < cal.default_weights[1])
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

from distillguard.errors import DistillguardError

__all__ = ["Calibration", "ScoreTable", "fit_calibration", "log_loss", "noisy_or_risk", "read_score_matrix"]


@dataclass(frozen=True)
class ScoreTable:
    """Per-detector scores of every account of one scan (rows follow ``account_ids``)."""

    account_ids: list[str]
    detectors: list[str]
    scores: np.ndarray


def read_score_matrix(findings: Path) -> ScoreTable:
    """The per-detector score matrix a scan stored in ``findings/scan.duckdb``.

    The store keeps it in table ``account_risk``, one ``s_<detector>`` column per account detector
    (``-`` written ``_``), each the detector's own score before campaign feedback.  This is the one
    place that knows where the matrix lives.
    """
    from distillguard.detectors.base import registry
    from distillguard.engines.duckdb import DuckDBEngine

    db = Path(findings) / "scan.duckdb"
    if not db.exists():
        raise DistillguardError(f"no scan.duckdb in {findings} (scan the traffic first)")
    engine = DuckDBEngine(db, read_only=True)
    try:
        tbl = engine.read("account_risk").sort_by("account_id")
    finally:
        engine.close()
    by_col = {"s_" + name.replace("-", "_"): name for name in registry()}
    cols = [c for c in tbl.column_names if c in by_col]
    if not cols:
        raise DistillguardError(f"{db}: table account_risk has no per-detector score columns")
    m = np.column_stack([tbl.column(c).to_numpy(zero_copy_only=False).astype(float) for c in cols]) if tbl.num_rows else np.zeros((0, len(cols)))
    return ScoreTable([str(a) for a in tbl.column("account_id").to_pylist()], [by_col[c] for c in cols], m)


def noisy_or_risk(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``1 - prod (1 - w s)`` per row, abstentions (``NaN``) as 0 (as the scan combines)."""
    s = np.nan_to_num(np.asarray(scores, dtype=float), nan=0.0)
    return 1.0 - np.prod(1.0 - np.clip(s * np.asarray(weights, dtype=float)[None, :], 0.0, 1.0), axis=1)


def _threshold(risk: np.ndarray, y: np.ndarray, rate: float, lo: float = 0.05, hi: float = 0.99) -> float:
    neg = np.sort(risk[~y])[::-1]
    k = int(np.floor(rate * neg.size + 1e-9))
    floor_ = float(neg[k]) if k < neg.size else 0.0
    above = risk[y & (risk > floor_)]
    t = float(above.min()) if above.size else floor_ + 0.5 * (1.0 - floor_)
    return float(min(max(t, lo), hi))


def _figures(risk: np.ndarray, y: np.ndarray, thr: float) -> dict[str, Any]:
    flag = risk >= thr
    tp, fp = int((flag & y).sum()), int((flag & ~y).sum())
    return {"recall": tp / int(y.sum()) if y.any() else None, "honest_flagged": fp, "honest_flagged_share": fp / int((~y).sum()) if (~y).any() else None,
            "precision": tp / (tp + fp) if tp + fp else None}


def log_loss(risk: np.ndarray, y: np.ndarray, eps: float = 1e-6) -> float:
    """Mean negative log-likelihood of the labels ``y`` under the risks (what the fit minimises)."""
    p = np.clip(np.asarray(risk, dtype=float), eps, 1 - eps)
    return float(-np.where(y, np.log(p), np.log(1 - p)).mean()) if y.size else 0.0


@dataclass(frozen=True)
class Calibration:
    """Fitted weights and threshold beside the ones they replace, with training-set figures."""

    detectors: tuple[str, ...]
    default_weights: np.ndarray
    weights: np.ndarray
    default_threshold: float
    threshold: float
    benign_flag_rate: float
    fit: dict[str, Any] = field(default_factory=dict)

    def to_toml(self, header: Sequence[str] = ()) -> str:
        """A config file for ``--config``: ``[scoring] alert_threshold`` and every detector's ``weight``."""
        lines = [f"# {' '.join(str(h).splitlines())}" for h in header]  # a path with a newline stays one comment
        lines += ["[scoring]", f"alert_threshold = {self.threshold:.4f}", ""]
        for name, w in zip(self.detectors, self.weights):
            lines += [f'[detectors."{name}"]' if not name.replace("-", "").replace("_", "").isalnum() else f"[detectors.{name}]",
                      f"weight = {float(w):.4f}", ""]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "threshold": round(self.threshold, 4), "default_threshold": self.default_threshold, "benign_flag_rate": self.benign_flag_rate,
            "weights": {d: round(float(w), 4) for d, w in zip(self.detectors, self.weights)},
            "default_weights": {d: float(w) for d, w in zip(self.detectors, self.default_weights)},
            "fit": self.fit,
        }


def _objective(s: np.ndarray, y: np.ndarray, w0: np.ndarray, l2: float) -> Any:
    """The mean negative log-likelihood of the noisy-OR plus the L2 pull, with its gradient."""
    cw = np.full(y.size, 1.0 / max(y.size, 1))

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        ws = np.clip(s * w[None, :], 0.0, 1.0 - 1e-9)
        log_q = np.log1p(-ws).sum(axis=1)  # log (1 - risk)
        q = np.exp(log_q)
        p = np.clip(1.0 - q, 1e-9, 1.0)
        ll = np.where(y, np.log(p), log_q)
        d_logq = -s / (1.0 - ws)  # d log q / d w, per row and detector
        d_ll = np.where(y[:, None], -(q / p)[:, None] * d_logq, d_logq)
        f = -float((cw * ll).sum()) + l2 * float(((w - w0) ** 2).sum())
        g = -(cw[:, None] * d_ll).sum(axis=0) + 2 * l2 * (w - w0)
        return f, g

    return loss


def fit_calibration(scores: np.ndarray, labels: np.ndarray, detectors: Sequence[str], default_weights: np.ndarray, *,
                    default_threshold: float = 0.7, benign_flag_rate: float = 0.001, l2: float = 0.2,
                    max_weight: float = 0.98) -> Calibration:
    """Weights and threshold of the noisy-OR fitted to ``labels`` (``True`` = attack account).

    Parameters
    ----------
    scores
        Accounts × detectors, each in ``[0, 1]``, ``NaN`` where the detector abstained.
    labels
        One boolean per row.
    detectors, default_weights
        The columns' detector names and the weights in force (the fit starts from them and is
        pulled towards them).
    benign_flag_rate
        The share of honest accounts the threshold may flag.
    l2
        Strength of the pull towards the default weights.
    """
    s = np.nan_to_num(np.asarray(scores, dtype=float), nan=0.0)
    y = np.asarray(labels, dtype=bool)
    w0 = np.asarray(default_weights, dtype=float)
    if s.ndim != 2 or s.shape[0] != y.size or s.shape[1] != w0.size or w0.size != len(detectors):
        raise DistillguardError(f"score matrix {s.shape} does not match {y.size} labels and {len(detectors)} detectors")
    if not y.any() or y.all():
        raise DistillguardError("calibration needs both attack and honest accounts in the labelled traffic")
    loss = _objective(s, y, w0, l2)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    res = minimize(loss, np.clip(w0, 0.0, max_weight), jac=True, method="L-BFGS-B", bounds=[(0.0, max_weight)] * w0.size)
    w = np.asarray(res.x, dtype=float)
    risk_0, risk_1 = noisy_or_risk(s, w0), noisy_or_risk(s, w)
    thr = _threshold(risk_1, y, benign_flag_rate)
    fit = {
        "accounts": int(y.size), "attack_accounts": n_pos, "honest_accounts": n_neg, "converged": bool(res.success),
        "log_loss": {"default": round(log_loss(risk_0, y), 6), "fitted": round(log_loss(risk_1, y), 6)},
        "own_risk_at_threshold": {"default": _figures(risk_0, y, default_threshold), "fitted": _figures(risk_1, y, thr)},
    }
    return Calibration(tuple(detectors), w0, w, float(default_threshold), thr, float(benign_flag_rate), fit)
