"""Multipart parts read by their declared Content-Length (the download fast path): the same
parts come out whatever the chunking, and a length that disagrees with the framing fails."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sectra_client._download._multipart import (
    COUNTED_PART_MIN_BYTES,
    MultipartFramingError,
    MultipartReader,
    PartData,
    PartEnded,
    PartStarted,
)

BOUNDARY = b"counted-7f3a"
DELIMITER = b"\r\n--" + BOUNDARY

Part = tuple[bytes, bool]
"""A part's body, and whether its headers declare its Content-Length."""


def build_body(parts: Iterable[Part], *, lie: int = 0) -> bytes:
    """A multipart body; ``lie`` is added to every declared length."""
    pieces = [b"preamble"]
    for body, declared in parts:
        length = f"Content-Length: {len(body) + lie}\r\n".encode() if declared else b""
        pieces.append(DELIMITER + b"\r\nContent-Type: application/dicom\r\n" + length + b"\r\n")
        pieces.append(body)
    pieces.append(DELIMITER + b"--\r\nepilogue")
    return b"".join(pieces)


def read_bodies(reader: MultipartReader, chunks: Iterable[bytes]) -> list[bytes]:
    bodies: list[bytearray] = []
    for chunk in chunks:
        for event in reader.feed(chunk):
            if isinstance(event, PartStarted):
                bodies.append(bytearray())
            elif isinstance(event, PartData):
                bodies[-1] += event.data
            else:
                assert isinstance(event, PartEnded)
    reader.finish()
    return [bytes(body) for body in bodies]


def split_at(body: bytes, points: Iterable[int]) -> list[bytes]:
    edges = [0, *sorted(set(points)), len(body)]
    return [body[start:end] for start, end in itertools.pairwise(edges)]


NEAR_MISSES = [DELIMITER[:length] for length in range(1, len(DELIMITER))]
part_bodies = st.lists(
    st.one_of(st.binary(max_size=40), st.sampled_from(NEAR_MISSES)), max_size=5
).map(b"".join)


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(st.tuples(part_bodies, st.booleans()), max_size=5),
    points=st.lists(st.integers(0, 600), max_size=10),
)
def test_counted_and_searched_parts_come_out_as_sent_whatever_the_chunking(
    parts: list[Part], points: list[int]
) -> None:
    body = build_body(parts)
    expected = [part_body for part_body, _ in parts]

    for chunks in (
        [body],
        [body[index : index + 1] for index in range(len(body))],
        split_at(body, points),
    ):
        assert read_bodies(MultipartReader(BOUNDARY, counted_min_bytes=0), chunks) == expected


def test_a_counted_part_is_passed_on_without_searching_it() -> None:
    inside = b"x" + DELIMITER + b"--\r\n" + b"y"
    body = build_body([(inside, True)])

    assert read_bodies(MultipartReader(BOUNDARY, counted_min_bytes=0), [body]) == [inside]


@pytest.mark.parametrize("lie", [-1, 1, 5])
def test_a_counted_part_whose_length_disagrees_with_the_framing_is_an_error(lie: int) -> None:
    body = build_body([(b"0123456789", True), (b"tail", False)], lie=lie)

    with pytest.raises(MultipartFramingError, match=r"Content-Length|ended inside a part"):
        read_bodies(MultipartReader(BOUNDARY, counted_min_bytes=0), split_at(body, [30, 31]))


def test_a_body_cut_inside_a_counted_part_is_an_error() -> None:
    body = build_body([(b"0123456789", True)])
    cut = body[: body.index(b"0123456789") + 5]

    with pytest.raises(MultipartFramingError, match="ended inside a part"):
        read_bodies(MultipartReader(BOUNDARY, counted_min_bytes=0), [cut])


def test_only_parts_declaring_at_least_the_minimum_are_read_by_length() -> None:
    small = b"s" + DELIMITER + b"--\r\n"
    large = bytes(COUNTED_PART_MIN_BYTES)
    body = build_body([(small, True), (large, True)])

    # Searched (its length is below the default minimum), the small part ends at the closing
    # delimiter inside it; read by length, it holds that delimiter.
    assert read_bodies(MultipartReader(BOUNDARY), [body]) == [b"s"]
    assert read_bodies(MultipartReader(BOUNDARY, counted_min_bytes=2), [body]) == [small, large]
