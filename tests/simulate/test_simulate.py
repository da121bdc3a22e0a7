"""The simulator writes canonical, labelled, deterministic traffic (issue 3)."""

from __future__ import annotations

import gzip
import hashlib
import ipaddress
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from distillguard.errors import DistillguardError
from distillguard.events.readers import parse_ts
from distillguard.events.schema import ACCOUNT_FIELDS, EVENT_FIELDS, LABEL_FIELDS, REQUIRED_EVENT_FIELDS, Field
from distillguard.simulate import CAMPAIGN_KINDS, load_scenario, simulate
from distillguard.simulate._writer import LABEL_EXTRAS

_PY = {"str": (str,), "int": (int,), "float": (float, int), "bool": (bool,)}


def _check_value(f: Field, v: Any, where: str) -> None:
    if v is None:
        assert not f.required, f"{where}: required field {f.name} is missing"
        return
    if f.kind == "ts":
        if isinstance(v, str):
            ms, naive = parse_ts(v)
            assert not naive, f"{where}: {f.name}={v!r} has no offset"
        else:
            assert isinstance(v, datetime) and v.tzinfo is not None, f"{where}: {f.name}={v!r}"
        return
    assert isinstance(v, _PY[f.kind]) and not (f.kind in ("int", "float") and isinstance(v, bool)), f"{where}: {f.name}={v!r} is not {f.kind}"


#: fields beyond events/schema.py the simulator may write: EVENTS.md's ``end_user`` (until the schema
#: lists it) and the labels' evaluation extras (documented in docs/simulation.md)
_EXTRAS = {"end_user", *(f.name for f in LABEL_EXTRAS)}


def _check_rows(rows: list[dict[str, Any]], fields: tuple[Field, ...], name: str) -> None:
    known = {f.name: f for f in fields}
    for i, r in enumerate(rows):
        for f in fields:
            _check_value(f, r.get(f.name), f"{name} row {i}")
        extra = set(r) - set(known)
        assert extra <= _EXTRAS, f"{name} row {i}: unexpected fields {extra}"


def _jsonl(p: Path) -> list[dict[str, Any]]:
    opener = gzip.open if p.suffix == ".gz" else open
    with opener(p, "rb") as fh:  # type: ignore[operator]
        return [orjson.loads(line) for line in fh]


@pytest.fixture(scope="module")
def small_scenario() -> Any:
    # two days of the small scenario keep the module fast while every population and campaign runs
    return load_scenario("small").with_days(2)


@pytest.fixture(scope="module")
def small_run(tmp_path_factory: pytest.TempPathFactory, small_scenario: Any) -> tuple[Path, Any]:
    out = tmp_path_factory.mktemp("sim")
    return out, simulate(small_scenario, seed=7, out=out)


def test_files_written(small_run: tuple[Path, Any]) -> None:
    out, summary = small_run
    assert sorted(p.name for p in out.iterdir()) == ["accounts.jsonl", "events.parquet", "labels.jsonl", "scenario.toml"]
    assert summary.events == pq.ParquetFile(out / "events.parquet").metadata.num_rows > 5000


