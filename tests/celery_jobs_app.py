"""The analysis app of the Celery tests: imported by the test process (the web side) and by
every ``celery -A celery_jobs_app:celery_app worker`` the tests start.

Configured from the environment: ``SECTRA_TEST_REDIS_URL`` (broker, result store and
cancellations) and ``SECTRA_TEST_WORKER`` (the worker's name, written into the results its
jobs store). The job ``analyse`` is steered by the invocation's ``context``:

- ``{"seconds": 0.2}`` sleeps that long (checking for cancellation);
- ``{"gate": "KEY"}`` holds until the Redis key ``KEY`` exists (checking for cancellation).

It shows progress ``"Analysing on <worker> pid <pool process id>: 10 %"`` first, and its
final result says ``"Done on <worker>"``.
"""

from __future__ import annotations

import os
import time

import redis
from celery import Celery

from sectra_client import SectraClient
from sectra_client.schemas import (
    CreateInvocation,
    InputTemplate,
    PrimitiveResultContent,
    Registration,
    Result,
    ResultData,
)
from sectra_client.webhook import Job, JobRunner, SectraWebhook, StartJob
from sectra_client.webhook.celery import CeleryJobRunner

APP_ID = "celery-app"
APP_VERSION = "1.0.0"
REDIS_URL = os.environ.get("SECTRA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
WORKER = os.environ.get("SECTRA_TEST_WORKER", "web")
VISIBILITY_TIMEOUT = 6.0
"""Seconds before a job whose worker was lost whole is delivered again (short, for the tests:
no test job runs this long)."""
HOLD_LIMIT = 5.0

celery_app = Celery("celery_jobs_app", broker=REDIS_URL, backend=REDIS_URL)
# Look for lost jobs every 0.5 s, and let a worker killed while it held the lock that guards
# that search (kombu's unacked mutex, 5 min by default) block the others for 5 s at most.
celery_app.conf.update(
    broker_transport_options={
        "unacked_restore_interval": 0.5,
        "unacked_restore_throttle": 1,
        "unacked_mutex_expire": 5,
    },
    worker_hijack_root_logger=True,
)


def build_webhook(runner: JobRunner) -> SectraWebhook:
    """The app's webhook, with its handlers and its job, running jobs on ``runner``."""
    webhook = SectraWebhook(
        Registration(
            applicationId=APP_ID,
            displayName="Celery test app",
            manufacturer="Example Lab",
            url="https://apps.example.org/sectra",
            inputTemplate=InputTemplate(type="wholeSlide"),
        ),
        app_version=APP_VERSION,
        runner=runner,
    )
    webhook.job()(analyse)
    webhook.on_create(start_analysis)
    return webhook


def start_analysis(invocation: CreateInvocation, client: SectraClient) -> StartJob:
    return StartJob(analyse)


def analyse(job: Job) -> Result:
    context = job.invocation.context or {}
    job.progress(0.1, f"Analysing on {WORKER} pid {os.getpid()}")
    gate = context.get("gate")
    if isinstance(gate, str):
        _hold_until(job, gate)
    seconds = float(context.get("seconds", 0.0))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.raise_if_cancelled()
        time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))
    job.raise_if_cancelled()
    return Result(
        slideId=job.slide_id,
        displayResult=f"Done on {WORKER}",
        applicationVersion=APP_VERSION,
        data=ResultData(result=PrimitiveResultContent(content=[])),
    )


def _hold_until(job: Job, gate: str) -> None:
    client = redis.Redis.from_url(REDIS_URL)
    try:
        deadline = time.monotonic() + HOLD_LIMIT
        while not client.exists(gate) and time.monotonic() < deadline:
            job.raise_if_cancelled()
            time.sleep(0.05)
    finally:
        client.close()


runner = CeleryJobRunner(
    celery_app,
    "celery_jobs_app:webhook",
    max_queued=None,
    concurrency=1,
    visibility_timeout=VISIBILITY_TIMEOUT,
    cancellation_check_interval=0.1,
)
webhook = build_webhook(runner)
app = webhook.create_app("/sectra")
