"""Honest populations (label ``benign``), including the hard negatives."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from distillguard.simulate._context import DAY_MS, HOUR_MS, MODELS, OFFICE_WEIGHTS, Account, Ctx, tokens_of
from distillguard.simulate._net import AS, LANG, TZ, browser_agent, host, sdk_agent
from distillguard.simulate._text import pick

__all__ = ["GENERATORS", "human_chat"]

NetFn = Callable[[np.random.Generator, int], tuple[str, AS]]


def _volume(rng: np.random.Generator, p: dict[str, Any], scale: float, default_median: float, default_sigma: float = 1.0) -> int:
    med = float(p.get("median_requests", default_median)) * scale
    r = rng.lognormal(np.log(max(med, 1.0)), float(p.get("sigma", default_sigma)))
    return int(np.clip(round(r), 1, float(p.get("max_requests", 1e9)) * max(scale, 1.0)))


def _created_before(ctx: Ctx, rng: np.random.Generator, lo_days: float = 20, hi_days: float = 900) -> int:
    return int(ctx.start_ms - rng.uniform(lo_days, hi_days) * DAY_MS)


def home_net(ctx: Ctx, rng: np.random.Generator, country: str) -> NetFn:
    """A household: one residential /24, a dynamic host that changes every few days, some mobile use."""
    home = ctx.net.residential(rng, country)
    p24 = home.slash24(rng)
    mobile = ctx.net.residential(rng, country)
    hosts = [host(p24, rng) for _ in range(4)]

    def f(r: np.random.Generator, ts: int) -> tuple[str, AS]:
        if r.random() < 0.15:
            return mobile.ip(r), mobile
        return hosts[int((ts - ctx.start_ms) // (4 * DAY_MS)) % len(hosts)], home

    return f


def human_chat(ctx: Ctx, scenario: str, acct: Account, rng: np.random.Generator, n: int, tz: float, lang: str,
               net: NetFn, uas: list[str], *, t0: int | None = None, t1: int | None = None, heavy: bool = False) -> None:
    """A person chatting: sessions at diurnal times, multi-turn conversations, human think times."""
    if n <= 0:
        return
    u = rng.random()
    pref = 0 if u < 0.55 else 1 if u < 0.93 else 2
    span_days = max(1, ((t1 or ctx.end_ms) - (t0 or ctx.start_ms)) // DAY_MS)
    turns_list: list[int] = []
    while sum(turns_list) < n:
        turns_list.append(int(min(rng.geometric(0.08 if heavy else 0.42), 40)))
    turns_list[-1] -= sum(turns_list) - n
    per_session = 4 if heavy else 1 + int(rng.integers(0, 2))
    n_sessions = max(1, (len(turns_list) + per_session - 1) // per_session)
    active = min(int(span_days), max(1, int(round(n ** 0.6))))
    starts = ctx.day_starts(rng, n_sessions, tz, t0=t0, t1=t1, active_days=active)
    temp = None if rng.random() < 0.7 else float(pick(rng, (0.7, 1.0, 0.5)))
    ci = 0
    for s in range(n_sessions):
        t = float(starts[s])
        for _ in range(per_session):
            if ci >= len(turns_list):
                break
            k = turns_list[ci]
            ci += 1
            model = MODELS[("mini", "large", "reasoner")[pref if rng.random() < 0.8 else int(rng.random() * 3)]]
            prompts = ctx.bank.chat_conversation(rng, lang, k)
            conv = ctx.hexid(rng, "conv_")
            hist = 0
            ua = uas[int(rng.random() * len(uas))]
            for i in range(k):
                prompt = prompts[i] if i < len(prompts) else ctx.bank.gen.chat_conversation(rng, lang, 2)[1]
                p_tok = tokens_of(prompt)
                out = ctx.bank.output_tokens(rng, "conv", 220, 0.9)
                reasoning = int(rng.lognormal(np.log(700), 0.8)) if model == MODELS["reasoner"] else None
                ctx.emit(scenario, acct, rng, t, net=net(rng, int(t)), ua=ua, model=model, endpoint="chat",
                         conversation_id=conv, turn=i + 1, prompt=prompt, input_tokens=hist + p_tok + 24,
                         output_tokens=out, reasoning_tokens=reasoning, temperature=temp, max_tokens=None if rng.random() < 0.8 else 4096,
                         stream=True, reasoning="medium" if reasoning else None)
                hist += p_tok + out
                t += rng.lognormal(np.log(35_000), 0.9) + out * rng.uniform(20, 60) + tokens_of(prompt) * rng.uniform(150, 400)
            t += rng.lognormal(np.log(240_000), 1.0)


def _user_country(ctx: Ctx, rng: np.random.Generator) -> tuple[str, float, str]:
    c = ctx.net.user_country(rng)
    tz = TZ.get(c, 0.0) + (float(rng.choice([-3, -2, -1, 0])) if c == "US" else 0.0)
    lang = LANG.get(c, "en") if rng.random() < 0.45 else "en"
    return c, tz, lang


def _tier(rng: np.random.Generator) -> tuple[str, bool]:
    u = rng.random()
    if u < 0.55:
        return "free", False
    if u < 0.85:
        return "plus", True
    return "pay-as-you-go", True


def chat_user(ctx: Ctx, p: dict[str, Any], scenario: str = "chat-user") -> None:
    for i in range(int(p.get("accounts", 0))):
        rng = ctx.rng(scenario, i)
        country, tz, lang = _user_country(ctx, rng)
        net = home_net(ctx, rng, country)
        ip0, as0 = net(rng, ctx.start_ms)
        tier, paid = _tier(rng)
        new = rng.random() < 0.08
        created = ctx.start_ms + int(rng.uniform(0, ctx.days * 0.8) * DAY_MS) if new else _created_before(ctx, rng)
        acct = ctx.new_account(rng, created_at=created, email_domain=ctx.freemail(rng, country), verified=paid or rng.random() < 0.4,
                               tier=tier, country=country, payment=ctx.hexid(rng, "pf_", 8) if paid else None, signup_ip=ip0,
                               label="benign", scenario=scenario)
        uas = [browser_agent(rng) for _ in range(1 + int(rng.random() < 0.3))]
        human_chat(ctx, scenario, acct, rng, _volume(rng, p, ctx.scale, 14, 1.35), tz, lang, net, uas,
                   t0=max(ctx.start_ms, created) if new else None)


def edu_chat_user(ctx: Ctx, p: dict[str, Any]) -> None:
    scenario = "edu-chat-user"
    n_uni = max(1, int(p.get("universities", 4)))
    unis = ctx.net.universities[:n_uni]
    rng0 = ctx.rng(scenario, "nat")
    nats = {u.asn: [u.ip(rng0) for _ in range(1 + int(rng0.random() < 0.5))] for u, _ in unis}
    for i in range(int(p.get("accounts", 0))):
        rng = ctx.rng(scenario, i)
        uni, dom = unis[int(rng.random() * len(unis))]
        edu_account(ctx, rng, uni, dom, nats[uni.asn], scenario=scenario, label="benign", volume=_volume(rng, p, ctx.scale, 18, 1.2))


def edu_account(ctx: Ctx, rng: np.random.Generator, uni: AS, dom: str, nat_ips: list[str], *, scenario: str, label: str,
                volume: int, campaign: str = "", attack_start: int | None = None, capability: str | None = None,
                until: int | None = None) -> tuple[Account, NetFn, list[str], float]:
    """An academic account: campus NAT address most of the time, home broadband otherwise."""
    tz = TZ.get(uni.country, 0.0) + (float(rng.choice([-3, -2, -1, 0])) if uni.country == "US" else 0.0)
    home = home_net(ctx, rng, uni.country)

    def net(r: np.random.Generator, ts: int) -> tuple[str, AS]:
        if r.random() < 0.6:
            return nat_ips[int(r.random() * len(nat_ips))], uni
        return home(r, ts)

    sub = pick(rng, ("", "", "cs.", "students.", "ee.", "math.", "bio.", "econ."))
    acct = ctx.new_account(rng, created_at=_created_before(ctx, rng, 60, 1100), email_domain=sub + dom, verified=True,
                           tier=pick(rng, ("free", "free", "education", "plus")), country=uni.country,
                           payment=ctx.hexid(rng, "pf_", 8) if rng.random() < 0.4 else None, signup_ip=nat_ips[0],
                           label=label, scenario=scenario, campaign=campaign, attack_start=attack_start, capability=capability)
    uas = [browser_agent(rng) for _ in range(1 + int(rng.random() < 0.4))]
    human_chat(ctx, scenario, acct, rng, volume, tz, "en" if rng.random() < 0.85 else pick(rng, ("de", "zh", "es", "fr")), net, uas, t1=until)
    return acct, net, uas, tz


def heavy_chat_user(ctx: Ctx, p: dict[str, Any]) -> None:
    scenario = "heavy-chat-user"
    for i in range(int(p.get("accounts", 0))):
        rng = ctx.rng(scenario, i)
        country, tz, lang = _user_country(ctx, rng)
        net = home_net(ctx, rng, country)
        acct = ctx.new_account(rng, created_at=_created_before(ctx, rng, 100, 700), email_domain=ctx.freemail(rng, country), verified=True,
                               tier="pro", country=country, payment=ctx.hexid(rng, "pf_", 8), signup_ip=net(rng, ctx.start_ms)[0],
                               label="benign", scenario=scenario)
        n = int(float(p.get("requests", 3000)) * ctx.scale * rng.uniform(0.7, 1.3))
        human_chat(ctx, scenario, acct, rng, n, tz, lang, net, [browser_agent(rng), browser_agent(rng)], heavy=True)


def _rate_weights(ctx: Ctx, rng: np.random.Generator, tz: float) -> tuple[np.ndarray, float]:
    """Relative request rate per 10-minute window over the span, and the clients' IAT CV."""
    n_win = ctx.days * 144
    profiles = ctx.bank.rate_profiles
    if profiles:
        prof = profiles[int(rng.random() * len(profiles))]
        off = int(rng.random() * len(prof.rates))
        idx = (off + np.arange(n_win)) % len(prof.rates)
        w = prof.rates[idx]
        cvs = prof.cv[prof.cv > 0]
        return (w if w.sum() > 0 else np.ones(n_win)), float(np.median(cvs)) if len(cvs) else 1.0
    hours = (np.arange(n_win) / 6.0 + tz) % 24
    day = np.arange(n_win) // 144
    dow = (ctx.scenario.start.weekday() + day) % 7
    w = np.interp(hours, np.arange(25), np.r_[OFFICE_WEIGHTS, OFFICE_WEIGHTS[0]]) * 0.7 + 0.3
    w *= np.where(dow >= 5, rng.uniform(0.3, 0.9), 1.0)
    w *= rng.lognormal(0, 0.35, n_win)
    return w, 1.3


