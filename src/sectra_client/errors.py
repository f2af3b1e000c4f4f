"""The exceptions sectra-client raises.

Every exception derives from :class:`SectraError`, so ``except SectraError`` catches
everything this library raises on purpose::

    SectraError
    ├── SectraRequestError            the server answered with a non-2xx status
    │   ├── BadRequestError           400
    │   ├── AuthenticationError       401  (missing, wrong or expired token)
    │   ├── PermissionDeniedError     403
    │   ├── NotFoundError             404  (also: an operation the server does not know)
    │   ├── ConflictError             409  (stale versionId on a result or QC update)
    │   ├── UnprocessableEntityError  422
    │   ├── RateLimitError            429
    │   └── ServerError               5xx
    ├── SectraConnectionError         no usable answer: refused, reset, TLS failure, bad body
    │   └── SectraTimeoutError        connect, read, write or pool timeout
    ├── UnsupportedByServerError      the server's API version is too old for the operation
    ├── InsecureURLError              plain http:// to a host that is not loopback
    ├── NotStreamableError            the slide has no tile pyramid (isStreamable is false)
    ├── OutsidePyramidError           a level, tile or region lies outside the pyramid
    ├── DownloadError                 a slide download failed; nothing partial was left behind
    │   ├── OutputFolderError         the output folder cannot take files (checked before asking)
    │   ├── OutputFileExistsError     a file of that name is there already (overwrite=False)
    │   └── CaseDownloadError         slides of a case failed; lists the failed and completed ones
    ├── WebhookContractError          an app's webhook reply breaks the Sectra contract
    ├── CallbackRefused               the webhook toolkit will not call this callback host
    ├── JobQueueFull                  a job runner's queue is full (the webhook answers 503)
    └── MissingExtraError             a feature needs an extra that is not installed

    JobCancelled (a BaseException)    a background job learned of its ``cancel``
    WebhookContractWarning (a UserWarning)  a webhook reply deviates in a way Sectra tolerates

Some also derive from the built-in error they refine, so existing ``except`` clauses keep
working: ``InsecureURLError`` is a ``ValueError``, ``OutsidePyramidError`` an ``IndexError``,
``MissingExtraError`` an ``ImportError``. ``JobCancelled`` derives from ``BaseException``,
as ``asyncio.CancelledError`` does, so that ``except Exception`` in a job cannot swallow it.

No message carries a bearer token or patient data: request paths are shown with accession
numbers redacted, and body excerpts are short and scrubbed of the token in use.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

__all__ = [
    "AuthenticationError",
    "BadRequestError",
    "CallbackRefused",
    "CaseDownloadError",
    "ConflictError",
    "DownloadError",
    "InsecureURLError",
    "JobCancelled",
    "JobQueueFull",
    "MissingExtraError",
    "NotFoundError",
    "NotStreamableError",
    "OutputFileExistsError",
    "OutputFolderError",
    "OutsidePyramidError",
    "PermissionDeniedError",
    "RateLimitError",
    "SectraConnectionError",
    "SectraError",
    "SectraRequestError",
    "SectraTimeoutError",
    "ServerError",
    "UnprocessableEntityError",
    "UnsupportedByServerError",
    "WebhookContractError",
    "WebhookContractWarning",
    "error_class_for_status",
]

_EXCERPT_LIMIT = 200


class SectraError(Exception):
    """Base class of every error raised by sectra-client."""


class SectraRequestError(SectraError):
    """The server answered with a status outside 2xx.

    Attributes:
        status_code: the HTTP status.
        text: the response body as text (possibly empty or an HTML error page).
        path: the request path, with accession numbers redacted.
        method: the HTTP method, when known.
    """

    def __init__(self, status_code: int, text: str, path: str, *, method: str | None = None):
        self.status_code = status_code
        self.text = text
        self.path = path
        self.method = method
        super().__init__(self._describe())

    def _describe(self) -> str:
        request = f"{self.method} {self.path}" if self.method else self.path
        excerpt = " ".join(self.text.split())
        if len(excerpt) > _EXCERPT_LIMIT:
            excerpt = excerpt[:_EXCERPT_LIMIT] + "…"
        detail = f": {excerpt}" if excerpt else ""
        return f"{request} failed with HTTP {self.status_code}{detail}"

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_request_error,
            (type(self), self.status_code, self.text, self.path, self.method),
        )


def _rebuild_request_error(
    cls: type[SectraRequestError], status_code: int, text: str, path: str, method: str | None
) -> SectraRequestError:
    return cls(status_code, text, path, method=method)


class BadRequestError(SectraRequestError):
    """HTTP 400: the server rejected the request as malformed."""


class AuthenticationError(SectraRequestError):
    """HTTP 401: the token is missing, wrong or expired."""


class PermissionDeniedError(SectraRequestError):
    """HTTP 403: the token is valid but may not do this."""


class NotFoundError(SectraRequestError):
    """HTTP 404: no such slide, result or attachment, or an operation the server lacks."""


class ConflictError(SectraRequestError):
    """HTTP 409: the ``versionId`` sent is stale; read the object again and retry."""


class UnprocessableEntityError(SectraRequestError):
    """HTTP 422: the body did not match the schema."""


class RateLimitError(SectraRequestError):
    """HTTP 429: too many requests."""


class ServerError(SectraRequestError):
    """HTTP 5xx: the server failed."""


_ERRORS_BY_STATUS: dict[int, type[SectraRequestError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class_for_status(status_code: int) -> type[SectraRequestError]:
    """The most specific :class:`SectraRequestError` subclass for an HTTP status."""
    if status_code >= 500:
        return ServerError
    return _ERRORS_BY_STATUS.get(status_code, SectraRequestError)


class SectraConnectionError(SectraError):
    """No usable answer arrived: the connection failed, broke, or the body was unreadable."""


class SectraTimeoutError(SectraConnectionError):
    """A connect, read, write or pool timeout expired."""


class UnsupportedByServerError(SectraError):
    """The server's IA-API version is older than the one the operation needs."""

    def __init__(self, operation: str, required_version: str, server_version: str):
        self.operation = operation
        self.required_version = required_version
        self.server_version = server_version
        super().__init__(
            f"{operation} needs IA-API {required_version} or newer; "
            f"the server reports IA-API {server_version}"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.operation, self.required_version, self.server_version))


