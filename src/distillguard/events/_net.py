"""Network prefixes of client addresses: the key two requests share when they come from one network.

:func:`ip_prefixes` maps each address of an Arrow string array to its network:

* IPv4 → its /24, written ``a.b.c`` (``203.0.113.9`` → ``203.0.113``);
* IPv6 → its /48, written as the network in canonical compressed form with its length
  (``2001:DB8:0:1::5`` → ``2001:db8::/48``), so every spelling of one network gives one key;
* IPv4-mapped IPv6 (``::ffff:203.0.113.9``, also ``::ffff:cb00:7109``) → the /24 of the IPv4
  address it maps, exactly as if the IPv4 address had been logged;
* null, empty or blank → null;
* anything else (a pseudonym, a host name, ``01.2.3.4`` with a leading zero, which
  :mod:`ipaddress` refuses) → the value itself, trimmed: a pseudonymised log can still link
  requests with the same pseudonym, though not by network.  Pass ``keep_unparsable=False`` to get
  null instead.

Surrounding whitespace is ignored; a zone index (``fe80::1%eth0``) is dropped.  The results agree
with the standard library's :mod:`ipaddress` (a property test holds them to it): dotted-quad IPv4
is cut by one vectorised regular expression that accepts exactly what ``ipaddress.IPv4Address``
accepts, and every other distinct value goes through :mod:`ipaddress` once per batch (logs repeat
their addresses heavily).

Examples
--------
>>> import pyarrow as pa
>>> ip_prefixes(pa.array(["203.0.113.9", "2001:db8:0:1::5", "::ffff:203.0.113.77", None, "anon-17"])).to_pylist()
['203.0.113', '2001:db8::/48', '203.0.113', None, 'anon-17']
>>> ip_prefix("2001:0db8:abcd:0012:0000:0000:0000:0001")
'2001:db8:abcd::/48'
"""

from __future__ import annotations

import ipaddress

import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["IPV6_PREFIX_LEN", "ip_prefix", "ip_prefixes"]

#: the IPv6 network length that stands for one site (RIRs assign /48s to end sites)
IPV6_PREFIX_LEN = 48

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])"
#: exactly the strings ``ipaddress.IPv4Address`` accepts (no leading zeros, each octet ≤ 255)
_IPV4 = rf"^{_OCTET}\.{_OCTET}\.{_OCTET}\.{_OCTET}$"
_MASK6 = ((1 << IPV6_PREFIX_LEN) - 1) << (128 - IPV6_PREFIX_LEN)


def ip_prefix(value: str | None, *, keep_unparsable: bool = True) -> str | None:
    """The network key of one address (see the module docs); the scalar form of :func:`ip_prefixes`."""
    if value is None:
        return None
    s = value.strip()
    if not s:
        return None
    try:
        addr = ipaddress.ip_address(s)
    except ValueError:
        return s if keep_unparsable else None
    if isinstance(addr, ipaddress.IPv6Address):
        mapped = addr.ipv4_mapped
        if mapped is None:
            net = ipaddress.IPv6Address(int(addr) & _MASK6)
            return f"{net.compressed}/{IPV6_PREFIX_LEN}"
        addr = mapped
    return str(addr).rsplit(".", 1)[0]


def ip_prefixes(arr: pa.Array | pa.ChunkedArray, *, keep_unparsable: bool = True) -> pa.Array | pa.ChunkedArray:
    """The network key of every address in ``arr`` (strings; see the module docs), as ``string``.

    A ``ChunkedArray`` gives a ``ChunkedArray`` of the same chunking.
    """
    if isinstance(arr, pa.ChunkedArray):
        return pa.chunked_array([ip_prefixes(c, keep_unparsable=keep_unparsable) for c in arr.chunks], pa.string())
    if pa.types.is_dictionary(arr.type):
        arr = arr.cast(arr.type.value_type)
    if not pa.types.is_string(arr.type):
        arr = arr.cast(pa.string())
    if len(arr) == 0:
        return pa.array([], pa.string())
    s = pc.utf8_trim_whitespace(arr)
    is_v4 = pc.fill_null(pc.match_substring_regex(s, _IPV4), False)
    v4 = pc.replace_substring_regex(s, r"\.[0-9]+$", "")
    if is_v4.true_count == len(arr) - s.null_count:
        return pc.if_else(is_v4, v4, pa.nulls(len(arr), pa.string()))
    # everything else: each distinct value once through ipaddress
    others = pc.if_else(is_v4, pa.nulls(len(arr), pa.string()), s)
    distinct = pc.unique(others.drop_null())
    keys = pa.array([ip_prefix(v, keep_unparsable=keep_unparsable) for v in distinct.to_pylist()], pa.string())
    rest = pc.take(keys, pc.index_in(others, value_set=distinct))
    return pc.if_else(is_v4, v4, rest)
