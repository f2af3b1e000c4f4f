"""Schemathesis hooks for the mock's contract test (``test_mock_schemathesis.py``).

The spec says a primitive result's ``content`` is a list, and also that readers must accept
the single object official Sectra examples send (``PrimitiveResultContent``). The mock, a
reader, accepts it as Sectra does; schemathesis, reading only the schema, calls that accepting
invalid data. This hook drops exactly those failures: a request whose body becomes valid
against the spec once each object ``content`` of a primitive result is wrapped in a list.
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
def _validator(schema_name: str) -> Draft202012Validator:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    resource = Resource.from_contents(spec, default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource("urn:sectra", resource)
    return Draft202012Validator(
        {"$ref": f"urn:sectra#/components/schemas/{schema_name}"}, registry=registry
    )


def _with_listed_content(body: Any) -> tuple[Any, bool]:
    """``body`` with a primitive result's object ``content`` wrapped in a list; whether it was."""
    result = body.get("data", {}).get("result") if isinstance(body, dict) else None
    if not isinstance(result, dict) or result.get("type") != "primitive":
        return body, False
    if not isinstance(result.get("content"), dict):
        return body, False
    fixed = copy.deepcopy(body)
    fixed["data"]["result"]["content"] = [fixed["data"]["result"]["content"]]
    return fixed, True


@schemathesis.hook
def filter_failure(
    context: schemathesis.HookContext, failure: Any, case: Any, response: Any
) -> bool:
    """Keep every failure but "accepted a single-object primitive content" (see the module)."""
    schema_name = BODY_SCHEMAS.get(case.operation.label)
    if failure.code != "ST201" or schema_name is None:
        return True
    fixed, changed = _with_listed_content(case.body)
    return not (changed and _validator(schema_name).is_valid(fixed))
