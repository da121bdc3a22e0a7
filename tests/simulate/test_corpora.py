"""Simulation from the real corpora in ../shared/data (skipped with a message where absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from distillguard.simulate import load_scenario, simulate
from distillguard.simulate._corpora import PromptBank

pytestmark = pytest.mark.corpora


def test_bank_reads_every_corpus(shared_data: Path) -> None:
    bank = PromptBank(shared_data)
    assert len(bank.sharegpt) > 5000 and all(isinstance(t, str) and t for t in bank.sharegpt[0])
    assert len(bank.arena) == 1250 and len(bank.xstest) == 450
    assert any("kill a Python process" in q for q in bank.xstest)
    assert len(bank.probes) > 2000  # HH-RLHF openers + XSTest + PyRIT seeds + spikee
    assert bank.generation_preamble.startswith("You are asked to come up with a set of 20 diverse task instructions")
    assert len(bank.seed_tasks) == 175 and len(bank.instructions) > 300
    assert bank.wrappers and all("{prompt}" in w for w in bank.wrappers)
    assert all(w.format(prompt="X").count("X") >= 1 for w in bank.wrappers[:50])
    profiles = bank.rate_profiles
    assert len(profiles) > 50 and all(len(p.rates) >= 1000 for p in profiles)
    assert bank.conv_lengths is not None and bank.conv_lengths.shape[1] == 2


def test_simulation_uses_the_corpora(shared_data: Path, tmp_path: Path) -> None:
    sc = load_scenario("small").with_days(2)
    s = simulate(sc, seed=11, out=tmp_path, corpora=shared_data)
    assert {"chat", "arena-hard", "api-rates", "instructions", "generation-preamble"} <= set(s.sources)
    prompts = pq.read_table(tmp_path / "events.parquet", columns=["prompt", "account_id"]).to_pylist()
    labels = {json.loads(l)["account_id"]: json.loads(l)["scenario"] for l in open(tmp_path / "labels.jsonl")}
    alpaca = sum(1 for r in prompts if labels[r["account_id"]] == "broad-distillation" and (r["prompt"] or "").startswith("You are asked to come up with"))
    assert alpaca > 0
    # chat users ask real ShareGPT questions
    real = {t for conv in PromptBank(shared_data).sharegpt for t in conv}
    chat = [r["prompt"] for r in prompts if labels[r["account_id"]] == "chat-user"]
    assert sum(p in real for p in chat) / len(chat) > 0.8
