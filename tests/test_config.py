from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

import pytest

from distillguard.config import SETTINGS, Config
from distillguard.errors import DistillguardError

ROOT = Path(__file__).resolve().parents[1]


def test_precedence_default_file_then_set(tmp_path: Path) -> None:
    cfg_file = tmp_path / "distillguard.toml"
    cfg_file.write_text("[scoring]\nalert_threshold = 0.8\n[detectors.logprob-harvest]\nweight = 0.5\n")
    cfg = Config.load(cfg_file, ["scoring.alert_threshold=0.9"])
    assert cfg.get("scoring.alert_threshold") == 0.9
    assert cfg.source("scoring.alert_threshold") == "--set"
    assert cfg.detectors["logprob-harvest"]["weight"] == 0.5
    rows = {k: (v, src) for k, v, src, _ in cfg.rows()}
    assert rows["detectors.logprob-harvest.weight"] == (0.5, str(cfg_file))
    assert rows["scoring.evidence_per_account"][1] == "default"


def test_unknown_keys_and_wrong_types_are_located(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("# tuning\n[scoring]\nalert_threshold = 0.8\n\n[campaigns]\nmin_similarity = 0.3\nmin_simlarity = 0.3\n")
    with pytest.raises(DistillguardError) as ei:
        Config.load(bad)
    assert "min_simlarity" in str(ei.value) and ei.value.source is not None
    assert (ei.value.source.path, ei.value.source.line, ei.value.source.field) == (str(bad), 7, "campaigns.min_simlarity")
    bad.write_text("[detectors.logprob-harvest]\nmin_hits = 'many'\n")
    with pytest.raises(DistillguardError, match="expects an integer") as ei:
        Config.load(bad)
    assert ei.value.source is not None and ei.value.source.line == 2
    with pytest.raises(DistillguardError, match="expects a number"):
        Config.load(None, ["scoring.alert_threshold='high'"])
    with pytest.raises(DistillguardError, match="unknown detector"):
        Config.load(None, ["detectors.no-such-detector.weight=1.0"])
    with pytest.raises(DistillguardError, match="has no parameter"):
        Config.load(None, ["detectors.logprob-harvest.no_such_param=1"])
    with pytest.raises(DistillguardError, match="≤ 1"):
        Config.load(None, ["detectors.logprob-harvest.weight=3"])


def test_bad_set_values_are_one_line_errors() -> None:
    for item, reason in (("ingest.max_bad_fraction=abc", "expects a number, got 'abc'"), ("ingest.max_bad_fraction=2", "≤ 1"),
                         ("campaigns.min_members=two", "expects an integer"), ("campaigns.set_edges=1", "true or false"),
                         ("families.alpha=-0.1", "≥ 0")):
        with pytest.raises(DistillguardError) as ei:
            Config.load(None, [item])
        msg = str(ei.value)
        assert msg.startswith(f"--set {item}:") and reason in msg and "\n" not in msg, msg
    assert Config.load(None, ["ingest.max_bad_fraction=0.25"]).get("ingest.max_bad_fraction") == 0.25


def test_cli_prints_a_bad_set_in_one_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from distillguard.cli import app

    res = CliRunner().invoke(app, ["config", "show", "--set", "ingest.max_bad_fraction=abc"])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert "expects a number, got 'abc'" in " ".join(res.output.split())


def test_campaign_and_family_knobs_are_settings_the_scan_uses() -> None:
    from distillguard.scan import Scan
    from distillguard.scoring.settings import CampaignSettings, FamilySettings, knobs

    names = {s.name for s in SETTINGS}
    assert len(knobs(CampaignSettings)) >= 25 and len(knobs(FamilySettings)) == 8
    assert {f"campaigns.{n}" for n, _, _ in knobs(CampaignSettings)} <= names
    assert {f"families.{n}" for n, _, _ in knobs(FamilySettings)} <= names
    s = Scan(config=Config.load(None, ["campaigns.min_similarity=0.33", "families.min_co=5", "scoring.alert_threshold=0.8"])).campaign_settings()
    assert (s.min_similarity, s.families.min_co, s.alert_threshold) == (0.33, 5, 0.8)
    assert Scan().campaign_settings() == CampaignSettings()


def test_every_setting_has_help() -> None:
    for key, _val, _src, help_ in Config().rows():
        assert help_.strip(), f"{key} has no help line"


def _examples() -> list[tuple[str, str]]:
    """Every ```toml block and every ``--set KEY=VALUE`` in the README and the docs."""
    out = []
    for page in [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for m in re.finditer(r"```toml\n(.*?)```", text, flags=re.S):
            out.append((f"{page.name}: toml block at char {m.start()}", m.group(1)))
        for m in re.finditer(r"--set[ =]([A-Za-z_][\w.-]*=[^\s`'\")]+)", text):
            if "KEY=VALUE" not in m.group(1):
                out.append((f"{page.name}: --set {m.group(1)}", "--set " + m.group(1)))
    return out


EXAMPLES = _examples()


def test_the_docs_have_configuration_examples() -> None:
    assert any("README.md" in name and "toml" in name for name, _ in EXAMPLES)


@pytest.mark.parametrize(("where", "example"), EXAMPLES, ids=[w for w, _ in EXAMPLES])
def test_every_configuration_example_in_the_docs_loads(where: str, example: str, tmp_path: Path) -> None:
    if example.startswith("--set "):
        Config.load(None, [example.removeprefix("--set ")])
        return
    path = tmp_path / "distillguard.toml"
    path.write_text(example, encoding="utf-8")
    Config.load(path)


def test_plugins_registered_after_the_first_call_are_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package installed (an entry point appearing) after the registry was first read is found."""
    import importlib

    from distillguard.detectors import base

    before = base.registry()
    assert "late-plugin" not in before
    (tmp_path / "late_plugin_mod.py").write_text(textwrap.dedent('''
        from dataclasses import dataclass
        from typing import ClassVar
        import numpy as np
        from distillguard.detectors.base import AccountDetector, register

        @register
        @dataclass(frozen=True, kw_only=True)
        class LatePlugin(AccountDetector):
            """Scores nothing (a plug-in installed late)."""
            name: ClassVar[str] = "late-plugin"
            family: ClassVar[str] = "volume-cadence"
            def score_arrays(self, p, pop):
                return np.zeros(len(p["requests"]))
            def describe(self, row, pop, score):
                return "0 of 0"
    '''))
    dist = tmp_path / "late_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: late-plugin\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[distillguard.detectors]\nlate-plugin = late_plugin_mod\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    try:
        assert "late-plugin" in base.registry()
        assert "late-plugin" in dict(Config().rows() and {r[0].split(".")[1]: 1 for r in Config().rows() if r[0].startswith("detectors.")})
    finally:
        base._REGISTRY.pop("late-plugin", None)
        sys.modules.pop("late_plugin_mod", None)
