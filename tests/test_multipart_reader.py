"""The incremental multipart reader: framing per RFC 2046, at any chunking, with bounded memory."""

from __future__ import annotations

import itertools
import string
from collections.abc import Iterable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sectra_client._download._multipart import (
    MultipartFramingError,
    MultipartReader,
    PartData,
    PartEnded,
    PartStarted,
    boundary_from_content_type,
)

Headers = tuple[tuple[str, str], ...]
Part = tuple[Headers, bytes]

BOUNDARY_CHARACTERS = string.ascii_letters + string.digits + "'()+_,-./:=? "
HEADER_NAME_CHARACTERS = string.ascii_letters + string.digits + "!#$%&'*+-.^_`|~"
HEADER_VALUE_CHARACTERS = (
    string.ascii_letters + string.digits + " \t!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~é中"
)


def read_parts(reader: MultipartReader, chunks: Iterable[bytes]) -> list[Part]:
    """Feed every chunk and finish; the parts as (header fields, body)."""
    parts: list[tuple[Headers, bytearray]] = []
    open_part = False
    for chunk in chunks:
        for event in reader.feed(chunk):
            if isinstance(event, PartStarted):
                assert not open_part
                parts.append((event.headers.fields, bytearray()))
                open_part = True
            elif isinstance(event, PartData):
                assert open_part
                parts[-1][1].extend(event.data)
            else:
                assert open_part
                open_part = False
    reader.finish()
    assert not open_part
    return [(headers, bytes(body)) for headers, body in parts]


def split_at(body: bytes, points: Iterable[int]) -> list[bytes]:
    edges = [0, *sorted(set(points)), len(body)]
    return [body[start:end] for start, end in itertools.pairwise(edges)]


def one_byte_chunks(body: bytes) -> list[bytes]:
    return [body[index : index + 1] for index in range(len(body))]


def build_body(
    boundary: bytes,
    parts: Sequence[Part],
    *,
    preamble: bytes = b"",
    epilogue: bytes | None = None,
    padding: bytes = b"",
) -> bytes:
    pieces = [preamble + b"\r\n" if preamble else b""]
    for index, (headers, body) in enumerate(parts):
        if index:
            pieces.append(b"\r\n")
        pieces.append(b"--" + boundary + padding + b"\r\n")
        for name, value in headers:
            pieces.append(f"{name}: {value}\r\n".encode())
        pieces.append(b"\r\n" + body)
    pieces.append((b"\r\n" if parts else b"") + b"--" + boundary + b"--")
    if epilogue is not None:
        pieces.append(padding + b"\r\n" + epilogue)
    return b"".join(pieces)


@st.composite
def multipart_bodies(draw: st.DrawFn) -> tuple[bytes, list[Part], bytes]:
    """A boundary, parts whose bodies hold near-delimiters, and the serialised body."""
    boundary_text = draw(
        st.text(BOUNDARY_CHARACTERS, min_size=1, max_size=70).filter(
            lambda text: not text.endswith(" ")
        )
    )
    boundary = boundary_text.encode()
    delimiter = b"\r\n--" + boundary
    near_misses = [delimiter[:length] for length in range(len(delimiter))]
    near_misses += [b"--" + boundary, b"\n--" + boundary, b"\r\n--" + boundary[:-1] + b"\x00"]
    data_pieces = st.one_of(st.binary(max_size=64), st.sampled_from(near_misses))
    headers = st.lists(
        st.tuples(
            st.text(HEADER_NAME_CHARACTERS, min_size=1, max_size=20),
            st.text(HEADER_VALUE_CHARACTERS, max_size=30).map(lambda value: value.strip(" \t")),
        ),
        max_size=3,
    ).map(tuple)
    part_bodies = st.lists(data_pieces, max_size=6).map(b"".join)
    parts = draw(
        st.lists(
            st.tuples(headers, part_bodies.filter(lambda body: delimiter not in b"\r\n" + body)),
            max_size=5,
        )
    )
    preamble = draw(
        st.one_of(st.just(b""), st.binary(max_size=40), st.sampled_from(near_misses)).filter(
            lambda text: delimiter not in b"\r\n" + text
        )
    )
    epilogue = draw(st.one_of(st.none(), st.binary(max_size=40), st.sampled_from(near_misses)))
    padding = draw(st.sampled_from([b"", b" ", b"\t", b" \t  "]))
    body = build_body(boundary, parts, preamble=preamble, epilogue=epilogue, padding=padding)
    return boundary, parts, body


