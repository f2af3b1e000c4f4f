"""The retry and auth engine: the policy every request to Sectra follows, written once.

A request is described by a :class:`RequestSpec`, usually built from a generated operation's
public request builder with :meth:`RequestSpec.from_parts`. ``TransportBase._exchange`` turns
it into the 2xx response: it adds the version headers and the credentials, decides whether and
when to retry, refreshes a rejected token, turns answers and failures into
:mod:`sectra_client.errors` and logs. It is a generator that yields the I/O it needs (get a
token, send, read, sleep) and receives the results. ``AsyncTransport``
(:mod:`sectra_client._sender_async`) and its generated sync twin ``SyncTransport``
(:mod:`sectra_client._sender`) perform that I/O and nothing else.

Retries follow :mod:`sectra_client._retry`. Besides, when the server answers 401 or 403 and the
token comes from a refreshing source, the token is invalidated and the request is sent once more
with a fresh one, whatever its method (the request was refused, not processed). Sectra's own
downloader refreshes on 403 too: a server may answer 403 to an expired ``/token`` token.

Per-call options (:class:`RequestOptions`: a timeout, extra headers) are applied to the spec
with :meth:`RequestSpec.with_options`; extra headers never replace ``Authorization``.

Logging (logger ``sectra_client``): one DEBUG record per attempt with method, display path,
status (or error class) and elapsed milliseconds; one INFO record per retry, carrying a
:class:`RetryNotice` as its ``sectra_retry`` attribute (for a display that shows retries as
they happen, such as the command line's). Records never contain a token, a query string or a
PHI path value. What httpx and httpcore log while a request is sent (httpx's INFO ``HTTP
Request:`` record among them) is scrubbed once formatted: the display path instead of the URL,
no token, no PHI value (:func:`sectra_client._redact.scrubbed_http_logs`).
"""

from __future__ import annotations

import base64
import dataclasses
import logging
import time
from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import httpx

from sectra_client._bounded_body import ACCEPTED_ENCODINGS, IDENTITY
from sectra_client._constants import (
    API_VERSION_HEADER,
    MAX_ERROR_BODY_BYTES,
    MAX_RESPONSE_BODY_BYTES,
    SOFTWARE_VERSION_HEADER,
    USER_AGENT,
)
from sectra_client._redact import display_path, scrub
from sectra_client._retry import (
    backoff_delay,
    is_idempotent,
    request_was_not_sent,
    retry_delay,
    should_retry_exception,
    should_retry_status,
)
from sectra_client._urls import join_url, validate_base_url
from sectra_client.errors import (
    SectraConnectionError,
    SectraRequestError,
    SectraTimeoutError,
    error_class_for_status,
)

if TYPE_CHECKING:
    from sectra_api.types import RequestParts

__all__ = [
    "NO_OPTIONS",
    "Exchange",
    "GetToken",
    "ReadBody",
    "RequestOptions",
    "RequestSpec",
    "RetryNotice",
    "Send",
    "Sleep",
    "StartBody",
    "Step",
    "Timeout",
    "TransportBase",
]

logger = logging.getLogger("sectra_client")

_AUTHORIZATION = "authorization"

Timeout = float | httpx.Timeout
"""Seconds for every phase of a request, or an ``httpx.Timeout`` with every field set."""


@dataclass(frozen=True)
class RequestOptions:
    """What a caller may set per call (every public method's ``timeout=`` and
    ``extra_headers=``).

    Attributes:
        timeout: replaces the client's timeout for this call; every field must be set.
        extra_headers: added to the request (replacing headers of the same name, the version
            headers included); an ``Authorization`` header is refused, since the client
            sends the credentials; ``Accept-Encoding`` is the client's too (it decodes only
            what it asks for).
    """

    timeout: Timeout | None = None
    extra_headers: Mapping[str, str] | None = None

    def __post_init__(self) -> None:
        if self.timeout is not None:
            _complete_timeout(self.timeout)
        names = {name.lower() for name in self.extra_headers or {}}
        if _AUTHORIZATION in names:
            raise ValueError("extra_headers must not set Authorization: the client sends it")


