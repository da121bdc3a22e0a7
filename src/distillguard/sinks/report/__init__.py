"""The HTML report: one self-contained file an analyst opens offline.

:func:`write_report` reads a findings directory (and, where it is there, the scan's store for
timelines and sample requests) and writes one HTML file: Plotly's JavaScript is bundled inline (no
CDN), every text from the log is escaped by Jinja2's autoescape after its control characters are
made visible, and the data the charts draw is embedded as JSON that survives ``</script>``.

Large logs stay readable: the ``top_campaigns`` riskiest campaigns and ``top_accounts`` riskiest
flagged accounts get full detail (graph, timeline, sample requests); the rest are listed in
compact tables up to ``max_rows`` rows and counted beyond.

Examples
--------
>>> from distillguard.sinks.report import ReportOptions
>>> ReportOptions().top_campaigns, ReportOptions().near_margin
(20, 0.15)
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from distillguard.sinks._common import iso_to_ms, version
from distillguard.sinks._findings import Findings, load_findings
from distillguard.sinks._graph import KIND_LABELS, campaign_graph, link_label
from distillguard.sinks._store import Store
from distillguard.sinks._text import clip, script_json, visible
from distillguard.sinks._timeline import Timeline, account_timelines, campaign_timeline

__all__ = ["ReportOptions", "render_report", "write_report"]

#: columns of the sample requests shown per flagged account
SAMPLE_COLUMNS = (
    "ts_ms", "request_id", "model", "user_agent", "ip", "prompt", "system", "max_tokens", "n", "temperature",
    "logprobs", "top_logprobs", "logit_bias_n", "reasoning", "output_tokens",
)


@dataclass(frozen=True, kw_only=True)
class ReportOptions:
    """How much the report shows.

    Parameters
    ----------
    top_campaigns : campaigns drawn in full (graph, timeline, members), riskiest first
    top_accounts : flagged accounts shown in full (reasons, timeline, sample requests)
    samples_per_account : sample evidence requests per account shown in full
    prompt_chars : prompts and system prompts are cut to this many characters
    near_margin : an unflagged account with risk at or above ``threshold - near_margin`` "came close"
    max_rows : rows of each compact table; the rest are counted
    graph_nodes : members drawn in one campaign graph (riskiest first)
    csp : add a Content-Security-Policy that lets only the report's own two scripts run (by their
        SHA-256), as a second wall behind the escaping; tests turn it off to prove the escaping alone
    """

    top_campaigns: int = 20
    top_accounts: int = 50
    samples_per_account: int = 5
    prompt_chars: int = 280
    near_margin: float = 0.15
    max_rows: int = 500
    graph_nodes: int = 80
    title: str = "distillguard report"
    csp: bool = True


def write_report(
    findings_dir: str | Path,
    out_path: str | Path,
    store: Store | str | Path | None = None,
    *,
    options: ReportOptions | None = None,
    detector_config: Mapping[str, Mapping[str, Any]] | None = None,
    only_campaign: str | None = None,
) -> Path:
    """Write the HTML report of ``findings_dir`` to ``out_path`` and return that path.

    ``store`` is the scan's store (a :class:`Store`, or a path to it); by default
    ``findings_dir/scan.duckdb`` when it exists.  Without a store the report has no timelines or
    sample requests and says so.  ``detector_config`` is the detector configuration the scan used
    (for risk over time; default parameters otherwise).  ``only_campaign`` limits the report to one
    campaign and its members (the evidence bundle's report).
    """
    findings = load_findings(findings_dir)
    own_store = False
    st: Store | None
    if isinstance(store, Store):
        st = store
    else:
        st = Store.open(store if store is not None else findings.store_path)
        own_store = st is not None
    try:
        text = render_report(findings, st, options=options, detector_config=detector_config, only_campaign=only_campaign)
    finally:
        if own_store and st is not None:
            st.close()
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


# -- the view model ---------------------------------------------------------------------------------


def _ts(value: Any) -> str:
    """An RFC 3339 timestamp or epoch milliseconds, shown to the second in UTC."""
    if value is None or value == "":
        return "–"
    if isinstance(value, (int, float)):
        return datetime.fromtimestamp(float(value) / 1000.0, tz=UTC).strftime("%Y-%m-%d %H:%M:%S")
    s = str(value)
    return s.replace("T", " ")[:19] if len(s) >= 19 and s[4] == "-" else visible(s)


def _pt(text: Any) -> str:
    """Text for Plotly's labels: control characters visible, then HTML-escaped, since Plotly reads
    a subset of HTML (``<a href>``, ``<b>``) in its labels and decodes ``&lt;``, ``&gt;``, ``&amp;`` back
    for display (not ``&quot;``, and quotes are harmless once ``<`` is escaped)."""
    return html.escape(visible(text), quote=False)


def _top_reason(row: Mapping[str, Any], *, skip: str | None = None) -> str:
    """The strongest reason's sentence (``skip``: a detector whose reasons are left out)."""
    for r in row.get("reasons") or []:
        if isinstance(r, Mapping) and r.get("detector") != skip:
            return str(r.get("summary", ""))
    return ""


def _params(ev: Mapping[str, Any]) -> str:
    bits = []
    for key, label in (("max_tokens", "max_tokens"), ("n", "n"), ("temperature", "temperature"), ("top_logprobs", "top_logprobs"),
                       ("logit_bias_n", "logit_bias entries"), ("reasoning", "reasoning"), ("output_tokens", "output tokens")):
        v = ev.get(key)
        if v is None or v == "" or (key == "n" and v == 1):
            continue
        bits.append(f"{label}={v}")
    if ev.get("logprobs") and ev.get("top_logprobs") is None:
        bits.append("logprobs")
    return ", ".join(bits)


def _series(t: Timeline | None) -> dict[str, Any] | None:
    if t is None:
        return None
    d: dict[str, Any] = {"t": t.hours, "n": t.requests}
    if t.risk is not None:
        d["r"] = t.risk
    return d


def _flag_steps(members: Sequence[Mapping[str, Any]]) -> dict[str, list[Any]]:
    """Members flagged so far, as a step series over their flag times."""
    times = sorted(t for t in (iso_to_ms(m.get("flagged_at")) for m in members if m.get("flagged")) if t is not None)
    return {"t": times, "k": list(range(1, len(times) + 1))}


def _model(
    f: Findings,
    store: Store | None,
    opts: ReportOptions,
    detector_config: Mapping[str, Mapping[str, Any]] | None,
    only_campaign: str | None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    thr = f.threshold
    by_id = {a["account_id"]: a for a in f.accounts}
    campaigns = sorted(f.campaigns, key=lambda c: (-float(c.get("risk") or 0), str(c["campaign"])))
    accounts = f.accounts
    if only_campaign is not None:
        campaigns = [c for c in campaigns if c["campaign"] == only_campaign]
        members = {a for c in campaigns for a in c.get("accounts") or []}
        accounts = [a for a in accounts if a["account_id"] in members]
    flagged = sorted((a for a in accounts if a.get("flagged")), key=lambda a: (-float(a["risk"]), a["account_id"]))
    near_lo = thr - opts.near_margin
    near = sorted((a for a in accounts if not a.get("flagged") and float(a["risk"]) >= near_lo),
                  key=lambda a: (-float(a["risk"]), a["account_id"]))
    top_c = campaigns[: opts.top_campaigns]
    top_a = flagged[: opts.top_accounts]

    # timelines: every member of a detailed campaign and every detailed account, in one read
    want = sorted({a for c in top_c for a in c.get("accounts") or []} | {a["account_id"] for a in top_a})
    timelines: dict[str, Timeline] = {}
    samples: dict[str, list[dict[str, Any]]] = {}
    if store is not None:
        timelines = account_timelines(store, want, population=f.summary.get("population"), detector_config=detector_config)
        ev_ids = [rid for a in top_a for rid in (a.get("evidence") or [])[: opts.samples_per_account]]
        if ev_ids and store.has("events"):
            cols = list(SAMPLE_COLUMNS)
            for ev in store.events(request_ids=ev_ids, columns=cols).to_pylist():
                samples.setdefault(ev["request_id"], []).append(ev)

    anchors = {a["account_id"]: f"a{i}" for i, a in enumerate(flagged)}
    c_anchor = {c["campaign"]: f"c{i}" for i, c in enumerate(campaigns)}
    data: dict[str, Any] = {"threshold": thr, "kinds": {k: KIND_LABELS.get(k, k) for k in KIND_LABELS}, "graphs": {}, "timelines": {}}

    c_views = []
    for c in top_c:
        key = c_anchor[c["campaign"]]
        members = [by_id[a] for a in c.get("accounts") or [] if a in by_id]
        g = campaign_graph(c, by_id, max_nodes=opts.graph_nodes)
        kinds = g.kinds
        data["graphs"][key] = {
            "nodes": [{"label": _pt(n["id"]), "risk": n["risk"], "events": n["events"], "flagged": n["flagged"], "x": n["x"], "y": n["y"]} for n in g.nodes],
            "edges": [[e["a"], e["b"], [kinds.index(k) for k in e["kinds"]]] for e in g.edges],
            "kinds": kinds,
        }
        tl = campaign_timeline(timelines, c.get("accounts") or [])
        data["timelines"][key] = {**(_series(tl) or {}), "flagged_at": iso_to_ms(c.get("flagged_at")), "steps": _flag_steps(members)} if tl.hours else None
        ranked = sorted(members, key=lambda m: (-float(m["risk"]), m["account_id"]))
        c_views.append({
            "key": key,
            "id": c["campaign"],
            "risk": float(c.get("risk") or 0),
            "members": len(c.get("accounts") or []),
            "flagged_members": sum(1 for m in members if m.get("flagged")),
            "events": int(c.get("events") or 0),
            "flagged_at": _ts(c.get("flagged_at")),
            "capabilities": c.get("capabilities") or [],
            "summary": c.get("summary") or "",
            "links": [{"kind": KIND_LABELS.get(str(l.get("kind")), str(l.get("kind"))), "value": link_label(str(l.get("kind")), l.get("value")),
                       "accounts": len(l.get("accounts") or [])} for l in (c.get("links") or [])],
            "graph_notes": g.notes,
            "graph_nodes": len(g.nodes),
            "has_timeline": data["timelines"][key] is not None,
            "member_rows": [{"id": m["account_id"], "anchor": anchors.get(m["account_id"]), "risk": float(m["risk"]), "flagged": bool(m.get("flagged")),
                             "flagged_at": _ts(m.get("flagged_at")), "events_before_flag": m.get("events_before_flag"), "events": m.get("events"),
                             "reason": _top_reason(m, skip="campaign-membership") or "only its ties to the campaign"} for m in ranked[: opts.max_rows]],
            "members_left": max(len(ranked) - opts.max_rows, 0),
        })

    a_views = []
    for a in top_a:
        key = anchors[a["account_id"]]
        t = timelines.get(a["account_id"])
        data["timelines"][key] = {**(_series(t) or {}), "flagged_at": iso_to_ms(a.get("flagged_at"))} if t is not None else None
        rows = []
        for rid in (a.get("evidence") or [])[: opts.samples_per_account]:
            for ev in samples.get(rid, []):
                rows.append({
                    "ts": _ts(ev.get("ts_ms")), "request_id": ev.get("request_id"), "model": ev.get("model"), "user_agent": ev.get("user_agent"),
                    "ip": ev.get("ip"), "prompt": clip(str(ev.get("prompt") or ""), opts.prompt_chars),
                    "system": clip(str(ev.get("system") or ""), opts.prompt_chars // 2), "params": _params(ev),
                })
        a_views.append({
            "key": key,
            "id": a["account_id"],
            "risk": float(a["risk"]),
            "campaign": a.get("campaign"),
            "campaign_anchor": c_anchor.get(a.get("campaign") or ""),
            "flagged_at": _ts(a.get("flagged_at")),
            "events_before_flag": a.get("events_before_flag"),
            "events": a.get("events"),
            "capabilities": a.get("capabilities") or [],
            "reasons": [r for r in (a.get("reasons") or []) if isinstance(r, Mapping)],
            "samples": rows,
            "evidence_total": len(a.get("evidence") or []),
            "has_timeline": t is not None,
            "end_users": (a.get("end_users") or [])[:10],
        })

    def compact(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [{"id": r["account_id"], "anchor": anchors.get(r["account_id"]), "risk": float(r["risk"]), "campaign": r.get("campaign"),
                 "campaign_anchor": c_anchor.get(r.get("campaign") or ""), "flagged_at": _ts(r.get("flagged_at")), "events": r.get("events"),
                 "reason": _top_reason(r)} for r in rows[: opts.max_rows]]

    s = f.summary
    ingest = s.get("ingest") or {}
    dets = [d for d in s.get("detectors") or [] if isinstance(d, Mapping)]
    view = {
        "title": opts.title if only_campaign is None else f"{opts.title}: campaign {only_campaign}",
        "generated_at": _ts(s.get("generated_at")),
        "report_at": _ts(datetime.now(tz=UTC).isoformat()),
        "root": str(f.root),
        "only_campaign": only_campaign,
        "threshold": thr,
        "near_lo": near_lo,
        "stats": {
            "events": s.get("events"),
            "accounts": len(accounts) if only_campaign else s.get("accounts", len(accounts)),
            "flagged": len(flagged),
            "near": len(near),
            "campaigns": len(campaigns),
            "rejected": f.rejects_total if not ingest else ingest.get("rejected", f.rejects_total),
            "rows_read": ingest.get("rows_read"),
        },
        "files": [str(p) for p in (ingest.get("files") or [])][:20],
        "detectors": sorted(dets, key=lambda d: -float(d.get("weight") or 0)),
        "weights_note": _weights_note(dets, detector_config),
        "has_store": store is not None,
        "campaigns": c_views,
        "campaigns_rest": [{"id": c["campaign"], "anchor": None, "risk": float(c.get("risk") or 0), "members": len(c.get("accounts") or []),
                            "events": c.get("events"), "capabilities": c.get("capabilities") or [], "flagged_at": _ts(c.get("flagged_at")),
                            "summary": c.get("summary") or ""} for c in campaigns[opts.top_campaigns: opts.top_campaigns + opts.max_rows]],
        "campaigns_left": max(len(campaigns) - opts.top_campaigns - opts.max_rows, 0),
        "accounts": a_views,
        "accounts_rest": compact(flagged[opts.top_accounts:]),
        "accounts_left": max(len(flagged) - opts.top_accounts - opts.max_rows, 0),
        "near": compact(near),
        "near_left": max(len(near) - opts.max_rows, 0),
        "rejects": f.rejects[:50],
        "rejects_total": f.rejects_total,
        "bad_lines": [str(b) for b in f.bad_lines[:50]],
        "bad_lines_total": len(f.bad_lines),
        "opts": opts,
        "version": version(),
    }
    return view, data


def _weights_note(dets: Sequence[Mapping[str, Any]], detector_config: Mapping[str, Mapping[str, Any]] | None) -> str | None:
    """Say so when risk over time is recomputed with weights other than the scan's."""
    from distillguard.detectors.base import iter_detectors

    mine = {d.name: float(d.weight) for d in iter_detectors(detector_config or {})}
    scan = {str(d.get("name")): float(d.get("weight") or 0) for d in dets}
    if not scan or scan == mine:
        return None
    return "The scan used other detector weights than this report's configuration; risk over time is recomputed with this report's and may differ."


# -- rendering --------------------------------------------------------------------------------------


def _env() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("distillguard.sinks.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["v"] = visible
    env.filters["vp"] = lambda s: visible(s, keep_newlines=True)
    env.filters["risk"] = lambda x: f"{float(x):.2f}"
    env.filters["num"] = lambda x: "–" if x is None else f"{int(x):,}" if isinstance(x, (int, float)) else visible(x)
    env.filters["level"] = lambda x: "high" if float(x) >= 0.9 else "mid" if float(x) >= 0.7 else "low"
    return env


def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return str(get_plotlyjs())


def render_report(
    findings: Findings,
    store: Store | None = None,
    *,
    options: ReportOptions | None = None,
    detector_config: Mapping[str, Mapping[str, Any]] | None = None,
    only_campaign: str | None = None,
) -> str:
    """The report's HTML text (see :func:`write_report`)."""
    from markupsafe import Markup

    opts = options or ReportOptions()
    view, data = _model(findings, store, opts, detector_config, only_campaign)
    env = _env()
    plotly_js = _plotly_js()  # Plotly's own bundle, from its wheel
    report_js = env.get_template("report.js.j2").render()
    csp = None
    if opts.csp:
        hashes = " ".join(f"'sha256-{_b64sha256(js)}'" for js in (plotly_js, report_js))
        csp = f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    return str(env.get_template("report.html.j2").render(
        r=view,
        csp=csp,
        data_json=Markup(script_json(data)),  # escaped for <script> by script_json
        plotly_js=Markup(plotly_js),
        report_js=Markup(report_js),
    ))


def _b64sha256(text: str) -> str:
    import base64
    import hashlib

    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
