"""The per-event functions for one request at a time, in plain Python (no Arrow kernel calls).

:func:`text_row` is :func:`distillguard.features.text.text_features` and :func:`event_row` is
:func:`distillguard.features.profile.event_columns`, each for one row given as Python values:
the same RE2 patterns (compiled once by google-re2, the engine ``pyarrow.compute`` runs), the
same normalisation and the same lexicons, read from those modules, so a pattern or lexicon
changed there changes here too.  What is written twice is the *control flow* (which window a
pattern reads, which column falls back to which); ``tests/online/test_online_onerow.py`` holds
the two equal on the demo log, the real corpora and hypothesis text (empty, huge, control
characters, right-to-left, emoji), column by column.

Why: one row through the Arrow function costs ~3 ms (about sixty kernel calls of 10–20 µs each
on a one-row array); the online guardrail decides one request in well under a millisecond.

The few inputs whose Arrow semantics are not plain Python's take the Arrow kernel itself (rare,
still exact): lower-casing a non-ASCII ``reasoning`` or ``finish_reason``.  Without google-re2
:func:`available` is false and callers use the Arrow functions.

Examples
--------
>>> t = text_row("Think step by step: what is 2+2?", None, None)
>>> t["cue_cot"], t["capability"], t["prompt_chars"]
(True, 'reasoning-traces', 32)
>>> e = event_row({"request_id": "r1", "account_id": "a", "ts_ms": 1_767_225_600_000, "ip": "203.0.113.9",
...                "prompt": "Think step by step: what is 2+2?", "max_tokens": 8000})
>>> e["v_prefix"], e["f_long_max"], e["v_infra"], e["f_cap_reasoning"]
('203.0.113', True, '203.0.113|?', True)
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import xxhash

from distillguard.features import _lexicons as L
from distillguard.features import profile as P
from distillguard.features import text as T

__all__ = ["available", "event_row", "text_row"]


def available() -> bool:
    """Whether google-re2 is installed (the one-row path needs its precompiled programs)."""
    return T._re2("a") is not None


_ASCII_LOWER = {c: c + 32 for c in range(65, 91)}


def _hash(s: str | None, key: str) -> int | None:
    """:func:`distillguard.features.text.hash64` of one string."""
    if s is None:
        return None
    h = xxhash.xxh3_64_intdigest(s.encode("utf-8"), T._seed(key))
    return h - (1 << 64) if h >= 1 << 63 else h


def _ascii_alternation(alternatives: tuple[str, ...]) -> tuple[Any, Any]:
    """(programs of the pure-ASCII alternatives, of all): ``text._ascii_split_match`` per row."""
    return T._re2(T._join([a for a in alternatives if a.isascii()])), T._re2(T._join(alternatives))


@lru_cache(maxsize=1)
def _programs() -> dict[str, Any]:
    re2 = T._re2
    words: dict[str, tuple[int, int]] = {}
    vocab, w_topic, w_lang = T._vocab()
    for w, ti, li in zip(vocab.to_pylist(), w_topic.tolist(), w_lang.tolist()):
        words[w] = (ti, li)

    def cues(c: Any) -> tuple[tuple[Any, Any], dict[str, Any]]:
        return _ascii_alternation(c.prefilter), {name: re2(p) for name, p in c.cues.items()}

    head, tail, closing = T.EDGE_PATTERNS
    return {
        "spaces": re2(T._SPACES), "digits": re2(r"\d+"),
        "edge_head": re2(head), "edge_tail": re2(tail), "edge_closing": re2(closing),
        "cues": cues(T._CUES), "cues_sys": cues(T._CUE_COT_SYSTEM),
        "code": _ascii_alternation(L.CODE), "math": _ascii_alternation(L.MATH),
        "han": re2(r"\p{Han}"), "kana": re2(r"[\p{Hiragana}\p{Katakana}]"), "hangul": re2(r"\p{Hangul}"),
        "cyrillic": re2(r"\p{Cyrillic}"), "arabic": re2(r"\p{Arabic}"),
        "number": re2(P._NUMBER), "words": words,
    }


def _normalise(s: str | None, rx: Mapping[str, Any]) -> tuple[str | None, bool]:
    """``text._normalise`` of one value: (normalised text, whether the input was pure ASCII)."""
    if s is None:
        return None, True
    if s.isascii():
        s, asc = s.lower(), True
    else:
        s = T._straight_quotes(unicodedata.normalize("NFKC", s.translate(_ASCII_LOWER)).lower())
        asc = False
    return rx["spaces"].sub(" ", s).strip(), asc


def _head_tail(s: str, head: int, tail: int, sep: str = "\n") -> str:
    return s[:head] + sep + s[-tail:] if len(s) > head + tail else s


def _cues(window: str | None, asc: bool, progs: tuple[tuple[Any, Any], dict[str, Any]]) -> dict[str, bool | None]:
    """``text._Cues.match`` of one row."""
    (pre_ascii, pre_all), full = progs
    if window is None:
        return dict.fromkeys(full)
    hit = (pre_ascii if asc else pre_all).search(window) is not None
    return {name: hit and prog.search(window) is not None for name, prog in full.items()}


def _extract(prog: Any, s: str) -> str | None:
    m = prog.search(s)
    return None if m is None else m.group("w")


def text_row(prompt: str | None, system: str | None, prompt_sha256: str | None) -> dict[str, Any]:
    """:func:`~distillguard.features.text.text_features` of one request (column -> value)."""
    rx = _programs()
    known = prompt is not None
    norm, asc = _normalise(prompt, rx)
    if norm is not None:
        prompt_hash = _hash(norm, "dg.prompt")
    elif prompt_sha256 is not None:
        prompt_hash = _hash(prompt_sha256.translate(_ASCII_LOWER).strip(), "dg.sha256")
    else:
        prompt_hash = None
    sys_norm, sys_asc = _normalise(system, rx)
    if sys_norm == "":
        sys_norm = None
    out: dict[str, Any] = {
        "prompt_chars": None if prompt is None else len(prompt), "prompt_hash": prompt_hash,
        "template_fp": None, "prefix_fp": None, "suffix_fp": None, "system_fp": _hash(sys_norm, "dg.system"),
    }
    if norm is None:
        out.update(dict.fromkeys(("cue_cot", "cue_align", "cue_datagen", "cue_sysprompt", "cue_cot_sys", "head_words",
                                  "tail_words", "capability", "topic", "lang")))
        return out
    digits = rx["digits"]
    head_wide = digits.sub("0", norm[:3 * T.FP_CHARS])
    tail_wide = digits.sub("0", norm[-3 * T.FP_CHARS:])
    head, tail = head_wide[:T.FP_CHARS], tail_wide[-T.FP_CHARS:]
    template = digits.sub("0", norm) if len(norm) <= 2 * T.FP_CHARS else head + "\x1f" + tail
    out["template_fp"] = _hash(template, "dg.template")
    out["prefix_fp"] = _hash(head, "dg.prefix")
    out["suffix_fp"] = _hash(tail, "dg.suffix")

    cues = _cues(_head_tail(norm, T.CUE_WINDOW, T.CUE_WINDOW), asc, rx["cues"])
    sys_cot = False
    if sys_norm is not None:
        sys_cot = bool(_cues(_head_tail(sys_norm, T.CUE_WINDOW, T.CUE_WINDOW), sys_asc, rx["cues_sys"])["cot"])
    word_text = _head_tail(norm, T.WORD_HEAD, T.WORD_TAIL, " ")
    cot, align, datagen, sysp = (bool(cues[c]) for c in ("cot", "align", "datagen", "sysprompt"))
    if sysp:
        cap = "system-prompt"
    elif align:
        cap = "alignment-behaviour"
    elif datagen:
        cap = "data-generation"
    elif cot:
        cap = "reasoning-traces"
    elif (rx["code"][0] if asc else rx["code"][1]).search(word_text) is not None:
        cap = "coding"
    elif (rx["math"][0] if asc else rx["math"][1]).search(word_text) is not None:
        cap = "math"
    else:
        cap = "general"

    # topic and language: lexicon words of the word window
    n_topics = len(T.TOPICS) - 1
    topic_counts = [0] * n_topics
    lang_counts = [0] * len(T.LANGUAGES)
    words = rx["words"]
    for w in word_text.split(" "):
        hit = words.get(w.strip(T._PUNCT))
        if hit is not None:
            ti, li = hit
            if ti >= 0:
                topic_counts[ti] += 1
            if li >= 0:
                lang_counts[li] += 1
    top = max(topic_counts)
    topic = T.TOPICS[topic_counts.index(top)] if top > 0 else "other"
    if align or sysp:
        topic = "ai-safety"
    best = max(lang_counts)
    lang = T.LANGUAGES[lang_counts.index(best)] if best > 0 else "other"
    if not asc:
        lang = _script(norm[:T.WORD_HEAD], rx) or lang

    out.update({
        "cue_cot": cues["cot"], "cue_align": cues["align"], "cue_datagen": cues["datagen"], "cue_sysprompt": cues["sysprompt"],
        "cue_cot_sys": sys_cot if known else None,
        "head_words": _extract(rx["edge_head"], head_wide),
        "tail_words": _extract(rx["edge_closing"], tail_wide) or _extract(rx["edge_tail"], tail_wide),
        "capability": cap, "topic": topic, "lang": lang,
    })
    return out


def _script(head: str, rx: Mapping[str, Any]) -> str | None:
    """``text._languages``' script shares of one non-ASCII row: the language, or ``None``."""
    letters = max(len(head), 1)

    def count(name: str) -> int:
        return len(rx[name].findall(head))

    han, kana = count("han"), count("kana")
    shares = (("ja", (han + kana) / letters if kana > 0 else 0.0), ("zh", han / letters), ("ko", count("hangul") / letters),
              ("ru", count("cyrillic") / letters), ("ar", count("arabic") / letters))
    for lang, share in shares:
        if share >= 0.25:
            return lang
    return None


