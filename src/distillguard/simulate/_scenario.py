"""Scenario files: population sizes, campaign sizes, evasions and the time span (TOML)."""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from distillguard.errors import DistillguardError

__all__ = ["BUILTIN_SCENARIOS", "CAMPAIGN_KINDS", "EVASIONS", "POPULATIONS", "Scenario", "load_scenario"]

#: honest populations the simulator knows (the label ``scenario`` of their accounts)
POPULATIONS: tuple[str, ...] = (
    "chat-user",
    "edu-chat-user",
    "heavy-chat-user",
    "api-app",
    "batch-classifier",
    "eval-harness",
    "coding-agent",
    "company-egress",
    # honest twins of the campaigns that hide (issue 14)
    "app-platform",
    "multi-key-org",
    "uni-eval-sweep",
    "corporate-vpn",
    "overnight-agent",
    "ci-review-bot",
    "shared-eval-harness",
    "proxy-overlap-home",
    "lab-cluster-move",
    "logprob-benchmark",
    "tutor-app",
)

#: attack kinds, and the label ``scenario`` their accounts get
CAMPAIGN_KINDS: dict[str, str] = {
    "hydra": "hydra-distillation",
    "broad-distillation": "broad-distillation",
    "reasoning-coercion": "reasoning-coercion",
    "logit-extraction": "logit-extraction",
    "low-and-slow": "low-and-slow",
    "reseller-proxy": "reseller-proxy",
    # campaigns that hide (issue 14)
    "intermediary": "intermediary-harvest",
    "key-harvest": "key-harvest",
    "wide-thin": "wide-thin",
    "ban-and-return": "ban-and-return",
    "academic-takeover": "academic-takeover",
    "mixed-reseller": "mixed-reseller",
}

#: evasions a campaign may switch on
EVASIONS: tuple[str, ...] = ("timing_jitter", "ip_rotation", "paraphrase", "more_accounts")

BUILTIN_SCENARIOS: tuple[str, ...] = ("default", "demo", "small", "hiding", "hiding-small", "wide-thin-25k")


@dataclass(frozen=True)
class Scenario:
    """What to simulate.

    Parameters
    ----------
    name
        Scenario name (copied into the summary, not into the events).
    start
        First instant of the simulated span (UTC).
    days
        Length of the span in days.  Per-account volumes in the file are totals over ``base_days``;
        a different ``days`` scales them (the same population over a longer or shorter log).
    hard_negatives
        Label scenarios of honest accounts that look suspicious at first sight.
    populations
        Honest population name -> its parameters (``accounts`` and volume settings).
    campaigns
        One table per attack campaign: ``kind``, sizes, ``start_day``, ``evasions``.
    base_days
        The span the volumes in the file refer to (the file's own ``days``).

    Examples
    --------
    >>> sc = load_scenario("small")
    >>> sc.days, sc.populations["chat-user"]["accounts"]
    (7, 300)
    >>> sc.with_days(14).volume_scale
    2.0
    """

    name: str
    start: datetime
    days: int
    hard_negatives: tuple[str, ...] = ()
    populations: dict[str, dict[str, Any]] = field(default_factory=dict)
    campaigns: tuple[dict[str, Any], ...] = ()
    base_days: int | None = None

    @property
    def volume_scale(self) -> float:
        """Factor applied to request volumes: ``days / base_days``."""
        return self.days / (self.base_days or self.days)

    @property
    def start_ms(self) -> int:
        return int(self.start.timestamp() * 1000)

    @property
    def end_ms(self) -> int:
        return self.start_ms + self.days * 86_400_000

    def with_days(self, days: int) -> Scenario:
        """The same scenario over ``days`` days (volumes and campaign start days scale with it)."""
        if days < 1:
            raise DistillguardError(f"days must be at least 1, got {days}")
        return replace(self, days=int(days), base_days=self.base_days or self.days)

    @classmethod
    def from_dict(cls, d: dict[str, Any], source: str = "<dict>") -> Scenario:
        """Build and validate a scenario from parsed TOML."""
        unknown = set(d) - {"name", "start", "days", "hard_negatives", "populations", "campaigns", "base_days"}
        if unknown:
            raise DistillguardError(f"{source}: unknown scenario keys {sorted(unknown)}")
        try:
            start_raw = d.get("start", "2025-03-03T00:00:00Z")
            start = start_raw if isinstance(start_raw, datetime) else datetime.fromisoformat(str(start_raw).replace("Z", "+00:00"))
        except ValueError as exc:
            raise DistillguardError(f"{source}: start is not an RFC 3339 time: {exc}") from None
        if start.tzinfo is None:
            start = start.replace(tzinfo=timezone.utc)
        pops = {str(k): dict(v) for k, v in (d.get("populations") or {}).items()}
        for k, v in pops.items():
            if k not in POPULATIONS:
                raise DistillguardError(f"{source}: unknown population {k!r} (known: {', '.join(POPULATIONS)})")
            if int(v.get("accounts", 0)) < 0:
                raise DistillguardError(f"{source}: populations.{k}.accounts must be >= 0")
        camps = tuple(dict(c) for c in (d.get("campaigns") or []))
        for i, c in enumerate(camps):
            if c.get("kind") not in CAMPAIGN_KINDS:
                raise DistillguardError(f"{source}: campaigns[{i}].kind must be one of {', '.join(CAMPAIGN_KINDS)}, got {c.get('kind')!r}")
            bad = set(c.get("evasions") or {}) - set(EVASIONS)
            if bad:
                raise DistillguardError(f"{source}: campaigns[{i}].evasions has unknown keys {sorted(bad)}")
        days = int(d.get("days", 21))
        if days < 1:
            raise DistillguardError(f"{source}: days must be at least 1")
        return cls(
            name=str(d.get("name", "scenario")),
            start=start.astimezone(timezone.utc),
            days=days,
            hard_negatives=tuple(str(x) for x in d.get("hard_negatives", ())),
            populations=pops,
            campaigns=camps,
            base_days=int(d["base_days"]) if d.get("base_days") else None,
        )

    def to_dict(self) -> dict[str, Any]:
        """The effective scenario as plain data (what :meth:`to_toml` writes)."""
        out: dict[str, Any] = {
            "name": self.name,
            "start": self.start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "days": self.days,
        }
        if self.base_days and self.base_days != self.days:
            out["base_days"] = self.base_days
        out["hard_negatives"] = list(self.hard_negatives)
        out["populations"] = {k: dict(v) for k, v in self.populations.items()}
        out["campaigns"] = [dict(c) for c in self.campaigns]
        return out

    def to_toml(self) -> str:
        """TOML text that :func:`load_scenario` reads back into an equal scenario."""
        return _dump_toml(self.to_dict())


