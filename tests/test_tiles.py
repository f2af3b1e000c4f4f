"""Tiles without downloading: get_tile, read_region and get_thumbnail, sync and async.

HTTP tests talk to a MockSectraServer over loopback through the real clients. The bounded
concurrency and failure tests drive the fetching core with fetchers written here.
"""

from __future__ import annotations

import asyncio
import io
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Literal

import numpy as np
import pytest
from PIL import Image

from sectra_client import AsyncSectraClient, SectraClient
from sectra_client._tiles import fetch_tiles
from sectra_client._tiles_async import fetch_tiles as afetch_tiles
from sectra_client.errors import NotFoundError, NotStreamableError
from sectra_client.mock_server import MockSectraServer, SyntheticSlide
from sectra_client.pyramid import DeepZoomPyramid, OutsidePyramidError
from sectra_client.schemas import FocalPlane, ImageInfo, OpticalPath, TileFormat

TILE_THREAD_PREFIX = "sectra-tiles"

# The mock encodes tiles as JPEG at quality 90; on the synthetic texture the mean absolute
# error per channel stays well below this.
JPEG_MEAN_TOLERANCE = 3.0

SLIDE_ID = "tiles-slide"
# Levels 0..12; level 12 has 12 x 8 tiles of 256 pixels. With this seed the regions read below
# hold tissue (a region of blank background would match even if tiles were misplaced).
SLIDE = SyntheticSlide(3_000, 2_000, seed=14)
FLAT_SLIDE_ID = "flat-slide"

Flavour = Literal["sync", "async"]


class TileFailedError(Exception):
    """What the failing fetchers below raise."""


class InFlightCounter:
    """Counts fetches running at the same time, from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.running = 0
        self.peak = 0
        self.started = 0

    def enter(self) -> None:
        with self._lock:
            self.running += 1
            self.started += 1
            self.peak = max(self.peak, self.running)

    def leave(self) -> None:
        with self._lock:
            self.running -= 1


def grid(cols: int, rows: int) -> list[tuple[int, int]]:
    return [(col, row) for row in range(rows) for col in range(cols)]


def tile_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(TILE_THREAD_PREFIX)]


# The fetching core: bounds and failures


def test_fetch_tiles_runs_at_most_max_concurrency_fetches_at_once() -> None:
    counter = InFlightCounter()

    def fetch(level: int, col: int, row: int) -> bytes:
        counter.enter()
        time.sleep(0.01)
        counter.leave()
        return f"{level}/{col}_{row}".encode()

    tiles = fetch_tiles(fetch, 5, grid(6, 4), max_concurrency=3)

    assert tiles == {(col, row): f"5/{col}_{row}".encode() for col, row in grid(6, 4)}
    assert counter.peak == 3


def test_fetch_tiles_stops_at_the_first_failure_and_leaves_no_thread_running() -> None:
    counter = InFlightCounter()

    def fetch(level: int, col: int, row: int) -> bytes:
        counter.enter()
        try:
            if (col, row) == (1, 0):
                raise TileFailedError(f"tile {col}_{row}")
            time.sleep(0.02)
            return b"tile"
        finally:
            counter.leave()

    with pytest.raises(TileFailedError, match="tile 1_0"):
        fetch_tiles(fetch, 0, grid(16, 16), max_concurrency=4)

    assert counter.started < 16 * 16
    assert counter.running == 0
    assert tile_threads() == []


def test_fetch_tiles_refuses_a_concurrency_below_one() -> None:
    with pytest.raises(ValueError, match="max_concurrency"):
        fetch_tiles(lambda level, col, row: b"", 0, grid(2, 2), max_concurrency=0)


async def test_afetch_tiles_runs_at_most_max_concurrency_fetches_at_once() -> None:
    counter = InFlightCounter()

    async def fetch(level: int, col: int, row: int) -> bytes:
        counter.enter()
        await asyncio.sleep(0.005)
        counter.leave()
        return f"{level}/{col}_{row}".encode()

    tiles = await afetch_tiles(fetch, 2, grid(5, 5), max_concurrency=4)

    assert tiles == {(col, row): f"2/{col}_{row}".encode() for col, row in grid(5, 5)}
    assert counter.peak == 4


async def test_afetch_tiles_raises_the_first_failure_itself_and_cancels_the_rest() -> None:
    started = cancelled = 0

    async def fetch(level: int, col: int, row: int) -> bytes:
        nonlocal started, cancelled
        started += 1
        if (col, row) == (2, 0):
            raise TileFailedError(f"tile {col}_{row}")
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled += 1
            raise
        return b"tile"

    began = time.monotonic()
    with pytest.raises(TileFailedError, match="tile 2_0"):
        await afetch_tiles(fetch, 0, grid(16, 16), max_concurrency=4)

    assert time.monotonic() - began < 5
    assert 3 <= started <= 4
    assert cancelled == started - 1
    assert asyncio.all_tasks() == {asyncio.current_task()}


# Over HTTP, against the mock


@pytest.fixture
def mock(sectra_mock: MockSectraServer) -> MockSectraServer:
    """The session's mock, fresh, answering 404 for slides it was not given."""
    sectra_mock.strict = True
    return sectra_mock


