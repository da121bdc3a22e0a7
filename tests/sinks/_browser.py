"""Headless Chromium for the report tests: Debian's ``chromium`` (scripts/setup.d/30-chromium.sh)
driven by Playwright, which never downloads a browser of its own."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest


def chromium_path() -> str:
    """The system Chromium; fails in CI (where setup.d installs it) and skips elsewhere when absent."""
    for cand in (os.environ.get("DISTILLGUARD_CHROMIUM"), "chromium", "chromium-browser"):
        if cand and (found := shutil.which(cand)):
            return found
    msg = "no Chromium found: run `source scripts/setup.d/30-chromium.sh` (installs Debian's chromium) or set DISTILLGUARD_CHROMIUM"
    if os.environ.get("CI"):
        pytest.fail(msg)
    pytest.skip(msg)


@contextmanager
def browser_page(width: int = 1400, height: int = 1000) -> Iterator[tuple[Any, dict[str, list[str]]]]:
    """A fresh page, and what it reported: ``dialogs``, ``errors`` (uncaught), ``console`` errors and
    ``requests`` to anything but ``file:``."""
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a dev dependency")
    exe = chromium_path()
    seen: dict[str, list[str]] = {"dialogs": [], "errors": [], "console": [], "requests": []}
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": width, "height": height})

            def on_dialog(d: Any) -> None:
                seen["dialogs"].append(f"{d.type}: {d.message}")
                d.dismiss()

            page.on("dialog", on_dialog)
            page.on("pageerror", lambda e: seen["errors"].append(str(e)))
            page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
            page.on("request", lambda r: seen["requests"].append(r.url) if not r.url.startswith(("file:", "data:", "about:")) else None)
            yield page, seen
        finally:
            browser.close()
