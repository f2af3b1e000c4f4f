"""The demo's result picture (``examples/result_picture.py``): the crop that fits the tissue,
the scale bar computed from the pixel size, and the drawing of the stored shapes."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray
from PIL import Image

from sectra_client.schemas import ResultResponse

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
picture: Any = importlib.import_module("result_picture")

SLIDE = (60_000, 45_000)
GREEN = (0, 166, 81)


def square_result(left: float, top: float, side: float) -> ResultResponse:
    """A stored result with one square, given in full-resolution pixels of SLIDE."""
    corners = [(left, top), (left + side, top), (left + side, top + side), (left, top + side)]
    return ResultResponse.model_validate(
        {
            "id": 1,
            "versionId": "v1",
            "slideId": "slide",
            "displayResult": "one square",
            "applicationVersion": "1.0.0",
            "data": {
                "result": {
                    "type": "primitive",
                    "content": [
                        {
                            "style": {"strokeStyle": "#00A651"},
                            "polygons": [
                                {
                                    "points": [
                                        {"x": x / SLIDE[0], "y": y / SLIDE[0]} for x, y in corners
                                    ]
                                }
                            ],
                        }
                    ],
                }
            },
        }
    )


def longest_run(row: NDArray[np.bool_]) -> int:
    """The length of the longest run of True in ``row``."""
    edges = np.flatnonzero(np.diff(np.r_[0, row.astype(np.int8), 0]))
    starts, ends = edges[::2], edges[1::2]
    return int((ends - starts).max(initial=0))


@pytest.mark.parametrize("microns_per_pixel", [0.05, 0.25, 1.7, 14.6, 120.0])
def test_a_scale_bar_is_the_longest_round_length_that_fits(microns_per_pixel: float) -> None:
    room = 225.0

    bar = picture.scale_bar(microns_per_pixel, room)

    mantissa = bar.microns / 10 ** np.floor(np.log10(bar.microns))
    assert round(mantissa, 6) in {1.0, 2.0, 5.0}
    assert bar.pixels <= room
    assert bar.pixels > room / 2.5  # the next round length up would not fit
    assert bar.pixels == round(bar.microns / microns_per_pixel)


@pytest.mark.parametrize(
    ("microns", "label"), [(2000.0, "2 mm"), (500.0, "500 µm"), (1.0, "1 µm"), (10000.0, "10 mm")]
)
def test_a_scale_bar_label_uses_mm_from_a_millimetre(microns: float, label: str) -> None:
    assert picture.ScaleBar(microns, 100).label == label


def test_the_crop_holds_every_polygon_at_the_image_aspect_and_the_tissue_fills_it() -> None:
    polygons = [[(20_000.0, 10_000.0), (30_000.0, 12_000.0), (25_000.0, 16_000.0)]]

    crop = picture.tissue_crop(polygons, SLIDE)

    width, height = picture.IMAGE_SIZE
    assert crop.width / crop.height == pytest.approx(width / height)
    assert crop.left <= 20_000
    assert crop.left + crop.width >= 30_000
    assert crop.top <= 10_000
    assert crop.top + crop.height >= 16_000
    assert 10_000 / crop.width > 0.9  # the tissue spans the frame's width, less the margin


def test_a_crop_near_the_slide_edge_stays_on_the_slide() -> None:
    crop = picture.tissue_crop([[(0.0, 0.0), (3_000.0, 100.0), (100.0, 2_000.0)]], SLIDE)

    assert (crop.left, crop.top) == (0.0, 0.0)


def test_the_picture_draws_the_result_where_it_lies_with_a_scale_bar() -> None:
    result = square_result(20_000, 10_000, 8_000)
    crop = picture.tissue_crop(picture.result_polygons(result, SLIDE[0]), SLIDE)
    region = Image.new("RGB", (600, 450), (230, 150, 200))

    drawn = picture.compose_picture(
        region, (0.0, 0.0, *map(float, SLIDE)), crop, result, SLIDE[0], 0.25, "#00A651"
    )

    pixels = np.asarray(drawn)
    width, image_height = picture.IMAGE_SIZE
    assert drawn.size == picture.CANVAS_SIZE
    left, top = crop.to_canvas((20_000, 10_000), width)
    assert tuple(pixels[round(top) + 40, round(left)]) == GREEN  # the square's left side
    footer = pixels[image_height + 1 :]
    longest_black_run = max(longest_run(row) for row in footer.sum(axis=2) == 0)
    factor = width / crop.width
    expected = picture.scale_bar(0.25 / factor, picture.SCALE_BAR_SHARE * width)
    assert abs(longest_black_run - expected.pixels) <= 2
