"""LiteLLM integration (``pip install 'distillguard[litellm]'``): a pre-call guardrail and a
post-call logger.

* :class:`DistillguardGuardrail` — a LiteLLM ``CustomGuardrail``.  Before each call it asks
  distillguard for a decision on the request (the account's history plus this request).  In
  ``enforce`` mode a ``block`` raises LiteLLM's own ``GuardrailRaisedException`` (status 403) and
  a ``throttle`` the same with status 429, so the refusal is a guardrail intervention in
  LiteLLM's guardrail monitoring (``guardrail_status = guardrail_intervened``).  In ``observe``
  mode nothing is refused; a would-be verdict is recorded by distillguard and appears in LiteLLM's
  guardrail information as ``guardrail_flagged`` with the verdict.
* :class:`DistillguardLogger` — a LiteLLM ``CustomLogger``.  After each call (served, or refused
  by a guardrail) it sends the completed request to distillguard as a canonical event, with the
  parameters LiteLLM saw: ``logprobs``, ``top_logprobs``, ``logit_bias`` (as its size), ``n``,
  ``max_tokens``, reasoning effort, temperature, tools, user agent, end user, tokens billed.

Both talk to distillguard either **in-process** (``service=`` an opened
:class:`~distillguard.online.OnlineService`, or ``state="DIR"|"redis://…"``) or **over HTTP**
(``api_base="http://host:8787"`` and ``api_key=`` a distillguard token, default
``$DISTILLGUARD_TOKEN``).  Nothing here is imported by distillguard unless you import this module,
and LiteLLM itself is imported only here.

The account an event belongs to is the billed principal LiteLLM knows, first found of: the
proxy key's user id, its team id, the key's hash; with the SDK and no proxy key, the request's
``metadata["distillguard_account_id"]``, else ``user``.  ``end_user`` is the request's ``user``
(OpenAI's end-user field) where it is not the account itself.

Set ``LITELLM_LOCAL_MODEL_COST_MAP=True`` where the gateway has no internet, so LiteLLM does not
try to download its model cost map at import.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections.abc import Mapping
from typing import Any

from litellm.exceptions import GuardrailRaisedException
from litellm.integrations.custom_guardrail import CustomGuardrail, log_guardrail_information
from litellm.integrations.custom_logger import CustomLogger
from litellm.types.guardrails import GuardrailEventHooks

__all__ = ["DistillguardGuardrail", "DistillguardLogger", "event_from_completion", "event_from_request"]


# -- request → canonical event ---------------------------------------------------------------------------


def _text(content: Any) -> str | None:
    if content is None:
        return None
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # content parts: keep the text ones
        parts = [p.get("text") for p in content if isinstance(p, Mapping) and isinstance(p.get("text"), str)]
        return "\n".join(parts) if parts else None
    return None


def _messages(messages: Any) -> tuple[str | None, str | None, int | None]:
    """(last user message, first system message, user turn number)."""
    prompt = system = None
    turns = 0
    if isinstance(messages, list):
        for m in messages:
            if not isinstance(m, Mapping):
                continue
            role = m.get("role")
            if role in ("system", "developer") and system is None:
                system = _text(m.get("content"))
            elif role == "user":
                turns += 1
                prompt = _text(m.get("content"))
    return prompt, system, (turns or None)


def _get(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _first(*vals: Any) -> Any:
    for v in vals:
        if v not in (None, ""):
            return v
    return None


def _reasoning(params: Mapping[str, Any]) -> str | None:
    eff = params.get("reasoning_effort")
    if isinstance(eff, str) and eff:
        return eff
    thinking = params.get("thinking")
    budget = _get(thinking, "budget_tokens")
    if budget is not None:
        return str(budget)
    return None


def event_from_request(data: Mapping[str, Any], user_api_key_dict: Any = None) -> dict[str, Any]:
    """The canonical event of a LiteLLM request as known before the call."""
    meta = data.get("metadata") or data.get("litellm_metadata") or {}
    if not isinstance(meta, Mapping):
        meta = {}
    prompt, system, turn = _messages(data.get("messages"))
    if prompt is None and isinstance(data.get("prompt"), str):
        prompt = data["prompt"]
    user = data.get("user")
    account = _first(
        _get(user_api_key_dict, "user_id"), meta.get("user_api_key_user_id"),
        _get(user_api_key_dict, "team_id"), meta.get("user_api_key_team_id"),
        _get(user_api_key_dict, "api_key"), meta.get("user_api_key_hash"),
        meta.get("distillguard_account_id"), user,
    )
    headers = meta.get("headers") if isinstance(meta.get("headers"), Mapping) else {}
    psr = data.get("proxy_server_request") if isinstance(data.get("proxy_server_request"), Mapping) else {}
    if not headers and isinstance(psr.get("headers"), Mapping):
        headers = psr["headers"]
    ua = _first(*(v for k, v in headers.items() if str(k).lower() == "user-agent")) if headers else None
    lb = data.get("logit_bias")
    tools = data.get("tools") or data.get("functions")
    ev: dict[str, Any] = {
        "ts": int(time.time() * 1000),
        "request_id": str(_first(data.get("litellm_call_id"), meta.get("litellm_call_id"), "litellm-" + uuid.uuid4().hex)),
        "account_id": str(account) if account is not None else "anonymous",
        "api_key_id": _first(_get(user_api_key_dict, "api_key"), meta.get("user_api_key_hash")),
        "org_id": _first(_get(user_api_key_dict, "org_id"), meta.get("user_api_key_org_id")),
        "end_user": user if user is not None and user != account else _first(_get(user_api_key_dict, "end_user_id"), meta.get("user_api_key_end_user_id")),
        "ip": _first(meta.get("requester_ip_address")),
        "user_agent": ua,
        "model": data.get("model"),
        "endpoint": "chat" if data.get("messages") is not None else "completion",
        "prompt": prompt,
        "system": system,
        "turn": turn,
        "max_tokens": _first(data.get("max_tokens"), data.get("max_completion_tokens")),
        "n": data.get("n"),
        "logprobs": data.get("logprobs"),
        "top_logprobs": data.get("top_logprobs"),
        "logit_bias_n": len(lb) if isinstance(lb, Mapping) else None,
        "reasoning": _reasoning(data),
        "temperature": data.get("temperature"),
        "top_p": data.get("top_p"),
        "tools_n": len(tools) if isinstance(tools, list) else None,
        "stream": data.get("stream"),
    }
    return {k: v for k, v in ev.items() if v is not None}


def event_from_completion(kwargs: Mapping[str, Any], response: Any, start_time: Any, end_time: Any, *,
                          status: int | None = None) -> dict[str, Any]:
    """The canonical event of a finished LiteLLM call (success or failure)."""
    params = dict(kwargs.get("optional_params") or {})
    data: dict[str, Any] = {**params, **{k: kwargs.get(k) for k in ("model", "messages", "user", "litellm_call_id") if kwargs.get(k) is not None}}
    lp = kwargs.get("litellm_params") or {}
    meta = lp.get("metadata") if isinstance(lp, Mapping) else None
    data["metadata"] = meta if isinstance(meta, Mapping) else (kwargs.get("metadata") or {})
    if "proxy_server_request" in (lp or {}):
        data["proxy_server_request"] = lp["proxy_server_request"]
    ev = event_from_request(data)
    slo = kwargs.get("standard_logging_object") or {}
    if isinstance(slo, Mapping):
        if slo.get("end_user") and ev.get("end_user") is None and slo["end_user"] != ev["account_id"]:
            ev["end_user"] = slo["end_user"]
        if slo.get("requester_ip_address") and "ip" not in ev:
            ev["ip"] = slo["requester_ip_address"]
        if slo.get("id"):
            ev["request_id"] = str(slo["id"])
    if isinstance(start_time, (int, float)):
        ev["ts"] = int(start_time * 1000)
    elif hasattr(start_time, "timestamp"):
        ev["ts"] = int(start_time.timestamp() * 1000)
    if hasattr(start_time, "timestamp") and hasattr(end_time, "timestamp"):
        ev["latency_ms"] = (end_time.timestamp() - start_time.timestamp()) * 1000.0
    usage = _get(response, "usage")
    if usage is not None:
        ev["input_tokens"] = _get(usage, "prompt_tokens")
        ev["output_tokens"] = _get(usage, "completion_tokens")
        ev["reasoning_tokens"] = _get(_get(usage, "completion_tokens_details"), "reasoning_tokens")
    choices = _get(response, "choices")
    if isinstance(choices, list) and choices:
        ev["finish_reason"] = _get(choices[0], "finish_reason")
        text = _get(_get(choices[0], "message"), "content")
        if isinstance(text, str):
            ev["response"] = text
    ev["status"] = status if status is not None else 200
    return {k: v for k, v in ev.items() if v is not None}


# -- talking to distillguard -----------------------------------------------------------------------------------


class _Client:
    """In-process service or HTTP API."""

    def __init__(self, service: Any = None, state: str | None = None, api_base: str | None = None, api_key: str | None = None,
                 mode: str | None = None, timeout_s: float = 2.0, transport: Any = None) -> None:
        self._service = service
        self._transport = transport
        self.api_base: str | None = None
        self._state, self._mode = state, mode
        self._api_base, self._api_key = api_base, api_key
        self.timeout_s = timeout_s
        self._http: Any = None
        self._resolved = service is not None

    def _resolve(self) -> None:
        """Settle in-process vs HTTP on first use (so a module-level instance in a LiteLLM
        config reads the environment of the running gateway, not of the import)."""
        if self._resolved:
            return
        self._resolved = True
        self.api_base = (self._api_base or os.environ.get("DISTILLGUARD_API_BASE") or "").rstrip("/") or None
        if self.api_base is None:
            from distillguard.online import OnlineService, open_store

            self._service = OnlineService(open_store(self._state or os.environ.get("DISTILLGUARD_STATE") or "distillguard-state"),
                                          mode=self._mode or os.environ.get("DISTILLGUARD_MODE") or "observe").open()
            self._service.start_background()

    @property
    def service(self) -> Any:
        self._resolve()
        return self._service

    @property
    def api_key(self) -> str | None:
        return self._api_key or os.environ.get("DISTILLGUARD_TOKEN")

    def _client(self) -> Any:
        import httpx

        if self._http is None:
            self._http = httpx.AsyncClient(base_url=self.api_base, timeout=self.timeout_s, transport=self._transport,
                                           headers={"Authorization": f"Bearer {self.api_key}"} if self.api_key else {})
        return self._http

    async def check(self, event: dict[str, Any]) -> dict[str, Any]:
        if self.service is not None:
            return (await asyncio.to_thread(self.service.check, event)).to_dict()
        r = await self._client().post("/v1/check", json=event)
        r.raise_for_status()
        return r.json()

    async def send(self, event: dict[str, Any]) -> dict[str, Any]:
        if self.service is not None:
            return (await asyncio.to_thread(self.service.ingest, [event], "litellm")).to_dict()
        r = await self._client().post("/v1/events", json=[event])
        return r.json()


class DistillguardGuardrail(CustomGuardrail):
    """Pre-call block / throttle / observe (see the module docstring).

    Parameters (besides LiteLLM's own ``guardrail_name``, ``event_hook``, ``default_on``)
    ----------
    service : an opened ``OnlineService`` to call in-process
    state : or a state for an in-process service (``DIR`` or ``redis://…``)
    api_base, api_key : or a ``distillguard serve`` to call over HTTP
    mode : for an in-process service built here: ``observe`` (default) or ``enforce``
    transport : an ``httpx`` transport for the HTTP client (tests: ``httpx.ASGITransport(app)``)
    fail_open : when distillguard cannot answer, serve the request (default) or refuse it
    """

    #: every path records its own guardrail information (the verdict, not the prompt)
    records_own_guardrail_information = True

    def __init__(self, *, service: Any = None, state: str | None = None, api_base: str | None = None, api_key: str | None = None,
                 mode: str | None = None, fail_open: bool = True, timeout_s: float = 2.0, transport: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("guardrail_name", "distillguard")
        kwargs.setdefault("event_hook", GuardrailEventHooks.pre_call)
        kwargs.setdefault("supported_event_hooks", [GuardrailEventHooks.pre_call])
        self._dg = _Client(service, state, api_base, api_key, mode, timeout_s, transport)
        self.fail_open = fail_open
        super().__init__(**kwargs)

    def _record(self, data: dict[str, Any], verdict: Mapping[str, Any] | str, status: str, t0: float) -> None:
        t1 = time.time()
        self.add_standard_logging_guardrail_information_to_request_data(
            guardrail_json_response=dict(verdict) if isinstance(verdict, Mapping) else verdict, request_data=data,
            guardrail_status=status,  # type: ignore[arg-type]
            start_time=t0, end_time=t1, duration=t1 - t0, guardrail_provider="distillguard",
            event_type=GuardrailEventHooks.pre_call,
        )

    @log_guardrail_information  # hands the recorded information to LiteLLM's logging of the call
    async def async_pre_call_hook(self, user_api_key_dict: Any, cache: Any, data: dict, call_type: Any) -> Any:  # type: ignore[override]
        t0 = time.time()
        event = event_from_request(data, user_api_key_dict)
        try:
            res = await self._dg.check(event)
        except Exception as exc:
            self._record(data, f"distillguard unavailable: {type(exc).__name__}", "guardrail_failed_to_respond", t0)
            if self.fail_open:
                return data
            raise GuardrailRaisedException(guardrail_name=self.guardrail_name, message="distillguard unavailable", status_code=503) from None
        verdict = {k: res.get(k) for k in ("decision", "would_decision", "risk", "campaign", "mode", "reasons")}
        decision = res.get("decision", "allow")
        if decision in ("block", "throttle"):
            self._record(data, verdict, "guardrail_intervened", t0)
            status = 403 if decision == "block" else 429
            # a refused request is still the account's request: recorded here, with the full
            # parameters (LiteLLM's failure log no longer has them), and skipped by the logger
            try:
                await self._dg.send({**event, "status": status})
            except Exception:
                pass
            # the caller learns that it was refused, not why (the reasons stay in monitoring)
            exc = GuardrailRaisedException(
                guardrail_name=self.guardrail_name,
                message="request refused by the distillguard guardrail" if decision == "block" else "rate limited by the distillguard guardrail",
                status_code=status, blocked_content=True,
            )
            exc.distillguard_recorded = True  # type: ignore[attr-defined]
            raise exc
        self._record(data, verdict, "guardrail_flagged" if res.get("would_decision", "allow") != "allow" else "success", t0)
        return data


class DistillguardLogger(CustomLogger):
    """Post-call: sends every finished call (served or refused) to distillguard as an event."""

    def __init__(self, *, service: Any = None, state: str | None = None, api_base: str | None = None, api_key: str | None = None,
                 timeout_s: float = 5.0, transport: Any = None, **kwargs: Any) -> None:
        self._dg = _Client(service, state, api_base, api_key, None, timeout_s, transport)
        self.sent = 0
        self.failed = 0
        super().__init__(**kwargs)

    async def _send(self, event: dict[str, Any]) -> None:
        try:
            await self._dg.send(event)
            self.sent += 1
        except Exception:  # never break the gateway's logging path
            self.failed += 1

    async def async_log_success_event(self, kwargs: Any, response_obj: Any, start_time: Any, end_time: Any) -> None:
        await self._send(event_from_completion(kwargs, response_obj, start_time, end_time))

    async def async_log_failure_event(self, kwargs: Any, response_obj: Any, start_time: Any, end_time: Any) -> None:
        exc = kwargs.get("exception")
        if getattr(exc, "distillguard_recorded", False):
            return  # refused by the distillguard guardrail, which recorded the request itself
        status = getattr(exc, "status_code", None)
        await self._send(event_from_completion(kwargs, None, start_time, end_time, status=int(status) if isinstance(status, int) else 500))


#: a logger for a LiteLLM proxy ``config.yaml`` (``litellm_settings: callbacks:``): it talks to
#: ``$DISTILLGUARD_API_BASE`` with ``$DISTILLGUARD_TOKEN`` (or, without an API base, to an
#: in-process service over ``$DISTILLGUARD_STATE``), settled at its first call
proxy_logger = DistillguardLogger()
