"""Background jobs on Celery workers, with Redis as broker: the web process answers Sectra and
queues jobs; any number of worker processes, on any machines, run them.

Needs the ``celery`` extra: ``pip install 'sectra-client[celery]'``.

::

    # myapp.py: imported by the web process and by every worker
    from celery import Celery
    from sectra_client.webhook import SectraWebhook
    from sectra_client.webhook.celery import CeleryJobRunner

    celery_app = Celery("myapp", broker="redis://redis:6379/0", backend="redis://redis:6379/0")
    runner = CeleryJobRunner(celery_app, "myapp:webhook", max_queued=200, concurrency=1)
    webhook = SectraWebhook(registration, app_version="1.0.0", runner=runner)
    # ... the same handlers and @webhook.job() functions as with the thread runner ...
    app = webhook.create_app("/sectra")

    # uvicorn myapp:app                        the web process
    # celery -A myapp:celery_app worker        each worker

Jobs are delivered at least once and are idempotent (a job delivered again after its worker
was lost finishes the same result, or does nothing if it is final). ``cancel`` invocations
reach jobs on any worker through Redis. Each job logs its start (with its wait in the queue)
and its end (outcome, duration) on the ``sectra_client.webhook`` logger with its result id,
never the token or patient data. The job request holds the callback token: keep the broker
private, and set ``SECTRA_JOB_KEY`` (a Fernet key, the same in every process) to encrypt it.
"""

from sectra_client._extras import require_extra

for _module in ("celery", "redis", "cryptography"):
    require_extra(_module, "celery", "the Celery job runner")

from sectra_client.webhook.celery._listing import JobListing, ListedJob, list_jobs  # noqa: E402
from sectra_client.webhook.celery._runner import CeleryJobRunner  # noqa: E402
from sectra_client.webhook.celery._sealing import KEY_VARIABLE  # noqa: E402
from sectra_client.webhook.celery._task import TASK_NAME  # noqa: E402

__all__ = ["KEY_VARIABLE", "TASK_NAME", "CeleryJobRunner", "JobListing", "ListedJob", "list_jobs"]
