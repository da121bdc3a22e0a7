"""Account-graph build time at scale: synthetic per-account tables, then `find_campaigns`.

Usage::

    .venv/bin/python bench/graph_build.py --accounts 1000000 --events-per-account 4

Builds (with DuckDB, outside the measurement) the per-account tables the profile stage outputs
for N accounts: ``account_values`` (requests per /24, ASN, user agent, organisation, template,
15-minute window), ``account_wrappers`` (opening/closing phrases with their prompt hashes),
``account_sketches`` (MinHash signatures), ``account_mth`` and the profiles: honest accounts
spread over 20k /24s, 5k ASNs, 50 user agents and free-text openings, plus a planted
2,000-account campaign sharing a few /24s and three wrapper phrases.  Then times the graph build
on those tables (similarity, Leiden, campaign scoring) and reports wall time, peak memory, edges
and whether the planted campaign was found.
"""

from __future__ import annotations

import argparse
import json
import resource
import time

import duckdb
import numpy as np
import pyarrow as pa

from distillguard.features import profile as P
from distillguard.features.sketches import group_signatures
from distillguard.scoring.campaigns import find_campaigns
from distillguard.scoring.combine import ScoreMatrix
from distillguard.tables import AccountProfiles, AccountScores, GraphInputs

T0 = 1_767_225_600_000


def build(n: int, per: int, planted: int) -> tuple[AccountScores, GraphInputs]:
    con = duckdb.connect()
    con.execute(f"create table acct as select i, 'a' || i::varchar as account_id, i < {planted} as bad from range({n}) t(i)")
    con.execute(f"""
        create table ev as
        select a.account_id, a.account_id || '-' || j::varchar as request_id,
               {T0} + (case when a.bad then (hash(a.i, j) % (5 * 86400000)) else (hash(a.i, j) % (21 * 86400000)) end)::bigint as ts_ms,
               case when a.bad then '203.0.' || (a.i % 8)::varchar else (hash(a.i) % 250)::varchar || '.' || (hash(a.i, 1) % 80)::varchar || '.' || (hash(a.i, 2) % 250)::varchar end as prefix,
               case when a.bad then 64501 else (hash(a.i, 3) % 20000)::bigint end as asn,
               'ua/' || (hash(a.i, 4) % 50)::varchar as user_agent,
               'org-' || a.i::varchar as org_id,
               case when a.bad then ['answer in detail:', 'go into detail:', 'please answer thoroughly:'][1 + (j % 3)]
                    else 'w' || (hash(a.i, j, 5) % 1000000000)::varchar || ' x y' end as head,
               case when a.bad then 'explain your reasoning.' else 'z' || (hash(a.i, j, 6) % 1000000000)::varchar || ' q' end as tail,
               (hash(a.i, j, 7) % 1000000000)::bigint as template_fp,
               (hash(a.i, j, 10) % 1000000000)::bigint as prompt_hash
        from acct a, range({per}) r(j)""")
    kinds = {"prefix": "prefix", "asn": "asn::varchar", "user_agent": "user_agent", "org": "org_id",
             "template": "template_fp::varchar", "window": "(ts_ms // 900000)::varchar"}
    values = con.execute(" union all ".join(
        f"select account_id, '{k}' as kind, {col} as value, count(*)::bigint as c from ev group by all" for k, col in kinds.items()
    )).to_arrow_table()
    wrappers = con.execute("select account_id, head, tail, count(*)::bigint as c, list_sort(list(distinct prompt_hash)) as prompts "
                           "from ev group by all").to_arrow_table()
    elements = con.execute("""select distinct account_id, kind, e from (
            select account_id, 'near_duplicate' as kind, prompt_hash as e from ev
            union all select account_id, 'lockstep', (ts_ms // 900000) * 2 from ev
            union all select account_id, 'lockstep', ((ts_ms + 450000) // 900000) * 2 + 1 from ev)
        order by kind, account_id""").to_arrow_table()
    mth = con.execute("select account_id, max(ts_ms) as mth_ts from (select account_id, ts_ms, row_number() over "
                      "(partition by account_id order by ts_ms, request_id) rn from ev) where rn <= 5 group by account_id").to_arrow_table()
    accounts = con.execute(f"""
        select account_id, to_timestamp(({T0} - case when bad then 86400000 else (hash(i, 8) % 700) * 86400000 end) / 1000) as created_at,
               case when bad then 'gmail.com' else ['gmail.com', 'outlook.com', 'uni.example', 'corp.example'][1 + (hash(i, 9) % 4)::int] end as email_domain,
               null::varchar as payment_fingerprint, null::varchar as signup_ip
        from acct order by account_id""").to_arrow_table()
    prof = con.execute("select account_id, count(*)::double as requests, count(*)::double as prompt_known, count(*)::double as new_prompts, "
                       "min(ts_ms)::double as first_ts, max(ts_ms)::double as last_ts from ev group by account_id order by account_id").to_arrow_table()
    ids = prof.column("account_id").to_pylist()
    cols = {f.name: np.zeros(len(ids)) for f in P.PROFILE_FIELDS}
    for c in ("requests", "prompt_known", "new_prompts", "first_ts", "last_ts"):
        cols[c] = prof.column(c).to_numpy()
    m = ScoreMatrix([], np.zeros((len(ids), 0)), np.full(len(ids), 0.02))
    scores = AccountScores(AccountProfiles(ids, cols), None, m, [["general"]] * len(ids), 0.7, np.full(len(ids), np.nan), np.full(len(ids), np.nan))
    sketches = group_signatures(elements)
    return scores, GraphInputs(values=values, wrappers=wrappers.cast(P.WRAPPERS_SCHEMA), sketches=sketches, mth=mth,
                               accounts=accounts.cast(pa.schema([("account_id", pa.string()), ("created_at", pa.timestamp("ms", tz="UTC")),
                                                                 ("email_domain", pa.string()), ("payment_fingerprint", pa.string()),
                                                                 ("signup_ip", pa.string())])))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--accounts", type=int, default=100_000)
    ap.add_argument("--events-per-account", type=int, default=4)
    ap.add_argument("--planted", type=int, default=2000)
    a = ap.parse_args()
    t = time.perf_counter()
    scores, graph = build(a.accounts, a.events_per_account, a.planted)
    setup = time.perf_counter() - t
    t = time.perf_counter()
    res = find_campaigns(scores, graph)
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
