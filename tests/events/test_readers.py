"""Readers: good rows survive next to bad ones, rejects are located, formats agree, streaming."""

from __future__ import annotations

import csv
import gzip
import shutil
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from distillguard.errors import DistillguardError
from distillguard.events.readers import (
    FileStats,
    expand_paths,
    iter_batches,
    parse_ts,
    read_accounts,
    read_events,
    read_labels,
)
from distillguard.events.rejects import RejectList
from distillguard.events.schema import ACCOUNTS_ARROW_SCHEMA, EVENT_FIELDS, EVENTS_ARROW_SCHEMA


def _table(paths: list[Path] | Path, **kw: object) -> tuple[pa.Table, RejectList]:
    bad = RejectList()
    batches = list(read_events(paths if isinstance(paths, list) else [paths], rejects=bad, **kw))  # type: ignore[arg-type]
    return pa.Table.from_batches(batches, schema=EVENTS_ARROW_SCHEMA), bad


def test_good_rows_survive_next_to_bad_ones(logs: Path) -> None:
    t, bad = _table(logs / "gateway_mixed.jsonl")
    assert t.schema == EVENTS_ARROW_SCHEMA
    ids = t.column("request_id").to_pylist()
    # duplicates are the store's business: the reader keeps both copies of req_01HXB2
    assert ids == ["req_01HXA1", "req_01HXA2", "req_01HXB1", "req_01HXB2", "req_01HXB2", "req_01HXB3", "req_01HXC1", "req_01HXC2"]
    where = {(r.line, r.field) for r in bad.rejects}
    assert where == {(7, "top_logprobs"), (8, "ts"), (9, "account_id"), (10, None), (11, None), (15, "turn"), (16, "request_id")}
    by_line = {r.line: r for r in bad.rejects}
    assert "twenty" in by_line[7].reason and "integer" in by_line[7].reason
    assert by_line[9].reason == "required field missing"
    assert by_line[16].reason == "required field is empty"
    assert by_line[10].reason.startswith("invalid JSON")
    assert by_line[8].raw.startswith('{"ts": "yesterday at noon"')
    assert by_line[8].location.endswith("gateway_mixed.jsonl:8:ts")


def test_values_are_converted_leniently_but_exactly(logs: Path) -> None:
    t, _ = _table(logs / "gateway_mixed.jsonl")
    rows = {r["request_id"]: r for r in t.to_pylist()}
    b3 = rows["req_01HXB3"]  # "top_logprobs": "20", "max_tokens": 1.0, "logprobs": 1, "status": "200"
    assert (b3["top_logprobs"], b3["max_tokens"], b3["logprobs"], b3["status"]) == (20, 1, True, 200)
    a2 = rows["req_01HXA2"]  # +02:00 offset
    assert a2["ts_ms"] == 1714979740502
    assert a2["ts"].isoformat() == "2024-05-06T07:15:40.502000+00:00"
    assert rows["req_01HXB1"]["ts_ms"] == 1714987001000  # epoch ms
    assert rows["req_01HXC1"]["temperature"] == 0.0 and rows["req_01HXC1"]["stream"] is False
    assert rows["req_01HXA1"]["source_line"] == 1 and rows["req_01HXC2"]["source_line"] == 14
    assert rows["req_01HXA1"]["source_file"].endswith("gateway_mixed.jsonl")


def test_unknown_fields_are_kept_in_attrs(logs: Path) -> None:
    t, _ = _table(logs / "gateway_mixed.jsonl")
    attrs = {r["request_id"]: r["attrs"] for r in t.to_pylist()}
    assert orjson.loads(attrs["req_01HXA1"]) == {"course": "CS101"}
    assert orjson.loads(attrs["req_01HXC1"]) == {"tenant": {"region": "eu-west-1", "tier": "pro"}}
    assert attrs["req_01HXA2"] is None


