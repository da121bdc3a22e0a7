"""The Spark engine's store: Parquet tables under one directory, on any file system Spark writes.

Layout, and why a run killed at any moment (``kill -9``) loses and double-counts nothing::

    events/  accounts/  event_features/     appended to, one batch per run; idempotent (a row
        b-000004/                           whose request_id is stored is a duplicate; a
            part-*.parquet                  featured event is skipped)
            _COMMITTED                      written last: the batch exists from then on
    gen-000007/                             one profile stage's output, visible only once
        event_flags/                        its new events' flags (a *part*)
        profile_buckets/  account_profiles/  account_values/  account_wrappers/
        account_sketches/  account_mth/
        state.json                          feature-code fingerprint, evidence_requests, the
                                            flag parts making up event_flags
        _COMMITTED                          written last: the generation exists from then on
    table-account_risk/v-000003/_COMMITTED  tables the scan writes whole (findings, checkpoint)

Every write goes to a directory of its own that no reader looks at until its ``_COMMITTED``
marker (one small file) exists; nothing is ever written into a directory readers already use.
So whatever a killed Spark job leaves (some part files, or a committed task's output under
``_temporary/`` that Hadoop's ``FileOutputCommitter`` would merge into the *next* job writing
the same directory: the double count this layout exists to prevent) lies in an uncommitted
batch, generation or version: readers never see it, and the next write of that table deletes it.
No step relies on renaming a directory (object stores have no atomic rename); only the marker's
appearance commits.

The current generation is the highest one with ``_COMMITTED``; ``event_flags`` is the union of
the flag parts it lists (a rebuild lists its own part only; an increment adds its part to the
previous generation's).  An appended table is the union of its committed batches (and of the
Parquet files at its root, as stores written before batches keep them).

``DISTILLGUARD_TEST_KILL_AT=written:NAME`` (or ``committed:NAME``) makes a run ``SIGKILL`` itself
the instant a batch, generation (``profiles``) or version of ``NAME`` is written whole and its
marker is not yet (or is just) written: the kill tests' deterministic kill points.

Examples
--------
>>> _gen_name(7), _gen_number("gen-000007"), _gen_number("gen-x")
('gen-000007', 7, None)
>>> _number(_BATCH, "b-000012"), _number(_BATCH, "part-0.parquet")
(12, None)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from distillguard.errors import DistillguardError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["Store"]

MARKER = "_COMMITTED"
#: the tables of one profile stage
GEN_TABLES: tuple[str, ...] = (
    "event_flags", "profile_buckets", "account_profiles", "account_values", "account_wrappers", "account_sketches", "account_mth",
)
#: appended tables, at the store's root: each a set of committed batches
APPENDED: tuple[str, ...] = ("events", "accounts", "event_features")
#: names a test sets to kill a run at one of :func:`kill_point`'s points
KILL_ENV = "DISTILLGUARD_TEST_KILL_AT"

_GEN = re.compile(r"^gen-(\d{6,})$")
_VER = re.compile(r"^v-(\d{6,})$")
_BATCH = re.compile(r"^b-(\d{6,})$")


def _number(pattern: re.Pattern[str], name: str) -> int | None:
    m = pattern.match(name)
    return int(m.group(1)) if m else None


def kill_point(point: str) -> None:
    """``SIGKILL`` this process here when :data:`KILL_ENV` names ``point`` (tests only): its whole
    process group when it leads one (the driver, its JVM and Python workers die at one instant),
    else itself.  Says so on stdout first, so a test knows where the run died."""
    if os.environ.get(KILL_ENV) != point:
        return
    print(f"KILL {point}", flush=True)
    pid = os.getpid()
    if os.getpgid(0) == pid:
        os.killpg(pid, signal.SIGKILL)
    os.kill(pid, signal.SIGKILL)


def _gen_name(n: int) -> str:
    return f"gen-{n:06d}"


def _gen_number(name: str) -> int | None:
    return _number(_GEN, name)


def is_remote(path: str) -> bool:
    u = urlparse(path)
    return len(u.scheme) > 1 and u.scheme != "file"


class Store:
    """File operations and the layout above, for a local directory or any Hadoop file system URI."""

    def __init__(self, spark: SparkSession, root: str) -> None:
        self.spark = spark
        self.root = root.rstrip("/")
        self.remote = is_remote(root)
        #: committed batches of each appended table (this process is the store's only writer)
        self._batches: dict[str, list[str]] = {}

    # -- file system ------------------------------------------------------------------------------
    def path(self, rel: str) -> str:
        return f"{self.root}/{rel}" if rel else self.root

    def _fs(self, rel: str) -> tuple[Any, Any]:
        jvm = self.spark.sparkContext._jvm  # type: ignore[attr-defined]
        hp = jvm.org.apache.hadoop.fs.Path(self.path(rel))
        return hp.getFileSystem(self.spark.sparkContext._jsc.hadoopConfiguration()), hp  # type: ignore[attr-defined]

    def exists(self, rel: str) -> bool:
        if not self.remote:
            return Path(self.path(rel)).exists()
        fs, hp = self._fs(rel)
        return bool(fs.exists(hp))

    def listdir(self, rel: str = "") -> list[str]:
        if not self.remote:
            p = Path(self.path(rel))
            return sorted(c.name for c in p.iterdir()) if p.is_dir() else []
        fs, hp = self._fs(rel)
        if not fs.exists(hp):
            return []
        return sorted(str(s.getPath().getName()) for s in fs.listStatus(hp))

    def write_bytes(self, rel: str, data: bytes) -> None:
        """Write a small file whole (written aside, then renamed into place on a local disk)."""
        if not self.remote:
            p = Path(self.path(rel))
            p.parent.mkdir(parents=True, exist_ok=True)
            tmp = p.with_name(p.name + ".tmp")
            tmp.write_bytes(data)
            tmp.replace(p)
            return
        fs, hp = self._fs(rel)
        out = fs.create(hp, True)
        try:
            out.write(bytearray(data))
        finally:
            out.close()

    def read_bytes(self, rel: str) -> bytes:
        if not self.remote:
            return Path(self.path(rel)).read_bytes()
        fs, hp = self._fs(rel)
        stream = fs.open(hp)
        try:
            size = int(fs.getFileStatus(hp).getLen())
            buf = self.spark.sparkContext._gateway.new_array(self.spark.sparkContext._jvm.byte, size)  # type: ignore[attr-defined]
            stream.readFully(0, buf)
            return bytes(buf)
        finally:
            stream.close()

    def delete(self, rel: str) -> None:
        self._batches.clear()
        if not self.remote:
            p = Path(self.path(rel))
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            elif p.exists():
                p.unlink()
            return
        fs, hp = self._fs(rel)
        if fs.exists(hp):
            fs.delete(hp, True)

    def clear(self) -> None:
        """Remove the whole store (a fresh scan starts clean)."""
        if not self.remote and Path(self.root).exists() and not Path(self.root).is_dir():
            raise DistillguardError(f"the Spark store {self.root} is a file, not a directory")
        self.delete("")
        if not self.remote:
            Path(self.root).mkdir(parents=True, exist_ok=True)

    # -- generations of the profile stage ---------------------------------------------------------
    def generations(self) -> list[int]:
        return sorted(n for n in (_gen_number(x) for x in self.listdir()) if n is not None)

    def current(self) -> int | None:
        """The newest committed generation."""
        done = [n for n in self.generations() if self.exists(f"{_gen_name(n)}/{MARKER}")]
        return done[-1] if done else None

    def state(self, gen: int | None = None) -> dict[str, Any]:
        gen = self.current() if gen is None else gen
        if gen is None:
            return {}
        return dict(json.loads(self.read_bytes(f"{_gen_name(gen)}/state.json")))

    def next_generation(self) -> int:
        gens = self.generations()
        n = (gens[-1] + 1) if gens else 1
        self.delete(_gen_name(n))
        return n

    def gen_table(self, gen: int, name: str) -> str:
        return self.path(f"{_gen_name(gen)}/{name}")

    def flag_parts(self, gen: int | None = None) -> list[str]:
        """The paths whose union is ``event_flags`` in generation ``gen`` (default: the current one)."""
        state = self.state(gen)
        return [self.gen_table(int(p), "event_flags") for p in state.get("flag_parts", [])]

    def commit(self, gen: int, state: dict[str, Any]) -> None:
        """Make generation ``gen`` current (its tables are written), then drop what nothing refers to."""
        self.write_bytes(f"{_gen_name(gen)}/state.json", json.dumps(state, sort_keys=True).encode())
        self._mark(_gen_name(gen), "profiles")
        keep_flags = {int(p) for p in state.get("flag_parts", [])}
        for n in self.generations():
            if n == gen:
                continue
            if n in keep_flags:
                for t in GEN_TABLES[1:]:
                    self.delete(f"{_gen_name(n)}/{t}")
            else:
                self.delete(_gen_name(n))

    def drop_generations(self) -> None:
        for n in self.generations():
            self.delete(_gen_name(n))

    # -- tables written whole (findings, the checkpoint) ------------------------------------------
    def versions(self, name: str) -> list[int]:
        vs = [int(m.group(1)) for m in (_VER.match(x) for x in self.listdir(f"table-{name}")) if m]
        return sorted(v for v in vs if self.exists(f"table-{name}/v-{v:06d}/{MARKER}"))

    def table(self, name: str) -> str | None:
        """The committed version of ``name``, or ``None``."""
        vs = self.versions(name)
        return self.path(f"table-{name}/v-{vs[-1]:06d}") if vs else None

    def new_version(self, name: str) -> tuple[str, int]:
        all_vs = [int(m.group(1)) for m in (_VER.match(x) for x in self.listdir(f"table-{name}")) if m]
        v = (max(all_vs) + 1) if all_vs else 1
        self.delete(f"table-{name}/v-{v:06d}")
        return self.path(f"table-{name}/v-{v:06d}"), v

    def commit_version(self, name: str, v: int) -> None:
        self._mark(f"table-{name}/v-{v:06d}", name)
        for x in self.listdir(f"table-{name}"):
            m = _VER.match(x)
            if m and int(m.group(1)) != v:
                self.delete(f"table-{name}/{x}")

    # -- appended tables: one batch per write -----------------------------------------------------
    def batches(self, name: str) -> list[str]:
        """The paths whose union is the appended table ``name``: its committed batches, and the
        Parquet files at its root (a store written before batches); empty: no such table."""
        if name not in self._batches:
            entries = self.listdir(name)
            legacy = [self.path(f"{name}/{x}") for x in entries if x.endswith(".parquet") and not x.startswith(("_", "."))]
            done = [x for x in entries if _number(_BATCH, x) is not None and self.exists(f"{name}/{x}/{MARKER}")]
            self._batches[name] = legacy + [self.path(f"{name}/{x}") for x in done]
        return list(self._batches[name])

    def new_batch(self, name: str) -> tuple[str, int]:
        """Where the next batch of ``name`` is written, once a killed run's uncommitted batches
        (and a pre-batch store's ``_temporary/``) are deleted: nothing of theirs can ever be merged in."""
        committed = {p.rsplit("/", 1)[-1] for p in self.batches(name)}
        entries = self.listdir(name)
        for x in entries:
            if x == "_temporary" or (_number(_BATCH, x) is not None and x not in committed):
                self.delete(f"{name}/{x}")
        n = max((b for b in (_number(_BATCH, x) for x in entries) if b is not None), default=0) + 1  # never reused
        return self.path(f"{name}/b-{n:06d}"), n

    def commit_batch(self, name: str, n: int) -> None:
        """Make batch ``n`` of ``name`` part of the table (its Parquet files are written)."""
        self._mark(f"{name}/b-{n:06d}", name)
        self._batches.pop(name, None)

    def _mark(self, rel: str, name: str) -> None:
        """Commit the written directory ``rel`` by its marker, between ``name``'s two kill points."""
        kill_point(f"written:{name}")
        self.write_bytes(f"{rel}/{MARKER}", b"")
        kill_point(f"committed:{name}")
