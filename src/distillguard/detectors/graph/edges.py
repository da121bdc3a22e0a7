"""Edge kinds of the account graph: what two accounts can share, and how much it says.

Each kind names a value an account *uses* (a /24, an ASN, a user agent, a payment fingerprint,
a prompt wrapper phrase, a 15-minute window of activity, …).  Accounts become similar when they
use the same values; each value counts by its *rarity* (inverse document frequency over accounts),
so a university NAT, a cloud's popular range or a common SDK user agent shared by hundreds of
honest users counts for little.  Candidate pairs come only from shared values, never from all
pairs: every pair for a value a few accounts share, a random expander for a value many share
(``campaigns.clique_max``, ``campaigns.sample_partners``), so no value is dropped however many
accounts share it and the cost stays linear.

Kinds are grouped (infrastructure, content, time); the similarity of two accounts is the
weighted sum over groups of the cosine similarity of their rarity-weighted value vectors.

Examples
--------
>>> [k.name for k in EDGE_KINDS][:4]
['prefix', 'asn', 'user_agent', 'payment']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["EDGE_KINDS", "GROUP_WEIGHTS", "EdgeKind"]

_DAY_MS = 86_400_000


def _signup_prefix(accounts: pa.Table) -> pa.Array:
    """The network of a sign-up address (IPv4 /24, IPv6 /48; null where it is no address)."""
    from distillguard.events._net import ip_prefixes

    return ip_prefixes(accounts.column("signup_ip").combine_chunks(), keep_unparsable=False)


def _created_day(accounts: pa.Table) -> pa.Array:
    """The UTC day (days since 1970) an account was created."""
    ms = pc.cast(accounts.column("created_at").combine_chunks(), pa.int64())
    days = np.floor_divide(ms.fill_null(0).to_numpy(zero_copy_only=False), _DAY_MS)
    return pa.array([str(d) for d in days.tolist()], pa.string(), mask=ms.is_null().to_numpy(zero_copy_only=False))


@dataclass(frozen=True)
class EdgeKind:
    """One kind of shared value.

    Attributes
    ----------
    name : id used in ``links[].kind`` of ``campaigns.jsonl``
    group : ``infrastructure`` | ``content`` | ``time``
    column : the per-event column giving the value (``level == "event"``), or the column of the
        accounts table (``level == "account"``); nulls are ignored
    level : ``event`` (counted per request; weight grows with the share of the account's
        requests that use it), ``wrapper`` (the opening or closing phrase, counted per request
        like ``event``), ``account`` (one value per account) or ``family`` (counted per request
        like ``event``, from :mod:`distillguard.scoring._families`)
    values : for an account-level kind not read from one column as it is, the function of the
        accounts table (Arrow) that gives each account's value
    min_share : an account uses an event-level value only when at least this share of its
        requests do (or ``min_count`` requests)
    label : how the value is named in a campaign's summary
    catches / misses / false_positives : what the kind is evidence of, and where it fails
    without_text : the kind links only logs without prompt text (``prompt_sha256`` only)
    """

    name: str
    group: str
    column: str
    label: str
    level: str = "event"
    min_share: float = 0.05
    min_count: int = 3
    #: values held by one account only still dilute the cosine (False: dropped, e.g. a unique org id)
    dilutes: bool = True
    catches: str = ""
    misses: str = ""
    false_positives: str = ""
    values: Callable[[pa.Table], pa.Array] | None = None
    #: used only where the log keeps no prompt text (no wrapper phrase anywhere): beside the text,
    #: whose wrappers tie an operation far better, it would only add an SDK's users sharing its defaults
    without_text: bool = False

    def account_values(self, accounts: pa.Table) -> pa.Array:
        """Each account's value of an account-level kind (one per row of ``accounts``)."""
        if self.values is not None:
            return self.values(accounts)
        return accounts.column(self.column).combine_chunks().cast(pa.string())


