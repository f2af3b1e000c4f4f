"""Stitching Deep Zoom tiles into regions and thumbnails."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from PIL import Image

from sectra_client._stitch import stitch_region, thumbnail_from_level
from sectra_client.mock_server._pixels import SyntheticSlide, encode_tile_jpeg
from sectra_client.pyramid import DeepZoomPyramid

# JPEG at quality 95 on this texture: mean absolute error per channel stays well below this.
JPEG_MEAN_TOLERANCE = 3.0

SLIDE = SyntheticSlide(6_000, 4_100, seed=7)
PYRAMID = DeepZoomPyramid(SLIDE.width, SLIDE.height, 254)


def tiles_for(level: int, x: int, y: int, width: int, height: int) -> dict[tuple[int, int], bytes]:
    region = PYRAMID.tiles_for_region(level, x, y, width, height)
    return {
        (col, row): encode_tile_jpeg(SLIDE, PYRAMID, level, col, row, quality=95)
        for col, row in region.tile_indices
    }


def mean_abs_diff(image: Image.Image, expected: np.ndarray) -> float:
    return float(np.abs(np.asarray(image, dtype=np.float64) - expected).mean())


@pytest.mark.parametrize(
    ("level", "x", "y", "width", "height"),
    [
        (13, 3000, 2000, 100, 80),  # inside one tile
        (13, 1000, 700, 600, 400),  # across several tile borders
        (13, 5800, 3900, 200, 200),  # the slide's bottom-right corner, edge tiles
        (12, 2600, 1800, 400, 250),  # a lower level, right and bottom edge
        (9, 0, 0, 12, 9),  # the whole of a tiny level
    ],
)
def test_stitched_tiles_equal_the_source_region_within_jpeg_tolerance(
    level: int, x: int, y: int, width: int, height: int
) -> None:
    image = stitch_region(
        PYRAMID, level, x, y, width, height, tiles_for(level, x, y, width, height)
    )

    expected = SLIDE.read_region(level, x, y, image.width, image.height)
    assert image.mode == "RGB"
    assert mean_abs_diff(image, expected) < JPEG_MEAN_TOLERANCE


def test_a_region_past_the_edge_is_clipped_to_the_level() -> None:
    level = 12
    level_width, level_height = PYRAMID.level_size(level)

    image = stitch_region(
        PYRAMID, level, level_width - 50, level_height - 30, 200, 200,
        tiles_for(level, level_width - 50, level_height - 30, 200, 200),
    )  # fmt: skip

    assert image.size == (50, 30)
    expected = SLIDE.read_region(level, level_width - 50, level_height - 30, 50, 30)
    assert mean_abs_diff(image, expected) < JPEG_MEAN_TOLERANCE


def test_lossless_tiles_stitch_to_exactly_the_source_pixels() -> None:
    level, x, y, width, height = 13, 500, 240, 300, 30
    region = PYRAMID.tiles_for_region(level, x, y, width, height)
    tiles = {}
    for col, row in region.tile_indices:
        buffer = io.BytesIO()
        pixels = SLIDE.read_region(level, *PYRAMID.tile_bounds(level, col, row))
        Image.fromarray(pixels).save(buffer, format="PNG")
        tiles[(col, row)] = buffer.getvalue()

    image = stitch_region(PYRAMID, level, x, y, width, height, tiles)

    assert (np.asarray(image) == SLIDE.read_region(level, x, y, width, height)).all()


def test_a_thumbnail_fits_the_wanted_size_and_keeps_the_aspect_ratio() -> None:
    level = PYRAMID.level_for_size(300)
    level_width, level_height = PYRAMID.level_size(level)

    thumbnail = thumbnail_from_level(
        PYRAMID, level, tiles_for(level, 0, 0, level_width, level_height), max_size=300
    )

    assert thumbnail.size == (300, 205)
    assert abs(thumbnail.width / thumbnail.height - SLIDE.width / SLIDE.height) < 0.01


def test_a_thumbnail_larger_than_the_slide_is_the_whole_level_unscaled() -> None:
    small = SyntheticSlide(300, 200, seed=1)
    pyramid = DeepZoomPyramid(300, 200, 256)
    level = pyramid.level_for_size(1000)
    tiles = {
        (col, row): encode_tile_jpeg(small, pyramid, level, col, row)
        for col, row in pyramid.tiles_for_level(level).tile_indices
    }

    thumbnail = thumbnail_from_level(pyramid, level, tiles, max_size=1000)

    assert level == pyramid.max_level
    assert thumbnail.size == (300, 200)


def test_a_tile_of_the_wrong_size_is_reported_with_both_sizes() -> None:
    tiles = tiles_for(13, 0, 0, 10, 10)
    buffer = io.BytesIO()
    Image.new("RGB", (200, 254)).save(buffer, format="JPEG")
    tiles[(0, 0)] = buffer.getvalue()

    with pytest.raises(ValueError, match=r"tile \(0, 0\) of level 13 is 200x254 .* 254x254"):
        stitch_region(PYRAMID, 13, 0, 0, 10, 10, tiles)


def test_a_missing_tile_is_reported() -> None:
    with pytest.raises(ValueError, match=r"tile \(1, 0\) of level 13 is needed"):
        stitch_region(PYRAMID, 13, 250, 0, 10, 10, tiles_for(13, 0, 0, 10, 10))


def test_an_undecodable_tile_is_reported() -> None:
    with pytest.raises(ValueError, match=r"tile \(0, 0\) of level 13 is not a decodable image"):
        stitch_region(PYRAMID, 13, 0, 0, 10, 10, {(0, 0): b"<html>error</html>"})


def test_stitching_modules_import_without_pillow_and_fail_helpfully_when_used() -> None:
    script = textwrap.dedent(
        """
        import sys
        sys.modules["PIL"] = None  # as if Pillow were not installed
        from sectra_client._stitch import stitch_region
        from sectra_client.pyramid import DeepZoomPyramid
        assert "numpy" not in sys.modules
        try:
            stitch_region(DeepZoomPyramid(10, 10, 256), 4, 0, 0, 5, 5, {})
        except ImportError as error:
            print(error)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )

    assert result.stdout.strip() == "read_region needs Pillow: pip install 'sectra-client[images]'"
