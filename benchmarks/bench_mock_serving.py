"""How fast the mock serves slide files, against curl, and its memory while doing it.

Run:  python benchmarks/bench_mock_serving.py [--size-mib 1024] [--rounds 3]

A slide of ``--size-mib`` MiB in 3 files is written to a temporary folder and served by
``sectra mock`` in its own process (as ``multipart/related``). Each round downloads it with:

1. ``curl -o file``: a fast native client, writing to a file;
2. ``curl -o /dev/null``: the ceiling of what the mock serves when nothing is written;
3. a plain ``httpx`` stream written to a file in 1 MiB chunks (the client an app would use).

Figures are MiB/s (2**20 bytes per second), the best of the rounds, with ratios to curl's
file download in the same run, and the mock process's peak resident memory (VmHWM).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx

MIB = 2**20
TOKEN = "bench-token"


def write_slide(folder: Path, size: int) -> list[Path]:
    """Three files totalling ``size`` bytes of incompressible data."""
    block = os.urandom(MIB)
    paths = []
    for index, part_size in enumerate([size // 3, size // 3, size - 2 * (size // 3)], 1):
        path = folder / f"slide-part{index}.svs"
        with path.open("wb") as handle:
            for start in range(0, part_size, MIB):
                handle.write(block[: min(MIB, part_size - start)])
        paths.append(path)
    return paths


def start_mock(paths: list[Path]) -> tuple[subprocess.Popen[str], str]:
    """``sectra mock`` serving ``paths`` as slide ``bench``; the process and its base URL."""
    command = [sys.executable, "-c", "from sectra_client.cli import main; main()", "mock"]
    command += ["--port", "0", "--token", TOKEN]
    for path in paths:
        command += ["--slide", f"bench={path}"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if "Base URL:" in line:
            return process, line.split("Base URL:", 1)[1].strip()
    raise RuntimeError("sectra mock did not start")


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def curl(url: str, target: str) -> int:
    written = subprocess.run(
        [
            "curl",
            "-sS",
            "-f",
            "-H",
            f"Authorization: Bearer {TOKEN}",
            "-o",
            target,
            url,
            "-w",
            "%{size_download}",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(written)


def httpx_to_file(url: str, target: str) -> int:
    received = 0
    headers = {"Authorization": f"Bearer {TOKEN}"}
    with (
        httpx.Client(timeout=60) as client,
        client.stream("GET", url, headers=headers) as reply,
        open(target, "wb") as handle,
    ):
        reply.raise_for_status()
        for chunk in reply.iter_raw(MIB):
            handle.write(chunk)
            received += len(chunk)
    return received


def best_rate(download: Callable[[], int], rounds: int) -> float:
    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        size = download()
        rates.append(size / MIB / (time.perf_counter() - started))
    return max(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    if shutil.which("curl") is None:
        sys.exit("this benchmark needs curl")
    with tempfile.TemporaryDirectory() as folder:
        paths = write_slide(Path(folder), options.size_mib * MIB)
        target = str(Path(folder) / "download.bin")
        process, base_url = start_mock(paths)
        try:
            url = f"{base_url}/slides/bench/files"
            print(f"mock peak RSS at start: {peak_rss_mib(process.pid):.0f} MiB")
            rates = {
                "curl -o file": best_rate(lambda: curl(url, target), options.rounds),
                "curl -o /dev/null": best_rate(lambda: curl(url, os.devnull), options.rounds),
                "httpx stream to file": best_rate(
                    lambda: httpx_to_file(url, target), options.rounds
                ),
            }
            reference = rates["curl -o file"]
            print(
                f"{options.size_mib} MiB slide in 3 files, multipart/related, best of "
                f"{options.rounds}:"
            )
            for name, rate in rates.items():
                print(f"  {name:<22} {rate:8.0f} MiB/s   {rate / reference:5.2f}x curl -o file")
            print(f"mock peak RSS after all downloads: {peak_rss_mib(process.pid):.0f} MiB")
        finally:
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
