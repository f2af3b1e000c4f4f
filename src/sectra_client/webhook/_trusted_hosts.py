"""Which hosts the app calls back to.

Webhooks are not signed: anyone who reaches the app can POST an invocation whose
``callbackInfo.url`` points anywhere, and the app would send its requests there. So the
toolkit checks the callback host before any handler runs, and refuses the invocation (403)
when it is not trusted:

- ``TrustedHosts()`` (the default) trusts the host the invocation came from: every address
  the callback URL's host resolves to must be the address the request came from. Loopback
  addresses (``127.0.0.0/8``, ``::1``) all count as this machine.
- ``TrustedHosts(["pacs.hospital.org", "10.1.2.3"])`` trusts exactly these hosts, wherever the
  invocation came from. Host names compare case-insensitively (without a trailing dot), IP
  addresses by value; ports are not compared. Configure this when the app runs behind a
  reverse proxy or load balancer (the request then comes from the proxy), or when Sectra's
  host name resolves to more addresses than the one it sends from.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable

import httpx

from sectra_client.errors import CallbackRefused

__all__ = ["CallbackRefused", "TrustedHosts"]

_Address = ipaddress.IPv4Address | ipaddress.IPv6Address


class TrustedHosts:
    """The policy deciding which ``callbackInfo.url`` hosts are called back (see the module).

    Args:
        hosts: the trusted host names and IP addresses; None trusts the host each invocation
            came from.

    Raises:
        ValueError: an entry is a URL, carries a port, or is empty.
    """

    def __init__(self, hosts: Iterable[str] | None = None) -> None:
        self._hosts = None if hosts is None else frozenset(_entry(host) for host in hosts)

    def __repr__(self) -> str:
        shown = "the invoking host" if self._hosts is None else sorted(self._hosts)
        return f"TrustedHosts({shown!r})"

    @property
    def hosts(self) -> frozenset[str] | None:
        """The configured hosts, normalised; None when the invoking host is trusted."""
        return self._hosts

    async def check(self, callback_url: str, client_address: str | None) -> None:
        """Refuse ``callback_url`` unless its host is trusted.

        Args:
            callback_url: the invocation's ``callbackInfo.url``.
            client_address: the address the invocation came from (``request.client.host``).

        Raises:
            ValueError: ``callback_url`` is not a URL with a host.
            CallbackRefused: the host is not trusted.
        """
        host = _normal_host(_url_host(callback_url))
        if self._hosts is not None:
            if host in self._hosts:
                return
            trusted = ", ".join(sorted(self._hosts)) or "none"
            raise CallbackRefused(
                f"callbackInfo.url points at {host!r}, which is not a trusted host "
                f"(trusted: {trusted}); no callback was made"
            )
        sender = _address(client_address)
        if sender is None:
            raise CallbackRefused(
                "the address the invocation came from is unknown, so its callback host cannot "
                "be checked; configure trusted_hosts; no callback was made"
            )
        addresses = await _resolve(host)
        if not all(_same_machine(address, sender) for address in addresses):
            raise CallbackRefused(
                f"callbackInfo.url points at {host!r}, not at the host the invocation came "
                f"from ({sender}); no callback was made. To call back to other hosts, "
                "configure trusted_hosts"
            )


def _entry(host: str) -> str:
    text = host.strip()
    if not text or "/" in text:
        raise ValueError(f"a trusted host is a host name or IP address, got {host!r}")
    normal = _normal_host(text)
    if _address(normal) is None and ":" in normal:
        raise ValueError(f"a trusted host has no port: {host!r}")
    return normal


def _url_host(url: str) -> str:
    try:
        host = httpx.URL(url).host
    except httpx.InvalidURL:
        host = ""
    if not host:
        raise ValueError("callbackInfo.url: not a URL with a host")
    return host


def _normal_host(host: str) -> str:
    name = host.strip("[]").rstrip(".").lower()
    address = _address(name)
    return name if address is None else str(address)


def _address(text: str | None) -> _Address | None:
    if not text:
        return None
    try:
        address = ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


async def _resolve(host: str) -> set[_Address]:
    literal = _address(host)
    if literal is not None:
        return {literal}
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        raise CallbackRefused(
            f"callbackInfo.url host {host!r} does not resolve; no callback was made"
        ) from None
    addresses = {_address(str(info[4][0]).split("%", 1)[0]) for info in infos}
    found = {address for address in addresses if address is not None}
    if not found:
        raise CallbackRefused(f"callbackInfo.url host {host!r} does not resolve to an address")
    return found


def _same_machine(address: _Address, sender: _Address) -> bool:
    return address == sender or (address.is_loopback and sender.is_loopback)
