"""A bounded cache of encoded tiles, so a tile read again is not rendered again."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import NamedTuple

__all__ = ["DEFAULT_TILE_CACHE_BYTES", "DEFAULT_TILE_CACHE_SIZE", "TileCache", "TileKey"]

DEFAULT_TILE_CACHE_SIZE = 2_000
"""How many encoded tiles the mock keeps by default (some 30 MB of JPEG)."""
DEFAULT_TILE_CACHE_BYTES = 64 * 1024 * 1024
"""How many bytes of encoded tiles the mock keeps at most."""


class TileKey(NamedTuple):
    """What one encoded tile depends on.

    ``slide`` is the slide record's serial number, not its id: a slide registered again under
    the same id is another slide, whose tiles are rendered anew.
    """

    slide: int
    level: int
    col: int
    row: int
    focal_plane: str | None
    optical_path: str | None
    extension: str


class TileCache:
    """The most recently used encoded tiles: at most ``max_tiles`` of them and ``max_bytes``
    in all (``max_tiles=0`` keeps none). Safe to use from several threads."""

    def __init__(
        self, max_tiles: int = DEFAULT_TILE_CACHE_SIZE, max_bytes: int = DEFAULT_TILE_CACHE_BYTES
    ) -> None:
        if max_tiles < 0 or max_bytes < 0:
            raise ValueError("a tile cache's limits are counts, not negative numbers")
        self.max_tiles = max_tiles
        self.max_bytes = max_bytes
        self._tiles: OrderedDict[TileKey, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._tiles)

    @property
    def size_bytes(self) -> int:
        """The bytes of the tiles kept now."""
        return self._bytes

    def get(self, key: TileKey) -> bytes | None:
        """The tile, or ``None`` when it is not kept."""
        with self._lock:
            tile = self._tiles.get(key)
            if tile is not None:
                self._tiles.move_to_end(key)
            return tile

    def put(self, key: TileKey, tile: bytes) -> None:
        """Keep ``tile``, forgetting the least recently used tiles beyond the limits."""
        if self.max_tiles == 0 or len(tile) > self.max_bytes:
            return
        with self._lock:
            previous = self._tiles.pop(key, None)
            if previous is not None:
                self._bytes -= len(previous)
            self._tiles[key] = tile
            self._bytes += len(tile)
            while len(self._tiles) > self.max_tiles or self._bytes > self.max_bytes:
                _, dropped = self._tiles.popitem(last=False)
                self._bytes -= len(dropped)
