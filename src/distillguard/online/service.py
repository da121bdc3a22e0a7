"""``distillguard serve``: the HTTP decision service (FastAPI).

Endpoints (every one but ``/healthz`` needs ``Authorization: Bearer <token>``):

=========================  ===============================================================
``POST /v1/check``         one canonical event as known before the model runs → ``decision``
                           (``allow | review | throttle | block``), ``would_decision``, ``risk``,
                           ``reasons``, ``campaign``, ``mode``
``POST /v1/events``        completed events, JSON Lines (``application/x-ndjson``) or a JSON
                           array; idempotent by ``request_id``; answers accepted / duplicate /
                           rejected counts with the reasons
``POST /v1/refresh``       re-scan the journal now: population statistics, graph, campaigns
``GET /v1/accounts/{id}``  the account's row exactly as in ``accounts.jsonl``
``GET /v1/campaigns``      the campaigns of the last refresh, as in ``campaigns.jsonl``
``GET /metrics``           Prometheus metrics
``GET /openapi.json``      this API as OpenAPI 3
``GET /healthz``           liveness (no authentication)
=========================  ===============================================================

Tokens: ``DISTILLGUARD_TOKEN`` (one token, named ``default``), ``DISTILLGUARD_TOKENS``
(``name=token,name=token``), or a TOML file with a ``[tokens]`` table (``--tokens FILE``), one
named token per gateway.  Every presented token is compared with every configured one in
constant time (``hmac.compare_digest``).  The service refuses to start without a token.
"""

import hmac
import logging
import os
import time
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson

from distillguard.errors import DistillguardError

__all__ = ["Limits", "create_app", "load_tokens", "wait_until_healthy"]

log = logging.getLogger("distillguard.online")


def wait_until_healthy(base_url: str, *, timeout_s: float = 60.0, proc: Any = None) -> bool:
    """Poll ``GET /healthz`` until it answers 200 (``False`` after ``timeout_s`` or when ``proc``,
    a ``subprocess.Popen`` of the server, has exited): for scripts that start ``distillguard serve``."""
    import httpx

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            if httpx.get(base_url.rstrip("/") + "/healthz", timeout=1).status_code == 200:
                return True
        except httpx.HTTPError:
            time.sleep(0.1)
    return False


def load_tokens(path: str | Path | None = None, env: Mapping[str, str] | None = None) -> dict[str, str]:
    """Named bearer tokens from the environment and an optional TOML file (``[tokens]``)."""
    env = os.environ if env is None else env
    tokens: dict[str, str] = {}
    if env.get("DISTILLGUARD_TOKEN"):
        tokens["default"] = env["DISTILLGUARD_TOKEN"]
    for item in (env.get("DISTILLGUARD_TOKENS") or "").split(","):
        item = item.strip()
        if not item:
            continue
        name, sep, tok = item.partition("=")
        if not sep or not name.strip() or not tok.strip():
            raise DistillguardError("DISTILLGUARD_TOKENS must be name=token[,name=token…]")
        tokens[name.strip()] = tok.strip()
    if path is not None:
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise DistillguardError(f"tokens file not found: {p}") from None
        except tomllib.TOMLDecodeError as exc:
            raise DistillguardError(f"tokens file {p} is not valid TOML: {exc}") from None
        table = data.get("tokens")
        if not isinstance(table, Mapping):
            raise DistillguardError(f"tokens file {p} needs a [tokens] table of name = \"token\"")
        for name, tok in table.items():
            if not isinstance(tok, str) or len(tok) < 16:
                raise DistillguardError(f"token {name!r} in {p} must be a string of at least 16 characters")
            tokens[str(name)] = tok
    for name, tok in tokens.items():
        if len(tok) < 16:
            raise DistillguardError(f"token {name!r} is shorter than 16 characters")
    return tokens


class Limits:
    """Request size limits (bytes of body, events per batch)."""

    def __init__(self, max_body_bytes: int = 8 * 1024 * 1024, max_batch: int = 10_000, max_check_bytes: int = 1024 * 1024) -> None:
        self.max_body_bytes = max_body_bytes
        self.max_batch = max_batch
        self.max_check_bytes = max_check_bytes


