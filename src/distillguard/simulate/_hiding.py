"""Campaigns built not to be found account by account (label ``attack``; issue 14).

Each follows a public 2026 report of an extraction campaign:

- ``intermediary``: harvested through an app platform's keys, as end users hiding among its
  thousands of real ones ("about four months through an intermediary platform's keys, after the
  harvester's own accounts were banned");
- ``key-harvest``: one key of an organisation's many keys harvests while the others serve the
  organisation's own services;
- ``wide-thin``: thousands of accounts, each a handful of requests a day, an IP per request from a
  proxy service ("28.8M exchanges through about 25,000 accounts in 44 days", "tens of thousands of
  proxies"), sign-ups in waves, human-like timing; tied only by what an operator cannot cheaply
  vary: one prompt source split between the accounts, one request-parameter fingerprint, wrapper
  families, one capability mix;
- ``ban-and-return``: pooled accounts banned about one a day and replaced just as fast, then a
  returning wave after the whole pool is banned, on the same infrastructure, cards, wrappers and
  parameters;
- ``academic-takeover``: the seed case (taken-over academic accounts harvesting alignment
  behaviour) under evasion: every account its own paraphrase of the operator's wrappers, its own
  client, a third of its traffic through rotating mobile proxies;
- ``mixed-reseller``: accounts resold to real users while about half their traffic carries
  Orca-style "answer in full detail, step by step" system prompts with long outputs.

Labels say what evaluation needs: ``wave`` (sign-up wave, replacement or return), ``banned_at``,
``attack_end_users`` / ``attack_api_keys`` (the harvesting end users or key of an otherwise honest
account; only their requests are the campaign's).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from distillguard.simulate._attacks import _ALIGN_WRAPPERS, _COT_WRAPPERS, _FRAMES, _ORCA_SYSTEMS, _ev, _machine_times, _split, _vary, _window
from distillguard.simulate._context import DAY_MS, HOUR_MS, HOUR_WEIGHTS, MODELS, Account, Ctx, tokens_of
from distillguard.simulate._honest import edu_account, human_chat
from distillguard.simulate._net import TZ, sdk_agent
from distillguard.simulate._scenario import CAMPAIGN_KINDS
from distillguard.simulate._text import pick
from distillguard.simulate._twins import _end_user_id, org_account, platform_account

__all__ = ["HIDING_CAPABILITY", "HIDING_GENERATORS", "Harvest", "Source"]

#: what each harvests, as the ``capabilities`` a scan should name
HIDING_CAPABILITY: dict[str, str] = {
    "intermediary-harvest": "reasoning-traces",
    "key-harvest": "data-generation",
    "wide-thin": "reasoning-traces",
    "ban-and-return": "reasoning-traces",
    "academic-takeover": "alignment-behaviour",
    "mixed-reseller": "general",
}

_CODE_WRAPPERS = (
    "{prompt}\n\n[Write|Give|Produce] a [complete|full|working] solution [with comments|with an explanation of each part|and explain it line by line], then [list|describe|cover] the edge cases.",
    "[Solve this programming task|Implement the following|Complete this coding task] [step by step|carefully|thoroughly], explaining your design first.\n\n{prompt}",
    "[Task|Problem|Request]: {prompt}\n[Think through the approach|Reason about the approach|Plan the solution] before writing code, and show [the whole program|the full code|all of the code].",
)
_DETAIL_WRAPPERS = (
    "[Answer in full detail|Give a thorough, complete answer|Respond comprehensively]: {prompt}",
    "{prompt}\n\n[Be exhaustive|Cover everything|Leave nothing out] and [explain your reasoning|justify each point|show how you got there].",
)
#: capability -> (wrapper family, where its payloads come from)
_CAPS: dict[str, tuple[tuple[str, ...], str]] = {
    "reasoning": (_COT_WRAPPERS, "hard_questions"),
    "coding": (_CODE_WRAPPERS, "coding_questions"),
    "general": (_DETAIL_WRAPPERS, "sharegpt_turns"),
    "alignment": (_ALIGN_WRAPPERS, "probes"),
}
#: the request-parameter fingerprint an operator's script sends (DeepSeek-R1's recommended sampling)
_FINGERPRINT: dict[str, Any] = {"model": "reasoner", "max_tokens": 8192, "temperature": 0.6, "top_p": 0.95, "reasoning": "high", "n": 1}
_STEP_SYSTEMS = _ORCA_SYSTEMS + (
    "You are a helpful assistant. Answer in full detail, step by step, and explain why each step follows.",
    "Always answer in full detail, step by step. Never skip a step and never give only the final answer.",
)


class Source:
    """One dataset split between a campaign's principals: each item is handed out once, in a
    campaign-wide shuffled order, so the principals' prompt sets are complementary and disjoint;
    after the whole dataset the operator goes round again under a new framing (nearly disjoint).

    Examples
    --------
    >>> s = Source(np.random.default_rng(0), ["a", "b", "c"])
    >>> sorted(s.take() for _ in range(3)), s.take().endswith(("a", "b", "c"))
    (['a', 'b', 'c'], True)
    """

    def __init__(self, rng: np.random.Generator, items: Sequence[str]) -> None:
        self.items = list(dict.fromkeys(items)) or ["(empty)"]
        self.perm = rng.permutation(len(self.items))
        self.cursor = 0

    def take(self) -> str:
        i = self.cursor
        self.cursor += 1
        n = len(self.items)
        item = self.items[int(self.perm[i % n])]
        rnd = i // n
        return item if rnd == 0 else _FRAMES[1 + (rnd - 1) % (len(_FRAMES) - 1)] + item


class Harvest:
    """An operator's content: per capability a wrapper family and a split prompt source, drawn
    in one fixed mix (e.g. half reasoning, a third coding)."""

    def __init__(self, ctx: Ctx, rng: np.random.Generator, mix: dict[str, float], paraphrase: bool = True) -> None:
        caps = [c for c in mix if c in _CAPS and float(mix[c]) > 0] or ["reasoning"]
        w = np.array([float(mix.get(c, 1.0)) for c in caps])
        self.caps, self.p = caps, w / w.sum()
        self.sources: dict[str, Source] = {}
        taken: set[str] = set()
        for c in caps:  # one dataset: an item in two pools (a coding question in ShareGPT) belongs to the first
            items = [x for x in getattr(ctx.bank, _CAPS[c][1]) if x not in taken]
            taken.update(items)
            self.sources[c] = Source(rng, items)
        self.paraphrase = paraphrase

    def prompt(self, rng: np.random.Generator, own: dict[str, list[str]] | None = None) -> tuple[str, str]:
        """(capability, prompt); ``own`` = a principal's own paraphrases of each family's wrappers."""
        cap = self.caps[int(rng.choice(len(self.caps), p=self.p))]
        wrappers = own[cap] if own is not None else _CAPS[cap][0]
        tmpl = wrappers[int(rng.random() * len(wrappers))]
        text = tmpl if own is not None else _vary(rng, tmpl, self.paraphrase)
        return cap, text.replace("{prompt}", self.sources[cap].take())

    def own_paraphrases(self, rng: np.random.Generator) -> dict[str, list[str]]:
        """One fixed variant of every wrapper, drawn once per principal (its own way of saying it)."""
        return {c: [_vary(rng, t, True) for t in _CAPS[c][0]] for c in self.caps}


def _mix(c: dict[str, Any], default: dict[str, float]) -> dict[str, float]:
    m = c.get("mix")
    return {str(k): float(v) for k, v in m.items()} if isinstance(m, dict) else default


def _fingerprint(c: dict[str, Any]) -> dict[str, Any]:
    fp = dict(_FINGERPRINT)
    fp.update(c.get("fingerprint") or {})
    fp["model"] = MODELS.get(str(fp["model"]), str(fp["model"]))
    return fp


def _human_days(ctx: Ctx, rng: np.random.Generator, t0: int, t1: int, per_day: float, tz: float) -> np.ndarray:
    """A handful of requests on each day of ``[t0, t1)``, in one or two sessions at a person's
    hours, a minute or two apart."""
    out: list[float] = []
    d0, d1 = (t0 - ctx.start_ms) // DAY_MS, (t1 - 1 - ctx.start_ms) // DAY_MS
    hw = HOUR_WEIGHTS / HOUR_WEIGHTS.sum()
    for d in range(int(d0), int(d1) + 1):
        k = int(rng.poisson(per_day))
        if k == 0:
            continue
        sessions = 1 + int(k > 4 and rng.random() < 0.6)
        for s in range(sessions):
            t = ctx.start_ms + d * DAY_MS + (int(rng.choice(24, p=hw)) - tz) * HOUR_MS + rng.uniform(0, HOUR_MS)
            for _ in range(k // sessions + (s < k % sessions)):
                out.append(t)
                t += rng.lognormal(np.log(80_000), 0.8)
    a = np.sort(np.array(out, dtype=float))
    a = a[(a >= t0) & (a < t1)]
    return a if a.size or t1 <= t0 else np.array([rng.uniform(t0, t1)])


def _emit_harvest(ctx: Ctx, scenario: str, acct: Account, rng: np.random.Generator, t: float, prompt: str, cap: str,
                  fp: dict[str, Any], net: tuple[str, Any], ua: str, key: str | None = None, **extra: Any) -> None:
    out = int(rng.lognormal(np.log(1100 if cap in ("reasoning", "coding") else 700), 0.5))
    reasoning = str(fp.get("reasoning") or "") or None
    ctx.emit(scenario, acct, rng, t, net=net, ua=ua, key=key, model=fp["model"], endpoint="chat", prompt=prompt,
             input_tokens=tokens_of(prompt), output_tokens=out,
             reasoning_tokens=int(rng.lognormal(np.log(3000), 0.6)) if reasoning not in (None, "none") else None,
             reasoning=reasoning, temperature=fp.get("temperature"), top_p=fp.get("top_p"), max_tokens=fp.get("max_tokens"),
             n=fp.get("n"), stream=False, **extra)


# -- inside an intermediary -----------------------------------------------------------------------------


def intermediary(ctx: Ctx, c: dict[str, Any], cid: str) -> None:
    scenario = CAMPAIGN_KINDS["intermediary"]
    cap = HIDING_CAPABILITY[scenario]
    rng = ctx.rng(cid)
    t0, t1 = _window(ctx, c)
    harvest = Harvest(ctx, rng, _mix(c, {"reasoning": 0.6, "coding": 0.4}))
    n_plat = max(1, int(c.get("platforms", 2)))
    plats = [platform_account(ctx, ctx.rng(cid, "platform", k), scenario=scenario, label="attack", campaign=cid, capability=cap,
                              n_end_users=int(c.get("end_users", 1500)), median_requests=float(c.get("median_requests", 3)),
                              odd_users=int(c.get("odd_users", 4))) for k in range(n_plat)]
    n_h = max(1, int(c.get("harvest_end_users", 24)))
    counts = _split(rng, int(float(c.get("requests", 12_000)) * ctx.scale), n_h, 0.5)
    harvesters: dict[int, list[str]] = {}
    for h in range(n_h):
        hrng = ctx.rng(cid, "harvester", h)
        k = h % n_plat
        plat = plats[k]
        eu = plat.new_end_user(hrng)
        harvesters.setdefault(k, []).append(eu)
        start = int(t0 + hrng.uniform(0, 0.3) * (t1 - t0))
        for t in _machine_times(ctx, hrng, int(counts[h]), start, t1, True):
            kind, prompt = harvest.prompt(hrng)
            out = int(hrng.lognormal(np.log(1000), 0.5))
            plat.send(ctx, scenario, hrng, float(t), prompt, end_user=eu, output_tokens=out, stream=False, turn=1)
    for k, plat in enumerate(plats):
        plat.acct.label["attack_end_users"] = harvesters.get(k, [])


def key_harvest(ctx: Ctx, c: dict[str, Any], cid: str) -> None:
    """One key of a many-keyed organisation generates training data; the other keys serve the
    organisation's services, from the same hosts, with the same client."""
    scenario = CAMPAIGN_KINDS["key-harvest"]
    cap = HIDING_CAPABILITY[scenario]
    t0, t1 = _window(ctx, c)
    for a in range(max(1, int(c.get("accounts", 1)))):
        arng = ctx.rng(cid, a)
        acct, cloud, hosts, ua, services = org_account(ctx, arng, scenario=scenario, label="attack", campaign=cid, capability=cap,
                                                       n_keys=int(c.get("keys", 30)), median_requests=float(c.get("median_requests", 150)))
        key = acct.keys[int(arng.integers(len(acct.keys)))]
        acct.label["attack_api_keys"] = [key]
        n = int(float(c.get("requests", 6000)) * ctx.scale)
        start = int(t0 + arng.uniform(0, 0.2) * (t1 - t0))
        preamble, seeds = ctx.bank.generation_preamble, ctx.bank.seed_tasks
        src = Source(arng, ctx.bank.instructions + ctx.bank.sharegpt_turns[:3000])
        for t in _machine_times(ctx, arng, n, start, t1, _ev(c, "timing_jitter")):
            if arng.random() < 0.4:
                k = int(arng.integers(8, 21))
                ex = "\n".join(f"{j + 1}. Instruction: {s[0]}\n{j + 1}. Input: {s[1]}\n{j + 1}. Output: {s[2]}"
                               for j, s in enumerate(seeds[int(q)] for q in arng.choice(len(seeds), 3, replace=False)))
                prompt, system = preamble.replace("{n}", str(k)).replace("20", str(k)) + "\n" + ex + "\n4. Instruction:", None
                out = int(arng.lognormal(np.log(1400), 0.3))
            else:
                prompt, system = src.take(), pick(arng, _STEP_SYSTEMS)
                out = int(arng.lognormal(np.log(800), 0.4))
            ctx.emit(scenario, acct, arng, float(t), net=(hosts[int(arng.random() * len(hosts))], cloud), ua=ua, key=key, model=MODELS["large"],
                     endpoint="chat", system=system, prompt=prompt, input_tokens=tokens_of(system) + tokens_of(prompt), output_tokens=out,
                     temperature=1.0, max_tokens=4096, n=1, stream=False)


