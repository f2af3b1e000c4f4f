"""The body of ``GET /slides/{slideId}/files``: slide files streamed in bounded memory.

A slide's files are served in one of four forms (:data:`FilesForm`): ``multipart/related``
(Sectra's usual answer), ``multipart/mixed`` and ``multipart/form-data`` (seen on some
servers), each with one part per file, or a single file as ``application/octet-stream``.
Bodies are produced in :data:`CHUNK_SIZE` pieces as the client reads them, so memory stays flat
whatever the file sizes; ``Content-Length`` is always known and sent.
"""

from __future__ import annotations

import mimetypes
import os
import secrets
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol, get_args
from urllib.parse import quote

import anyio.to_thread

__all__ = [
    "CHUNK_SIZE",
    "FILES_FORMS",
    "DiskFile",
    "FilesBody",
    "FilesForm",
    "GeneratedFile",
    "InMemoryFile",
    "SlideFile",
    "files_body",
]

CHUNK_SIZE = 1 << 20
"""Bytes read from disk (or generated) per piece of a body: 1 MiB."""

FilesForm = Literal["related", "mixed", "form-data", "octet-stream"]
"""How a slide's files are served: a multipart subtype, or ``octet-stream`` for one bare file."""

FILES_FORMS: tuple[str, ...] = get_args(FilesForm)

_PATTERN_PERIOD = 251
_PATTERN = bytes(range(_PATTERN_PERIOD)) * (CHUNK_SIZE // _PATTERN_PERIOD + 2)
_EXTRA_TYPES = {".dcm": "application/dicom", ".svs": "image/tiff", ".ndpi": "image/tiff"}


class SlideFile(Protocol):
    """One file of a slide, as served."""

    @property
    def name(self) -> str:
        """The file name sent in ``Content-Disposition``."""
        ...

    @property
    def content_type(self) -> str:
        """The part's ``Content-Type``."""
        ...

    def current_size(self) -> int:
        """The size in bytes, at the time of the request."""
        ...

    def chunks(self, size: int) -> AsyncIterator[bytes | memoryview]:
        """The first ``size`` bytes, in pieces of at most :data:`CHUNK_SIZE`."""
        ...


@dataclass(frozen=True)
class DiskFile:
    """A file on disk, served under its own name (or ``name``), read as the client reads."""

    path: Path
    name: str = ""
    content_type: str = ""

    def __post_init__(self) -> None:
        path = Path(self.path)
        if not path.is_file():
            raise FileNotFoundError(f"no such slide file: {path}")
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "name", self.name or path.name)
        object.__setattr__(self, "content_type", self.content_type or _guess_type(path.name))

    def current_size(self) -> int:
        """See :meth:`SlideFile.current_size`."""
        return self.path.stat().st_size

    async def chunks(self, size: int) -> AsyncIterator[bytes | memoryview]:
        """See :meth:`SlideFile.chunks`.

        Raises:
            OSError: the file shrank below ``size`` while it was served.
        """
        with open(self.path, "rb", buffering=0) as handle:
            remaining = size
            while remaining:
                chunk = await anyio.to_thread.run_sync(handle.read, min(CHUNK_SIZE, remaining))
                if not chunk:
                    raise OSError(f"{self.path} shrank while it was being served")
                remaining -= len(chunk)
                yield chunk


@dataclass(frozen=True)
class GeneratedFile:
    """A file of any size made up on the fly: it never touches disk or fills memory.

    Byte ``i`` of the file is ``(i + seed) % 251``, so a client's copy can be checked with
    :meth:`read` (251 is prime: a chunk lost or repeated anywhere shows up).

    Attributes:
        name: the file name sent in ``Content-Disposition``.
        size: the size in bytes.
        content_type: the part's ``Content-Type``.
        seed: shifts the byte pattern, so two generated files differ.
    """

    name: str
    size: int
    content_type: str = "application/octet-stream"
    seed: int = 0

    def __post_init__(self) -> None:
        if self.size < 0:
            raise ValueError(f"a file size cannot be negative, got {self.size}")

    def current_size(self) -> int:
        """See :meth:`SlideFile.current_size`."""
        return self.size

    def read(self, offset: int, length: int) -> bytes:
        """The file's bytes ``offset .. offset + length`` (clipped to the file)."""
        length = max(0, min(length, self.size - offset))
        out = bytearray()
        while len(out) < length:
            start = (offset + len(out) + self.seed) % _PATTERN_PERIOD
            out += _PATTERN[start : start + min(CHUNK_SIZE, length - len(out))]
        return bytes(out)

    async def chunks(self, size: int) -> AsyncIterator[bytes | memoryview]:
        """See :meth:`SlideFile.chunks`."""
        pattern = memoryview(_PATTERN)
        offset = 0
        while offset < size:
            length = min(CHUNK_SIZE, size - offset)
            start = (offset + self.seed) % _PATTERN_PERIOD
            yield pattern[start : start + length]
            offset += length


