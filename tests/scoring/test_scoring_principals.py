"""The roll-up of end users into their accounts: a harvester working through a platform flags it,
a platform's few odd users pulled into a campaign by a request or two each do not."""

from __future__ import annotations

import doctest

import numpy as np

from distillguard.features.profile import principal_id
from distillguard.scoring import principals
from distillguard.scoring.principals import rollup
from distillguard.tables import AccountRisk

THR = 0.7


def _risk(rows: list[tuple[str, float, int]]) -> AccountRisk:
    n = len(rows)
    return AccountRisk(
        ids=[r[0] for r in rows], risk=np.array([r[1] for r in rows]), own_risk=np.array([r[1] for r in rows]), threshold=THR,
        flagged_at_ms=np.array([1.7e12 + i if r[1] >= THR else np.nan for i, r in enumerate(rows)]),
        events_before_flag=np.full(n, np.nan), campaign=["c-1" if r[1] >= THR else None for r in rows],
        capabilities=[["reasoning-traces"] for _ in rows],
        reasons=[[{"detector": "campaign-membership", "score": r[1], "summary": "member of campaign c-1"}] for r in rows],
        evidence=[[f"req_{i}"] for i in range(n)], events=np.array([r[2] for r in rows], dtype=float))


def _platform(account: str, total: int, hot: list[int], cold: int) -> list[tuple[str, float, int]]:
    rows = [(account, 0.2, total)]
    rows += [(principal_id("end_user", account, f"h{i}"), 0.99, e) for i, e in enumerate(hot)]
    rest = total - sum(hot)
    rows += [(principal_id("end_user", account, f"u{i}"), 0.1, rest // cold) for i in range(cold)]
    return rows


def _flags(risk: AccountRisk) -> dict[str, bool]:
    out = rollup(risk, min_requests=10, min_share=0.05)
    return dict(zip(out.ids, out.flagged.tolist()))


def test_a_tutoring_platform_with_five_odd_users_is_not_flagged() -> None:
    flags = _flags(_risk(_platform("tutor", 7128, [2, 2, 2, 2, 2], 1195)))
    assert flags == {"tutor": False}


def test_a_harvester_inside_an_intermediary_flags_it_and_is_listed() -> None:
    risk = _risk(_platform("intermediary", 13752, [874, 3, 2], 1500) + _platform("tutor", 7128, [2] * 5, 1195))
    out = rollup(risk, min_requests=10, min_share=0.05)
    flags = dict(zip(out.ids, out.flagged.tolist()))
    assert flags == {"intermediary": True, "tutor": False}
    row = out.ids.index("intermediary")
    assert out.reasons[row][0]["detector"] == "end-users"
    assert [e["end_user"] for e in out.principals[row]["end_users"] if e["flagged"]] == ["h0", "h1", "h2"]
    assert out.campaign[row] == "c-1"


def test_a_harvest_spread_thin_over_many_end_users_flags_the_account() -> None:
    # 200 end users with 3 requests each: none alone is much, together 6.7 % of the account
    assert _flags(_risk(_platform("reseller", 9000, [3] * 200, 400))) == {"reseller": True}
    # the same 200 inside a platform 20 times larger (0.3 %) do not carry it
    assert _flags(_risk(_platform("big", 180_000, [3] * 200, 4000))) == {"big": False}


def test_principals_doctests() -> None:
    assert doctest.testmod(principals).failed == 0
