"""The requests the mock received, for tests to inspect, with every credential masked."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote

from starlette.types import Scope

__all__ = ["MASK", "RequestRecord", "raw_path_of", "record_of"]

MASK = "<redacted>"
# A launch's session token is a secret; its request id may be the accession number (PHI).
_MASKED_QUERY_PARAMETERS = frozenset({"sessiontoken", "requestid"})


@dataclass
class RequestRecord:
    """One request as the mock received it.

    Attributes:
        method: the HTTP method.
        path: the path relative to the API base URL, still percent-encoded as sent
            (``/requests/ACC%201%2F2/images/info``); requests outside the API keep their
            full path.
        query: the query parameters (the last value of repeated ones); ``sessionToken`` and
            ``requestId`` values are masked.
        headers: the request headers with lower-case names; the credential in
            ``Authorization`` is masked, its scheme kept (``Bearer <redacted>``).
        operation_id: the spec's ``operationId`` of the addressed operation, ``None`` for
            paths the API does not have.
        status: the status the mock answered, ``None`` until it answered.
    """

    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    operation_id: str | None = None
    status: int | None = None


def record_of(scope: Scope, base_path: str) -> RequestRecord:
    """A new record for the request in ``scope`` (an ASGI HTTP scope)."""
    raw_path = raw_path_of(scope)
    if base_path and (raw_path == base_path or raw_path.startswith(base_path + "/")):
        raw_path = raw_path[len(base_path) :]
    query = {
        name: MASK if name.lower() in _MASKED_QUERY_PARAMETERS else value
        for name, value in parse_qsl(scope.get("query_string", b"").decode("latin-1"), True)
    }
    headers: dict[str, str] = {}
    for raw_name, raw_value in scope.get("headers", []):
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        if name in ("authorization", "proxy-authorization"):
            scheme = value.split(" ", 1)[0] if value.strip() else ""
            value = f"{scheme} {MASK}" if scheme else MASK
        headers[name] = value
    return RequestRecord(method=scope["method"], path=raw_path, query=query, headers=headers)


def raw_path_of(scope: Scope) -> str:
    """The request path as sent (percent-encoded), without the query string."""
    raw = scope.get("raw_path")
    if raw:
        return bytes(raw).split(b"?", 1)[0].decode("latin-1")
    return quote(scope["path"])
