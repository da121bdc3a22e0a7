"""The public surface is pinned: a change to it is a reviewed change (httpx style)."""

from __future__ import annotations

import distillguard


def test_all_is_sorted_and_pinned() -> None:
    assert distillguard.__all__ == sorted(distillguard.__all__)
    assert distillguard.__all__ == [
        "AccountDetector",
        "Config",
        "Population",
        "Scan",
        "ScanResult",
        "Verdict",
        "register",
        "registry",
    ]


def test_every_public_name_resolves() -> None:
    for name in distillguard.__all__:
        assert getattr(distillguard, name) is not None
