"""``sectra jobs``: the analysis jobs queued and running on Celery workers (the ``celery``
extra), read from the broker and from the workers' ``inspect`` answers.

Shows each job's state, job id, name, result id, application, worker and how long it has
waited or run; never a token or patient data (only the jobs' labels are read).
"""

from __future__ import annotations

import time
from typing import Annotated, Any
from urllib.parse import urlsplit

import typer

from sectra_client._extras import require_extra
from sectra_client.cli._common import (
    EXIT_USAGE,
    CommandFailed,
    JsonOption,
    echo_json,
    reported_errors,
)
from sectra_client.cli._tables import print_table, rows_table

__all__ = ["jobs", "register"]

BrokerOption = Annotated[
    str | None,
    typer.Option(
        "--broker",
        envvar=["SECTRA_BROKER_URL", "CELERY_BROKER_URL"],
        show_envvar=True,
        help="The Celery broker (redis://host:6379/0).",
    ),
]


def register(app: typer.Typer) -> None:
    """Add the ``jobs`` command to the ``sectra`` app."""
    app.command("jobs")(jobs)


def jobs(
    broker: BrokerOption = None,
    queue: Annotated[str, typer.Option(help="The queue the jobs go to.")] = "celery",
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the workers.")] = 1.0,
    limit: Annotated[int, typer.Option(help="List at most this many queued jobs.")] = 100,
    as_json: JsonOption = False,
) -> None:
    """List the jobs waiting in the queue and those the workers run."""
    password = urlsplit(broker).password if broker else None
    with reported_errors(password):
        if not broker:
            raise CommandFailed("no broker: pass --broker or set SECTRA_BROKER_URL", EXIT_USAGE)
        require_extra("celery", "celery", "sectra jobs")
        from celery import Celery

        from sectra_client.webhook.celery import list_jobs

        app = Celery("sectra-jobs", broker=broker)
        listing = list_jobs(app, queue, timeout=timeout, limit=limit)
        now = time.time()
        rows = [
            {
                "state": job.state,
                "job": job.label.job_id,
                "name": job.label.job_name,
                "result": job.label.result_id,
                "application": job.label.application_id,
                "worker": job.worker,
                "waited s": round((job.started_at or now) - job.label.queued_at, 1),
                "running s": None if job.started_at is None else round(now - job.started_at, 1),
            }
            for job in listing.jobs
        ]
        if as_json:
            summary: dict[str, Any] = {"queued": listing.queued, "workers": listing.workers}
            echo_json({**summary, "jobs": rows})
            return
        title = (
            f"queue {queue!r}: {listing.queued} waiting; {len(listing.workers)} worker(s) answered"
        )
        print_table(rows_table(title, list(rows[0]) if rows else ["state"], rows))
