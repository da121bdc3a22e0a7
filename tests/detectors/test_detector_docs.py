"""``docs/detectors.md`` is generated from the detectors' metadata and must be current."""

from __future__ import annotations

from distillguard.detectors.base import registry
from distillguard.detectors.docs import DOCS_PATH, render_detectors_page


def test_detectors_page_is_current() -> None:
    assert DOCS_PATH.exists(), "docs/detectors.md is missing; generate it with `python -m distillguard.detectors.docs`"
    assert DOCS_PATH.read_text(encoding="utf-8") == render_detectors_page(), (
        "docs/detectors.md is stale; regenerate it with `.venv/bin/python -m distillguard.detectors.docs`"
    )


def test_every_detector_and_parameter_is_documented() -> None:
    page = render_detectors_page()
    for name, cls in registry(entry_points=False).items():
        assert f"## {name}" in page
        for param in cls.parameters():
            assert f"| `{param}` |" in page, f"{name}.{param} missing from the page"
        for title in ("Catches", "Misses", "False positives"):
            assert f"**{title}.** " in page