def load_scenario(path_or_name: str | Path) -> Scenario:
    """Read a scenario TOML file, or a built-in one by name (:data:`BUILTIN_SCENARIOS`).

    Examples
    --------
    >>> load_scenario("default").days
    21
    """
    s = str(path_or_name)
    if s in BUILTIN_SCENARIOS:
        text = resources.files("distillguard.simulate").joinpath("scenarios", f"{s}.toml").read_text("utf-8")
        source = f"<built-in {s}>"
    else:
        p = Path(path_or_name)
        if not p.exists():
            raise DistillguardError(f"no scenario file {p} (built-in names: {', '.join(BUILTIN_SCENARIOS)})")
        text, source = p.read_text("utf-8"), str(p)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DistillguardError(f"{source}: not valid TOML: {exc}") from None
    return Scenario.from_dict(data, source)


# -- a minimal TOML writer for the scenario's shapes ---------------------------------------------


def _scalar(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            raise ValueError("NaN/inf cannot be written to a scenario")
        return repr(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_scalar(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")


def _key(k: str) -> str:
    return k if k.replace("-", "").replace("_", "").isalnum() else _scalar(k)


def _dump_toml(d: dict[str, Any]) -> str:
    lines: list[str] = []
    for k, v in d.items():
        if not isinstance(v, dict) and not (isinstance(v, list) and v and isinstance(v[0], dict)):
            lines.append(f"{_key(k)} = {_scalar(v)}")
    for k, v in d.items():
        if isinstance(v, dict):
            for sub, tbl in v.items():
                lines.append("")
                lines.append(f"[{_key(k)}.{_key(sub)}]")
                for kk, vv in tbl.items():
                    lines.append(f"{_key(kk)} = {_scalar(vv)}")
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            for tbl in v:
                lines.append("")
                lines.append(f"[[{_key(k)}]]")
                nested = {kk: vv for kk, vv in tbl.items() if isinstance(vv, dict)}
                for kk, vv in tbl.items():
                    if kk not in nested:
                        lines.append(f"{_key(kk)} = {_scalar(vv)}")
                for kk, vv in nested.items():
                    lines.append(f"[{_key(k)}.{_key(kk)}]")
                    for k3, v3 in vv.items():
                        lines.append(f"{_key(k3)} = {_scalar(v3)}")
    return "\n".join(lines) + "\n"
