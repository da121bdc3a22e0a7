"""Adapters map realistic OTel, LiteLLM and Langfuse exports onto canonical events."""

from __future__ import annotations

from pathlib import Path

import duckdb
import orjson
import pytest

from distillguard.events.store import events_table, ingest


def _ingest(files: list[Path], fmt: str, tmp_path: Path) -> tuple[dict[str, dict[str, object]], list[dict[str, object]]]:
    con = duckdb.connect()
    rej = tmp_path / f"{fmt}.rejects.jsonl"
    ingest(files, con, rejects_path=rej, format=fmt)
    rows = {str(r["request_id"]): r for r in events_table(con).to_pylist()}
    return rows, [orjson.loads(x) for x in rej.read_bytes().splitlines()]


def test_otel_otlp_json_document(logs: Path, tmp_path: Path) -> None:
    rows, rejects = _ingest([logs / "otel_genai.json"], "otel", tmp_path)
    # the HTTP server span is not a model call
    assert set(rows) == {"eee19b7ec3c1b174", "b7ad6b7169203331", "c0ffee00c0ffee00"}
    r = rows["eee19b7ec3c1b174"]
    assert r["account_id"] == "acct_m.keller" and r["ip"] == "192.0.2.41"
    assert r["ts_ms"] == 1714986842117 and r["latency_ms"] == 2140
    assert (r["model"], r["endpoint"], r["conversation_id"]) == ("gpt-4o-mini", "chat", "conv_7781")
    assert (r["input_tokens"], r["output_tokens"], r["max_tokens"], r["temperature"], r["top_p"]) == (38, 212, 800, 0.7, 1.0)
    assert r["finish_reason"] == "stop" and r["turn"] == 1
    assert r["system"] == "You are a helpful teaching assistant."
    assert r["prompt"] == "Why does my recursive Fibonacci function get so slow for n > 35?"
    assert r["response"] == "Because each call recomputes the same subproblems..."
    attrs = orjson.loads(r["attrs"])  # type: ignore[arg-type]
    assert attrs["trace_id"] == "5b8efff798038103d269b633813fc60c" and attrs["service.name"] == "tutor-backend"
    assert attrs["gen_ai.response.id"] == "chatcmpl-9Lx2"
    h = rows["b7ad6b7169203331"]
    assert h["account_id"] == "acct_7f3a" and h["prompt"].startswith("Answer with a single letter")  # type: ignore[union-attr]
    # a span that names no user is the calling service's (issue 12: OTel GenAI emits no user attribute)
    assert rows["c0ffee00c0ffee00"]["account_id"] == "tutor-backend" and rejects == []


def test_otel_span_per_line(logs: Path, tmp_path: Path) -> None:
    rows, rejects = _ingest([logs / "otel_spans.jsonl"], "otel", tmp_path)
    assert list(rows) == ["5e6f7a8b9c0d1e2f"]  # the console exporter's 0x prefix is dropped: one id, one spelling
    r = rows["5e6f7a8b9c0d1e2f"]
    assert r["account_id"] == "acct_9e1c" and r["max_tokens"] == 8192 and r["output_tokens"] == 3940
    assert r["prompt"].startswith("Think step by step")  # type: ignore[union-attr]
    assert r["response"].startswith("Step 1:")  # type: ignore[union-attr]
    assert r["latency_ms"] == 4512 and r["finish_reason"] == "end_turn"
    assert [(x["line"], x["field"]) for x in rejects] == [(2, "start_time"), (3, "max_tokens")]


def test_litellm_spend_logs(logs: Path, tmp_path: Path) -> None:
    rows, rejects = _ingest([logs / "litellm_spendlogs.jsonl"], "litellm", tmp_path)
    assert len(rows) == 2
    a = rows["chatcmpl-a81f2c3e-5b6d-4e7f-8a9b-0c1d2e3f4a5b"]
    assert (a["account_id"], a["org_id"], a["ip"]) == ("m.keller@cs.example.edu", "org_uni_cs", "192.0.2.41")
    assert a["api_key_id"] == "88dc28d0f030c55ed4ab77ed8faf098196cb1c05df778539800c9f1243fe6b4b"
    assert a["ts_ms"] == 1714986842117 and a["latency_ms"] == 2140  # naive Postgres time is UTC
    assert (a["input_tokens"], a["output_tokens"], a["reasoning_tokens"]) == (38, 212, 0)
    assert (a["max_tokens"], a["temperature"], a["stream"], a["endpoint"]) == (800, 0.7, True, "chat")
    assert a["system"] == "You are a helpful teaching assistant." and a["prompt"].startswith("Why does my recursive")  # type: ignore[union-attr]
    assert a["response"].startswith("Because each call") and a["finish_reason"] == "stop"  # type: ignore[union-attr]
    assert a["conversation_id"] == "conv_7781"
    assert orjson.loads(a["attrs"])["spend"] == pytest.approx(0.00123)  # type: ignore[arg-type]
    b = rows["chatcmpl-b92e3d4f-6c7e-4f80-9bac-1d2e3f4a5b6c"]  # JSON columns exported as text
    assert (b["account_id"], b["user_agent"], b["logprobs"], b["top_logprobs"], b["logit_bias_n"]) == (
        "acct_7f3a", "python-requests/2.31.0", True, 20, 4)
    assert b["response"] == "B" and b["finish_reason"] == "length" and b["max_tokens"] == 1
    assert [(x["line"], x["field"]) for x in rejects] == [(3, "startTime"), (4, "account_id")]


def test_langfuse_observations(logs: Path, tmp_path: Path) -> None:
    rows, rejects = _ingest([logs / "langfuse_observations.json"], "langfuse", tmp_path)
    assert set(rows) == {"obs-a2", "obs-b1"}  # the trace row and the SPAN are not events
    a = rows["obs-a2"]
    assert a["account_id"] == "acct_m.keller" and a["conversation_id"] == "conv_7781"  # from the trace row
    assert (a["temperature"], a["max_tokens"], a["stream"]) == (0.7, 800, True)  # parameters as strings
    assert (a["input_tokens"], a["output_tokens"], a["latency_ms"]) == (38, 212, 2140)
    assert a["prompt"].startswith("Why does my recursive") and a["response"].startswith("Because each call")  # type: ignore[union-attr]
    b = rows["obs-b1"]
    assert (b["account_id"], b["max_tokens"], b["output_tokens"], b["conversation_id"]) == ("acct_9e1c", 8192, 3940, "trace-9c1d")
    assert b["prompt"].startswith("Think step by step")  # type: ignore[union-attr]
    assert [(x["line"], x["field"]) for x in rejects] == [(5, "account_id")]


def test_adapters_dedupe_like_canonical(logs: Path, tmp_path: Path) -> None:
    con = duckdb.connect()
    for _ in range(2):
        s = ingest([logs / "otel_genai.json", logs / "otel_spans.jsonl"], con, rejects_path=tmp_path / "r.jsonl", format="otel")
    assert (s.rows_loaded, s.duplicates, s.rejected) == (0, 4, 2)
    assert con.execute("select count(*) from events").fetchone() == (4,)
