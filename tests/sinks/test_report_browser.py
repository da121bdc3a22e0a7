"""The report in a real browser: hostile text from the log stays inert, the charts draw, offline.

Needs Chromium (installed by scripts/setup.d/30-chromium.sh) and Playwright (a dev dependency).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from distillguard.sinks.report import ReportOptions, write_report

from ._browser import browser_page
from .conftest import HOSTILE_IDS, HOSTILE_LOGIT_ID, HostileScan

pytestmark = pytest.mark.browser

INJECTED = """
    (() => {
      const q = (s) => document.querySelectorAll(s).length;
      const jsHref = Array.from(document.querySelectorAll('a')).filter(a => {
        const h = (a.getAttribute('href') || a.getAttribute('xlink:href') || '').trim().toLowerCase();
        return h.startsWith('javascript:');
      }).length;
      const handlers = Array.from(document.querySelectorAll('*')).filter(el =>
        Array.from(el.attributes).some(at => at.name.toLowerCase().startsWith('on'))).length;
      return {scripts: q('script'), imgs: q('img'), svgs_in_text: q('main svg[onload], main td svg, main li svg'),
              iframes: q('iframe, object, embed'), js_hrefs: jsHref, handlers: handlers};
    })()
"""


def _graph_of(page, campaign: str):  # type: ignore[no-untyped-def]
    """The graph element of ``campaign``'s article (found by its id text, not by trusting markup)."""
    key = page.evaluate(
        """(cid) => { for (const a of document.querySelectorAll('article.campaign')) {
                if (a.querySelector('h3 code').textContent === cid) return a.id; } return null; }""",
        campaign,
    )
    assert key, f"no article for campaign {campaign}"
    return key


def _not_blank(png: bytes) -> tuple[int, float]:
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("RGB")
    counts = img.resize((max(img.width // 4, 1), max(img.height // 4, 1))).getcolors(1 << 24) or []
    total = sum(n for n, _ in counts)
    inked = sum(n for n, rgb in counts if min(rgb) < 235) / total
    return len(counts), inked


@pytest.fixture(scope="module")
def hostile_report(hostile_scan: HostileScan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    # no CSP here: this report must be safe by escaping alone
    out = tmp_path_factory.mktemp("report") / "report.html"
    return write_report(hostile_scan.out, out, options=ReportOptions(csp=False))


def test_hostile_text_is_shown_not_run(hostile_report: Path, hostile_scan: HostileScan) -> None:
    with browser_page() as (page, seen):
        page.goto(hostile_report.as_uri())
        drawn = page.evaluate("window.dgRendered")
        assert drawn == page.evaluate("document.querySelectorAll('.dg-plot').length") > 0
        assert page.evaluate("window.__dg_pwned") is None
        found = page.evaluate(INJECTED)
        assert found == {"scripts": 3, "imgs": 0, "svgs_in_text": 0, "iframes": 0, "js_hrefs": 0, "handlers": 0}
        text = page.evaluate("document.body.innerText")
        # the payloads are on the page as text an analyst can read ...
        assert HOSTILE_IDS[0] in text and HOSTILE_IDS[1] in text and HOSTILE_LOGIT_ID in text
        assert "<script>window.__dg_pwned='ua'</script>" in text
        assert "acct_\\u202egnp.\\x1b[31mevil" in text  # bidi override and ESC spelled out
        # ... and no raw control or bidi character reached the page
        for ch in ("\u202e", "\u2066", "\x1b", "\u2028", "\x07"):
            assert ch not in text, repr(ch)
        # hover the graph node of a hostile account: its label shows as text, nothing runs
        key = _graph_of(page, hostile_scan.campaign)
        hovered = page.evaluate(
            """([key, label]) => { const gd = document.querySelector(`#${key} .dg-plot.graph`);
                 const ci = gd.data.findIndex(t => t.name === 'accounts');
                 const pi = gd.data[ci].hovertext.findIndex(h => h.includes('onerror'));
                 Plotly.Fx.hover(gd, [{curveNumber: ci, pointNumber: pi}]);
                 const hl = gd.querySelector('.hoverlayer');
                 return {text: hl.textContent, imgs: hl.querySelectorAll('img, image, a').length}; }""",
            [key, HOSTILE_IDS[0]],
        )
        assert HOSTILE_IDS[0] in hovered["text"] and hovered["imgs"] == 0
        page.wait_for_timeout(200)
        assert page.evaluate("window.__dg_pwned") is None
        assert seen["dialogs"] == [] and seen["errors"] == []


def test_campaign_graph_draws_every_member(hostile_report: Path, hostile_scan: HostileScan) -> None:
    import json

    camp = next(json.loads(line) for line in (hostile_scan.out / "campaigns.jsonl").open() if json.loads(line)["campaign"] == hostile_scan.campaign)
    with browser_page() as (page, seen):
        page.goto(hostile_report.as_uri())
        page.evaluate("window.dgRendered")
        key = _graph_of(page, hostile_scan.campaign)
        nodes = page.evaluate(
            """(key) => { const gd = document.querySelector(`#${key} .dg-plot.graph`);
                 const ci = gd.data.findIndex(t => t.name === 'accounts');
                 const layer = gd.querySelectorAll('.scatterlayer .trace')[ci];
                 return {data: gd.data[ci].x.length, drawn: layer.querySelectorAll('path.point').length,
                         kinds: gd.data.filter(t => t.mode === 'lines').map(t => t.name)}; }""",
            key,
        )
        assert nodes["data"] == nodes["drawn"] == len(camp["accounts"]) == 6
        assert "same user agent" in nodes["kinds"]
        png = page.locator(f"#{key} .dg-plot.graph").screenshot()
        colours, inked = _not_blank(png)
        assert colours > 20 and inked > 0.03, (colours, inked)
        full = page.screenshot(full_page=False)
        colours, inked = _not_blank(full)
        assert colours > 50 and inked > 0.1, (colours, inked)
        assert seen["errors"] == [] and seen["console"] == []


def test_report_needs_no_network(hostile_report: Path) -> None:
    with browser_page() as (page, seen):
        page.goto(hostile_report.as_uri())
        assert page.evaluate("window.dgRendered") > 0
        assert page.evaluate("typeof Plotly.newPlot") == "function"
        assert seen["requests"] == []


def test_csp_lets_only_the_reports_own_scripts_run(hostile_scan: HostileScan, tmp_path: Path) -> None:
    """With the default Content-Security-Policy, the charts still draw, and a script that got into
    the page some other way (here appended to the file) is refused."""
    out = write_report(hostile_scan.out, tmp_path / "report.html")
    html = out.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html
    out.write_text(html.replace("</body>", "<script>window.__dg_pwned='csp'</script><img src=x onerror=\"window.__dg_pwned='csp2'\"></body>"), encoding="utf-8")
    with browser_page() as (page, seen):
        page.goto(out.as_uri())
        assert page.evaluate("window.dgRendered") == page.evaluate("document.querySelectorAll('.dg-plot').length") > 0
        assert page.evaluate("window.__dg_pwned") is None
        assert page.evaluate("document.querySelectorAll('.dg-plot[data-rendered]').length") > 0
        assert seen["errors"] == []
