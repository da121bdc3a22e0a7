"""Every case of every detector's ``.cases.yaml`` gets its expected verdict (Panther ``Tests:``)."""

from __future__ import annotations

import pytest

from distillguard.detectors.base import registry
from distillguard.testing import Case, check_case, load_cases

CASES = [
    pytest.param(cls(), case, id=f"{name}::{case.name}")
    for name, cls in registry(entry_points=False).items()
    for case in load_cases(cls)
]


@pytest.mark.parametrize("det, case", CASES)
def test_case(det, case: Case) -> None:  # type: ignore[no-untyped-def]
    check_case(det, case)


def test_every_detector_has_a_positive_and_a_hard_negative() -> None:
    for name, cls in registry(entry_points=False).items():
        cases = load_cases(cls)
        assert any(c.flag for c in cases), f"{name}: no positive case"
        assert any(c.hard_negative and not c.flag for c in cases), f"{name}: no hard negative"


def test_a_wrong_expectation_fails() -> None:
    det = registry(entry_points=False)["logprob-harvest"]()
    case = next(c for c in load_cases(type(det)) if c.flag)
    wrong = Case(case.name, case.profile, flag=False, source="inverted")
    with pytest.raises(AssertionError, match="expected flag=False"):
        check_case(det, wrong)