#: No per-call options: the client's own.
NO_OPTIONS = RequestOptions()
# Answers after which a refreshing token source is asked for a fresh token, once per request.
_TOKEN_REFUSED_STATUSES = frozenset({401, 403})


@dataclass(frozen=True, repr=False)
class RequestSpec:
    """One request to the Sectra API, before auth and policy headers are added.

    Attributes:
        method: the HTTP method (upper-cased).
        path: the path relative to the base URL, path parameters already percent-encoded,
            e.g. ``"/slides/abc/info"``. Must start with ``/``; no ``.``/``..`` segments.
        params: query parameters (booleans are sent as ``true``/``false``).
        json: a JSON-serialisable body.
        content: a raw body.
        data: a form body (``application/x-www-form-urlencoded``).
        headers: extra request headers.
        phi: values in ``path`` that identify a patient (accession numbers); replaced by
            ``<redacted>`` in logs and error messages.
        basic_auth: ``(user, password)`` to send HTTP Basic instead of the bearer token
            (the ``POST /token`` flow).
        timeout: overrides the transport's timeout for this request; ``None`` fields are
            refused, since every request must time out.
        large_body: the answer is a large body to stream (a slide's files): it is asked for
            with ``Accept-Encoding: identity``, never compressed, never decoded.
    """

    method: str
    path: str
    params: Mapping[str, Any] | None = None
    json: Any = None
    content: bytes | str | None = None
    data: Mapping[str, Any] | None = None
    headers: Mapping[str, str] | None = None
    phi: tuple[str, ...] = ()
    basic_auth: tuple[str, str] | None = None
    timeout: float | httpx.Timeout | None = None
    large_body: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", self.method.upper())
        object.__setattr__(self, "phi", tuple(self.phi))
        _check_relative_path(self.path)
        if self.timeout is not None:
            _complete_timeout(self.timeout)

    @classmethod
    def from_parts(
        cls,
        parts: RequestParts,
        *,
        phi: Iterable[str] = (),
        content: bytes | None = None,
        data: Mapping[str, Any] | None = None,
        basic_auth: tuple[str, str] | None = None,
        large_body: bool = False,
    ) -> RequestSpec:
        """Describe the request a generated operation's ``build_request(...)`` returned, with
        ``content`` or ``data`` as its body (its Content-Type is among ``parts.headers``);
        ``large_body`` as the attribute.

        Raises:
            ValueError: a path that is not relative.
        """
        return cls(
            method=parts.method,
            path=parts.path,
            params=parts.params or None,
            content=content,
            data=data,
            headers=parts.headers or None,
            phi=tuple(phi),
            basic_auth=basic_auth,
            large_body=large_body,
        )

    def with_options(self, options: RequestOptions) -> RequestSpec:
        """This request with the per-call ``options`` applied (itself when there are none)."""
        if options.timeout is None and not options.extra_headers:
            return self
        headers = {**(self.headers or {}), **(options.extra_headers or {})}
        timeout = self.timeout if options.timeout is None else options.timeout
        return dataclasses.replace(self, headers=headers or None, timeout=timeout)

    @property
    def display_path(self) -> str:
        """The path as shown in logs and errors: no query string, PHI values redacted."""
        return display_path(self.path, self.phi)

    def __repr__(self) -> str:
        return f"RequestSpec({self.method} {self.display_path})"


def _check_relative_path(path: str) -> None:
    if not path.startswith("/") or path.startswith("//"):
        raise ValueError("a request path must start with a single '/' (relative to the base URL)")
    if any(segment in (".", "..") for segment in path.split("?", 1)[0].split("/")):
        raise ValueError("a request path must not contain '.' or '..' segments")


