"""Sorted distinct integers, by a sort.

NumPy 2.3+ finds ``np.unique``'s plain (no ``return_*``) result with a hash table, which on
millions of distinct 64-bit keys is ~15× slower than sorting them (2M keys: 2.0 s against
0.12 s on NumPy 2.4).  The campaign stage dedupes (value, account) and (account, account)
pair keys of that size, so it sorts.

Examples
--------
>>> import numpy as np
>>> unique_ints(np.array([5, 3, 5, 9, 3])).tolist()
[3, 5, 9]
>>> unique_ints(np.array([], dtype=np.int64)).tolist()
[]
"""

from __future__ import annotations

import numpy as np

__all__ = ["unique_ints"]


def unique_ints(x: np.ndarray) -> np.ndarray:
    """The distinct values of the integer array ``x``, ascending (``np.unique(x)``)."""
    s = np.sort(np.asarray(x).ravel())
    if s.size < 2:
        return s
    keep = np.empty(s.size, dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]
