"""Background jobs on real Celery workers: the web side (the webhook, served in this process)
queues jobs in a real Redis, two ``celery worker`` subprocesses run them against the mock
Sectra over HTTP. Crash safety, cancellation across processes, token expiry, the queue bound
and the job listing.

The workers are started once for the module (the crash tests replace the one they kill); every
test waits for its own jobs to end, so no job outlives the mock's state.
"""

from __future__ import annotations

import json
import os
import re
import signal
import statistics
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import httpx
import pytest
import redis
from _redis_server import RedisServer, free_port
from _service_processes import ServiceProcess, celery_worker, uvicorn_web
from cryptography.fernet import Fernet
from typer.testing import CliRunner

from sectra_client.cli import app as cli_app
from sectra_client.mock_server import MockSectraServer
from sectra_client.schemas import CreateInvocation, ResultResponse
from sectra_client.webhook.celery import KEY_VARIABLE, CeleryJobRunner

WAIT = 30.0
JSON = {"Content-Type": "application/json"}
WORKER_NAMES = ("w1", "w2")


@dataclass
class CeleryRig:
    """The web process, the workers and the Redis they share; the app module imported here."""

    app: ModuleType
    webhook_url: str
    redis: redis.Redis
    redis_url: str
    web: ServiceProcess
    workers: dict[str, ServiceProcess]
    start_worker: Callable[[str], ServiceProcess]

    @property
    def app_id(self) -> str:
        return str(self.app.APP_ID)

    def replace_dead_workers(self) -> None:
        for name, worker in list(self.workers.items()):
            if not worker.alive:
                self.workers[name] = self.start_worker(name)
                self.workers[name].wait_until_ready()

    def all_logs(self) -> str:
        processes = [self.web, *self.workers.values()]
        return "\n".join(process.log() for process in processes)

    def open_gate(self, gate: str) -> None:
        self.redis.set(gate, "1", ex=60)


@pytest.fixture(scope="module")
def rig(redis_server: RedisServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CeleryRig]:
    logs = tmp_path_factory.mktemp("celery-processes")
    environment = {"SECTRA_TEST_REDIS_URL": redis_server.url, KEY_VARIABLE: _fernet_key()}
    saved = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    serial = iter(range(1, 100))

    def start_worker(name: str) -> ServiceProcess:
        log = logs / f"{name}-{next(serial)}.log"
        return celery_worker(name, "celery_jobs_app:celery_app", environment, log)

    port = free_port()
    web = uvicorn_web("celery_jobs_app:app", port, environment, logs / "web.log")
    workers = {name: start_worker(name) for name in WORKER_NAMES}
    client = redis.Redis.from_url(redis_server.url)
    try:
        for process in [web, *workers.values()]:
            process.wait_until_ready()
        import celery_jobs_app

        yield CeleryRig(
            celery_jobs_app,
            f"http://127.0.0.1:{port}/sectra",
            client,
            redis_server.url,
            web,
            workers,
            start_worker,
        )
    finally:
        client.close()
        for process in [web, *workers.values()]:
            process.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture
def live(rig: CeleryRig) -> CeleryRig:
    """The rig with both workers running."""
    rig.replace_dead_workers()
    return rig


def _fernet_key() -> str:
    return Fernet.generate_key().decode()


def create(
    mock: MockSectraServer, rig: CeleryRig, slide: str, **context: Any
) -> tuple[CreateInvocation, int]:
    """Invoke the app on ``slide``; the invocation and the id of the placeholder it stored."""
    invocation = mock.build_invocation("create", slide, rig.app_id, context=context)
    assert isinstance(invocation, CreateInvocation)
    reply = mock.trigger(rig.webhook_url, invocation)
    assert reply["displayResult"] == "Queued"
    return invocation, int(reply["id"])


def wait_for_result(
    mock: MockSectraServer,
    rig: CeleryRig,
    result_id: int,
    done: Callable[[ResultResponse], bool],
    timeout: float = WAIT,
) -> ResultResponse:
    deadline = time.monotonic() + timeout
    while True:
        result = mock.get_result(rig.app_id, result_id)
        if done(result):
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"result {result_id} stayed {result.displayResult!r}")
        time.sleep(0.05)


