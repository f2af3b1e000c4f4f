"""Every real shape (``real_shapes.py``) through every layer: the pydantic models, the attrs
models, the mock over HTTP, and the webhook toolkit as a FastAPI app over HTTP. Each is read
without an error, known values become enum members and variants, and nothing unknown is lost."""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from mock_support import api
from real_shapes import (
    APP,
    APPLICATION_WITH_STRING_CONTEXT,
    RESULT_SHAPES,
    SLIDE,
    UNKNOWN_ACTION,
    UNKNOWN_INPUT,
    ResultShape,
    image_info,
    invocation,
    stored,
)
from sectra_api import models as api_models

from sectra_client import SectraClient
from sectra_client.mock_server import MockSectraServer
from sectra_client.schemas import (
    Application,
    AttachmentState,
    CreateInvocation,
    ImageInfo,
    InputTemplate,
    PatchActionState,
    PatchResultContent,
    QualityControlStatus,
    Registration,
    Result,
    ResultData,
    ResultResponse,
    UnknownCreateInput,
    UnknownInvocation,
    UnknownResultContent,
    VersionedResult,
    parse_invocation,
)
from sectra_client.webhook import SectraWebhook

SHAPE_IDS = [shape.name for shape in RESULT_SHAPES]
APP_VERSION = "9.9.9"


def by_name(name: str) -> ResultShape:
    return next(shape for shape in RESULT_SHAPES if shape.name == name)


def written(value: Any, key: str = "") -> Any:
    """What this library's writers send for ``value`` read: ``null`` members left out, a
    result's ``data.context`` as ``{}`` when null or absent, and one primitive content object as
    a one-item list."""
    if isinstance(value, dict):
        kept = {
            name: written(item, name)
            for name, item in value.items()
            if item is not None or name == "context"
        }
        if key == "data":
            kept.setdefault("context", {})
        if kept.get("type") == "primitive" and isinstance(kept.get("content"), dict):
            kept["content"] = [kept["content"]]
        return kept
    if isinstance(value, list):
        return [written(item) for item in value]
    return {} if key == "context" and value is None else value


# ----- pydantic ------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", RESULT_SHAPES, ids=SHAPE_IDS)
def test_pydantic_reads_every_result_shape_and_writes_back_all_it_holds(shape: ResultShape) -> None:
    payload = stored(shape, 7, "v-1")

    result = ResultResponse.model_validate_json(json.dumps(payload))

    assert json.loads(result.model_dump_json()) == written(payload)


def test_pydantic_reads_known_values_as_members_and_keeps_unknown_ones_as_they_came() -> None:
    def read(name: str) -> ResultResponse:
        return ResultResponse.model_validate(stored(by_name(name), 1, "v"))

    unknown_type = read("unknown content type").data
    archived = read("unknown attachment state").attachments
    pressed_twice = read("unknown button state").data
    known_gallery = read("no applicationVersion, a resultVersion instead").data
    assert unknown_type is not None
    assert isinstance(unknown_type.result, UnknownResultContent)
    assert unknown_type.result.type == "heatmap"
    assert archived is not None
    assert archived[0].state == "archived"
    assert not isinstance(archived[0].state, AttachmentState)
    assert pressed_twice is not None
    assert isinstance(pressed_twice.result, PatchResultContent)
    assert pressed_twice.result.content.actions is not None
    assert pressed_twice.result.content.actions[0].state == 2
    assert known_gallery is not None
    assert isinstance(known_gallery.result, PatchResultContent)
    assert known_gallery.result.content.actions is not None
    assert known_gallery.result.content.actions[0].state is PatchActionState.NOT_PRESSED
    stored_attachment = ResultResponse.model_validate(
        {
            **stored(by_name("no displayResult"), 1, "v"),
            "attachments": [{"name": "a", "state": "stored"}],
        }
    ).attachments
    assert stored_attachment is not None
    assert stored_attachment[0].state is AttachmentState.STORED


def test_pydantic_refuses_a_known_content_type_that_does_not_fit_rather_than_call_it_unknown() -> (
    None
):
    payload = stored(by_name("no displayResult"), 1, "v")
    payload["data"]["result"] = {"type": "primitive", "content": 5}

    with pytest.raises(ValueError, match="primitive"):
        ResultResponse.model_validate(payload)


def test_unknown_fields_are_kept_but_left_out_of_reprs() -> None:
    result = ResultResponse.model_validate(stored(by_name("unknown geometry fields"), 1, "v"))
    info = ImageInfo.model_validate(image_info("slide-z"))

    assert "holes" not in repr(result)
    assert repr(info.size) == "Size(width=4096, height=3072)"
    assert info.size.model_dump() == {"width": 4096, "height": 3072, "unit": "px"}


