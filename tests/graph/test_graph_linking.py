"""Linking by row-block products gives exactly the edges of scoring every candidate pair."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from distillguard.scoring._linking import linked_pairs, ring_pairs


def _groups(rng: np.random.Generator, n: int) -> list[tuple[float, sp.csr_matrix]]:
    out = []
    for gw in (0.35, 0.45, 0.2):
        m = sp.random(n, int(rng.integers(1, 40)), density=float(rng.uniform(0.02, 0.3)), random_state=rng, format="csr")
        m.data[rng.random(m.nnz) < 0.05] = 0.0  # explicit zeros are no shared value
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        out.append((gw, (sp.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ m).tocsr()))
    return out


def _reference(groups, clique_max: int, partners: int, threshold: float) -> dict[tuple[int, int], float]:
    """The definition, by brute force: every pair sharing a value held by at most ``clique_max``
    rows, the ring pairs of the commoner values, each scored with dense dot products."""
    x = sp.hstack([m for _, m in groups]).tocsr()
    used = (x > 0).toarray()
    df = used.sum(axis=0)
    cand = set()
    for c in np.flatnonzero((df >= 2) & (df <= clique_max)):
        rows = np.flatnonzero(used[:, c])
        cand |= {(int(a), int(b)) for k, a in enumerate(rows) for b in rows[k + 1:]}
    for c in np.flatnonzero(df > clique_max):
        a, b = ring_pairs(np.flatnonzero(used[:, c]).astype(np.int64), partners, salt=int(c) * 0x9E3779B1 + int(df[c]))
        cand |= {(int(min(p, q)), int(max(p, q))) for p, q in zip(a, b) if p != q}
    dense = [(gw, m.toarray()) for gw, m in groups]
    sims = {(a, b): sum(gw * float(m[a] @ m[b]) for gw, m in dense) for a, b in cand}
    return {k: v for k, v in sims.items() if v >= threshold}


@pytest.mark.parametrize("seed", range(12))
def test_linked_pairs_match_scoring_every_candidate(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 250))
    groups = _groups(rng, n)
    clique_max, partners, threshold = int(rng.integers(2, 40)), int(rng.integers(1, 9)), float(rng.uniform(0.05, 0.5))
    i, j, sim = linked_pairs(groups, clique_max=clique_max, partners=partners, threshold=threshold,
                             block_work=int(rng.integers(1, 3000)))
    want = _reference(groups, clique_max, partners, threshold)
    got = {(int(a), int(b)): float(w) for a, b, w in zip(i, j, sim)}
    assert set(got) == set(want) and len(got) == len(i)
    assert all(abs(got[k] - want[k]) < 1e-12 for k in want)
    assert np.all(np.diff(i * n + j) > 0)  # sorted upper-triangle pairs, each once
    assert want, "the case links nothing: it tests nothing"


@pytest.mark.parametrize("seed", range(4))
def test_the_row_blocks_on_threads_give_the_pairs_of_one_thread_bit_for_bit(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    import distillguard.scoring._linking as L

    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(150, 400))
    groups = _groups(rng, n)
    kw = dict(clique_max=int(rng.integers(5, 40)), partners=4, threshold=float(rng.uniform(0.05, 0.3)), block_work=200)
    got = {}
    for threads in (1, 3):
        monkeypatch.setattr(L, "_threads", lambda threads=threads: threads)
        got[threads] = linked_pairs(groups, **kw)
    assert len(got[1][0]) > 10, "the case links almost nothing: it tests nothing"
    for a, b in zip(got[1], got[3]):
        assert a.dtype == b.dtype and np.array_equal(a, b)


def test_a_value_shared_by_every_row_still_links_them_all() -> None:
    """A value above ``clique_max`` is never dropped: its random expander keeps the rows in one
    connected group (no pair budget cuts a campaign)."""
    n = 300
    x = sp.csr_matrix(np.ones((n, 1)))
    i, j, _ = linked_pairs([(1.0, x)], clique_max=10, partners=4, threshold=0.5)
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in zip(i.tolist(), j.tolist()):
        parent[find(a)] = find(b)
    assert len({find(a) for a in range(n)}) == 1
    assert len(i) <= 2 * n  # linear in the rows, not n²/2


def test_busy_windows_everyone_shares_do_not_hide_a_group_that_shares_only_common_values() -> None:
    """Every row is active in most of 300 busy windows (each held by far more than
    ``clique_max`` rows); the windows weigh little beside each row's own rare values, so
    their expander's pairs cannot reach the threshold and are dropped unscored.  A group of 40
    that shares two common values of its own (a client, a wrapper: also above ``clique_max``)
    is still linked, and the edges are exactly the brute-force definition's."""
    rng = np.random.default_rng(7)
    n, group = 400, np.arange(40)
    windows = sp.csr_matrix((rng.random((n, 300)) < 0.6) * 0.2)
    own = sp.identity(n, format="csr") * 6.0  # a value nobody else holds (df 1: never a candidate)
    common = np.zeros((n, 2))
    common[group] = 5.0
    infra = sp.hstack([sp.csr_matrix(common), own]).tocsr()
    groups = []
    for gw, m in ((0.5, infra), (0.5, sp.hstack([windows, own]).tocsr())):
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        groups.append((gw, (sp.diags(1.0 / norms) @ m).tocsr()))
    i, j, sim = linked_pairs(groups, clique_max=30, partners=8, threshold=0.2)
    want = _reference(groups, 30, 8, 0.2)
    got = {(int(a), int(b)): float(w) for a, b, w in zip(i, j, sim)}
    assert set(got) == set(want)
    assert all(abs(got[k] - want[k]) < 1e-12 for k in want)
    linked = set(i.tolist()) | set(j.tolist())
    assert linked == set(group.tolist())  # the group, every member of it, and no busy row
