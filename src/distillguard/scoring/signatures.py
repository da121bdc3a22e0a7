"""Campaign signatures: what an operation cannot cheaply change, kept past the scan that found it.

A banned operation comes back with new accounts, but on the same cards, hosts and client, with the
same wrappers around its payloads (issue 14, "ban and return").  A flagged campaign's
**signature** is the values its members share and honest accounts do not: per edge kind
(:data:`SIGNATURE_KINDS`, see :mod:`distillguard.detectors.graph.edges`), the values used by two
members or more (a sub-pool's cards and hosts count; the one member of a one-account campaign) and
by few accounts outside the campaign (at most a quarter as many as inside).  ``scan --signatures FILE`` reads the
signatures an earlier scan wrote (one JSON object a line, :func:`read_signatures`) and writes them
back with this scan's (:func:`write_signatures`); the store keeps this scan's in
``campaign_signatures``.  A signature records the text hash its template and system-prompt values
were made with (``hash``); read by a build with another, those two kinds are set aside
(``stale_kinds``, counted in the scan summary) and the others still match.

A new account **matches** a known campaign when it uses its values of two kinds or more, one of
them what an operator pays or writes for (a payment fingerprint or a wrapper phrase, a template, a
system prompt): shared infrastructure or one client alone is not enough (a university network, an
evaluation harness on the same AS).  Its risk is the known campaign's risk × the match strength
(a noisy-OR of the matched kinds' weights, :data:`KIND_WEIGHTS`), and it is flagged from its first
request where a sign-up value matched (payment, sign-up /24, e-mail domain: known before any
request), else from its m-th request (when its traffic could show the tie).  Its reason names the
earlier campaign.

Examples
--------
>>> strength({"payment", "head"})
0.95
>>> strength({"asn", "user_agent"}) < 0.5 and not enough({"asn", "user_agent"})
True
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import scipy.sparse as sp

from distillguard.errors import DistillguardError, Location
from distillguard.features.text import HASH_SCHEME
from distillguard.tables import Campaign, MemberVerdict

__all__ = ["KIND_WEIGHTS", "SIGNATURE_KINDS", "SIGNUP_TIES", "campaign_signature", "enough", "match_signatures", "read_signatures",
           "signatures_table", "strength", "tie_time", "write_signatures"]

#: how much sharing one value of the kind says that two accounts are one operator's
KIND_WEIGHTS: dict[str, float] = {
    "payment": 0.9, "email_domain": 0.5, "signup_prefix": 0.5, "org": 0.5, "user_agent": 0.4, "prefix": 0.35, "asn": 0.15,
    "head": 0.5, "tail": 0.5, "template": 0.6, "system": 0.5,
}
SIGNATURE_KINDS: tuple[str, ...] = tuple(KIND_WEIGHTS)
#: what an operator pays or writes for: one of these must match
_COSTLY = frozenset({"payment", "head", "tail", "template", "system"})
#: account-level kinds known at sign-up, before any request, that tie an account to an operator
#: within one scan: its cards and the hosts it signs up from (a shared free-mail domain or
#: sign-up day ties nobody; the campaign stage's :func:`~distillguard.scoring.campaigns.member_flag_time`)
SIGNUP_TIES: tuple[str, ...] = ("payment", "signup_prefix")
#: known at sign-up, before any request: with a known campaign's signature, its e-mail domain too
_SIGNUP = frozenset({*SIGNUP_TIES, "email_domain"})
#: a value is the campaign's when at most this many outside accounts per member use it
_OUTSIDE_RATIO = 0.25
#: the members that must use a value (all of a smaller campaign): a sub-pool's cards and hosts count
_MEMBERS = 2
#: kinds whose values are 64-bit hashes of text (``features.text.hash64``): comparable only
#: between signatures and scans of one :data:`~distillguard.features.text.HASH_SCHEME`
_HASHED = frozenset({"template", "system"})


def strength(kinds: Iterable[str]) -> float:
    """The noisy-OR of the matched kinds' weights."""
    return round(1.0 - float(np.prod([1.0 - KIND_WEIGHTS.get(k, 0.0) for k in set(kinds)])), 4)