@settings(max_examples=250, deadline=None)
@given(case=multipart_bodies(), data=st.data())
def test_reader_returns_the_parts_sent_whatever_the_chunking(
    case: tuple[bytes, list[Part], bytes], data: st.DataObject
) -> None:
    boundary, parts, body = case
    split_points = data.draw(st.lists(st.integers(0, len(body)), max_size=12))
    for chunks in ([body], one_byte_chunks(body), split_at(body, split_points)):
        assert read_parts(MultipartReader(boundary), chunks) == parts


def test_reader_passes_part_bodies_as_views_of_the_fed_chunk() -> None:
    chunk = b"--b\r\n\r\n" + b"x" * 1000 + b"\r\n--b--"
    events = MultipartReader(b"b").feed(chunk)
    data = [event.data for event in events if isinstance(event, PartData)]
    assert len(data) == 1
    assert data[0].obj is chunk


def test_reader_yields_start_data_end_for_each_part() -> None:
    events = MultipartReader(b"b").feed(b"--b\r\nA: 1\r\n\r\nxy\r\n--b--")
    assert [type(event) for event in events] == [PartStarted, PartData, PartEnded]


def test_reader_accepts_a_body_without_parts() -> None:
    assert read_parts(MultipartReader(b"b"), [b"--b--\r\n"]) == []


def test_reader_ignores_preamble_and_epilogue() -> None:
    body = b"This is a preamble.\r\n--b\r\n\r\nbody\r\n--b--\r\nThis is the epilogue.\r\n--b\r\n"
    assert read_parts(MultipartReader(b"b"), [body]) == [((), b"body")]


def test_reader_unfolds_folded_header_lines() -> None:
    body = b'--b\r\nContent-Disposition: attachment;\r\n\tfilename="x.dcm"\r\n\r\n\r\n--b--'
    [(headers, _)] = read_parts(MultipartReader(b"b"), [body])
    assert headers == (("Content-Disposition", 'attachment; filename="x.dcm"'),)


def test_reader_tolerates_bare_line_feeds_in_headers() -> None:
    body = b"--b\nContent-Type: image/tiff\nX-A: 1\n\nbody\r\n--b--"
    [(headers, data)] = read_parts(MultipartReader(b"b"), one_byte_chunks(body))
    assert headers == (("Content-Type", "image/tiff"), ("X-A", "1"))
    assert data == b"body"


def test_reader_decodes_header_values_that_are_not_utf8_as_latin1() -> None:
    body = b'--b\r\nContent-Disposition: attachment; filename="na\xefve.bin"\r\n\r\n\r\n--b--'
    [(headers, _)] = read_parts(MultipartReader(b"b"), [body])
    assert headers == (("Content-Disposition", 'attachment; filename="naïve.bin"'),)


def test_part_headers_get_is_case_insensitive() -> None:
    events = MultipartReader(b"b").feed(b"--b\r\ncontent-TYPE: image/tiff\r\n\r\n")
    [started] = events
    assert isinstance(started, PartStarted)
    assert started.headers.get("Content-Type") == "image/tiff"
    assert started.headers.get("Content-Length") is None


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"--b\r\n\r\npart body", id="inside a part"),
        pytest.param(b"--b\r\n\r\npart body\r\n", id="after the part body's CRLF"),
        pytest.param(b"--b\r\n\r\npart body\r\n--b\r\n", id="after a delimiter line"),
        pytest.param(b"--b\r\nContent-Type: image/tiff\r\n", id="inside the headers"),
        pytest.param(b"--b\r\n\r\npart body\r\n--b-", id="inside the closing delimiter"),
        pytest.param(b"just some bytes", id="no delimiter at all"),
        pytest.param(b"", id="empty body"),
    ],
)
def test_reader_rejects_a_body_that_ends_before_the_closing_delimiter(body: bytes) -> None:
    reader = MultipartReader(b"b")
    reader.feed(body)
    with pytest.raises(MultipartFramingError):
        reader.finish()


