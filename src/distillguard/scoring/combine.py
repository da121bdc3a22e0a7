"""Combine detector scores into one account risk, transparently.

The model is a weighted noisy-OR: each detector ``d`` that does not abstain contributes its score
``s_d`` scaled by its weight ``w_d`` (how decisive that behaviour is alone), and

    risk = 1 - prod_d (1 - w_d * s_d)

so one decisive signal (a logit-extraction signature, weight 0.9) can flag an account by itself,
while traits honest heavy users share (volume, cadence, templated prompts; weights 0.3-0.5) flag
only together.  The weights are printed in the run summary and the report.

Examples
--------
>>> import numpy as np
>>> noisy_or(np.array([[1.0, 0.0], [0.5, np.nan]]), np.array([0.9, 0.5]))
array([0.9 , 0.45])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from distillguard.detectors.base import AccountDetector, Population
from distillguard.tables import AccountProfiles, AccountScores

__all__ = ["ScoreMatrix", "capabilities_of", "capability_base_rates", "noisy_or", "score_accounts", "score_matrix", "score_row"]


def noisy_or(scores: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Risk per row of a (rows × detectors) score matrix; ``NaN`` (abstained) counts as 0."""
    s = np.nan_to_num(np.asarray(scores, dtype=float), nan=0.0)
    w = np.asarray(weights, dtype=float)[None, :]
    return 1.0 - np.prod(1.0 - np.clip(s * w, 0.0, 1.0), axis=1)


@dataclass
class ScoreMatrix:
    """Scores of every detector for every profile row, and the combined risk."""

    detectors: list[AccountDetector]
    scores: np.ndarray  # rows × detectors, NaN where abstained
    risk: np.ndarray

    @property
    def weights(self) -> np.ndarray:
        return np.array([d.weight for d in self.detectors], dtype=float)

    def contributions(self) -> np.ndarray:
        return np.nan_to_num(self.scores) * self.weights[None, :]


def score_matrix(detectors: Sequence[AccountDetector], profiles: Mapping[str, np.ndarray], pop: Population) -> ScoreMatrix:
    """Score every row of ``profiles`` with every detector (vectorised) and combine."""
    n = len(next(iter(profiles.values()))) if profiles else 0
    if not detectors:
        return ScoreMatrix([], np.zeros((n, 0)), np.zeros(n))
    cols = [d.scores(profiles, pop) for d in detectors]
    m = np.column_stack(cols) if cols else np.zeros((n, 0))
    return ScoreMatrix(list(detectors), m, noisy_or(m, np.array([d.weight for d in detectors])))


def score_row(detectors: Sequence[AccountDetector], profile: Mapping[str, float], pop: Population) -> tuple[np.ndarray, float]:
    """One profile row (field -> value; missing fields take their defaults) -> (each detector's
    score, ``NaN`` where it abstains; the combined risk): :func:`score_matrix` on the row as
    one-row columns, the very function the batch scan runs, so the online path cannot drift.

    Examples
    --------
    >>> from distillguard.detectors.base import iter_detectors
    >>> s, r = score_row(list(iter_detectors()), {"requests": 10.0}, Population(1))
    >>> s.shape[0] > 5, 0.0 <= r < 0.7
    (True, True)
    """
    from distillguard.detectors.base import profile_columns

    m = score_matrix(detectors, profile_columns([profile]), pop)
    return m.scores[0], float(m.risk[0])


