"""Where the clients' tokens come from: an invocation's callback token (never refreshed), the
``/token`` flow (refreshed, one fetch however many users), and external launches."""

from __future__ import annotations

import asyncio
import logging
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
from _scripted_server import Reply, ScriptedServer

from sectra_client import (
    AsyncSectraClient,
    AuthenticationError,
    PermissionDeniedError,
    SectraClient,
)
from sectra_client.mock_server import MockSectraServer

pytest_plugins = ["_client_fixtures"]

APP = "my-app"


def operations(mock: MockSectraServer) -> list[str | None]:
    return [record.operation_id for record in mock.requests]


def test_from_credentials_fetches_one_token_for_concurrent_threads(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.add_user("svc", "pw")
    with (
        SectraClient.from_credentials(sectra_mock.url, APP, "svc", "pw") as client,
        ThreadPoolExecutor(max_workers=8) as pool,
    ):
        infos = list(pool.map(client.get_slide_info, [f"slide-{n}" for n in range(24)]))

    assert len(infos) == 24
    assert operations(sectra_mock).count("requestToken") == 1


def test_an_expired_token_is_refreshed_once_for_concurrent_threads(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.add_user("svc", "pw")
    with (
        SectraClient.from_credentials(sectra_mock.url, APP, "svc", "pw") as client,
        ThreadPoolExecutor(max_workers=8) as pool,
    ):
        client.get_slide_info("slide-0")
        sectra_mock.expire_tokens()
        infos = list(pool.map(client.get_slide_info, [f"slide-{n}" for n in range(24)]))

    assert len(infos) == 24
    assert operations(sectra_mock).count("requestToken") == 2
    statuses = [r.status for r in sectra_mock.requests if r.operation_id == "getSlideInfo"]
    assert statuses.count(200) == 25


async def test_the_async_client_fetches_one_token_for_concurrent_tasks(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.add_user("svc", "pw")
    async with AsyncSectraClient.from_credentials(sectra_mock.url, APP, "svc", "pw") as client:
        await client.get_slide_info("slide-0")
        sectra_mock.expire_tokens()
        infos = await asyncio.gather(*(client.get_slide_info(f"s-{n}") for n in range(16)))

    assert len(infos) == 16
    assert operations(sectra_mock).count("requestToken") == 2


def test_a_token_is_refreshed_before_it_expires(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_user("svc", "pw")
    sectra_mock.token_lifetime = 1.0
    with SectraClient.from_credentials(sectra_mock.url, APP, "svc", "pw") as client:
        client.get_slide_info("slide-1")
        time.sleep(0.95)  # past 90 % of the token's life, still valid on the server
        client.get_slide_info("slide-1")

    assert operations(sectra_mock).count("requestToken") == 2
    assert 401 not in [record.status for record in sectra_mock.requests]


def test_a_rejected_token_is_replaced_and_the_request_sent_once_more(
    scripted_server: ScriptedServer,
) -> None:
    grant = {"token_type": "Bearer", "expires_in": 3600}
    scripted_server.script(
        "/token",
        Reply.json({**grant, "access_token": "first"}),
        Reply.json({**grant, "access_token": "second"}),
    )
    scripted_server.script(
        "/applications/my-app",
        Reply(401),
        Reply.json({"applicationId": APP, "displayName": "A", "manufacturer": "M"}),
    )

    with SectraClient.from_credentials(scripted_server.base_url, APP, "svc", "pw") as client:
        application = client.get_application(APP)

    assert application.displayName == "A"
    sent = [
        r.headers.get("Authorization") for r in scripted_server.requests_to("/applications/my-app")
    ]
    assert sent == ["Bearer first", "Bearer second"]


def slide_id_read_with_credentials(url: str, client_kind: str) -> str:
    """Read ``slide-1`` with a ``/token`` client (user ``svc``), sync or async."""
    if client_kind == "sync":
        with SectraClient.from_credentials(url, APP, "svc", "pw") as client:
            return client.get_slide_info("slide-1").id

    async def read() -> str:
        async with AsyncSectraClient.from_credentials(url, APP, "svc", "pw") as client:
            return (await client.get_slide_info("slide-1")).id

    return asyncio.run(read())


@pytest.mark.parametrize("client_kind", ["sync", "async"])
def test_a_token_refused_with_403_is_replaced_once_as_sectras_downloader_does(
    sectra_mock: MockSectraServer, client_kind: str
) -> None:
    sectra_mock.add_user("svc", "pw")
    sectra_mock.faults.fail("getSlideInfo", 403, times=1)

    assert slide_id_read_with_credentials(sectra_mock.url, client_kind) == "slide-1"
    assert [(r.operation_id, r.status) for r in sectra_mock.requests] == [
        ("requestToken", 200),
        ("getSlideInfo", 403),
        ("requestToken", 200),
        ("getSlideInfo", 200),
    ]


def test_a_second_403_after_a_fresh_token_is_the_callers_error(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.add_user("svc", "pw")
    sectra_mock.faults.fail("getSlideInfo", 403, times=2)

    with (
        SectraClient.from_credentials(sectra_mock.url, APP, "svc", "pw") as client,
        pytest.raises(PermissionDeniedError),
    ):
        client.get_slide_info("slide-1")

    assert operations(sectra_mock).count("requestToken") == 2


def test_a_callback_token_refused_with_403_is_not_retried(sectra_mock: MockSectraServer) -> None:
    sectra_mock.faults.fail("getSlideInfo", 403, times=1)

    with (
        SectraClient(sectra_mock.url, sectra_mock.token) as client,
        pytest.raises(PermissionDeniedError),
    ):
        client.get_slide_info("slide-1")

    assert operations(sectra_mock) == ["getSlideInfo"]


def test_wrong_credentials_raise_an_authentication_error(sectra_mock: MockSectraServer) -> None:
    sectra_mock.add_user("svc", "right-password")
    client = SectraClient.from_credentials(sectra_mock.url, APP, "svc", "wrong-password")
    with client, pytest.raises(AuthenticationError) as raised:
        client.get_slide_info("slide-1")

    assert raised.value.path == "/token"
    assert "wrong-password" not in str(raised.value)


def test_the_callback_token_client_never_refreshes(sectra_mock: MockSectraServer) -> None:
    client = SectraClient(sectra_mock.url, "expired-callback-token")
    with client, pytest.raises(AuthenticationError):
        client.get_slide_info("slide-1")

    assert operations(sectra_mock) == ["getSlideInfo"]


def test_from_launch_url_answers_a_client_for_the_callback_and_the_launch(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.add_launch_session("ACC-42", "session-secret", APP, {"A1": ["s1", "s2"]})
    launch_url = f"{sectra_mock.url}/launchdata?requestId=ACC-42&sessionToken=session-secret"

    client, launch = SectraClient.from_launch_url(launch_url, APP)
    with client:
        slides = [client.get_slide_info(s.id).id for b in launch.blocks for s in b.slides]

    assert slides == ["s1", "s2"]
    launch_request = sectra_mock.requests[0]
    assert (launch_request.operation_id, launch_request.query["appId"]) == ("getLaunchData", APP)
    assert "authorization" not in launch_request.headers
    assert launch_request.query["requestId"] == "<redacted>"


def test_a_launch_needs_no_application_id_and_logs_no_request_id(
    sectra_mock: MockSectraServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    sectra_mock.add_launch_session("ACC-2026-777", "session-secret", APP, {"A1": ["s1"]})
    launch_url = f"{sectra_mock.url}/launchdata?requestId=ACC-2026-777&sessionToken=session-secret"

    with caplog.at_level(logging.DEBUG):
        client, launch = SectraClient.from_launch_url(launch_url)
        client.close()

    assert [slide.id for slide in launch.blocks[0].slides] == ["s1"]
    assert "appId" not in sectra_mock.requests[0].query
    assert "/launchdata" in caplog.text
    assert "ACC-2026-777" not in caplog.text
    assert "session-secret" not in caplog.text


async def test_from_launch_url_accepts_the_app_page_address_wrapping_it(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.add_launch_session("ACC 1/2", "session-secret", APP, {"A1": ["s1"]})
    launch_url = (
        f"{sectra_mock.url}/launchdata?requestId={urllib.parse.quote('ACC 1/2')}"
        "&sessionToken=session-secret"
    )
    page = "https://app.example/viewer?launchUrl=" + urllib.parse.quote(launch_url, safe="")

    client, launch = await AsyncSectraClient.from_launch_url(page, APP)
    async with client:
        info = await client.get_slide_info(launch.blocks[0].slides[0].id)

    assert info.id == "s1"


@pytest.mark.parametrize(
    ("launch_url", "problem"),
    [
        ("https://pacs.example/api/v1/launchdata?sessionToken=x", "requestId"),
        ("https://pacs.example/api/v1/launchdata?requestId=x", "sessionToken"),
        ("https://pacs.example/api/v1/info?requestId=x&sessionToken=y", "launchdata"),
        ("not a url at all", "URL"),
    ],
)
def test_a_launch_url_without_its_parts_is_refused_without_repeating_it(
    launch_url: str, problem: str
) -> None:
    with pytest.raises(ValueError, match=problem) as raised:
        SectraClient.from_launch_url(launch_url, APP)

    assert launch_url not in str(raised.value)
