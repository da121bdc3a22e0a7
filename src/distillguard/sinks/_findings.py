"""Read a findings directory back (``accounts.jsonl``, ``campaigns.jsonl``, ``summary.json``,
``rejects.jsonl``) for the report, the exports and the evidence bundle.

A line that is not a JSON object, or lacks a field the contract (``shared/FINDINGS.md``) requires,
is kept aside as a :class:`BadLine` naming file, line and field; the rest is read.  A directory
where nothing usable was read raises :class:`~distillguard.errors.DistillguardError`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from distillguard.errors import DistillguardError, Location

__all__ = ["BadLine", "Findings", "load_findings"]

_ACCOUNT_FIELDS = {"account_id": str, "risk": (int, float), "flagged": bool}
_CAMPAIGN_FIELDS = {"campaign": str, "accounts": list, "risk": (int, float)}
#: rejects kept in memory for the report (the count is exact)
MAX_REJECTS_KEPT = 200


@dataclass(frozen=True)
class BadLine:
    """A findings line that could not be used, and where it is."""

    location: Location
    reason: str

    def __str__(self) -> str:
        return f"{self.location}: {self.reason}"


@dataclass
class Findings:
    """One scan's findings, as read from its directory."""

    root: Path
    accounts: list[dict[str, Any]]
    campaigns: list[dict[str, Any]]
    summary: dict[str, Any]
    rejects: list[dict[str, Any]] = field(default_factory=list)
    rejects_total: int = 0
    bad_lines: list[BadLine] = field(default_factory=list)

    @property
    def threshold(self) -> float:
        return float(self.summary.get("alert_threshold", 0.7))

    @property
    def flagged(self) -> list[dict[str, Any]]:
        return [a for a in self.accounts if a.get("flagged")]

    @property
    def store_path(self) -> Path:
        return self.root / "scan.duckdb"

    def account(self, account_id: str) -> dict[str, Any] | None:
        return self._by_id().get(account_id)

    def campaign(self, campaign_id: str) -> dict[str, Any] | None:
        for c in self.campaigns:
            if c["campaign"] == campaign_id:
                return c
        return None

    def _by_id(self) -> dict[str, dict[str, Any]]:
        idx = self.__dict__.get("_index")
        if idx is None:
            idx = {a["account_id"]: a for a in self.accounts}
            self.__dict__["_index"] = idx
        return idx


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with path.open("rb") as fh:
        for n, line in enumerate(fh, start=1):
            if line.strip():
                yield n, line


def _rows(path: Path, required: dict[str, Any], bad: list[BadLine]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if not path.is_file():
        return rows
    for n, line in _lines(path):
        try:
            row = orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            bad.append(BadLine(Location(str(path), n), f"not JSON: {exc}"))
            continue
        if not isinstance(row, dict):
            bad.append(BadLine(Location(str(path), n), "not a JSON object"))
            continue
        missing = next((k for k, t in required.items() if not isinstance(row.get(k), t) or (t is str and not row.get(k))), None)
        if missing is not None:
            bad.append(BadLine(Location(str(path), n, missing), f"missing or wrong type (want {_tname(required[missing])})"))
            continue
        rows.append(row)
    return rows


def _tname(t: Any) -> str:
    return "number" if isinstance(t, tuple) else {str: "string", list: "list", bool: "boolean"}.get(t, str(t))


def load_findings(root: str | Path) -> Findings:
    """Read the findings directory ``root`` (see the module docstring)."""
    d = Path(root)
    if not d.is_dir():
        raise DistillguardError("not a findings directory (no such directory)", source=Location(str(d)))
    bad: list[BadLine] = []
    accounts = _rows(d / "accounts.jsonl", _ACCOUNT_FIELDS, bad)
    campaigns = _rows(d / "campaigns.jsonl", _CAMPAIGN_FIELDS, bad)
    summary: dict[str, Any] = {}
    sp = d / "summary.json"
    if sp.is_file():
        try:
            loaded = orjson.loads(sp.read_bytes())
            if isinstance(loaded, dict):
                summary = loaded
            else:
                bad.append(BadLine(Location(str(sp)), "not a JSON object"))
        except orjson.JSONDecodeError as exc:
            bad.append(BadLine(Location(str(sp)), f"not JSON: {exc}"))
    rejects: list[dict[str, Any]] = []
    total = 0
    rp = d / "rejects.jsonl"
    if rp.is_file():
        for n, line in _lines(rp):
            total += 1
            if len(rejects) < MAX_REJECTS_KEPT:
                try:
                    r = orjson.loads(line)
                except orjson.JSONDecodeError:
                    r = {"file": str(rp), "line": n, "field": None, "reason": "unreadable reject record"}
                if isinstance(r, dict):
                    rejects.append(r)
    if not accounts:
        why = "; ".join(str(b) for b in bad[:3]) or "accounts.jsonl is missing or empty"
        raise DistillguardError(f"no usable findings: {why}", source=Location(str(d)))
    return Findings(d, accounts, campaigns, summary, rejects, total, bad)
