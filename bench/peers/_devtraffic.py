"""A tiny labelled log in the canonical format, for developing and testing the peer glue.

Not the benchmark's traffic (that comes from ``distillguard simulate``): a few hundred accounts
over a few days, with honest chat users, an evaluation harness and a batch classifier (hard
negatives), and one extraction campaign of accounts on one /24 that wrap a shared question set in
one template at a machine's cadence.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

T0 = 1_764_547_200_000  # 2025-12-01T00:00Z
WORDS = (
    "model answer question explain why how data system code function python error value list table "
    "query result reason policy rule history science market price energy water health school student "
    "write story poem email summary translate network server token design build test deploy cloud "
    "security risk review report plan budget team project garden recipe travel music movie sport"
).split()


def _sentence(rng: np.random.Generator, lo: int = 6, hi: int = 30) -> str:
    return " ".join(rng.choice(WORDS, int(rng.integers(lo, hi))))


def make(out: str | Path, seed: int = 0, days: int = 4, n_chat: int = 120, n_attack: int = 12) -> Path:
    """Write events.parquet, accounts.jsonl and labels.jsonl into ``out``; return ``out``."""
    rng = np.random.default_rng(seed)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    span = days * 86_400_000
    rows: list[dict[str, object]] = []
    labels: list[dict[str, object]] = []
    accounts: list[dict[str, object]] = []

    def add(acct: str, ts: int, prompt: str, **kw: object) -> None:
        base = {"ts": int(ts), "request_id": f"r{len(rows):07d}", "account_id": acct, "model": "m-large",
                "temperature": 0.7, "max_tokens": 1024, "output_tokens": int(rng.integers(50, 600)),
                "top_logprobs": None, "logit_bias_n": 0, "n": 1, "user_agent": "openai-python/1.40"}
        base.update(kw)
        base["prompt"] = prompt
        rows.append(base)

    for i in range(n_chat):
        a = f"chat-{i:03d}"
        ip = f"{rng.integers(11, 200)}.{rng.integers(0, 255)}.{rng.integers(0, 255)}.{rng.integers(1, 254)}"
        k = int(rng.lognormal(3.0, 0.8))
        for t in np.sort(rng.integers(0, span, k)):
            add(a, T0 + t, _sentence(rng), ip=ip, user_agent=rng.choice(["openai-python/1.40", "curl/8.4", "Mozilla/5.0"]))
        labels.append({"account_id": a, "label": "benign", "campaign": "", "scenario": "chat-user"})
    for i in range(3):
        a = f"eval-{i}"
        start = int(rng.integers(0, span // 2))
        for j in range(300):
            add(a, T0 + start + j * 2_000, f"Question: {_sentence(rng)}\nA) x\nB) y\nC) z\nD) w\nAnswer:",
                ip=f"130.{i}.7.10", temperature=0.0, max_tokens=1, output_tokens=1, top_logprobs=5, user_agent="lm-eval-harness/0.4")
        labels.append({"account_id": a, "label": "benign", "campaign": "", "scenario": "eval-harness"})
    for i in range(2):
        a = f"batch-{i}"
        for j in range(400):
            add(a, T0 + j * 600_000 + int(rng.integers(0, 5_000)), f"Classify the sentiment of this review as positive or negative.\n\n{_sentence(rng)}\n\nLabel:",
                ip=f"52.{i}.1.1", temperature=0.0, max_tokens=5, output_tokens=2, user_agent="python-requests/2.31")
        labels.append({"account_id": a, "label": "benign", "campaign": "", "scenario": "batch-classifier"})
    start = span // 4
    wrapper = "You are a meticulous expert. Answer the question below and show every step of your reasoning.\n\nQuestion: {}\n\nThink step by step, then give the final answer."
    for i in range(n_attack):
        a = f"hydra-{i:02d}"
        labels.append({"account_id": a, "label": "attack", "campaign": "hydra-1", "scenario": "hydra-distillation",
                       "attack_start": None})
    q = 0
    for t in range(start, span, 20_000):
        a = f"hydra-{q % n_attack:02d}"
        add(a, T0 + t + int(rng.integers(0, 800)), wrapper.format(_sentence(rng, 8, 20)), ip=f"203.0.113.{10 + q % n_attack}",
            max_tokens=8192, output_tokens=int(rng.integers(1500, 4000)), user_agent="python-httpx/0.27", temperature=1.0)
        q += 1
    for lab in labels:
        accounts.append({"account_id": lab["account_id"], "verified": lab["label"] == "benign", "tier": "free"})
    rows.sort(key=lambda r: r["ts"])
    tbl = pa.Table.from_pylist(rows)
    tbl = tbl.set_column(0, "ts", pa.array([r["ts"] for r in rows], pa.timestamp("ms", tz="UTC")))
    pq.write_table(tbl, out / "events.parquet")
    for name, data in (("labels.jsonl", labels), ("accounts.jsonl", accounts)):
        with (out / name).open("w") as fh:
            for r in data:
                fh.write(json.dumps(r) + "\n")
    return out


if __name__ == "__main__":
    import sys

    print(make(sys.argv[1] if len(sys.argv) > 1 else "bench/peers/out/dev"))