def test_pydantic_reads_slide_metadata_with_an_unknown_qc_status_and_a_null_specimen() -> None:
    info = ImageInfo.model_validate_json(json.dumps(image_info("slide-q")))

    assert info.qualityControl is not None
    assert info.qualityControl.status == "Pending"
    assert info.specimen is None
    assert "specimen" not in info.model_dump()
    known = ImageInfo.model_validate(
        {**image_info("s"), "qualityControl": {"status": "NotSet", "versionId": "1"}}
    )
    assert known.qualityControl is not None
    assert known.qualityControl.status is QualityControlStatus.NOT_SET


def test_pydantic_reads_an_application_context_given_as_a_string() -> None:
    application = Application.model_validate(APPLICATION_WITH_STRING_CONTEXT)

    assert application.context == '{"threshold": 0.4}'


def test_pydantic_reads_unknown_actions_and_input_types_as_catch_alls_keeping_everything() -> None:
    unknown = parse_invocation(
        invocation(UNKNOWN_ACTION, "https://pacs.example/api", "tok", reason={"code": 3})
    )
    create = parse_invocation(
        invocation("create", "https://pacs.example/api", "tok", input=UNKNOWN_INPUT)
    )

    assert isinstance(unknown, UnknownInvocation)
    assert unknown.model_dump()["reason"] == {"code": 3}
    assert isinstance(create, CreateInvocation)
    assert isinstance(create.input, UnknownCreateInput)
    assert create.input.model_dump() == UNKNOWN_INPUT


def test_a_registration_may_ask_for_an_input_type_this_library_does_not_know() -> None:
    registration = Registration(
        applicationId=APP,
        displayName="Shapes",
        manufacturer="Shape Lab",
        url="https://apps.example/shapes",
        inputTemplate=InputTemplate(type="freehandLine"),
    )

    assert Registration.model_validate_json(registration.model_dump_json()) == registration


# ----- attrs (sectra_api) --------------------------------------------------------------------


@pytest.mark.parametrize("shape", RESULT_SHAPES, ids=SHAPE_IDS)
def test_attrs_reads_every_result_shape_and_writes_back_exactly_what_it_read(
    shape: ResultShape,
) -> None:
    payload = stored(shape, 7, "v-1")

    assert api_models.ResultResponse.from_dict(payload).to_dict() == payload


def test_attrs_reads_known_values_as_members_and_keeps_unknown_ones_as_they_came() -> None:
    def read(name: str) -> api_models.ResultResponse:
        return api_models.ResultResponse.from_dict(stored(by_name(name), 1, "v"))

    unknown_type = read("unknown content type").data
    archived = read("unknown attachment state").attachments
    gallery = read("no applicationVersion, a resultVersion instead").data
    odd_gallery = read("unknown button state").data
    assert isinstance(unknown_type, api_models.ResultData)
    assert isinstance(unknown_type.result, api_models.UnknownResultContent)
    assert unknown_type.result["grid"] == [[0.0, 0.5], [0.5, 1.0]]
    assert isinstance(archived, list)
    assert archived[0].state == "archived"
    assert isinstance(gallery, api_models.ResultData)
    assert isinstance(gallery.result, api_models.PatchResultContent)
    actions = gallery.result.content.actions
    assert isinstance(actions, list)
    assert actions[0].state is api_models.PatchActionState.NOT_PRESSED
    assert isinstance(odd_gallery, api_models.ResultData)
    assert isinstance(odd_gallery.result, api_models.PatchResultContent)
    assert isinstance(odd_gallery.result.content.actions, list)
    assert odd_gallery.result.content.actions[0].state == 2


def test_attrs_refuses_a_known_content_type_that_does_not_fit_rather_than_call_it_unknown() -> None:
    payload = stored(by_name("no displayResult"), 1, "v")
    payload["data"]["result"] = {"type": "patchCollection", "content": {"description": "x"}}

    with pytest.raises(ValueError, match="known type"):
        api_models.ResultResponse.from_dict(payload)


def test_attrs_reads_slide_metadata_an_application_and_invocations_of_every_shape() -> None:
    info = api_models.ImageInfo.from_dict(image_info("slide-q"))
    application = api_models.Application.from_dict(APPLICATION_WITH_STRING_CONTEXT)
    unknown = api_models.UnknownInvocation.from_dict(
        invocation(UNKNOWN_ACTION, "https://pacs.example/api", "tok")
    )
    create = api_models.CreateInvocation.from_dict(
        invocation("create", "https://pacs.example/api", "tok", input=UNKNOWN_INPUT)
    )

    assert isinstance(info.quality_control, api_models.QualityControlData)
    assert info.quality_control.status == "Pending"
    assert info.specimen is None
    assert info.image_size["unit"] == "px"
    assert info.to_dict() == image_info("slide-q")
    assert application.context == '{"threshold": 0.4}'
    assert unknown.action == UNKNOWN_ACTION
    assert isinstance(create.input_, api_models.UnknownCreateInput)
    assert create.input_.to_dict() == UNKNOWN_INPUT


