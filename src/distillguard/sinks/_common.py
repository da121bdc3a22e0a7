"""What every export shares: the MITRE ATLAS technique, stable finding ids, times and severity."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

__all__ = ["ATLAS", "PRODUCT", "by_risk", "finding_uid", "iso_to_ms", "severity", "version"]


@dataclass(frozen=True)
class _Atlas:
    tactic_uid: str = "AML.TA0010"
    tactic_name: str = "Exfiltration"
    technique_uid: str = "AML.T0024"
    technique_name: str = "Exfiltration via AI Inference API"
    sub_technique_uid: str = "AML.T0024.002"
    sub_technique_name: str = "Extract AI Model"
    url: str = "https://atlas.mitre.org/techniques/AML.T0024/002"


#: MITRE ATLAS: exfiltration via an AI inference API; extract an AI model
ATLAS = _Atlas()
PRODUCT = "distillguard"


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as v

    try:
        return v("distillguard")
    except PackageNotFoundError:  # pragma: no cover - source tree without metadata
        return "unknown"


def finding_uid(kind: str, key: str, scan: Mapping[str, Any]) -> str:
    """A stable id for one finding: the same account or campaign in the same scan, the same id."""
    h = hashlib.sha256(f"distillguard\x00{kind}\x00{key}\x00{scan.get('generated_at', '')}".encode()).hexdigest()
    return f"dg-{kind}-{h[:24]}"


def iso_to_ms(value: Any) -> int | None:
    """RFC 3339 text (as findings write it) to epoch milliseconds; ``None`` when absent or unreadable."""
    if not value:
        return None
    try:
        return int(datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp() * 1000)
    except ValueError:
        return None


def severity(risk: float, threshold: float) -> tuple[int, str]:
    """(id, name) on the common 1–5 scale: Critical from 0.95, High from the threshold, Medium
    within 0.15 below it, Low under that."""
    if risk >= 0.95:
        return 5, "Critical"
    if risk >= threshold:
        return 4, "High"
    if risk >= threshold - 0.15:
        return 3, "Medium"
    return 2, "Low"


def by_risk(rows: Any, key: str) -> list[Mapping[str, Any]]:
    """``rows`` riskiest first, ties by ``key`` (the order every export writes in)."""
    return sorted(rows, key=lambda r: (-float(r["risk"]), str(r[key])))
