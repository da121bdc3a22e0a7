"""Imports every built-in detector module so that ``@register`` runs (datasette's DEFAULT_PLUGINS)."""

from __future__ import annotations

import importlib
import pkgutil

import distillguard.detectors as _pkg

for _sub in ("account", "content"):
    _mod = importlib.import_module(f"{_pkg.__name__}.{_sub}")
    for _info in pkgutil.iter_modules(_mod.__path__):
        if not _info.name.startswith("_"):
            importlib.import_module(f"{_mod.__name__}.{_info.name}")