def _arrivals(ctx: Ctx, rng: np.random.Generator, n: int, weights: np.ndarray, cv: float) -> np.ndarray:
    counts = rng.multinomial(n, weights / weights.sum())
    win = np.repeat(np.arange(len(weights)), counts)
    if cv > 1.5:  # bursty clients: requests cluster inside their window
        centre = rng.uniform(0, 600_000, size=len(weights))
        off = np.clip(centre[win] + rng.normal(0, 60_000, size=len(win)), 0, 599_999)
    else:
        off = rng.uniform(0, 600_000, size=len(win))
    return np.sort(ctx.start_ms + win * 600_000 + off)


def api_app(ctx: Ctx, p: dict[str, Any]) -> None:
    scenario = "api-app"
    for i in range(int(p.get("accounts", 0))):
        rng = ctx.rng(scenario, i)
        cloud = ctx.net.cloud(rng)
        p24s = [cloud.slash24(rng) for _ in range(1 + int(rng.integers(0, 3)))]
        hosts = [host(q, rng) for q in p24s for _ in range(2)]
        country = pick(rng, ("US", "US", "US", "DE", "GB", "IN", "FR", "JP", "BR", "SG", "CA"))
        acct = ctx.new_account(rng, created_at=_created_before(ctx, rng, 30, 600), email_domain=f"{ctx.hexid(rng, 'app', 3)}.{pick(rng, ('io', 'com', 'ai', 'co'))}",
                               verified=True, tier=pick(rng, ("tier-2", "tier-3", "tier-4", "enterprise")), country=country,
                               payment=ctx.hexid(rng, "pf_", 8), signup_ip=None, label="benign", scenario=scenario, n_keys=int(rng.integers(1, 4)))
        system = ctx.bank.gen.app_system(rng)
        ua = sdk_agent(rng)
        model = MODELS[pick(rng, ("mini", "mini", "large", "large-old"))]
        temp = float(pick(rng, (0.0, 0.2, 0.3, 0.7, 1.0)))
        mx = int(pick(rng, (256, 512, 1024, 2048)))
        stream = bool(rng.random() < 0.4)
        w, cv = _rate_weights(ctx, rng, TZ.get(country, 0.0))
        n = _volume(rng, p, ctx.scale, 700, 1.0)
        out_med = float(rng.lognormal(np.log(150), 0.6))
        sys_tok = tokens_of(system)
        for k, t in enumerate(_arrivals(ctx, rng, n, w, cv)):
            user = ctx.bank.gen.app_user(rng, system) if rng.random() < 0.7 or not ctx.bank.sharegpt else ctx.bank.chat_turn(rng)
            ctx.emit(scenario, acct, rng, float(t), net=(hosts[int(rng.random() * len(hosts))], cloud), ua=ua,
                     key=acct.keys[min(len(acct.keys) - 1, int(len(acct.keys) * (t - ctx.start_ms) / (ctx.end_ms - ctx.start_ms)))],
                     model=model, endpoint="chat", system=system, prompt=user, input_tokens=sys_tok + tokens_of(user) + int(rng.integers(0, 400)),
                     output_tokens=int(rng.lognormal(np.log(out_med), 0.7)), temperature=temp, max_tokens=mx, stream=stream, n=1)


