"""The evidence bundle of one campaign, and its verification.

``write_bundle(findings_dir, campaign, out)`` writes into ``out``:

================================  ===================================================================
``requests.parquet``              every request of the campaign's members, all columns, from the store
``campaign.json``                 the campaign's row of ``campaigns.jsonl``
``accounts.jsonl``                its members' rows of ``accounts.jsonl``
``report.html``                   the HTML report of this campaign alone
``scan.json``                     the scan's ``summary.json`` (threshold, detector weights, inputs)
``configuration.json``            every setting and detector parameter in force, and where it came from
``versions.json``                 Python, platform and the version of every installed package
``MANIFEST.json``                 path, size and SHA-256 of every file above
``MANIFEST.sha256``               SHA-256 of ``MANIFEST.json``
================================  ===================================================================

``verify_bundle(out)`` recomputes every hash and names each file added, removed or changed, and
whether the manifest itself was altered.  The manifest hash proves the bundle unchanged only as
far as it is kept apart from the bundle (printed by ``distillguard evidence``, pasted into the
case file); pass it as ``expected`` to check against it.
"""

from __future__ import annotations

import hashlib
import platform
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import orjson

from distillguard.errors import DistillguardError, Location
from distillguard.sinks._findings import load_findings
from distillguard.sinks._store import Store

__all__ = ["BundleCheck", "verify_bundle", "write_bundle"]

MANIFEST = "MANIFEST.json"
MANIFEST_HASH = "MANIFEST.sha256"
_JSON = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_SERIALIZE_NUMPY


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _versions() -> dict[str, Any]:
    pkgs = {}
    for d in metadata.distributions():
        name = d.metadata.get("Name")
        if name:
            pkgs[name.lower()] = d.version
    return {"python": sys.version.split()[0], "implementation": platform.python_implementation(), "platform": platform.platform(),
            "packages": dict(sorted(pkgs.items()))}


def _files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink())


def write_bundle(
    findings_dir: str | Path,
    campaign: str,
    out: str | Path,
    *,
    store: str | Path | None = None,
    configuration: list[tuple[str, Any, str, str]] | None = None,
) -> str:
    """Write the bundle of ``campaign`` into the empty or new directory ``out``; return the
    manifest's SHA-256.  ``configuration`` is ``Config.rows()`` of the configuration in force."""
    from distillguard.sinks.report import write_report

    f = load_findings(findings_dir)
    camp = f.campaign(campaign)
    if camp is None:
        known = ", ".join(c["campaign"] for c in f.campaigns[:10]) or "none"
        raise DistillguardError(f"no campaign {campaign!r} in the findings (campaigns: {known})", source=Location(str(f.root / "campaigns.jsonl")))
    dest = Path(out)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise DistillguardError("the bundle directory must be new or empty", source=Location(str(dest)))
    st = Store.open(store if store is not None else f.store_path)
    if st is None:
        raise DistillguardError("the scan's store is not there: a bundle needs the campaign's requests", source=Location(str(store or f.store_path)))
    dest.mkdir(parents=True, exist_ok=True)
    members = [str(a) for a in camp.get("accounts") or []]
    try:
        import pyarrow.parquet as pq

        writer = None
        rows = 0
        for batch in st.event_batches(accounts=members):
            if writer is None:
                writer = pq.ParquetWriter(dest / "requests.parquet", batch.schema, compression="zstd")
            writer.write_batch(batch)
            rows += batch.num_rows
        if writer is None:
            pq.write_table(st.events(accounts=[]), dest / "requests.parquet")
        else:
            writer.close()
        write_report(f.root, dest / "report.html", st, only_campaign=campaign)
    finally:
        st.close()
    by_id = {a["account_id"]: a for a in f.accounts}
    (dest / "campaign.json").write_bytes(orjson.dumps(camp, option=_JSON))
    with (dest / "accounts.jsonl").open("wb") as fh:
        for a in members:
            if a in by_id:
                fh.write(orjson.dumps(by_id[a], option=orjson.OPT_SORT_KEYS) + b"\n")
    (dest / "scan.json").write_bytes(orjson.dumps(f.summary, option=_JSON))
    cfg = [{"key": k, "value": v, "source": s} for k, v, s, _ in (configuration or [])]
    (dest / "configuration.json").write_bytes(orjson.dumps({"settings": cfg, "alert_threshold": f.threshold,
                                                            "detectors": f.summary.get("detectors", [])}, option=_JSON, default=str))
    (dest / "versions.json").write_bytes(orjson.dumps(_versions(), option=_JSON))
    entries = [{"path": p, "bytes": (dest / p).stat().st_size, "sha256": _sha256(dest / p)} for p in _files(dest)]
    manifest = {"campaign": campaign, "requests": rows, "accounts": len(members), "findings": str(f.root),
                "created_by": f"distillguard {_versions()['packages'].get('distillguard', 'unknown')}", "files": entries}
    (dest / MANIFEST).write_bytes(orjson.dumps(manifest, option=_JSON))
    digest = _sha256(dest / MANIFEST)
    (dest / MANIFEST_HASH).write_text(f"{digest}  {MANIFEST}\n", encoding="ascii")
    return digest


@dataclass
class BundleCheck:
    """What :func:`verify_bundle` found."""

    root: Path
    manifest_sha256: str | None = None
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.added or self.removed or self.changed or self.problems)

    def lines(self) -> list[str]:
        out = [f"added: {p}" for p in self.added] + [f"removed: {p}" for p in self.removed] + [f"changed: {p}" for p in self.changed]
        return self.problems + out


def verify_bundle(root: str | Path, *, expected: str | None = None) -> BundleCheck:
    """Check the bundle in ``root`` against its manifest (and the manifest against ``expected``,
    its SHA-256 as recorded when the bundle was made)."""
    d = Path(root)
    check = BundleCheck(d)
    mp = d / MANIFEST
    if not d.is_dir():
        check.problems.append(f"{d}: not a directory")
        return check
    if not mp.is_file():
        check.problems.append(f"{MANIFEST} is missing: not a bundle, or its manifest was removed")
        return check
    digest = _sha256(mp)
    check.manifest_sha256 = digest
    hp = d / MANIFEST_HASH
    recorded = hp.read_text(encoding="ascii", errors="replace").split()[0] if hp.is_file() and hp.read_text(errors="replace").strip() else None
    if recorded is None:
        check.problems.append(f"{MANIFEST_HASH} is missing")
    elif recorded != digest:
        check.problems.append(f"{MANIFEST} was changed: its SHA-256 is {digest}, {MANIFEST_HASH} says {recorded}")
    if expected is not None and expected.strip().lower() != digest:
        check.problems.append(f"{MANIFEST} is not the one recorded: its SHA-256 is {digest}, expected {expected.strip().lower()}")
    try:
        manifest = orjson.loads(mp.read_bytes())
        entries = {str(e["path"]): e for e in manifest["files"]}
    except (orjson.JSONDecodeError, KeyError, TypeError) as exc:
        check.problems.append(f"{MANIFEST} is unreadable: {exc}")
        return check
    present = set(_files(d)) - {MANIFEST, MANIFEST_HASH}
    check.removed = sorted(set(entries) - present)
    check.added = sorted(present - set(entries))
    for p in sorted(set(entries) & present):
        if (d / p).is_symlink() or _sha256(d / p) != entries[p].get("sha256"):
            check.changed.append(p)
    return check
