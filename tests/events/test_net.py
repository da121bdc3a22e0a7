"""Network prefixes: the vectorised cut agrees with the standard library's ipaddress (issue 12)."""

from __future__ import annotations

import ipaddress

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from distillguard.events._net import ip_prefixes


def _reference(value: str | None) -> str | None:
    """The network of ``value`` by ipaddress alone, written independently of the module."""
    if value is None or not value.strip():
        return None
    s = value.strip()
    try:
        addr = ipaddress.ip_address(s)
    except ValueError:
        return s
    if addr.version == 6 and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    if addr.version == 4:
        net4 = ipaddress.ip_network(f"{addr}/24", strict=False)
        return ".".join(str(net4.network_address).split(".")[:3])
    net6 = ipaddress.ip_network(f"{str(addr).split('%')[0]}/48", strict=False)
    return str(net6)


def test_ipv4_and_ipv6_networks() -> None:
    got = ip_prefixes(pa.array([
        "203.0.113.9", "203.0.113.250", " 198.51.100.1 ",
        "2001:db8:abcd:12::1", "2001:DB8:ABCD:0012:ffff::9", "2001:0db8:abcd:0013::1",
        "fe80::1%eth0",
    ])).to_pylist()
    assert got == [
        "203.0.113", "203.0.113", "198.51.100",
        "2001:db8:abcd::/48", "2001:db8:abcd::/48", "2001:db8:abcd::/48",
        "fe80::/48",
    ]


def test_ipv4_mapped_addresses_are_their_ipv4_network() -> None:
    # the old regular expression cut every one of these to "::ffff" and tied unrelated clients
    got = ip_prefixes(pa.array(["::ffff:203.0.113.9", "::FFFF:198.51.100.7", "::ffff:c633:6407", "203.0.113.1"])).to_pylist()
    assert got == ["203.0.113", "198.51.100", "198.51.100", "203.0.113"]


def test_nulls_blanks_and_unparsable_values() -> None:
    arr = pa.array([None, "", "   ", "anon-7f3a", "01.2.3.4", "256.1.1.1", "1.2.3"])
    assert ip_prefixes(arr).to_pylist() == [None, None, None, "anon-7f3a", "01.2.3.4", "256.1.1.1", "1.2.3"]
    assert ip_prefixes(arr, keep_unparsable=False).to_pylist() == [None] * 7


def test_chunked_dictionary_and_empty_inputs() -> None:
    chunked = pa.chunked_array([["10.0.0.1", None], ["2001:db8::1"]])
    out = ip_prefixes(chunked)
    assert isinstance(out, pa.ChunkedArray) and out.num_chunks == 2
    assert out.to_pylist() == ["10.0.0", None, "2001:db8::/48"]
    assert ip_prefixes(pa.array(["10.0.0.1", "10.0.0.1"]).dictionary_encode()).to_pylist() == ["10.0.0", "10.0.0"]
    assert ip_prefixes(pa.array([], pa.string())).to_pylist() == []
    assert ip_prefixes(pa.array([None, None], pa.string())).to_pylist() == [None, None]


_v4 = st.ip_addresses(v=4).map(str)
_v6 = st.ip_addresses(v=6).map(lambda a: st.sampled_from([a.compressed, a.exploded, a.exploded.upper()])).flatmap(lambda s: s)
_mapped = st.ip_addresses(v=4).map(lambda a: f"::ffff:{a}")
_mapped_hex = st.ip_addresses(v=4).map(lambda a: str(ipaddress.IPv6Address(int(a) | (0xFFFF << 32))))
_noise = st.text(alphabet="0123456789abcdefABCDEF.:% \t٣x-", max_size=20)
_padded = st.tuples(st.sampled_from(["", " ", "\t"]), _v4 | _v6, st.sampled_from(["", " ", "\n"])).map("".join)
_values = st.one_of(st.none(), _v4, _v6, _mapped, _mapped_hex, _noise, _padded)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(_values, max_size=60))
def test_agrees_with_ipaddress(values: list[str | None]) -> None:
    assert ip_prefixes(pa.array(values, pa.string())).to_pylist() == [_reference(v) for v in values]


@pytest.mark.parametrize("addr", ["1.2.3.4", "::ffff:1.2.3.4", "2001:db8:1:2::3"])
def test_every_spelling_of_one_network_is_one_key(addr: str) -> None:
    a = ipaddress.ip_address(addr)
    spellings = [str(a), a.exploded, a.exploded.upper()]
    assert len(set(ip_prefixes(pa.array(spellings)).to_pylist())) == 1
