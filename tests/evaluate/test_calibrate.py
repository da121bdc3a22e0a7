"""`distillguard calibrate`: the weights and threshold fitted from labelled traffic (issue 14, item 8).

The fit is a pure function of (score matrix, labels), tested on matrices drawn from a known
noisy-OR; end to end, a calibration fitted on one simulated seed must not do worse than the
weights in force on another seed."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from distillguard.cli import app
from distillguard.config import Config
from distillguard.errors import DistillguardError
from distillguard.evaluate import evaluate
from distillguard.evaluate._calibrate import log_loss, fit_calibration, noisy_or_risk, read_score_matrix
from distillguard.scan import Scan
from distillguard.simulate import load_scenario, simulate

TRUE_W = np.array([0.9, 0.6, 0.1, 0.0])


def _draw(seed: int, n: int = 4000) -> tuple[np.ndarray, np.ndarray]:
    """Scores where most accounts show nothing and a few show something, labels from a known noisy-OR."""
    rng = np.random.default_rng(seed)
    s = rng.random((n, TRUE_W.size)) * (rng.random((n, TRUE_W.size)) < 0.25)
    s[rng.random(s.shape) < 0.1] = np.nan  # abstentions
    y = rng.random(n) < noisy_or_risk(s, TRUE_W)
    return s, y


def test_fit_moves_weights_towards_the_truth() -> None:
    s, y = _draw(1)
    w0 = np.full(TRUE_W.size, 0.5)
    cal = fit_calibration(s, y, ("a", "b", "c", "d"), w0, l2=0.0)
    assert np.abs(cal.weights - TRUE_W).max() < 0.06, cal.weights
    assert cal.fit["converged"]
    assert cal.fit["log_loss"]["fitted"] < cal.fit["log_loss"]["default"]
    # the threshold flags at most 0.1 % of the honest accounts it was fitted on
    risk = noisy_or_risk(s, cal.weights)
    assert ((risk >= cal.threshold) & ~y).sum() <= 0.001 * (~y).sum()


def test_fit_on_one_sample_is_no_worse_on_another() -> None:
    s1, y1 = _draw(2)
    s2, y2 = _draw(3)
    w0 = np.array([0.5, 0.5, 0.5, 0.5])
    cal = fit_calibration(s1, y1, ("a", "b", "c", "d"), w0)
    assert log_loss(noisy_or_risk(s2, cal.weights), y2) < log_loss(noisy_or_risk(s2, w0), y2)


def test_a_detector_without_evidence_keeps_its_weight() -> None:
    s, y = _draw(4)
    s[:, 3] = np.nan  # abstained everywhere
    cal = fit_calibration(s, y, ("a", "b", "c", "d"), np.array([0.5, 0.5, 0.5, 0.7]))
    assert cal.weights[3] == pytest.approx(0.7)


def test_bad_inputs_are_reported() -> None:
    s, y = _draw(5, 100)
    with pytest.raises(DistillguardError, match="both attack and honest"):
        fit_calibration(s, np.zeros(100, dtype=bool), ("a", "b", "c", "d"), np.full(4, 0.5))
    with pytest.raises(DistillguardError, match="does not match"):
        fit_calibration(s, y[:50], ("a", "b", "c", "d"), np.full(4, 0.5))


def test_written_config_loads() -> None:
    s, y = _draw(6, 1000)
    cal = fit_calibration(s, y, ("logprob-harvest", "machine-cadence", "topic-breadth", "sustained-volume"), np.full(4, 0.5))
    import tempfile

    p = Path(tempfile.mkdtemp()) / "calibration.toml"
    p.write_text(cal.to_toml(["a header"]))
    cfg = Config.load(p)
    assert cfg.get("scoring.alert_threshold") == pytest.approx(cal.threshold, abs=1e-4)
    assert cfg.detectors["machine-cadence"]["weight"] == pytest.approx(float(cal.weights[1]), abs=1e-4)


@pytest.fixture(scope="module")
def two_seeds(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The small scenario over four days on two seeds, each scanned with the weights in force."""
    out = []
    for seed in (11, 12):
        d = tmp_path_factory.mktemp(f"seed{seed}")
        simulate(load_scenario("small").with_days(4), seed=seed, out=d, corpora=shared_data)
        Scan().run([d / "events.parquet"], d / "findings", accounts_paths=[d / "accounts.jsonl"])
        out.append(d)
    return out[0], out[1]


def test_calibration_on_one_seed_is_no_worse_on_another(two_seeds: tuple[Path, Path], tmp_path: Path) -> None:
    train, test = two_seeds
    res = CliRunner().invoke(app, ["calibrate", str(train), "--out", str(tmp_path / "cal")])
    assert res.exit_code == 0, res.output
    assert "scoring.alert_threshold" in res.output and "fitted" in res.output
    record = json.loads((tmp_path / "cal" / "calibration.json").read_text())
    assert record["benign_flag_rate"] == 0.001 and record["command"].startswith("distillguard calibrate")
    assert set(record["weights"]) == set(record["default_weights"])

    # the unseen seed's own risk ranks no worse under the fitted weights
    st = read_score_matrix(test / "findings")
    lab = {json.loads(l)["account_id"]: json.loads(l)["label"] == "attack" for l in (test / "labels.jsonl").read_text().splitlines()}
    y = np.array([lab[a] for a in st.account_ids])
    w_fit = np.array([record["weights"][d] for d in st.detectors])
    w_def = np.array([record["default_weights"][d] for d in st.detectors])
    assert log_loss(noisy_or_risk(st.scores, w_fit), y) <= log_loss(noisy_or_risk(st.scores, w_def), y)

    # and end to end, scanned with the written config, it finds no less and flags nobody more
    base = evaluate(test / "labels.jsonl", test / "findings" / "accounts.jsonl", test / "findings" / "campaigns.jsonl", None).overall
    Scan(config=Config.load(tmp_path / "cal" / "calibration.toml")).run([test / "events.parquet"], tmp_path / "scan",
                                                                        accounts_paths=[test / "accounts.jsonl"])
    cal = evaluate(test / "labels.jsonl", tmp_path / "scan" / "accounts.jsonl", tmp_path / "scan" / "campaigns.jsonl", None).overall
    assert cal["recall"] >= base["recall"] - 0.02, (base, cal)
    assert cal["honest_flagged"] <= base["honest_flagged"] + 1, (base, cal)
    assert cal["precision"] >= base["precision"] - 0.01
