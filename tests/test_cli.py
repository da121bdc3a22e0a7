"""The command line: exit codes, one-line errors, --version/--json/--quiet/--top, hostile text kept
inert on a terminal, and paths that do not wrap when piped (issues 11 item 5 and 12)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from distillguard import __version__
from distillguard.cli import app, visible
from distillguard.fixtures import demo_traffic

runner = CliRunner()

# ESC[2J clears the screen, OSC 0 sets the window title, U+202E reverses the text that follows
CLEAR, TITLE, BIDI = "\x1b[2J", "\x1b]0;owned\x07", "\u202e"


def _invoke(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


def _jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    return path


@pytest.fixture(scope="module")
def hostile_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, set[str]]:
    """The demo log with the campaign's accounts and user agents renamed to terminal attacks."""
    d = tmp_path_factory.mktemp("hostile")
    events, accounts, labels = demo_traffic(0)
    attack = [r["account_id"] for r in labels.to_pylist() if r["label"] == "attack"]
    rename = {a: f"acct{CLEAR}{TITLE}{BIDI}{i}" for i, a in enumerate(attack)}

    def renamed(t: pa.Table) -> pa.Table:
        ids = [rename.get(a, a) for a in t.column("account_id").to_pylist()]
        return t.set_column(t.schema.get_field_index("account_id"), "account_id", pa.array(ids, pa.string()))

    events = renamed(events)
    is_attack = pc.is_in(events.column("account_id"), pa.array(list(rename.values())))
    ua = pc.if_else(is_attack, pa.scalar(f"python-httpx{CLEAR}/0.27"), events.column("user_agent"))
    events = events.set_column(events.schema.get_field_index("user_agent"), "user_agent", ua)
    pq.write_table(events, d / "events.parquet")
    pq.write_table(renamed(accounts), d / "accounts.parquet")
    return d / "events.parquet", d / "accounts.parquet", set(rename.values())


def test_visible_makes_control_and_bidi_characters_inert() -> None:
    assert visible(f"a{CLEAR}b") == "a\\x1b[2Jb"
    assert visible(TITLE) == "\\x1b]0;owned\\x07"
    assert visible(f"x{BIDI}y\x9b\u2066") == "x\\u202ey\\x9b\\u2066"
    assert visible("line\nbreak\ttab") == "line\\nbreak\\ttab"
    assert visible("ünïcode ok 中文") == "ünïcode ok 中文"


def test_version() -> None:
    code, out, _ = _invoke("--version")
    assert code == 0 and out.strip() == f"distillguard {__version__}"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    log = _jsonl(tmp_path / "a.jsonl", [{"ts": 1714564800000, "request_id": "r1", "account_id": "a1"}])
    assert _invoke("scan", str(log), "--no-such-option")[0] == 2
    code, _, err = _invoke("scan", str(log), "--out", str(tmp_path / "o"), "--set", "ingest.max_bad_fraction=abc")
    assert code == 2 and "max_bad_fraction" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    code, _, err = _invoke("scan", str(log), "--out", str(tmp_path / "o"), "--format", "splunk")
    assert code == 2 and "unknown --format" in err
    code, _, err = _invoke("scan", str(log), "--out", str(tmp_path / "o"), "--ts-unit", "hours")
    assert code == 2 and "epoch unit" in err


def test_input_unusable_exits_3_with_one_line(tmp_path: Path) -> None:
    code, _, err = _invoke("scan", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "o"))
    assert code == 3 and "missing.jsonl: no such file" in err and "Traceback" not in err
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    code, _, err = _invoke("scan", str(empty), "--out", str(tmp_path / "o2"), "--no-progress")
    assert code == 3 and "no event was loaded" in err
    # --out names a file
    log = _jsonl(tmp_path / "a.jsonl", [{"ts": 1714564800000, "request_id": "r1", "account_id": "a1"}])
    (tmp_path / "taken").write_text("a file")
    code, _, err = _invoke("scan", str(log), "--out", str(tmp_path / "taken"))
    assert code == 3 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    # a corrupt database in --out: a fresh scan starts clean, adding to it (--append) cannot
    (tmp_path / "o3").mkdir()
    (tmp_path / "o3" / "scan.duckdb").write_bytes(b"not a database" * 100)
    code, _, err = _invoke("scan", str(log), "--out", str(tmp_path / "o3"), "--append")
    assert code == 3 and "Traceback" not in err and len(err.strip().splitlines()) <= 2, err
    assert _invoke("scan", str(log), "--out", str(tmp_path / "o3"))[0] == 0


