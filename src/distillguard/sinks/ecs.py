"""Elastic Common Schema (ECS 9.4) alerts as JSON Lines, one per campaign and per flagged account,
ready for an Elasticsearch bulk load or a Filebeat/Elastic Agent input.

``event.kind: alert`` with ``event.category: [intrusion_detection, api]``; the account is
``user.id`` (a campaign's members in ``related.user``, the campaign in ``threat.group.id``); the
ATLAS technique under ``threat.*`` with ``threat.framework: MITRE ATLAS``; risk as
``event.risk_score`` (0–100).  What ECS has no field for lives under the custom ``distillguard.*``
namespace.  A test checks every field against ECS's own field definitions (tests/sinks/data/ecs).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from distillguard.sinks._common import ATLAS, PRODUCT, by_risk, finding_uid, severity, version
from distillguard.sinks._findings import Findings

__all__ = ["ECS_VERSION", "ecs_alerts"]

ECS_VERSION = "9.4.0"


def _threat() -> dict[str, Any]:
    return {
        "framework": "MITRE ATLAS",
        "tactic": {"id": [ATLAS.tactic_uid], "name": [ATLAS.tactic_name], "reference": ["https://atlas.mitre.org/tactics/AML.TA0010"]},
        "technique": {
            "id": [ATLAS.technique_uid], "name": [ATLAS.technique_name], "reference": ["https://atlas.mitre.org/techniques/AML.T0024"],
            "subtechnique": {"id": [ATLAS.sub_technique_uid], "name": [ATLAS.sub_technique_name], "reference": [ATLAS.url]},
        },
    }


def _alert(f: Findings, *, uid: str, ts: str | None, risk: float, dataset: str, message: str, reason: str,
           rule: tuple[str, str, str], caps: list[str]) -> dict[str, Any]:
    sev_id, _ = severity(risk, f.threshold)
    created = f.summary.get("generated_at")
    return {
        "@timestamp": ts or created,
        "ecs": {"version": ECS_VERSION},
        "message": message,
        "tags": ["distillguard", "model-extraction", *caps],
        "event": {
            "kind": "alert", "category": ["intrusion_detection", "api"], "type": ["info"],
            "module": PRODUCT, "dataset": f"{PRODUCT}.{dataset}", "provider": PRODUCT,
            "id": uid, "created": created, "severity": sev_id,
            "risk_score": round(risk * 100, 2), "risk_score_norm": round(risk * 100, 2),
            "action": "model-extraction-suspected", "reason": reason, "reference": ATLAS.url,
        },
        "rule": {"id": f"{PRODUCT}.{rule[0]}", "name": rule[1], "description": rule[2], "category": "Model extraction",
                 "ruleset": PRODUCT, "version": version(), "reference": ATLAS.url},
        "threat": _threat(),
        "observer": {"vendor": PRODUCT, "product": PRODUCT, "type": "llm-api-auditor", "version": version()},
    }


def _account(f: Findings, a: Mapping[str, Any]) -> dict[str, Any]:
    acct = str(a["account_id"])
    risk = float(a["risk"])
    reasons = [r for r in a.get("reasons") or [] if isinstance(r, Mapping)]
    caps = [str(c) for c in a.get("capabilities") or []]
    doc = _alert(f, uid=finding_uid("account", acct, f.summary), ts=a.get("flagged_at"), risk=risk, dataset="account",
                 message=f"Model extraction suspected: account {acct} (risk {risk:.2f})",
                 reason=str(reasons[0].get("summary", "")) if reasons else "",
                 rule=("account-risk", "Model extraction: account risk", "An account's behaviour, prompt content and ties to other accounts add up to a model extraction campaign."),
                 caps=caps)
    doc["user"] = {"id": acct}
    doc["related"] = {"user": [acct]}
    if a.get("campaign"):
        doc["threat"]["group"] = {"id": str(a["campaign"]), "name": f"distillguard campaign {a['campaign']}"}
    doc["distillguard"] = {
        "risk": risk, "flagged_at": a.get("flagged_at"), "events": a.get("events"), "events_before_flag": a.get("events_before_flag"),
        "campaign": a.get("campaign"), "capabilities": caps, "reasons": reasons, "evidence": [str(x) for x in a.get("evidence") or []],
    }
    return doc


def _campaign(f: Findings, c: Mapping[str, Any]) -> dict[str, Any]:
    cid = str(c["campaign"])
    risk = float(c["risk"])
    members = [str(x) for x in c.get("accounts") or []]
    caps = [str(x) for x in c.get("capabilities") or []]
    doc = _alert(f, uid=finding_uid("campaign", cid, f.summary), ts=c.get("flagged_at"), risk=risk, dataset="campaign",
                 message=f"Model extraction campaign {cid}: {len(members)} linked accounts (risk {risk:.2f})",
                 reason=str(c.get("summary") or ""),
                 rule=("campaign", "Model extraction: linked campaign", "Accounts tied by shared infrastructure, prompt wrappers or timing that together harvest the model."),
                 caps=caps)
    doc["related"] = {"user": members}
    doc["threat"]["group"] = {"id": cid, "name": f"distillguard campaign {cid}"}
    doc["distillguard"] = {"risk": risk, "flagged_at": c.get("flagged_at"), "events": c.get("events"), "campaign": cid,
                           "capabilities": caps, "accounts": members, "links": [dict(link) for link in c.get("links") or []]}
    return doc


def ecs_alerts(f: Findings) -> Iterator[dict[str, Any]]:
    """One ECS alert per campaign (riskiest first), then one per flagged account."""
    yield from (_campaign(f, c) for c in by_risk(f.campaigns, "campaign"))
    yield from (_account(f, a) for a in by_risk(f.flagged, "account_id"))