def test_naive_timestamp_is_read_as_utc_and_counted(logs: Path) -> None:
    stats: list[FileStats] = []
    t, _ = _table(logs / "gateway_mixed.jsonl", stats=stats)
    row = [r for r in t.to_pylist() if r["request_id"] == "req_01HXC2"][0]
    assert row["ts_ms"] == parse_ts("2024-05-06T09:18:13Z")[0]
    assert stats[0].naive_ts == 1 and stats[0].rejected == 7 and stats[0].rows_read == 15


def test_default_sink_raises_with_location(logs: Path) -> None:
    with pytest.raises(DistillguardError) as exc:
        list(read_events(logs / "gateway_mixed.jsonl"))
    assert str(exc.value).endswith("gateway_mixed.jsonl:7:top_logprobs: expected an integer, got 'twenty'")


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("2024-05-06T09:18:13Z", 1714987093000),
        ("2024-05-06T09:18:13.999999+00:00", 1714987093999),
        ("2024-05-06T11:18:13+02:00", 1714987093000),
        ("2024-05-06 09:18:13", 1714987093000),
    ],
)
def test_parse_ts(text: str, ms: int) -> None:
    assert parse_ts(text)[0] == ms


@pytest.mark.parametrize("text", ["2024-05-06", "yesterday", "2024-13-01T00:00:00Z"])
def test_parse_ts_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_ts(text)


# ----------------------------------------------------------------------------- formats


def _good_rows(logs: Path) -> list[dict[str, object]]:
    """The valid rows of the fixture, as plain JSON objects (extras as strings, so CSV can hold them)."""
    rows = []
    for line in (logs / "gateway_mixed.jsonl").read_bytes().splitlines():
        try:
            r = orjson.loads(line)
        except orjson.JSONDecodeError:
            continue
        if isinstance(r, dict) and r.get("request_id") in {"req_01HXA1", "req_01HXA2", "req_01HXB1", "req_01HXB2", "req_01HXC1"}:
            r.pop("tenant", None)
            rows.append(r)
    return rows


def _write_all_formats(rows: list[dict[str, object]], d: Path) -> dict[str, Path]:
    names = [f.name for f in EVENT_FIELDS] + ["course"]
    jl = d / "events.jsonl"
    jl.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    cs = d / "events.csv"
    with cs.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=names)
        w.writeheader()
        for r in rows:
            w.writerow({k: ("true" if v is True else "false" if v is False else v) for k, v in r.items()})
    typed = pa.Table.from_batches(list(read_events([jl])), schema=EVENTS_ARROW_SCHEMA)
    pt = d / "events.parquet"
    cols = {f.name: typed.column(f.name) for f in EVENT_FIELDS}
    cols["ts"] = typed.column("ts").cast(pa.timestamp("us", tz="Europe/Berlin"))  # another unit and zone
    cols["course"] = pa.array([r.get("course") for r in rows], pa.string())
    pq.write_table(pa.table(cols), pt)
    gz = d / "events.jsonl.gz"
    gz.write_bytes(gzip.compress(jl.read_bytes()))
    csgz = d / "events.csv.gz"
    csgz.write_bytes(gzip.compress(cs.read_bytes()))
    return {"jsonl": jl, "csv": cs, "parquet": pt, "jsonl.gz": gz, "csv.gz": csgz}


def test_all_formats_give_identical_events(logs: Path, tmp_path: Path) -> None:
    files = _write_all_formats(_good_rows(logs), tmp_path)
    tables = {}
    for name, p in files.items():
        t, bad = _table(p)
        assert bad.count == 0, (name, bad.rejects)
        tables[name] = t.drop_columns(["source_file", "source_line"])
    ref = tables["jsonl"]
    assert ref.num_rows == 6  # req_01HXB2 twice: the reader does not deduplicate
    assert orjson.loads(ref.column("attrs")[0].as_py()) == {"course": "CS101"}
    for name, t in tables.items():
        assert t.equals(ref), name


