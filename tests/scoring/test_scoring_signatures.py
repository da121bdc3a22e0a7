"""Ban and return across two scans (issue 14 item 3): the first scan's campaigns are written to a
signatures file; the second scan, over the traffic after the ban, flags the returning accounts from
their first requests and names the earlier campaign, and flags no honest account by a match."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from distillguard.errors import DistillguardError
from distillguard.evaluate import evaluate
from distillguard.features.text import HASH_SCHEME
from distillguard.scan import Scan
from distillguard.scoring.signatures import enough, read_signatures, strength, write_signatures
from distillguard.simulate import load_scenario, simulate


def test_a_match_needs_something_the_operator_pays_or_writes_for() -> None:
    assert not enough({"asn", "user_agent", "prefix"})  # shared infrastructure and client alone
    assert not enough({"head"})  # one phrase alone
    assert enough({"payment", "prefix"}) and enough({"head", "tail"})
    assert strength({"payment", "head"}) > strength({"head", "tail"}) > strength({"asn", "user_agent"})


def test_signatures_file_round_trip_and_bad_lines(tmp_path: Path) -> None:
    f = tmp_path / "sigs.jsonl"
    assert read_signatures(f) == []  # not written yet: nothing known
    old = {"campaign": "c-1", "risk": 0.9, "accounts": 3, "values": {"payment": ["card-9"]}}
    write_signatures(f, [], [old])
    write_signatures(f, read_signatures(f), [{"campaign": "c-2", "risk": 0.8, "accounts": 2, "values": {"head": ["rate how"]}}])
    assert [s["campaign"] for s in read_signatures(f)] == ["c-1", "c-2"]
    f.write_text(f.read_text() + "{not json\n")
    with pytest.raises(DistillguardError) as e:
        read_signatures(f)
    assert "line 3" in e.value.message and e.value.source is not None and e.value.source.line == 3
    f.write_text(json.dumps({"campaign": "c-3", "risk": 0.9, "values": {"payment": "card-9"}}) + "\n")
    with pytest.raises(DistillguardError) as e:
        read_signatures(f)
    assert "line 1" in e.value.message and e.value.source.field == "values"


def test_a_signature_of_another_text_hash_keeps_only_its_unhashed_kinds(tmp_path: Path) -> None:
    """A file written before the text hash changed (no ``hash``, BLAKE2b template values) cannot
    match this build's templates; its cards and phrases still count, and this build's signatures
    keep theirs."""
    f = tmp_path / "sigs.jsonl"
    values = {"payment": ["card-9"], "template": ["-4211"], "system": ["77"], "head": ["rate how"]}
    f.write_text(json.dumps({"campaign": "c-old", "risk": 0.9, "values": values}) + "\n"
                 + json.dumps({"campaign": "c-new", "risk": 0.9, "values": values, "hash": HASH_SCHEME}) + "\n")
    old, new = read_signatures(f)
    assert old["values"] == {"payment": ["card-9"], "head": ["rate how"]} and old["stale_kinds"] == ["system", "template"]
    assert new["values"] == values and "stale_kinds" not in new


def _split(src: Path, out: Path, at_ms: int) -> tuple[Path, Path]:
    """The log before ``at_ms`` and from it on, each with the accounts table."""
    t = pq.read_table(src / "events.parquet")
    ms = pc.cast(t.column("ts"), pa.int64())
    parts = []
    for name, mask in (("before", pc.less(ms, at_ms)), ("after", pc.greater_equal(ms, at_ms))):
        d = out / name
        d.mkdir(parents=True)
        pq.write_table(t.filter(mask), d / "events.parquet")
        parts.append(d)
    return parts[0], parts[1]


@pytest.fixture(scope="module")
def two_scans(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    d = tmp_path_factory.mktemp("ban-and-return")
    simulate(load_scenario("hiding-small"), seed=1, out=d / "log", corpora=shared_data)
    labels = {r["account_id"]: r for r in map(json.loads, (d / "log" / "labels.jsonl").read_text().splitlines())}
    back = sorted(a for a, r in labels.items() if r.get("scenario") == "ban-and-return" and r.get("wave") == "2")
    t = pq.read_table(d / "log" / "events.parquet", columns=["ts", "account_id"])
    ms = pc.cast(t.column("ts"), pa.int64())
    at = pc.min(ms.filter(pc.is_in(t.column("account_id"), pa.array(back)))).as_py()
    before, after = _split(d / "log", d, at)
    accounts = [d / "log" / "accounts.jsonl"]
    sigs = d / "signatures.jsonl"
    first = Scan(signatures=sigs).run([before / "events.parquet"], before / "f", accounts_paths=accounts)
    known = read_signatures(sigs)
    second = Scan(signatures=sigs).run([after / "events.parquet"], after / "f", accounts_paths=accounts)
    plain = Scan().run([after / "events.parquet"], after / "plain", accounts_paths=accounts)
    ev = {name: evaluate(d / "log" / "labels.jsonl", after / name / "accounts.jsonl", after / name / "campaigns.jsonl",
                         after / "events.parquet").to_dict() for name in ("f", "plain")}
    return {"labels": labels, "back": back, "first": first, "known": known, "second": second, "plain": plain, "ev": ev,
            "written": read_signatures(sigs)}


def test_the_first_scan_writes_its_campaigns_signatures(two_scans: dict) -> None:
    first_ids = {c["campaign"] for c in two_scans["first"].campaigns}
    assert two_scans["known"] and {s["campaign"] for s in two_scans["known"]} <= first_ids
    assert two_scans["first"].summary["signatures"]["new"] == len(two_scans["known"])
    assert all(s["hash"] == HASH_SCHEME for s in two_scans["known"]) and two_scans["second"].summary["signatures"]["stale_hash"] == 0
    # the second scan wrote its own campaigns' next to the first's
    assert {s["campaign"] for s in two_scans["known"]} < {s["campaign"] for s in two_scans["written"]}


def test_the_returning_wave_is_flagged_at_once_and_named(two_scans: dict) -> None:
    known = {s["campaign"] for s in two_scans["known"]}
    rows = {a["account_id"]: a for a in two_scans["second"].accounts}
    for a in two_scans["back"]:
        r = rows[a]
        named = [x for x in r["reasons"] if x["detector"] == "known-campaign"]
        assert r["flagged"] and named and named[0]["campaign"] in known, r["reasons"][:3]
        assert r["events_before_flag"] <= 5, r["events_before_flag"]

    def wave(name: str) -> dict:
        c = next(c for c in two_scans["ev"][name]["campaigns"] if c["scenario"] == "ban-and-return")
        return next(w for w in c["waves"] if w["wave"] == "2")

    # within its first 1 % of requests (the aim), and earlier than without the signatures
    assert wave("f")["before_flag_share"] <= 0.01 < wave("plain")["before_flag_share"]


def test_no_honest_account_is_flagged_by_a_match(two_scans: dict) -> None:
    labels = two_scans["labels"]
    for a in two_scans["second"].accounts:
        if any(x["detector"] == "known-campaign" for x in a["reasons"]) and a["flagged"]:
            assert labels[a["account_id"]]["label"] == "attack", a["account_id"]
    assert two_scans["ev"]["f"]["overall"]["honest_flagged"] == two_scans["ev"]["plain"]["overall"]["honest_flagged"] == 0
