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

Issue 14 adds:

- A member whose label lists ``attack_end_users`` (``attack_api_keys``) is an otherwise honest
  account that a campaign harvests through: only its events from those end users (keys) are the
  campaign's requests.
- *ROC-AUC* of account risk (``risk`` of ``accounts.jsonl``; 0 for an account it does not list):
  attack against honest accounts overall; per scenario row, an attack scenario's accounts against
  every honest account, or every attack account against an honest population.
- *Recall at 0.1 % honest flagged*: the share of attack accounts whose risk is above the
  threshold that flags at most 0.1 % of honest accounts (:func:`recall_at_honest_rate`), whatever
  threshold the scan used; per attack scenario at the same threshold.
- *End users*: an end user is *named* when it is listed in the ``end_users`` of a flagged row
  (and, where the entry says ``flagged``, that is true).  Precision = named harvesting end users /
  named end users, counting only accounts labelled benign or carrying ``attack_end_users``;
  recall = named harvesting end users / labelled ones.  ``None`` ("n/a") when no row of the
  findings has an ``end_users`` field or no label names an end user.
- *Waves* (labels' ``wave``): per wave, its members' requests before the wave's first flag
  (earliest ``flagged_at`` of its members); waves in order of their first request, every wave
  after the first *returning*.  *Member exposure*: per member, the share of its own campaign
  requests before its own ``flagged_at`` (1.0 never flagged), the median over members.
- :data:`AIMS`, issue 14's targets, reported beside issue 3's bar (which alone decides ``passed``).
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
from distillguard.evaluate._ranking import recall_at_honest_rate, roc_auc

__all__ = ["AIMS", "BAR", "DEFAULT_HARD_NEGATIVES", "EvalReport", "HONEST_RATE", "SCENARIO_CAPABILITY", "evaluate"]

#: the capability a scan should name for each attack scenario, where the labels have no
#: ``capability`` column (the simulator writes one for every attack account; a hydra's says which
#: of ``alignment-behaviour`` / ``reasoning-traces`` it harvests)
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
#: issue 14's aims, in the same shape (reported, not part of ``passed``)
AIMS: tuple[tuple[str, str, float, str], ...] = (
    ("precision", ">=", 0.97, "precision >= 0.97"),
    ("recall", ">=", 0.95, "recall >= 0.95"),
    ("campaigns_detected_share", ">=", 1.0, "every campaign detected"),
    ("honest_flagged_share", "<=", 0.001, "honest accounts flagged <= 0.1 %"),
    ("hard_negative_flagged_share", "<=", 0.005, "hard negatives flagged <= 0.5 %"),
    ("median_before_flag_share", "<=", 0.02, "median share of a campaign's requests before first flag <= 2 %"),
    ("returning_wave_before_flag_max", "<=", 0.01, "every returning wave flagged within its first 1 % of requests"),
    ("end_user_recall", ">=", 0.9, "end-user recall >= 0.9"),
)
#: the honest flag rate at which recall is read off the risk ranking
HONEST_RATE = 0.001


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


_EVENT_COLS = ("account_id", "ts", "end_user", "api_key_id")


def _events_table(events: Path | pa.Table | str) -> dict[str, np.ndarray]:
    """``account_id``, ``ts`` (epoch ms) and, where the log has them, ``end_user`` and
    ``api_key_id`` columns of an events file or table."""
    if isinstance(events, pa.Table):
        t = events.select([c for c in _EVENT_COLS if c in events.column_names])
    else:
        p = Path(events)
        if p.suffix in (".parquet", ".pq"):
            names = pq.ParquetFile(p).schema_arrow.names
            t = pq.read_table(p, columns=[c for c in _EVENT_COLS if c in names])
        else:
            rows = _read_jsonl(p)
            out = {"account_id": np.array([r["account_id"] for r in rows], dtype=object),
                   "ts": np.array([_ts_ms(r["ts"]) for r in rows], dtype=np.int64)}
            for c in ("end_user", "api_key_id"):
                if any(r.get(c) is not None for r in rows):
                    out[c] = np.array([r.get(c) for r in rows], dtype=object)
            return out
    ts = t.column("ts")
    if pa.types.is_timestamp(ts.type):
        ms = pc.cast(pc.cast(ts, pa.timestamp("ms", tz="UTC")), pa.int64()).to_numpy(zero_copy_only=False)
    elif pa.types.is_integer(ts.type):
        ms = ts.to_numpy(zero_copy_only=False).astype(np.int64)
    else:
        ms = np.array([_ts_ms(v) for v in ts.to_pylist()], dtype=np.int64)
    out = {"account_id": np.array(t.column("account_id").to_pylist(), dtype=object), "ts": ms}
    for c in ("end_user", "api_key_id"):
        if c in t.column_names and t.column(c).null_count < t.num_rows:
            out[c] = np.array(t.column(c).to_pylist(), dtype=object)
    return out


# -- the report -----------------------------------------------------------------------------


@dataclass
class EvalReport:
    """Metrics of one evaluation; :meth:`to_dict` is JSON-able, :meth:`render` prints Rich tables."""

    scenarios: list[dict[str, Any]]
    overall: dict[str, Any]
    campaigns: list[dict[str, Any]]
    bar: list[dict[str, Any]] = field(default_factory=list)
    aims: list[dict[str, Any]] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Every line of the bar (issue 3) passes."""
        return all(b["passed"] for b in self.bar)

    def to_dict(self) -> dict[str, Any]:
        return {"overall": self.overall, "scenarios": self.scenarios, "campaigns": self.campaigns, "bar": self.bar,
                "aims": self.aims, "passed": self.passed}

    def render(self, console: Any) -> None:
        from rich.markup import escape
        from rich.table import Table

        def pct(v: float | None) -> str:
            return "-" if v is None else f"{100 * v:.1f} %"

        def num(v: float | None) -> str:
            return "-" if v is None else f"{v:.3f}"

        t = Table(title="Per scenario")
        for c in ("scenario", "label", "accounts", "flagged", "rate", "ROC-AUC"):
            t.add_column(c, justify="left" if c in ("scenario", "label") else "right")
        for s in self.scenarios:
            t.add_row(escape(s["scenario"]), s["label"] + (" (hard negative)" if s.get("hard_negative") else ""), str(s["accounts"]),
                      str(s["flagged"]), pct(s["rate"]), num(s.get("roc_auc")))
        console.print(t)
        o = self.overall
        console.print(
            f"precision [bold]{num(o['precision'])}[/bold]  recall [bold]{num(o['recall'])}[/bold]  "
            f"honest flagged [bold]{pct(o['honest_flagged_share'])}[/bold] ({o['honest_flagged']}/{o['honest_accounts']})  "
            f"hard negatives flagged [bold]{pct(o['hard_negative_flagged_share'])}[/bold] ({o['hard_negative_flagged']}/{o['hard_negative_accounts']})"
        )
        console.print(
            f"ROC-AUC [bold]{num(o.get('roc_auc'))}[/bold]  recall at {100 * HONEST_RATE:g} % honest flagged "
            f"[bold]{num(o.get('recall_at_honest_rate'))}[/bold]  end-user precision [bold]{num(o.get('end_user_precision'))}[/bold]  "
            f"end-user recall [bold]{num(o.get('end_user_recall'))}[/bold]" + (f" ({escape(o['end_user_note'])})" if o.get("end_user_note") else "")
        )
        t = Table(title="Per campaign")
        for c in ("campaign", "members", "flagged", "before flag", "member median", "found as", "coverage", "purity", "capability named"):
            t.add_column(c, justify="left" if c in ("campaign", "found as", "capability named") else "right", overflow="fold")
        for c in self.campaigns:
            cap = ("yes " if c["capability_named"] else "no ") + f"({c['expected_capability']})"
            t.add_row(escape(c["campaign"]), str(c["members"]), str(c["members_flagged"]), pct(c["before_flag_share"]),
                      pct(c.get("member_before_flag_median")), escape(c["best_found_campaign"] or "-"), pct(c["coverage"]), pct(c["purity"]), cap)
        console.print(t)
        waves = [(c["campaign"], w) for c in self.campaigns for w in c.get("waves") or []]
        if waves:
            t = Table(title="Per wave (requests before the wave's first flag)")
            for col in ("campaign", "wave", "returning", "members", "flagged", "requests", "before flag"):
                t.add_column(col, justify="left" if col in ("campaign", "wave", "returning") else "right")
            for cid, w in waves:
                t.add_row(escape(cid), escape(w["wave"]), "yes" if w["returning"] else "no", str(w["members"]), str(w["members_flagged"]),
                          "-" if w["requests"] is None else str(w["requests"]), pct(w["before_flag_share"]))
            console.print(t)
        for title, rows in (("The bar (issue 3)", self.bar), ("The aims (issue 14)", self.aims)):
            if not rows:
                continue
            t = Table(title=title)
            t.add_column("requirement")
            t.add_column("value", justify="right")
            t.add_column("result")
            for b in rows:
                v = b["value"]
                t.add_row(b["requirement"], "n/a" if v is None else f"{v:.4f}", "[green]pass[/green]" if b["passed"] else "[red]FAIL[/red]")
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


def _names(v: Any) -> set[str]:
    return {str(x) for x in v} if isinstance(v, (list, tuple)) else set()


def evaluate(labels: pa.Table | Path | str, accounts_findings: Path | str, campaigns_findings: Path | str,
             events: Path | pa.Table | str | None, *, hard_negatives: Sequence[str] | None = None,
             honest_rate: float = HONEST_RATE) -> EvalReport:
    """Compare a scan's findings with the labels.

    Parameters
    ----------
    labels
        Labels table or file (JSON Lines or Parquet; fields per ``EVENTS.md``, plus the optional
        ``capability``, ``wave``, ``banned_at``, ``attack_end_users``, ``attack_api_keys``).
    accounts_findings, campaigns_findings
        The scan's ``accounts.jsonl`` and ``campaigns.jsonl`` (``FINDINGS.md``); a missing
        campaigns file means no campaigns were found.
    events
        The labelled events (for the share of requests before the first flag); ``None`` leaves
        that metric out (``None`` in the report).
    hard_negatives
        Label scenarios counted as hard negatives; default: ``hard_negatives`` of a
        ``scenario.toml`` beside the labels file, else :data:`DEFAULT_HARD_NEGATIVES`.
    honest_rate
        The share of honest accounts flagged at which recall is read off the risk ranking.

    Examples
    --------
    >>> import pyarrow as pa, tempfile, orjson
    >>> d = Path(tempfile.mkdtemp())
    >>> labels = pa.Table.from_pylist([{"account_id": "a", "label": "attack", "campaign": "c1", "scenario": "logit-extraction"},
    ...                                {"account_id": "b", "label": "benign", "campaign": "", "scenario": "chat-user"}])
    >>> _ = (d / "accounts.jsonl").write_bytes(orjson.dumps({"account_id": "a", "risk": 0.9, "flagged": True, "flagged_at": None, "capabilities": ["logits"]}) + b"\\n")
    >>> r = evaluate(labels, d / "accounts.jsonl", d / "campaigns.jsonl", None)
    >>> r.overall["precision"], r.overall["recall"], r.overall["roc_auc"], r.campaigns[0]["capability_named"]
    (1.0, 1.0, 1.0, True)
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

    def risk(a: str) -> float:
        r = acc_rows.get(a)
        v = r.get("risk") if r else None
        return float(v) if isinstance(v, (int, float)) and np.isfinite(v) else 0.0

    attack = [r["account_id"] for r in lab_rows if r["label"] == "attack"]
    benign = [r for r in lab_rows if r["label"] != "attack"]
    risk_att = np.array([risk(a) for a in attack], dtype=float)
    risk_ben = np.array([risk(r["account_id"]) for r in benign], dtype=float)
    recall_rate, thr_rate = recall_at_honest_rate(risk_att, risk_ben, honest_rate)

    # per scenario
    by_s: dict[tuple[str, str], list[str]] = {}
    for r in lab_rows:
        by_s.setdefault((str(r.get("scenario") or ""), str(r["label"])), []).append(r["account_id"])
    scenarios = []
    for (s, lab), accts in sorted(by_s.items(), key=lambda kv: (kv[0][1] == "attack", kv[0][0])):
        f = sum(is_flagged(a) for a in accts)
        mine = np.array([risk(a) for a in accts], dtype=float)
        row: dict[str, Any] = {"scenario": s, "label": lab, "accounts": len(accts), "flagged": f, "rate": f / len(accts),
                               "hard_negative": lab == "benign" and s in hn,
                               "roc_auc": roc_auc(mine, risk_ben) if lab == "attack" else roc_auc(risk_att, mine)}
        if lab == "attack" and thr_rate is not None:
            row["recall_at_honest_rate"] = float((mine > thr_rate).mean())
        scenarios.append(row)

    # overall
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
        "roc_auc": roc_auc(risk_att, risk_ben), "honest_rate": honest_rate, "recall_at_honest_rate": recall_rate,
        "threshold_at_honest_rate": thr_rate,
    }
    overall.update(_end_user_metrics(lab_rows, acc_rows))

    # per campaign
    members: dict[str, list[dict[str, Any]]] = {}
    for r in lab_rows:
        if r["label"] == "attack":
            members.setdefault(str(r.get("campaign") or f"(no campaign) {r.get('scenario')}"), []).append(r)
    ev = _events_table(events) if events is not None and members else None
    flag_ts = {a: _ts_ms(acc_rows[a].get("flagged_at")) for a in acc_rows if is_flagged(a)}
    named = overall.pop("_named_pairs")
    campaigns = []
    for cid, rows in sorted(members.items()):
        ids = [r["account_id"] for r in rows]
        n_flag = sum(is_flagged(a) for a in ids)
        first = min((t for a in ids if (t := flag_ts.get(a)) is not None), default=None)
        req = _campaign_requests(ev, rows) if ev is not None else None
        row = {"campaign": cid, "scenario": str(rows[0].get("scenario") or ""), "members": len(ids), "members_flagged": n_flag,
               "detected": n_flag > 0, "requests": None if req is None else int(req[1].size), "first_flagged_at": first,
               "before_flag_share": None if req is None else _before(req[1], first, n_flag)}
        row.update(_best_found(rows, ids, camp_rows, acc_rows, is_flagged))
        if req is not None:
            row.update(_member_exposure(req, ids, flag_ts))
        waves = _waves(rows, req, flag_ts)
        if waves:
            row["waves"] = waves
        eu = {(r["account_id"], e) for r in rows for e in _names(r.get("attack_end_users"))}
        if eu:
            row["end_users"] = len(eu)
            row["end_users_named"] = len(eu & named) if named is not None else None
            row["end_user_recall"] = len(eu & named) / len(eu) if named is not None else None
        campaigns.append(row)
    overall["campaigns"] = len(campaigns)
    overall["campaigns_detected"] = sum(c["detected"] for c in campaigns)
    overall["campaigns_detected_share"] = overall["campaigns_detected"] / len(campaigns) if campaigns else None
    shares = [c["before_flag_share"] for c in campaigns if c["before_flag_share"] is not None]
    overall["median_before_flag_share"] = statistics.median(shares) if shares else None
    back = [w["before_flag_share"] for c in campaigns for w in c.get("waves") or [] if w["returning"] and w["before_flag_share"] is not None]
    overall["returning_waves"] = len(back)
    overall["returning_wave_before_flag_median"] = statistics.median(back) if back else None
    overall["returning_wave_before_flag_max"] = max(back) if back else None
    return EvalReport(scenarios=scenarios, overall=overall, campaigns=campaigns, bar=_bar(overall, BAR), aims=_bar(overall, AIMS))