@pytest.fixture
def info(mock: MockSectraServer) -> ImageInfo:
    """The metadata of a 3000 x 2000 synthetic slide with two focal planes and optical paths."""
    made_up = mock.add_slide(SLIDE_ID, image=SLIDE)
    slide = made_up.model_copy(
        update={
            "focalPlanes": [FocalPlane(id="0", offsetUm=0.0), FocalPlane(id="z-1", offsetUm=1.5)],
            "opticalPaths": [
                OpticalPath(id="0", description="Brightfield"),
                OpticalPath(id="fluo-1", description="DAPI"),
            ],
        }
    )
    mock.add_slide(slide, image=SLIDE)
    mock.add_slide(made_up.model_copy(update={"id": FLAT_SLIDE_ID, "isStreamable": False}))
    mock.clear_requests()
    return slide


@pytest.fixture
def client(mock: MockSectraServer) -> Iterator[SectraClient]:
    with SectraClient(mock.url, mock.token, max_retries=0) as sync_client:
        yield sync_client


@pytest.fixture
async def async_client(mock: MockSectraServer) -> AsyncIterator[AsyncSectraClient]:
    async with AsyncSectraClient(mock.url, mock.token, max_retries=0) as client:
        yield client


async def read_region_with(
    flavour: Flavour,
    client: SectraClient,
    async_client: AsyncSectraClient,
    info: ImageInfo,
    region: tuple[int, int, int, int, int],
) -> Image.Image:
    if flavour == "sync":
        return await asyncio.to_thread(client.read_region, info.id, *region, image_info=info)
    return await async_client.read_region(info.id, *region, image_info=info)


def mean_abs_diff(image: Image.Image, expected: np.typing.NDArray[np.uint8]) -> float:
    return float(np.abs(np.asarray(image, dtype=np.float64) - expected).mean())


def tile_paths(mock: MockSectraServer) -> list[str]:
    return [record.path for record in mock.requests if record.operation_id == "getTile"]


@pytest.mark.parametrize("flavour", ["sync", "async"])
@pytest.mark.parametrize(
    ("region", "expected_size"),
    [
        ((12, 2_248, 1_174, 400, 300), (400, 300)),  # across tile borders both ways
        ((12, 2_900, 1_900, 300, 300), (100, 100)),  # past the bottom-right corner: clipped
        ((11, 1_200, 0, 300, 1_000), (300, 1_000)),  # a lower level, to its right and bottom
    ],
)
async def test_read_region_equals_the_slide_pixels_within_jpeg_tolerance(
    flavour: Flavour,
    region: tuple[int, int, int, int, int],
    expected_size: tuple[int, int],
    mock: MockSectraServer,
    info: ImageInfo,
    client: SectraClient,
    async_client: AsyncSectraClient,
) -> None:
    image = await read_region_with(flavour, client, async_client, info, region)

    level, x, y = region[:3]
    assert image.size == expected_size
    assert mean_abs_diff(image, SLIDE.read_region(level, x, y, *expected_size)) < (
        JPEG_MEAN_TOLERANCE
    )
    expected_tiles = DeepZoomPyramid(3_000, 2_000, 256).tiles_for_region(*region).tile_indices
    assert len(tile_paths(mock)) == len(expected_tiles)