def is_final(result: ResultResponse) -> bool:
    return (result.displayResult or "").startswith(("Done", "Cancelled", "Analysis failed"))


def is_running(result: ResultResponse) -> bool:
    return (result.displayResult or "").startswith("Analysing on")


def running_on(result: ResultResponse) -> tuple[str, int]:
    """The worker and the pool process that a running job's progress names."""
    found = re.match(r"Analysing on (\w+) pid (\d+)", result.displayResult or "")
    assert found, result.displayResult
    return found[1], int(found[2])


def final_after(
    kill: Callable[[], None], mock: MockSectraServer, rig: CeleryRig, result_id: int
) -> tuple[ResultResponse, float]:
    """Call ``kill``; the job's final result and the seconds it took to arrive after it."""
    kill()
    killed_at = time.monotonic()
    final = wait_for_result(mock, rig, result_id, is_final)
    return final, time.monotonic() - killed_at


def occupy_both_workers(mock: MockSectraServer, rig: CeleryRig, gate: str) -> list[int]:
    """Start one job per worker that holds until ``gate`` opens; their result ids."""
    held = [create(mock, rig, f"hold-{index}", gate=gate)[1] for index in range(2)]
    for result_id in held:
        wait_for_result(mock, rig, result_id, is_running)
    return held


# ----- 1. a burst of invocations --------------------------------------------------------------


def test_burst_of_50_invocations_is_answered_within_a_second_and_each_slide_gets_one_final_result(
    sectra_mock: MockSectraServer, live: CeleryRig
) -> None:
    # The web process has answered once, as after a deployment's smoke check: its first
    # invocation pays one-time set-up (the broker's connections, Celery's and kombu's first
    # calls), about 0.3 s spread over a cold burst on this machine.
    _, warm_up = create(sectra_mock, live, "burst-warm-up", seconds=0.0)
    wait_for_result(sectra_mock, live, warm_up, is_final)
    slides = [f"burst-{index}" for index in range(50)]
    invocations = [
        sectra_mock.build_invocation("create", slide, live.app_id, context={"seconds": 0.1})
        for slide in slides
    ]
    bodies = [invocation.model_dump_json().encode() for invocation in invocations]
    start = threading.Barrier(len(bodies))
    sender = httpx.Client(limits=httpx.Limits(max_connections=len(bodies)), timeout=10)

    def send(body: bytes) -> tuple[float, dict[str, Any]]:
        start.wait()
        began = time.monotonic()
        reply = sender.post(live.webhook_url, content=body, headers=JSON)
        latency = time.monotonic() - began
        assert reply.status_code == 200
        return latency, reply.json()

    with ThreadPoolExecutor(len(invocations)) as pool:
        answers = list(pool.map(send, bodies))
    latencies = sorted(latency for latency, _ in answers)
    finals = [
        wait_for_result(sectra_mock, live, int(reply["id"]), is_final) for _, reply in answers
    ]
    per_slide = [sectra_mock.get_results(live.app_id, slide) for slide in slides]

    per_worker = {
        name: sum(f.displayResult == f"Done on {name}" for f in finals) for name in WORKER_NAMES
    }
    print(
        f"\nburst of 50: reply latency median {statistics.median(latencies) * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms; final results per worker: {per_worker}"
    )
    assert latencies[-1] < 1.0
    assert [len(results) for results in per_slide] == [1] * 50
    assert all(result.displayResult in ("Done on w1", "Done on w2") for result in finals)
    assert {result.displayResult for result in finals} == {"Done on w1", "Done on w2"}
    logs = live.all_logs()
    for result in finals:
        assert re.search(rf"result {result.id}\) started after [0-9.]+ s in the queue", logs)
        assert re.search(rf"result {result.id}\) ended: completed after [0-9.]+ s", logs)


# ----- 2. a worker lost in the middle of a job -------------------------------------------------


