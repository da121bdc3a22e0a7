"""The per-row scoring path (one live account's profile -> risk) is the batch scan's own function."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from distillguard.detectors.base import Population, iter_detectors, profile_columns
from distillguard.engines.duckdb import DuckDBEngine
from distillguard.features.profile import population_from_profiles
from distillguard.fixtures import demo_traffic
from distillguard.scan import Scan
from distillguard.scoring.combine import score_matrix, score_row
from distillguard.tables import AccountProfiles
from distillguard.testing import random_profiles


def _demo_profiles(tmp: Path) -> list[dict[str, float]]:
    events, accounts, _ = demo_traffic(0)
    pq.write_table(events, tmp / "events.parquet")
    pq.write_table(accounts, tmp / "accounts.parquet")
    engine = DuckDBEngine()
    Scan(engine=engine).run([tmp / "events.parquet"], tmp / "out", accounts_paths=[tmp / "accounts.parquet"])
    engine = DuckDBEngine(tmp / "out" / "scan.duckdb", read_only=True)
    profiles = AccountProfiles.from_arrow(engine.read("account_profiles"))
    engine.close()
    return [{k: float(v[i]) for k, v in profiles.cols.items()} for i in range(len(profiles.ids))]


def test_score_row_equals_the_vectorised_scores_row_by_row(tmp_path: Path) -> None:
    rows = _demo_profiles(tmp_path) + random_profiles(300, seed=4)
    assert len(rows) > 400
    dets = list(iter_detectors())
    cols = profile_columns(rows)
    pop = Population.from_dict(population_from_profiles(cols))
    m = score_matrix(dets, cols, pop)
    assert (m.risk >= 0.7).any() and (m.risk < 0.1).any()  # flagged and quiet accounts both present
    assert np.isnan(m.scores).any()  # and detectors that abstain
    for i, row in enumerate(rows):
        s, r = score_row(dets, row, pop)
        np.testing.assert_array_equal(s, m.scores[i])
        assert r == m.risk[i]