# -- the pieces -----------------------------------------------------------------------------------


def _campaign_requests(ev: dict[str, np.ndarray], rows: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray]:
    """(account, ts) of a campaign's own requests: members' events from ``attack_start`` on, and
    only those of the harvesting end users / keys where the label names them."""
    ids = [r["account_id"] for r in rows]
    mask = np.isin(ev["account_id"], ids)
    a_, t_ = ev["account_id"][mask], ev["ts"][mask]
    keep = np.ones(a_.size, dtype=bool)
    lo = {r["account_id"]: _ts_ms(r.get("attack_start")) for r in rows}
    if any(v is not None for v in lo.values()):
        bound = np.array([lo[a] if lo[a] is not None else np.iinfo(np.int64).min for a in a_], dtype=np.int64)
        keep &= t_ >= bound
    for col, field_ in (("end_user", "attack_end_users"), ("api_key_id", "attack_api_keys")):
        only = {r["account_id"]: _names(r.get(field_)) for r in rows if r.get(field_)}
        if not only:
            continue
        vals = ev.get(col)
        sub = np.isin(a_, list(only))
        if vals is None:
            keep &= ~sub  # the log does not say which requests were the harvesters'
            continue
        v_ = vals[mask]
        ok = np.array([(a not in only) or (v in only[a]) for a, v in zip(a_, v_)], dtype=bool)
        keep &= ok
    return a_[keep], t_[keep]


