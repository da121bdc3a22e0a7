"""The evidence bundle: what it holds, and that any tampering is found and the file named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from distillguard.cli import app
from distillguard.errors import DistillguardError
from distillguard.sinks._findings import load_findings
from distillguard.sinks.evidence import verify_bundle, write_bundle

from .conftest import HOSTILE_IDS, HostileScan


@pytest.fixture(scope="module")
def bundle(hostile_scan: HostileScan, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("bundle") / "b"
    result = CliRunner().invoke(app, ["evidence", str(hostile_scan.out), hostile_scan.campaign, "--out", str(out)])
    assert result.exit_code == 0, result.output
    digest = json.dumps(result.output).split("manifest SHA-256: ")[1][:64]
    return out, digest


def test_bundle_holds_the_campaigns_requests_findings_report_and_versions(bundle: tuple[Path, str], hostile_scan: HostileScan) -> None:
    out, digest = bundle
    f = load_findings(hostile_scan.out)
    camp = f.campaign(hostile_scan.campaign)
    req = pq.read_table(out / "requests.parquet")
    assert set(req.column("account_id").to_pylist()) == set(camp["accounts"])
    assert req.num_rows == camp["events"] == sum(f.account(a)["events"] for a in camp["accounts"])
    assert "prompt" in req.column_names and "user_agent" in req.column_names
    assert json.loads((out / "campaign.json").read_text()) == camp
    rows = [json.loads(line) for line in (out / "accounts.jsonl").open()]
    assert sorted(r["account_id"] for r in rows) == sorted(camp["accounts"]) and set(HOSTILE_IDS) <= {r["account_id"] for r in rows}
    html = (out / "report.html").read_text()
    assert hostile_scan.campaign in html and html.count('<article class="campaign"') == 1
    versions = json.loads((out / "versions.json").read_text())
    assert {"distillguard", "duckdb", "pyarrow"} <= set(versions["packages"])
    cfg = json.loads((out / "configuration.json").read_text())
    assert {"key": "scoring.alert_threshold", "value": 0.7, "source": "default"} in cfg["settings"]
    manifest = json.loads((out / "MANIFEST.json").read_text())
    assert sorted(e["path"] for e in manifest["files"]) == sorted(
        ["requests.parquet", "campaign.json", "accounts.jsonl", "report.html", "scan.json", "configuration.json", "versions.json"])
    assert (out / "MANIFEST.sha256").read_text().split()[0] == digest
    check = verify_bundle(out, expected=digest)
    assert check.ok and check.manifest_sha256 == digest


def _tampered(bundle: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(bundle, copy)
    return copy


@pytest.mark.parametrize("how, named", [
    ("change", "changed: accounts.jsonl"),
    ("add", "added: notes/extra.txt"),
    ("remove", "removed: requests.parquet"),
    ("manifest", "MANIFEST.json was changed"),
])
def test_verify_names_the_file_added_removed_or_changed(bundle: tuple[Path, str], tmp_path: Path, how: str, named: str) -> None:
    out = _tampered(bundle[0], tmp_path)
    if how == "change":
        p = out / "accounts.jsonl"
        p.write_bytes(p.read_bytes().replace(b'"flagged":true', b'"flagged":false', 1))
    elif how == "add":
        (out / "notes").mkdir()
        (out / "notes" / "extra.txt").write_text("planted")
    elif how == "remove":
        (out / "requests.parquet").unlink()
    else:
        m = json.loads((out / "MANIFEST.json").read_text())
        m["files"] = [e for e in m["files"] if e["path"] != "report.html"]
        (out / "MANIFEST.json").write_text(json.dumps(m))
    check = verify_bundle(out)
    assert not check.ok
    assert any(named in line for line in check.lines()), check.lines()
    result = CliRunner().invoke(app, ["verify", str(out)])
    assert result.exit_code == 1 and named in " ".join(result.output.split())


def test_a_rewritten_manifest_fails_against_the_recorded_hash(bundle: tuple[Path, str], tmp_path: Path) -> None:
    """Someone who edits a file and rewrites both manifest files passes the self-check, but not
    the hash recorded when the bundle was made."""
    import hashlib

    out = _tampered(bundle[0], tmp_path)
    (out / "campaign.json").write_text("{}")
    m = json.loads((out / "MANIFEST.json").read_text())
    for e in m["files"]:
        if e["path"] == "campaign.json":
            e["sha256"] = hashlib.sha256(b"{}").hexdigest()
    (out / "MANIFEST.json").write_text(json.dumps(m))
    (out / "MANIFEST.sha256").write_text(hashlib.sha256((out / "MANIFEST.json").read_bytes()).hexdigest() + "  MANIFEST.json\n")
    assert verify_bundle(out).ok
    check = verify_bundle(out, expected=bundle[1])
    assert not check.ok and "not the one recorded" in check.lines()[0]


def test_bundle_refuses_an_unknown_campaign_or_a_used_directory(hostile_scan: HostileScan, tmp_path: Path) -> None:
    with pytest.raises(DistillguardError, match="no campaign 'c-nope'"):
        write_bundle(hostile_scan.out, "c-nope", tmp_path / "x")
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "f").write_text("x")
    with pytest.raises(DistillguardError, match="new or empty"):
        write_bundle(hostile_scan.out, hostile_scan.campaign, tmp_path / "used")
