"""End-to-end scan on a small realistic log: flagged_at comes from replaying history in order."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import orjson
import pyarrow.parquet as pq

from distillguard.scan import Scan
from distillguard.scoring.replay import merge_running
from distillguard.testing import make_events

T0 = 1_767_225_600_000  # 2026-01-01T00:00:00Z
MIN = 60_000


def _log() -> list[dict]:
    rng = np.random.default_rng(7)
    rows: list[dict] = []
    # an honest analyst: a few dozen varied questions over two weeks, daytime only
    topics = ["sql window functions", "a cover letter", "Rust lifetimes", "pasta carbonara", "tax on stock options"]
    for i in range(40):
        day, hour = divmod(i, 3)
        rows.append({
            "ts": T0 + day * 86_400_000 + (9 + hour * 3) * 3_600_000 + int(rng.integers(0, 50)) * MIN,
            "request_id": f"h-{i}", "account_id": "analyst", "ip": "198.51.100.7", "user_agent": "Mozilla/5.0",
            "prompt": f"Can you help me with {topics[i % 5]}? Case {i}: {rng.integers(1e6)}",
            "max_tokens": 1024, "output_tokens": int(rng.integers(80, 600)), "temperature": 0.7,
        })
    # a harvester: 30 light requests on day 1, then from day 3 one-token answers with top_logprobs=20
    for i in range(30):
        rows.append({
            "ts": T0 + 10 * 3_600_000 + i * 7 * MIN, "request_id": f"x-pre-{i}", "account_id": "harvester",
            "ip": "203.0.113.9", "user_agent": "python-requests/2.31", "prompt": f"Summarise paragraph {i} of my notes.",
            "max_tokens": 512, "output_tokens": int(rng.integers(50, 300)),
        })
    for i in range(600):
        rows.append({
            "ts": T0 + 3 * 86_400_000 + i * 20_000 + int(rng.integers(0, 3000)), "request_id": f"x-{i:04d}",
            "account_id": "harvester", "ip": "203.0.113.9", "user_agent": "python-requests/2.31",
            "prompt": f"Complete: the {rng.integers(1e9)}th token is", "max_tokens": 1, "output_tokens": 1,
            "logprobs": True, "top_logprobs": 20, "logit_bias_n": 300 if i % 3 == 0 else None, "temperature": 0.0,
        })
    return rows


def test_harvester_flagged_after_it_starts_and_analyst_not(tmp_path: Path) -> None:
    log = tmp_path / "log.parquet"
    pq.write_table(make_events(_log()), log)
    result = Scan().run([log], tmp_path / "out")
    by_id = {r["account_id"]: r for r in result.accounts}
    h, a = by_id["harvester"], by_id["analyst"]
    assert h["flagged"] and not a["flagged"]
    assert "logprob-harvest" == h["reasons"][0]["detector"]
    assert "logits" in h["capabilities"]
    # flagged once harvesting started, well before its end, and never during the light prelude
    assert 30 < h["events_before_flag"] < 200
    assert h["flagged_at"] >= "2026-01-04T00:00:00.000Z"
    assert h["evidence"] and all(e.startswith("x-") and not e.startswith("x-pre") for e in h["evidence"])
    # the files on disk are what the result says
    lines = (tmp_path / "out" / "accounts.jsonl").read_bytes().splitlines()
    assert {orjson.loads(x)["account_id"] for x in lines} == {"harvester", "analyst"}


def test_running_profiles_agree_with_sql_account_profiles(tmp_path: Path) -> None:
    """merge_running over each account's per-bucket profiles equals the SQL account profile."""
    log = tmp_path / "log.parquet"
    pq.write_table(make_events(_log()), log)
    Scan().run([log], tmp_path / "out")
    con = duckdb.connect(str(tmp_path / "out" / "scan.duckdb"), read_only=True)
    from distillguard.features.profile import PROFILE_FIELDS

    names = [f.name for f in PROFILE_FIELDS]
    for acct in ("harvester", "analyst"):
        b = con.execute(f"select {', '.join(names)} from profile_buckets where account_id = ? order by bucket", [acct]).to_arrow_table()
        run = merge_running(None, {k: b.column(k).to_numpy(zero_copy_only=False).astype(float) for k in names})
        final = con.execute(f"select {', '.join(names)} from account_profiles where account_id = ?", [acct]).fetchone()
        for name, want in zip(names, final):
            got = run[name][-1]
            assert (want is None and not np.isfinite(got)) or np.isclose(got, float(want)), (acct, name, got, want)
