"""Reading a response body into memory with a bound on its *decoded* size, decompressing in
bounded steps: a server cannot turn a small compressed body into a large one in memory.

httpx inflates each network read whole: 1 MiB of gzip on the wire can become 1 GiB in one
Python object before anyone can look at its size. Here a body is decoded at most
:data:`DECODE_STEP_BYTES` at a time (zlib's ``max_length``), and reading stops as soon as the
decoded body passes its limit, so memory stays within the limit plus one network read.

The client asks for ``gzip`` and ``deflate`` only (:data:`ACCEPTED_ENCODINGS`), and
``identity`` for slide downloads, whose bodies are written to disk as they arrive and never
decoded. A body in any other coding (``br``, ``zstd``, several codings stacked) was not asked
for and is refused with ``httpx.DecodingError``, as is a body that does not decode.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import httpx

__all__ = ["ACCEPTED_ENCODINGS", "DECODE_STEP_BYTES", "IDENTITY", "BoundedBodyReader"]

ACCEPTED_ENCODINGS = "gzip, deflate"
"""The ``Accept-Encoding`` of every call but the slide downloads."""

IDENTITY = "identity"
"""The ``Accept-Encoding`` of the slide downloads: the bytes as stored, never compressed."""

DECODE_STEP_BYTES = 64 * 1024
"""The most bytes one decompression step may produce."""


class BoundedBodyReader:
    """Gathers a body from its raw (still encoded) chunks, decoded, up to ``limit`` bytes.

    Feed each chunk to :meth:`feed` until it returns True (the body passed ``limit``: stop
    reading) or the body ends; :meth:`body` then holds at most ``limit + 1`` bytes, so that a
    body of exactly ``limit`` bytes can be told from a longer one.

    Raises:
        httpx.DecodingError: (from the constructor) a ``Content-Encoding`` the client did not
            ask for; (from :meth:`feed`) a body that does not decode.
    """

    def __init__(self, content_encoding: str | None, limit: int):
        self._decoder = _decoder_for(content_encoding)
        self._limit = limit
        self._body = bytearray()

    def feed(self, raw: bytes) -> bool:
        """Decode ``raw`` into the body; True once the body is longer than the limit."""
        for piece in self._decoder.decode(raw):
            self._body += piece
            if len(self._body) > self._limit:
                del self._body[self._limit + 1 :]
                return True
        return False

    def body(self) -> bytes:
        """The decoded body, at most ``limit + 1`` bytes."""
        return bytes(self._body)


class _Identity:
    def decode(self, raw: bytes) -> Iterator[bytes]:
        if raw:
            yield raw


class _Zlib:
    """gzip, or deflate (zlib-wrapped, or raw as some servers send it, as httpx accepts)."""

    def __init__(self, encoding: str):
        self._encoding = encoding
        wbits = zlib.MAX_WBITS | 16 if encoding == "gzip" else zlib.MAX_WBITS
        self._inflate = zlib.decompressobj(wbits)
        self._started = False

    def decode(self, raw: bytes) -> Iterator[bytes]:
        try:
            yield from self._steps(raw)
        except zlib.error as exc:
            if self._encoding != "deflate" or self._started:
                raise httpx.DecodingError(f"the {self._encoding} body does not decode") from exc
            self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
            try:
                yield from self._steps(raw)
            except zlib.error as raw_exc:
                raise httpx.DecodingError("the deflate body does not decode") from raw_exc

    def _steps(self, data: bytes) -> Iterator[bytes]:
        while True:
            piece = self._inflate.decompress(data, DECODE_STEP_BYTES)
            if piece:
                self._started = True
                yield piece
            data = self._inflate.unconsumed_tail
            if not data and len(piece) < DECODE_STEP_BYTES:
                return


def _decoder_for(content_encoding: str | None) -> _Identity | _Zlib:
    codings = [
        coding.strip().lower() for coding in (content_encoding or "").split(",") if coding.strip()
    ]
    codings = [coding for coding in codings if coding != IDENTITY]
    if not codings:
        return _Identity()
    if len(codings) == 1 and codings[0] in ("gzip", "deflate"):
        return _Zlib(codings[0])
    raise httpx.DecodingError(
        f"the server sent a body encoded as {', '.join(codings)!r}, which the client did not "
        f"ask for (it accepts {ACCEPTED_ENCODINGS})"
    )
