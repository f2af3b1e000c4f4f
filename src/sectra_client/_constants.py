"""Named transport policy: timeouts, retries, token refresh, API version headers.

Every number the transport acts on is defined here, so the policy can be read (and changed) in
one place.
"""

from __future__ import annotations

import httpx

from sectra_client._version import __version__

#: Timeouts for every request, in seconds. ``connect`` (10 s) bounds the TCP and TLS handshake:
#: a PACS on the hospital network answers in milliseconds, so 10 s tolerates a congested link yet
#: fails fast on a wrong or unreachable host. The 30 s ``read`` timeout is the longest *silence*
#: allowed between two received chunks, not a limit on a whole multi-GB download; ``write`` and
#: ``pool`` (waiting for a free pooled connection) are 30 s too. Nothing waits forever.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

#: How many times a failed request is retried (so at most ``1 + DEFAULT_MAX_RETRIES`` attempts).
DEFAULT_MAX_RETRIES = 2

#: Backoff before the first retry, in seconds, when the server gives no ``Retry-After``;
#: it doubles with each retry, with full jitter.
INITIAL_RETRY_DELAY = 0.5

#: Upper bound of the exponential backoff, in seconds.
MAX_RETRY_DELAY = 8.0

#: Upper bound on a delay a server asks for with ``Retry-After``, in seconds: an app waiting on a
#: pathologist should not sleep for an hour because a proxy said so.
MAX_RETRY_AFTER_DELAY = 60.0

#: A refreshed ``/token`` access token is replaced this many seconds before it expires ...
TOKEN_REFRESH_MARGIN = 30.0

#: ... or after this fraction of its lifetime is left, whichever comes first for short lifetimes.
TOKEN_REFRESH_FRACTION = 0.1

#: At most this many bytes of an error response body are read (for the error's ``text``),
#: counted after decoding: a compressed error body is inflated no further.
MAX_ERROR_BODY_BYTES = 64 * 1024

#: The largest body a call reads into memory, counted after decoding (slide downloads stream
#: to disk and have no such limit). The largest real answers, lists of results with hundreds
#: of thousands of points, are tens of MiB; a longer body fails the call
#: (``SectraConnectionError``, not retried) instead of filling the app's memory.
MAX_RESPONSE_BODY_BYTES = 256 * 2**20

#: The newest IA-API version this library is written and tested against; sent by default as
#: ``X-Sectra-ApiVersion`` (the version the app declares, not the server's).
LATEST_API_VERSION = "1.10"

API_VERSION_HEADER = "X-Sectra-ApiVersion"
SOFTWARE_VERSION_HEADER = "X-Sectra-SoftwareVersion"


#: The version of this library; the default ``X-Sectra-SoftwareVersion`` when the app names none.
LIBRARY_VERSION = __version__

USER_AGENT = f"sectra-client/{LIBRARY_VERSION}"

#: Tiles fetched at once by default when reading a region or a thumbnail.
DEFAULT_MAX_CONCURRENCY = 8

#: The default longer side of a thumbnail, in pixels.
DEFAULT_THUMBNAIL_SIZE = 1024

#: Slides of a case downloaded at once by default.
DEFAULT_CASE_CONCURRENCY = 4
