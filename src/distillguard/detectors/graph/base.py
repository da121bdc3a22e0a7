"""The graph plug-in interface: edge kinds (what ties two accounts) and campaign detectors
(``GraphDetector``: what makes a linked group an operation).

Two families of edge kind:

* :class:`EdgeKind` — a *value* an account uses (a /24, an ASN, a user agent, a payment
  fingerprint, a prompt wrapper phrase, a sign-up day).  Accounts sharing values are similar;
  each value counts by its rarity (inverse document frequency over accounts), so a campus NAT,
  a cloud's popular range or a common SDK user agent shared by hundreds of honest users counts
  for little.  Candidate pairs come only from shared values (an inverted index, never all pairs);
  a value shared by more than ``max_block`` accounts is linked through a sample (each holder
  tied to a few pseudo-random others in the block), so a huge block costs O(size), not O(size²).
* :class:`SetEdgeKind` — a *set* an account builds up (its prompts, its 15-minute windows of
  activity).  Each account keeps a MinHash signature (a mergeable per-account sketch: the
  minimum of ``k`` seeded hashes over its set); candidate pairs come from LSH banding of the
  signatures and their weight is the estimated Jaccard similarity.

A :class:`GraphDetector` reads :class:`CampaignFeatures` (what a linked group did together) and
returns a score in [0, 1] with a plain sentence; the campaign risk is the weighted noisy-OR of
the detectors.  Online they run ``periodic``: the service re-runs linking on its per-account
summaries every few minutes, never per request.

Every kind and detector is one small module with its metadata (what it catches, what it misses,
its known false positives) and a ``.cases.yaml`` beside it (positive and hard-negative cases;
activity as minute offsets per account, Panther ``RuleOutputs`` style).

Examples
--------
>>> from distillguard.detectors.graph.base import edge_kinds, graph_detectors
>>> "prefix" in {k.name for k in edge_kinds()} and "lockstep" in {k.name for k in edge_kinds()}
True
>>> sorted(d.name for d in graph_detectors())[:2]
['coordination', 'dense-block']
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, ClassVar, TypeVar

__all__ = [
    "CampaignFeatures",
    "EdgeKind",
    "GROUP_WEIGHTS",
    "GraphDetector",
    "PairEdgeKind",
    "SetEdgeKind",
    "edge_kinds",
    "graph_detectors",
    "register_edge",
    "register_graph",
]

#: weight of each group's similarity in an edge's weight (printed in every campaign's summary)
GROUP_WEIGHTS: dict[str, float] = {"infrastructure": 0.35, "content": 0.45, "time": 0.2}

#: the built-in modules of this package, imported on first use (datasette ``DEFAULT_PLUGINS``)
BUILTIN_MODULES: tuple[str, ...] = (
    "prefix", "asn", "user_agent", "payment", "org", "email_domain", "signup",
    "wrapper", "template", "system_prompt", "near_duplicate", "lockstep", "complementary",
    "member_evidence", "extraction_content", "coordination", "dense_block", "volume_coverage",
)


@dataclass(frozen=True, kw_only=True)
class _Meta:
    name: ClassVar[str]
    description: ClassVar[str] = ""
    catches: ClassVar[str] = ""
    misses: ClassVar[str] = ""
    false_positives: ClassVar[str] = ""
    online: ClassVar[str] = "periodic"

    @classmethod
    def cases_path(cls) -> Path:
        """``<module>.cases.yaml`` beside the class's module."""
        mod = importlib.import_module(cls.__module__)
        return Path(str(mod.__file__)).with_suffix(".cases.yaml")


@dataclass(frozen=True, kw_only=True)
class EdgeKind(_Meta):
    """A value an account uses; accounts that use the same rare values are linked.

    Class variables
    ---------------
    group : ``infrastructure`` | ``content`` | ``time`` (see :data:`GROUP_WEIGHTS`)
    label : how the value is named in a campaign summary ("IP /24", "AS", …)
    level : ``event`` (counted over ``graph_events``; an account uses a value when a share of its
        requests do) or ``account`` (one value per account, from the ``accounts`` table)
    column : SQL expression giving the value (nulls ignored)

    Parameters
    ----------
    min_share, min_count : an account uses an event-level value only when at least ``min_share``
        of its requests (and ``min_count`` of them, or 2 for small accounts) do
    """

    group: ClassVar[str] = "infrastructure"
    label: ClassVar[str] = ""
    level: ClassVar[str] = "event"
    column: ClassVar[str] = ""
    min_share: float = 0.05
    min_count: int = 3

    def sql(self) -> str:
        """A query giving ``(account_id, value, c)``: requests (or 1) per account and value."""
        if self.level == "account":
            return (f"select account_id, cast({self.column} as varchar) as value, 1 as c from accounts "
                    f"where {self.column} is not null and cast({self.column} as varchar) <> ''")
        return (f"select account_id, value, count(*) as c from (select account_id, cast({self.column} as varchar) as value "
                f"from graph_events) where value is not null and value <> '' group by all")

    def format_value(self, value: str) -> str:
        """The value as shown in ``links[].value`` and summaries."""
        return value


