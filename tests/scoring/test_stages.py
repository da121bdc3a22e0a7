"""Each stage alone, on data (no scan, no store): score → replay → campaigns → feedback → findings."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from distillguard.detectors.base import iter_detectors, profile_columns
from distillguard.engines.memory import MemoryEngine
from distillguard.features import profile as P
from distillguard.scoring.campaigns import CampaignSettings, find_campaigns
from distillguard.scoring.combine import score_accounts
from distillguard.scoring.replay import replay
from distillguard.scoring.risk import evidence_plan, feedback, needs_event_counts
from distillguard.sinks.jsonl import account_rows, campaign_row
from distillguard.tables import AccountProfiles, Campaign, CampaignResult, GraphInputs, MemberVerdict

T0 = 1_767_225_600_000
HARVESTER = {"requests": 1204, "logprob_requests": 1204, "top_logprobs_high": 987, "top_logprobs_max": 20, "output_known": 1204,
             "short_outputs": 1168, "params_known": 1204, "output_tokens": 1300, "first_ts": T0, "last_ts": T0 + 86_400_000, "new_days": 2,
             "prompt_known": 1204, "new_prompts": 1204, "new_prefix_fps": 1190}  # free-text prefixes, not one benchmark template
CHATTER = {"requests": 40, "prompt_known": 40, "new_prompts": 40, "output_known": 40, "output_tokens": 12000, "first_ts": T0,
           "last_ts": T0 + 5 * 86_400_000, "new_days": 5, "cap_general": 40}


def _profiles(rows: dict[str, dict]) -> AccountProfiles:
    cols = profile_columns(list(rows.values()))
    return AccountProfiles(list(rows), cols)


def test_score_stage_flags_the_harvester_and_names_logits() -> None:
    s = score_accounts(_profiles({"h": HARVESTER, "u": CHATTER}), list(iter_detectors()), 0.7)
    assert s.ids == ["h", "u"]
    assert s.risk[0] >= 0.7 > s.risk[1]
    assert "logits" in s.capabilities[0] and s.capabilities[1] == ["general"]
    assert np.isnan(s.flagged_at_ms).all()  # no flag times before replay


def test_replay_stage_finds_the_event_that_crossed() -> None:
    """Replay over bucket rows and per-event flags handed over as tables (a memory store filled
    by hand): the account crosses at its 3rd one-token top-20 request, not before."""
    from distillguard.testing import make_events

    words = "river stone cloud paper garden violin harbor lantern meadow copper falcon orchard silver canyon".split()
    # next-token distributions over free-text prefixes (every one opens differently), not one benchmark template
    rows = [{"ts": T0 + i * 1000, "request_id": f"r{i:02d}", "account_id": "h", "max_tokens": 1, "output_tokens": 1,
             "logprobs": True, "top_logprobs": 20 if i >= 10 else 0,
             "prompt": f"{words[i % 14]} {words[(i // 14) % 14]} {words[(3 * i) % 14]} and then the"} for i in range(60)]
    ev = make_events(rows).append_column("ts_ms", pa.array([r["ts"] for r in rows], pa.int64()))
    engine = MemoryEngine()
    engine.tables["event_features"] = P.event_columns(ev.select(list(P.EVENT_INPUTS)))
    engine.build_profiles(evidence_requests=5)
    profiles = AccountProfiles.from_arrow(engine.read("account_profiles"))
    dets = list(iter_detectors())
    s = score_accounts(profiles, dets, 0.7)
    assert s.risk[0] >= 0.7
    r = replay(engine, s, dets)
    k = int(r.events_before_flag[0])
    assert 10 < k < 60 and r.flagged_at_ms[0] == T0 + (k - 1) * 1000
    # one request fewer does not cross
    before = AccountProfiles.from_arrow(pa.Table.from_pylist([{"account_id": "h", **_prefix_profile(engine, k - 1)}]))
    assert score_accounts(before, dets, 0.7).risk[0] < 0.7


def _prefix_profile(engine: MemoryEngine, n: int) -> dict:
    """The account's profile after its first ``n`` events: the merge of their own profiles."""
    import warnings

    one = P.single_event_profiles(engine.read("event_flags").slice(0, n))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a minimum over no known value is nan
        return {
            f.name: (np.nansum(one[f.name]) if f.merge == "sum" else (np.nanmin if f.merge == "min" else np.nanmax)(one[f.name]))
            for f in P.PROFILE_FIELDS
        }


def _graph(n_ring: int = 4) -> tuple[AccountProfiles, GraphInputs]:
    """A ring of fresh accounts sharing a rare /24 and one wrapper, among honest accounts."""
    prof: dict[str, dict] = {}
    values, wrappers = [], []
    for k in range(n_ring):
        a = f"ring-{k}"
        prof[a] = dict(CHATTER, requests=50, prompt_known=50, new_prompts=50, cue_cot=45, cap_reasoning=45, first_ts=T0 + k * 3_600_000)
        values.append({"account_id": a, "kind": "prefix", "value": "203.0.113", "c": 50})
        wrappers.append({"account_id": a, "head": None, "tail": "explain your reasoning.", "c": 50, "prompts": list(range(k * 100, k * 100 + 50))})
    for k in range(30):
        a = f"user-{k:02d}"
        prof[a] = dict(CHATTER)
        values.append({"account_id": a, "kind": "prefix", "value": f"198.51.{k}", "c": 40})
    accounts = pa.table({"account_id": list(prof), "created_at": pa.array([T0 - 86_400_000 if a.startswith("ring") else T0 - 400 * 86_400_000
                                                                           for a in prof], pa.timestamp("ms", tz="UTC")),
                         "payment_fingerprint": pa.array([None] * len(prof), pa.string()), "email_domain": pa.array([None] * len(prof), pa.string()),
                         "signup_ip": pa.array([None] * len(prof), pa.string())})
    g = GraphInputs(values=pa.Table.from_pylist(values, schema=P.VALUES_SCHEMA), wrappers=pa.Table.from_pylist(wrappers, schema=P.WRAPPERS_SCHEMA),
                    sketches=P.SKETCHES_SCHEMA.empty_table(),
                    mth=pa.table({"account_id": list(prof), "mth_ts": pa.array([int(p["first_ts"]) + 5000 for p in prof.values()], pa.int64())}),
                    accounts=accounts)
    return _profiles(prof), g


