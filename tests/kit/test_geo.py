"""IP region rules: province in mainland China, HK/MO/TW as regions, country elsewhere, unknown
for private addresses, and X-Forwarded-For only from trusted proxies."""

from __future__ import annotations

import ipaddress

import pytest
from django.test import override_settings

from vermilion.kit.errors import ApiError
from vermilion.kit.geo import client_address, region_for_address
from vermilion.kit.regions import region_name


def ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    return ipaddress.ip_address(text)


@pytest.mark.parametrize(
    ("address", "region"),
    [
        ("202.96.128.86", "CN-GD"),  # Guangzhou Telecom DNS
        ("202.96.209.133", "CN-SH"),  # Shanghai Telecom DNS
        ("8.8.8.8", "US"),
        ("2001:4860:4860::8888", "US"),  # IPv6 goes by country
        ("81.2.69.142", "GB"),
        ("10.1.2.3", ""),
        ("127.0.0.1", ""),
        ("192.168.1.1", ""),
        ("::1", ""),
        ("fe80::1", ""),
    ],
)
def test_region_for_address(address, region):
    assert region_for_address(ip(address), policy="province") == region


def test_hong_kong_and_taiwan_are_regions_of_their_own():
    hk = region_for_address(ip("202.67.240.222"), policy="province")
    assert hk in {"HK", "CN-HK"}
    assert region_name(hk, "zh-hans") == "香港"
    assert region_name(hk, "en") == "Hong Kong"


def test_policies():
    guangdong = ip("202.96.128.86")
    assert region_for_address(guangdong, policy="country") == "CN"
    assert region_for_address(guangdong, policy="off") == ""
    assert region_for_address(None, policy="province") == ""


def test_region_names_follow_the_reader_language():
    assert region_name("CN-GD", "zh-hans") == "广东"
    assert region_name("CN-GD", "en") == "Guangdong"
    assert region_name("US", "zh-hans") == "美国"
    assert region_name("US", "en") == "United States"


def test_forwarded_for_only_from_trusted_proxies():
    trusted = ("10.0.0.0/8",)
    # An untrusted peer's header is ignored: its own address counts.
    assert client_address("8.8.8.8", "202.96.128.86", trusted) == ip("8.8.8.8")
    # From a trusted proxy, the right-most untrusted hop is the client.
    assert client_address("10.0.0.5", "1.2.3.4, 202.96.128.86, 10.0.0.7", trusted) == ip("202.96.128.86")
    assert client_address("10.0.0.5", None, trusted) == ip("10.0.0.5")
    with pytest.raises(ApiError) as caught:
        client_address("10.0.0.5", "not-an-ip", trusted)
    assert caught.value.status == 400


@pytest.mark.django_db
def test_forged_header_does_not_change_signup_region(anon):
    response = anon.post("/api/v1/auth/signup", {"username": "forger", "password": "a-long-secret-1"},
                         headers={"X-Forwarded-For": "202.96.128.86"})
    assert response.status_code == 201
    assert response.json()["user"]["ip_region"] in ("Unknown", "未知")


@pytest.mark.django_db
@override_settings(VERMILION_TRUSTED_PROXIES=["127.0.0.1"])
def test_trusted_proxy_header_sets_signup_region(anon):
    response = anon.post("/api/v1/auth/signup", {"username": "gz_user", "password": "a-long-secret-1"},
                         headers={"X-Forwarded-For": "202.96.128.86", "Accept-Language": "zh-CN"})
    assert response.status_code == 201
    assert response.json()["user"]["ip_region"] == "广东"
