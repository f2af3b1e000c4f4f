"""Which callback hosts the webhook toolkit trusts: by default the host the invocation came
from (loopback counts as loopback), otherwise exactly the configured hosts."""

from __future__ import annotations

import pytest

from sectra_client.webhook import CallbackRefused, TrustedHosts


@pytest.mark.parametrize(
    ("callback_url", "sender"),
    [
        ("http://127.0.0.1:8001/api", "127.0.0.1"),
        ("http://localhost:8001/api", "127.0.0.1"),
        ("http://127.0.0.2/api", "::1"),
        ("https://192.0.2.10/api", "192.0.2.10"),
        ("https://192.0.2.10/api", "::ffff:192.0.2.10"),
        ("https://[2001:db8::7]/api", "2001:db8:0::7"),
    ],
)
async def test_callback_to_the_invoking_host_is_trusted_by_default(
    callback_url: str, sender: str
) -> None:
    await TrustedHosts().check(callback_url, sender)


@pytest.mark.parametrize(
    ("callback_url", "sender"),
    [
        ("https://192.0.2.10/api", "127.0.0.1"),
        ("https://192.0.2.10/api", "192.0.2.11"),
        ("http://127.0.0.1:6379/", "192.0.2.10"),
        ("http://localhost/api", "192.0.2.10"),
    ],
    ids=["remote from loopback", "neighbour", "local service from remote", "localhost from remote"],
)
async def test_callback_to_another_host_is_refused_by_default(
    callback_url: str, sender: str
) -> None:
    with pytest.raises(CallbackRefused, match="not at the host the invocation came from"):
        await TrustedHosts().check(callback_url, sender)


async def test_callback_host_that_does_not_resolve_is_refused() -> None:
    with pytest.raises(CallbackRefused, match="does not resolve"):
        await TrustedHosts().check("https://no-such-host.invalid/api", "127.0.0.1")


async def test_unknown_sender_address_is_refused_by_default() -> None:
    with pytest.raises(CallbackRefused, match="configure trusted_hosts"):
        await TrustedHosts().check("http://127.0.0.1/api", None)


@pytest.mark.parametrize(
    "callback_url",
    [
        "https://pacs.hospital.example/api",
        "https://PACS.Hospital.Example./api",
        "https://[::1]:8443/",
    ],
)
async def test_configured_hosts_are_trusted_from_any_sender(callback_url: str) -> None:
    trusted = TrustedHosts(["pacs.hospital.example", "0:0:0:0:0:0:0:1"])

    await trusted.check(callback_url, "198.51.100.4")


async def test_host_outside_the_configured_hosts_is_refused_even_from_itself() -> None:
    trusted = TrustedHosts(["pacs.hospital.example"])

    with pytest.raises(CallbackRefused, match=r"'evil\.example', which is not a trusted host"):
        await trusted.check("https://evil.example/api", "127.0.0.1")


@pytest.mark.parametrize("entry", ["https://pacs.hospital.example", "pacs:443", " "])
def test_trusted_host_entry_must_be_a_bare_host(entry: str) -> None:
    with pytest.raises(ValueError, match="trusted host"):
        TrustedHosts([entry])


async def test_callback_url_without_a_host_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"callbackInfo\.url: not a URL with a host"):
        await TrustedHosts().check("/relative/path", "127.0.0.1")
