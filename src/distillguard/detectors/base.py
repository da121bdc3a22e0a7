"""The detector plug-in interface.

A detector reads per-account *profiles* (mergeable summaries, see
:mod:`distillguard.features.profile`) and the population's statistics, and returns a score in
``[0, 1]`` (higher = more suspicious) with a plain sentence that quotes the numbers.

One definition serves batch and streaming: a detector writes :meth:`AccountDetector.score_arrays`,
vectorised over columns of numpy arrays (one row per account, or per account and time bucket
when a scan replays history).  :meth:`~AccountDetector.score_one` calls it on a single profile,
so the online service and the batch scan score with the same code.

Examples
--------
>>> from distillguard.detectors.base import registry
>>> "logprob-harvest" in registry()
True
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Any, ClassVar, TypeVar

import numpy as np

from distillguard.features.profile import PROFILE_DEFAULTS, safe_div

__all__ = [
    "AccountDetector",
    "Columns",
    "Population",
    "SHARED_DETECTOR_PARAMETERS",
    "Verdict",
    "register",
    "registry",
    "safe_div",
]

Columns = Mapping[str, np.ndarray]

#: parameters every detector has (declared on :class:`AccountDetector`), documented here once
SHARED_DETECTOR_PARAMETERS: dict[str, str] = {
    "weight": "how decisive the behaviour is alone: its score × weight enters the noisy-OR risk "
              "(0.9 flags alone at score 0.78; below the alert threshold it never flags alone)",
    "enabled": "run this detector (experimental detectors run only when set to true)",
}


@dataclass(frozen=True)
class Verdict:
    """One detector's judgement of one account."""

    detector: str
    score: float
    summary: str
    evidence: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    abstained: bool = False

    @classmethod
    def abstain(cls, detector: str, reason: str, missing: Sequence[str] = ()) -> Verdict:
        return cls(detector, 0.0, reason, (), tuple(missing), True)

    def to_reason(self) -> dict[str, Any]:
        """The ``{detector, score, summary}`` object of ``accounts.jsonl``."""
        return {"detector": self.detector, "score": round(float(self.score), 4), "summary": self.summary}

    def __rich__(self) -> str:
        from rich.markup import escape

        if self.abstained:
            return f"[dim]{escape(self.detector)}: abstained ({escape(self.summary)})[/dim]"
        return f"[bold]{escape(self.detector)}[/bold] {self.score:.2f}: {escape(self.summary)}"


class Population:
    """Statistics of the whole population of accounts that detectors judge against.

    Built once per scan from the account-level profiles (see
    :func:`distillguard.features.profile.population_from_profiles`).  ``quantiles[metric]`` maps
    ``"p50"``, ``"p90"``, ``"p99"`` to values; ``n_accounts`` is the number of accounts seen.
    """

    def __init__(self, n_accounts: int, quantiles: Mapping[str, Mapping[str, float]] | None = None) -> None:
        self.n_accounts = int(n_accounts)
        self.quantiles: dict[str, dict[str, float]] = {k: dict(v) for k, v in (quantiles or {}).items()}

    def q(self, metric: str, which: str, default: float) -> float:
        v = self.quantiles.get(metric, {}).get(which)
        return default if v is None or not math.isfinite(v) else float(v)

    def to_dict(self) -> dict[str, Any]:
        return {"n_accounts": self.n_accounts, "quantiles": self.quantiles}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Population:
        return cls(int(d.get("n_accounts", 0)), d.get("quantiles", {}))

    def __repr__(self) -> str:
        return f"Population(n_accounts={self.n_accounts}, metrics={sorted(self.quantiles)})"


def ramp(x: np.ndarray | float, lo: float, hi: float) -> np.ndarray:
    """0 at or below ``lo``, 1 at or above ``hi``, linear between (vectorised)."""
    x = np.asarray(x, dtype=float)
    if hi <= lo:
        return (x >= hi).astype(float)
    return np.clip((x - lo) / (hi - lo), 0.0, 1.0)


