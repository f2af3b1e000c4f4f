"""IA-API versions: which operations need a newer server, and what each server reported.

Every Sectra server implements IA-API 1.5 or newer. Operations added later (the spec's
``x-sectra-since``) are compared with the server's ``GET /info`` answer before they are sent.
The table is not trusted to block anything (several of its versions have no public source): an
operation it says is too new is sent anyway, with a warning in the log, and only the server's
own 404 or 405 then becomes :class:`~sectra_client.errors.UnsupportedByServerError` naming both
versions, instead of a bare ``NotFoundError``.

Each client keeps its server's ``/info`` answer in a :class:`ServerVersion` of its own (shared
only with the copies :meth:`~sectra_client.SectraClient.with_options` makes): fetched at most
once, kept until ``get_server_info`` replaces it. Nothing is shared between clients.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sectra_client.errors import SectraRequestError, UnsupportedByServerError

if TYPE_CHECKING:
    from sectra_client.schemas import ApplicationInfo

logger = logging.getLogger("sectra_client")

__all__ = [
    "BASELINE_API_VERSION",
    "OPERATIONS_SINCE",
    "Requirement",
    "ServerVersion",
    "parse_api_version",
    "requirement_for",
    "suspect_too_old",
    "unsupported_error",
]

#: The oldest IA-API version this library talks to; operations this old are never checked.
BASELINE_API_VERSION = "1.5"

#: ``operationId`` → the IA-API version that introduced it, for every operation newer than
#: :data:`BASELINE_API_VERSION` (the spec's ``x-sectra-since``; a test keeps the two in step).
OPERATIONS_SINCE: dict[str, str] = {
    "getCaseImages": "1.9",
    "getCaseImagesBySlide": "1.9",
    "requestToken": "1.9",
    "getLaunchData": "1.9",
    "setQualityControl": "1.10",
}

_VERSION = re.compile(r"\s*([0-9]+)\.([0-9]+)(?:\.[0-9]+)*\s*")


def parse_api_version(text: str) -> tuple[int, int] | None:
    """``"1.10"`` → ``(1, 10)``; None when ``text`` is not a ``major.minor`` version."""
    match = _VERSION.fullmatch(text)
    if match is None:
        return None
    return int(match[1]), int(match[2])


@dataclass(frozen=True)
class Requirement:
    """The IA-API version an operation needs.

    Attributes:
        operation: the method name shown in the error (``"get_case_images"``).
        version: the version that introduced the operation.
        lookup: ask the server (``GET /info``) when its version is not yet known. False for the
            operations that obtain the token ``/info`` itself needs (``/token``,
            ``/launchdata``): they are checked only against a version already known.
    """

    operation: str
    version: str
    lookup: bool = True


def requirement_for(operation_id: str, method_name: str) -> Requirement | None:
    """The requirement of a spec operation, or None when every server supports it."""
    since = OPERATIONS_SINCE.get(operation_id)
    if since is None:
        return None
    lookup = operation_id not in ("requestToken", "getLaunchData")
    return Requirement(method_name, since, lookup)


def suspect_too_old(requirement: Requirement, server: ApplicationInfo | None) -> bool:
    """Whether ``server`` reports an IA-API version older than ``requirement`` needs; logs a
    WARNING saying the request is sent anyway when it does.

    An unknown server, or a version that cannot be read (not ``major.minor``), is not held
    against the server.
    """
    if server is None:
        return False
    reported = parse_api_version(server.apiVersion)
    needed = parse_api_version(requirement.version)
    if reported is None or needed is None or reported >= needed:
        return False
    logger.warning(
        "%s needs IA-API %s or newer and the server reports IA-API %s; sending it anyway",
        requirement.operation,
        requirement.version,
        server.apiVersion,
    )
    return True


def unsupported_error(
    requirement: Requirement, server: ApplicationInfo, error: SectraRequestError
) -> UnsupportedByServerError | None:
    """The error to raise instead of ``error`` for an operation sent to a server suspected of
    being too old (:func:`suspect_too_old`): None unless the server answered 404 or 405."""
    if error.status_code not in (404, 405):
        return None
    return UnsupportedByServerError(requirement.operation, requirement.version, server.apiVersion)


class ServerVersion:
    """What one client's server answered to ``GET /info``, once it has been asked.

    A client and the copies ``with_options`` makes of it hold the same record; a client
    holds the lock that makes concurrent first uses send one request.
    """

    def __init__(self) -> None:
        self.info: ApplicationInfo | None = None

    def __repr__(self) -> str:
        known = "unknown" if self.info is None else f"IA-API {self.info.apiVersion}"
        return f"ServerVersion({known})"
