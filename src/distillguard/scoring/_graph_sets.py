"""Set edge kinds: accounts whose *sets* overlap far more than chance, found by MinHash + LSH.

Two kinds, each a set every account builds up from its own requests:

``near_duplicate``
    the account's set of prompt openings and closings (``prefix_fp``, ``suffix_fp``: hashes of
    the first and last characters of the digit-folded prompt; where the log keeps only
    ``prompt_sha256``, the prompt's hash), a shingle-level view of its prompts: two accounts asking from one question bank share openings whatever wrapper,
    language or position of the demand they vary.  Catches one prompt list replayed through
    several keys (reasoning-trace coercion re-asking one bank of hard questions from a fresh
    residential IP per request, so no infrastructure ties the keys).  Misses: operations that
    split the list into disjoint shards (no overlap by design; see the wrapper and template
    kinds).  False positives: a research group running one public benchmark from several
    accounts (linked; the campaign detectors keep it low-risk: old accounts, no cues, no
    harvesting).
``lockstep``
    the account's 15-minute windows of activity, on two grids offset by 7.5 minutes so that a
    jitter of a few minutes around a boundary still lands in a shared window
    (CopyCatch/SynchroTrap).  Catches: keys driven by one scheduler.  Misses: operations that
    spread each key over random hours.  False positives: staff of one office active in the same
    working hours (weak: their windows overlap far less than a scheduler's).

Why MinHash: the signature of an account is ``k`` minima of seeded hashes over its set, a
mergeable per-account sketch (the minimum of two signatures is the signature of the union), so
the online service keeps it per account and re-links every few minutes without the events.
Candidate pairs come from LSH banding (``bands`` × ``rows`` = ``k``): accounts whose signatures
agree on a whole band share a bucket.  Buckets larger than ``max_bucket`` (a hugely popular
prompt, a busy window) are linked through a sample: each member tied to its ``ring`` next
members in a pseudo-random order, so cost stays linear.  The pair's weight is the kind's weight
times the estimated Jaccard similarity (the share of agreeing signature entries).

Examples
--------
>>> import duckdb, pyarrow as pa
>>> con = duckdb.connect()
>>> rows = [("a", i) for i in range(20)] + [("b", i) for i in range(2, 22)] + [("c", 100 + i) for i in range(20)]
>>> _ = con.register("graph_events", pa.table({"account_id": [r[0] for r in rows], "prefix_fp": [r[1] for r in rows],
...                                             "suffix_fp": [r[1] + 7 for r in rows], "prompt_hash": [r[1] * 31 for r in rows]}))
>>> sk = sketches(con, SET_KINDS[0], table="graph_events")
>>> pairs = candidate_pairs(sk, SET_KINDS[0])
>>> [(sk.ids[i], sk.ids[j]) for i, j in zip(pairs.i, pairs.j)]
[('a', 'b')]
>>> round(float(pairs.jaccard[0]), 1) >= 0.6
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb
import numpy as np
import scipy.sparse as sp

__all__ = ["SET_KINDS", "Pairs", "SetKind", "Sketches", "candidate_pairs", "set_similarity_edges", "sketches", "signatures_from_sets"]

_MASK = np.uint64(0xFFFFFFFFFFFFFFFF)


@dataclass(frozen=True, kw_only=True)
class SetKind:
    """One set edge kind (see the module docstring)."""

    name: str
    label: str
    #: SQL over the events table giving a list of BIGINT elements per request
    elements: str
    weight: float
    min_set: int = 5
    min_jaccard: float = 0.2
    k: int = 32
    rows: int = 2
    max_bucket: int = 200
    ring: int = 3
    catches: str = ""
    misses: str = ""
    false_positives: str = ""


SET_KINDS: tuple[SetKind, ...] = (
    SetKind(name="near_duplicate", label="near-duplicate prompt sets", elements="[coalesce(prefix_fp, prompt_hash), coalesce(suffix_fp, prompt_hash)]", weight=0.45,
            min_set=5, min_jaccard=0.3,
            catches="one prompt list replayed through several keys, whatever their IPs",
            misses="disjoint shards of one list (no overlap by design)",
            false_positives="a research group running one public benchmark from several accounts"),
    SetKind(name="lockstep", label="lockstep 15-minute windows",
            elements="[(ts_ms // 900000) * 2, ((ts_ms + 450000) // 900000) * 2 + 1]", weight=0.25,
            min_set=8, min_jaccard=0.3,
            catches="keys driven by one scheduler, robust to minutes of jitter",
            misses="keys spread over random hours", false_positives="an office's staff in the same hours (weak)"),
)


@dataclass
class Sketches:
    """Per-account MinHash signatures of one kind: ``sig[i]`` belongs to ``ids[i]``."""

    ids: list[str]
    sig: np.ndarray  # (n, k) uint64
    size: np.ndarray  # distinct elements per account


@dataclass
class Pairs:
    """Candidate pairs (index arrays into :attr:`Sketches.ids`) with estimated Jaccard."""

    i: np.ndarray
    j: np.ndarray
    jaccard: np.ndarray


def sketches(con: duckdb.DuckDBPyConnection, kind: SetKind, *, table: str = "event_flags") -> Sketches:
    """MinHash signatures computed in one group-by (``min(hash(e, seed))`` per seed)."""
    mins = ", ".join(f"min(hash(e, {s}))::ubigint as m{s}" for s in range(kind.k))
    sql = f"""
        with el as (
            select distinct account_id, x as e from (select account_id, unnest({kind.elements}) as x from {table})
            where x is not null)
        select account_id, count(*) as n, {mins} from el group by account_id order by account_id"""
    t = con.execute(sql).to_arrow_table()
    ids = t.column("account_id").to_pylist()
    if not ids:
        return Sketches([], np.zeros((0, kind.k), dtype=np.uint64), np.zeros(0))
    sig = np.column_stack([t.column(f"m{s}").to_numpy().astype(np.uint64) for s in range(kind.k)])
    return Sketches(ids, sig, t.column("n").to_numpy().astype(float))


def signatures_from_sets(sets: Mapping[str, Sequence[int]], k: int = 32) -> Sketches:
    """Signatures from in-memory sets (the online service's per-account state; tests).

    Uses splitmix64 of ``element ^ seed`` (not DuckDB's hash): compare signatures only when they
    come from the same function.
    """
    ids = sorted(sets)
    sig = np.zeros((len(ids), k), dtype=np.uint64)
    seeds = _splitmix(np.arange(1, k + 1, dtype=np.uint64))
    size = np.zeros(len(ids))
    for r, a in enumerate(ids):
        x = np.unique(np.asarray(list(sets[a]), dtype=np.int64).view(np.uint64))
        size[r] = len(x)
        if len(x):
            sig[r] = _splitmix(x[:, None] ^ seeds[None, :]).min(axis=0)
    return Sketches(ids, sig, size)


def _splitmix(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        z = (x + np.uint64(0x9E3779B97F4A7C15)) & _MASK
        z = ((z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)) & _MASK
        z = ((z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)) & _MASK
        return z ^ (z >> np.uint64(31))


def candidate_pairs(sk: Sketches, kind: SetKind) -> Pairs:
    """LSH banding → candidate pairs (capped buckets sampled as rings) → estimated Jaccard."""
    ok = np.flatnonzero(sk.size >= kind.min_set)
    empty = Pairs(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    if len(ok) < 2:
        return empty
    sig = sk.sig[ok]
    bands = kind.k // kind.rows
    found_i: list[np.ndarray] = []
    found_j: list[np.ndarray] = []
    for b in range(bands):
        block = sig[:, b * kind.rows:(b + 1) * kind.rows]
        key = block[:, 0].copy()
        for c in range(1, kind.rows):
            key = _splitmix(key ^ block[:, c])
        order = np.lexsort((_splitmix(key ^ np.arange(len(key), dtype=np.uint64)), key))
        ks = key[order]
        starts = np.flatnonzero(np.r_[True, ks[1:] != ks[:-1]])
        sizes = np.diff(np.r_[starts, len(ks)])
        multi = sizes >= 2
        for s0, n in zip(starts[multi], sizes[multi]):
            members = order[s0:s0 + n]
            if n <= kind.max_bucket:
                ii, jj = np.triu_indices(n, k=1)
            else:  # a huge bucket: each member tied to its next ``ring`` members (cyclic)
                ii = np.repeat(np.arange(n), kind.ring)
                jj = (ii + np.tile(np.arange(1, kind.ring + 1), n)) % n
            found_i.append(members[ii])
            found_j.append(members[jj])
    if not found_i:
        return empty
    a = np.concatenate(found_i)
    b = np.concatenate(found_j)
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    keep = lo != hi
    pair = np.unique(lo[keep].astype(np.int64) * len(ok) + hi[keep])
    pi, pj = pair // len(ok), pair % len(ok)
    jac = np.zeros(len(pair))
    step = 1_000_000
    for s0 in range(0, len(pair), step):
        jac[s0:s0 + step] = (sig[pi[s0:s0 + step]] == sig[pj[s0:s0 + step]]).mean(axis=1)
    good = jac >= kind.min_jaccard
    return Pairs(ok[pi[good]], ok[pj[good]], jac[good])


def set_similarity_edges(
    con: duckdb.DuckDBPyConnection, ids: Sequence[str], *, table: str = "event_flags", kinds: Sequence[SetKind] = SET_KINDS,
) -> tuple[sp.coo_matrix, dict[str, sp.coo_matrix]]:
    """The summed weight of every set-kind pair over ``ids`` (upper triangle), and per kind the
    pairs' estimated Jaccard (to explain links).  Kinds whose column is missing are skipped."""
    n = len(ids)
    index = {a: i for i, a in enumerate(ids)}
    total = sp.coo_matrix((n, n))
    per_kind: dict[str, sp.coo_matrix] = {}
    for kind in kinds:
        try:
            sk = sketches(con, kind, table=table)
        except duckdb.Error:
            continue
        p = candidate_pairs(sk, kind)
        gi = np.array([index.get(a, -1) for a in sk.ids], dtype=np.int64)
        a, b = gi[p.i], gi[p.j]
        keep = (a >= 0) & (b >= 0)
        a, b, jac = a[keep], b[keep], p.jaccard[keep]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        m = sp.coo_matrix((jac, (lo, hi)), shape=(n, n))
        per_kind[kind.name] = m
        total = total + kind.weight * m
    return sp.coo_matrix(total), per_kind
