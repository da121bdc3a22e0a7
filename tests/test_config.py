from __future__ import annotations

from pathlib import Path

import pytest

from distillguard.config import Config
from distillguard.errors import DistillguardError


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
    bad.write_text("[scoring]\nalert_treshold = 0.8\n")
    with pytest.raises(DistillguardError) as ei:
        Config.load(bad)
    assert "alert_treshold" in str(ei.value) and str(bad) in str(ei.value.source)
    with pytest.raises(DistillguardError, match="expects float"):
        Config.load(None, ["scoring.alert_threshold='high'"])
    with pytest.raises(DistillguardError, match="unknown detector"):
        Config.load(None, ["detectors.no-such-detector.weight=1.0"])
    with pytest.raises(DistillguardError, match="has no parameter"):
        Config.load(None, ["detectors.logprob-harvest.no_such_param=1"])


def test_every_setting_has_help() -> None:
    for key, _val, _src, help_ in Config().rows():
        assert help_.strip(), f"{key} has no help line"
