"""Client CPU to create and to read back a 200,000-point primitive result (40 polygons x 5,000).

Run:  python benchmarks/bench_results.py [--repeats 3]
          [--existing-python /tmp/sectra-old/bin/python]

The mock server runs in its own process, so only the client's CPU is counted
(``time.process_time`` in the client process). Side by side, in one run:

- ``sectra-client``: ``SectraClient.create_result`` and ``get_result`` (bodies serialised by
  pydantic, answers parsed once from the bytes, the garbage collector paused for large bodies);
- the same with the garbage-collector pause switched off, to show what it saves;
- the floor: plain ``httpx`` + ``json`` on dicts and lists (no models, no validation);
- the existing PyPI client ``sectra-image-analysis-api`` (``create_results`` and
  ``get_result_by_result_id``), when ``--existing-python`` names a Python that has it installed
  (keep it out of this project's environment:
  ``python -m venv /tmp/sectra-old && /tmp/sectra-old/bin/pip install
  sectra-image-analysis-api==1.6.3``).

Creating includes reading the answer: the server echoes the stored result, which every client
parses. Building the caller's ``Result`` model is not counted (it is the app's own code); it is
shown apart. Figures are the median CPU seconds of ``--repeats`` runs; peak traced memory
(tracemalloc, one extra run) is shown for the in-process clients.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from pydantic import TypeAdapter

import sectra_client._parsing as parsing
from sectra_client import SectraClient
from sectra_client.schemas import (
    Point,
    Polygon,
    PrimitiveItem,
    PrimitiveResultContent,
    Result,
    ResultData,
    ResultResponse,
    Style,
)

RESPONSE = TypeAdapter(ResultResponse)

POLYGONS = 40
POINTS_PER_POLYGON = 5_000
APP_ID = "bench-app"
SLIDE_ID = "bench-slide"

MOCK_SCRIPT = """
import sys
from sectra_client.mock_server import MockSectraServer
server = MockSectraServer().run(port=0, host="127.0.0.1")
print(server.url, server.token, flush=True)
sys.stdin.read()
server.stop()
"""

EXISTING_CLIENT_SCRIPT = """
import gc, json, statistics, sys, time, tracemalloc
from sectra_client import SectraClient
from sectra_client.schemas import (
    Point, Polygon, PrimitiveItem, PrimitiveResultContent, Result, ResultData, Style,
)
url, token, repeats, polygons, points = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
started = time.process_time()
result = Result(
    slideId="bench-slide", displayResult="benchmark", applicationVersion="1.0",
    data=ResultData(result=PrimitiveResultContent(content=[
        PrimitiveItem(style=Style(strokeStyle="#FF0000", fillStyle="#00FF0040", size=2),
                      polygons=[Polygon(points=[
            Point(x=i / points, y=(p % 7) / 10) for i in range(points)
        ])]) for p in range(polygons)
    ])),
)
build = time.process_time() - started
client = SectraClient(url, token, _allow_http=True)
create, read = [], []
for _ in range(repeats):
    gc.collect()
    started = time.process_time()
    stored = client.create_results("bench-app", result)
    create.append(time.process_time() - started)
    gc.collect()
    started = time.process_time()
    client.get_result_by_result_id("bench-app", stored.id)
    read.append(time.process_time() - started)
peaks = []
for action in (lambda: client.create_results("bench-app", result),
               lambda: client.get_result_by_result_id("bench-app", stored.id)):
    gc.collect()
    tracemalloc.start()
    action()
    peaks.append(tracemalloc.get_traced_memory()[1])
    tracemalloc.stop()
print(json.dumps({"build": build, "create": statistics.median(create),
                  "read": statistics.median(read), "create_peak": peaks[0],
                  "read_peak": peaks[1]}))
