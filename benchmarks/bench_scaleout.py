"""Scale-out: analysis jobs on 1 and on 2 Celery workers, and what the queue adds per job.

Run: ``python benchmarks/bench_scaleout.py [--slides 40] [--cpu-seconds 1.0] [--probes 20]``
(needs ``redis-server`` on the PATH and the ``celery`` extra).

It starts a private redis-server on a free loopback port, the mock Sectra and the stand-in
app's webhook (``scaleout_app.py``) in this process, and ``celery -A scaleout_app:celery_app
worker --concurrency 1`` processes. Then:

1. **Throughput.** ``--slides`` create invocations sent at once, each job spinning about
   ``--cpu-seconds`` of CPU (calibrated here first), on 1 worker and then on 2. Printed: the
   wall time from the first invocation to the last final result, jobs per second, and the
   ratio 2 workers / 1 worker (on 2 free cores the aim is at least 1.7x).
2. **Queue overhead.** ``--probes`` jobs that do no work, one at a time on an idle worker:
   the time from handing the job to the runner (``runner.submit``) until the job function
   starts, median and p95, next to the same for the in-process ``ThreadPoolJobRunner``. It
   includes what a worker does before the job function: opening the sealed request, counting
   the delivery and reading the result to check it still waits (one GET to Sectra).

Figures depend on the machine and its load; read the ratios.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import redis
from cryptography.fernet import Fernet

HERE = Path(__file__).parent
WAIT = 600.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slides", type=int, default=40)
    parser.add_argument("--cpu-seconds", type=float, default=1.0)
    parser.add_argument("--probes", type=int, default=20)
    options = parser.parse_args()
    program = shutil.which("redis-server")
    if program is None:
        sys.exit("bench_scaleout: redis-server is not installed (apt-get install redis-server)")

    with redis_server(program) as redis_url, tempfile.TemporaryDirectory() as logs:
        environment = {"SECTRA_BENCH_REDIS_URL": redis_url, "SECTRA_JOB_KEY": _fernet_key()}
        os.environ.update(environment)
        sys.path.insert(0, str(HERE))
        import scaleout_app

        from sectra_client.mock_server import MockSectraServer
        from sectra_client.webhook import ThreadPoolJobRunner

        iterations = calibrate(scaleout_app.spin, options.cpu_seconds)
        print(
            f"{options.slides} slides, {options.cpu_seconds:.1f} s of CPU each "
            f"({iterations:,} loop rounds); {os.cpu_count()} cores; load average "
            f"{os.getloadavg()[0]:.2f} at start\n"
        )
        with MockSectraServer().run(port=0) as mock, scaleout_app.webhook.serve("/") as web:
            rates = {}
            for count in (1, 2):
                with workers(count, environment, Path(logs)):
                    elapsed = burst(mock, web.url, options.slides, iterations, scaleout_app.APP_ID)
                rates[count] = options.slides / elapsed
                print(
                    f"{count} worker(s): {elapsed:6.1f} s for {options.slides} jobs, "
                    f"{rates[count]:.2f} jobs/s"
                )
            print(f"ratio 2 workers / 1 worker: {rates[2] / rates[1]:.2f}x (aim: >= 1.7x)\n")

            with workers(1, environment, Path(logs)):
                queued = probe(mock, scaleout_app.runner, scaleout_app, options.probes)
        threads = ThreadPoolJobRunner(max_workers=1)
        with MockSectraServer().run(port=0) as mock:
            in_process = probe(mock, threads, scaleout_app, options.probes)
        threads.close()
        print("submit -> job function starts (idle worker), over", options.probes, "jobs:")
        print(f"  {'runner':<22}{'median ms':>10}{'p95 ms':>10}")
        for name, delays in (("Celery + Redis", queued), ("ThreadPoolJobRunner", in_process)):
            print(
                f"  {name:<22}{statistics.median(delays) * 1000:>10.1f}"
                f"{percentile(delays, 95) * 1000:>10.1f}"
            )
        print(f"\nload average {os.getloadavg()[0]:.2f} at the end")


def calibrate(spin: Callable[[int], int], cpu_seconds: float) -> int:
    """Loop rounds of ``spin`` that take about ``cpu_seconds`` of CPU here."""
    rounds = 200_000
    while True:
        began = time.process_time()
        spin(rounds)
        spent = time.process_time() - began
        if spent > 0.2:
            return int(rounds * cpu_seconds / spent)
        rounds *= 2


def burst(mock: Any, url: str, slides: int, iterations: int, app_id: str) -> float:
    """Send ``slides`` create invocations at once; seconds until every result is final."""
    prefix = f"slide-{time.monotonic_ns()}-"
    bodies = [
        mock.build_invocation(
            "create", f"{prefix}{index}", app_id, context={"iterations": iterations}
        ).model_dump_json()
        for index in range(slides)
    ]
    began = time.monotonic()
    with httpx.Client(timeout=30, limits=httpx.Limits(max_connections=slides)) as client:
        ids = [
            client.post(url, content=body, headers={"Content-Type": "application/json"}).json()[
                "id"
            ]
            for body in bodies
        ]
    for result_id in ids:
        wait_until_done(mock, app_id, result_id)
    return time.monotonic() - began


def probe(mock: Any, runner: Any, app: Any, probes: int) -> list[float]:
    """Seconds from ``runner.submit`` to the job function's start, one job at a time."""
    from sectra_client import SectraClient
    from sectra_client.webhook import JobRequest

    webhook = app.build_webhook(runner)
    delays = []
    for index in range(probes + 2):  # the first two warm up connections and imports
        invocation = mock.build_invocation("create", f"probe-{index}", app.APP_ID)
        with SectraClient(mock.url, mock.token) as client:
            placeholder = client.create_result(app.APP_ID, placeholder_result(invocation))
        request = JobRequest.for_invocation(
            "analyse", invocation, placeholder.id, placeholder.versionId
        )
        submitted = time.time()
        runner.submit(request, webhook.run_job)
        final = wait_until_done(mock, app.APP_ID, placeholder.id)
        if index >= 2:
            delays.append(float(final.displayProperties["startedAt"]) - submitted)
    return delays


