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
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def test_the_spec_is_openapi_3_1_and_validates() -> None:
    from openapi_spec_validator import validate
    from openapi_spec_validator.readers import read_from_filename

    document, _ = read_from_filename(str(SPEC_PATH))
    validate(document)
    assert document["openapi"].startswith("3.1")


def test_all_sixteen_operations_of_the_reference_are_described(spec: dict[str, Any]) -> None:
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
    }
    assert described == expected


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
    assert len(ids) == len(set(ids)) == 20
    for path, method, operation in operations:
        where = f"{method.upper()} {path}"
        assert operation.get("summary"), where
        assert operation.get("description"), where
        since = operation["x-sectra-since"]
        assert re.fullmatch(r"1\.\d+", since), where
        if path in spec["paths"]:
            assert f"Since IA-API {since}." in operation["description"], where


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
    for name in ("Result", "ResultData", "PrimitiveItem", "PatchContent", "ImageInfo", "Style"):
        assert schemas[name]["additionalProperties"] is True, name


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
                target = _resolve(spec, node) if "$ref" in node else node
                if not (node.get("description") or target.get("description")):
                    undocumented.append(f"{name}.{prop}")
    assert undocumented == []