# -- wide and thin ----------------------------------------------------------------------------------------


def wide_thin(ctx: Ctx, c: dict[str, Any], cid: str) -> None:
    scenario = CAMPAIGN_KINDS["wide-thin"]
    cap = HIDING_CAPABILITY[scenario]
    rng = ctx.rng(cid)
    t0, t1 = _window(ctx, c)
    harvest = Harvest(ctx, rng, _mix(c, {"reasoning": 0.5, "coding": 0.3, "general": 0.2}))
    fp = _fingerprint(c)
    n_acc = max(1, int(c.get("accounts", 2000)))
    n_waves = max(1, int(c.get("waves", 5)))
    gap = float(c.get("wave_gap_days", 2.0)) * ctx.scale * DAY_MS
    per_day = float(c.get("requests_per_day", 5))
    res = ctx.proxy_pool("residential", str(c.get("proxy_service", "proxy-service")))
    mob = ctx.proxy_pool("mobile", str(c.get("proxy_service", "proxy-service")))
    mobile_share = float(c.get("mobile_share", 0.3))
    gap = min(gap, max(0.0, t1 - t0 - DAY_MS) / max(1, n_waves - 1))  # the last wave still has a day or more
    per_card = max(1, int(c.get("accounts_per_card", 1)))
    countries = ("US", "US", "US", "GB", "CA", "DE", "SG", "JP")
    card = ""
    for a in range(n_acc):
        arng = ctx.rng(cid, a)
        w = a * n_waves // n_acc
        wave_t = t0 - min(DAY_MS, gap) + w * gap  # the first wave signs up before the window opens, the next ones inside it
        created = int(wave_t + arng.uniform(0, 6) * HOUR_MS)
        country = countries[int(arng.random() * len(countries))]
        if a % per_card == 0:
            card = ctx.hexid(arng, "pf_", 8)
        acct = ctx.new_account(arng, created_at=created, email_domain=ctx.freemail(arng, country), verified=arng.random() < 0.2,
                               tier=pick(arng, ("free", "pay-as-you-go", "pay-as-you-go")), country=country, payment=card,
                               signup_ip=res.ip(arng)[0], label="attack", scenario=scenario, campaign=cid, capability=cap)
        acct.label["wave"] = str(w + 1)
        ua = sdk_agent(arng)
        tz = TZ.get(country, 0.0)
        for t in _human_days(ctx, arng, max(t0, created + HOUR_MS), t1, per_day * arng.uniform(0.6, 1.4), tz):
            kind, prompt = harvest.prompt(arng)
            net = (mob if arng.random() < mobile_share else res).ip(arng)
            _emit_harvest(ctx, scenario, acct, arng, float(t), prompt, kind, fp, net, ua)


