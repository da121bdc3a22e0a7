"""Fixtures for the sinks: the demo log with attacker-written text planted in it, scanned once.

Three of the six accounts of the demo's broad-distillation campaign get hostile account ids, a
hostile user agent and hostile text inside their prompts and system prompts; the demo's single
logit-extraction account gets a hostile id as well.  Everything else is the demo log as
``distillguard demo`` writes it, so the findings are realistic and the campaign still forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

#: what a page would run if any of it reached the DOM unescaped; each sets window.__dg_pwned
PAYLOADS = {
    "script": "<script>window.__dg_pwned='script';alert('script')</script>",
    "img": "<img src=x onerror=\"window.__dg_pwned='img';alert('img')\">",
    "js_link": "<a href=\"javascript:window.__dg_pwned='link'\">open</a>",
    "close": "</script><script>window.__dg_pwned='close'</script><!--",
    "svg": "<svg onload=\"window.__dg_pwned='svg'\"></svg>",
    "bidi": "\u202eexe.tsil_nevig\u202c \u2066isolate\u2069",
    "ansi": "\x1b[31mred\x1b[0m \x1b]8;;http://evil.example\x07link\x1b]8;;\x07 \x1b[2J",
    "sep": "line\u2028separator\u2029para",
}
HOSTILE_IDS = [
    "acct_<a href=\"javascript:window.__dg_pwned='id'\"><b>x</b></a><img src=x onerror=\"window.__dg_pwned='id';alert(1)\">",
    "acct_</script><script>window.__dg_pwned='id2'</script>",
    "acct_\u202egnp.\x1b[31mevil",
]
HOSTILE_LOGIT_ID = "acct_<svg/onload=window.__dg_pwned='logit'>"
HOSTILE_UA = "Mozilla/5.0 <script>window.__dg_pwned='ua'</script> it's \\ a ] \u202eUA\x1b[0m"


@dataclass(frozen=True)
class HostileScan:
    out: Path          # findings directory (accounts.jsonl, campaigns.jsonl, summary.json, scan.duckdb)
    log: Path          # the events it was scanned from
    renamed: dict[str, str]  # original demo account id -> hostile id
    campaign: str      # the campaign the hostile accounts belong to

    @property
    def hostile_ids(self) -> list[str]:
        return list(self.renamed.values())


def _plant(text: str | None, i: int) -> str | None:
    """``text`` with one payload put in after its first few words (inside the report's cut)."""
    if not text:
        return text
    payload = list(PAYLOADS.values())[i % len(PAYLOADS)]
    cut = text.find(" ", 40)
    cut = cut if 0 < cut < 200 else min(len(text), 40)
    return f"{text[:cut]} {payload} {text[cut:]}"


def build_hostile_log(dest: Path, seed: int = 0) -> tuple[Path, Path, dict[str, str]]:
    from distillguard.fixtures import demo_traffic

    events, accounts, labels = demo_traffic(seed)
    lab = labels.to_pylist()
    broad = sorted(r["account_id"] for r in lab if r["scenario"] == "broad-distillation")[:3]
    logit = sorted(r["account_id"] for r in lab if r["scenario"] == "logit-extraction")[:1]
    renamed = dict(zip(broad, HOSTILE_IDS)) | dict(zip(logit, [HOSTILE_LOGIT_ID]))
    acc = events.column("account_id").to_pylist()
    hit = [a in renamed for a in acc]
    cols = {name: events.column(name).to_pylist() for name in ("account_id", "prompt", "system", "user_agent")}
    k = 0
    for i, h in enumerate(hit):
        if not h:
            continue
        a = acc[i]
        cols["account_id"][i] = renamed[a]
        if a in broad:
            cols["prompt"][i] = _plant(cols["prompt"][i], k)
            cols["system"][i] = _plant(cols["system"][i], k + 3) if cols["system"][i] else PAYLOADS["close"]
            cols["user_agent"][i] = HOSTILE_UA
            k += 1
    for name, values in cols.items():
        events = events.set_column(events.schema.get_field_index(name), name, pa.array(values, events.schema.field(name).type))
    ids = accounts.column("account_id")
    accounts = accounts.set_column(accounts.schema.get_field_index("account_id"), "account_id",
                                   pa.array([renamed.get(a, a) for a in ids.to_pylist()], ids.type))
    assert pc.sum(pc.cast(pa.array(hit), pa.int64())).as_py() > 100
    dest.mkdir(parents=True, exist_ok=True)
    log, acc_path = dest / "events.parquet", dest / "accounts.parquet"
    pq.write_table(events, log)
    pq.write_table(accounts, acc_path)
    return log, acc_path, renamed


@pytest.fixture(scope="session")
def hostile_scan(tmp_path_factory: pytest.TempPathFactory) -> HostileScan:
    """The demo log with hostile text planted (see the module docstring), scanned into a findings
    directory with its store."""
    from distillguard.scan import Scan

    root = tmp_path_factory.mktemp("hostile")
    log, acc_path, renamed = build_hostile_log(root / "log")
    out = root / "findings"
    result = Scan().run([log], out, accounts_paths=[acc_path])
    by_id = {r["account_id"]: r for r in result.accounts}
    camps = {by_id[h]["campaign"] for h in HOSTILE_IDS if h in by_id}
    assert len(camps) == 1 and None not in camps, f"the hostile accounts should share one campaign, got {camps}"
    return HostileScan(out=out, log=log, renamed=renamed, campaign=camps.pop())
