"""The public pydantic models and the generated attrs models agree with real payloads."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError
from sample_payloads import (
    CLOSED_SCHEMAS,
    FUTURE_FIELD,
    INVOCATIONS,
    NOT_OBJECT_SCHEMAS,
    PHI_VALUES,
    SAMPLES,
    SINGLE_OBJECT_RESULT_RESPONSE,
    with_future_field,
)
from sectra_api import models as api_models
from test_spec import SPEC_PATH

import sectra_client.schemas as schemas
from sectra_client.schemas import (
    Action,
    CreateInvocation,
    DisplayProperties,
    ImageInfo,
    ImageMetadata,
    Invocation,
    Point,
    Polygon,
    PrimitiveItem,
    QualityControlStatus,
    Result,
    ResultData,
    ResultResponse,
    Style,
    UnknownResultContent,
)
from sectra_client.schemas._open import readable_errors
from sectra_client.schemas.results import PrimitiveResultContent

CASES = [(name, index) for name, payloads in SAMPLES.items() for index in range(len(payloads))]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


# Classes openapi/openapi-python-client.yaml renames in the generated attrs layer.
ATTRS_CLASS_OVERRIDES = {"QualityControl": "QualityControlUpdate"}


def _attrs_model(name: str) -> Any:
    class_name = ATTRS_CLASS_OVERRIDES.get(name, name)
    module = importlib.import_module(f"sectra_api.models.{_snake(class_name)}")
    return getattr(module, class_name)


def _pydantic_model(name: str) -> type[BaseModel]:
    model: type[BaseModel] = getattr(schemas, name, None) or getattr(schemas._generated, name)
    return model


def test_every_object_schema_has_a_sample_payload() -> None:
    spec = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    object_schemas = set(spec["components"]["schemas"]) - NOT_OBJECT_SCHEMAS - {"ErrorText"}
    assert object_schemas == set(SAMPLES)


@pytest.mark.parametrize(("name", "index"), CASES)
def test_sample_parses_into_the_pydantic_model_and_round_trips(name: str, index: int) -> None:
    payload = with_future_field(SAMPLES[name][index])
    model = _pydantic_model(name)
    parsed = model.model_validate_json(json.dumps(payload))
    dumped = json.loads(parsed.model_dump_json())
    again = model.model_validate(dumped)
    assert again == parsed
    if name not in CLOSED_SCHEMAS:
        assert dumped["addedInApi2_0"] == FUTURE_FIELD["addedInApi2_0"]


@pytest.mark.parametrize(("name", "index"), CASES)
def test_sample_parses_into_the_generated_attrs_model_and_round_trips(
    name: str, index: int
) -> None:
    payload = with_future_field(SAMPLES[name][index])
    model = _attrs_model(name)
    parsed = model.from_dict(payload)
    dumped = parsed.to_dict()
    assert model.from_dict(dumped).to_dict() == dumped
    assert dumped["addedInApi2_0"] == FUTURE_FIELD["addedInApi2_0"]


@pytest.mark.parametrize("key", sorted(INVOCATIONS))
def test_invocation_union_yields_the_concrete_class_for_each_action(key: str) -> None:
    payload = INVOCATIONS[key]
    invocation = schemas.parse_invocation(json.dumps(payload))
    assert type(invocation).__name__ == key.split("/")[0]
    assert invocation.action == payload["action"]
    assert TypeAdapter(Invocation).validate_python(payload) == invocation


def test_an_unknown_action_parses_as_an_unknown_invocation_keeping_everything() -> None:
    payload = {**INVOCATIONS["CancelInvocation"], "action": "explode", "input": {"n": 1}}

    invocation = schemas.parse_invocation(payload)

    assert isinstance(invocation, schemas.UnknownInvocation)
    assert invocation.action == "explode"
    assert invocation.model_dump()["input"] == {"n": 1}


def test_a_known_action_that_does_not_fit_its_variant_is_still_an_error() -> None:
    payload = {**INVOCATIONS["CreateInvocation"], "input": {"type": "taggedPolygon"}}
    with pytest.raises(ValidationError, match="input"):
        schemas.parse_invocation(payload)


def test_patch_collection_content_is_not_mistaken_for_primitive() -> None:
    modify = schemas.parse_invocation(INVOCATIONS["ModifyInvocation"])
    assert isinstance(modify, schemas.ModifyInvocation)
    assert modify.input.data is not None
    content = modify.input.data.result
    assert isinstance(content, schemas.PatchResultContent)
    assert content.content.actions is not None
    assert content.content.actions[0].state == schemas.PatchActionState.NOT_PRESSED


def test_primitive_content_given_as_one_object_reads_as_a_one_item_list() -> None:
    result = ResultResponse.model_validate(SINGLE_OBJECT_RESULT_RESPONSE)
    assert result.data is not None
    content = result.data.result
    assert isinstance(content, PrimitiveResultContent)
    assert len(content.content) == 1
    assert json.loads(result.model_dump_json())["data"]["result"]["content"][0]["style"] == {
        "strokeStyle": "#00FF00"
    }


def test_primitive_content_given_as_one_object_reads_as_a_one_item_list_from_json_too() -> None:
    result = ResultResponse.model_validate_json(json.dumps(SINGLE_OBJECT_RESULT_RESPONSE))

    assert result.data is not None
    assert isinstance(result.data.result, PrimitiveResultContent)
    assert len(result.data.result.content) == 1


ONE_POINT_MISSING_Y = {"polygons": [{"points": [{"x": 0}, {"x": 1, "y": 0}, {"x": 1, "y": 1}]}]}


@pytest.mark.parametrize(
    ("content", "located", "message"),
    [
        (ONE_POINT_MISSING_Y, ("content", "polygons", 0, "points", 0, "y"), "Field required"),
        ([ONE_POINT_MISSING_Y], ("content", 0, "polygons", 0, "points", 0, "y"), "Field required"),
        ("a string", ("content",), "valid array"),
        (None, ("content",), "valid array"),
    ],
    ids=["one object", "a list", "neither", "null"],
)
def test_errors_of_a_one_or_many_content_point_into_what_was_sent(
    content: Any, located: tuple[int | str, ...], message: str
) -> None:
    body = json.dumps({"type": "primitive", "content": content})

    with pytest.raises(ValidationError) as raised:
        PrimitiveResultContent.model_validate_json(body)

    [problem] = readable_errors(raised.value)
    assert tuple(problem["loc"]) == located
    assert message in problem["msg"]


def _kind(schema: Mapping[str, Any]) -> str | None:
    """A core schema's type (``None`` for a mapping that is not a schema, such as ``fields``)."""
    kind = schema.get("type")
    return kind if isinstance(kind, str) else None