def test_reader_rejects_a_header_block_over_the_cap() -> None:
    reader = MultipartReader(b"b", max_header_bytes=100)
    body = b"--b\r\nX-Long: " + b"a" * 91 + b"\r\n\r\nbody\r\n--b--"
    with pytest.raises(MultipartFramingError, match="header block"):
        read_parts(reader, one_byte_chunks(body))


def test_reader_accepts_a_header_block_at_the_cap() -> None:
    header_lines = b"X-Long: " + b"a" * 90 + b"\r\n"
    assert len(header_lines) == 100
    body = b"--b\r\n" + header_lines + b"\r\nbody\r\n--b--"
    [(headers, data)] = read_parts(MultipartReader(b"b", max_header_bytes=100), [body])
    assert headers == (("X-Long", "a" * 90),)
    assert data == b"body"


def test_reader_rejects_an_endless_header_line_without_buffering_it() -> None:
    reader = MultipartReader(b"b", max_header_bytes=1024)
    reader.feed(b"--b\r\nX-Long: ")
    with pytest.raises(MultipartFramingError, match="header block"):
        reader.feed(b"a" * 65536)


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"--bX\r\n\r\nbody\r\n--b--", id="first delimiter"),
        pytest.param(b"--b\r\n\r\nbody\r\n--bjunk\r\n\r\n\r\n--b--", id="later delimiter"),
        pytest.param(b"--b \t x\r\n\r\nbody\r\n--b--", id="after transport padding"),
        pytest.param(b"--b-x\r\n\r\nbody\r\n--b--", id="a single dash"),
    ],
)
def test_reader_rejects_garbage_after_a_delimiter(body: bytes) -> None:
    with pytest.raises(MultipartFramingError, match="after a multipart delimiter"):
        read_parts(MultipartReader(b"b"), one_byte_chunks(body))


def test_reader_rejects_a_header_line_without_a_colon() -> None:
    with pytest.raises(MultipartFramingError, match="header line"):
        MultipartReader(b"b").feed(b"--b\r\nnot a header\r\n\r\nbody\r\n--b--")


def test_reader_refuses_more_input_after_a_framing_error() -> None:
    reader = MultipartReader(b"b")
    with pytest.raises(MultipartFramingError):
        reader.feed(b"--bX\r\n")
    with pytest.raises(MultipartFramingError):
        reader.feed(b"\r\n--b--")
    with pytest.raises(MultipartFramingError):
        reader.finish()


def test_reader_returns_the_events_before_a_framing_error_then_raises() -> None:
    reader = MultipartReader(b"b")
    events = reader.feed(b"--b\r\n\r\nbody\r\n--bX\r\n")
    assert [type(event) for event in events] == [PartStarted, PartData, PartEnded]
    with pytest.raises(MultipartFramingError, match="after a multipart delimiter"):
        reader.finish()


@pytest.mark.parametrize(
    ("content_type", "boundary"),
    [
        ("multipart/related; boundary=abc", b"abc"),
        ('multipart/related; type="application/dicom"; boundary="a b:c?d"', b"a b:c?d"),
        ("multipart/mixed;boundary=simple-boundary ; charset=utf-8", b"simple-boundary"),
        ("Multipart/Form-Data; BOUNDARY=----WebKitFormBoundary7MA4", b"----WebKitFormBoundary7MA4"),
    ],
)
def test_boundary_comes_from_the_content_type(content_type: str, boundary: bytes) -> None:
    assert boundary_from_content_type(content_type) == boundary


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/related",
        'multipart/related; boundary=""',
        "multipart/related; boundary=caf\u00e9",
        "multipart/related; boundary=" + "a" * 300,
        'multipart/related; boundary="tab\tinside"',
    ],
)
def test_boundary_missing_or_invalid_is_a_framing_error(content_type: str) -> None:
    with pytest.raises(MultipartFramingError):
        boundary_from_content_type(content_type)
