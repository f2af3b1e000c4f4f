"""Tiles through the clients: get_tile, read_region and get_thumbnail on SectraClient and
AsyncSectraClient, against the mock over loopback (each test runs once per client)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from _scripted_server import Reply, ScriptedServer
from PIL import Image

from sectra_client import SectraClient
from sectra_client.errors import NotFoundError, NotStreamableError
from sectra_client.mock_server import MockSectraServer, SyntheticSlide
from sectra_client.pyramid import DeepZoomPyramid

pytest_plugins = ["_client_fixtures"]

# The mock encodes tiles as JPEG at quality 90; on the synthetic texture the mean absolute
# error per channel stays well below this.
JPEG_MEAN_TOLERANCE = 3.0
SLIDE_ID = "client-tiles"
SLIDE = SyntheticSlide(3_000, 2_000, seed=14)
PYRAMID = DeepZoomPyramid(3_000, 2_000, 256)


@pytest.fixture
def mock(sectra_mock: MockSectraServer) -> MockSectraServer:
    sectra_mock.strict = True
    sectra_mock.add_slide(SLIDE_ID, image=SLIDE)
    sectra_mock.add_slide(
        sectra_mock.get_slide(SLIDE_ID).model_copy(update={"id": "flat", "isStreamable": False})
    )
    sectra_mock.clear_requests()
    return sectra_mock


def operations(mock: MockSectraServer) -> list[str | None]:
    return [record.operation_id for record in mock.requests]


def mean_abs_diff(image: Image.Image, expected: np.typing.NDArray[np.uint8]) -> float:
    return float(np.abs(np.asarray(image, dtype=np.float64) - expected).mean())


def test_read_region_equals_the_slide_pixels_within_jpeg_tolerance(
    client: SectraClient, mock: MockSectraServer
) -> None:
    image = client.read_region(SLIDE_ID, 12, 2_248, 1_174, 400, 300, max_concurrency=4)

    assert image.size == (400, 300)
    assert mean_abs_diff(image, SLIDE.read_region(12, 2_248, 1_174, 400, 300)) < (
        JPEG_MEAN_TOLERANCE
    )
    tiles = PYRAMID.tiles_for_region(12, 2_248, 1_174, 400, 300).tile_indices
    assert operations(mock) == ["getSlideInfo"] + ["getTile"] * len(tiles)


def test_read_region_with_image_info_fetches_only_tiles(
    client: SectraClient, mock: MockSectraServer
) -> None:
    info = client.get_slide_info(SLIDE_ID)
    mock.clear_requests()

    image = client.read_region(SLIDE_ID, 11, 1_200, 0, 300, 1_000, image_info=info)

    assert image.size == (300, 1_000)
    assert mean_abs_diff(image, SLIDE.read_region(11, 1_200, 0, 300, 1_000)) < (JPEG_MEAN_TOLERANCE)
    assert set(operations(mock)) == {"getTile"}


def test_get_thumbnail_keeps_the_aspect_within_max_size(
    client: SectraClient, mock: MockSectraServer
) -> None:
    thumbnail = client.get_thumbnail(SLIDE_ID, max_size=200)

    assert thumbnail.size == (200, 133)
    level_9 = Image.fromarray(SLIDE.read_region(9, 0, 0, 375, 250))
    expected = np.asarray(level_9.resize((200, 133), Image.Resampling.LANCZOS))
    assert mean_abs_diff(thumbnail, expected) < JPEG_MEAN_TOLERANCE


def test_get_tile_returns_the_encoded_tile_of_one_request(
    client: SectraClient, mock: MockSectraServer
) -> None:
    tile = client.get_tile(SLIDE_ID, 12, 11, 7)

    with Image.open(io.BytesIO(tile)) as image:
        assert (image.format, image.size) == ("JPEG", (184, 208))  # the corner tile is clipped
    assert [record.path for record in mock.requests] == [f"/images/{SLIDE_ID}_files/12/11_7.jpg"]


def test_a_slide_that_is_not_streamable_raises_after_reading_its_info_only(
    client: SectraClient, mock: MockSectraServer
) -> None:
    with pytest.raises(NotStreamableError, match="flat"):
        client.get_thumbnail("flat")
    with pytest.raises(NotStreamableError, match="flat"):
        client.read_region("flat", 12, 0, 0, 10, 10)

    assert operations(mock) == ["getSlideInfo", "getSlideInfo"]


def test_a_missing_tile_raises_not_found(client: SectraClient, mock: MockSectraServer) -> None:
    mock.faults.fail(f"/images/{SLIDE_ID}_files/12/2_1.jpg", 404, message="tile gone")

    with pytest.raises(NotFoundError, match="tile gone"):
        client.read_region(SLIDE_ID, 12, 0, 0, 1_024, 512)


def test_image_info_of_another_slide_is_refused_before_any_request(
    client: SectraClient, mock: MockSectraServer
) -> None:
    other = mock.get_slide("flat")
    mock.clear_requests()

    with pytest.raises(ValueError, match="another slide"):
        client.read_region(SLIDE_ID, 12, 0, 0, 10, 10, image_info=other)
    with pytest.raises(ValueError, match="another slide"):
        client.get_tile(SLIDE_ID, 12, 0, 0, image_info=other)

    assert mock.requests == []


def test_a_tile_in_another_image_format_is_returned_as_sent(
    scripted_server: ScriptedServer,
) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(buffer, format="PNG")
    png = buffer.getvalue()
    scripted_server.script(
        "/images/s1_files/2/0_0.png", Reply(200, png, {"Content-Type": "image/png"})
    )

    with SectraClient(scripted_server.base_url, "token") as client:
        tile = client.get_tile("s1", 2, 0, 0, extension="png")

    assert tile == png
