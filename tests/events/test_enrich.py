"""ASN / AS-org / country from an offline database the user supplies (issue 12, "networks done right")."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyarrow as pa
import pytest

from distillguard.errors import DistillguardError
from distillguard.events.enrich import Ip2AsnTsv, IpEnricher, MaxMindDb, open_ip_database

# the layout of ip2asn-combined.tsv: start, end, AS number, country, AS description
TSV = (
    "1.0.0.0\t1.0.0.255\t13335\tUS\tCLOUDFLARENET\n"
    "192.0.2.0\t192.0.2.255\t64496\tNL\tEXAMPLE-UNIVERSITY\n"
    "198.51.100.0\t198.51.100.127\t0\tNone\tNot routed\n"
    "203.0.113.0\t203.0.113.255\t64500\tDE\tEXAMPLE-CLOUD-EU\n"
    "2001:db8::\t2001:db8:ffff:ffff:ffff:ffff:ffff:ffff\t64501\tFR\tEXAMPLE-V6\n"
    "this line is broken\n"
)


def _batch(ips: list[str | None], asn: list[int | None] | None = None, country: list[str | None] | None = None) -> pa.RecordBatch:
    n = len(ips)
    return pa.RecordBatch.from_pydict({
        "ip": pa.array(ips, pa.string()),
        "asn": pa.array(asn or [None] * n, pa.int64()),
        "as_org": pa.array([None] * n, pa.string()),
        "country": pa.array(country or [None] * n, pa.string()),
    })


@pytest.fixture()
def tsv(tmp_path: Path) -> Path:
    p = tmp_path / "ip2asn-combined.tsv.gz"
    p.write_bytes(gzip.compress(TSV.encode()))
    return p


def test_ip2asn_tsv_fills_only_what_the_log_lacks(tsv: Path) -> None:
    db = open_ip_database(tsv)
    assert isinstance(db, Ip2AsnTsv) and db.skipped == 1
    enrich = IpEnricher([db])
    out = enrich(_batch(
        ["192.0.2.10", "203.0.113.7", "::ffff:203.0.113.8", "2001:db8:5::1", "198.51.100.3", "8.8.8.8", None, "anon-7"],
        asn=[None, 1234, None, None, None, None, None, None],
        country=[None, None, None, None, None, "US", None, None],
    ))
    assert out.column("asn").to_pylist() == [64496, 1234, 64500, 64501, None, None, None, None]
    assert out.column("as_org").to_pylist() == ["EXAMPLE-UNIVERSITY", "EXAMPLE-CLOUD-EU", "EXAMPLE-CLOUD-EU", "EXAMPLE-V6", None, None, None, None]
    assert out.column("country").to_pylist() == ["NL", "DE", "DE", "FR", None, "US", None, None]
    assert enrich.looked_up == 7  # each distinct address once (the None row is not looked up)


def test_maxmind_asn_and_country_databases_combine(tmp_path: Path) -> None:
    mmdb_writer = pytest.importorskip("mmdb_writer")
    from netaddr import IPSet

    asn_db = mmdb_writer.MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoLite2-ASN")
    asn_db.insert_network(IPSet(["203.0.113.0/24"]), {"autonomous_system_number": 64500, "autonomous_system_organization": "EXAMPLE-CLOUD-EU"})
    asn_db.insert_network(IPSet(["2001:db8::/32"]), {"autonomous_system_number": 64501, "autonomous_system_organization": "EXAMPLE-V6"})
    asn_db.to_db_file(str(tmp_path / "asn.mmdb"))
    cc_db = mmdb_writer.MMDBWriter(ip_version=4, database_type="GeoLite2-Country")
    cc_db.insert_network(IPSet(["203.0.113.0/25"]), {"country": {"iso_code": "DE"}})
    cc_db.insert_network(IPSet(["192.0.2.0/24"]), {"registered_country": {"iso_code": "NL"}})
    cc_db.to_db_file(str(tmp_path / "country.mmdb"))

    dbs = [open_ip_database(tmp_path / "asn.mmdb"), open_ip_database(tmp_path / "country.mmdb")]
    assert all(isinstance(d, MaxMindDb) for d in dbs)
    out = IpEnricher(dbs)(_batch(["203.0.113.9", "203.0.113.200", "2001:db8:1::1", "192.0.2.1", "10.0.0.1"]))
    assert out.column("asn").to_pylist() == [64500, 64500, 64501, None, None]
    assert out.column("as_org").to_pylist()[:3] == ["EXAMPLE-CLOUD-EU", "EXAMPLE-CLOUD-EU", "EXAMPLE-V6"]
    # the IPv6 address is not in the IPv4-only country database: no error, no country
    assert out.column("country").to_pylist() == ["DE", None, None, "NL", None]


def test_unusable_databases_are_located_errors(tmp_path: Path) -> None:
    with pytest.raises(DistillguardError, match="no such IP database"):
        open_ip_database(tmp_path / "missing.tsv")
    junk = tmp_path / "junk.tsv"
    junk.write_text("hello\nworld\n")
    with pytest.raises(DistillguardError, match="no ip2asn ranges") as exc:
        open_ip_database(junk)
    assert exc.value.source is not None and exc.value.source.path == str(junk)
    fake = tmp_path / "fake.mmdb"
    fake.write_bytes(b"\x00" * 64)
    with pytest.raises(DistillguardError, match="MaxMind"):
        open_ip_database(fake)


def test_a_batch_without_ip_or_fields_passes_through(tsv: Path) -> None:
    enrich = IpEnricher([open_ip_database(tsv)])
    b = pa.RecordBatch.from_pydict({"request_id": ["r1"]})
    assert enrich(b) is b
