"""Infrastructure that several populations of one run share: proxy pools, operators, campus NATs.

A campaign and the honest twins that resemble it must meet on the same networks: home users whose
ISP /24s are the ones a residential-proxy service resells, a university group on the NAT where
taken-over accounts used to live, an evaluation harness in the operator's cloud with the same SDK.
Each shared thing is built from its own name and the run's seed (never from the order in which
the generators run), so any generator can ask for it and all of them get the same one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from distillguard.simulate._net import AS, Internet, host, sdk_agent

__all__ = ["Operator", "ProxyPool"]


@dataclass(frozen=True)
class ProxyPool:
    """Addresses a proxy service rents out: /24s of many residential or mobile ASes.

    A request through the pool leaves from a random host of a random block, so an operation
    that sends every request through it shows "an IP per request" spread over dozens of ISPs.
    """

    kind: str
    blocks: tuple[tuple[AS, tuple[int, int, int]], ...]

    @classmethod
    def build(cls, net: Internet, rng: np.random.Generator, kind: str, n_blocks: int) -> ProxyPool:
        ases = net.mobile_as if kind == "mobile" else net.residential_as
        blocks = []
        seen: set[tuple[int, int, int]] = set()
        while len(blocks) < n_blocks:
            a = ases[int(rng.random() * len(ases))]
            p24 = a.slash24(rng)
            if p24 not in seen:
                seen.add(p24)
                blocks.append((a, p24))
        return cls(kind, tuple(blocks))

    def addresses(self) -> int:
        """Distinct host addresses the pool can hand out."""
        return 253 * len(self.blocks)

    def ip(self, rng: np.random.Generator) -> tuple[str, AS]:
        a, p24 = self.blocks[int(rng.random() * len(self.blocks))]
        return host(p24, rng), a


@dataclass(frozen=True)
class Operator:
    """What one campaign's operator runs on and cannot cheaply change between waves: a hosting
    AS and a few /24s in it, one scripted client (user agent), a small pool of payment cards."""

    cloud: AS
    p24s: tuple[tuple[int, int, int], ...]
    ua: str
    cards: tuple[str, ...]

    @classmethod
    def build(cls, net: Internet, rng: np.random.Generator, n24: int = 3, n_cards: int = 4) -> Operator:
        cloud = net.cloud(rng)
        p24s = tuple(cloud.slash24(rng) for _ in range(n24))
        ua = sdk_agent(rng)
        cards = tuple("pf_" + format(int(rng.random() * (1 << 48)), "012x") + format(int(rng.random() * (1 << 16)), "04x") for _ in range(n_cards))
        return cls(cloud, p24s, ua, cards)

    def host(self, rng: np.random.Generator) -> tuple[str, AS]:
        return host(self.p24s[int(rng.random() * len(self.p24s))], rng), self.cloud
