"""Wrapper families: the paraphrased variants of one prompt wrapper, found from who uses them.

An operation that wraps every payload in an instruction ("… Explain your reasoning.") and
rotates among paraphrases of it ("… Walk through your reasoning.", "Go into detail: …") splits
one wrapper into many variants.  An account with a handful of requests then uses each variant
once or twice, too rarely for any single variant to tie it to the others, and a low-and-slow
campaign of hundreds of such accounts falls apart.  The variants are still one wrapper: the
same accounts use them.  This module finds such families and counts, per account, the requests
that use any member of one.

1. **Candidate values**: prompt openings and closings (``head_words``, ``tail_words``) used by
   at least ``min_accounts`` accounts (however many: a phrase everybody uses is kept out by the
   co-use tests below, not by a count that a large campaign would exceed), around *varying*
   payloads: at least ``min_distinct`` of the requests that carry the value are distinct
   prompts.  A canned follow-up ("Can you make it shorter?") is the whole prompt, repeated
   word for word, so it is no wrapper and is left out.
2. **Co-use**: two candidates belong together when at least ``min_co`` accounts use both, that
   is at least ``min_co_share`` of the rarer one's accounts, ``min_co_max_share`` of the commoner
   one's (a common opening such as "you are a" would otherwise chain unrelated families into
   one) and ``min_lift`` times what chance would give, and chance cannot explain it: the Poisson tail of the co-use count, given the
   count expected from the two values' accounts, is at most ``alpha`` / the number of pairs
   tested (accounts with more than ``max_values`` candidates, heavy users of everything, are
   not counted).
3. **Families**: connected groups of two or more candidates; a family is named by its most
   used member.

Catches: paraphrase evasion; one prompt set split so thinly that each key sends a few requests.
Misses: wrappers rewritten from scratch for every request (no value is shared at all).
False positives: an honest app's template with a few variants (its users are linked, then
judged on what they do, like any linked group).

Examples
--------
>>> import pyarrow as pa
>>> rows = []  # (account, head, tail, requests, prompt hashes)
>>> for a in range(12):  # 12 accounts, each one request with each of three variant closings
...     for k, tail in enumerate(("explain your reasoning.", "walk through your reasoning.", "explain why.")):
...         rows.append((f"s{a}", None, tail, 1, [100 * a + k]))
>>> for a in range(100):  # honest users: one canned follow-up each, plus their own questions
...     rows.append((f"h{a}", "can you make", "make it shorter?", 1, [7]))
>>> w = pa.table({"account_id": [r[0] for r in rows], "head": [r[1] for r in rows], "tail": [r[2] for r in rows],
...               "c": [r[3] for r in rows], "prompts": [r[4] for r in rows]})
>>> fams = wrapper_families(w, accounts=112)
>>> sorted(fams.members)
['tail: explain why.', 'tail: explain your reasoning.', 'tail: walk through your reasoning.']
>>> uses = family_uses(w, fams)
>>> sorted(set(uses.column("c").to_pylist()))
[3]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp
from scipy.special import pdtrc

from distillguard.scoring._unique import unique_ints
from distillguard.scoring.settings import FamilySettings

__all__ = ["FamilySettings", "Families", "family_uses", "wrapper_families"]


@dataclass
class Families:
    #: candidate value ("head: …" / "tail: …") → family name
    members: dict[str, str] = field(default_factory=dict)
    #: family name → number of variants
    sizes: dict[str, int] = field(default_factory=dict)

    def label(self, family: str) -> str:
        """How the family is named in links: its most used phrase, where it sits, and how many
        variants go with it (``'… explain why.' and 7 variants``)."""
        where, _, phrase = family.partition(": ")
        shown = f"'{phrase} …'" if where == "head" else f"'… {phrase}'"
        n = self.sizes.get(family, 1) - 1
        return f"{shown} and {n} variant{'s' if n != 1 else ''}" if n > 0 else shown


def _side_codes(wrappers: pa.Table) -> tuple[np.ndarray, np.ndarray, list[str], list[pa.Array]]:
    """The phrase uses of both sides, as integer codes: per use its row of ``wrappers`` and its
    value code (the head phrases first, then the tail phrases: ``"head: …"`` and ``"tail: …"``
    are distinct values), with each side's name and phrases (the value ``k`` of the tail side is
    ``offset + k``)."""
    rows, codes, names, dicts = [], [], [], []
    offset = 0
    for side in ("head", "tail"):
        enc = pc.dictionary_encode(wrappers.column(side).combine_chunks())
        valid = enc.indices.is_valid().to_numpy(zero_copy_only=False)
        idx = enc.indices.fill_null(0).to_numpy(zero_copy_only=False).astype(np.int64)
        rows.append(np.flatnonzero(valid))
        codes.append(idx[valid] + offset)
        names.append(side)
        dicts.append(enc.dictionary)
        offset += len(enc.dictionary)
    return np.concatenate(rows), np.concatenate(codes), names, dicts


def _value_names(codes: np.ndarray, names: list[str], dicts: list[pa.Array]) -> pa.StringArray:
    """``"head: …"`` / ``"tail: …"`` names of the ascending value ``codes`` (see :func:`_side_codes`)."""
    parts, offset = [], 0
    for side, d in zip(names, dicts):
        mine = codes[(codes >= offset) & (codes < offset + len(d))] - offset
        phrases = d.take(pa.array(mine, pa.int64())).cast(pa.string())
        parts.append(pc.binary_join_element_wise(pa.scalar(f"{side}: "), phrases, ""))
        offset += len(d)
    return pa.concat_arrays(parts)


def wrapper_families(wrappers: pa.Table, *, accounts: int, settings: FamilySettings | None = None) -> Families:
    """Group the log's wrapper variants into families (reads ``account_wrappers``)."""
    s = settings or FamilySettings()
    out = Families()
    if wrappers.num_rows == 0:
        return out
    # integer codes, then numpy: hash aggregates and joins over strings in Arrow cost more than the rest
    row_all, vcode_all, side_names, dicts = _side_codes(wrappers)
    if row_all.size == 0:
        return out
    n_v = sum(len(d) for d in dicts)
    aenc = pc.dictionary_encode(wrappers.column("account_id").combine_chunks())
    acode_all = aenc.indices.to_numpy(zero_copy_only=False).astype(np.int64)[row_all]
    n_a = len(aenc.dictionary)
    pairs = unique_ints(vcode_all * n_a + acode_all)  # distinct (value, account)
    df = np.bincount(pairs // n_a, minlength=n_v)
    total = np.bincount(vcode_all, weights=wrappers.column("c").to_numpy(zero_copy_only=False).astype(float)[row_all], minlength=n_v)
    # distinct prompts around each value, for the values enough accounts use (the others are no candidates)
    common = np.flatnonzero(df[vcode_all] >= s.min_accounts)
    prompts = wrappers.column("prompts").combine_chunks().take(pa.array(row_all[common], pa.int64()))
    pv = vcode_all[common][pc.list_parent_indices(prompts).to_numpy(zero_copy_only=False)]
    pp = pc.list_flatten(prompts).to_numpy(zero_copy_only=False)
    order = np.lexsort((pp, pv))
    pv, pp = pv[order], pp[order]
    first = np.r_[True, (pv[1:] != pv[:-1]) | (pp[1:] != pp[:-1])] if len(pv) else np.zeros(0, bool)
    distinct = np.bincount(pv[first], minlength=n_v)
    ok = (df >= s.min_accounts) & (distinct >= s.min_distinct * total)
    # the candidates in name order (the pairs below are (u, w) with u < w), as integer ranks
    ok_codes = np.flatnonzero(ok)
    if len(ok_codes) < 2:
        return out
    names = _value_names(ok_codes, side_names, dicts)
    order = pc.sort_indices(names).to_numpy(zero_copy_only=False)
    cand, ranked = names.take(pa.array(order, pa.int64())), ok_codes[order]
    cand_df = df[ranked]
    code_of = np.full(n_v, -1, dtype=np.int64)
    code_of[ranked] = np.arange(len(ranked))
    cp = pairs[code_of[pairs // n_a] >= 0]  # candidate (value, account) pairs
    vcode, acct_code = code_of[cp // n_a], cp % n_a
    per_acct = np.bincount(acct_code, minlength=n_a)
    small = per_acct[acct_code] <= s.max_values  # heavy users of everything are not counted
    x = sp.csr_matrix((np.ones(int(small.sum())), (acct_code[small], vcode[small])), shape=(n_a, len(cand)))
    co = sp.triu((x.T @ x).tocsr(), k=1).tocoo()
    keep = co.data >= s.min_co
    ri, rj = co.row[keep], co.col[keep]
    c_all = co.data[keep].astype(np.int64)
    du_all, dw_all = cand_df[ri].astype(np.int64), cand_df[rj].astype(np.int64)
    # the co-use must be far beyond chance for *this* many pairs tested (Bonferroni): a payload's
    # opening that three of the operation's keys happen to share with a wrapper is not a variant
    alpha = s.alpha / max(len(c_all), 1)
    expected = du_all * dw_all / max(accounts, 1)
    lo, hi = np.minimum(du_all, dw_all), np.maximum(du_all, dw_all)
    close = (c_all >= s.min_co_share * lo) & (c_all >= s.min_co_max_share * hi) & (c_all >= s.min_lift * expected)
    # P(X >= c) for X ~ Poisson(expected): the survival function at c - 1 (scipy.stats.poisson.sf
    # is this same function, behind an import that costs about a second)
    close[close] = pdtrc(c_all[close] - 1, expected[close]) <= alpha
    sel = np.flatnonzero(close)
    u_names = cand.take(pa.array(ri[sel], pa.int64())).to_pylist()
    w_names = cand.take(pa.array(rj[sel], pa.int64())).to_pylist()
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    df: dict[str, int] = {}
    for u, w, du, dw in zip(u_names, w_names, du_all[sel].tolist(), dw_all[sel].tolist()):
        df[u], df[w] = du, dw
        ru, rw = find(u), find(w)
        if ru != rw:
            parent[ru] = rw
    groups: dict[str, list[str]] = {}
    for v in df:
        groups.setdefault(find(v), []).append(v)
    for vals in groups.values():
        if len(vals) < 2:
            continue
        name = min(vals, key=lambda v: (-df[v], v))
        out.sizes[name] = len(vals)
        for v in vals:
            out.members[v] = name
    return out


def family_uses(wrappers: pa.Table, families: Families) -> pa.Table:
    """``(account_id, value, c)``: per account and family, the requests using any of its variants
    (a request whose opening and closing belong to one family counts once)."""
    empty = pa.table({"account_id": pa.array([], pa.string()), "value": pa.array([], pa.string()), "c": pa.array([], pa.int64())})
    if not families.members or wrappers.num_rows == 0:
        return empty
    names = sorted(set(families.members.values()))
    fam_code = {f: i for i, f in enumerate(names)}
    codes = {}
    for side in ("head", "tail"):
        # the side's member phrases ("head: …" without its "head: ") and their families
        keys = [v for v in families.members if v.startswith(side + ": ")]
        phrases = pa.array([v[len(side) + 2:] for v in keys], pa.string())
        fam = np.array([fam_code[families.members[v]] for v in keys], dtype=np.int64)
        pos = pc.fill_null(pc.index_in(wrappers.column(side), value_set=phrases), -1).to_numpy(zero_copy_only=False).astype(np.int64)
        codes[side] = np.where(pos >= 0, fam[np.maximum(pos, 0)] if len(fam) else -1, -1)
    c = wrappers.column("c").to_numpy(zero_copy_only=False).astype(np.int64)
    fh, ft = codes["head"], codes["tail"]
    a_rows = np.r_[np.flatnonzero(fh >= 0), np.flatnonzero((ft >= 0) & (ft != fh))]
    f_rows = np.r_[fh[fh >= 0], ft[(ft >= 0) & (ft != fh)]]
    if a_rows.size == 0:
        return empty
    t = pa.table({"account_id": wrappers.column("account_id").combine_chunks().take(pa.array(a_rows, pa.int64())),
                  "f": pa.array(f_rows, pa.int64()), "c": pa.array(c[a_rows], pa.int64())})
    t = t.group_by(["account_id", "f"]).aggregate([("c", "sum")])
    labels = [families.label(names[i]) for i in t.column("f").to_pylist()]
    return pa.table({"account_id": t.column("account_id"), "value": pa.array(labels, pa.string()), "c": t.column("c_sum")})
