"""The webhook toolkit served over HTTP and driven by the mock Sectra server, as Sectra would:
the reply of every action, the version headers, 422, 403 and 500."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from sectra_client import AsyncSectraClient, SectraClient
from sectra_client.mock_server import MockSectraServer
from sectra_client.schemas import (
    CancelInvocation,
    CreateInvocation,
    DeleteInvocation,
    InputTemplate,
    Invocation,
    ModifyInvocation,
    NewImageFilesInvocation,
    PatchAction,
    PatchActionState,
    PatchContent,
    PatchResultContent,
    Point,
    Polygon,
    PrimitiveResultContent,
    Registration,
    Result,
    ResultData,
    ResultResponse,
)
from sectra_client.webhook import JobRequest, SectraWebhook, ThreadPoolJobRunner, WebhookServer

APP_ID = "tissue-app"
APP_VERSION = "2.3.4"
SLIDE = "slide-1"
VERSION_HEADERS = {"x-sectra-apiversion": "1.10", "x-sectra-softwareversion": APP_VERSION}


def registration() -> Registration:
    return Registration(
        applicationId=APP_ID,
        displayName="Tissue finder",
        manufacturer="Example Lab",
        url="https://apps.example.org/sectra",
        inputTemplate=InputTemplate(type="wholeSlide"),
        context={"model": "v7"},
    )


def a_result(text: str, slide_id: str = SLIDE) -> Result:
    return Result(
        slideId=slide_id,
        displayResult=text,
        applicationVersion=APP_VERSION,
        data=ResultData(result=PrimitiveResultContent(content=[])),
    )


@dataclass
class ServedApp:
    webhook: SectraWebhook
    url: str


@pytest.fixture
def app() -> Iterator[ServedApp]:
    """An app with no handlers yet, served at ``/sectra`` on a free loopback port."""
    webhook = SectraWebhook(registration(), app_version=APP_VERSION)
    with webhook.serve("/sectra") as server:
        yield ServedApp(webhook, server.url)


def post(url: str, body: str | bytes) -> httpx.Response:
    return httpx.post(url, content=body, headers={"Content-Type": "application/json"})


def version_headers(response: httpx.Response) -> dict[str, str | None]:
    return {name: response.headers.get(name) for name in VERSION_HEADERS}


# ----- GET U and GET U/info ---------------------------------------------------------------


def test_get_u_serves_the_registration(app: ServedApp) -> None:
    response = httpx.get(app.url)

    assert response.status_code == 200
    assert Registration.model_validate(response.json()) == registration()
    assert version_headers(response) == VERSION_HEADERS


def test_get_u_info_serves_the_apps_versions(app: ServedApp) -> None:
    response = httpx.get(f"{app.url}/info")

    assert response.json() == {"apiVersion": "1.10", "softwareVersion": APP_VERSION}
    assert version_headers(response) == VERSION_HEADERS


# ----- create --------------------------------------------------------------------------------


def test_create_stores_the_handlers_result_and_replies_with_it(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    seen: list[tuple[object, int]] = []

    @app.webhook.on_create
    def create(invocation: CreateInvocation, client: SectraClient) -> Result:
        width = client.get_slide_info(invocation.slideId).size.width
        seen.append((invocation, width))
        return a_result(f"Width {width}")

    reply = sectra_mock.trigger(app.url, sectra_mock.build_invocation("create", SLIDE, APP_ID))

    stored = sectra_mock.get_results(APP_ID, SLIDE)
    assert [result.model_dump(mode="json") for result in stored] == [reply]
    assert reply["displayResult"] == f"Width {sectra_mock.get_slide(SLIDE).size.width}"
    assert isinstance(seen[0][0], CreateInvocation)


def test_callbacks_declare_the_apps_version_not_the_librarys(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    app.webhook.on_create(lambda invocation, client: a_result("Done"))

    sectra_mock.trigger(app.url, sectra_mock.build_invocation("create", SLIDE, APP_ID))

    callbacks = [r for r in sectra_mock.requests if r.path.startswith("/applications/")]
    assert callbacks
    assert {r.headers["x-sectra-softwareversion"] for r in callbacks} == {APP_VERSION}


def test_create_reply_carries_the_apps_version_headers(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    app.webhook.on_create(lambda invocation, client: a_result("Done"))
    invocation = sectra_mock.build_invocation("create", SLIDE, APP_ID)

    response = post(app.url, invocation.model_dump_json())

    assert response.status_code == 200
    assert version_headers(response) == VERSION_HEADERS


def test_async_create_handler_gets_an_async_client(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    clients: list[object] = []

    @app.webhook.on_create
    async def create(invocation: CreateInvocation, client: AsyncSectraClient) -> Result:
        clients.append(client)
        info = await client.get_slide_info(invocation.slideId)
        return a_result(f"Tile {info.tileSize.width}")

    reply = sectra_mock.trigger(app.url, sectra_mock.build_invocation("create", SLIDE, APP_ID))

    assert isinstance(clients[0], AsyncSectraClient)
    assert sectra_mock.get_result(APP_ID, reply["id"]).displayResult == "Tile 256"


def test_create_handler_that_stored_its_result_is_not_stored_twice(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    @app.webhook.on_create
    def create(invocation: CreateInvocation, client: SectraClient) -> ResultResponse:
        return client.create_result(invocation.applicationId, a_result("Stored by the app"))

    reply = sectra_mock.trigger(app.url, sectra_mock.build_invocation("create", SLIDE, APP_ID))

    assert [result.id for result in sectra_mock.get_results(APP_ID, SLIDE)] == [reply["id"]]


# ----- modify and patch-gallery buttons --------------------------------------------------------


def test_modify_without_a_handler_stores_the_users_edit(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    stored = sectra_mock.add_result(APP_ID, a_result("As analysed"))
    edited = stored.model_copy(update={"displayResult": "Edited by the pathologist"})

    reply = sectra_mock.trigger(
        app.url, sectra_mock.build_invocation("modify", SLIDE, APP_ID, input=edited)
    )

    assert reply["id"] == stored.id
    assert reply["versionId"] != stored.versionId
    assert sectra_mock.get_result(APP_ID, stored.id).displayResult == "Edited by the pathologist"


def test_modify_handler_result_replaces_the_modified_result(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    stored = sectra_mock.add_result(APP_ID, a_result("As analysed"))

    @app.webhook.on_modify
    def modify(invocation: ModifyInvocation, client: SectraClient) -> Result:
        return a_result(f"Recounted after edit of {invocation.input.id}")

    reply = sectra_mock.trigger(
        app.url, sectra_mock.build_invocation("modify", SLIDE, APP_ID, result_id=stored.id)
    )

    current = sectra_mock.get_result(APP_ID, stored.id)
    assert current.displayResult == f"Recounted after edit of {stored.id}"
    assert reply == current.model_dump(mode="json")


def patch_gallery(verify_state: PatchActionState) -> Result:
    square = Polygon(points=[Point(x=0.1, y=0.1), Point(x=0.2, y=0.1), Point(x=0.2, y=0.2)])
    content = PatchContent(
        description="Mitoses",
        polygons=[square],
        patches=[],
        tags=["mitosis", "other"],
        patchSize=64,
        magnification=40.0,
        actions=[
            PatchAction(id="verify", state=verify_state, name="Verify"),
            PatchAction(id="rerun", state=PatchActionState.NOT_PRESSED, name="Run again"),
        ],
    )
    return Result(
        slideId=SLIDE,
        displayResult="12 mitoses",
        applicationVersion=APP_VERSION,
        data=ResultData(result=PatchResultContent(content=content)),
    )


def test_pressed_patch_button_reaches_its_handler_and_is_reset(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    stored = sectra_mock.add_result(APP_ID, patch_gallery(PatchActionState.NOT_PRESSED))
    pressed = ResultResponse.model_validate(
        {
            **patch_gallery(PatchActionState.PRESSED).model_dump(mode="json"),
            "id": stored.id,
            "versionId": stored.versionId,
        }
    )
    presses: list[str] = []

    @app.webhook.on_patch_action
    def button(
        invocation: ModifyInvocation, action: PatchAction, client: SectraClient
    ) -> ResultResponse:
        presses.append(action.id)
        return invocation.input.model_copy(update={"displayResult": "12 mitoses (verified)"})

    sectra_mock.trigger(
        app.url, sectra_mock.build_invocation("modify", SLIDE, APP_ID, input=pressed)
    )

    current = sectra_mock.get_result(APP_ID, stored.id)
    assert presses == ["verify"]
    assert current.displayResult == "12 mitoses (verified)"
    assert current.data is not None
    assert isinstance(current.data.result, PatchResultContent)
    assert [action.state for action in current.data.result.content.actions or []] == [0, 0]


# ----- cancel, delete, image notification ------------------------------------------------------


def test_cancel_replies_an_empty_array_after_its_handler(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    cancelled: list[CancelInvocation] = []
    app.webhook.on_cancel(lambda invocation, client: cancelled.append(invocation))

    reply = sectra_mock.trigger(app.url, sectra_mock.build_invocation("cancel", SLIDE, APP_ID))

    assert reply == []
    assert [invocation.slideId for invocation in cancelled] == [SLIDE]


def test_delete_replies_an_empty_object_and_tells_its_handler_the_result(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    stored = sectra_mock.add_result(APP_ID, a_result("Deleted by the user"))
    deleted: list[int] = []

    @app.webhook.on_delete
    def delete(invocation: DeleteInvocation, client: SectraClient) -> None:
        deleted.append(invocation.input.id)

    reply = sectra_mock.trigger(
        app.url, sectra_mock.build_invocation("delete", SLIDE, APP_ID, result_id=stored.id)
    )

    assert reply == {}
    assert deleted == [stored.id]


def test_image_notification_replies_an_empty_object(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    notified: list[NewImageFilesInvocation] = []
    app.webhook.on_image_notification(lambda invocation, client: notified.append(invocation))

    reply = sectra_mock.notify(app.url, SLIDE, APP_ID)

    assert reply == {}
    assert notified[0].imageInfo.id == SLIDE


def test_image_notification_result_is_stored_on_the_new_slide(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    app.webhook.on_image_notification(lambda invocation, client: a_result("Pre-analysed"))

    sectra_mock.notify(app.url, SLIDE, APP_ID)

    assert [r.displayResult for r in sectra_mock.get_results(APP_ID, SLIDE)] == ["Pre-analysed"]


# ----- 422: malformed bodies -------------------------------------------------------------------


def invocation_json(sectra_mock: MockSectraServer, action: str = "create") -> dict[str, Any]:
    invocation: Invocation = sectra_mock.build_invocation(action, SLIDE, APP_ID)  # type: ignore[arg-type]
    dumped: dict[str, Any] = invocation.model_dump(mode="json")
    return dumped


@pytest.mark.parametrize(
    ("spoil", "named"),
    [
        (lambda body: body["callbackInfo"].pop("url"), "callbackInfo.url: Field required"),
        (lambda body: body.update(slideId=7), "slideId: Input should be a valid string"),
        (lambda body: body.update(action=7), "action: Input should be a valid string"),
        (lambda body: body.update(input={"type": "taggedPolygon"}), "input.content"),
        (lambda body: body["callbackInfo"].update(token=["not", "a", "string"]), "token"),
    ],
    ids=[
        "no callback url",
        "slide id not a string",
        "action not a string",
        "bad input",
        "bad token",
    ],
)
def test_malformed_invocation_gets_422_naming_the_field(
    app: ServedApp, sectra_mock: MockSectraServer, spoil: Any, named: str
) -> None:
    body = invocation_json(sectra_mock)
    token = body["callbackInfo"]["token"]
    spoil(body)

    response = post(app.url, httpx.Response(200, json=body).content)

    assert response.status_code == 422
    assert named in response.json()["detail"]
    assert token not in response.text
    assert version_headers(response) == VERSION_HEADERS


def test_body_that_is_not_json_gets_422(app: ServedApp) -> None:
    response = post(app.url, b"action=create")

    assert response.status_code == 422
    assert response.json() == {"detail": "invalid invocation: the body is not JSON"}


def test_image_notification_endpoint_refuses_other_actions_with_422(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    body = invocation_json(sectra_mock, "create")

    response = post(f"{app.url}/imagenotification", httpx.Response(200, json=body).content)

    assert response.status_code == 422
    assert "action: Input should be 'newImageFiles'" in response.json()["detail"]


# ----- 403: trusted hosts ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "forged_url",
    ["https://192.0.2.10/SectraPathologyServer/external/imageanalysis/v1", "http://192.0.2.10/api"],
)
def test_forged_callback_host_is_refused_before_any_handler_runs(
    app: ServedApp, sectra_mock: MockSectraServer, forged_url: str
) -> None:
    handled: list[object] = []

    @app.webhook.on_create
    def create(invocation: CreateInvocation, client: SectraClient) -> Result:
        handled.append(invocation)
        return a_result("Called back a forged host")

    body = invocation_json(sectra_mock)
    body["callbackInfo"]["url"] = forged_url

    response = post(app.url, httpx.Response(200, json=body).content)

    assert response.status_code == 403
    assert "192.0.2.10" in response.json()["detail"]
    assert body["callbackInfo"]["token"] not in response.text
    assert handled == []
    assert version_headers(response) == VERSION_HEADERS


def test_callback_host_outside_the_configured_trusted_hosts_is_refused(
    sectra_mock: MockSectraServer,
) -> None:
    webhook = SectraWebhook(
        registration(), app_version=APP_VERSION, trusted_hosts=["pacs.hospital.example"]
    )
    webhook.on_create(lambda invocation, client: a_result("Done"))
    with webhook.serve("/sectra") as server:
        response = post(
            server.url, sectra_mock.build_invocation("create", SLIDE, APP_ID).model_dump_json()
        )

    assert response.status_code == 403
    assert "pacs.hospital.example" in response.json()["detail"]
    assert sectra_mock.get_results(APP_ID, SLIDE) == []


def test_callback_to_localhost_from_loopback_is_trusted(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    app.webhook.on_create(lambda invocation, client: a_result("Done"))
    invocation = sectra_mock.build_invocation("create", SLIDE, APP_ID)
    invocation.callbackInfo.url = invocation.callbackInfo.url.replace("127.0.0.1", "localhost")

    reply = sectra_mock.trigger(app.url, invocation)

    assert reply["displayResult"] == "Done"


# ----- 500: handler failures -------------------------------------------------------------------


def test_handler_error_is_a_500_that_never_shows_the_token(
    app: ServedApp, sectra_mock: MockSectraServer, caplog: pytest.LogCaptureFixture
) -> None:
    @app.webhook.on_create
    def create(invocation: CreateInvocation, client: SectraClient) -> Result:
        raise RuntimeError(f"model crashed using {invocation.callbackInfo.token}")

    invocation = sectra_mock.build_invocation("create", SLIDE, APP_ID)
    token = invocation.callbackInfo.token
    with caplog.at_level(logging.ERROR, logger="sectra_client.webhook"):
        response = post(app.url, invocation.model_dump_json())

    assert response.status_code == 500
    assert response.json() == {
        "detail": "the app failed to handle the create invocation: "
        "RuntimeError: model crashed using <redacted>"
    }
    assert version_headers(response) == VERSION_HEADERS
    assert "Traceback" in caplog.text
    assert "RuntimeError" in caplog.text
    assert token not in caplog.text


def test_handler_returning_no_result_is_a_500_saying_what_to_return(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    app.webhook.on_create(lambda invocation, client: None)  # type: ignore[type-var]

    response = post(
        app.url, sectra_mock.build_invocation("create", SLIDE, APP_ID).model_dump_json()
    )

    assert response.status_code == 500
    assert "returned None; return a Result" in response.json()["detail"]


def test_image_notification_handler_returning_a_wrong_kind_is_a_500_saying_what_to_return(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    app.webhook.on_image_notification(lambda invocation, client: "done")  # type: ignore[type-var]
    body = sectra_mock.build_invocation("newImageFiles", SLIDE, APP_ID).model_dump_json()

    response = post(f"{app.url}/imagenotification", body)

    assert response.status_code == 500
    assert (
        "the image notification handler returned a str; return None, a Result, a stored "
        "ResultResponse or StartJob" in response.json()["detail"]
    )
    assert sectra_mock.get_results(APP_ID, SLIDE) == []


def test_create_without_a_create_handler_is_a_500_naming_the_decorator(
    app: ServedApp, sectra_mock: MockSectraServer
) -> None:
    response = post(
        app.url, sectra_mock.build_invocation("create", SLIDE, APP_ID).model_dump_json()
    )

    assert response.status_code == 500
    assert "@webhook.on_create" in response.json()["detail"]


def test_unknown_path_of_the_app_still_carries_the_version_headers(app: ServedApp) -> None:
    response = httpx.get(f"{app.url}/nothing-here")

    assert response.status_code == 404
    assert version_headers(response) == VERSION_HEADERS


# ----- registration -----------------------------------------------------------------------------


def test_second_handler_for_the_same_action_is_refused() -> None:
    webhook = SectraWebhook(registration(), app_version=APP_VERSION)
    webhook.on_cancel(lambda invocation, client: None)

    with pytest.raises(ValueError, match="a cancel handler is already registered"):
        webhook.on_cancel(lambda invocation, client: None)
    webhook.close()


def test_handlers_can_be_passed_to_the_constructor(sectra_mock: MockSectraServer) -> None:
    def create(invocation: CreateInvocation, client: SectraClient) -> Result:
        return a_result("From the constructor")

    webhook = SectraWebhook(registration(), app_version=APP_VERSION, on_create=create)
    with webhook.serve("/") as server:
        reply = sectra_mock.trigger(
            server.url, sectra_mock.build_invocation("create", SLIDE, APP_ID)
        )

    assert reply["displayResult"] == "From the constructor"


# ----- the router in an app of one's own, and the extra -----------------------------------------


def test_router_in_an_own_app_serves_the_contract_and_closes_the_webhook_on_shutdown(
    sectra_mock: MockSectraServer,
) -> None:
    runner = ThreadPoolJobRunner()
    webhook = SectraWebhook(registration(), app_version=APP_VERSION, runner=runner)
    webhook.on_create(lambda invocation, client: a_result("Via the router"))
    own_app = FastAPI()
    own_app.include_router(webhook.create_router("/hooks/tissue"))

    with WebhookServer(own_app, "/hooks/tissue", "127.0.0.1", 0) as server:
        server.start()
        reply = sectra_mock.trigger(
            server.url, sectra_mock.build_invocation("create", SLIDE, APP_ID)
        )

    assert reply["displayResult"] == "Via the router"
    with pytest.raises(RuntimeError, match="the job runner is closed"):
        runner.submit(JobRequest("j", "{}", 1, APP_ID, SLIDE), webhook.run_job)


def test_without_the_webhook_extra_the_import_error_says_what_to_install() -> None:
    blocked_fastapi = (
        "import sys; sys.modules['fastapi'] = None\n"
        "try:\n    import sectra_client.webhook\n"
        "except ImportError as error:\n    print(error)\n"
    )

    completed = subprocess.run(
        [sys.executable, "-c", blocked_fastapi], capture_output=True, text=True, check=True
    )

    assert "pip install 'sectra-client[webhook]'" in completed.stdout
