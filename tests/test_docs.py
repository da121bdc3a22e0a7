"""Docs cannot drift from the code (datasette's test_docs)."""

from __future__ import annotations

from pathlib import Path

from distillguard.cli import app
from distillguard.config import settings_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_configuration_page_is_current() -> None:
    page = (ROOT / "docs" / "configuration.md").read_text()
    assert page == settings_markdown(), "docs/configuration.md is stale; regenerate with the command at its top"


def test_every_cli_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    names += [g.name for g in app.registered_groups]
    assert names, "no CLI commands registered"
    for name in names:
        assert f"distillguard {name}" in readme, f"CLI command {name!r} is not documented in README.md"
