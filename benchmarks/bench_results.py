"""Client CPU to create and to read back a 200,000-point primitive result (40 polygons x 5,000).

Run:  python benchmarks/bench_results.py [--rounds 7]
          [--existing-python /tmp/oldclient-venv/bin/python]

The mock server runs in its own process, so only the client's CPU is counted
(``time.process_time`` in the client's process, after a ``gc.collect()``). Side by side:

- ``sectra-client``: ``SectraClient.create_result`` and ``get_result`` (bodies serialised by
  pydantic, answers parsed once from the bytes and validated, the garbage collector paused for
  large answers);
- the same with ``pause_gc_while_parsing=False``, to show what the pause saves;
- the floor: plain ``httpx`` + ``json`` on dicts and lists (no models, no validation);
- the existing PyPI client ``sectra-image-analysis-api`` (``create_results`` and
  ``get_result_by_result_id``), in a process of its own, when ``--existing-python`` names a
  Python that has it installed (keep it out of this project's environment:
  ``python -m venv /tmp/oldclient-venv && /tmp/oldclient-venv/bin/pip install
  sectra-image-analysis-api==1.6.3``).

Creating includes reading the answer: the server echoes the stored result, which every client
parses (and ours validates). Reading or creating includes freeing the answer, which no caller
keeps here. Building the caller's ``Result`` model is not counted (it is the app's own code); it
is shown apart. Every client is warmed up by one create and one read first.

The rounds are interleaved (each round creates and reads once with every client, in a rotating
order), so that load from elsewhere on a shared machine falls on all of them alike. Figures are
the medians of ``--rounds`` rounds; ratios are of the medians. Peak traced memory (tracemalloc,
one extra run each) is shown too.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
from pydantic import TypeAdapter

from sectra_client import SectraClient
from sectra_client._parsing import parse_body
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
ISSUE_TARGET = 2.2
FLOOR_AIM = 1.5

MOCK_SCRIPT = """
import sys
from sectra_client.mock_server import MockSectraServer
server = MockSectraServer().run(port=0, host="127.0.0.1")
print(server.url, server.token, flush=True)
sys.stdin.read()
server.stop()
"""

# Runs in the existing client's Python: builds its Result, warms up, then answers one line per
# command read from stdin ("create", "read": CPU seconds; "peaks": traced peak bytes of each).
EXISTING_CLIENT_SCRIPT = """
import gc, json, sys, time, tracemalloc
from sectra_client import SectraClient
from sectra_client.schemas import (
    Point, Polygon, PrimitiveItem, PrimitiveResultContent, Result, ResultData, Style,
)
url, token, polygons, points = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:5])
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
stored = client.create_results("bench-app", result)
client.get_result_by_result_id("bench-app", stored.id)
actions = {
    "create": lambda: client.create_results("bench-app", result),
    "read": lambda: client.get_result_by_result_id("bench-app", stored.id),
}
print(json.dumps(build), flush=True)
for line in sys.stdin:
    command = line.strip()
    if command == "peaks":
        peaks = []
        for action in actions.values():
            gc.collect()
            tracemalloc.start()
            action()
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        print(json.dumps(peaks), flush=True)
        continue
    gc.collect()
    started = time.process_time()
    actions[command]()
    print(json.dumps(time.process_time() - started), flush=True)
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


def cpu_seconds(action: Callable[[], Any]) -> float:
    """The CPU seconds of one ``action()``, its answer freed inside the measurement."""
    gc.collect()
    started = time.process_time()
    action()
    return time.process_time() - started


