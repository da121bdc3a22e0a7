"""A campaign's account graph for the report: members as nodes, what ties each pair as an edge.

Each link of a campaign (``{kind, value, accounts}``) ties every pair of the accounts it names;
a pair's edge lists every kind and value that tie it.  Positions come from a seeded
force-directed layout (networkx ``spring_layout``), so the same findings draw the same picture.
Campaigns larger than ``max_nodes`` show their riskiest members and say how many are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import combinations
from typing import Any

__all__ = ["KIND_LABELS", "CampaignGraph", "campaign_graph", "link_label"]

#: how each edge kind reads in the report (kinds not listed show their own name)
KIND_LABELS: dict[str, str] = {
    "prefix": "shared /24 (IPv6 /48)",
    "asn": "same AS",
    "user_agent": "same user agent",
    "payment": "same payment fingerprint",
    "org": "same organisation",
    "email_domain": "same e-mail domain",
    "signup_prefix": "signed up from the same /24",
    "head": "same opening phrase",
    "tail": "same closing phrase",
    "wrapper": "same wrapper family",
    "template": "same prompt template",
    "system": "same system prompt",
    "window": "active in the same windows",
    "created_day": "created the same day",
    "near_duplicate": "near-duplicate prompt sets",
    "lockstep": "lockstep timing",
}


def link_label(kind: str, value: Any) -> str:
    """``value`` of a link as an analyst reads it (a sign-up day as a date, a /24 with its mask)."""
    v = "" if value is None else str(value)
    if kind == "created_day" and v.isdigit():
        return datetime.fromtimestamp(int(v) * 86400, tz=UTC).strftime("%Y-%m-%d")
    if kind in ("prefix", "signup_prefix") and v.count(".") == 2 and v.replace(".", "").isdigit():
        return v + ".0/24"
    if kind == "asn" and v.isdigit():
        return "AS" + v
    return v


@dataclass
class CampaignGraph:
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    kinds: list[str]
    members: int
    shown: int
    edges_total: int = 0
    notes: list[str] = field(default_factory=list)
    shared_by_all: dict[str, list[str]] = field(default_factory=dict)


def campaign_graph(
    campaign: Mapping[str, Any],
    accounts: Mapping[str, Mapping[str, Any]],
    *,
    max_nodes: int = 80,
    max_edges: int = 4000,
    seed: int = 7,
) -> CampaignGraph:
    """Nodes (``id``, ``risk``, ``events``, ``flagged``, ``x``, ``y``) and edges (``a``, ``b``
    node indices, ``kinds``, ``values``) of ``campaign``'s account graph."""
    import networkx as nx

    members = list(dict.fromkeys(campaign.get("accounts") or []))
    ranked = sorted(members, key=lambda a: (-float((accounts.get(a) or {}).get("risk") or 0), a))
    shown = ranked[:max_nodes]
    index = {a: i for i, a in enumerate(shown)}
    pairs: dict[tuple[int, int], dict[str, list[str]]] = {}
    everyone: dict[str, list[str]] = {}
    for link in campaign.get("links") or []:
        kind = str(link.get("kind", "?"))
        ids = sorted({index[a] for a in link.get("accounts") or [] if a in index})
        label = link_label(kind, link.get("value"))
        if len(shown) > 2 and len(ids) == len(shown):
            # a value every drawn member shares is a clique that hides all structure: say it once
            everyone.setdefault(kind, []).append(label)
            continue
        for i, j in combinations(ids, 2):
            pairs.setdefault((i, j), {}).setdefault(kind, []).append(label)
    total = len(pairs)
    # strongest pairs first (most kinds tying them) when there are too many to draw
    ordered = sorted(pairs.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:max_edges]
    g = nx.Graph()
    g.add_nodes_from(range(len(shown)))
    for (i, j), kinds in ordered:
        g.add_edge(i, j, weight=float(len(kinds)))
    pos = nx.spring_layout(g, seed=seed, weight="weight", k=1.6 / max(len(shown), 1) ** 0.5) if shown else {}
    nodes = []
    for a in shown:
        row = accounts.get(a) or {}
        x, y = (float(v) for v in pos[index[a]])
        nodes.append({
            "id": a,
            "risk": float(row.get("risk") or 0.0),
            "events": int(row.get("events") or 0),
            "flagged": bool(row.get("flagged")),
            "x": round(x, 4),
            "y": round(y, 4),
        })
    edges = [{"a": i, "b": j, "kinds": sorted(k), "values": {kk: vv for kk, vv in sorted(k.items())}} for (i, j), k in ordered]
    kinds = sorted({k for e in edges for k in e["kinds"]})
    notes = []
    if everyone:
        shared = "; ".join(f"{KIND_LABELS.get(k, k)}: {', '.join(v)}" for k, v in sorted(everyone.items()))
        notes.append(f"every member drawn shares ({shared}); those ties are not drawn")
    if len(shown) < len(members):
        notes.append(f"the {len(shown)} riskiest of {len(members)} members are drawn")
    if len(ordered) < total:
        notes.append(f"the {len(ordered):,} strongest of {total:,} ties are drawn")
    return CampaignGraph(nodes, edges, kinds, len(members), len(shown), total, notes, everyone)

