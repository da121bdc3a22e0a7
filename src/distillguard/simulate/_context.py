"""What every generator shares: seeded randomness, identities, timing shapes, the event builder."""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from distillguard.simulate._corpora import PromptBank
from distillguard.simulate._infra import Operator, ProxyPool
from distillguard.simulate._net import AS, Internet
from distillguard.simulate._scenario import Scenario
from distillguard.simulate._writer import DaySpill

__all__ = ["Account", "Ctx", "MODELS", "HOUR_WEIGHTS"]

DAY_MS = 86_400_000
HOUR_MS = 3_600_000

MODELS = {
    "large": "aurora-large-2025-02",
    "mini": "aurora-mini-2025-01",
    "reasoner": "aurora-reasoner-1",
    "large-old": "aurora-large-2024-11",
}

#: relative activity per local hour of a human
HOUR_WEIGHTS = np.array([0.6, 0.35, 0.2, 0.15, 0.15, 0.25, 0.5, 1.0, 1.8, 2.6, 3.0, 3.1,
                         2.8, 3.0, 3.2, 3.1, 2.9, 2.6, 2.4, 2.6, 2.8, 2.5, 1.8, 1.1])
#: relative activity per local hour of office work
OFFICE_WEIGHTS = np.array([0.05, 0.02, 0.02, 0.02, 0.02, 0.05, 0.2, 0.8, 2.5, 3.5, 3.6, 3.2,
                           2.0, 3.0, 3.5, 3.4, 3.0, 2.0, 0.8, 0.4, 0.3, 0.2, 0.1, 0.08])

FREEMAIL = ("gmail.com", "gmail.com", "gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com", "proton.me")
LOCAL_MAIL = {"DE": ("web.de", "gmx.de"), "FR": ("orange.fr", "free.fr"), "JP": ("yahoo.co.jp",), "CN": ("qq.com", "163.com"),
              "RU": ("mail.ru", "yandex.ru"), "KR": ("naver.com",), "BR": ("uol.com.br",), "IN": ("rediffmail.com",)}


def _key(k: Any) -> int:
    return int(k) if isinstance(k, (int, np.integer)) else zlib.crc32(str(k).encode("utf-8"))


@dataclass
class Account:
    """An account as the generators use it: identity columns plus its keys."""

    account_id: str
    org_id: str
    keys: list[str]
    row: dict[str, Any] = field(default_factory=dict)
    #: its row of the labels table (generators add ``wave``, ``banned_at``, ``attack_end_users``, …)
    label: dict[str, Any] = field(default_factory=dict)


