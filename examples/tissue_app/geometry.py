"""From a thumbnail's pixels to the slide: the API's coordinates and physical areas.

The API's coordinates are fractions of the full-resolution image **width** on both axes:
``x`` runs from 0 to 1 and ``y`` from 0 to height/width, origin top-left.
"""

from __future__ import annotations

from dataclasses import dataclass

from sectra_client.schemas import Point
from tissue_app.contours import Ring

__all__ = ["ThumbnailGeometry"]


@dataclass(frozen=True)
class ThumbnailGeometry:
    """How a thumbnail of the whole slide maps onto the slide.

    Attributes:
        slide_width: full-resolution width in pixels.
        slide_height: full-resolution height in pixels.
        thumbnail_width: the thumbnail's width in pixels.
        thumbnail_height: the thumbnail's height in pixels.
        microns_per_pixel: the full-resolution pixel size, in micrometres.
    """

    slide_width: int
    slide_height: int
    thumbnail_width: int
    thumbnail_height: int
    microns_per_pixel: float

    @property
    def scale_x(self) -> float:
        """Full-resolution pixels per thumbnail pixel, across."""
        return self.slide_width / self.thumbnail_width

    @property
    def scale_y(self) -> float:
        """Full-resolution pixels per thumbnail pixel, down."""
        return self.slide_height / self.thumbnail_height

    def to_api_points(self, ring: Ring) -> list[Point]:
        """Thumbnail pixel coordinates → the API's width-normalised points."""
        return [
            Point(x=x * self.scale_x / self.slide_width, y=y * self.scale_y / self.slide_width)
            for x, y in ring.tolist()
        ]

    def area_mm2(self, thumbnail_pixels: float) -> float:
        """An area in square thumbnail pixels → square millimetres on the slide."""
        full_resolution_pixels = thumbnail_pixels * self.scale_x * self.scale_y
        return full_resolution_pixels * (self.microns_per_pixel / 1000.0) ** 2
