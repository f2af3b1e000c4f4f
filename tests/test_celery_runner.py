"""The parts of the Celery runner that need Redis but no worker: sealed requests, cancellation
records, delivery counts, the redelivery rule and the runner's checks; and the mock's expiring
tokens that the worker tests rely on."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import redis
from _redis_server import RedisServer
from celery import Celery
from cryptography.fernet import Fernet

from sectra_client import SectraClient
from sectra_client.errors import AuthenticationError
from sectra_client.mock_server import MockSectraServer
from sectra_client.schemas import (
    CancelInvocation,
    CreateInvocation,
    PrimitiveResultContent,
    ResultData,
    ResultResponse,
    parse_invocation,
)
from sectra_client.webhook import JobRequest
from sectra_client.webhook.celery import KEY_VARIABLE, CeleryJobRunner
from sectra_client.webhook.celery._cancellations import CancellationStore
from sectra_client.webhook.celery._deliveries import count_delivery
from sectra_client.webhook.celery._message import JobMessage
from sectra_client.webhook.celery._redelivery import waits_for_job
from sectra_client.webhook.celery._sealing import UnsealError, sealer_from_environment, unseal

TOKEN = "callback-secret-token"


@pytest.fixture
def client(redis_server: RedisServer) -> Iterator[redis.Redis]:
    connection = redis.Redis.from_url(redis_server.url)
    connection.flushdb()
    yield connection
    connection.close()


def invocation(action: str = "create", token: str | None = "run-1") -> dict[str, object]:
    data: dict[str, object] = {
        "action": action,
        "applicationId": "app",
        "slideId": "slide-1",
        "callbackInfo": {"url": "http://127.0.0.1:1/api", "token": TOKEN},
        "cancellationToken": token,
    }
    if action == "create":
        data["input"] = {"type": "wholeSlide"}
    return data


def request(token: str | None = "run-1") -> JobRequest:
    create = parse_invocation(invocation("create", token))
    assert isinstance(create, CreateInvocation)
    return JobRequest.for_invocation("analyse", create, 7, "v1")


def cancel(token: str | None) -> CancelInvocation:
    parsed = parse_invocation(invocation("cancel", token))
    assert isinstance(parsed, CancelInvocation)
    return parsed


# ----- sealing ---------------------------------------------------------------------------------


def test_sealed_request_holds_no_token_and_opens_with_the_same_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(KEY_VARIABLE, Fernet.generate_key().decode())
    sealer = sealer_from_environment(encrypt=None)
    assert sealer is not None
    sealed = sealer.encrypt(request().to_json().encode()).decode()
    message = JobMessage.for_request(request(), sealed)

    assert TOKEN not in str(message.to_kwargs())
    assert TOKEN not in message.label.to_json()
    opened = JobRequest.from_json(unseal(sealed))
    assert (opened.result_id, opened.placeholder_version_id) == (7, "v1")
    assert TOKEN in opened.invocation_json


def test_sealed_request_with_another_key_or_none_is_refused_by_name_of_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sealed = Fernet(Fernet.generate_key()).encrypt(b"{}").decode()
    monkeypatch.setenv(KEY_VARIABLE, Fernet.generate_key().decode())
    with pytest.raises(UnsealError, match=f"encrypted with another {KEY_VARIABLE}"):
        unseal(sealed)
    monkeypatch.delenv(KEY_VARIABLE)
    with pytest.raises(UnsealError, match=f"{KEY_VARIABLE} is not set here"):
        unseal(sealed)


def test_encryption_is_on_by_default_only_with_a_key_and_required_encryption_needs_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(KEY_VARIABLE, raising=False)
    assert sealer_from_environment(encrypt=None) is None
    with pytest.raises(ValueError, match=f"{KEY_VARIABLE} is not set"):
        sealer_from_environment(encrypt=True)
    monkeypatch.setenv(KEY_VARIABLE, "not-a-key")
    with pytest.raises(ValueError, match="not a Fernet key"):
        sealer_from_environment(encrypt=None)
    monkeypatch.setenv(KEY_VARIABLE, Fernet.generate_key().decode())
    assert sealer_from_environment(encrypt=None) is not None
    assert sealer_from_environment(encrypt=False) is None


# ----- cancellation records --------------------------------------------------------------------


def test_cancellation_is_kept_for_its_ttl_under_a_key_that_shows_no_ids(
    client: redis.Redis,
) -> None:
    store = CancellationStore(client, ttl=60, check_interval=0)
    store.record(cancel("run-1"))

    [key] = client.keys("*")
    assert 0 < client.pttl(key) <= 60_000
    assert b"slide-1" not in key
    assert b"run-1" not in key
    assert store.check_for(request("run-1"), queued_at=time.time())()
    assert not store.check_for(request("run-2"), queued_at=time.time())()


def test_cancel_without_a_token_stops_only_jobs_queued_before_it(client: redis.Redis) -> None:
    store = CancellationStore(client, ttl=60, check_interval=0)
    queued_before = time.time() - 1
    store.record(cancel(None))
    queued_after = time.time() + 1

    assert store.check_for(request("run-1"), queued_at=queued_before)()
    assert not store.check_for(request("run-1"), queued_at=queued_after)()


def test_cancellation_checks_ask_redis_at_most_once_per_interval(client: redis.Redis) -> None:
    store = CancellationStore(client, ttl=60, check_interval=30)
    is_cancelled = store.check_for(request(), queued_at=time.time())
    before = _mget_calls(client)

    answers = {is_cancelled() for _ in range(1000)}
    store.record(cancel("run-1"))
    still_unseen = is_cancelled()

    assert answers == {False}
    assert not still_unseen  # the next question to Redis waits for the interval
    assert _mget_calls(client) - before == 1


def _mget_calls(client: redis.Redis) -> int:
    stats = client.info("commandstats")
    return int(stats.get("cmdstat_mget", {}).get("calls", 0))


def test_deliveries_are_counted_per_job_and_forgotten_after_their_ttl(
    client: redis.Redis,
) -> None:
    counts = [count_delivery(client, "job-1", ttl=60) for _ in range(3)]

    assert counts == [1, 2, 3]
    assert count_delivery(client, "job-2", ttl=60) == 1
    assert 0 < client.pttl("sectra:deliveries:job-1") <= 60_000


# ----- the redelivery rule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("version", "status", "waits"),
    [
        ("v1", None, True),  # the placeholder as stored (even a custom one without a status)
        ("v2", "Queued", True),
        ("v3", "Running", True),  # progress written by a worker that was lost
        ("v4", None, False),  # the job's final result
        ("v5", "Cancelled", False),
        ("v6", "Failed", False),
    ],
)
def test_a_redelivered_job_runs_only_while_its_result_waits_for_it(
    version: str, status: str | None, waits: bool
) -> None:
    result = ResultResponse(
        id=7,
        versionId=version,
        slideId="slide-1",
        displayResult="anything",
        applicationVersion="1.0.0",
        displayProperties={"Status": status} if status else None,
        data=ResultData(result=PrimitiveResultContent(content=[])),
    )

    assert waits_for_job(result, request()) is waits


# ----- the runner ------------------------------------------------------------------------------


def test_runner_needs_a_dotted_webhook_path_and_one_webhook_per_celery_app() -> None:
    app = Celery("runner-checks", broker="redis://127.0.0.1:1/0")
    with pytest.raises(ValueError, match="module:attribute"):
        CeleryJobRunner(app, "no_attribute")
    CeleryJobRunner(app, "first:webhook", encrypt=False)
    with pytest.raises(ValueError, match="already runs the jobs of 'first:webhook'"):
        CeleryJobRunner(app, "second:webhook", encrypt=False)


def test_runner_sets_the_celery_options_crash_safety_depends_on() -> None:
    app = Celery("runner-options", broker="redis://127.0.0.1:1/0")
    runner = CeleryJobRunner(
        app, "myapp:webhook", visibility_timeout=7200, concurrency=3, encrypt=False
    )
    task = app.tasks["sectra_client.webhook.run_job"]

    assert (task.acks_late, task.reject_on_worker_lost) == (True, True)
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.broker_transport_options["visibility_timeout"] == 7200
    assert app.conf.worker_concurrency == 3
    assert repr(runner) == (
        "CeleryJobRunner(webhook='myapp:webhook', queue='celery', max_queued=1000, encrypted=False)"
    )


# ----- the mock's expiring tokens ---------------------------------------------------------------


def test_mock_can_expire_an_invocation_token_while_its_own_token_stays_valid(
    sectra_mock: MockSectraServer,
) -> None:
    issued = sectra_mock.build_invocation("create", "slide-1").callbackInfo.token
    with SectraClient(sectra_mock.url, issued) as before:
        before.get_slide_info("slide-1")

    sectra_mock.expire_token(issued)

    with SectraClient(sectra_mock.url, issued) as after, pytest.raises(AuthenticationError):
        after.get_slide_info("slide-1")
    with SectraClient(sectra_mock.url, sectra_mock.token) as own:
        own.get_slide_info("slide-1")
    with pytest.raises(KeyError):
        sectra_mock.expire_token("never-issued")
