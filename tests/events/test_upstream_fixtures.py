"""Every adapter, on payloads shaped exactly as the upstream project writes them, reads back to its
canonical twin and scans to the same findings (issue 12, "Done when").

The fixtures in ``tests/fixtures/logs/upstream/`` hold one story (``story.jsonl``, twelve requests
of a student, a logprob harvester and a service key with no user) as each tool exports it.  The
twin of a fixture is the story limited to what that format can carry, with the format's own
identity default and ids; ``docs/formats.md`` lists the same limits.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pytest

from distillguard.events.readers import FileStats, ReadOptions, read_events
from distillguard.events.rejects import RejectList
from distillguard.events.schema import EVENT_FIELDS, EVENTS_ARROW_SCHEMA
from distillguard.scan import Scan

UPSTREAM = Path(__file__).resolve().parents[1] / "fixtures" / "logs" / "upstream"
_spec = importlib.util.spec_from_file_location("upstream_make", UPSTREAM / "make.py")
assert _spec is not None and _spec.loader is not None
make = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make)

STORY = [orjson.loads(x) for x in (UPSTREAM / "story.jsonl").read_bytes().splitlines()]
CANONICAL = [f.name for f in EVENT_FIELDS]
_REQUEST = ("system", "prompt", "response", "turn", "input_tokens", "output_tokens", "temperature", "top_p", "max_tokens", "finish_reason")


def _who(ev: dict[str, Any]) -> dict[str, Any]:
    return make._who(ev)


def _keep(ev: dict[str, Any], fields: tuple[str, ...], **changes: Any) -> dict[str, Any]:
    out = {k: ev[k] for k in fields if k in ev}
    out.update({k: v for k, v in changes.items()})
    return {k: v for k, v in out.items() if v is not None}


def _seconds(ev: dict[str, Any]) -> str:
    """The ``Date`` header has whole seconds."""
    return datetime.fromisoformat(ev["ts"].replace("Z", "+00:00")).replace(microsecond=0).isoformat()


def _litellm(ev: dict[str, Any], i: int) -> dict[str, Any]:
    return dict(ev)


def _otel(latest: bool) -> Callable[[dict[str, Any], int], dict[str, Any]]:
    def twin(ev: dict[str, Any], i: int) -> dict[str, Any]:
        who = _who(ev)
        user = who["user"] or None
        fields = ("ts", "ip", "user_agent", "model", "endpoint", "latency_ms", *_REQUEST)
        if latest:
            fields += ("conversation_id", "stream", "reasoning", "tools_n", "n")
        return _keep(
            ev, fields,
            request_id=make._span_ids(i)[0].hex(),
            account_id=user or who["service"],  # no enduser.id: the calling service, noted
            end_user=user,
            reasoning_tokens=(ev.get("reasoning_tokens") or None) if latest else None,
        )
    return twin


def _langfuse(page: bool) -> Callable[[dict[str, Any], int], dict[str, Any]]:
    def twin(ev: dict[str, Any], i: int) -> dict[str, Any]:
        user = _who(ev)["user"] or None
        fields = ("ts", "request_id", "model", "endpoint", "latency_ms", "reasoning_tokens", "n", "logprobs", "top_logprobs",
                  "logit_bias_n", "reasoning", "tools_n", "stream", *_REQUEST)
        if page:  # an observations page has no trace: no user, no session; the project is the principal
            return _keep(ev, fields, account_id="langfuse-project:cm0uni", conversation_id=f"trace-{make._tail(ev)}", finish_reason=None)
        return _keep(ev, fields, account_id=user or "langfuse-project:production", end_user=user,
                     conversation_id=ev["conversation_id"], finish_reason=None)
    return twin


def _raw_openai(ev: dict[str, Any], i: int) -> dict[str, Any]:
    who = _who(ev)
    fields = ("end_user", "user_agent", "model", "endpoint", "latency_ms", "reasoning_tokens", "n", "logprobs", "top_logprobs",
              "logit_bias_n", "reasoning", "tools_n", "stream", *_REQUEST)
    return _keep(ev, fields, ts=_seconds(ev), request_id=f"req_{make._tail(ev)}", account_id=who["org"], org_id=who["org"], status=200)


def _raw_anthropic(ev: dict[str, Any], i: int) -> dict[str, Any]:
    who = _who(ev)
    fields = ("user_agent", "endpoint", "latency_ms", "tools_n", "stream", "system", "prompt", "response", "turn",
              "input_tokens", "output_tokens", "temperature", "max_tokens")
    return _keep(ev, fields, ts=_seconds(ev), request_id=f"req_011C{make._tail(ev)}", account_id=who["org"], org_id=who["org"],
                 model="claude-sonnet-4-20250514", status=200, reasoning="4096" if ev.get("reasoning") else None,
                 finish_reason="max_tokens" if ev["finish_reason"] == "length" else "end_turn")


TWINS: dict[str, tuple[str, Callable[[dict[str, Any], int], dict[str, Any]]]] = {
    "litellm_spendlogs_db.jsonl": ("litellm", _litellm),
    "litellm_spendlogs_db.csv": ("litellm", _litellm),
    "litellm_spend_logs_api.json": ("litellm", _litellm),
    "litellm_standard_logging_payload.jsonl": ("litellm", _litellm),
    "otel_genai_v1_36.json": ("otel", _otel(latest=False)),
    "otel_genai_latest.jsonl": ("otel", _otel(latest=True)),
    "langfuse_trace_downloads.jsonl": ("langfuse", _langfuse(page=False)),
    "langfuse_observations_page.json": ("langfuse", _langfuse(page=True)),
    "raw_openai_pairs.jsonl": ("openai", _raw_openai),
    "raw_anthropic_cassette.json": ("anthropic", _raw_anthropic),
}


def _read(path: Path) -> tuple[pa.Table, RejectList, FileStats]:
    bad = RejectList()
    opts = ReadOptions()
    batches = list(read_events([path], rejects=bad, options=opts))
    return pa.Table.from_batches(batches, schema=EVENTS_ARROW_SCHEMA), bad, opts.files[0]


def _rows(t: pa.Table) -> list[dict[str, Any]]:
    rows = t.select(CANONICAL).to_pylist()
    return sorted(rows, key=lambda r: (r["ts"], r["request_id"]))


def _twin_table(name: str, tmp_path: Path) -> tuple[Path, pa.Table]:
    _, twin = TWINS[name]
    p = tmp_path / f"{name}.twin.jsonl"
    p.write_bytes(b"".join(orjson.dumps(twin(ev, i)) + b"\n" for i, ev in enumerate(STORY)))
    t, bad, _ = _read(p)
    assert bad.count == 0, bad.rejects
    return p, t


def test_the_committed_fixtures_are_what_make_py_writes(tmp_path: Path) -> None:
    make.main(tmp_path)
    for name in [*TWINS, "story.jsonl"]:
        assert (tmp_path / name).read_bytes() == (UPSTREAM / name).read_bytes(), f"{name}: regenerate with tests/fixtures/logs/upstream/make.py"


@pytest.mark.parametrize("name", list(TWINS))
def test_fixture_reads_back_to_its_canonical_twin(name: str, tmp_path: Path) -> None:
    fmt, _ = TWINS[name]
    got, bad, stats = _read(UPSTREAM / name)  # --format auto: the format is detected from the first rows
    assert bad.count == 0, bad.rejects
    assert (stats.format, stats.detected) == (fmt, True)
    _, want = _twin_table(name, tmp_path)
    g, w = _rows(got), _rows(want)
    assert len(g) == len(w) == 12
    for a, b in zip(g, w):
        diff = {k: (a[k], b[k]) for k in CANONICAL if a[k] != b[k]}
        assert not diff, (a["request_id"], diff)


def test_each_format_reports_its_epoch_unit_and_identity_notes() -> None:
    _, _, slp = _read(UPSTREAM / "litellm_standard_logging_payload.jsonl")
    assert slp.ts_units == {"ts": "s"}  # StandardLoggingPayload.startTime is epoch seconds, not ms (issue 12)
    _, _, otel = _read(UPSTREAM / "otel_genai_latest.jsonl")
    assert otel.ts_units == {"ts": "ns"}
    assert sum(n for t, n in otel.notes.items() if "service.name" in t) == 4  # the spans of the key without a user
    _, _, db = _read(UPSTREAM / "litellm_spendlogs_db.jsonl")
    assert db.ts_units == {} and db.naive_ts == 12  # Postgres timestamp(3): no offset, read as UTC and counted
    assert sum(n for t, n in db.notes.items() if "API key hash" in t) == 4


@pytest.mark.slow
@pytest.mark.parametrize("name", ["litellm_spendlogs_db.csv", "litellm_standard_logging_payload.jsonl", "otel_genai_v1_36.json",
                                  "otel_genai_latest.jsonl", "langfuse_trace_downloads.jsonl", "raw_openai_pairs.jsonl", "raw_anthropic_cassette.json"])
def test_fixture_scans_to_the_same_findings_as_its_twin(name: str, tmp_path: Path) -> None:
    twin_path, _ = _twin_table(name, tmp_path)
    found = {}
    for label, path in (("fixture", UPSTREAM / name), ("twin", twin_path)):
        result = Scan().run([path], tmp_path / label)
        found[label] = (
            [(a["account_id"], round(a["risk"], 9), a["flagged"], [r["summary"] for r in a["reasons"]]) for a in sorted(result.accounts, key=lambda a: a["account_id"])],
            sorted((c["campaign"], round(c["risk"], 9), sorted(c["accounts"])) for c in result.campaigns),
        )
    assert found["fixture"] == found["twin"]
    assert len(found["fixture"][0]) == 3
