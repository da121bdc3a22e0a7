"""The canonical event format (``shared/EVENTS.md``) as data.

Every reader, adapter, the simulator and the store take their field list from here, so the
format is declared once.  ``kind`` is the logical type a value must have after parsing:

``str``      any JSON string (numbers are accepted and turned into strings for id-like fields)
``int``      an integer (a float with no fractional part, or a numeric string, is accepted)
``float``    a number
``bool``     ``true``/``false`` (also ``"true"``/``"false"``/``1``/``0`` in CSV)
``ts``       RFC 3339 with offset, or integer epoch milliseconds
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

__all__ = [
    "ACCOUNT_FIELDS",
    "EVENT_FIELDS",
    "EVENTS_ARROW_SCHEMA",
    "ACCOUNTS_ARROW_SCHEMA",
    "LABEL_FIELDS",
    "REQUIRED_EVENT_FIELDS",
    "Field",
]


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # str | int | float | bool | ts
    help: str
    required: bool = False


EVENT_FIELDS: tuple[Field, ...] = (
    Field("ts", "ts", "when the request arrived", required=True),
    Field("request_id", "str", "unique per request; duplicates are dropped", required=True),
    Field("account_id", "str", "the principal that is billed", required=True),
    Field("org_id", "str", "the organisation the account belongs to"),
    Field("api_key_id", "str", "an identifier or hash of the key"),
    Field("end_user", "str", "the end user an application or reseller sent the request for, as the caller reports it"),
    Field("ip", "str", "client IPv4 or IPv6 address, or a pseudonym"),
    Field("asn", "int", "autonomous system number of ip"),
    Field("as_org", "str", "owner of that AS"),
    Field("country", "str", "ISO 3166-1 alpha-2 of ip"),
    Field("user_agent", "str", "HTTP User-Agent or SDK identifier"),
    Field("model", "str", "model requested"),
    Field("endpoint", "str", "chat, completion, embedding, batch, ..."),
    Field("conversation_id", "str", "groups the turns of one conversation"),
    Field("turn", "int", "1 for the first user turn of a conversation"),
    Field("system", "str", "system prompt text"),
    Field("prompt", "str", "the (last) user message text"),
    Field("prompt_sha256", "str", "hash of prompt where the text itself is not kept"),
    Field("response", "str", "completion text (visible part)"),
    Field("input_tokens", "int", "prompt tokens billed"),
    Field("output_tokens", "int", "completion tokens billed"),
    Field("reasoning_tokens", "int", "hidden reasoning tokens billed"),
    Field("temperature", "float", "sampling temperature requested"),
    Field("top_p", "float", "nucleus sampling requested"),
    Field("max_tokens", "int", "output limit requested"),
    Field("n", "int", "completions requested per prompt"),
    Field("logprobs", "bool", "whether token log-probabilities were requested"),
    Field("top_logprobs", "int", "alternatives per token requested"),
    Field("logit_bias_n", "int", "how many tokens a logit_bias map named"),
    Field("reasoning", "str", "reasoning effort requested (none/low/medium/high or a budget)"),
    Field("tools_n", "int", "tools/functions declared in the request"),
    Field("stream", "bool", "streamed response"),
    Field("finish_reason", "str", "stop, length, content_filter, tool_calls, refusal, ..."),
    Field("status", "int", "HTTP status returned"),
    Field("latency_ms", "float", "time to last byte"),
)

REQUIRED_EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in EVENT_FIELDS if f.required)

ACCOUNT_FIELDS: tuple[Field, ...] = (
    Field("account_id", "str", "as in events", required=True),
    Field("org_id", "str", "organisation"),
    Field("created_at", "ts", "sign-up time"),
    Field("email_domain", "str", "e.g. cs.example.edu"),
    Field("verified", "bool", "identity or payment verified"),
    Field("tier", "str", "plan or rate-limit tier"),
    Field("country", "str", "billing country"),
    Field("payment_fingerprint", "str", "hash of the payment instrument"),
    Field("signup_ip", "str", "sign-up IP address"),
)

LABEL_FIELDS: tuple[Field, ...] = (
    Field("account_id", "str", "as in events", required=True),
    Field("label", "str", "benign or attack", required=True),
    Field("campaign", "str", "attack campaign id; empty for benign"),
    Field("scenario", "str", "the behaviour simulated"),
    Field("attack_start", "ts", "for a taken-over account: when the attacker's traffic begins"),
)

_ARROW = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "ts": pa.timestamp("ms", tz="UTC"),
}


def _arrow_schema(fields: tuple[Field, ...], extra: list[pa.Field]) -> pa.Schema:
    return pa.schema([pa.field(f.name, _ARROW[f.kind]) for f in fields] + extra)


#: Arrow schema of the stored ``events`` table: the canonical fields, then ``ts_ms`` (epoch
#: milliseconds, the engine-neutral time column every feature uses), ``attrs`` (unknown fields as a
#: JSON object string), and where the row came from.
EVENTS_ARROW_SCHEMA: pa.Schema = _arrow_schema(
    EVENT_FIELDS,
    [
        pa.field("ts_ms", pa.int64()),
        pa.field("attrs", pa.string()),
        pa.field("source_file", pa.string()),
        pa.field("source_line", pa.int64()),
    ],
)

ACCOUNTS_ARROW_SCHEMA: pa.Schema = _arrow_schema(ACCOUNT_FIELDS, [pa.field("attrs", pa.string())])
