"""The generated low-level bindings (``sectra_api``) are a product: every operation, called
through its own ``sync`` and ``asyncio`` functions against the mock, reads the real shapes of
``real_shapes.py`` (stored results of every shape, slide metadata with an unknown QC status,
an application whose context is a string, ...) into the attrs models."""

from __future__ import annotations

import base64
import inspect
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import httpx
import pytest
import sectra_api.api
from real_shapes import APP, APPLICATION_WITH_STRING_CONTEXT, RESULT_SHAPES, SLIDE, image_info
from sectra_api import AuthenticatedClient, Client
from sectra_api import models as api_models
from sectra_api.api.applications import get_application
from sectra_api.api.authentication import get_launch_data, request_token
from sectra_api.api.cases import get_case_images, get_case_images_by_slide
from sectra_api.api.quality_control import set_quality_control
from sectra_api.api.results import (
    create_result,
    create_result_legacy,
    get_result,
    get_result_attachment,
    list_slide_results,
    update_result,
    update_result_legacy,
)
from sectra_api.api.server import get_server_info
from sectra_api.api.slides import get_slide_files, get_slide_info, get_slide_label
from sectra_api.api.tiles import get_tile
from sectra_api.types import File, Unset

from sectra_client.mock_server import MockSectraServer
from sectra_client.schemas import Application, ImageInfo

ACCESSION = "ACC-SHAPES-1"
TIMEOUT = httpx.Timeout(30.0)


@dataclass(frozen=True)
class Step:
    """One operation called with ``arguments``; ``check`` asserts on what it parsed."""

    operation: ModuleType
    arguments: dict[str, Any]
    check: Callable[[Any], None]


def all_operations() -> set[str]:
    """Every endpoint module of ``sectra_api.api``."""
    found: set[str] = set()
    for tag in pkgutil.iter_modules(sectra_api.api.__path__):
        package = __import__(f"sectra_api.api.{tag.name}", fromlist=["*"])
        found.update(
            f"{tag.name}.{module.name}" for module in pkgutil.iter_modules(package.__path__)
        )
    return found


def operation_name(module: ModuleType) -> str:
    return module.__name__.removeprefix("sectra_api.api.")


def is_jpeg(parsed: Any) -> None:
    assert isinstance(parsed, File)
    assert parsed.payload.read(3) == b"\xff\xd8\xff"


def is_a_file(parsed: Any) -> None:
    assert isinstance(parsed, File)
    assert parsed.payload.read()


