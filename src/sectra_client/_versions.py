"""IA-API versions: which operations need a newer server, and what each server reported.

Every Sectra server implements IA-API 1.5 or newer. Operations added later (the spec's
``x-sectra-since``) are compared with the server's ``GET /info`` answer before they are sent.
The table is not trusted to block anything (several of its versions have no public source): an
operation it says is too new is sent anyway, with a warning in the log, and only the server's
own 404 or 405 then becomes :class:`~sectra_client.errors.UnsupportedByServerError` naming both
versions, instead of a bare ``NotFoundError``.

A server's ``/info`` answer is fetched at most once per base URL and process (shared by every
client of that URL, sync or async) and kept until :meth:`ServerVersions.remember` replaces it.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass

from sectra_client.errors import SectraRequestError, UnsupportedByServerError
from sectra_client.schemas import ApplicationInfo

logger = logging.getLogger("sectra_client")

__all__ = [
    "BASELINE_API_VERSION",
    "OPERATIONS_SINCE",
    "SERVER_VERSIONS",
    "Requirement",
    "ServerVersions",
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


class ServerVersions:
    """What each server (by base URL) answered to ``GET /info``; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[str, ApplicationInfo] = {}
        self._fetch_locks: dict[str, threading.Lock] = {}

    def known(self, base_url: str) -> ApplicationInfo | None:
        """The answer remembered for ``base_url``, if any."""
        with self._lock:
            return self._known.get(base_url)

    def remember(self, base_url: str, info: ApplicationInfo) -> None:
        """Keep ``info`` as the answer of ``base_url``, replacing an older one."""
        with self._lock:
            self._known[base_url] = info

    def fetch_lock(self, base_url: str) -> threading.Lock:
        """The lock a sync client holds while it fetches ``/info`` from ``base_url``, so that
        concurrent first uses send one request."""
        with self._lock:
            return self._fetch_locks.setdefault(base_url, threading.Lock())

    def forget(self) -> None:
        """Forget every answer (the next check asks again)."""
        with self._lock:
            self._known.clear()


#: The process-wide record shared by every client.
SERVER_VERSIONS = ServerVersions()
