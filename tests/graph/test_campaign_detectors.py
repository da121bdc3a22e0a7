"""Every campaign detector's cases (positive and hard negative), from campaign.cases.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import distillguard.detectors.graph.campaign as campaign
from distillguard.detectors.graph.campaign import CAMPAIGN_DETECTORS, CampaignFeatures

CASES = yaml.safe_load((Path(campaign.__file__).with_name("campaign.cases.yaml")).read_text())
BASE = CASES.pop("_base")
PARAMS = [(d, c) for d in CAMPAIGN_DETECTORS for c in CASES[d.name]]


@pytest.mark.parametrize(("det", "case"), PARAMS, ids=[f"{d.name}: {c['name']}" for d, c in PARAMS])
def test_case(det: campaign.CampaignDetector, case: dict) -> None:
    score = det.score(CampaignFeatures(**{**BASE, **case["features"]}))
    assert 0.0 <= score <= 1.0
    exp = case["expect"]
    assert (score >= 0.5) == exp["flag"], score
    assert score >= exp.get("min_score", 0.0) and score <= exp.get("max_score", 1.0), score


def test_every_detector_has_a_positive_and_a_hard_negative() -> None:
    for d in CAMPAIGN_DETECTORS:
        cases = CASES[d.name]
        assert any(c["expect"]["flag"] for c in cases), d.name
        assert any(c.get("hard_negative") and not c["expect"]["flag"] for c in cases), d.name