def steps(mock: MockSectraServer) -> list[Step]:
    """Set ``mock`` up, and the call of every operation with what to expect of its answer."""
    mock.add_slide(ImageInfo.model_validate({**image_info(SLIDE), "accessionNumber": ACCESSION}))
    mock.add_application(Application.model_validate(APPLICATION_WITH_STRING_CONTEXT))
    mock.add_user("svc", "pw")
    mock.add_launch_session("launch-1", "session-1", APP, {"B2": [SLIDE]})
    results = [mock.add_result(APP, shape.body) for shape in RESULT_SHAPES]
    mock.add_attachment(APP, results[0].id, "cells.csv", b"x,y\n1,2\n")
    first = mock.get_result(APP, results[0].id)
    unknown_type = next(shape for shape in RESULT_SHAPES if shape.name == "unknown content type")

    def renaming(result_id: int) -> api_models.VersionedResult:
        """The stored result, renamed, without its id (as ``AdaptedResult`` sends it)."""
        body = {
            **mock.get_result(APP, result_id).model_dump(mode="json"),
            "displayResult": "renamed",
        }
        del body["id"]
        return api_models.VersionedResult.from_dict(body)

    def stored_shape(parsed: Any) -> None:
        assert isinstance(parsed, api_models.ResultResponse)
        assert parsed.additional_properties["resultVersion"] == "1.0"
        assert isinstance(parsed.application_version, Unset)

    def slide_info(parsed: Any) -> None:
        assert isinstance(parsed, api_models.ImageInfo)
        assert isinstance(parsed.quality_control, api_models.QualityControlData)
        assert parsed.quality_control.status == "Pending"
        assert parsed.image_size["unit"] == "px"

    def case(parsed: Any) -> None:
        assert isinstance(parsed, list)
        assert [image.id for image in parsed] == [SLIDE]

    def created_unknown_type(parsed: Any) -> None:
        assert isinstance(parsed, api_models.ResultResponse)
        assert isinstance(parsed.data, api_models.ResultData)
        assert isinstance(parsed.data.result, api_models.UnknownResultContent)

    def renamed(parsed: Any) -> None:
        assert isinstance(parsed, api_models.ResultResponse)
        assert parsed.display_result == "renamed"

    def attachment(parsed: Any) -> None:
        assert isinstance(parsed, File)
        assert parsed.payload.read() == b"x,y"

    def application(parsed: Any) -> None:
        assert isinstance(parsed, api_models.Application)
        assert parsed.context == APPLICATION_WITH_STRING_CONTEXT["context"]

    def token(parsed: Any) -> None:
        assert isinstance(parsed, api_models.TokenResponse)
        assert parsed.token_type == "Bearer"

    def launch(parsed: Any) -> None:
        assert isinstance(parsed, api_models.LaunchData)
        assert [slide.id for slide in parsed.blocks[0].slides] == [SLIDE]

    def accepted(parsed: Any) -> None:
        assert mock.get_quality_control(SLIDE).status == "Escalated"

    def server(parsed: Any) -> None:
        assert isinstance(parsed, api_models.ApplicationInfo)
        assert parsed.api_version == "1.10"

    return [
        Step(get_server_info, {}, server),
        Step(get_slide_info, {"slide_id": SLIDE, "include_phi": True}, slide_info),
        Step(get_slide_label, {"slide_id": SLIDE}, is_jpeg),
        Step(get_slide_files, {"slide_id": SLIDE}, is_a_file),
        Step(
            get_tile,
            {"slide_id": SLIDE, "level": 8, "tile_name": "0_0_0.0.jpg", "channels": "0"},
            is_jpeg,
        ),
        Step(get_case_images, {"accession_number": ACCESSION}, case),
        Step(get_case_images_by_slide, {"slide_id": SLIDE}, case),
        Step(
            create_result,
            {"application_id": APP, "body": api_models.ResultFields.from_dict(unknown_type.body)},
            created_unknown_type,
        ),
        Step(
            create_result_legacy,
            {"application_id": APP, "body": api_models.ResultFields.from_dict(unknown_type.body)},
            created_unknown_type,
        ),
        Step(get_result, {"application_id": APP, "result_id": first.id}, stored_shape),
        Step(list_slide_results, {"application_id": APP, "slide_id": SLIDE}, _listed),
        Step(
            update_result,
            {"application_id": APP, "result_id": first.id, "body": renaming(first.id)},
            renamed,
        ),
        Step(
            update_result_legacy,
            {"application_id": APP, "result_id": results[1].id, "body": renaming(results[1].id)},
            renamed,
        ),
        Step(
            get_result_attachment,
            {
                "application_id": APP,
                "result_id": first.id,
                "name": "cells.csv",
                "range_": "bytes=0-2",
            },
            attachment,
        ),
        Step(
            set_quality_control,
            {
                "slide_id": SLIDE,
                "body": api_models.QualityControlUpdate.from_dict(
                    {
                        "applicationVersion": "1",
                        "qualityControl": {"status": "Escalated", "versionId": "qc-9"},
                    }
                ),
            },
            accepted,
        ),
        Step(get_application, {"application_id": APP}, application),
        Step(
            request_token,
            {"application_id": APP, "body": api_models.TokenRequest()},
            token,
        ),
        Step(get_launch_data, {"request_id": "launch-1", "session_token": "session-1"}, launch),
    ]


def _listed(parsed: Any) -> None:
    """The listed results: one per shape, then the two the create steps stored."""
    assert isinstance(parsed, list)
    assert [result.id for result in parsed] == list(range(1, len(RESULT_SHAPES) + 3))
    kinds = {type(result.data.result).__name__ for result in parsed if _has_result(result)}
    assert {"PatchResultContent", "PrimitiveResultContent", "UnknownResultContent"} <= kinds


def _has_result(result: api_models.ResultResponse) -> bool:
    data = result.data
    return isinstance(data, api_models.ResultData) and not isinstance(data.result, Unset | None)


def client_for(mock: MockSectraServer, operation: ModuleType) -> Client | AuthenticatedClient:
    """The client each operation authenticates with: a bearer token, HTTP Basic on ``/token``,
    none on ``/launchdata`` (its session token is in the query)."""
    if operation is get_launch_data:
        return Client(base_url=mock.url, timeout=TIMEOUT)
    if operation is request_token:
        basic = base64.b64encode(b"svc:pw").decode()
        return AuthenticatedClient(base_url=mock.url, token=basic, prefix="Basic", timeout=TIMEOUT)
    return AuthenticatedClient(base_url=mock.url, token=mock.token, timeout=TIMEOUT)


@pytest.fixture
def prepared(sectra_mock: MockSectraServer) -> list[Step]:
    return steps(sectra_mock)


def test_the_steps_call_every_operation_of_the_bindings(prepared: list[Step]) -> None:
    called = {operation_name(step.operation) for step in prepared}

    assert called == all_operations()
    assert all(inspect.iscoroutinefunction(step.operation.asyncio) for step in prepared)


def test_every_operation_through_its_sync_function(
    sectra_mock: MockSectraServer, prepared: list[Step]
) -> None:
    for step in prepared:
        with client_for(sectra_mock, step.operation) as client:
            step.check(step.operation.sync(client=client, **step.arguments))

    assert all(record.status is not None and record.status < 300 for record in sectra_mock.requests)


async def test_every_operation_through_its_asyncio_function(
    sectra_mock: MockSectraServer, prepared: list[Step]
) -> None:
    for step in prepared:
        async with client_for(sectra_mock, step.operation) as client:
            step.check(await step.operation.asyncio(client=client, **step.arguments))

    assert all(record.status is not None and record.status < 300 for record in sectra_mock.requests)