def _nodes(
    schema: Any, below: Callable[[dict[str, Any]], bool] = lambda node: True
) -> list[dict[str, Any]]:
    """The schema nodes in a core schema, not looking below those ``below`` refuses."""
    found = []
    stack: list[Any] = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if _kind(node) is not None:
                found.append(node)
                if not below(node):
                    continue
            stack += node.values()
        elif isinstance(node, list | tuple):
            stack += node
    return found


def _definitions(schema: Any) -> dict[str, Any]:
    """The schemas in ``schema`` that carry a ``ref``, by that ref."""
    return {node["ref"]: node for node in _nodes(schema) if isinstance(node.get("ref"), str)}


def _reaches_points(schema: Any, definitions: dict[str, Any], seen: set[str]) -> bool:
    if isinstance(schema, dict):
        if schema.get("cls") is Point:
            return True
        ref = schema.get("schema_ref") if _kind(schema) == "definition-ref" else None
        if ref is not None and ref not in seen:
            seen.add(ref)
            return _reaches_points(definitions[ref], definitions, seen)
        return any(_reaches_points(value, definitions, seen) for value in schema.values())
    if isinstance(schema, list | tuple):
        return any(_reaches_points(value, definitions, seen) for value in schema)
    return False


def test_no_python_validator_sees_a_results_points_before_pydantic_core_validates_them() -> None:
    """A Python validator above the points turns the JSON below it into Python objects first,
    which doubles the time to read a big result (benchmarks/bench_results.py)."""
    schema = TypeAdapter(list[ResultResponse]).core_schema
    definitions = _definitions(schema)

    in_python = [
        node["function"]
        for node in _nodes(schema)
        if _kind(node) in {"function-before", "function-wrap", "function-plain"}
        and _reaches_points(node.get("schema"), definitions, set())
    ]

    assert in_python == []


