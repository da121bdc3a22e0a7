"""Evaluation of a scan's findings against labelled traffic (issue 3's metrics and bar).

Definitions
-----------
- An account is *flagged* when its row in ``accounts.jsonl`` says ``flagged: true``; an account
  of the labels that the findings do not list counts as not flagged.
- precision = flagged attack accounts / flagged accounts; recall = flagged attack accounts /
  attack accounts; honest flagged = flagged benign / benign; hard negatives flagged = the same
  over benign accounts whose label ``scenario`` is a hard negative.
- A campaign's *requests* are its members' events, except that for a taken-over account
  (``attack_start`` set) only events at or after ``attack_start`` count: the owner's honest
  history is not the campaign's.  *Before first flag* = those requests with ``ts`` earlier than
  the earliest ``flagged_at`` of any member, over all of them; a campaign never flagged counts 1.0.
- *Best-matching found campaign*: the row of ``campaigns.jsonl`` holding the most members (ties:
  higher purity, then id).  coverage = members in it / members; purity = members in it / its
  accounts.
- *Capability named*: the expected capability (the labels' ``capability`` column where present,
  else :data:`SCENARIO_CAPABILITY`) is among the best-matching found campaign's capabilities, or,
  where no found campaign holds a member, among the flagged members' capabilities.
"""

from __future__ import annotations

import gzip
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from distillguard.errors import DistillguardError

__all__ = ["BAR", "DEFAULT_HARD_NEGATIVES", "EvalReport", "SCENARIO_CAPABILITY", "evaluate"]

#: the capability a scan should name for each attack scenario (a hydra's labels say which of
#: ``alignment-behaviour`` / ``reasoning-traces`` it harvests in their ``capability`` column)
SCENARIO_CAPABILITY: dict[str, str] = {
    "hydra-distillation": "alignment-behaviour",
    "broad-distillation": "data-generation",
    "reasoning-coercion": "reasoning-traces",
    "logit-extraction": "logits",
    "low-and-slow": "general",
    "reseller-proxy": "general",
}

DEFAULT_HARD_NEGATIVES: tuple[str, ...] = (
    "batch-classifier", "coding-agent", "company-egress", "edu-chat-user", "eval-harness", "heavy-chat-user",
)

#: issue 3's bar: (metric key, comparison, threshold, wording)
BAR: tuple[tuple[str, str, float, str], ...] = (
    ("precision", ">=", 0.95, "precision >= 0.95"),
    ("recall", ">=", 0.90, "recall >= 0.90"),
    ("honest_flagged_share", "<=", 0.002, "honest accounts flagged <= 0.2 %"),
    ("hard_negative_flagged_share", "<=", 0.01, "hard negatives flagged <= 1 %"),
    ("campaigns_detected_share", ">=", 1.0, "every campaign detected"),
    ("median_before_flag_share", "<=", 0.05, "median share of a campaign's requests before first flag <= 5 %"),
)


# -- reading --------------------------------------------------------------------------------


def _ts_ms(v: Any) -> int | None:
    if v is None or v == "":
        return None
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, float):
        return int(v)
    if hasattr(v, "timestamp"):
        return int(round(v.timestamp() * 1000))
    from distillguard.events.readers import parse_ts

    return parse_ts(str(v))[0]


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as fh:  # type: ignore[operator]
        return [orjson.loads(line) for line in fh if line.strip()]


def _rows(x: pa.Table | Path | str) -> list[dict[str, Any]]:
    if isinstance(x, pa.Table):
        return x.to_pylist()
    p = Path(x)
    if not p.exists():
        raise DistillguardError(f"no such file: {p}")
    if p.suffix in (".parquet", ".pq"):
        return pq.read_table(p).to_pylist()
    return _read_jsonl(p)