@dataclass(frozen=True)
class InMemoryFile:
    """A small file held in memory (the mock's stand-in for slides without registered files)."""

    name: str
    data: bytes = field(repr=False)
    content_type: str = "application/octet-stream"

    def current_size(self) -> int:
        """See :meth:`SlideFile.current_size`."""
        return len(self.data)

    async def chunks(self, size: int) -> AsyncIterator[bytes | memoryview]:
        """See :meth:`SlideFile.chunks`."""
        view = memoryview(self.data)[:size]
        for start in range(0, len(view), CHUNK_SIZE):
            yield view[start : start + CHUNK_SIZE]


@dataclass(frozen=True)
class FilesBody:
    """A ready-to-send files answer: its headers, exact length and a body that streams."""

    media_type: str
    headers: dict[str, str]
    content_length: int
    body: AsyncIterator[bytes | memoryview]


def files_body(files: Sequence[SlideFile], form: FilesForm, *, truncated: bool) -> FilesBody:
    """The answer serving ``files`` in ``form``.

    ``truncated`` leaves out the closing boundary of a multipart body (a fault for tests); the
    single-file form ignores it.

    Raises:
        ValueError: ``form`` is ``octet-stream`` but there is not exactly one file.
    """
    sizes = [file.current_size() for file in files]
    if form == "octet-stream":
        if len(files) != 1:
            raise ValueError(f"the octet-stream form serves one file, this slide has {len(files)}")
        return FilesBody(
            media_type="application/octet-stream",
            headers={"Content-Disposition": content_disposition("attachment", files[0].name)},
            content_length=sizes[0],
            body=files[0].chunks(sizes[0]),
        )
    boundary = secrets.token_hex(16)
    heads = [
        _part_head(boundary, form, file, size) for file, size in zip(files, sizes, strict=True)
    ]
    closing = b"" if truncated else f"--{boundary}--\r\n".encode()
    length = sum(len(head) + size + 2 for head, size in zip(heads, sizes, strict=True))
    return FilesBody(
        media_type=f"multipart/{form}; boundary={boundary}",
        headers={},
        content_length=length + len(closing),
        body=_multipart_chunks(files, sizes, heads, closing),
    )


def content_disposition(kind: str, filename: str, field_name: str | None = None) -> str:
    """``kind; [name="…";] filename="…"``, adding RFC 5987 ``filename*`` for non-ASCII names."""
    parts = [kind]
    if field_name is not None:
        parts.append(f'name="{field_name}"')
    fallback = filename.encode("ascii", "replace").decode().replace("\\", "_").replace('"', "_")
    fallback = "".join(char if char.isprintable() else "_" for char in fallback)
    parts.append(f'filename="{fallback}"')
    if fallback != filename:
        parts.append(f"filename*=UTF-8''{quote(filename, safe='')}")
    return "; ".join(parts)


async def _multipart_chunks(
    files: Sequence[SlideFile], sizes: Sequence[int], heads: Sequence[bytes], closing: bytes
) -> AsyncIterator[bytes | memoryview]:
    for file, size, head in zip(files, sizes, heads, strict=True):
        yield head
        async for chunk in file.chunks(size):
            yield chunk
        yield b"\r\n"
    if closing:
        yield closing


def _part_head(boundary: str, form: FilesForm, file: SlideFile, size: int) -> bytes:
    if form == "form-data":
        disposition = content_disposition("form-data", file.name, field_name="file")
    else:
        disposition = content_disposition("attachment", file.name)
    return (
        f"--{boundary}\r\n"
        f"Content-Disposition: {disposition}\r\n"
        f"Content-Type: {file.content_type}\r\n"
        f"Content-Length: {size}\r\n\r\n"
    ).encode()


def _guess_type(name: str) -> str:
    extension = os.path.splitext(name)[1].lower()
    if extension in _EXTRA_TYPES:
        return _EXTRA_TYPES[extension]
    return mimetypes.guess_type(name)[0] or "application/octet-stream"
