"""distillguard: audit LLM API request logs for model extraction (distillation) campaigns.

The public names are imported lazily, so ``import distillguard`` stays cheap and plug-ins can
import submodules without pulling in the scan engine.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "AccountDetector",
    "Config",
    "Population",
    "Scan",
    "ScanResult",
    "Verdict",
    "register",
    "registry",
]
__version__ = "0.1.0"

_WHERE = {
    "AccountDetector": "distillguard.detectors.base",
    "Population": "distillguard.detectors.base",
    "Verdict": "distillguard.detectors.base",
    "register": "distillguard.detectors.base",
    "registry": "distillguard.detectors.base",
    "Config": "distillguard.config",
    "Scan": "distillguard.scan",
    "ScanResult": "distillguard.scan",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'distillguard' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
