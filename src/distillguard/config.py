"""Settings: declared once with a help line, layered by precedence, validated at load time.

Precedence (later wins):

===================  ==========================================================
layer                where
===================  ==========================================================
default              the ``Setting`` table below and each detector's parameters
config file          ``distillguard.toml`` (``--config PATH``)
command line         ``--set detectors.logprob-harvest.min_hits=30``
===================  ==========================================================

Every value is checked when it is set: an unknown key, a value of the wrong type or out of range
is a :class:`~distillguard.errors.DistillguardError` naming the file, line and key (or the
``--set`` item), in one line.

Examples
--------
>>> cfg = Config.load(overrides=["scoring.alert_threshold=0.8"])
>>> cfg.get("scoring.alert_threshold"), cfg.source("scoring.alert_threshold")
(0.8, '--set')
>>> Config.load(overrides=["ingest.max_bad_fraction=abc"])
Traceback (most recent call last):
...
distillguard.errors.DistillguardError: --set ingest.max_bad_fraction=abc: expects a number, got 'abc'
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distillguard.errors import DistillguardError, Location

__all__ = ["Config", "SETTINGS", "Setting", "settings_markdown"]


@dataclass(frozen=True)
class Setting:
    """One setting: its dotted name, default, help line, and what a value must be.

    ``kind`` is the type of a value (``None``: the default's type); ``low``/``high`` bound numbers
    (inclusive); a setting whose default is ``None`` also accepts ``None`` (unset).
    """

    name: str
    default: Any
    help: str
    kind: type | None = None
    low: float | None = None
    high: float | None = None

    @property
    def type(self) -> type:
        return self.kind or type(self.default)

    def check(self, value: Any) -> Any:
        """``value`` as this setting's type; raises ``ValueError`` with the reason."""
        if value is None and self.default is None:
            return None
        t = self.type
        if t is bool:
            if not isinstance(value, bool):
                raise ValueError(f"expects true or false, got {value!r}")
            return value
        if t is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"expects an integer, got {value!r}")
        elif t is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"expects a number, got {value!r}")
            value = float(value)
        elif t is str:
            if not isinstance(value, str):
                raise ValueError(f"expects a string, got {value!r}")
            return value
        if self.low is not None and value < self.low or self.high is not None and value > self.high:
            lo = "" if self.low is None else f"≥ {self.low:g}"
            hi = "" if self.high is None else f"≤ {self.high:g}"
            raise ValueError(f"expects a value {' and '.join(x for x in (lo, hi) if x)}, got {value!r}")
        return value


def _knob_settings(prefix: str, cls: type) -> tuple[Setting, ...]:
    from distillguard.scoring.settings import knobs

    out = []
    for name, default, help_ in knobs(cls):
        low = None if name == "seed" else 0
        out.append(Setting(f"{prefix}.{name}", default, help_, low=low))
    return tuple(out)


def _settings() -> tuple[Setting, ...]:
    from distillguard.scoring.settings import CampaignSettings, FamilySettings

    return (
        Setting("scoring.alert_threshold", 0.7, "account risk at or above which an account is flagged", low=0, high=1),
        Setting("scoring.evidence_per_account", 5, "request ids kept as evidence per account", low=0),
        Setting("scoring.replay", True, "replay buckets in time order to compute flagged_at"),
        Setting("ingest.max_bad_fraction", 0.5, "fail the run when more than this fraction of rows is rejected (1 never fails on rejects alone)", kind=float, low=0, high=1),
        Setting("campaigns.enabled", True, "link accounts into campaigns and feed campaign risk back"),
        Setting("report.enabled", True, "write OUT/report.html after a scan (distillguard report writes it on demand)"),
        *_knob_settings("campaigns", CampaignSettings),
        *_knob_settings("families", FamilySettings),
        Setting("engine.workers", 0, "processes for per-event text features (0: one per CPU)", low=0),
        Setting("engine.memory_limit", "1.5GB", "DuckDB memory limit (spills to disk beyond it; raise it for logs of tens of millions of events)"),
    )


