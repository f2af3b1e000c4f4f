"""Reading a request body with a size limit, without ever holding more than the limit.

Webhooks are not signed: anyone who can reach the app can post to it. A body declared larger
than the limit is refused before any of it is read; a chunked body is counted as it streams in
and refused the moment it passes the limit. Either way the rest is never read, and the reply
closes the connection.
"""

from __future__ import annotations

from starlette.requests import Request

__all__ = ["DEFAULT_MAX_BODY_BYTES", "BodyTooLarge", "read_body"]

DEFAULT_MAX_BODY_BYTES = 16 * 2**20
"""16 MiB. A real invocation is a few kilobytes; a ``modify`` carries the whole result, about
4 MiB for a result of 200,000 polygon points."""


class BodyTooLarge(Exception):
    """The request body is larger than the limit (the message names the limit, in bytes)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than this app accepts ({limit} bytes)")
        self.limit = limit


async def read_body(request: Request, limit: int) -> bytes:
    """The request's body, if it is at most ``limit`` bytes long.

    Raises:
        BodyTooLarge: its ``Content-Length`` exceeds ``limit`` (nothing of it was read), or
            more than ``limit`` bytes arrived (nothing after that was read).
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(limit)
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise BodyTooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)
