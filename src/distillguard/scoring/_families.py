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


def _sides(wrappers: pa.Table) -> list[tuple[str, pa.Table]]:
    """The phrase uses of each side: rows (row index into ``wrappers``, value ``"head: …"``)."""
    out = []
    for side in ("head", "tail"):
        col = wrappers.column(side).combine_chunks()
        keep = pc.is_valid(col)
        idx = pa.array(np.flatnonzero(keep.to_numpy(zero_copy_only=False)), pa.int64())
        out.append((side, pa.table({"row": idx, "v": pc.binary_join_element_wise(pa.scalar(side + ": "), col.filter(keep), "")})))
    return out


def _uses(wrappers: pa.Table) -> pa.Table:
    """(account_id, v, c, prompts) per wrapper row and side with a phrase."""
    parts = []
    for _, t in _sides(wrappers):
        rows = t.column("row")
        parts.append(pa.table({
            "account_id": wrappers.column("account_id").take(rows), "v": t.column("v"),
            "c": wrappers.column("c").take(rows), "prompts": wrappers.column("prompts").take(rows),
        }))
    return pa.concat_tables(parts)


def wrapper_families(wrappers: pa.Table, *, accounts: int, settings: FamilySettings | None = None) -> Families:
    """Group the log's wrapper variants into families (reads ``account_wrappers``)."""
    s = settings or FamilySettings()
    uses = _uses(wrappers)
    out = Families()
    if uses.num_rows == 0:
        return out
    # integer codes, then numpy: hash aggregates over strings in Arrow cost more than the rest
    venc = pc.dictionary_encode(uses.column("v").combine_chunks())
    vnames = venc.dictionary.to_pylist()
    vcode_all = venc.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    aenc = pc.dictionary_encode(uses.column("account_id").combine_chunks())
    acode_all = aenc.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    n_v, n_a = len(vnames), len(aenc.dictionary)
    pairs = np.unique(vcode_all * n_a + acode_all)  # distinct (value, account)
    df = np.bincount(pairs // n_a, minlength=n_v)
    total = np.bincount(vcode_all, weights=uses.column("c").to_numpy(zero_copy_only=False).astype(float), minlength=n_v)
    prompts = uses.column("prompts").combine_chunks()
    pv = vcode_all[pc.list_parent_indices(prompts).to_numpy(zero_copy_only=False)]
    pp = pc.list_flatten(prompts).to_numpy(zero_copy_only=False)
    order = np.lexsort((pp, pv))
    pv, pp = pv[order], pp[order]
    first = np.r_[True, (pv[1:] != pv[:-1]) | (pp[1:] != pp[:-1])] if len(pv) else np.zeros(0, bool)
    distinct = np.bincount(pv[first], minlength=n_v)
    ok = (df >= s.min_accounts) & (distinct >= s.min_distinct * total)
    cand = sorted(vnames[i] for i in np.flatnonzero(ok))  # value order: the pairs below are (u, w) with u < w
    if len(cand) < 2:
        return out
    df_all = {vnames[i]: int(df[i]) for i in np.flatnonzero(ok)}
    code_of = np.full(n_v, -1, dtype=np.int64)
    rank = {v: i for i, v in enumerate(cand)}
    for i in np.flatnonzero(ok):
        code_of[i] = rank[vnames[i]]
    cp = pairs[code_of[pairs // n_a] >= 0]  # candidate (value, account) pairs
    vcode, acct_code = code_of[cp // n_a], cp % n_a
    per_acct = np.bincount(acct_code, minlength=n_a)
    small = per_acct[acct_code] <= s.max_values  # heavy users of everything are not counted
    x = sp.csr_matrix((np.ones(int(small.sum())), (acct_code[small], vcode[small])), shape=(n_a, len(cand)))
    co = sp.triu((x.T @ x).tocsr(), k=1).tocoo()
    keep = co.data >= s.min_co
    rows = [(cand[i], cand[j], int(c), df_all[cand[i]], df_all[cand[j]]) for i, j, c in zip(co.row[keep], co.col[keep], co.data[keep])]
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    from scipy.stats import poisson

    df: dict[str, int] = {}
    # the co-use must be far beyond chance for *this* many pairs tested (Bonferroni): a payload's
    # opening that three of the operation's keys happen to share with a wrapper is not a variant
    alpha = s.alpha / max(len(rows), 1)
    for u, w, c, du, dw in rows:
        expected = du * dw / max(accounts, 1)
        if c < s.min_co_share * min(du, dw) or c < s.min_co_max_share * max(du, dw) or c < s.min_lift * expected:
            continue
        if float(poisson.sf(c - 1, expected)) <= alpha:
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
    member_names = pa.array(list(families.members), pa.string())
    member_fam = np.array([fam_code[families.members[v]] for v in families.members], dtype=np.int64)
    n = wrappers.num_rows
    codes = {}
    for side, t in _sides(wrappers):
        full = np.full(n, -1, dtype=np.int64)
        pos = pc.fill_null(pc.index_in(t.column("v"), value_set=member_names), -1).to_numpy(zero_copy_only=False).astype(np.int64)
        ok = pos >= 0
        full[t.column("row").to_numpy()[ok]] = member_fam[pos[ok]]
        codes[side] = full
    c = wrappers.column("c").to_numpy(zero_copy_only=False).astype(np.int64)
    acct = np.asarray(wrappers.column("account_id").to_pylist(), dtype=object)
    fh, ft = codes["head"], codes["tail"]
    a_rows = np.r_[np.flatnonzero(fh >= 0), np.flatnonzero((ft >= 0) & (ft != fh))]
    f_rows = np.r_[fh[fh >= 0], ft[(ft >= 0) & (ft != fh)]]
    if a_rows.size == 0:
        return empty
    t = pa.table({"account_id": pa.array(acct[a_rows].tolist(), pa.string()), "f": pa.array(f_rows, pa.int64()), "c": pa.array(c[a_rows], pa.int64())})
    t = t.group_by(["account_id", "f"]).aggregate([("c", "sum")])
    labels = [families.label(names[i]) for i in t.column("f").to_pylist()]
    return pa.table({"account_id": t.column("account_id"), "value": pa.array(labels, pa.string()), "c": t.column("c_sum")})