class InsecureURLError(SectraError, ValueError):
    """A plain ``http://`` URL points at a host that is not loopback.

    Pass ``allow_insecure_http=True`` to accept it anyway; the token then crosses the network
    unencrypted.

    Attributes:
        host: the host the URL names.
    """

    def __init__(self, host: str):
        self.host = host
        super().__init__(
            f"refusing plain http:// to {host!r}: the bearer token would cross the network "
            "unencrypted. Use https://, or pass allow_insecure_http=True if you accept that risk"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.host,))


class NotStreamableError(SectraError):
    """The slide has ``isStreamable: false``: it has no tile pyramid, so no tiles or regions."""


class OutsidePyramidError(SectraError, IndexError):
    """A level, tile or region lies outside the slide's Deep Zoom pyramid."""


class DownloadError(SectraError):
    """A slide download failed. No temporary or partial file was left in the output folder.

    Attributes:
        completed: the files that were fully written and verified before the failure.
    """

    def __init__(self, message: str, completed: list[Path] | None = None):
        self.completed: list[Path] = list(completed or [])
        super().__init__(message)

    def __str__(self) -> str:
        message = super().__str__()
        if not self.completed:
            return message
        names = ", ".join(path.name for path in self.completed)
        return f"{message} (completed before the failure: {names})"

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.args[0], self.completed))


class OutputFileExistsError(DownloadError):
    """A file of the name a downloaded file would get is already in the output folder, and
    ``overwrite`` is False. Nothing of that file was written.

    Attributes:
        filename: the name of the file (not its path).
        completed: the files fully written before this one.
    """

    def __init__(self, filename: str, completed: list[Path] | None = None):
        self.filename = filename
        super().__init__(
            f"{filename} already exists in the output folder (pass overwrite=True to replace it)",
            completed,
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.filename, self.completed))


