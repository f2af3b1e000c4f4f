"""A 512 MiB download costs the client a bounded amount of memory, whatever the slide's size.

The download runs in a child process, which reports its peak resident memory (``VmHWM``, Linux)
after a small warm-up download and again after the large one; the growth between the two is
what streaming must keep small. The mock serves a generated file, so neither side holds it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Literal

import pytest

from sectra_client.mock_server import GeneratedFile, MockSectraServer

SIZE = 512 * 2**20
GROWTH_LIMIT_MIB = 16
PEAK_LIMIT_MIB = 96  # the whole process, interpreter and imports included

CHILD = """
import asyncio, json, sys
from pathlib import Path
from sectra_client import AsyncSectraClient, SectraClient

flavour, url, token, folder = sys.argv[1:]

def peak_mib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

def sync_download():
    with SectraClient(url, token) as client:
        client.download_slide_files("warm-up", Path(folder) / "warm-up")
        before = peak_mib()
        paths = client.download_slide_files("large", Path(folder) / "large")
    return before, paths

async def async_download():
    async with AsyncSectraClient(url, token) as client:
        await client.download_slide_files("warm-up", Path(folder) / "warm-up")
        before = peak_mib()
        paths = await client.download_slide_files("large", Path(folder) / "large")
    return before, paths

before, paths = sync_download() if flavour == "sync" else asyncio.run(async_download())
sizes = [path.stat().st_size for path in paths]
print(json.dumps({"before": before, "after": peak_mib(), "sizes": sizes}))
"""

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="reads VmHWM from /proc (Linux)"
)


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_512_mib_download_grows_peak_memory_by_a_bounded_amount(
    flavour: Literal["sync", "async"], sectra_mock: MockSectraServer, tmp_path: Path
) -> None:
    sectra_mock.add_slide_files("warm-up", GeneratedFile("small.svs", 3 * 2**20))
    sectra_mock.add_slide_files(
        "large",
        [GeneratedFile("part-1.svs", SIZE // 2, seed=1), GeneratedFile("part-2.svs", SIZE // 2)],
    )

    child = subprocess.run(
        [sys.executable, "-c", CHILD, flavour, sectra_mock.url, sectra_mock.token, str(tmp_path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )

    report = json.loads(child.stdout)
    assert report["sizes"] == [SIZE // 2, SIZE // 2]
    assert report["after"] - report["before"] < GROWTH_LIMIT_MIB
    assert report["after"] < PEAK_LIMIT_MIB
    for path in (tmp_path / "large").iterdir():
        path.unlink()
