"""Tiles without downloading: the requests, the plans of regions and thumbnails, and fetching
many tiles with a bound (the sync side; :mod:`sectra_client._tiles_async` has the async one).

Conventions (see :mod:`sectra_client.pyramid`): levels count from 0 (a 1x1 image) up to the
slide's full resolution, ``ceil(log2(max(width, height)))``; ``(col, row)`` index tiles from the
top-left; region coordinates are integer pixels of one level, origin top-left.

A tile is an operation like the others (:func:`sectra_client._operations.get_tile`); this
module checks its name and options against the slide (:func:`tile_call`,
:class:`TileRendering`) and plans which tiles a region or a thumbnail needs. The clients fetch
them with :func:`fetch_tiles` and stitch them with :mod:`sectra_client._stitch`. Pixels need the
``images`` extra (Pillow); a single tile does not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from sectra_client import _operations as ops
from sectra_client._concurrency import worker_count
from sectra_client._constants import DEFAULT_MAX_CONCURRENCY
from sectra_client.errors import NotStreamableError
from sectra_client.pyramid import DeepZoomPyramid, RegionTiles
from sectra_client.schemas import ImageInfo

__all__ = [
    "DEFAULT_MAX_CONCURRENCY",
    "TileChoice",
    "TileFetcher",
    "TileRendering",
    "default_tile_extension",
    "fetch_tiles",
    "plan_region",
    "plan_thumbnail",
    "streamable_pyramid",
    "tile_call",
    "tile_name",
]


TileFetcher = Callable[[int, int, int], bytes]
"""``fetch_tile(level, col, row)``: one encoded tile. Must be safe to call from many threads."""

_FOCAL_PLANE = re.compile(r"[A-Za-z0-9-]+")
_EXTENSION = re.compile(r"[A-Za-z0-9]+")
_FALLBACK_EXTENSION = "jpg"


# Requests


def tile_name(col: int, row: int, extension: str, focal_plane: str | None = None) -> str:
    """The tile's file name in the tile URL: ``{col}_{row}.{ext}`` or ``{col}_{row}_{z}.{ext}``.

    Raises:
        ValueError: a negative or non-integer index, or a focal plane or extension with
            characters the API does not allow (focal plane ``[A-Za-z0-9-]+``, extension
            ``[A-Za-z0-9]+``, no leading dot).
    """
    _check_index("col", col)
    _check_index("row", row)
    if not _EXTENSION.fullmatch(extension):
        raise ValueError(f"a tile extension is letters and digits only, got {extension!r}")
    if focal_plane is None:
        return f"{col}_{row}.{extension}"
    if not _FOCAL_PLANE.fullmatch(focal_plane):
        raise ValueError(f"a focal plane id is letters, digits and '-', got {focal_plane!r}")
    return f"{col}_{row}_{focal_plane}.{extension}"


def default_tile_extension(image_info: ImageInfo | None) -> str:
    """The extension to request tiles with when the caller names none.

    ``storedTileFormat.extension`` (served without conversion) when it is one of
    ``availableTileFormats`` or that list is empty; else the first available format; else
    ``jpg`` (also without ``image_info``).
    """
    if image_info is None:
        return _FALLBACK_EXTENSION
    stored = image_info.storedTileFormat.extension
    available = [tile_format.extension for tile_format in image_info.availableTileFormats]
    if stored and (stored in available or not available):
        return stored
    return next((extension for extension in available if extension), _FALLBACK_EXTENSION)


def streamable_pyramid(image_info: ImageInfo) -> DeepZoomPyramid:
    """The slide's Deep Zoom pyramid, for a slide that serves tiles.

    Raises:
        NotStreamableError: ``image_info.isStreamable`` is false (the slide has no tiles;
            download its files instead).
    """
    if not image_info.isStreamable:
        raise NotStreamableError(
            f"slide {image_info.id} is not streamable (isStreamable is false): it has no "
            "tiles; download its files instead"
        )
    return DeepZoomPyramid.from_image_info(image_info)


@dataclass(frozen=True)
class TileChoice:
    """Which rendering of a slide's tiles to ask for (the tile methods' keywords).

    Attributes:
        focal_plane: a ``focalPlanes[].id`` of the slide (the ``z`` of the tile name); None for
            the server's default plane.
        optical_path: an ``opticalPaths[].id`` of the slide, sent as the ``opticalPath`` query
            parameter; None for the default.
        extension: the tile format, e.g. ``jpg``; None for the stored format when the slide's
            metadata lists it, else ``jpg`` (:func:`default_tile_extension`).
    """

    focal_plane: str | None = None
    optical_path: str | None = None
    extension: str | None = None


def tile_call(
    slide_id: str,
    level: int,
    col: int,
    row: int,
    choice: TileChoice,
    image_info: ImageInfo | None = None,
) -> ops.Call[bytes]:
    """The ``GET /images/{slideId}_files/{level}/{col}_{row}[_{z}].{ext}`` call for a tile.

    ``level`` is the pyramid level, 0 (1x1) to full resolution; ``(col, row)`` the tile's index
    in that level, from the top-left. Without ``image_info`` (the slide's metadata) only the syntax
    is checked; with it, everything is checked against the slide before a request is built.

    Raises:
        NotStreamableError: ``image_info`` says the slide has no tiles.
        OutsidePyramidError: (an ``IndexError``) the level, column or row is not in the
            slide's pyramid (checked only with ``image_info``).
        ValueError: a negative index, a malformed focal plane or extension, or (with
            ``image_info``) a focal plane or optical path the slide does not list.
    """
    focal_plane, optical_path, extension = choice.focal_plane, choice.optical_path, choice.extension
    _check_index("level", level)
    name = tile_name(col, row, extension or default_tile_extension(image_info), focal_plane)
    if image_info is not None:
        streamable_pyramid(image_info).tile_bounds(level, col, row)
        _check_listed("focal plane", focal_plane, [plane.id for plane in image_info.focalPlanes])
        _check_listed("optical path", optical_path, [path.id for path in image_info.opticalPaths])
    return ops.get_tile(slide_id, level, name, optical_path=optical_path)


@dataclass(frozen=True)
class TileRendering:
    """How the tiles of one slide are asked for (focal plane, optical path, format), checked
    against the slide once for the many tiles of a region or a thumbnail."""

    slide_id: str
    focal_plane: str | None
    optical_path: str | None
    extension: str

    @classmethod
    def checked(cls, image_info: ImageInfo, choice: TileChoice) -> TileRendering:
        """The rendering of ``image_info``'s tiles, once the options are known to be valid.

        Raises:
            NotStreamableError: the slide has no tiles.
            ValueError: a malformed focal plane or extension, or an option the slide does not
                list.
        """
        extension = _checked_options(
            image_info, choice.focal_plane, choice.optical_path, choice.extension
        )
        return cls(image_info.id, choice.focal_plane, choice.optical_path, extension)

    def tile_call(self, level: int, col: int, row: int) -> ops.Call[bytes]:
        """The call for the tile ``(col, row)`` of ``level`` in this rendering."""
        name = tile_name(col, row, self.extension, self.focal_plane)
        return ops.get_tile(self.slide_id, level, name, optical_path=self.optical_path)


def fetch_tiles(
    fetch_tile: TileFetcher,
    level: int,
    indices: Sequence[tuple[int, int]],
    *,
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
) -> dict[tuple[int, int], bytes]:
    """Fetch the tiles ``indices`` (``(col, row)`` pairs) of ``level``, at most
    ``max_concurrency`` at a time, in worker threads (none when 1 is enough).

    Returns:
        Every tile's bytes, keyed by ``(col, row)``.

    Raises:
        ValueError: ``max_concurrency`` is less than 1.
        Exception: the first error ``fetch_tile`` raised. Tiles not yet started are not
            fetched; those in flight finish (each bounded by the request timeout) before this
            returns, so no thread outlives the call.
    """
    workers = worker_count(max_concurrency, len(indices))
    if workers <= 1:
        return {(col, row): fetch_tile(level, col, row) for col, row in indices}
    executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sectra-tiles")
    try:
        futures = {executor.submit(fetch_tile, level, col, row): (col, row) for col, row in indices}
        return {futures[future]: future.result() for future in as_completed(futures)}
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


# Helpers


def _checked_options(
    image_info: ImageInfo,
    focal_plane: str | None,
    optical_path: str | None,
    extension: str | None,
) -> str:
    """The extension to use, once the slide and the tile options are known to be valid."""
    streamable_pyramid(image_info)
    extension = extension or default_tile_extension(image_info)
    tile_name(0, 0, extension, focal_plane)
    _check_listed("focal plane", focal_plane, [plane.id for plane in image_info.focalPlanes])
    _check_listed("optical path", optical_path, [path.id for path in image_info.opticalPaths])
    return extension


def plan_region(
    image_info: ImageInfo, level: int, x: int, y: int, width: int, height: int
) -> tuple[DeepZoomPyramid, RegionTiles]:
    """The pyramid and the tiles of the region ``(x, y, width, height)`` of ``level``.

    Raises:
        NotStreamableError: the slide has no tiles.
        OutsidePyramidError: the level does not exist or the region misses it.
        ValueError: an empty region.
    """
    pyramid = streamable_pyramid(image_info)
    return pyramid, pyramid.tiles_for_region(level, x, y, width, height)


def plan_thumbnail(image_info: ImageInfo, max_size: int) -> tuple[DeepZoomPyramid, RegionTiles]:
    """The pyramid and every tile of the smallest level at least ``max_size`` pixels on its
    longer side (:meth:`DeepZoomPyramid.level_for_size`).

    Raises:
        NotStreamableError: the slide has no tiles.
        ValueError: ``max_size`` below 1.
    """
    pyramid = streamable_pyramid(image_info)
    return pyramid, pyramid.tiles_for_level(pyramid.level_for_size(max_size))


def _check_index(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"a tile {name} is an integer of 0 or more, got {value!r}")


def _check_listed(what: str, value: str | None, known: list[str]) -> None:
    """Refuse an id the slide does not list; a slide listing none is not checked."""
    if value is not None and known and value not in known:
        raise ValueError(f"{what} {value!r} is not one of this slide's: {sorted(known)}")
