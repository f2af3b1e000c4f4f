"""Base-URL safety rules and request-path helpers.

A base URL is the ``callbackInfo.url`` of an invocation, e.g.
``https://pacs.example/SectraPathologyServer/external/imageanalysis/v1``. The bearer token is
sent to it with every request, so:

- ``https://`` is always accepted;
- plain ``http://`` is accepted only for loopback hosts (``localhost``, ``127.0.0.0/8``,
  ``::1``), where the token never leaves the machine, unless the caller passes
  ``allow_insecure_http=True``;
- every other scheme is refused, and the scheme is never rewritten.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import quote

import httpx

from sectra_client.errors import InsecureURLError

__all__ = ["is_loopback_host", "join_url", "quote_path_segment", "validate_base_url"]


def validate_base_url(url: str, *, allow_insecure_http: bool = False) -> str:
    """Check ``url`` against the rules above and return it with exactly one trailing slash.

    Raises:
        InsecureURLError: plain ``http://`` to a host that is not loopback, and
            ``allow_insecure_http`` is false.
        ValueError: the URL is malformed, has another scheme, no host, credentials, a query or
            a fragment.
    """
    try:
        parsed = httpx.URL(url.strip())
    except httpx.InvalidURL as exc:
        raise ValueError(f"not a valid URL: {exc}") from None
    if parsed.scheme not in ("https", "http"):
        raise ValueError(
            f"the Sectra base URL must start with https:// (got scheme {parsed.scheme!r})"
        )
    if not parsed.host:
        raise ValueError("the Sectra base URL has no host")
    if parsed.userinfo:
        raise ValueError(
            "the Sectra base URL must not carry credentials (user:password@); pass a token"
        )
    if parsed.query or parsed.fragment:
        raise ValueError("the Sectra base URL must not have a query string or fragment")
    if parsed.scheme == "http" and not allow_insecure_http and not is_loopback_host(parsed.host):
        raise InsecureURLError(parsed.host)
    path = parsed.raw_path.decode("ascii").rstrip("/") + "/"
    return str(parsed.copy_with(raw_path=path.encode("ascii")))


def is_loopback_host(host: str) -> bool:
    """Whether ``host`` (as in a URL, IPv6 without brackets) always means this machine."""
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost":
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def quote_path_segment(value: str | int) -> str:
    """Percent-encode ``value`` as one path segment: ``"a/b c"`` becomes ``"a%2Fb%20c"``.

    The generated request builders (``build_request``) already do this for path parameters;
    use this only for paths built by hand. ``"."`` and ``".."`` are encoded too, so they stay
    data instead of moving up the path.
    """
    segment = quote(str(value), safe="")
    if segment in (".", ".."):
        return segment.replace(".", "%2E")
    return segment


def join_url(base_url: str, path: str) -> str:
    """Append the already-encoded request ``path`` to a base URL from :func:`validate_base_url`.

    Unlike RFC 3986 resolution, a leading ``/`` does not drop the base URL's own path:
    ``join_url("https://h/api/v1/", "/slides/x/info")`` is ``"https://h/api/v1/slides/x/info"``.
    """
    return base_url.rstrip("/") + "/" + path.lstrip("/")
