"""Conformance checks and case files for detectors — public, for third-party authors too.

Every detector, built-in or plug-in, must pass the same checks (river's ``check_estimator``,
scikit-learn's ``parametrize_with_checks``):

- scores lie in ``[0, 1]`` and are deterministic;
- it abstains with a reason when its ``requires`` field is 0, and accepts extra profile fields;
- ``score_batch`` equals ``score_one`` row by row, and row order does not matter;
- it pickles and clones (``clone()`` with no change gives an equal detector);
- every summary quotes a number;
- its metadata is complete (docstring says what it catches, misses and its false positives;
  every parameter is documented; ``evidence`` names a flag column of the enriched events);
- its case file (``<module>.cases.yaml`` beside the module) exists and holds at least one positive
  and one hard negative, and every case passes.

A case file is a YAML list of::

    - name: eval harness scoring MMLU with logprobs
      hard_negative: true              # an honest account that looks suspicious at first sight
      expect: {flag: false, max_score: 0.3, summary_contains: "top_logprobs"}
      profile: {requests: 14000, logprob_requests: 14000, top_logprobs_max: 5, ...}

``flag: true`` means score ≥ 0.5.  Profile fields not given take their defaults
(:data:`distillguard.features.profile.PROFILE_DEFAULTS`).  Cases are scored against
:func:`demo_population`.

In a plug-in's test suite::

    from distillguard.testing import parametrize_with_checks
    from my_plugin import MyDetector

    @parametrize_with_checks([MyDetector()])
    def test_conformance(detector, check):
        check(detector)

Examples
--------
>>> from distillguard.detectors.base import registry
>>> det = registry()["logprob-harvest"]()
>>> check_detector(det)
>>> len(load_cases(type(det))) >= 2
True
"""

from __future__ import annotations

import inspect
import math
import pickle
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from distillguard.detectors.base import AccountDetector, Population, Verdict, profile_columns
from distillguard.features.profile import FLAG_COLUMNS

__all__ = [
    "Case",
    "EVIDENCE_COLUMNS",
    "FLAG_AT",
    "case_path",
    "check_case",
    "check_detector",
    "demo_population",
    "docstring_sections",
    "load_cases",
    "make_events",
    "parametrize_with_checks",
    "random_profiles",
    "yield_checks",
]

#: a detector *flags* an account at or above this score ("the behaviour is clearly present")
FLAG_AT = 0.5

#: boolean columns of the enriched events a detector may name as its ``evidence``
#: (see :func:`distillguard.features.profile.enriched_events`)
EVIDENCE_COLUMNS: frozenset[str] = frozenset(
    FLAG_COLUMNS
)

_DAY_MS = 86_400_000
_NUMBER = re.compile(r"\d")


def demo_population() -> Population:
    """A fixed, realistic population that cases and examples are scored against.

    It stands for ~5,000 accounts of a general API: most are light chat or app users (median
    60 requests, 6 a day), the 90th percentile is a busy integration (120 requests a day), the
    99th a large production app (1,500 a day); a median answer is ~320 output tokens.

    Examples
    --------
    >>> demo_population().q("rate_per_day", "p90", 0.0)
    120.0
    """
    return Population(
        5000,
        {
            "requests": {"p50": 60.0, "p90": 1500.0, "p99": 20000.0, "max": 400000.0},
            "rate_per_day": {"p50": 6.0, "p90": 120.0, "p99": 1500.0, "max": 40000.0},
            "out_per_req": {"p50": 320.0, "p90": 900.0, "p99": 2200.0, "max": 6000.0},
            "output_tokens": {"p50": 20000.0, "p90": 900000.0, "p99": 1.5e7, "max": 3.0e8},
        },
    )


