"""``unique_ints`` is ``np.unique`` for the integer keys the campaign stage dedupes."""

from __future__ import annotations

import numpy as np
import pytest

from distillguard.scoring._unique import unique_ints


@pytest.mark.parametrize("n", [0, 1, 2, 1000, 200_000])
def test_unique_ints_equals_numpy_unique(n: int) -> None:
    rng = np.random.default_rng(n)
    x = rng.integers(-(2**40), 2**40, size=n)
    x = np.r_[x, x[: n // 3]]  # repeats
    got = unique_ints(x)
    want = np.unique(x)
    assert got.dtype == want.dtype and np.array_equal(got, want)


def test_unique_ints_leaves_its_input_alone() -> None:
    x = np.array([3, 1, 3, 2])
    unique_ints(x)
    assert x.tolist() == [3, 1, 3, 2]
