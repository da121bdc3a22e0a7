"""PyOD ECOD and IsolationForest on per-account behaviour features: off-the-shelf UEBA.

What a security engineer would do with anomaly-detection tooling: one row of behaviour features
per account, an unsupervised outlier detector, the top ``CONTAMINATION`` share of accounts
flagged. The contamination is fixed at 5 % and NOT set to the labelled attack share (that would
leak the labels into the detector).

Features (all computed from the canonical fields, each absent field giving a constant column):
requests, requests per active day, mean and max output tokens, mean max_tokens, max
top_logprobs, share with a logit_bias, share at temperature 0, share with n > 1, distinct IPs,
distinct /24s, distinct user agents, inter-arrival coefficient of variation, distinct hours of
day active, mean prompt length, distinct-prompt ratio. Heavy-tailed counts are log1p'd and every
column is standardised (median / IQR) so IsolationForest's random splits are not dominated by
scale.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyarrow as pa

from _common import Verdict, column, ip24

CONTAMINATION = 0.05
FEATURES = (
    "log_requests", "log_rate_per_day", "log_mean_output", "log_max_output", "log_mean_max_tokens",
    "top_logprobs_max", "logit_bias_share", "temp0_share", "n_gt1_share", "log_distinct_ips",
    "log_distinct_24", "log_distinct_ua", "iat_cv", "hours_of_day", "log_mean_prompt_len", "distinct_prompt_ratio",
)


def features(events: pa.Table) -> tuple[list[str], np.ndarray]:
    """Per-account feature matrix (accounts sorted by id) in the order of ``FEATURES``."""
    accts = column(events, "account_id")
    ts = events.column("ts").to_numpy().astype(np.int64)
    out_tok = np.asarray(column(events, "output_tokens", 0), float)
    max_tok = np.asarray(column(events, "max_tokens", 0), float)
    top_lp = np.asarray(column(events, "top_logprobs", 0), float)
    lbias = np.asarray(column(events, "logit_bias_n", 0), float)
    temp = np.asarray(column(events, "temperature", -1.0), float)
    nn = np.asarray(column(events, "n", 1), float)
    ips = column(events, "ip")
    nets = np.array([ip24(x) for x in ips], dtype=object)
    uas = column(events, "user_agent")
    prompts = column(events, "prompt")
    plen = np.array([len(p) if isinstance(p, str) else 0 for p in prompts], float)
    phash = np.array([hash(p) for p in prompts], dtype=np.int64)

    order = np.argsort(accts, kind="stable")  # stable: each account's events stay in ts order
    sa = accts[order]
    b = np.flatnonzero(np.r_[True, sa[1:] != sa[:-1], True])
    names: list[str] = []
    rows: list[list[float]] = []
    for i in range(len(b) - 1):
        idx = order[b[i]:b[i + 1]]
        t = ts[idx]
        n = len(idx)
        days = max(1.0, (t[-1] - t[0]) / 86_400_000)
        iat = np.diff(t).astype(float)
        cv = float(iat.std() / iat.mean()) if len(iat) > 1 and iat.mean() > 0 else 0.0
        hours = len(np.unique((t // 3_600_000) % 24))
        names.append(str(sa[b[i]]))
        rows.append([
            np.log1p(n), np.log1p(n / days), np.log1p(out_tok[idx].mean()), np.log1p(out_tok[idx].max()),
            np.log1p(max_tok[idx].mean()), top_lp[idx].max(), (lbias[idx] > 0).mean(), (temp[idx] == 0).mean(),
            (nn[idx] > 1).mean(), np.log1p(len(set(ips[idx]) - {None})), np.log1p(len(set(nets[idx]) - {None})),
            np.log1p(len(set(uas[idx]) - {None})), cv, hours, np.log1p(plen[idx].mean()), len(np.unique(phash[idx])) / n,
        ])
    x = np.nan_to_num(np.asarray(rows, float))
    med = np.median(x, axis=0)
    iqr = np.subtract(*np.percentile(x, [75, 25], axis=0))
    scale = np.where(iqr > 0, iqr, np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0))
    return names, (x - med) / scale


def _detect(events: pa.Table, model: str) -> Mapping[str, Verdict]:
    names, x = features(events)
    if len(names) < 10:
        return {a: Verdict(risk=0.0, flagged=False) for a in names}
    if model == "ecod":
        from pyod.models.ecod import ECOD

        clf = ECOD(contamination=CONTAMINATION)
    else:
        from pyod.models.iforest import IForest

        clf = IForest(contamination=CONTAMINATION, n_estimators=200, random_state=0, n_jobs=1)
    clf.fit(x)
    scores = clf.decision_scores_
    labels = clf.labels_
    rank = scores.argsort().argsort() / max(len(scores) - 1, 1)
    out: dict[str, Verdict] = {}
    for i, a in enumerate(names):
        flagged = bool(labels[i])
        reasons = []
        if flagged:
            top = np.argsort(-np.abs(x[i]))[:3]
            feats = ", ".join(f"{FEATURES[j]} {x[i, j]:+.1f} IQR" for j in top)
            reasons = [{"detector": model, "score": round(float(scores[i]), 4),
                        "summary": f"{model} outlier score {scores[i]:.2f} (top {CONTAMINATION:.0%} of {len(names)} accounts); most unusual: {feats}"}]
        # risk: the score's rank among accounts; flagged is pyod's own top-5 % label
        out[a] = Verdict(risk=float(max(rank[i], 0.95) if flagged else min(rank[i], 0.949)), flagged=flagged, reasons=reasons)
    return out


def detect_ecod(events: pa.Table) -> Mapping[str, Verdict]:
    """Flag the top 5 % of accounts by ECOD outlier score."""
    return _detect(events, "ecod")


def detect_iforest(events: pa.Table) -> Mapping[str, Verdict]:
    """Flag the top 5 % of accounts by IsolationForest outlier score."""
    return _detect(events, "iforest")