def batch_classifier(ctx: Ctx, p: dict[str, Any]) -> None:
    scenario = "batch-classifier"
    tasks = (
        ("Classify the sentiment of the following review as positive, negative or neutral. Answer with one word only.\n\nReview: {x}", ("positive", "negative", "neutral")),
        ("Is the following support message about billing, shipping, returns or other? Reply with a single word.\n\nMessage: {x}", ("billing", "shipping", "returns", "other")),
        ("Does this text contain personal data? Answer yes or no.\n\nText: {x}", ("yes", "no")),
        ("Label the language of this text with its ISO code only.\n\n{x}", ("en", "de", "fr", "es")),
    )
    for i in range(int(p.get("accounts", 0))):
        rng = ctx.rng(scenario, i)
        cloud = ctx.net.cloud(rng, ("cloud",))
        ips = [cloud.ip(rng) for _ in range(2)]
        acct = ctx.new_account(rng, created_at=_created_before(ctx, rng, 60, 500), email_domain=f"{ctx.hexid(rng, 'data', 3)}.com", verified=True,
                               tier="enterprise", country="US", payment=ctx.hexid(rng, "pf_", 8), signup_ip=None, label="benign", scenario=scenario)
        template, answers = tasks[i % len(tasks)]
        ua = sdk_agent(rng)
        jobs = max(1, int(round(ctx.scale * float(p.get("jobs", 1)))))
        for j in range(jobs):
            n = int(float(p.get("requests", 20000)) * rng.uniform(0.8, 1.2))
            dur = rng.uniform(2, 6) * HOUR_MS
            t0 = ctx.start_ms + int(rng.uniform(0, max(ctx.end_ms - ctx.start_ms - dur, 1)))
            times = np.sort(t0 + rng.uniform(0, dur, size=n))
            endpoint = "batch" if j % 2 else "chat"
            for t in times:
                x = ctx.bank.gen.review(rng) if rng.random() < 0.6 or not ctx.bank.sharegpt else ctx.bank.chat_turn(rng)[:600]
                prompt = template.format(x=x)
                ctx.emit(scenario, acct, rng, float(t), net=(ips[int(rng.integers(2))], cloud), ua=ua, model=MODELS["mini"], endpoint=endpoint,
                         prompt=prompt, input_tokens=tokens_of(prompt), output_tokens=1 + int(rng.random() < 0.1), temperature=0.0,
                         max_tokens=5, stream=False, n=1)


