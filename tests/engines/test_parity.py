"""Parity: every engine gives the reference engine's findings and stage tables on the same logs.

The logs: the built-in demo log (:mod:`distillguard.fixtures`), a simulated ``small`` log with
real corpora (four days) and a ``hiding-small`` one (two days; accounts profiled per end user and
per key).  Findings must be identical: same flags, same campaigns and members,
same ``flagged_at`` and ``events_before_flag``, same reasons and evidence, risks within 1e-9.
Stage tables must be equal row for row (integers, minima, maxima and keys exactly; float sums
within 1e-9 relative: engines add in different orders).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq
import pytest

from distillguard.engines.memory import MemoryEngine
from distillguard.scan import Scan, ScanResult

from _compare import diff_findings, diff_tables



@pytest.fixture(scope="module")
def demo_log(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    from distillguard.fixtures import demo_traffic

    d = tmp_path_factory.mktemp("demo-log")
    events, accounts, _ = demo_traffic(0)
    pq.write_table(events, d / "events.parquet")
    pq.write_table(accounts, d / "accounts.parquet")
    return [d / "events.parquet"], [d / "accounts.parquet"]


@pytest.fixture(scope="module")
def small_log(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    from distillguard.simulate import load_scenario, simulate

    d = tmp_path_factory.mktemp("small-log")
    simulate(load_scenario("small"), seed=3, out=d, corpora=shared_data, days=4)
    return [d / "events.parquet"], [d / "accounts.jsonl"]


@pytest.fixture(scope="module")
def hiding_log(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    """``hiding-small`` over two days: app platforms and a tutor app with hundreds of end users and
    organisations with a dozen keys, each profiled per principal (issue 14)."""
    from distillguard.simulate import load_scenario, simulate

    d = tmp_path_factory.mktemp("hiding-log")
    simulate(load_scenario("hiding-small"), seed=4, out=d, corpora=shared_data, days=2)
    return [d / "events.parquet"], [d / "accounts.jsonl"]


LOGS = ("demo_log", "small_log", "hiding_log")


def _scan(engine: Any, log: tuple[list[Path], list[Path]], out: Path) -> ScanResult:
    events, accounts = log
    return Scan(engine=engine).run(events, out, accounts_paths=accounts)


@pytest.fixture(scope="module")
def reference(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple[ScanResult, MemoryEngine]]:
    """The reference engine's scan of a log (computed once per log)."""
    done: dict[str, tuple[ScanResult, MemoryEngine]] = {}

    def get(log_name: str) -> tuple[ScanResult, MemoryEngine]:
        if log_name not in done:
            engine = MemoryEngine()
            result = _scan(engine, request.getfixturevalue(log_name), tmp_path_factory.mktemp(f"ref-{log_name}"))
            done[log_name] = (result, engine)
        return done[log_name]

    return get


@pytest.fixture(scope="module")
def scans(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], tuple[ScanResult, Any]]:
    """Each (engine, log) scanned once for the module's tests."""
    return {}


def _scanned(scans: dict[tuple[str, str], tuple[ScanResult, Any]], engine_name: str, log_name: str, new_engine: Callable[..., Any],
             request: pytest.FixtureRequest, tmp: Path) -> tuple[ScanResult, Any]:
    if (engine_name, log_name) not in scans:
        engine = new_engine()
        scans[engine_name, log_name] = (_scan(engine, request.getfixturevalue(log_name), tmp / f"{engine_name}-{log_name}"), engine)
    return scans[engine_name, log_name]


@pytest.mark.parametrize("log_name", LOGS)
def test_findings_equal_the_reference(log_name: str, engine_name: str, new_engine: Callable[..., Any], reference: Any, scans: Any,
                                      tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> None:
    want, _ = reference(log_name)
    got, _ = _scanned(scans, engine_name, log_name, new_engine, request, tmp_path_factory.getbasetemp())
    assert got.risk is not None and want.risk is not None
    assert got.risk.ids == want.risk.ids
    assert np.allclose(got.risk.risk, want.risk.risk, rtol=0, atol=1e-9), "risks differ by more than 1e-9"
    assert [r["flagged"] for r in got.accounts] == [r["flagged"] for r in want.accounts]
    assert sum(r["flagged"] for r in want.accounts) > 0 and want.campaigns, "the log must exercise flags and campaigns"
    if log_name == "hiding_log":  # and principals: end users and keys profiled, scored and listed on their own
        assert any(r.get("end_users") for r in want.accounts) and any(r.get("api_keys") for r in want.accounts)
    problems = diff_findings(got, want)
    assert not problems, "\n".join(problems)
    # the files on disk are the rows
    assert (got.out_dir / "accounts.jsonl").read_bytes().count(b"\n") == len(want.accounts)


@pytest.mark.parametrize("log_name", LOGS)
def test_stage_tables_equal_the_reference(log_name: str, engine_name: str, new_engine: Callable[..., Any], reference: Any, scans: Any,
                                          tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> None:
    _, ref = reference(log_name)
    _, engine = _scanned(scans, engine_name, log_name, new_engine, request, tmp_path_factory.getbasetemp())
    problems = diff_tables(engine, ref)
    assert not problems, "\n".join(problems[:40])
