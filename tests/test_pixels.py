"""The mock server's pixels: synthetic and file-backed slides, tiles and labels."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from sectra_client.mock_server._pixels import (
    ImageFileSlide,
    PixelSource,
    SyntheticSlide,
    encode_label_jpeg,
    encode_tile_jpeg,
)
from sectra_client.pyramid import DeepZoomPyramid, OutsidePyramidError

JPEG_MEAN_TOLERANCE = 3.0
BACKGROUND = np.array([241, 240, 243])


def decode(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG"
        return np.asarray(image.convert("RGB"), dtype=np.float64)


def tissue_centre(
    slide: SyntheticSlide, pyramid: DeepZoomPyramid, level: int, *, edge: bool = False
) -> tuple[int, int]:
    """Level pixel coordinates of a point in tissue (or on its edge), from the ground truth."""
    coarse = min(pyramid.max_level, 8)
    mask = slide.tissue_mask(coarse, 0, 0, *pyramid.level_size(coarse))
    if edge:
        mask = mask & ~np.roll(mask, 1, axis=1)
    rows, cols = np.nonzero(mask)
    pick = len(rows) // 2
    factor = pyramid.level_scale(coarse) // pyramid.level_scale(level)
    return int(cols[pick]) * factor, int(rows[pick]) * factor


# --- synthetic slides -----------------------------------------------------------------------


def test_the_same_seed_gives_the_same_pixels_and_another_seed_does_not() -> None:
    first = SyntheticSlide(40_000, 30_000, seed=11).read_region(9, 0, 0, 157, 118)
    again = SyntheticSlide(40_000, 30_000, seed=11).read_region(9, 0, 0, 157, 118)
    other = SyntheticSlide(40_000, 30_000, seed=12).read_region(9, 0, 0, 157, 118)

    assert first.shape == (118, 157, 3)
    assert first.dtype == np.uint8
    assert (first == again).all()
    assert (first != other).any()


def test_a_slide_id_always_gives_the_same_seed() -> None:
    slide = SyntheticSlide.for_slide_id("slide-0001", 10_000, 8_000)

    assert slide.seed == 0xCE3F932D79F02FD3  # fixed across processes and Python versions
    assert SyntheticSlide.for_slide_id("slide-0002", 10_000, 8_000).seed != slide.seed


@pytest.mark.parametrize("edge", [False, True], ids=["inside-tissue", "tissue-edge"])
@pytest.mark.parametrize("level", [16, 14, 12, 10])
def test_pixels_do_not_depend_on_the_region_they_are_read_with(level: int, edge: bool) -> None:
    slide = SyntheticSlide(60_000, 45_000, seed=3)
    pyramid = DeepZoomPyramid(slide.width, slide.height, 256)
    level_width, level_height = pyramid.level_size(level)
    x, y = tissue_centre(slide, pyramid, level, edge=edge)
    x, y = min(max(x - 150, 0), level_width - 300), min(max(y - 150, 0), level_height - 300)
    big = slide.read_region(level, x, y, 300, 300)
    mask = slide.tissue_mask(level, x, y, 300, 300)

    tissue_fraction = mask.mean()
    assert 0 < tissue_fraction < 1 if edge else tissue_fraction > 0.5
    for dx, dy, width, height in [(0, 0, 300, 1), (17, 33, 100, 90), (150, 140, 150, 100)]:
        part = slide.read_region(level, x + dx, y + dy, width, height)
        assert (part == big[dy : dy + height, dx : dx + width]).all()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_level_agrees_with_the_level_below_it_averaged(seed: int) -> None:
    """Level L-1 pixels sit at the corners shared by 2x2 level-L pixels.

    Pixel by pixel within a few grey levels on average (edges and nuclei differ most), and
    within a grey level or two once averaged over 8x8 pixels.
    """
    slide = SyntheticSlide(30_000, 20_000, seed)
    pyramid = DeepZoomPyramid(slide.width, slide.height, 256)
    for level in range(pyramid.max_level, 9, -1):
        x, y = tissue_centre(slide, pyramid, level - 1)
        coarse_width, coarse_height = pyramid.level_size(level - 1)
        x, y = min(max(x - 32, 0), coarse_width - 64), min(max(y - 32, 0), coarse_height - 64)
        coarse = slide.read_region(level - 1, x, y, 64, 64).astype(np.float64)
        fine = slide.read_region(level, 2 * x, 2 * y, 128, 128).astype(np.float64)

        fine_means = fine.reshape(64, 2, 64, 2, 3).mean(axis=(1, 3))
        coarse_blocks = coarse.reshape(8, 8, 8, 8, 3).mean(axis=(1, 3))
        fine_blocks = fine_means.reshape(8, 8, 8, 8, 3).mean(axis=(1, 3))
        assert np.abs(coarse - fine_means).mean() < 10, level
        assert np.abs(coarse_blocks - fine_blocks).mean() < 2.0, level


@pytest.mark.parametrize("seed", range(8))
def test_tissue_covers_a_plausible_part_of_the_slide(seed: int) -> None:
    slide = SyntheticSlide(100_000, 80_000, seed)
    pyramid = DeepZoomPyramid(slide.width, slide.height, 256)

    mask = slide.tissue_mask(9, 0, 0, *pyramid.level_size(9))

    assert 0.10 <= mask.mean() <= 0.60


def test_tissue_is_stained_and_the_background_is_near_white() -> None:
    slide = SyntheticSlide(50_000, 40_000, seed=5)
    pyramid = DeepZoomPyramid(slide.width, slide.height, 256)
    level_size = pyramid.level_size(10)

    pixels = slide.read_region(10, 0, 0, *level_size).astype(np.float64)
    mask = slide.tissue_mask(10, 0, 0, *level_size)

    background = np.median(pixels[~mask], axis=0)
    tissue = np.median(pixels[mask], axis=0)
    assert np.abs(background - BACKGROUND).max() <= 3
    assert tissue[1] < 190  # eosin and haematoxylin absorb green
    assert tissue[0] > tissue[1]  # pink to purple: red and blue pass more than green
    assert tissue[2] > tissue[1]


@pytest.mark.parametrize("seed", [0, 5])
def test_an_overview_shows_purple_cell_clusters_in_pink_stroma(seed: int) -> None:
    """H&E at low power: mostly pink (red above blue), with dark purple-blue spots."""
    slide = SyntheticSlide(50_000, 40_000, seed)
    pyramid = DeepZoomPyramid(slide.width, slide.height, 256)
    level_size = pyramid.level_size(10)  # 782 x 625, a thumbnail

    tissue = slide.read_region(10, 0, 0, *level_size)[slide.tissue_mask(10, 0, 0, *level_size)]

    tissue = tissue.astype(np.float64)
    brightness = tissue.sum(axis=1)
    pink = tissue[:, 0] > tissue[:, 2]
    purple = (tissue[:, 2] > tissue[:, 0]) & (brightness < np.median(brightness) - 60)
    assert pink.mean() > 0.8
    assert 0.01 < purple.mean() < 0.15


def test_full_resolution_tissue_shows_dark_nuclei() -> None:
    slide = SyntheticSlide(50_000, 40_000, seed=5)
    pyramid = DeepZoomPyramid(slide.width, slide.height, 256)
    x, y = tissue_centre(slide, pyramid, pyramid.max_level)

    pixels = slide.read_region(pyramid.max_level, x, y, 256, 256).astype(np.float64)

    darkest = pixels.sum(axis=2) < 400
    assert 0.02 < darkest.mean() < 0.5


def test_a_region_outside_the_level_is_rejected() -> None:
    slide = SyntheticSlide(1_000, 800, seed=1)

    with pytest.raises(OutsidePyramidError, match="does not lie inside level 9"):
        slide.read_region(9, 400, 0, 200, 10)
    with pytest.raises(OutsidePyramidError, match="level 11 does not exist"):
        slide.read_region(11, 0, 0, 1, 1)


def test_a_one_pixel_slide_renders() -> None:
    assert SyntheticSlide(1, 1, seed=0).read_region(0, 0, 0, 1, 1).shape == (1, 1, 3)


# --- tiles ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "tolerance"),
    [(11, JPEG_MEAN_TOLERANCE), (10, JPEG_MEAN_TOLERANCE), (9, JPEG_MEAN_TOLERANCE), (5, 6.0)],
)
def test_every_tile_is_the_crop_of_its_level_with_smaller_edge_tiles(
    level: int, tolerance: float
) -> None:
    """(JPEG's halved colour resolution costs more on a 30x21 image of the whole slide.)"""
    slide = SyntheticSlide(1_900, 1_300, seed=4)
    pyramid = DeepZoomPyramid(slide.width, slide.height, 256)
    whole_level = slide.read_region(level, 0, 0, *pyramid.level_size(level)).astype(np.float64)

    for col, row in pyramid.tiles_for_level(level).tile_indices:
        x, y, width, height = pyramid.tile_bounds(level, col, row)
        tile = decode(encode_tile_jpeg(slide, pyramid, level, col, row))

        assert tile.shape == (height, width, 3)
        expected = whole_level[y : y + height, x : x + width]
        assert np.abs(tile - expected).mean() < tolerance


def test_a_tile_for_another_slides_pyramid_is_rejected() -> None:
    slide = SyntheticSlide(1_000, 800, seed=1)

    with pytest.raises(ValueError, match="pyramid is for a 1000x801 slide"):
        encode_tile_jpeg(slide, DeepZoomPyramid(1_000, 801, 256), 10, 0, 0)


def test_a_huge_slide_renders_a_tile_and_a_thumbnail_level_in_little_memory() -> None:
    slide = SyntheticSlide(100_000, 80_000, seed=9)
    pyramid = DeepZoomPyramid(slide.width, slide.height, 256)
    thumbnail_level = pyramid.level_for_size(1024)
    level_width, level_height = pyramid.level_size(thumbnail_level)
    x, y = tissue_centre(slide, pyramid, pyramid.max_level)

    tracemalloc.start()
    try:
        tile = encode_tile_jpeg(slide, pyramid, pyramid.max_level, x // 256, y // 256)
        _, tile_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        thumbnail = slide.read_region(thumbnail_level, 0, 0, level_width, level_height)
        _, thumbnail_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert decode(tile).shape == (256, 256, 3)
    assert thumbnail.shape == (1250, 1563, 3)
    assert tile_peak < 16 * 2**20  # the slide itself would be 22 GiB
    assert thumbnail_peak < thumbnail.nbytes + 48 * 2**20


# --- file-backed slides ---------------------------------------------------------------------


@pytest.fixture
def image_file(tmp_path: Path) -> tuple[Path, np.ndarray]:
    pixels = np.random.default_rng(0).integers(0, 256, size=(301, 517, 3), dtype=np.uint8)
    path = tmp_path / "slide.png"
    Image.fromarray(pixels).save(path)
    return path, pixels


def test_a_file_slide_serves_the_file_at_full_resolution(
    image_file: tuple[Path, np.ndarray],
) -> None:
    path, pixels = image_file
    slide = ImageFileSlide(path)

    assert (slide.width, slide.height) == (517, 301)
    assert (slide.read_region(10, 0, 0, 517, 301) == pixels).all()
    assert (slide.read_region(10, 500, 290, 17, 11) == pixels[290:, 500:]).all()


def test_a_file_slide_level_is_the_level_above_averaged_over_2x2(
    image_file: tuple[Path, np.ndarray],
) -> None:
    path, pixels = image_file
    slide = ImageFileSlide(path)

    half = slide.read_region(9, 0, 0, 259, 151).astype(np.float64)

    inner = pixels[:300, :516].astype(np.float64).reshape(150, 2, 258, 2, 3).mean(axis=(1, 3))
    assert np.abs(half[:150, :258] - inner).max() <= 1
    assert np.abs(half[150, 258] - pixels[300, 516]).max() <= 1  # the corner averages one pixel


def test_a_file_slide_is_a_pixel_source_whose_tiles_follow_the_pyramid(
    image_file: tuple[Path, np.ndarray],
) -> None:
    path, _ = image_file
    slide: PixelSource = ImageFileSlide(path)
    pyramid = DeepZoomPyramid(slide.width, slide.height, 256)

    tile = decode(encode_tile_jpeg(slide, pyramid, 10, 2, 1))

    assert tile.shape == (45, 5, 3)


# --- labels ---------------------------------------------------------------------------------


def test_a_label_is_a_deterministic_600_by_300_jpeg_per_slide() -> None:
    label = encode_label_jpeg("slide-0001")

    assert decode(label).shape == (300, 600, 3)
    assert encode_label_jpeg("slide-0001") == label
    assert encode_label_jpeg("slide-0002") != label