def _json(obj: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> Any:
    from fastapi.responses import Response

    return Response(orjson.dumps(obj, option=orjson.OPT_SERIALIZE_NUMPY), status_code=status, media_type="application/json",
                    headers=dict(headers) if headers else None)


def _error(status: int, message: str, **extra: Any) -> Any:
    return _json({"error": message, **extra}, status)


def create_app(service: Any, *, tokens: Mapping[str, str], limits: Limits | None = None, manage_lifecycle: bool = False) -> Any:
    """The FastAPI app over an opened :class:`~distillguard.online._core.OnlineService`."""
    from contextlib import asynccontextmanager

    from fastapi import Depends, FastAPI, Request
    from fastapi.concurrency import run_in_threadpool
    from fastapi.responses import Response
    from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

    from distillguard.online import _schemas as S

    if not tokens:
        raise DistillguardError("no API token configured: set DISTILLGUARD_TOKEN (or DISTILLGUARD_TOKENS, or --tokens FILE)")
    limits = limits or Limits(max_batch=service.max_batch)
    token_items = [(name, tok.encode()) for name, tok in tokens.items()]
    bearer = HTTPBearer(auto_error=False, description="a token named in DISTILLGUARD_TOKEN(S) or the --tokens file")

    @asynccontextmanager
    async def lifespan(app: Any):  # type: ignore[no-untyped-def]
        if manage_lifecycle:
            service.start_background()
        try:
            yield
        finally:
            if manage_lifecycle:
                await run_in_threadpool(service.close)

    app = FastAPI(
        title="distillguard online",
        version="1",
        description="Per-request extraction decisions with the batch scan's features and verdicts.",
        openapi_url=None, docs_url=None, redoc_url=None,
        lifespan=lifespan,
    )

    # async (no I/O): FastAPI runs a plain ``def`` dependency or endpoint in its thread pool, a
    # thread hop on every request
    async def caller(creds: HTTPAuthorizationCredentials | None = Depends(bearer)) -> str:
        from fastapi import HTTPException

        if creds is None or creds.scheme.lower() != "bearer":
            raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
        given = creds.credentials.encode()
        found = None
        for name, tok in token_items:  # no early exit: every token is compared
            if hmac.compare_digest(given, tok):
                found = name
        if found is None:
            raise HTTPException(401, "invalid token", headers={"WWW-Authenticate": "Bearer"})
        return found

    from fastapi import HTTPException
    from fastapi.exceptions import RequestValidationError

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException) -> Any:
        return _json({"error": exc.detail}, exc.status_code, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Any:
        return _error(422, "invalid request", details=[{"loc": list(map(str, e.get("loc", ()))), "msg": e.get("msg")} for e in exc.errors()])

    app.add_middleware(_LimitsAndLog, limits=limits)

    batcher = _CheckBatcher(service)

    async def read_body(request: Request, cap: int) -> bytes:
        chunks = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > cap:
                raise HTTPException(413, f"request body is larger than the limit of {cap} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    @app.get("/healthz", response_model=S.Health, tags=["service"])
    async def healthz() -> Any:
        """Liveness; the one endpoint without authentication."""
        return _json({"status": "ok", "mode": service.mode, "state": service.store.kind})

    @app.post("/v1/check", response_model=S.CheckResponse, tags=["decisions"],
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": S.CheckEvent.model_json_schema()}}}},
              responses={400: {"model": S.Error}, 401: {"model": S.Error}, 413: {"model": S.Error}, 422: {"model": S.Error}})
    async def check(request: Request, who: str = Depends(caller)) -> Any:
        """Decide one request before the model runs (the account's state is not changed)."""
        body = await read_body(request, limits.max_check_bytes)
        try:
            obj = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            return _error(400, f"body is not valid JSON: {exc}")
        if not isinstance(obj, dict):
            return _error(400, f"body must be one JSON object (a canonical event), got {type(obj).__name__}")
        res = await batcher.submit(obj)
        if isinstance(res, ValueError):
            return _error(422, str(res))
        return _json(res.to_dict())

    @app.post("/v1/events", response_model=S.EventsResponse, tags=["events"],
              openapi_extra={"requestBody": {"required": True, "content": {
                  "application/x-ndjson": {"schema": {"type": "string", "description": "one canonical event (JSON object) per line"}},
                  "application/json": {"schema": {"type": "array", "items": S.Event.model_json_schema()}},
              }}},
              responses={400: {"model": S.Error}, 401: {"model": S.Error}, 413: {"model": S.Error}, 415: {"model": S.Error},
                         422: {"model": S.EventsResponse}})
    async def events(request: Request, who: str = Depends(caller)) -> Any:
        """Completed requests in a batch; idempotent by ``request_id``."""
        ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        body = await read_body(request, limits.max_body_bytes)
        records: list[Any] = []
        bad: list[dict[str, Any]] = []
        if ctype in ("application/x-ndjson", "application/jsonl", "application/jsonlines", "application/ndjson"):
            lines = [ln for ln in body.split(b"\n")]
            for i, ln in enumerate(lines, start=1):
                if not ln.strip():
                    continue
                try:
                    records.append(orjson.loads(ln))
                except orjson.JSONDecodeError as exc:
                    records.append(_BadLine(f"line {i} is not valid JSON: {exc}"))
        elif ctype == "application/json":
            try:
                obj = orjson.loads(body)
            except orjson.JSONDecodeError as exc:
                return _error(400, f"body is not valid JSON: {exc}")
            if isinstance(obj, dict) and isinstance(obj.get("events"), list):
                obj = obj["events"]
            if not isinstance(obj, list):
                return _error(400, "a JSON body must be an array of canonical events (or {\"events\": [...]})")
            records = obj
        else:
            return _error(415, "send application/x-ndjson (one event per line) or application/json (an array of events)")
        if not records:
            return _error(400, "the body holds no events")
        if len(records) > limits.max_batch:
            return _error(413, f"batch of {len(records)} events is larger than the limit of {limits.max_batch}")
        records = [r.as_reject() if isinstance(r, _BadLine) else r for r in records]
        res = await run_in_threadpool(service.ingest, records, "request")
        out = res.to_dict()
        if res.accepted == 0 and res.duplicate == 0:
            return _json({"error": "no usable event in the body", **out}, 422)
        return _json(out)

    @app.post("/v1/refresh", response_model=S.RefreshResponse, tags=["service"], responses={401: {"model": S.Error}})
    async def refresh(who: str = Depends(caller)) -> Any:
        """Recompute population statistics and campaigns from the journal now."""
        return _json(await run_in_threadpool(service.refresh))

    @app.get("/v1/accounts/{account_id}", response_model=S.AccountRow, tags=["findings"],
             responses={401: {"model": S.Error}, 404: {"model": S.Error}})
    async def account(account_id: str, who: str = Depends(caller)) -> Any:
        """The account's row exactly as in ``accounts.jsonl``."""
        row = await run_in_threadpool(service.account, account_id)
        if row is None:
            return _error(404, "no events seen for this account")
        return _json(row)

    @app.get("/v1/campaigns", response_model=list[S.CampaignRow], tags=["findings"], responses={401: {"model": S.Error}})
    async def campaigns(who: str = Depends(caller)) -> Any:
        """Campaigns of the last refresh, as in ``campaigns.jsonl``."""
        return _json(service.campaigns())

    @app.get("/metrics", tags=["service"], response_class=Response, responses={401: {"model": S.Error}})
    async def metrics(who: str = Depends(caller)) -> Any:
        """Prometheus metrics."""
        if service.metrics is None:
            return _error(404, "metrics are off")
        body, ctype = await run_in_threadpool(service.metrics.render)
        return Response(body, media_type=ctype)

    @app.get("/openapi.json", tags=["service"], responses={401: {"model": S.Error}})
    async def openapi(who: str = Depends(caller)) -> Any:
        """This API as an OpenAPI 3 document."""
        return _json(app.openapi())

    return app


class _LimitsAndLog:
    """Refuses a body whose ``Content-Length`` is over the limit before anything reads it, and
    logs each request's route, status and time at info level.  A plain ASGI middleware: FastAPI's
    ``@app.middleware("http")`` wraps every request and response in extra tasks and streams,
    which cost more than a decision."""

    def __init__(self, app: Any, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        cap = self.limits.max_check_bytes if scope["path"] == "/v1/check" else self.limits.max_body_bytes
        for k, v in scope["headers"]:
            if k == b"content-length":
                try:
                    n = int(v)
                except ValueError:
                    await _send_json(send, 400, {"error": "invalid Content-Length"})
                    return
                if n > cap:
                    await _send_json(send, 413, {"error": f"request body of {n} bytes is larger than the limit of {cap} bytes"})
                    return
                break
        if not log.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        status = [0]

        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        await self.app(scope, receive, sending)
        route = scope.get("route")
        log.info("%s %s %d %.1fms", scope["method"], getattr(route, "path", "?"), status[0], (time.perf_counter() - t0) * 1000)


async def _send_json(send: Any, status: int, obj: Any) -> None:
    body = orjson.dumps(obj)
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class _CheckBatcher:
    """Decides concurrent ``/v1/check`` requests together: while one batch is being decided, the
    requests that arrive wait and form the next batch (no added wait when the service is idle).
    Per-batch costs (the text-feature call, scoring) are then shared by the batch."""

    def __init__(self, service: Any, max_batch: int = 64) -> None:
        self.service = service
        self.max_batch = max_batch
        self.pending: list[tuple[dict[str, Any], Any]] = []
        self.running = False

    async def submit(self, obj: dict[str, Any]) -> Any:
        import asyncio

        fut = asyncio.get_running_loop().create_future()
        self.pending.append((obj, fut))
        if not self.running:
            self.running = True
            asyncio.get_running_loop().create_task(self._work())
        return await fut

    async def _work(self) -> None:
        from fastapi.concurrency import run_in_threadpool

        try:
            while self.pending:
                items, self.pending = self.pending[: self.max_batch], self.pending[self.max_batch:]
                try:
                    # in a worker thread: the loop goes on reading requests, which form the next batch
                    # (deciding on the loop itself measured no faster: BENCHMARKS.md)
                    results = await run_in_threadpool(self.service.check_many, [o for o, _ in items])
                except Exception as exc:  # answer every waiting request, never leave one hanging
                    for _, fut in items:
                        if not fut.done():
                            fut.set_exception(exc)
                    continue
                for (_, fut), res in zip(items, results):
                    if not fut.done():
                        fut.set_result(res)
        finally:
            self.running = False


class _BadLine:
    """A JSON Lines line that did not parse (kept in place so line numbers stay right)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def as_reject(self) -> Any:
        from distillguard.events.readers import BadRecord

        return BadRecord(self.reason)
