"""``distillguard consume redis://HOST:PORT[/DB]/STREAM``: ingest events shipped through a Redis Stream.

Each stream entry holds one canonical event as JSON in one field (``event`` by default).  The
consumer reads with a consumer group (``XREADGROUP``), hands each batch to
:meth:`OnlineService.ingest`, and acknowledges (``XACK``) the entries only after the service has
stored them.  Delivery is therefore at least once: an entry read but not acknowledged when the
consumer dies is delivered again, to this consumer on restart (its pending entries come first) or
to another one (``XAUTOCLAIM`` after ``claim_idle_ms``), and ingestion is idempotent by
``request_id``, so nothing is lost and nothing counted twice.  An entry that is not a valid event
is acknowledged and copied, with the reason, to ``STREAM:rejects``.
"""

from __future__ import annotations

import os
import socket
import time
from typing import Any
from urllib.parse import urlparse

import orjson

from distillguard.errors import DistillguardError

__all__ = ["StreamConsumer", "parse_stream_url"]


def parse_stream_url(url: str) -> tuple[str, str]:
    """``redis://HOST:PORT[/DB]/STREAM`` → (Redis URL, stream name)."""
    u = urlparse(url)
    if u.scheme not in ("redis", "rediss"):
        raise DistillguardError(f"consume reads redis://HOST:PORT[/DB]/STREAM, got {url!r}")
    parts = [p for p in u.path.split("/") if p]
    if len(parts) == 1:
        db, stream = "0", parts[0]
    elif len(parts) == 2 and parts[0].isdigit():
        db, stream = parts
    else:
        raise DistillguardError(f"consume reads redis://HOST:PORT[/DB]/STREAM, got {url!r}")
    netloc = u.netloc
    return f"{u.scheme}://{netloc}/{db}", stream


class StreamConsumer:
    """Reads one stream in a consumer group and feeds the service."""

    def __init__(self, client: Any, stream: str, service: Any, *, group: str = "distillguard", consumer: str | None = None,
                 field: str = "event", batch: int = 500, claim_idle_ms: int = 60_000) -> None:
        self.r = client
        self.stream = stream
        self.service = service
        self.group = group
        self.consumer = consumer or f"{socket.gethostname()}-{os.getpid()}"
        self.field = field.encode()
        self.batch = batch
        self.claim_idle_ms = claim_idle_ms
        self.stats = {"entries": 0, "accepted": 0, "duplicate": 0, "rejected": 0}
        import redis

        try:
            self.r.xgroup_create(stream, group, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    @classmethod
    def from_url(cls, url: str, service: Any, **kw: Any) -> StreamConsumer:
        import redis

        rurl, stream = parse_stream_url(url)
        client = redis.Redis.from_url(rurl, socket_timeout=30, socket_connect_timeout=5)
        try:
            client.ping()
        except redis.RedisError as exc:
            raise DistillguardError(f"cannot reach Redis for {stream!r}: {exc}") from exc
        return cls(client, stream, service, **kw)

    def _handle(self, entries: list[tuple[bytes, dict[bytes, bytes]]]) -> int:
        if not entries:
            return 0
        records: list[Any] = []
        record_ids: list[bytes] = []
        bad: list[tuple[bytes, str]] = []
        for eid, fields in entries:
            raw = fields.get(self.field)
            if raw is None:
                bad.append((eid, f"entry has no {self.field.decode()!r} field"))
                continue
            try:
                records.append(orjson.loads(raw))
                record_ids.append(eid)
            except orjson.JSONDecodeError as exc:
                bad.append((eid, f"not valid JSON: {exc}"))
        self.stats["rejected"] += len(bad)
        ids = [eid for eid, _ in entries]
        if records:
            res = self.service.ingest(records, source=f"redis:{self.stream}")
            self.stats["accepted"] += res.accepted
            self.stats["duplicate"] += res.duplicate
            self.stats["rejected"] += res.rejected
            for r in res.rejects:  # ``index`` is the record's 1-based position in this batch
                eid = record_ids[r["index"] - 1] if r.get("index") else b"?"
                bad.append((eid, f"{r['field'] or 'row'}: {r['reason']}"))
        pipe = self.r.pipeline(transaction=False)
        for eid, reason in bad:
            pipe.xadd(self.stream + ":rejects", {"id": eid, "reason": reason}, maxlen=100_000, approximate=True)
        pipe.xack(self.stream, self.group, *ids)  # only now: the service has stored the batch
        pipe.execute()
        self.stats["entries"] += len(entries)
        return len(entries)

    def run(self, *, max_entries: int | None = None, idle_exit_s: float | None = None) -> dict[str, int]:
        """Consume until ``max_entries`` entries were handled or ``idle_exit_s`` passed without any."""
        # this consumer's own pending entries first (read before a crash, never acknowledged)
        while True:
            res = self.r.xreadgroup(self.group, self.consumer, {self.stream: "0"}, count=self.batch)
            entries = res[0][1] if res else []
            if not entries:
                break
            self._handle(entries)
        idle_since = time.monotonic()
        last_claim = 0.0
        while max_entries is None or self.stats["entries"] < max_entries:
            if time.monotonic() - last_claim > self.claim_idle_ms / 1000.0:
                last_claim = time.monotonic()
                claimed = self.r.xautoclaim(self.stream, self.group, self.consumer, min_idle_time=self.claim_idle_ms, count=self.batch)
                if claimed and claimed[1]:
                    self._handle([e for e in claimed[1] if e and e[1] is not None])
            want = self.batch if max_entries is None else min(self.batch, max_entries - self.stats["entries"])
            res = self.r.xreadgroup(self.group, self.consumer, {self.stream: ">"}, count=want, block=500)
            n = self._handle(res[0][1] if res else [])
            if n:
                idle_since = time.monotonic()
            elif idle_exit_s is not None and time.monotonic() - idle_since >= idle_exit_s:
                break
        return self.stats