@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_read_region_raises_the_error_of_a_failed_tile(
    flavour: Flavour,
    mock: MockSectraServer,
    info: ImageInfo,
    client: SectraClient,
    async_client: AsyncSectraClient,
) -> None:
    mock.faults.fail(f"/images/{SLIDE_ID}_files/12/2_1.jpg", 404, message="tile gone")

    with pytest.raises(NotFoundError, match="tile gone"):
        await read_region_with(flavour, client, async_client, info, (12, 0, 0, 1_024, 512))


def test_get_tile_sends_the_focal_plane_in_the_name_and_the_optical_path_as_a_query(
    mock: MockSectraServer, info: ImageInfo, client: SectraClient
) -> None:
    tile = client.get_tile(
        SLIDE_ID, 12, 11, 7, focal_plane="z-1", optical_path="fluo-1", image_info=info
    )

    with Image.open(io.BytesIO(tile)) as image:
        assert (image.format, image.size) == ("JPEG", (184, 208))  # the corner tile is clipped
    (record,) = mock.requests
    assert record.path == f"/images/{SLIDE_ID}_files/12/11_7_z-1.jpg"
    assert record.query == {"opticalPath": "fluo-1"}


async def test_the_async_client_fetches_the_same_tile(
    info: ImageInfo, client: SectraClient, async_client: AsyncSectraClient
) -> None:
    expected = client.get_tile(SLIDE_ID, 10, 2, 1)

    assert await async_client.get_tile(SLIDE_ID, 10, 2, 1, image_info=info) == expected


@pytest.mark.parametrize(
    ("level", "col", "row"),
    [(12, 12, 0), (12, 0, 8), (13, 0, 0), (11, 6, 0)],
)
def test_a_tile_outside_the_pyramid_is_refused_before_any_request(
    level: int,
    col: int,
    row: int,
    mock: MockSectraServer,
    info: ImageInfo,
    client: SectraClient,
) -> None:
    with pytest.raises(OutsidePyramidError, match=r"outside level|does not exist"):
        client.get_tile(SLIDE_ID, level, col, row, image_info=info)

    assert mock.requests == []


def test_a_tile_outside_the_pyramid_without_image_info_raises_not_found(
    info: ImageInfo, client: SectraClient
) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.get_tile(SLIDE_ID, 12, 12, 0)

    assert caught.value.status_code == 404


@pytest.mark.parametrize(
    ("focal_plane", "optical_path"),
    [("z-9", None), (None, "fluo-9")],
)
def test_a_focal_plane_or_optical_path_the_slide_lacks_is_refused_before_any_request(
    focal_plane: str | None,
    optical_path: str | None,
    mock: MockSectraServer,
    info: ImageInfo,
    client: SectraClient,
) -> None:
    with pytest.raises(ValueError, match=r"-9"):
        client.read_region(
            SLIDE_ID,
            12,
            0,
            0,
            10,
            10,
            focal_plane=focal_plane,
            optical_path=optical_path,
            image_info=info,
        )

    assert mock.requests == []


