"""The Examples sections of the ingest modules run (STYLE.md habit 8)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "distillguard.errors",
    "distillguard.events._net",
    "distillguard.events.adapters",
    "distillguard.events.adapters.otel",
    "distillguard.events.enrich",
    "distillguard.events.readers",
    "distillguard.events.rejects",
]


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
