"""The Deep Zoom pyramid of a slide, computed from its size (Sectra serves no descriptor).

Conventions, as Sectra serves tiles at ``GET /images/{slideId}_files/{level}/{col}_{row}.{ext}``:

- Level ``max_level = ceil(log2(max(width, height)))`` is full resolution. Each level below
  halves both sides, rounding up, so level ``L`` is
  ``ceil(width / 2**(max_level - L))`` by ``ceil(height / 2**(max_level - L))`` pixels and
  level 0 is 1x1.
- Tiles are ``tile_size`` pixels square with no overlap. ``(col, row)`` counts tiles from the
  top-left corner; tiles on the right and bottom edges are clipped to the level, so smaller.
- Pixel coordinates are integers in the pixel grid of one level, origin top-left; level pixel
  ``x`` covers full-resolution pixels ``[x * scale, (x + 1) * scale)``.
- Results sent to Sectra use *normalised* coordinates: fractions of the image **width** on both
  axes (x in 0..1, y in 0..height/width). :meth:`DeepZoomPyramid.to_normalized` and
  :meth:`DeepZoomPyramid.from_normalized` convert.

Everything here is pure arithmetic on integers; nothing is fetched or decoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral
from typing import Protocol

from sectra_client.errors import OutsidePyramidError

__all__ = [
    "DeepZoomPyramid",
    "ImageGeometry",
    "OutsidePyramidError",
    "RegionTiles",
    "SizeLike",
    "TilePiece",
]


class SizeLike(Protocol):
    """Anything with integer ``width`` and ``height`` (e.g. the schema's ``Size``)."""

    @property
    def width(self) -> int: ...

    @property
    def height(self) -> int: ...


class ImageGeometry(Protocol):
    """The part of Sectra's ``ImageInfo`` that fixes the pyramid."""

    @property
    def imageSize(self) -> SizeLike: ...

    @property
    def tileSize(self) -> SizeLike: ...


@dataclass(frozen=True)
class TilePiece:
    """The part of one tile that falls inside a region.

    Attributes:
        col, row: the tile's index in its level.
        crop: ``(left, upper, right, lower)`` in the tile's own pixels (a Pillow crop box;
            right and lower are exclusive).
        offset: ``(x, y)`` where the crop's top-left corner goes, in region pixels.
    """

    col: int
    row: int
    crop: tuple[int, int, int, int]
    offset: tuple[int, int]


@dataclass(frozen=True)
class RegionTiles:
    """The tiles covering a region of one level, and where each one's crop goes.

    ``x, y, width, height`` describe the region after clipping to the level, in level pixels;
    the pieces' offsets are relative to its ``(x, y)``. The pieces cover it exactly once, in
    row-major order of tiles.
    """

    level: int
    x: int
    y: int
    width: int
    height: int
    pieces: tuple[TilePiece, ...]

    @property
    def tile_indices(self) -> list[tuple[int, int]]:
        """The ``(col, row)`` of every tile to fetch, row-major."""
        return [(piece.col, piece.row) for piece in self.pieces]


@dataclass(frozen=True)
class DeepZoomPyramid:
    """The Deep Zoom pyramid of a ``width`` by ``height`` slide cut in ``tile_size`` tiles.

    All sizes are in pixels and must be at least 1. Methods taking a ``level`` raise
    :class:`OutsidePyramidError` when it is not in :attr:`levels`.
    """

    width: int
    height: int
    tile_size: int

    def __post_init__(self) -> None:
        for name in ("width", "height", "tile_size"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
            object.__setattr__(self, name, int(value))  # numpy integers become plain ints

    @classmethod
    def from_image_info(cls, info: ImageGeometry) -> DeepZoomPyramid:
        """The pyramid of a slide described by Sectra's ``ImageInfo``.

        Tiles are square, ``tileSize.width`` pixels. This does not look at ``isStreamable``:
        a slide that is not streamable has no tiles at all, which callers check first.

        Raises:
            ValueError: a size is below 1.
        """
        return cls(info.imageSize.width, info.imageSize.height, info.tileSize.width)

    @property
    def max_level(self) -> int:
        """The full-resolution level: ``ceil(log2(max(width, height)))``; 0 for a 1x1 image."""
        return (max(self.width, self.height) - 1).bit_length()

    @property
    def levels(self) -> range:
        """Every level, from 0 (1x1) to :attr:`max_level` (full resolution)."""
        return range(self.max_level + 1)

    def level_scale(self, level: int) -> int:
        """The downsample factor of ``level``: full-resolution pixels per level pixel, per axis."""
        self._check_level(level)
        return 1 << (self.max_level - level)

    def level_size(self, level: int) -> tuple[int, int]:
        """``(width, height)`` of ``level`` in pixels."""
        shift = self.max_level - self._check_level(level)
        return _ceil_shift(self.width, shift), _ceil_shift(self.height, shift)

    def tile_grid(self, level: int) -> tuple[int, int]:
        """``(cols, rows)``: how many tiles ``level`` has across and down."""
        level_width, level_height = self.level_size(level)
        return -(-level_width // self.tile_size), -(-level_height // self.tile_size)

    def tile_count(self, level: int) -> int:
        """The number of tiles in ``level``."""
        cols, rows = self.tile_grid(level)
        return cols * rows

    def tile_bounds(self, level: int, col: int, row: int) -> tuple[int, int, int, int]:
        """``(x, y, width, height)`` of tile ``(col, row)`` in ``level`` pixels.

        Edge tiles are clipped to the level, so may be smaller than ``tile_size``.

        Raises:
            OutsidePyramidError: the level, column or row does not exist.
        """
        cols, rows = self.tile_grid(level)
        if not (0 <= col < cols and 0 <= row < rows):
            raise OutsidePyramidError(
                f"tile ({col}, {row}) is outside level {level}, which has {cols}x{rows} tiles"
            )
        level_width, level_height = self.level_size(level)
        x, y = col * self.tile_size, row * self.tile_size
        return x, y, min(self.tile_size, level_width - x), min(self.tile_size, level_height - y)

    def tiles_for_region(self, level: int, x: int, y: int, width: int, height: int) -> RegionTiles:
        """The tiles covering a region of ``level``, with each tile's crop and paste offset.

        The region (level pixels, top-left ``(x, y)``) is first clipped to the level; the result
        describes the clipped region.

        Raises:
            ValueError: ``width`` or ``height`` is less than 1.
            OutsidePyramidError: the level does not exist, or the region misses it entirely.
        """
        left, top, region_width, region_height = self.clip_region(level, x, y, width, height)
        size = self.tile_size
        pieces: list[TilePiece] = []
        for row in range(top // size, (top + region_height - 1) // size + 1):
            for col in range(left // size, (left + region_width - 1) // size + 1):
                tile_x, tile_y, tile_width, tile_height = self.tile_bounds(level, col, row)
                crop_left = max(left, tile_x) - tile_x
                crop_top = max(top, tile_y) - tile_y
                crop_right = min(left + region_width, tile_x + tile_width) - tile_x
                crop_bottom = min(top + region_height, tile_y + tile_height) - tile_y
                pieces.append(
                    TilePiece(
                        col=col,
                        row=row,
                        crop=(crop_left, crop_top, crop_right, crop_bottom),
                        offset=(tile_x + crop_left - left, tile_y + crop_top - top),
                    )
                )
        return RegionTiles(level, left, top, region_width, region_height, tuple(pieces))

    def tiles_for_level(self, level: int) -> RegionTiles:
        """Every tile of ``level``, placed to stitch the whole level (e.g. for a thumbnail)."""
        level_width, level_height = self.level_size(level)
        return self.tiles_for_region(level, 0, 0, level_width, level_height)

    def clip_region(
        self, level: int, x: int, y: int, width: int, height: int
    ) -> tuple[int, int, int, int]:
        """``(x, y, width, height)`` of the part of a region that lies inside ``level``.

        Raises:
            ValueError: ``width`` or ``height`` is less than 1.
            OutsidePyramidError: the level does not exist, or the region misses it entirely.
        """
        if width < 1 or height < 1:
            raise ValueError(f"a region needs a positive size, got {width}x{height}")
        level_width, level_height = self.level_size(level)
        left, top = max(x, 0), max(y, 0)
        right, bottom = min(x + width, level_width), min(y + height, level_height)
        if left >= right or top >= bottom:
            raise OutsidePyramidError(
                f"region {width}x{height} at ({x}, {y}) lies outside level {level}, "
                f"which is {level_width}x{level_height}"
            )
        return left, top, right - left, bottom - top

    def level_for_size(self, max_size: int) -> int:
        """The level to stitch for a thumbnail whose longer side is at most ``max_size`` pixels.

        Rule: the smallest level whose longer side is at least ``max_size``, so that shrinking
        it to fit loses nothing; if even full resolution is smaller, :attr:`max_level` (the
        thumbnail is then the whole slide, not enlarged). The chosen level's longer side is
        below ``2 * max_size`` unless it is full resolution.

        Raises:
            ValueError: ``max_size`` is less than 1.
        """
        if max_size < 1:
            raise ValueError(f"max_size must be at least 1, got {max_size}")
        for level in self.levels:
            if max(self.level_size(level)) >= max_size:
                return level
        return self.max_level

    def to_normalized(self, level: int, x: float, y: float) -> tuple[float, float]:
        """Level pixel coordinates → the API's coordinates (fractions of the image width)."""
        scale = self.level_scale(level)
        return x * scale / self.width, y * scale / self.width

    def from_normalized(self, level: int, x: float, y: float) -> tuple[float, float]:
        """The API's coordinates (fractions of the image width) → level pixel coordinates."""
        scale = self.level_scale(level)
        return x * self.width / scale, y * self.width / scale

    def _check_level(self, level: int) -> int:
        if not 0 <= level <= self.max_level:
            raise OutsidePyramidError(
                f"level {level} does not exist; this pyramid has levels 0..{self.max_level}"
            )
        return level


def _ceil_shift(value: int, shift: int) -> int:
    """``ceil(value / 2**shift)`` for positive integers."""
    return -(-value >> shift)