def test_csv_reports_the_line_of_a_bad_record(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text(
        "ts,request_id,account_id,prompt,turn\n"
        '2024-05-06T09:00:00Z,r1,a1,"a prompt\nover two lines",1\n'
        "2024-05-06T09:00:01Z,r2,a1,short,two\n"
        "2024-05-06T09:00:02Z,r3,a1\n"
        "2024-05-06T09:00:03Z,r4,a1,fine,3\n"
    )
    t, bad = _table(p)
    assert t.column("request_id").to_pylist() == ["r1", "r4"]
    assert t.column("prompt")[0].as_py() == "a prompt\nover two lines"
    assert t.column("source_line").to_pylist() == [2, 6]
    assert [(r.line, r.field) for r in bad.rejects] == [(4, "turn"), (5, None)]
    assert "expected 5 columns" in bad.rejects[1].reason
    assert bad.rejects[0].raw == "2024-05-06T09:00:01Z,r2,a1,short,two"


def test_parquet_with_string_columns_falls_back_to_row_checks(tmp_path: Path) -> None:
    p = tmp_path / "loose.parquet"
    pq.write_table(
        pa.table({
            "ts": ["2024-05-06T09:00:00Z", "later", "2024-05-06T09:00:02+01:00"],
            "request_id": ["r1", "r2", "r3"],
            "account_id": ["a1", "a1", None],
            "max_tokens": ["100", "200", "300"],
        }),
        p,
    )
    t, bad = _table(p)
    assert t.column("request_id").to_pylist() == ["r1"]
    assert t.column("max_tokens").to_pylist() == [100]
    assert [(r.line, r.field) for r in bad.rejects] == [(2, "ts"), (3, "account_id")]


def test_parquet_vectorised_path_rejects_missing_required(tmp_path: Path) -> None:
    p = tmp_path / "typed.parquet"
    pq.write_table(
        pa.table({
            "ts": pa.array([1714987093000, 1714987094000, None], pa.int64()),
            "request_id": ["r1", "r2", "r3"],
            "account_id": ["a1", "", "a3"],
            "n": pa.array([1, 2, 3], pa.int32()),
            "shard": ["s1", None, "s3"],
        }),
        p,
    )
    t, bad = _table(p)
    assert t.column("request_id").to_pylist() == ["r1"]
    assert t.column("n").to_pylist() == [1]
    assert t.column("attrs").to_pylist() == ['{"shard":"s1"}']
    assert [(r.line, r.field, r.reason) for r in bad.rejects] == [
        (2, "account_id", "required field is empty"),
        (3, "ts", "required field missing"),
    ]


# ----------------------------------------------------------------------------- files


def test_globs_and_directories_expand_to_supported_files(logs: Path, tmp_path: Path) -> None:
    sub = tmp_path / "2024" / "05"
    sub.mkdir(parents=True)
    shutil.copy(logs / "gateway_mixed.jsonl", sub / "a.jsonl")
    (sub / "b.jsonl.gz").write_bytes(gzip.compress((logs / "gateway_mixed.jsonl").read_bytes()))
    (sub / "notes.txt").write_text("not a log")
    assert [p.name for p in expand_paths([tmp_path])] == ["a.jsonl", "b.jsonl.gz"]
    assert [p.name for p in expand_paths([str(tmp_path / "**" / "*.gz")])] == ["b.jsonl.gz"]
    # the same file named twice is read once
    assert len(expand_paths([sub / "a.jsonl", str(sub / "*.jsonl")])) == 1
    t, bad = _table([tmp_path])
    assert t.num_rows == 16 and bad.count == 14


@pytest.mark.parametrize("name", ["missing.jsonl", "nothing/*.jsonl"])
def test_missing_input_is_a_located_error(tmp_path: Path, name: str) -> None:
    with pytest.raises(DistillguardError) as exc:
        expand_paths([str(tmp_path / name)])
    assert exc.value.source is not None and exc.value.source.path.endswith(name)


def test_truncated_gzip_keeps_the_rows_before_the_break(logs: Path, tmp_path: Path) -> None:
    # issue 12: a truncated .gz aborted the whole run, good files beside it included
    lines = [orjson.dumps({"ts": 1714987093000 + i, "request_id": f"r{i}", "account_id": "a1", "prompt": f"p{i} " * 40}) for i in range(3000)]
    data = gzip.compress(b"\n".join(lines) + b"\n")
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    whole = tmp_path / "whole.jsonl"
    whole.write_bytes(b"".join(orjson.dumps({"ts": 1714987093000, "request_id": f"w{i}", "account_id": "a2"}) + b"\n" for i in range(5)))
    stats: list[FileStats] = []
    t, bad = _table([cut, whole], stats=stats)
    ids = t.column("request_id").to_pylist()
    kept = [i for i in ids if i.startswith("r")]
    assert 100 < len(kept) < 3000 and kept == [f"r{i}" for i in range(len(kept))]  # every row before the break, in order
    assert [i for i in ids if i.startswith("w")] == [f"w{i}" for i in range(5)]  # the next file is read
    breaks = [r for r in bad.rejects if r.file == str(cut) and "breaks off" in r.reason]
    assert len(breaks) == 1 and breaks[0].field is None and "gzip" in breaks[0].reason
    assert breaks[0].line is not None and breaks[0].line >= len(kept) + 1
    assert stats[0].broken is not None and stats[1].broken is None


def _gzip_oracle(path: Path) -> tuple[bytes, bool]:
    """What the standard library's ``GzipFile`` gives of ``path`` before it fails, and whether it fails."""
    parts = []
    with gzip.GzipFile(path) as fh:
        try:
            while chunk := fh.read1(1 << 20):
                parts.append(chunk)
        except (EOFError, OSError, gzip.zlib.error):  # type: ignore[attr-defined]
            return b"".join(parts), True
    return b"".join(parts), False


def _members() -> tuple[bytes, bytes]:
    rows = [orjson.dumps({"ts": 1714987093000 + i, "request_id": f"r{i}", "account_id": f"a{i % 5}", "prompt": f"p{i} {i * 7919 % 1000} " * 30})
            for i in range(4000)]
    return gzip.compress(b"\n".join(rows[:3000]) + b"\n"), gzip.compress(b"\n".join(rows[3000:]) + b"\n")


@pytest.mark.parametrize("case", ["members-and-padding", "bad-crc", "bad-length", "flipped-byte", "cut"])
def test_gzip_reads_as_the_standard_library_reads_it(case: str, tmp_path: Path) -> None:
    # the reader undoes gzip with zlib in large reads; what it keeps, and where it says the stream
    # breaks, must be what gzip.GzipFile gives: every member, zero padding skipped, and every row
    # before a fault (a bad checksum is found only after the member's last row)
    first, second = _members()
    data = {
        "members-and-padding": first + b"\0" * 5000 + second + b"\0" * 7,
        "bad-crc": first[:-8] + b"\0\0\0\0" + first[-4:] + second,
        "bad-length": first[:-4] + b"\1\0\0\0" + second,
        "flipped-byte": first[:len(first) // 2] + bytes([first[len(first) // 2] ^ 0x5A]) + first[len(first) // 2 + 1:],
        "cut": first + second[:len(second) // 3],
    }[case]
    p = tmp_path / "log.jsonl.gz"
    p.write_bytes(data)
    text, fails = _gzip_oracle(p)
    whole = text.split(b"\n")[:-1]  # the lines GzipFile gave in full; a last piece may follow
    stats: list[FileStats] = []
    t, bad = _table(p, stats=stats)
    ids = t.column("request_id").to_pylist()
    expect = []
    for x in whole:  # a flipped byte may garble the lines after it: those are rejects
        try:
            expect.append(orjson.loads(x)["request_id"])
        except orjson.JSONDecodeError:
            pass
    assert ids == expect
    assert len(ids) == 4000 if case == "members-and-padding" else len(ids) >= (0 if case == "flipped-byte" else 3000)
    breaks = [r for r in bad.rejects if "breaks off" in r.reason]
    assert (stats[0].broken is not None) == fails == bool(breaks) == (case != "members-and-padding")
    if breaks:  # where the stream stops: after the last line given, whole or not
        assert breaks[0].line == text.count(b"\n") + (not text.endswith(b"\n")) + 1


@pytest.mark.parametrize("batch_size", [1, 2, 3, 7, 1000])
def test_blank_lines_crlf_and_a_last_line_without_newline_keep_every_line_number(batch_size: int, tmp_path: Path) -> None:
    physical: list[bytes] = []
    for i in range(40):
        physical.append(orjson.dumps({"ts": 1714987093000 + i, "request_id": f"r{i}", "account_id": "a1", "prompt": f"line {i}"}) + b"\r\n")
        if i % 6 == 2:
            physical.append(b"\n")
        if i % 9 == 4:
            physical.append(b" \t \r\n")
    physical[11] = b'{"ts": 1714987093000, "request_id": "bad", "account_id": ""}\n'
    physical.append(orjson.dumps({"ts": 1714987093999, "request_id": "last", "account_id": "a1"}))  # no newline at the end
    expect = {}
    for no, line in enumerate(physical, 1):
        if line.strip() and b'"bad"' not in line:
            expect[orjson.loads(line)["request_id"]] = no
    p = tmp_path / "log.jsonl"
    p.write_bytes(b"".join(physical))
    t, bad = _table(p, batch_size=batch_size)
    got = dict(zip(t.column("request_id").to_pylist(), t.column("source_line").to_pylist()))
    assert got == expect
    assert list(got) == list(expect)  # file order
    assert [(r.line, r.field) for r in bad.rejects] == [(12, "account_id")]


def test_readers_stream_in_batches(tmp_path: Path) -> None:
    p = tmp_path / "big.jsonl"
    with p.open("wb") as fh:
        for i in range(2500):
            fh.write(orjson.dumps({"ts": 1714987093000 + i, "request_id": f"r{i}", "account_id": f"a{i % 7}", "prompt": "x" * 200}) + b"\n")
    stats = FileStats(str(p))
    it = iter_batches(p, rejects=RejectList(), stats=stats, batch_size=1000)
    first = next(it)
    # the generator has not read the whole file when it hands over the first batch
    assert first.num_rows == 1000 and stats.rows_read == 1000
    sizes = [first.num_rows] + [b.num_rows for b in it]
    assert sizes == [1000, 1000, 500]


def test_accounts_reader(logs: Path) -> None:
    bad = RejectList()
    t = pa.Table.from_batches(list(read_accounts([logs / "accounts.csv"], rejects=bad)), schema=ACCOUNTS_ARROW_SCHEMA)
    assert t.column("account_id").to_pylist() == ["acct_m.keller", "acct_7f3a", "svc_batch_classifier", "acct_7f3a"]
    assert t.column("verified").to_pylist() == [True, False, True, True]
    assert t.column("created_at")[2].as_py().isoformat() == "2023-09-01T00:00:00+00:00"
    assert t.column("attrs").to_pylist()[1] == '{"referrer":"forum-post"}'
    assert [(r.line, r.field) for r in bad.rejects] == [(5, "account_id"), (6, "verified")]


def test_labels_reader(logs: Path, tmp_path: Path) -> None:
    t = read_labels(logs / "labels.csv")
    assert t.column("label").to_pylist() == ["benign", "benign", "attack"]
    assert t.column("attack_start").to_pylist()[:2] == [None, None]
    p = tmp_path / "labels.jsonl"
    p.write_text('{"account_id": "a1", "label": "attack"}\n{"account_id": "a2", "label": "evil"}\n')
    with pytest.raises(DistillguardError) as exc:
        read_labels(p)
    assert str(exc.value.source).endswith("labels.jsonl:2:label")


# ----------------------------------------------------------------------------- JSON fast path

_VARIED = [
    {"ts": "2024-05-06T09:18:13Z", "request_id": "r1", "account_id": "a1", "prompt": 'caf\u00e9 "quoted"\n', "temperature": 1,
     "stream": True, "zeta": "z", "alpha": [1, 2]},
    {"ts": "2024-05-06T11:18:13.1234567+02:00", "request_id": "r2", "account_id": "a2", "org_id": "", "max_tokens": 5, "alpha": [3]},
    {"alpha": [], "ts": "2024-05-06T09:18:13.5-05:30", "request_id": "r3", "account_id": "a3", "top_p": 0.9, "zeta": "", "beta": True},
    {"ts": "2024-05-06T09:18:14Z", "request_id": "", "account_id": "a4"},
    {"ts": "2024-05-06T09:18:15Z", "request_id": "r5", "account_id": None},
    {"request_id": "r6", "account_id": "a6"},
]


@pytest.mark.parametrize(
    "rows",
    [
        _VARIED,
        [{**r, "ts": r["ts"].replace("Z", "")} for r in _VARIED[:1]] + [{"ts": "2024-05-06 09:00:00.25", "request_id": "r9", "account_id": "a"}],
        [{"ts": 1714987093000 + i, "request_id": f"r{i}", "account_id": "a", "n": i} for i in range(3)],
    ],
    ids=["offsets-extras-rejects", "naive", "epoch-ms"],
)
def test_arrow_json_fast_path_matches_row_by_row(rows: list[dict[str, object]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import distillguard.events.readers as readers

    p = tmp_path / "v.jsonl"
    p.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    used: list[bool] = []
    real = readers._vectorised

    def spy(*a: object, **k: object) -> object:
        out = real(*a, **k)  # type: ignore[arg-type]
        used.append(out is not None)
        return out

    monkeypatch.setattr(readers, "_vectorised", spy)
    fast_stats: list[FileStats] = []
    fast, fast_bad = _table(p, stats=fast_stats)
    assert used == [True]  # the chunk really went through Arrow

    def refuse(*a: object, **k: object) -> None:
        raise ValueError("forced row-by-row")

    monkeypatch.setattr(readers.pa_json, "read_json", refuse)
    slow_stats: list[FileStats] = []
    slow, slow_bad = _table(p, stats=slow_stats)
    assert fast.equals(slow), (fast.to_pylist(), slow.to_pylist())
    assert [r.to_dict() for r in fast_bad.rejects] == [r.to_dict() for r in slow_bad.rejects]
    assert fast_stats[0].naive_ts == slow_stats[0].naive_ts
    assert fast_stats[0].rows_read == slow_stats[0].rows_read == len(rows)


@pytest.mark.parametrize("batch_size", [3, 1000])
def test_two_objects_on_a_line_and_an_object_over_two_lines_are_rejects_not_rows(batch_size: int, tmp_path: Path) -> None:
    # Arrow's JSON parser reads objects separated by any whitespace: a line holding two objects
    # and an object broken over two lines give as many rows as lines, each on the wrong line.
    # The strict reader rejects all three lines, and every good line keeps its number.
    def row(i: int) -> bytes:
        return orjson.dumps({"ts": 1714987093000 + i, "request_id": f"r{i}", "account_id": "a1", "prompt": f"line {i}"})

    physical = [row(i) + b"\n" for i in range(12)]
    physical[4] = row(100) + b" " + row(101) + b"\n"
    physical[7] = b'{"ts": 1714987093102, "request_id": "r102",\n'
    physical[8] = b'"account_id": "a1"}\n'
    p = tmp_path / "log.jsonl"
    p.write_bytes(b"".join(physical))
    t, bad = _table(p, batch_size=batch_size)
    got = dict(zip(t.column("request_id").to_pylist(), t.column("source_line").to_pylist()))
    assert got == {f"r{i}": i + 1 for i in range(12) if i not in (4, 7, 8)}
    assert [r.line for r in bad.rejects] == [5, 8, 9]
