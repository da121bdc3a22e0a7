"""Edge kinds: a rare shared value links accounts; a value most accounts share says little."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from distillguard.detectors.graph.edges import EDGE_KINDS, GROUP_WEIGHTS
from distillguard.scoring.campaigns import CampaignSettings, _kind_matrix


def _counts(rows: list[tuple[str, str, int]]) -> pa.Table:
    return pa.table({"account_id": [r[0] for r in rows], "value": [r[1] for r in rows], "c": [r[2] for r in rows]})


@pytest.mark.parametrize("kind", EDGE_KINDS, ids=[k.name for k in EDGE_KINDS])
def test_rare_value_links_and_common_value_is_light(kind) -> None:
    n = 200
    ids = [f"a{i}" for i in range(n)]
    index = {a: i for i, a in enumerate(ids)}
    requests = np.full(n, 20.0)
    rows = [(f"a{i}", "rare-X", 20) for i in range(3)]            # positive: three accounts share a rare value
    rows += [(f"a{i}", "everyone", 20) for i in range(3, 190)]     # hard negative: shared by nearly everyone
    rows += [(f"a{i}", f"own-{i}", 20) for i in range(n)]          # each account's own value
    m, values, df = _kind_matrix(_counts(rows), kind, index, requests, CampaignSettings())
    col = {v: j for j, v in enumerate(values)}
    assert "rare-X" in col and df[col["rare-X"]] == 3
    rare_w = m[:3, col["rare-X"]].toarray().ravel()
    assert (rare_w > 0).all()
    common_w = m[3:190, col["everyone"]].toarray().ravel()
    assert common_w.max() < 0.1 * rare_w.min(), "a value nearly everyone shares must weigh far less than a rare one"


def test_event_level_kinds_ignore_stray_use() -> None:
    kind = next(k for k in EDGE_KINDS if k.name == "head")
    index = {"a": 0, "b": 1, "c": 2}
    rows = [("a", "answer in detail:", 1), ("b", "answer in detail:", 1), ("c", "answer in detail:", 40)]
    m, values, _ = _kind_matrix(_counts(rows), kind, index, np.array([100.0, 100.0, 100.0]), CampaignSettings())
    # one request in a hundred is not "using" a wrapper: only c uses it, so nothing can link through it
    assert m.nnz == 1


def test_group_weights_cover_every_kind() -> None:
    assert {k.group for k in EDGE_KINDS} == set(GROUP_WEIGHTS)
    for k in EDGE_KINDS:
        assert k.catches and k.misses and k.false_positives, f"{k.name} must say what it catches, misses and mistakes"
