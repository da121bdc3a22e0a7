"""Shared glue for the peer detectors: read canonical events, write FINDINGS.md rows, replay by day.

Every peer reads the same canonical events file (shared/EVENTS.md) and writes an
``accounts.jsonl`` and ``campaigns.jsonl`` in the format of shared/FINDINGS.md, so the
project's own evaluation scores every method the same way.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

DAY_MS = 86_400_000


@dataclass
class Verdict:
    """One peer's verdict on one account, before it is written as a FINDINGS.md row."""

    risk: float
    flagged: bool
    campaign: str | None = None
    reasons: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    flagged_at_ms: int | None = None


def read_events(path: str | Path, columns: Sequence[str] | None = None) -> pa.Table:
    """Read a canonical events file (Parquet or JSON Lines) with ``ts`` as epoch milliseconds.

    Parameters
    ----------
    path
        ``events.parquet``, ``events.jsonl`` or ``events.jsonl.gz``.
    columns
        Columns to keep where present (``ts``, ``request_id`` and ``account_id`` always are).

    Returns
    -------
    pyarrow.Table
        Sorted by ``ts``; ``ts`` is int64 epoch milliseconds.
    """
    p = Path(path)
    if p.suffix == ".parquet":
        tbl = pq.read_table(p)
    else:
        import pyarrow.json as pj

        if p.suffix == ".gz":
            import gzip
            import io

            tbl = pj.read_json(io.BytesIO(gzip.decompress(p.read_bytes())))
        else:
            tbl = pj.read_json(p)
    keep = ["ts", "request_id", "account_id"] + [c for c in (columns or tbl.column_names) if c not in ("ts", "request_id", "account_id")]
    tbl = tbl.select([c for c in keep if c in tbl.column_names])
    tbl = tbl.set_column(tbl.column_names.index("ts"), "ts", _ts_ms(tbl.column("ts")))
    return tbl.sort_by("ts")


def _ts_ms(col: pa.ChunkedArray) -> pa.Array:
    t = col.type
    if pa.types.is_timestamp(t):
        return pc.cast(pc.cast(col, pa.timestamp("ms", tz="UTC")), pa.int64())
    if pa.types.is_integer(t):
        return pc.cast(col, pa.int64())
    vals = [int(datetime.fromisoformat(str(v).replace("Z", "+00:00")).timestamp() * 1000) if not str(v).isdigit() else int(v) for v in col.to_pylist()]
    return pa.array(vals, pa.int64())


def iso(ms: int | None) -> str | None:
    """Epoch milliseconds to an RFC 3339 UTC string (as the scan writes ``flagged_at``)."""
    if ms is None:
        return None
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


_WS = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")


def template_fingerprint(prompt: str | None, k: int = 32) -> str | None:
    """A cheap template fingerprint: hash of the first and last ``k`` normalised characters.

    A fixed wrapper around a varying payload ("You are an expert ... {question} ... think step
    by step") keeps its head and tail, so accounts sharing a wrapper share the fingerprint.
    """
    if not prompt:
        return None
    s = _DIGITS.sub("0", _WS.sub(" ", prompt.lower()).strip())
    return hashlib.blake2b((s[:k] + "\x00" + s[-k:]).encode(), digest_size=8).hexdigest()


def ip24(ip: str | None) -> str | None:
    """The /24 of an IPv4 address (the /48 of an IPv6 one); None where unknown."""
    if not ip:
        return None
    if ":" in ip:
        return ":".join(ip.split(":")[:3]) + "::/48"
    parts = ip.split(".")
    return ".".join(parts[:3]) + ".0/24" if len(parts) == 4 else ip


def day_cutoffs(ts_ms: np.ndarray, max_prefixes: int | None = None) -> list[int]:
    """Ends of the UTC days the log covers (exclusive, epoch ms): the daily-prefix replay points.

    Parameters
    ----------
    ts_ms
        Event times.
    max_prefixes
        Where the log spans more days than this, keep this many evenly spaced day ends
        (always including the last), so replay cost stays bounded.
    """
    if len(ts_ms) == 0:
        return []
    first = int(ts_ms.min()) // DAY_MS
    last = int(ts_ms.max()) // DAY_MS
    ends = [(d + 1) * DAY_MS for d in range(first, last + 1)]
    if max_prefixes and len(ends) > max_prefixes:
        idx = np.unique(np.linspace(0, len(ends) - 1, max_prefixes).round().astype(int))
        ends = [ends[i] for i in idx]
    return ends


Detector = Callable[[pa.Table], Mapping[str, Verdict]]