def eval_harness(ctx: Ctx, p: dict[str, Any]) -> None:
    scenario = "eval-harness"
    rng = ctx.rng(scenario, "group")
    uni, dom = ctx.net.universities[-1]
    lab = uni.slash24(rng)
    gpu = ctx.net.cloud(rng, ("cloud",))
    gpu_ip = gpu.ip(rng)
    org = ctx.hexid(rng, "org_")
    members = [ctx.new_account(rng, org_id=org, created_at=_created_before(ctx, rng, 30, 400), email_domain="nlp." + dom, verified=True,
                               tier="research", country=uni.country, payment=None if k else ctx.hexid(rng, "pf_", 8),
                               signup_ip=host(lab, rng), label="benign", scenario=scenario) for k in range(int(p.get("accounts", 3)))]
    if not members:
        return
    lab_hosts = [host(lab, rng) for _ in range(3)]
    models = [MODELS[m] for m in ("large", "mini", "reasoner", "large-old")][: max(1, int(p.get("models", 3)))]
    ua = f"OpenAI/Python 1.{int(rng.integers(35, 60))}.0"
    arena, xs = ctx.bank.arena, ctx.bank.xstest
    n_mc = 700
    runs = max(1, int(round(float(p.get("runs", 1)) * ctx.scale)))
    for r in range(runs):
        for mi, model in enumerate(models):
            m = members[(r + mi) % len(members)]
            t = float(ctx.start_ms + rng.uniform(0.02, 0.9) * (ctx.end_ms - ctx.start_ms))
            on_gpu = rng.random() < 0.3
            net_ip = (gpu_ip, gpu) if on_gpu else (lab_hosts[int(rng.integers(3))], uni)
            bench = ([("arena", q) for q in arena] + [("xstest", q) for q in xs] + [("mc", ctx.bank.gen.mc_item(rng, k)) for k in range(n_mc)])
            for kind, q in bench:
                t += rng.exponential(1500 if kind != "mc" else 300)
                if kind == "mc":
                    ctx.emit(scenario, m, rng, t, net=net_ip, ua=ua, model=model, endpoint="completion", prompt=q, input_tokens=tokens_of(q),
                             output_tokens=1, temperature=0.0, max_tokens=1, logprobs=True, top_logprobs=int(pick(rng, (5, 5, 4))), n=1, stream=False)
                else:
                    out = int(rng.lognormal(np.log(650 if kind == "arena" else 180), 0.6))
                    ctx.emit(scenario, m, rng, t, net=net_ip, ua=ua, model=model, endpoint="chat", prompt=q, input_tokens=tokens_of(q),
                             output_tokens=out, reasoning_tokens=int(rng.lognormal(np.log(1500), 0.7)) if model == MODELS["reasoner"] else None,
                             temperature=0.0, max_tokens=4096 if kind == "arena" else 512, n=1, stream=False,
                             finish_reason="refusal" if kind == "xstest" and rng.random() < 0.15 else None)