# -- cases ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One example account of a detector's case file, with the verdict it must get."""

    name: str
    profile: dict[str, Any]
    flag: bool
    min_score: float | None = None
    max_score: float | None = None
    summary_contains: str | None = None
    hard_negative: bool = False
    source: str = ""

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], source: str = "") -> Case:
        expect = d.get("expect") or {}
        unknown = set(d) - {"name", "expect", "profile", "hard_negative"}
        if unknown or "flag" not in expect or not isinstance(d.get("profile"), Mapping):
            raise ValueError(f"{source}: case {d.get('name')!r} needs name, expect.flag and profile (unknown keys: {sorted(unknown)})")
        return cls(
            name=str(d["name"]),
            profile=dict(d["profile"]),
            flag=bool(expect["flag"]),
            min_score=expect.get("min_score"),
            max_score=expect.get("max_score"),
            summary_contains=expect.get("summary_contains"),
            hard_negative=bool(d.get("hard_negative", False)),
            source=source,
        )


def case_path(det_cls: type[AccountDetector]) -> Path:
    """``<module>.cases.yaml`` beside the module that defines ``det_cls``."""
    return Path(inspect.getfile(det_cls)).with_suffix(".cases.yaml")


def load_cases(det_cls: type[AccountDetector]) -> list[Case]:
    """The cases of a detector class (empty list where it has no case file)."""
    path = case_path(det_cls)
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(data, list):
        raise ValueError(f"{path}: a case file is a YAML list of cases")
    return [Case.from_dict(d, source=f"{path.name}[{i}]") for i, d in enumerate(data)]


def check_case(det: AccountDetector, case: Case, pop: Population | None = None) -> Verdict:
    """Score one case and assert its expectations; returns the verdict."""
    pop = pop or demo_population()
    v = det.score_one(case.profile, pop)
    where = f"{det.name} case {case.name!r} ({case.source})"
    assert not v.abstained, f"{where}: abstained ({v.summary})"
    assert (v.score >= FLAG_AT) == case.flag, f"{where}: score {v.score:.3f}, expected flag={case.flag}; {v.summary}"
    if case.min_score is not None:
        assert v.score >= case.min_score, f"{where}: score {v.score:.3f} < min_score {case.min_score}; {v.summary}"
    if case.max_score is not None:
        assert v.score <= case.max_score, f"{where}: score {v.score:.3f} > max_score {case.max_score}; {v.summary}"
    if case.summary_contains is not None:
        assert case.summary_contains in v.summary, f"{where}: summary lacks {case.summary_contains!r}: {v.summary}"
    return v


# -- profiles for the checks ------------------------------------------------------------------


