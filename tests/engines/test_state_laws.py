"""The fold's laws (Algebird/Chronon style): identity, associativity, commutativity,
split-fold-merge equals fold-all, exact byte round trip — on every profile field and on the
whole per-account state, over random event streams built with the real per-event function."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from distillguard.engines.memory import AccountState, fold
from distillguard.features import profile as P
from distillguard.testing import make_events

T0 = 1_767_225_600_000
HOUR = 3_600_000
PROMPTS = ["Explain step by step why the sky is blue.", "write a haiku about {n}", "Answer in detail: what is {n}?",
           "translate 'good morning' into {n} languages", None]


def _rows(seed: int, n: int, accounts: int = 1) -> list[dict[str, Any]]:
    """``n`` realistic per-event rows (stateless columns) of ``accounts`` accounts over 5 days."""
    rng = np.random.default_rng(seed)
    ts = np.sort(T0 + rng.integers(0, 5 * 24 * HOUR, n))
    # bursts: some requests seconds apart, so gaps inside a bucket occur
    ts = np.sort(np.r_[ts[: n // 2], ts[: n - n // 2] + rng.integers(1, 30_000, n - n // 2)])
    rows = []
    for i in range(n):
        p = PROMPTS[rng.integers(len(PROMPTS))]
        rows.append({
            "ts": int(ts[i]), "request_id": f"r{i:04d}", "account_id": f"a{rng.integers(accounts)}",
            "ip": f"203.0.{rng.integers(3)}.{rng.integers(4)}", "asn": int(rng.choice([64501, 64502])) if rng.random() < 0.9 else None,
            "user_agent": ["sdk/1", "sdk/2"][rng.integers(2)] if i < n * 0.8 else "new-client/9",
            "prompt": None if p is None else p.format(n=int(rng.integers(4))), "max_tokens": int(rng.choice([256, 4096])),
            "output_tokens": int(rng.integers(1, 2000)), "top_logprobs": int(rng.choice([0, 20])), "conversation_id": f"c{rng.integers(5)}",
        })
    ev = make_events(rows)
    ev = ev.append_column("ts_ms", pa.array([r["ts"] for r in rows], pa.int64()))
    return P.event_columns(ev.select(list(P.EVENT_INPUTS))).to_pylist()


def _fold(rows: list[dict[str, Any]]) -> AccountState:
    s = AccountState.zero()
    for r in sorted(rows, key=lambda r: (r["ts_ms"], r["request_id"])):
        s.add_event(r)
    return s


def _same(a: AccountState, b: AccountState) -> None:
    """Equal states: maps and counts exactly, float sums within 1e-12 (added in other orders)."""
    ca, cb = a._canonical(), b._canonical()
    for k in ca:
        if k not in ("gaps", "buckets"):
            assert ca[k] == cb[k], k
    assert [g[:6] for g in ca["gaps"]] == [g[:6] for g in cb["gaps"]]
    for x, y in zip(ca["gaps"] + ca["buckets"], cb["gaps"] + cb["buckets"]):
        assert _close(x, y), (x, y)
    for x, y in zip(a.bucket_profiles(), b.bucket_profiles()):
        assert x.keys() == y.keys() and all(_close(x[f], y[f]) for f in x), (x, y)


def _close(x: Any, y: Any) -> bool:
    if isinstance(x, list):
        return len(x) == len(y) and all(_close(p, q) for p, q in zip(x, y))
    if isinstance(x, float) or isinstance(y, float):
        if x is None or y is None or math.isnan(x) or math.isnan(y):
            return (x is None or math.isnan(x)) and (y is None or math.isnan(y))
        return math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-12)
    return x == y


# -- every profile field's merge is a commutative monoid with nan (SQL NULL) as identity -----------


@pytest.mark.parametrize("f", P.PROFILE_FIELDS, ids=lambda f: f.name)
@given(xs=st.lists(st.one_of(st.just(math.nan), st.integers(0, 10**6).map(float)), min_size=3, max_size=3))
def test_field_merge_is_a_commutative_monoid(f: P.ProfileField, xs: list[float]) -> None:
    a, b, c = xs
    same = lambda p, q: (math.isnan(p) and math.isnan(q)) or p == q  # noqa: E731
    assert same(f.merge_values(f.zero(), a), a) and same(f.merge_values(a, f.zero()), a)
    assert same(f.merge_values(f.merge_values(a, b), c), f.merge_values(a, f.merge_values(b, c)))
    assert same(f.merge_values(a, b), f.merge_values(b, a))


# -- the account state ------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(2, 80), cut=st.floats(0, 1))
def test_fold_in_two_time_ordered_parts_then_merge_equals_fold_all(seed: int, n: int, cut: float) -> None:
    rows = sorted(_rows(seed, n), key=lambda r: (r["ts_ms"], r["request_id"]))
    k = int(cut * n)
    whole = _fold(rows)
    a, b = _fold(rows[:k]), _fold(rows[k:])
    _same(a.merge(b), whole)
    _same(b.merge(a), whole)  # commutative
    _same(AccountState.zero().merge(whole), whole)  # identity
    _same(whole.merge(AccountState.zero()), whole)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(2, 80))
def test_any_split_by_hour_bucket_merges_to_the_whole(seed: int, n: int) -> None:
    rows = _rows(seed, n)
    rng = np.random.default_rng(seed)
    buckets = sorted({r["bucket"] for r in rows})
    side = {b: rng.integers(3) for b in buckets}  # three parts, each holding whole hours, out of time order
    parts = [_fold([r for r in rows if side[r["bucket"]] == k]) for k in range(3)]
    whole = _fold(rows)
    left = parts[0].merge(parts[1]).merge(parts[2])
    right = parts[0].merge(parts[1].merge(parts[2]))  # associative
    _same(left, whole)
    _same(right, whole)


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10**6), n=st.integers(1, 60))
def test_bytes_round_trip_exactly(seed: int, n: int) -> None:
    s = _fold(_rows(seed, n))
    again = AccountState.from_bytes(s.to_bytes())
    assert again == s and again.to_bytes() == s.to_bytes()
    assert again.bucket_profiles() == s.bucket_profiles() or all(_close(list(x.values()), list(y.values()))
                                                                 for x, y in zip(again.bucket_profiles(), s.bucket_profiles()))


def test_bytes_of_another_feature_definition_are_refused() -> None:
    s = _fold(_rows(1, 10))
    stale = s.to_bytes().replace(s._canonical()["definition"].encode(), b"0000000000000000")
    with pytest.raises(ValueError, match="another feature definition"):
        AccountState.from_bytes(stale)


def test_interleaved_requests_inside_one_hour_cannot_merge() -> None:
    rows = [r for r in sorted(_rows(4, 60), key=lambda r: (r["ts_ms"], r["request_id"]))]
    b = max({r["bucket"] for r in rows}, key=lambda x: sum(r["bucket"] == x for r in rows))
    inside = [r for r in rows if r["bucket"] == b]
    assert len(inside) >= 3
    odd, even = inside[::2], inside[1::2]
    with pytest.raises(ValueError, match="interleave"):
        _fold(odd).merge(_fold(even))
    s = _fold(inside[1:])
    with pytest.raises(ValueError, match="time order"):
        s.add_event(inside[0])


def test_the_fold_counts_first_seen_values_once_across_parts() -> None:
    rows = sorted(_rows(9, 50), key=lambda r: (r["ts_ms"], r["request_id"]))
    a, b = _fold(rows[:25]), _fold(rows[25:])
    merged = a.merge(b)
    ips = {r["ip"] for r in rows}
    assert sum(p["new_ips"] for p in merged.bucket_profiles()) == len(ips)
    # folded alone, the later part counts again the IPs the earlier part already saw
    assert sum(p["new_ips"] for p in b.bucket_profiles()) > len({r["ip"] for r in rows[25:]} - {r["ip"] for r in rows[:25]})
    assert merged.profile()["requests"] == 50


def test_fold_returns_the_causal_per_event_flags() -> None:
    rows = _rows(5, 40, accounts=3)
    states, flags = fold(rows)
    assert set(states) == {r["account_id"] for r in rows}
    by_acct: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        by_acct.setdefault(r["account_id"], []).append(i)
    for a, idx in by_acct.items():
        idx.sort(key=lambda i: (rows[i]["ts_ms"], rows[i]["request_id"]))
        assert flags[idx[0]]["v_gap_raw"] is None and flags[idx[0]]["n_ip"]
        seen: set[str] = set()
        for i in idx:
            assert flags[i]["n_ip"] == (rows[i]["ip"] not in seen)
            seen.add(rows[i]["ip"])
        assert sum(states[a].profile()[k] for k in ("requests",)) == len(idx)