# -- ban and return ---------------------------------------------------------------------------------------


def ban_and_return(ctx: Ctx, c: dict[str, Any], cid: str) -> None:
    """A pool of accounts, one banned about every day and replaced within hours; then the whole
    pool is banned, and after a pause a returning wave starts on the operator's same
    infrastructure, cards, wrappers, parameters and prompt source."""
    scenario = CAMPAIGN_KINDS["ban-and-return"]
    cap = HIDING_CAPABILITY[scenario]
    rng = ctx.rng(cid)
    op = ctx.operator(cid)
    t0, t1 = _window(ctx, c)
    harvest = Harvest(ctx, rng, _mix(c, {"reasoning": 0.7, "coding": 0.3}))
    fp = _fingerprint(c)
    jitter = _ev(c, "timing_jitter")
    pool = max(1, int(c.get("accounts", 10)))
    per_day = float(c.get("requests_per_day", 200))
    ban_every = float(c.get("ban_every_days", 1.0)) * DAY_MS
    mass = t0 + int(float(c.get("mass_ban_after_days", 0.5 * (t1 - t0) / DAY_MS / ctx.scale)) * ctx.scale * DAY_MS)
    back = mass + int(float(c.get("return_after_days", 1.0)) * ctx.scale * DAY_MS)
    n_back = int(c.get("return_accounts", pool))
    made = 0

    def account(created: int, wave: str) -> tuple[Account, np.random.Generator]:
        nonlocal made
        arng = ctx.rng(cid, "account", made)
        made += 1
        country = pick(arng, ("US", "US", "SG", "GB"))
        acct = ctx.new_account(arng, created_at=created, email_domain=ctx.freemail(arng, country), verified=arng.random() < 0.5,
                               tier="pay-as-you-go", country=country, payment=op.cards[made % len(op.cards)], signup_ip=op.host(arng)[0],
                               label="attack", scenario=scenario, campaign=cid, capability=cap)
        acct.label["wave"] = wave
        return acct, arng

    def run(acct: Account, arng: np.random.Generator, start: int, end: int) -> None:
        hosts = [op.host(arng) for _ in range(2)]
        n = int(per_day * (end - start) / DAY_MS * arng.uniform(0.8, 1.2))
        for t in _machine_times(ctx, arng, n, start, end, jitter):
            kind, prompt = harvest.prompt(arng)
            _emit_harvest(ctx, scenario, acct, arng, float(t), prompt, kind, fp, hosts[int(arng.random() * 2)], op.ua)

    # wave 1: the pool, with a ban and a replacement about every day until the mass ban
    active: list[tuple[Account, np.random.Generator, int]] = []
    for _ in range(pool):
        acct, arng = account(int(t0 - rng.uniform(2, 20) * HOUR_MS), "1")
        active.append((acct, arng, t0))
    tb, r = t0 + ban_every * rng.uniform(0.6, 1.2), 0
    while tb < mass - 8 * HOUR_MS:
        ready = [k for k, (_, _, s) in enumerate(active) if s < tb - HOUR_MS]
        if not ready:
            tb += ban_every
            continue
        i = ready[int(rng.integers(len(ready)))]
        acct, arng, start = active[i]
        run(acct, arng, start, int(tb))
        acct.label["banned_at"] = int(tb)
        r += 1
        created = int(tb + rng.uniform(1, 6) * HOUR_MS)
        new, nrng = account(created, f"1-r{r:02d}")
        active[i] = (new, nrng, int(created + rng.uniform(0.2, 1.0) * HOUR_MS))
        tb += ban_every * rng.uniform(0.6, 1.4)
    for acct, arng, start in active:
        if start < mass:
            run(acct, arng, start, int(mass))
        acct.label["banned_at"] = int(mass)
    # wave 2: back after the ban
    if back < t1:
        for _ in range(n_back):
            created = int(back + rng.uniform(0, 6) * HOUR_MS)
            acct, arng = account(created, "2")
            run(acct, arng, int(created + rng.uniform(0.2, 1.0) * HOUR_MS), t1)


