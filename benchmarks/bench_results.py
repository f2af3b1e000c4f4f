"""Client CPU to create and to read back a 200,000-point primitive result (40 polygons x 5,000).

Run:  python benchmarks/bench_results.py [--rounds 9]
          [--existing-python /tmp/oldclient-venv/bin/python]

The mock server runs in a process of its own, and so does every client: each measures itself
(``time.process_time`` around one call, after a ``gc.collect()``), so only a client's own CPU
is counted, in a process that holds what an app would (its ``Result`` and its client). Side by
side:

- ``sectra-client``: ``SectraClient.create_result`` and ``get_result`` (bodies serialised by
  pydantic, answers parsed once from the bytes and validated, the garbage collector paused for
  large answers);
- the same with ``pause_gc_while_parsing=False``, to show what the pause saves;
- the floor: plain ``httpx`` + ``json`` on dicts and lists (no models, no validation);
- the existing PyPI client ``sectra-image-analysis-api`` (``create_results`` and
  ``get_result_by_result_id``), when ``--existing-python`` names a Python that has it installed
  (keep it out of this project's environment: ``python -m venv /tmp/oldclient-venv &&
  /tmp/oldclient-venv/bin/pip install sectra-image-analysis-api==1.6.3``).

Creating includes reading the answer: the server echoes the stored result, which every client
parses (and ours validates). Reading or creating includes freeing the answer, which no caller
keeps here. Building the caller's ``Result`` model is not counted (it is the app's own code); it
is shown apart. Every client is warmed up by one create and one read first.

The rounds are interleaved (each round creates and reads once with every client, in a rotating
order), so that load from elsewhere on a shared machine falls on all of them alike. Figures are
the medians of ``--rounds`` rounds; ratios are of the medians. Peak traced memory (tracemalloc,
one extra call each) is shown too. Before the table, where sectra-client's CPU goes, measured in
this process without HTTP.
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
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any

from pydantic import TypeAdapter

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

# One client in a process of its own: builds the benchmark Result (printing the CPU seconds it
# took), warms up with one create and one read, then answers one line per command read from
# stdin: "create" and "read" with the CPU seconds of one call, "peaks" with the traced peak
# bytes of each. Runs under this project's Python ("ours", "ours, GC not paused", "floor") or
# under one with sectra-image-analysis-api installed ("existing").
CLIENT_SCRIPT = """
import gc, json, sys, time, tracemalloc
from sectra_client.schemas import (
    Point, Polygon, PrimitiveItem, PrimitiveResultContent, Result, ResultData, Style,
)
kind, url, token, polygons, points = sys.argv[1], sys.argv[2], sys.argv[3], *map(int, sys.argv[4:6])
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
path = "/applications/bench-app/results"
if kind == "existing":
    from sectra_client import SectraClient
    client = SectraClient(url, token, _allow_http=True)
    create = lambda: client.create_results("bench-app", result)
    stored_id = create().id
    read = lambda: client.get_result_by_result_id("bench-app", stored_id)
elif kind == "floor":
    import httpx
    payload = result.model_dump(mode="json")
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    http = httpx.Client(base_url=url, headers=headers, timeout=60.0)
    def create():
        response = http.post(path, content=json.dumps(payload))
        response.raise_for_status()
        return json.loads(response.content)
    def read():
        response = http.get(f"{path}/{stored_id}")
        response.raise_for_status()
        return json.loads(response.content)
    stored_id = create()["id"]
else:
    from sectra_client import SectraClient
    client = SectraClient(url, token, timeout=60.0, pause_gc_while_parsing=kind == "ours")
    create = lambda: client.create_result("bench-app", result)
    stored_id = create().id
    read = lambda: client.get_result("bench-app", stored_id)
read()
actions = {"create": create, "read": read}
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

OURS = "sectra-client"
OURS_GC_RUNNING = "sectra-client, GC not paused"
FLOOR = "floor: httpx + json (no models)"
EXISTING = "sectra-image-analysis-api 1.6.3"
KINDS = {OURS: "ours", OURS_GC_RUNNING: "ours, GC not paused", FLOOR: "floor", EXISTING: "existing"}


