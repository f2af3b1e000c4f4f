"""Turning the body of ``GET /slides/{id}/files`` into files in a folder (sans-IO).

The sync and async clients open the HTTP stream; :class:`SlideFileSink` does everything else::

    with SlideFileSink.from_headers(output_dir, slide_id, response.headers) as sink:
        try:
            for chunk in response.iter_bytes():
                sink.feed(chunk)
        except httpx.TransportError as error:
            raise sink.fail("the connection broke during the download") from error
        return sink.finish()

The body is either ``multipart/related`` (or ``multipart/mixed``, ``multipart/form-data``) with one
part per file, or one file in any binary type (``application/octet-stream``, ``image/tiff``, ...).
Each file is streamed to a hidden temporary file in the output folder
(``.sectra-download-<random>.part``, locked while it is written: see
:mod:`sectra_client._download._partial_files`) and renamed to its final name only once it is
complete and verified, so the folder never holds a partial file under a real name. Memory use does
not depend on the size of the files.

File names come from each part's ``Content-Disposition`` (``filename*`` preferred), made safe by
:func:`sectra_client._download._filenames.safe_filename`; a file without a usable name is named
after the slide (``<slide id>.tiff``, or ``<slide id>-<n>.dcm`` for the n-th part). A name repeated
within one download gets a counter (``scan (2).dcm``). Final files get the permissions an ordinary
``open()`` would give (``0o666`` less the umask).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sectra_client._download._filenames import (
    UniqueNames,
    fallback_filename,
    filename_from_content_disposition,
    safe_filename,
)
from sectra_client._download._multipart import (
    MultipartFramingError,
    MultipartReader,
    PartData,
    PartHeaders,
    PartStarted,
    boundary_from_content_type,
)
from sectra_client._download._partial_files import create_temporary_file
from sectra_client._download._progress import ProgressCallback
from sectra_client.errors import DownloadError, OutputFileExistsError

__all__ = ["ProgressCallback", "SlideFileSink"]

_MULTIPART_TYPES = frozenset({"multipart/related", "multipart/mixed", "multipart/form-data"})
_TEXT_TYPES = frozenset(
    {
        "application/javascript",
        "application/json",
        "application/x-www-form-urlencoded",
        "application/xml",
    }
)
_PLAIN_TRANSFER_ENCODINGS = frozenset({"binary", "8bit", "7bit"})
# POSIX renames an open file; keeping it open keeps it locked until it has its final name.
_RENAME_WHILE_OPEN = os.name == "posix"

WRITE_BYTES = 256 * 1024
"""The most bytes handed to one ``write``: the kernel copies a 256 KiB piece into the page
cache at about a third of the cost of a 1 MiB one (measured here: 0.35 s against 1-2.5 s per
GiB), while 16 KiB pieces cost twice as much in system calls."""


@dataclass(slots=True)
class _FileInProgress:
    name: str
    final_path: Path
    temporary_path: Path
    descriptor: int
    declared_length: int | None
    written: int = 0


class SlideFileSink:
    """Writes the body of a slide-files response, fed chunk by chunk, to files in a folder.

    Call :meth:`feed` with every chunk of the body in order, then :meth:`finish`, which returns
    the paths of the files written. Used as a context manager, the sink aborts (removes its
    temporary file) when the block exits by an exception or without :meth:`finish`.

    Every failure raises :class:`~sectra_client.errors.DownloadError` after removing the
    temporary file of the file being written; files finished before the failure are kept and
    listed in its ``completed``.
    """

    def __init__(
        self,
        output_dir: str | os.PathLike[str],
        slide_id: str,
        *,
        content_type: str | None,
        content_disposition: str | None = None,
        content_length: int | str | None = None,
        progress: ProgressCallback | None = None,
        overwrite: bool = False,
    ) -> None:
        """Prepare to write the files of one response.

        Args:
            output_dir: the folder to write into; created (with its parents) when the first
                file starts.
            slide_id: names files the server does not name usably.
            content_type: the response's Content-Type; None is read as
                ``application/octet-stream``.
            content_disposition: the response's Content-Disposition (single-file form only).
            content_length: the response's Content-Length (of the bytes that will be fed), or
                None when unknown.
            progress: called after every chunk once a file has begun, and when each file is
                finished; see :class:`ProgressCallback`.
            overwrite: True replaces an existing file of the same name when the new file is
                finished. False (the default) never replaces one: the download fails with a
                DownloadError naming the file before anything of that file is written.

        Raises:
            DownloadError: the Content-Type is not slide files (an HTML or JSON page, another
                multipart type, a multipart type without a boundary) or the Content-Length is
                not a number.
        """
        self._output_dir = Path(output_dir)
        self._slide_id = slide_id
        self._content_type = content_type
        self._content_disposition = content_disposition
        try:
            self._declared_length = _parse_length(content_length)
        except ValueError:
            raise DownloadError("the response has an invalid Content-Length") from None
        self._progress = progress
        self._overwrite = overwrite
        self._reader = _multipart_reader_for(content_type)
        self._names = UniqueNames()
        self._folder: Path | None = None
        self._current: _FileInProgress | None = None
        self._last_name = ""
        self._files_started = 0
        self._received = 0
        self._completed: list[Path] = []
        self._closed = False

    @classmethod
    def from_headers(
        cls,
        output_dir: str | os.PathLike[str],
        slide_id: str,
        headers: Mapping[str, str],
        *,
        progress: ProgressCallback | None = None,
        overwrite: bool = False,
    ) -> SlideFileSink:
        """A sink for a response with these headers (an ``httpx.Headers`` or any mapping).

        Feed it the decoded body (``response.iter_bytes()``). The Content-Length is checked
        only when the body has no Content-Encoding, since it counts the encoded bytes.
        """
        by_name = {name.lower(): value for name, value in headers.items()}
        encoding = by_name.get("content-encoding", "").strip().lower()
        return cls(
            output_dir,
            slide_id,
            content_type=by_name.get("content-type"),
            content_disposition=by_name.get("content-disposition"),
            content_length=by_name.get("content-length") if encoding in ("", "identity") else None,
            progress=progress,
            overwrite=overwrite,
        )

    @property
    def completed(self) -> list[Path]:
        """The files finished so far, in the order received."""
        return list(self._completed)

    def feed(self, chunk: bytes) -> None:
        """Consume the next chunk of the body.

        Raises:
            DownloadError: the body is malformed, longer than declared, names a file that
                exists (with ``overwrite=False``), or a file cannot be written.
            RuntimeError: the sink was already finished or aborted.
        """
        self._check_open()
        try:
            self._received += len(chunk)
            if self._declared_length is not None and self._received > self._declared_length:
                raise self.fail(
                    f"the response is longer than its Content-Length of "
                    f"{self._declared_length} bytes"
                )
            if self._reader is None:
                if self._current is None:
                    self._start_single_file()
                self._write(memoryview(chunk))
            else:
                for event in self._reader.feed(chunk):
                    if isinstance(event, PartData):
                        self._write(event.data)
                    elif isinstance(event, PartStarted):
                        self._start_part(event.headers)
                    else:
                        self._finish_file()
            if self._last_name:
                self._report()
        except BaseException as error:
            converted = self._converted(error)
            if converted is None:
                raise
            raise converted from error

    def finish(self) -> list[Path]:
        """Verify that the body was complete and return the paths of the files written.

        The paths are absolute, in the order the files were received.

        Raises:
            DownloadError: the body was cut short (no closing multipart delimiter, fewer bytes
                than its Content-Length) or held no file.
            RuntimeError: the sink was already finished or aborted.
        """
        self._check_open()
        try:
            if self._reader is None:
                if self._current is None:
                    self._start_single_file()
                self._check_complete_length()
                self._finish_file()
            else:
                self._reader.finish()
                self._check_complete_length()
                if not self._completed:
                    raise self.fail("the response contained no files")
        except BaseException as error:
            converted = self._converted(error)
            if converted is None:
                raise
            raise converted from error
        self._closed = True
        return list(self._completed)

    def abort(self) -> None:
        """Stop the download and remove the temporary file of the file being written.

        Finished files are kept. Calling it again, or after :meth:`finish`, does nothing.
        """
        self._closed = True
        current, self._current = self._current, None
        if current is None:
            return
        if current.descriptor >= 0:
            with contextlib.suppress(OSError):
                os.close(current.descriptor)
        with contextlib.suppress(OSError):
            os.unlink(current.temporary_path)

    def fail(self, reason: str) -> DownloadError:
        """Abort, and return the :class:`DownloadError` to raise for ``reason``.

        For failures outside the sink, such as a broken connection:
        ``raise sink.fail("the connection broke during the download") from error``.
        """
        self.abort()
        return DownloadError(reason, self._completed)

    def __enter__(self) -> SlideFileSink:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.abort()

    def _refuse_existing(self, name: str) -> OutputFileExistsError:
        self.abort()
        return OutputFileExistsError(name, self._completed)

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError("this download was already finished or aborted")

    def _converted(self, error: BaseException) -> DownloadError | None:
        """Abort; return the DownloadError to raise instead of ``error``, or None to re-raise."""
        if isinstance(error, MultipartFramingError):
            return self.fail(f"the multipart response is malformed: {error}")
        if isinstance(error, OSError):
            file = f" {self._current.name}" if self._current is not None else ""
            return self.fail(f"could not write{file} in the output folder: {_describe(error)}")
        self.abort()
        return None

    def _start_single_file(self) -> None:
        suggested = filename_from_content_disposition(self._content_disposition)
        name = safe_filename(suggested) if suggested else None
        self._open_file(name or fallback_filename(self._slide_id, self._content_type), None)

    def _start_part(self, headers: PartHeaders) -> None:
        number = self._files_started + 1
        transfer_encoding = (headers.get("Content-Transfer-Encoding") or "binary").strip().lower()
        if transfer_encoding not in _PLAIN_TRANSFER_ENCODINGS:
            raise self.fail(f"part {number} has an unsupported Content-Transfer-Encoding")
        suggested = filename_from_content_disposition(headers.get("Content-Disposition"))
        name = safe_filename(suggested) if suggested else None
        if name is None:
            name = fallback_filename(self._slide_id, headers.get("Content-Type"), number)
        try:
            declared_length = _parse_length(headers.get("Content-Length"))
        except ValueError:
            raise self.fail(f"part {number} has an invalid Content-Length") from None
        self._open_file(name, declared_length)

    def _open_file(self, suggested_name: str, declared_length: int | None) -> None:
        self._files_started += 1
        name = self._names.claim(suggested_name)
        folder = self._ensure_folder()
        final_path = folder / name
        if name in (".", "..") or final_path.parent != folder or final_path.name != name:
            raise self.fail("a file name would have left the output folder")
        if not self._overwrite and os.path.lexists(final_path):
            raise self._refuse_existing(name)
        descriptor, temporary_path = create_temporary_file(folder)
        self._current = _FileInProgress(
            name, final_path, temporary_path, descriptor, declared_length
        )
        self._last_name = name

    def _write(self, data: memoryview) -> None:
        current = self._current
        assert current is not None
        size = len(data)
        current.written += size
        if current.declared_length is not None and current.written > current.declared_length:
            raise self.fail(
                f"{current.name} is longer than its Content-Length of "
                f"{current.declared_length} bytes"
            )
        offset = 0
        while offset < size:
            offset += os.write(current.descriptor, data[offset : offset + WRITE_BYTES])

    def _finish_file(self) -> None:
        current = self._current
        assert current is not None
        if current.declared_length is not None and current.written != current.declared_length:
            raise self.fail(
                f"{current.name} ended after {current.written} of its "
                f"{current.declared_length} bytes"
            )
        if not _RENAME_WHILE_OPEN:
            self._close_current()
        if not self._overwrite and os.path.lexists(current.final_path):
            raise self._refuse_existing(current.name)
        os.replace(current.temporary_path, current.final_path)
        self._close_current()
        self._current = None
        self._completed.append(current.final_path)
        self._report()

    def _close_current(self) -> None:
        current = self._current
        assert current is not None
        if current.descriptor >= 0:
            descriptor, current.descriptor = current.descriptor, -1
            os.close(descriptor)

    def _check_complete_length(self) -> None:
        expected = self._declared_length
        if expected is not None and self._received != expected:
            raise self.fail(f"the response ended after {self._received} of {expected} bytes")

    def _ensure_folder(self) -> Path:
        if self._folder is None:
            self._output_dir.mkdir(parents=True, exist_ok=True)
            self._folder = self._output_dir.resolve()
        return self._folder

    def _report(self) -> None:
        if self._progress is not None:
            self._progress(self._received, self._declared_length, self._last_name)


def _multipart_reader_for(content_type: str | None) -> MultipartReader | None:
    """A reader for a multipart Content-Type; None for the single-file form."""
    media_type = (content_type or "application/octet-stream").split(";", 1)[0].strip().lower()
    if media_type in _MULTIPART_TYPES:
        try:
            return MultipartReader(boundary_from_content_type(content_type or ""))
        except MultipartFramingError as error:
            raise DownloadError(f"the multipart response is unusable: {error}") from None
    if (
        media_type.startswith(("multipart/", "text/"))
        or media_type.endswith(("+json", "+xml"))
        or media_type in _TEXT_TYPES
    ):
        raise DownloadError(f"the server answered with {media_type[:100]!r} instead of slide files")
    return None


def _parse_length(value: int | str | None) -> int | None:
    """A Content-Length as a number of bytes; raises ValueError when it is not one."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            raise ValueError("not a byte count")
        value = int(text)
    if value < 0:
        raise ValueError("not a byte count")
    return value


def _describe(error: OSError) -> str:
    """An OSError without its file paths (the output folder may be named after a patient)."""
    return error.strerror or type(error).__name__
