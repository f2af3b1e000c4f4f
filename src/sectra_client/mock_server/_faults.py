"""Programmable faults, for testing how a client copes with a misbehaving server.

A fault targets an operation by its ``operationId`` (``"getSlideFiles"``) or requests by path:
a target starting with ``/`` is a glob (``fnmatch``) over the path relative to the API base
URL, percent-encoded as sent (``"/slides/*/files"``). Faults act in the order they were added;
each one fires ``times`` times (``None``: on every matching request) and is then gone.
"""

from __future__ import annotations

import fnmatch
import threading
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["AppliedFaults", "DeliberateDisconnect", "ErrorReply", "Faults"]

_FaultKind = Literal["latency", "status", "html", "drop", "truncate"]

_HTML_PAGE = """<!DOCTYPE html>
<html><head><title>{status} - Server Error</title></head>
<body><h1>{status} - Server Error</h1>
<p>The gateway in front of the server could not process the request.</p></body></html>
"""


class DeliberateDisconnect(Exception):
    """Raised inside the server to cut a connection on purpose (a programmed fault)."""


@dataclass
class _Fault:
    kind: _FaultKind
    target: str
    remaining: int | None
    seconds: float = 0.0
    status: int = 503
    retry_after: str | None = None
    message: str = ""
    after_bytes: int = 0

    def matches(self, operation_id: str, path: str) -> bool:
        if self.target.startswith("/"):
            return fnmatch.fnmatchcase(path, self.target)
        return self.target == operation_id


@dataclass(frozen=True)
class ErrorReply:
    """A reply that replaces the operation's: status, content type, body, extra headers."""

    status: int
    media_type: str
    body: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AppliedFaults:
    """What the faults matching one request do to it.

    Attributes:
        delay: seconds to wait before handling the request.
        reply: a reply to send instead of running the operation, if any.
        drop_after: cut the connection after this many body bytes, if set.
        truncate_multipart: leave out the closing boundary of a multipart files body.
    """

    delay: float = 0.0
    reply: ErrorReply | None = None
    drop_after: int | None = None
    truncate_multipart: bool = False


class Faults:
    """The faults programmed into one mock server (``server.faults``).

    Every method takes ``target``: an ``operationId`` or a path glob starting with ``/``.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[_Fault] = []

    def add_latency(self, target: str, seconds: float, *, times: int | None = None) -> None:
        """Delay matching requests by ``seconds`` before they are handled."""
        self._add(_Fault("latency", target, _times(times), seconds=_positive(seconds)))

    def fail(
        self,
        target: str,
        status: int = 503,
        *,
        times: int | None = 1,
        retry_after: int | str | None = None,
        message: str = "",
    ) -> None:
        """Answer the next ``times`` matching requests with ``status`` (text body ``message``)
        instead of running them, with ``Retry-After`` when given (whole seconds or an HTTP date)."""
        self._add(
            _Fault(
                "status",
                target,
                _times(times),
                status=_status(status),
                retry_after=_retry_after(retry_after),
                message=message or f"mock fault: status {status}",
            )
        )

    def html_error(self, target: str, status: int = 502, *, times: int | None = 1) -> None:
        """Answer the next ``times`` matching requests with an HTML error page, as a proxy or
        web server in front of Sectra does."""
        self._add(_Fault("html", target, _times(times), status=_status(status)))

    def drop_connection(self, target: str, after_bytes: int = 0, *, times: int | None = 1) -> None:
        """Cut the connection of the next ``times`` matching requests after ``after_bytes``
        bytes of the response body (the status and headers are sent)."""
        if after_bytes < 0:
            raise ValueError(f"after_bytes cannot be negative, got {after_bytes}")
        self._add(_Fault("drop", target, _times(times), after_bytes=after_bytes))

    def truncate_multipart(self, target: str = "getSlideFiles", *, times: int | None = 1) -> None:
        """Send the next ``times`` multipart files bodies without their closing boundary
        (the parts themselves are complete; ``Content-Length`` matches what is sent)."""
        self._add(_Fault("truncate", target, _times(times)))

    def clear(self) -> None:
        """Remove every fault."""
        with self._lock:
            self._faults.clear()

    def __len__(self) -> int:
        """How many faults are still programmed."""
        with self._lock:
            return len(self._faults)

    def take(self, operation_id: str, path: str) -> AppliedFaults:
        """The faults that act on one request, each one counted as fired."""
        delay, reply, drop_after, truncate = 0.0, None, None, False
        with self._lock:
            for fault in list(self._faults):
                if not fault.matches(operation_id, path):
                    continue
                if fault.kind in ("status", "html"):
                    if reply is not None:
                        continue
                    reply = _reply(fault)
                elif fault.kind == "latency":
                    delay += fault.seconds
                elif fault.kind == "drop":
                    if drop_after is not None:
                        continue
                    drop_after = fault.after_bytes
                else:
                    if truncate:
                        continue
                    truncate = True
                if fault.remaining is not None:
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        self._faults.remove(fault)
        return AppliedFaults(delay, reply, drop_after, truncate)

    def _add(self, fault: _Fault) -> None:
        with self._lock:
            self._faults.append(fault)


def _reply(fault: _Fault) -> ErrorReply:
    if fault.kind == "html":
        page = _HTML_PAGE.format(status=fault.status)
        return ErrorReply(fault.status, "text/html; charset=utf-8", page)
    headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
    return ErrorReply(fault.status, "text/plain; charset=utf-8", fault.message, headers)


def _times(times: int | None) -> int | None:
    if times is None:
        return None
    if times < 1:
        raise ValueError(f"times must be at least 1 (or None for always), got {times}")
    return times


def _positive(seconds: float) -> float:
    if seconds < 0:
        raise ValueError(f"a latency cannot be negative, got {seconds}")
    return seconds


def _status(status: int) -> int:
    if not 100 <= status <= 599:
        raise ValueError(f"not an HTTP status: {status}")
    return status


def _retry_after(value: int | str | None) -> str | None:
    return None if value is None else str(value)