# -- the seed case under evasion ----------------------------------------------------------------------------


def academic_takeover(ctx: Ctx, c: dict[str, Any], cid: str) -> None:
    scenario = CAMPAIGN_KINDS["academic-takeover"]
    cap = HIDING_CAPABILITY[scenario]
    rng = ctx.rng(cid)
    op = ctx.operator(cid)
    t0, t1 = _window(ctx, c)
    harvest = Harvest(ctx, rng, _mix(c, {"alignment": 1.0}))
    mobile = ctx.proxy_pool("mobile", str(c.get("proxy_service", "proxy-service")))
    mobile_share = float(c.get("mobile_share", 1 / 3))
    campuses = ctx.compromised_campuses()
    n = max(1, int(c.get("accounts", 60)))
    counts = _split(rng, int(float(c.get("requests", 20_000)) * ctx.scale), n)
    for a in range(n):
        arng = ctx.rng(cid, a)
        astart = int(t0 + arng.uniform(0, 0.3) * (t1 - t0))
        uni, dom = campuses[int(arng.random() * len(campuses))]
        history = max(1, int(arng.lognormal(np.log(max(12 * ctx.scale * (astart - ctx.start_ms) / max(ctx.end_ms - ctx.start_ms, 1), 1)), 1.0)))
        acct, net, huas, tz = edu_account(ctx, arng, uni, dom, ctx.campus_nat(uni), scenario=scenario, label="attack", volume=history,
                                          campaign=cid, attack_start=astart, capability=cap, until=astart)
        if arng.random() < 0.3:  # the owner still logs in now and then
            human_chat(ctx, scenario, acct, arng, int(arng.integers(1, 15)), tz, "en", net, huas, t0=astart)
        own = harvest.own_paraphrases(arng)
        ua = sdk_agent(arng)
        hosts = [op.host(arng) for _ in range(2)]
        temp = float(pick(arng, (0.7, 1.0, 0.0)))
        mx = int(pick(arng, (2048, 4096, 8192)))
        for t in _machine_times(ctx, arng, int(counts[a]), astart, t1, True):
            _, prompt = harvest.prompt(arng, own)
            where = mobile.ip(arng) if arng.random() < mobile_share else hosts[int(arng.random() * 2)]
            refuse = arng.random() < 0.12
            ctx.emit(scenario, acct, arng, float(t), net=where, ua=ua, model=MODELS["large"], endpoint="chat", prompt=prompt,
                     input_tokens=tokens_of(prompt), output_tokens=int(arng.lognormal(np.log(420), 0.5) * (0.2 if refuse else 1)),
                     temperature=temp, max_tokens=mx, n=1, stream=False,
                     finish_reason=("refusal" if arng.random() < 0.5 else "content_filter") if refuse else None)