def test_job_of_a_worker_killed_whole_is_delivered_again_and_finishes_on_the_survivor(
    sectra_mock: MockSectraServer, live: CeleryRig
) -> None:
    _, result_id = create(sectra_mock, live, "crash-slide", seconds=2.0)
    running = wait_for_result(sectra_mock, live, result_id, is_running)
    victim, _ = running_on(running)
    survivor = next(name for name in WORKER_NAMES if name != victim)

    final, recovered_after = final_after(live.workers[victim].kill, sectra_mock, live, result_id)

    print(
        f"\nworker {victim} killed (SIGKILL, main and pool process); the job finished on "
        f"{survivor} {recovered_after:.1f} s later"
    )
    assert final.displayResult == f"Done on {survivor}"
    assert [r.id for r in sectra_mock.get_results(live.app_id, "crash-slide")] == [result_id]
    assert re.search(
        rf"result {result_id}\) started after [0-9.]+ s in the queue \(delivery 2\)",
        live.workers[survivor].log(),
    )


def test_job_whose_pool_process_is_killed_is_requeued_at_once(
    sectra_mock: MockSectraServer, live: CeleryRig
) -> None:
    _, result_id = create(sectra_mock, live, "child-crash-slide", seconds=2.0)
    running = wait_for_result(sectra_mock, live, result_id, is_running)
    worker, pool_pid = running_on(running)

    final, recovered_after = final_after(
        lambda: os.kill(pool_pid, signal.SIGKILL), sectra_mock, live, result_id
    )

    print(
        f"\npool process of {worker} killed; the job was requeued and finished "
        f"{recovered_after:.1f} s later ({final.displayResult})"
    )
    assert recovered_after < live.app.VISIBILITY_TIMEOUT  # requeued, not waiting for the timeout
    assert (final.displayResult or "").startswith("Done on ")
    assert [r.id for r in sectra_mock.get_results(live.app_id, "child-crash-slide")] == [result_id]


# ----- 3. cancellation across processes --------------------------------------------------------


def test_cancel_reaches_a_job_running_on_a_worker(
    sectra_mock: MockSectraServer, live: CeleryRig
) -> None:
    invocation, result_id = create(
        sectra_mock, live, "cancel-running", gate=f"never-{uuid.uuid4()}"
    )
    wait_for_result(sectra_mock, live, result_id, is_running)

    cancel = sectra_mock.build_invocation(
        "cancel", "cancel-running", live.app_id, cancellation_token=invocation.cancellationToken
    )
    assert sectra_mock.trigger(live.webhook_url, cancel) == []
    cancelled_at = time.monotonic()
    final = wait_for_result(sectra_mock, live, result_id, is_final)

    print(
        f"\ncancel while running: the result said Cancelled "
        f"{(time.monotonic() - cancelled_at) * 1000:.0f} ms after the cancel was answered"
    )
    assert final.displayResult == "Cancelled"
    assert final.displayProperties == {"Status": "Cancelled"}


def test_cancel_of_a_queued_job_means_it_never_runs_and_sectra_jobs_lists_it_before(
    sectra_mock: MockSectraServer, live: CeleryRig
) -> None:
    gate = f"gate-{uuid.uuid4()}"
    held = occupy_both_workers(sectra_mock, live, gate)
    invocation, queued_id = create(sectra_mock, live, "cancel-queued")

    listing = CliRunner().invoke(
        cli_app, ["jobs", "--broker", live.redis_url, "--json", "--timeout", "2"]
    )
    cancel = sectra_mock.build_invocation(
        "cancel", "cancel-queued", live.app_id, cancellation_token=invocation.cancellationToken
    )
    sectra_mock.trigger(live.webhook_url, cancel)
    live.open_gate(gate)
    final = wait_for_result(sectra_mock, live, queued_id, is_final)
    for result_id in held:
        wait_for_result(sectra_mock, live, result_id, is_final)

    assert listing.exit_code == 0, listing.output
    listed = json.loads(listing.output)
    assert invocation.callbackInfo.token not in listing.output
    assert listed["queued"] == 1
    assert sorted((job["state"], job["result"]) for job in listed["jobs"]) == sorted(
        [("running", held[0]), ("running", held[1]), ("queued", queued_id)]
    )
    assert final.displayResult == "Cancelled"
    writes = [
        r
        for r in sectra_mock.requests
        if r.method == "PUT" and r.path.endswith(f"/results/{queued_id}")
    ]
    assert len(writes) == 1  # only "Cancelled": the job function never ran


