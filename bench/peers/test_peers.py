"""Tests of the peer glue. Run in the peers' environment (it has the peers installed):

    bash bench/peers/run.sh --help >/dev/null   # builds bench/peers/.venv once
    bench/peers/.venv/bin/python -m pytest bench/peers -q
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _devtraffic  # noqa: E402
from _common import DAY_MS, Verdict, read_events, replay_daily, template_fingerprint, write_findings  # noqa: E402
from metrics import read_jsonl, score  # noqa: E402

FINDINGS_FIELDS = {"account_id", "risk", "flagged", "flagged_at", "events_before_flag", "campaign", "capabilities", "reasons", "evidence", "events"}


@pytest.fixture(scope="module")
def dev(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _devtraffic.make(tmp_path_factory.mktemp("dev"), seed=3, days=3, n_chat=60, n_attack=8)


def _events(rows: list[tuple[int, str]]) -> pa.Table:
    return pa.table({"ts": [t for t, _ in rows], "request_id": [f"r{i}" for i in range(len(rows))], "account_id": [a for _, a in rows]})


def test_template_fingerprint_keeps_wrapper_and_ignores_payload() -> None:
    w = "You are a meticulous expert. Answer the question below and show every step.\n\nQuestion: {}\n\nThink step by step, then answer."
    a = template_fingerprint(w.format("why is the sky blue " * 3))
    b = template_fingerprint(w.format("how do vaccines train the immune system " * 2))
    assert a == b
    assert template_fingerprint("why is the sky blue? I always wondered about it as a child.") != a
    assert template_fingerprint(None) is None


def test_replay_daily_takes_end_of_first_flagging_day() -> None:
    t0 = 1_764_547_200_000
    # "slow" reaches 3 requests on day 2, "fast" on day 1; "quiet" never does
    rows = [(t0 + 1_000, "fast"), (t0 + 2_000, "fast"), (t0 + 3_000, "fast"), (t0 + 4_000, "slow"),
            (t0 + DAY_MS + 5, "slow"), (t0 + DAY_MS + 9, "slow"), (t0 + 2 * DAY_MS + 1, "quiet")]
    ev = _events(rows)

    def detect(t: pa.Table) -> dict[str, Verdict]:
        acc, n = np.unique(t.column("account_id").to_numpy(zero_copy_only=False), return_counts=True)
        return {str(a): Verdict(risk=1.0 if k >= 3 else 0.0, flagged=bool(k >= 3)) for a, k in zip(acc, n)}

    final = detect(ev)
    times = replay_daily(ev, detect, final)
    assert times == {"fast": t0 + DAY_MS, "slow": t0 + 2 * DAY_MS}


def test_write_findings_rows_follow_findings_md(tmp_path: Path) -> None:
    t0 = 1_764_547_200_000
    ev = _events([(t0 + i * 1000, "a" if i % 2 else "b") for i in range(10)])
    verdicts = {"a": Verdict(risk=0.9, flagged=True, campaign="c1"), "b": Verdict(risk=0.1, flagged=False)}
    write_findings(tmp_path, ev, verdicts, "test", flag_times={"a": t0 + 5_000})
    rows = {r["account_id"]: r for r in read_jsonl(tmp_path / "accounts.jsonl")}
    assert set(rows) == {"a", "b"} and all(set(r) == FINDINGS_FIELDS for r in rows.values())
    assert rows["a"]["flagged_at"] == "2025-12-01T00:00:05.000Z"
    assert rows["a"]["events_before_flag"] == 3  # a's requests at 1, 3 and 5 s
    assert rows["a"]["events"] == 5 and rows["b"]["flagged_at"] is None and rows["b"]["campaign"] is None
    camps = read_jsonl(tmp_path / "campaigns.jsonl")
    assert [c["accounts"] for c in camps] == [["a"]]


def test_score_counts_precision_recall_and_requests_before_flag() -> None:
    t0 = 1_764_547_200_000
    ev = _events([(t0 + i, a) for i, a in enumerate(["x1", "x2", "x1", "x2", "x1", "h1", "h2", "y1", "y1"])])
    labels = [{"account_id": "x1", "label": "attack", "campaign": "X", "scenario": "hydra"},
              {"account_id": "x2", "label": "attack", "campaign": "X", "scenario": "hydra"},
              {"account_id": "y1", "label": "attack", "campaign": "Y", "scenario": "hydra"},
              {"account_id": "h1", "label": "benign", "campaign": "", "scenario": "eval-harness"},
              {"account_id": "h2", "label": "benign", "campaign": "", "scenario": "chat-user"}]
    accounts = [{"account_id": "x2", "flagged": True, "flagged_at": t0 + 3},
                {"account_id": "h1", "flagged": True, "flagged_at": t0 + 5},
                {"account_id": "y1", "flagged": False, "flagged_at": None}]
    s = score(labels, accounts, ev)
    assert s.precision == 0.5 and s.recall == pytest.approx(1 / 3)
    assert s.honest_flagged == {"chat-user": (0, 1), "eval-harness": (1, 1)}
    # campaign X: 4 of its requests at or before x2's flag; Y never flagged: both of its requests
    assert s.campaigns_caught == 1 and s.median_requests_before_flag == 3.0 and s.share_through == pytest.approx(6 / 7)


def test_prada_flags_perturbed_seed_queries_not_natural_ones() -> None:
    from sklearn.preprocessing import normalize

    from prada_peer import DELTA, PradaAccount

    for seed in range(3):
        rng = np.random.default_rng(seed)
        natural = normalize(rng.normal(size=(300, 32))).astype(np.float32)
        seeds = rng.normal(size=(8, 32))
        synthetic = normalize(np.concatenate([seeds, seeds[rng.integers(0, 8, 292)] + rng.normal(scale=0.05, size=(292, 32))])).astype(np.float32)
        ws = {}
        for name, x in (("natural", natural), ("synthetic", synthetic)):
            acc = PradaAccount(x.shape[1])
            ws[name] = min(w for w in (acc.update(q) for q in x) if w is not None)
        assert ws["natural"] > DELTA > ws["synthetic"]


def test_shapiro_w_matches_scipy() -> None:
    from scipy.stats import shapiro

    from prada_peer import shapiro_w

    rng = np.random.default_rng(0)
    for n in (3, 50, 999):
        x = rng.gamma(2.0, 1.0, n)
        assert shapiro_w(x) == pytest.approx(float(shapiro(x).statistic), abs=1e-12)


def test_fraudar_puts_the_campaign_in_one_block(dev: Path) -> None:
    import fraudar_peer

    ev = read_events(dev / "events.parquet")
    v = fraudar_peer.detect(ev)
    hydra = [a for a in v if a.startswith("hydra")]
    assert len(hydra) == 8 and all(v[a].flagged for a in hydra)
    assert len({v[a].campaign for a in hydra}) == 1


def test_pyod_flags_a_fixed_share_of_accounts(dev: Path) -> None:
    import pyod_peer

    ev = read_events(dev / "events.parquet")
    for detect in (pyod_peer.detect_ecod, pyod_peer.detect_iforest):
        v = detect(ev)
        share = sum(x.flagged for x in v.values()) / len(v)
        assert 0 < share <= pyod_peer.CONTAMINATION + 0.02
        assert all((x.risk >= 0.95) == x.flagged for x in v.values())


@pytest.mark.slow
def test_peer_cli_writes_findings_for_every_account(dev: Path, tmp_path: Path) -> None:
    import peer

    for method in ("cnt", "prada"):
        out = tmp_path / method
        assert peer.main([method, "--events", str(dev / "events.parquet"), "--out", str(out)]) == 0
        assert peer.main([method, "--events", str(dev / "events.parquet"), "--out", str(out), "--phase", "replay"]) == 0
        rows = [json.loads(line) for line in (out / "accounts.jsonl").read_text().splitlines()]
        assert len(rows) == len({r["account_id"] for r in read_jsonl(dev / "labels.jsonl")})
        assert all((r["flagged_at"] is not None) == r["flagged"] for r in rows)
    cnt = {r["account_id"]: r for r in read_jsonl(tmp_path / "cnt" / "accounts.jsonl")}
    assert all(cnt[f"hydra-{i:02d}"]["flagged"] for i in range(8))


def test_launcher_reports_the_childs_own_peak_memory() -> None:
    import bench

    launcher = bench.Launcher()  # started while this process is small
    ballast = bytearray(600 * 2**20)  # this process grows afterwards, as bench.py does
    ballast[::4096] = b"x" * len(ballast[::4096])
    try:
        rec = launcher.measure([sys.executable, "-c", "b = bytearray(80 * 2**20); b[::4096] = b'x' * len(b[::4096])"], Path("/dev/null"))
    finally:
        launcher.close()
    assert rec["rc"] == 0
    assert 80 * 2**20 <= rec["peak_rss"] < 400 * 2**20
