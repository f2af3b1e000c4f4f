"""Background jobs of the webhook toolkit, driven through the mock Sectra server: placeholder,
progress and final result; cancellation; 409 retries; failures; and the serialisable hand-off
that lets a task queue replace the in-process runner."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sectra_client import SectraClient
from sectra_client.mock_server import MockSectraServer
from sectra_client.schemas import (
    CancelInvocation,
    CreateInvocation,
    InputTemplate,
    NewImageFilesInvocation,
    PrimitiveResultContent,
    Registration,
    Result,
    ResultData,
    parse_invocation,
)
from sectra_client.webhook import (
    CancellationCheck,
    Job,
    JobOutcome,
    JobRequest,
    JobRunner,
    SectraWebhook,
    StartJob,
    ThreadPoolJobRunner,
)

APP_ID = "tissue-app"
APP_VERSION = "2.3.4"
SLIDE = "slide-1"
WAIT = 10.0


def registration() -> Registration:
    return Registration(
        applicationId=APP_ID,
        displayName="Tissue finder",
        manufacturer="Example Lab",
        url="https://apps.example.org/sectra",
        inputTemplate=InputTemplate(type="wholeSlide"),
    )


def a_result(text: str) -> Result:
    return Result(
        slideId=SLIDE,
        displayResult=text,
        applicationVersion=APP_VERSION,
        data=ResultData(result=PrimitiveResultContent(content=[])),
    )


@dataclass
class ServedApp:
    webhook: SectraWebhook
    url: str

    def wait_for_jobs(self) -> None:
        runner = self.webhook.runner
        assert isinstance(runner, ThreadPoolJobRunner)
        assert runner.wait_until_idle(WAIT), "the background jobs did not end"


def serve(webhook: SectraWebhook) -> Iterator[ServedApp]:
    with webhook.serve("/sectra") as server:
        yield ServedApp(webhook, server.url)


@pytest.fixture
def app() -> Iterator[ServedApp]:
    """An app (no handlers yet) with the default runner, served on a free loopback port."""
    yield from serve(SectraWebhook(registration(), app_version=APP_VERSION))


def start_in_background(webhook: SectraWebhook, job: str = "analyse") -> None:
    @webhook.on_create
    def create(invocation: CreateInvocation, client: SectraClient) -> StartJob:
        return StartJob(job)


# ----- placeholder → progress → final ----------------------------------------------------------


def test_long_analysis_shows_a_placeholder_then_progress_then_the_final_result(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    may_progress, progressed, may_finish = threading.Event(), threading.Event(), threading.Event()

    @app.webhook.job()
    def analyse(job: Job) -> Result:
        may_progress.wait(WAIT)
        job.progress(0.4, "Detecting tissue")
        progressed.set()
        may_finish.wait(WAIT)
        return a_result("3 tissue regions")

    start_in_background(app.webhook)

    reply = sectra_mock.trigger(app.url, sectra_mock.build_invocation("create", SLIDE, APP_ID))
    placeholder = sectra_mock.get_result(APP_ID, reply["id"])
    may_progress.set()
    assert progressed.wait(WAIT)
    running = sectra_mock.get_result(APP_ID, reply["id"])
    may_finish.set()
    app.wait_for_jobs()
    final = sectra_mock.get_result(APP_ID, reply["id"])

    assert (placeholder.displayResult, placeholder.displayProperties) == (
        "Queued",
        {"Status": "Queued"},
    )
    assert (running.displayResult, running.displayProperties) == (
        "Detecting tissue: 40 %",
        {"Status": "Running", "Progress": "40 %"},
    )
    assert (final.displayResult, final.displayProperties) == ("3 tissue regions", None)
    assert [result.id for result in sectra_mock.get_results(APP_ID, SLIDE)] == [reply["id"]]


def test_custom_placeholder_is_what_the_create_reply_shows(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    app.webhook.job()(lambda job: a_result("Done"))  # registered as "<lambda>"
    app.webhook.on_create(
        lambda invocation, client: StartJob("<lambda>", placeholder=a_result("Waiting for GPU"))
    )

    reply = sectra_mock.trigger(app.url, sectra_mock.build_invocation("create", SLIDE, APP_ID))
    app.wait_for_jobs()

    assert reply["displayResult"] == "Waiting for GPU"
    assert sectra_mock.get_result(APP_ID, reply["id"]).displayResult == "Done"


def test_image_notification_can_start_a_background_job(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    @app.webhook.job()
    def pre_analyse(job: Job) -> Result:
        assert isinstance(job.invocation, NewImageFilesInvocation)
        return a_result(f"Pre-analysed {job.invocation.imageInfo.id}")

    app.webhook.on_image_notification(lambda invocation, client: StartJob(pre_analyse))

    assert sectra_mock.notify(app.url, SLIDE, APP_ID) == {}
    app.wait_for_jobs()

    assert [r.displayResult for r in sectra_mock.get_results(APP_ID, SLIDE)] == [
        f"Pre-analysed {SLIDE}"
    ]


# ----- cancellation ----------------------------------------------------------------------------


def test_cancel_reaches_the_running_job_and_the_result_says_cancelled(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    started = threading.Event()

    @app.webhook.job()
    def analyse(job: Job) -> Result:
        started.set()
        deadline = time.monotonic() + WAIT
        while not job.cancelled and time.monotonic() < deadline:
            time.sleep(0.01)
        job.raise_if_cancelled()
        return a_result("Not cancelled in time")

    start_in_background(app.webhook)
    create = sectra_mock.build_invocation("create", SLIDE, APP_ID, cancellation_token="run-1")
    reply = sectra_mock.trigger(app.url, create)
    assert started.wait(WAIT)

    cancel = sectra_mock.build_invocation("cancel", SLIDE, APP_ID, cancellation_token="run-1")
    assert sectra_mock.trigger(app.url, cancel) == []
    app.wait_for_jobs()

    result = sectra_mock.get_result(APP_ID, reply["id"])
    assert (result.displayResult, result.displayProperties) == (
        "Cancelled",
        {"Status": "Cancelled"},
    )


def test_cancel_of_another_run_leaves_the_job_alone(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    may_finish = threading.Event()

    @app.webhook.job()
    def analyse(job: Job) -> Result:
        may_finish.wait(WAIT)
        return a_result("Cancelled" if job.cancelled else "Finished")

    start_in_background(app.webhook)
    create = sectra_mock.build_invocation("create", SLIDE, APP_ID, cancellation_token="run-1")
    reply = sectra_mock.trigger(app.url, create)

    other = sectra_mock.build_invocation("cancel", SLIDE, APP_ID, cancellation_token="run-2")
    sectra_mock.trigger(app.url, other)
    may_finish.set()
    app.wait_for_jobs()

    assert sectra_mock.get_result(APP_ID, reply["id"]).displayResult == "Finished"


def test_job_cancelled_while_queued_never_runs(sectra_mock: MockSectraServer) -> None:
    release, ran = threading.Event(), []
    webhook = SectraWebhook(
        registration(), app_version=APP_VERSION, runner=ThreadPoolJobRunner(max_workers=1)
    )

    @webhook.job()
    def analyse(job: Job) -> Result:
        ran.append(job.invocation.cancellationToken)
        release.wait(WAIT)
        return a_result("Done")

    start_in_background(webhook)
    for served in serve(webhook):
        first = sectra_mock.trigger(
            served.url,
            sectra_mock.build_invocation("create", SLIDE, APP_ID, cancellation_token="a"),
        )
        second = sectra_mock.trigger(
            served.url,
            sectra_mock.build_invocation("create", SLIDE, APP_ID, cancellation_token="b"),
        )
        sectra_mock.trigger(
            served.url,
            sectra_mock.build_invocation("cancel", SLIDE, APP_ID, cancellation_token="b"),
        )
        release.set()
        served.wait_for_jobs()

    assert ran == ["a"]
    assert sectra_mock.get_result(APP_ID, first["id"]).displayResult == "Done"
    assert sectra_mock.get_result(APP_ID, second["id"]).displayResult == "Cancelled"


# ----- 409 retries and failures ----------------------------------------------------------------


def test_conflict_while_storing_the_final_result_is_retried_on_a_fresh_read(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    app.webhook.job("analyse")(lambda job: a_result("Final"))
    start_in_background(app.webhook)
    sectra_mock.faults.fail("updateResult", 409, times=1, message="versionId is stale")

    reply = sectra_mock.trigger(app.url, sectra_mock.build_invocation("create", SLIDE, APP_ID))
    app.wait_for_jobs()

    calls = [
        (record.operation_id, record.status)
        for record in sectra_mock.requests
        if record.operation_id in ("getResult", "updateResult")
    ]
    assert calls == [
        ("getResult", 200),
        ("updateResult", 409),
        ("getResult", 200),
        ("updateResult", 200),
    ]
    assert sectra_mock.get_result(APP_ID, reply["id"]).displayResult == "Final"


def test_failing_job_leaves_a_failed_result_and_a_log_without_the_token(
    app: ServedApp, sectra_mock: MockSectraServer, caplog: pytest.LogCaptureFixture
) -> None:
    @app.webhook.job()
    def analyse(job: Job) -> Result:
        raise MemoryError(f"slide too large for token {job.invocation.callbackInfo.token}")

    start_in_background(app.webhook)
    invocation = sectra_mock.build_invocation("create", SLIDE, APP_ID)

    with caplog.at_level(logging.ERROR, logger="sectra_client.webhook"):
        reply = sectra_mock.trigger(app.url, invocation)
        app.wait_for_jobs()

    result = sectra_mock.get_result(APP_ID, reply["id"])
    assert (result.displayResult, result.displayProperties) == (
        "Analysis failed",
        {"Status": "Failed"},
    )
    assert "MemoryError: slide too large for token <redacted>" in caplog.text
    assert invocation.callbackInfo.token not in caplog.text


def test_start_job_naming_an_unregistered_job_is_a_500(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    start_in_background(app.webhook, job="no-such-job")
    invocation = sectra_mock.build_invocation("create", SLIDE, APP_ID)

    response = httpx.post(app.url, content=invocation.model_dump_json())

    assert response.status_code == 500
    assert "no job is registered as 'no-such-job'" in response.json()["detail"]
    assert sectra_mock.get_results(APP_ID, SLIDE) == []


# ----- the hand-off to a task queue ------------------------------------------------------------


class QueueRunner:
    """Stands in for a task queue: keeps the JSON a broker would carry, runs nothing."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def submit(self, request: JobRequest, execute: object) -> None:
        self.messages.append(request.to_json())

    def cancel(self, invocation: CancelInvocation) -> int:
        return 0

    def close(self, *, wait: bool = True) -> None:
        pass


