"""sectra-client: a safe, streaming, typed client for the Sectra Image Analysis API.

::

    from sectra_client import SectraClient

    with SectraClient(url=callback_url, token=callback_token) as client:
        info = client.get_slide_info(slide_id)

:class:`SectraClient` and :class:`AsyncSectraClient` cover every operation of the IA-API;
:mod:`sectra_client.schemas` holds the models and :mod:`sectra_client.errors` the exceptions,
re-exported here. ``AsyncSectraClient`` is imported on first use, so that a program using only
the sync client never loads asyncio.
"""

from typing import TYPE_CHECKING, Any

from sectra_client._client import SectraClient
from sectra_client._constants import LIBRARY_VERSION
from sectra_client._download._progress import CaseProgressCallback, ProgressCallback
from sectra_client._download._stall import StallRule
from sectra_client._label import LabelImage
from sectra_client.errors import (
    AuthenticationError,
    BadRequestError,
    CallbackRefused,
    CaseDownloadError,
    ConflictError,
    DownloadError,
    InsecureURLError,
    JobCancelled,
    MissingExtraError,
    NotFoundError,
    NotStreamableError,
    OutputFileExistsError,
    OutputFolderError,
    OutsidePyramidError,
    PermissionDeniedError,
    RateLimitError,
    SectraConnectionError,
    SectraError,
    SectraRequestError,
    SectraTimeoutError,
    ServerError,
    UnprocessableEntityError,
    UnsupportedByServerError,
    WebhookContractError,
)

if TYPE_CHECKING:
    from sectra_client._client_async import AsyncSectraClient

__version__ = LIBRARY_VERSION
"""The installed version of sectra-client."""

__all__ = [
    "AsyncSectraClient",
    "AuthenticationError",
    "BadRequestError",
    "CallbackRefused",
    "CaseDownloadError",
    "CaseProgressCallback",
    "ConflictError",
    "DownloadError",
    "InsecureURLError",
    "JobCancelled",
    "LabelImage",
    "MissingExtraError",
    "NotFoundError",
    "NotStreamableError",
    "OutputFileExistsError",
    "OutputFolderError",
    "OutsidePyramidError",
    "PermissionDeniedError",
    "ProgressCallback",
    "RateLimitError",
    "SectraClient",
    "SectraConnectionError",
    "SectraError",
    "SectraRequestError",
    "SectraTimeoutError",
    "ServerError",
    "StallRule",
    "UnprocessableEntityError",
    "UnsupportedByServerError",
    "WebhookContractError",
    "__version__",
]


def __getattr__(name: str) -> Any:
    if name == "AsyncSectraClient":
        from sectra_client._client_async import AsyncSectraClient

        return AsyncSectraClient
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