def enough(kinds: Iterable[str]) -> bool:
    """Two kinds or more, one of them costly to change (:data:`_COSTLY`)."""
    ks = set(kinds)
    return len(ks) >= 2 and bool(ks & _COSTLY)


def campaign_signature(c: Campaign, gi: np.ndarray, mats: Mapping[str, tuple[sp.csr_matrix, list[str]]]) -> dict[str, Any] | None:
    """The signature of campaign ``c`` (members: rows ``gi`` of the kind matrices ``mats``), or
    ``None`` where its members share nothing that is theirs alone."""
    values: dict[str, list[str]] = {}
    need = min(len(gi), _MEMBERS)
    inside = np.zeros(0, dtype=bool)
    for kind in SIGNATURE_KINDS:
        if kind not in mats or mats[kind][0].shape[1] == 0:
            continue
        m, names = mats[kind]
        if inside.size != m.shape[0]:
            inside = np.zeros(m.shape[0], dtype=bool)
            inside[gi] = True
        used = (m > 0).astype(np.int64).tocsc()
        total = np.diff(used.indptr)
        mine = np.asarray(used[inside].sum(axis=0)).ravel()
        keep = np.flatnonzero((mine >= need) & (total - mine <= _OUTSIDE_RATIO * mine))
        if keep.size:
            values[kind] = sorted(names[j] for j in keep)
    if not values:
        return None
    return {
        "signature": c.campaign, "campaign": c.campaign, "accounts": len(c.accounts), "risk": round(float(c.risk), 4),
        "capabilities": list(c.capabilities), "flagged_at_ms": c.flagged_at_ms, "events": c.events,
        "values": values, "hash": HASH_SCHEME,
    }


def tie_time(first_ts: float, mth_ts: float | None, signup_at: float | None = None) -> float:
    """When an account was first tied to a campaign: at its m-th request (``mth_ts``; its traffic
    needs a few requests to show a tie: the graph counts a value from the second request that
    uses it; its first where that is unknown), or earlier where a sign-up value ties it (a card, a
    sign-up /24: known before any request), at its first request once the value was known to be
    the campaign's (``signup_at``: the first request of another member with it; ``-inf`` for an
    earlier scan's campaign).  The campaign stage
    (:func:`~distillguard.scoring.campaigns.member_flag_time`) and the match against an earlier
    scan's signatures (:func:`match_signatures`) both use it.

    >>> tie_time(10.0, 50.0, float("-inf")), tie_time(10.0, 50.0), tie_time(10.0, None)
    (10.0, 50.0, 10.0)
    >>> tie_time(10.0, 50.0, 30.0), tie_time(10.0, 50.0, 70.0)  # the card's other user came later
    (30.0, 50.0)
    """
    t = float(first_ts) if mth_ts is None else float(mth_ts)
    if signup_at is not None:
        t = min(t, max(float(first_ts), float(signup_at)))
    return t