def response_deadline(timeout: httpx.Timeout) -> float:
    """Seconds one attempt may take, from sending the request to the end of its answer's
    body (to its first body byte, for a streamed download): the sum of the request's
    timeouts (``connect + write + read + pool``). For ``timeout=1.0`` that is 4 s; for the
    default (10 s to connect, 30 s each else) 100 s."""
    phases = timeout.as_dict().values()
    return sum(phase for phase in phases if phase is not None)


def _complete_timeout(timeout: float | httpx.Timeout) -> httpx.Timeout:
    complete = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
    if None in complete.as_dict().values():
        raise ValueError("every timeout (connect, read, write, pool) must be a number of seconds")
    return complete


# The I/O steps the shared exchange asks a transport to perform, and what each one returns.


@dataclass(frozen=True)
class GetToken:
    """Returns the bearer token to send (str)."""


@dataclass(frozen=True)
class Send:
    """Sends ``request``; returns the ``httpx.Response`` with its body not yet read.

    ``deadline`` (a :func:`time.monotonic` time) ends the wait for the answer, also when the
    server drips it (:mod:`sectra_client._deadlines`). What httpx and httpcore log meanwhile
    shows ``shown_path`` for the URL and none of ``secrets``.
    """

    request: httpx.Request = field(repr=False)
    shown_path: str
    deadline: float
    secrets: tuple[str, ...] = field(repr=False)


@dataclass(frozen=True)
class ReadBody:
    """Reads the body, decoded in bounded steps, and closes the response; returns its bytes.

    A body longer than ``limit`` bytes is cut there when ``truncate``, else refused
    (:class:`~sectra_client._bounded_body.BodyTooLarge`). Raises ``httpx.ReadTimeout`` when
    ``deadline`` passes first, ``httpx.DecodingError`` for a coding not asked for.
    """

    response: httpx.Response
    limit: int
    deadline: float
    truncate: bool


@dataclass(frozen=True)
class StartBody:
    """Receives the first body chunk (by ``deadline``), keeping it for the caller; returns
    None.

    Later read failures are raised to the caller as ``to_error(exc)``.
    """

    response: httpx.Response
    to_error: Callable[[httpx.HTTPError], SectraConnectionError]
    deadline: float


@dataclass(frozen=True)
class Sleep:
    """Waits ``seconds``; returns None."""

    seconds: float


Step = GetToken | Send | ReadBody | StartBody | Sleep
Exchange = Generator[Step, Any, httpx.Response]


class _Invalidates(Protocol):
    def invalidate(self, rejected_token: str) -> bool: ...