def _serialising_nodes(model: type[BaseModel]) -> list[dict[str, Any]]:
    """The schema nodes ``model``'s own serialiser is built from: not those under a node with
    its own ``serialization``, nor those of the models it holds (they serialise themselves)."""
    root = model.__pydantic_core_schema__
    start = root["schema"] if _kind(root) == "definitions" else root

    def its_own(node: dict[str, Any]) -> bool:
        nested_model = _kind(node) == "model" and node.get("cls") is not model
        return "serialization" not in node and not nested_model

    return _nodes(start, below=its_own)


def test_no_union_serialiser_writes_a_results_points() -> None:
    """pydantic-core's union serialiser builds the value as Python objects before writing it,
    which doubles the time to write a big result (benchmarks/bench_results.py)."""
    schema = TypeAdapter(list[Result | ResultResponse]).core_schema
    definitions = _definitions(schema)
    models = {node["cls"] for node in _nodes(schema) if _kind(node) == "model"}

    unions_over_points = [
        f"{model.__name__}: {node['type']}"
        for model in models
        for node in _serialising_nodes(model)
        if _kind(node) in {"union", "tagged-union"}
        and "serialization" not in node
        and _reaches_points(node, definitions, set())
    ]

    assert unions_over_points == []


def test_null_context_reads_as_an_empty_object() -> None:
    invocation = schemas.parse_invocation(INVOCATIONS["CreateInvocation/multiArea"])
    assert invocation.context == {}
    data = ResultData.model_validate(
        {"context": None, "result": {"type": "primitive", "content": []}}
    )
    assert data.context == {}


def test_serialising_omits_unset_optional_fields_instead_of_sending_null() -> None:
    item = PrimitiveItem(
        polygons=[Polygon(points=[Point(x=0, y=0), Point(x=1, y=0), Point(x=1, y=1)])]
    )
    assert item.model_dump() == {
        "polygons": [{"points": [{"x": 0, "y": 0}, {"x": 1, "y": 0}, {"x": 1, "y": 1}]}]
    }
    assert "null" not in item.model_dump_json()
    assert Style(size=2).model_dump() == {"size": 2}


def test_phi_and_tokens_never_appear_in_reprs() -> None:
    info = ImageInfo.model_validate(SAMPLES["ImageInfo"][1])
    notification = schemas.parse_invocation(INVOCATIONS["NewImageFilesInvocation"])
    token = INVOCATIONS["NewImageFilesInvocation"]["callbackInfo"]["token"]
    texts = [repr(info), str(info), repr(notification), str(notification)]
    texts += [repr(notification.callbackInfo), f"{notification.callbackInfo}"]
    for text in texts:
        assert token not in text
        for value in PHI_VALUES.values():
            assert value not in text
        assert "PHI-Andersson" not in text
    assert info.accessionNumber == PHI_VALUES["accessionNumber"]
    assert notification.callbackInfo.token == token


def test_unknown_fields_are_left_out_of_reprs_but_kept() -> None:
    info = ImageInfo.model_validate({**SAMPLES["ImageInfo"][0], "patientName": "PHI-Jane Doe"})
    assert "PHI-Jane" not in repr(info)
    assert info.model_dump()["patientName"] == "PHI-Jane Doe"


def test_slide_info_exposes_size_as_in_the_quick_start() -> None:
    info = ImageMetadata.model_validate(SAMPLES["ImageInfo"][0])
    assert info.size == info.imageSize
    assert repr(info.size) == "Size(width=98304, height=75776)"
    assert ImageMetadata is ImageInfo


