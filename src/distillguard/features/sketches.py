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

__all__ = ["ADD", "K", "MULT", "minhash", "splitmix64"]

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
        h = splitmix64(x[s:s + chunk])[:, None] * MULT[None, :]
        h += ADD[None, :]
        starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
        part = np.minimum.reduceat(h, starts, axis=0)
        u = g[starts]
        sig[u] = np.minimum(sig[u], part)
    return sig