EDGE_KINDS: tuple[EdgeKind, ...] = (
    EdgeKind("prefix", "infrastructure", "v_prefix", "IP /24 (IPv6 /48)",
             catches="keys run from the same hosts or proxy ranges",
             misses="a fresh residential IP per request",
             false_positives="university and company NATs (weighted down by how many accounts share them)"),
    EdgeKind("asn", "infrastructure", "asn", "AS",
             catches="operations inside one organisation's network or one hosting provider",
             misses="residential proxy pools spread over many ISPs",
             false_positives="big clouds and national ISPs (common, hence light)"),
    EdgeKind("user_agent", "infrastructure", "user_agent", "user agent", min_share=0.2,
             catches="a custom harvesting client shared by the keys",
             misses="stock browsers and SDKs", false_positives="customers of one SDK version (common, hence light)"),
    EdgeKind("payment", "infrastructure", "payment_fingerprint", "payment fingerprint", level="account", dilutes=False,
             catches="accounts paid for with one instrument", misses="prepaid cards, stolen accounts",
             false_positives="a company card paying for its staff's accounts"),
    EdgeKind("org", "infrastructure", "org_id", "organisation", min_share=0.5, dilutes=False,
             catches="keys of one billing organisation (a reseller's pool of accounts)",
             misses="campaigns spread over many organisations",
             false_positives="a company's staff (linked, then judged on what they do)"),
    EdgeKind("email_domain", "infrastructure", "email_domain", "e-mail domain", level="account",
             catches="accounts registered on a throwaway or operation-owned domain",
             misses="free webmail", false_positives="a department's domain (its students)"),
    EdgeKind("signup_prefix", "infrastructure", "signup_ip", "sign-up /24", level="account", values=_signup_prefix,
             catches="accounts registered from the same hosts", misses="sign-up through proxies",
             false_positives="a campus sign-up drive behind one NAT"),
    EdgeKind("params", "content", "v_params", "request parameters (model|max_tokens|temperature|top_p|reasoning|n)",
             min_share=0.9, without_text=True,
             catches="in logs without prompt text (hashed): one harvesting script's parameters, sent on every request of "
                     "each of its keys, whatever their IPs",
             misses="operators that randomise their parameters per request; logs with prompt text (the wrappers tie better)",
             false_positives="an app's or an SDK's settings, shared by its users (linked, then judged on their own traffic: "
                             "the fingerprint is never a member's evidence; one half the population sends weighs little)"),
    EdgeKind("head", "content", "head", "prompts opening with", level="wrapper", min_share=0.1,
             catches="one wrapper around many payloads, even paraphrased into a few variants",
             misses="wrappers that change every request",
             false_positives="common openings ('can you help') are weighted down by rarity"),
    EdgeKind("tail", "content", "tail", "prompts ending with", level="wrapper", min_share=0.1,
             catches="a fixed instruction appended to every payload ('… explain your reasoning.')",
             misses="wrappers that change every request", false_positives="common closings, weighted down"),
    EdgeKind("wrapper", "content", "", "wrapper family", level="family", min_share=0.1,
             catches="one wrapper rotated among paraphrases, even when each key sends only a few requests "
                     "(variants that the same accounts use, see scoring/_families.py)",
             misses="wrappers rewritten from scratch for every request",
             false_positives="an app's template with a few variants (its users are linked, then judged)"),
    EdgeKind("template", "content", "template_fp", "prompt template", min_share=0.1,
             catches="the same prompt template (head and tail together)",
             misses="paraphrased templates", false_positives="one internal app template used by a company's staff"),
    EdgeKind("system", "content", "system_fp", "system prompt", min_share=0.2,
             catches="one system prompt across keys (Orca-style distillation instructions)",
             misses="no system prompt", false_positives="all users of one application"),
    EdgeKind("window", "time", "v_w15", "15-minute windows of activity", min_share=0.0, min_count=1,
             catches="lockstep: keys driven by one scheduler are active in the same windows (CopyCatch/SynchroTrap)",
             misses="operations that spread each key's requests over random hours",
             false_positives="busy hours (every window is weighted by how many accounts are active in it)"),
    EdgeKind("created_day", "time", "created_at", "sign-up day", level="account", values=_created_day,
             catches="accounts created in one burst", misses="aged or taken-over accounts",
             false_positives="a class or a team signing up on one day"),
)

#: weight of each group's cosine similarity in an edge's weight
GROUP_WEIGHTS: dict[str, float] = {"infrastructure": 0.35, "content": 0.45, "time": 0.2}