class Ctx:
    """Shared state of one simulation run."""

    def __init__(self, scenario: Scenario, seed: int, bank: PromptBank, sink: DaySpill) -> None:
        self.scenario = scenario
        self.seed = int(seed)
        self.bank = bank
        self.sink = sink
        self.net = Internet(self.rng("internet"))
        self.start_ms = scenario.start_ms
        self.end_ms = scenario.end_ms
        self.days = scenario.days
        self.scale = scenario.volume_scale
        self.accounts: list[dict[str, Any]] = []
        self.labels: list[dict[str, Any]] = []
        self.events_by_scenario: dict[str, int] = {}
        self._current: str = ""
        self.universities_used = 0
        self._shared: dict[tuple[str, ...], Any] = {}
        #: the seed populations move a request outside the span to its edge; the later ones drop it
        #: (a pile of requests at the span's last millisecond is no behaviour of anyone's)
        self.clamp_to_span = True

    # -- randomness and identities ----------------------------------------------------------

    def rng(self, *key: Any) -> np.random.Generator:
        """An independent generator for ``key`` (same seed and key, same stream)."""
        return np.random.default_rng([self.seed, *(_key(k) for k in key)])

    @staticmethod
    def hexid(rng: np.random.Generator, prefix: str, nbytes: int = 6) -> str:
        """``prefix`` and ``2 * nbytes`` random hex digits."""
        if nbytes <= 6:
            return prefix + format(int(rng.random() * (1 << (8 * nbytes))), f"0{2 * nbytes}x")
        return prefix + format(int(rng.random() * (1 << 48)), "012x") + format(int(rng.random() * (1 << (8 * nbytes - 48))), f"0{2 * nbytes - 12}x")

    def new_account(self, rng: np.random.Generator, *, org_id: str | None = None, created_at: int, email_domain: str,
                    verified: bool, tier: str, country: str, payment: str | None, signup_ip: str | None,
                    label: str, scenario: str, campaign: str = "", attack_start: int | None = None,
                    capability: str | None = None, n_keys: int = 1) -> Account:
        aid = self.hexid(rng, "acct_")
        org = org_id or self.hexid(rng, "org_")
        keys = [self.hexid(rng, "key_", 8) for _ in range(max(1, n_keys))]
        row = {"account_id": aid, "org_id": org, "created_at": int(created_at), "email_domain": email_domain,
               "verified": bool(verified), "tier": tier, "country": country, "payment_fingerprint": payment,
               "signup_ip": signup_ip}
        self.accounts.append(row)
        lab = {"account_id": aid, "label": label, "campaign": campaign, "scenario": scenario,
               "attack_start": attack_start, "capability": capability}
        self.labels.append(lab)
        return Account(aid, org, keys, row, lab)

    # -- infrastructure shared between populations (built from its name, not from run order) ---

    def proxy_pool(self, kind: str = "residential", name: str = "proxy-service") -> ProxyPool:
        """The ``kind`` (``residential`` or ``mobile``) pool of the proxy service ``name``."""
        key = ("proxy", kind, name)
        if key not in self._shared:
            self._shared[key] = ProxyPool.build(self.net, self.rng(*key), kind, 400 if kind == "residential" else 120)
        pool: ProxyPool = self._shared[key]
        return pool

    def operator(self, campaign: str) -> Operator:
        """The infrastructure behind campaign ``campaign`` (its id), for the campaign and its twins."""
        key = ("operator", campaign)
        if key not in self._shared:
            self._shared[key] = Operator.build(self.net, self.rng(*key))
        op: Operator = self._shared[key]
        return op

    def campus_nat(self, uni: AS) -> list[str]:
        """The one or two NAT addresses a university's campus traffic leaves from."""
        key = ("campus-nat", str(uni.asn))
        if key not in self._shared:
            r = self.rng(*key)
            self._shared[key] = [uni.ip(r) for _ in range(1 + int(r.random() < 0.5))]
        nat: list[str] = self._shared[key]
        return nat

    def compromised_campuses(self, n: int = 4) -> list[tuple[AS, str]]:
        """Universities whose accounts an operator takes over (and whose honest groups share the NATs)."""
        return self.net.universities[24 : 24 + n]

    def freemail(self, rng: np.random.Generator, country: str) -> str:
        local = LOCAL_MAIL.get(country)
        if local and rng.random() < 0.35:
            return local[int(rng.random() * len(local))]
        return FREEMAIL[int(rng.random() * len(FREEMAIL))]

    # -- time ---------------------------------------------------------------------------------

    def clip(self, t: float) -> int:
        return int(min(max(t, self.start_ms), self.end_ms - 1))

    def day_starts(self, rng: np.random.Generator, n: int, tz_h: float, *, t0: int | None = None, t1: int | None = None,
                   weights: np.ndarray = HOUR_WEIGHTS, weekend: float = 0.7, active_days: int | None = None) -> np.ndarray:
        """``n`` start times (ms, sorted) spread over days in ``[t0, t1)``, shaped by local hour weights."""
        t0 = self.start_ms if t0 is None else t0
        t1 = self.end_ms if t1 is None else t1
        first_day = (t0 - self.start_ms) // DAY_MS
        last_day = max(first_day, (t1 - 1 - self.start_ms) // DAY_MS)
        days = np.arange(first_day, last_day + 1)
        dow = (self.scenario.start.weekday() + days) % 7
        dw = np.where(dow >= 5, weekend, 1.0)
        if active_days is not None and active_days < len(days):
            keep = rng.choice(len(days), size=max(1, active_days), replace=False, p=dw / dw.sum())
            days, dw = days[np.sort(keep)], dw[np.sort(keep)]
        hw = weights / weights.sum()

        def draw(k: int) -> np.ndarray:
            d = days[rng.choice(len(days), size=k, p=dw / dw.sum())]
            h = rng.choice(24, size=k, p=hw)
            local = d * DAY_MS + h * HOUR_MS + rng.integers(0, HOUR_MS, size=k)
            return np.asarray(self.start_ms + local - int(tz_h * HOUR_MS))

        t = draw(n)
        if self.clamp_to_span:
            t = np.clip(t, t0, t1 - 1)
        else:  # a time that the time zone pushed out of the window is drawn again
            for _ in range(20):
                bad = (t < t0) | (t >= t1)
                if not bad.any():
                    break
                t[bad] = draw(int(bad.sum()))
            bad = (t < t0) | (t >= t1)
            t[bad] = rng.integers(t0, max(t1, t0 + 1), size=int(bad.sum()))
        return np.sort(t)

    # -- events -------------------------------------------------------------------------------

    def emit(self, scenario: str, acct: Account, rng: np.random.Generator, ts: float, *, net: tuple[str, AS],
             ua: str, key: str | None = None, **fields: Any) -> None:
        """Write one request of ``acct`` at ``ts`` from ``net`` = (ip, AS)."""
        if not self.clamp_to_span and not self.start_ms <= ts < self.end_ms:
            return
        ip, as_ = net
        out = self._finish(rng, fields)
        out.update(
            ts=self.clip(ts), request_id=self.hexid(rng, "req_", 8), account_id=acct.account_id, org_id=acct.org_id,
            api_key_id=key or acct.keys[0], ip=ip, asn=as_.asn, as_org=as_.org, country=as_.country, user_agent=ua,
        )
        self.sink.emit(out)
        self.events_by_scenario[scenario] = self.events_by_scenario.get(scenario, 0) + 1

    @staticmethod
    def _finish(rng: np.random.Generator, f: dict[str, Any]) -> dict[str, Any]:
        """Fill the derived fields: output tokens bounded by max_tokens, finish_reason, status, latency."""
        out_tok = int(f.get("output_tokens") or 0)
        mx = f.get("max_tokens")
        n = int(f.get("n") or 1)
        finish = f.get("finish_reason") or "stop"
        if mx is not None and out_tok >= mx:
            out_tok, finish = int(mx), "length"
        status = 200
        u = rng.random()
        if u < 0.004:
            status = 429
        elif u < 0.006:
            status = 500
        reasoning_tok = int(f.get("reasoning_tokens") or 0)
        if status != 200:
            f.update(output_tokens=0, reasoning_tokens=0 if f.get("reasoning_tokens") is not None else None,
                     finish_reason=None, status=status, latency_ms=float(round(40 + 860 * rng.random(), 1)))
            return f
        per_tok = 8 + 17 * rng.random()
        lat = math.exp(5.858 + 0.4 * rng.standard_normal()) + (out_tok + reasoning_tok) * per_tok
        f.update(output_tokens=out_tok * n, finish_reason=finish, status=status, latency_ms=float(round(lat, 1)))
        return f


def tokens_of(text: str | None) -> int:
    """A token count for ``text`` (about four characters per token; CJK about one per character)."""
    if not text:
        return 0
    n = len(text)
    extra = len(text.encode("utf-8")) - n  # ~2 per CJK character, ~1 per accented letter
    wide = min(n, extra // 2)
    return max(1, (n - wide) // 4 + wide)
