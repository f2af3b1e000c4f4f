"""Slide downloads against plain httpx and curl, their peak memory, many small parts, tiles.

Run:  python benchmarks/bench_download.py [--size-mib 1024] [--rounds 3] [--no-tiles]
      python benchmarks/bench_download.py --tls static --only-table   (over TLS)

One mock (``uvicorn`` on :func:`mock_app`, in its own process) serves, as
``multipart/related`` with a ``Content-Length`` per part, generated files that never touch its
disk: a slide of ``--size-mib`` MiB in 3 parts, the same at 4x the size, and slides of 1,000 and
5,000 DICOM-like parts of 16 KiB. Every download runs in a child process of its own, writing
into a temporary folder (on disk, ``--output-dir`` to choose), so each peak RSS is a
whole-process figure (``VmHWM``, read with ``wait4``) and nothing is shared between runs. The
page cache is flushed (``sync``) before each run. Downloads of the slide:

- ``ours sync`` / ``ours async``: ``SectraClient`` / ``AsyncSectraClient.download_slide_files``;
- ``httpx sync`` / ``httpx async``: a plain ``httpx`` stream of the same response written to
  one file (``for chunk in response.iter_bytes(): file.write(chunk)``), the reference;
- ``curl -o file``: a native client writing one file;
- one experiment, not the library's behaviour, patched into its child process only:
  ``ours sync, parts searched`` reads every part by searching it for the delimiter (as before
  parts were read by their declared length), to show what that bought. (The transport's own
  1 MiB socket reads, ``_transports/_large_reads.py``, are the library's behaviour and in ``ours``.)

Over TLS (``--tls``): a certificate authority made for the run (trustme) signs the server's
certificate for 127.0.0.1, and every client trusts it (ours and httpx through ``verify=``, curl
through ``--cacert``). ``--tls mock`` serves the slide from the mock itself (uvicorn's TLS, on
asyncio: the server's own encryption is then about as slow as the clients); ``--tls static``
from a small TLS server in this process that first fetches the slide's whole answer from the
plain mock into memory and then sends it with ``sendall`` on an ``ssl`` socket (OpenSSL's
speed), so that the table measures the clients rather than the server. The first table is
then over TLS; the others stay plain HTTP.

Figures: MiB/s (2**20 bytes per second), the best and the median of ``--rounds`` interleaved
rounds (the machine is shared and noisy, so the best is the fairer comparison); ratios of
the best figures to httpx (the same flavour) and to curl; the client's CPU seconds per GiB
(median); peak RSS (the highest of the rounds). Then the 4x slide with both clients, the
many-parts slides (milliseconds per part and the 5,000 / 1,000 ratio of the time per part:
about 1 means linear), and the 16 x 16-tile region of ``bench_tiles.py`` read concurrently and
one by one, with a 10 ms per-tile latency (tiles prerendered), and without (every tile
rendered per request, no cache: then the mock's rendering CPU and the client's, on two shared
cores, is all there is to overlap, and the ratio measures the mock).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from fastapi import FastAPI

MIB = 2**20
GIB = 2**30
TOKEN = "bench-token"
BASE_PATH = "/SectraPathologyServer/external/imageanalysis/v1"
SIZE_VARIABLE = "SECTRA_BENCH_DOWNLOAD_BYTES"
CA_VARIABLE = "SECTRA_BENCH_CA_FILE"
MANY_PART_COUNTS = (1_000, 5_000)
MANY_PART_BYTES = 16 * 1024
SLIDE = "bench-slide"
LARGE_SLIDE = "bench-slide-4x"
CHILD_KINDS = (
    "ours-sync",
    "ours-async",
    "httpx-sync",
    "httpx-async",
    "ours-sync-searched",
)


# The mock process


def mock_app() -> FastAPI:
    """The ASGI app of the mock process (``uvicorn bench_download:mock_app --factory``)."""
    from sectra_client.mock_server import GeneratedFile, MockSectraServer

    size = int(os.environ[SIZE_VARIABLE])
    server = MockSectraServer(token=TOKEN)
    for slide_id, total in ((SLIDE, size), (LARGE_SLIDE, 4 * size)):
        third = total // 3
        sizes = [third, third, total - 2 * third]
        server.add_slide_files(
            slide_id,
            [
                GeneratedFile(f"part-{number}.svs", part, "image/tiff", seed=number)
                for number, part in enumerate(sizes, 1)
            ],
        )
    for count in MANY_PART_COUNTS:
        server.add_slide_files(
            f"dicom-{count}",
            [
                GeneratedFile(f"i{number:05d},0000b.dcm", MANY_PART_BYTES, "application/dicom")
                for number in range(count)
            ],
        )
    return server.create_app()


@dataclass
class Certificates:
    """A CA made for the run and a server certificate for 127.0.0.1 it signed (PEM files)."""

    ca_file: Path
    cert_file: Path
    key_file: Path

    @classmethod
    def make(cls, folder: Path) -> Certificates:
        try:
            import trustme
        except ImportError:
            sys.exit("--tls needs trustme (pip install trustme; make setup installs it)")
        authority = trustme.CA()
        certificate = authority.issue_cert("127.0.0.1", "localhost")
        made = cls(folder / "ca.pem", folder / "cert.pem", folder / "key.pem")
        authority.cert_pem.write_to_path(str(made.ca_file))
        certificate.cert_chain_pems[0].write_to_path(str(made.cert_file))
        certificate.private_key_pem.write_to_path(str(made.key_file))
        return made

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.ca_file))

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self.cert_file), str(self.key_file))
        return context


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class MockProcess:
    """``uvicorn`` serving :func:`mock_app` on a free loopback port (over TLS with
    ``certificates``)."""

    def __init__(self, size: int, certificates: Certificates | None = None) -> None:
        port = free_port()
        scheme = "http" if certificates is None else "https"
        self.url = f"{scheme}://127.0.0.1:{port}{BASE_PATH}"
        command = [sys.executable, "-m", "uvicorn", "bench_download:mock_app", "--factory"]
        command += ["--app-dir", str(Path(__file__).parent), "--host", "127.0.0.1"]
        command += ["--port", str(port), "--http", "h11", "--lifespan", "off"]
        command += ["--log-level", "warning", "--no-access-log"]
        verify: ssl.SSLContext | bool = True
        if certificates is not None:
            command += ["--ssl-keyfile", str(certificates.key_file)]
            command += ["--ssl-certfile", str(certificates.cert_file)]
            verify = certificates.client_context()
        self._process = subprocess.Popen(command, env={**os.environ, SIZE_VARIABLE: str(size)})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                headers = {"Authorization": f"Bearer {TOKEN}"}
                httpx.get(f"{self.url}/info", headers=headers, verify=verify)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the mock did not start")

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(10)


class StaticTlsServer:
    """Serves one slide's answer, fetched once from the plain mock into memory, over TLS from
    threads of this process (``sendall`` on an ``ssl`` socket: OpenSSL encrypts, no asyncio)."""

    def __init__(self, plain_url: str, slide_id: str, certificates: Certificates) -> None:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        path = f"/slides/{slide_id}/files"
        with httpx.stream("GET", plain_url + path, headers=headers, timeout=60) as response:
            response.raise_for_status()
            content_type = response.headers["content-type"]
            body = bytearray()
            for chunk in response.iter_raw():
                body += chunk
        self._head = (
            f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        ).encode()
        self._body = memoryview(bytes(body))
        self._context = certificates.server_context()
        self._listener = socket.create_server(("127.0.0.1", 0))
        port = self._listener.getsockname()[1]
        self.url = f"https://127.0.0.1:{port}{BASE_PATH}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        try:
            with self._context.wrap_socket(connection, server_side=True) as tls:
                while self._read_head(tls):
                    tls.sendall(self._head)
                    for start in range(0, len(self._body), 4 * MIB):
                        tls.sendall(self._body[start : start + 4 * MIB])
        except OSError:
            pass

    @staticmethod
    def _read_head(tls: ssl.SSLSocket) -> bool:
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = tls.recv(65536)
            if not chunk:
                return False
            received += chunk
        return True

    def stop(self) -> None:
        self._listener.close()


# The child processes


def child(kind: str, url: str, slide_id: str, folder: Path) -> None:
    """Download one slide as ``kind`` and print bytes, seconds, CPU seconds and peak RSS as
    JSON. Only the ``ours`` kinds import sectra-client (before the clock starts)."""
    if kind.startswith("ours"):
        import sectra_client  # noqa: F401
    files_url = f"{url}/slides/{slide_id}/files"
    headers = {"Authorization": f"Bearer {TOKEN}"}
    ca_file = os.environ.get(CA_VARIABLE)
    verify: ssl.SSLContext | bool = True
    if ca_file:
        verify = ssl.create_default_context(cafile=ca_file)

    def ours_sync() -> int:
        from sectra_client import SectraClient

        with SectraClient(url, TOKEN, timeout=60, verify=verify) as client:
            paths = client.download_slide_files(slide_id, folder)
        return sum(path.stat().st_size for path in paths)

    def ours_async() -> int:
        from sectra_client import AsyncSectraClient

        async def download() -> list[Path]:
            async with AsyncSectraClient(url, TOKEN, timeout=60, verify=verify) as client:
                return await client.download_slide_files(slide_id, folder)

        return sum(path.stat().st_size for path in asyncio.run(download()))

    def httpx_sync() -> int:
        with (
            httpx.Client(timeout=60, verify=verify) as client,
            client.stream("GET", files_url, headers=headers) as response,
            open(folder / "body", "wb") as file,
        ):
            response.raise_for_status()
            for chunk in response.iter_bytes():
                file.write(chunk)
        return (folder / "body").stat().st_size

    def httpx_async() -> int:
        async def download() -> None:
            async with (
                httpx.AsyncClient(timeout=60, verify=verify) as client,
                client.stream("GET", files_url, headers=headers) as response,
            ):
                response.raise_for_status()
                with open(folder / "body", "wb") as file:
                    async for chunk in response.aiter_bytes():
                        file.write(chunk)

        asyncio.run(download())
        return (folder / "body").stat().st_size

    def ours_sync_searched() -> int:
        from sectra_client._download._multipart import MultipartReader

        defaults = MultipartReader.__init__.__kwdefaults__
        assert defaults is not None
        defaults["counted_min_bytes"] = 2**63
        return ours_sync()

    downloads: dict[str, Callable[[], int]] = {
        "ours-sync": ours_sync,
        "ours-async": ours_async,
        "httpx-sync": httpx_sync,
        "httpx-async": httpx_async,
        "ours-sync-searched": ours_sync_searched,
    }
    started, cpu_started = time.perf_counter(), time.process_time()
    size = downloads[kind]()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    figures = {"bytes": size, "seconds": seconds, "cpu": cpu, "peak_rss_mib": peak_rss_mib()}
    print(json.dumps(figures))


def peak_rss_mib() -> float:
    """This process's peak resident memory (``VmHWM``: since its ``exec``, unlike
    ``ru_maxrss``, which also counts the parent's pages at the ``fork``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Run:
    bytes: int
    seconds: float
    cpu: float
    peak_rss_mib: float

    @property
    def mib_per_second(self) -> float:
        return self.bytes / MIB / self.seconds


