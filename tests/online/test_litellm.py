"""The LiteLLM guardrail and logger in-process, with LiteLLM's own mock_response (no network).

A simulated extraction — one account harvesting the output distribution with top_logprobs=20, a
large logit_bias and one-token answers — is refused in enforce mode (LiteLLM's guardrail error,
recorded as a guardrail intervention) and only recorded in observe mode.
"""

from __future__ import annotations

import asyncio
import os

import pytest

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
litellm = pytest.importorskip("litellm", reason="the litellm extra is part of .[dev]")

from litellm.exceptions import GuardrailRaisedException  # noqa: E402

from distillguard.online import OnlineService, Policy  # noqa: E402
from distillguard.online._state import EmbeddedStore  # noqa: E402
from distillguard.online.litellm_guardrail import DistillguardGuardrail, DistillguardLogger, event_from_request  # noqa: E402


class _Monitor(litellm.integrations.custom_logger.CustomLogger):
    """What LiteLLM's own logging sees: the guardrail information of every call."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, list]] = []

    async def async_log_success_event(self, kwargs, response_obj, start_time, end_time):
        self.seen.append(("success", (kwargs.get("standard_logging_object") or {}).get("guardrail_information") or []))

    async def async_log_failure_event(self, kwargs, response_obj, start_time, end_time):
        self.seen.append(("failure", (kwargs.get("standard_logging_object") or {}).get("guardrail_information") or []))


@pytest.fixture
def wired(tmp_path):
    made = []

    def make(mode: str):
        svc = OnlineService(EmbeddedStore(tmp_path / mode), mode=mode, refresh_interval_s=0,
                            policy=Policy(review_at=0.7, throttle_at=0.75, block_at=0.8)).open()
        guard = DistillguardGuardrail(service=svc, default_on=True)
        logger = DistillguardLogger(service=svc)
        mon = _Monitor()
        # LiteLLM copies litellm.callbacks into its own success/failure lists on first use:
        # start each test from none, as a fresh gateway process does
        litellm.logging_callback_manager._reset_all_callbacks()
        litellm.callbacks = [guard, logger, mon]
        made.append(svc)
        return svc, guard, logger, mon

    yield make
    litellm.logging_callback_manager._reset_all_callbacks()
    for svc in made:
        svc.close()


def _one_token_answer():
    """A mocked provider answer of one token (what a logit harvester asks for with max_tokens=1)."""
    return litellm.ModelResponse(model="gpt-4o-mini", choices=[{"index": 0, "finish_reason": "length",
                                                                 "message": {"role": "assistant", "content": "A"}}],
                                 usage={"prompt_tokens": 24, "completion_tokens": 1, "total_tokens": 25})


async def _call(i: int, account: str, harvest: bool):
    kw = dict(model="gpt-4o-mini", mock_response=_one_token_answer() if harvest else "Paris is the capital of France.",
              messages=[{"role": "user", "content": f"Rate the sentiment of review #{i}: the product arrived broken."
                         if harvest else f"What is the capital of country {i}?"}],
              metadata={"distillguard_account_id": account}, user=f"{account}-end-user", guardrails=["distillguard"])
    if harvest:
        kw.update(logprobs=True, top_logprobs=20, max_tokens=1, logit_bias={str(t): 5 for t in range(300)}, n=1)
    return await litellm.acompletion(**kw)


async def _settle(mon: _Monitor, calls: int) -> None:
    """LiteLLM runs its logging callbacks as background tasks: wait until every call is logged."""
    for _ in range(1200):
        if len(mon.seen) >= calls:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"LiteLLM logged {len(mon.seen)} of {calls} calls")


async def _campaign(n: int, mon: _Monitor):
    """An honest user's few calls, then an extraction of n calls; the outcome of each."""
    out = []
    for i in range(3):
        await _call(i, "acct_honest", harvest=False)
    for i in range(n):
        try:
            await _call(i, "acct_harvester", harvest=True)
            out.append("served")
        except GuardrailRaisedException as exc:
            out.append(f"refused:{exc.status_code}")
        await asyncio.sleep(0)
    await _settle(mon, n + 3)
    return out


def test_extraction_blocked_in_enforce_mode(wired):
    svc, guard, logger, mon = wired("enforce")
    outcomes = asyncio.run(_campaign(260, mon))
    assert outcomes[:50] == ["served"] * 50, "the first requests of a new account are not enough to judge"
    first_refused = next(i for i, o in enumerate(outcomes) if o != "served")
    assert all(o.startswith("refused") for o in outcomes[first_refused:]), outcomes[first_refused:]
    assert "refused:403" in outcomes
    # LiteLLM's guardrail monitoring shows the interventions
    statuses = [g["guardrail_status"] for kind, info in mon.seen if kind == "failure" for g in info]
    assert statuses and set(statuses) == {"guardrail_intervened"}
    # the honest account stays allowed and the logger sent every call (refused ones too)
    assert svc.account("acct_honest")["flagged"] is False
    row = svc.account("acct_harvester")
    assert row["flagged"] and row["events"] == 260
    assert logger.failed == 0