def placeholder_result(invocation: Any) -> Any:
    from sectra_client.webhook._results import placeholder_for

    return placeholder_for(invocation, "1.0.0")


def wait_until_done(mock: Any, app_id: str, result_id: int) -> Any:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        result = mock.get_result(app_id, result_id)
        if result.displayResult == "Done":
            return result
        time.sleep(0.01)
    raise RuntimeError(f"result {result_id} did not finish")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share / 100 * (len(ordered) - 1)))]


@contextmanager
def redis_server(program: str) -> Iterator[str]:
    """A private redis-server on a free loopback port, keeping nothing on disk; its URL."""
    port = free_port()
    with tempfile.TemporaryDirectory() as directory:
        server = subprocess.Popen(
            [
                program,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                directory,
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=port)
        try:
            for _ in range(200):
                try:
                    client.ping()
                    break
                except redis.ConnectionError:
                    time.sleep(0.02)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            client.close()
            server.terminate()
            server.wait()


@contextmanager
def workers(count: int, environment: dict[str, str], logs: Path) -> Iterator[None]:
    """``count`` workers of concurrency 1, ready when entered, stopped on exit."""
    started = []
    for index in range(count):
        log = open(logs / f"worker-{count}-{index}.log", "wb")  # noqa: SIM115
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "scaleout_app:celery_app",
            "worker",
            "-n",
            f"bench{index}@%h",
            "--concurrency",
            "1",
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        process = subprocess.Popen(
            command,
            cwd=HERE,
            env={**os.environ, **environment},
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        started.append((process, log))
    from scaleout_app import celery_app

    deadline = time.monotonic() + 60
    while len(celery_app.control.ping(timeout=0.5) or []) < count:
        if time.monotonic() > deadline:
            raise RuntimeError("the workers did not start")
    try:
        yield
    finally:
        for process, log in started:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(30)
            log.close()


def free_port() -> int:
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        port: int = probe_socket.getsockname()[1]
        return port


def _fernet_key() -> str:
    return Fernet.generate_key().decode()


if __name__ == "__main__":
    main()
