"""The Deep Zoom pyramid: level sizes, tile grids, region cover, thumbnail level, coordinates."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sectra_client.pyramid import DeepZoomPyramid, OutsidePyramidError

sides = st.integers(min_value=1, max_value=300_000)
small_sides = st.integers(min_value=1, max_value=3_000)
tile_sizes = st.sampled_from([1, 7, 64, 240, 254, 256, 512, 1024])


@st.composite
def pyramids(draw: st.DrawFn, side: st.SearchStrategy[int] = sides) -> DeepZoomPyramid:
    return DeepZoomPyramid(draw(side), draw(side), draw(tile_sizes))


@st.composite
def level_regions(draw: st.DrawFn) -> tuple[DeepZoomPyramid, int, int, int, int, int]:
    """A small pyramid, one of its levels, and a region that overlaps the level."""
    pyramid = DeepZoomPyramid(draw(small_sides), draw(small_sides), draw(st.integers(1, 300)))
    level = draw(st.sampled_from(pyramid.levels))
    level_width, level_height = pyramid.level_size(level)
    x = draw(st.integers(-200, level_width - 1))
    y = draw(st.integers(-200, level_height - 1))
    width = draw(st.integers(max(1, 1 - x), 700))
    height = draw(st.integers(max(1, 1 - y), 700))
    return pyramid, level, x, y, width, height


@dataclass
class _Size:
    width: int
    height: int


@dataclass
class _Info:
    imageSize: _Size
    tileSize: _Size


# --- worked example: a realistic slide ------------------------------------------------------


def test_a_100000_by_80000_slide_has_18_levels_and_391_by_313_tiles_at_full_size() -> None:
    pyramid = DeepZoomPyramid(100_000, 80_000, 256)

    assert pyramid.max_level == 17
    assert pyramid.levels == range(18)
    assert pyramid.level_size(17) == (100_000, 80_000)
    assert pyramid.level_size(16) == (50_000, 40_000)
    assert pyramid.level_size(10) == (782, 625)
    assert pyramid.level_size(1) == (2, 2)
    assert pyramid.level_size(0) == (1, 1)
    assert pyramid.tile_grid(17) == (391, 313)
    assert pyramid.tile_count(17) == 391 * 313
    assert pyramid.tile_bounds(17, 390, 312) == (99_840, 79_872, 160, 128)
    assert pyramid.level_scale(10) == 128


def test_pyramid_is_built_from_the_image_info_sizes() -> None:
    info = _Info(imageSize=_Size(45_000, 30_000), tileSize=_Size(240, 240))

    assert DeepZoomPyramid.from_image_info(info) == DeepZoomPyramid(45_000, 30_000, 240)


def test_a_one_pixel_image_has_only_level_zero() -> None:
    pyramid = DeepZoomPyramid(1, 1, 256)

    assert pyramid.max_level == 0
    assert pyramid.level_size(0) == (1, 1)
    assert pyramid.tile_bounds(0, 0, 0) == (0, 0, 1, 1)


def test_full_resolution_of_a_power_of_two_is_its_log2() -> None:
    assert DeepZoomPyramid(1024, 3, 256).max_level == 10
    assert DeepZoomPyramid(1025, 3, 256).max_level == 11


@pytest.mark.parametrize(
    ("width", "height", "tile_size"), [(0, 5, 256), (5, -1, 256), (5, 5, 0), (5.0, 5, 256)]
)
def test_sizes_that_are_not_positive_integers_are_rejected(
    width: int, height: int, tile_size: int
) -> None:
    with pytest.raises(ValueError, match="positive integer"):
        DeepZoomPyramid(width, height, tile_size)


def test_numpy_integer_sizes_become_plain_integers() -> None:
    pyramid = DeepZoomPyramid(np.int64(300), np.int32(200), np.int64(256))  # type: ignore[arg-type]

    assert pyramid == DeepZoomPyramid(300, 200, 256)
    assert type(pyramid.width) is int


# --- level sizes ----------------------------------------------------------------------------


@given(pyramids())
def test_max_level_is_the_ceiling_of_log2_of_the_longer_side(pyramid: DeepZoomPyramid) -> None:
    longer = max(pyramid.width, pyramid.height)
    assert 2 ** (pyramid.max_level - 1) < longer <= 2**pyramid.max_level or longer == 1


@given(pyramids())
def test_each_level_halves_the_one_above_rounding_up(pyramid: DeepZoomPyramid) -> None:
    expected = (pyramid.width, pyramid.height)
    for level in reversed(pyramid.levels):
        assert pyramid.level_size(level) == expected
        assert pyramid.level_scale(level) == 2 ** (pyramid.max_level - level)
        expected = (math.ceil(expected[0] / 2), math.ceil(expected[1] / 2))
    assert pyramid.level_size(0) == (1, 1)


@given(pyramids())
def test_levels_outside_the_pyramid_are_rejected(pyramid: DeepZoomPyramid) -> None:
    for level in (-1, pyramid.max_level + 1):
        with pytest.raises(OutsidePyramidError, match=f"level {level} does not exist"):
            pyramid.level_size(level)


# --- tile grids -----------------------------------------------------------------------------


@given(pyramids(side=small_sides))
@settings(max_examples=60, deadline=None)
def test_tiles_cover_every_level_exactly_with_smaller_non_empty_edge_tiles(
    pyramid: DeepZoomPyramid,
) -> None:
    for level in pyramid.levels:
        level_width, level_height = pyramid.level_size(level)
        cols, rows = pyramid.tile_grid(level)
        widths = [pyramid.tile_bounds(level, col, 0)[2] for col in range(cols)]
        heights = [pyramid.tile_bounds(level, 0, row)[3] for row in range(rows)]

        assert sum(widths) == level_width
        assert sum(heights) == level_height
        assert all(w == pyramid.tile_size for w in widths[:-1])
        assert all(h == pyramid.tile_size for h in heights[:-1])
        assert 1 <= widths[-1] <= pyramid.tile_size
        assert 1 <= heights[-1] <= pyramid.tile_size


@given(pyramids())
def test_the_last_tile_ends_at_the_level_edge_and_the_next_does_not_exist(
    pyramid: DeepZoomPyramid,
) -> None:
    for level in pyramid.levels:
        cols, rows = pyramid.tile_grid(level)
        x, y, width, height = pyramid.tile_bounds(level, cols - 1, rows - 1)

        assert (x + width, y + height) == pyramid.level_size(level)
        for col, row in ((cols, 0), (0, rows), (-1, 0), (0, -1)):
            with pytest.raises(OutsidePyramidError, match="is outside level"):
                pyramid.tile_bounds(level, col, row)


# --- regions --------------------------------------------------------------------------------


@given(level_regions())
@settings(max_examples=150, deadline=None)
def test_region_pieces_cover_the_clipped_region_exactly_once_from_the_right_tiles(
    case: tuple[DeepZoomPyramid, int, int, int, int, int],
) -> None:
    pyramid, level, x, y, width, height = case
    region = pyramid.tiles_for_region(level, x, y, width, height)
    level_width, level_height = pyramid.level_size(level)

    assert (region.x, region.y) == (max(x, 0), max(y, 0))
    assert region.x + region.width == min(x + width, level_width)
    assert region.y + region.height == min(y + height, level_height)
    painted = np.zeros((region.height, region.width), dtype=np.int32)
    for piece in region.pieces:
        tile_x, tile_y, tile_width, tile_height = pyramid.tile_bounds(level, piece.col, piece.row)
        left, top, right, bottom = piece.crop
        assert 0 <= left < right <= tile_width
        assert 0 <= top < bottom <= tile_height
        # The crop's pixels are the region's pixels at the offset, in level coordinates.
        assert (tile_x + left, tile_y + top) == (
            region.x + piece.offset[0],
            region.y + piece.offset[1],
        )
        column, line = piece.offset
        painted[line : line + bottom - top, column : column + right - left] += 1
    assert (painted == 1).all()


def test_a_region_inside_one_tile_needs_only_that_tile() -> None:
    pyramid = DeepZoomPyramid(1000, 700, 256)

    region = pyramid.tiles_for_region(10, 300, 260, 100, 50)

    assert region.tile_indices == [(1, 1)]
    assert region.pieces[0].crop == (44, 4, 144, 54)
    assert region.pieces[0].offset == (0, 0)


def test_a_region_across_a_tile_corner_takes_four_crops_in_row_major_order() -> None:
    pyramid = DeepZoomPyramid(1000, 700, 256)

    region = pyramid.tiles_for_region(10, 250, 500, 10, 20)

    assert region.tile_indices == [(0, 1), (1, 1), (0, 2), (1, 2)]
    assert [piece.offset for piece in region.pieces] == [(0, 0), (6, 0), (0, 12), (6, 12)]
    assert region.pieces[3].crop == (0, 0, 4, 8)


def test_tiles_for_level_lists_every_tile() -> None:
    pyramid = DeepZoomPyramid(1000, 700, 256)

    region = pyramid.tiles_for_level(9)

    assert (region.width, region.height) == (500, 350)
    assert region.tile_indices == [(0, 0), (1, 0), (0, 1), (1, 1)]


@pytest.mark.parametrize(("width", "height"), [(0, 10), (10, 0), (-5, 10)])
def test_an_empty_region_is_rejected(width: int, height: int) -> None:
    with pytest.raises(ValueError, match="positive size"):
        DeepZoomPyramid(1000, 700, 256).tiles_for_region(10, 0, 0, width, height)


@pytest.mark.parametrize(("x", "y"), [(1000, 0), (0, 700), (-10, 0), (0, -10)])
def test_a_region_that_misses_the_level_is_rejected(x: int, y: int) -> None:
    with pytest.raises(OutsidePyramidError, match="lies outside level 10"):
        DeepZoomPyramid(1000, 700, 256).tiles_for_region(10, x, y, 10, 10)


# --- thumbnail level ------------------------------------------------------------------------


@given(pyramids(), st.integers(min_value=1, max_value=5_000))
def test_thumbnail_level_is_the_smallest_at_least_as_large_as_wanted(
    pyramid: DeepZoomPyramid, max_size: int
) -> None:
    level = pyramid.level_for_size(max_size)
    longer = max(pyramid.level_size(level))

    if max(pyramid.width, pyramid.height) < max_size:
        assert level == pyramid.max_level
    else:
        assert longer >= max_size
        assert level == 0 or max(pyramid.level_size(level - 1)) < max_size


def test_thumbnail_level_of_the_realistic_slide() -> None:
    pyramid = DeepZoomPyramid(100_000, 80_000, 256)

    assert pyramid.level_for_size(1024) == 11  # 1563x1250; level 10 is 782x625
    assert pyramid.level_for_size(782) == 10
    assert pyramid.level_for_size(1) == 0
    assert pyramid.level_for_size(200_000) == 17


def test_thumbnail_level_rejects_a_size_below_one() -> None:
    with pytest.raises(ValueError, match="max_size"):
        DeepZoomPyramid(10, 10, 256).level_for_size(0)


# --- normalised coordinates -----------------------------------------------------------------


def test_normalised_coordinates_are_fractions_of_the_width_on_both_axes() -> None:
    pyramid = DeepZoomPyramid(100_000, 80_000, 256)

    assert pyramid.to_normalized(17, 100_000, 80_000) == (1.0, 0.8)
    assert pyramid.to_normalized(10, 390.625, 312.5) == pytest.approx((0.5, 0.4))
    assert pyramid.from_normalized(10, 0.5, 0.4) == pytest.approx((390.625, 312.5))


@given(pyramids(), st.floats(0, 1), st.floats(0, 1))
def test_normalised_coordinates_round_trip_at_every_level(
    pyramid: DeepZoomPyramid, x: float, y: float
) -> None:
    for level in pyramid.levels:
        back = pyramid.to_normalized(level, *pyramid.from_normalized(level, x, y))
        assert back == pytest.approx((x, y), abs=1e-12)