@dataclass(frozen=True, kw_only=True)
class AccountDetector:
    """Base class of per-account detectors.

    Subclasses declare metadata as class variables, parameters as dataclass fields with
    defaults (no logic in construction), and implement :meth:`score_arrays` and :meth:`describe`.

    Class variables
    ---------------
    name : stable id (config key, findings, docs)
    family : ``volume-cadence`` | ``harvesting-parameters`` | ``content`` | ``identity``
    capability : capability named when this detector fires (``None``: taken from content mix)
    reads : profile fields read
    requires : a profile field counting requests where the needed input was known (e.g.
        ``prompt_known``); where it is 0 the detector abstains and says which field was missing
    needs : event fields that ``requires`` stands for (named in the abstention)
    evidence : name of a boolean column of the enriched events that marks the requests that best
        show this behaviour (used to pick ``evidence`` request ids); ``None``: the account's most
        recent requests
    maturity : ``experimental`` | ``stable`` | ``deprecated``

    Parameters
    ----------
    weight : float
        Shared by every detector (documented once, :data:`SHARED_DETECTOR_PARAMETERS`): how
        decisive the behaviour is alone in the noisy-OR risk.
    enabled : bool
        Shared by every detector: run it (experimental detectors run only when set to true).
    """

    name: ClassVar[str]
    family: ClassVar[str]
    capability: ClassVar[str | None] = None
    reads: ClassVar[tuple[str, ...]] = ()
    requires: ClassVar[str | None] = None
    needs: ClassVar[tuple[str, ...]] = ()
    evidence: ClassVar[str | None] = None
    maturity: ClassVar[str] = "stable"

    weight: float = 0.5
    enabled: bool = True

    # -- to implement -------------------------------------------------------------------------
    def score_arrays(self, p: Columns, pop: Population) -> np.ndarray:
        """Scores in [0, 1] for every row of ``p`` (vectorised)."""
        raise NotImplementedError

    def describe(self, row: Mapping[str, float], pop: Population, score: float) -> str:
        """A plain sentence that quotes the numbers behind ``score`` for one profile row."""
        raise NotImplementedError

    # -- provided -----------------------------------------------------------------------------
    def abstains(self, p: Columns) -> np.ndarray:
        """Rows where this detector has nothing to judge (its required input is unknown)."""
        n = _nrows(p)
        if self.requires is None:
            return np.zeros(n, dtype=bool)
        return np.asarray(p[self.requires], dtype=float) <= 0

    def scores(self, p: Columns, pop: Population) -> np.ndarray:
        """Vectorised scores with ``NaN`` where the detector abstains."""
        s = np.clip(np.nan_to_num(np.asarray(self.score_arrays(p, pop), dtype=float)), 0.0, 1.0)
        s[self.abstains(p)] = np.nan
        return s

    def score_one(self, profile: Mapping[str, Any], pop: Population) -> Verdict:
        """Score one profile (streaming path; same code as the batch path)."""
        cols = profile_columns([profile])
        return self.verdicts(cols, pop)[0]

    def score_batch(self, p: Columns, pop: Population) -> list[Verdict]:
        """One :class:`Verdict` per row of ``p``."""
        return self.verdicts(p, pop)

    def verdicts(self, p: Columns, pop: Population) -> list[Verdict]:
        s = self.scores(p, pop)
        out: list[Verdict] = []
        for i, v in enumerate(s):
            if math.isnan(v):
                missing = self.needs or ((self.requires,) if self.requires else ())
                out.append(Verdict.abstain(self.name, f"needs {', '.join(missing)}", missing))
            else:
                row = {k: _scalar(a[i]) for k, a in p.items()}
                out.append(Verdict(self.name, float(v), self.describe(row, pop, float(v))))
        return out

    def clone(self, **params: Any) -> AccountDetector:
        return replace(self, **params)

    @classmethod
    def parameters(cls) -> dict[str, Any]:
        """Parameter names and defaults (for config validation and docs)."""
        return {f.name: f.default for f in fields(cls)}

    @classmethod
    def parameter_help(cls) -> dict[str, str]:
        """Every parameter's help line: the shared ones (:data:`SHARED_DETECTOR_PARAMETERS`,
        documented once), then those of the class docstring's ``Parameters`` section."""
        import inspect
        import re

        doc = inspect.cleandoc(cls.__doc__ or "")
        m = re.search(r"^Parameters\n-{3,}\n(.*?)(?=^\S[^\n]*\n-{3,}\n|\Z)", doc, flags=re.M | re.S)
        own = {p.group(1): " ".join(p.group(2).split())
               for p in re.finditer(r"^(\w+) :[^\n]*\n((?:[ \t]+[^\n]*\n?)*)", m.group(1) if m else "", flags=re.M)}
        return {**SHARED_DETECTOR_PARAMETERS, **own}


