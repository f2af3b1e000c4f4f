"""sectra-client: a safe, streaming, typed client for the Sectra Image Analysis API.

::

    from sectra_client import SectraClient

    with SectraClient(url=callback_url, token=callback_token) as client:
        info = client.get_slide_info(slide_id)

:class:`SectraClient` and :class:`AsyncSectraClient` cover every operation of the IA-API;
:mod:`sectra_client.schemas` holds the models and :mod:`sectra_client.errors` the exceptions,
re-exported here.
"""

from sectra_client._case_download import CaseProgressCallback
from sectra_client._client import AsyncSectraClient, SectraClient
from sectra_client._constants import LIBRARY_VERSION
from sectra_client._label import LabelImage
from sectra_client._slide_files import ProgressCallback
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
    "UnprocessableEntityError",
    "UnsupportedByServerError",
    "WebhookContractError",
    "__version__",
]