# -- the mixed reseller -------------------------------------------------------------------------------------


def mixed_reseller(ctx: Ctx, c: dict[str, Any], cid: str) -> None:
    """Resold access: real customers chat through the reseller's gateway around the clock, and
    about half the traffic is the reseller's own Orca-style generation, paced like its customers."""
    scenario = CAMPAIGN_KINDS["mixed-reseller"]
    cap = HIDING_CAPABILITY[scenario]
    rng = ctx.rng(cid)
    op = ctx.operator(cid)
    t0, t1 = _window(ctx, c)
    n_acc = max(1, int(c.get("accounts", 4)))
    share = float(c.get("distill_share", 0.5))
    with_eu = bool(c.get("end_user_field", False))
    counts = _split(rng, int(float(c.get("requests", 16_000)) * ctx.scale), n_acc, 0.4)
    src = Source(rng, ctx.bank.instructions + ctx.bank.sharegpt_turns)
    for a in range(n_acc):
        arng = ctx.rng(cid, a)
        acct = ctx.new_account(arng, created_at=int(t0 - arng.uniform(20, 150) * DAY_MS), email_domain=f"{ctx.hexid(arng, 'api', 3)}.ai",
                               verified=True, tier="tier-4", country=pick(arng, ("SG", "US", "HK")), payment=ctx.hexid(arng, "pf_", 8),
                               signup_ip=op.host(arng)[0], label="attack", scenario=scenario, campaign=cid, capability=cap, n_keys=3)
        gw = [op.host(arng) for _ in range(2)]
        ua = "Go-http-client/2.0"
        n = int(counts[a])
        n_distill = int(n * share)
        customers = [_end_user_id(arng, "cust_{n}") for _ in range(int(c.get("end_users", 300)))]
        distillers = [_end_user_id(arng, "cust_{n}") for _ in range(int(c.get("distill_end_users", 5)))]
        if with_eu:
            acct.label["attack_end_users"] = distillers

        def send(t: float, prompt: str, eu: str, **f: Any) -> None:
            ctx.emit(scenario, acct, arng, t, net=gw[int(arng.random() * 2)], ua=ua, key=acct.keys[int(arng.random() * 3)], model=MODELS["large"],
                     endpoint="chat", prompt=prompt, end_user=eu if with_eu else None, **f)

        # customers: conversations at their own hours (the reseller sells in several time zones)
        done = 0
        while done < n - n_distill:
            eu = customers[int(arng.random() * len(customers))]
            tz = float(pick(arng, (8.0, 8.0, -6.0, 1.0, 9.0)))
            s = float(ctx.day_starts(arng, 1, tz, t0=t0, t1=t1)[0])
            hist = 0
            for q in ctx.bank.chat_conversation(arng, "en", int(arng.integers(1, 6))):
                out = ctx.bank.output_tokens(arng, "conv", 250, 0.9)
                send(s, q, eu, input_tokens=hist + tokens_of(q), output_tokens=out, temperature=0.7, stream=True, turn=None)
                hist += tokens_of(q) + out
                s += arng.lognormal(np.log(40_000), 0.8)
                done += 1
        # the reseller's own generation, in the same hours and through the same keys
        for t in ctx.day_starts(arng, n_distill, 8.0, t0=t0, t1=t1, weekend=0.9):
            system = pick(arng, _STEP_SYSTEMS)
            prompt = src.take()
            send(float(t), prompt, distillers[int(arng.random() * len(distillers))], system=system,
                 input_tokens=tokens_of(system) + tokens_of(prompt), output_tokens=int(arng.lognormal(np.log(1200), 0.4)),
                 temperature=1.0, max_tokens=4096, n=1, stream=bool(arng.random() < 0.5))


HIDING_GENERATORS: dict[str, Callable[[Ctx, dict[str, Any], str], None]] = {
    "intermediary": intermediary,
    "key-harvest": key_harvest,
    "wide-thin": wide_thin,
    "ban-and-return": ban_and_return,
    "academic-takeover": academic_takeover,
    "mixed-reseller": mixed_reseller,
}
