"""Candidate pairs and their similarity, without materialising every candidate in Python.

The campaign stage links two accounts when they share a value and their similarity (the
group-weighted cosine of their value vectors, see :func:`distillguard.scoring.campaigns.similarity_edges`)
reaches ``campaigns.min_similarity``.  The candidates are

* every pair sharing a value held by at most ``campaigns.clique_max`` accounts, and
* for a commoner value, a random expander of ``campaigns.sample_partners`` per account
  (:func:`ring_pairs`: seeded, so the same input gives the same pairs whatever the order).

On a log where hundreds of accounts share each busy 15-minute window, the first kind alone is
tens of millions of pairs, nearly all far below the threshold.  Instead of listing them and
computing each one's similarity row by row, :func:`linked_pairs`

1. walks the accounts in row blocks of bounded work and, per block, multiplies the weighted
   account × shared-value matrix restricted to the values of the first kind by its transpose:
   one sparse product gives every candidate of the block *and* the part of its similarity that
   those values explain;
2. adds, for the pairs that could still reach the threshold (the rest of the similarity is at
   most the product of the two accounts' norms over the common values, by Cauchy–Schwarz), the
   part the common values explain, by a vectorised lookup; the expander's pairs are bounded the
   same way as they are drawn, and only those that could reach the threshold are scored;
3. computes the similarity of the pairs within a hair (``1e-9``) of the threshold exactly as the
   reference definition does (:func:`rowdot`, group by group, in column order), so the edges
   and their weights are bit for bit those of scoring every candidate.

No pair is dropped for lack of budget: the block size bounds the memory (times the blocks
multiplied at once, one per thread, at most :data:`MAX_THREADS`), not the candidates.

Examples
--------
>>> import scipy.sparse as sp
>>> x = sp.csr_matrix(np.array([[1.0, 0, 1], [1, 0, 1], [0, 1, 0], [0, 1, 0.1]]))
>>> x = sp.diags(1 / np.sqrt(x.multiply(x).sum(axis=1).A.ravel())) @ x
>>> i, j, sim = linked_pairs([(1.0, x.tocsr())], clique_max=500, partners=8, threshold=0.2)
>>> [(int(a), int(b), round(float(w), 3)) for a, b, w in zip(i, j, sim)]
[(0, 1, 1.0), (2, 3, 0.995)]
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from distillguard.scoring._unique import unique_ints

__all__ = ["linked_pairs", "pair_dots", "ring_pairs", "rowdot"]

#: the sparse products of one row block: about this many multiply-adds (bounds the memory)
BLOCK_WORK = 4_000_000
#: row blocks multiplied at once, on threads (at most this many, and no more than the CPUs)
MAX_THREADS = 4
#: pairs whose approximate similarity is this close to the threshold are scored exactly
_MARGIN = 1e-9


def ring_pairs(members: np.ndarray, partners: int, salt: int) -> tuple[np.ndarray, np.ndarray]:
    """A sparse stand-in for the clique of ``members``: each tied to its next ``partners // 2``
    (at least one) in a pseudo-random order seeded by ``salt``, cyclically (a random regular
    graph: an expander, so a group that shares the value stays one connected, well-knit group).

    Examples
    --------
    >>> i, j = ring_pairs(np.arange(6), 2, salt=1)
    >>> len(i), sorted(set(i.tolist()) | set(j.tolist()))
    (6, [0, 1, 2, 3, 4, 5])
    """
    from distillguard.features.sketches import splitmix64

    k = len(members)
    order = members[np.argsort(splitmix64(np.asarray(members, dtype=np.uint64) ^ np.uint64(salt & 0xFFFFFFFFFFFF)), kind="stable")]
    r = max(1, min(partners // 2, (k - 1) // 2 if k > 2 else 1))
    a = np.repeat(np.arange(k), r)
    b = (a + np.tile(np.arange(1, r + 1), k)) % k
    return order[a], order[b]


def rowdot(x: sp.csr_matrix, i: np.ndarray, j: np.ndarray, chunk: int = 8_000_000) -> np.ndarray:
    """``x[i] · x[j]`` for every pair (rows of a CSR matrix), in chunks of about ``chunk``
    row entries (the rows of accounts active in thousands of windows are long): the reference
    definition of a pair's similarity (each term in column order)."""
    x = x.tocsr()
    out = np.zeros(len(i))
    nnz = np.diff(x.indptr)
    for lo, hi in _chunks(np.cumsum(nnz[i] + nnz[j]), chunk):
        a, b = x[i[lo:hi]], x[j[lo:hi]]
        out[lo:hi] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


