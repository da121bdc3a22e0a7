"""Engines: where a scan's events live and its per-event work runs (see :mod:`distillguard.engines.base`).

Built in: ``duckdb`` (embedded, the default), ``memory`` (the pure-Python reference) and
``spark`` (Apache Spark, local mode or a cluster).  Third-party engines register in the
``distillguard.engines`` entry-point group.

Examples
--------
>>> sorted(BUILTIN)
['duckdb', 'memory', 'spark']
>>> engine_class("memory").name
'memory'
"""

from __future__ import annotations

import importlib
from typing import Any

from distillguard.errors import DistillguardError

__all__ = ["BUILTIN", "engine_class", "make_engine", "names"]

#: engine name -> "module:Class"
BUILTIN: dict[str, str] = {
    "duckdb": "distillguard.engines.duckdb:DuckDBEngine",
    "memory": "distillguard.engines.memory:MemoryEngine",
    "spark": "distillguard.engines.spark:SparkEngine",
}


def _entry_points() -> dict[str, str]:
    from importlib.metadata import entry_points

    return {ep.name: ep.value for ep in entry_points(group="distillguard.engines")}


def names() -> list[str]:
    """Every engine name known: the built-ins and the entry points (read at each call, so a
    plug-in installed after the first call is found)."""
    return sorted({**_entry_points(), **BUILTIN})


def engine_class(name: str) -> Any:
    """The engine class registered as ``name``.

    Raises :class:`NotImplementedError` for a known engine whose module is not there yet, and
    :class:`~distillguard.errors.DistillguardError` for an unknown name.
    """
    target = BUILTIN.get(name) or _entry_points().get(name)
    if target is None:
        raise DistillguardError(f"unknown engine {name!r} (known: {', '.join(names())})")
    module, _, attr = target.partition(":")
    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            raise NotImplementedError(f"the {name} engine is not built yet ({module} is missing)") from None
        raise
    try:
        return getattr(mod, attr)
    except AttributeError:
        raise NotImplementedError(f"the {name} engine is not built yet ({target} is missing)") from None


def make_engine(name: str, config: Any = None, **options: Any) -> Any:
    """An engine instance: ``Engine.from_config(config, **options)`` where the class has it."""
    cls = engine_class(name)
    if config is not None and hasattr(cls, "from_config"):
        return cls.from_config(config, **options)
    return cls(**options)