def _before(ts: np.ndarray, first: int | None, n_flag: int) -> float | None:
    """Share of ``ts`` before ``first`` (1.0 never flagged; ``None`` flagged without a time)."""
    if n_flag == 0:
        return 1.0
    if first is None:
        return None
    return float((ts < first).sum() / ts.size) if ts.size else 0.0


def _member_exposure(req: tuple[np.ndarray, np.ndarray], ids: list[str], flag_ts: dict[str, int | None]) -> dict[str, Any]:
    """How much each member sent before it was itself flagged (not only before the campaign's first flag)."""
    a_, t_ = req
    order = np.argsort(a_, kind="stable")
    a_s, t_s = a_[order], t_[order]
    bounds = np.flatnonzero(np.r_[True, a_s[1:] != a_s[:-1], True]) if a_s.size else np.array([0])
    shares, counts = [], []
    for s, e in zip(bounds[:-1], bounds[1:]):
        a = a_s[s]
        ft = flag_ts.get(a)
        if a not in flag_ts:
            before = e - s
        elif ft is None:
            continue
        else:
            before = int((t_s[s:e] < ft).sum())
        shares.append(float(before) / int(e - s))
        counts.append(int(before))
    return {"member_before_flag_median": statistics.median(shares) if shares else None,
            "member_requests_before_flag_median": statistics.median(counts) if counts else None}