# ---------------------------------------------------------------------------------------------
# event_columns of one row
# ---------------------------------------------------------------------------------------------
def _lower(s: str) -> str:
    """``pc.utf8_lower`` of one value (its per-code-point mapping differs from ``str.lower``
    outside ASCII, e.g. ``İ``; those rare values take the kernel)."""
    if s.isascii():
        return s.lower()
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.utf8_lower(pa.array([s], pa.string()))[0].as_py()


def _ge(v: float | None, x: float) -> bool:
    return v is not None and v >= x


def _budget(reasoning: str, rx: Mapping[str, Any]) -> float | None:
    s = reasoning.strip()
    return float(s) if rx["number"].search(s) is not None else None


_HIGH = frozenset({"high", "xhigh", "max"})
_REFUSAL = frozenset({"refusal", "content_filter"})
_CAP_FLAGS = tuple((tag, f"f_cap_{col.removeprefix('cap_')}") for tag, col in P.CAPABILITY_COLUMNS.items())


def _hundredths(v: float | None) -> str | None:
    """The twin of ``profile._hundredths``: hundredths rounded half to even, ``"?"`` past a million."""
    if v is None:
        return None
    x = float(v)
    return str(int(round(x * 100.0))) if math.isfinite(x) and abs(x) <= 1e6 else "?"