def _events_table(events: Path | pa.Table | str) -> tuple[np.ndarray, np.ndarray]:
    """(account_id, ts epoch ms) arrays of an events file or table."""
    if isinstance(events, pa.Table):
        t = events.select(["account_id", "ts"])
    else:
        p = Path(events)
        if p.suffix in (".parquet", ".pq"):
            t = pq.read_table(p, columns=["account_id", "ts"])
        else:
            rows = _read_jsonl(p)
            return (np.array([r["account_id"] for r in rows], dtype=object),
                    np.array([_ts_ms(r["ts"]) for r in rows], dtype=np.int64))
    ts = t.column("ts")
    if pa.types.is_timestamp(ts.type):
        ms = pc.cast(pc.cast(ts, pa.timestamp("ms", tz="UTC")), pa.int64()).to_numpy(zero_copy_only=False)
    elif pa.types.is_integer(ts.type):
        ms = ts.to_numpy(zero_copy_only=False).astype(np.int64)
    else:
        ms = np.array([_ts_ms(v) for v in ts.to_pylist()], dtype=np.int64)
    return np.array(t.column("account_id").to_pylist(), dtype=object), ms


# -- the report -----------------------------------------------------------------------------


@dataclass
class EvalReport:
    """Metrics of one evaluation; :meth:`to_dict` is JSON-able, :meth:`render` prints Rich tables."""

    scenarios: list[dict[str, Any]]
    overall: dict[str, Any]
    campaigns: list[dict[str, Any]]
    bar: list[dict[str, Any]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Every line of the bar passes."""
        return all(b["passed"] for b in self.bar)

    def to_dict(self) -> dict[str, Any]:
        return {"overall": self.overall, "scenarios": self.scenarios, "campaigns": self.campaigns, "bar": self.bar,
                "passed": self.passed}

    def render(self, console: Any) -> None:
        from rich.markup import escape
        from rich.table import Table

        def pct(v: float | None) -> str:
            return "-" if v is None else f"{100 * v:.1f} %"

        def num(v: float | None) -> str:
            return "-" if v is None else f"{v:.3f}"

        t = Table(title="Per scenario")
        for c in ("scenario", "label", "accounts", "flagged", "rate"):
            t.add_column(c, justify="left" if c in ("scenario", "label") else "right")
        for s in self.scenarios:
            t.add_row(escape(s["scenario"]), s["label"] + (" (hard negative)" if s.get("hard_negative") else ""), str(s["accounts"]),
                      str(s["flagged"]), pct(s["rate"]))
        console.print(t)
        o = self.overall
        console.print(
            f"precision [bold]{num(o['precision'])}[/bold]  recall [bold]{num(o['recall'])}[/bold]  "
            f"honest flagged [bold]{pct(o['honest_flagged_share'])}[/bold] ({o['honest_flagged']}/{o['honest_accounts']})  "
            f"hard negatives flagged [bold]{pct(o['hard_negative_flagged_share'])}[/bold] ({o['hard_negative_flagged']}/{o['hard_negative_accounts']})"
        )
        t = Table(title="Per campaign")
        for c in ("campaign", "members", "flagged", "before flag", "found as", "coverage", "purity", "capability named"):
            t.add_column(c, justify="left" if c in ("campaign", "found as", "capability named") else "right", overflow="fold")
        for c in self.campaigns:
            cap = ("yes " if c["capability_named"] else "no ") + f"({c['expected_capability']})"
            t.add_row(escape(c["campaign"]), str(c["members"]), str(c["members_flagged"]),
                      pct(c["before_flag_share"]), escape(c["best_found_campaign"] or "-"), pct(c["coverage"]), pct(c["purity"]), cap)
        console.print(t)
        t = Table(title="The bar (issue 3)")
        t.add_column("requirement")
        t.add_column("value", justify="right")
        t.add_column("result")
        for b in self.bar:
            v = b["value"]
            t.add_row(b["requirement"], "-" if v is None else f"{v:.4f}", "[green]pass[/green]" if b["passed"] else "[red]FAIL[/red]")
        console.print(t)


def _hard_negatives_beside(labels: pa.Table | Path | str) -> tuple[str, ...] | None:
    if isinstance(labels, pa.Table):
        return None
    p = Path(labels).parent / "scenario.toml"
    if not p.exists():
        return None
    import tomllib

    try:
        hn = tomllib.loads(p.read_text("utf-8")).get("hard_negatives")
    except tomllib.TOMLDecodeError:
        return None
    return tuple(hn) if hn is not None else None


def evaluate(labels: pa.Table | Path | str, accounts_findings: Path | str, campaigns_findings: Path | str,
             events: Path | pa.Table | str | None, *, hard_negatives: Sequence[str] | None = None) -> EvalReport:
    """Compare a scan's findings with the labels.

    Parameters
    ----------
    labels
        Labels table or file (JSON Lines or Parquet; fields per ``EVENTS.md``, plus an optional
        ``capability``).
    accounts_findings, campaigns_findings
        The scan's ``accounts.jsonl`` and ``campaigns.jsonl`` (``FINDINGS.md``); a missing
        campaigns file means no campaigns were found.
    events
        The labelled events (for the share of requests before the first flag); ``None`` leaves
        that metric out (``None`` in the report).
    hard_negatives
        Label scenarios counted as hard negatives; default: ``hard_negatives`` of a
        ``scenario.toml`` beside the labels file, else :data:`DEFAULT_HARD_NEGATIVES`.

    Examples
    --------
    >>> import pyarrow as pa, tempfile, orjson
    >>> d = Path(tempfile.mkdtemp())
    >>> labels = pa.Table.from_pylist([{"account_id": "a", "label": "attack", "campaign": "c1", "scenario": "logit-extraction"},
    ...                                {"account_id": "b", "label": "benign", "campaign": "", "scenario": "chat-user"}])
    >>> _ = (d / "accounts.jsonl").write_bytes(orjson.dumps({"account_id": "a", "flagged": True, "flagged_at": None, "capabilities": ["logits"]}) + b"\\n")
    >>> r = evaluate(labels, d / "accounts.jsonl", d / "campaigns.jsonl", None)
    >>> r.overall["precision"], r.overall["recall"], r.campaigns[0]["capability_named"]
    (1.0, 1.0, True)
    """
    lab_rows = _rows(labels)
    if not lab_rows:
        raise DistillguardError("the labels are empty")
    hn = tuple(hard_negatives) if hard_negatives is not None else (_hard_negatives_beside(labels) or DEFAULT_HARD_NEGATIVES)
    acc_rows = {r["account_id"]: r for r in _read_jsonl(Path(accounts_findings))}
    camp_rows = _read_jsonl(Path(campaigns_findings))

    def is_flagged(a: str) -> bool:
        r = acc_rows.get(a)
        return bool(r and r.get("flagged"))

    # per scenario
    by_s: dict[tuple[str, str], list[str]] = {}
    for r in lab_rows:
        by_s.setdefault((str(r.get("scenario") or ""), str(r["label"])), []).append(r["account_id"])
    scenarios = []
    for (s, lab), accts in sorted(by_s.items(), key=lambda kv: (kv[0][1] == "attack", kv[0][0])):
        f = sum(is_flagged(a) for a in accts)
        scenarios.append({"scenario": s, "label": lab, "accounts": len(accts), "flagged": f, "rate": f / len(accts),
                          "hard_negative": lab == "benign" and s in hn})

    # overall
    attack = [r["account_id"] for r in lab_rows if r["label"] == "attack"]
    benign = [r for r in lab_rows if r["label"] != "attack"]
    tp = sum(is_flagged(a) for a in attack)
    fp = sum(is_flagged(r["account_id"]) for r in benign)
    hard = [r["account_id"] for r in benign if r.get("scenario") in hn]
    hard_fp = sum(is_flagged(a) for a in hard)
    overall: dict[str, Any] = {
        "accounts": len(lab_rows), "flagged": tp + fp, "attack_accounts": len(attack), "attack_flagged": tp,
        "precision": tp / (tp + fp) if tp + fp else None, "recall": tp / len(attack) if attack else None,
        "honest_accounts": len(benign), "honest_flagged": fp, "honest_flagged_share": fp / len(benign) if benign else None,
        "hard_negative_accounts": len(hard), "hard_negative_flagged": hard_fp,
        "hard_negative_flagged_share": hard_fp / len(hard) if hard else None, "hard_negative_scenarios": list(hn),
    }

    # per campaign
    members: dict[str, list[dict[str, Any]]] = {}
    for r in lab_rows:
        if r["label"] == "attack":
            members.setdefault(str(r.get("campaign") or f"(no campaign) {r.get('scenario')}"), []).append(r)
    ev_acct = ev_ts = None
    if events is not None and members:
        ev_acct, ev_ts = _events_table(events)
    campaigns = []
    for cid, rows in sorted(members.items()):
        ids = [r["account_id"] for r in rows]
        idset = set(ids)
        flagged_at = [_ts_ms(acc_rows[a].get("flagged_at")) for a in ids if is_flagged(a)]
        first = min((t for t in flagged_at if t is not None), default=None)
        n_flag = sum(is_flagged(a) for a in ids)
        before: float | None = None
        n_req: int | None = None
        if ev_acct is not None and ev_ts is not None:
            start = {r["account_id"]: _ts_ms(r.get("attack_start")) for r in rows}
            mask = np.isin(ev_acct, ids)
            a_, t_ = ev_acct[mask], ev_ts[mask]
            lo = np.array([start[a] if start[a] is not None else np.iinfo(np.int64).min for a in a_], dtype=np.int64)
            keep = t_ >= lo
            n_req = int(keep.sum())
            if n_flag == 0 or first is None:
                before = 1.0 if n_flag == 0 else None
            else:
                before = float((t_[keep] < first).sum() / n_req) if n_req else 0.0
        best, best_key = None, (0, 0.0, "")
        for c in camp_rows:
            acc = [str(x) for x in c.get("accounts") or []]
            ov = len(idset.intersection(acc))
            if ov == 0:
                continue
            key = (ov, ov / len(acc), str(c.get("campaign")))
            if best is None or key[:2] > best_key[:2] or (key[:2] == best_key[:2] and key[2] < best_key[2]):
                best, best_key = c, key
        scen = str(rows[0].get("scenario") or "")
        expected = rows[0].get("capability") or SCENARIO_CAPABILITY.get(scen)
        if best is not None:
            named_caps = set(best.get("capabilities") or [])
        else:
            named_caps = {cap for a in ids if is_flagged(a) for cap in (acc_rows[a].get("capabilities") or [])}
        campaigns.append({
            "campaign": cid, "scenario": scen, "members": len(ids), "members_flagged": n_flag, "detected": n_flag > 0,
            "requests": n_req, "first_flagged_at": first, "before_flag_share": before,
            "best_found_campaign": best.get("campaign") if best is not None else None,
            "coverage": best_key[0] / len(ids) if best is not None else 0.0,
            "purity": best_key[1] if best is not None else None,
            "expected_capability": expected, "capability_named": bool(expected and expected in named_caps),
        })
    overall["campaigns"] = len(campaigns)
    overall["campaigns_detected"] = sum(c["detected"] for c in campaigns)
    overall["campaigns_detected_share"] = overall["campaigns_detected"] / len(campaigns) if campaigns else None
    shares = [c["before_flag_share"] for c in campaigns if c["before_flag_share"] is not None]
    overall["median_before_flag_share"] = statistics.median(shares) if shares else None
    return EvalReport(scenarios=scenarios, overall=overall, campaigns=campaigns, bar=_bar(overall))


def _bar(overall: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for key, op, thr, words in BAR:
        v = overall.get(key)
        ok = v is not None and (v >= thr if op == ">=" else v <= thr)
        out.append({"requirement": words, "metric": key, "threshold": thr, "value": v, "passed": bool(ok)})
    return out
