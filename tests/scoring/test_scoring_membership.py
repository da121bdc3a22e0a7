"""Membership of a campaign needs the member's own extraction evidence, not its group's."""

from __future__ import annotations

import numpy as np

from distillguard.scoring.campaigns import CampaignSettings, _features, _member_fit

DAY_MS = 86_400_000


def _members(rows: list[dict]) -> dict[str, np.ndarray]:
    cols = ("requests", "prompt_known", "cue_cot", "cue_align", "cue_datagen", "cue_sysprompt", "logit_evidence", "own_risk",
            "first_ts", "followups", "new_prompts", "takeover", "output_known", "params_known", "long_outputs", "reasoning_high",
            "multi_n", "long_max_tokens")
    return {c: np.array([float(r.get(c, 0.0)) for r in rows]) for c in cols}


def _user(n: int, **kw: float) -> dict:
    """An account of ``n`` requests, all with known prompt, output and parameters."""
    return {"requests": n, "prompt_known": n, "output_known": n, "params_known": n, "new_prompts": n, "first_ts": 5 * DAY_MS, **kw}


def _fit(rows: list[dict], scores: dict[str, float]) -> np.ndarray:
    num = _members(rows)
    gi = np.arange(len(rows))
    s = CampaignSettings()
    feats = _features(gi, num, np.full(len(rows), np.nan), np.ones(3), 0.0, s.takeover_member)
    return _member_fit(gi, num, feats, scores, s)


# a reasoning-trace coercion: every request asks for the chain of thought and gets a long answer
COERCION = [_user(400, cue_cot=370, long_outputs=396, long_max_tokens=400, own_risk=0.88) for _ in range(6)]
# logit harvesting keys: top-logprobs maps on every request
LOGITS = [_user(1500, logit_evidence=1500, own_risk=0.93) for _ in range(3)]


def test_students_on_the_campaigns_networks_are_not_carried() -> None:
    """University students and an API app tied to coercion and logit keys by shared networks:
    web-chat max_tokens limits, a few long answers, a stray "step by step", machine timing."""
    students = [
        _user(5, long_outputs=3, long_max_tokens=5),  # 60 % long answers, no cue
        _user(8, long_outputs=5, long_max_tokens=8),
        _user(13, cue_cot=1, long_outputs=5, long_max_tokens=13),  # one "explain step by step" in 13
        _user(60, long_max_tokens=60, own_risk=0.12),
    ]
    app = [_user(2000, own_risk=0.37)]  # machine-timed and broad, no extraction in its traffic
    rows = COERCION + LOGITS + students + app
    fit = _fit(rows, {"member-evidence": 0.01, "extraction-content": 1.0, "coordination": 0.8})
    n_bad = len(COERCION) + len(LOGITS)
    assert fit[:n_bad].all()
    assert not fit[n_bad:].any()


def test_long_answers_are_evidence_where_they_are_the_campaigns_case() -> None:
    """Plain questions distilled at full length (no cues, no logprobs): each member's own long
    answers carry it; a member with short answers and only a large max_tokens does not."""
    distillers = [_user(300, long_outputs=290, long_max_tokens=300, own_risk=0.2) for _ in range(5)]
    chat = [_user(40, long_outputs=1, long_max_tokens=40)]
    fit = _fit(distillers + chat, {"member-evidence": 0.0, "extraction-content": 0.0, "coordination": 0.9})
    assert fit[:5].all() and not fit[5]


def test_own_risk_carries_a_member_where_the_group_is_judged_on_it() -> None:
    hydra = [_user(200, own_risk=0.65) for _ in range(5)] + [_user(200, own_risk=0.1)]
    fit = _fit(hydra, {"member-evidence": 1.0})
    assert fit[:5].all() and not fit[5]