# ----- the mock, over HTTP -------------------------------------------------------------------


@pytest.mark.parametrize("shape", RESULT_SHAPES, ids=SHAPE_IDS)
def test_the_mock_stores_every_result_shape_and_takes_it_back_without_its_id(
    sectra_mock: MockSectraServer, shape: ResultShape
) -> None:
    with api(sectra_mock) as http:
        created = http.post(f"/applications/{APP}/results", json=shape.body)
        read = http.get(f"/applications/{APP}/results/{created.json()['id']}")
        back = {name: value for name, value in read.json().items() if name != "id"}
        updated = http.put(f"/applications/{APP}/results/{created.json()['id']}", json=back)

    assert created.status_code == 201
    assert read.json() == {**written(shape.body), "id": 1, "versionId": read.json()["versionId"]}
    assert updated.status_code == 200
    assert updated.json() == {**read.json(), "versionId": updated.json()["versionId"]}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", f"/hooks/{APP}/results/"),
        ("POST", f"/applications/{APP}/results/"),
        ("PUT", f"/hooks/{APP}/results/1"),
        ("PUT", f"/hooks/{APP}/results/1/"),
        ("GET", f"/applications/{APP}/results/1/"),
        ("GET", f"/slides/{SLIDE}/info/"),
    ],
)
def test_legacy_paths_and_trailing_slashes_address_the_same_operations(
    sectra_mock: MockSectraServer, method: str, path: str
) -> None:
    body = by_name("no applicationVersion, a resultVersion instead").body
    first = sectra_mock.add_result(APP, body)

    with api(sectra_mock) as http:
        json_body = {**body, "versionId": first.versionId} if method == "PUT" else body
        response = http.request(method, path, json=None if method == "GET" else json_body)

    assert response.status_code == {"POST": 201, "PUT": 200, "GET": 200}[method]
    if method != "GET":
        assert response.json()["resultVersion"] == "1.0"


def test_a_put_whose_id_or_slide_differs_from_the_stored_result_still_conflicts(
    sectra_mock: MockSectraServer,
) -> None:
    first = sectra_mock.add_result(APP, by_name("no displayResult").body)
    current = {"slideId": SLIDE, "versionId": first.versionId}

    with api(sectra_mock) as http:
        other_id = http.put(f"/applications/{APP}/results/1", json={**current, "id": 2})
        other_slide = http.put(f"/applications/{APP}/results/1", json={**current, "slideId": "x"})

    assert (other_id.status_code, other_slide.status_code) == (409, 409)


