"""Per-event text features: hashes, template fingerprints, extraction cues, capability, topic, language.

One vectorised function, :func:`text_features`, maps a batch of prompts (an Arrow array) to a
table of :data:`TEXT_FEATURE_SCHEMA`, one row per prompt.  Everything runs as
``pyarrow.compute`` kernels (RE2 regular expressions, Unicode normalisation) and numpy; the only
per-row Python is the 64-bit hash (XXH3 from ``xxhash``, one C call a string, ~0.1–0.4 µs).

Normalisation
    Lower case, Unicode NFKC (only for rows that are not pure ASCII), curly quotes made
    straight, every run of whitespace one space, trimmed.  Digits are kept for
    ``prompt_hash``; the fingerprints replace every run of digits with ``0``.

Hashes (``prompt_hash``, ``template_fp``, ``prefix_fp``, ``suffix_fp``, ``system_fp``)
    XXH3-64 of the UTF-8 bytes, as a signed int64, seeded per column (:data:`HASH_SCHEME`).
    Stable across processes, machines and Python versions (never Python's ``hash()``).

Template fingerprint
    ``prefix_fp`` hashes the first :data:`FP_CHARS` characters of the digit-folded text,
    ``suffix_fp`` the last :data:`FP_CHARS`.  ``template_fp`` hashes both together, or the whole
    digit-folded text when it is at most ``2 * FP_CHARS`` characters long.  A fixed wrapper
    around a varying payload keeps all three; a wrapper with the payload at its end keeps only
    ``prefix_fp``, one with the payload at its start only ``suffix_fp``.  Misses: wrappers
    shorter than :data:`FP_CHARS` on the payload's side, and templates that vary their own
    wording.

Cues (``cue_cot``, ``cue_align``, ``cue_datagen``, ``cue_sysprompt``)
    RE2 patterns from :mod:`distillguard.features._lexicons`, matched only within the first
    and last :data:`CUE_WINDOW` characters of the normalised prompt (long prompts put their
    instructions at either end; matching the middle of a 20 KB paste would cost more than all
    the rest).  ``cue_cot_sys`` reads the system prompt (Orca-style "think step-by-step and
    justify your steps" system prompts, and honest tutor apps alike).  Languages: English, Spanish, Portuguese, Chinese,
    Japanese, Russian, German, French.

Capability (one tag a request), in priority order
    ``system-prompt`` > ``alignment-behaviour`` > ``data-generation`` > ``reasoning-traces``
    > ``coding`` > ``math`` > ``general``.  The rarer, more specific extraction cue wins;
    chain-of-thought elicitation is the most common cue and often rides on a coding or maths
    question, whose reasoning is then what is harvested.  ``logits`` is never assigned here
    (it comes from request parameters).

Topic and language
    Words (runs of letters and digits) of the first :data:`WORD_HEAD` and last
    :data:`WORD_TAIL` characters are looked up in small lexicons; the topic with most hits wins
    (ties: the earlier in :data:`TOPICS`), none gives ``other``; a prompt with an alignment or
    system-prompt cue is ``ai-safety``.  Language: script shares (Han, kana, Hangul, Cyrillic,
    Arabic) over the first :data:`WORD_HEAD` characters, else the Latin-script language with
    most function words, else ``other``.  Chinese and Japanese text gets topic ``other`` unless
    it holds lexicon words (no word segmentation).

Every column is null where the prompt is unknown, except ``prompt_hash`` (from
``prompt_sha256`` where only the hash was logged) and ``system_fp``.

Examples
--------
>>> import pyarrow as pa
>>> t = text_features(pa.array([
...     "You are an expert tutor. Question: what is 2+2? Think step by step and show all your reasoning.",
...     "You are an expert tutor. Question: why is the sky blue? Think step by step and show all your reasoning.",
...     None,
... ]), prompt_sha256=pa.array([None, None, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"]))
>>> t.column("cue_cot").to_pylist()
[True, True, None]
>>> t.column("capability").to_pylist()
['reasoning-traces', 'reasoning-traces', None]
>>> fp = t.column("template_fp").to_pylist()
>>> fp[0] == fp[1], fp[2] is None
(True, True)
>>> t.column("prompt_hash").null_count
0
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import xxhash

from distillguard.features import _lexicons as L

__all__ = [
    "CAPABILITIES",
    "CUE_WINDOW",
    "FP_CHARS",
    "HASH_SCHEME",
    "LANGUAGES",
    "TEXT_FEATURE_SCHEMA",
    "TOPICS",
    "WORD_HEAD",
    "WORD_TAIL",
    "hash64",
    "normalise",
    "text_features",
]

#: one tag a request; ``logits`` is assigned later from request parameters, never from text
CAPABILITIES: tuple[str, ...] = (
    "coding", "math", "reasoning-traces", "alignment-behaviour", "data-generation", "system-prompt", "logits", "general",
)
#: coarse topic domains, plus ``other``
TOPICS: tuple[str, ...] = (*L.TOPIC_WORDS, "other")
#: coarse language guesses
LANGUAGES: tuple[str, ...] = ("en", "zh", "ja", "ko", "ru", "ar", "es", "pt", "de", "fr", "other")

#: characters of each end of the digit-folded prompt that the prefix / suffix fingerprints hash
FP_CHARS = 32
#: cue patterns are matched within the first and the last this many characters of a prompt
CUE_WINDOW = 600
#: topic / language words come from the first WORD_HEAD and last WORD_TAIL characters
WORD_HEAD = 400
WORD_TAIL = 200

TEXT_FEATURE_SCHEMA: pa.Schema = pa.schema([
    pa.field("prompt_chars", pa.int32()),
    pa.field("prompt_hash", pa.int64()),
    pa.field("template_fp", pa.int64()),
    pa.field("prefix_fp", pa.int64()),
    pa.field("suffix_fp", pa.int64()),
    pa.field("system_fp", pa.int64()),
    pa.field("cue_cot", pa.bool_()),
    pa.field("cue_align", pa.bool_()),
    pa.field("cue_datagen", pa.bool_()),
    pa.field("cue_sysprompt", pa.bool_()),
    pa.field("cue_cot_sys", pa.bool_()),
    pa.field("head_words", pa.string()),
    pa.field("tail_words", pa.string()),
    pa.field("capability", pa.string()),
    pa.field("topic", pa.string()),
    pa.field("lang", pa.string()),
])

_ArrayLike = pa.Array | pa.ChunkedArray
_QUOTE_PAIRS = (("’", "'"), ("‘", "'"), ("‚", "'"), ("‛", "'"), ("′", "'"),
                ("“", '"'), ("”", '"'), ("„", '"'), ("‟", '"'), ("″", '"'))
#: whitespace NFKC leaves alone (it maps no-break, ideographic, en/em spaces to " ")
_WS = "\\t\\n\\v\\f\\r \\x{85}\\x{1680}\\x{2028}\\x{2029}"
_SPACES = f"[{_WS}]{{2,}}|[{_WS.replace(' ', '')}]"


def _join(alternatives: list[str] | tuple[str, ...]) -> str:
    return "(?:" + "|".join(alternatives) + ")" if alternatives else "(?!)"


def _pattern(alternative: L.Alternative) -> str:
    return alternative if isinstance(alternative, str) else alternative[1]


def _gate(alternative: L.Alternative) -> str:
    """The gate of ``alternative``: given, or the part before its first ``.{m,n}`` gap, or the whole."""
    if not isinstance(alternative, str):
        return alternative[0]
    i = alternative.find(".{")
    return alternative if i < 0 else alternative[:i]


# ---------------------------------------------------------------------------------------------
# the regular-expression executor: one set of RE2 patterns, two ways to run them
# ---------------------------------------------------------------------------------------------
#: batches of at most this many rows run the patterns through RE2 programs compiled once per
#: process (PyPI ``google-re2``, the same RE2 engine and syntax as ``pyarrow.compute``, which
#: compiles every pattern again on every call: ~5 ms of the big cue alternations for one row);
#: larger batches use ``pyarrow.compute``.  ``tests/features`` holds the two equal.
SMALL_BATCH = 64


@lru_cache(maxsize=None)
def _re2(pattern: str) -> object | None:
    """``pattern`` compiled by google-re2, or ``None`` where the package is not installed."""
    try:
        import re2
    except ImportError:  # the online extra brings it; without it, every batch uses pyarrow.compute
        return None
    return re2.compile(pattern)


def _small(arr: pa.Array, pattern: str) -> object | None:
    return _re2(pattern) if len(arr) <= SMALL_BATCH else None


def _rx_match(arr: pa.Array, pattern: str) -> pa.BooleanArray:
    """``pc.match_substring_regex``: does ``pattern`` match anywhere in each string (null: null)."""
    prog = _small(arr, pattern)
    if prog is None:
        return pc.match_substring_regex(arr, pattern)
    return pa.array([None if v is None else prog.search(v) is not None for v in arr.to_pylist()], pa.bool_())  # type: ignore[attr-defined]


def _rx_replace(arr: pa.Array, pattern: str, repl: str) -> pa.StringArray:
    """``pc.replace_substring_regex`` with a literal replacement (every match, left to right)."""
    prog = _small(arr, pattern)
    if prog is None:
        return pc.replace_substring_regex(arr, pattern, repl)
    return pa.array([None if v is None else prog.sub(repl, v) for v in arr.to_pylist()], pa.string())  # type: ignore[attr-defined]


def _rx_extract(arr: pa.Array, pattern: str, group: str) -> pa.StringArray:
    """The named ``group`` of the first match of ``pattern`` (``pc.extract_regex``), null where none."""
    prog = _small(arr, pattern)
    if prog is None:
        return pc.struct_field(pc.extract_regex(arr, pattern), group)
    out = []
    for v in arr.to_pylist():
        m = None if v is None else prog.search(v)  # type: ignore[attr-defined]
        out.append(None if m is None else m.group(group))
    return pa.array(out, pa.string())


def _rx_count(arr: pa.Array, pattern: str) -> np.ndarray:
    """Non-overlapping matches of ``pattern`` per string (``pc.count_substring_regex``; null: 0)."""
    prog = _small(arr, pattern)
    if prog is None:
        return pc.count_substring_regex(pc.fill_null(arr, ""), pattern).to_numpy(zero_copy_only=False)
    return np.array([0 if v is None else len(prog.findall(v)) for v in arr.to_pylist()], dtype=np.int64)  # type: ignore[attr-defined]


def _ascii_split_match(text: pa.StringArray, ascii_rows: np.ndarray, alternatives: tuple[str, ...]) -> pa.BooleanArray:
    """Match the alternation on ``text``: pure-ASCII rows only against the pure-ASCII alternatives.

    Pure-ASCII text cannot match an alternative that needs a non-ASCII character, and a smaller
    alternation keeps RE2's DFA small, so ASCII rows (most traffic) scan faster.
    """
    out = _rx_match(text, _join([a for a in alternatives if a.isascii()]))
    if ascii_rows.all():
        return out
    mask = pa.array(~ascii_rows)
    return pc.replace_with_mask(out, mask, _rx_match(text.filter(mask), _join(alternatives)))


class _Cues:
    """Several cues matched in one pass over every row, then each cue over the few rows that hit.

    The first pass scans the union of every cue's alternatives, with gapped alternatives cut to
    their gate (see :mod:`~distillguard.features._lexicons`); only candidate rows (a few percent
    of ordinary traffic) are then matched against each cue's full alternation.
    """

    def __init__(self, cues: dict[str, tuple[L.Alternative, ...]]) -> None:
        self.cues = {name: _join([_pattern(a) for a in alts]) for name, alts in cues.items()}
        self.prefilter = tuple(dict.fromkeys(_gate(a) for alts in cues.values() for a in alts))

    def match(self, text: pa.StringArray, ascii_rows: np.ndarray) -> dict[str, pa.BooleanArray]:
        hit = pc.fill_null(_ascii_split_match(text, ascii_rows, self.prefilter), False)
        n_hit = pc.sum(hit).as_py() or 0
        valid = text.is_valid()
        out: dict[str, pa.BooleanArray] = {}
        for name, pattern in self.cues.items():
            base = pc.if_else(valid, pa.scalar(False), pa.scalar(None, pa.bool_()))
            if n_hit:
                base = pc.replace_with_mask(base, hit, _rx_match(text.filter(hit), pattern))
            out[name] = base
        return out


_CUES = _Cues({"cot": L.CUE_COT, "align": L.CUE_ALIGN, "datagen": L.CUE_DATAGEN, "sysprompt": L.CUE_SYSPROMPT})
_CUE_COT_SYSTEM = _Cues({"cot": L.CUE_COT_SYSTEM})


# ---------------------------------------------------------------------------------------------
# building blocks
# ---------------------------------------------------------------------------------------------
def _as_string_array(values: _ArrayLike | None, n: int) -> pa.StringArray:
    if values is None:
        return pa.nulls(n, pa.string())
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks() if values.num_chunks != 1 else values.chunk(0)
    if not pa.types.is_string(values.type):
        values = values.cast(pa.string())
    return values


def _straight_quotes(s: str) -> str:
    for curly, straight in _QUOTE_PAIRS:
        if curly in s:
            s = s.replace(curly, straight)
    return s


def normalise(text: _ArrayLike) -> pa.StringArray:
    """Lower case, NFKC, straight quotes, whitespace runs collapsed to one space, trimmed.

    Pure-ASCII rows (most traffic) stay in Arrow kernels; the others go through
    :func:`unicodedata.normalize`, which is several times faster than Arrow's ``utf8_normalize``.

    Examples
    --------
    >>> normalise(pa.array(["  Hello\\n\\tWORLD  ", "Ｆｕｌｌ　ｗｉｄｔｈ ’quote’", None])).to_pylist()
    ['hello world', "full width 'quote'", None]
    """
    return _normalise(text)[0]


def _normalise(text: _ArrayLike) -> tuple[pa.StringArray, np.ndarray]:
    """:func:`normalise`, and which rows were pure ASCII before it (nulls count as ASCII): their
    normalised text is ASCII too, and so is every slice of it (a row marked non-ASCII may still
    be ASCII after NFKC; callers only use the mask to skip work that cannot change an ASCII row)."""
    arr = _as_string_array(text, len(text))
    arr = pc.ascii_lower(arr)
    ascii_ = pc.fill_null(pc.string_is_ascii(arr), True)
    ascii_np = ascii_.to_numpy(zero_copy_only=False)
    if not ascii_np.all():
        non_ascii = pc.invert(ascii_)
        fixed = [_straight_quotes(unicodedata.normalize("NFKC", s).lower()) for s in arr.filter(non_ascii).to_pylist()]
        arr = pc.replace_with_mask(arr, non_ascii, pa.array(fixed, pa.string()))
    arr = _rx_replace(arr, _SPACES, " ")
    return pc.utf8_trim_whitespace(arr), ascii_np


#: arrays at least this long hash their distinct strings only, where at most half of their first
#: this many rows, and of all, are distinct
_DISTINCT_MIN = 256


#: the hash :func:`hash64` computes; stored next to hashed values that outlive a scan (a
#: campaign signature, an online account state) so that values of another hash are never compared
HASH_SCHEME = "xxh3-64"


@lru_cache(maxsize=None)
def _seed(key: str) -> int:
    """The XXH3 seed of a column: the XXH3-64 of its key (the columns' hashes never coincide)."""
    return xxhash.xxh3_64_intdigest(key.encode("utf-8"))


def hash64(values: _ArrayLike, *, key: str = "distillguard") -> pa.Int64Array:
    """Stable 64-bit hash of each UTF-8 string: XXH3-64 seeded by ``key``, as a signed int64.

    Null in, null out.  The same string and key give the same value in every process, on every
    machine (XXH3 is a published algorithm with a fixed output, unlike Python's ``hash()``).

    Examples
    --------
    >>> h = hash64(pa.array(["a", "a", "b", None])).to_pylist()
    >>> h[0] == h[1] != h[2], h[3] is None
    (True, True)
    """
    arr = _as_string_array(values, len(values))
    n = len(arr)
    if n == 0:
        return pa.array([], pa.int64())
    if arr.null_count == n:
        return pa.nulls(n, pa.int64())
    # Each distinct string hashed once where strings repeat (system prompts, templates): judged
    # on the first rows, since encoding a column of distinct 1 KB prompts costs more than hashing it.
    if n >= _DISTINCT_MIN and 2 * len(pc.unique(arr.slice(0, _DISTINCT_MIN))) <= _DISTINCT_MIN:
        enc = pc.dictionary_encode(arr)
        if 2 * len(enc.dictionary) <= n:
            return pc.take(hash64(enc.dictionary, key=key), enc.indices)
    bufs = arr.buffers()
    offsets = np.frombuffer(bufs[1], dtype=np.int32, count=n + 1, offset=arr.offset * 4)
    data = memoryview(bufs[2]) if bufs[2] is not None else memoryview(b"")
    if arr.null_count:
        valid = arr.is_valid().to_numpy(zero_copy_only=False)
        rows = np.flatnonzero(valid)
        starts, ends = offsets[rows].tolist(), offsets[rows + 1].tolist()
    else:
        valid = None
        starts, ends = offsets[:-1].tolist(), offsets[1:].tolist()
    digest, seed = xxhash.xxh3_64_intdigest, _seed(key)
    # one C call a string, on a slice of the Arrow buffer (no copy)
    hashed = np.fromiter((digest(data[a:b], seed) for a, b in zip(starts, ends)), dtype=np.uint64, count=len(starts)).view(np.int64)
    if valid is None:
        return pa.array(hashed, type=pa.int64())
    out = np.zeros(n, dtype=np.int64)
    out[valid] = hashed
    return pa.array(out, type=pa.int64(), mask=~valid)


def _slice(text: pa.StringArray, start: int, stop: int | None = None, ascii_rows: np.ndarray | None = None) -> pa.StringArray:
    """``text`` sliced by characters (``pc.utf8_slice_codeunits``).  Arrow's character slice walks
    every string (from its start, even for a slice from the end); on ASCII rows a byte slice is the
    same and ~10× faster, so ASCII rows are byte-sliced and only the others character-sliced.
    ``ascii_rows``: which rows are known to be ASCII (else it is computed)."""
    n = len(text)
    if n == 0 or text.null_count == n:
        return pc.utf8_slice_codeunits(text, start, stop)
    if ascii_rows is None:
        ascii_rows = _ascii_rows(text)
    n_ascii = int(ascii_rows.sum())
    if n_ascii * 4 < n:  # mostly non-ASCII: one character slice
        return pc.utf8_slice_codeunits(text, start, stop)
    fast = pc.binary_slice(text.cast(pa.binary()), start, stop)
    if n_ascii < n:
        mask = pa.array(~ascii_rows)
        slow = pc.utf8_slice_codeunits(text.filter(mask), start, stop).cast(pa.binary())
        fast = pc.replace_with_mask(fast, mask, slow)
    return fast.cast(pa.string())


def _last(text: pa.StringArray, n: int, ascii_rows: np.ndarray | None = None) -> pa.StringArray:
    """The last ``n`` characters of each string (see :func:`_slice`)."""
    return _slice(text, -n, None, ascii_rows)


def _head_tail(text: pa.StringArray, lengths: pa.Int32Array, head: int, tail: int, sep: str = "\n",
               ascii_rows: np.ndarray | None = None) -> pa.StringArray:
    """``text`` itself where it is at most ``head + tail`` long, else its head, ``sep``, its tail."""
    long_ = pc.fill_null(pc.greater(lengths, head + tail), False)
    if not pc.any(long_).as_py():
        return text
    joined = pc.binary_join_element_wise(
        _slice(text, 0, head, ascii_rows), _last(text, tail, ascii_rows), sep,
    )
    return pc.if_else(long_, joined, text)


#: how many words at each end of a prompt make its wrapper phrase (``head_words``/``tail_words``)
EDGE_WORDS = 3


def _edge_words(head: pa.StringArray, tail: pa.StringArray) -> tuple[pa.Array, pa.Array]:
    """The first and last :data:`EDGE_WORDS` words of a (normalised, digit-folded) prompt.

    A short wrapper ("answer in detail: …", "… explain your reasoning.") shows here even where it
    is shorter than the fingerprint window; the account graph weighs these phrases by rarity.
    An opening instruction of two or more words that ends with a colon within the first words
    ("be detailed: …") stops there; a closing of two or more words after a sentence's end
    ("… is it? explain why.") starts there.
    Null where a prompt has fewer than ``2 × EDGE_WORDS`` words within the windows (no wrapper
    can be told from the payload).
    """
    head_rx, tail_rx, closing_rx = EDGE_PATTERNS
    h = _rx_extract(head, head_rx, "w")
    t = _rx_extract(tail, tail_rx, "w")
    t_sent = _rx_extract(tail, closing_rx, "w")
    return h, pc.coalesce(t_sent, t)


def _edge_patterns(w: int = EDGE_WORDS) -> tuple[str, str, str]:
    """The RE2 patterns of :func:`_edge_words` (group ``w``): the opening phrase, the closing
    phrase, and a closing instruction after the payload's last sentence."""
    # an instruction that ends with a colon ("be detailed: …") is the whole opening phrase:
    # without the cut, the payload's first word would make every request's opening a different
    # value.  One-word labels ("context:", "question:") are field names every template uses,
    # not one operation's wrapper, so they keep the words that follow.
    lead = "|".join(rf"\S+(?:\s+\S+){{{k}}}:" for k in range(1, w - 1))
    head = rf"^(?P<w>{lead}|\S+(?:\s+\S+){{{w - 1}}})\s+\S+\s+\S+"
    tail = rf"\S+\s+\S+\s+(?P<w>\S+(?:\s+\S+){{{w - 1}}})$"
    # likewise a closing instruction of two or more words after the payload's last sentence
    # ("… is it? explain why."): the payload's last word is not part of it
    closing = "|".join(rf"\S+(?:\s+\S+){{{k}}}" for k in range(1, w - 1))
    return head, tail, rf"\S+\s+\S+\s+\S*[.?!:]\s+(?P<w>{closing})$"


#: (opening, closing, closing after a sentence) patterns of :func:`_edge_words`
EDGE_PATTERNS: tuple[str, str, str] = _edge_patterns()


def _fold_digits(text: pa.StringArray) -> pa.StringArray:
    return _rx_replace(text, r"\d+", "0")


def _ascii_rows(text: pa.StringArray) -> np.ndarray:
    return pc.fill_null(pc.string_is_ascii(text), True).to_numpy(zero_copy_only=False)


@lru_cache(maxsize=1)
def _vocab() -> tuple[pa.StringArray, np.ndarray, np.ndarray]:
    """Lexicon words, each word's topic index (or -1) and language index (or -1)."""
    words: dict[str, list[int]] = {}
    for ti, (_, ws) in enumerate(L.TOPIC_WORDS.items()):
        for w in ws.split():
            words.setdefault(w, [-1, -1])
            if words[w][0] < 0:
                words[w][0] = ti
    for lang, ws in L.LANG_STOPWORDS.items():
        lidx = LANGUAGES.index(lang)
        for w in ws.split():
            words.setdefault(w, [-1, -1])
            if words[w][1] < 0:
                words[w][1] = lidx
    keys = list(words)
    topic = np.array([words[k][0] for k in keys], dtype=np.int64)
    lang = np.array([words[k][1] for k in keys], dtype=np.int64)
    return pa.array(keys, pa.string()), topic, lang


_PUNCT = "\"'.,;:!?()[]{}<>*_-/\\|`~@#$%^&+=«»“”‘’「」『』（），。？！：；…"


def _word_counts(text: pa.StringArray) -> tuple[np.ndarray, np.ndarray]:
    """Per-row hit counts: (n, len(TOPICS) - 1) topic words and (n, len(LANGUAGES)) function words."""
    n = len(text)
    vocab, w_topic, w_lang = _vocab()
    n_topics = len(TOPICS) - 1
    words = pc.split_pattern(pc.fill_null(text, ""), " ")  # whitespace is already single spaces
    flat = pc.list_flatten(words)
    if len(flat) == 0:
        return np.zeros((n, n_topics), dtype=np.int64), np.zeros((n, len(LANGUAGES)), dtype=np.int64)
    # each distinct word is trimmed and looked up once (a row's words repeat across rows)
    enc = pc.dictionary_encode(flat)
    found = pc.index_in(pc.utf8_trim(enc.dictionary, _PUNCT), value_set=vocab)
    if found.null_count == len(found):
        return np.zeros((n, n_topics), dtype=np.int64), np.zeros((n, len(LANGUAGES)), dtype=np.int64)
    in_vocab = found.is_valid().to_numpy(zero_copy_only=False)
    wi = pc.fill_null(found, 0).to_numpy(zero_copy_only=False)
    # per distinct word: its topic and language (-1: none), small integers
    topic_of = np.where(in_vocab, w_topic[wi], -1).astype(np.int16)
    lang_of = np.where(in_vocab, w_lang[wi], -1).astype(np.int16)
    codes = enc.indices.to_numpy(zero_copy_only=False)
    at = np.flatnonzero(in_vocab[codes])  # word positions that are lexicon words
    offsets = words.offsets.to_numpy(zero_copy_only=False)
    rows = np.searchsorted(offsets, at, side="right") - 1
    c = codes[at]
    t = topic_of[c].astype(np.int64)
    lg = lang_of[c].astype(np.int64)
    keep_t = t >= 0
    topic_counts = np.bincount(rows[keep_t] * n_topics + t[keep_t], minlength=n * n_topics).reshape(n, n_topics)
    keep_l = lg >= 0
    n_lang = len(LANGUAGES)
    lang_counts = np.bincount(rows[keep_l] * n_lang + lg[keep_l], minlength=n * n_lang).reshape(n, n_lang)
    return topic_counts, lang_counts


def _count(text: pa.StringArray, pattern: str) -> np.ndarray:
    return _rx_count(text, pattern)


def _languages(head: pa.StringArray, lang_counts: np.ndarray, ascii_rows: np.ndarray | None = None) -> np.ndarray:
    """Index into LANGUAGES per row, from script shares and function words (``ascii_rows``: rows
    known to be ASCII, which no script share can decide; else computed)."""
    n = len(head)
    out = np.full(n, LANGUAGES.index("other"), dtype=np.int64)
    latin = np.argmax(lang_counts, axis=1)
    has_latin = lang_counts.max(axis=1) > 0
    out[has_latin] = latin[has_latin]
    ascii_ = _ascii_rows(head) if ascii_rows is None else ascii_rows
    if ascii_.all():
        return out
    sub = head.filter(pa.array(~ascii_))
    letters = np.maximum(pc.utf8_length(sub).to_numpy(zero_copy_only=False), 1)  # chars, incl. spaces
    han = _count(sub, r"\p{Han}")
    kana = _count(sub, r"[\p{Hiragana}\p{Katakana}]")
    shares = {
        "ja": np.where(kana > 0, (han + kana) / letters, 0.0),
        "zh": han / letters,
        "ko": _count(sub, r"\p{Hangul}") / letters,
        "ru": _count(sub, r"\p{Cyrillic}") / letters,
        "ar": _count(sub, r"\p{Arabic}") / letters,
    }
    sub_out = out[~ascii_]
    decided = np.zeros(len(sub_out), dtype=bool)
    for lang, share in shares.items():  # ja before zh: kana marks Japanese
        pick = ~decided & (share >= 0.25)
        sub_out[pick] = LANGUAGES.index(lang)
        decided |= pick
    out[~ascii_] = sub_out
    return out


def _pick(labels: tuple[str, ...], index: np.ndarray, valid: np.ndarray) -> pa.StringArray:
    dict_arr = pa.DictionaryArray.from_arrays(pa.array(index.astype(np.int32), mask=~valid), pa.array(labels))
    return dict_arr.cast(pa.string())


# ---------------------------------------------------------------------------------------------
# the feature function
# ---------------------------------------------------------------------------------------------
def text_features(
    prompt: _ArrayLike,
    system: _ArrayLike | None = None,
    prompt_sha256: _ArrayLike | None = None,
) -> pa.Table:
    """Text features of a batch of requests, one row per input row (see the module docstring).

    Parameters
    ----------
    prompt
        The (last) user message text; null where not logged.
    system
        The system prompt text, if any.
    prompt_sha256
        The logged hash of the prompt where the text itself is not kept: it then gives
        ``prompt_hash``, so exact repeats still count; the cues stay null.

    Returns
    -------
    pyarrow.Table
        Columns of :data:`TEXT_FEATURE_SCHEMA`.
    """
    n = len(prompt)
    p = _as_string_array(prompt, n)
    known = p.is_valid()
    known_np = known.to_numpy(zero_copy_only=False)

    norm, ascii_np = _normalise(p)
    chars = pc.utf8_length(norm).cast(pa.int32())
    raw_chars = pc.utf8_length(p).cast(pa.int32())

    # -- hashes -------------------------------------------------------------------------------
    prompt_hash = hash64(norm, key="dg.prompt")
    if prompt_sha256 is not None:
        sha = _as_string_array(prompt_sha256, n)
        if sha.null_count < n:
            sha_hash = hash64(pc.utf8_trim_whitespace(pc.ascii_lower(sha)), key="dg.sha256")
            prompt_hash = pc.if_else(known, prompt_hash, sha_hash)

    head_wide = _fold_digits(_slice(norm, 0, 3 * FP_CHARS, ascii_np))
    head = _slice(head_wide, 0, FP_CHARS, ascii_np)
    tail_wide = _fold_digits(_last(norm, 3 * FP_CHARS, ascii_np))
    tail = _last(tail_wide, FP_CHARS, ascii_np)
    short = pc.fill_null(pc.less_equal(chars, 2 * FP_CHARS), False)
    head_words, tail_words = _edge_words(head_wide, tail_wide)
    whole = _fold_digits(pc.if_else(short, norm, pa.scalar("", pa.string())))
    template_text = pc.if_else(short, whole, pc.binary_join_element_wise(head, tail, "\x1f"))
    template_fp = hash64(template_text, key="dg.template")
    prefix_fp = hash64(head, key="dg.prefix")
    suffix_fp = hash64(tail, key="dg.suffix")

    sys_norm, sys_ascii = _normalise(_as_string_array(system, n))
    sys_norm = pc.if_else(pc.fill_null(pc.equal(sys_norm, ""), False), pa.scalar(None, pa.string()), sys_norm)
    system_fp = hash64(sys_norm, key="dg.system")

    # -- cues ----------------------------------------------------------------------------------
    window = _head_tail(norm, chars, CUE_WINDOW, CUE_WINDOW, ascii_rows=ascii_np)
    cues = _CUES.match(window, ascii_np)
    cue_cot = cues["cot"]
    # A system prompt that asks for step-by-step answers is a common, honest app design (a tutor)
    # as well as Orca-style distillation; it is kept apart from demands in the user's own prompt.
    cue_cot_sys = pa.nulls(n, pa.bool_())
    if sys_norm.null_count < n:
        sys_window = _head_tail(sys_norm, pc.utf8_length(sys_norm), CUE_WINDOW, CUE_WINDOW, ascii_rows=sys_ascii)
        sys_cot = pc.fill_null(_CUE_COT_SYSTEM.match(sys_window, sys_ascii)["cot"], False)
        cue_cot_sys = pc.if_else(known, sys_cot, pa.scalar(None, pa.bool_()))
    else:
        cue_cot_sys = pc.if_else(known, pa.scalar(False), pa.scalar(None, pa.bool_()))
    cue_align, cue_datagen, cue_sysprompt = cues["align"], cues["datagen"], cues["sysprompt"]
    word_text = _head_tail(norm, chars, WORD_HEAD, WORD_TAIL, sep=" ", ascii_rows=ascii_np)
    code = pc.fill_null(_ascii_split_match(word_text, ascii_np, L.CODE), False).to_numpy(zero_copy_only=False)
    math = pc.fill_null(_ascii_split_match(word_text, ascii_np, L.MATH), False).to_numpy(zero_copy_only=False)

    def np_bool(a: pa.Array) -> np.ndarray:
        return pc.fill_null(a, False).to_numpy(zero_copy_only=False)

    cot_np, align_np, datagen_np, sys_np = map(np_bool, (cue_cot, cue_align, cue_datagen, cue_sysprompt))
    cap_idx = np.select(
        [sys_np, align_np, datagen_np, cot_np, code, math],
        [CAPABILITIES.index(c) for c in ("system-prompt", "alignment-behaviour", "data-generation", "reasoning-traces", "coding", "math")],
        default=CAPABILITIES.index("general"),
    )

    # -- topic and language --------------------------------------------------------------------
    topic_counts, lang_counts = _word_counts(word_text)
    topic_idx = np.where(topic_counts.max(axis=1) > 0, np.argmax(topic_counts, axis=1), TOPICS.index("other"))
    topic_idx = np.where(align_np | sys_np, TOPICS.index("ai-safety"), topic_idx)
    lang_idx = _languages(_slice(norm, 0, WORD_HEAD, ascii_np), lang_counts, ascii_np)

    return pa.Table.from_arrays(
        [
            raw_chars,
            prompt_hash,
            template_fp,
            prefix_fp,
            suffix_fp,
            system_fp,
            cue_cot,
            cue_align,
            cue_datagen,
            cue_sysprompt,
            cue_cot_sys,
            head_words,
            tail_words,
            _pick(CAPABILITIES, cap_idx, known_np),
            _pick(TOPICS, topic_idx, known_np),
            _pick(LANGUAGES, lang_idx, known_np),
        ],
        schema=TEXT_FEATURE_SCHEMA,
    )
