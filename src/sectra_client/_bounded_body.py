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

__all__ = [
    "ACCEPTED_ENCODINGS",
    "DECODE_STEP_BYTES",
    "IDENTITY",
    "BodyTooLarge",
    "BoundedBodyReader",
]

ACCEPTED_ENCODINGS = "gzip, deflate"
"""The ``Accept-Encoding`` of every call but the slide downloads."""

IDENTITY = "identity"
"""The ``Accept-Encoding`` of the slide downloads: the bytes as stored, never compressed."""

DECODE_STEP_BYTES = 64 * 1024
"""The most bytes one decompression step may produce."""


class BodyTooLarge(httpx.RequestError):
    """The decoded body passed the limit for bodies read into memory; reading stopped."""


class BoundedBodyReader:
    """Gathers a body from its raw (still encoded) chunks, decoded, up to ``limit`` bytes.

    Feed each chunk to :meth:`feed` until it returns True (stop reading) or the body ends,
    then take :meth:`body`. A body longer than ``limit`` is cut to ``limit`` bytes when
    ``truncate`` (an error's excerpt), else refused (:class:`BodyTooLarge`) and dropped, so
    memory never holds more than ``limit`` bytes and one decoding step.

    Raises:
        httpx.DecodingError: (from the constructor) a ``Content-Encoding`` the client did not
            ask for; (from :meth:`feed`) a body that does not decode.
        BodyTooLarge: (from :meth:`feed`) the body passed ``limit`` and ``truncate`` is false.
    """

    def __init__(self, content_encoding: str | None, limit: int, *, truncate: bool):
        self._decoder = _decoder_for(content_encoding)
        self._limit = limit
        self._truncate = truncate
        self._body = bytearray()

    def feed(self, raw: bytes) -> bool:
        """Decode ``raw`` into the body; True once the body was cut at the limit."""
        for piece in self._decoder.decode(raw):
            room = self._limit - len(self._body)
            if len(piece) <= room:
                self._body += piece
            elif self._truncate:
                self._body += piece[:room]
                return True
            else:
                self._body = bytearray()
                raise BodyTooLarge(
                    f"the response body is larger than {_size(self._limit)}; "
                    "it was not read further"
                )
        return False

    def body(self) -> bytes:
        """The decoded body (at most ``limit`` bytes)."""
        return bytes(self._body)


def _size(byte_count: int) -> str:
    return f"{byte_count // 2**20} MiB" if byte_count >= 2**20 else f"{byte_count} bytes"


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
