"""Fuzzed readers (issue 12, must-have 6): for every format, a property test writes at least 10,000
rows per format, valid ones mixed with malformed ones (byte flips, truncation, wrong types, NaN,
infinite and out-of-range timestamps, invalid UTF-8, NUL, BOM, CRLF, enormous lines, deep
nesting), reads them, and checks that

* nothing raises;
* every valid row is loaded exactly once (by its source line), with its values;
* every bad row is in the rejects with file, line, reason, and the field where one is at fault;
* every line is accounted for: loaded or rejected, never both, never neither.

Hypothesis draws the seed of each file and runs derandomised with a fixed number of examples, so CI
time is stable; a failure reports the seed that rebuilds the file.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import math
import random
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from distillguard.events.adapters import ADAPTERS
from distillguard.events.readers import FileStats, iter_batches
from distillguard.events.rejects import RejectList

UPSTREAM = Path(__file__).resolve().parents[1] / "fixtures" / "logs" / "upstream"
_spec = importlib.util.spec_from_file_location("upstream_make", UPSTREAM / "make.py")
assert _spec is not None and _spec.loader is not None
make = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make)

ROWS = 250  # rows per example
EXAMPLES = 42  # examples per format: 42 x 250 = 10,500 rows
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
T0 = 1_714_564_800_000
#: hypothesis explores seeds; each seed builds a whole file of ROWS rows (fast to make, trivial to shrink)
SEEDS = st.integers(0, 2**32 - 1)

_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789 .,?!-_:/\n\tü中ñ\x00\x1b\u202e"


def _dumps(v: Any) -> bytes:
    """JSON as the tools write it (the standard library: no depth limit of 254 as orjson has)."""
    return json.dumps(v, ensure_ascii=False, separators=(", ", ": ")).encode("utf-8", "surrogatepass")


def _nested(depth: int) -> Any:
    v: Any = "leaf"
    for i in range(depth):
        v = [v] if i % 2 else {"k": v}
    return v


def _word(rng: random.Random, lo: int = 0, hi: int = 40) -> str:
    return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(lo, hi)))


_OFFSETS = ("Z", "+02:00", "-05:30", "")


def _valid_event(rng: random.Random, n: int) -> dict[str, Any]:
    ms = rng.randint(T0, T0 + 10**10)
    ts: Any = ms if rng.random() < 0.5 else (
        f"2024-05-{1 + ms % 28:02d}T{ms % 24:02d}:{ms % 60:02d}:{ms % 59:02d}.{ms % 1000:03d}{_OFFSETS[ms % 4]}")
    row: dict[str, Any] = {"ts": ts, "request_id": f"r{n}", "account_id": rng.choice(["acct_1", "acct_2", "acct ü", "acct\x1b[2J", "7"])}
    for k in rng.sample(["prompt", "system", "model", "ip", "user_agent", "end_user", "turn", "max_tokens", "temperature",
                         "logprobs", "stream", "tenant", "meta"], rng.randint(0, 6)):
        if k in ("turn", "max_tokens"):
            row[k] = rng.choice([rng.randint(0, 10**6), str(rng.randint(0, 10**6)), 2.0])
        elif k == "temperature":
            row[k] = rng.choice([rng.uniform(0, 2), "0.7", "1", 1])
        elif k in ("logprobs", "stream"):
            row[k] = rng.choice([True, False, "true", "0", 1])
        elif k == "meta":
            row[k] = rng.choice([_nested(3), _nested(300), {"a": [1, 2, {"b": None}]}])
        else:
            row[k] = _word(rng)
    if rng.random() < 0.005:
        row["prompt"] = "long " * 200_000  # an enormous line (1 MB)
    return row


def _bad_events(n: int) -> list[tuple[bytes, str | None]]:
    """Malformed rows whose fault is known: (text, field at fault or None for the whole row)."""
    ok = {"ts": T0, "request_id": f"r{n}", "account_id": "a"}

    def j(**kw: Any) -> bytes:
        return _dumps({**ok, **kw})

    return [
        (j(turn="two"), "turn"), (j(max_tokens=1e300), "max_tokens"), (j(max_tokens=2**70), "max_tokens"),
        (j(logprobs="maybe"), "logprobs"), (j(temperature="warm"), "temperature"), (j(temperature=[1]), "temperature"),
        (j(ts="soon"), "ts"), (j(ts="2026-10-01X00:00:00Z"), "ts"), (j(ts="--1714564800000"), "ts"), (j(ts="\u00b2"), "ts"),
        (j(ts="\u0661\u0667\u0661\u0664"), "ts"), (j(ts=10**16), "ts"), (j(ts=2**63 - 1), "ts"), (j(ts=-5), "ts"),
        (j(ts=1714564800), "ts"),  # seconds in a file of milliseconds
        (j(ts="10000-01-01T00:00:00Z"), "ts"), (j(ts=True), "ts"), (j(ts=[1]), "ts"),
        (j(account_id=""), "account_id"), (_dumps({"ts": T0, "request_id": f"r{n}"}), "account_id"),
        (_dumps({"ts": T0, "account_id": "a"}), "request_id"), (j(request_id=None), "request_id"), (j(ts=None), "ts"),
        (j(account_id={"id": 1}), "account_id"),
        (b'{"ts": NaN, "request_id": "x", "account_id": "a"}', None), (b'{"ts": 1e400, "request_id": "x", "account_id": "a"}', None),
        (b'{"ts": Infinity, "request_id": "x", "account_id": "a"}', None),
        (b'{"ts": ' + str(T0).encode() + b', "request_id": "r\xff\xfe", "account_id": "a"}', None),  # invalid UTF-8
        (b"\xef\xbb\xbf" + j(), None),  # a BOM that is not at the start of the file
        (b"[" * 1100 + b"]" * 1100, None), (b"[1, 2, 3]", None), (b'"just a string"', None),
        (b"\x00\x01\x02 binary", None), (j()[:-5], None),
    ]


def _mutate(data: bytes, how: str, pos: int) -> bytes:
    if not data:
        return data
    p = pos % len(data)
    if how == "flip":
        b = data[p] ^ (1 << (pos % 8))
        if b in (0x0A, 0x0D):
            b = 0x20
        return data[:p] + bytes([b]) + data[p + 1:]
    if how == "truncate":
        return data[: max(1, p)]
    if how == "crlf":
        return data + b"\r"
    return data[:p] + b"\x00" + data[p:]


_MUTATIONS = ("flip", "truncate", "crlf", "nul")


def _jsonl_file(seed: int) -> tuple[bytes, dict[int, tuple[str, Any]]]:
    """(file bytes, {line: ("valid", row) | ("bad", field) | ("any", None)}); the first row is valid ms."""
    rng = random.Random(seed)
    lines: list[bytes] = []
    kinds: dict[int, tuple[str, Any]] = {}
    for n in range(ROWS):
        if rng.random() < 0.03:
            lines.append(rng.choice([b"", b"   ", b"\t"]))  # blank lines are skipped
            continue
        choice = 0 if n == 0 else rng.randint(0, 9)
        if choice <= 5:
            row = _valid_event(rng, n) if n else {"ts": T0, "request_id": "r0", "account_id": "first"}
            data = _dumps(row) + (b"\r" if rng.random() < 0.15 else b"")  # some CRLF line ends
            kinds[len(lines) + 1] = ("valid", row)
        elif choice <= 7:
            data, fld = rng.choice(_bad_events(n))
            kinds[len(lines) + 1] = ("bad", fld)
        else:
            data = _mutate(_dumps(_valid_event(rng, n)), rng.choice(_MUTATIONS), rng.randint(0, 10**6)) or b"x"
            kinds[len(lines) + 1] = ("any", None)
        lines.append(data)
    return (b"\xef\xbb\xbf" if seed % 2 else b"") + b"\n".join(lines) + b"\n", kinds


def _read(path: Path, records: Any = None) -> tuple[pa.Table, RejectList, FileStats]:
    bad = RejectList()
    stats = FileStats(str(path))
    batches = list(iter_batches(path, rejects=bad, stats=stats, batch_size=97, records=records))
    t = pa.Table.from_batches(batches) if batches else None
    return t, bad, stats  # type: ignore[return-value]


def _account(t: pa.Table | None, bad: RejectList, path: Path, lines: set[int]) -> dict[int, dict[str, Any]]:
    """Every line is loaded or rejected, exactly once; returns the loaded rows by line."""
    loaded = [] if t is None else t.to_pylist()
    by_line = {r["source_line"]: r for r in loaded}
    rejected = [r.line for r in bad.rejects]
    assert len(by_line) == len(loaded), "a line loaded twice"
    assert len(set(rejected)) == len(rejected), "a line rejected twice"
    assert not set(by_line) & set(rejected), "a line both loaded and rejected"
    assert set(by_line) | set(rejected) == lines, ("lines lost", sorted(lines - set(by_line) - set(rejected))[:5])
    for r in bad.rejects:
        assert r.file == str(path) and r.reason and r.line is not None
    return by_line


@FUZZ
@given(SEEDS)
def test_fuzzed_json_lines(tmp_path_factory: Any, seed: int) -> None:
    data, kinds = _jsonl_file(seed)
    path = tmp_path_factory.mktemp("fz") / "events.jsonl"
    path.write_bytes(data)
    t, bad, stats = _read(path)
    by_line = _account(t, bad, path, set(kinds))
    rejects = {r.line: r for r in bad.rejects}
    for line, (kind, what) in kinds.items():
        if kind == "valid":
            assert line in by_line, (line, what, rejects.get(line))
            got = by_line[line]
            assert got["request_id"] == what["request_id"] and got["account_id"] == what["account_id"]
            if "prompt" in what and what["prompt"]:
                assert got["prompt"] == what["prompt"]
        elif kind == "bad":
            assert line in rejects, (line, what)
            assert rejects[line].field == what, (line, rejects[line])
    assert stats.ts_units.get("ts", "ms") == "ms"
    assert stats.rows_read == len(kinds)


_CSV_COLS = ["ts", "request_id", "account_id", "prompt", "turn", "temperature", "tenant"]


def _prompt(rng: random.Random) -> str:
    return rng.choice("abcdefgh") + "".join(rng.choice("abcdefghij klmnop,\n.ü中\x00") for _ in range(rng.randint(0, 30)))


def _csv_file(seed: int) -> tuple[bytes, dict[int, tuple[str, Any]]]:
    rng = random.Random(seed)
    out = [(",".join(_CSV_COLS) + "\n").encode()]
    kinds: dict[int, tuple[str, Any]] = {}
    line = 2
    for n in range(ROWS):
        choice = rng.randint(0, 9)
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n" if rng.random() < 0.15 else "\n")
        ts = T0 + n
        if choice <= 5:
            prompt = _prompt(rng)
            w.writerow([ts, f"r{n}", "acct", prompt, rng.choice(["", "1", "3"]), rng.choice(["", "0.5", "1"]), "x"])
            kinds[line] = ("valid", {"request_id": f"r{n}", "prompt": prompt})
            text = buf.getvalue().encode()
        elif choice <= 8:
            variant = rng.randint(0, 6)
            fld: str | None = None
            if variant == 0:
                w.writerow([ts, f"r{n}", "acct", "p", "two", "", ""])
                fld = "turn"
            elif variant == 1:
                w.writerow(["soon", f"r{n}", "acct", "p", "", "", ""])
                fld = "ts"
            elif variant == 2:
                w.writerow([ts, f"r{n}", "", "p", "", "", ""])
                fld = "account_id"
            elif variant == 3:
                w.writerow([ts, f"r{n}", "acct"])  # too few cells
            elif variant == 4:
                w.writerow([ts, f"r{n}", "acct", "p", "", "nan", ""])
                fld = "temperature"
            elif variant == 5:
                buf.write(f'{ts},r{n},acct,"an unclosed quote,1,0.5,x\n')  # a stray quote: only this row is lost
            text = buf.getvalue().encode() if variant != 6 else f"{ts},r{n},acct,".encode() + b"\xff\xfe,1,1,x\n"
            kinds[line] = ("bad", fld)
        else:
            w.writerow([ts, f"r{n}", "acct", "plain", "1", "1", "x"])
            raw = buf.getvalue().encode()
            text = _mutate(raw[:-1], "flip", rng.randint(0, 10**6)).replace(b'"', b"'") + b"\n"
            kinds[line] = ("any", None)
        out.append(text)
        line += text.count(b"\n")
    return b"".join(out), kinds


@FUZZ
@given(SEEDS)
def test_fuzzed_csv(tmp_path_factory: Any, seed: int) -> None:
    data, kinds = _csv_file(seed)
    path = tmp_path_factory.mktemp("fz") / "events.csv"
    path.write_bytes(data)
    t, bad, _ = _read(path)
    by_line = _account(t, bad, path, set(kinds))
    rejects = {r.line: r for r in bad.rejects}
    for line, (kind, what) in kinds.items():
        if kind == "valid":
            assert line in by_line, (line, what, rejects.get(line))
            assert by_line[line]["request_id"] == what["request_id"] and by_line[line]["prompt"] == what["prompt"]
        elif kind == "bad":
            assert line in rejects and rejects[line].field == what, (line, what, rejects.get(line))


def _parquet_rows(seed: int) -> list[tuple[str, Any, dict[str, Any]]]:
    rng = random.Random(seed)
    rows = []
    for n in range(ROWS):
        row: dict[str, Any] = {"ts": T0 + n, "request_id": f"r{n}", "account_id": "acct", "temperature": 0.5, "turn": 1, "created": T0}
        if n == 0 or rng.randint(0, 9) <= 6:  # the first row is valid: it decides the file's epoch unit
            rows.append(("valid", None, row))
            continue
        variant = rng.randint(0, 5)
        if variant == 0:
            row["temperature"], fld = rng.choice([math.nan, math.inf, -math.inf]), "temperature"
        elif variant == 1:
            row["ts"], fld = 253402300800000, "ts"  # year 10000 as a typed timestamp
        elif variant == 2:
            row["account_id"], fld = rng.choice([None, ""]), "account_id"
        elif variant == 3:
            row["request_id"], fld = None, "request_id"
        elif variant == 4:
            row["ts"], fld = None, "ts"
        else:
            row["ts"], fld = -62135596800001, "ts"  # before year 1
        rows.append(("bad", fld, row))
    return rows


@FUZZ
@given(SEEDS)
def test_fuzzed_parquet(tmp_path_factory: Any, seed: int) -> None:
    rows, typed_ts = _parquet_rows(seed), seed % 2 == 0
    path = tmp_path_factory.mktemp("fz") / "events.parquet"
    cols = {k: [r[2][k] for r in rows] for k in rows[0][2]}
    ts_type = pa.timestamp("ms", tz="UTC") if typed_ts else pa.int64()
    table = pa.table({
        "ts": pa.array(cols["ts"], pa.int64()).cast(ts_type) if typed_ts else pa.array(cols["ts"], pa.int64()),
        "request_id": pa.array(cols["request_id"], pa.string()),
        "account_id": pa.array(cols["account_id"], pa.string()),
        "temperature": pa.array(cols["temperature"], pa.float64()),
        "turn": pa.array(cols["turn"], pa.int32()),
        "created": pa.array(cols["created"], pa.int64()).cast(pa.timestamp("ms")),
    })
    pq.write_table(table, path, row_group_size=113)
    t, bad, _ = _read(path)
    by_line = _account(t, bad, path, set(range(1, len(rows) + 1)))
    rejects = {r.line: r for r in bad.rejects}
    for i, (kind, fld, row) in enumerate(rows, 1):
        if kind == "valid":
            assert by_line[i]["request_id"] == row["request_id"] and by_line[i]["ts_ms"] == row["ts"]
        elif not typed_ts and fld == "ts" and row["ts"] is not None and row["ts"] > 0 and row["ts"] < 7_258_118_400_000:
            pass  # as a plain number this value is a valid epoch
        else:
            assert rejects[i].field == fld, (i, fld, rejects.get(i), typed_ts)


def _adapter_lines() -> dict[str, list[bytes]]:
    files = make.files()
    out = {
        "litellm": files["litellm_spendlogs_db.jsonl"].splitlines() + files["litellm_standard_logging_payload.jsonl"].splitlines(),
        "otel": files["otel_genai_latest.jsonl"].splitlines(),
        "langfuse": files["langfuse_trace_downloads.jsonl"].splitlines(),
        "openai": files["raw_openai_pairs.jsonl"].splitlines(),
    }
    return out


_BASE = _adapter_lines()


def _adapter_file(fmt: str, seed: int) -> tuple[bytes, dict[int, str]]:
    """JSON Lines of one adapter's records with unique ids, some mutated; every line is one record."""
    rng = random.Random(seed)
    base = _BASE[fmt]
    lines, kinds = [], {}
    for n in range(ROWS):
        text = base[n % len(base)].replace(b"a81f2c3e5b6d4e7f8a9b", f"{n:020d}".encode())
        text = text.replace(b"eee19b7ec3c1b1", f"{n:02x}ee19b7ec3c1b"[:14].encode())
        if rng.randint(0, 9) <= 5:
            kinds[n + 1] = "valid"
        else:
            how = rng.choice(["flip", "truncate", "nul", "type"])
            if how == "type":
                obj = orjson.loads(text)
                key = rng.choice(sorted(obj))
                obj[key] = rng.choice([None, 1e300, "x", [], {"deep": _nested(400)}, True, "\x1b[2J"])
                text = _dumps(obj)
            else:
                text = _mutate(text, how, rng.randint(0, 10**6)) or b"x"
            kinds[n + 1] = "any"
        lines.append(text)
    return b"\n".join(lines) + b"\n", kinds