def random_profiles(n: int = 64, seed: int = 0) -> list[dict[str, Any]]:
    """``n`` internally consistent random profiles (counts never exceed ``requests``), seeded.

    They span light and heavy accounts, short and long histories, with and without the
    optional inputs, so the checks exercise every branch of a detector.
    """
    from distillguard.features.profile import CAPABILITY_COLUMNS, PROFILE_FIELDS

    rng = np.random.default_rng(seed)
    out: list[dict[str, Any]] = []
    count_fields = [f.name for f in PROFILE_FIELDS if f.merge == "sum" and f.name != "requests"]
    for i in range(n):
        req = int(rng.choice([0, 1, 3, 12, 40, 300, 5000, 60000])) if i else 0
        prof: dict[str, Any] = {"requests": req}
        for name in count_fields:
            if name.startswith(("gap_", "input_", "output_tokens", "reasoning_tokens", "completions")):
                continue
            frac = float(rng.choice([0.0, rng.uniform(0, 0.2), rng.uniform(0.2, 1.0), 1.0]))
            prof[name] = float(np.floor(req * frac))
        caps = list(CAPABILITY_COLUMNS.values())
        share = rng.dirichlet(np.ones(len(caps)))
        for c, s in zip(caps, share):
            prof[c] = float(np.floor(prof["prompt_known"] * s))
        days = max(1.0, min(float(prof["new_days"]), 60.0)) if req else 0.0
        prof["new_days"] = days
        prof["active_buckets"] = float(min(req, days * rng.integers(1, 25)))
        prof["gaps"] = float(max(req - 1, 0) * rng.uniform(0.3, 1.0)) // 1
        mean_log = rng.uniform(-0.5, 3.0)
        sd_log = rng.uniform(0.0, 0.8)
        prof["gap_log_sum"] = prof["gaps"] * mean_log
        prof["gap_log_sumsq"] = prof["gaps"] * (mean_log**2 + sd_log**2)
        mean_gap = 10**mean_log
        prof["gap_sum"] = prof["gaps"] * mean_gap
        prof["gap_sumsq"] = prof["gaps"] * mean_gap**2 * (1 + rng.uniform(0, 4))
        prof["output_tokens"] = float(prof["output_known"] * rng.uniform(1, 3000))
        prof["reasoning_tokens"] = float(prof["output_known"] * rng.choice([0.0, rng.uniform(0, 5000)]))
        prof["input_tokens"] = float(req * rng.uniform(10, 20000))
        prof["completions"] = float(req + prof["multi_n"] * rng.integers(1, 8))
        first = 1_700_000_000_000 + int(rng.integers(0, 30 * _DAY_MS))
        span = int(days * _DAY_MS * rng.uniform(1, 3)) if req else 0
        prof["first_ts"] = float(first) if req else float("nan")
        prof["last_ts"] = float(first + span) if req else float("nan")
        late = prof["late_infra"] > 0 and span > 3 * _DAY_MS
        prof["late_first_ts"] = float(first + rng.integers(3 * _DAY_MS, span + 1)) if late else float("nan")
        if not late:
            prof["late_infra"] = prof["late_cue"] = 0.0
        prof["late_cue"] = min(prof["late_cue"], prof["late_infra"])
        prof["top_logprobs_max"] = float(rng.choice([0, 5, 10, 20])) if prof["logprob_requests"] else 0.0
        prof["logit_bias_max"] = float(rng.choice([1, 50, 300])) if prof["logit_bias_requests"] else 0.0
        prof["max_tokens_max"] = float(rng.choice([256, 4096, 32000])) if prof["params_known"] else 0.0
        prof["new_hours_of_day"] = float(min(req, rng.integers(1, 25))) if req else 0.0
        out.append(prof)
    return out


def _check_profiles(det: AccountDetector) -> list[dict[str, Any]]:
    return [c.profile for c in load_cases(type(det))] + random_profiles(48, seed=7)


# -- the checks -------------------------------------------------------------------------------

Check = Callable[[AccountDetector], None]


def check_metadata(det: AccountDetector) -> None:
    """Name, family, weight, docstring sections (catches, misses, false positives, parameters)."""
    cls = type(det)
    assert re.fullmatch(r"[a-z][a-z0-9-]*", getattr(cls, "name", "") or ""), f"{cls.__name__}: name must be kebab-case"
    assert cls.family, f"{cls.name}: family is empty"
    assert 0.0 < det.weight <= 1.0, f"{cls.name}: weight {det.weight} outside (0, 1]"
    assert cls.maturity in {"experimental", "stable", "deprecated"}, f"{cls.name}: maturity {cls.maturity!r}"
    assert cls.evidence is None or cls.evidence in EVIDENCE_COLUMNS, f"{cls.name}: evidence {cls.evidence!r} is not a flag column of the enriched events"
    if cls.requires is not None:
        from distillguard.features.profile import PROFILE_DEFAULTS

        assert cls.requires in PROFILE_DEFAULTS, f"{cls.name}: requires {cls.requires!r} is not a profile field"
    sections = docstring_sections(cls)
    own = {f.name for f in fields(cls)} - {f.name for f in fields(AccountDetector)}
    for sec in ("Catches", "Misses", "False positives", "Parameters", "Examples"):
        if sec == "Parameters" and not own:
            continue
        assert sections.get(sec, "").strip(), f"{cls.name}: docstring lacks a {sec!r} section"
    documented = set(re.findall(r"^(\w+) :", sections["Parameters"], flags=re.M))
    # the parameters every detector shares (weight, enabled) are documented once, on the base class
    shared = {f.name for f in fields(AccountDetector)}
    params = {f.name for f in fields(cls)} - shared
    assert params <= documented, f"{cls.name}: parameters not documented in the docstring: {sorted(params - documented)}"


