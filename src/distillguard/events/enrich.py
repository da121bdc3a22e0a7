"""Fill ``asn``, ``as_org`` and ``country`` from an offline IP database the user supplies.

Logs often carry the client address but not its network's owner.  With a database on disk (never
downloaded here), :class:`IpEnricher` looks every address up once per batch and fills the three
fields **where the log left them empty**; a value the log has is never replaced.

Two database formats:

* **ip2asn TSV** (``ip2asn-v4.tsv``, ``ip2asn-v6.tsv``, ``ip2asn-combined.tsv``, gzip allowed):
  ``range_start  range_end  AS_number  country_code  AS_description``, tab-separated; AS 0 ("Not
  routed") and country ``None`` mean unknown.  Bad lines are skipped and counted.
* **MaxMind DB** (``.mmdb``: GeoLite2-ASN, GeoLite2-Country/City, or a combined one) read with the
  ``maxminddb`` package: ``autonomous_system_number``, ``autonomous_system_organization``,
  ``country.iso_code`` (else ``registered_country.iso_code``).

Several databases may be given; for each field the first that knows it wins (an ASN database and
a country database together).  IPv4-mapped IPv6 addresses are looked up as their IPv4 address.

Examples
--------
>>> import pathlib, tempfile, pyarrow as pa
>>> tsv = pathlib.Path(tempfile.mkdtemp()) / "ip2asn-v4.tsv"
>>> _ = tsv.write_text("203.0.113.0\\t203.0.113.255\\t64500\\tNL\\tEXAMPLE-CLOUD\\n")
>>> enrich = IpEnricher([open_ip_database(tsv)])
>>> b = pa.RecordBatch.from_pydict({"ip": ["203.0.113.9", "::ffff:203.0.113.10", "198.51.100.1"],
...                                 "asn": pa.array([None, 7, None], pa.int64()),
...                                 "as_org": pa.array([None, None, None], pa.string()),
...                                 "country": pa.array([None, None, "DE"], pa.string())})
>>> out = enrich(b)
>>> out.column("asn").to_pylist(), out.column("as_org").to_pylist(), out.column("country").to_pylist()
([64500, 7, None], ['EXAMPLE-CLOUD', 'EXAMPLE-CLOUD', None], ['NL', 'NL', 'DE'])
"""

from __future__ import annotations

import bisect
import gzip
import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.compute as pc

from distillguard.errors import DistillguardError, Location

__all__ = ["IpDatabase", "IpEnricher", "Ip2AsnTsv", "MaxMindDb", "open_ip_database"]

#: what a lookup gives: (asn, as_org, country); any may be None
Found = tuple[int | None, str | None, str | None]
_NOTHING: Found = (None, None, None)


