"""Session fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]

# Property tests check behaviour, not timings: CI machines are shared and noisy, so no example
# fails for being slow (hypothesis' default 200 ms deadline did, on a loaded 2-core machine).
settings.register_profile("distillguard", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("distillguard")


def _shared_data_dir() -> Path:
    env = os.environ.get("DISTILLGUARD_SHARED_DATA")
    return Path(env) if env else ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` (or ``$DISTILLGUARD_SHARED_DATA``); skips the test where it is absent."""
    path = _shared_data_dir()
    if not (path / "SOURCES.md").exists():
        pytest.skip(f"real corpora not found at {path} (set DISTILLGUARD_SHARED_DATA to run this test)")
    return path
