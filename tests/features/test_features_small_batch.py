"""The two executors of the text features' regular expressions agree.

Batches of at most ``SMALL_BATCH`` rows (the online path: one request, or the few that arrive
together) run the RE2 patterns through programs compiled once (google-re2); larger batches through
``pyarrow.compute``.  One set of patterns, two executors: every output column must be equal, on
the hand-written lexicon cases and on real corpora, whatever the batch is cut into.
"""

from __future__ import annotations

import csv
import gzip
import json
import random
from pathlib import Path

import pyarrow as pa
import pytest

from distillguard.features import text as T
from test_text import ALIGN, COT, NOT_ALIGN  # the lexicon cases, hand-written beside the cue tests

EDGE = [
    None, "", " ", "\n\n", "  Think  step\tby\u2028step  ", "Ｆｕｌｌ　ｗｉｄｔｈ ’quote’ think step by step",
    "思考过程 " * 40, "x^2 + 3x = 7, solve it; explain your reasoning.", "```py\ndef f():\n    return 1\n```",
    "Question: " + "word " * 300 + "Show all your reasoning.", "e\u0301 ǅ ß İ ﬁ ㎞ ¿Por qué? l'été don't",
    "<think>scratchpad</think> 12345 67", "a" * 2000,
]


def _both(prompts: list[str | None], systems: list[str | None] | None = None, seed: int = 0) -> tuple[list, list]:
    """Features of the whole list in one large batch (pyarrow.compute), and cut into random small
    batches (google-re2)."""
    p = pa.array(prompts, pa.string())
    s = None if systems is None else pa.array(systems, pa.string())
    assert len(prompts) > T.SMALL_BATCH
    whole = T.text_features(p, s).to_pylist()
    rng = random.Random(seed)
    small: list = []
    i = 0
    while i < len(prompts):
        j = min(len(prompts), i + rng.randint(1, T.SMALL_BATCH))
        small += T.text_features(p[i:j], None if s is None else s[i:j]).to_pylist()
        i = j
    return whole, small


def _assert_equal(prompts: list[str | None], whole: list, small: list) -> None:
    assert len(whole) == len(small) == len(prompts)
    diffs = [(prompts[i], {c: (a[c], b[c]) for c in a if a[c] != b[c]}) for i, (a, b) in enumerate(zip(whole, small)) if a != b]
    assert not diffs, diffs[:3]


def test_small_batches_use_precompiled_re2() -> None:
    assert T._re2(r"\bthink") is not None, "google-re2 is not installed: small batches fall back to pyarrow.compute"


def test_lexicon_cases_agree() -> None:
    prompts = [p for ps in COT.values() for p in ps] + ALIGN + NOT_ALIGN + EDGE
    systems = [None, "You are a tutor. Think step-by-step and justify your steps.", "", "  SYS \n ’x’ "] * (len(prompts) // 4 + 1)
    whole, small = _both(prompts * 30, systems[: len(prompts)] * 30)  # repeated: the large path needs > SMALL_BATCH rows
    _assert_equal(prompts * 30, whole, small)


@pytest.mark.corpora
def test_real_corpora_agree(shared_data: Path) -> None:
    prompts: list[str | None] = []
    for f in sorted((shared_data / "sharegpt").glob("sharegpt_v3_partial_human_turns*.jsonl.gz"))[:1]:
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                prompts += [t["text"] for t in json.loads(line)["turns"] if t.get("role") == "human" and t.get("text")]
                if len(prompts) >= 4000:
                    break
    for f in sorted((shared_data / "arena-hard").glob("*question.jsonl")):
        prompts += [json.loads(line)["prompt"] for line in f.read_text(encoding="utf-8").split("\n") if line.strip()]
    with open(shared_data / "xstest" / "xstest_prompts.csv", encoding="utf-8") as fh:
        prompts += [r["prompt"] for r in csv.DictReader(fh)]
    with gzip.open(shared_data / "pyrit" / "seed_prompts.jsonl.gz", "rt", encoding="utf-8") as fh:
        prompts += [r["value"] for r in map(json.loads, fh)]
    assert len(prompts) > 5000
    whole, small = _both(prompts, seed=1)
    _assert_equal(prompts, whole, small)