def peak_bytes(action: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


class Contender(Protocol):
    name: str

    def create(self) -> float: ...

    def read(self) -> float: ...

    def peaks(self) -> tuple[int, int]: ...


@dataclass
class InProcess:
    """A client measured in this process: ``create`` and ``read`` are its two actions."""

    name: str
    create_action: Callable[[], Any]
    read_action: Callable[[], Any]

    def create(self) -> float:
        return cpu_seconds(self.create_action)

    def read(self) -> float:
        return cpu_seconds(self.read_action)

    def peaks(self) -> tuple[int, int]:
        return peak_bytes(self.create_action), peak_bytes(self.read_action)


class ExistingClient:
    """The existing PyPI client, in its own Python, measuring itself on each command."""

    name = "sectra-image-analysis-api 1.6.3"

    def __init__(self, python: str, url: str, token: str, folder: str) -> None:
        arguments = [url, token, str(POLYGONS), str(POINTS_PER_POLYGON)]
        self._process = subprocess.Popen(
            [python, "-c", EXISTING_CLIENT_SCRIPT, *arguments],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=folder,
        )
        self.build: float = self._answer()

    def _answer(self) -> Any:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError("the existing client stopped (run its script alone to see why)")
        return json.loads(line)

    def _ask(self, command: str) -> Any:
        assert self._process.stdin is not None
        self._process.stdin.write(command + "\n")
        self._process.stdin.flush()
        return self._answer()

    def create(self) -> float:
        seconds: float = self._ask("create")
        return seconds

    def read(self) -> float:
        seconds: float = self._ask("read")
        return seconds

    def peaks(self) -> tuple[int, int]:
        create, read = self._ask("peaks")
        return create, read

    def close(self) -> None:
        assert self._process.stdin is not None
        self._process.stdin.close()
        self._process.wait(timeout=30)


@dataclass
class Figures:
    create: list[float] = field(default_factory=list)
    read: list[float] = field(default_factory=list)
    peaks: tuple[int, int] = (0, 0)

    @property
    def create_median(self) -> float:
        return statistics.median(self.create)

    @property
    def read_median(self) -> float:
        return statistics.median(self.read)


def ours(client: SectraClient, name: str, result: Result) -> InProcess:
    stored_id = client.create_result(APP_ID, result).id
    client.get_result(APP_ID, stored_id)
    return InProcess(
        name,
        lambda: client.create_result(APP_ID, result),
        lambda: client.get_result(APP_ID, stored_id),
    )


def floor(http: httpx.Client, payload: dict[str, Any]) -> InProcess:
    path = f"/applications/{APP_ID}/results"
    stored_id = http.post(path, content=json.dumps(payload)).json()["id"]

    def create() -> None:
        response = http.post(path, content=json.dumps(payload))
        response.raise_for_status()
        json.loads(response.content)

    def read() -> None:
        response = http.get(f"{path}/{stored_id}")
        response.raise_for_status()
        json.loads(response.content)

    read()
    return InProcess("floor: httpx + json (no models)", create, read)


def measure(contenders: list[Contender], rounds: int) -> dict[str, Figures]:
    """Interleaved rounds: every contender creates and reads once per round, in turn."""
    figures = {contender.name: Figures() for contender in contenders}
    for round_number in range(rounds):
        shift = round_number % len(contenders)
        for contender in contenders[shift:] + contenders[:shift]:
            figures[contender.name].create.append(contender.create())
            figures[contender.name].read.append(contender.read())
    for contender in contenders:
        figures[contender.name].peaks = contender.peaks()
    return figures


def print_cpu_split(result: Result, payload: dict[str, Any], rounds: int) -> None:
    """Where sectra-client's CPU goes, measured without HTTP (medians)."""
    stored = ResultResponse.model_validate({**payload, "id": 1, "versionId": "v"})
    stored_body = stored.model_dump_json().encode()

    def median(action: Callable[[], Any]) -> float:
        return statistics.median(cpu_seconds(action) for _ in range(rounds))

    serialise = median(lambda: result.model_dump_json(by_alias=True))
    paused = median(lambda: parse_body(RESPONSE, stored_body, what="", request="", pause_gc=True))
    running = median(lambda: parse_body(RESPONSE, stored_body, what="", request="", pause_gc=False))
    dumps = median(lambda: json.dumps(payload))
    loads = median(lambda: json.loads(stored_body))
    print(f"where sectra-client's CPU goes, without HTTP ({len(stored_body) / 1e6:.1f} MB body):")
    print(f"  serialise the Result (pydantic model_dump_json):  {serialise:.3f} s")
    print(f"  parse and validate a stored result, GC paused:    {paused:.3f} s")
    print(f"  the same, GC running:                             {running:.3f} s")
    print(f"  json.dumps / json.loads of the same dicts:        {dumps:.3f} s / {loads:.3f} s\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
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
    load_before = os.getloadavg()[0]
    print(f"result: {POLYGONS} polygons x {POINTS_PER_POLYGON} points = {points:,} points, ")
    print(f"        {body_mb:.1f} MB of JSON; median of {args.rounds} rounds, CPU seconds\n")

    with mock_process() as (url, token), tempfile.TemporaryDirectory() as folder:
        figures, existing = run_rounds(url, token, folder, result, payload, args)
    load_after = os.getloadavg()[0]

    print_cpu_split(result, payload, args.rounds)
    print(f"{'client':34} {'create s':>9} {'read s':>8} {'create peak':>12} {'read peak':>10}")
    for name, measured in figures.items():
        create_peak, read_peak = measured.peaks
        print(
            f"{name:34} {measured.create_median:9.3f} {measured.read_median:8.3f} "
            f"{create_peak / 1e6:10.1f}MB {read_peak / 1e6:8.1f}MB"
        )
    print()
    print_ratios(figures)
    existing_build = f", existing {existing:.3f} s" if existing is not None else ""
    print(
        f"\nbuilding the Result models (the caller's code): sectra-client {build_ours:.3f} s"
        f"{existing_build}"
    )
    print(
        f"load average {load_before:.2f} at the start, {load_after:.2f} at the end "
        f"({os.cpu_count()} CPUs; other work on the machine shows here)"
    )


def run_rounds(
    url: str,
    token: str,
    folder: str,
    result: Result,
    payload: dict[str, Any],
    args: argparse.Namespace,
) -> tuple[dict[str, Figures], float | None]:
    """The figures of every client, and the existing client's time to build its Result."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    with (
        SectraClient(url, token, timeout=60.0) as paused,
        SectraClient(url, token, timeout=60.0, pause_gc_while_parsing=False) as running,
        httpx.Client(base_url=url, headers=headers, timeout=60.0) as http,
    ):
        contenders: list[Contender] = [
            ours(paused, "sectra-client", result),
            ours(running, "sectra-client, GC not paused", result),
            floor(http, payload),
        ]
        existing = (
            ExistingClient(args.existing_python, url, token, folder)
            if args.existing_python
            else None
        )
        if existing is not None:
            contenders.append(existing)
        try:
            build = existing.build if existing is not None else None
            return measure(contenders, args.rounds), build
        finally:
            if existing is not None:
                existing.close()


def print_ratios(figures: dict[str, Figures]) -> None:
    def ratios(slower: Figures, faster: Figures) -> str:
        return (
            f"create {slower.create_median / faster.create_median:5.2f}x, "
            f"read {slower.read_median / faster.read_median:5.2f}x"
        )

    ours_, running, floor_ = (
        figures["sectra-client"],
        figures["sectra-client, GC not paused"],
        figures["floor: httpx + json (no models)"],
    )
    print(f"sectra-client / floor:    {ratios(ours_, floor_)}  (aim: within {FLOOR_AIM}x)")
    print(f"GC pause saves:           {ratios(running, ours_)}")
    existing = figures.get(ExistingClient.name)
    if existing is None:
        print("existing client not measured (--existing-python)")
        return
    print(f"existing / sectra-client: {ratios(existing, ours_)}  (target: {ISSUE_TARGET}x)")
    print(f"existing / ours, no pause: {ratios(existing, running)}")


if __name__ == "__main__":
    main()
