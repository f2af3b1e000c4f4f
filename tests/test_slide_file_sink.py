"""The slide-file sink: a streamed response body becomes complete files, or nothing partial."""

from __future__ import annotations

import os
import sys
import tracemalloc
from collections.abc import Iterable, Iterator
from pathlib import Path

import httpx
import pytest

from sectra_client._download._sink import SlideFileSink
from sectra_client.errors import DownloadError

BOUNDARY = "sectra-test-boundary"
MULTIPART = f"multipart/related; boundary={BOUNDARY}"


def part(
    data: bytes,
    filename: str | None = None,
    *,
    content_type: str = "application/dicom",
    extra_headers: str = "",
) -> bytes:
    disposition = f'Content-Disposition: attachment; filename="{filename}"\r\n' if filename else ""
    head = f"--{BOUNDARY}\r\n{disposition}Content-Type: {content_type}\r\n{extra_headers}\r\n"
    return head.encode() + data + b"\r\n"


def multipart_body(*parts: bytes, closed: bool = True) -> bytes:
    return b"".join(parts) + (f"--{BOUNDARY}--\r\n".encode() if closed else b"")


def chunked(body: bytes, size: int = 7) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def download(sink: SlideFileSink, chunks: Iterable[bytes]) -> list[Path]:
    with sink:
        for chunk in chunks:
            sink.feed(chunk)
        return sink.finish()


def folder_listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def test_each_part_becomes_a_file_with_exact_contents(tmp_path: Path) -> None:
    contents = {"i0000,0000b.dcm": b"first" * 1000, "i0000,0001b.dcm": b"", "x.dcm": b"\r\n--"}
    body = multipart_body(*(part(data, name) for name, data in contents.items()))
    sink = SlideFileSink(tmp_path, "slide-1", content_type=MULTIPART, content_length=len(body))

    paths = download(sink, chunked(body))

    assert [path.name for path in paths] == list(contents)
    assert all(path.is_absolute() and path.parent == tmp_path.resolve() for path in paths)
    assert {path.name: path.read_bytes() for path in paths} == contents
    assert folder_listing(tmp_path) == sorted(contents)


@pytest.mark.parametrize(
    "content_type",
    [
        f'multipart/mixed; boundary="{BOUNDARY}"',
        f"multipart/form-data; boundary={BOUNDARY}",
        f'multipart/related; type="application/dicom"; boundary={BOUNDARY}',
    ],
)
def test_every_multipart_flavour_is_read(tmp_path: Path, content_type: str) -> None:
    body = multipart_body(part(b"pixels", "a.dcm"))
    paths = download(SlideFileSink(tmp_path, "s", content_type=content_type), [body])
    assert [path.read_bytes() for path in paths] == [b"pixels"]


def test_repeated_names_in_one_download_get_numbered_suffixes(tmp_path: Path) -> None:
    body = multipart_body(part(b"1", "scan.dcm"), part(b"2", "scan.dcm"), part(b"3", "SCAN.dcm"))
    paths = download(SlideFileSink(tmp_path, "s", content_type=MULTIPART), [body])
    assert [path.name for path in paths] == ["scan.dcm", "scan (2).dcm", "SCAN (3).dcm"]
    assert [path.read_bytes() for path in paths] == [b"1", b"2", b"3"]


def test_parts_without_a_usable_name_are_named_after_the_slide_and_numbered(
    tmp_path: Path,
) -> None:
    body = multipart_body(
        part(b"a", "named.dcm"), part(b"b"), part(b"c", "..", content_type="image/tiff")
    )
    paths = download(SlideFileSink(tmp_path, "SLIDE-9", content_type=MULTIPART), [body])
    assert [path.name for path in paths] == ["named.dcm", "SLIDE-9-2.dcm", "SLIDE-9-3.tiff"]