class OutputFolderError(DownloadError):
    """The output folder cannot take the download; found before anything is requested.

    The message says what is wrong without the folder's path (a path may hold a patient's
    name); ``folder`` has it.

    Attributes:
        folder: the folder concerned (for ``download_case``, maybe a slide's subfolder).
        problem: what is wrong with it, e.g. ``"is not writable"``.
    """

    def __init__(self, folder: Path, problem: str):
        self.folder = Path(folder)
        self.problem = problem
        super().__init__(f"the output folder {problem}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.folder, self.problem))


class CaseDownloadError(DownloadError):
    """Some slides of a case could not be downloaded; the others were.

    Raised by ``download_case`` once every slide has been tried. The slides that failed left
    nothing partial behind (each failure is the slide's own error, usually a
    :class:`DownloadError` or a :class:`SectraRequestError`).

    Attributes:
        failed: the error of each slide that failed, by slide id.
        downloaded: the files of each slide that completed, by slide id.
        completed: every file fully written, of completed and failed slides alike.
    """

    def __init__(self, failed: dict[str, SectraError], downloaded: dict[str, list[Path]]):
        self.failed = dict(failed)
        self.downloaded = {slide_id: list(files) for slide_id, files in downloaded.items()}
        completed = [path for files in self.downloaded.values() for path in files]
        for error in self.failed.values():
            if isinstance(error, DownloadError):
                completed.extend(error.completed)
        super().__init__(self.summary(), completed)

    def summary(self, describe: Callable[[SectraError], str] | None = None) -> str:
        """The message: how many slides failed and why, and which were downloaded.

        Args:
            describe: words each slide's error (shortened to 200 characters); by default its
                class name and message.
        """
        word = describe or _name_and_message
        failures = "; ".join(
            f"{slide_id}: {_excerpt(word(error))}" for slide_id, error in self.failed.items()
        )
        slides = "slide" if len(self.failed) == 1 else "slides"
        message = f"{len(self.failed)} {slides} of the case failed to download ({failures})"
        if self.downloaded:
            message += "; downloaded: " + ", ".join(self.downloaded)
        return message

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.failed, self.downloaded))


def _name_and_message(error: SectraError) -> str:
    return f"{type(error).__name__}: {error}"


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _EXCERPT_LIMIT else text[:_EXCERPT_LIMIT] + "…"


class WebhookContractError(SectraError):
    """An app's reply to a webhook call does not follow the Sectra contract.

    Attributes:
        problems: one sentence per broken rule.
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__(
            "the webhook reply breaks the Sectra contract: " + "; ".join(self.problems)
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.problems,))


class CallbackRefused(SectraError):
    """The invocation's ``callbackInfo.url`` may not be called (its host is not trusted); the
    message says why and holds no token. The webhook toolkit answers such an invocation 403."""


class JobQueueFull(SectraError):
    """A job runner takes no more jobs for now: its queue is full.

    The webhook toolkit then answers the invocation with 503 and stores nothing, so no
    placeholder is left that no job would finish; Sectra (or the pathologist) can invoke the
    app again later.
    """


class MissingExtraError(SectraError, ImportError):
    """A feature needs an optional dependency that is not installed.

    The message names the feature, the missing distribution and the install command, e.g.
    ``read_region needs Pillow: pip install 'sectra-client[images]'``.

    Attributes:
        extra: the extra that installs it (``images``, ``webhook``, ``mock``, ``cli``).
        feature: what needed it.
    """

    def __init__(self, module_name: str, extra: str, feature: str) -> None:
        top_level = module_name.partition(".")[0]
        distribution = _DISTRIBUTION_NAMES.get(top_level, top_level)
        super().__init__(
            f"{feature} needs {distribution}: pip install 'sectra-client[{extra}]'",
            name=module_name,
        )
        self.extra = extra
        self.feature = feature

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.name, self.extra, self.feature))


_DISTRIBUTION_NAMES = {"PIL": "Pillow", "yaml": "PyYAML"}


class JobCancelled(BaseException):
    """Raised by ``Job.raise_if_cancelled`` (webhook toolkit) once a ``cancel`` invocation
    reached the job.

    Let it propagate: the toolkit then marks the result as cancelled. Like
    ``asyncio.CancelledError`` it derives from ``BaseException``, so ``except Exception`` in
    the job does not swallow it.
    """


class WebhookContractWarning(UserWarning):
    """An app's reply deviates from the contract in a way Sectra evidently tolerates (no
    ``X-Sectra-*`` headers, an empty reply to ``create``); issued by the mock's ``trigger`` and
    ``notify`` and reported by ``sectra invoke`` as a warning."""