SETTINGS: tuple[Setting, ...] = _settings()
_SETTINGS = {s.name: s for s in SETTINGS}

#: what a detector's ``weight`` must be
_WEIGHT = Setting("weight", 0.5, "see detectors.base.SHARED_DETECTOR_PARAMETERS", low=0, high=1)


def _parse_value(text: str) -> Any:
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def _line_of(text: str, table: str, key: str) -> int | None:
    """The 1-based line where ``key`` is assigned inside ``[table]`` (``""``: top level)."""
    current = ""
    assign = re.compile(rf"^\s*(?:\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*=")
    for i, line in enumerate(text.splitlines(), 1):
        head = re.match(r"^\s*\[([^\[\]]+)\]\s*(?:#.*)?$", line)
        if head:
            current = ".".join(p.strip().strip('"').strip("'") for p in head.group(1).split("."))
            continue
        if current == table and assign.match(line):
            return i
    return None


class Config:
    """Effective settings and detector parameters, each with where its value came from."""

    def __init__(self) -> None:
        self._values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
        self._sources: dict[str, str] = {s.name: "default" for s in SETTINGS}
        self.detectors: dict[str, dict[str, Any]] = {}
        self._det_sources: dict[tuple[str, str], str] = {}

    # -- loading ------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path | None = None, overrides: Iterable[str] = ()) -> Config:
        cfg = cls()
        if path is not None:
            p = Path(path)
            try:
                text = p.read_text(encoding="utf-8")
            except FileNotFoundError as exc:
                raise DistillguardError(f"config file not found: {p}", source=Location(str(p), None, None)) from exc
            except (OSError, UnicodeDecodeError) as exc:
                raise DistillguardError(f"cannot read the config file: {exc}", source=Location(str(p))) from None
            cfg.apply_text(text, str(p))
        for item in overrides:
            if "=" not in item:
                raise DistillguardError(f"--set expects KEY=VALUE, got {item!r}")
            key, _, raw = item.partition("=")
            cfg.set(key.strip(), _parse_value(raw.strip()), "--set", item=item)
        return cfg

    def apply_text(self, text: str, source: str) -> None:
        """Apply a TOML document (a config file's text; ``source`` names it in errors)."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise DistillguardError(f"invalid TOML: {exc}", source=Location(source, getattr(exc, "lineno", None), None)) from None
        self._apply(data, source, text)

    def _apply(self, data: Mapping[str, Any], source: str, text: str = "") -> None:
        for section, body in data.items():
            if section == "detectors":
                if not isinstance(body, Mapping):
                    raise DistillguardError("[detectors] must be a table", source=Location(source, _line_of(text, "", section), "detectors"))
                for det, params in body.items():
                    if not isinstance(params, Mapping):
                        raise DistillguardError(f"[detectors.{det}] must be a table", source=Location(source, None, f"detectors.{det}"))
                    for k, v in params.items():
                        self.set(f"detectors.{det}.{k}", v, source, line=_line_of(text, f"detectors.{det}", k))
            elif isinstance(body, Mapping):
                for k, v in body.items():
                    self.set(f"{section}.{k}", v, source, line=_line_of(text, section, k))
            else:
                raise DistillguardError(f"unknown top-level key {section!r}", source=Location(source, _line_of(text, "", section), section))

    def set(self, key: str, value: Any, source: str, *, line: int | None = None, item: str | None = None) -> None:
        def fail(reason: str) -> DistillguardError:
            if source == "--set":
                return DistillguardError(f"--set {item or key}: {reason}")
            return DistillguardError(reason, source=Location(source, line, key))

        if key.startswith("detectors."):
            parts = key.split(".")
            if len(parts) != 3:
                raise fail(f"detector settings are detectors.NAME.PARAM, got {key!r}")
            _, det, param = parts
            from distillguard.detectors.base import registry

            reg = registry()
            if det not in reg:
                raise fail(f"unknown detector {det!r} (known: {', '.join(reg)})")
            params = reg[det].parameters()
            if param not in params:
                raise fail(f"detector {det!r} has no parameter {param!r} (it has: {', '.join(params)})")
            spec = _WEIGHT if param == "weight" else Setting(param, params[param], "")
            try:
                value = spec.check(value)
            except ValueError as exc:
                raise fail(f"{key} {exc}" if source != "--set" else str(exc)) from None
            self.detectors.setdefault(det, {})[param] = value
            self._det_sources[(det, param)] = source
            return
        if key not in _SETTINGS:
            raise fail(f"unknown setting {key!r} (known: {', '.join(_SETTINGS)})")
        try:
            self._values[key] = _SETTINGS[key].check(value)
        except ValueError as exc:
            raise fail(f"{key} {exc}" if source != "--set" else str(exc)) from None
        self._sources[key] = source

    # -- reading ------------------------------------------------------------------------------
    def get(self, key: str) -> Any:
        return self._values[key]

    def source(self, key: str) -> str:
        return self._sources[key]

    def rows(self) -> list[tuple[str, Any, str, str]]:
        """(key, value, source, help) for every setting and detector parameter."""
        from distillguard.detectors.base import registry

        out = [(s.name, self._values[s.name], self._sources[s.name], s.help) for s in SETTINGS]
        for name, cls in registry().items():
            helps = cls.parameter_help()
            for param, default in cls.parameters().items():
                val = self.detectors.get(name, {}).get(param, default)
                out.append((f"detectors.{name}.{param}", val, self._det_sources.get((name, param), "default"), helps.get(param, "")))
        return out


def settings_markdown() -> str:
    """``docs/configuration.md``: every setting with its default and help (generated)."""
    lines = [
        "# Configuration",
        "",
        "Generated by `python -c 'from distillguard.config import settings_markdown as m; print(m(), end=\"\")' > docs/configuration.md`;",
        "a test fails when this page and the code disagree.",
        "",
        "Precedence, later wins: the default below → the config file (`--config distillguard.toml`) →",
        "`--set KEY=VALUE` on the command line. `distillguard config show` prints every effective value",
        "and where it came from. A key that does not exist, a value of the wrong type or out of range",
        "stops the run with one line naming the file, line and key (or the `--set` item).",
        "",
        "```toml",
        "[scoring]",
        "alert_threshold = 0.8",
        "[campaigns]",
        "min_similarity = 0.25",
        "[detectors.logprob-harvest]",
        "min_hits = 30",
        "```",
        "",
    ]
    titles = {"scoring": "Scoring", "ingest": "Ingest", "campaigns": "Campaigns (linking accounts)",
              "families": "Wrapper families", "engine": "Engine"}
    sections: dict[str, list[Setting]] = {}
    for s in SETTINGS:
        sections.setdefault(s.name.split(".", 1)[0], []).append(s)
    for sec, items in sections.items():
        lines += [f"## {titles.get(sec, sec)}", "", "| setting | default | meaning |", "| --- | --- | --- |"]
        for s in items:
            lines.append(f"| `{s.name}` | `{s.default!r}` | {s.help} |")
        lines.append("")
    lines += [
        "## Detector parameters",
        "",
        "`detectors.NAME.PARAM`, one table per detector (`[detectors.NAME]`); each detector's own",
        "parameters are listed with it in `docs/detectors.md`. Every detector also has:",
        "",
        "| parameter | meaning |",
        "| --- | --- |",
    ]
    from distillguard.detectors.base import SHARED_DETECTOR_PARAMETERS

    lines += [f"| `{p}` | {h} |" for p, h in SHARED_DETECTOR_PARAMETERS.items()]
    return "\n".join(lines) + "\n"
