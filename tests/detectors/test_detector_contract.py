"""Every registered detector passes every conformance check (river check_estimator, sklearn)."""

from __future__ import annotations

import doctest
import importlib

import numpy as np
import pytest

from distillguard.detectors.base import AccountDetector, profile_columns, registry
from distillguard.testing import (
    case_path,
    check_detector,
    check_metadata,
    demo_population,
    parametrize_with_checks,
    random_profiles,
)

DETECTORS = [cls() for cls in registry(entry_points=False).values()]

EXPECTED = {
    "sustained-volume", "machine-cadence", "harvest-params", "logprob-harvest", "cot-elicitation",
    "alignment-probing", "data-generation", "system-prompt-extraction", "templated-diverse-payload",
    "topic-breadth", "account-takeover",
}


def test_every_builtin_is_registered() -> None:
    assert EXPECTED <= {d.name for d in DETECTORS}


@parametrize_with_checks(DETECTORS)
def test_conformance(detector: AccountDetector, check) -> None:  # type: ignore[no-untyped-def]
    check(detector)


@pytest.mark.parametrize("det", DETECTORS, ids=lambda d: d.name)
def test_doctest_examples(det: AccountDetector) -> None:
    module = importlib.import_module(type(det).__module__)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0, f"{module.__name__}: {result}"


def test_check_detector_catches_a_broken_detector() -> None:
    """The suite must fail a detector that breaks the contract (else it proves nothing)."""
    from dataclasses import dataclass
    from typing import ClassVar

    @dataclass(frozen=True, kw_only=True)
    class Broken(AccountDetector):
        """Scores the raw request count (not in [0, 1], order-dependent nowhere, no number)."""

        name: ClassVar[str] = "broken-example"
        family: ClassVar[str] = "volume-cadence"

        def score_arrays(self, p, pop):  # type: ignore[no-untyped-def]
            return np.asarray(p["requests"], float) / 100.0

        def describe(self, row, pop, score):  # type: ignore[no-untyped-def]
            return "many requests"

    with pytest.raises(AssertionError, match="docstring lacks"):
        check_metadata(Broken())
    with pytest.raises(AssertionError):
        check_detector(Broken())


def test_abstention_names_the_missing_input() -> None:
    det = registry(entry_points=False)["cot-elicitation"]()
    v = det.score_one({"requests": 500, "prompt_known": 0, "cue_cot": 0}, demo_population())
    assert v.abstained and v.missing == ("prompt",) and "prompt" in v.summary


def test_random_profiles_are_consistent() -> None:
    cols = profile_columns(random_profiles(64, seed=1))
    req = cols["requests"]
    for name in ("prompt_known", "output_known", "cue_cot", "late_infra", "short_outputs"):
        assert (cols[name] <= req).all(), name
    assert (cols["late_cue"] <= cols["late_infra"]).all()
    assert (cols["new_hours_of_day"] <= 24).all()


def test_every_detector_has_a_case_file() -> None:
    for det in DETECTORS:
        assert case_path(type(det)).exists(), det.name
