"""Schemathesis hooks for the mock's contract test (``test_mock_schemathesis.py``).

The mock, a reader, tolerates two things the spec's schema does not allow, because Sectra
accepts them; schemathesis, reading only the schema, calls accepting them "accepting invalid
data". This hook drops exactly those failures: a request whose body becomes valid against the
spec once the tolerated forms are rewritten as the schema wants them:

- a primitive result's ``content`` sent as one object (the spec says a list, and also that
  readers must accept the single object official Sectra examples send): wrapped in a list;
- ``null`` for an optional field (the PyPI client ``sectra-image-analysis-api`` sends its
  unset fields as ``null``, and it works against real Sectra servers): the member removed.
  Only members named like a property the spec declares are removed, so a ``null`` value in
  a free-form map (``displayProperties``) still counts as invalid data; a ``null`` for a
  required field leaves the body invalid, so its failure is kept too.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import schemathesis
import yaml
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC = Path(__file__).resolve().parents[1] / "openapi" / "sectra.yaml"
BODY_SCHEMAS = {
    "POST /applications/{applicationId}/results": "Result",
    "PUT /applications/{applicationId}/results/{resultId}": "ResultResponse",
}


@functools.cache
def _spec() -> Any:
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))


@functools.cache
def _validator(schema_name: str) -> Draft202012Validator:
    resource = Resource.from_contents(_spec(), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource("urn:sectra", resource)
    return Draft202012Validator(
        {"$ref": f"urn:sectra#/components/schemas/{schema_name}"}, registry=registry
    )


@functools.cache
def _declared_properties() -> frozenset[str]:
    """Every property name some schema of the spec declares."""
    names: set[str] = set()

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            properties = node.get("properties")
            if isinstance(properties, dict):
                names.update(properties)
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(_spec())
    return frozenset(names)


def _with_listed_content(body: Any) -> Any:
    """``body`` with a primitive result's object ``content`` wrapped in a list."""
    result = body.get("data", {}).get("result") if isinstance(body, dict) else None
    if not isinstance(result, dict) or result.get("type") != "primitive":
        return body
    if not isinstance(result.get("content"), dict):
        return body
    fixed = copy.deepcopy(body)
    fixed["data"]["result"]["content"] = [fixed["data"]["result"]["content"]]
    return fixed


def _without_null_properties(value: Any) -> Any:
    """``value`` without the object members that are ``null`` and named like a property."""
    if isinstance(value, dict):
        declared = _declared_properties()
        return {
            name: _without_null_properties(item)
            for name, item in value.items()
            if not (item is None and name in declared)
        }
    if isinstance(value, list):
        return [_without_null_properties(item) for item in value]
    return value


@schemathesis.hook
def filter_failure(
    context: schemathesis.HookContext, failure: Any, case: Any, response: Any
) -> bool:
    """Keep every failure but accepting a tolerated form (see the module)."""
    schema_name = BODY_SCHEMAS.get(case.operation.label)
    if failure.code != "ST201" or schema_name is None:
        return True
    fixed = _without_null_properties(_with_listed_content(case.body))
    return not (fixed != case.body and _validator(schema_name).is_valid(fixed))