def test_events_obey_events_md(small_run: tuple[Path, Any]) -> None:
    out, _ = small_run
    t = pq.read_table(out / "events.parquet")
    assert t.column_names[: len(EVENT_FIELDS)] == [f.name for f in EVENT_FIELDS]
    assert set(t.column_names[len(EVENT_FIELDS):]) <= {"end_user"}
    assert t.schema.field("ts").type == pa.timestamp("ms", tz="UTC")
    for name in REQUIRED_EVENT_FIELDS:
        assert t.column(name).null_count == 0, name
    rows = t.to_pylist()
    _check_rows(rows, EVENT_FIELDS, "events")
    ids = [r["request_id"] for r in rows]
    assert len(set(ids)) == len(ids), "request_id must be unique"
    ts = [r["ts"] for r in rows]
    assert ts == sorted(ts), "events are written in time order"
    for r in rows[:: max(1, len(rows) // 2000)]:
        ip = ipaddress.ip_address(r["ip"])
        assert ip.version == 4 and ip.is_global, r["ip"]
        assert len(r["country"]) == 2 and r["asn"] > 0
        assert r["status"] in (200, 429, 500)
        if r["max_tokens"] is not None and r["status"] == 200:
            assert r["output_tokens"] <= r["max_tokens"] * (r["n"] or 1)


def test_accounts_and_labels_obey_events_md(small_run: tuple[Path, Any]) -> None:
    out, _ = small_run
    accounts, labels = _jsonl(out / "accounts.jsonl"), _jsonl(out / "labels.jsonl")
    _check_rows(accounts, ACCOUNT_FIELDS, "accounts")
    _check_rows(labels, LABEL_FIELDS, "labels")
    assert [a["account_id"] for a in accounts] == [l["account_id"] for l in labels]
    assert {l["label"] for l in labels} == {"benign", "attack"}
    for l in labels:
        assert (l["label"] == "attack") == bool(l["campaign"]), l


def test_labels_match_the_scenario(small_run: tuple[Path, Any], small_scenario: Any) -> None:
    out, summary = small_run
    labels = _jsonl(out / "labels.jsonl")
    per = Counter(l["scenario"] for l in labels)
    sc = small_scenario
    for name in ("chat-user", "edu-chat-user", "heavy-chat-user", "api-app", "batch-classifier", "coding-agent", "eval-harness"):
        assert per[name] == sc.populations[name]["accounts"], name
    egress = sc.populations["company-egress"]
    assert per["company-egress"] == egress["accounts"] * egress["employees"]
    for c in sc.campaigns:
        scen = CAMPAIGN_KINDS[c["kind"]]
        grow = 1.5 if (c.get("evasions") or {}).get("more_accounts") else 1.0
        keys = ("takeover_accounts", "fresh_accounts") if c["kind"] == "hydra" else ("accounts",)
        assert per[scen] == sum(round(c[k] * grow) for k in keys), scen
    # every labelled account has traffic; every account in the traffic is labelled
    t = pq.read_table(out / "events.parquet", columns=["account_id", "ts"])
    seen = set(t.column("account_id").to_pylist())
    assert seen == {l["account_id"] for l in labels}
    assert summary.accounts_by_scenario == dict(sorted(per.items()))
    # taken-over accounts: honest history strictly before attack_start
    takeover = [l for l in labels if l.get("attack_start")]
    assert len(takeover) == sc.campaigns[0]["takeover_accounts"]
    first: dict[str, int] = {}
    for a, ts in zip(t.column("account_id").to_pylist(), t.column("ts").to_pylist()):
        ms = int(ts.timestamp() * 1000)
        first[a] = min(first.get(a, ms), ms)
    assert all(first[l["account_id"]] < parse_ts(l["attack_start"])[0] for l in takeover)


def test_low_and_slow_accounts_stay_small(small_run: tuple[Path, Any]) -> None:
    out, _ = small_run
    labels = {l["account_id"]: l["scenario"] for l in _jsonl(out / "labels.jsonl")}
    n = Counter(a for a in pq.read_table(out / "events.parquet", columns=["account_id"]).column("account_id").to_pylist()
                if labels[a] == "low-and-slow")
    assert n and max(n.values()) < 60


def test_no_single_field_gives_attacks_away(small_run: tuple[Path, Any]) -> None:
    out, _ = small_run
    labels = {l["account_id"]: l["label"] for l in _jsonl(out / "labels.jsonl")}
    t = pq.read_table(out / "events.parquet", columns=["account_id", "user_agent", "model", "endpoint", "asn"]).to_pylist()
    for col in ("user_agent", "model", "endpoint", "asn"):
        def key(v: Any) -> Any:
            return str(v).split("/")[0].split(" ")[0] if col == "user_agent" else v
        honest = {key(r[col]) for r in t if labels[r["account_id"]] == "benign"}
        attack = [key(r[col]) for r in t if labels[r["account_id"]] == "attack"]
        shared = sum(v in honest for v in attack) / len(attack)
        assert shared > 0.6, f"{col}: only {shared:.0%} of attack requests share a value with honest traffic"


def test_scenario_copy_round_trips(small_run: tuple[Path, Any], small_scenario: Any) -> None:
    out, _ = small_run
    again = load_scenario(out / "scenario.toml")
    assert again == small_scenario


def _digest(d: Path) -> dict[str, str]:
    out = {}
    for name in ("accounts.jsonl", "labels.jsonl", "scenario.toml"):
        out[name] = hashlib.sha256((d / name).read_bytes()).hexdigest()
    out["events"] = hashlib.sha256(orjson.dumps(pq.read_table(d / "events.parquet").to_pylist(), default=str)).hexdigest()
    return out


def test_deterministic_per_seed(tmp_path: Path) -> None:
    sc = load_scenario("demo").with_days(1)
    a = _digest(_run(sc, 3, tmp_path / "a"))
    b = _digest(_run(sc, 3, tmp_path / "b"))
    c = _digest(_run(sc, 4, tmp_path / "c"))
    assert a == b
    assert a["events"] != c["events"] and a["accounts.jsonl"] != c["accounts.jsonl"]


def _run(sc: Any, seed: int, out: Path) -> Path:
    simulate(sc, seed=seed, out=out)
    return out


def test_jsonl_format_matches_parquet(tmp_path: Path) -> None:
    sc = load_scenario("demo").with_days(1)
    simulate(sc, seed=5, out=tmp_path / "p")
    simulate(sc, seed=5, out=tmp_path / "j", fmt="jsonl")
    rows = _jsonl(tmp_path / "j" / "events.jsonl.gz")
    _check_rows(rows, EVENT_FIELDS, "jsonl events")
    pq_rows = pq.read_table(tmp_path / "p" / "events.parquet").to_pylist()
    assert len(rows) == len(pq_rows)
    for a, b in zip(rows[:200], pq_rows[:200]):
        assert parse_ts(a["ts"])[0] == int(b["ts"].timestamp() * 1000)
        assert {k: v for k, v in b.items() if v is not None and k != "ts"} == {k: v for k, v in a.items() if k != "ts"}


@pytest.mark.slow
def test_days_override_scales_volume(tmp_path: Path) -> None:
    sc = load_scenario("demo")
    one = simulate(sc, seed=2, out=tmp_path / "one")
    two = simulate(sc, seed=2, out=tmp_path / "two", days=2 * sc.days)
    assert one.days == sc.days and two.days == 2 * sc.days
    assert 1.6 < two.events / one.events < 2.4
    assert one.accounts == two.accounts


def test_bad_scenarios_are_reported(tmp_path: Path) -> None:
    p = tmp_path / "bad.toml"
    p.write_text('name = "x"\n[[campaigns]]\nkind = "nope"\n')
    with pytest.raises(DistillguardError, match="kind"):
        load_scenario(p)
    p.write_text('name = "x"\n[populations.martians]\naccounts = 3\n')
    with pytest.raises(DistillguardError, match="martians"):
        load_scenario(p)
    with pytest.raises(DistillguardError, match="no scenario"):
        load_scenario(tmp_path / "missing.toml")
    with pytest.raises(DistillguardError, match="format"):
        simulate(load_scenario("demo"), seed=1, out=tmp_path / "o", fmt="csv")


def test_demo_traffic_is_small_fast_and_labelled() -> None:
    import time

    from distillguard.fixtures import demo_traffic

    t0 = time.perf_counter()
    events, accounts, labels = demo_traffic(0)
    took = time.perf_counter() - t0
    assert 15_000 <= events.num_rows <= 45_000
    assert took < 6.0  # < 3 s on an idle core; slack for a shared machine
    assert set(events.column("account_id").to_pylist()) == set(labels.column("account_id").to_pylist())
    assert accounts.column("account_id").to_pylist() == labels.column("account_id").to_pylist()
    scen = set(labels.column("scenario").to_pylist())
    seed_kinds = {"hydra-distillation", "broad-distillation", "reasoning-coercion", "logit-extraction", "low-and-slow", "reseller-proxy"}
    assert seed_kinds <= scen and {"eval-harness", "batch-classifier", "coding-agent"} <= scen
    e2, _, _ = demo_traffic(0)
    assert e2.equals(events)
