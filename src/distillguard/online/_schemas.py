"""Pydantic models of the HTTP API: they document it (the OpenAPI document) and fix its shape.

Request bodies are validated by the same row rules as log files (``events/readers.py``), not by
these models, so an event the scan accepts is accepted here too; the models describe them.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from distillguard.events.schema import EVENT_FIELDS

__all__ = ["AccountRow", "CampaignRow", "CheckEvent", "CheckResponse", "Error", "Event", "EventsResponse", "Health", "RefreshResponse"]

_PY = {"str": str, "int": int, "float": float, "bool": bool, "ts": str | int}


def _event_model(name: str, required: tuple[str, ...], doc: str) -> type[BaseModel]:
    from pydantic import create_model

    fields = {}
    for f in EVENT_FIELDS:
        typ = _PY[f.kind]
        if f.name in required:
            fields[f.name] = (typ, Field(..., description=f.help))
        else:
            fields[f.name] = (Optional[typ], Field(None, description=f.help))
    model = create_model(name, __config__=ConfigDict(extra="allow"), __doc__=doc, **fields)  # type: ignore[call-overload]
    return model


#: a completed request (shared/EVENTS.md); other fields are kept as attributes
Event = _event_model("Event", ("ts", "request_id", "account_id"), "One canonical event (shared/EVENTS.md); other fields are kept.")
#: a request before the model runs: ``ts`` defaults to now and ``request_id`` to a fresh id
CheckEvent = _event_model("CheckEvent", ("account_id",),
                          "One canonical event as known before the model runs; ts defaults to now, request_id to a fresh id.")


class Error(BaseModel):
    error: str


class Health(BaseModel):
    status: Literal["ok"]
    mode: Literal["observe", "enforce"]
    state: Literal["embedded", "redis"]


class CheckResponse(BaseModel):
    decision: Literal["allow", "review", "throttle", "block"] = Field(description="what the gateway must do (always allow in observe mode)")
    would_decision: Literal["allow", "review", "throttle", "block"] = Field(description="the policy's verdict, what enforce mode does")
    risk: float = Field(ge=0, le=1, description="the account's risk with this request folded in")
    reasons: list[str] = Field(description="the strongest signals, plain sentences with numbers")
    campaign: Optional[str] = Field(description="campaign the account belongs to (last refresh)")
    mode: Literal["observe", "enforce"]
    account_id: str
    retry_after_s: Optional[int] = Field(None, description="for throttle: seconds to wait")


class Reject(BaseModel):
    index: Optional[int] = Field(description="1-based position of the event in the body (line for JSON Lines)")
    field: Optional[str]
    reason: str


class EventsResponse(BaseModel):
    accepted: int
    duplicate: int
    rejected: int
    rejects: list[Reject] = Field(description="the first 100 rejected events with their reasons")


class RefreshResponse(BaseModel):
    model_config = ConfigDict(extra="allow")
    events: int
    accounts: int
    campaigns: int
    seconds: float


class Reason(BaseModel):
    detector: str
    score: float
    summary: str


class AccountRow(BaseModel):
    """As in accounts.jsonl (shared/FINDINGS.md)."""

    model_config = ConfigDict(extra="allow")
    account_id: str
    risk: float
    flagged: bool
    flagged_at: Optional[str]
    events_before_flag: Optional[int]
    campaign: Optional[str]
    capabilities: list[str]
    reasons: list[Reason]
    evidence: list[str]
    events: int


class Link(BaseModel):
    model_config = ConfigDict(extra="allow")
    kind: str
    value: str
    accounts: list[str]


class CampaignRow(BaseModel):
    """As in campaigns.jsonl (shared/FINDINGS.md)."""

    model_config = ConfigDict(extra="allow")
    campaign: str
    accounts: list[str]
    risk: float
    flagged_at: Optional[str]
    events: int
    capabilities: list[str]
    links: list[Link]
    summary: str
