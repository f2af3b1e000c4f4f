"""The strict check: each answer validated against ``openapi/sectra.yaml`` by openapi-core.

openapi-core's messages quote the values they refuse, which may be patient data, so they are
never shown: each error becomes a :class:`Deviation` built from its kind, its location, and
the type names involved.
"""

from __future__ import annotations

import functools
import json
import typing
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.media_types.exceptions import MediaTypeNotFound
from openapi_core.templating.paths.exceptions import PathError
from openapi_core.templating.responses.exceptions import ResponseFinderError
from openapi_core.validation.response.exceptions import (
    DataValidationError,
    InvalidHeader,
    MissingData,
    MissingRequiredHeader,
)
from openapi_core.validation.schemas.exceptions import InvalidSchemaValue
from werkzeug.datastructures import Headers, ImmutableMultiDict

from sectra_client._spec import spec_text
from sectra_client.doctor._http import Exchange
from sectra_client.doctor._paths import field_path, json_type
from sectra_client.doctor._report import Deviation

_SPEC = ("spec",)
"""Which check found a deviation: openapi-core against the contract."""

__all__ = ["strict_deviations"]

_JSON_MEDIA_TYPES = ("application/json",)
_BINARY_STAND_IN = "binary body"


@functools.cache
def _spec() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(spec_text("json"))
    return spec


@functools.cache
def _openapi(base_url: str) -> OpenAPI:
    """openapi-core's view of the contract, with ``base_url`` as its only server."""
    spec = {**_spec(), "servers": [{"url": base_url}]}
    return OpenAPI.from_dict(spec)


class _Request:
    """The request side of an exchange, as openapi-core reads it."""

    def __init__(self, exchange: Exchange, base_url: str) -> None:
        url = exchange.url
        self.host_url = f"{url.scheme}://{url.netloc.decode('ascii')}"
        self.path = url.raw_path.decode("ascii").split("?", 1)[0]
        self.method = exchange.call.method.lower()
        self.body: bytes | None = None
        self.content_type = "application/json"
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(list(url.params.multi_items())),
            header=Headers(),
            cookie=ImmutableMultiDict(),
        )


class _Response:
    """The answer of an exchange, as openapi-core reads it. A body that is not JSON is
    replaced by a short text: openapi-core checks ``format: binary`` bodies as strings, and
    their bytes are not for a schema to judge (their content type is checked)."""

    def __init__(self, exchange: Exchange) -> None:
        assert exchange.status is not None
        self.status_code = exchange.status
        self.content_type = exchange.headers.get("content-type", "").lower()
        self.headers = Headers(list(exchange.headers.multi_items()))
        json_body = exchange.media_type in _JSON_MEDIA_TYPES or exchange.media_type.endswith(
            "+json"
        )
        # openapi-core reads this stand-in as the string a ``format: binary`` schema wants.
        stand_in = typing.cast(bytes, _BINARY_STAND_IN)
        self.data = exchange.body if json_body or not exchange.body else stand_in


def strict_deviations(exchange: Exchange, base_url: str) -> Iterator[Deviation]:
    """The ways ``exchange``'s answer breaks the contract, as openapi-core sees them."""
    if exchange.status is None:
        return
    operation = exchange.call.operation
    errors = _openapi(base_url).iter_response_errors(
        _Request(exchange, base_url), _Response(exchange)
    )
    try:
        for error in errors:
            yield from _deviations_of(error, operation, exchange)
    except PathError:
        return


def _deviations_of(error: Exception, operation: str, exchange: Exchange) -> Iterator[Deviation]:
    if isinstance(error, PathError):
        return
    if isinstance(error, ResponseFinderError):
        yield Deviation(
            "status", operation, "", f"status {exchange.status} is not in the contract", _SPEC
        )
        return
    if isinstance(error, MissingRequiredHeader):
        yield Deviation("header", operation, str(error.name), "required header missing", _SPEC)
        return
    if isinstance(error, InvalidHeader):
        yield Deviation(
            "header", operation, str(error.name), "header value breaks its schema", _SPEC
        )
        return
    if isinstance(error, MissingData):
        yield Deviation(
            "content-type", operation, "", "empty body where the contract has one", _SPEC
        )
        return
    if isinstance(error, DataValidationError):
        cause = error.__cause__
        if isinstance(cause, MediaTypeNotFound):
            known = ", ".join(cause.availableMimetypes)
            detail = f"content type {exchange.media_type or '(none)'}; the contract has {known}"
            yield Deviation("content-type", operation, "", detail, _SPEC)
            return
        if isinstance(cause, InvalidSchemaValue):
            for schema_error in cause.schema_errors:
                yield from _schema_deviations(schema_error, operation)
            return
        if isinstance(cause, ValueError):
            yield Deviation("content-type", operation, "", "the body is not valid JSON", _SPEC)
            return
    yield Deviation(
        "schema", operation, "", f"contract check failed ({type(error).__name__})", _SPEC
    )


def _schema_deviations(error: Any, operation: str) -> Iterator[Deviation]:
    """Deviations of one jsonschema error (its message, which quotes the value, is unused)."""
    location: Sequence[str | int] = list(error.absolute_path)
    validator = error.validator
    if validator == "required":
        instance = error.instance if isinstance(error.instance, Mapping) else {}
        for name in error.validator_value:
            if name not in instance:
                path = field_path([*location, name])
                yield Deviation("missing-field", operation, path, "required field missing", _SPEC)
        return
    if validator == "type":
        expected = error.validator_value
        expected_text = " or ".join(expected) if isinstance(expected, list) else str(expected)
        detail = f"expected {expected_text}, got {json_type(error.instance)}"
        yield Deviation("type-mismatch", operation, field_path(location), detail, _SPEC)
        return
    if validator in ("oneOf", "anyOf") and error.context:
        deepest = max(error.context, key=lambda item: len(list(item.absolute_path)))
        if list(deepest.absolute_path) != location:
            yield from _schema_deviations(deepest, operation)
            return
    detail = f"breaks the contract's {validator!s} rule"
    yield Deviation("schema", operation, field_path(location), detail, _SPEC)