def _waves(rows: list[dict[str, Any]], req: tuple[np.ndarray, np.ndarray] | None, flag_ts: dict[str, int | None]) -> list[dict[str, Any]]:
    by: dict[str, list[str]] = {}
    for r in rows:
        if r.get("wave") not in (None, ""):
            by.setdefault(str(r["wave"]), []).append(r["account_id"])
    if not by:
        return []
    out = []
    for w, ids in by.items():
        n_flag = sum(1 for a in ids if a in flag_ts)
        first = min((t for a in ids if (t := flag_ts.get(a)) is not None), default=None)
        ts = req[1][np.isin(req[0], ids)] if req is not None else None
        out.append({"wave": w, "members": len(ids), "members_flagged": n_flag, "requests": None if ts is None else int(ts.size),
                    "first_request": int(ts.min()) if ts is not None and ts.size else None, "first_flagged_at": first,
                    "before_flag_share": None if ts is None else _before(ts, first, n_flag)})
    out.sort(key=lambda w: (w["first_request"] is None, w["first_request"] or 0, w["wave"]))
    for i, w in enumerate(out):
        w["returning"] = i > 0
    return out


def _best_found(rows: list[dict[str, Any]], ids: list[str], camp_rows: list[dict[str, Any]], acc_rows: dict[str, dict[str, Any]],
                is_flagged: Any) -> dict[str, Any]:
    idset = set(ids)
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
    return {"best_found_campaign": best.get("campaign") if best is not None else None,
            "coverage": best_key[0] / len(ids) if best is not None else 0.0,
            "purity": best_key[1] if best is not None else None,
            "expected_capability": expected, "capability_named": bool(expected and expected in named_caps)}