def test_part_names_that_try_to_leave_the_folder_stay_inside_it(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    body = multipart_body(
        part(b"1", "../../escaped.dcm"),
        part(b"2", "/etc/passwd"),
        part(
            b"3", extra_headers="Content-Disposition: attachment; filename*=UTF-8''%2E%2E%2Fx\r\n"
        ),
    )
    paths = download(SlideFileSink(folder, "s", content_type=MULTIPART), [body])
    assert [path.name for path in paths] == ["escaped.dcm", "passwd", "x"]
    assert folder_listing(tmp_path) == ["out"]


def test_single_file_takes_its_name_from_content_disposition(tmp_path: Path) -> None:
    sink = SlideFileSink(
        tmp_path,
        "s",
        content_type="application/octet-stream",
        content_disposition="attachment; filename*=UTF-8''na%C3%AFve%20slide.svs",
        content_length=9,
    )
    paths = download(sink, [b"slide", b"data"])
    assert [path.name for path in paths] == ["naïve slide.svs"]
    assert paths[0].read_bytes() == b"slidedata"


def test_single_file_without_a_name_is_named_after_the_slide(tmp_path: Path) -> None:
    paths = download(SlideFileSink(tmp_path, "SLIDE-7", content_type="image/tiff"), [b"II*\x00"])
    assert [path.name for path in paths] == ["SLIDE-7.tiff"]


def test_single_file_without_content_type_is_binary(tmp_path: Path) -> None:
    paths = download(SlideFileSink(tmp_path, "SLIDE-7", content_type=None), [b"\x00\x01"])
    assert [path.name for path in paths] == ["SLIDE-7.bin"]


def test_empty_single_file_is_written(tmp_path: Path) -> None:
    sink = SlideFileSink(tmp_path, "s", content_type="application/octet-stream", content_length=0)
    paths = download(sink, [])
    assert [path.read_bytes() for path in paths] == [b""]


def test_output_folder_is_created_when_missing(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b"
    download(SlideFileSink(folder, "s", content_type="image/tiff"), [b"x"])
    assert folder_listing(folder) == ["s.tiff"]


def test_truncated_single_file_leaves_nothing_behind(tmp_path: Path) -> None:
    sink = SlideFileSink(tmp_path, "s", content_type="image/tiff", content_length=100)
    with pytest.raises(DownloadError, match="ended after 10 of 100 bytes") as caught:
        download(sink, [b"x" * 10])
    assert caught.value.completed == []
    assert folder_listing(tmp_path) == []


def test_body_longer_than_its_content_length_is_rejected(tmp_path: Path) -> None:
    sink = SlideFileSink(tmp_path, "s", content_type="image/tiff", content_length=4)
    with pytest.raises(DownloadError, match="longer than its Content-Length"):
        download(sink, [b"abc", b"de"])
    assert folder_listing(tmp_path) == []


def test_missing_closing_delimiter_keeps_only_the_finished_files(tmp_path: Path) -> None:
    body = multipart_body(part(b"one", "1.dcm"), part(b"two", "2.dcm"), closed=False)
    body += part(b"three, cut", "3.dcm")[:-5]
    sink = SlideFileSink(tmp_path, "s", content_type=MULTIPART)

    with pytest.raises(DownloadError, match="malformed") as caught:
        download(sink, chunked(body))

    assert [path.name for path in caught.value.completed] == ["1.dcm", "2.dcm"]
    assert folder_listing(tmp_path) == ["1.dcm", "2.dcm"]


def test_part_shorter_than_its_content_length_is_rejected(tmp_path: Path) -> None:
    body = multipart_body(
        part(b"ok", "1.dcm", extra_headers="Content-Length: 2\r\n"),
        part(b"short", "2.dcm", extra_headers="Content-Length: 50\r\n"),
    )
    sink = SlideFileSink(tmp_path, "s", content_type=MULTIPART)
    with pytest.raises(DownloadError, match=r"2\.dcm ended after 5 of its 50 bytes") as caught:
        download(sink, chunked(body))
    assert [path.name for path in caught.value.completed] == ["1.dcm"]
    assert folder_listing(tmp_path) == ["1.dcm"]


def test_part_longer_than_its_content_length_is_rejected(tmp_path: Path) -> None:
    body = multipart_body(part(b"too long", "1.dcm", extra_headers="Content-Length: 3\r\n"))
    with pytest.raises(DownloadError, match="longer than its Content-Length"):
        download(SlideFileSink(tmp_path, "s", content_type=MULTIPART), [body])
    assert folder_listing(tmp_path) == []


def test_part_with_an_invalid_content_length_is_rejected(tmp_path: Path) -> None:
    body = multipart_body(
        part(b"ok", "1.dcm"), part(b"x", "2.dcm", extra_headers="Content-Length: -1\r\n")
    )
    with pytest.raises(DownloadError, match="part 2 has an invalid Content-Length") as caught:
        download(SlideFileSink(tmp_path, "s", content_type=MULTIPART), [body])
    assert [path.name for path in caught.value.completed] == ["1.dcm"]
    assert folder_listing(tmp_path) == ["1.dcm"]


def test_garbage_after_a_delimiter_is_a_download_error(tmp_path: Path) -> None:
    body = part(b"x", "1.dcm") + f"--{BOUNDARY}garbage\r\n".encode()
    with pytest.raises(DownloadError, match="malformed") as caught:
        download(SlideFileSink(tmp_path, "s", content_type=MULTIPART), [body])
    assert [path.name for path in caught.value.completed] == ["1.dcm"]
    assert folder_listing(tmp_path) == ["1.dcm"]


def test_multipart_body_without_parts_is_a_download_error(tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="no files"):
        download(SlideFileSink(tmp_path, "s", content_type=MULTIPART), [multipart_body()])


def test_encoded_part_body_is_refused(tmp_path: Path) -> None:
    body = multipart_body(
        part(b"aGVsbG8=", "1.dcm", extra_headers="Content-Transfer-Encoding: base64\r\n")
    )
    with pytest.raises(DownloadError, match="Content-Transfer-Encoding"):
        download(SlideFileSink(tmp_path, "s", content_type=MULTIPART), [body])
    assert folder_listing(tmp_path) == []


@pytest.mark.parametrize(
    "content_type",
    [
        "text/html; charset=utf-8",
        "application/json",
        "application/problem+json",
        "multipart/alternative; boundary=x",
        "multipart/related",
    ],
)
def test_a_response_that_is_not_slide_files_is_refused_before_anything_is_written(
    tmp_path: Path, content_type: str
) -> None:
    folder = tmp_path / "out"
    with pytest.raises(DownloadError):
        SlideFileSink(folder, "s", content_type=content_type)
    assert not folder.exists()


def test_invalid_content_length_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DownloadError, match="invalid Content-Length"):
        SlideFileSink(tmp_path, "s", content_type="image/tiff", content_length="12abc")


def test_existing_file_is_kept_and_named_when_overwrite_is_off(tmp_path: Path) -> None:
    (tmp_path / "2.dcm").write_bytes(b"older result")
    body = multipart_body(part(b"new 1", "1.dcm"), part(b"new 2", "2.dcm"))
    sink = SlideFileSink(tmp_path, "s", content_type=MULTIPART)

    with pytest.raises(DownloadError, match=r"2\.dcm already exists") as caught:
        download(sink, [body])

    assert [path.name for path in caught.value.completed] == ["1.dcm"]
    assert (tmp_path / "2.dcm").read_bytes() == b"older result"
    assert folder_listing(tmp_path) == ["1.dcm", "2.dcm"]


def test_existing_file_is_replaced_when_overwrite_is_on(tmp_path: Path) -> None:
    (tmp_path / "1.dcm").write_bytes(b"older result")
    body = multipart_body(part(b"new", "1.dcm"))
    download(SlideFileSink(tmp_path, "s", content_type=MULTIPART, overwrite=True), [body])
    assert (tmp_path / "1.dcm").read_bytes() == b"new"
    assert folder_listing(tmp_path) == ["1.dcm"]


def test_an_unfinished_file_exists_only_as_a_hidden_temporary_file(tmp_path: Path) -> None:
    sink = SlideFileSink(tmp_path, "s", content_type="image/tiff", content_length=10)
    sink.feed(b"12345")
    [temporary] = folder_listing(tmp_path)
    assert temporary.startswith(".")
    assert temporary.endswith(".part")
    sink.abort()
    assert folder_listing(tmp_path) == []


def test_abort_is_idempotent_and_keeps_finished_files(tmp_path: Path) -> None:
    sink = SlideFileSink(tmp_path, "s", content_type=MULTIPART)
    sink.feed(part(b"done", "1.dcm") + part(b"half", "2.dcm")[:-10])
    sink.abort()
    sink.abort()
    assert folder_listing(tmp_path) == ["1.dcm"]
    assert sink.completed == [tmp_path.resolve() / "1.dcm"]


def test_leaving_the_with_block_early_removes_the_temporary_file(tmp_path: Path) -> None:
    with SlideFileSink(tmp_path, "s", content_type="image/tiff") as sink:
        sink.feed(b"partial")
    assert folder_listing(tmp_path) == []


def test_fail_turns_an_outside_failure_into_a_download_error(tmp_path: Path) -> None:
    sink = SlideFileSink(tmp_path, "s", content_type=MULTIPART)
    sink.feed(part(b"done", "1.dcm") + part(b"half", "2.dcm")[:-10])

    error = sink.fail("the connection broke during the download")

    assert isinstance(error, DownloadError)
    assert [path.name for path in error.completed] == ["1.dcm"]
    assert "the connection broke" in str(error)
    assert folder_listing(tmp_path) == ["1.dcm"]


def test_feeding_after_finish_is_a_programming_error(tmp_path: Path) -> None:
    sink = SlideFileSink(tmp_path, "s", content_type="image/tiff")
    sink.feed(b"x")
    sink.finish()
    with pytest.raises(RuntimeError):
        sink.feed(b"y")


def test_progress_reports_growing_byte_counts_and_each_file(tmp_path: Path) -> None:
    body = multipart_body(part(b"a" * 5000, "1.dcm"), part(b"b" * 10, "2.dcm"))
    calls: list[tuple[int, int | None, str]] = []
    sink = SlideFileSink(
        tmp_path,
        "s",
        content_type=MULTIPART,
        content_length=len(body),
        progress=lambda done, total, name: calls.append((done, total, name)),
    )

    download(sink, chunked(body, 1000))

    done = [call[0] for call in calls]
    assert done == sorted(done)
    assert done[-1] == len(body)
    assert {call[1] for call in calls} == {len(body)}
    names = [call[2] for call in calls]
    assert names[0] == "1.dcm"
    assert names[-1] == "2.dcm"
    assert names == sorted(names)


def test_from_headers_reads_a_case_insensitive_header_mapping(tmp_path: Path) -> None:
    headers = {
        "content-TYPE": "image/tiff",
        "Content-Disposition": 'attachment; filename="slide.tiff"',
        "CONTENT-LENGTH": "3",
    }
    sink = SlideFileSink.from_headers(tmp_path, "s", headers)
    with pytest.raises(DownloadError, match="ended after 2 of 3 bytes"):
        download(sink, [b"ab"])


def test_from_headers_accepts_httpx_headers(tmp_path: Path) -> None:
    headers = httpx.Headers({"Content-Type": MULTIPART, "Content-Length": "999"})
    sink = SlideFileSink.from_headers(tmp_path, "s", headers)
    with pytest.raises(DownloadError, match="ended after"):
        download(sink, [multipart_body(part(b"x", "1.dcm"))])


def test_from_headers_ignores_the_content_length_of_an_encoded_body(tmp_path: Path) -> None:
    headers = {"Content-Type": "image/tiff", "Content-Encoding": "gzip", "Content-Length": "3"}
    paths = download(SlideFileSink.from_headers(tmp_path, "s", headers), [b"decoded bytes"])
    assert paths[0].read_bytes() == b"decoded bytes"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_finished_files_get_ordinary_permissions(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        [path] = download(SlideFileSink(tmp_path, "s", content_type="image/tiff"), [b"x"])
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644


def streamed_multipart(part_sizes: list[int], chunk_size: int) -> Iterator[bytes]:
    """A multipart body produced and re-chunked lazily, never held whole."""
    block = bytes(range(256)) * (chunk_size // 256)

    def pieces() -> Iterator[bytes]:
        for number, size in enumerate(part_sizes, 1):
            yield part(b"", f"{number}.dcm")[:-2]
            for start in range(0, size, len(block)):
                yield block[: size - start]
            yield b"\r\n"
        yield f"--{BOUNDARY}--\r\n".encode()

    pending = bytearray()
    for piece in pieces():
        pending += piece
        while len(pending) >= chunk_size:
            yield bytes(pending[:chunk_size])
            del pending[:chunk_size]
    yield bytes(pending)


def test_a_large_streamed_body_is_written_in_bounded_memory(tmp_path: Path) -> None:
    mib = 2**20
    part_sizes = [40 * mib, 24 * mib]
    sink = SlideFileSink(tmp_path, "s", content_type=MULTIPART)

    tracemalloc.start()
    try:
        paths = download(sink, streamed_multipart(part_sizes, 64 * 1024))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert [path.stat().st_size for path in paths] == part_sizes
    assert peak < 2 * mib
