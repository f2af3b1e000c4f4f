"""An incremental reader of RFC 2046 multipart bodies, fed in chunks of any size (sans-IO).

The reader never holds a part's body: :meth:`MultipartReader.feed` returns the body bytes as
memoryview slices of the chunk it was given, so memory stays bounded by the chunk size plus
the header cap. Framing problems raise :class:`MultipartFramingError`.

What is accepted:

- a preamble before the first delimiter and an epilogue after the closing one (both ignored);
- transport padding (spaces and tabs) after a delimiter;
- CRLF line ends, and bare LF in a part's header block and at the end of a delimiter line;
- header blocks up to ``max_header_bytes`` (16 KiB by default), with folded lines;
- a body with no parts at all (``--boundary--`` right away): the caller decides if that is an
  error.

A part whose headers declare a ``Content-Length`` of at least :data:`COUNTED_PART_MIN_BYTES`
is read by its length: that many bytes are passed on without searching them for the delimiter
(otherwise the bulk of a large download's CPU), and the delimiter must follow right after them,
or the body is a framing error. Other parts are searched for the delimiter, which costs little
for small parts and tells their consumer exactly how long they really were.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import Message
from enum import Enum, auto

__all__ = [
    "COUNTED_PART_MIN_BYTES",
    "DEFAULT_MAX_HEADER_BYTES",
    "MultipartEvent",
    "MultipartFramingError",
    "MultipartReader",
    "PartData",
    "PartEnded",
    "PartHeaders",
    "PartStarted",
    "boundary_from_content_type",
]

DEFAULT_MAX_HEADER_BYTES = 16 * 1024
COUNTED_PART_MIN_BYTES = 64 * 1024
"""The smallest declared part length that is read by length rather than searched."""
_MAX_BOUNDARY_CHARS = 256
_MAX_DELIMITER_LINE_BYTES = 1024
_HEADER_NAME = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_BLANK_LINE = re.compile(rb"\n\r?\n")


class MultipartFramingError(ValueError):
    """The body does not follow the multipart framing of RFC 2046."""


def boundary_from_content_type(content_type: str) -> bytes:
    """The ``boundary`` parameter of a ``multipart/*`` Content-Type, as bytes.

    The parameter may be quoted. RFC 2046 limits boundaries to 70 characters of a small set;
    any printable ASCII up to 256 characters is accepted here, as long as it does not end in a
    space.

    Raises:
        MultipartFramingError: the parameter is missing, empty or not printable ASCII.
    """
    message = Message()
    message["Content-Type"] = content_type
    boundary = message.get_boundary()
    if not boundary:
        raise MultipartFramingError("the multipart Content-Type has no boundary parameter")
    if (
        len(boundary) > _MAX_BOUNDARY_CHARS
        or not boundary.isascii()
        or not boundary.isprintable()
        or boundary.endswith(" ")
    ):
        raise MultipartFramingError("the multipart boundary parameter is invalid")
    return boundary.encode("ascii")


@dataclass(frozen=True, slots=True)
class PartHeaders:
    """The header fields of one part, in the order sent.

    Names keep the case they were sent in; values are stripped of surrounding whitespace and
    decoded as UTF-8, or as ISO-8859-1 when they are not valid UTF-8.
    """

    fields: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str | None:
        """The value of the first field called ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        for field_name, value in self.fields:
            if field_name.lower() == wanted:
                return value
        return None


@dataclass(slots=True)
class PartStarted:
    """A part begins; its body follows as :class:`PartData` events."""

    headers: PartHeaders


@dataclass(slots=True)
class PartData:
    """A piece of the current part's body.

    ``data`` is usually a view into the chunk passed to :meth:`MultipartReader.feed`: use it
    (write it, copy it) before feeding the next chunk, and never keep it.
    """

    data: memoryview


@dataclass(slots=True)
class PartEnded:
    """The current part is complete: its closing delimiter was seen."""


MultipartEvent = PartStarted | PartData | PartEnded


class _State(Enum):
    PREAMBLE = auto()
    DELIMITER_LINE = auto()
    HEADERS = auto()
    BODY = auto()
    COUNTED_BODY = auto()
    COUNTED_DELIMITER = auto()
    EPILOGUE = auto()


class MultipartReader:
    """Splits a multipart body, fed in chunks, into parts.

    Feed every chunk of the body to :meth:`feed` in order, then call :meth:`finish`. Each call
    to :meth:`feed` returns the events the chunk completes: :class:`PartStarted` (with the
    part's headers), any number of :class:`PartData`, then :class:`PartEnded`. Chunks can be
    split anywhere, down to one byte.
    """

    def __init__(
        self,
        boundary: bytes,
        *,
        max_header_bytes: int = DEFAULT_MAX_HEADER_BYTES,
        counted_min_bytes: int = COUNTED_PART_MIN_BYTES,
    ):
        """Start reading a body delimited by ``boundary``.

        Args:
            boundary: the boundary from the Content-Type, without the leading ``--``.
            max_header_bytes: the largest header block one part may have, in bytes (its
                header lines with their line ends, not the blank line that ends the block).
            counted_min_bytes: parts declaring a ``Content-Length`` of at least this many
                bytes are read by length, not searched (see the module's docstring).

        Raises:
            MultipartFramingError: the boundary is empty or contains a line end.
        """
        if not boundary or b"\r" in boundary or b"\n" in boundary:
            raise MultipartFramingError("the multipart boundary is empty or contains a line end")
        self._delimiter = b"\r\n--" + boundary
        self._max_header_bytes = max_header_bytes
        self._counted_min_bytes = counted_min_bytes
        self._state = _State.PREAMBLE
        # The body is read as if it began with CRLF, so a delimiter on its first line is found.
        self._tail = b"\r\n"
        self._line = bytearray()
        self._header_block = bytearray()
        self._header_scan_from = 0
        self._remaining = 0
        self._error: MultipartFramingError | None = None

    def feed(self, chunk: bytes) -> list[MultipartEvent]:
        """Consume the next chunk of the body and return the events it completes.

        When the chunk completes some events and then breaks the framing, those events are
        returned and the error is raised by the next call to :meth:`feed` or :meth:`finish`, so
        every part that ended before the error is reported whatever the chunking.

        Raises:
            MultipartFramingError: the bytes so far cannot be a multipart body.
        """
        if self._error is not None:
            raise MultipartFramingError(str(self._error))
        events: list[MultipartEvent] = []
        position = 0
        end = len(chunk)
        try:
            while position < end:
                state = self._state
                if state is _State.COUNTED_BODY:
                    position = self._pass_counted_body(chunk, position, events)
                elif state is _State.BODY or state is _State.PREAMBLE:
                    position = self._scan_for_delimiter(chunk, position, events)
                elif state is _State.COUNTED_DELIMITER:
                    position = self._expect_delimiter(chunk, position, events)
                elif state is _State.DELIMITER_LINE:
                    position = self._read_delimiter_line(chunk, position)
                elif state is _State.HEADERS:
                    position = self._read_header_block(chunk, position, events)
                else:
                    break
        except MultipartFramingError as error:
            self._error = error
            if not events:
                raise
        return events

    def finish(self) -> None:
        """Declare the end of the body.

        Raises:
            MultipartFramingError: the framing broke, or the closing delimiter
                ``--boundary--`` was not seen.
        """
        if self._error is not None:
            raise MultipartFramingError(str(self._error))
        state = self._state
        if state is _State.EPILOGUE:
            return
        if state is _State.PREAMBLE:
            raise MultipartFramingError("the body contains no multipart delimiter")
        if state in (_State.BODY, _State.COUNTED_BODY, _State.COUNTED_DELIMITER):
            raise MultipartFramingError("the body ended inside a part, before its delimiter")
        if state is _State.HEADERS:
            raise MultipartFramingError("the body ended inside a part's headers")
        raise MultipartFramingError("the body ended on a delimiter line")

    def _scan_for_delimiter(self, chunk: bytes, position: int, events: list[MultipartEvent]) -> int:
        """Pass on (in BODY) or skip (in PREAMBLE) bytes up to the next delimiter."""
        delimiter = self._delimiter
        emit = self._state is _State.BODY
        tail = self._tail
        if tail:
            # ``tail`` is a proper prefix of the delimiter held back from earlier chunks. The
            # delimiter holds one CR, at its start, so no other delimiter can start inside it.
            needed = len(delimiter) - len(tail)
            piece = chunk[position : position + needed]
            if delimiter.startswith(piece, len(tail)):
                if len(piece) < needed:
                    self._tail = tail + piece
                    return len(chunk)
                self._tail = b""
                self._on_delimiter(events)
                return position + needed
            self._tail = b""
            if emit:
                events.append(PartData(memoryview(tail)))
        found = chunk.find(delimiter, position)
        if found != -1:
            if emit and found > position:
                events.append(PartData(memoryview(chunk)[position:found]))
            self._on_delimiter(events)
            return found + len(delimiter)
        data_end = len(chunk)
        last_cr = chunk.rfind(b"\r", max(position, data_end - len(delimiter) + 1))
        if last_cr != -1 and delimiter.startswith(chunk[last_cr:]):
            self._tail = bytes(chunk[last_cr:])
            data_end = last_cr
        if emit and data_end > position:
            events.append(PartData(memoryview(chunk)[position:data_end]))
        return len(chunk)

    def _pass_counted_body(self, chunk: bytes, position: int, events: list[MultipartEvent]) -> int:
        """Pass on the rest of a part whose length is declared, without searching it."""
        end = min(len(chunk), position + self._remaining)
        if end > position:
            events.append(PartData(memoryview(chunk)[position:end]))
            self._remaining -= end - position
        if not self._remaining:
            self._state = _State.COUNTED_DELIMITER
        return end

    def _expect_delimiter(self, chunk: bytes, position: int, events: list[MultipartEvent]) -> int:
        """Match the delimiter that must follow a part of declared length (``_tail`` holds
        what of it earlier chunks matched)."""
        delimiter = self._delimiter
        matched = len(self._tail)
        piece = chunk[position : position + len(delimiter) - matched]
        if not delimiter.startswith(piece, matched):
            raise MultipartFramingError("a part does not end where its Content-Length says")
        if matched + len(piece) < len(delimiter):
            self._tail += piece
        else:
            self._tail = b""
            self._on_delimiter(events)
        return position + len(piece)

    def _on_delimiter(self, events: list[MultipartEvent]) -> None:
        if self._state is not _State.PREAMBLE:
            events.append(PartEnded())
        self._state = _State.DELIMITER_LINE
        self._line.clear()

    def _read_delimiter_line(self, chunk: bytes, position: int) -> int:
        """Read what follows a delimiter: ``--`` (the close) or padding and a line end."""
        line = self._line
        already = len(line)
        line += chunk[position : position + _MAX_DELIMITER_LINE_BYTES - already]
        if line.startswith(b"--"):
            self._state = _State.EPILOGUE
            return len(chunk)
        if line == b"-":
            return len(chunk)
        rest = bytes(line.lstrip(b" \t"))
        if rest in (b"", b"\r"):
            if len(line) >= _MAX_DELIMITER_LINE_BYTES:
                raise MultipartFramingError("a multipart delimiter line is too long")
            return len(chunk)
        if rest.startswith(b"\r\n"):
            line_length = len(line) - len(rest) + 2
        elif rest.startswith(b"\n"):
            line_length = len(line) - len(rest) + 1
        else:
            raise MultipartFramingError("unexpected bytes after a multipart delimiter")
        self._state = _State.HEADERS
        self._header_block.clear()
        self._header_scan_from = 0
        return position + line_length - already

    def _read_header_block(self, chunk: bytes, position: int, events: list[MultipartEvent]) -> int:
        """Collect a part's header block up to its blank line, within the size cap."""
        block = self._header_block
        already = len(block)
        limit = self._max_header_bytes + 2
        block += chunk[position : position + limit - already]
        if block.startswith(b"\r\n"):
            headers_end, body_start = 0, 2
        elif block.startswith(b"\n"):
            headers_end, body_start = 0, 1
        else:
            match = _BLANK_LINE.search(block, self._header_scan_from)
            if match is None:
                if len(block) >= limit:
                    raise MultipartFramingError("a part's header block exceeds the size limit")
                self._header_scan_from = max(0, len(block) - 2)
                return len(chunk)
            headers_end, body_start = match.start(), match.end()
            if headers_end + 1 > self._max_header_bytes:
                raise MultipartFramingError("a part's header block exceeds the size limit")
        headers = _parse_header_block(bytes(block[:headers_end]))
        events.append(PartStarted(headers))
        length = _declared_length(headers)
        if length is None or length < self._counted_min_bytes:
            self._state = _State.BODY
        else:
            self._state = _State.COUNTED_BODY
            self._remaining = length
        block.clear()
        return position + body_start - already


def _parse_header_block(block: bytes) -> PartHeaders:
    fields: list[tuple[str, str]] = []
    if not block:
        return PartHeaders(())
    for raw_line in block.split(b"\n"):
        line = raw_line.rstrip(b"\r")
        if line[:1] in (b" ", b"\t") and fields:
            name, value = fields[-1]
            continued = _decode_header_bytes(line.strip(b" \t"))
            fields[-1] = (name, f"{value} {continued}" if value else continued)
            continue
        name_bytes, colon, value_bytes = line.partition(b":")
        name_bytes = name_bytes.rstrip(b" \t")
        if not colon or _HEADER_NAME.fullmatch(name_bytes) is None:
            raise MultipartFramingError("a part header line is malformed")
        fields.append((name_bytes.decode("ascii"), _decode_header_bytes(value_bytes.strip(b" \t"))))
    return PartHeaders(tuple(fields))


def _declared_length(headers: PartHeaders) -> int | None:
    """The part's ``Content-Length`` in bytes; None when absent or not a plain number."""
    value = (headers.get("Content-Length") or "").strip()
    if not value or len(value) > 19 or not (value.isascii() and value.isdigit()):
        return None
    return int(value)


def _decode_header_bytes(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