def test_extraction_recorded_not_blocked_in_observe_mode(wired):
    svc, guard, logger, mon = wired("observe")
    outcomes = asyncio.run(_campaign(260, mon))
    assert outcomes == ["served"] * 260
    statuses = [g["guardrail_status"] for kind, info in mon.seen for g in info]
    assert "guardrail_flagged" in statuses and "guardrail_intervened" not in statuses
    svc.flush_decisions()
    would = [d for d in svc.store.decisions() if d["account_id"] == "acct_harvester"]
    assert would and {d["decision"] for d in would} == {"allow"} and "block" in {d["would_decision"] for d in would}
    assert not any(d["account_id"] == "acct_honest" for d in svc.store.decisions())


def test_logger_sends_the_parameters_litellm_saw(wired, tmp_path):
    svc, guard, logger, mon = wired("observe")

    async def go():
        await litellm.acompletion(
            model="gpt-4o-mini", mock_response="ok", messages=[{"role": "system", "content": "You are terse."},
                                                               {"role": "user", "content": "Say ok."}],
            metadata={"distillguard_account_id": "acct_p"}, user="end-user-7", logprobs=True, top_logprobs=5,
            max_tokens=16, n=2, logit_bias={"50256": -100}, temperature=0, guardrails=["distillguard"])
        await litellm.acompletion(model="o3-mini", mock_response="ok", messages=[{"role": "user", "content": "Prove it."}],
                                  metadata={"distillguard_account_id": "acct_p"}, reasoning_effort="high", guardrails=["distillguard"])
        await _settle(mon, 2)

    asyncio.run(go())
    path = tmp_path / "j.jsonl"
    svc.store.export_journal(path)
    import orjson

    rows = [orjson.loads(x) for x in path.read_bytes().splitlines()]
    assert len(rows) == 2
    first, second = rows
    # end_user is a canonical field (shared/EVENTS.md); where the schema does not list it yet it
    # is kept as an attribute
    end_user = first.get("end_user", orjson.loads(first.get("attrs") or "{}").get("end_user"))
    assert first["account_id"] == "acct_p" and end_user == "end-user-7"
    assert (first["logprobs"], first["top_logprobs"], first["max_tokens"], first["n"], first["logit_bias_n"], first["temperature"]) == (True, 5, 16, 2, 1, 0.0)
    assert first["prompt"] == "Say ok." and first["system"] == "You are terse." and first["output_tokens"] > 0
    assert second["reasoning"] == "high" and second["status"] == 200


def test_event_from_proxy_request_uses_the_key_owner():
    from litellm.proxy._types import UserAPIKeyAuth

    key = UserAPIKeyAuth(api_key="hashed-key-1", user_id="user-42", team_id="team-9")
    ev = event_from_request({"model": "gpt-4o", "messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]}],
                             "user": "customer-5", "metadata": {"requester_ip_address": "203.0.113.9",
                                                                "headers": {"User-Agent": "openai-python/1.0"}}}, key)
    assert ev["account_id"] == "user-42" and ev["api_key_id"] == "hashed-key-1" and ev["end_user"] == "customer-5"
    assert ev["ip"] == "203.0.113.9" and ev["user_agent"] == "openai-python/1.0" and ev["prompt"] == "hi"


def test_guardrail_over_http_to_the_service(tmp_path):
    """The same guardrail against ``distillguard serve``'s HTTP API (the app run in-process)."""
    import httpx

    from distillguard.online import create_app

    svc = OnlineService(EmbeddedStore(tmp_path / "s"), mode="enforce", refresh_interval_s=0,
                        policy=Policy(review_at=0.7, throttle_at=0.75, block_at=0.8)).open()
    token = "http-test-token-0123456789"
    app = create_app(svc, tokens={"litellm": token})
    transport = httpx.ASGITransport(app=app)
    guard = DistillguardGuardrail(api_base="http://distillguard", api_key=token, transport=transport, default_on=True)
    logger = DistillguardLogger(api_base="http://distillguard", api_key=token, transport=transport)
    mon = _Monitor()
    litellm.logging_callback_manager._reset_all_callbacks()
    litellm.callbacks = [guard, logger, mon]
    try:
        outcomes = asyncio.run(_campaign(200, mon))
        assert outcomes[0] == "served" and outcomes[-1].startswith("refused"), outcomes[-5:]
        assert svc.account("acct_harvester")["flagged"] and logger.failed == 0
        bad = DistillguardGuardrail(api_base="http://distillguard", api_key="wrong-token-0123456789", transport=transport,
                                    default_on=True, fail_open=False)
        litellm.logging_callback_manager._reset_all_callbacks()
        litellm.callbacks = [bad]
        with pytest.raises(GuardrailRaisedException) as e:
            asyncio.run(_call(0, "acct_x", harvest=False))
        assert e.value.status_code == 503  # distillguard refused the token: fail closed as configured
    finally:
        litellm.logging_callback_manager._reset_all_callbacks()
        svc.close()
