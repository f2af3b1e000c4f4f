"""Reading a 16 x 16-tile region concurrently against fetching the same tiles one by one.

Run: ``python benchmarks/bench_tiles.py [--latency-ms 0 10] [--pixels rendered prerendered]``.

The mock runs in its own process (``uvicorn --factory`` on :func:`mock_app`), optionally with
a per-tile latency (the mock's latency fault, an ``await``-ed sleep standing in for the storage
and network time of a real server), and either renders every tile on request (the mock as
is) or cuts it from the region rendered once at start (as a real server serves tiles it
already has). For each setup it reads the same 4096 x 4096-pixel region of full resolution
(256 tiles, inside tissue) three ways and prints the median wall time of ``--repeats`` runs:

- ``one by one``: ``read_region(..., max_concurrency=1)`` (tiles fetched sequentially, then
  stitched): the reference;
- ``sync xN`` / ``async xN``: ``SectraClient`` / ``AsyncSectraClient.read_region`` with
  ``max_concurrency=N``;

plus the ratio reference / concurrent (the target is >= 3x), the stitching share (decoding
256 tiles, measured alone), the CPU seconds the server and the client spent per tile, and
the client's peak RSS at the end.

Reading the figures: one mock process serves from one thread at a time (the GIL), so with no
latency the concurrent time cannot drop below 256 x the server's CPU per tile, and the ratio
measures the mock, not the client. Concurrency pays where a tile costs waiting rather than
CPU, which the latency setups model.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import numpy as np
from fastapi import FastAPI
from numpy.typing import NDArray
from PIL import Image

from sectra_client import AsyncSectraClient, SectraClient
from sectra_client._stitch import stitch_region
from sectra_client._tiles import fetch_tiles
from sectra_client.mock_server import MockSectraServer, SyntheticSlide
from sectra_client.pyramid import DeepZoomPyramid
from sectra_client.schemas import ImageInfo

TOKEN = "bench-token"
SLIDE_ID = "bench-slide"
SLIDE_SIZE = (100_000, 80_000)
REGION_TILES = 16
LATENCY_VARIABLE = "SECTRA_BENCH_TILE_LATENCY"
PRERENDER_VARIABLE = "SECTRA_BENCH_PRERENDER"
BASE_PATH = "/SectraPathologyServer/external/imageanalysis/v1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def mock_app() -> FastAPI:
    """The ASGI app each server process runs (``uvicorn bench_tiles:mock_app --factory``)."""
    # No tile cache: "rendered per request" must render every request, repeats included.
    server = MockSectraServer(token=TOKEN, tile_cache_size=0)
    info = server.add_slide(SLIDE_ID, size=SLIDE_SIZE)
    if os.environ.get(PRERENDER_VARIABLE) == "1":
        slide = SyntheticSlide.for_slide_id(SLIDE_ID, *SLIDE_SIZE)
        server.add_slide(info, image=PrerenderedRegion(slide, *benchmark_region(info)))
    latency = float(os.environ.get(LATENCY_VARIABLE, "0"))
    if latency > 0:
        server.faults.add_latency("getTile", latency)
    return server.create_app()


class PrerenderedRegion:
    """A pixel source holding one region of a slide rendered in advance, as a real server
    holds its tiles already made; reads elsewhere are rendered as usual."""

    def __init__(self, slide: SyntheticSlide, level: int, x: int, y: int, size: int) -> None:
        self._slide = slide
        self._level, self._x, self._y = level, x, y
        self._pixels = slide.read_region(level, x, y, size, size)

    @property
    def width(self) -> int:
        return self._slide.width

    @property
    def height(self) -> int:
        return self._slide.height

    def read_region(self, level: int, x: int, y: int, width: int, height: int) -> NDArray[np.uint8]:
        left, top = x - self._x, y - self._y
        rows, cols = self._pixels.shape[:2]
        inside = left >= 0 and left + width <= cols and top >= 0 and top + height <= rows
        if level != self._level or not inside:
            return self._slide.read_region(level, x, y, width, height)
        return self._pixels[top : top + height, left : left + width]


class MockProcess:
    """``uvicorn`` serving :func:`mock_app` on a free loopback port, in one process."""

    def __init__(self, latency: float, prerender: bool) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}{BASE_PATH}"
        command = [
            sys.executable,
            "-m",
            "uvicorn",
            "bench_tiles:mock_app",
            "--factory",
            "--app-dir",
            str(Path(__file__).parent),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--http",
            "h11",
            "--lifespan",
            "off",
            "--log-level",
            "warning",
            "--no-access-log",
        ]
        environment = {
            **os.environ,
            LATENCY_VARIABLE: str(latency),
            PRERENDER_VARIABLE: "1" if prerender else "0",
        }
        self._process = subprocess.Popen(command, env=environment)

    def wait_until_serving(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.url}/info", headers={"Authorization": f"Bearer {TOKEN}"})
                return
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("the mock did not start")

    def cpu_seconds(self) -> float:
        """User + system CPU seconds of the server process so far (Linux ``/proc``)."""
        return _process_cpu(self._process.pid)

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency-ms", type=float, nargs="+", default=[0.0, 10.0])
    parser.add_argument(
        "--pixels",
        choices=["rendered", "prerendered"],
        nargs="+",
        default=["rendered", "prerendered"],
        help="tiles rendered per request (no tile cache) or cut from a region rendered at start",
    )
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    print(
        f"{REGION_TILES}x{REGION_TILES} tiles of a {SLIDE_SIZE[0]}x{SLIDE_SIZE[1]} synthetic slide "
        f"at full resolution; median of {args.repeats}; {os.cpu_count()} CPUs"
    )
    sync_label, async_label = f"sync x{args.concurrency}", f"async x{args.concurrency}"
    print(
        f"{'pixels':>11} {'latency':>7} {'one by one':>10} {sync_label:>9} "
        f"{async_label:>9} {'ratio sync':>10} {'ratio async':>11} "
        f"{'stitch':>7} {'server CPU/tile':>15} {'client CPU/tile':>15}"
    )
    for pixels, latency_ms in itertools.product(args.pixels, args.latency_ms):
        mock = MockProcess(latency_ms / 1000, prerender=pixels == "prerendered")
        try:
            mock.wait_until_serving()
            row = measure(mock, args.concurrency, args.repeats)
        finally:
            mock.stop()
        sequential, sync, async_, stitch, server_cpu, client_cpu = row
        print(
            f"{pixels:>11} {latency_ms:>5.0f}ms {sequential:>9.2f}s {sync:>8.2f}s "
            f"{async_:>8.2f}s {sequential / sync:>9.1f}x {sequential / async_:>10.1f}x "
            f"{stitch:>6.2f}s {server_cpu * 1000:>13.1f}ms {client_cpu * 1000:>13.1f}ms"
        )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"client peak RSS: {peak_mib:.0f} MiB (a 4096x4096 RGB region is 48 MiB)")


def measure(
    mock: MockProcess, concurrency: int, repeats: int
) -> tuple[float, float, float, float, float, float]:
    """Median seconds: one by one, sync, async, stitching alone; CPU seconds per tile fetched
    (server, client) over the whole measurement."""
    with SectraClient(mock.url, TOKEN) as client:
        info = client.get_slide_info(SLIDE_ID)
        level, x, y, size = benchmark_region(info)

        def sync_read(max_concurrency: int) -> Callable[[], Image.Image]:
            return lambda: client.read_region(
                SLIDE_ID, level, x, y, size, size, image_info=info, max_concurrency=max_concurrency
            )

        sync_read(concurrency)()  # warm up the server and the connections
        server_before, client_before = mock.cpu_seconds(), time.process_time()
        sequential = median_seconds(sync_read(1), repeats)
        sync = median_seconds(sync_read(concurrency), repeats)
        async_ = asyncio.run(async_median_seconds(mock.url, info, concurrency, repeats))
        tiles_fetched = (3 * repeats + 1) * REGION_TILES**2
        server_cpu = (mock.cpu_seconds() - server_before) / tiles_fetched
        client_cpu = (time.process_time() - client_before) / tiles_fetched
        stitch = stitch_seconds(client, info, level, x, y, size, repeats)
    return sequential, sync, async_, stitch, server_cpu, client_cpu


async def async_median_seconds(url: str, info: ImageInfo, concurrency: int, repeats: int) -> float:
    """Median seconds of the async ``read_region`` of the benchmark region, over one warm
    client."""
    level, x, y, size = benchmark_region(info)
    async with AsyncSectraClient(url, TOKEN) as client:

        async def read() -> Image.Image:
            return await client.read_region(
                SLIDE_ID, level, x, y, size, size, image_info=info, max_concurrency=concurrency
            )

        await read()
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            await read()
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def benchmark_region(info: ImageInfo) -> tuple[int, int, int, int]:
    """``(level, x, y, size)``: a full-resolution square of 16 x 16 whole tiles, mostly tissue."""
    pyramid = DeepZoomPyramid.from_image_info(info)
    slide = SyntheticSlide.for_slide_id(info.id, info.imageSize.width, info.imageSize.height)
    level = pyramid.max_level
    coarse = level - 12  # one coarse pixel per 16 x 16 tiles of 256 pixels
    block = REGION_TILES * pyramid.tile_size >> (level - coarse)
    mask = slide.tissue_mask(coarse, 0, 0, *pyramid.level_size(coarse))
    rows, cols = mask.shape
    best = max(
        ((row, col) for row in range(rows - block) for col in range(cols - block)),
        key=lambda corner: mask[corner[0] : corner[0] + block, corner[1] : corner[1] + block].sum(),
    )
    tile = pyramid.tile_size
    scale = 1 << (level - coarse)
    x, y = best[1] * scale // tile * tile, best[0] * scale // tile * tile
    return level, x, y, REGION_TILES * tile


def stitch_seconds(
    client: SectraClient, info: ImageInfo, level: int, x: int, y: int, size: int, repeats: int
) -> float:
    """Median seconds to stitch (decode and paste) the region from tiles already fetched."""
    pyramid = DeepZoomPyramid.from_image_info(info)
    indices = pyramid.tiles_for_region(level, x, y, size, size).tile_indices
    tiles = fetch_tiles(
        lambda lvl, col, row: client.get_tile(info.id, lvl, col, row), level, indices
    )
    return median_seconds(lambda: stitch_region(pyramid, level, x, y, size, size, tiles), repeats)


def median_seconds(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _process_cpu(pid: int) -> float:
    try:
        fields = _stat_fields(pid)
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def _stat_fields(pid: int) -> list[str]:
    """The fields of ``/proc/<pid>/stat`` after the command name (state is index 0)."""
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()


if __name__ == "__main__":
    main()
