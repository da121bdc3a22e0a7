"""The Examples sections of the online modules run (river/ibis style docstring examples)."""

from __future__ import annotations

import doctest
import importlib

import pytest


@pytest.mark.parametrize("module", ["distillguard.online._fold", "distillguard.online._policy", "distillguard.online._state",
                                    "distillguard.features._onerow"])
def test_module_examples(module):
    mod = importlib.import_module(module)
    res = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert res.attempted > 0 and res.failed == 0