def replay_daily(events: pa.Table, detect: Detector, final: Mapping[str, Verdict], max_prefixes: int | None = None) -> dict[str, int]:
    """Re-run a batch detector on daily prefixes of the log; return each account's first flag time.

    A batch peer has no notion of time. To ask "when would it have caught this?", it is re-run on
    days 1..k of the log for k = 1..N, and an account flagged on the full log gets ``flagged_at`` =
    the end of the first prefix day at which it was flagged (at the latest, the end of the log).
    """
    ts = events.column("ts").to_numpy()
    flagged = {a for a, v in final.items() if v.flagged}
    first: dict[str, int] = {}
    cutoffs = day_cutoffs(ts, max_prefixes)
    for end in cutoffs[:-1]:
        n = int(np.searchsorted(ts, end, side="left"))
        if n == 0:
            continue
        verdicts = detect(events.slice(0, n))
        for a, v in verdicts.items():
            if v.flagged and a in flagged and a not in first:
                first[a] = end
        if flagged <= first.keys():
            break
    last_ts = int(ts.max()) if len(ts) else 0
    for a in flagged - first.keys():
        first[a] = last_ts
    return first


def write_findings(out_dir: str | Path, events: pa.Table, verdicts: Mapping[str, Verdict], method: str, flag_times: Mapping[str, int] | None = None) -> None:
    """Write ``accounts.jsonl`` (one row per account seen) and ``campaigns.jsonl`` as in FINDINGS.md.

    ``flag_times`` gives ``flagged_at`` (epoch ms) of flagged accounts where the verdict does not
    carry one; ``events_before_flag`` counts the account's own requests at or before it.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    accts = events.column("account_id").to_numpy(zero_copy_only=False).astype(object)
    ts = events.column("ts").to_numpy()
    rid = events.column("request_id").to_numpy(zero_copy_only=False).astype(object)
    order = np.argsort(accts, kind="stable")
    sa = accts[order]
    bounds = np.flatnonzero(np.r_[True, sa[1:] != sa[:-1], True])
    rows: list[dict[str, Any]] = []
    camp_members: dict[str, list[str]] = {}
    for i in range(len(bounds) - 1):
        idx = order[bounds[i]:bounds[i + 1]]
        a = str(sa[bounds[i]])
        v = verdicts.get(a) or Verdict(risk=0.0, flagged=False)
        at = v.flagged_at_ms if v.flagged_at_ms is not None else (flag_times or {}).get(a)
        if not v.flagged:
            at = None
        before = int(np.count_nonzero(ts[idx] <= at)) if at is not None else None
        evidence = v.evidence or ([str(rid[idx[0]])] if v.flagged else [])
        rows.append({
            "account_id": a,
            "risk": round(float(min(max(v.risk, 0.0), 1.0)), 6),
            "flagged": bool(v.flagged),
            "flagged_at": iso(at),
            "events_before_flag": before,
            "campaign": v.campaign if v.flagged else None,
            "capabilities": [],
            "reasons": v.reasons or ([{"detector": method, "score": round(float(v.risk), 6), "summary": f"flagged by {method}"}] if v.flagged else []),
            "evidence": evidence[:10],
            "events": int(len(idx)),
        })
        if v.flagged and v.campaign:
            camp_members.setdefault(v.campaign, []).append(a)
    _write_jsonl(out / "accounts.jsonl", rows)
    by_acct = {r["account_id"]: r for r in rows}
    camps = []
    for cid, members in sorted(camp_members.items()):
        times = [by_acct[m]["flagged_at"] for m in members if by_acct[m]["flagged_at"]]
        camps.append({
            "campaign": cid,
            "accounts": sorted(members),
            "risk": max(by_acct[m]["risk"] for m in members),
            "flagged_at": min(times) if times else None,
            "events": sum(by_acct[m]["events"] for m in members),
            "capabilities": [],
            "links": [{"kind": method, "value": cid, "accounts": sorted(members)}],
            "summary": f"{len(members)} accounts grouped together by {method}.",
        })
    _write_jsonl(out / "campaigns.jsonl", camps)


def _write_jsonl(path: Path, rows: Iterable[Mapping[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def column(events: pa.Table, name: str, default: Any = None) -> np.ndarray:
    """A column as a numpy array (object for strings); ``default`` everywhere where absent."""
    if name not in events.column_names:
        return np.full(events.num_rows, default, dtype=object)
    col = events.column(name)
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        return col.to_numpy(zero_copy_only=False).astype(object)
    if default is not None:
        col = pc.fill_null(col, default)
    return col.to_numpy(zero_copy_only=False)