def _adapter_case(fmt: str, tmp: Path, data: bytes, kinds: dict[int, str]) -> None:
    path = tmp / f"{fmt}.jsonl"
    path.write_bytes(data)
    t, bad, _ = _read(path, records=ADAPTERS[fmt])
    loaded = [] if t is None else t.to_pylist()
    by_line: dict[int, int] = {}
    for r in loaded:
        by_line[r["source_line"]] = by_line.get(r["source_line"], 0) + 1
    rejected = {r.line for r in bad.rejects}
    for line, kind in kinds.items():
        if kind == "valid":
            assert by_line.get(line) == 1 and line not in rejected, (fmt, line, [x for x in bad.rejects if x.line == line])
    for r in bad.rejects:
        assert r.file == str(path) and r.line in kinds and r.reason


@FUZZ
@given(SEEDS)
def test_fuzzed_litellm(tmp_path_factory: Any, seed: int) -> None:
    _adapter_case("litellm", tmp_path_factory.mktemp("fz"), *_adapter_file("litellm", seed))


@FUZZ
@given(SEEDS)
def test_fuzzed_otel(tmp_path_factory: Any, seed: int) -> None:
    _adapter_case("otel", tmp_path_factory.mktemp("fz"), *_adapter_file("otel", seed))


@FUZZ
@given(SEEDS)
def test_fuzzed_langfuse(tmp_path_factory: Any, seed: int) -> None:
    _adapter_case("langfuse", tmp_path_factory.mktemp("fz"), *_adapter_file("langfuse", seed))


@FUZZ
@given(SEEDS)
def test_fuzzed_raw_pairs(tmp_path_factory: Any, seed: int) -> None:
    _adapter_case("openai", tmp_path_factory.mktemp("fz"), *_adapter_file("openai", seed))
