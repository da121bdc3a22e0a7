"""Settings: declared once with a help line, layered by precedence, validated at load time.

Precedence (later wins):

===================  ==========================================================
layer                where
===================  ==========================================================
default              the ``Setting`` table below and each detector's parameters
config file          ``distillguard.toml`` (``--config PATH``)
command line         ``--set detectors.logprob-harvest.min_requests=500``
===================  ==========================================================

Examples
--------
>>> cfg = Config.load(overrides=["scoring.alert_threshold=0.8"])
>>> cfg.get("scoring.alert_threshold"), cfg.source("scoring.alert_threshold")
(0.8, '--set')
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distillguard.errors import DistillguardError, Location

__all__ = ["Config", "SETTINGS", "Setting"]


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("scoring.alert_threshold", 0.7, "account risk at or above which an account is flagged"),
    Setting("scoring.evidence_per_account", 5, "request ids kept as evidence per account"),
    Setting("scoring.replay", True, "replay buckets in time order to compute flagged_at"),
    Setting("ingest.max_bad_fraction", None, "fail the run when more than this fraction of rows is rejected"),
    Setting("campaigns.enabled", True, "link accounts into campaigns and feed campaign risk back"),
    Setting("engine.workers", 0, "processes for per-event text features (0: one per CPU)"),
    Setting("engine.memory_limit", "3GB", "DuckDB memory limit (spills to disk beyond it)"),
)
_SETTINGS = {s.name: s for s in SETTINGS}


def _parse_value(text: str) -> Any:
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


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
                data = tomllib.loads(p.read_text(encoding="utf-8"))
            except FileNotFoundError as exc:
                raise DistillguardError(f"config file not found: {p}", source=Location(str(p), None, None)) from exc
            except tomllib.TOMLDecodeError as exc:
                raise DistillguardError(f"invalid TOML: {exc}", source=Location(str(p), getattr(exc, "lineno", None), None)) from exc
            cfg._apply(data, str(p))
        for item in overrides:
            if "=" not in item:
                raise DistillguardError(f"--set expects KEY=VALUE, got {item!r}")
            key, _, raw = item.partition("=")
            cfg.set(key.strip(), _parse_value(raw.strip()), "--set")
        return cfg

    def _apply(self, data: Mapping[str, Any], source: str) -> None:
        for section, body in data.items():
            if section == "detectors":
                if not isinstance(body, Mapping):
                    raise DistillguardError("[detectors] must be a table", source=Location(source, None, "detectors"))
                for det, params in body.items():
                    if not isinstance(params, Mapping):
                        raise DistillguardError(f"[detectors.{det}] must be a table", source=Location(source, None, f"detectors.{det}"))
                    for k, v in params.items():
                        self.set(f"detectors.{det}.{k}", v, source)
            elif isinstance(body, Mapping):
                for k, v in body.items():
                    self.set(f"{section}.{k}", v, source)
            else:
                raise DistillguardError(f"unknown top-level key {section!r}", source=Location(source, None, section))

    def set(self, key: str, value: Any, source: str) -> None:
        if key.startswith("detectors."):
            parts = key.split(".")
            if len(parts) != 3:
                raise DistillguardError(f"detector settings are detectors.NAME.PARAM, got {key!r}", source=Location(source, None, key))
            _, det, param = parts
            from distillguard.detectors.base import registry

            reg = registry()
            if det not in reg:
                raise DistillguardError(f"unknown detector {det!r} (known: {', '.join(reg)})", source=Location(source, None, key))
            params = reg[det].parameters()
            if param not in params:
                raise DistillguardError(f"detector {det!r} has no parameter {param!r} (it has: {', '.join(params)})", source=Location(source, None, key))
            default = params[param]
            value = _coerce(value, default, key, source)
            self.detectors.setdefault(det, {})[param] = value
            self._det_sources[(det, param)] = source
            return
        if key not in _SETTINGS:
            raise DistillguardError(f"unknown setting {key!r} (known: {', '.join(_SETTINGS)})", source=Location(source, None, key))
        self._values[key] = _coerce(value, _SETTINGS[key].default, key, source)
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
            for param, default in cls.parameters().items():
                val = self.detectors.get(name, {}).get(param, default)
                out.append((f"detectors.{name}.{param}", val, self._det_sources.get((name, param), "default"), cls.__doc__.strip().splitlines()[0] if cls.__doc__ else ""))
        return out


def _coerce(value: Any, default: Any, key: str, source: str) -> Any:
    if default is None or value is None:
        return value
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(default, int) and isinstance(value, int) and not isinstance(value, bool):
        return value
    elif isinstance(default, float) and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    elif isinstance(default, str) and isinstance(value, str):
        return value
    elif not isinstance(default, (bool, int, float, str)):
        return value
    raise DistillguardError(
        f"{key} expects {type(default).__name__}, got {value!r}", source=Location(source, None, key)
    )


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
        "and where it came from. Detector parameters are `detectors.NAME.PARAM`; see `docs/detectors.md`.",
        "",
        "| setting | default | meaning |",
        "| --- | --- | --- |",
    ]
    for s in SETTINGS:
        lines.append(f"| `{s.name}` | `{s.default!r}` | {s.help} |")
    return "\n".join(lines) + "\n"
