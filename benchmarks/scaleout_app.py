"""The stand-in analysis app of ``bench_scaleout.py``: one CPU-bound job, run by ``celery -A
scaleout_app:celery_app worker`` processes that the benchmark starts.

The job spins for the number of loop iterations its invocation's ``context`` names
(``{"iterations": N}``, calibrated by the benchmark to about one second of CPU) and stores a
result whose display properties say when the job function started (``startedAt``, seconds
since the epoch) and on which worker process it ran.
"""

from __future__ import annotations

import os
import time

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

APP_ID = "scaleout-bench"
APP_VERSION = "1.0.0"
REDIS_URL = os.environ.get("SECTRA_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")

celery_app = Celery("scaleout_app", broker=REDIS_URL)


def spin(iterations: int) -> int:
    """Pure-Python CPU work: ``iterations`` loop rounds."""
    total = 0
    for number in range(iterations):
        total = (total + number * number) % 1_000_003
    return total


def analyse(job: Job) -> Result:
    started = time.time()
    iterations = int((job.invocation.context or {}).get("iterations", 0))
    spin(iterations)
    return Result(
        slideId=job.slide_id,
        displayResult="Done",
        displayProperties={"startedAt": started, "pid": os.getpid()},
        applicationVersion=APP_VERSION,
        data=ResultData(result=PrimitiveResultContent(content=[])),
    )


def start(invocation: CreateInvocation, client: SectraClient) -> StartJob:
    return StartJob(analyse)


def build_webhook(runner: JobRunner) -> SectraWebhook:
    """The app's webhook, running its job on ``runner``."""
    return SectraWebhook(
        Registration(
            applicationId=APP_ID,
            displayName="Scale-out benchmark",
            manufacturer="Example Lab",
            url="https://apps.example.org/sectra",
            inputTemplate=InputTemplate(type="wholeSlide"),
        ),
        app_version=APP_VERSION,
        runner=runner,
        on_create=start,
        jobs=[analyse],
    )


runner = CeleryJobRunner(celery_app, "scaleout_app:webhook", max_queued=None, concurrency=1)
webhook = build_webhook(runner)