class IpDatabase(Protocol):
    """Anything that maps an address to (asn, as_org, country)."""

    path: str

    def lookup(self, addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> Found:
        """What the database knows of ``addr`` (``(None, None, None)`` if nothing)."""
        ...


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        a = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(a, ipaddress.IPv6Address) and a.ipv4_mapped is not None:
        return a.ipv4_mapped
    return a


@dataclass
class _Ranges:
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    values: list[Found] = field(default_factory=list)

    def find(self, n: int) -> Found:
        i = bisect.bisect_right(self.starts, n) - 1
        if i >= 0 and n <= self.ends[i]:
            return self.values[i]
        return _NOTHING


class Ip2AsnTsv:
    """An ip2asn TSV file, held in memory as sorted ranges (IPv4 and IPv6 apart)."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.skipped = 0
        self._v4 = _Ranges()
        self._v6 = _Ranges()
        rows: dict[int, list[tuple[int, int, Found]]] = {4: [], 6: []}
        p = Path(path)
        try:
            fh = gzip.open(p, "rt", encoding="utf-8", errors="replace") if _is_gzip(p) else p.open(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise DistillguardError(f"cannot open the IP database: {exc.strerror or exc}", source=Location(self.path)) from exc
        with fh:
            try:
                for line in fh:
                    if not line.strip() or line.startswith("#"):
                        continue
                    parsed = _tsv_row(line)
                    if parsed is None:
                        self.skipped += 1
                        continue
                    version, lo, hi, found = parsed
                    rows[version].append((lo, hi, found))
            except (OSError, EOFError) as exc:
                raise DistillguardError(f"cannot read the IP database: {exc}", source=Location(self.path)) from exc
        if not rows[4] and not rows[6]:
            raise DistillguardError("no ip2asn ranges in this file (expected range_start, range_end, AS_number, country_code, "
                                    "AS_description, tab-separated)", source=Location(self.path))
        for version, target in ((4, self._v4), (6, self._v6)):
            for lo, hi, found in sorted(rows[version], key=lambda r: r[0]):
                target.starts.append(lo)
                target.ends.append(hi)
                target.values.append(found)

    def lookup(self, addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> Found:
        return (self._v4 if addr.version == 4 else self._v6).find(int(addr))


def _tsv_row(line: str) -> tuple[int, int, int, Found] | None:
    parts = line.rstrip("\r\n").split("\t")
    if len(parts) < 3:
        return None
    try:
        lo, hi = ipaddress.ip_address(parts[0].strip()), ipaddress.ip_address(parts[1].strip())
        asn = int(parts[2].strip())
    except ValueError:
        return None
    if lo.version != hi.version or int(hi) < int(lo) or asn < 0:
        return None
    country = parts[3].strip() if len(parts) > 3 else ""
    org = parts[4].strip() if len(parts) > 4 else ""
    routed = asn != 0
    return lo.version, int(lo), int(hi), (
        asn if routed else None,
        org if routed and org and org != "Not routed" else None,
        country if len(country) == 2 and country.isascii() and country.isalpha() and country != "ZZ" else None,
    )


def _is_gzip(p: Path) -> bool:
    try:
        with p.open("rb") as fh:
            return fh.read(2) == b"\x1f\x8b"
    except OSError:
        return False


class MaxMindDb:
    """A MaxMind DB file (``.mmdb``), read with the ``maxminddb`` package."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            import maxminddb
        except ImportError as exc:  # pragma: no cover - the package is a dependency
            raise DistillguardError("reading .mmdb files needs the maxminddb package (pip install maxminddb)", source=Location(self.path)) from exc
        try:
            self._reader = maxminddb.open_database(self.path)
        except (OSError, ValueError, maxminddb.InvalidDatabaseError) as exc:
            raise DistillguardError(f"not a readable MaxMind database: {exc}", source=Location(self.path)) from exc

    def lookup(self, addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> Found:
        try:
            rec = self._reader.get(addr)
        except (ValueError, TypeError):  # an IPv6 address in an IPv4-only database
            return _NOTHING
        if not isinstance(rec, dict):
            return _NOTHING
        asn = rec.get("autonomous_system_number")
        org = rec.get("autonomous_system_organization")
        country = _iso(rec.get("country")) or _iso(rec.get("registered_country"))
        return (
            int(asn) if isinstance(asn, int) and not isinstance(asn, bool) and asn > 0 else None,
            org if isinstance(org, str) and org else None,
            country,
        )

    def close(self) -> None:
        self._reader.close()


def _iso(v: Any) -> str | None:
    if isinstance(v, dict):
        code = v.get("iso_code")
        return code if isinstance(code, str) and code else None
    return None


def open_ip_database(path: str | Path) -> IpDatabase:
    """The database at ``path``: ``.mmdb`` → :class:`MaxMindDb`, anything else → :class:`Ip2AsnTsv`.

    Raises
    ------
    DistillguardError
        A missing or unreadable file, or one with no usable ranges.
    """
    p = Path(path)
    if not p.is_file():
        raise DistillguardError("no such IP database file", source=Location(str(p)))
    if p.name.lower().endswith(".mmdb"):
        return MaxMindDb(p)
    return Ip2AsnTsv(p)


class IpEnricher:
    """Fills empty ``asn``/``as_org``/``country`` of an events batch from IP databases.

    Call it on a ``pa.RecordBatch`` (or table) with an ``ip`` column; columns it fills that the
    batch lacks are left alone.  Each distinct address is looked up once per call.  ``looked_up``
    and ``filled`` count addresses looked up and values written, over all calls.
    """

    FIELDS: tuple[str, ...] = ("asn", "as_org", "country")

    def __init__(self, databases: Sequence[IpDatabase]) -> None:
        self.databases = list(databases)
        self.looked_up = 0
        self.filled = 0

    def _lookup(self, value: str) -> Found:
        addr = _address(value)
        if addr is None:
            return _NOTHING
        asn = org = country = None
        for db in self.databases:
            a, o, c = db.lookup(addr)
            asn = asn if asn is not None else a
            org = org if org is not None else o
            country = country if country is not None else c
            if asn is not None and org is not None and country is not None:
                break
        return asn, org, country

    def __call__(self, batch: Any) -> Any:
        names = batch.schema.names
        if "ip" not in names or not self.databases:
            return batch
        targets = [f for f in self.FIELDS if f in names]
        if not targets:
            return batch
        need = None
        for f in targets:
            miss = batch.column(f).is_null()
            need = miss if need is None else pc.or_(need, miss)
        ip = batch.column("ip")
        wanted = pc.filter(ip, pc.and_(need, ip.is_valid()))
        if len(wanted) == 0:
            return batch
        distinct = pc.unique(wanted)
        found = [self._lookup(v) for v in distinct.to_pylist()]
        self.looked_up += len(found)
        idx = pc.index_in(ip, value_set=distinct)
        out = batch
        for pos, f in enumerate(self.FIELDS):
            if f not in targets:
                continue
            col = batch.column(f)
            vals = pa.array([x[pos] for x in found], col.type)
            filled = pc.coalesce(col, pc.take(vals, idx))
            self.filled += (len(filled) - filled.null_count) - (len(col) - col.null_count)
            out = out.set_column(names.index(f), f, filled)
        return out
