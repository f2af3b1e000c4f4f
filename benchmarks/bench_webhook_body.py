"""Memory of a webhook app sent one oversized invocation body (webhooks are unsigned: anyone who
reaches the app can send one).

Run:  python benchmarks/bench_webhook_body.py [--size-mb 200]

A ``SectraWebhook`` app runs under uvicorn in a child process. The benchmark sends it one
``POST U`` of ``--size-mb`` MB (10**6 bytes), once with a ``Content-Length`` and once chunked,
each to a fresh child, and prints the status the app answered, the bytes the client managed to
send before the answer, the seconds until the answer, and the child's peak resident memory
(``VmHWM``) before and after.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

CHILD = """
import sys
import uvicorn
from sectra_client.schemas import InputTemplate, Registration
from sectra_client.webhook import SectraWebhook

registration = Registration(
    applicationId="bench",
    displayName="Bench",
    manufacturer="Bench",
    url="http://127.0.0.1/sectra",
    inputTemplate=InputTemplate(type="wholeSlide"),
)
app = SectraWebhook(registration, app_version="1.0.0").create_app("/sectra")
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""
PIECE = 1 << 20


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc")


def start_app() -> tuple[subprocess.Popen[bytes], int]:
    port = unused_port()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(port)])
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/sectra/info", timeout=1)
            return child, port
        except httpx.TransportError:
            time.sleep(0.05)
    child.kill()
    raise RuntimeError("the webhook app did not start")


def json_pieces(size: int) -> Iterator[bytes]:
    """A JSON object of exactly ``size`` bytes (an invocation with one huge field), in pieces
    of at most 1 MiB."""
    head, tail = b'{"action": "create", "padding": "', b'"}'
    filler = size - len(head) - len(tail)
    yield head
    for start in range(0, filler, PIECE):
        yield b"x" * min(PIECE, filler - start)
    yield tail


def send_body(port: int, size: int, *, chunked: bool) -> tuple[str, int, float]:
    """Send one POST of ``size`` bytes while reading the answer; return its status line, the
    bytes sent before the connection stopped taking them, and the seconds to the answer."""
    connection = socket.create_connection(("127.0.0.1", port))
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
    head = (
        f"POST /sectra HTTP/1.1\r\nHost: app\r\nContent-Type: application/json\r\n{framing}\r\n\r\n"
    )
    answer: list[bytes] = []
    answered_at: list[float] = []

    def read_answer() -> None:
        try:
            data = connection.recv(65536)
        except OSError:
            data = b""
        answered_at.append(time.perf_counter())
        answer.append(data)

    started = time.perf_counter()
    reader = threading.Thread(target=read_answer)
    reader.start()
    sent = 0
    try:
        connection.sendall(head.encode())
        for data in json_pieces(size):
            if answer:
                break
            connection.sendall(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
            sent += len(data)
        if chunked and not answer:
            connection.sendall(b"0\r\n\r\n")
    except OSError:
        pass
    reader.join(timeout=120)
    connection.close()
    status = answer[0].split(b"\r\n", 1)[0].decode() if answer and answer[0] else "(none)"
    return status, sent, (answered_at[0] if answered_at else time.perf_counter()) - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=200)
    options = parser.parse_args()
    size = options.size_mb * 10**6
    print(f"one POST U of {options.size_mb} MB to a SectraWebhook app (its own process)")
    for chunked in (False, True):
        child, port = start_app()
        try:
            before = peak_rss_mib(child.pid)
            status, sent, seconds = send_body(port, size, chunked=chunked)
            time.sleep(0.5)  # let the app finish whatever it still does with the body
            after = peak_rss_mib(child.pid)
        finally:
            child.terminate()
            child.wait(timeout=30)
        framing = "chunked" if chunked else "Content-Length"
        print(
            f"  {framing:<15} answer {status!r:<36} sent {sent / 10**6:7.1f} MB in "
            f"{seconds:5.2f} s   peak RSS {before:6.1f} -> {after:6.1f} MiB "
            f"(+{after - before:.1f})"
        )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