def pair_dots(w: sp.csr_matrix, i: np.ndarray, j: np.ndarray, chunk: int = 4_000_000) -> np.ndarray:
    """``w[i] · w[j]`` for every pair, vectorised (up to rounding: the terms are summed in
    another order than :func:`rowdot`'s).  Each pair costs the shorter row's entries, each
    looked up in the other row by a binary search over the matrix's sorted (row, column) keys."""
    w = w.tocsr()
    w.sum_duplicates()  # canonical: sorted columns in each row, so the keys below are sorted
    nnz = np.diff(w.indptr)
    out = np.zeros(len(i))
    if w.nnz == 0 or len(i) == 0:
        return out
    ncols = np.int64(max(w.shape[1], 1))
    keys = np.repeat(np.arange(w.shape[0], dtype=np.int64), nnz) * ncols + w.indices
    i = np.asarray(i, np.int64)
    j = np.asarray(j, np.int64)
    swap = nnz[i] > nnz[j]
    a, b = np.where(swap, j, i), np.where(swap, i, j)
    cnt = nnz[a]
    for lo, hi in _chunks(np.cumsum(cnt), chunk):
        c = cnt[lo:hi]
        total = int(c.sum())
        if not total:
            continue
        first = np.cumsum(c) - c
        pos = np.repeat(w.indptr[a[lo:hi]] - first, c) + np.arange(total)
        q = np.repeat(b[lo:hi], c) * ncols + w.indices[pos]
        k = np.minimum(np.searchsorted(keys, q), len(keys) - 1)
        hit = keys[k] == q
        pair = np.repeat(np.arange(hi - lo), c)
        out[lo:hi] = np.bincount(pair[hit], weights=w.data[pos[hit]] * w.data[k[hit]], minlength=hi - lo)
    return out


def _chunks(work: np.ndarray, budget: int) -> list[tuple[int, int]]:
    """``[lo, hi)`` ranges of consecutive items, each of about ``budget`` of the cumulative
    ``work`` (at least one item each)."""
    n = len(work)
    if n == 0:
        return []
    cuts = np.unique(np.r_[0, np.searchsorted(work, np.arange(budget, work[-1], budget), side="right"), n])
    return [(int(lo), int(hi)) for lo, hi in zip(cuts[:-1], cuts[1:])]


def _threads() -> int:
    return max(1, min(MAX_THREADS, os.cpu_count() or 1))


def _row_norms(m: sp.csr_matrix) -> np.ndarray:
    return np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())


