"""MinHash signatures of per-account sets: one hash function, every engine.

The signature of a set is, for each of :data:`K` permutations, the minimum over its elements of
``A[j] * splitmix64(element) + B[j]`` (modulo 2**64, ``A[j]`` odd: a bijection of the 64-bit
hash), the usual one-strong-hash-then-cheap-permutations form of MinHash.  The minimum of two signatures is the signature of the union,
so signatures merge like the sets they summarise: engines compute partial signatures per batch
or partition and take the element-wise minimum, the online service keeps one per account and
updates it per request.  Elements are 64-bit integers (hashes of prompt openings, window
numbers); floats are never hashed.

Examples
--------
>>> import numpy as np
>>> a = minhash(np.zeros(3), np.array([5, 9, 11]), 1)          # the set {5, 9, 11}
>>> b = minhash(np.zeros(2), np.array([9, 40]), 1)             # the set {9, 40}
>>> u = minhash(np.zeros(4), np.array([5, 9, 11, 40]), 1)      # their union
>>> a.shape, bool((np.minimum(a, b) == u).all())
((1, 32), True)
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["ADD", "K", "MULT", "SIGNATURES_SCHEMA", "group_signatures", "list_signatures", "minhash", "splitmix64"]

#: per account and set kind: the set's size and its signature (``account_sketches``)
SIGNATURES_SCHEMA: pa.Schema = pa.schema([
    pa.field("account_id", pa.string()), pa.field("kind", pa.string()), pa.field("n", pa.int64()), pa.field("sig", pa.list_(pa.uint64())),
])

#: signature length (entries) of every set kind
K = 32


def splitmix64(x: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser, element-wise over ``uint64`` (arithmetic wraps modulo 2**64)."""
    z = np.array(x, dtype=np.uint64)  # a copy: the steps below work in place
    with np.errstate(over="ignore"):
        z += np.uint64(0x9E3779B97F4A7C15)
        z ^= z >> np.uint64(30)
        z *= np.uint64(0xBF58476D1CE4E5B9)
        z ^= z >> np.uint64(27)
        z *= np.uint64(0x94D049BB133111EB)
        z ^= z >> np.uint64(31)
    return z


#: the permutations, one per signature entry: multipliers (odd) and offsets
MULT: np.ndarray = splitmix64(np.arange(1, K + 1, dtype=np.uint64)) | np.uint64(1)
ADD: np.ndarray = splitmix64(np.arange(K + 1, 2 * K + 1, dtype=np.uint64))


def minhash(groups: np.ndarray, elements: np.ndarray, n_groups: int, *, chunk: int = 262_144) -> np.ndarray:
    """Signatures ``(n_groups, K)`` of the sets ``{elements[i] : groups[i] == g}``.

    ``groups`` are integer codes in ``[0, n_groups)``; a group with no element keeps the
    all-ones signature (the identity of the minimum).
    """
    groups = np.asarray(groups, dtype=np.int64)
    x = np.asarray(elements, dtype=np.int64).view(np.uint64)
    if len(groups) > 1 and not (groups[1:] >= groups[:-1]).all():
        order = np.argsort(groups, kind="stable")
        groups, x = groups[order], x[order]
    sig = np.full((n_groups, K), np.iinfo(np.uint64).max, dtype=np.uint64)
    for s in range(0, len(x), chunk):
        g = groups[s:s + chunk]
        # (K, chunk): each permutation's values contiguous, so the per-group minima run along
        # rows (3x faster than reducing a (chunk, K) array down its columns)
        h = np.multiply.outer(MULT, splitmix64(x[s:s + chunk]))
        h += ADD[:, None]
        starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
        part = np.minimum.reduceat(h, starts, axis=1)
        u = g[starts]
        sig[u] = np.minimum(sig[u], part.T)
    return sig


def group_signatures(t: pa.Table) -> pa.Table:
    """Rows ``(account_id, kind, e)`` of distinct elements, sorted by (kind, account_id) or
    (account_id, kind), into one :data:`SIGNATURES_SCHEMA` row per group: its size and signature.

    Every engine calls this on its sorted batches or partitions (a group cut by a batch boundary
    is the caller's to carry over: signatures of two parts merge by element-wise minimum, sizes
    add, since the elements are distinct).

    Examples
    --------
    >>> t = pa.table({"account_id": ["a", "a", "b"], "kind": ["lockstep"] * 3, "e": [1, 2, 1]})
    >>> g = group_signatures(t)
    >>> g.column("n").to_pylist(), g.column("sig")[0].as_py() != g.column("sig")[1].as_py()
    ([2, 1], True)
    """
    if t.num_rows == 0:
        return SIGNATURES_SCHEMA.empty_table()
    k, a = t.column("kind").combine_chunks(), t.column("account_id").combine_chunks()
    n = len(a)
    change = np.ones(n, dtype=bool)
    if n > 1:
        change[1:] = pc.or_(pc.not_equal(a.slice(1), a.slice(0, n - 1)), pc.not_equal(k.slice(1), k.slice(0, n - 1))).to_numpy(zero_copy_only=False)
    starts = np.flatnonzero(change)
    sig = minhash(np.cumsum(change) - 1, t.column("e").to_numpy(), len(starts))
    return _signatures_table(a.take(starts), k.take(starts), np.diff(np.r_[starts, n]), sig)


def _signatures_table(account_id: pa.Array, kind: pa.Array, n: np.ndarray, sig: np.ndarray) -> pa.Table:
    return pa.table({
        "account_id": account_id, "kind": kind, "n": pa.array(n, pa.int64()),
        "sig": pa.FixedSizeListArray.from_arrays(pa.array(sig.ravel(), pa.uint64()), K).cast(pa.list_(pa.uint64())),
    }, schema=SIGNATURES_SCHEMA)


def list_signatures(t: pa.Table) -> pa.Table:
    """Rows ``(account_id, kind, es)``, one per group with the list of its distinct elements
    (an engine's hash aggregate, ``list(e)``: no sort of the elements), into one
    :data:`SIGNATURES_SCHEMA` row per group, in the rows' order: the same sizes and signatures
    as :func:`group_signatures` of the same groups (a minimum does not depend on the order of
    the elements).

    Examples
    --------
    >>> t = pa.table({"account_id": ["a", "b"], "kind": ["lockstep"] * 2, "es": [[1, 2], [1]]})
    >>> g = list_signatures(t)
    >>> e = group_signatures(pa.table({"account_id": ["a", "a", "b"], "kind": ["lockstep"] * 3, "e": [2, 1, 1]}))
    >>> g.column("n").to_pylist(), g.equals(e)
    ([2, 1], True)
    """
    if t.num_rows == 0:
        return SIGNATURES_SCHEMA.empty_table()
    es = t.column("es").combine_chunks()
    groups = pc.list_parent_indices(es).to_numpy(zero_copy_only=False)
    sig = minhash(groups, pc.list_flatten(es).to_numpy(zero_copy_only=False), t.num_rows)
    n = pc.fill_null(pc.list_value_length(es), 0).to_numpy(zero_copy_only=False)
    return _signatures_table(t.column("account_id").combine_chunks(), t.column("kind").combine_chunks(), n, sig)