def check_score_range_deterministic(det: AccountDetector) -> None:
    """Scores lie in [0, 1] (or abstain) and are identical on a second run."""
    pop = demo_population()
    cols = profile_columns(_check_profiles(det))
    a = det.scores(cols, pop)
    b = det.scores(profile_columns(_check_profiles(det)), pop)
    ok = np.isnan(a) | ((a >= 0) & (a <= 1))
    assert ok.all(), f"{det.name}: scores outside [0, 1]: {a[~ok]}"
    assert np.array_equal(a, b, equal_nan=True), f"{det.name}: scores differ between two runs"


def check_abstains_and_extra_fields(det: AccountDetector) -> None:
    """Abstains, naming the missing input, when ``requires`` is 0; ignores unknown fields."""
    pop = demo_population()
    for prof in _check_profiles(det)[:8]:
        extra = dict(prof, zz_unknown_field=3.0, zz_label="x")
        a, b = det.score_one(prof, pop), det.score_one(extra, pop)
        assert (a.score, a.abstained) == (b.score, b.abstained), f"{det.name}: an extra profile field changed the verdict"
    if det.requires is None:
        return
    for prof in _check_profiles(det)[:8]:
        v = det.score_one(dict(prof, **{det.requires: 0}), pop)
        assert v.abstained, f"{det.name}: did not abstain with {det.requires}=0"
        assert v.missing and v.summary, f"{det.name}: abstention gives no reason"


def check_batch_equals_one(det: AccountDetector) -> None:
    """``score_batch`` over all rows equals ``score_one`` on each row."""
    pop = demo_population()
    profs = _check_profiles(det)
    batch = det.score_batch(profile_columns(profs), pop)
    for prof, vb in zip(profs, batch):
        vo = det.score_one(prof, pop)
        assert vo.abstained == vb.abstained, f"{det.name}: batch and one disagree on abstention"
        assert math.isclose(vo.score, vb.score, abs_tol=1e-9), f"{det.name}: batch {vb.score} != one {vo.score}"
        assert vo.summary == vb.summary, f"{det.name}: batch and one summaries differ:\n{vb.summary}\n{vo.summary}"


def check_order_invariant(det: AccountDetector) -> None:
    """Shuffling the rows shuffles the scores the same way."""
    pop = demo_population()
    profs = _check_profiles(det)
    perm = np.random.default_rng(3).permutation(len(profs))
    a = det.scores(profile_columns(profs), pop)
    b = det.scores(profile_columns([profs[i] for i in perm]), pop)
    assert np.array_equal(a[perm], b, equal_nan=True), f"{det.name}: scores depend on row order"


def check_pickle_clone(det: AccountDetector) -> None:
    """Pickles to an equal detector; ``clone()`` copies; ``clone(weight=…)`` changes only that."""
    again = pickle.loads(pickle.dumps(det))
    assert again == det, f"{det.name}: not equal after a pickle round trip"
    assert det.clone() == det, f"{det.name}: clone() is not equal"
    other = det.clone(weight=det.weight / 2)
    assert other.weight == det.weight / 2 and other.name == det.name


def check_summary_quotes_number(det: AccountDetector) -> None:
    """Every non-abstaining summary is a sentence quoting at least one number."""
    pop = demo_population()
    for v in det.score_batch(profile_columns(_check_profiles(det)), pop):
        assert v.summary, f"{det.name}: empty summary"
        if not v.abstained:
            assert _NUMBER.search(v.summary), f"{det.name}: summary quotes no number: {v.summary!r}"
            assert "nan" not in v.summary.lower().split(), f"{det.name}: summary prints nan: {v.summary!r}"


