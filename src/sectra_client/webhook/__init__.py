"""The webhook toolkit: write an analysis app that Sectra invokes as one handler per action.

Needs the ``webhook`` extra (FastAPI, uvicorn): ``pip install 'sectra-client[webhook]'``.

::

    from sectra_client import SectraClient
    from sectra_client.schemas import CreateInvocation, Registration, Result
    from sectra_client.webhook import Job, SectraWebhook, StartJob

    webhook = SectraWebhook(registration, app_version="1.0.0")

    @webhook.job()
    def analyse(job: Job) -> Result:
        job.progress(0.5, "Detecting tissue")
        job.raise_if_cancelled()
        return Result(...)

    @webhook.on_create
    def create(invocation: CreateInvocation, client: SectraClient) -> StartJob:
        return StartJob(analyse)          # stores "Queued" now, runs analyse in the background

    app = webhook.create_app("/sectra")   # uvicorn my_app:app

The toolkit serves ``GET U`` (the registration), ``GET U/info`` (the app's versions),
``POST U`` (invocations) and ``POST U/imagenotification``; applies the reply rules (``create``:
the stored result; ``modify``: the updated result; ``cancel``: ``[]``; ``delete``: ``{}``;
notifications: ``{}``); puts both ``X-Sectra-*`` version headers on every reply; answers 422
naming the field for a malformed invocation, 403 for a callback host it does not trust, 413 for
a body over ``max_body_bytes`` (16 MiB by default; never read), and 500 for a failed handler,
never with the token. Log records go to the ``sectra_client.webhook`` logger.
"""

from sectra_client._extras import require_extra

require_extra("fastapi", "webhook", "the webhook toolkit")

from sectra_client.webhook._handlers import (  # noqa: E402
    CancelHandler,
    CreateHandler,
    CreateOutcome,
    DeleteHandler,
    ImageNotificationHandler,
    JobFunction,
    ModifyHandler,
    ModifyOutcome,
    NotificationOutcome,
    PatchActionHandler,
    StartJob,
)
from sectra_client.webhook._job import Job, JobCancelled  # noqa: E402
from sectra_client.webhook._jobs import (  # noqa: E402
    BoundedJobRunner,
    CancellationCheck,
    JobExecutor,
    JobOutcome,
    JobQueueFull,
    JobRequest,
    JobRunner,
)
from sectra_client.webhook._serve import WebhookServer  # noqa: E402
from sectra_client.webhook._thread_runner import ThreadPoolJobRunner  # noqa: E402
from sectra_client.webhook._trusted_hosts import CallbackRefused, TrustedHosts  # noqa: E402
from sectra_client.webhook._webhook import CallbackClientOptions, SectraWebhook  # noqa: E402

__all__ = [
    "BoundedJobRunner",
    "CallbackClientOptions",
    "CallbackRefused",
    "CancelHandler",
    "CancellationCheck",
    "CreateHandler",
    "CreateOutcome",
    "DeleteHandler",
    "ImageNotificationHandler",
    "Job",
    "JobCancelled",
    "JobExecutor",
    "JobFunction",
    "JobOutcome",
    "JobQueueFull",
    "JobRequest",
    "JobRunner",
    "ModifyHandler",
    "ModifyOutcome",
    "NotificationOutcome",
    "PatchActionHandler",
    "SectraWebhook",
    "StartJob",
    "ThreadPoolJobRunner",
    "TrustedHosts",
    "WebhookServer",
]