def tissue_app(runner: JobRunner | None = None) -> SectraWebhook:
    """The same app module, as the web process and a queue worker would each import it."""
    webhook = SectraWebhook(registration(), app_version=APP_VERSION, runner=runner)

    @webhook.job()
    def analyse(job: Job) -> Result:
        return a_result(f"Analysed {job.slide_id} in a worker")

    start_in_background(webhook)
    return webhook


def test_a_task_queue_worker_runs_the_job_from_its_json_alone(
    sectra_mock: MockSectraServer,
) -> None:
    queue = QueueRunner()
    for served in serve(tissue_app(queue)):
        reply = sectra_mock.trigger(
            served.url, sectra_mock.build_invocation("create", SLIDE, APP_ID)
        )

    worker = tissue_app()
    outcome = worker.run_job(JobRequest.from_json(queue.messages[0]))
    worker.close()

    assert outcome is JobOutcome.COMPLETED
    assert sectra_mock.get_result(APP_ID, reply["id"]).displayResult == (
        f"Analysed {SLIDE} in a worker"
    )


# ----- JobRequest and the thread-pool runner, without HTTP -------------------------------------


def create_invocation(token: str, cancellation_token: str | None) -> CreateInvocation:
    invocation = parse_invocation(
        {
            "action": "create",
            "applicationId": APP_ID,
            "slideId": SLIDE,
            "callbackInfo": {"url": "https://pacs.example/api", "token": token},
            "cancellationToken": cancellation_token,
            "input": {"type": "wholeSlide"},
        }
    )
    assert isinstance(invocation, CreateInvocation)
    return invocation


