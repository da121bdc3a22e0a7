"""Campaigns: link accounts into the operations behind them.

1. **Account × value matrices**, one per edge kind (:mod:`distillguard.detectors.graph.edges`),
   weighted by how much of the account's traffic uses the value and by the value's rarity.
2. **Similarity** of two accounts = Σ over groups (infrastructure, content, time) of the group
   weight × the cosine of their vectors; a sparse product over shared rare values only, never
   all pairs.  Pairs at or above ``min_similarity`` become weighted edges.
3. **Communities** by Leiden (``graspologic-native``, MIT), seeded, so the same input gives the
   same communities and ids.
4. **Campaign detectors** (:mod:`distillguard.detectors.graph.campaign`) judge each community:
   its members' own risk, its extraction content, and a coordination signature (fresh accounts
   that started together, linked by shared wrappers or infrastructure, sending one-shot
   diverse prompts).  Their noisy-OR is the campaign risk.
5. **Feedback**: a member's risk becomes ``max(own, campaign risk × attachment)``, where the
   attachment is how strongly it is tied to the rest of the campaign.

Everything here reads per-account tables (:class:`~distillguard.tables.AccountScores` and
:class:`~distillguard.tables.GraphInputs`, outputs of the profile and score stages), so the online
service can re-run it every few minutes from its own state, and every engine links the same way.
Times are epoch milliseconds; the findings writers (:mod:`distillguard.sinks.jsonl`) format them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp

from distillguard.detectors.base import ramp
from distillguard.detectors.graph.campaign import CAMPAIGN_DETECTORS, CampaignFeatures
from distillguard.detectors.graph.edges import EDGE_KINDS, GROUP_WEIGHTS, EdgeKind
from distillguard.scoring._linking import linked_pairs
from distillguard.scoring._unique import unique_ints
from distillguard.scoring.settings import CampaignSettings
from distillguard.scoring.signatures import SIGNUP_TIES, campaign_signature, match_signatures, tie_time
from distillguard.tables import AccountScores, Campaign, CampaignResult, GraphInputs, MemberVerdict

__all__ = ["Campaign", "CampaignResult", "CampaignSettings", "MemberVerdict", "find_campaigns", "link_phrase", "similarity_edges"]

DAY_MS = 86_400_000


# -- 1-2: the similarity graph -----------------------------------------------------------------------


def _values_by_kind(values: pa.Table) -> dict[str, pa.Table]:
    """``account_values`` split by edge kind (each kind's rows in their order): the kind column
    encoded once and each kind picked by its integer code, not by comparing every row's kind
    name again for every kind."""
    if values.num_rows == 0:
        return {}
    enc = pc.dictionary_encode(values.column("kind").combine_chunks())
    rows = values.select(["account_id", "value", "c"])
    return {str(name): rows.filter(pc.equal(enc.indices, code)) for code, name in enumerate(enc.dictionary.to_pylist())}


def _value_counts(graph: GraphInputs, kind: EdgeKind, values_of: Mapping[str, pa.Table], families: Callable[[], Any]) -> pa.Table:
    """``(account_id, value, c)`` of one edge kind, from the per-account graph inputs
    (``values_of``: :func:`_values_by_kind` of ``graph.values``; ``families``: the log's wrapper
    families, called only for the kind that needs them)."""
    if kind.level == "family":
        from distillguard.scoring._families import family_uses

        return family_uses(graph.wrappers, families())
    if kind.level == "account":
        acc = graph.accounts
        if acc.num_rows == 0:
            return _EMPTY_COUNTS
        v = kind.account_values(acc)
        t = pa.table({"account_id": acc.column("account_id"), "value": v, "c": pa.array(np.ones(acc.num_rows, np.int64))})
        return t.filter(pc.is_valid(t.column("value")))
    if kind.level == "wrapper":
        w = graph.wrappers
        t = w.filter(pc.is_valid(w.column(kind.column)))
        if t.num_rows == 0:
            return _EMPTY_COUNTS
        # requests per (account, phrase): integer codes and a bincount (Arrow's string hash
        # aggregate costs more than the rest of the kind's work)
        a = pc.dictionary_encode(t.column("account_id").combine_chunks())
        v = pc.dictionary_encode(t.column(kind.column).combine_chunks())
        key = a.indices.to_numpy(zero_copy_only=False).astype(np.int64) * len(v.dictionary) + v.indices.to_numpy(zero_copy_only=False)
        uniq, inv = np.unique(key, return_inverse=True)
        c = np.bincount(inv, weights=t.column("c").to_numpy(zero_copy_only=False).astype(float))
        return pa.table({"account_id": a.dictionary.take(pa.array(uniq // len(v.dictionary))),
                         "value": v.dictionary.take(pa.array(uniq % len(v.dictionary))), "c": pa.array(c.astype(np.int64))})
    return values_of.get(kind.name, graph.values.select(["account_id", "value", "c"]).slice(0, 0))


_EMPTY_COUNTS = pa.table({"account_id": pa.array([], pa.string()), "value": pa.array([], pa.string()), "c": pa.array([], pa.int64())})


def _kind_matrix(
    counts: pa.Table, kind: EdgeKind, index: Mapping[str, int] | pa.Array, requests: np.ndarray, s: CampaignSettings
) -> tuple[sp.csr_matrix, list[str], np.ndarray]:
    """Rows: accounts; columns: the kind's usable values (sorted); entries: sqrt(share) × idf.

    ``index``: the accounts (row order), as ``{account_id: row}`` or an Arrow array of ids."""
    ids = index if isinstance(index, (pa.Array, pa.ChunkedArray)) else pa.array(list(index), pa.string())
    n = len(ids)
    if counts.num_rows == 0:
        return sp.csr_matrix((n, 0)), [], np.zeros(0)
    acc = pc.fill_null(pc.index_in(counts.column("account_id"), value_set=ids), -1).to_numpy(zero_copy_only=False).astype(np.int64)
    c = counts.column("c").to_numpy(zero_copy_only=False).astype(float)
    keep = acc >= 0
    if kind.level != "account":
        share = c / np.maximum(requests[np.maximum(acc, 0)], 1.0)
        # a value the account really uses: a share of its traffic, and more than a stray request
        keep &= (share >= kind.min_share) & (c >= min(kind.min_count, 2))
        tf = np.sqrt(np.clip(share, 0, 1))
    else:
        tf = np.ones_like(c)
    acc, tf = acc[keep], tf[keep]
    enc = pc.dictionary_encode(counts.column("value").combine_chunks().filter(pa.array(keep)))
    order = pc.array_sort_indices(enc.dictionary).to_numpy(zero_copy_only=False)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    inv = rank[enc.indices.to_numpy(zero_copy_only=False).astype(np.int64)]
    uniq = np.asarray(enc.dictionary.take(pa.array(order)).to_pylist(), dtype=object)
    df = np.bincount(inv, minlength=len(uniq)).astype(float)
    usable = df <= max(s.max_df_share * n, 10)  # an explicit opt-out only: commonness is what the idf weighs
    idf = np.log((n + 1.0) / (df + 1.0))
    w = tf * idf[inv]
    m = sp.csr_matrix((w, (acc, inv)), shape=(n, len(uniq)))
    m = m[:, np.flatnonzero(usable)]
    return m.tocsr(), list(uniq[usable]), df[usable]


def _parents(ids: Sequence[str]) -> np.ndarray:
    """Per row, an integer code of the account a principal row belongs to (-1 for accounts)."""
    from distillguard.features.profile import parse_principal

    codes: dict[str, int] = {}
    out = np.full(len(ids), -1, dtype=np.int64)
    for i, a in enumerate(ids):
        p = parse_principal(a)
        if p is not None:
            out[i] = codes.setdefault(p[1], len(codes))
    return out


def _drop_account_wide(m: sp.csr_matrix, parents: np.ndarray, share: float) -> sp.csr_matrix:
    """``m`` without the values a principal shares with most of its own account's principals.

    The end users of one platform all come through its servers, with its client and its system
    prompt: those values are the account's, and tie none of its end users to another.  A value
    is dropped from a principal's row when at least ``share`` of its account's principals in the
    graph use it (with at least two of them)."""
    if m.nnz == 0 or share > 1.0 or not (parents >= 0).any():
        return m
    c = m.tocoo()
    par = parents[c.row]
    on = par >= 0
    n_par = int(parents.max()) + 1
    size = np.bincount(parents[parents >= 0], minlength=n_par).astype(float)
    keys = par[on] * np.int64(m.shape[1]) + c.col[on]
    uniq, counts = np.unique(keys, return_counts=True)
    wide = uniq[(counts >= share * size[uniq // m.shape[1]]) & (counts >= 2)]
    if wide.size == 0:
        return m
    drop = np.zeros(c.nnz, dtype=bool)
    drop[np.flatnonzero(on)] = np.isin(keys, wide)
    return sp.csr_matrix((c.data[~drop], (c.row[~drop], c.col[~drop])), shape=m.shape)


def _shares(m: sp.csr_matrix, df: np.ndarray, n: int) -> sp.csr_matrix:
    """The share of each account's requests that use each value (``m``'s entries are
    ``sqrt(share) × idf``)."""
    idf = np.log((n + 1.0) / (np.asarray(df, float) + 1.0))
    c = m.tocoo()
    tf = c.data / np.where(idf[c.col] > 0, idf[c.col], 1.0)
    return sp.csr_matrix((np.clip(tf * tf, 0.0, 1.0), (c.row, c.col)), shape=m.shape)


def _shared_phrase_rows(w: pa.Table, rows: np.ndarray, mats: Mapping[str, tuple[sp.csr_matrix, list[str]]], families: Any) -> np.ndarray:
    """Per row of ``account_wrappers`` (``rows``: its account's row, -1 outside the graph): does
    its opening or closing phrase, or the wrapper family of either, tie its account (an entry of
    the ``head``, ``tail`` or ``wrapper`` matrix)?"""
    hit = np.zeros(w.num_rows, dtype=bool)
    member_keys = pa.array(list(families.members), pa.string()) if families is not None else pa.array([], pa.string())
    member_labels = pa.array([families.label(f) for f in families.members.values()], pa.string()) if families is not None else member_keys
    for name, sides in (("head", ("head",)), ("tail", ("tail",)), ("wrapper", ("head", "tail"))):
        if name not in mats or not mats[name][1]:
            continue
        m, values = mats[name]
        nz_r, nz_c = m.nonzero()
        kept = unique_ints(nz_r.astype(np.int64) * len(values) + nz_c)
        value_set = pa.array(values, pa.string())
        for side in sides:
            phrase = w.column(side).combine_chunks()
            if name == "wrapper":  # the phrase's family, by its label
                keyed = pc.binary_join_element_wise(pa.scalar(side + ": "), phrase, "")
                phrase = member_labels.take(pc.index_in(keyed, value_set=member_keys))
            col = pc.fill_null(pc.index_in(phrase, value_set=value_set), -1).to_numpy(zero_copy_only=False).astype(np.int64)
            good = np.flatnonzero((rows >= 0) & (col >= 0))
            hit[good[np.isin(rows[good] * len(values) + col[good], kept)]] = True
    return hit


#: content kinds of logs without prompt text (a request-parameter fingerprint): judged like a template
_TEXT_FREE = tuple(k.name for k in EDGE_KINDS if k.without_text)


def _text_free_linked(mats: Mapping[str, Any]) -> bool:
    """Whether the graph was linked with the kinds of logs without prompt text."""
    return any(k in mats for k in _TEXT_FREE)


def _unexplained(graph: GraphInputs, index: pa.Array, requests: np.ndarray, mats: Mapping[str, tuple[sp.csr_matrix, list[str]]],
                 shares: Mapping[str, sp.csr_matrix], families: Any, n: int, full_requests: int = 0) -> sp.csr_matrix:
    """One private column per account: ``sqrt(share of its requests that carry none of its shared
    content values) × idf`` of a value nobody else has.

    Content ties are judged by the share of an account's traffic they explain: an operation's
    keys wrap every request in the family's variants, a student whose homework happens to open
    like some questions of the operation's dataset does so now and then.  Without this column
    the cosine of an account with a single shared phrase is 1 whatever share of its requests
    carry it.  An account with ``full_requests`` or more requests in shared content is a full user
    whatever else it sends (a taken-over account mixing an operator's traffic with its owner's)."""
    covered = np.zeros(n)
    w = graph.wrappers
    if w.num_rows:
        rows = pc.fill_null(pc.index_in(w.column("account_id"), value_set=index), -1).to_numpy(zero_copy_only=False).astype(np.int64)
        hit = _shared_phrase_rows(w, rows, mats, families)
        cnt = w.column("c").to_numpy(zero_copy_only=False).astype(float)
        ok = hit & (rows >= 0)
        covered = np.bincount(rows[ok], weights=cnt[ok], minlength=n) / np.maximum(requests, 1.0)
    for name in ("template", "system", *_TEXT_FREE):
        if name in shares and shares[name].nnz:
            covered = np.maximum(covered, np.asarray(shares[name].max(axis=1).todense()).ravel())
    if full_requests > 0:
        covered = np.maximum(covered, np.clip(covered * requests / full_requests, 0.0, 1.0))
    rest = np.sqrt(np.clip(1.0 - covered, 0.0, 1.0)) * np.log((n + 1.0) / 2.0)
    has = np.zeros(n, dtype=bool)
    for name in ("head", "tail", "wrapper", "template", "system", *_TEXT_FREE):
        if name in mats and mats[name][0].nnz:
            has |= np.diff(mats[name][0].tocsr().indptr) > 0
    rest = np.where(has, rest, 0.0)
    for name in _TEXT_FREE:
        if name in shares and shares[name].nnz:
            # a fingerprint half the population sends is an SDK's defaults: its share of the
            # account's traffic weighs log 2 (the idf of such a value) in the private column, so
            # two full users of a value held by df accounts have cosine idf² / (idf² + log² 2)
            used = np.asarray(shares[name].sum(axis=1)).ravel()
            rest = np.sqrt(rest * rest + np.clip(used, 0.0, 1.0) * np.log(2.0) ** 2)
    return sp.csr_matrix((rest, (np.arange(n), np.arange(n))), shape=(n, n))


def similarity_edges(
    graph: GraphInputs, ids: Sequence[str], requests: np.ndarray, s: CampaignSettings
) -> tuple[sp.coo_matrix, dict[str, tuple[sp.csr_matrix, list[str]]]]:
    """The weighted similarity of every linked pair (upper triangle), and the matrices behind it.

    Candidate pairs are the pairs that share a value (every pair for a value held by at most
    ``clique_max`` accounts; for a commoner one, a random expander of ``sample_partners`` per
    account, so its cost is linear and it is never dropped); each candidate's similarity is then
    computed exactly over every value the two share."""
    from distillguard.scoring._families import wrapper_families

    index = pa.array(list(ids), pa.string())
    n = len(ids)
    # the wrapper families on a thread of their own while the groups before the content group
    # (which needs them) are built: NumPy, Arrow and SciPy release the GIL for most of both
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="distillguard-families") as ex:
        pending = ex.submit(wrapper_families, graph.wrappers, accounts=n, settings=s.families)
        return _similarity_edges(graph, ids, index, requests, s, pending.result)


def _similarity_edges(graph: GraphInputs, ids: Sequence[str], index: pa.Array, requests: np.ndarray, s: CampaignSettings,
                      families: Callable[[], Any]) -> tuple[sp.coo_matrix, dict[str, tuple[sp.csr_matrix, list[str]]]]:
    n = len(ids)
    parents = _parents(ids)
    text_free = graph.wrappers.num_rows == 0  # no wrapper phrase anywhere: the log keeps no prompt text
    mats: dict[str, tuple[sp.csr_matrix, list[str]]] = {}
    shares: dict[str, sp.csr_matrix] = {}
    groups: list[tuple[float, sp.csr_matrix]] = []
    values_of = _values_by_kind(graph.values)
    for group, gw in GROUP_WEIGHTS.items():
        blocks = []
        for kind in (k for k in EDGE_KINDS if k.group == group and (text_free or not k.without_text)):
            counts = _value_counts(graph, kind, values_of, families)
            m, values, df = _kind_matrix(counts, kind, index, requests, s)
            m = _drop_account_wide(m, parents, s.account_wide_share)
            if not kind.dilutes:
                # an identifier nobody else has (a unique org id) says nothing about similarity
                keep = np.flatnonzero(df >= 2)
                m, values, df = m[:, keep].tocsr(), [values[i] for i in keep], df[keep]
            mats[kind.name] = (m, values)
            if kind.level != "account" and m.shape[1]:
                shares[kind.name] = _shares(m, df, n)
            blocks.append(m)
        if not blocks:
            continue
        if group == "content" and s.dilute_content:
            blocks.append(_unexplained(graph, index, requests, mats, shares, families(), n, s.dilute_full_requests))
        x = sp.hstack(blocks).tocsr()
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        groups.append((gw, (sp.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ x).tocsr()))
    if not groups:
        return sp.coo_matrix((n, n)), mats
    i, j, sim = linked_pairs(groups, clique_max=s.clique_max, partners=s.sample_partners, threshold=s.min_similarity)
    return sp.coo_matrix((sim, (i, j)), shape=(n, n)), mats


#: profile shares that make up an account's behavioural "style" (what it asks and how)
_STYLE = (
    "cap_coding", "cap_math", "cap_reasoning", "cap_alignment", "cap_datagen", "cap_sysprompt", "cap_general",
    "cue_cot", "cue_align", "cue_datagen", "cue_sysprompt", "reasoning_high", "long_max_tokens", "multi_n",
    "logprob_requests", "top_logprobs_high", "logit_bias_requests", "short_outputs", "long_outputs", "temp_zero",
    "followups", "tools_requests",
)


def _add_style_edges(edges: sp.coo_matrix, num: Mapping[str, np.ndarray], s: CampaignSettings) -> sp.coo_matrix:
    """Complementary prompt sets: suspicious accounts with the same behavioural style.

    Accounts that each already look like extraction (own risk ≥ ``style_min_risk``) and ask the
    same kind of thing the same way (cosine of their style shares ≥ ``style_min_cosine``) are
    linked even when they share no infrastructure or wrapper: an operation that rotates IPs per
    request and walks disjoint shards of one prompt set still has one style.  Honest accounts
    are never linked this way.
    """
    sus = np.flatnonzero(num["own_risk"] >= s.style_min_risk)
    if len(sus) < 2 or len(sus) > s.style_max_accounts:
        return edges
    req = np.maximum(num["requests"][sus], 1.0)
    x = np.column_stack([num[c][sus] / req for c in _STYLE if c in num])
    x = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    cos = np.triu(x @ x.T, k=1)
    i, j = np.nonzero(cos >= s.style_min_cosine)
    w = s.style_weight * cos[i, j]
    add = sp.coo_matrix((w, (sus[i], sus[j])), shape=edges.shape)
    return (edges.tocsr() + add.tocsr()).tocoo()


# -- 3: communities -------------------------------------------------------------------------------------


def _communities(edges: sp.coo_matrix, ids: Sequence[str], s: CampaignSettings) -> list[list[int]]:
    if edges.nnz == 0:
        return []
    from graspologic_native import leiden

    el = [(ids[i], ids[j], float(w)) for i, j, w in zip(edges.row, edges.col, edges.data)]
    el.sort()
    _, part = leiden(edges=el, resolution=s.resolution, seed=s.seed, trials=1, use_modularity=True)
    index = {a: i for i, a in enumerate(ids)}
    groups: dict[int, list[int]] = {}
    for a, c in part.items():
        groups.setdefault(c, []).append(index[a])
    return [sorted(g) for g in groups.values() if len(g) >= s.min_members]


def _could_score(groups: Sequence[Sequence[int]], num: Mapping[str, np.ndarray], created: np.ndarray, s: CampaignSettings) -> np.ndarray:
    """Vectorised pre-check: which communities any campaign detector could score above 0.

    Exact for the detectors' parameters: member evidence needs a mean own risk above its ``lo``,
    extraction content a cue or harvest share above its ``lo``, coordination enough members with
    fresh accounts.  Skipping the rest keeps a million-account graph (mostly tiny honest
    communities) from being judged one community at a time.
    """
    from distillguard.detectors.graph.campaign import CoordinatedTakeover, Coordination, ExtractionContent, MemberEvidence

    k = len(groups)
    if k == 0:
        return np.zeros(0, dtype=bool)
    idx = np.concatenate([np.asarray(g) for g in groups])
    lab = np.concatenate([np.full(len(g), j) for j, g in enumerate(groups)])

    def total(x: np.ndarray) -> np.ndarray:
        return np.bincount(lab, weights=np.nan_to_num(x[idx]), minlength=k)

    size = np.bincount(lab, minlength=k).astype(float)
    known = np.maximum(total(num["prompt_known"]), 1.0)
    req = np.maximum(total(num["requests"]), 1.0)
    cue = total(num["cue_cot"] + num["cue_align"] + num["cue_datagen"] + num["cue_sysprompt"]) / known
    harvest = total(num["logit_evidence"]) / req
    params = _param_shares({c: total(num[c]) for c in _PARAM_COLUMNS})
    evidence = np.maximum.reduce([cue, harvest, params])
    fresh = total((np.isfinite(created) & ((num["first_ts"] - created) <= 30 * DAY_MS)).astype(float)) / size
    ok = np.zeros(k, dtype=bool)
    for d in CAMPAIGN_DETECTORS:
        if isinstance(d, MemberEvidence):
            ok |= total(num["own_risk"]) / size > d.lo
        elif isinstance(d, ExtractionContent):
            ok |= (np.maximum(cue, harvest) > d.lo) & (size > d.min_members - 1)
        elif isinstance(d, Coordination):
            ok |= (size > d.min_members - 1) & (fresh > 0.3) & (evidence > 0.1)
        elif isinstance(d, CoordinatedTakeover):
            ok |= ((size > d.min_members - 1) & (total((num["takeover"] >= s.takeover_member).astype(float)) / size > d.lo)
                   & (evidence > 0.1))
        else:  # a detector this pre-check does not know: judge everything
            return np.ones(k, dtype=bool)
    return ok


#: a member's own share of a kind of extraction evidence counts from above this (the floor of the
#: campaign detectors' evidence gate: what a group needs, each member needs of its own)
_EVIDENCE_FLOOR = 0.1

#: profile columns of the answer-maximising parameters (see :func:`_param_shares`)
_PARAM_COLUMNS = ("requests", "output_known", "params_known", "long_outputs", "reasoning_high", "multi_n", "long_max_tokens")


def _param_shares(t: Mapping[str, np.ndarray], limit_credit: float = 0.5) -> np.ndarray:
    """Per row of summed profile columns, the share of requests with answer-maximising parameters:
    the largest of 1,000+ output tokens, high reasoning effort and n > 1, with ``limit_credit``
    (half) for max_tokens >= 4000 (many honest apps set a large limit and get short answers)."""
    req = np.maximum(np.asarray(t["requests"], float), 1.0)
    out = np.maximum(np.asarray(t["output_known"], float), 1.0)
    par = np.maximum(np.asarray(t["params_known"], float), 1.0)
    return np.clip(np.maximum.reduce([np.asarray(t["long_outputs"], float) / out, np.asarray(t["reasoning_high"], float) / req,
                                      np.asarray(t["multi_n"], float) / req,
                                      limit_credit * np.asarray(t["long_max_tokens"], float) / par]), 0.0, 1.0)


def _merge_suspicious(groups: list[list[int]], risks: Sequence[float], adj: sp.csr_matrix, s: CampaignSettings) -> list[list[int]]:
    """Merge suspicious communities that are strongly tied to each other.

    Modularity splits a large operation along its sub-structure (one community per /24, per
    wrapper variant); an operation is one campaign however it is sharded.  Two communities at or
    above ``merge_min_risk`` merge when the weight between them is at least ``merge_ratio`` of
    the smaller one's internal weight.
    """
    sus = [k for k, r in enumerate(risks) if r >= s.merge_min_risk]
    if len(sus) < 2:
        return groups
    n = adj.shape[0]
    rows = np.concatenate([np.asarray(groups[k]) for k in sus])
    cols = np.concatenate([np.full(len(groups[k]), j) for j, k in enumerate(sus)])
    z = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(sus)))
    w = (z.T @ adj @ z).toarray()
    parent = list(range(len(sus)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a in range(len(sus)):
        for b in range(a + 1, len(sus)):
            inner = min(w[a, a], w[b, b])
            if inner > 0 and w[a, b] >= s.merge_ratio * inner:
                parent[find(a)] = find(b)
    merged: dict[int, list[int]] = {}
    for j, k in enumerate(sus):
        merged.setdefault(find(j), []).extend(groups[k])
    rest = [g for k, g in enumerate(groups) if k not in set(sus)]
    return [sorted(g) for g in merged.values()] + rest


# -- 4-5: campaign risk, feedback, explanation --------------------------------------------------------------


def find_campaigns(scores: AccountScores, graph: GraphInputs, *, settings: CampaignSettings | None = None,
                   known: Sequence[Mapping[str, Any]] = ()) -> CampaignResult:
    """Link the scored accounts into campaigns (the campaign stage: a pure function of the
    per-account tables; ``scores`` after replay, so members' own flag times are known).
    ``known``: signatures of earlier scans' campaigns (:mod:`distillguard.scoring.signatures`),
    which new accounts are matched against; the result holds this scan's flagged campaigns' own."""
    s = settings or CampaignSettings()
    from distillguard.scoring.principals import graph_nodes

    nodes = graph_nodes(scores.ids)
    if not nodes.all():  # an account with end users (keys) is linked through them, not as a whole
        scores = scores.subset(nodes)
        graph = graph.subset(scores.ids)
    ids = scores.ids
    if len(ids) < 2:
        return CampaignResult([], {})
    num = {k: np.asarray(v, dtype=float) for k, v in scores.profiles.cols.items()}
    num["own_risk"] = np.asarray(scores.risk, dtype=float)
    num["flagged_at_ms"] = np.asarray(scores.flagged_at_ms, dtype=float)
    num["takeover"] = scores.score_of("account-takeover")
    for k, v in num.items():
        if k not in ("first_ts", "last_ts", "flagged_at_ms"):
            # a count the log cannot fill (cue counts without prompt text) is no evidence: 0
            num[k] = np.nan_to_num(v, nan=0.0)
    num["logit_evidence"] = _logit_evidence(num)
    created = _created_ms(graph.accounts, ids)
    if np.isnan(created).any():
        # no sign-up date (no accounts table, or a row without one): an account first seen a day
        # or more after the log begins is new *in this log*, the best evidence of freshness left
        first = num["first_ts"]
        start = float(np.nanmin(first))
        created = np.where(np.isnan(created) & (first >= start + DAY_MS), first, created)
    caps = scores.capabilities
    mth = dict(zip(graph.mth.column("account_id").to_pylist(), graph.mth.column("mth_ts").to_pylist()))
    requests = num["requests"]
    edges, mats = similarity_edges(graph, ids, requests, s)
    set_pairs: dict[str, sp.coo_matrix] = {}
    if s.set_edges:
        # near-duplicate prompt sets and jitter-robust lockstep, from MinHash/LSH signatures
        from distillguard.scoring._graph_sets import set_similarity_edges

        sets, set_pairs = set_similarity_edges(graph.sketches, ids)
        both = sp.triu(edges.tocsr() + sets.tocsr(), k=1).tocoo()
        keep = both.data >= s.min_similarity
        edges = sp.coo_matrix((both.data[keep], (both.row[keep], both.col[keep])), shape=edges.shape)
    edges = _add_style_edges(edges, num, s)
    groups = _communities(edges, ids, s)
    adj = (edges + edges.T).tocsr()

    judged: dict[tuple[int, ...], Any] = {}

    def judge(g: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray, CampaignFeatures, dict[str, float], float]:
        key = tuple(g)
        if key in judged:  # the merge step and the final pass judge the same unmerged groups
            return judged[key]
        gi = np.asarray(g)
        sub = adj[gi][:, gi]
        phrases = _group_phrases(gi, mats)
        wrapper = np.asarray(phrases.getnnz(axis=1) > 0)
        feats = _features(gi, num, created, sub.data, float(wrapper.mean()) if len(gi) else 0.0, s.takeover_member)
        scores = {d.name: float(d.score(feats)) for d in CAMPAIGN_DETECTORS}
        risk = 1.0 - float(np.prod([1.0 - d.weight * scores[d.name] for d in CAMPAIGN_DETECTORS]))
        judged[key] = (gi, np.asarray(sub.sum(axis=1)).ravel(), phrases, feats, scores, risk)
        return judged[key]

    groups = [g for g, ok in zip(groups, _could_score(groups, num, created, s)) if ok]
    groups = _merge_suspicious(groups, [judge(g)[5] for g in groups], adj, s)

    campaigns: list[Campaign] = []
    members: dict[str, MemberVerdict] = {}
    signatures: list[dict[str, Any]] = []
    def strengths(gi: np.ndarray, attach: np.ndarray, phrases: sp.csr_matrix, feats: CampaignFeatures,
                  scores: Mapping[str, float]) -> np.ndarray:
        st = ramp(attach, s.attach_lo, s.attach_hi)
        own_client = np.asarray(_group_phrases(gi, mats, client=True).getnnz(axis=1) > 0) if _text_free_linked(mats) else None
        base = _member_fit(gi, num, feats, scores, s, own_client=own_client)
        # the group's phrases that carry its evidence: used by a fifth of the members that show it
        # (an honest app's template in the group is the app's, not the operation's)
        carriers = phrases[base]
        used = np.asarray((carriers > 0).sum(axis=0)).ravel()
        evidence = np.flatnonzero(used >= max(2.0, 0.2 * carriers.shape[0]))
        uses = np.asarray(phrases[:, evidence].getnnz(axis=1) > 0) if evidence.size else np.zeros(len(gi), dtype=bool)
        if feats.wrapper_share >= 0.5 and evidence.size:
            # a campaign tied by shared wrappers does not carry a member that never uses them
            fit = uses
        else:
            fit = base | uses
        if own_client is not None and own_client.mean() >= 0.5:
            # nor does a campaign tied by its script's request parameters (a log without text)
            # carry a member that never sends them (a home user on a /24 of its proxy pool)
            fit = fit & own_client
        return np.asarray(np.where(fit, st, st * s.outsider_factor), dtype=float)

    for g in groups:
        gi, attach, phrases, feats, scores, risk = judge(g)
        # the campaign is its core: members tied to it at least ``core_strength``
        core = gi[strengths(gi, attach, phrases, feats, scores) >= s.core_strength]
        if len(core) < s.min_members:
            continue
        if len(core) < len(gi):
            gi, attach, phrases, feats, scores, risk = judge(core)
        tie = strengths(gi, attach, phrases, feats, scores)
        acct = [ids[i] for i in gi]
        cid = "c-" + hashlib.blake2b("\n".join(sorted(acct)).encode(), digest_size=6).hexdigest()
        links = _links(gi, mats, ids) + _set_links(gi, set_pairs, ids)
        cap_list = _capabilities(gi, caps, num)
        # the campaign could first be seen once a tenth of its members (at least 3, at most
        # ``evidence_members``: a group that size already scores in full) had made their requests
        k_members = min(len(acct), max(3, min(int(np.ceil(0.1 * len(acct))), s.evidence_members)))
        t_evidence = _evidence_time(mth, acct, k_members)
        if t_evidence is None:  # members with fewer requests than that: the last one made the tie
            t_evidence = float(np.nanmax(num["last_ts"][gi]))
        tied_at = _tie_times(gi, mats, mth, ids, num["first_ts"])
        member_flags: list[float] = []
        for k, i in enumerate(gi):
            a_strength = float(tie[k])
            mrisk = risk * a_strength
            fa = member_flag_time(float(num["own_risk"][i]), float(num["flagged_at_ms"][i]), mrisk, float(tied_at[k]),
                                  float(t_evidence), s.alert_threshold)
            if fa is not None:
                member_flags.append(fa)
            summary = (
                f"member of campaign {cid}: {len(acct)} accounts, {int(requests[gi].sum()):,} requests; "
                f"{link_phrase(links)}; campaign risk {risk:.2f}, tie strength {a_strength:.2f}"
            )
            members[ids[i]] = MemberVerdict(
                cid, mrisk, {"detector": "campaign-membership", "score": round(mrisk, 4), "summary": summary},
                None if fa is None else int(fa),
            )
        flagged_at = min(member_flags) if member_flags else None

        c = Campaign(
            campaign=cid,
            accounts=acct,
            risk=risk,
            flagged_at_ms=None if flagged_at is None else int(flagged_at),
            events=int(requests[gi].sum()),
            capabilities=cap_list,
            links=links,
            scores=scores,
            features=feats.as_raw(),
        )
        if risk >= s.report_risk:
            campaigns.append(c)
            if risk >= s.alert_threshold and (sig := campaign_signature(c, gi, mats)) is not None:
                signatures.append(sig)
        else:
            for a in acct:
                members.pop(a, None)
    campaigns.sort(key=lambda c: (-c.risk, c.campaign))
    matched = match_signatures(known, ids, mats, num["first_ts"], mth, s.alert_threshold) if known else {}
    return CampaignResult(campaigns, members, int(edges.nnz), known=matched,
                          signatures=sorted(signatures, key=lambda g: (-g["risk"], g["campaign"])))


def _logit_evidence(num: Mapping[str, np.ndarray]) -> np.ndarray:
    """Per account, its requests that harvest the output distribution: ``logit_bias`` maps, or
    ``top_logprobs >= 10`` as far as ``logprob-harvest`` pairs them with another harvesting sign
    (a benchmark scored with top-20 logprobs over one template is not harvesting)."""
    from distillguard.detectors.account.logprob_harvest import LogprobHarvest

    paired = LogprobHarvest().pairing(num)
    return np.minimum(np.maximum(num["logit_bias_requests"], num["top_logprobs_high"] * paired), np.maximum(num["requests"], 0.0))


def _member_fit(
    gi: np.ndarray, num: Mapping[str, np.ndarray], feats: CampaignFeatures, scores: Mapping[str, float], s: CampaignSettings,
    own_client: np.ndarray | None = None,
) -> np.ndarray:
    """Per member: does it carry a share of what makes the group suspicious?

    A linked group is judged as a whole, but its risk should only carry members that show part
    of the evidence *in their own traffic*: suspicious on their own (risk ≥ ``fit_own_risk`` and
    ≥ ``fit_own_ratio`` of the members' mean) where the group is judged on its members' own risk
    (``member-evidence`` ≥ 0.5); a fair share (``fit_share``) of the group's extraction cues or
    harvesting rate that is also extraction by itself (above the evidence gate's floor, see
    :func:`~distillguard.detectors.graph.campaign.evidence_gate`); answers it really maximised
    (1,000+ output tokens, high reasoning effort, n > 1: a large ``max_tokens`` alone is an app's
    default, not the member's harvesting) where parameters are the group's leading evidence; or
    its own account-takeover signs in a group of taken-over accounts.  Fresh one-shot traffic is
    the group's coordination, not a member's evidence: without an accounts table every student
    first seen after the log began looks fresh.  (The caller adds the members that use the
    group's wrappers that such members use.)  An honest user pulled in by a residential ISP, a
    university network or busy hours it shares with an operation carries none of it, and is not
    flagged for its neighbours; nor is an app whose own risk comes from its machine timing rather
    than extraction, where the group's case is its content.
    """
    floor = _EVIDENCE_FLOOR
    known = np.maximum(num["prompt_known"][gi], 1.0)
    req = np.maximum(num["requests"][gi], 1.0)
    cue = (num["cue_cot"][gi] + num["cue_align"][gi] + num["cue_datagen"][gi] + num["cue_sysprompt"][gi]) / known
    harvest = num["logit_evidence"][gi] / req
    own = num["own_risk"][gi]
    fit = np.zeros(len(gi), dtype=bool)
    if scores.get("member-evidence", 0.0) >= 0.5:
        fit |= own >= max(s.fit_own_risk, s.fit_own_ratio * feats.mean_own_risk)
    if feats.cue_share > 0.05:
        fit |= (cue >= s.fit_share * feats.cue_share) & (cue > floor)
    if feats.harvest_share > 0.05:
        fit |= (harvest >= s.fit_share * feats.harvest_share) & (harvest > floor)
    # the group's own answers (without the half credit for a large max_tokens, an app's default)
    group_answers = float(_param_shares({c: np.asarray([num[c][gi].sum()]) for c in _PARAM_COLUMNS}, limit_credit=0.0)[0])
    if feats.param_share > 0.05 and feats.param_share >= max(feats.cue_share, feats.harvest_share) and group_answers > 0.05:
        # long answers are common in honest chat: they are a member's evidence only in a group
        # whose case is its parameters (plain questions distilled at full length), not its cues,
        # and whose own answers are long (not a group that only sets a large max_tokens)
        answers = _param_shares({c: num[c][gi] for c in _PARAM_COLUMNS}, limit_credit=0.0)
        # ... and more than one of them (every chat user gets a 1,000-token answer now and then),
        # or one asked with the group's own client parameters (``own_client``: its script's)
        enough = answers * req >= 2.0
        if own_client is not None:
            enough |= own_client & (answers * req >= 1.0)
        fit |= (answers >= s.fit_share * feats.param_share) & (answers > floor) & enough
    if scores.get("coordinated-takeover", 0.0) >= 0.5:
        fit |= num["takeover"][gi] >= s.takeover_member
    return np.asarray(fit, dtype=bool)


def _group_phrases(
    gi: np.ndarray, mats: Mapping[str, tuple[sp.csr_matrix, list[str]]], min_share: float = 0.2, s_owned: float = 0.5,
    client: bool = False,
) -> sp.csr_matrix:
    """Members × the group's own content values (wrapper phrases and families, templates, system
    prompts): values at least ``min_share`` of the members use, and mostly they (at least
    ``s_owned`` of all the accounts that use them).  Entry > 0 where the member uses it.
    ``client``: the group's own request-parameter fingerprints instead (logs without text), which
    are its script's, not phrases a member writes."""
    cols = []
    for kind in EDGE_KINDS:
        if kind.group != "content" or kind.name not in mats or kind.without_text != client:
            continue
        m = mats[kind.name][0]
        if m.shape[1] == 0:
            continue
        sub = (m[gi] > 0).tocsc()
        in_group = np.diff(sub.indptr)
        everywhere = np.maximum(np.diff(m.tocsc().indptr), 1)
        # a phrase half the population opens with, "can you give", is nobody's wrapper
        common = np.flatnonzero((in_group >= max(2, min_share * len(gi))) & (in_group >= s_owned * everywhere))
        if common.size:
            cols.append(sub[:, common].astype(float))
    if not cols:
        return sp.csr_matrix((len(gi), 0))
    return sp.hstack(cols).tocsr()


def _features(gi: np.ndarray, num: Mapping[str, np.ndarray], created: np.ndarray, internal: np.ndarray, wrapper_share: float,
              takeover_member: float) -> CampaignFeatures:
    req = num["requests"][gi]
    known = max(float(num["prompt_known"][gi].sum()), 1.0)
    cue = float((num["cue_cot"][gi] + num["cue_align"][gi] + num["cue_datagen"][gi] + num["cue_sysprompt"][gi]).sum())
    harvest = float(num["logit_evidence"][gi].sum())
    first = num["first_ts"][gi]
    cr = created[gi]
    fresh = np.isfinite(cr) & ((first - cr) <= 30 * DAY_MS)
    q75, q25 = np.percentile(first, [75, 25])
    return CampaignFeatures(
        members=float(len(gi)),
        requests=float(req.sum()),
        median_requests=float(np.median(req)),
        mean_own_risk=float(np.mean(num["own_risk"][gi])),
        suspicious_share=float(np.mean(num["own_risk"][gi] >= 0.3)),
        cue_share=min(cue / known, 1.0),
        harvest_share=min(harvest / max(float(req.sum()), 1.0), 1.0),
        oneshot_share=1.0 - float(num["followups"][gi].sum()) / max(float(req.sum()), 1.0),
        distinct_prompt_share=min(float(num["new_prompts"][gi].sum()) / known, 1.0),
        fresh_share=float(np.mean(fresh)),
        start_spread_days=float((q75 - q25) / DAY_MS),
        cohesion=float(np.mean(internal)) if internal.size else 0.0,
        wrapper_share=wrapper_share,
        takeover_share=float(np.mean(num["takeover"][gi] >= takeover_member)),
        param_share=float(_param_shares({c: np.asarray([num[c][gi].sum()]) for c in _PARAM_COLUMNS})[0]),
    )


def _links(gi: np.ndarray, mats: Mapping[str, tuple[sp.csr_matrix, list[str]]], ids: Sequence[str]) -> list[dict[str, Any]]:
    """The values that tie the members, most telling first (shared by ≥ 2 members)."""
    found: list[tuple[float, dict[str, Any]]] = []
    for kind in EDGE_KINDS:
        if kind.name not in mats:
            continue
        m, values = mats[kind.name]
        if m.shape[1] == 0:
            continue
        sub = m[gi].tocsc()
        users = np.diff(sub.indptr)
        for j in np.flatnonzero(users >= 2):
            rows = sub.indices[sub.indptr[j]:sub.indptr[j + 1]]
            share = len(rows) / len(gi)
            if kind.name == "window" and len(rows) < 3:
                continue
            found.append((share * float(sub.data[sub.indptr[j]:sub.indptr[j + 1]].mean()), {
                "kind": kind.name, "value": values[j], "accounts": sorted(ids[gi[r]] for r in rows),
            }))
    found.sort(key=lambda t: -t[0])
    out: list[dict[str, Any]] = []
    windows = [l for _, l in found if l["kind"] == "window"]
    per_kind: dict[str, int] = {}
    for _, link in found:
        k = link["kind"]
        if k == "window" or per_kind.get(k, 0) >= 3:
            continue
        per_kind[k] = per_kind.get(k, 0) + 1
        out.append(link)
    if len(windows) >= 3:
        accts = sorted({a for l in windows for a in l["accounts"]})
        out.append({"kind": "lockstep", "value": f"active together in {len(windows)} 15-minute windows", "accounts": accts})
    return out


def _set_links(gi: np.ndarray, set_pairs: Mapping[str, sp.coo_matrix], ids: Sequence[str]) -> list[dict[str, Any]]:
    """Ties from MinHash/LSH set similarity inside the group, with the pairs' Jaccard."""
    from distillguard.scoring._graph_sets import SET_KINDS

    labels = {k.name: k.label for k in SET_KINDS}
    inside = np.zeros(max((m.shape[0] for m in set_pairs.values()), default=0), dtype=bool)
    inside[gi] = True
    out = []
    for name, m in set_pairs.items():
        keep = inside[m.row] & inside[m.col]
        if keep.sum() == 0:
            continue
        accts = sorted({ids[i] for i in np.concatenate([m.row[keep], m.col[keep]])})
        out.append({
            "kind": name,
            "value": f"{labels.get(name, name)}: {int(keep.sum())} member pairs, median Jaccard {float(np.median(m.data[keep])):.2f}",
            "accounts": accts,
        })
    return out


def link_phrase(links: Sequence[Mapping[str, Any]]) -> str:
    labels = {k.name: k.label for k in EDGE_KINDS}
    by: dict[str, list[str]] = {}
    for link in links:
        by.setdefault(link["kind"], []).append(str(link["value"]))
    parts = []
    for kind, vals in by.items():
        label = labels.get(kind, kind)
        if kind in ("head", "tail"):
            parts.append(f"{label} " + " / ".join(repr(v) for v in vals[:2]))
        elif kind == "wrapper":
            parts.append("one wrapper family used by the same accounts (" + "; ".join(vals[:2]) + ")" if len(vals) == 1
                         else f"{len(vals)} wrapper families (" + "; ".join(vals[:2]) + ")")
        elif kind == "lockstep":
            parts.append(vals[0])
        elif len(vals) == 1:
            parts.append(f"one {label} ({vals[0]})")
        else:
            parts.append(f"{len(vals)} shared {label}s")
    return ", ".join(parts) if parts else "no single shared value (similar overall)"


def _capabilities(gi: np.ndarray, caps: Sequence[Any], num: Mapping[str, np.ndarray]) -> list[str]:
    """The members' capabilities named by at least a fifth of them, then the campaign's own
    content mix judged against the population (see :func:`capabilities_of`)."""
    from distillguard.scoring.combine import capabilities_of, capability_base_rates

    counts: dict[str, int] = {}
    for i in gi:
        for c in caps[i] or []:
            counts[c] = counts.get(c, 0) + 1
    out = [c for c, k in sorted(counts.items(), key=lambda t: -t[1]) if c != "general" and k >= max(1, 0.2 * len(gi))]
    pooled = {k: float(np.nansum(v[gi])) for k, v in num.items()}
    for c in capabilities_of(np.zeros(0), [], pooled, base_rates=capability_base_rates(num)):
        if c != "general" and c not in out:
            out.append(c)
    harvest = pooled.get("logit_evidence", 0) / max(pooled.get("requests", 1), 1)
    if harvest >= 0.3 and "logits" not in out:
        out.append("logits")
    return out or ["general"]


def _created_ms(accounts: pa.Table, ids: Sequence[str]) -> np.ndarray:
    """Each account's sign-up time (epoch ms; ``nan`` where unknown), aligned with ``ids``."""
    out = np.full(len(ids), np.nan)
    if accounts.num_rows == 0:
        return out
    index = {a: i for i, a in enumerate(ids)}
    ms = pc.cast(accounts.column("created_at").combine_chunks(), pa.int64()).to_pylist()
    for a, t in zip(accounts.column("account_id").to_pylist(), ms):
        i = index.get(a)
        if i is not None and t is not None:
            out[i] = float(t)
    return out


def member_flag_time(own_risk: float, own_flagged_at: float, member_risk: float, tied_at: float, seen_at: float,
                     threshold: float) -> float | None:
    """When a live deployment could first have flagged a campaign member, without hindsight: its
    own replayed flag (``own_flagged_at``, where its own risk reaches ``threshold``), or, where its
    campaign flags it (``member_risk`` ≥ ``threshold``), ``max(tied_at, seen_at)``: once it was tied
    to the campaign and the campaign itself could be seen from its members' traffic; whichever
    comes first.  ``None``: neither flags it.

    A replacement account that signs up on the operator's cards after its campaign was seen is
    flagged at its first request; the campaign's first members no earlier than the campaign.

    >>> member_flag_time(0.9, 500.0, 0.95, 120.0, 100.0, 0.7)   # tied at 120, campaign seen at 100
    120.0
    >>> member_flag_time(0.9, 500.0, 0.95, 20.0, 100.0, 0.7)    # tied before the campaign could be seen
    100.0
    >>> member_flag_time(0.9, 50.0, 0.95, 20.0, 100.0, 0.7)     # its own evidence came first
    50.0
    >>> member_flag_time(0.2, float("nan"), 0.5, 20.0, 100.0, 0.7) is None
    True
    """
    times = []
    if own_risk >= threshold and np.isfinite(own_flagged_at):
        times.append(float(own_flagged_at))
    if member_risk >= threshold and np.isfinite(seen_at):
        times.append(max(float(tied_at), float(seen_at)))
    return min(times) if times else None


def _tie_times(gi: np.ndarray, mats: Mapping[str, tuple[sp.csr_matrix, list[str]]], mth: Mapping[str, Any], ids: Sequence[str],
               first_ts: np.ndarray) -> np.ndarray:
    """Per member (rows ``gi``), :func:`~distillguard.scoring.signatures.tie_time`; a value of a
    :data:`SIGNUP_TIES` kind it shares with other members ties it from the first request of the
    earliest of them (a replacement on the pool's cards: its own first request)."""
    signup_at = np.full(len(gi), np.inf)
    ft = np.asarray(first_ts, dtype=float)[gi]
    for name in SIGNUP_TIES:
        if name not in mats or mats[name][0].shape[1] == 0:
            continue
        sub = (mats[name][0][gi] > 0).tocsc()
        for j in np.flatnonzero(np.diff(sub.indptr) >= 2):
            rows = sub.indices[sub.indptr[j]:sub.indptr[j + 1]]
            order = rows[np.argsort(ft[rows], kind="stable")]
            other = np.full(len(rows), ft[order[0]])  # the earliest other user of the value ...
            other[rows == order[0]] = ft[order[1]]  # ... the second earliest for the earliest itself
            signup_at[rows] = np.minimum(signup_at[rows], other)
    return np.array([tie_time(float(ft[k]), mth.get(ids[i]), None if not np.isfinite(signup_at[k]) else float(signup_at[k]))
                     for k, i in enumerate(gi)], dtype=float)


def _evidence_time(mth: Mapping[str, int], accounts: Sequence[str], k: int) -> float | None:
    """When the k-th member made its m-th request (its last, if it made fewer): before that, the
    ties did not exist yet (``mth``: each account's m-th request time, see ``account_mth``)."""
    times = sorted(mth[a] for a in accounts if mth.get(a) is not None)
    return float(times[k - 1]) if len(times) >= k else None
