"""The example tissue finder (``examples/tissue_app``): outlines, simplification, detection and
the conversion to the API's coordinates. (``examples/demo.py`` runs in ``test_demo.py``.)"""

from __future__ import annotations

import importlib
import math
import sys
from collections import deque
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.typing import NDArray
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
contours: Any = importlib.import_module("tissue_app.contours")
detection: Any = importlib.import_module("tissue_app.detection")
geometry: Any = importlib.import_module("tissue_app.geometry")

GLASS = (241, 240, 243)
EOSIN = (214, 140, 200)


def components(mask: NDArray[np.bool_]) -> int:
    """How many 4-connected groups of set pixels ``mask`` has (a plain flood fill)."""
    seen = np.zeros_like(mask)
    count = 0
    for start in zip(*np.nonzero(mask), strict=True):
        if seen[start]:
            continue
        count += 1
        queue = deque([start])
        seen[start] = True
        while queue:
            row, col = queue.popleft()
            for near in ((row + 1, col), (row - 1, col), (row, col + 1), (row, col - 1)):
                inside = 0 <= near[0] < mask.shape[0] and 0 <= near[1] < mask.shape[1]
                if inside and mask[near] and not seen[near]:
                    seen[near] = True
                    queue.append(near)
    return count


def slide_picture(discs: list[tuple[int, int, int]], size: tuple[int, int] = (400, 300)) -> Any:
    image = Image.new("RGB", size, GLASS)
    draw = ImageDraw.Draw(image)
    for x, y, radius in discs:
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=EOSIN)
    return image


# ----- outlines -----------------------------------------------------------------------------


def test_one_pixel_is_outlined_by_a_diamond_through_its_edge_midpoints() -> None:
    mask = np.zeros((3, 3), dtype=np.bool_)
    mask[1, 1] = True

    [ring] = contours.trace_outlines(mask)

    assert sorted(map(tuple, ring.tolist())) == [(1.0, 1.5), (1.5, 1.0), (1.5, 2.0), (2.0, 1.5)]
    assert contours.ring_area(ring) == 0.5


def test_a_hole_is_outlined_the_other_way_round() -> None:
    mask = np.ones((5, 5), dtype=np.bool_)
    mask[2, 2] = False

    areas = sorted(contours.ring_area(ring) for ring in contours.trace_outlines(mask))

    assert areas[0] == -0.5
    assert areas[1] > 20


def test_pixels_touching_at_a_corner_are_separate_regions() -> None:
    mask = np.array([[1, 0], [0, 1]], dtype=np.bool_)

    assert len(contours.trace_outlines(mask)) == 2


@settings(max_examples=60, deadline=None)
@given(arrays(np.bool_, st.tuples(st.integers(1, 12), st.integers(1, 12))))
def test_there_is_one_outer_outline_per_region(mask: NDArray[np.bool_]) -> None:
    rings = contours.trace_outlines(mask)

    outer = [ring for ring in rings if contours.ring_area(ring) > 0]
    assert len(outer) == components(mask)
    assert all(len(ring) >= 4 for ring in rings)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.floats(0, 100), st.floats(0, 100)), min_size=3, max_size=60),
    st.floats(0.1, 5.0),
)
def test_a_simplified_ring_stays_within_the_tolerance(
    points: list[tuple[float, float]], tolerance: float
) -> None:
    ring = np.array(points, dtype=np.float64)

    simplified = contours.simplify_ring(ring, tolerance)

    assert 3 <= len(simplified) <= len(ring)
    edges = list(zip(simplified, np.roll(simplified, -1, axis=0), strict=True))
    for point in ring:
        nearest = min(distance_to_segment(point, start, end) for start, end in edges)
        assert nearest <= tolerance + 1e-9


def distance_to_segment(point: Any, start: Any, end: Any) -> float:
    direction = end - start
    length = float(np.dot(direction, direction))
    along = 0.0 if length == 0 else float(np.dot(point - start, direction)) / length
    along = min(1.0, max(0.0, along))
    return float(np.hypot(*(point - (start + along * direction))))


def test_a_rectangles_outline_simplifies_to_its_corners() -> None:
    [ring] = contours.trace_outlines(np.ones((40, 60), dtype=np.bool_))

    assert len(contours.simplify_ring(ring, 0.5)) == 4
    assert len(contours.simplify_ring(ring, 0.1)) == 8  # the cut corners kept


# ----- detection --------------------------------------------------------------------------


def test_two_stained_discs_are_two_regions_of_their_area() -> None:
    found = detection.find_tissue(slide_picture([(100, 100, 40), (280, 180, 60)]))

    assert found.region_count == 2
    assert found.tissue_pixels == pytest.approx(math.pi * (40**2 + 60**2), rel=0.03)


def test_glass_inside_tissue_is_a_hole() -> None:
    image = slide_picture([(200, 150, 100)])
    ImageDraw.Draw(image).ellipse((180, 130, 220, 170), fill=GLASS)

    found = detection.find_tissue(image)

    assert [outline.is_hole for outline in found.outlines].count(True) == 1
    assert found.region_count == 1


def test_an_empty_slide_has_no_tissue() -> None:
    assert detection.find_tissue(slide_picture([])).outlines == []


# ----- geometry ---------------------------------------------------------------------------------


def test_thumbnail_points_become_fractions_of_the_slide_width() -> None:
    shape = geometry.ThumbnailGeometry(60_000, 45_000, 1024, 768, 0.25)

    points = shape.to_api_points(np.array([[0.0, 0.0], [1024.0, 768.0], [512.0, 384.0]]))

    assert [(point.x, point.y) for point in points] == [(0.0, 0.0), (1.0, 0.75), (0.5, 0.375)]


def test_the_whole_thumbnail_is_the_slides_area_in_square_millimetres() -> None:
    shape = geometry.ThumbnailGeometry(60_000, 45_000, 1024, 768, 0.25)

    assert shape.area_mm2(1024 * 768) == pytest.approx(15.0 * 11.25)