def _nrows(p: Columns) -> int:
    for a in p.values():
        return len(a)
    return 0


def _scalar(v: Any) -> Any:
    return v.item() if hasattr(v, "item") else v


def profile_columns(profiles: Sequence[Mapping[str, Any]]) -> dict[str, np.ndarray]:
    """Columns (numpy arrays) from a list of profile dicts, missing fields filled with defaults."""
    names = list(PROFILE_DEFAULTS)
    extra = sorted({k for p in profiles for k in p} - set(names))
    cols: dict[str, np.ndarray] = {}
    for name in names + extra:
        default = PROFILE_DEFAULTS.get(name, 0)
        vals = [p.get(name, default) for p in profiles]
        vals = [default if v is None else v for v in vals]
        if all(isinstance(v, (int, float, bool, np.number)) for v in vals):
            cols[name] = np.asarray(vals, dtype=float)
        else:
            cols[name] = np.asarray(vals, dtype=object)
    return cols


_REGISTRY: dict[str, type[AccountDetector]] = {}
D = TypeVar("D", bound=type[AccountDetector])


def register(cls: D) -> D:
    """Class decorator that adds a detector to the registry (built-ins and plug-ins alike)."""
    name = getattr(cls, "name", None)
    if not name:
        raise TypeError(f"{cls.__name__} has no name")
    if name in _REGISTRY and _REGISTRY[name] is not cls:
        raise ValueError(f"two detectors are named {name!r}: {_REGISTRY[name].__name__} and {cls.__name__}")
    _REGISTRY[name] = cls
    return cls


_BUILTINS_LOADED = False
#: entry points already loaded (or tried), by ``name=value``
_LOADED_ENTRY_POINTS: set[str] = set()


def registry(*, entry_points: bool = True) -> dict[str, type[AccountDetector]]:
    """All registered detectors by name: the built-ins, then the ``distillguard.detectors`` entry points.

    Entry points are read at every call (importlib's metadata lookups are cached by directory), so
    a plug-in installed after the first call is found; each loads once.
    """
    global _BUILTINS_LOADED
    if not _BUILTINS_LOADED:
        _BUILTINS_LOADED = True
        from distillguard.detectors import _builtin  # noqa: F401  (registers the built-ins)
    if entry_points:
        from importlib.metadata import entry_points as eps

        for ep in eps(group="distillguard.detectors"):
            key = f"{ep.name}={ep.value}"
            if key in _LOADED_ENTRY_POINTS:
                continue
            _LOADED_ENTRY_POINTS.add(key)
            try:
                ep.load()
            except Exception as exc:  # a broken plug-in must not break a scan
                import warnings

                warnings.warn(f"detector plug-in {ep.name!r} failed to load: {exc}", stacklevel=2)
    return dict(sorted(_REGISTRY.items()))


def iter_detectors(config: Mapping[str, Mapping[str, Any]] | None = None) -> Iterator[AccountDetector]:
    """Instantiate every enabled detector with its configured parameters."""
    config = config or {}
    for name, cls in registry().items():
        params = dict(config.get(name, {}))
        det = cls(**params)
        if det.enabled and (det.maturity != "experimental" or "enabled" in params):
            yield det

