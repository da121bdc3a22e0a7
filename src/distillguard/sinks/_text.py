"""Attacker-written text made safe to show: control characters visible, JSON safe inside ``<script>``.

Every prompt, system prompt, user agent and account id in a log is written by whoever sent the
request.  Before any of it reaches a page or a terminal:

* :func:`visible` replaces control and formatting characters (ANSI escapes, bidi overrides and
  isolates, zero-width characters, NUL) by a visible ``\\x1b`` / ``\\u202e`` spelling, so nothing
  re-orders, hides or colours the text around it;
* :func:`clip` cuts long text to a number of characters, marking the cut;
* :func:`script_json` serialises data for a ``<script type="application/json">`` block with ``<``,
  ``>``, ``&`` and U+2028/U+2029 escaped, so ``</script>`` or ``<!--`` inside a string cannot end the
  block (HTML itself is escaped by Jinja2's autoescape).

Examples
--------
>>> visible("ok\\x1b[31mred\\u202eevil")
'ok\\\\x1b[31mred\\\\u202eevil'
>>> visible("two\\nlines", keep_newlines=True)
'two\\nlines'
>>> clip("abcdef", 4)
'abc…'
>>> script_json({"p": "</script><b>"})
'{"p":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
"""

from __future__ import annotations

import unicodedata
from typing import Any

import orjson

__all__ = ["clip", "script_json", "visible"]

# What gets spelled out: controls (C0, C1, DEL), format characters (bidi embeddings, overrides,
# isolates and marks; zero-width spaces and joiners; BOM; soft hyphen) and line/paragraph separators.
_SPELLED = frozenset(("Cc", "Cf", "Zl", "Zp"))


def _spell(c: str) -> str:
    o = ord(c)
    return f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}" if o < 0x10000 else f"\\U{o:08x}"


def visible(text: Any, *, keep_newlines: bool = False) -> str:
    """``text`` with every control or invisible formatting character spelled out.

    ``keep_newlines`` keeps ``\\n`` and ``\\t`` (for prompts shown in a pre-wrapped cell).
    ``None`` becomes an empty string.
    """
    if text is None:
        return ""
    s = str(text)
    if s.isprintable():  # fast path: no Cc/Cf/Zl/Zp (nor non-ASCII spaces, which are harmless)
        return s
    keep = "\n\t" if keep_newlines else ""
    return "".join(_spell(c) if c not in keep and unicodedata.category(c) in _SPELLED else c for c in s)


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the last one an ellipsis when it was cut."""
    if limit <= 0 or len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)] + "…"


_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def script_json(data: Any) -> str:
    """JSON text of ``data`` that is inert inside an HTML ``<script>`` element."""
    text = orjson.dumps(data, option=orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS).decode("utf-8")
    return text.translate(_SCRIPT_ESCAPES)