@settings(max_examples=50, deadline=None)
@given(
    name=st.text(min_size=1),
    result_id=st.integers(min_value=0, max_value=2**63 - 1),
    token=st.text(min_size=1),
    cancellation_token=st.none() | st.text(),
)
def test_job_request_survives_its_json(
    name: str, result_id: int, token: str, cancellation_token: str | None
) -> None:
    request = JobRequest.for_invocation(
        name, create_invocation(token, cancellation_token), result_id
    )

    assert JobRequest.from_json(request.to_json()) == request


def test_job_request_repr_leaves_out_the_invocation_and_its_token() -> None:
    request = JobRequest.for_invocation("analyse", create_invocation("s3cr3t-token", None), 7)

    assert "s3cr3t-token" not in repr(request)
    assert "result_id=7" in repr(request)


def test_job_request_from_other_json_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not a job request"):
        JobRequest.from_json('{"job_name": "analyse"}')


@pytest.mark.parametrize(
    ("application_id", "slide_id", "cancellation_token", "cancels"),
    [
        (APP_ID, SLIDE, "run-1", True),
        (APP_ID, SLIDE, None, True),
        (APP_ID, SLIDE, "run-2", False),
        (APP_ID, "slide-2", "run-1", False),
        ("other-app", SLIDE, "run-1", False),
    ],
)
def test_cancel_matches_application_slide_and_cancellation_token(
    application_id: str, slide_id: str, cancellation_token: str | None, cancels: bool
) -> None:
    request = JobRequest.for_invocation("analyse", create_invocation("t", "run-1"), 1)
    cancel = CancelInvocation.model_validate(
        {
            "applicationId": application_id,
            "slideId": slide_id,
            "callbackInfo": {"url": "https://pacs.example/api", "token": "t"},
            "cancellationToken": cancellation_token,
        }
    )

    assert request.is_cancelled_by(cancel) is cancels


