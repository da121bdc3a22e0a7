"""Issue 4's acceptance story: a 400-account low-and-slow campaign that no single account gives
away becomes one flagged campaign, while honest groups (a campus NAT, a company's staff behind
one egress IP with one template, a research group on one benchmark) stay unflagged."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from distillguard.testing import make_events

from _scan import read_jsonl, scan_tables

T0 = 1_767_225_600_000  # 2026-01-01
DAY = 86_400_000
SUBJECTS = ["photosynthesis", "the french revolution", "kubernetes pods", "compound interest", "sourdough bread",
            "black holes", "the krebs cycle", "rust ownership", "supply and demand", "the roman senate",
            "vaccines", "tcp handshakes", "impressionism", "plate tectonics", "bayesian statistics",
            "jazz harmony", "the cold war", "neural networks", "tax brackets", "climate models"]
ASKS = ["what is", "how does", "why do people study", "give me an overview of", "what are the risks of",
        "compare two views on", "what happened with", "teach me", "summarise", "what should i know about"]


def _question(rng: np.random.Generator) -> str:
    return f"{ASKS[rng.integers(len(ASKS))]} {SUBJECTS[rng.integers(len(SUBJECTS))]} in the context of case {rng.integers(1e9)}?"


def _traffic() -> tuple[pa.Table, pa.Table, dict[str, str]]:
    rng = np.random.default_rng(11)
    rows: list[dict] = []
    accounts: list[dict] = []
    truth: dict[str, str] = {}
    wrappers = [("Answer in detail: ", ""), ("", " Explain your reasoning step by step."), ("Please answer thoroughly: ", ""),
                ("", " Give a complete, well-structured answer.")]
    # 400 fresh accounts created over 5 days, each ~40 one-shot questions at human pace, from a few /24s
    for k in range(400):
        a = f"ls-{k:03d}"
        truth[a] = "attack"
        created = T0 + int(rng.integers(0, 5 * DAY))
        accounts.append({"account_id": a, "created_at": created, "email_domain": ["gmail.com", "proton.me", "outlook.com"][k % 3]})
        t = created + int(rng.integers(1, 3)) * DAY
        net = f"203.0.{113 + k % 6}"
        for i in range(int(rng.integers(35, 45))):
            t += int(rng.exponential(2.5 * 3_600_000))
            pre, post = wrappers[(k + i) % 4]
            rows.append({"ts": t, "request_id": f"{a}-{i}", "account_id": a, "ip": f"{net}.{rng.integers(2, 250)}", "asn": 64501,
                         "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0", "prompt": pre + _question(rng) + post,
                         "max_tokens": 2048, "output_tokens": int(rng.integers(300, 900)), "temperature": 0.7})
    # 300 honest chat users with multi-turn conversations and no shared wrapper
    for k in range(300):
        a = f"chat-{k:03d}"
        truth[a] = "benign"
        accounts.append({"account_id": a, "created_at": T0 - int(rng.integers(60, 900)) * DAY, "email_domain": "gmail.com"})
        t = T0 + int(rng.integers(0, 10 * DAY))
        for i in range(int(rng.integers(5, 40))):
            t += int(rng.exponential(6 * 3_600_000))
            rows.append({"ts": t, "request_id": f"{a}-{i}", "account_id": a, "ip": f"198.{k % 200}.{k % 97}.{k % 250}", "asn": 7000 + k % 40,
                         "user_agent": "Mozilla/5.0 (Macintosh) Safari/605", "prompt": _question(rng).capitalize() + " thanks",
                         "turn": 1 + i % 3, "conversation_id": f"{a}-c{i // 3}", "max_tokens": 1024, "output_tokens": int(rng.integers(50, 600))})
    # 50 employees of one company behind one egress IP, one internal template, old verified accounts
    for k in range(50):
        a = f"acme-{k:02d}"
        truth[a] = "benign"
        accounts.append({"account_id": a, "created_at": T0 - int(rng.integers(100, 400)) * DAY, "email_domain": "acme.example",
                         "payment_fingerprint": "pf_acme", "verified": True})
        t = T0 + int(rng.integers(0, 2 * DAY))
        for i in range(int(rng.integers(20, 60))):
            t += int(rng.exponential(3 * 3_600_000))
            rows.append({"ts": t, "request_id": f"{a}-{i}", "account_id": a, "ip": "192.0.2.10", "asn": 64600, "user_agent": "AcmeAssist/2.4",
                         "system": "You are AcmeAssist. Answer questions about Acme tickets.", "prompt": f"Ticket #{rng.integers(1e6)}: customer says {_question(rng)} Draft a reply.",
                         "max_tokens": 512, "output_tokens": int(rng.integers(80, 300))})
    # 60 students behind one campus NAT, old accounts, multi-turn
    for k in range(60):
        a = f"stud-{k:02d}"
        truth[a] = "benign"
        accounts.append({"account_id": a, "created_at": T0 - int(rng.integers(30, 700)) * DAY, "email_domain": "students.uni.example"})
        t = T0 + int(rng.integers(0, 5 * DAY))
        for i in range(int(rng.integers(5, 30))):
            t += int(rng.exponential(8 * 3_600_000))
            rows.append({"ts": t, "request_id": f"{a}-{i}", "account_id": a, "ip": "192.0.2.77", "asn": 64700, "user_agent": "Mozilla/5.0 (X11) Firefox/128",
                         "prompt": "hey, " + _question(rng), "turn": 1 + i % 4, "conversation_id": f"{a}-c{i // 4}", "max_tokens": 1024, "output_tokens": int(rng.integers(50, 500))})
    # a research group running one public benchmark from 5 accounts at temperature 0
    for k in range(5):
        a = f"lab-{k}"
        truth[a] = "benign"
        accounts.append({"account_id": a, "created_at": T0 - 200 * DAY, "email_domain": "nlp.uni.example"})
        for i in range(400):
            rows.append({"ts": T0 + 3 * DAY + k * 3_600_000 + i * 2000, "request_id": f"{a}-{i}", "account_id": a, "ip": f"192.0.2.{100 + k}",
                         "asn": 64700, "user_agent": "lm-eval-harness/0.4", "prompt": f"Question {i}: which of the following is true about {SUBJECTS[i % 20]}? A) x B) y C) z D) w\nAnswer:",
                         "max_tokens": 1, "output_tokens": 1, "temperature": 0.0, "logprobs": True, "top_logprobs": 5})
    events = make_events(rows)
    acc = pa.table({
        "account_id": [r["account_id"] for r in accounts],
        "created_at": pa.array([r["created_at"] for r in accounts], pa.timestamp("ms", tz="UTC")),
        "email_domain": [r["email_domain"] for r in accounts],
        "payment_fingerprint": [r.get("payment_fingerprint") for r in accounts],
    })
    return events, acc, truth


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    events, acc, truth = _traffic()
    out, _ = scan_tables(tmp_path_factory.mktemp("lowslow"), events, acc)
    return out, truth


def test_no_member_is_flagged_on_its_own(scanned: tuple[Path, dict[str, str]]) -> None:
    out, truth = scanned
    for r in read_jsonl(out / "accounts.jsonl"):
        own = [x for x in r["reasons"] if x["detector"] != "campaign-membership"]
        own_risk = 1 - np.prod([1 - x["score"] for x in own]) if own else 0.0
        if truth[r["account_id"]] == "attack":
            assert own_risk < 0.7, r


def test_one_flagged_campaign_covers_the_operation(scanned: tuple[Path, dict[str, str]]) -> None:
    out, truth = scanned
    campaigns = read_jsonl(out / "campaigns.jsonl")
    attack = {a for a, t in truth.items() if t == "attack"}
    best = max(campaigns, key=lambda c: len(attack & set(c["accounts"])))
    covered = attack & set(best["accounts"])
    assert len(covered) >= 0.9 * len(attack)
    assert len(covered) >= 0.9 * len(best["accounts"])  # purity
    assert best["risk"] >= 0.7 and best["flagged_at"] is not None
    kinds = Counter(link["kind"] for link in best["links"])
    assert kinds["head"] + kinds["tail"] >= 2, best["links"]  # the shared wrappers are named with their values
    assert any("answer in detail:" == link["value"] for link in best["links"])
    for link in best["links"]:  # every tie names its value and the members it ties
        assert link["value"] not in (None, "") and set(link["accounts"]) <= set(best["accounts"]) and len(link["accounts"]) >= 2
    assert "accounts" in best["summary"] and str(len(best["accounts"])) in best["summary"]
    flagged = {r["account_id"] for r in read_jsonl(out / "accounts.jsonl") if r["flagged"]}
    assert len(flagged & attack) >= 0.9 * len(attack)


def test_honest_groups_stay_unflagged(scanned: tuple[Path, dict[str, str]]) -> None:
    out, truth = scanned
    rows = read_jsonl(out / "accounts.jsonl")
    wrongly = [r["account_id"] for r in rows if r["flagged"] and truth[r["account_id"]] == "benign"]
    assert wrongly == []
    for c in read_jsonl(out / "campaigns.jsonl"):
        honest = [a for a in c["accounts"] if truth[a] == "benign"]
        assert len(honest) <= 0.1 * len(c["accounts"]), c["summary"]


def test_campaign_ids_are_stable(scanned: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    out, _ = scanned
    events, acc, _ = _traffic()
    _, again = scan_tables(tmp_path, events, acc)
    assert sorted(c["campaign"] for c in again.campaigns) == sorted(c["campaign"] for c in read_jsonl(out / "campaigns.jsonl"))