def test_a_log_without_identity_fails_naming_the_fix(tmp_path: Path) -> None:
    # issue 12: LiteLLM/OTel defaults gave no account, 100 % rejected, and the run exited 0
    rows = [{"ts": 1714564800 + i, "request_id": f"r{i}", "api_key_id": f"key-{i % 3}", "end_user": f"u{i}"} for i in range(12)]
    log = _jsonl(tmp_path / "keys.jsonl", rows)
    code, _, err = _invoke("scan", str(log), "--out", str(tmp_path / "o"), "--no-progress")
    assert code == 3
    assert "every row lacks account_id: pass --account-key api_key_id" in err
    assert "rejects" in err  # where each row went
    code, out, _ = _invoke("scan", str(log), "--out", str(tmp_path / "o2"), "--no-progress", "--account-key", "api_key_id")
    assert code == 0 and "12 events from 3 accounts" in out
    assert "ts in epoch seconds (by magnitude, from line 1)" in out  # the unit choice is reported
    assert f"rejects: {tmp_path / 'o2' / 'rejects.jsonl'}" in out


def test_more_than_half_rejected_fails_with_the_commonest_reason(tmp_path: Path) -> None:
    rows = [{"ts": "soon", "request_id": f"r{i}", "account_id": "a1"} for i in range(6)]
    rows += [{"ts": "2024-05-01T12:00:00Z", "request_id": f"g{i}", "account_id": "a1"} for i in range(4)]
    log = _jsonl(tmp_path / "bad.jsonl", rows)
    code, _, err = _invoke("scan", str(log), "--out", str(tmp_path / "o"), "--no-progress")
    assert code == 3 and "6 of 10 rows rejected for ts: not a timestamp" in err and "RFC 3339" in err
    # a lower bar in force lets it through, and the summary still names the reason
    code, out, _ = _invoke("scan", str(log), "--out", str(tmp_path / "o2"), "--no-progress", "--max-bad-fraction", "0.7")
    assert code == 0 and "commonest rejects: ts: not a timestamp ×6" in out


def test_auto_format_says_what_it_read(tmp_path: Path) -> None:
    spend = [{"request_id": f"chatcmpl-{i}", "call_type": "acompletion", "api_key": "88dc28d0f030c55e", "user": "",
              "startTime": f"2025-01-24 09:20:{10 + i}.847371", "endTime": f"2025-01-24 09:20:{11 + i}.001000",
              "model": "gpt-4o", "spend": 0.0002, "metadata": "{}", "messages": "{}", "response": "{}", "proxy_server_request": "{}"}
             for i in range(5)]
    log = _jsonl(tmp_path / "spend.json", spend)
    code, out, _ = _invoke("scan", str(log), "--out", str(tmp_path / "o"), "--no-progress")
    assert code == 0, out
    assert "read as litellm (detected)" in out and "5 timestamps without offset read as UTC" in out
    assert "account_id is the API key hash" in out


@pytest.mark.slow
def test_hostile_ids_are_inert_and_json_summary_is_machine_readable(hostile_demo: tuple[Path, Path, set[str]], tmp_path: Path) -> None:
    events, accounts, hostile = hostile_demo
    out_dir = tmp_path / "o"
    r = runner.invoke(app, ["scan", str(events), "--accounts", str(accounts), "--out", str(out_dir), "--json", "--top", "3", "--fail-on-flag"])
    assert r.exit_code == 1  # flagged, and asked to fail on it
    assert "\x1b" not in r.stdout and "\u202e" not in r.stdout
    s = orjson.loads(r.stdout)
    assert s["exit_code"] == 1 and s["flagged"] >= 3 and len(s["top_accounts"]) == 3
    assert {a["account_id"] for a in s["top_accounts"]} <= hostile | {a["account_id"] for a in s["top_accounts"]}
    assert s["files"][0]["format"] == "events" and s["outputs"]["rejects"].endswith("rejects.jsonl")
    flagged = [orjson.loads(x) for x in (out_dir / "accounts.jsonl").read_bytes().splitlines()]
    assert sum(1 for a in flagged if a["flagged"]) == s["flagged"]  # full detail lives in the files


@pytest.mark.slow
def test_terminal_output_through_a_pipe(hostile_demo: tuple[Path, Path, set[str]], tmp_path: Path) -> None:
    events, accounts, hostile = hostile_demo
    out_dir = tmp_path / ("a-rather-long-output-directory-name-" * 6)  # longer than the terminal is wide
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm-256color"}
    p = subprocess.run(
        [sys.executable, "-m", "distillguard", "scan", str(events), "--accounts", str(accounts), "--out", str(out_dir), "--top", "5"],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert p.returncode == 0, p.stderr
    # no escape sequence from the log reaches the terminal: not the clear-screen, not the title, not the bidi override
    assert "\x1b" not in p.stdout and "\x07" not in p.stdout and "\u202e" not in p.stdout
    assert "\\x1b[2J" in p.stdout and "\\u202e" in p.stdout  # shown as escapes instead
    assert "Flagged accounts" in p.stdout and "top 5" in p.stdout
    # the closing paths are whole lines, however narrow the terminal
    assert len(str(out_dir)) > 160
    lines = p.stdout.splitlines()
    assert f"findings: {out_dir / 'accounts.jsonl'}" in lines
    assert f"rejects: {out_dir / 'rejects.jsonl'}" in lines
    quiet = subprocess.run(
        [sys.executable, "-m", "distillguard", "scan", str(events), "--accounts", str(accounts), "--out", str(tmp_path / "q"), "--quiet"],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