def linked_pairs(
    groups: Sequence[tuple[float, sp.csr_matrix]], *, clique_max: int, partners: int, threshold: float,
    block_work: int = BLOCK_WORK,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The candidate pairs (upper triangle, sorted by ``(i, j)``) whose similarity
    ``Σ weight × x[i] · x[j]`` over the ``(weight, x)`` groups (same rows; row-normalised per
    group) reaches ``threshold``, with that similarity (see the module docstring)."""
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    if not groups:
        return empty
    x = sp.hstack([m for _, m in groups]).tocsr()
    n = x.shape[0]
    pos = x > 0
    df = np.diff(pos.tocsc().indptr)
    # the similarity's own matrix: sqrt(weight) × each group's columns, positive entries only
    w = sp.hstack([np.sqrt(gw) * m for gw, m in groups]).tocsr()
    w.data[w.data <= 0] = 0.0  # the same entries as ``pos`` (the weights are positive)
    w.eliminate_zeros()
    small = np.flatnonzero((df >= 2) & (df <= clique_max))
    big = np.flatnonzero(df > clique_max)
    ws = w[:, small].tocsr()
    wb = w[:, big].tocsr()
    nb = _row_norms(wb)
    # the commoner values' norms per block of columns (a group's values of one order of
    # commonness): Cauchy–Schwarz block by block bounds an expander pair's similarity more
    # tightly than the whole norms do (two accounts active in the same busy windows, one of
    # which also shares a common wrapper with others, share nothing in that wrapper's block)
    gid = np.concatenate([np.full(m.shape[1], g, dtype=np.int64) for g, (_, m) in enumerate(groups)])[big]
    block = gid * 64 + np.floor(np.log2(np.maximum(df[big], 1))).astype(np.int64)
    _, block = np.unique(block, return_inverse=True)
    nbb = np.sqrt(np.asarray(sp.csr_matrix((wb.data * wb.data, wb.indices, wb.indptr), shape=wb.shape)
                             @ sp.csr_matrix((np.ones(len(block)), (np.arange(len(block)), block)))
                             .todense())) if big.size else np.zeros((n, 0))
    keys: list[np.ndarray] = []

    def block_bound(i: np.ndarray, j: np.ndarray, chunk: int = 1_000_000) -> np.ndarray:
        """``Σ_blocks nbb[i] · nbb[j]`` per pair, in chunks (the gathered rows stay small)."""
        out = np.empty(len(i))
        for s0 in range(0, len(i), chunk):
            out[s0:s0 + chunk] = np.einsum("ij,ij->i", nbb[i[s0:s0 + chunk]], nbb[j[s0:s0 + chunk]])
        return out

    def close_keys(i: np.ndarray, j: np.ndarray, part: np.ndarray) -> np.ndarray:
        """The pairs whose similarity ``part`` (+ the rest over the common values) may reach the threshold."""
        if wb.nnz:
            maybe = part + nb[i] * nb[j] >= threshold - _MARGIN
            i, j, part = i[maybe], j[maybe], part[maybe]
            maybe = part + block_bound(i, j) >= threshold - _MARGIN
            i, j, part = i[maybe], j[maybe], part[maybe]
            part = part + pair_dots(wb, i, j)
        close = part >= threshold - _MARGIN
        return i[close] * np.int64(n) + j[close]

    # 1-2. pairs sharing a value held by at most ``clique_max`` accounts, by row blocks
    if ws.nnz:
        work = np.cumsum((ws > 0).astype(np.float64) @ df[small].astype(np.float64))
        # transposed once: a row slice of the column-major copy, transposed, is the right-hand
        # side of every block without a copy of its own (transposing each block's rest again
        # cost a third of this loop)
        wsc = ws.tocsc()
        wb.sum_duplicates()  # what pair_dots does first: done here, before the threads share it

        def block(r: tuple[int, int]) -> np.ndarray:
            # the block against the rows from its own first one on: the upper triangle only
            r0, r1 = r
            p = (ws[r0:r1] @ wsc[r0:].T).tocoo()
            rows = p.row.astype(np.int64) + r0
            cols = p.col.astype(np.int64) + r0
            upper = cols > rows
            return close_keys(rows[upper], cols[upper], p.data[upper])

        # on threads (SciPy's sparse product and NumPy release the GIL), a few blocks at a time;
        # the keys come back in block order and are deduplicated and sorted below, so the pairs
        # are the same whatever the number of threads
        spans = _chunks(work, block_work)
        threads = min(_threads(), len(spans))
        if threads <= 1:
            keys.extend(map(block, spans))
        else:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="distillguard-link") as ex:
                keys.extend(ex.map(block, spans))
    # 2. a random expander of ``partners`` per account for each commoner value.  A pair that
    # also shares a value of the first kind was scored in full above; for any other pair the
    # similarity is its commoner values' part alone, at most ``nb[i] × nb[j]`` (Cauchy–Schwarz)
    # and at most the same product summed block by block, so a pair whose bound misses the
    # threshold is dropped as its ring is drawn (on a log where every account is active in
    # thousands of busy windows, nearly all of them) and only the rest are scored, over the
    # commoner values
    if big.size:
        xc = pos.tocsc()
        found = []
        for c in big:
            members = xc.indices[xc.indptr[c]:xc.indptr[c + 1]].astype(np.int64)
            a, b = ring_pairs(members, partners, salt=int(c) * 0x9E3779B1 + int(df[c]))
            lo, hi = np.minimum(a, b), np.maximum(a, b)
            maybe = (lo != hi) & (nb[lo] * nb[hi] >= threshold - _MARGIN)
            lo, hi = lo[maybe], hi[maybe]
            maybe = block_bound(lo, hi) >= threshold - _MARGIN
            found.append(lo[maybe] * np.int64(n) + hi[maybe])
        k = unique_ints(np.concatenate(found))
        i, j = k // n, k % n
        close = pair_dots(wb, i, j) >= threshold - _MARGIN
        keys.append(k[close])
    if not keys:
        return empty
    # 3. the pairs near or above the threshold, scored exactly as the reference definition
    k = unique_ints(np.concatenate(keys))
    i, j = k // n, k % n
    sim = np.zeros(len(k))
    for gw, m in groups:
        sim += gw * rowdot(m, i, j)
    keep = sim >= threshold
    return i[keep], j[keep], sim[keep]
