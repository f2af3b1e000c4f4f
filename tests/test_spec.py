"""The OpenAPI document itself: complete, consistent, and what the generators need."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

SPEC_PATH = Path(__file__).resolve().parents[1] / "openapi" / "sectra.yaml"
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


def _operations(section: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in section.items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """``node``, following ``$ref`` (also the first one of a nullable ``anyOf``/``oneOf``)."""
    while True:
        members = node.get("anyOf", node.get("oneOf", []))
        ref = node.get("$ref") or next((m["$ref"] for m in members if "$ref" in m), None)
        if ref is None:
            return node
        target: Any = spec
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        node = target


def test_the_spec_is_openapi_3_1_and_validates() -> None:
    from openapi_spec_validator import validate
    from openapi_spec_validator.readers import read_from_filename

    document, _ = read_from_filename(str(SPEC_PATH))
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_all_operations_of_the_reference_are_described(spec: dict[str, Any]) -> None:
    described = {(method, path) for path, method, _ in _operations(spec["paths"])}
    expected = {
        ("get", "/info"),
        ("get", "/slides/{slideId}/info"),
        ("get", "/slides/{slideId}/label"),
        ("get", "/slides/{slideId}/files"),
        ("get", "/images/{slideId}_files/{level}/{tileName}"),
        ("get", "/requests/{accessionNumber}/images/info"),
        ("get", "/slides/{slideId}/request/images/info"),
        ("post", "/applications/{applicationId}/results"),
        ("get", "/applications/{applicationId}/results/{resultId}"),
        ("put", "/applications/{applicationId}/results/{resultId}"),
        ("get", "/applications/{applicationId}/results/slide/{slideId}"),
        ("get", "/applications/{applicationId}/results/{resultId}/attachments"),
        ("put", "/slides/{slideId}/qualityControl"),
        ("get", "/applications/{applicationId}"),
        ("post", "/token"),
        ("get", "/launchdata"),
        ("post", "/hooks/{applicationId}/results"),
        ("put", "/hooks/{applicationId}/results/{resultId}"),
    }
    assert described == expected


def test_the_legacy_result_paths_are_deprecated_aliases(spec: dict[str, Any]) -> None:
    paths = spec["paths"]
    for legacy, current, method in [
        ("/hooks/{applicationId}/results", "/applications/{applicationId}/results", "post"),
        (
            "/hooks/{applicationId}/results/{resultId}",
            "/applications/{applicationId}/results/{resultId}",
            "put",
        ),
    ]:
        alias, original = paths[legacy][method], paths[current][method]
        assert alias["deprecated"] is True
        assert alias["requestBody"] == original["requestBody"]
        assert alias["responses"] == original["responses"]


def test_the_four_webhooks_of_the_inbound_contract_are_described(spec: dict[str, Any]) -> None:
    webhooks = {(name, method) for name, method, _ in _operations(spec["webhooks"])}
    assert webhooks == {
        ("invocation", "post"),
        ("imageNotification", "post"),
        ("registration", "get"),
        ("applicationInfo", "get"),
    }


def test_every_operation_and_webhook_has_an_id_summary_description_and_version(
    spec: dict[str, Any],
) -> None:
    operations = _operations(spec["paths"]) + _operations(spec["webhooks"])
    ids = [operation["operationId"] for _, _, operation in operations]
    assert len(ids) == len(set(ids)) == 22
    for path, method, operation in operations:
        where = f"{method.upper()} {path}"
        assert operation.get("summary"), where
        assert operation.get("description"), where
        since = operation["x-sectra-since"]
        assert re.fullmatch(r"1\.\d+", since), where
        if path in spec["paths"]:
            assert f"Since IA-API {since}." in operation["description"], where
        if operation.get("x-sectra-since-unconfirmed"):
            assert "No public source" in operation["description"], where


def test_every_webhook_reply_carries_both_version_headers(spec: dict[str, Any]) -> None:
    for name, method, operation in _operations(spec["webhooks"]):
        for status, response in operation["responses"].items():
            headers = _resolve(spec, response).get("headers", {})
            assert {"X-Sectra-ApiVersion", "X-Sectra-SoftwareVersion"} <= set(headers), (
                f"{name} {method} {status}"
            )


def test_every_operation_documents_auth_failures_and_a_default_error(spec: dict[str, Any]) -> None:
    for path, method, operation in _operations(spec["paths"]):
        assert {"401", "default"} <= set(operation["responses"]), f"{method} {path}"


def test_updates_document_409_and_attachments_document_206_and_416(spec: dict[str, Any]) -> None:
    paths = spec["paths"]
    assert "409" in paths["/applications/{applicationId}/results/{resultId}"]["put"]["responses"]
    assert "409" in paths["/slides/{slideId}/qualityControl"]["put"]["responses"]
    attachment = paths["/applications/{applicationId}/results/{resultId}/attachments"]["get"]
    assert {"200", "206", "416"} <= set(attachment["responses"])
    assert any(p.get("name") == "Range" and p["in"] == "header" for p in attachment["parameters"])
    assert "204" in paths["/slides/{slideId}/label"]["get"]["responses"]


def test_token_uses_basic_auth_and_everything_else_bearer(spec: dict[str, Any]) -> None:
    assert spec["security"] == [{"bearerAuth": []}]
    schemes = spec["components"]["securitySchemes"]
    assert schemes["bearerAuth"]["scheme"] == "bearer"
    assert schemes["basicAuth"]["scheme"] == "basic"
    assert spec["paths"]["/token"]["post"]["security"] == [{"basicAuth": []}]


@pytest.mark.parametrize(
    ("union", "tag"),
    [("Invocation", "action"), ("CreateInput", "type"), ("ResultContent", "type")],
)
def test_every_union_variant_pins_its_tag_with_const_and_requires_it(
    spec: dict[str, Any], union: str, tag: str
) -> None:
    schemas = spec["components"]["schemas"]
    schema = schemas[union]
    mapping = schema["discriminator"]["mapping"]
    assert schema["discriminator"]["propertyName"] == tag
    variants = [ref["$ref"] for ref in schema["oneOf"]]
    assert sorted(variants) == sorted(mapping.values())
    for value, ref in mapping.items():
        variant = schemas[ref.rsplit("/", 1)[1]]
        parts = variant.get("allOf", [variant])
        own = next(part for part in parts if tag in part.get("properties", {}))
        assert own["properties"][tag]["const"] == value, ref
        assert tag in own["required"], ref


def test_objects_read_back_and_sent_again_keep_unknown_fields(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    read_back = ("Result", "ResultFields", "ResultData", "PrimitiveItem", "PatchContent", "Style")
    geometry = ("Point", "Polygon", "Polyline", "Size")
    for name in (*read_back, *geometry, "ImageInfo"):
        assert schemas[name]["additionalProperties"] is True, name


def _properties(schema: dict[str, Any]) -> list[tuple[dict[str, Any], str, dict[str, Any]]]:
    """``(part, name, node)`` for every property a schema declares (its allOf parts too)."""
    return [
        (part, name, node)
        for part in schema.get("allOf", [schema])
        for name, node in part.get("properties", {}).items()
    ]


def _admits_null(spec: dict[str, Any], node: dict[str, Any]) -> bool:
    types = node.get("type")
    if types == "null" or (isinstance(types, list) and "null" in types):
        return True
    members = node.get("anyOf", node.get("oneOf", []))
    if "$ref" in node:
        return _admits_null(spec, _resolve(spec, node))
    return any(_admits_null(spec, member) for member in members)


def test_every_optional_field_admits_null_and_no_required_one_does(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    wrong = []
    for name, schema in schemas.items():
        if name == "SlideFilesMultipart":
            continue
        for part, prop, node in _properties(schema):
            required = prop in part.get("required", [])
            if _admits_null(spec, node) == required:
                wrong.append(f"{name}.{prop} ({'required' if required else 'optional'})")
    assert wrong == []


@pytest.mark.parametrize(
    ("union", "catch_all"),
    [
        ("Invocation", "UnknownInvocation"),
        ("CreateInput", "UnknownCreateInput"),
        ("ResultContent", "UnknownResultContent"),
    ],
)
def test_every_open_union_names_a_catch_all_whose_tag_excludes_the_known_ones(
    spec: dict[str, Any], union: str, catch_all: str
) -> None:
    schemas = spec["components"]["schemas"]
    schema = schemas[union]
    tag = schema["discriminator"]["propertyName"]
    assert schema["x-sectra-unknown-tag"] == f"#/components/schemas/{catch_all}"
    assert {"$ref": f"#/components/schemas/{catch_all}"} not in schema["oneOf"]
    owner, _, node = next(item for item in _properties(schemas[catch_all]) if item[1] == tag)
    assert tag in owner["required"]
    assert node["type"] == "string"
    assert node["not"]["enum"] == list(schema["discriminator"]["mapping"])


@pytest.mark.parametrize(
    ("schema", "field", "enum"),
    [
        ("QualityControlData", "status", "QualityControlStatus"),
        ("Attachment", "state", "AttachmentState"),
        ("PatchAction", "state", "PatchActionState"),
        ("InputTemplate", "type", "InputType"),
    ],
)
def test_open_enums_list_the_known_values_and_admit_others(
    spec: dict[str, Any], schema: str, field: str, enum: str
) -> None:
    schemas = spec["components"]["schemas"]
    node = schemas[schema]["properties"][field]
    plain = schemas[enum]["type"]
    assert node["anyOf"] == [{"$ref": f"#/components/schemas/{enum}"}, {"type": plain}]


def test_the_coordinate_convention_is_stated(spec: dict[str, Any]) -> None:
    point = spec["components"]["schemas"]["Point"]["description"]
    assert "fractions of the image **width**" in point
    assert "fractions of the image width on both axes" in spec["info"]["description"].replace(
        "**", ""
    )


def test_every_schema_property_is_documented(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    undocumented = []
    for name, schema in schemas.items():
        for part in schema.get("allOf", [schema]):
            for prop, node in part.get("properties", {}).items():
                target = _resolve(spec, node)
                if not (node.get("description") or target.get("description")):
                    undocumented.append(f"{name}.{prop}")
    assert undocumented == []


def test_tiles_and_launches_accept_what_sectras_own_code_sends(spec: dict[str, Any]) -> None:
    tile = spec["paths"]["/images/{slideId}_files/{level}/{tileName}"]["get"]
    launch = spec["paths"]["/launchdata"]["get"]
    tile_parameters = {p.get("name"): p for p in tile["parameters"] if "name" in p}
    launch_parameters = {p["name"]: p for p in launch["parameters"] if "name" in p}

    assert re.fullmatch(tile_parameters["tileName"]["schema"]["pattern"], "12_7_0.0.jpg")
    assert {"opticalPath", "channels"} <= set(tile_parameters)
    assert list(tile["responses"]["200"]["content"]) == ["image/*"]
    assert launch_parameters["requestId"]["x-sectra-phi"] is True
    assert launch_parameters["appId"]["required"] is False
