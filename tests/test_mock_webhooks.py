"""The webhook side: invocations built and sent as Sectra does, and the app's replies checked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from mock_support import api, result_body, serve

from sectra_client.errors import WebhookContractError
from sectra_client.mock_server import MockSectraServer, WebhookContractWarning
from sectra_client.schemas import (
    CancelInvocation,
    CreateInvocation,
    DeleteInvocation,
    ModifyInvocation,
    NewImageFilesInvocation,
    TaggedPolygonInput,
    parse_invocation,
)

APP_HEADERS = {"X-Sectra-ApiVersion": "1.10", "X-Sectra-SoftwareVersion": "2.3.0"}


class App:
    """A webhook app that follows the contract unless told which rule to break."""

    def __init__(self) -> None:
        self.breaks: str = ""
        self.received: list[Any] = []
        self.fastapi = FastAPI()
        self.fastapi.post("/hook")(self.hook)
        self.fastapi.post("/hook/imagenotification")(self.notification)

    def headers(self) -> dict[str, str]:
        if self.breaks == "no-software-version":
            return {"X-Sectra-ApiVersion": "1.10"}
        if self.breaks in ("no-headers", "as-sectras-examples"):
            return {}
        if self.breaks == "api-version-not-a-version":
            return {**APP_HEADERS, "X-Sectra-ApiVersion": "latest"}
        return dict(APP_HEADERS)

    async def hook(self, request: Request) -> Response:
        invocation = parse_invocation(await request.body())
        self.received.append(invocation)
        if self.breaks == "status-500":
            return Response("boom", status_code=500, headers=self.headers())
        if isinstance(invocation, CancelInvocation):
            return JSONResponse(
                {} if self.breaks == "cancel-object" else [], headers=self.headers()
            )
        if isinstance(invocation, DeleteInvocation):
            return JSONResponse([] if self.breaks == "delete-array" else {}, headers=self.headers())
        callback = invocation.callbackInfo
        async with httpx.AsyncClient(
            base_url=callback.url, headers={"Authorization": f"Bearer {callback.token}"}
        ) as sectra:
            if isinstance(invocation, ModifyInvocation):
                edited = invocation.input.model_dump(mode="json")
                reply = await sectra.put(
                    f"/applications/{invocation.applicationId}/results/{edited['id']}", json=edited
                )
            else:
                reply = await sectra.post(
                    f"/applications/{invocation.applicationId}/results",
                    json=result_body(invocation.slideId),
                )
        stored = reply.json()
        if self.breaks == "as-sectras-examples":
            return Response(b"", headers=self.headers())
        if self.breaks == "unstored-id":
            stored["id"] = 999
        if self.breaks == "no-id":
            del stored["id"]
        if self.breaks == "made-up-version":
            stored["versionId"] = "made-up"
        return JSONResponse(stored, headers=self.headers())

    async def notification(self, request: Request) -> Response:
        self.received.append(parse_invocation(await request.body()))
        body = b'{"ok": true}' if self.breaks == "notification-body" else b""
        return Response(body, headers=self.headers())


@pytest.fixture(scope="module")
def served_app() -> Iterator[tuple[App, str]]:
    app = App()
    with serve(app.fastapi) as url:
        yield app, url + "/hook"


@pytest.fixture
def app(served_app: tuple[App, str]) -> App:
    served_app[0].breaks = ""
    served_app[0].received.clear()
    return served_app[0]


@pytest.fixture
def hook(served_app: tuple[App, str]) -> str:
    return served_app[1]


def test_trigger_posts_a_create_and_answers_the_stored_result(
    sectra_mock: MockSectraServer, app: App, hook: str
) -> None:
    invocation = sectra_mock.build_invocation("create", "slide-1")
    reply = sectra_mock.trigger(hook, invocation)
    assert reply["id"] == 1
    assert sectra_mock.get_results("my-app", "slide-1")[0].id == 1
    assert isinstance(app.received[0], CreateInvocation)


def test_the_callback_info_points_at_the_mock_with_a_fresh_token(
    sectra_mock: MockSectraServer,
) -> None:
    first = sectra_mock.build_invocation("create", "slide-1")
    second = sectra_mock.build_invocation("create", "slide-1")
    assert first.callbackInfo.url == sectra_mock.url
    assert first.callbackInfo.token not in (second.callbackInfo.token, sectra_mock.token)
    with api(sectra_mock, token=first.callbackInfo.token) as http:
        assert http.get("/slides/slide-1/info").status_code == 200


def test_build_invocation_makes_every_action(sectra_mock: MockSectraServer) -> None:
    stored = sectra_mock.add_result("my-app", result_body())
    polygon = TaggedPolygonInput.model_validate(
        {"content": {"polygon": result_body()["data"]["result"]["content"][0]["polygons"][0]}}
    )
    made = {
        "create": sectra_mock.build_invocation("create", "slide-1", input=polygon),
        "modify": sectra_mock.build_invocation("modify", "slide-1", result_id=stored.id),
        "cancel": sectra_mock.build_invocation("cancel", "slide-1", cancellation_token="c-1"),
        "delete": sectra_mock.build_invocation("delete", "slide-1", result_id=stored.id),
        "newImageFiles": sectra_mock.build_invocation("newImageFiles", "slide-1"),
    }
    assert isinstance(made["create"], CreateInvocation)
    assert isinstance(made["create"].input, TaggedPolygonInput)
    assert isinstance(made["modify"], ModifyInvocation)
    assert made["modify"].input.versionId == stored.versionId
    assert isinstance(made["cancel"], CancelInvocation)
    assert made["cancel"].cancellationToken == "c-1"
    assert isinstance(made["delete"], DeleteInvocation)
    assert isinstance(made["newImageFiles"], NewImageFilesInvocation)
    assert made["newImageFiles"].imageInfo.accessionNumber is None


def test_modify_needs_a_result(sectra_mock: MockSectraServer) -> None:
    with pytest.raises(ValueError, match="stored result"):
        sectra_mock.build_invocation("modify", "slide-1")


@pytest.mark.parametrize(("action", "expected"), [("cancel", []), ("delete", {})])
def test_cancel_and_delete_replies_pass_the_check(
    sectra_mock: MockSectraServer, app: App, hook: str, action: str, expected: object
) -> None:
    sectra_mock.add_result("my-app", result_body())
    invocation = sectra_mock.build_invocation(action, "slide-1", result_id=1)  # type: ignore[arg-type]
    assert sectra_mock.trigger(hook, invocation) == expected


def test_a_modify_reply_is_the_updated_result(
    sectra_mock: MockSectraServer, app: App, hook: str
) -> None:
    stored = sectra_mock.add_result("my-app", result_body())
    reply = sectra_mock.trigger(
        hook, sectra_mock.build_invocation("modify", "slide-1", result_id=1)
    )
    assert reply["id"] == stored.id
    assert reply["versionId"] != stored.versionId


def test_trigger_accepts_an_invocation_as_a_dict(
    sectra_mock: MockSectraServer, app: App, hook: str
) -> None:
    invocation = sectra_mock.build_invocation("cancel", "slide-1").model_dump(mode="json")
    assert sectra_mock.trigger(hook, invocation) == []


@pytest.mark.parametrize(
    ("breaks", "action", "problem"),
    [
        ("api-version-not-a-version", "create", "'latest' is not a version like 1.10"),
        ("unstored-id", "create", "result 999 of application 'my-app' is not stored"),
        ("no-id", "create", "the reply has no id"),
        ("made-up-version", "create", "versionId 'made-up' was never issued"),
        ("cancel-object", "cancel", "cancel: the reply must be []"),
        ("delete-array", "delete", "delete: the reply must be {}"),
        ("status-500", "create", "the app answered 500"),
    ],
)
def test_a_reply_that_breaks_the_contract_raises_saying_what_is_wrong(
    sectra_mock: MockSectraServer, app: App, hook: str, breaks: str, action: str, problem: str
) -> None:
    sectra_mock.add_result("my-app", result_body())
    app.breaks = breaks
    invocation = sectra_mock.build_invocation(action, "slide-1", result_id=1)  # type: ignore[arg-type]
    with pytest.raises(WebhookContractError) as raised:
        sectra_mock.trigger(hook, invocation)
    assert any(problem in item for item in raised.value.problems), raised.value.problems


@pytest.mark.parametrize(
    ("breaks", "warned"),
    [
        ("no-software-version", ["lacks the X-Sectra-SoftwareVersion header"]),
        ("no-headers", ["lacks the X-Sectra-ApiVersion", "lacks the X-Sectra-SoftwareVersion"]),
        (
            "as-sectras-examples",
            ["lacks the X-Sectra-ApiVersion", "lacks the X-Sectra-SoftwareVersion", "is empty"],
        ),
    ],
)
def test_what_sectra_tolerates_in_a_create_reply_is_a_warning_not_an_error(
    sectra_mock: MockSectraServer, app: App, hook: str, breaks: str, warned: list[str]
) -> None:
    app.breaks = breaks

    with pytest.warns(WebhookContractWarning) as recorded:
        reply = sectra_mock.trigger(hook, sectra_mock.build_invocation("create", "slide-1"))

    messages = [str(warning.message) for warning in recorded]
    assert len(messages) == len(warned)
    assert all(any(part in message for message in messages) for part in warned)
    assert (reply == {}) == (breaks == "as-sectras-examples")
    assert len(sectra_mock.get_results("my-app", "slide-1")) == 1


def test_a_notification_reply_without_version_headers_is_a_warning(
    sectra_mock: MockSectraServer, app: App, hook: str
) -> None:
    app.breaks = "no-headers"

    with pytest.warns(WebhookContractWarning, match="imagenotification: the reply lacks"):
        assert sectra_mock.notify(hook, "slide-7") == {}


def test_a_reply_for_another_result_than_the_modified_one_is_reported(
    sectra_mock: MockSectraServer, app: App, hook: str
) -> None:
    sectra_mock.add_result("my-app", result_body())
    app.breaks = "unstored-id"
    with pytest.raises(WebhookContractError, match="not the modified result 1"):
        sectra_mock.trigger(hook, sectra_mock.build_invocation("modify", "slide-1", result_id=1))


def test_notify_posts_a_new_image_notification_to_imagenotification(
    sectra_mock: MockSectraServer, app: App, hook: str
) -> None:
    assert sectra_mock.notify(hook, "slide-7", application_id="app-x") == {}
    (notification,) = app.received
    assert isinstance(notification, NewImageFilesInvocation)
    assert (notification.slideId, notification.applicationId) == ("slide-7", "app-x")
    assert notification.imageInfo.id == "slide-7"


def test_a_notification_reply_must_be_empty(
    sectra_mock: MockSectraServer, app: App, hook: str
) -> None:
    app.breaks = "notification-body"
    with pytest.raises(WebhookContractError, match="must be empty or"):
        sectra_mock.notify(hook, "slide-7")


def test_an_unreachable_app_raises_httpx_errors(sectra_mock: MockSectraServer) -> None:
    with pytest.raises(httpx.ConnectError):
        sectra_mock.trigger("http://127.0.0.1:9/hook", sectra_mock.build_invocation("cancel", "s"))
