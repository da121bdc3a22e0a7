"""A STIX 2.1 bundle of campaign indicators to share with other providers, built with ``stix2``.

Per campaign: a ``campaign`` object, an ``attack-pattern`` for MITRE ATLAS AML.T0024.002 that it
``uses``, and ``indicator`` objects that ``indicate`` it:

* IP prefixes (``[ipv4-addr:value ISSUBSET '203.0.113.0/24']``, IPv6 /48 likewise), from the
  request IPs and the sign-up IPs the members share;
* autonomous systems (``[autonomous-system:number = 64500]``);
* user agents (``network-traffic`` HTTP request header ``User-Agent``);
* prompt wrappers as hashes only: ``[x-llm-prompt-wrapper:position = 'opening' AND
  x-llm-prompt-wrapper:sha256 = '…']``, the SHA-256 of the wrapper phrase as distillguard keeps it
  (the first or last words of the prompt, lower-cased, single spaces), so a recipient can match
  its own logs without anyone sharing prompt text.

Account ids and prompt text are never written unless ``include_identifiers`` is set; then each
member is a ``user-account`` indicator and wrapper indicators name their phrase.  Ids are UUIDs
derived from a hash of the content, so the same findings give the same bundle.  A test runs ``stix2-validator`` over it.
"""

from __future__ import annotations

import hashlib
import ipaddress
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from distillguard.sinks._common import ATLAS, PRODUCT, by_risk, iso_to_ms
from distillguard.sinks._findings import Findings

__all__ = ["stix_bundle", "wrapper_fingerprint"]

_WRAPPER_KINDS = {"head": "opening", "tail": "closing", "template": "template", "system": "system-prompt"}