def build_result() -> Result:
    return Result(
        slideId="bench-slide",
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


class ClientProcess:
    """One client in a process of its own (see ``CLIENT_SCRIPT``), measuring itself."""

    def __init__(self, name: str, python: str, url: str, token: str, folder: str) -> None:
        self.name = name
        sizes = [str(POLYGONS), str(POINTS_PER_POLYGON)]
        self._process = subprocess.Popen(
            [python, "-c", CLIENT_SCRIPT, KINDS[name], url, token, *sizes],
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
            raise RuntimeError(f"{self.name} stopped (run CLIENT_SCRIPT alone to see why)")
        return json.loads(line)

    def ask(self, command: str) -> Any:
        assert self._process.stdin is not None
        self._process.stdin.write(command + "\n")
        self._process.stdin.flush()
        return self._answer()

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


def measure(clients: list[ClientProcess], rounds: int) -> dict[str, Figures]:
    """Interleaved rounds: every client creates and reads once per round, in turn."""
    figures = {client.name: Figures() for client in clients}
    for round_number in range(rounds):
        shift = round_number % len(clients)
        for client in clients[shift:] + clients[:shift]:
            figures[client.name].create.append(client.ask("create"))
            figures[client.name].read.append(client.ask("read"))
    for client in clients:
        create_peak, read_peak = client.ask("peaks")
        figures[client.name].peaks = (create_peak, read_peak)
    return figures


def cpu_seconds(action: Callable[[], Any]) -> float:
    """The CPU seconds of one ``action()``, its answer freed inside the measurement."""
    gc.collect()
    started = time.process_time()
    action()
    return time.process_time() - started


def print_cpu_split(result: Result, rounds: int) -> None:
    """Where sectra-client's CPU goes, measured in this process without HTTP (medians)."""
    payload = result.model_dump(mode="json")
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


def print_table(figures: dict[str, Figures]) -> None:
    print(f"{'client':34} {'create s':>9} {'read s':>8} {'create peak':>12} {'read peak':>10}")
    for name, measured in figures.items():
        create_peak, read_peak = measured.peaks
        print(
            f"{name:34} {measured.create_median:9.3f} {measured.read_median:8.3f} "
            f"{create_peak / 1e6:10.1f}MB {read_peak / 1e6:8.1f}MB"
        )
    print()

    def ratios(slower: Figures, faster: Figures) -> str:
        return (
            f"create {slower.create_median / faster.create_median:5.2f}x, "
            f"read {slower.read_median / faster.read_median:5.2f}x"
        )

    ours, floor = figures[OURS], figures[FLOOR]
    print(f"sectra-client / floor:     {ratios(ours, floor)}  (aim: within {FLOOR_AIM}x)")
    print(f"GC pause saves:            {ratios(figures[OURS_GC_RUNNING], ours)}")
    existing = figures.get(EXISTING)
    if existing is None:
        print("existing client not measured (--existing-python)")
        return
    print(f"existing / sectra-client:  {ratios(existing, ours)}  (target: {ISSUE_TARGET}x)")
    print(f"existing / ours, no pause: {ratios(existing, figures[OURS_GC_RUNNING])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument(
        "--existing-python",
        help="a Python interpreter with sectra-image-analysis-api installed",
    )
    args = parser.parse_args()

    points = POLYGONS * POINTS_PER_POLYGON
    print(f"result: {POLYGONS} polygons x {POINTS_PER_POLYGON} points = {points:,} points; ")
    print(f"        median of {args.rounds} rounds, CPU seconds\n")
    load_before = os.getloadavg()[0]
    pythons = {OURS: sys.executable, OURS_GC_RUNNING: sys.executable, FLOOR: sys.executable}
    if args.existing_python:
        pythons[EXISTING] = args.existing_python
    with ExitStack() as stack:
        url, token = stack.enter_context(mock_process())
        folder = stack.enter_context(tempfile.TemporaryDirectory())
        clients = [
            ClientProcess(name, python, url, token, folder) for name, python in pythons.items()
        ]
        for client in clients:
            stack.callback(client.close)
        figures = measure(clients, args.rounds)
    load_after = os.getloadavg()[0]

    result = build_result()
    print_cpu_split(result, args.rounds)
    print_table(figures)
    builds = ", ".join(
        f"{client.name} {client.build:.3f} s"
        for client in clients
        if client.name in {OURS, EXISTING}
    )
    print(f"\nbuilding the Result models (the caller's code): {builds}")
    print(
        f"load average {load_before:.2f} at the start, {load_after:.2f} at the end "
        f"({os.cpu_count()} CPUs; other work on the machine shows here)"
    )


if __name__ == "__main__":
    main()
