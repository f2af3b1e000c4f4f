"""Deep Zoom tiles: exactly the pixel source's crop at the tile's bounds, per the pyramid rules."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from mock_support import api
from numpy.typing import NDArray
from PIL import Image

from sectra_client.mock_server import ImageFileSlide, MockSectraServer, SyntheticSlide
from sectra_client.mock_server._tile_cache import TileCache, TileKey
from sectra_client.pyramid import DeepZoomPyramid
from sectra_client.schemas import ImageInfo

# JPEG at quality 90 moves pixels a little: bound the mean and the outliers.
MEAN_TOLERANCE = 3.0
P99_TOLERANCE = 24


def _decode(jpeg: bytes) -> NDArray[np.int16]:
    return np.asarray(Image.open(io.BytesIO(jpeg)).convert("RGB"), dtype=np.int16)


def _assert_close(tile: NDArray[np.int16], expected: NDArray[np.uint8]) -> None:
    assert tile.shape == expected.shape
    error = np.abs(tile - expected.astype(np.int16))
    assert error.mean() < MEAN_TOLERANCE
    assert np.percentile(error, 99) < P99_TOLERANCE


@pytest.mark.parametrize(
    ("level", "col", "row"),
    [(17, 190, 150), (17, 390, 312), (12, 3, 2), (9, 0, 0), (0, 0, 0)],
    ids=["full-resolution", "bottom-right-edge", "middle-level", "whole-level", "one-pixel"],
)
def test_a_tile_is_the_pixel_sources_crop_at_its_bounds(
    sectra_mock: MockSectraServer, level: int, col: int, row: int
) -> None:
    info = sectra_mock.add_slide("synthetic", size=(100_000, 80_000))
    pyramid = DeepZoomPyramid.from_image_info(info)
    source = SyntheticSlide.for_slide_id("synthetic", 100_000, 80_000)
    with api(sectra_mock) as http:
        reply = http.get(f"/images/synthetic_files/{level}/{col}_{row}.jpg")
    assert reply.headers["Content-Type"] == "image/jpeg"
    expected = source.read_region(level, *pyramid.tile_bounds(level, col, row))
    _assert_close(_decode(reply.content), expected)


def test_edge_tiles_are_smaller(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_slide("small", size=(1000, 700))
    with api(sectra_mock) as http:
        corner = _decode(http.get("/images/small_files/10/3_2.jpg").content)
        inner = _decode(http.get("/images/small_files/10/0_0.jpg").content)
    assert corner.shape[:2] == (700 - 512, 1000 - 768)
    assert inner.shape[:2] == (256, 256)


@pytest.mark.parametrize(
    "path",
    [
        "/images/small_files/11/0_0.jpg",
        "/images/small_files/10/4_0.jpg",
        "/images/small_files/10/0_3.jpg",
        "/images/small_files/10/0_0.png",
        "/images/small_files/10/0_0_9.jpg",
        "/images/small_files/10/0_0_0.5.jpg",
        "/images/small_files/10/0_0.jpg?opticalPath=7",
        "/images/small_files/10/0_0.jpg?channels=7",
        "/images/small_files/10/tile.jpg",
    ],
    ids=[
        "level",
        "column",
        "row",
        "extension",
        "focal-plane",
        "focal-plane-number",
        "optical-path",
        "channels",
        "name",
    ],
)
def test_tiles_outside_the_pyramid_or_slide_answer_404(
    sectra_mock: MockSectraServer, path: str
) -> None:
    sectra_mock.add_slide("small", size=(1000, 700))
    with api(sectra_mock) as http:
        reply = http.get(path)
    assert reply.status_code == 404
    assert reply.headers["Content-Type"].startswith("text/plain")


def test_focal_plane_and_optical_path_are_accepted(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_slide("small", size=(1000, 700))
    with api(sectra_mock) as http:
        plain = http.get("/images/small_files/8/0_0.jpg")
        chosen = http.get("/images/small_files/8/0_0_0.jpg", params={"opticalPath": "0"})
    assert chosen.status_code == 200
    assert chosen.content == plain.content


@pytest.mark.parametrize(
    ("tile", "query"),
    [("0_0_0.0.jpg", {}), ("0_0_0.jpg", {"channels": "0"}), ("0_0_0.0.jpg", {"channels": "0"})],
    ids=["z-with-a-dot", "channels", "both"],
)
def test_the_forms_sectras_own_viewer_proxy_sends_are_accepted(
    sectra_mock: MockSectraServer, tile: str, query: dict[str, str]
) -> None:
    sectra_mock.add_slide("small", size=(1000, 700))
    with api(sectra_mock) as http:
        plain = http.get("/images/small_files/8/0_0.jpg")
        proxied = http.get(f"/images/small_files/8/{tile}", params=query)
    assert proxied.status_code == 200
    assert proxied.content == plain.content


def test_the_extension_comes_from_the_available_tile_formats(sectra_mock: MockSectraServer) -> None:
    info = sectra_mock.get_slide("t").model_dump(mode="json")
    info["availableTileFormats"] = [{"mimeType": "image/jpeg", "extension": "jpeg"}]
    sectra_mock.add_slide(ImageInfo.model_validate(info))
    with api(sectra_mock) as http:
        assert http.get("/images/t_files/0/0_0.jpeg").status_code == 200
        assert http.get("/images/t_files/0/0_0.jpg").status_code == 404


def test_a_slide_that_is_not_streamable_has_no_tiles(sectra_mock: MockSectraServer) -> None:
    info = sectra_mock.get_slide("flat").model_copy(update={"isStreamable": False})
    sectra_mock.add_slide(info)
    with api(sectra_mock) as http:
        assert http.get("/images/flat_files/0/0_0.jpg").status_code == 404


def test_an_image_file_can_back_the_tiles(sectra_mock: MockSectraServer, tmp_path: Path) -> None:
    path = tmp_path / "slide.png"
    gradient = np.zeros((300, 400, 3), dtype=np.uint8)
    gradient[..., 0] = np.linspace(0, 255, 400, dtype=np.uint8)
    gradient[..., 2] = np.linspace(0, 255, 300, dtype=np.uint8)[:, None]
    Image.fromarray(gradient).save(path)
    info = sectra_mock.add_slide("photo", image=path)
    assert (info.imageSize.width, info.imageSize.height) == (400, 300)
    with api(sectra_mock) as http:
        tile = _decode(http.get("/images/photo_files/9/1_1.jpg").content)
    expected = ImageFileSlide(path).read_region(9, 256, 256, 144, 44)
    _assert_close(tile, expected)


def test_an_image_of_another_size_than_the_metadata_is_refused(
    sectra_mock: MockSectraServer,
) -> None:
    info = sectra_mock.get_slide("x")
    with pytest.raises(ValueError, match="100000x80000"):
        sectra_mock.add_slide(info, image=SyntheticSlide(10, 10, seed=1))


class CountingSource:
    """A pixel source of one flat colour that counts the regions read from it."""

    def __init__(self, width: int, height: int, colour: tuple[int, int, int]) -> None:
        self.width, self.height, self.colour = width, height, colour
        self.reads = 0

    def read_region(self, level: int, x: int, y: int, width: int, height: int) -> NDArray[np.uint8]:
        self.reads += 1
        return np.full((height, width, 3), self.colour, dtype=np.uint8)


def test_a_tile_read_again_is_not_rendered_again(sectra_mock: MockSectraServer) -> None:
    source = CountingSource(1000, 700, (200, 100, 150))
    sectra_mock.add_slide("counted", image=source)
    with api(sectra_mock) as http:
        first = http.get("/images/counted_files/10/1_1.jpg")
        again = http.get("/images/counted_files/10/1_1.jpg")
        other = http.get("/images/counted_files/10/1_1_0.jpg", params={"opticalPath": "0"})
    assert first.content == again.content == other.content
    assert source.reads == 2


def test_auth_and_faults_apply_to_cached_tiles(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_slide("small", size=(1000, 700))
    path = "/images/small_files/10/0_0.jpg"
    with api(sectra_mock) as http:
        assert http.get(path).status_code == 200
        sectra_mock.faults.fail("getTile", 503)
        faulted = http.get(path)
        cached = http.get(path)
    with api(sectra_mock, token="wrong") as http:
        unauthorised = http.get(path)
    assert (faulted.status_code, cached.status_code, unauthorised.status_code) == (503, 200, 401)


def test_a_slide_registered_again_serves_its_new_pixels(sectra_mock: MockSectraServer) -> None:
    path = "/images/s_files/10/0_0.jpg"
    sectra_mock.add_slide("s", image=CountingSource(1000, 700, (255, 0, 0)))
    with api(sectra_mock) as http:
        red = _decode(http.get(path).content)
        sectra_mock.add_slide("s", image=CountingSource(1000, 700, (0, 0, 255)))
        blue = _decode(http.get(path).content)
    assert red[0, 0].tolist() == pytest.approx([255, 0, 0], abs=8)
    assert blue[0, 0].tolist() == pytest.approx([0, 0, 255], abs=8)


def test_a_mock_without_a_tile_cache_renders_every_read() -> None:
    source = CountingSource(1000, 700, (10, 20, 30))
    with MockSectraServer(tile_cache_size=0).run(port=0, host="127.0.0.1") as server:
        server.add_slide("counted", image=source)
        with api(server) as http:
            for _ in range(3):
                http.get("/images/counted_files/10/0_0.jpg")
    assert source.reads == 3


def _key(col: int) -> TileKey:
    return TileKey(1, 10, col, 0, None, None, "jpg")


def test_the_tile_cache_forgets_the_least_recently_used_tile_beyond_its_count() -> None:
    cache = TileCache(max_tiles=2)
    cache.put(_key(0), b"zero")
    cache.put(_key(1), b"one")
    cache.get(_key(0))
    cache.put(_key(2), b"two")
    assert [cache.get(_key(col)) for col in range(3)] == [b"zero", None, b"two"]


def test_the_tile_cache_keeps_within_its_byte_budget() -> None:
    cache = TileCache(max_tiles=100, max_bytes=10)
    for col in range(5):
        cache.put(_key(col), b"1234")
    cache.put(_key(9), b"too large for the budget")
    assert (len(cache), cache.size_bytes) == (2, 8)
    assert cache.get(_key(4)) == b"1234"
    assert cache.get(_key(9)) is None
