"""Wrapper families: the paraphrased variants of one prompt wrapper, found from who uses them.

An operation that wraps every payload in an instruction ("… Explain your reasoning.") and
rotates among paraphrases of it ("… Walk through your reasoning.", "Go into detail: …") splits
one wrapper into many variants.  An account with a handful of requests then uses each variant
once or twice, too rarely for any single variant to tie it to the others, and a low-and-slow
campaign of hundreds of such accounts falls apart.  The variants are still one wrapper: the
same accounts use them.  This module finds such families and counts, per account, the requests
that use any member of one.

1. **Candidate values**: prompt openings and closings (``head_words``, ``tail_words``) used by
   at least ``min_accounts`` accounts, at most ``max_df`` accounts, and around *varying*
   payloads: at least ``min_distinct`` of the requests that carry the value are distinct
   prompts.  A canned follow-up ("Can you make it shorter?") is the whole prompt, repeated
   word for word, so it is no wrapper and is left out.
2. **Co-use**: two candidates belong together when at least ``min_co`` accounts use both, that
   is at least ``min_co_share`` of the rarer one's accounts and ``min_lift`` times what chance
   would give, and chance cannot explain it: the Poisson tail of the co-use count, given the
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
>>> import duckdb, pyarrow as pa
>>> con = duckdb.connect()
>>> rows = []
>>> for a in range(12):  # 12 accounts, each one request with each of three variant closings
...     for k, tail in enumerate(("explain your reasoning.", "walk through your reasoning.", "explain why.")):
...         rows.append((f"s{a}", f"q{a}-{k} {tail}", None, tail))
>>> for a in range(100):  # honest users: one canned follow-up each, plus their own questions
...     rows += [(f"h{a}", "can you make it shorter?", "can you make", "make it shorter?"),
...              (f"h{a}", f"own question {a}", None, None)]
>>> t = pa.table({"account_id": [r[0] for r in rows], "request_id": [str(i) for i in range(len(rows))],
...               "prompt_hash": [hash(r[1]) for r in rows], "head_words": [r[2] for r in rows],
...               "tail_words": [r[3] for r in rows]})
>>> _ = con.register("event_flags", t)
>>> fams = wrapper_families(con, accounts=112)
>>> sorted(fams.members)
['tail: explain why.', 'tail: explain your reasoning.', 'tail: walk through your reasoning.']
>>> uses = family_uses(con, fams)
>>> sorted(set(uses.column("c").to_pylist()))
[3]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

__all__ = ["FamilySettings", "Families", "family_uses", "wrapper_families"]


@dataclass(frozen=True, kw_only=True)
class FamilySettings:
    min_accounts: int = 3
    max_df: int = 2000
    min_distinct: float = 0.8
    min_co: int = 3
    min_co_share: float = 0.15
    min_lift: float = 4.0
    alpha: float = 0.05
    max_values: int = 50


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


_VALUES = """
    select account_id, request_id, prompt_hash, 'head: ' || head_words as v from event_flags where head_words is not null
    union all
    select account_id, request_id, prompt_hash, 'tail: ' || tail_words as v from event_flags where tail_words is not null
"""


def wrapper_families(con: duckdb.DuckDBPyConnection, *, accounts: int, settings: FamilySettings | None = None) -> Families:
    """Group the log's wrapper variants into families (reads ``event_flags``)."""
    s = settings or FamilySettings()
    cap = max(s.min_accounts, min(s.max_df, accounts))
    rows = con.execute(
        f"""
        with uses as ({_VALUES}),
        cand as (
            select v, count(distinct account_id) as df from uses group by v
            having count(distinct account_id) between ? and ?
               and count(distinct prompt_hash) >= ? * count(*)
        ),
        av as (select distinct u.account_id, u.v from uses u join cand using (v)),
        small as (select account_id from av group by account_id having count(*) <= ?),
        avs as (select av.* from av join small using (account_id))
        select a.v as u, b.v as w, count(*) as c, cu.df as du, cw.df as dw
        from avs a join avs b on a.account_id = b.account_id and a.v < b.v
        join cand cu on cu.v = a.v join cand cw on cw.v = b.v
        group by all
        having count(*) >= ?
        """,
        [s.min_accounts, cap, s.min_distinct, s.max_values, s.min_co],
    ).fetchall()
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
        if c < s.min_co_share * min(du, dw) or c < s.min_lift * expected:
            continue
        if float(poisson.sf(c - 1, expected)) <= alpha:
            df[u], df[w] = du, dw
            ru, rw = find(u), find(w)
            if ru != rw:
                parent[ru] = rw
    groups: dict[str, list[str]] = {}
    for v in df:
        groups.setdefault(find(v), []).append(v)
    out = Families()
    for vals in groups.values():
        if len(vals) < 2:
            continue
        name = min(vals, key=lambda v: (-df[v], v))
        out.sizes[name] = len(vals)
        for v in vals:
            out.members[v] = name
    return out


def family_uses(con: duckdb.DuckDBPyConnection, families: Families) -> pa.Table:
    """``(account_id, value, c)``: per account and family, the requests using any of its variants."""
    if not families.members:
        return pa.table({"account_id": pa.array([], pa.string()), "value": pa.array([], pa.string()), "c": pa.array([], pa.int64())})
    names = list(families.members)
    fam = pa.table({"v": names, "family": [families.members[v] for v in names]})
    con.register("_wrapper_family", fam)
    try:
        t = con.execute(
            f"""select account_id, family as value, count(distinct request_id) as c
                from ({_VALUES}) uses join _wrapper_family using (v) group by all"""
        ).to_arrow_table()
    finally:
        con.unregister("_wrapper_family")
    labels = [families.label(v) for v in t.column("value").to_pylist()]
    return t.set_column(t.schema.get_field_index("value"), "value", pa.array(labels, pa.string()))