@dataclass(frozen=True, kw_only=True)
class SetEdgeKind(_Meta):
    """A set each account builds up, compared by MinHash (estimated Jaccard similarity).

    Class variables
    ---------------
    element : SQL expression over ``graph_events`` giving one element of the account's set
        (may return a list: every element is added)

    Parameters
    ----------
    weight : the edge weight of a pair with Jaccard 1 (added to the groups' weighted sum)
    min_set : accounts with fewer distinct elements are not compared (too few to judge)
    min_jaccard : estimated Jaccard below this adds nothing
    """

    group: ClassVar[str] = "content"
    label: ClassVar[str] = ""
    element: ClassVar[str] = ""
    weight: float = 0.4
    min_set: int = 5
    min_jaccard: float = 0.15

    def elements_sql(self) -> str:
        """A query giving ``(account_id, e BIGINT)``: the elements of each account's set."""
        return (f"select distinct account_id, hash(x)::bigint as e from "
                f"(select account_id, unnest({self.element}) as x from graph_events) where x is not null")

    def describe_link(self, jaccard: float, shared_members: int) -> str:
        return f"{self.label}: mean Jaccard {jaccard:.2f} over {shared_members} linked members"


@dataclass(frozen=True, kw_only=True)
class PairEdgeKind(_Meta):
    """A judgement of candidate pairs (found by the other kinds) from per-account vectors.

    Parameters
    ----------
    weight : the edge weight a pair with score 1 adds
    """

    group: ClassVar[str] = "content"
    label: ClassVar[str] = ""
    weight: float = 0.15

    def score_pairs(self, i: Any, j: Any, ctx: Mapping[str, Any]) -> Any:
        """Scores in [0, 1] of pairs ``(i[k], j[k])`` (numpy index arrays) from ``ctx`` arrays."""
        raise NotImplementedError


@dataclass(frozen=True)
class CampaignFeatures:
    """What a linked group's members did together (the input of every :class:`GraphDetector`)."""

    members: float
    requests: float
    median_requests: float
    mean_own_risk: float
    suspicious_share: float
    cue_share: float
    harvest_share: float
    oneshot_share: float
    distinct_prompt_share: float
    fresh_share: float
    start_spread_days: float
    cohesion: float
    wrapper_share: float = 0.0
    cue_member_share: float = 0.0
    capabilities: float = 0.0
    topics: float = 0.0
    block_density: float = 0.0
    block_share: float = 0.0
    lockstep_share: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return {k: round(float(v), 4) for k, v in asdict(self).items()}

    @classmethod
    def of(cls, **kw: Any) -> CampaignFeatures:
        """Build from a mapping, with 0 for missing fields (cases give only what they need)."""
        names = cls.__dataclass_fields__
        return cls(**{k: float(kw.get(k, 0.0)) for k in names})


@dataclass(frozen=True, kw_only=True)
class GraphDetector(_Meta):
    """Judges a linked group of accounts as one operation.

    Subclasses set ``name`` and the metadata class variables, keep parameters as fields, and
    write :meth:`score` (in [0, 1]) and :meth:`explain` (a plain sentence quoting the numbers).

    Parameters
    ----------
    weight : its weight in the campaign risk (noisy-OR of ``weight × score``)
    """

    weight: float = 0.5
    reads: ClassVar[tuple[str, ...]] = ()

    def score(self, f: CampaignFeatures) -> float:
        raise NotImplementedError

    def explain(self, f: CampaignFeatures) -> str:
        return ", ".join(f"{k} {getattr(f, k):.2f}" for k in self.reads)


E = TypeVar("E", bound=type)
_EDGES: dict[str, type[EdgeKind] | type[SetEdgeKind] | type[PairEdgeKind]] = {}
_GRAPH: dict[str, type[GraphDetector]] = {}


def register_edge(cls: E) -> E:
    """Class decorator: add an edge kind to the registry (by ``name``)."""
    _EDGES[cls.name] = cls  # type: ignore[attr-defined]
    return cls


def register_graph(cls: E) -> E:
    """Class decorator: add a campaign detector to the registry (by ``name``)."""
    _GRAPH[cls.name] = cls  # type: ignore[attr-defined]
    return cls


def _load_builtins() -> None:
    for m in BUILTIN_MODULES:
        importlib.import_module(f"distillguard.detectors.graph.{m}")


def edge_kinds(config: Mapping[str, Mapping[str, Any]] | None = None) -> list[EdgeKind | SetEdgeKind | PairEdgeKind]:
    """Instances of every registered edge kind, in registration order (``config[name]`` may set
    parameters or ``enabled = false``)."""
    _load_builtins()
    out: list[EdgeKind | SetEdgeKind | PairEdgeKind] = []
    for name, cls in _EDGES.items():
        opts = dict((config or {}).get(name, {}))
        if not opts.pop("enabled", True):
            continue
        out.append(cls(**opts))
    return out


def graph_detectors(config: Mapping[str, Mapping[str, Any]] | None = None) -> list[GraphDetector]:
    """Instances of every registered campaign detector (same ``config`` convention)."""
    _load_builtins()
    out: list[GraphDetector] = []
    for name, cls in _GRAPH.items():
        opts = dict((config or {}).get(name, {}))
        if not opts.pop("enabled", True):
            continue
        out.append(cls(**opts))
    return out
