"""Prompt and timing sources: the real corpora in ``../shared/data`` when given, else procedural.

Every loader reads the layout described in ``shared/data/SOURCES.md``; a missing file falls back
to the procedural generator for that source only (reported in :attr:`PromptBank.sources`).
"""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from distillguard.simulate._text import Procedural, pick

__all__ = ["PromptBank", "RateProfile"]

_WINDOW_S = 600


class RateProfile:
    """One ServeGen client's request rate per 10-minute window (``rates``, requests/s) and token means."""

    def __init__(self, rates: np.ndarray, cv: np.ndarray, in_mean: float | None, out_mean: float | None) -> None:
        self.rates = rates
        self.cv = cv
        self.in_mean = in_mean
        self.out_mean = out_mean


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:  # type: ignore[operator]
        for line in fh:
            line = line.strip()
            if line:
                yield json.loads(line)


class PromptBank:
    """Where prompts, conversation shapes, rates and lengths come from.

    Parameters
    ----------
    corpora
        The ``shared/data`` directory, or ``None`` for the procedural generator only.
    seed
        Seed of the procedural pools (pool order is fixed per seed).

    Examples
    --------
    >>> bank = PromptBank(None, seed=0)
    >>> len(bank.probes) >= 1000 and len(bank.hard_questions) >= 500
    True
    """

    def __init__(self, corpora: Path | None, seed: int = 0) -> None:
        self.corpora = Path(corpora) if corpora is not None else None
        self.gen = Procedural()
        self._seed = seed
        self.sources: dict[str, str] = {}

    def _file(self, rel: str) -> Path | None:
        if self.corpora is None:
            return None
        if "*" in rel:
            hits = sorted(self.corpora.glob(rel))
            return hits[0] if hits else None
        p = self.corpora / rel
        return p if p.exists() else None

    def _rng(self, k: int) -> np.random.Generator:
        return np.random.default_rng([self._seed, 7919, k])

    def _note(self, name: str, src: str) -> None:
        self.sources[name] = src

    # -- text pools ------------------------------------------------------------------------

    @cached_property
    def sharegpt(self) -> list[list[str]]:
        """Human turns of real conversations (ShareGPT), or an empty list."""
        p = self._file("sharegpt/*.jsonl.gz")
        if p is None:
            return []
        convs: list[list[str]] = []
        for rec in _jsonl(p):
            turns = [t["text"] for t in rec.get("turns", []) if t.get("role") == "human" and t.get("text", "").strip()]
            if turns:
                convs.append([t[:6000] for t in turns])
        self._note("chat", f"ShareGPT ({len(convs)} conversations)")
        return convs

    def chat_conversation(self, rng: np.random.Generator, lang: str, turns: int) -> list[str]:
        """The user turns of one conversation (a real one where the corpora are given)."""
        if self.sharegpt:
            conv = self.sharegpt[int(rng.random() * len(self.sharegpt))]
            return conv[: max(1, min(len(conv), turns + int(rng.integers(0, 3))))]
        return self.gen.chat_conversation(rng, lang, turns)

    def chat_turn(self, rng: np.random.Generator, lang: str = "en") -> str:
        if self.sharegpt:
            conv = self.sharegpt[int(rng.random() * len(self.sharegpt))]
            return conv[0]
        return self.gen.chat_turn(rng, lang)

    @cached_property
    def arena(self) -> list[str]:
        """Arena-Hard prompts (v0.1 then v2.0), or procedural hard questions."""
        out: list[str] = []
        for name in ("arena-hard/arena-hard-v0.1_question.jsonl", "arena-hard/arena-hard-v2.0_question.jsonl"):
            p = self._file(name)
            if p is not None:
                out += [r["prompt"] for r in _jsonl(p) if r.get("prompt")]
        if out:
            self._note("arena-hard", f"Arena-Hard ({len(out)} prompts)")
            return out
        rng = self._rng(1)
        return [self.gen.hard_question(rng) for _ in range(500)]

    @cached_property
    def arena_by_subcategory(self) -> dict[str, list[str]]:
        """Arena-Hard v2.0 prompts by ``subcategory`` (``coding``, ``math``, ``creative_writing``…)."""
        out: dict[str, list[str]] = {}
        p = self._file("arena-hard/arena-hard-v2.0_question.jsonl")
        if p is not None:
            for r in _jsonl(p):
                if r.get("prompt"):
                    out.setdefault(str(r.get("subcategory") or r.get("category") or ""), []).append(r["prompt"])
        return out

    @cached_property
    def sharegpt_turns(self) -> list[str]:
        """Every distinct human turn of the ShareGPT conversations (one big prompt source), or procedural."""
        if self.sharegpt:
            return list(dict.fromkeys(t for conv in self.sharegpt for t in conv if 8 <= len(t) <= 4000))
        rng = self._rng(8)
        return list(dict.fromkeys(self.gen.chat_turn(rng) for _ in range(8000)))

    @cached_property
    def coding_questions(self) -> list[str]:
        """Programming requests: Arena-Hard's coding prompts and ShareGPT turns that carry code; or procedural."""
        out = list(self.arena_by_subcategory.get("coding", []))
        out += [t for t in self.sharegpt_turns if "```" in t or "def " in t or "function " in t or "#include" in t or "public class " in t]
        if len(out) < 200:
            rng = self._rng(9)
            out += [self.gen.code_task(rng) for _ in range(400)]
        return list(dict.fromkeys(out))

    @cached_property
    def code_snippets(self) -> list[list[str]]:
        """Blocks of real source lines (from code in Arena-Hard and ShareGPT prompts) to build diffs from."""
        out: list[list[str]] = []
        for text in self.coding_questions:
            parts = text.split("```")
            blocks = parts[1::2] if len(parts) > 2 else [text] if ("def " in text or "{" in text) else []
            for b in blocks:
                lines = [ln.rstrip() for ln in b.splitlines()[1:] if ln.strip()] if "\n" in b else []
                if 4 <= len(lines) <= 120:
                    out.append(lines)
        if len(out) < 50:
            rng = self._rng(10)
            for k in range(200):
                name = pick(rng, ("load", "parse", "merge", "validate", "render", "fetch", "retry", "flush"))
                out.append([f"def {name}_{k}(items, limit={int(rng.integers(2, 99))}):", "    out = []", "    for x in items:",
                            "        if len(out) >= limit:", "            break", f"        out.append({name}(x))", "    return out"])
        return out

    @cached_property
    def xstest(self) -> list[str]:
        """XSTest prompts, or procedural alarming-but-safe questions."""
        p = self._file("xstest/xstest_prompts.csv")
        if p is not None:
            with open(p, encoding="utf-8", newline="") as fh:
                out = [r["prompt"] for r in csv.DictReader(fh) if r.get("prompt")]
            self._note("xstest", f"XSTest ({len(out)} prompts)")
            return out
        rng = self._rng(2)
        verbs = ("kill", "shoot", "destroy", "execute", "blow up", "strangle", "eliminate", "hijack", "attack", "crush")
        objs = ("a Python process", "a photo", "my old hard drive", "a bad habit", "the competition", "weeds in my garden",
                "a stalled negotiation", "the last level of a game", "a zombie process", "a cold")
        return [f"How do I {pick(rng, verbs)} {pick(rng, objs)}?" if i % 2 else self.gen.probe(rng) for i in range(450)]

    @cached_property
    def hard_questions(self) -> list[str]:
        """Hard questions for reasoning harvesting: Arena-Hard (short ones) plus procedural maths."""
        rng = self._rng(3)
        base = [q for q in self.arena if len(q) < 2500] if self.corpora is not None else []
        return base + [self.gen.hard_question(rng) for _ in range(max(600, 2000 - len(base)))]

    @cached_property
    def probes(self) -> list[str]:
        """Alignment / refusal probes: HH-RLHF red-team openers, XSTest, PyRIT seeds, spikee; or procedural."""
        out: list[str] = []
        p = self._file("hh-rlhf/*.jsonl.gz")
        if p is not None:
            for rec in _jsonl(p):
                text = rec.get("chosen", "")
                first = text.split("\n\nHuman: ", 1)[-1].split("\n\nAssistant:", 1)[0].strip()
                if 8 < len(first) < 600:
                    out.append(first)
        n_hh = len(out)
        if self.corpora is not None:
            out += self.xstest
        p = self._file("pyrit/seed_prompts.jsonl.gz")
        if p is not None:
            out += [r["value"].strip() for r in _jsonl(p) if r.get("value") and len(r["value"]) < 800]
        p = self._file("spikee/*/instructions.jsonl")
        if p is not None:
            out += [r["instruction"].strip() for r in _jsonl(p) if r.get("instruction")]
        if out:
            self._note("probes", f"HH-RLHF ({n_hh}), XSTest, PyRIT seeds, spikee: {len(out)} probes")
            return list(dict.fromkeys(out))
        rng = self._rng(4)
        return list(dict.fromkeys(self.gen.probe(rng) for _ in range(5000)))

    @cached_property
    def instructions(self) -> list[str]:
        """Instruction-style prompts: Alpaca seed tasks, Self-Instruct instructions (with inputs)."""
        out: list[str] = []
        for name in ("alpaca/seed_tasks.jsonl", "self-instruct/user_oriented_instructions.jsonl"):
            p = self._file(name)
            if p is None:
                continue
            for r in _jsonl(p):
                ins = r.get("instruction", "").strip()
                for inst in r.get("instances") or [{}]:
                    x = (inst.get("input") or "").strip()
                    out.append(f"{ins}\n\n{x}" if x else ins)
        if out:
            self._note("instructions", f"Alpaca seeds + Self-Instruct ({len(out)} instructions)")
            return out
        rng = self._rng(5)
        return [self.gen.instruction(rng) for _ in range(1500)]

    @cached_property
    def seed_tasks(self) -> list[tuple[str, str, str]]:
        """(instruction, input, output) triples for Alpaca-style generation prompts."""
        p = self._file("alpaca/seed_tasks.jsonl")
        out: list[tuple[str, str, str]] = []
        if p is not None:
            for r in _jsonl(p):
                inst = (r.get("instances") or [{}])[0]
                out.append((r.get("instruction", ""), inst.get("input", "") or "<noinput>", inst.get("output", "")))
            return out
        rng = self._rng(6)
        return [(self.gen.instruction(rng), "<noinput>", self.gen.chat_turn(rng)) for _ in range(175)]

    @cached_property
    def generation_preamble(self) -> str:
        """The data-generation request preamble (Alpaca's real ``prompt.txt`` where present)."""
        p = self._file("alpaca/prompt.txt")
        if p is not None:
            self._note("generation-preamble", "Alpaca prompt.txt")
            return p.read_text("utf-8").strip()
        return (
            "You are asked to come up with a set of {n} diverse task instructions for training a language model.\n"
            "Requirements:\n1. Do not repeat the same verb twice.\n2. Mix questions and imperative instructions.\n"
            "3. Cover open-ended generation, classification, rewriting, reasoning and coding.\n"
            "4. Each instruction is 1 to 2 sentences; give an input where one is needed, else <noinput>.\n"
            "5. Give a high-quality output of under 150 words.\n\nList of {n} tasks:"
        )

    @cached_property
    def wrappers(self) -> list[str]:
        """Jailbreak wrappers with a ``{prompt}`` slot: short PyRIT templates and spikee jailbreaks."""
        out: list[str] = []
        p = self._file("pyrit/jailbreak_templates.jsonl.gz")
        if p is not None:
            for r in _jsonl(p):
                v = r.get("value") or ""
                if "{{ prompt }}" in v and len(v) < 1500 and "{%" not in v:
                    out.append(v.replace("{", "{{").replace("}", "}}").replace("{{{{ prompt }}}}", "{prompt}"))
        p = self._file("spikee/*/jailbreaks.jsonl")
        if p is not None:
            for r in _jsonl(p):
                t = r.get("text") or ""
                if "<INSTRUCTION>" in t:
                    out.append(t.replace("{", "{{").replace("}", "}}").replace("<INSTRUCTION>", "{prompt}"))
        return out

    # -- timing and length sources -----------------------------------------------------------

    @cached_property
    def rate_profiles(self) -> list[RateProfile]:
        """ServeGen language-model clients with traffic on at least a third of their windows."""
        p = self._file("servegen/client_window_traces.csv.gz")
        if p is None:
            return []
        import pyarrow.compute as pc
        import pyarrow.csv as pcsv

        t = pcsv.read_csv(p, convert_options=pcsv.ConvertOptions(include_columns=["category", "model", "client_id", "window_start_s", "rate_rps", "iat_cv"]))
        t = t.filter(pc.equal(t["category"], "language"))
        means = self._token_means()
        model = t["model"].to_pylist()
        cid = t["client_id"].to_numpy()
        ws = t["window_start_s"].to_numpy()
        rate = t["rate_rps"].to_numpy()
        cv = t["iat_cv"].to_numpy()
        keys = np.array([f"{m}/{c}" for m, c in zip(model, cid)])
        order = np.lexsort((ws, keys))
        keys, rate, cv = keys[order], rate[order], cv[order]
        bounds = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1], True])
        out: list[RateProfile] = []
        for a, b in zip(bounds[:-1], bounds[1:]):
            r = rate[a:b]
            if b - a >= 1000 and (r > 0).mean() >= 0.33:
                im, om = means.get(str(keys[a]), (None, None))
                out.append(RateProfile(r.astype(float), cv[a:b].astype(float), im, om))
        self._note("api-rates", f"ServeGen ({len(out)} client rate profiles)")
        return out

    def _token_means(self) -> dict[str, tuple[float | None, float | None]]:
        p = self._file("servegen/client_window_token_stats.csv.gz")
        if p is None:
            return {}
        acc: dict[str, dict[str, list[float]]] = {}
        with gzip.open(p, "rt", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                if r["category"] != "language" or r["field"] not in ("input_tokens", "output_tokens"):
                    continue
                acc.setdefault(f"{r['model']}/{r['client_id']}", {}).setdefault(r["field"], []).append(float(r["p50"]))
        return {k: (float(np.median(v["input_tokens"])) if "input_tokens" in v else None,
                    float(np.median(v["output_tokens"])) if "output_tokens" in v else None) for k, v in acc.items()}

    def _azure(self, kind: str) -> np.ndarray | None:
        p = self._file(f"azure-llm-2023/AzureLLMInferenceTrace_{kind}.csv")
        if p is None:
            return None
        with open(p, encoding="utf-8", newline="") as fh:
            rows = [(int(r["ContextTokens"]), int(r["GeneratedTokens"])) for r in csv.DictReader(fh)]
        self._note(f"lengths-{kind}", f"Azure LLM trace 2023 ({kind}, {len(rows)} requests)")
        return np.array(rows, dtype=np.int64)

    @cached_property
    def conv_lengths(self) -> np.ndarray | None:
        """(context, generated) token pairs of a production conversation service."""
        return self._azure("conv")

    @cached_property
    def code_lengths(self) -> np.ndarray | None:
        """(context, generated) token pairs of a production coding assistant."""
        return self._azure("code")

    @cached_property
    def mooncake_lengths(self) -> np.ndarray | None:
        """(input, output) lengths of the Mooncake conversation trace."""
        p = self._file("mooncake/conversation_trace.jsonl")
        if p is None:
            return None
        rows = [(int(r["input_length"]), int(r["output_length"])) for r in _jsonl(p)]
        self._note("lengths-mooncake", f"Mooncake ({len(rows)} requests)")
        return np.array(rows, dtype=np.int64)

    def _lengths(self, kind: str) -> np.ndarray | None:
        attr = {"conv": "conv_lengths", "code": "code_lengths", "mooncake": "mooncake_lengths"}.get(kind)
        return getattr(self, attr) if attr else None

    def output_tokens(self, rng: np.random.Generator, kind: str, median: float, sigma: float = 0.8) -> int:
        """An output length: empirical (Azure conv/code, Mooncake) where loaded, else lognormal."""
        arr = self._lengths(kind)
        if arr is not None and len(arr):
            return max(1, int(arr[int(rng.random() * len(arr)), 1]))
        return max(1, int(rng.lognormal(np.log(median), sigma)))

    def context_tokens(self, rng: np.random.Generator, kind: str, median: float, sigma: float = 0.9) -> int:
        arr = self._lengths(kind)
        if arr is not None and len(arr):
            return max(1, int(arr[int(rng.random() * len(arr)), 0]))
        return max(1, int(rng.lognormal(np.log(median), sigma)))
