"""Every issue-14 scenario generates what it claims: one test per behaviour, asserting its
defining property on the generated traffic (the `hiding-small` scenario with the real corpora)."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow.parquet as pq
import pytest

from distillguard.events.readers import parse_ts
from distillguard.simulate import CAMPAIGN_KINDS, POPULATIONS, Scenario, load_scenario, simulate, simulate_tables
from distillguard.simulate._attacks import _COT_WRAPPERS, _FRAMES
from distillguard.simulate._corpora import PromptBank
from distillguard.simulate._hiding import _CODE_WRAPPERS, _DETAIL_WRAPPERS, _STEP_SYSTEMS, Source
from distillguard.simulate._net import _MOBILE

DAY = 86_400_000
HOUR = 3_600_000
SEED = 3


class Traffic:
    def __init__(self, d: Path) -> None:
        self.dir = d
        self.labels = {r["account_id"]: r for r in map(json.loads, (d / "labels.jsonl").read_text().splitlines())}
        self.accounts = {r["account_id"]: r for r in map(json.loads, (d / "accounts.jsonl").read_text().splitlines())}
        rows = pq.read_table(d / "events.parquet").to_pylist()
        for r in rows:
            r["ms"] = int(r["ts"].timestamp() * 1000)
        self.by: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            self.by[self.labels[r["account_id"]]["scenario"]].append(r)
        self.rows = rows

    def per_account(self, scenario: str) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in self.by[scenario]:
            out[r["account_id"]].append(r)
        return out


@pytest.fixture(scope="module")
def hiding(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Traffic:
    d = tmp_path_factory.mktemp("hiding")
    simulate(load_scenario("hiding-small"), seed=SEED, out=d, corpora=shared_data)
    return Traffic(d)


@pytest.fixture(scope="module")
def bank(shared_data: Path) -> PromptBank:
    return PromptBank(shared_data, seed=SEED)


def _ms(v: str) -> int:
    return parse_ts(v)[0]


def _variants(template: str) -> list[tuple[str, str]]:
    """Every (prefix, suffix) around ``{prompt}`` that a ``[a|b|c]`` template can resolve to."""
    parts = re.split(r"\[([^\]]*\|[^\]]*)\]", template)
    opts = [p.split("|") if i % 2 else [p] for i, p in enumerate(parts)]
    out = []
    for combo in itertools.product(*opts):
        pre, _, post = "".join(combo).partition("{prompt}")
        out.append((pre, post))
    return out


def _payload(prompt: str, variants: list[tuple[str, str]]) -> str | None:
    best = None
    for pre, post in variants:
        if prompt.startswith(pre) and prompt.endswith(post) and len(prompt) >= len(pre) + len(post):
            mid = prompt[len(pre): len(prompt) - len(post)]
            if best is None or len(mid) < len(best):
                best = mid
    return best


# -- every scenario, and the house rules of labelled traffic -------------------------------------------


def test_every_population_and_campaign_is_there_and_labelled(hiding: Traffic) -> None:
    sc = load_scenario("hiding-small")
    per = Counter(l["scenario"] for l in hiding.labels.values())
    for name in sc.populations:
        assert per[name] > 0, name
    for c in sc.campaigns:
        assert per[CAMPAIGN_KINDS[c["kind"]]] > 0, c["kind"]
    seen = {r["account_id"] for r in hiding.rows}
    assert seen == set(hiding.labels), "every labelled account has traffic, every account in the traffic is labelled"
    assert all(l["label"] == "benign" for l in hiding.labels.values() if l["scenario"] in sc.hard_negatives)
    # no pile of requests at the span's edges: the new populations drop what falls outside it
    edge = Counter(hiding.labels[r["account_id"]]["scenario"] for r in hiding.rows if r["ms"] == sc.end_ms - 1)
    assert sum(v for k, v in edge.items() if k not in ("chat-user", "edu-chat-user")) <= 2, edge


def test_procedural_prompts_when_no_corpora() -> None:
    sc = Scenario.from_dict({
        "name": "t", "days": 3, "populations": {k: {"accounts": 1, "end_users": 20, "employees": 5, "items": 30, "keys": 4} for k in POPULATIONS[8:]},
        "campaigns": [{"kind": k, "accounts": 6, "requests": 300, "end_users": 20, "harvest_end_users": 2, "keys": 4, "return_accounts": 2,
                       "requests_per_day": 20} for k in ("intermediary", "key-harvest", "wide-thin", "ban-and-return", "academic-takeover", "mixed-reseller")],
    })
    events, accounts, labels = simulate_tables(sc, seed=1)
    assert set(events.column("account_id").to_pylist()) == set(labels.column("account_id").to_pylist())
    assert set(labels.column("scenario").to_pylist()) >= set(POPULATIONS[8:]) | {CAMPAIGN_KINDS[k] for k in ("wide-thin", "mixed-reseller")}


def test_hiding_scenarios_are_deterministic() -> None:
    sc = load_scenario("hiding-small").with_days(2)
    a, _, la = simulate_tables(sc, seed=9)
    b, _, lb = simulate_tables(sc, seed=9)
    assert a.equals(b) and la.equals(lb)


# -- inside an intermediary -------------------------------------------------------------------------


def test_intermediary_harvesters_hide_among_the_platforms_end_users(hiding: Traffic) -> None:
    plats = hiding.per_account("intermediary-harvest")
    assert len(plats) == 2
    campaign_end_users = []
    for acct, rows in plats.items():
        assert all(r["end_user"] for r in rows), "a platform names the end user of every request"
        users = Counter(r["end_user"] for r in rows)
        harvesters = set(hiding.labels[acct]["attack_end_users"])
        assert len(users) >= 300 and 1 <= len(harvesters) <= 0.02 * len(users)
        assert harvesters <= set(users)
        # same id scheme, same servers and client as the real users: nothing but their traffic tells them apart
        shape = {re.sub(r"[0-9a-f]", "x", u) for u in users}
        assert {re.sub(r"[0-9a-f]", "x", u) for u in harvesters} <= shape
        assert {(r["ip"], r["user_agent"]) for r in rows if r["end_user"] in harvesters} <= {(r["ip"], r["user_agent"]) for r in rows if r["end_user"] not in harvesters}
        honest = np.median([n for u, n in users.items() if u not in harvesters])
        assert min(users[u] for u in harvesters) > 20 * honest
        campaign_end_users.append(harvesters)
    assert all(campaign_end_users), "the campaign's end users sit in both platforms"


def test_one_key_of_many_harvests(hiding: Traffic) -> None:
    (acct, rows), = hiding.per_account("key-harvest").items()
    (key,) = hiding.labels[acct]["attack_api_keys"]
    keys = Counter(r["api_key_id"] for r in rows)
    assert len(keys) == 12 and key in keys
    mine = [r for r in rows if r["api_key_id"] == key]
    others = [r for r in rows if r["api_key_id"] != key]
    gen = sum("Instruction:" in (r["prompt"] or "") or "step" in (r["system"] or "") for r in mine)
    assert gen > 0.5 * len(mine) and not any("Instruction:" in (r["prompt"] or "") for r in others)
    assert {(r["ip"], r["user_agent"]) for r in mine} <= {(r["ip"], r["user_agent"]) for r in others}


# -- wide and thin -----------------------------------------------------------------------------------


def test_wide_thin_accounts_are_thin_and_each_request_has_its_own_ip(hiding: Traffic) -> None:
    per = hiding.per_account("wide-thin")
    assert len(per) == 200
    daily = [len(rows) / max(1, len({r["ms"] // DAY for r in rows})) for rows in per.values()]
    assert np.median(daily) <= 8, "a handful of requests a day"
    rows = hiding.by["wide-thin"]
    assert len({r["ip"] for r in rows}) >= 0.97 * len(rows)
    assert len({r["asn"] for r in rows}) >= 15, "residential and mobile proxies across many ISPs"
    mobile = {a for a, _, _ in _MOBILE}
    assert 0.2 < np.mean([r["asn"] in mobile for r in rows]) < 0.4


def test_wide_thin_signs_up_in_waves_and_looks_human(hiding: Traffic) -> None:
    per = hiding.per_account("wide-thin")
    waves: dict[str, list[int]] = defaultdict(list)
    for a in per:
        waves[hiding.labels[a]["wave"]].append(_ms(hiding.accounts[a]["created_at"]))
    assert sorted(waves) == ["1", "2", "3"]
    for created in waves.values():
        assert max(created) - min(created) <= 6 * HOUR, "one wave signs up within hours"
    starts = sorted(min(created) for created in waves.values())
    assert min(np.diff(starts)) >= DAY
    # human-like timing: sessions at waking hours (local), seconds-to-minutes apart, never a fixed cadence
    gaps = [b["ms"] - a["ms"] for rows in per.values() for a, b in zip(sorted(rows, key=lambda r: r["ms"]), sorted(rows, key=lambda r: r["ms"])[1:])]
    short = np.array([g for g in gaps if g < HOUR])
    assert np.median(short) > 20_000 and np.std(np.log(short)) > 0.5


def test_wide_thin_is_tied_by_what_an_operator_cannot_cheaply_vary(hiding: Traffic, bank: PromptBank) -> None:
    rows = hiding.by["wide-thin"]
    # one request-parameter fingerprint across every account
    fp = Counter((r["model"], r["max_tokens"], r["temperature"], r["top_p"], r["reasoning"], r["n"]) for r in rows)
    assert len(fp) == 1
    # while what is cheap to vary does vary: user agents, cards, e-mail providers
    per = hiding.per_account("wide-thin")
    assert len({rs[0]["user_agent"] for rs in per.values()}) > 50
    assert len({hiding.accounts[a]["payment_fingerprint"] for a in per}) == len(per)
    # one prompt source, split between the accounts: complementary, (nearly) disjoint
    families = {"reasoning": (_COT_WRAPPERS, bank.hard_questions), "coding": (_CODE_WRAPPERS, bank.coding_questions),
                "general": (_DETAIL_WRAPPERS, bank.sharegpt_turns)}
    owner: dict[str, set[str]] = defaultdict(set)
    items: dict[str, set[str]] = defaultdict(set)
    caps: Counter[str] = Counter()
    variants: dict[str, set[str]] = defaultdict(set)
    unmatched = 0
    for r in rows:
        for cap, (wrappers, pool) in families.items():
            for w in wrappers:
                pay = _payload(r["prompt"], _variants(w))
                if pay is None:
                    continue
                base = next((pay[len(f):] for f in _FRAMES[1:] if pay.startswith(f)), pay)
                if base in _pool_set(cap, pool):
                    owner[pay].add(r["account_id"])
                    items[r["account_id"]].add(base)
                    caps[cap] += 1
                    variants[r["prompt"].replace(pay, "{prompt}")].add(r["account_id"])
                    break
            else:
                continue
            break
        else:
            unmatched += 1
    assert unmatched == 0, "every prompt is one of the source's items inside one of the operator's wrappers"
    assert all(len(a) == 1 for a in owner.values()), "each (framed) item is asked once, by one account"
    # once the source is used up the operator goes round again under a new framing: nearly disjoint
    accts = sorted(items)
    rng = np.random.default_rng(0)
    pairs = [tuple(rng.choice(len(accts), 2, replace=False)) for _ in range(2000)]
    jac = [len(items[accts[i]] & items[accts[j]]) / len(items[accts[i]] | items[accts[j]]) for i, j in pairs]
    assert np.mean(jac) < 0.01
    mix = {k: v / len(rows) for k, v in caps.items()}
    assert abs(mix["reasoning"] - 0.5) < 0.05 and abs(mix["coding"] - 0.3) < 0.05 and abs(mix["general"] - 0.2) < 0.05
    # wrapper families: many paraphrased variants of a few wrappers, each variant used by many accounts
    assert len(variants) > 3 * (len(_COT_WRAPPERS) + len(_CODE_WRAPPERS) + len(_DETAIL_WRAPPERS))
    assert np.median([len(a) for a in variants.values()]) >= 3


_POOLS: dict[str, set[str]] = {}


def _pool_set(cap: str, pool: list[str]) -> set[str]:
    if cap not in _POOLS:
        _POOLS[cap] = set(pool)
    return _POOLS[cap]


def test_source_hands_every_item_out_once_before_going_round_again() -> None:
    s = Source(np.random.default_rng(0), [f"q{i}" for i in range(50)])
    first = [s.take() for _ in range(50)]
    assert sorted(first) == sorted(f"q{i}" for i in range(50))
    again = [s.take() for _ in range(50)]
    assert len(set(again)) == 50 and not set(again) & set(first)  # a second round, under a new framing
    assert all(any(x.endswith(q) for q in first) for x in again)


@pytest.mark.slow
def test_wide_thin_reaches_25000_accounts(tmp_path: Path) -> None:
    sc = load_scenario("wide-thin-25k")
    (camp,) = sc.campaigns
    assert camp["accounts"] == 25_000
    small = Scenario.from_dict({**sc.to_dict(), "populations": {}, "campaigns": [{**camp, "requests_per_day": 1}]})
    events, _, labels = simulate_tables(small, seed=1)
    assert labels.num_rows == 25_000
    assert len(set(events.column("account_id").to_pylist())) == 25_000
    ips = events.column("ip").to_pylist()
    assert len(set(ips)) >= 40_000, "tens of thousands of proxy addresses"


# -- ban and return ----------------------------------------------------------------------------------------


def test_ban_and_return_waves_do_not_overlap(hiding: Traffic) -> None:
    per = hiding.per_account("ban-and-return")
    span = {a: (min(r["ms"] for r in rows), max(r["ms"] for r in rows)) for a, rows in per.items()}
    wave = {a: hiding.labels[a]["wave"] for a in per}
    first = [a for a in per if wave[a] == "1"]
    repl = sorted((a for a in per if wave[a].startswith("1-r")), key=lambda a: wave[a])
    back = [a for a in per if wave[a] == "2"]
    assert len(first) == 4 and len(back) == 4 and len(repl) >= 1
    # the returning wave starts after every request of the first (replacements included)
    assert min(span[a][0] for a in back) > max(span[a][1] for a in first + repl)
    # a banned account sends nothing after its ban
    for a in first + repl:
        assert span[a][1] <= _ms(hiding.labels[a]["banned_at"])
    # about one ban a day, each account replaced within hours of a ban
    bans = sorted(_ms(hiding.labels[a]["banned_at"]) for a in first + repl)
    mass = bans[-1]
    early = [b for b in bans if b < mass]
    assert len(early) == len(repl)
    assert all(0.5 * DAY <= d <= 1.5 * DAY for d in np.diff(early))
    for a in repl:
        created = _ms(hiding.accounts[a]["created_at"])
        assert any(0 < created - b <= 6 * HOUR for b in early)


def test_ban_and_return_waves_share_the_operators_signature(hiding: Traffic) -> None:
    per = hiding.per_account("ban-and-return")
    wave = {a: hiding.labels[a]["wave"][0] for a in per}
    sig: dict[str, set[Any]] = defaultdict(set)
    for a, rows in per.items():
        w = wave[a]
        sig[w + "asn"] |= {r["asn"] for r in rows}
        sig[w + "/24"] |= {r["ip"].rsplit(".", 1)[0] for r in rows}
        sig[w + "ua"] |= {r["user_agent"] for r in rows}
        sig[w + "fp"] |= {(r["model"], r["max_tokens"], r["temperature"], r["top_p"], r["reasoning"]) for r in rows}
        sig[w + "card"].add(hiding.accounts[a]["payment_fingerprint"])
    for k in ("asn", "ua", "fp"):
        assert sig["1" + k] == sig["2" + k] and len(sig["1" + k]) == 1, k
    assert sig["2/24"] <= sig["1/24"] and sig["2card"] <= sig["1card"]


def test_shared_eval_harness_has_the_operators_as_and_user_agent(hiding: Traffic) -> None:
    op = {(r["asn"], r["user_agent"]) for r in hiding.by["ban-and-return"]}
    ev = {(r["asn"], r["user_agent"]) for r in hiding.by["shared-eval-harness"]}
    assert ev == op
    assert all(r["temperature"] == 0.0 for r in hiding.by["shared-eval-harness"])


# -- the seed case under evasion --------------------------------------------------------------------------


def test_academic_takeover_under_evasion(hiding: Traffic) -> None:
    per = hiding.per_account("academic-takeover")
    mobile = {a for a, _, _ in _MOBILE}
    wrapper_sets = []
    for a, rows in per.items():
        start = _ms(hiding.labels[a]["attack_start"])
        before = [r for r in rows if r["ms"] < start]
        after = [r for r in rows if r["ms"] >= start and r["user_agent"] == Counter(x["user_agent"] for x in rows if x["ms"] >= start).most_common(1)[0][0]]
        assert before and after
        assert hiding.accounts[a]["email_domain"].endswith(".edu") or ".ac." in hiding.accounts[a]["email_domain"]
        share = np.mean([r["asn"] in mobile for r in after])
        assert 0.15 < share < 0.55, share
        # each account its own paraphrase of each of the operator's wrappers
        openings = {r["prompt"][:40] for r in after}
        wrapper_sets.append(openings)
    common = set.intersection(*wrapper_sets)
    assert len(common) <= 2, "no wrapper wording shared by every account"
    pairs = [len(x & y) / max(1, min(len(x), len(y))) for x, y in itertools.combinations(wrapper_sets, 2)]
    assert np.median(pairs) < 0.5
    # the same mobile networks as another campaign (wide-thin) rents
    wide = {r["asn"] for r in hiding.by["wide-thin"] if r["asn"] in mobile}
    ours = {r["asn"] for r in hiding.by["academic-takeover"] if r["asn"] in mobile}
    assert len(ours & wide) >= 5


def test_university_sweep_runs_from_the_nat_the_taken_over_accounts_used(hiding: Traffic) -> None:
    taken = {r["ip"] for a, rows in hiding.per_account("academic-takeover").items() for r in rows
             if r["ms"] < _ms(hiding.labels[a]["attack_start"])}
    sweep = hiding.by["uni-eval-sweep"]
    assert {r["ip"] for r in sweep} & taken
    lp = [r for r in sweep if r["logprobs"]]
    assert len(lp) > 0.5 * len(sweep) and max(r["top_logprobs"] for r in lp) <= 10


# -- the mixed reseller --------------------------------------------------------------------------------------


def test_mixed_reseller_is_half_orca_style_generation(hiding: Traffic) -> None:
    for a, rows in hiding.per_account("mixed-reseller").items():
        gen = [r for r in rows if r["system"]]
        assert 0.4 < len(gen) / len(rows) < 0.6
        assert {r["system"] for r in gen} <= set(_STEP_SYSTEMS)
        assert sum("step by step" in r["system"] for r in gen) > 0.2 * len(gen)
        chat = [r for r in rows if not r["system"]]
        assert np.median([r["output_tokens"] for r in gen if r["status"] == 200]) > 2 * np.median([r["output_tokens"] for r in chat if r["status"] == 200])
        # paced like its customers: spread over the day, not in bursts
        assert len({datetime.fromtimestamp(r["ms"] / 1000, tz=timezone.utc).hour for r in gen}) >= 18
        assert {r["user_agent"] for r in gen} == {r["user_agent"] for r in chat}


# -- the honest twins ------------------------------------------------------------------------------------------


def test_vpn_employees_share_one_ip_and_system_prompt_and_onboarding_days(hiding: Traffic) -> None:
    per = hiding.per_account("corporate-vpn")
    assert len(per) == 40
    rows = hiding.by["corporate-vpn"]
    assert len({r["ip"] for r in rows}) == 1 and len({r["system"] for r in rows}) == 1
    days = {_ms(hiding.accounts[a]["created_at"]) // DAY for a in per}
    assert len(days) == 2
    assert len({r["prompt"] for r in rows}) > 0.9 * len(rows), "each employee asks their own questions"


def test_overnight_agents_run_unattended_for_eight_hours(hiding: Traffic) -> None:
    rows = sorted(hiding.by["overnight-agent"], key=lambda r: r["ms"])
    runs = [r for r in rows if r["tools_n"]]
    # split into runs at gaps of an hour or more
    spans, start = [], runs[0]["ms"]
    for a, b in zip(runs, runs[1:]):
        if b["ms"] - a["ms"] > HOUR:
            spans.append(a["ms"] - start)
            start = b["ms"]
    assert max(spans) > 7 * HOUR
    assert max(r["input_tokens"] for r in runs) > 100_000 and min(r["tools_n"] for r in runs) >= 40


def test_ci_review_bot_wraps_diverse_diffs_at_machine_speed(hiding: Traffic) -> None:
    rows = sorted(hiding.by["ci-review-bot"], key=lambda r: r["ms"])
    assert all(r["prompt"].startswith("You are reviewing a pull request for ") and "```diff" in r["prompt"] for r in rows)
    diffs = {r["prompt"].split("```diff", 1)[1] for r in rows}
    assert len(diffs) > 0.9 * len(rows)
    gaps = np.diff([r["ms"] for r in rows])
    assert np.mean(gaps < 3000) > 0.5, "files of one push reviewed seconds apart"


def test_home_users_live_on_the_proxy_pools_slash24s(hiding: Traffic) -> None:
    home = {r["ip"].rsplit(".", 1)[0] for r in hiding.by["proxy-overlap-home"]}
    proxied = {r["ip"].rsplit(".", 1)[0] for r in hiding.by["wide-thin"]}
    assert len(home & proxied) >= 10


def test_lab_account_moves_to_a_cluster_without_being_taken_over(hiding: Traffic) -> None:
    (a, rows), = hiding.per_account("lab-cluster-move").items()
    lab = hiding.labels[a]
    assert lab["label"] == "benign" and not lab.get("attack_start")
    sweep = [r for r in rows if r["temperature"] == 0.0]
    chat = [r for r in rows if r["temperature"] != 0.0]
    t_move = min(r["ms"] for r in sweep)
    assert all(r["ms"] >= t_move for r in sweep) and any(r["ms"] < t_move for r in chat)
    assert {r["asn"] for r in sweep}.isdisjoint({r["asn"] for r in chat if r["ms"] < t_move})
    assert {r["user_agent"] for r in sweep}.isdisjoint({r["user_agent"] for r in chat})


def test_logprob_benchmark_is_top20_without_logit_bias_over_fixed_items(hiding: Traffic) -> None:
    rows = hiding.by["logprob-benchmark"]
    assert all(r["top_logprobs"] == 20 and r["max_tokens"] == 1 and not r["logit_bias_n"] for r in rows)
    assert all(re.match(r"Question \d+: ", r["prompt"]) for r in rows)


def test_platforms_and_tutor_app_name_their_end_users(hiding: Traffic) -> None:
    for scen, n in (("app-platform", 300), ("tutor-app", 200)):
        rows = hiding.by[scen]
        assert len({r["end_user"] for r in rows}) == n and all(r["end_user"] for r in rows)
    tutor = hiding.by["tutor-app"]
    assert {r["system"] for r in tutor} == {tutor[0]["system"]} and "step by step" in tutor[0]["system"]
    # a few odd but honest users on the platform: far more requests than the median user
    users = Counter(r["end_user"] for r in hiding.by["app-platform"])
    assert max(users.values()) > 10 * np.median(list(users.values()))


def test_hashed_logs_keep_working_on_the_new_scenarios(hiding: Traffic, tmp_path: Path) -> None:
    """``bench/detection.py --log hashed`` on a hiding log: text gone, end users and keys kept."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("detection_bench", Path(__file__).resolve().parents[2] / "bench" / "detection.py")
    mod = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    src = tmp_path / "traffic"
    src.mkdir()
    for name in ("events.parquet", "labels.jsonl", "accounts.jsonl", "scenario.toml"):
        (src / name).write_bytes((hiding.dir / name).read_bytes())
    out = mod._variant(src, "hashed")
    t = pq.read_table(out / "events.parquet")
    assert "prompt" not in t.column_names and t.column("prompt_sha256").null_count < t.num_rows
    assert t.column("end_user").null_count < t.num_rows and t.num_rows == len(hiding.rows)