# ----- 4. a token that expired while the job waited --------------------------------------------


def test_job_whose_token_expired_in_the_queue_fails_with_a_log_line_naming_the_result_only(
    sectra_mock: MockSectraServer, live: CeleryRig
) -> None:
    gate = f"gate-{uuid.uuid4()}"
    held = occupy_both_workers(sectra_mock, live, gate)
    invocation, result_id = create(sectra_mock, live, "expired-slide")
    token = invocation.callbackInfo.token
    in_redis = _everything_in(live.redis)

    sectra_mock.expire_token(token)
    live.open_gate(gate)
    for held_id in held:
        wait_for_result(sectra_mock, live, held_id, is_final)
    line = _wait_for_log_line(live, rf".*result {result_id}\): Sectra refused the callback token.*")

    print(f"\nexpired token, worker log: {line}")
    assert token not in in_redis  # sealed in the queue
    assert f"Result {result_id} keeps its placeholder" in line
    assert token not in live.all_logs()
    after = sectra_mock.get_results(live.app_id, "expired-slide")
    assert [(r.id, r.displayResult) for r in after] == [(result_id, "Queued")]
    refused = [r for r in sectra_mock.requests if r.status == 401]
    assert [(r.method, r.path) for r in refused] == [
        ("GET", f"/applications/{live.app_id}/results/{result_id}")
    ]


def _everything_in(client: redis.Redis) -> str:
    """Every list, hash and string value in Redis, as text (the queue, results, records)."""
    dumped: list[Any] = []
    for key in client.keys("*"):
        kind = client.type(key)
        if kind == b"list":
            dumped += client.lrange(key, 0, -1)
        elif kind == b"hash":
            dumped += client.hvals(key)
        elif kind == b"string":
            dumped.append(client.get(key) or b"")
    return "\n".join(bytes(value).decode(errors="replace") for value in dumped)


def _wait_for_log_line(rig: CeleryRig, pattern: str) -> str:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        found = re.search(pattern, rig.all_logs())
        if found:
            return found.group(0)
        time.sleep(0.05)
    raise AssertionError(f"no log line matches {pattern!r}")


# ----- the queue bound ------------------------------------------------------------------------


def test_invocation_beyond_the_queue_bound_gets_503_fast_and_nothing_is_stored(
    sectra_mock: MockSectraServer, live: CeleryRig
) -> None:
    queue = f"unserved-{uuid.uuid4()}"
    runner = CeleryJobRunner(
        live.app.celery_app, "celery_jobs_app:webhook", queue=queue, max_queued=2
    )
    try:
        with live.app.build_webhook(runner).serve("/sectra") as server:
            accepted = [create_on(sectra_mock, server.url, live, f"bounded-{i}") for i in range(2)]
            began = time.monotonic()
            refused = httpx.post(
                server.url,
                content=sectra_mock.build_invocation(
                    "create", "bounded-2", live.app_id
                ).model_dump_json(),
                headers={"Content-Type": "application/json"},
            )
            elapsed = time.monotonic() - began
    finally:
        live.redis.delete(queue)

    assert [reply.status_code for reply in accepted] == [200, 200]
    assert refused.status_code == 503
    assert "queue is full" in refused.json()["detail"]
    assert refused.headers["X-Sectra-SoftwareVersion"] == live.app.APP_VERSION
    assert elapsed < 1.0
    assert sectra_mock.get_results(live.app_id, "bounded-2") == []


def create_on(mock: MockSectraServer, url: str, rig: CeleryRig, slide: str) -> httpx.Response:
    invocation = mock.build_invocation("create", slide, rig.app_id)
    return httpx.post(
        url, content=invocation.model_dump_json(), headers={"Content-Type": "application/json"}
    )