def test_enum_members_keep_the_existing_clients_names() -> None:
    assert QualityControlStatus.QUALITY_OK.value == "QualityOk"
    assert QualityControlStatus.NOT_SET.value == "NotSet"
    assert Action.CREATE.value == "create"
    assert Action.NEW_IMAGE_FILES.value == "newImageFiles"
    assert schemas.ResultType.PATCHES.value == "patchCollection"
    assert schemas.InputType.WHOLE_SLIDE.value == "wholeSlide"
    assert schemas.AttachmentState.UPLOAD_IN_PROGRESS.value == "upload-in-progress"


def test_every_name_the_existing_client_exports_is_importable() -> None:
    names = [
        "CallbackInfo",
        "DisplayedName",
        "InputType",
        "Point",
        "Polygon",
        "Size",
        "CaseImageInfo",
        "FocalPlane",
        "ImageMetadata",
        "OpticalPath",
        "SlideFormat",
        "Specimen",
        "TileFormat",
        "ApplicationInfo",
        "Action",
        "CancelInvocation",
        "CreateInput",
        "CreateInvocation",
        "DeleteInvocation",
        "Invocation",
        "InvocationBase",
        "ModifyInvocation",
        "MultiAreaContent",
        "MultiAreaInput",
        "NewImageFilesInvocation",
        "TaggedPolygonContent",
        "TaggedPolygonInput",
        "WholeSlideInput",
        "QualityControl",
        "QualityControlData",
        "QualityControlStatus",
        "InputTemplate",
        "Registration",
        "TaggedPolygonInputContent",
        "AdaptedResult",
        "Attachment",
        "AttachmentState",
        "DisplayProperties",
        "Label",
        "Patch",
        "PatchContent",
        "PatchResultContent",
        "Polyline",
        "PrimitiveItem",
        "PrimitiveResultContent",
        "Result",
        "ResultContent",
        "ResultData",
        "ResultResponse",
        "ResultType",
        "Status",
        "Style",
    ]
    missing = [name for name in names if not hasattr(schemas, name)]
    assert missing == []


def test_the_quick_start_result_builds_and_serialises_as_json() -> None:
    result = Result(
        slideId="slide-1",
        displayResult="Analysis complete",
        displayProperties=DisplayProperties({"Confidence": "95%"}),
        applicationVersion="1.0.0",
        data=ResultData(
            result=PrimitiveResultContent(
                content=[
                    PrimitiveItem(
                        polygons=[
                            Polygon(
                                points=[
                                    Point(x=0.0, y=0.0),
                                    Point(x=1.0, y=0.0),
                                    Point(x=1.0, y=1.0),
                                    Point(x=0.0, y=1.0),
                                ]
                            )
                        ],
                        style=Style(strokeStyle="#FF0000", size=2),
                    )
                ]
            )
        ),
    )
    dumped = result.model_dump()
    assert json.loads(json.dumps(dumped)) == dumped
    assert dumped["data"]["result"]["type"] == "primitive"
    assert dumped["displayProperties"] == {"Confidence": "95%"}


def test_invocation_works_as_a_fastapi_body_annotation() -> None:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    app = FastAPI()
    seen: list[str] = []

    @app.post("/hook")
    def hook(invocation: Invocation) -> dict[str, str]:
        seen.append(type(invocation).__name__)
        assert isinstance(invocation, CreateInvocation)
        return {"slide": invocation.slideId, "callback": invocation.callbackInfo.url}

    with TestClient(app) as client:
        reply = client.post("/hook", json=INVOCATIONS["CreateInvocation"])
        refused = client.post("/hook", json={**INVOCATIONS["CreateInvocation"], "slideId": None})
    assert reply.status_code == 200
    assert seen == ["CreateInvocation"]
    assert refused.status_code == 422
    assert "slideId" in refused.text


