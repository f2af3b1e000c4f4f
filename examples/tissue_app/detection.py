"""Finding tissue on a low-resolution image of a slide: a threshold, then outlines.

Bright-field slides show stained tissue on nearly white glass. Tissue is what is clearly
darker than the glass (an Otsu threshold on grey levels), cleaned of single stray pixels,
then outlined with :func:`~tissue_app.contours.trace_outlines` and simplified.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from tissue_app.contours import Ring, ring_area, simplify_ring, trace_outlines

__all__ = ["Outline", "TissueOutlines", "find_tissue", "otsu_threshold", "tissue_mask"]

MIN_CONTRAST = 12.0
"""Grey levels that must separate tissue from glass; below it the image is taken as empty."""


@dataclass(frozen=True)
class Outline:
    """One closed outline, in the image's pixel coordinates (see :mod:`tissue_app.contours`).

    Attributes:
        points: the simplified outline, ``(n, 2)`` ``(x, y)`` points, n >= 3.
        area: the area inside the unsimplified outline, in square image pixels.
        is_hole: whether it bounds a hole (glass inside tissue) rather than a region.
    """

    points: Ring
    area: float
    is_hole: bool


@dataclass(frozen=True)
class TissueOutlines:
    """The tissue found on an image.

    Attributes:
        outlines: the regions' outer boundaries and their holes.
        width: the image's width in pixels.
        height: the image's height in pixels.
    """

    outlines: list[Outline]
    width: int
    height: int

    @property
    def region_count(self) -> int:
        """How many separate pieces of tissue were found."""
        return sum(not outline.is_hole for outline in self.outlines)

    @property
    def tissue_pixels(self) -> float:
        """The tissue's area in square image pixels: regions less their holes."""
        return sum(-o.area if o.is_hole else o.area for o in self.outlines)


def otsu_threshold(grey: NDArray[np.uint8]) -> tuple[int, float]:
    """The grey level that best splits ``grey`` into two classes (Otsu's method), and how many
    grey levels apart the two classes' means are."""
    histogram = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256, dtype=np.float64)
    below = np.cumsum(histogram)
    below_sum = np.cumsum(histogram * levels)
    total, total_sum = below[-1], below_sum[-1]
    above = total - below
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_below = below_sum / below
        mean_above = (total_sum - below_sum) / above
        between = below * above * (mean_below - mean_above) ** 2
    between[~np.isfinite(between)] = -1.0
    threshold = int(np.argmax(between))
    if between[threshold] <= 0:
        return threshold, 0.0
    return threshold, float(mean_above[threshold] - mean_below[threshold])


def tissue_mask(image: Image.Image) -> NDArray[np.bool_]:
    """Which pixels of an RGB image of a slide show tissue, as a ``(height, width)`` array.

    A pixel is tissue when its grey level is at or below the Otsu threshold and the image has
    :data:`MIN_CONTRAST` between glass and tissue (an empty slide has no tissue); each pixel
    then takes the majority of its 3 x 3 neighbourhood, which removes isolated pixels.
    """
    grey = np.asarray(image.convert("L"), dtype=np.uint8)
    threshold, contrast = otsu_threshold(grey)
    if contrast < MIN_CONTRAST:
        return np.zeros(grey.shape, dtype=np.bool_)
    return _majority(grey <= threshold)


def _majority(mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
    padded = np.pad(mask.astype(np.uint8), 1)
    height, width = mask.shape
    votes = sum(
        padded[row : row + height, col : col + width] for row in range(3) for col in range(3)
    )
    majority: NDArray[np.bool_] = np.asarray(votes >= 5)
    return majority


def find_tissue(
    image: Image.Image, *, min_area: float = 16.0, tolerance: float = 1.0
) -> TissueOutlines:
    """The outlines of the tissue on an RGB image of a slide (e.g. a thumbnail).

    Args:
        image: the slide image.
        min_area: regions and holes smaller than this many square pixels are left out.
        tolerance: how far, in pixels, a simplified outline may stray from the traced one.
    """
    mask = tissue_mask(image)
    outlines = []
    for ring in trace_outlines(mask):
        area = ring_area(ring)
        if abs(area) < min_area:
            continue
        outlines.append(Outline(simplify_ring(ring, tolerance), abs(area), is_hole=area < 0))
    return TissueOutlines(outlines, image.width, image.height)