def run_child(
    kind: str, url: str, slide_id: str, output_dir: Path, ca_file: Path | None = None
) -> Run:
    """One download in a fresh process (or curl), trusting ``ca_file`` when given; its output
    folder is removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="bench-download-", dir=output_dir))
    try:
        os.sync()
        if kind == "curl":
            return run_curl(url, slide_id, folder, ca_file)
        command = [sys.executable, __file__, "--child", kind, url, slide_id, str(folder)]
        env = {**os.environ, CA_VARIABLE: str(ca_file or "")}
        finished = subprocess.run(command, check=True, capture_output=True, env=env)
        return Run(**json.loads(finished.stdout))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_curl(url: str, slide_id: str, folder: Path, ca_file: Path | None = None) -> Run:
    """``curl -o file``, under ``/usr/bin/time`` for its peak RSS (NaN without it)."""
    command = ["curl", "-sS", "-f", "-H", f"Authorization: Bearer {TOKEN}"]
    if ca_file is not None:
        command += ["--cacert", str(ca_file)]
    command += ["-o", str(folder / "body"), "-w", "%{size_download}"]
    command.append(f"{url}/slides/{slide_id}/files")
    timed = Path("/usr/bin/time").exists()
    if timed:
        command = ["/usr/bin/time", "-f", "%M %U %S", *command]
    started = time.perf_counter()
    finished = subprocess.run(command, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if not timed:
        return Run(int(finished.stdout), seconds, float("nan"), float("nan"))
    kib, user, system = finished.stderr.split()[-3:]
    return Run(int(finished.stdout), seconds, float(user) + float(system), int(kib) / 1024)


# The report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--output-dir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument(
        "--clients",
        nargs="+",
        choices=["curl", *CHILD_KINDS],
        default=["curl", *CHILD_KINDS],
        help="the clients of the first table",
    )
    parser.add_argument(
        "--only-table", action="store_true", help="measure the first table only (no 4x, parts)"
    )
    parser.add_argument("--no-tiles", action="store_true", help="skip the tile measurement")
    parser.add_argument(
        "--tls",
        choices=["mock", "static"],
        help="measure the first table over TLS, served by the mock or a static TLS server",
    )
    parser.add_argument("--child", nargs=4, metavar=("KIND", "URL", "SLIDE", "FOLDER"))
    options = parser.parse_args()
    if options.child:
        kind, url, slide_id, folder = options.child
        child(kind, url, slide_id, Path(folder))
        return
    if shutil.which("curl") is None:
        sys.exit("this benchmark needs curl")
    size = options.size_mib * MIB
    over = "loopback" if options.tls is None else f"TLS on loopback ({options.tls} server)"
    print(
        f"{options.size_mib} MiB slide in 3 parts, multipart/related over {over}; "
        f"{os.cpu_count()} CPUs; downloads into {options.output_dir}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-tls-") as tls_folder:
        certificates = Certificates.make(Path(tls_folder)) if options.tls else None
        run_all(options, size, certificates)


def run_all(options: argparse.Namespace, size: int, certificates: Certificates | None) -> None:
    mock = MockProcess(size, certificates if options.tls == "mock" else None)
    static = None
    try:
        table_url = mock.url
        if options.tls == "static" and certificates is not None:
            static = StaticTlsServer(mock.url, SLIDE, certificates)
            table_url = static.url
        ca_file = None if certificates is None else certificates.ca_file
        slide_table(table_url, options.clients, options.rounds, options.output_dir, ca_file)
        if options.tls is not None:
            return
        if not options.only_table:
            large_slide(mock.url, size, options.output_dir)
            many_parts(mock.url, options.rounds, options.output_dir)
    finally:
        if static is not None:
            static.stop()
        mock.stop()
    if not (options.no_tiles or options.only_table):
        tiles()


def slide_table(
    url: str, kinds: list[str], rounds: int, output_dir: Path, ca_file: Path | None = None
) -> None:
    runs: dict[str, list[Run]] = {kind: [] for kind in kinds}
    for _ in range(rounds):
        for kind in kinds:
            runs[kind].append(run_child(kind, url, SLIDE, output_dir, ca_file))
    best = {kind: max(run.mib_per_second for run in runs[kind]) for kind in kinds}
    reference = {"ours-async": "httpx-async"}
    print(f"\nThe slide, best and median of {rounds} rounds:")
    print(
        f"{'client':<24} {'best MiB/s':>10} {'median':>7} {'vs httpx':>9} {'vs curl':>8} "
        f"{'CPU s/GiB':>9} {'peak RSS':>9}"
    )
    for kind in kinds:
        median = statistics.median(run.mib_per_second for run in runs[kind])
        cpu = statistics.median(run.cpu / (run.bytes / GIB) for run in runs[kind])
        peak = max(run.peak_rss_mib for run in runs[kind])
        versus = reference.get(kind, "httpx-sync")
        to_httpx = ratio(best, kind, versus) if kind.startswith("ours") else ""
        print(
            f"{label(kind):<24} {best[kind]:>10.0f} {median:>7.0f} {to_httpx:>9} "
            f"{ratio(best, kind, 'curl'):>8} {cpu:>9.2f} {peak:>6.0f} MiB"
        )


def ratio(best: dict[str, float], kind: str, reference: str) -> str:
    """``best[kind] / best[reference]`` as ``0.93x``; empty when the reference was not run."""
    return f"{best[kind] / best[reference]:.2f}x" if reference in best else ""


def large_slide(url: str, size: int, output_dir: Path) -> None:
    print(f"\nThe slide at 4x the size ({4 * size // MIB} MiB), one round:")
    for kind in ("ours-sync", "ours-async"):
        run = run_child(kind, url, LARGE_SLIDE, output_dir)
        print(
            f"{label(kind):<24} {run.mib_per_second:>10.0f} MiB/s   "
            f"peak RSS {run.peak_rss_mib:.0f} MiB"
        )


def many_parts(url: str, rounds: int, output_dir: Path) -> None:
    print(
        f"\nMany parts of {MANY_PART_BYTES // 1024} KiB (DICOM-like), the best of {rounds} "
        "rounds; a file costs the file system a create and a rename:"
    )
    for kind in ("ours-sync", "ours-async"):
        per_part = {}
        for count in MANY_PART_COUNTS:
            runs = [run_child(kind, url, f"dicom-{count}", output_dir) for _ in range(rounds)]
            fastest = min(runs, key=lambda run: run.seconds)
            per_part[count] = fastest.seconds / count
            print(
                f"{label(kind):<24} {count:>6} parts {fastest.seconds:6.2f} s "
                f"{per_part[count] * 1000:6.3f} ms/part   "
                f"peak RSS {max(run.peak_rss_mib for run in runs):.0f} MiB"
            )
        low, high = MANY_PART_COUNTS
        print(f"{'':<24} time per part at {high} / at {low}: {per_part[high] / per_part[low]:.2f}")


def tiles() -> None:
    import bench_tiles

    print("\nA 16 x 16-tile region, concurrently (8) vs one by one (see bench_tiles.py):")
    for latency_ms, prerender in ((10.0, True), (0.0, False)):
        mock = bench_tiles.MockProcess(latency_ms / 1000, prerender=prerender)
        try:
            mock.wait_until_serving()
            sequential, sync, async_, _, server_cpu, _ = bench_tiles.measure(mock, 8, 3)
        finally:
            mock.stop()
        tiles = "prerendered" if prerender else "rendered per request"
        setup = f"{latency_ms:.0f} ms latency, {tiles}"
        print(
            f"{setup:<30} one by one {sequential:5.2f} s  sync {sync:5.2f} s "
            f"({sequential / sync:4.1f}x)  async {async_:5.2f} s ({sequential / async_:4.1f}x)  "
            f"server CPU {server_cpu * 1000:4.1f} ms/tile"
        )


def label(kind: str) -> str:
    labels = {
        "curl": "curl -o file",
        "ours-sync-searched": "ours sync, parts searched",
    }
    return labels.get(kind, kind.replace("-", " "))


if __name__ == "__main__":
    main()
