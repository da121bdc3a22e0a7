"""coordination-network-toolkit (Graham et al., QUT): co-similarity and co-post networks.

The toolkit finds coordinated social-media accounts: two accounts are linked each time they post
near-identical text (``co_similar_tweet``: token-set Jaccard ≥ ``SIMILARITY``) or simply post
(``co_post``) within ``TIME_WINDOW`` seconds of each other, and an edge survives with at least
``MIN_EDGE_WEIGHT`` such messages. Here each request is a "post" by its account, the prompt is
its text and ``ts`` its time. That is the CopyCatch-style lockstep reference: accounts driven by
one orchestrator with one prompt template fire similar text at the same moments.

Both networks are computed by the toolkit (its own SQLite pipeline, one worker process), their
edges are united into one undirected account graph, and every account in a connected component
of at least ``MIN_COMPONENT`` accounts is flagged; the component is the campaign.

Settings (fixed before seeing results): ``TIME_WINDOW = 60`` s, ``SIMILARITY = 0.5`` (a shared
wrapper around a varying question gives Jaccard around one half; the toolkit's default 0.8 is for
retweet-like copies), ``MIN_EDGE_WEIGHT = 10`` for co-similarity and 50 for co-post (co-post links
any two busy accounts, so it needs a higher bar), ``MIN_COMPONENT = 3``.
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
import tempfile
from collections.abc import Mapping
from pathlib import Path

import networkx as nx
import pyarrow as pa

from _common import Verdict, column

TIME_WINDOW = 60
SIMILARITY = 0.5
MIN_EDGE_WEIGHT_SIMILAR = 10
MIN_EDGE_WEIGHT_POST = 50
MIN_COMPONENT = 3
MIN_TOKENS = 5


def _load(db_path: str, events: pa.Table) -> None:
    from coordination_network_toolkit.preprocess import preprocess_data

    accts = column(events, "account_id")
    rid = column(events, "request_id")
    prompts = column(events, "prompt")
    ts = events.column("ts").to_numpy()
    rows = ((str(rid[i]), str(accts[i]), str(accts[i]), "", "", prompts[i] if isinstance(prompts[i], str) else "", ts[i] / 1000.0, [])
            for i in range(events.num_rows))
    preprocess_data(db_path, rows)


def graph(events: pa.Table) -> nx.Graph:
    """The union of the toolkit's co-similar-prompt and co-post networks, as an undirected graph."""
    from coordination_network_toolkit.compute_networks import compute_co_post_network, compute_co_similar_tweet
    from coordination_network_toolkit.similarity import MinDocSizeSimilarity

    g = nx.Graph()
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()):
        db = str(Path(tmp) / "cnt.db")
        _load(db, events)
        compute_co_similar_tweet(db, TIME_WINDOW, n_threads=1, similarity_threshold=SIMILARITY,
                                 min_edge_weight=MIN_EDGE_WEIGHT_SIMILAR, similarity_function=MinDocSizeSimilarity(MIN_TOKENS))
        compute_co_post_network(db, TIME_WINDOW, min_edge_weight=MIN_EDGE_WEIGHT_POST, n_threads=1)
        con = sqlite3.connect(db)
        for table, kind in (("co_similar_tweet_network", "co-similar"), ("co_post_network", "co-post")):
            for u, v, w in con.execute(f"select user_1, user_2, weight from {table} where user_1 != user_2"):
                if g.has_edge(u, v):
                    g[u][v]["weight"] += w
                    g[u][v]["kinds"].add(kind)
                else:
                    g.add_edge(u, v, weight=w, kinds={kind})
        con.close()
    return g


def detect(events: pa.Table) -> Mapping[str, Verdict]:
    """Flag accounts in connected components of at least ``MIN_COMPONENT`` accounts."""
    out: dict[str, Verdict] = {}
    if events.num_rows == 0:
        return out
    g = graph(events)
    comps = sorted((sorted(c) for c in nx.connected_components(g) if len(c) >= MIN_COMPONENT), key=lambda c: (-len(c), c[0]))
    largest = len(comps[0]) if comps else 1
    for k, members in enumerate(comps):
        sub = g.subgraph(members)
        kinds = sorted(set().union(*(d["kinds"] for _, _, d in sub.edges(data=True))))
        summary = (f"in a {'/'.join(kinds)} component of {len(members)} accounts with {sub.number_of_edges()} links "
                   f"(requests within {TIME_WINDOW}s of each other)")
        for a in members:
            out[a] = Verdict(risk=0.5 + 0.5 * len(members) / largest, flagged=True, campaign=f"cnt-component-{k + 1}",
                             reasons=[{"detector": "coordination-network", "score": round(sub.degree(a, weight="weight") / max(1, sub.size(weight="weight")), 4), "summary": summary}])
    return out