def score_accounts(profiles: AccountProfiles, detectors: Sequence[AccountDetector], threshold: float) -> AccountScores:
    """The score stage: every detector over every account profile (and every principal's:
    an account's end users and keys), judged against the population of the accounts' profiles;
    capabilities per row.  No flag times yet (see replay).

    Examples
    --------
    >>> import pyarrow as pa
    >>> from distillguard.detectors.base import iter_detectors
    >>> p = AccountProfiles.from_arrow(pa.table({"account_id": ["a"], "requests": [10.0]}))
    >>> s = score_accounts(p, list(iter_detectors()), 0.7)
    >>> s.ids, bool(s.risk[0] < 0.7), s.capabilities
    (['a'], True, [['general']])
    """
    from distillguard.detectors.base import profile_columns
    from distillguard.features.profile import PROFILE_DEFAULTS, population_from_profiles

    cols = dict(profiles.cols)
    n = len(profiles.ids)
    for name, default in PROFILE_DEFAULTS.items():  # a profile table without some field: its default
        if name not in cols:
            cols[name] = np.full(n, default, dtype=float)
    if n == 0:
        cols = profile_columns([])
    full = AccountProfiles(profiles.ids, cols)
    # the population is the accounts': an account's end users and keys are judged against it too
    own = ~full.principal
    own_cols = cols if own.all() else {k: v[own] for k, v in cols.items()}
    pop = Population.from_dict(population_from_profiles(own_cols)) if own.any() else Population(0)
    m = score_matrix(detectors, cols, pop)
    base = capability_base_rates(own_cols)
    needed = {c: cols[c] for c in ("prompt_known", *_CAP_COLUMNS) if c in cols}  # what capabilities_of reads
    caps = [capabilities_of(m.scores[i], m.detectors, {k: float(v[i]) for k, v in needed.items()}, base_rates=base) for i in range(n)]
    return AccountScores(full, pop, m, caps, threshold, np.full(n, np.nan), np.full(n, np.nan))


#: profile column -> capability, used when no capability-specific detector fired
_CAP_COLUMNS = {
    "cap_reasoning": "reasoning-traces",
    "cap_alignment": "alignment-behaviour",
    "cap_datagen": "data-generation",
    "cap_sysprompt": "system-prompt",
    "cap_coding": "coding",
    "cap_math": "math",
}


def capability_base_rates(profiles: Mapping[str, np.ndarray]) -> dict[str, float]:
    """Per capability tag, its share of an account's prompts averaged over accounts (each account
    counts once, so one huge operation does not make its own capability look common)."""
    known = np.asarray(profiles.get("prompt_known", np.zeros(0)), dtype=float)
    has = known > 0
    if not has.any():
        return {col: 0.0 for col in _CAP_COLUMNS}
    return {col: float(np.mean(np.asarray(profiles[col], float)[has] / known[has])) if col in profiles else 0.0 for col in _CAP_COLUMNS}


def capabilities_of(
    row_scores: np.ndarray,
    detectors: Sequence[AccountDetector],
    profile: Mapping[str, float],
    *,
    min_score: float = 0.5,
    base_rates: Mapping[str, float] | None = None,
    min_share: float = 0.3,
    lift_share: float = 0.1,
    min_lift: float = 5.0,
) -> list[str]:
    """What an account's traffic appears to harvest.

    The capabilities of the detectors that fired, then every capability tag that makes up at
    least ``min_share`` of its prompts, or at least ``lift_share`` while being ``min_lift`` times
    more common than across the population (alignment probing is rare; a fifth of an account's
    prompts probing it says what the account is after); ``general`` otherwise.
    """
    caps: list[str] = []
    order = np.argsort(-np.nan_to_num(row_scores))
    for i in order:
        s = row_scores[i]
        cap = detectors[i].capability
        if np.isfinite(s) and s >= min_score and cap and cap != "general" and cap not in caps:
            caps.append(cap)
    known = float(profile.get("prompt_known", 0) or 0)
    if known > 0:
        for col, cap in _CAP_COLUMNS.items():
            share = float(profile.get(col, 0) or 0) / known
            base = (base_rates or {}).get(col)
            lifted = base is not None and share >= lift_share and share >= min_lift * max(base, 1e-6)
            if (share >= min_share or lifted) and cap not in caps:
                caps.append(cap)
    return caps or ["general"]
