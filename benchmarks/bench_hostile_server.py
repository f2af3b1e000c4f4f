"""A hostile server against the client: how long until a dripped call gives up, and how much
memory a decompression bomb costs. Run it against this checkout and an older one side by side.

Run:  python benchmarks/bench_hostile_server.py [--source DIR ...] [--cap 90]

Each ``--source`` is a checkout whose ``src`` and ``generated`` folders are put first on the
child's ``PYTHONPATH`` (default: this checkout), so the same server can be measured against the
library before and after a change, e.g. ``git archive main | tar -x -C /tmp/main``. Every
case runs in a child process of its own; peak RSS is that process's ``VmHWM``.

The server (in this process, plain HTTP on loopback) plays:

- ``drip-json``: ``GET /info`` answered one byte every 0.2 s (status line, headers, body), some
  30 s in all; the client has ``timeout=1.0`` and no retries;
- ``drip-download``: ``GET /slides/s1/files`` whose headers come at once and whose body then
  drips one byte every 0.2 s (60 s in all); the client has ``timeout=1.0`` and, where the
  library has one, the stall rule ``StallRule(seconds=10)``;
- ``bomb-error``: ``GET /info`` answered 500 with a gzip body of 1 MiB that inflates to 1 GiB;
- ``bomb-json``: the same bomb as a 200 answer.

A case still running after ``--cap`` seconds is stopped and shown as such.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

MIB = 2**20
DRIP_SECONDS = 0.2
CASES = ("drip-json", "drip-download", "bomb-error", "bomb-json")
SERVER_INFO = b'{"apiVersion": "1.10", "softwareVersion": "4.2.0.22617", "padding": "' + (
    b"x" * 40 + b'"}'
)


def gzip_bomb(decoded_bytes: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(MIB)
    return b"".join(packer.compress(zeros) for _ in range(decoded_bytes // MIB)) + packer.flush()


class HostileServer:
    """Serves the cases on 127.0.0.1, each under its own base path (``/<case>``)."""

    def __init__(self) -> None:
        bomb = gzip_bomb(1024 * MIB)
        stopping = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                case = self.path.split("/")[1]
                if case == "drip-json":
                    head = _head(200, {"Content-Type": "application/json"}, len(SERVER_INFO))
                    self._drip(head + SERVER_INFO)
                elif case == "drip-download":
                    headers = {"Content-Disposition": 'attachment; filename="a.svs"'}
                    self.wfile.write(_head(200, headers, 300))
                    self._drip(b"x" * 300)
                else:
                    status = 500 if case == "bomb-error" else 200
                    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
                    self.wfile.write(_head(status, headers, len(bomb)) + bomb)

            def _drip(self, data: bytes) -> None:
                for index in range(len(data)):
                    if stopping.is_set():
                        return
                    try:
                        self.wfile.write(data[index : index + 1])
                        self.wfile.flush()
                    except OSError:
                        return
                    stopping.wait(DRIP_SECONDS)

        self._stopping = stopping
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def url(self, case: str) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}/{case}"

    def stop(self) -> None:
        self._stopping.set()
        self._httpd.shutdown()


def _head(status: int, headers: dict[str, str], length: int) -> bytes:
    lines = [f"HTTP/1.1 {status} X", *(f"{k}: {v}" for k, v in headers.items())]
    lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def child(case: str, url: str) -> None:
    """Run one case with the library on ``sys.path``; print what happened as JSON."""
    import tempfile

    import sectra_client

    options: dict[str, object] = {"timeout": 1.0, "max_retries": 0}
    if hasattr(sectra_client, "StallRule") and case == "drip-download":
        options["stall_rule"] = sectra_client.StallRule(seconds=10)
    started = time.monotonic()
    outcome = "completed"
    try:
        with sectra_client.SectraClient(url, "bench-token", **options) as client:  # type: ignore[arg-type]
            if case == "drip-download":
                with tempfile.TemporaryDirectory() as folder:
                    client.download_slide_files("s1", folder)
            else:
                client.get_server_info()
    except Exception as error:
        message = " ".join(str(error).split())
        shown = message if len(message) <= 110 else f"{message[:50]} … {message[-55:]}"
        outcome = f"{type(error).__name__}: {shown}"
    seconds = time.monotonic() - started
    print(json.dumps({"seconds": seconds, "outcome": outcome, "peak_rss_mib": peak_rss_mib()}))


def peak_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_case(source: Path, case: str, url: str, cap: float) -> dict[str, object]:
    paths = [str(source / "src"), str(source / "generated")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    command = [sys.executable, __file__, "--child", case, url]
    try:
        finished = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=cap, check=True
        )
    except subprocess.TimeoutExpired:
        return {"seconds": cap, "outcome": f"still running after {cap:.0f} s", "peak_rss_mib": None}
    figures: dict[str, object] = json.loads(finished.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, action="append")
    parser.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument("--cap", type=float, default=90.0)
    parser.add_argument("--child", nargs=2, metavar=("CASE", "URL"))
    options = parser.parse_args()
    if options.child:
        child(*options.child)
        return
    sources = options.source or [Path(__file__).resolve().parent.parent]
    server = HostileServer()
    print(f"{os.cpu_count()} CPUs; drip: 1 byte every {DRIP_SECONDS} s; bomb: 1 MiB -> 1 GiB")
    print(f"{'source':<28} {'case':<14} {'seconds':>8} {'peak RSS':>9}  outcome")
    try:
        for case in options.cases:
            for source in sources:
                run = run_case(source, case, server.url(case), options.cap)
                peak = run["peak_rss_mib"]
                shown_peak = f"{peak:.0f} MiB" if isinstance(peak, float) else "-"
                print(
                    f"{str(source)[-28:]:<28} {case:<14} {run['seconds']:>8.1f} "
                    f"{shown_peak:>9}  {run['outcome']}"
                )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