def match_signatures(
    known: Sequence[Mapping[str, Any]], ids: Sequence[str], mats: Mapping[str, tuple[sp.csr_matrix, list[str]]],
    first_ts: np.ndarray, mth: Mapping[str, Any], threshold: float,
) -> dict[str, MemberVerdict]:
    """Per account that matches a known campaign (:func:`enough`), the strongest match as a
    verdict: risk = the campaign's risk × :func:`strength`, flagged from its first request (a
    sign-up value matched) or its m-th (``mth``), where that risk reaches ``threshold``."""
    out: dict[str, MemberVerdict] = {}
    n = len(ids)
    for sig in known:
        matched: list[set[str]] = [set() for _ in range(n)]
        for kind, vals in (sig.get("values") or {}).items():
            if kind not in KIND_WEIGHTS or kind not in mats or mats[kind][0].shape[1] == 0:
                continue
            m, names = mats[kind]
            want = set(map(str, vals))
            cols = [j for j, v in enumerate(names) if v in want]
            if not cols:
                continue
            for i in np.flatnonzero(np.asarray(m[:, cols].getnnz(axis=1)) > 0):
                matched[int(i)].add(kind)
        base = min(max(float(sig.get("risk") or 0.0), 0.0), 1.0)  # a shared file is input: a risk is in [0, 1]
        for i, kinds in enumerate(matched):
            if not enough(kinds):
                continue
            r = base * strength(kinds)
            prev = out.get(ids[i])
            if prev is not None and prev.risk >= r:
                continue
            fa = tie_time(float(first_ts[i]), mth.get(ids[i]), float("-inf") if kinds & _SIGNUP else None)
            shared = ", ".join(sorted(kinds, key=lambda k: -KIND_WEIGHTS[k]))
            summary = (f"matches campaign {sig.get('campaign')} of an earlier scan ({sig.get('accounts') or '?'} accounts, "
                       f"risk {base:.2f}, {'/'.join(sig.get('capabilities') or []) or 'general'}): shares its {shared}; "
                       f"match strength {strength(kinds):.2f}")
            out[ids[i]] = MemberVerdict(
                str(sig.get("campaign")), r,
                {"detector": "known-campaign", "score": round(r, 4), "summary": summary, "campaign": sig.get("campaign")},
                int(fa) if r >= threshold and np.isfinite(fa) else None,
            )
    return out


def read_signatures(path: str | Path) -> list[dict[str, Any]]:
    """The signatures in a file written by :func:`write_signatures` (none where it does not exist
    yet); a line that is not a signature is an error naming the file and line."""
    p = Path(path)
    if not p.exists():
        return []
    out: list[dict[str, Any]] = []
    for no, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            sig = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DistillguardError(f"signatures file: line {no} is not JSON ({exc.msg})", source=Location(str(p), line=no)) from None
        if not isinstance(sig, dict) or not isinstance(sig.get("values"), dict) or not sig.get("campaign"):
            raise DistillguardError(f"signatures file: line {no} has no campaign and values", source=Location(str(p), line=no))
        bad = [k for k, v in sig["values"].items() if not isinstance(v, list) or not all(isinstance(x, str) for x in v)]
        if bad or not isinstance(sig.get("risk", 0), (int, float)) or isinstance(sig.get("risk"), bool):
            raise DistillguardError(f"signatures file: line {no}: values must be lists of strings and risk a number"
                                    f"{' (' + ', '.join(map(str, bad[:3])) + ')' if bad else ''}", source=Location(str(p), line=no, field="values" if bad else "risk"))
        if sig.get("hash") != HASH_SCHEME and _HASHED & set(sig["values"]):
            # written by a build with another text hash (earlier builds hashed with BLAKE2b): its template and
            # system-prompt values cannot match this scan's; its other kinds still can
            sig = {**sig, "values": {k: v for k, v in sig["values"].items() if k not in _HASHED},
                   "stale_kinds": sorted(_HASHED & set(sig["values"]))}
        out.append(sig)
    return out


def write_signatures(path: str | Path, known: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``known`` and this scan's ``new`` signatures (stamped with the scan time; one per
    campaign id, the newest kept), one JSON object a line; returns what was written."""
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    merged: dict[str, dict[str, Any]] = {str(s["campaign"]): dict(s) for s in known}
    for s in new:
        merged[str(s["campaign"])] = {**s, "scanned_at": now}
    rows = list(merged.values())
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rows), encoding="utf-8")
    tmp.replace(p)
    return rows


def signatures_table(sigs: Sequence[Mapping[str, Any]]) -> pa.Table:
    """The signatures as the store keeps them (``campaign_signatures``: campaign, signature JSON)."""
    return pa.table({"campaign": pa.array([str(s["campaign"]) for s in sigs], pa.string()),
                     "signature": pa.array([json.dumps(s, sort_keys=True) for s in sigs], pa.string())})
