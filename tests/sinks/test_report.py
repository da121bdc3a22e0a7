"""The HTML report's content, sizes and escaping, without a browser (see test_report_browser.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from distillguard.cli import app
from distillguard.errors import DistillguardError
from distillguard.sinks._findings import load_findings
from distillguard.sinks._store import Store
from distillguard.sinks._text import script_json, visible
from distillguard.sinks._timeline import account_timelines
from distillguard.sinks.report import ReportOptions, render_report, write_report

from .conftest import HOSTILE_IDS, PAYLOADS, HostileScan


def _data_block(html: str) -> str:
    m = re.search(r'<script type="application/json" id="dg-data">(.*?)</script>', html, re.S)
    assert m
    return m.group(1)


def test_script_json_survives_script_end_tags_and_line_separators() -> None:
    data = {"p": list(PAYLOADS.values()), "id": HOSTILE_IDS}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == data


def test_visible_spells_out_controls_and_bidi() -> None:
    assert visible(PAYLOADS["bidi"]) == "\\u202eexe.tsil_nevig\\u202c \\u2066isolate\\u2069"
    assert visible("a\x1b[31mb\x00c\u200bd") == "a\\x1b[31mb\\x00c\\u200bd"
    assert visible("keep\nnew\tlines", keep_newlines=True) == "keep\nnew\tlines"
    assert visible("no\nnewline") == "no\\x0anewline"
    assert visible("ü 漢字 العربية") == "ü 漢字 العربية"


def test_report_covers_overview_campaigns_flagged_and_near(hostile_scan: HostileScan, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["report", str(hostile_scan.out), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    f = load_findings(hostile_scan.out)
    near = [a for a in f.accounts if not a["flagged"] and a["risk"] >= f.threshold - 0.15]
    assert f'<div class="n">{len(f.flagged)}</div>' in html and f'<div class="n">{len(near)}</div>' in html
    assert html.count('<article class="campaign"') == len(f.campaigns)
    assert html.count('<article class="account"') == min(len(f.flagged), 50)
    for d in f.summary["detectors"]:
        assert f"<code>{d['name']}</code>" in html
    # no CDN, no remote anything: Plotly is inline and nothing is fetched
    assert not re.search(r'<script[^>]+src=|<link[^>]+href=', html)  # the browser test checks that nothing is fetched
    assert "Content-Security-Policy" in html
    data = json.loads(_data_block(html))
    camp = f.campaign(hostile_scan.campaign)
    key = next(k for k, g in data["graphs"].items() if len(g["nodes"]) == len(camp["accounts"])
               and any("onerror" in n["label"] for n in g["nodes"]))
    assert data["timelines"][key]["flagged_at"] is not None and sum(data["timelines"][key]["n"]) == camp["events"]


def test_hostile_text_is_escaped_in_the_html(hostile_scan: HostileScan) -> None:
    with Store.open(hostile_scan.out / "scan.duckdb") as st:
        html = render_report(load_findings(hostile_scan.out), st)
    body = html.split('<script type="application/json"')[0]
    for payload in ("<script>window.__dg_pwned", "<img src=x", "<svg onload", "<a href=\"javascript:"):
        assert payload not in body, payload
    assert "&lt;img src=x onerror=" in body and "&lt;/script&gt;&lt;script&gt;" in body
    assert "\u202e" not in html and "\x1b" not in html
    assert html.count("<script") == 3


def test_own_risk_over_time_ends_at_the_accounts_own_risk(hostile_scan: HostileScan) -> None:
    """Recomputed from the stored hourly profiles, an account flagged on its own behaviour ends its
    risk line at its final risk and crosses the threshold in the hour of its flagged_at."""
    f = load_findings(hostile_scan.out)
    own = [a for a in f.flagged if not any(r["detector"] == "campaign-membership" for r in a["reasons"])]
    assert own
    with Store.open(hostile_scan.out / "scan.duckdb") as st:
        tl = account_timelines(st, [a["account_id"] for a in own], population=f.summary["population"])
    from distillguard.sinks._common import iso_to_ms

    for a in own:
        t = tl[a["account_id"]]
        assert t.risk[-1] == pytest.approx(a["risk"], abs=1e-3)
        assert sum(t.requests) == a["events"]
        first = next(h for h, r in zip(t.hours, t.risk) if r >= f.threshold)
        assert first <= iso_to_ms(a["flagged_at"]) < first + 3_600_000


def test_large_findings_stay_under_20_mb_with_the_rest_summarised(hostile_scan: HostileScan, tmp_path: Path) -> None:
    """200,000 accounts and 4,000 campaigns (the demo's rows repeated under new ids), no store."""
    src = load_findings(hostile_scan.out)
    big = tmp_path / "big"
    big.mkdir()
    n_copies = 200_000 // len(src.accounts) + 1
    with (big / "accounts.jsonl").open("w") as fh:
        for k in range(n_copies):
            for a in src.accounts:
                fh.write(json.dumps({**a, "account_id": f"{a['account_id']}#{k}", "campaign": f"{a['campaign']}#{k}" if a["campaign"] else None}) + "\n")
    with (big / "campaigns.jsonl").open("w") as fh:
        for k in range(1000):
            for c in src.campaigns:
                fh.write(json.dumps({**c, "campaign": f"{c['campaign']}#{k}", "accounts": [f"{x}#{k}" for x in c["accounts"]],
                                     "links": [{**l, "accounts": [f"{x}#{k}" for x in l["accounts"]]} for l in c["links"]]}) + "\n")
    (big / "summary.json").write_text(json.dumps(src.summary))
    out = write_report(big, tmp_path / "big.html", options=ReportOptions())
    html = out.read_text(encoding="utf-8")
    assert out.stat().st_size < 20_000_000
    assert html.count('<article class="campaign"') == 20 and html.count('<article class="account"') == 50
    assert re.search(r"and [\d,]+ more campaigns", html) and re.search(r"and [\d,]+ more flagged accounts", html)
    assert "scan.duckdb) was not found" in html


def test_unreadable_findings_lines_are_named_and_the_rest_reported(hostile_scan: HostileScan, tmp_path: Path) -> None:
    d = tmp_path / "f"
    d.mkdir()
    lines = (hostile_scan.out / "accounts.jsonl").read_text().splitlines()
    lines.insert(3, "{not json")
    lines.insert(5, json.dumps({"account_id": "x", "risk": "high", "flagged": True}))
    (d / "accounts.jsonl").write_text("\n".join(lines) + "\n")
    f = load_findings(d)
    assert [str(b.location) for b in f.bad_lines] == [f"{d / 'accounts.jsonl'}:4", f"{d / 'accounts.jsonl'}:6:risk"]
    assert len(f.accounts) == len(lines) - 2
    html = render_report(f)
    assert f"{d / 'accounts.jsonl'}:6:risk" in html


def test_a_findings_directory_with_nothing_usable_fails(tmp_path: Path) -> None:
    (tmp_path / "accounts.jsonl").write_text("garbage\n")
    with pytest.raises(DistillguardError, match="no usable findings.*accounts.jsonl:1"):
        load_findings(tmp_path)
    result = CliRunner().invoke(app, ["report", str(tmp_path), "-o", str(tmp_path / "r.html")])
    assert result.exit_code != 0 and "no usable findings" in " ".join(result.output.split())
