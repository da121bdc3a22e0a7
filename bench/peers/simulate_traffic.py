"""Labelled traffic for the peer benchmark: ``distillguard simulate``'s default scenario at a size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def simulate(events: int, *, seed: int, corpora: Path | None, out: Path) -> Path:
    """Write about ``events`` events of the default scenario into ``out``; return ``out``."""
    cmd = [sys.executable, "-m", "distillguard", "simulate", "--scenario", "default", "--seed", str(seed), "--out", str(out)]
    if corpora is not None:
        cmd += ["--corpora", str(corpora)]
    subprocess.run(cmd, check=True)
    return out
