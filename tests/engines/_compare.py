"""Comparing two engines' (or two runs') findings and stage tables: keys exactly, float sums
within a relative tolerance (engines add in different orders), lists of hashes as sets."""

from __future__ import annotations

import math
from typing import Any

import pyarrow as pa

TABLES = ("event_flags", "profile_buckets", "account_profiles", "account_values", "account_wrappers", "account_sketches", "account_mth", "account_risk")
KEYS = {
    "event_flags": ("request_id",),
    "profile_buckets": ("account_id", "bucket"),
    "account_values": ("account_id", "kind", "value"),
    "account_wrappers": ("account_id", "head", "tail"),
    "account_sketches": ("account_id", "kind"),
}


def close(a: Any, b: Any, rel: float = 1e-9) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return (a is None or math.isnan(a)) and (b is None or math.isnan(b))
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(close(x, y, rel) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(close(a[k], b[k], rel) for k in a)
    return a == b


def rows(t: pa.Table, key: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = t.to_pylist()
    for r in rows:
        if isinstance(r.get("prompts"), list):
            r["prompts"] = sorted(r["prompts"])
    return sorted(rows, key=lambda r: tuple((r[k] is not None, r[k] if r[k] is not None else "") for k in key))


def diff_rows(name: str, got: list[dict[str, Any]], want: list[dict[str, Any]], rel: float) -> list[str]:
    out = []
    if len(got) != len(want):
        out.append(f"{name}: {len(got)} rows, reference has {len(want)}")
    for g, w in zip(got, want):
        if g.keys() != w.keys():
            out.append(f"{name}: columns {sorted(set(g) ^ set(w))} differ")
            break
        for k in w:
            if not close(g[k], w[k], rel):
                out.append(f"{name} row {w.get('account_id', w.get('campaign'))}: {k} = {g[k]!r}, reference {w[k]!r}")
        if len(out) > 20:
            break
    return out




def diff_tables(got: Any, want: Any, tables: tuple[str, ...] = TABLES, rel: float = 1e-9) -> list[str]:
    """Row-by-row differences of the stage tables two engines hold."""
    problems: list[str] = []
    for name in tables:
        key = KEYS.get(name, ("account_id",))
        w, g = want.read(name), got.read(name)
        if set(g.column_names) != set(w.column_names):
            problems.append(f"{name}: columns {sorted(set(g.column_names) ^ set(w.column_names))}")
            continue
        problems += diff_rows(name, rows(g.select(w.column_names), key), rows(w, key), rel)
    return problems


def diff_findings(got: Any, want: Any, rel: float = 1e-9) -> list[str]:
    """Differences of two scans' findings (``ScanResult``): accounts and campaigns rows."""
    out = diff_rows("accounts.jsonl", got.accounts, want.accounts, rel)
    out += diff_rows("campaigns.jsonl", sorted(got.campaigns, key=lambda c: c["campaign"]), sorted(want.campaigns, key=lambda c: c["campaign"]), rel)
    return out
