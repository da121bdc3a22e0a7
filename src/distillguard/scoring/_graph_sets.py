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

Why MinHash: the signature of an account is ``k`` minima of seeded hashes over its set
(:mod:`distillguard.features.sketches`, the one hash every engine uses), a mergeable per-account
sketch (the minimum of two signatures is the signature of the union), so the profile stage
outputs it per account (``account_sketches``) and the online service keeps it per account and
re-links every few minutes without the events.  Candidate pairs come from LSH banding (``bands``
× ``rows`` = ``k``): accounts whose signatures agree on a whole band share a bucket.  Buckets
larger than ``max_bucket`` (a hugely popular prompt, a busy window) are linked through a sample:
each member tied to its ``ring`` next members in a pseudo-random order, so cost stays linear.
The pair's weight is the kind's weight times the estimated Jaccard similarity (the share of
agreeing signature entries).

Examples
--------
>>> sets = {"a": range(20), "b": range(2, 22), "c": range(100, 120)}
>>> sk = signatures_from_sets(sets)
>>> pairs = candidate_pairs(sk, SET_KINDS[0])
>>> [(sk.ids[i], sk.ids[j]) for i, j in zip(pairs.i, pairs.j)]
[('a', 'b')]
>>> round(float(pairs.jaccard[0]), 1) >= 0.6
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from distillguard.features.sketches import minhash, splitmix64
from distillguard.scoring._unique import unique_ints

__all__ = ["SET_KINDS", "Pairs", "SetKind", "Sketches", "candidate_pairs", "set_similarity_edges", "sketches", "signatures_from_sets"]


@dataclass(frozen=True, kw_only=True)
class SetKind:
    """One set edge kind (see the module docstring)."""

    name: str
    label: str
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
    SetKind(name="near_duplicate", label="near-duplicate prompt sets", weight=0.45,
            min_set=5, min_jaccard=0.3,
            catches="one prompt list replayed through several keys, whatever their IPs",
            misses="disjoint shards of one list (no overlap by design)",
            false_positives="a research group running one public benchmark from several accounts"),
    SetKind(name="lockstep", label="lockstep 15-minute windows", weight=0.25,
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


def sketches(table: pa.Table, kind: SetKind) -> Sketches:
    """One kind's signatures from the ``account_sketches`` table (account_id, kind, n, sig)."""
    t = table.filter(pc.equal(table.column("kind"), kind.name)).sort_by("account_id")
    ids = t.column("account_id").to_pylist()
    if not ids:
        return Sketches([], np.zeros((0, kind.k), dtype=np.uint64), np.zeros(0))
    flat = pc.list_flatten(t.column("sig").combine_chunks()).to_numpy(zero_copy_only=False).astype(np.uint64)
    sig = flat.reshape(len(ids), -1)[:, : kind.k]
    return Sketches(ids, np.ascontiguousarray(sig), t.column("n").to_numpy(zero_copy_only=False).astype(float))


def signatures_from_sets(sets: Mapping[str, Sequence[int]], k: int = 32) -> Sketches:
    """Signatures from in-memory sets (the online service's per-account state; tests): the same
    function as the profile stage's ``account_sketches``, so they compare with them."""
    ids = sorted(sets)
    groups = [np.full(len(set(sets[a])), r, dtype=np.int64) for r, a in enumerate(ids)]
    elems = [np.fromiter(set(sets[a]), dtype=np.int64) for a in ids]
    size = np.array([len(e) for e in elems], dtype=float)
    sig = minhash(np.concatenate(groups) if groups else np.zeros(0, np.int64),
                  np.concatenate(elems) if elems else np.zeros(0, np.int64), len(ids))
    return Sketches(ids, sig[:, :k], size)


_splitmix = splitmix64


def _bucket_pairs(starts: np.ndarray, sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of positions within each bucket (``sizes[b]`` consecutive positions from
    ``starts[b]``), all buckets at once.

    >>> [list(map(int, a)) for a in _bucket_pairs(np.array([0, 5]), np.array([3, 2]))]
    [[0, 0, 1, 5], [1, 2, 2, 6]]
    """
    sizes = np.asarray(sizes, np.int64)
    if sizes.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    bucket = np.repeat(np.arange(len(sizes)), sizes)
    p = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    g = np.asarray(starts, np.int64)[bucket] + p
    later = sizes[bucket] - 1 - p  # the positions after each one in its bucket
    ii = np.repeat(g, later)
    jj = ii + 1 + np.arange(int(later.sum())) - np.repeat(np.cumsum(later) - later, later)
    return ii, jj


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
        small = (sizes >= 2) & (sizes <= kind.max_bucket)
        ii, jj = _bucket_pairs(starts[small], sizes[small])
        found_i.append(order[ii])
        found_j.append(order[jj])
        for s0, n in zip(starts[sizes > kind.max_bucket], sizes[sizes > kind.max_bucket]):
            # a huge bucket: each member tied to its next ``ring`` members (cyclic)
            members = order[s0:s0 + n]
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
    pair = unique_ints(lo[keep].astype(np.int64) * len(ok) + hi[keep])
    pi, pj = pair // len(ok), pair % len(ok)
    jac = np.zeros(len(pair))
    step = 1_000_000
    for s0 in range(0, len(pair), step):
        jac[s0:s0 + step] = (sig[pi[s0:s0 + step]] == sig[pj[s0:s0 + step]]).mean(axis=1)
    good = jac >= kind.min_jaccard
    return Pairs(ok[pi[good]], ok[pj[good]], jac[good])


def set_similarity_edges(
    table: pa.Table, ids: Sequence[str], *, kinds: Sequence[SetKind] = SET_KINDS,
) -> tuple[sp.coo_matrix, dict[str, sp.coo_matrix]]:
    """The summed weight of every set-kind pair over ``ids`` (upper triangle), and per kind the
    pairs' estimated Jaccard (to explain links), from the ``account_sketches`` table."""
    n = len(ids)
    index = {a: i for i, a in enumerate(ids)}
    total = sp.coo_matrix((n, n))
    per_kind: dict[str, sp.coo_matrix] = {}
    for kind in kinds:
        sk = sketches(table, kind)
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
