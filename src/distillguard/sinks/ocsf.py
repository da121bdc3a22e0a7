"""OCSF Detection Findings (class_uid 2004, OCSF 1.8.0) as JSON Lines, one per flagged account and
one per campaign, each carrying MITRE ATLAS AML.T0024.002 (extract an AI model via its inference
API).

The account is ``actor.user.uid`` in each evidence (one evidence per evidence request id); the
risk is ``risk_score``/``confidence_score`` (0–100) with the ``security_control`` profile; what
the OCSF class has no attribute for (reasons, capabilities, campaign, flag time) is kept under
``unmapped.distillguard``.  A test validates every row against the class's schema compiled from
``ocsf/ocsf-schema`` v1.8.0 (``tests/sinks/data/ocsf``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from distillguard.sinks._common import ATLAS, PRODUCT, by_risk, finding_uid, iso_to_ms, severity, version
from distillguard.sinks._findings import Findings
from distillguard.sinks._graph import link_label

__all__ = ["OCSF_VERSION", "ocsf_findings"]

OCSF_VERSION = "1.8.0"
_RISK_LEVEL = {5: (4, "Critical"), 4: (3, "High"), 3: (2, "Medium"), 2: (1, "Low")}
_CONFIDENCE = ((0.9, 3, "High"), (0.7, 2, "Medium"), (0.0, 1, "Low"))
#: observable type ids (OCSF 1.8.0 dictionary)
_OBS_SUBNET, _OBS_UA, _OBS_USER_UID, _OBS_HASH = 12, 16, 31, 8


def _attacks() -> list[dict[str, Any]]:
    return [{
        "tactic": {"uid": ATLAS.tactic_uid, "name": ATLAS.tactic_name},
        "technique": {"uid": ATLAS.technique_uid, "name": ATLAS.technique_name, "src_url": "https://atlas.mitre.org/techniques/AML.T0024"},
        "sub_technique": {"uid": ATLAS.sub_technique_uid, "name": ATLAS.sub_technique_name, "src_url": ATLAS.url},
    }]


def _base(f: Findings, uid: str, risk: float, time_ms: int, title: str, desc: str, types: list[str], analytic: str) -> dict[str, Any]:
    sev_id, sev = severity(risk, f.threshold)
    rl_id, rl = _RISK_LEVEL[sev_id]
    conf_id, conf = next((i, n) for lo, i, n in _CONFIDENCE if risk >= lo)
    generated = iso_to_ms(f.summary.get("generated_at")) or time_ms
    return {
        "activity_id": 1, "activity_name": "Create",
        "category_uid": 2, "category_name": "Findings",
        "class_uid": 2004, "class_name": "Detection Finding",
        "type_uid": 200401, "type_name": "Detection Finding: Create",
        "time": time_ms,
        "severity_id": sev_id, "severity": sev,
        "status_id": 1, "status": "New",
        "is_alert": True,
        "risk_score": round(risk * 100), "risk_level_id": rl_id, "risk_level": rl,
        "confidence_score": round(risk * 100), "confidence_id": conf_id, "confidence": conf,
        "message": title,
        "attacks": _attacks(),
        "metadata": {
            "version": OCSF_VERSION,
            "profiles": ["security_control"],
            "product": {"name": PRODUCT, "vendor_name": PRODUCT, "version": version()},
            "uid": uid,
            "logged_time": generated,
            "log_name": "distillguard findings",
        },
        "finding_info": {
            "uid": uid,
            "title": title,
            "desc": desc,
            "types": types,
            "created_time": generated,
            "analytic": {"type_id": 2, "type": "Behavioral", "name": analytic, "uid": f"distillguard.{analytic}"},
            "attacks": _attacks(),
            "data_sources": ["LLM API request logs"],
        },
    }


def _account(f: Findings, a: Mapping[str, Any]) -> dict[str, Any]:
    acct = str(a["account_id"])
    risk = float(a["risk"])
    uid = finding_uid("account", acct, f.summary)
    t = iso_to_ms(a.get("flagged_at")) or iso_to_ms(f.summary.get("generated_at")) or 0
    reasons = [r for r in a.get("reasons") or [] if isinstance(r, Mapping)]
    caps = [str(c) for c in a.get("capabilities") or []]
    title = f"Model extraction suspected: account {acct} (risk {risk:.2f})"
    row = _base(f, uid, risk, t, title, " ".join(str(r.get("summary", "")) for r in reasons[:5]),
                ["Model extraction", *caps], "account-risk")
    user = {"uid": acct, "type_id": 1, "type": "User"}
    evidence = [str(x) for x in a.get("evidence") or []]
    row["evidences"] = [{"actor": {"user": user}, "uid": rid, "name": "request"} for rid in evidence] or [{"actor": {"user": user}}]
    row["observables"] = [{"name": "actor.user.uid", "type_id": _OBS_USER_UID, "value": acct}]
    row["count"] = int(a.get("events") or 0)
    row["unmapped"] = {"distillguard": {
        "risk": risk, "flagged_at": a.get("flagged_at"), "events_before_flag": a.get("events_before_flag"),
        "campaign": a.get("campaign"), "capabilities": caps, "reasons": reasons, "evidence": evidence,
    }}
    return row


def _campaign(f: Findings, c: Mapping[str, Any]) -> dict[str, Any]:
    cid = str(c["campaign"])
    risk = float(c["risk"])
    uid = finding_uid("campaign", cid, f.summary)
    t = iso_to_ms(c.get("flagged_at")) or iso_to_ms(f.summary.get("generated_at")) or 0
    members = [str(x) for x in c.get("accounts") or []]
    caps = [str(x) for x in c.get("capabilities") or []]
    title = f"Model extraction campaign {cid}: {len(members)} linked accounts (risk {risk:.2f})"
    row = _base(f, uid, risk, t, title, str(c.get("summary") or ""), ["Model extraction campaign", *caps], "campaign")
    row["evidences"] = [{"actor": {"user": {"uid": m, "type_id": 1, "type": "User"}}, "name": "member"} for m in members]
    obs = [{"name": "actor.user.uid", "type_id": _OBS_USER_UID, "value": m} for m in members]
    for link in c.get("links") or []:
        kind = str(link.get("kind"))
        if kind in ("prefix", "signup_prefix"):
            obs.append({"name": f"campaign.{kind}", "type_id": _OBS_SUBNET, "value": link_label(kind, link.get("value"))})
        elif kind == "user_agent":
            obs.append({"name": "campaign.user_agent", "type_id": _OBS_UA, "value": str(link.get("value"))})
    row["observables"] = obs
    row["count"] = int(c.get("events") or 0)
    row["unmapped"] = {"distillguard": {
        "campaign": cid, "risk": risk, "flagged_at": c.get("flagged_at"), "capabilities": caps, "accounts": members,
        "links": [dict(link) for link in c.get("links") or []],
    }}
    return row


def ocsf_findings(f: Findings) -> Iterator[dict[str, Any]]:
    """One Detection Finding per campaign (riskiest first), then one per flagged account."""
    yield from (_campaign(f, c) for c in by_risk(f.campaigns, "campaign"))
    yield from (_account(f, a) for a in by_risk(f.flagged, "account_id"))
