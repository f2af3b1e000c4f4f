"""The operations of ``openapi/sectra.yaml`` and how a request path maps to one.

Paths are matched on the *raw* (still percent-encoded) request path, one segment at a time, so
an id like ``ACC 1/2`` sent as ``ACC%201%2F2`` stays one path parameter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import quote, unquote_to_bytes

from sectra_client.mock_server._config import parse_api_version

__all__ = ["OPERATIONS", "MethodNotAllowed", "Operation", "RouteMatch", "resolve"]

AuthKind = Literal["bearer", "basic", "session"]
_PARAMETER = re.compile(r"\{([A-Za-z]+)\}")


@dataclass(frozen=True)
class Operation:
    """One operation of the spec.

    Attributes:
        operation_id: its ``operationId``.
        method: the HTTP method, upper case.
        path: the path template relative to the base URL, e.g. ``/slides/{slideId}/info``.
        since: the IA-API version that introduced it (``x-sectra-since``).
        auth: how callers authenticate: a bearer token, HTTP Basic (``/token``) or the launch
            session token in the query (``/launchdata``).
    """

    operation_id: str
    method: str
    path: str
    since: str
    auth: AuthKind = "bearer"
    _pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts = _PARAMETER.split(self.path)
        regex = "".join(
            re.escape(part) if index % 2 == 0 else f"(?P<{part}>[^/]+)"
            for index, part in enumerate(parts)
        )
        object.__setattr__(self, "_pattern", re.compile(regex))

    @property
    def since_tuple(self) -> tuple[int, int]:
        """:attr:`since` as comparable numbers."""
        return parse_api_version(self.since)

    def match(self, raw_path: str) -> dict[str, str] | None:
        """The decoded path parameters when ``raw_path`` (percent-encoded) is this operation's."""
        found = self._pattern.fullmatch(raw_path)
        if found is None:
            return None
        return {name: _decode(value) for name, value in found.groupdict().items()}

    def canonical_path(self, params: dict[str, str]) -> str:
        """The path with every parameter percent-encoded so that it holds no ``/``."""
        return self.path.format(**{name: quote(value, safe="") for name, value in params.items()})


OPERATIONS: tuple[Operation, ...] = (
    Operation("getServerInfo", "GET", "/info", "1.5"),
    Operation("getSlideInfo", "GET", "/slides/{slideId}/info", "1.5"),
    Operation("getSlideLabel", "GET", "/slides/{slideId}/label", "1.5"),
    Operation("getSlideFiles", "GET", "/slides/{slideId}/files", "1.5"),
    Operation("getTile", "GET", "/images/{slideId}_files/{level}/{tileName}", "1.5"),
    Operation("getCaseImages", "GET", "/requests/{accessionNumber}/images/info", "1.9"),
    Operation("getCaseImagesBySlide", "GET", "/slides/{slideId}/request/images/info", "1.9"),
    Operation("createResult", "POST", "/applications/{applicationId}/results", "1.5"),
    Operation("createResultLegacy", "POST", "/hooks/{applicationId}/results", "1.5"),
    # Before the attachment route: in ".../results/slide/attachments" "slide" is no result id.
    Operation(
        "listSlideResults", "GET", "/applications/{applicationId}/results/slide/{slideId}", "1.5"
    ),
    Operation("getResult", "GET", "/applications/{applicationId}/results/{resultId}", "1.5"),
    Operation("updateResult", "PUT", "/applications/{applicationId}/results/{resultId}", "1.5"),
    Operation("updateResultLegacy", "PUT", "/hooks/{applicationId}/results/{resultId}", "1.5"),
    Operation(
        "getResultAttachment",
        "GET",
        "/applications/{applicationId}/results/{resultId}/attachments",
        "1.5",
    ),
    Operation("setQualityControl", "PUT", "/slides/{slideId}/qualityControl", "1.10"),
    Operation("getApplication", "GET", "/applications/{applicationId}", "1.5"),
    Operation("requestToken", "POST", "/token", "1.9", auth="basic"),
    Operation("getLaunchData", "GET", "/launchdata", "1.9", auth="session"),
)
"""Every operation of the spec (a test checks this table against ``openapi/sectra.yaml``)."""


@dataclass(frozen=True)
class RouteMatch:
    """The operation a request addresses, and its decoded path parameters."""

    operation: Operation
    params: dict[str, str]


@dataclass(frozen=True)
class MethodNotAllowed:
    """The path exists, but not with the request's method; ``allowed`` lists the methods."""

    allowed: tuple[str, ...]


def resolve(
    method: str, raw_path: str, api_version: tuple[int, int]
) -> RouteMatch | MethodNotAllowed | None:
    """What a request addresses on a server implementing ``api_version``.

    ``raw_path`` is relative to the base URL and still percent-encoded. Operations newer than
    ``api_version`` do not exist (``None``, a 404), as on an older server.
    """
    allowed: list[str] = []
    for operation in OPERATIONS:
        if operation.since_tuple > api_version:
            continue
        params = operation.match(raw_path)
        if params is None:
            continue
        if operation.method == method:
            return RouteMatch(operation, params)
        if operation.method not in allowed:
            allowed.append(operation.method)
    return MethodNotAllowed(tuple(allowed)) if allowed else None


def _decode(raw: str) -> str:
    return unquote_to_bytes(raw).decode("utf-8", "replace")