def _params(g: Any) -> str | None:
    """The twin of ``profile._params_fingerprint`` (``v_params``)."""
    parts = [_hundredths(g(c)) if c in ("temperature", "top_p") else (None if g(c) is None else str(g(c)))
             for c in P.PARAMS_FINGERPRINT]
    if all(p is None for p in parts[1:]):
        return None
    return "|".join("" if p is None else p for p in parts)


def event_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`~distillguard.features.profile.event_columns` of one event (a validated canonical
    event: ``EVENT_INPUTS`` keys, absent meaning null, ``ts_ms`` filled) -> column -> value."""
    from distillguard.events._net import ip_prefix

    rx = _programs()
    g = row.get
    ts = int(row["ts_ms"])
    prompt, sha = g("prompt"), g("prompt_sha256")
    feats = text_row(prompt, g("system"), sha)
    ip, asn, ua = g("ip"), g("asn"), g("user_agent")
    prefix = ip_prefix(ip)
    infra_net = str(asn) if asn is not None else (prefix if prefix is not None else "?")
    out_tok, reas_tok, max_tok, n, top_lp, lb = (g(k) for k in ("output_tokens", "reasoning_tokens", "max_tokens", "n",
                                                             "top_logprobs", "logit_bias_n"))
    long_out = out_tok is not None and out_tok + (reas_tok or 0) >= 1000
    long_max, multi_n = _ge(max_tok, 4000), n is not None and n > 1
    top_lp_high, logit_bias = _ge(top_lp, 10), lb is not None and lb > 0
    ph = feats["prompt_hash"]
    reasoning, finish, temp, status, tools = g("reasoning"), g("finish_reason"), g("temperature"), g("status"), g("tools_n")
    budget = None if reasoning is None else _budget(reasoning, rx)
    d: dict[str, Any] = {
        "request_id": g("request_id"), "account_id": g("account_id"), "ts_ms": ts, "bucket": ts // P.BUCKET_MS,
        "org_id": g("org_id"), "api_key_id": g("api_key_id"), "end_user": g("end_user"), "ip": ip, "asn": asn,
        "user_agent": ua, "conversation_id": g("conversation_id"),
        **feats,
        "v_day": ts // P.DAY_MS, "v_hour": ts // P.HOUR_MS, "v_hour_of_day": (ts // P.HOUR_MS) % 24, "v_prefix": prefix,
        "v_infra": f"{infra_net}|{'?' if ua is None else ua}", "v_prompt_key": ph,
        "v_w15": ts // P.WINDOW_MS, "v_w15b": (ts + P.WINDOW_MS // 2) // P.WINDOW_MS,
        "v_nd_a": feats["prefix_fp"] if feats["prefix_fp"] is not None else ph,
        "v_nd_b": feats["suffix_fp"] if feats["suffix_fp"] is not None else ph,
        "v_params": _params(g),
    }
    cap = feats["capability"]
    for tag, name in _CAP_FLAGS:
        d[name] = None if cap is None else cap == tag
    d.update({
        "f_prompt_known": prompt is not None or sha is not None,
        "f_output_known": out_tok is not None,
        "f_params_known": max_tok is not None,
        "f_long_max": long_max,
        "f_multi_n": multi_n,
        "f_logprob": bool(g("logprobs")) or (top_lp is not None and top_lp > 0),
        "f_top_lp_high": top_lp_high,
        "f_logit_bias": logit_bias,
        "f_logit_bias_large": _ge(lb, 50),
        "f_short_out": out_tok is not None and out_tok <= 2,
        "f_long_out": long_out,
        "f_reasoning_high": (reasoning is not None and _lower(reasoning) in _HIGH) or _ge(budget, 8000),
        "f_temp_known": temp is not None,
        "f_temp_zero": temp is not None and temp == 0,
        "f_tools": tools is not None and tools > 0,
        "f_followup": g("turn") is not None and g("turn") > 1,
        "f_error": _ge(status, 400),
        "f_rate_limited": status is not None and status == 429,
        "f_refusal": finish is not None and _lower(finish) in _REFUSAL,
        "f_cue_any": bool(feats["cue_cot"] or feats["cue_align"] or feats["cue_datagen"] or feats["cue_sysprompt"]),
        "f_harvest": long_max or multi_n or long_out,
        "f_logit_evidence": top_lp_high or logit_bias,
        "v_input_tokens": g("input_tokens") or 0,
        "v_output_tokens": out_tok or 0,
        "v_reasoning_tokens": reas_tok or 0,
        "v_n": 1 if n is None else n,
        "v_top_lp": top_lp or 0,
        "v_logit_bias": lb or 0,
        "v_max_tokens": max_tok or 0,
    })
    return d