def test_campaign_stage_links_the_ring_on_per_account_tables() -> None:
    profiles, g = _graph()
    s = score_accounts(profiles, list(iter_detectors()), 0.7)
    result = find_campaigns(s, g, settings=CampaignSettings())
    ring = {f"ring-{k}" for k in range(4)}
    assert any(set(c.accounts) == ring for c in result.campaigns), [c.accounts for c in result.campaigns]
    c = next(c for c in result.campaigns if set(c.accounts) == ring)
    kinds = {link["kind"] for link in c.links}
    assert {"prefix", "tail"} <= kinds
    assert c.flagged_at_ms is None or isinstance(c.flagged_at_ms, int)  # epoch ms, formatted only by the sinks
    assert all(a.startswith("ring") for a in result.members)


def test_feedback_is_pure_and_flags_members_when_their_campaign_could() -> None:
    profiles = _profiles({"a": CHATTER, "b": CHATTER})
    s = score_accounts(profiles, list(iter_detectors()), 0.7)
    reason = {"detector": "campaign-membership", "score": 0.9, "summary": "member of campaign c-1"}
    result = CampaignResult([], {"a": MemberVerdict("c-1", 0.9, reason, T0 + 123)})
    r1, r2 = feedback(s, result), feedback(s, result)
    assert r1.risk.tolist() == r2.risk.tolist() and s.risk[0] < 0.7  # the input is untouched
    assert r1.risk[0] == 0.9 and r1.flagged.tolist() == [True, False] and r1.campaign == ["c-1", None]
    assert r1.flagged_at_ms[0] == T0 + 123 and r1.reasons[0][0] == reason
    need = needs_event_counts(r1)
    assert need.to_pylist() == [{"account_id": "a", "t": T0 + 123}]
    assert evidence_plan(s, r1) == {"a": ["f_any"]}
    rows = account_rows(r1)
    assert rows[0]["flagged_at"] == "2026-01-01T00:00:00.123Z" and rows[0]["events_before_flag"] is None
    assert rows[1]["flagged_at"] is None and rows[1]["campaign"] is None


def test_evidence_plan_names_each_accounts_strongest_fired_detectors_in_order() -> None:
    # the plan is computed for every account at once; it must be what each account's own row
    # gives: its fired detectors (score >= 0.5, an abstention is 0) by contribution, at most 3,
    # or "f_any" for a flagged account where none fired, nothing for the rest
    rows = {"h": HARVESTER, "u": CHATTER, "h2": dict(HARVESTER, requests=300, logprob_requests=300, top_logprobs_high=250),
            "cot": dict(CHATTER, requests=900, prompt_known=900, new_prompts=900, cue_cot=880, cap_reasoning=880, output_tokens=900_000),
            "both": dict(HARVESTER, cue_cot=1180, cap_reasoning=1180)}  # two detectors fire
    s = score_accounts(_profiles(rows), list(iter_detectors()), 0.7)
    r = feedback(s, CampaignResult([], {"u": MemberVerdict("c-1", 0.9, {"detector": "campaign-membership", "score": 0.9}, T0)}))
    m = s.matrix
    contrib = m.contributions()
    expect = {}
    for i, a in enumerate(s.ids):
        fired = [j for j in np.argsort(-contrib[i]) if np.nan_to_num(m.scores[i, j]) >= 0.5][:3]
        if fired or r.risk[i] >= r.threshold:
            expect[a] = [m.detectors[j].evidence or "f_any" for j in fired] or ["f_any"]
    plan = evidence_plan(s, r)
    assert plan == expect and list(plan) == list(expect)
    assert plan["h"] == ["f_logit_evidence"] and plan["u"] == ["f_any"]  # the harvester: its logit requests; the member: any
    assert plan["both"] == ["f_logit_evidence", "cue_cot"]  # the larger contribution (score x weight) first


def test_campaign_rows_format_times_only_in_the_sink() -> None:
    c = Campaign("c-1", ["a", "b"], 0.91, T0, 12, ["general"], [], {"member-evidence": 0.9}, {"fresh_share": 1.0, "start_spread_days": 0.5})
    row = campaign_row(c)
    assert row["flagged_at"] == "2026-01-01T00:00:00.000Z" and "First flagged 2026-01-01T00:00:00.000Z." in row["summary"]
    assert campaign_row(Campaign("c-2", ["a"], 0.2, None, 1, ["general"], []))["summary"].endswith("Not flagged.")


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_populations(n: int) -> None:
    rows = {f"a{i}": CHATTER for i in range(n)}
    s = score_accounts(_profiles(rows), list(iter_detectors()), 0.7)
    _, g = _graph(0)
    assert find_campaigns(s, g).campaigns == []
    assert len(account_rows(feedback(s, None))) == n
