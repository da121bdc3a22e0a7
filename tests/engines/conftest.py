"""The engine fixture of the shared back-end suite (ibis's ``BackendTest`` idea).

Every engine named in :data:`ENGINES` runs the same tests against the in-memory reference.  An
engine that does not declare a capability a test needs (``@pytest.mark.needs("incremental")``),
or that is not built yet, turns that test into a strict xfail raising :class:`NotImplementedError`
(ibis's ``notimpl``): visible in every run, and a gap that starts passing fails the build until
the marker's reason is gone.  Nothing is skipped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from distillguard.config import Config
from distillguard.engines import engine_class, make_engine

#: engines of the parity suite; ``memory`` is the reference the others are held to
ENGINES = ("memory", "duckdb", "spark")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "needs(*capabilities): engine capabilities a test needs (notimpl: strict xfail where missing)")


def capabilities(name: str) -> tuple[frozenset[str], str]:
    """An engine's declared capabilities, or none and why (not built yet)."""
    try:
        cls = engine_class(name)
    except NotImplementedError as exc:
        return frozenset(), str(exc)
    return frozenset(getattr(cls, "capabilities", frozenset())), ""


def _notimpl(name: str, needed: set[str]) -> pytest.MarkDecorator | None:
    have, why = capabilities(name)
    missing = sorted(needed - have)
    if not missing:
        return None
    reason = why or f"the {name} engine does not declare {', '.join(missing)}"
    return pytest.mark.xfail(strict=True, raises=NotImplementedError, reason=f"notimpl: {reason}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        name = callspec.params.get("engine_name") if callspec else None
        if name is None:
            continue
        needed = {"scan"}
        for m in item.iter_markers("needs"):
            needed |= set(m.args)
        mark = _notimpl(name, needed)
        if mark is not None:
            item.add_marker(mark)


@pytest.fixture(params=ENGINES)
def engine_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture()
def new_engine(engine_name: str) -> Callable[..., Any]:
    """A factory of fresh engines of this parameter's kind (``NotImplementedError`` where not built)."""

    def make(config: Config | None = None, **options: Any) -> Any:
        have, why = capabilities(engine_name)
        if why:
            raise NotImplementedError(why)
        return make_engine(engine_name, config or Config(), **options)

    return make