@pytest.mark.parametrize(
    ("focal_plane", "extension"),
    [("../0", None), ("0/1", None), (None, "jpg?x=1"), (None, "jpg/../x"), (None, ".jpg")],
)
def test_a_malformed_focal_plane_or_extension_never_reaches_the_path(
    focal_plane: str | None,
    extension: str | None,
    mock: MockSectraServer,
    info: ImageInfo,
    client: SectraClient,
) -> None:
    with pytest.raises(ValueError, match=r"focal plane|extension"):
        client.get_tile(SLIDE_ID, 12, 0, 0, focal_plane=focal_plane, extension=extension)

    assert mock.requests == []


def test_tiles_are_requested_in_an_available_format_when_the_stored_one_is_not(
    mock: MockSectraServer, info: ImageInfo, client: SectraClient
) -> None:
    jpeg = TileFormat(mimeType="image/jpeg", extension="jpeg")
    stored_as_jp2 = info.model_copy(
        update={
            "storedTileFormat": TileFormat(mimeType="image/jp2", extension="jp2"),
            "availableTileFormats": [jpeg],
        }
    )
    mock.add_slide(stored_as_jp2, image=SLIDE)

    thumbnail = client.get_thumbnail(SLIDE_ID, 64, image_info=stored_as_jp2)

    assert thumbnail.size == (64, 43)
    assert tile_paths(mock) == [f"/images/{SLIDE_ID}_files/7/0_0.jpeg"]


async def test_a_slide_that_is_not_streamable_raises_without_any_request(
    mock: MockSectraServer,
    info: ImageInfo,
    client: SectraClient,
    async_client: AsyncSectraClient,
) -> None:
    flat = mock.get_slide(FLAT_SLIDE_ID)

    with pytest.raises(NotStreamableError, match=FLAT_SLIDE_ID):
        client.get_tile(FLAT_SLIDE_ID, 0, 0, 0, image_info=flat)
    with pytest.raises(NotStreamableError):
        client.read_region(FLAT_SLIDE_ID, 12, 0, 0, 100, 100, image_info=flat)
    with pytest.raises(NotStreamableError):
        await async_client.read_region(FLAT_SLIDE_ID, 12, 0, 0, 100, 100, image_info=flat)
    with pytest.raises(NotStreamableError):
        client.get_thumbnail(FLAT_SLIDE_ID, image_info=flat)
    with pytest.raises(NotStreamableError):
        await async_client.get_thumbnail(FLAT_SLIDE_ID, image_info=flat)

    assert mock.requests == []


@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_a_thumbnail_stitches_the_smallest_level_covering_max_size_and_keeps_the_aspect(
    flavour: Flavour,
    mock: MockSectraServer,
    info: ImageInfo,
    client: SectraClient,
    async_client: AsyncSectraClient,
) -> None:
    # Levels 8, 9, 10 are 188, 375 and 750 pixels wide: 9 is the smallest one >= 200.
    if flavour == "sync":
        thumbnail = await asyncio.to_thread(client.get_thumbnail, SLIDE_ID, 200, image_info=info)
    else:
        thumbnail = await async_client.get_thumbnail(SLIDE_ID, 200, image_info=info)

    assert thumbnail.size == (200, 133)
    assert sorted(tile_paths(mock)) == [
        f"/images/{SLIDE_ID}_files/9/0_0.jpg",
        f"/images/{SLIDE_ID}_files/9/1_0.jpg",
    ]
    level_9 = Image.fromarray(SLIDE.read_region(9, 0, 0, 375, 250))
    expected = np.asarray(level_9.resize((200, 133), Image.Resampling.LANCZOS))
    assert mean_abs_diff(thumbnail, expected) < JPEG_MEAN_TOLERANCE


def test_a_thumbnail_of_a_slide_smaller_than_max_size_is_the_whole_slide(
    mock: MockSectraServer, info: ImageInfo, client: SectraClient
) -> None:
    thumbnail = client.get_thumbnail(SLIDE_ID, 4_000, image_info=info)

    assert thumbnail.size == (3_000, 2_000)
    assert {path.split("/")[3] for path in tile_paths(mock)} == {"12"}
