"""Wrapper families: a campaign spread so thin that each key sends two to four requests, each
wrapped in a different paraphrase of the operation's wrappers, is still linked into one flagged
campaign; honest users' canned follow-ups and an honest app's two-variant template are not
mistaken for it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from distillguard.engines.duckdb import DuckDBEngine
from distillguard.scoring._families import family_uses, wrapper_families
from distillguard.testing import make_events

from _scan import read_jsonl, scan_tables

T0 = 1_767_225_600_000  # 2026-01-01
DAY = 86_400_000
HOUR = 3_600_000
SUBJECTS = ["photosynthesis", "the french revolution", "kubernetes pods", "compound interest", "sourdough bread",
            "black holes", "the krebs cycle", "rust ownership", "supply and demand", "the roman senate",
            "vaccines", "tcp handshakes", "impressionism", "plate tectonics", "bayesian statistics",
            "jazz harmony", "the cold war", "neural networks", "tax brackets", "climate models"]
ASKS = ["what is", "how does", "why do people study", "give me an overview of", "what are the risks of",
        "compare two views on", "what happened with", "teach me about", "summarise", "what should i know about"]
#: three wrappers, each in three paraphrases: nine variants that no key uses more than once or twice
WRAPPERS = [
    ("Answer in detail: {q}", "Go into detail: {q}", "Be detailed: {q}"),
    ("{q} Explain your reasoning.", "{q} Walk through your reasoning.", "{q} Explain why."),
    ("{q}\n\nGive a thorough answer with examples.", "{q}\n\nProvide a complete answer including examples.",
     "{q}\n\nPlease give a clear answer and examples."),
]
FOLLOW_UPS = ["Can you make it shorter?", "Can you give me an example?", "Now put that in bullet points.",
              "That's not quite right, try again."]
ISPS = list(range(7100, 7130))


def _question(rng: np.random.Generator) -> str:
    return f"{ASKS[rng.integers(len(ASKS))]} {SUBJECTS[rng.integers(len(SUBJECTS))]}, especially case {rng.integers(1e9)}?"


def _traffic() -> tuple[pa.Table, pa.Table, dict[str, str]]:
    rng = np.random.default_rng(5)
    rows: list[dict] = []
    accounts: list[dict] = []
    truth: dict[str, str] = {}
    # 240 fresh accounts, 2-4 one-shot requests each, from residential IPs of common ISPs
    for k in range(240):
        a = f"ls-{k:03d}"
        truth[a] = "attack"
        created = T0 + int(rng.integers(0, 3 * DAY))
        accounts.append({"account_id": a, "created_at": created, "email_domain": "gmail.com"})
        t = created + int(rng.integers(1, 20)) * HOUR
        asn = int(rng.choice(ISPS))
        for i in range(int(rng.integers(2, 5))):
            t += int(rng.exponential(3 * HOUR))
            w = WRAPPERS[rng.integers(3)][rng.integers(3)]
            rows.append({"ts": t, "request_id": f"{a}-{i}", "account_id": a, "ip": f"100.{asn % 200}.{k % 250}.{rng.integers(2, 250)}",
                         "asn": asn, "user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/124.0",
                         "prompt": w.format(q=_question(rng).capitalize()), "turn": 1, "conversation_id": f"{a}-c{i}",
                         "max_tokens": 4096, "output_tokens": int(rng.integers(500, 1200)), "temperature": 0.7})
    # 900 honest chat users on the same ISPs, 1-12 requests in conversations with canned follow-ups;
    # a third signed up during the same days
    for k in range(900):
        a = f"chat-{k:03d}"
        truth[a] = "benign"
        fresh = k % 3 == 0
        created = T0 + int(rng.integers(0, 3 * DAY)) if fresh else T0 - int(rng.integers(30, 900)) * DAY
        accounts.append({"account_id": a, "created_at": created, "email_domain": "gmail.com"})
        t = max(created, T0) + int(rng.integers(1, 48)) * HOUR
        asn = int(rng.choice(ISPS))
        n = int(rng.integers(1, 13))
        for i in range(n):
            t += int(rng.exponential(HOUR))
            turn = 1 + i % 3
            prompt = _question(rng).capitalize() if turn == 1 else FOLLOW_UPS[rng.integers(len(FOLLOW_UPS))]
            rows.append({"ts": t, "request_id": f"{a}-{i}", "account_id": a, "ip": f"100.{asn % 200}.{(k * 7) % 250}.{k % 250}",
                         "asn": asn, "user_agent": "Mozilla/5.0 (Macintosh) Safari/605", "prompt": prompt, "turn": turn,
                         "conversation_id": f"{a}-c{i // 3}", "max_tokens": 1024, "output_tokens": int(rng.integers(50, 600))})
    # 40 users of an honest support app whose template exists in two spellings
    for k in range(40):
        a = f"app-{k:02d}"
        truth[a] = "benign"
        accounts.append({"account_id": a, "created_at": T0 - int(rng.integers(100, 400)) * DAY, "email_domain": "helpdesk.example"})
        t = T0 + int(rng.integers(0, 2 * DAY))
        for i in range(int(rng.integers(5, 15))):
            t += int(rng.exponential(4 * HOUR))
            tmpl = ("Summarize this support ticket for the team: {q}", "Summarise this support ticket for the team: {q}")[i % 2]
            rows.append({"ts": t, "request_id": f"{a}-{i}", "account_id": a, "ip": f"192.0.2.{k + 10}", "asn": 64600,
                         "user_agent": "HelpdeskApp/3.1", "prompt": tmpl.format(q=_question(rng)), "max_tokens": 512,
                         "output_tokens": int(rng.integers(80, 300))})
    events = make_events(rows)
    acc = pa.table({
        "account_id": [r["account_id"] for r in accounts],
        "created_at": pa.array([r["created_at"] for r in accounts], pa.timestamp("ms", tz="UTC")),
        "email_domain": [r["email_domain"] for r in accounts],
    })
    return events, acc, truth


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    events, acc, truth = _traffic()
    out, _ = scan_tables(tmp_path_factory.mktemp("families"), events, acc)
    return out, truth


def test_no_single_variant_ties_the_keys(scanned: tuple[Path, dict[str, str]]) -> None:
    """The premise: keys use each variant about once, so no single phrase links them."""
    out, truth = scanned
    w = DuckDBEngine(out / "scan.duckdb", read_only=True).read("account_wrappers").to_pylist()
    per_tail: dict[tuple[str, str], int] = {}
    for r in w:
        if r["account_id"].startswith("ls-") and r["tail"] is not None:
            per_tail[(r["account_id"], r["tail"])] = per_tail.get((r["account_id"], r["tail"]), 0) + r["c"]
    assert np.mean(list(per_tail.values())) < 1.5


def test_variants_form_one_family_and_canned_follow_ups_none(scanned: tuple[Path, dict[str, str]]) -> None:
    out, truth = scanned
    wrappers = DuckDBEngine(out / "scan.duckdb", read_only=True).read("account_wrappers")
    fams = wrapper_families(wrappers, accounts=len(truth))
    attack_family = {fams.members[v] for v in fams.members if "reasoning." in v or "detail:" in v or "examples." in v}
    assert len(attack_family) == 1
    name = attack_family.pop()
    variants = {v for v, f in fams.members.items() if f == name}
    assert len(variants) >= 7, variants
    assert not any("shorter?" in v or "example?" in v or "bullet points." in v for v in fams.members)
    uses = family_uses(wrappers, fams).to_pylist()
    users = {u["account_id"] for u in uses if u["value"] == fams.label(name) and u["c"] >= 2}
    assert sum(truth[a] == "attack" for a in users) >= 200
    assert all(truth[a] == "attack" for a in users)


def test_thin_campaign_is_one_flagged_campaign(scanned: tuple[Path, dict[str, str]]) -> None:
    out, truth = scanned
    attack = {a for a, t in truth.items() if t == "attack"}
    campaigns = read_jsonl(out / "campaigns.jsonl")
    best = max(campaigns, key=lambda c: len(attack & set(c["accounts"])))
    covered = attack & set(best["accounts"])
    assert len(covered) >= 0.85 * len(attack)
    assert covered == set(best["accounts"])
    assert best["risk"] >= 0.7 and best["flagged_at"] is not None
    wrapper = [link for link in best["links"] if link["kind"] == "wrapper"]
    assert wrapper and "variant" in wrapper[0]["value"], best["links"]
    flagged = {r["account_id"] for r in read_jsonl(out / "accounts.jsonl") if r["flagged"]}
    assert len(flagged & attack) >= 0.85 * len(attack)
    assert flagged <= attack, sorted(flagged - attack)[:10]