def test_thread_pool_runner_runs_at_most_max_workers_jobs_at_once() -> None:
    runner = ThreadPoolJobRunner(max_workers=2)
    changed, release = threading.Condition(), threading.Event()
    running, most = [0], [0]

    def execute(request: JobRequest, is_cancelled: CancellationCheck) -> JobOutcome:
        with changed:
            running[0] += 1
            most[0] = max(most[0], running[0])
            changed.notify_all()
        release.wait(WAIT)
        with changed:
            running[0] -= 1
        return JobOutcome.COMPLETED

    for index in range(5):
        runner.submit(JobRequest.for_invocation("j", create_invocation("t", None), index), execute)
    with changed:
        assert changed.wait_for(lambda: running[0] == 2, WAIT)
    time.sleep(0.05)  # room for a third job to start, were the pool not bounded
    release.set()
    assert runner.wait_until_idle(WAIT)
    runner.close()

    assert most[0] == 2


def test_progress_is_a_fraction_from_zero_to_one() -> None:
    invocation = create_invocation("t", None)
    request = JobRequest.for_invocation("analyse", invocation, 1)
    with SectraClient("https://pacs.example/api", "t") as client:
        job = Job(request, invocation, client, lambda: False)

        with pytest.raises(ValueError, match="progress is a fraction from 0 to 1, got 40"):
            job.progress(40)
