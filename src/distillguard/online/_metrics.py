"""Prometheus metrics of the service (one registry per service, so tests can run several)."""

from __future__ import annotations

from typing import Any

__all__ = ["Metrics"]


class Metrics:
    """Decisions by verdict and mode, decision latency, events taken, state size, refreshes."""

    def __init__(self, state_size: Any = None) -> None:
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

        self.registry = CollectorRegistry()
        self._decisions = Counter(
            "distillguard_decisions", "decisions by the verdict the policy gave and the mode it ran in "
            "(mode=observe counts what enforcement would have done: would_block is verdict=block, mode=observe)",
            ["verdict", "mode"], registry=self.registry,
        )
        self._latency = Histogram(
            "distillguard_decision_seconds", "time to decide one request (in-process, without HTTP)",
            buckets=(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
            registry=self.registry,
        )
        self._events = Counter("distillguard_events", "events taken by /v1/events, by outcome", ["outcome"], registry=self.registry)
        self._refresh = Gauge("distillguard_last_refresh_seconds", "duration of the last refresh", registry=self.registry)
        self._refresh_events = Gauge("distillguard_last_refresh_events", "journal events the last refresh scanned", registry=self.registry)
        self._accounts = Gauge("distillguard_state_accounts", "accounts with state", registry=self.registry)
        self._bytes = Gauge("distillguard_state_bytes", "bytes of account state (sum of encoded states)", registry=self.registry)
        self._state_size = state_size
        for v in ("allow", "review", "throttle", "block"):
            for m in ("observe", "enforce"):
                self._decisions.labels(v, m)
        for o in ("accepted", "duplicate", "rejected"):
            self._events.labels(o)

    def decision(self, verdict: str, mode: str, seconds: float) -> None:
        self._decisions.labels(verdict, mode).inc()
        self._latency.observe(seconds)

    def events(self, accepted: int, duplicate: int, rejected: int) -> None:
        for o, n in (("accepted", accepted), ("duplicate", duplicate), ("rejected", rejected)):
            if n:
                self._events.labels(o).inc(n)

    def refreshed(self, info: dict[str, Any]) -> None:
        self._refresh.set(float(info.get("seconds", 0.0)))
        self._refresh_events.set(float(info.get("events", 0)))

    def render(self) -> tuple[bytes, str]:
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        if self._state_size is not None:
            n, b = self._state_size()
            self._accounts.set(n)
            self._bytes.set(b)
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