def check_cases_exist(det: AccountDetector) -> None:
    """A case file with at least one positive and one hard negative."""
    cases = load_cases(type(det))
    path = case_path(type(det))
    assert cases, f"{det.name}: no cases at {path}"
    assert any(c.flag for c in cases), f"{det.name}: {path.name} has no positive case"
    assert any(c.hard_negative and not c.flag for c in cases), f"{det.name}: {path.name} has no hard negative (hard_negative: true, flag: false)"


def check_cases_pass(det: AccountDetector) -> None:
    """Every case of the case file gets its expected verdict."""
    for case in load_cases(type(det)):
        check_case(det, case)


_CHECKS: tuple[Check, ...] = (
    check_metadata,
    check_score_range_deterministic,
    check_abstains_and_extra_fields,
    check_batch_equals_one,
    check_order_invariant,
    check_pickle_clone,
    check_summary_quotes_number,
    check_cases_exist,
    check_cases_pass,
)


def yield_checks(det: AccountDetector) -> Iterator[Check]:
    """Every conformance check that applies to ``det``."""
    yield from _CHECKS


def check_detector(det: AccountDetector) -> None:
    """Run every conformance check on ``det``; raises ``AssertionError`` on the first failure."""
    for check in yield_checks(det):
        check(det)


def parametrize_with_checks(detectors: Sequence[AccountDetector]) -> Any:
    """A ``pytest.mark.parametrize("detector, check", …)`` over every detector × check."""
    import pytest

    params = [
        pytest.param(det, check, id=f"{det.name}-{check.__name__.removeprefix('check_')}")
        for det in detectors
        for check in yield_checks(det)
    ]
    return pytest.mark.parametrize("detector, check", params)


# -- docstrings -------------------------------------------------------------------------------


def docstring_sections(cls: type) -> dict[str, str]:
    """Numpy-style sections of a class docstring: ``{"": summary, "Catches": …, …}``."""
    doc = inspect.cleandoc(cls.__doc__ or "")
    lines = doc.splitlines()
    out: dict[str, list[str]] = {"": []}
    current = ""
    i = 0
    while i < len(lines):
        if i + 1 < len(lines) and lines[i].strip() and re.fullmatch(r"-{3,}", lines[i + 1].strip()):
            current = lines[i].strip()
            out[current] = []
            i += 2
            continue
        out[current].append(lines[i])
        i += 1
    return {k: "\n".join(v).strip() for k, v in out.items()}



def make_events(rows: list[dict[str, Any]]) -> Any:
    """A canonical events table (``pyarrow.Table``) from dict rows; absent fields are unknown.

    ``ts`` may be epoch milliseconds or an RFC 3339 string.  Useful to write small, realistic
    logs in tests: ``pq.write_table(make_events(rows), path)`` then scan ``path``.

    Examples
    --------
    >>> t = make_events([{"ts": 0, "request_id": "r1", "account_id": "a", "prompt": "hi"}])
    >>> t.num_rows, t.column("prompt")[0].as_py()
    (1, 'hi')
    """
    import pyarrow as pa

    from distillguard.events.readers import parse_ts
    from distillguard.events.schema import EVENT_FIELDS

    cols: dict[str, list[Any]] = {f.name: [] for f in EVENT_FIELDS}
    for r in rows:
        for f in EVENT_FIELDS:
            v = r.get(f.name)
            if f.name == "ts" and isinstance(v, str):
                v = parse_ts(v)[0]
            cols[f.name].append(v)
    arrow = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(), "ts": pa.timestamp("ms", tz="UTC")}
    return pa.table({f.name: pa.array(cols[f.name], arrow[f.kind]) for f in EVENT_FIELDS})