"""


def build_result() -> Result:
    return Result(
        slideId=SLIDE_ID,
        displayResult="benchmark",
        applicationVersion="1.0",
        data=ResultData(
            result=PrimitiveResultContent(
                content=[
                    PrimitiveItem(
                        style=Style(strokeStyle="#FF0000", fillStyle="#00FF0040", size=2),
                        polygons=[
                            Polygon(
                                points=[
                                    Point(x=i / POINTS_PER_POLYGON, y=(p % 7) / 10)
                                    for i in range(POINTS_PER_POLYGON)
                                ]
                            )
                        ],
                    )
                    for p in range(POLYGONS)
                ]
            )
        ),
    )


@contextmanager
def mock_process() -> Iterator[tuple[str, str]]:
    """A MockSectraServer in a child process; yields its URL and token."""
    process = subprocess.Popen(
        [sys.executable, "-c", MOCK_SCRIPT],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url, token = process.stdout.readline().split()
        yield url, token
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=30)


def cpu_seconds(action: Callable[[], Any], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        gc.collect()
        started = time.process_time()
        action()
        timings.append(time.process_time() - started)
    return statistics.median(timings)


def peak_bytes(action: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class Measured:
    def __init__(self, create: float, read: float, create_peak: int, read_peak: int) -> None:
        self.create, self.read = create, read
        self.create_peak, self.read_peak = create_peak, read_peak


def measure_ours(client: SectraClient, result: Result, repeats: int) -> Measured:
    stored_id = client.create_result(APP_ID, result).id

    def create() -> None:
        client.create_result(APP_ID, result)

    def read() -> None:
        client.get_result(APP_ID, stored_id)

    return Measured(
        cpu_seconds(create, repeats),
        cpu_seconds(read, repeats),
        peak_bytes(create),
        peak_bytes(read),
    )


def measure_floor(url: str, token: str, payload: dict[str, Any], repeats: int) -> Measured:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    with httpx.Client(base_url=url, headers=headers, timeout=60.0) as http:
        stored_id = http.post(f"/applications/{APP_ID}/results", json=payload).json()["id"]

        def create() -> None:
            response = http.post(f"/applications/{APP_ID}/results", content=json.dumps(payload))
            response.raise_for_status()
            json.loads(response.content)

        def read() -> None:
            response = http.get(f"/applications/{APP_ID}/results/{stored_id}")
            response.raise_for_status()
            json.loads(response.content)

        return Measured(
            cpu_seconds(create, repeats),
            cpu_seconds(read, repeats),
            peak_bytes(create),
            peak_bytes(read),
        )


def measure_existing(
    python: str, url: str, token: str, repeats: int
) -> tuple[float, Measured] | None:
    with tempfile.TemporaryDirectory() as folder:
        completed = subprocess.run(
            [
                python,
                "-c",
                EXISTING_CLIENT_SCRIPT,
                url,
                token,
                str(repeats),
                str(POLYGONS),
                str(POINTS_PER_POLYGON),
            ],
            capture_output=True,
            text=True,
            cwd=folder,
            check=False,
        )
    if completed.returncode != 0:
        print(f"(the existing client could not be measured: {completed.stderr.strip()[-300:]})")
        return None
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    measured = Measured(
        figures["create"], figures["read"], figures["create_peak"], figures["read_peak"]
    )
    return figures["build"], measured


def print_cpu_split(result: Result, payload: dict[str, Any], repeats: int) -> None:
    """Where sectra-client's CPU goes, measured without HTTP."""
    body = result.model_dump_json(by_alias=True).encode()
    stored = ResultResponse.model_validate({**payload, "id": 1, "versionId": "v"})
    stored_body = stored.model_dump_json().encode()
    serialise = cpu_seconds(lambda: result.model_dump_json(by_alias=True), repeats)
    parse = cpu_seconds(
        lambda: parsing.parse_body(RESPONSE, stored_body, what="", request="", pause_gc=True),
        repeats,
    )
    dumps = cpu_seconds(lambda: json.dumps(payload), repeats)
    loads = cpu_seconds(lambda: json.loads(stored_body), repeats)
    print(f"where sectra-client's CPU goes, without HTTP ({len(body) / 1e6:.1f} MB body):")
    print(f"  serialise the Result (pydantic model_dump_json):  {serialise:.3f} s")
    print(f"  parse a stored result (validate_json, GC paused): {parse:.3f} s")
    print(f"  json.dumps / json.loads of the same dicts:        {dumps:.3f} s / {loads:.3f} s\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--existing-python",
        help="a Python interpreter with sectra-image-analysis-api installed",
    )
    args = parser.parse_args()

    started = time.process_time()
    result = build_result()
    build_ours = time.process_time() - started
    payload = result.model_dump(mode="json")
    points = POLYGONS * POINTS_PER_POLYGON
    body_mb = len(json.dumps(payload)) / 1e6
    print(f"result: {POLYGONS} polygons x {POINTS_PER_POLYGON} points = {points:,} points, ")
    print(f"        {body_mb:.1f} MB of JSON; median of {args.repeats} runs, CPU seconds\n")

    with mock_process() as (url, token):
        with SectraClient(url, token, timeout=60.0) as client:
            ours = measure_ours(client, result, args.repeats)
            threshold = parsing.GC_PAUSE_THRESHOLD
            parsing.GC_PAUSE_THRESHOLD = sys.maxsize
            try:
                ours_gc_running = measure_ours(client, result, args.repeats)
            finally:
                parsing.GC_PAUSE_THRESHOLD = threshold
        floor = measure_floor(url, token, payload, args.repeats)
        existing = (
            measure_existing(args.existing_python, url, token, args.repeats)
            if args.existing_python
            else None
        )

    rows: list[tuple[str, Measured]] = [
        ("sectra-client", ours),
        ("sectra-client, GC not paused", ours_gc_running),
        ("floor: httpx + json (no models)", floor),
    ]
    if existing is not None:
        rows.append(("sectra-image-analysis-api 1.6.3", existing[1]))
    print_cpu_split(result, payload, args.repeats)
    print(f"{'client':34} {'create s':>9} {'read s':>8} {'create peak':>12} {'read peak':>10}")
    for name, measured in rows:
        print(
            f"{name:34} {measured.create:9.3f} {measured.read:8.3f} "
            f"{measured.create_peak / 1e6:10.1f}MB {measured.read_peak / 1e6:8.1f}MB"
        )
    print()
    print(
        f"sectra-client / floor:   create {ours.create / floor.create:5.2f}x, "
        f"read {ours.read / floor.read:5.2f}x"
    )
    print(
        f"GC pause saves:          create {ours_gc_running.create / ours.create:5.2f}x, "
        f"read {ours_gc_running.read / ours.read:5.2f}x"
    )
    if existing is not None:
        build_existing, old = existing
        print(
            f"existing / sectra-client: create {old.create / ours.create:5.2f}x, "
            f"read {old.read / ours.read:5.2f}x  (issue's target: 5x)"
        )
        print(
            f"\nbuilding the Result models (the caller's code): sectra-client {build_ours:.3f} s, "
            f"existing {build_existing:.3f} s"
        )
    else:
        print(
            "existing client not measured (--existing-python); the issue quotes 1.0 s to "
            f"create and 0.7 s to read: create {1.0 / ours.create:.2f}x, "
            f"read {0.7 / ours.read:.2f}x"
        )
        print(f"\nbuilding the Result models (the caller's code): {build_ours:.3f} s")


if __name__ == "__main__":
    main()