class TransportBase:
    """Request preparation, retry decisions, error mapping and logging for both transports."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float | httpx.Timeout,
        max_retries: int,
        api_version: str,
        app_version: str,
        allow_insecure_http: bool,
        random_source: Callable[[], float],
    ):
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self._base_url = validate_base_url(base_url, allow_insecure_http=allow_insecure_http)
        self._host = httpx.URL(self._base_url).host
        self._server = httpx.URL(self._base_url).netloc.decode("ascii")
        self._timeout = _complete_timeout(timeout)
        self._max_retries = max_retries
        self._version_headers = {
            API_VERSION_HEADER: api_version,
            SOFTWARE_VERSION_HEADER: app_version,
        }
        self._random_source = random_source

    @property
    def base_url(self) -> str:
        """The validated base URL, ending with one ``/``."""
        return self._base_url

    @property
    def version_headers(self) -> dict[str, str]:
        """``X-Sectra-ApiVersion`` and ``X-Sectra-SoftwareVersion`` as this app declares them."""
        return dict(self._version_headers)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(host={self._host!r})"

    @property
    def timeout(self) -> httpx.Timeout:
        """The timeout of every request that sets none of its own."""
        return self._timeout

    @property
    def max_retries(self) -> int:
        """Retries after a failed first attempt, as the retry policy allows."""
        return self._max_retries

    def _configure(self, timeout: Timeout | None, max_retries: int | None) -> None:
        """Replace the timeout and the retry count (for a configured copy)."""
        if timeout is not None:
            self._timeout = _complete_timeout(timeout)
        if max_retries is not None:
            if max_retries < 0:
                raise ValueError("max_retries must be 0 or more")
            self._max_retries = max_retries

    def _timeout_for(self, spec: RequestSpec) -> httpx.Timeout:
        return self._timeout if spec.timeout is None else _complete_timeout(spec.timeout)

    def _build_request(
        self, http: httpx.Client | httpx.AsyncClient, spec: RequestSpec, token: str | None
    ) -> httpx.Request:
        headers = {**self._version_headers, "User-Agent": USER_AGENT}
        for name, value in (spec.headers or {}).items():
            if name.lower() != _AUTHORIZATION:
                headers[name] = value
        headers["Accept-Encoding"] = IDENTITY if spec.large_body else ACCEPTED_ENCODINGS
        if spec.basic_auth is not None:
            headers["Authorization"] = "Basic " + _basic_credentials(*spec.basic_auth)
        elif token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return http.build_request(
            spec.method,
            join_url(self._base_url, spec.path),
            params=spec.params,
            json=spec.json,
            content=spec.content,
            data=spec.data,
            headers=headers,
            timeout=self._timeout_for(spec),
        )

    def _exchange(
        self,
        http: httpx.Client | httpx.AsyncClient,
        spec: RequestSpec,
        tokens: _Invalidates | None,
        *,
        stream: bool,
    ) -> Exchange:
        """Send ``spec`` until it succeeds or the policy gives up; return the 2xx response.

        With ``stream`` the response is returned open, once its first body chunk has arrived;
        otherwise its body has been read (decoded, at most ``MAX_RESPONSE_BODY_BYTES``).
        Each attempt ends by its deadline (:func:`response_deadline`).
        """
        retries_taken = 0
        token_refreshed = False
        while True:
            uses_token = tokens is not None and spec.basic_auth is None
            token: str | None = (yield GetToken()) if uses_token else None
            request = self._build_request(http, spec, token)
            secrets = _secrets(spec, token)
            started = time.perf_counter()
            deadline = time.monotonic() + response_deadline(self._timeout_for(spec))
            body = b""
            try:
                response: httpx.Response = yield Send(
                    request, spec.display_path, deadline, tuple(secrets)
                )
                if response.is_success and stream:
                    to_error = _mid_body_error_factory(spec, secrets, self._server)
                    yield StartBody(response, to_error, deadline)
                elif response.is_success:
                    body = yield ReadBody(response, MAX_RESPONSE_BODY_BYTES, deadline, False)
            except httpx.HTTPError as exc:
                logger.debug(
                    "%s %s -> %s after %.0f ms",
                    spec.method,
                    spec.display_path,
                    type(exc).__name__,
                    _milliseconds_since(started),
                )
                if retries_taken < self._max_retries and should_retry_exception(spec.method, exc):
                    delay = backoff_delay(retries_taken, random_source=self._random_source)
                    retries_taken += 1
                    self._log_retry(spec, retries_taken, type(exc).__name__, delay)
                    yield Sleep(delay)
                    continue
                raise _connection_error(
                    spec, exc, retries_taken + 1, secrets, self._server
                ) from exc

            logger.debug(
                "%s %s -> HTTP %d in %.0f ms",
                spec.method,
                spec.display_path,
                response.status_code,
                _milliseconds_since(started),
            )
            if response.is_success and stream:
                return response
            if response.is_success:
                return _with_decoded_body(response, body)
            try:
                body = yield ReadBody(response, MAX_ERROR_BODY_BYTES, deadline, True)
            except httpx.HTTPError:
                body = b""
            status = response.status_code
            refused = status in _TOKEN_REFUSED_STATUSES
            if refused and token is not None and tokens is not None and not token_refreshed:
                token_refreshed = tokens.invalidate(token)
                if token_refreshed:
                    logger.info(
                        "%s %s: token refused (HTTP %d); retrying once with a fresh token",
                        spec.method,
                        spec.display_path,
                        status,
                    )
                    continue
            if retries_taken < self._max_retries and should_retry_status(spec.method, status):
                delay = retry_delay(
                    retries_taken, response.headers, random_source=self._random_source
                )
                retries_taken += 1
                self._log_retry(spec, retries_taken, f"HTTP {status}", delay)
                yield Sleep(delay)
                continue
            raise _status_error(spec, response, body, secrets)

    def _log_retry(self, spec: RequestSpec, retry: int, reason: str, delay: float) -> None:
        notice = RetryNotice(
            spec.method, spec.display_path, reason, delay, retry + 1, self._max_retries + 1
        )
        logger.info(
            "Retrying %s %s in %.2f s (retry %d/%d): %s",
            spec.method,
            spec.display_path,
            delay,
            retry,
            self._max_retries,
            reason,
            extra={"sectra_retry": notice},
        )


@dataclass(frozen=True)
class RetryNotice:
    """A retry about to happen, as the INFO record announcing it carries it (``sectra_retry``).

    Attributes:
        method: the request's method.
        path: its display path (accession numbers redacted).
        reason: what failed, e.g. ``"HTTP 503"`` or ``"ConnectError"``.
        delay: seconds until the next attempt.
        attempt: the number of the next attempt (2 for the first retry).
        attempts: how many attempts the policy allows in all.
    """

    method: str
    path: str
    reason: str
    delay: float
    attempt: int
    attempts: int


def _basic_credentials(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


def _secrets(spec: RequestSpec, token: str | None) -> list[str]:
    """Every value that must not appear in a message about this request."""
    secrets = list(spec.phi)
    if token is not None:
        secrets.append(token)
    if spec.basic_auth is not None:
        secrets.extend((spec.basic_auth[1], _basic_credentials(*spec.basic_auth)))
    return secrets


def _milliseconds_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0


def _describe_exception(exc: Exception, secrets: list[str]) -> str:
    detail = scrub(str(exc), secrets).strip()
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__


def _connection_error_class(exc: httpx.HTTPError) -> type[SectraConnectionError]:
    return SectraTimeoutError if isinstance(exc, httpx.TimeoutException) else SectraConnectionError


def _connection_error(
    spec: RequestSpec, exc: httpx.HTTPError, attempts: int, secrets: list[str], server: str
) -> SectraConnectionError:
    error_class = _connection_error_class(exc)
    tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
    cause = _describe_exception(exc, secrets)
    message = f"{spec.method} {spec.display_path} failed after {tries} (server {server}): {cause}"
    if not is_idempotent(spec.method) and not request_was_not_sent(exc):
        message += "; the server may have received the request, so it was not sent again"
    return error_class(message)


def _mid_body_error_factory(
    spec: RequestSpec, secrets: list[str], server: str
) -> Callable[[httpx.HTTPError], SectraConnectionError]:
    def mid_body_error(exc: httpx.HTTPError) -> SectraConnectionError:
        return _connection_error_class(exc)(
            f"{spec.method} {spec.display_path}: the response body broke off (server {server}): "
            f"{_describe_exception(exc, secrets)}"
        )

    return mid_body_error


def _with_decoded_body(response: httpx.Response, body: bytes) -> httpx.Response:
    """``response`` with ``body`` (decoded) as its content."""
    headers = [
        (name, value)
        for name, value in response.headers.multi_items()
        if name.lower() not in ("content-encoding", "content-length")
    ]
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=body,
        request=response.request,
        extensions=response.extensions,
    )


def _status_error(
    spec: RequestSpec, response: httpx.Response, body: bytes, secrets: list[str]
) -> SectraRequestError:
    text = scrub(body.decode(response.encoding or "utf-8", errors="replace"), secrets)
    error_class = error_class_for_status(response.status_code)
    return error_class(response.status_code, text, spec.display_path, method=spec.method)
