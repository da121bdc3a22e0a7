"""Every export validates against its schema or library, on the scanned demo log with hostile text."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from distillguard.sinks._findings import load_findings

from .conftest import HOSTILE_IDS, HostileScan

DATA = Path(__file__).parent / "data"


# -- OCSF -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ocsf_validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((DATA / "ocsf" / "detection_finding-1.8.0.schema.json").read_text())
    return jsonschema.Draft202012Validator(schema)


def test_ocsf_findings_validate_against_the_detection_finding_class(hostile_scan: HostileScan, ocsf_validator: Any) -> None:
    from distillguard.sinks.ocsf import ocsf_findings

    f = load_findings(hostile_scan.out)
    rows = list(ocsf_findings(f))
    assert len(rows) == len(f.campaigns) + len(f.flagged)
    for row in rows:
        errors = [f"{e.json_path}: {e.message}" for e in ocsf_validator.iter_errors(row)]
        assert errors == [], errors[:5]
        assert row["class_uid"] == 2004 and row["type_uid"] == 200401
        (attack,) = row["finding_info"]["attacks"]
        assert attack["technique"]["uid"] == "AML.T0024" and attack["sub_technique"]["uid"] == "AML.T0024.002"
    by_user = {r["evidences"][0]["actor"]["user"]["uid"]: r for r in rows if r["finding_info"]["analytic"]["name"] == "account-risk"}
    hostile = by_user[HOSTILE_IDS[0]]
    acct = f.account(HOSTILE_IDS[0])
    assert hostile["risk_score"] == round(acct["risk"] * 100)
    assert [e["uid"] for e in hostile["evidences"]] == acct["evidence"]
    assert hostile["unmapped"]["distillguard"]["campaign"] == hostile_scan.campaign


def test_the_ocsf_schema_rejects_what_the_class_does_not_allow(hostile_scan: HostileScan, ocsf_validator: Any) -> None:
    """The schema kept as data is strict enough to catch a wrong class, a missing required
    attribute, an invented attribute and an out-of-range enum."""
    from distillguard.sinks.ocsf import ocsf_findings

    good = next(iter(ocsf_findings(load_findings(hostile_scan.out))))
    bad = [
        {**good, "class_uid": 2003},
        {k: v for k, v in good.items() if k != "time"},
        {**good, "finding_info": {k: v for k, v in good["finding_info"].items() if k != "uid"}},
        {**good, "risk": 0.9},
        {**good, "severity_id": 7},
        {**good, "metadata": {**good["metadata"], "product": {"vendor_name": "x"}}},
    ]
    for row in bad:
        assert list(ocsf_validator.iter_errors(row)), row.keys()


# -- ECS --------------------------------------------------------------------------------------------


def _flatten(doc: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in doc.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict) and not name.startswith("distillguard"):
            out.update(_flatten(v, name + "."))
        else:
            out[name] = v
    return out


_ECS_TYPES = {"keyword": str, "match_only_text": str, "text": str, "wildcard": str, "constant_keyword": str, "ip": str,
              "long": int, "integer": int, "float": (int, float), "scaled_float": (int, float), "double": (int, float),
              "boolean": bool, "object": dict, "flattened": dict}


def test_ecs_alerts_use_ecs_fields_with_their_types_and_allowed_values(hostile_scan: HostileScan) -> None:
    from datetime import datetime

    from distillguard.sinks.ecs import ECS_VERSION, ecs_alerts

    spec = json.loads((DATA / "ecs" / f"ecs_fields-{ECS_VERSION}.json").read_text())
    fields = spec["fields"]
    docs = list(ecs_alerts(load_findings(hostile_scan.out)))
    assert docs
    for doc in docs:
        for name, value in _flatten(doc).items():
            if name == "distillguard" or name.startswith("distillguard."):
                continue  # the custom namespace, as ECS recommends for fields it does not define
            assert name in fields, f"{name} is not an ECS {ECS_VERSION} field"
            f = fields[name]
            values = value if isinstance(value, list) else [value]
            assert f["array"] or not isinstance(value, list), f"{name} is not an array field"
            for v in values:
                if f["type"] == "date":
                    datetime.fromisoformat(str(v).replace("Z", "+00:00"))
                else:
                    assert isinstance(v, _ECS_TYPES[f["type"]]), (name, v, f["type"])
                if "allowed" in f:
                    assert v in f["allowed"], (name, v)
        cats = doc["event"]["category"]
        for t in doc["event"]["type"]:
            assert all(t in fields["event.category"]["allowed"][c] for c in cats), (cats, t)
        assert doc["event"]["kind"] == "alert"
        assert doc["threat"]["technique"]["subtechnique"]["id"] == ["AML.T0024.002"]
    users = {d.get("user", {}).get("id") for d in docs}
    assert set(HOSTILE_IDS) <= users


# -- STIX -------------------------------------------------------------------------------------------


def _stix(hostile_scan: HostileScan, include: bool) -> tuple[str, Any]:
    from distillguard.sinks.stix import stix_bundle

    bundle = stix_bundle(load_findings(hostile_scan.out), include_identifiers=include)
    return bundle.serialize(pretty=True), bundle


@pytest.mark.parametrize("include", [False, True], ids=["shareable", "with-identifiers"])
def test_stix_bundle_passes_the_stix2_validator(hostile_scan: HostileScan, include: bool) -> None:
    validator = pytest.importorskip("stix2validator")
    text, bundle = _stix(hostile_scan, include)
    result = validator.validate_string(text, validator.ValidationOptions(strict=True))
    assert result.is_valid, [str(e) for e in result.errors][:5]
    kinds = {o["type"] for o in bundle.objects}
    assert {"identity", "attack-pattern", "campaign", "indicator", "relationship"} <= kinds
    patterns = [o["pattern"] for o in bundle.objects if o["type"] == "indicator"]
    assert any("ipv4-addr:value ISSUBSET '87.26.244.0/24'" in p for p in patterns)
    assert any(p.startswith("[autonomous-system:number = ") for p in patterns)
    assert any("x-llm-prompt-wrapper:sha256" in p for p in patterns)
    # the hostile user agent is a shared value, quoted so the pattern still parses
    assert any("'User-Agent' = 'Mozilla/5.0 <script>" in p and "it\\'s \\\\ a ]" in p for p in patterns)


def test_stix_bundle_shares_no_account_ids_or_prompt_text_unless_asked(hostile_scan: HostileScan) -> None:
    f = load_findings(hostile_scan.out)
    text, _ = _stix(hostile_scan, False)
    ids = [a["account_id"] for a in f.accounts]
    assert not [a for a in ids if json.dumps(a)[1:-1] in text]
    phrases = [str(link["value"]) for c in f.campaigns for link in c["links"] if link["kind"] in ("head", "tail")]
    assert phrases and not [p for p in phrases if json.dumps(p)[1:-1] in text]
    with_ids, _ = _stix(hostile_scan, True)
    members = load_findings(hostile_scan.out).campaign(hostile_scan.campaign)["accounts"]
    assert all(json.dumps(m)[1:-1].replace("'", "\\\\'") in with_ids for m in members)


def test_stix_bundle_is_the_same_for_the_same_findings(hostile_scan: HostileScan) -> None:
    assert _stix(hostile_scan, False)[0] == _stix(hostile_scan, False)[0]


# -- Sigma ------------------------------------------------------------------------------------------


def test_sigma_rules_parse_and_convert_with_pysigma() -> None:
    pytest.importorskip("sigma")
    from sigma.backends.test import TextQueryTestBackend
    from sigma.collection import SigmaCollection

    from distillguard.sinks.sigma import rules, sigma_rules

    collection = SigmaCollection.from_yaml(sigma_rules(), collect_errors=True)
    assert len(collection.rules) == len(rules()) >= 6
    for r in collection.rules:
        assert r.errors == [], (r.title, r.errors)
    queries = "\n".join(TextQueryTestBackend().convert(collection))
    assert "top_logprobs>=10 and logit_bias_n>=50" in queries
    assert "count() as event_count by account_id" in queries and "event_count >= 20" in queries
    assert "value_count(account_id) as value_count by ip" in queries


def test_sigma_thresholds_follow_the_detector_configuration() -> None:
    from distillguard.sinks.sigma import rules

    corr = {r["name"]: r for r in rules({"logprob-harvest": {"full_hits": 50}}) if "correlation" in r}
    assert corr["distillguard_logit_extraction_account"]["correlation"]["condition"] == {"gte": 50}


def _matches(rule: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows matching a parsed pySigma rule whose condition is one AND of numeric comparisons."""
    from sigma.types import SigmaCompareExpression

    ops = {"LT": lambda a, b: a < b, "LTE": lambda a, b: a <= b, "GT": lambda a, b: a > b, "GTE": lambda a, b: a >= b}
    (selection,) = rule.detection.detections.values()
    items = [(i.field, i.value[0]) for i in selection.detection_items]
    assert all(isinstance(v, SigmaCompareExpression) for _, v in items)
    return [r for r in rows if all(r.get(f) is not None and ops[v.op.name](r[f], v.number.number) for f, v in items)]


def test_the_logit_extraction_rule_fires_on_the_demo_attacker_only(hostile_scan: HostileScan) -> None:
    """Applied to the demo log, the per-request rule matches the logit-extraction account's requests
    (enough for the correlation rule) and no honest account's."""
    pytest.importorskip("sigma")
    from sigma.collection import SigmaCollection

    from distillguard.sinks.sigma import sigma_rules

    rule = next(r for r in SigmaCollection.from_yaml(sigma_rules()).rules if r.name == "distillguard_logit_extraction_request")
    rows = pq.read_table(hostile_scan.log, columns=["account_id", "top_logprobs", "logit_bias_n"]).to_pylist()
    hit = _matches(rule, rows)
    by_account: dict[str, int] = {}
    for r in hit:
        by_account[r["account_id"]] = by_account.get(r["account_id"], 0) + 1
    f = load_findings(hostile_scan.out)
    assert by_account and all(f.account(a)["flagged"] for a in by_account)
    assert max(by_account.values()) >= 20