def test_the_mock_serves_slide_metadata_with_an_unknown_qc_status_and_takes_new_statuses(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.add_slide(ImageInfo.model_validate(image_info("slide-q")))

    with api(sectra_mock) as http:
        served = http.get("/slides/slide-q/info").json()
        updated = http.put(
            "/slides/slide-q/qualityControl",
            json={
                "applicationVersion": "1",
                "qualityControl": {"status": "Escalated", "versionId": "qc-9"},
            },
        )

    assert served["qualityControl"] == {"status": "Pending", "versionId": "qc-9"}
    assert served["imageSize"]["unit"] == "px"
    assert "specimen" not in served
    assert updated.status_code == 200
    assert sectra_mock.get_quality_control("slide-q").status == "Escalated"


def test_the_mock_serves_an_application_whose_context_is_a_string(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.add_application(Application.model_validate(APPLICATION_WITH_STRING_CONTEXT))

    with api(sectra_mock) as http:
        served = http.get(f"/applications/{APP}").json()

    assert served == APPLICATION_WITH_STRING_CONTEXT


# ----- the webhook toolkit, a FastAPI app over HTTP ------------------------------------------


@pytest.fixture
def webhook_url(sectra_mock: MockSectraServer) -> Iterator[str]:
    """A webhook app at ``/shapes`` with a create handler; modify and delete have none."""
    webhook = SectraWebhook(
        Registration(
            applicationId=APP,
            displayName="Shapes",
            manufacturer="Shape Lab",
            url="https://apps.example/shapes",
            inputTemplate=InputTemplate(type="wholeSlide"),
        ),
        app_version=APP_VERSION,
    )

    @webhook.on_create
    def create(invocation: CreateInvocation, client: SectraClient) -> Result:
        return Result(
            slideId=invocation.slideId,
            displayResult=f"input {invocation.input.type}",
            applicationVersion=APP_VERSION,
            data=ResultData(result=UnknownResultContent(type="note", text="made")),
        )

    with webhook.serve("/shapes") as server:
        yield server.url


def post(url: str, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(url, content=json.dumps(body), headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("shape", RESULT_SHAPES, ids=SHAPE_IDS)
def test_the_webhook_stores_a_modify_of_every_result_shape_completing_what_it_lacks(
    sectra_mock: MockSectraServer, webhook_url: str, shape: ResultShape
) -> None:
    first = sectra_mock.add_result(APP, shape.body)
    edited = stored(shape, first.id, first.versionId)
    edited["edited"] = True
    body = invocation("modify", sectra_mock.url, sectra_mock.token, input=edited)

    reply = post(webhook_url, body)

    now = sectra_mock.get_result(APP, first.id)
    assert reply.status_code == 200, reply.text
    assert reply.json() == now.model_dump(mode="json")
    expected = written(edited)
    expected.setdefault("applicationVersion", APP_VERSION)
    expected.setdefault("displayResult", "")
    expected.setdefault("data", {"context": {}})
    expected["data"].setdefault("result", {"type": "primitive", "content": []})
    assert now.model_dump(mode="json") == {**expected, "versionId": now.versionId}


@pytest.mark.parametrize("shape", RESULT_SHAPES, ids=SHAPE_IDS)
def test_the_webhook_answers_a_delete_of_every_result_shape_with_an_empty_object(
    sectra_mock: MockSectraServer, webhook_url: str, shape: ResultShape
) -> None:
    deleted = stored(shape, 5, "v-5")

    reply = post(
        webhook_url, invocation("delete", sectra_mock.url, sectra_mock.token, input=deleted)
    )

    assert (reply.status_code, reply.json()) == (200, {})


def test_the_webhook_answers_an_unknown_action_with_an_empty_object_and_a_warning(
    sectra_mock: MockSectraServer, webhook_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    token = sectra_mock.token
    body = invocation(UNKNOWN_ACTION, sectra_mock.url, token, input={"note": token})

    with caplog.at_level(logging.DEBUG):
        reply = post(webhook_url, body)

    assert (reply.status_code, reply.json()) == (200, {})
    assert reply.headers["X-Sectra-SoftwareVersion"] == APP_VERSION
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert UNKNOWN_ACTION in warnings[0].getMessage()
    assert token not in caplog.text
    assert sectra_mock.requests == []


def test_the_webhook_hands_a_create_with_an_unknown_input_type_to_its_handler(
    sectra_mock: MockSectraServer, webhook_url: str
) -> None:
    body = invocation("create", sectra_mock.url, sectra_mock.token, input=UNKNOWN_INPUT)

    reply = post(webhook_url, body)

    assert reply.status_code == 200, reply.text
    assert reply.json()["displayResult"] == "input freehandLine"
    [kept] = sectra_mock.get_results(APP, SLIDE)
    assert kept.model_dump()["data"]["result"] == {"type": "note", "text": "made"}


def test_the_webhook_takes_an_image_notification_with_an_unknown_qc_status(
    sectra_mock: MockSectraServer, webhook_url: str
) -> None:
    notification = invocation(
        "newImageFiles", sectra_mock.url, sectra_mock.token, imageInfo=image_info(SLIDE)
    )

    reply = post(f"{webhook_url}/imagenotification", notification)

    assert (reply.status_code, reply.json()) == (200, {})


def test_the_mock_sends_every_action_the_webhook_does_not_know_and_checks_the_reply(
    sectra_mock: MockSectraServer, webhook_url: str
) -> None:
    made = sectra_mock.build_invocation("cancel", SLIDE, APP).model_dump(mode="json")
    unknown = {**copy.deepcopy(made), "action": UNKNOWN_ACTION}

    assert sectra_mock.trigger(webhook_url, unknown) == {}


def test_an_adapted_result_without_id_updates_a_stored_result(
    sectra_mock: MockSectraServer,
) -> None:
    first = sectra_mock.add_result(APP, by_name("no displayResult").body)
    update = VersionedResult(slideId=SLIDE, versionId=first.versionId, displayResult="renamed")

    with SectraClient(sectra_mock.url, sectra_mock.token, app_version="4.4") as client:
        updated = client.update_results(APP, first.id, update)

    assert updated.id == first.id
    assert (updated.displayResult, updated.applicationVersion) == ("renamed", "4.4")
    assert updated.data is not None
    assert updated.data.result is not None
    assert [(r.method, r.path) for r in sectra_mock.requests] == [
        ("PUT", f"/applications/{APP}/results/{first.id}")
    ]
