"""How fast the mock's synthetic slide renders tiles, against JPEG-encoding the same tile.

Run: ``python benchmarks/bench_pixels.py [--tiles N]``. For a 100000x80000 synthetic slide it
prints, per level, the mean time to render a 256x256 tile inside tissue and one anywhere, the
time Pillow takes to JPEG-encode that tile (the reference, measured in the same run), their
ratio, and the peak memory of rendering a whole thumbnail level.
"""

from __future__ import annotations

import argparse
import io
import time
import tracemalloc

import numpy as np
from PIL import Image

from sectra_client.mock_server._pixels import SyntheticSlide
from sectra_client.pyramid import DeepZoomPyramid

TILE = 256


def render_ms(
    slide: SyntheticSlide, pyramid: DeepZoomPyramid, level: int, tiles: list[tuple[int, int]]
) -> float:
    """Mean milliseconds to render one of ``tiles`` (after one warm-up render)."""
    slide.read_region(level, *pyramid.tile_bounds(level, *tiles[0]))
    start = time.perf_counter()
    for col, row in tiles:
        slide.read_region(level, *pyramid.tile_bounds(level, col, row))
    return (time.perf_counter() - start) / len(tiles) * 1000


def jpeg_ms(pixels: np.ndarray, repeats: int = 50) -> float:
    """Mean milliseconds for Pillow to JPEG-encode ``pixels`` at quality 90."""
    start = time.perf_counter()
    for _ in range(repeats):
        Image.fromarray(pixels).save(io.BytesIO(), format="JPEG", quality=90)
    return (time.perf_counter() - start) / repeats * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tiles", type=int, default=20, help="tiles sampled per level and kind")
    args = parser.parse_args()

    slide = SyntheticSlide(100_000, 80_000, seed=2024)
    pyramid = DeepZoomPyramid(slide.width, slide.height, TILE)
    rng = np.random.default_rng(0)
    coarse = 8
    mask = slide.tissue_mask(coarse, 0, 0, *pyramid.level_size(coarse))
    tissue_rows, tissue_cols = np.nonzero(mask)

    print(f"slide {slide.width}x{slide.height}, {TILE}-pixel tiles, {args.tiles} tiles per cell")
    print(f"{'level':>5} {'tissue ms':>10} {'any ms':>8} {'jpeg ms':>8} {'tissue/jpeg':>12}")
    for level in (17, 16, 15, 14, 12, 10):
        factor = pyramid.level_scale(coarse) // pyramid.level_scale(level)
        cols, rows = pyramid.tile_grid(level)
        picks = rng.integers(0, tissue_rows.size, args.tiles)
        tissue_tiles = [
            (int(tissue_cols[i]) * factor // TILE, int(tissue_rows[i]) * factor // TILE)
            for i in picks
        ]
        any_tiles = [
            (int(col), int(row))
            for col, row in zip(
                rng.integers(0, cols, args.tiles), rng.integers(0, rows, args.tiles), strict=True
            )
        ]
        tissue = render_ms(slide, pyramid, level, tissue_tiles)
        anywhere = render_ms(slide, pyramid, level, any_tiles)
        sample = slide.read_region(level, *pyramid.tile_bounds(level, *tissue_tiles[0]))
        encode = jpeg_ms(sample)
        print(
            f"{level:>5} {tissue:>10.2f} {anywhere:>8.2f} {encode:>8.2f} {tissue / encode:>12.1f}"
        )

    level = pyramid.level_for_size(1024)
    size = pyramid.level_size(level)
    tracemalloc.start()
    start = time.perf_counter()
    pixels = slide.read_region(level, 0, 0, *size)
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"thumbnail level {level} ({size[0]}x{size[1]}): {seconds * 1000:.0f} ms, "
        f"peak traced memory {peak / 2**20:.1f} MiB (the pixels alone: "
        f"{pixels.nbytes / 2**20:.1f} MiB; the full slide would be "
        f"{slide.width * slide.height * 3 / 2**30:.1f} GiB)"
    )


if __name__ == "__main__":
    main()
