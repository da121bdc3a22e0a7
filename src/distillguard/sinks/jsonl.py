"""The findings files: ``accounts.jsonl``, ``campaigns.jsonl``, ``summary.json``.

Writers of the last stage tables (:class:`~distillguard.tables.AccountRisk`,
:class:`~distillguard.tables.CampaignResult`); the only place times are formatted (RFC 3339, UTC,
milliseconds) and a campaign's summary sentence is put together.  The row shapes are the contract
of ``shared/FINDINGS.md``: fields may be added, never renamed or dropped.

Examples
--------
>>> iso_ms(1767225600123)
'2026-01-01T00:00:00.123Z'
>>> iso_ms(None) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from distillguard.tables import AccountRisk, Campaign, CampaignResult

__all__ = ["account_rows", "campaign_row", "campaign_rows", "campaign_summary", "iso_ms", "summary_dict", "write_jsonl", "write_summary"]


def iso_ms(ms: float | int | None) -> str | None:
    """Epoch milliseconds → RFC 3339 UTC string with milliseconds (``None`` stays ``None``)."""
    if ms is None or (isinstance(ms, float) and not np.isfinite(ms)):
        return None
    dt = datetime.fromtimestamp(int(ms) / 1000.0, tz=UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{int(ms) % 1000:03d}Z"


def account_rows(risk: AccountRisk) -> list[dict[str, Any]]:
    """One ``accounts.jsonl`` row per account."""
    rows = []
    for i, a in enumerate(risk.ids):
        flagged = bool(risk.risk[i] >= risk.threshold)
        fa = risk.flagged_at_ms[i]
        ebf = risk.events_before_flag[i]
        rows.append({
            "account_id": a,
            "risk": round(float(risk.risk[i]), 4),
            "flagged": flagged,
            "flagged_at": iso_ms(fa) if flagged and np.isfinite(fa) else None,
            "events_before_flag": int(ebf) if flagged and np.isfinite(ebf) else None,
            "campaign": risk.campaign[i],
            "capabilities": risk.capabilities[i],
            "reasons": risk.reasons[i],
            "evidence": risk.evidence[i],
            "events": int(risk.events[i]),
        })
        if risk.principals and risk.principals[i]:
            rows[-1].update(risk.principals[i])
    return rows


def campaign_summary(c: Campaign) -> str:
    """Two or three plain sentences an analyst can paste into a ticket."""
    from distillguard.scoring.campaigns import link_phrase

    f = c.features
    top = sorted(c.scores.items(), key=lambda t: -t[1])
    why = ", ".join(f"{n} {v:.2f}" for n, v in top if v > 0.05) or "no campaign signal"
    flagged_at = iso_ms(c.flagged_at_ms)
    flagged = f"First flagged {flagged_at}." if flagged_at else "Not flagged."
    accounts, principals = _accounts_of(c.accounts)
    who = f"{len(accounts)} accounts"
    if principals:
        parts = [f"{len(v)} {'end users' if k == 'end_users' else 'API keys'}" for k, v in principals.items()]
        who = f"{' and '.join(parts)} of {len(accounts)} account{'s' if len(accounts) != 1 else ''}"
        if len(accounts) > sum(len({e['account_id'] for e in v}) for v in principals.values()):
            who += " (with other accounts)"
    return (
        f"{who} made {c.events:,} requests harvesting {', '.join(c.capabilities)}; "
        f"{f.get('fresh_share', 0.0):.0%} were created within 30 days of their first request and half started within "
        f"{f.get('start_spread_days', 0.0):.1f} days of each other. Tied by {link_phrase(c.links)}. "
        f"Risk {c.risk:.2f} ({why}). {flagged}"
    )


def _accounts_of(members: Sequence[str]) -> tuple[list[str], dict[str, list[dict[str, str]]]]:
    """Member ids (accounts and principals) → the accounts (sorted) and the principals by the
    findings field that lists them (``end_users``, ``api_keys``)."""
    from distillguard.features.profile import parse_principal
    from distillguard.scoring.principals import LISTED

    accounts: set[str] = set()
    principals: dict[str, list[dict[str, str]]] = {}
    for m in members:
        p = parse_principal(m)
        if p is None:
            accounts.add(m)
            continue
        kind, acct, value = p
        accounts.add(acct)
        field, key = LISTED[kind]
        principals.setdefault(field, []).append({"account_id": acct, key: value})
    for v in principals.values():
        v.sort(key=lambda e: tuple(e.values()))
    return sorted(accounts), principals


def campaign_row(c: Campaign) -> dict[str, Any]:
    """One ``campaigns.jsonl`` row (a member that is an account's end user or key is listed by
    its account in ``accounts``, and by itself in ``end_users`` / ``api_keys``)."""
    accounts, principals = _accounts_of(c.accounts)
    links = [{**link, "accounts": _accounts_of(link["accounts"])[0]} for link in c.links] if principals else c.links
    return {
        "campaign": c.campaign,
        "accounts": accounts,
        **principals,
        "risk": round(c.risk, 4),
        "flagged_at": iso_ms(c.flagged_at_ms),
        "events": c.events,
        "capabilities": c.capabilities,
        "links": links,
        "summary": campaign_summary(c),
        "detectors": {k: round(v, 4) for k, v in c.scores.items()},
    }


def campaign_rows(result: CampaignResult | None) -> list[dict[str, Any]]:
    return [campaign_row(c) for c in result.campaigns] if result else []


def write_jsonl(path: Path, rows: Iterable[Mapping[str, Any]]) -> None:
    """JSON Lines, one object a line (numpy scalars allowed)."""
    with path.open("wb") as fh:
        for r in rows:
            fh.write(orjson.dumps(r, option=orjson.OPT_SERIALIZE_NUMPY))
            fh.write(b"\n")


def write_summary(path: Path, summary: Mapping[str, Any]) -> None:
    path.write_bytes(orjson.dumps(summary, option=orjson.OPT_INDENT_2 | orjson.OPT_SERIALIZE_NUMPY))


def summary_dict(
    *, risk: AccountRisk, campaigns: Sequence[Mapping[str, Any]], events: int, detectors: Sequence[Any], abstained: Sequence[int],
    population: Mapping[str, Any], timings: Mapping[str, float], out: Path, engine: str,
) -> dict[str, Any]:
    """``summary.json`` (``ingest`` is added by the scan)."""
    import time

    return {
        "generated_at": iso_ms(time.time() * 1000),
        "alert_threshold": risk.threshold,
        "accounts": len(risk.ids),
        "flagged": int(np.sum(risk.flagged)),
        "campaigns": len(campaigns),
        "events": events,
        "engine": engine,
        "detectors": [
            {"name": d.name, "weight": d.weight, "capability": d.capability, "abstained_accounts": int(n)}
            for d, n in zip(detectors, abstained)
        ],
        "population": population,
        "timings": {k: round(v, 3) for k, v in timings.items()},
        "outputs": {"accounts": str(out / "accounts.jsonl"), "campaigns": str(out / "campaigns.jsonl")},
    }
