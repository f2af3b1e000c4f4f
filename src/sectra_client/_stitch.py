"""Assemble Deep Zoom tiles into one image: a region of a level, or a thumbnail.

Pillow is imported when a function runs, not when this module is imported, so the client
works without the ``images`` extra until pixels are asked for.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import TYPE_CHECKING

from sectra_client._extras import require_extra
from sectra_client.pyramid import DeepZoomPyramid, RegionTiles

if TYPE_CHECKING:
    from PIL import Image

__all__ = ["stitch_region", "thumbnail_from_level"]


def stitch_region(
    pyramid: DeepZoomPyramid,
    level: int,
    x: int,
    y: int,
    width: int,
    height: int,
    tiles: Mapping[tuple[int, int], bytes],
) -> Image.Image:
    """Stitch the region ``(x, y, width, height)`` of ``level`` from its encoded tiles.

    The region is in level pixels and is clipped to the level first, so the image returned is
    the clipped region's size (see :meth:`DeepZoomPyramid.tiles_for_region`, which also says
    which tiles ``tiles`` must hold, keyed by ``(col, row)``; extra tiles are ignored).

    Returns:
        An RGB Pillow image.

    Raises:
        MissingExtraError: Pillow is not installed.
        ValueError: a needed tile is missing, cannot be decoded, or decodes to a size other
            than the pyramid's tile bounds.
        OutsidePyramidError: the level does not exist or the region misses it.
    """
    _require_pillow("read_region")
    return _stitch(pyramid, pyramid.tiles_for_region(level, x, y, width, height), tiles)


def thumbnail_from_level(
    pyramid: DeepZoomPyramid,
    level: int,
    tiles: Mapping[tuple[int, int], bytes],
    max_size: int,
) -> Image.Image:
    """A thumbnail whose longer side is at most ``max_size`` pixels, made from one whole level.

    Pick the level with :meth:`DeepZoomPyramid.level_for_size` and pass all its tiles
    (:meth:`DeepZoomPyramid.tiles_for_level` lists them). A level larger than ``max_size`` is
    shrunk to the slide's aspect ratio with its longer side ``max_size`` (each side at least
    1 pixel); a smaller one is returned whole, never enlarged.

    Raises:
        MissingExtraError: Pillow is not installed.
        ValueError: ``max_size`` is less than 1, or a tile is missing, undecodable or the
            wrong size.
        OutsidePyramidError: the level does not exist.
    """
    if max_size < 1:
        raise ValueError(f"max_size must be at least 1, got {max_size}")
    _require_pillow("get_thumbnail")
    from PIL import Image

    image = _stitch(pyramid, pyramid.tiles_for_level(level), tiles)
    longer = max(image.size)
    if longer <= max_size:
        return image
    # The slide's own aspect ratio: a level's last row and column may be partly outside it.
    scale = max_size / max(pyramid.width, pyramid.height)
    size = (max(1, round(pyramid.width * scale)), max(1, round(pyramid.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def _stitch(
    pyramid: DeepZoomPyramid,
    region: RegionTiles,
    tiles: Mapping[tuple[int, int], bytes],
) -> Image.Image:
    from PIL import Image

    canvas = Image.new("RGB", (region.width, region.height))
    for piece in region.pieces:
        tile = _decode_tile(pyramid, region.level, piece.col, piece.row, tiles)
        part = tile if piece.crop == (0, 0, *tile.size) else tile.crop(piece.crop)
        canvas.paste(part, piece.offset)
    return canvas


def _decode_tile(
    pyramid: DeepZoomPyramid,
    level: int,
    col: int,
    row: int,
    tiles: Mapping[tuple[int, int], bytes],
) -> Image.Image:
    from PIL import Image

    where = f"tile ({col}, {row}) of level {level}"
    try:
        data = tiles[(col, row)]
    except KeyError:
        raise ValueError(f"{where} is needed but was not given") from None
    _, _, expected_width, expected_height = pyramid.tile_bounds(level, col, row)
    try:
        with Image.open(io.BytesIO(data)) as decoded:
            if decoded.size != (expected_width, expected_height):
                raise ValueError(
                    f"{where} is {decoded.width}x{decoded.height} pixels; the pyramid of a "
                    f"{pyramid.width}x{pyramid.height} slide with {pyramid.tile_size}-pixel "
                    f"tiles expects {expected_width}x{expected_height}"
                )
            tile = decoded.convert("RGB")
    except (OSError, Image.DecompressionBombError) as exc:
        raise ValueError(f"{where} is not a decodable image ({len(data)} bytes)") from exc
    return tile


def _require_pillow(feature: str) -> None:
    """Raise :class:`MissingExtraError` naming ``feature`` unless Pillow is installed."""
    require_extra("PIL.Image", "images", feature)
