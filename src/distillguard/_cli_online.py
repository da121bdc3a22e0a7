"""CLI commands for the online area: ``serve`` and ``consume``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("serve")(serve)
    app.command("consume")(consume)


def _service(state: str, accounts: list[Path] | None, mode: str, config: Path | None, set_: list[str] | None,
             review_at: float | None, throttle_at: float, block_at: float, campaign_verdict: str, refresh_interval: float,
             max_batch: int):  # type: ignore[no-untyped-def]
    from distillguard.config import Config
    from distillguard.online import OnlineService, Policy, open_store
    from distillguard.online._metrics import Metrics

    cfg = Config.load(config, set_ or [])
    thr = float(cfg.get("scoring.alert_threshold"))
    policy = Policy(review_at=thr if review_at is None else review_at, throttle_at=throttle_at, block_at=block_at,
                    campaign_verdict=campaign_verdict)
    try:
        policy.validate()
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    store = open_store(state)
    svc = OnlineService(store, config=cfg, policy=policy, mode=mode, accounts_paths=accounts or [],
                        refresh_interval_s=refresh_interval, max_batch=max_batch)
    svc.metrics = Metrics(_cached(store.state_bytes, 30.0))
    return svc


def _cached(fn, seconds: float):  # type: ignore[no-untyped-def]
    import time

    memo: list = [None, -1e18]

    def call():  # type: ignore[no-untyped-def]
        now = time.monotonic()
        if now - memo[1] >= seconds:
            memo[0], memo[1] = fn(), now
        return memo[0]

    return call


ModeOpt = Annotated[str, typer.Option("--mode", help="observe (record would-be verdicts, block nothing) or enforce")]
StateOpt = Annotated[str, typer.Option("--state", help="state directory (embedded, default) or redis://HOST:PORT/DB (shared by replicas)")]


def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8787,
    state: StateOpt = "distillguard-state",
    accounts: Annotated[Optional[list[Path]], typer.Option("--accounts", help="accounts file(s) with sign-up data")] = None,
    mode: ModeOpt = "observe",
    tokens: Annotated[Optional[Path], typer.Option("--tokens", help="TOML file with a [tokens] table of name = \"token\"")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", "-c", help="distillguard.toml (detector settings)")] = None,
    set_: Annotated[Optional[list[str]], typer.Option("--set", help="override a setting: KEY=VALUE")] = None,
    review_at: Annotated[Optional[float], typer.Option(help="risk from which the verdict is review (default: scoring.alert_threshold)")] = None,
    throttle_at: Annotated[float, typer.Option(help="risk from which the verdict is throttle")] = 0.85,
    block_at: Annotated[float, typer.Option(help="risk from which the verdict is block")] = 0.95,
    campaign_verdict: Annotated[str, typer.Option(help="least verdict for members of a flagged campaign")] = "block",
    refresh_interval: Annotated[float, typer.Option(help="seconds between refreshes of population and campaigns (0: only POST /v1/refresh)")] = 300.0,
    max_batch: Annotated[int, typer.Option(help="most events per POST /v1/events")] = 10_000,
    max_body_mb: Annotated[float, typer.Option(help="largest request body (MiB)")] = 8.0,
    log_level: Annotated[str, typer.Option(help="debug, info, warning")] = "info",
) -> None:
    """Run the online decision service (FastAPI + uvicorn): /v1/check, /v1/events, /v1/refresh, ..."""
    import logging

    from rich.console import Console

    from distillguard.errors import DistillguardError

    err = Console(stderr=True)
    if mode not in ("observe", "enforce"):
        raise typer.BadParameter("--mode must be observe or enforce")
    try:
        import uvicorn

        from distillguard.online import Limits, create_app, load_tokens

        toks = load_tokens(tokens)
        if not toks:
            raise DistillguardError("no API token configured: set DISTILLGUARD_TOKEN (or DISTILLGUARD_TOKENS, or --tokens FILE)")
        svc = _service(state, accounts, mode, config, set_, review_at, throttle_at, block_at, campaign_verdict, refresh_interval, max_batch)
        svc.open()
    except ImportError as exc:
        err.print(f"[bold red]error:[/bold red] distillguard serve needs the serve extra: pip install 'distillguard[serve]' ({exc.name})")
        raise typer.Exit(2) from None
    except DistillguardError as exc:
        from rich.markup import escape

        err.print(f"[bold red]error:[/bold red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = create_app(svc, tokens=toks, limits=Limits(max_body_bytes=int(max_body_mb * 1024 * 1024), max_batch=max_batch),
                     manage_lifecycle=True)
    err.print(f"distillguard serve: {mode} mode, state {svc.store.kind}, {len(toks)} token(s), http://{host}:{port}")
    # uvicorn's own access log would print request paths (account ids: attacker text) raw
    uvicorn.run(app, host=host, port=port, access_log=False, log_level=log_level.lower())


def consume(
    source: Annotated[str, typer.Argument(help="redis://HOST:PORT[/DB]/STREAM: the Redis Stream of canonical events to read")],
    state: StateOpt = "distillguard-state",
    group: Annotated[str, typer.Option(help="consumer group")] = "distillguard",
    consumer: Annotated[Optional[str], typer.Option(help="consumer name (default: host and pid)")] = None,
    field: Annotated[str, typer.Option(help="stream entry field holding the event JSON")] = "event",
    batch: Annotated[int, typer.Option(help="entries read per call")] = 500,
    max_entries: Annotated[Optional[int], typer.Option(help="stop after this many entries (default: run until interrupted)")] = None,
    idle_exit: Annotated[Optional[float], typer.Option(help="stop after this many seconds without new entries")] = None,
    accounts: Annotated[Optional[list[Path]], typer.Option("--accounts", help="accounts file(s) with sign-up data")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", "-c", help="distillguard.toml (detector settings)")] = None,
    set_: Annotated[Optional[list[str]], typer.Option("--set", help="override a setting: KEY=VALUE")] = None,
    refresh_interval: Annotated[float, typer.Option(help="seconds between refreshes (0: never)")] = 300.0,
) -> None:
    """Ingest canonical events from a Redis Stream (consumer group, acknowledged after they are stored)."""
    from rich.console import Console

    from distillguard.errors import DistillguardError
    from distillguard.online._consume import StreamConsumer

    err = Console(stderr=True)
    try:
        svc = _service(state, accounts, "observe", config, set_, None, 0.85, 0.95, "block", refresh_interval, max(batch, 1))
        svc.open()
        c = StreamConsumer.from_url(source, svc, group=group, consumer=consumer, field=field, batch=batch)
    except DistillguardError as exc:
        from rich.markup import escape

        err.print(f"[bold red]error:[/bold red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    svc.start_background()
    try:
        stats = c.run(max_entries=max_entries, idle_exit_s=idle_exit)
    except KeyboardInterrupt:
        stats = c.stats
    finally:
        svc.close()
    err.print(f"consumed {stats['entries']} entries: {stats['accepted']} accepted, {stats['duplicate']} duplicate, {stats['rejected']} rejected")