def test_none_is_left_out_of_every_model_including_ones_defined_late() -> None:
    modify = schemas.parse_invocation(INVOCATIONS["ModifyInvocation"])
    assert isinstance(modify, schemas.ModifyInvocation)
    modify.input.attachments = None
    modify.cancellationToken = None
    dumped = modify.model_dump()
    assert "attachments" not in dumped["input"]
    assert "cancellationToken" not in dumped
    assert "null" not in modify.model_dump_json()


# ----- open unions and enums ------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)
KNOWN_CONTENT_TYPES = ("primitive", "patchCollection")


@settings(max_examples=200, deadline=None)
@given(
    tag=st.sampled_from(KNOWN_CONTENT_TYPES) | st.text(max_size=12),
    fields=st.dictionaries(st.sampled_from(["content", "grid", "note"]), JSON_VALUES, max_size=3),
)
def test_a_content_is_its_known_variant_or_an_error_and_any_other_tag_is_kept_whole(
    tag: str, fields: dict[str, Any]
) -> None:
    content = {**fields, "type": tag}
    known = tag in KNOWN_CONTENT_TYPES

    problems: list[tuple[int | str, ...]] = []
    try:
        parsed = ResultData.model_validate_json(json.dumps({"result": content})).result
    except ValidationError as error:
        problems = [tuple(item["loc"]) for item in readable_errors(error)]
    if problems:
        assert known
        assert all("unknown tag" not in loc and "known tag" not in loc for loc in problems)
    else:
        assert isinstance(parsed, UnknownResultContent) != known
        if isinstance(parsed, UnknownResultContent):
            assert parsed.model_dump() == content

    try:
        attrs_parsed = api_models.ResultData.from_dict({"result": content}).result
    except (TypeError, ValueError, KeyError, AttributeError):
        assert known
    else:
        assert isinstance(attrs_parsed, api_models.UnknownResultContent) != known
        if isinstance(attrs_parsed, api_models.UnknownResultContent):
            assert attrs_parsed.to_dict() == content


@pytest.mark.parametrize(
    ("payload", "located", "message"),
    [
        (
            {"result": {"type": "primitive", "content": 5}},
            ("result", "primitive", "content"),
            "valid array",
        ),
        ({"result": {"content": []}}, ("result", "type"), "Field required"),
        ({"result": {"type": 7}}, ("result", "type"), "valid string"),
    ],
    ids=["known tag, bad content", "no tag", "tag not a string"],
)
def test_errors_of_an_open_union_name_the_branch_that_applies(
    payload: dict[str, Any], located: tuple[str, ...], message: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        ResultData.model_validate_json(json.dumps(payload))

    [problem] = readable_errors(raised.value)
    assert tuple(problem["loc"]) == located
    assert message in problem["msg"]


def test_errors_inside_nested_open_unions_are_reduced_at_every_level() -> None:
    create = {**INVOCATIONS["CreateInvocation"], "input": {"type": "taggedPolygon"}}
    unknown = {**INVOCATIONS["CancelInvocation"], "action": "archive", "slideId": None}

    with pytest.raises(ValidationError) as bad_input:
        schemas.parse_invocation(create)
    with pytest.raises(ValidationError) as bad_unknown:
        schemas.parse_invocation(unknown)

    assert [tuple(e["loc"]) for e in readable_errors(bad_input.value)] == [
        ("create", "input", "taggedPolygon", "content")
    ]
    assert [tuple(e["loc"]) for e in readable_errors(bad_unknown.value)] == [("slideId",)]


def test_open_enums_read_known_values_as_members_and_keep_others() -> None:
    known = schemas.QualityControlData.model_validate_json(
        '{"status": "Rejected", "versionId": "1"}'
    )
    other = schemas.QualityControlData.model_validate_json(
        '{"status": "Pending", "versionId": "1"}'
    )

    assert known.status is QualityControlStatus.REJECTED
    assert (type(other.status), other.status) == (str, "Pending")
    assert json.loads(other.model_dump_json()) == {"status": "Pending", "versionId": "1"}
