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
        "/images/small_files/10/0_0.jpg?opticalPath=7",
        "/images/small_files/10/tile.jpg",
    ],
    ids=["level", "column", "row", "extension", "focal-plane", "optical-path", "name"],
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