def _end_user_metrics(lab_rows: list[dict[str, Any]], acc_rows: dict[str, dict[str, Any]]) -> dict[str, Any]:
    truth = {(r["account_id"], e) for r in lab_rows for e in _names(r.get("attack_end_users"))}
    judged = {r["account_id"] for r in lab_rows if r["label"] != "attack" or r.get("attack_end_users")}
    if not any("end_users" in r for r in acc_rows.values()):
        return {"end_user_precision": None, "end_user_recall": None, "end_users_labelled": len(truth), "end_users_named": None,
                "end_user_note": "n/a: the findings carry no end_users", "_named_pairs": None}
    named: set[tuple[str, str]] = set()
    for a, r in acc_rows.items():
        if not r.get("flagged"):
            continue
        for e in r.get("end_users") or []:
            if isinstance(e, dict) and e.get("end_user") is not None and e.get("flagged", True):
                named.add((a, str(e["end_user"])))
    counted = {x for x in named if x[0] in judged}
    note = None if truth else "n/a: no label names a harvesting end user"
    return {"end_user_precision": len(counted & truth) / len(counted) if counted else None,
            "end_user_recall": len(named & truth) / len(truth) if truth else None,
            "end_users_labelled": len(truth), "end_users_named": len(counted), "end_user_note": note, "_named_pairs": named}


def _bar(overall: dict[str, Any], lines: tuple[tuple[str, str, float, str], ...] = BAR) -> list[dict[str, Any]]:
    out = []
    for key, op, thr, words in lines:
        v = overall.get(key)
        ok = v is not None and (v >= thr if op == ">=" else v <= thr)
        out.append({"requirement": words, "metric": key, "threshold": thr, "value": v, "passed": bool(ok)})
    return out