_AGENT_UAS = ("aider/0.{a}.{b}", "Cline/3.{a}.{b}", "opencode/0.{a}.{b}", "continue/0.9.{a}", "codeagent-cli/1.{a}.{b} (node 20.{b})")
_TOOL_RESULTS = (
    "Tool result (read_file src/{m}.py): {n} lines", "Tool result (run_tests): {n} passed, {k} failed\nFAILED tests/test_{m}.py::test_{m}_edge",
    "Tool result (grep '{m}'): {n} matches in {k} files", "Tool result (bash: git diff --stat): {k} files changed, {n} insertions(+)",
    "Tool result (edit_file src/{m}.py): applied", "Tool result (list_dir src/): {n} entries",
)


def coding_agent(ctx: Ctx, p: dict[str, Any]) -> None:
    scenario = "coding-agent"
    mods = ("auth", "billing", "scheduler", "api", "models", "utils", "cli", "db", "cache", "parser")
    for i in range(int(p.get("accounts", 0))):
        rng = ctx.rng(scenario, i)
        country, tz, _ = _user_country(ctx, rng)
        office = rng.random() < 0.5
        cnet = ctx.net.corporate(rng) if office else None
        net = home_net(ctx, rng, country)
        acct = ctx.new_account(rng, created_at=_created_before(ctx, rng, 20, 500), email_domain=f"{ctx.hexid(rng, 'dev', 3)}.io" if office else ctx.freemail(rng, country),
                               verified=True, tier=pick(rng, ("tier-2", "tier-3", "pro")), country=country, payment=ctx.hexid(rng, "pf_", 8),
                               signup_ip=None, label="benign", scenario=scenario)
        ua = pick(rng, _AGENT_UAS).format(a=int(rng.integers(10, 80)), b=int(rng.integers(0, 9)))
        tools_n = int(rng.integers(10, 46))
        total = _volume(rng, p, ctx.scale, 700, 0.8)
        n_sessions = max(1, total // 40)
        starts = ctx.day_starts(rng, n_sessions, tz, weights=OFFICE_WEIGHTS, weekend=0.2)
        left = total
        office_ip = cnet.ip(rng) if cnet else None
        for s in starts:
            if left <= 0:
                break
            steps = int(min(left, max(3, rng.poisson(total / n_sessions))))
            left -= steps
            t = float(s)
            ctx_tok = ctx.bank.context_tokens(rng, "code", 3000, 0.8)
            conv = ctx.hexid(rng, "conv_")
            where = (office_ip, cnet) if cnet is not None and rng.random() < 0.8 else None
            for k in range(steps):
                if k == 0 or rng.random() < 0.06:
                    prompt = ctx.bank.gen.code_task(rng) if rng.random() < 0.7 else pick(rng, ctx.bank.arena)[:3000]
                    t += rng.lognormal(np.log(60_000), 0.8) if k else 0
                else:
                    prompt = pick(rng, _TOOL_RESULTS).format(m=pick(rng, mods), n=int(rng.integers(1, 900)), k=int(rng.integers(0, 12)))
                    t += rng.lognormal(np.log(5_000), 0.6)
                out = int(rng.lognormal(np.log(220), 0.7))
                last = k == steps - 1
                ctx.emit(scenario, acct, rng, t, net=where or net(rng, int(t)), ua=ua, model=MODELS["large"], endpoint="chat",
                         conversation_id=conv, turn=k + 1, system="You are a coding agent working in the user's repository. Use the tools to read, edit and test code.",
                         prompt=prompt, input_tokens=int(ctx_tok), output_tokens=out, temperature=0.0 if rng.random() < 0.5 else None,
                         max_tokens=8192, tools_n=tools_n, stream=True, finish_reason="stop" if last else "tool_calls")
                ctx_tok = min(190_000, ctx_tok + out + tokens_of(prompt) + int(rng.integers(200, 4000)))


def company_egress(ctx: Ctx, p: dict[str, Any]) -> None:
    scenario = "company-egress"
    for c in range(int(p.get("accounts", 0))):
        rng = ctx.rng(scenario, c)
        corp = ctx.net.corporate(rng)
        ip = corp.ip(rng)
        brand = pick(rng, ("Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay"))
        dom = brand.lower() + pick(rng, (".com", "corp.com", ".co.uk", "-group.com"))
        country = corp.country
        org = ctx.hexid(rng, "org_")
        ua = f"{brand}Assist/2.{int(rng.integers(0, 9))}.{int(rng.integers(0, 20))} python-requests/2.31.0"
        system = f"You are {brand}'s internal support assistant. Draft replies to customer tickets in the company voice. Never promise refunds above $200."
        tz = TZ.get(country, 0.0) + float(rng.choice([-3, -2, -1, 0]))
        pay = ctx.hexid(rng, "pf_", 8)
        for e in range(int(p.get("employees", 30))):
            erng = ctx.rng(scenario, c, e)
            acct = ctx.new_account(erng, org_id=org, created_at=_created_before(ctx, erng, 10, 300), email_domain=dom, verified=True, tier="enterprise",
                                   country=country, payment=pay, signup_ip=ip, label="benign", scenario=scenario)
            n = _volume(erng, {"median_requests": p.get("median_requests", 60), "sigma": 0.8}, ctx.scale, 60)
            for t in ctx.day_starts(erng, n, tz, weights=OFFICE_WEIGHTS, weekend=0.05):
                body = ctx.bank.gen.review(erng) if erng.random() < 0.5 or not ctx.bank.sharegpt else ctx.bank.chat_turn(erng)[:800]
                prompt = f"Ticket #{int(erng.integers(100000, 999999))} from customer {pick(erng, ('Ms.', 'Mr.', ''))} {pick(erng, ('Lee', 'Garcia', 'Novak', 'Singh', 'Okafor', 'Brown', 'Rossi'))}:\n{body}\n\nDraft a polite reply."
                ctx.emit(scenario, acct, erng, float(t), net=(ip, corp), ua=ua, model=MODELS["mini"], endpoint="chat", system=system, prompt=prompt,
                         input_tokens=tokens_of(system) + tokens_of(prompt), output_tokens=int(erng.lognormal(np.log(180), 0.5)),
                         temperature=0.3, max_tokens=600, n=1, stream=False)


GENERATORS: dict[str, Callable[[Ctx, dict[str, Any]], None]] = {
    "chat-user": chat_user,
    "edu-chat-user": edu_chat_user,
    "heavy-chat-user": heavy_chat_user,
    "api-app": api_app,
    "batch-classifier": batch_classifier,
    "eval-harness": eval_harness,
    "coding-agent": coding_agent,
    "company-egress": company_egress,
}
