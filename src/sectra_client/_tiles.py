"""Tiles without downloading: one tile, a region of a level, a thumbnail; sync and async.

Conventions (see :mod:`sectra_client.pyramid`): levels count from 0 (a 1x1 image) up to the
slide's full resolution, ``ceil(log2(max(width, height)))``; ``(col, row)`` index tiles from the
top-left; region coordinates are integer pixels of one level, origin top-left.

Planning (which tiles a region or thumbnail needs), request building and stitching are written
once. Only fetching differs: :func:`fetch_tiles` runs a thread-safe ``fetch_tile`` in a bounded
thread pool, :func:`afetch_tiles` runs an async one in a bounded set of tasks. Both stop at the
first failed tile and raise its error; tiles in flight are let finish (threads) or cancelled
(tasks) first, so nothing keeps running after they return.

The functions taking a transport are what ``SectraClient`` and ``AsyncSectraClient`` call; the
ones taking a ``fetch_tile`` callable are their shared core. Pixels need the ``images`` extra
(Pillow); :func:`get_tile` does not.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from typing import TYPE_CHECKING

from sectra_api.api.tiles import get_tile as _get_tile_binding
from sectra_api.types import UNSET

from sectra_client._stitch import stitch_region, thumbnail_from_level
from sectra_client._transport import AsyncTransport, RequestSpec, SyncTransport
from sectra_client.errors import NotStreamableError
from sectra_client.pyramid import DeepZoomPyramid, RegionTiles
from sectra_client.schemas import ImageInfo

if TYPE_CHECKING:
    from PIL import Image

__all__ = [
    "DEFAULT_MAX_CONCURRENCY",
    "DEFAULT_THUMBNAIL_SIZE",
    "AsyncTileFetcher",
    "TileFetcher",
    "afetch_tiles",
    "aget_thumbnail",
    "aget_tile",
    "aread_region",
    "aregion_from_tiles",
    "athumbnail_from_tiles",
    "default_tile_extension",
    "fetch_tiles",
    "get_thumbnail",
    "get_tile",
    "read_region",
    "region_from_tiles",
    "streamable_pyramid",
    "thumbnail_from_tiles",
    "tile_name",
    "tile_request",
]

DEFAULT_MAX_CONCURRENCY = 8
"""Tiles fetched at once by default when reading a region or a thumbnail."""

DEFAULT_THUMBNAIL_SIZE = 1024
"""The default longer side of a thumbnail, in pixels."""

TileFetcher = Callable[[int, int, int], bytes]
"""``fetch_tile(level, col, row)``: one encoded tile. Must be safe to call from many threads."""

AsyncTileFetcher = Callable[[int, int, int], Awaitable[bytes]]
"""The async twin of :data:`TileFetcher`."""

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


def tile_request(
    slide_id: str,
    level: int,
    col: int,
    row: int,
    *,
    focal_plane: str | None = None,
    optical_path: str | None = None,
    extension: str | None = None,
    image_info: ImageInfo | None = None,
) -> RequestSpec:
    """The ``GET /images/{slideId}_files/{level}/{col}_{row}[_{z}].{ext}`` request for a tile.

    Args:
        slide_id: the slide.
        level: the pyramid level, 0 (1x1) to full resolution.
        col, row: the tile's index in that level, from the top-left.
        focal_plane: a ``focalPlanes[].id`` (the ``z`` of the tile name); ``None`` for the
            server's default plane.
        optical_path: an ``opticalPaths[].id``, sent as the ``opticalPath`` query parameter.
        extension: the tile format, e.g. ``jpg``; by default :func:`default_tile_extension`.
        image_info: the slide's metadata, when known. With it, everything is checked against
            the slide before a request is built; without it, only the syntax is.

    Raises:
        NotStreamableError: ``image_info`` says the slide has no tiles.
        OutsidePyramidError: (an ``IndexError``) the level, column or row is not in the
            slide's pyramid (checked only with ``image_info``).
        ValueError: a negative index, a malformed focal plane or extension, or (with
            ``image_info``) a focal plane or optical path the slide does not list.
    """
    _check_index("level", level)
    name = tile_name(col, row, extension or default_tile_extension(image_info), focal_plane)
    if image_info is not None:
        streamable_pyramid(image_info).tile_bounds(level, col, row)
        _check_listed("focal plane", focal_plane, [plane.id for plane in image_info.focalPlanes])
        _check_listed("optical path", optical_path, [path.id for path in image_info.opticalPaths])
    kwargs = _get_tile_binding._get_kwargs(
        slide_id, level, name, optical_path=UNSET if optical_path is None else optical_path
    )
    return RequestSpec.from_kwargs(kwargs)


def get_tile(
    transport: SyncTransport,
    slide_id: str,
    level: int,
    col: int,
    row: int,
    *,
    focal_plane: str | None = None,
    optical_path: str | None = None,
    extension: str | None = None,
    image_info: ImageInfo | None = None,
) -> bytes:
    """One encoded tile (JPEG unless another ``extension`` is asked for).

    Arguments and the errors raised before any request as for :func:`tile_request`.

    Raises:
        NotFoundError: the server has no such slide, level or tile (HTTP 404).
        SectraRequestError, SectraConnectionError: as for any request.
    """
    spec = tile_request(
        slide_id,
        level,
        col,
        row,
        focal_plane=focal_plane,
        optical_path=optical_path,
        extension=extension,
        image_info=image_info,
    )
    return transport.request(spec).content


async def aget_tile(
    transport: AsyncTransport,
    slide_id: str,
    level: int,
    col: int,
    row: int,
    *,
    focal_plane: str | None = None,
    optical_path: str | None = None,
    extension: str | None = None,
    image_info: ImageInfo | None = None,
) -> bytes:
    """The async twin of :func:`get_tile`."""
    spec = tile_request(
        slide_id,
        level,
        col,
        row,
        focal_plane=focal_plane,
        optical_path=optical_path,
        extension=extension,
        image_info=image_info,
    )
    return (await transport.request(spec)).content


# Fetching many tiles with a bound


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
    workers = _worker_count(max_concurrency, len(indices))
    if workers <= 1:
        return {(col, row): fetch_tile(level, col, row) for col, row in indices}
    executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sectra-tiles")
    try:
        futures = {executor.submit(fetch_tile, level, col, row): (col, row) for col, row in indices}
        return {futures[future]: future.result() for future in as_completed(futures)}
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


async def afetch_tiles(
    fetch_tile: AsyncTileFetcher,
    level: int,
    indices: Sequence[tuple[int, int]],
    *,
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
) -> dict[tuple[int, int], bytes]:
    """The async twin of :func:`fetch_tiles`: at most ``max_concurrency`` tasks.

    On the first failure the other tasks are cancelled and awaited, then that failure is
    raised (itself, not an ``ExceptionGroup``).
    """
    workers = _worker_count(max_concurrency, len(indices))
    tiles: dict[tuple[int, int], bytes] = {}
    remaining = iter(indices)

    async def worker() -> None:
        for col, row in remaining:
            tiles[(col, row)] = await fetch_tile(level, col, row)

    try:
        async with asyncio.TaskGroup() as group:
            for _ in range(workers):
                group.create_task(worker())
    except BaseExceptionGroup as failures:
        raise failures.exceptions[0] from None
    return tiles


# Regions and thumbnails from a tile fetcher


def region_from_tiles(
    fetch_tile: TileFetcher,
    image_info: ImageInfo,
    level: int,
    x: int,
    y: int,
    width: int,
    height: int,
    *,
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
) -> Image.Image:
    """The region ``(x, y, width, height)`` of ``level`` (level pixels), stitched from tiles.

    The region is clipped to the level, so the image has the clipped size. Tiles are fetched
    as :func:`fetch_tiles` does.

    Returns:
        An RGB Pillow image.

    Raises:
        NotStreamableError: the slide has no tiles (nothing is fetched).
        OutsidePyramidError: the level does not exist or the region misses it (nothing is
            fetched).
        ValueError: an empty region, ``max_concurrency`` below 1, or a tile that does not
            decode to its expected size.
        MissingExtraError: Pillow is not installed.
        Exception: the first tile failure, e.g. :class:`NotFoundError`.
    """
    pyramid, region = _plan_region(image_info, level, x, y, width, height)
    tiles = fetch_tiles(fetch_tile, level, region.tile_indices, max_concurrency=max_concurrency)
    return stitch_region(pyramid, level, x, y, width, height, tiles)


async def aregion_from_tiles(
    fetch_tile: AsyncTileFetcher,
    image_info: ImageInfo,
    level: int,
    x: int,
    y: int,
    width: int,
    height: int,
    *,
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
) -> Image.Image:
    """The async twin of :func:`region_from_tiles`; tiles are decoded in a worker thread, so
    the event loop is not blocked."""
    pyramid, region = _plan_region(image_info, level, x, y, width, height)
    tiles = await afetch_tiles(
        fetch_tile, level, region.tile_indices, max_concurrency=max_concurrency
    )
    return await asyncio.to_thread(stitch_region, pyramid, level, x, y, width, height, tiles)


def thumbnail_from_tiles(
    fetch_tile: TileFetcher,
    image_info: ImageInfo,
    max_size: int = DEFAULT_THUMBNAIL_SIZE,
    *,
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
) -> Image.Image:
    """A thumbnail of the whole slide whose longer side is at most ``max_size`` pixels.

    The level is :meth:`DeepZoomPyramid.level_for_size` (the smallest level at least
    ``max_size`` on its longer side); all its tiles are stitched and the result is shrunk to
    the slide's aspect ratio. A slide smaller than ``max_size`` is returned whole, not
    enlarged.

    Returns:
        An RGB Pillow image.

    Raises:
        NotStreamableError: the slide has no tiles (nothing is fetched).
        ValueError: ``max_size`` or ``max_concurrency`` below 1, or an undecodable tile.
        MissingExtraError: Pillow is not installed.
        Exception: the first tile failure, e.g. :class:`NotFoundError`.
    """
    pyramid, region = _plan_thumbnail(image_info, max_size)
    tiles = fetch_tiles(
        fetch_tile, region.level, region.tile_indices, max_concurrency=max_concurrency
    )
    return thumbnail_from_level(pyramid, region.level, tiles, max_size)


async def athumbnail_from_tiles(
    fetch_tile: AsyncTileFetcher,
    image_info: ImageInfo,
    max_size: int = DEFAULT_THUMBNAIL_SIZE,
    *,
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
) -> Image.Image:
    """The async twin of :func:`thumbnail_from_tiles` (decoding in a worker thread)."""
    pyramid, region = _plan_thumbnail(image_info, max_size)
    tiles = await afetch_tiles(
        fetch_tile, region.level, region.tile_indices, max_concurrency=max_concurrency
    )
    return await asyncio.to_thread(thumbnail_from_level, pyramid, region.level, tiles, max_size)


# Regions and thumbnails over a transport (what the clients call)


def read_region(
    transport: SyncTransport,
    image_info: ImageInfo,
    level: int,
    x: int,
    y: int,
    width: int,
    height: int,
    *,
    focal_plane: str | None = None,
    optical_path: str | None = None,
    extension: str | None = None,
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
) -> Image.Image:
    """The region ``(x, y, width, height)`` of ``level`` of the slide ``image_info.id``.

    Coordinates are level pixels; see :func:`region_from_tiles` for the clipping, the result
    and what is raised, and :func:`tile_request` for the tile options, all checked before
    the first request.
    """
    fetch = _tile_fetcher(transport, image_info, focal_plane, optical_path, extension)
    return region_from_tiles(
        fetch, image_info, level, x, y, width, height, max_concurrency=max_concurrency
    )


async def aread_region(
    transport: AsyncTransport,
    image_info: ImageInfo,
    level: int,
    x: int,
    y: int,
    width: int,
    height: int,
    *,
    focal_plane: str | None = None,
    optical_path: str | None = None,
    extension: str | None = None,
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
) -> Image.Image:
    """The async twin of :func:`read_region`."""
    fetch = _async_tile_fetcher(transport, image_info, focal_plane, optical_path, extension)
    return await aregion_from_tiles(
        fetch, image_info, level, x, y, width, height, max_concurrency=max_concurrency
    )


def get_thumbnail(
    transport: SyncTransport,
    image_info: ImageInfo,
    max_size: int = DEFAULT_THUMBNAIL_SIZE,
    *,
    focal_plane: str | None = None,
    optical_path: str | None = None,
    extension: str | None = None,
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
) -> Image.Image:
    """A thumbnail of the slide ``image_info.id``, longer side at most ``max_size`` pixels.

    See :func:`thumbnail_from_tiles` for the level chosen and what is raised.
    """
    fetch = _tile_fetcher(transport, image_info, focal_plane, optical_path, extension)
    return thumbnail_from_tiles(fetch, image_info, max_size, max_concurrency=max_concurrency)


async def aget_thumbnail(
    transport: AsyncTransport,
    image_info: ImageInfo,
    max_size: int = DEFAULT_THUMBNAIL_SIZE,
    *,
    focal_plane: str | None = None,
    optical_path: str | None = None,
    extension: str | None = None,
    max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
) -> Image.Image:
    """The async twin of :func:`get_thumbnail`."""
    fetch = _async_tile_fetcher(transport, image_info, focal_plane, optical_path, extension)
    return await athumbnail_from_tiles(fetch, image_info, max_size, max_concurrency=max_concurrency)


# Helpers


def _tile_fetcher(
    transport: SyncTransport,
    image_info: ImageInfo,
    focal_plane: str | None,
    optical_path: str | None,
    extension: str | None,
) -> TileFetcher:
    """A :data:`TileFetcher` for one slide and rendering, its options checked now."""
    extension = _checked_options(image_info, focal_plane, optical_path, extension)

    def fetch(level: int, col: int, row: int) -> bytes:
        spec = tile_request(
            image_info.id,
            level,
            col,
            row,
            focal_plane=focal_plane,
            optical_path=optical_path,
            extension=extension,
        )
        return transport.request(spec).content

    return fetch


def _async_tile_fetcher(
    transport: AsyncTransport,
    image_info: ImageInfo,
    focal_plane: str | None,
    optical_path: str | None,
    extension: str | None,
) -> AsyncTileFetcher:
    """The async twin of :func:`_tile_fetcher`."""
    extension = _checked_options(image_info, focal_plane, optical_path, extension)

    async def fetch(level: int, col: int, row: int) -> bytes:
        spec = tile_request(
            image_info.id,
            level,
            col,
            row,
            focal_plane=focal_plane,
            optical_path=optical_path,
            extension=extension,
        )
        return (await transport.request(spec)).content

    return fetch


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


def _plan_region(
    image_info: ImageInfo, level: int, x: int, y: int, width: int, height: int
) -> tuple[DeepZoomPyramid, RegionTiles]:
    pyramid = streamable_pyramid(image_info)
    return pyramid, pyramid.tiles_for_region(level, x, y, width, height)


def _plan_thumbnail(image_info: ImageInfo, max_size: int) -> tuple[DeepZoomPyramid, RegionTiles]:
    pyramid = streamable_pyramid(image_info)
    return pyramid, pyramid.tiles_for_level(pyramid.level_for_size(max_size))


def _worker_count(max_concurrency: int, tile_count: int) -> int:
    if max_concurrency < 1:
        raise ValueError(f"max_concurrency must be at least 1, got {max_concurrency}")
    return min(max_concurrency, tile_count)


def _check_index(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"a tile {name} is an integer of 0 or more, got {value!r}")


def _check_listed(what: str, value: str | None, known: list[str]) -> None:
    """Refuse an id the slide does not list; a slide listing none is not checked."""
    if value is not None and known and value not in known:
        raise ValueError(f"{what} {value!r} is not one of this slide's: {sorted(known)}")