def wrapper_fingerprint(phrase: str) -> str:
    """SHA-256 (hex) of a wrapper phrase, lower-cased with runs of whitespace as one space.

    >>> wrapper_fingerprint("Explain  your reasoning.") == wrapper_fingerprint("explain your reasoning.")
    True
    """
    norm = " ".join(str(phrase).lower().split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def _sid(kind: str, *parts: str) -> str:
    """A stable id: a version-4-shaped UUID whose bits come from a hash of the content (STIX wants
    UUIDv4 for domain objects; hashing instead of drawing makes the same findings give the same ids)."""
    digest = hashlib.sha256(chr(0).join(("distillguard", kind, *parts)).encode("utf-8")).digest()
    return f"{kind}--{uuid.UUID(bytes=digest[:16], version=4)}"


def _quote(s: str) -> str:
    """A STIX pattern string literal: backslash and quote escaped."""
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _network(kind: str, value: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    v = str(value or "").strip()
    try:
        if ":" in v:
            head = v.split("/")[0].rstrip(":")
            return ipaddress.ip_network(f"{head}::/48", strict=False)
        parts = v.split("/")[0].split(".")
        if len(parts) == 3:
            parts.append("0")
        return ipaddress.ip_network(".".join(parts) + "/24", strict=False)
    except ValueError:
        return None


def _time(value: Any, default: datetime) -> datetime:
    ms = iso_to_ms(value)
    return default if ms is None else datetime.fromtimestamp(ms / 1000.0, tz=UTC)


def _indicators(c: Mapping[str, Any], include_identifiers: bool) -> list[tuple[str, str, str, str, list[str]]]:
    """(key, name, description, pattern, indicator_types) for each shareable value of ``c``."""
    out: list[tuple[str, str, str, str, list[str]]] = []
    seen: set[str] = set()
    for link in c.get("links") or []:
        kind = str(link.get("kind"))
        n = len(link.get("accounts") or [])
        value = link.get("value")
        if kind in ("prefix", "signup_prefix"):
            net = _network(kind, value)
            if net is None:
                continue
            obj = "ipv6-addr" if net.version == 6 else "ipv4-addr"
            where = "sent requests from" if kind == "prefix" else "signed up from"
            item = (f"{kind}:{net}", f"Model extraction campaign infrastructure {net}",
                    f"{n} accounts of the campaign {where} {net}.", f"[{obj}:value ISSUBSET {_quote(str(net))}]", ["malicious-activity"])
        elif kind == "asn" and str(value).isdigit():
            item = (f"asn:{value}", f"Model extraction campaign network AS{value}",
                    f"{n} accounts of the campaign sent requests from AS{value}; a shared hosting network, weak alone.",
                    f"[autonomous-system:number = {int(str(value))}]", ["anomalous-activity"])
        elif kind == "user_agent" and value:
            ua = str(value)
            item = (f"ua:{ua}", "Model extraction campaign client (user agent)", f"{n} accounts of the campaign sent this user agent.",
                    f"[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = {_quote(ua)}]", ["anomalous-activity"])
        elif kind in _WRAPPER_KINDS and value:
            pos = _WRAPPER_KINDS[kind]
            fp = wrapper_fingerprint(str(value))
            desc = (f"{n} accounts of the campaign wrapped their prompts in the same {pos} phrase; SHA-256 of the phrase lower-cased "
                    "with single spaces (distillguard's wrapper fingerprint).")
            if include_identifiers:
                desc += f" The phrase: {str(value)!r}."
            item = (f"wrapper:{pos}:{fp}", f"Model extraction prompt wrapper ({pos})", desc,
                    f"[x-llm-prompt-wrapper:position = {_quote(pos)} AND x-llm-prompt-wrapper:sha256 = {_quote(fp)}]", ["malicious-activity"])
        else:
            continue
        if item[0] not in seen:
            seen.add(item[0])
            out.append(item)
    if include_identifiers:
        for a in c.get("accounts") or []:
            out.append((f"account:{a}", "Model extraction campaign account", "An account that served the campaign.",
                        f"[user-account:user_id = {_quote(str(a))}]", ["malicious-activity"]))
    return out


def stix_bundle(f: Findings, *, include_identifiers: bool = False) -> Any:
    """The STIX 2.1 bundle (a ``stix2.Bundle``) of ``f``'s campaigns."""
    import stix2

    created = _time(f.summary.get("generated_at"), datetime(1970, 1, 1, tzinfo=UTC))
    ident = stix2.Identity(id=_sid("identity", PRODUCT), name=PRODUCT, identity_class="system", created=created, modified=created,
                           description="distillguard: model extraction audits of LLM API request logs")
    common = {"created_by_ref": ident.id, "created": created, "modified": created}
    pattern = stix2.AttackPattern(
        id=_sid("attack-pattern", ATLAS.sub_technique_uid), name=ATLAS.sub_technique_name, **common,
        description=f"MITRE ATLAS {ATLAS.sub_technique_uid} ({ATLAS.technique_name}: {ATLAS.sub_technique_name}): the target model's "
                    "answers are collected through its inference API to train a copy.",
        external_references=[{"source_name": "mitre-atlas", "external_id": ATLAS.sub_technique_uid,
                              "description": f"{ATLAS.technique_name}: {ATLAS.sub_technique_name} ({ATLAS.url})"}],
    )
    objects: list[Any] = [ident, pattern]
    for c in by_risk(f.campaigns, "campaign"):
        cid = str(c["campaign"])
        members = c.get("accounts") or []
        caps = ", ".join(str(x) for x in c.get("capabilities") or []) or "general"
        kinds = sorted({str(l.get("kind")) for l in c.get("links") or []})
        seen_at = _time(c.get("flagged_at"), created)
        camp = stix2.Campaign(
            id=_sid("campaign", cid), name=f"distillguard campaign {cid}", **common,
            description=(f"{len(members)} linked accounts made {int(c.get('events') or 0):,} requests harvesting {caps}; "
                         f"risk {float(c['risk']):.2f}; tied by {', '.join(kinds) or 'nothing recorded'}; first flagged {c.get('flagged_at') or 'unknown'}."),
            objective=f"Extract the model's {caps} capabilities by distillation through its API.",
            confidence=round(float(c["risk"]) * 100),
        )
        objects += [camp, stix2.Relationship(id=_sid("relationship", cid, "uses"), relationship_type="uses", source_ref=camp.id,
                                             target_ref=pattern.id, **common)]
        for key, name, desc, pat, types in _indicators(c, include_identifiers):
            ind = stix2.Indicator(id=_sid("indicator", cid, key), name=name, description=desc, pattern=pat, pattern_type="stix",
                                  indicator_types=types, valid_from=seen_at, confidence=round(float(c["risk"]) * 100), **common,
                                  allow_custom=True)
            objects += [ind, stix2.Relationship(id=_sid("relationship", cid, key), relationship_type="indicates", source_ref=ind.id,
                                                target_ref=camp.id, **common)]
    return stix2.Bundle(objects=objects, id=_sid("bundle", str(f.summary.get("generated_at", "")), str(len(objects))), allow_custom=True)
