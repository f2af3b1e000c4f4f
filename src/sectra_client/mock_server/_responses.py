"""Plain-text error replies, as the mock sends them (no error body schema is published)."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.types import Send

__all__ = ["send_text"]


async def send_text(
    send: Send,
    status: int,
    text: str,
    *,
    media_type: str = "text/plain; charset=utf-8",
    headers: Mapping[str, str] | None = None,
) -> None:
    """Send a whole reply with a text body straight to an ASGI ``send``."""
    body = text.encode()
    raw_headers = [
        (b"content-type", media_type.encode("latin-1")),
        (b"content-length", str(len(body)).encode()),
    ]
    raw_headers += [
        (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})
