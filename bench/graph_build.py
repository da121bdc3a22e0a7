"""Account-graph build time at scale: synthetic per-account tables, then `find_campaigns`.

Usage::

    .venv/bin/python bench/graph_build.py --accounts 1000000 --events-per-account 4

Builds, in a DuckDB file under bench/out/, the tables a scan leaves behind (event_flags with the
columns the edge kinds read, accounts, account_profiles, account_scores) for N accounts: honest
accounts spread over 20k /24s, 5k ASNs, 50 user agents and free-text openings, plus a planted
2,000-account campaign sharing a few /24s and three wrapper phrases.  Then times the graph build
(similarity, Leiden, campaign scoring) and reports wall time, peak memory, edges and whether
the planted campaign was found.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import duckdb

from distillguard.features.profile import PROFILE_FIELDS
from distillguard.scoring.campaigns import find_campaigns

OUT = Path(__file__).resolve().parent / "out"


def build(con: duckdb.DuckDBPyConnection, n: int, per: int, planted: int) -> None:
    t0 = 1_767_225_600_000
    con.execute(f"""
        create or replace table acct as
        select i, 'a' || i::varchar as account_id, i < {planted} as bad from range({n}) t(i)""")
    con.execute(f"""
        create or replace table event_flags as
        select a.account_id, a.account_id || '-' || j::varchar as request_id,
               {t0} + (case when a.bad then (hash(a.i, j) % (5 * 86400000)) else (hash(a.i, j) % (21 * 86400000)) end)::bigint as ts_ms,
               case when a.bad then '203.0.' || (a.i % 8)::varchar else (hash(a.i) % 250)::varchar || '.' || (hash(a.i, 1) % 80)::varchar || '.' || (hash(a.i, 2) % 250)::varchar end as v_prefix,
               case when a.bad then 64501 else (hash(a.i, 3) % 20000)::bigint end as asn,
               'ua/' || (hash(a.i, 4) % 50)::varchar as user_agent,
               'org-' || a.i::varchar as org_id,
               case when a.bad then ['answer in detail:', 'go into detail:', 'please answer thoroughly:'][1 + (j % 3)]
                    else 'w' || (hash(a.i, j, 5) % 1000000000)::varchar || ' x y' end as head_words,
               case when a.bad then 'explain your reasoning.' else 'z' || (hash(a.i, j, 6) % 1000000000)::varchar || ' q' end as tail_words,
               (hash(a.i, j, 7) % 1000000000)::bigint as template_fp,
               (hash(a.i, j, 10) % 1000000000)::bigint as prompt_hash,
               null::bigint as system_fp
        from acct a, range({per}) r(j)""")
    con.execute(f"""
        create or replace table accounts as
        select account_id, to_timestamp(({t0} - case when bad then 86400000 else (hash(i, 8) % 700) * 86400000 end) / 1000)::timestamp as created_at,
               case when bad then 'gmail.com' else ['gmail.com', 'outlook.com', 'uni.example', 'corp.example'][1 + (hash(i, 9) % 4)::int] end as email_domain,
               null::varchar as payment_fingerprint, null::varchar as signup_ip
        from acct""")
    sums = ", ".join(f"0.0::double as {f.name}" for f in PROFILE_FIELDS if f.name not in ("requests", "prompt_known", "first_ts", "last_ts", "new_prompts"))
    con.execute(f"""
        create or replace table account_profiles as
        select account_id, count(*)::double as requests, count(*)::double as prompt_known, count(*)::double as new_prompts,
               min(ts_ms)::bigint as first_ts, max(ts_ms)::bigint as last_ts, {sums}
        from event_flags group by account_id""")
    con.execute("""
        create or replace table account_scores as
        select account_id, 0.02::double as risk, false as flagged, null::bigint as flagged_at_ms, ['general'] as capabilities
        from account_profiles""")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=100_000)
    ap.add_argument("--events-per-account", type=int, default=4)
    ap.add_argument("--planted", type=int, default=2000)
    a = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"graph-{a.accounts}.duckdb"
    if db.exists():
        db.unlink()
    con = duckdb.connect(str(db))
    t = time.perf_counter()
    build(con, a.accounts, a.events_per_account, a.planted)
    setup = time.perf_counter() - t
    t = time.perf_counter()
    res = find_campaigns(con)
    wall = time.perf_counter() - t
    planted = {f"a{i}" for i in range(a.planted)}
    best = max(res.campaigns, key=lambda c: len(planted & set(c.accounts)), default=None)
    print(json.dumps({
        "accounts": a.accounts,
        "events": a.accounts * a.events_per_account,
        "setup_s": round(setup, 1),
        "graph_build_s": round(wall, 1),
        "edges": res.edges,
        "campaigns": len(res.campaigns),
        "planted_found": 0 if best is None else len(planted & set(best.accounts)),
        "planted_purity": None if best is None else round(len(planted & set(best.accounts)) / len(best.accounts), 3),
        "peak_rss_gib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024, 2),
        "command": f"python bench/graph_build.py --accounts {a.accounts} --events-per-account {a.events_per_account}",
    }, indent=2))


if __name__ == "__main__":
    main()
