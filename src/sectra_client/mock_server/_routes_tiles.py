"""The tile route: Deep Zoom tiles computed from the slide's pixels."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Response

from sectra_client.mock_server._deps import Backend, SlideId, TileName, require_slide
from sectra_client.mock_server._pixels import encode_tile_jpeg
from sectra_client.mock_server._tile_cache import TileKey
from sectra_client.pyramid import DeepZoomPyramid, OutsidePyramidError
from sectra_client.schemas import FocalPlane

__all__ = ["router"]

router = APIRouter()

_TILE_NAME = re.compile(r"([0-9]+)_([0-9]+)(?:_([A-Za-z0-9.-]+))?\.([A-Za-z0-9]+)")


@router.get("/images/{slideId}_files/{level}/{tileName}")
def get_tile(
    backend: Backend,
    slide_id: SlideId,
    tile_name: TileName,
    level: Annotated[int, Path(ge=0, le=40)],
    optical_path: Annotated[str | None, Query(alias="opticalPath")] = None,
    channels: Annotated[str | None, Query(alias="channels")] = None,
) -> Response:
    """Tile ``col_row[_z].ext`` of ``level``: the JPEG of the pixel source at the tile's bounds.

    The optical path comes from ``opticalPath``, or ``channels`` (what Sectra's own viewer
    proxy sends). ``z`` may be written as a number with a dot (``0.0`` for the plane ``0``).
    404 for a slide that is not streamable, a level or tile outside the pyramid, an extension
    not among ``availableTileFormats``, or an unknown focal plane or optical path. Tiles
    rendered recently are served from the state's tile cache.
    """
    slide = require_slide(backend, slide_id)
    info = slide.info
    name = _TILE_NAME.fullmatch(tile_name)
    if name is None:
        raise HTTPException(404, "Not Found: a tile is named {col}_{row}[_{z}].{extension}")
    col, row, extension = int(name[1]), int(name[2]), name[4]
    optical_path = optical_path if optical_path is not None else channels
    if not info.isStreamable:
        raise HTTPException(404, "Not Found: the slide is not streamable; it has no tiles")
    formats = {tile_format.extension: tile_format for tile_format in info.availableTileFormats}
    if extension not in formats or formats[extension].mimeType != "image/jpeg":
        raise HTTPException(404, f"Not Found: tiles are not served as .{extension}")
    focal_plane = None if name[3] is None else _focal_plane(name[3], info.focalPlanes)
    if optical_path is not None and optical_path not in {path.id for path in info.opticalPaths}:
        raise HTTPException(404, "Not Found: no such optical path")
    key = TileKey(slide.serial, level, col, row, focal_plane, optical_path, extension)
    jpeg = backend.state.tiles.get(key)
    if jpeg is None:
        try:
            pyramid = DeepZoomPyramid.from_image_info(info)
            jpeg = encode_tile_jpeg(slide.pixel_source(), pyramid, level, col, row)
        except (OutsidePyramidError, ValueError) as error:
            raise HTTPException(404, f"Not Found: {error}") from None
        backend.state.tiles.put(key, jpeg)
    return Response(jpeg, media_type="image/jpeg")


def _focal_plane(z: str, planes: list[FocalPlane]) -> str:
    """The id of the focal plane ``z`` names: its id, or the same number written otherwise
    (``0.0`` for ``0``).

    Raises:
        HTTPException: 404, no such plane.
    """
    ids = [plane.id for plane in planes]
    if z in ids:
        return z
    for plane_id in ids:
        if _same_number(z, plane_id):
            return plane_id
    raise HTTPException(404, "Not Found: no such focal plane")


def _same_number(first: str, second: str) -> bool:
    try:
        return float(first) == float(second)
    except ValueError:
        return False
