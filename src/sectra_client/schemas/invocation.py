"""Invocations: what Sectra POSTs to the app.

:data:`Invocation` is a discriminated union on ``action``: annotate a FastAPI body parameter
with it and the parsed value is the concrete class (``CreateInvocation``, ``ModifyInvocation``,
``CancelInvocation``, ``DeleteInvocation`` or ``NewImageFilesInvocation``).
"""

from typing import Annotated, Any

from pydantic import Field, TypeAdapter

from sectra_client.schemas._generated import (
    Action,
    CancelInvocation,
    CreateInvocation,
    DeleteInvocation,
    InvocationBase,
    ModifyInvocation,
    MultiAreaContent,
    MultiAreaInput,
    NewImageFilesInvocation,
    TaggedPolygonContent,
    TaggedPolygonInput,
    WholeSlideInput,
)

Invocation = Annotated[
    CreateInvocation
    | ModifyInvocation
    | CancelInvocation
    | DeleteInvocation
    | NewImageFilesInvocation,
    Field(discriminator="action"),
]
"""Any invocation, discriminated by ``action``."""

CreateInput = Annotated[
    WholeSlideInput | TaggedPolygonInput | MultiAreaInput, Field(discriminator="type")
]
"""What a ``create`` invocation runs on, discriminated by ``type``."""

ImageNotification = NewImageFilesInvocation
"""The name ``sectra-image-analysis-api`` uses for an image notification."""

_INVOCATION_ADAPTER: TypeAdapter[Invocation] = TypeAdapter(Invocation)


def parse_invocation(data: bytes | str | dict[str, Any]) -> Invocation:
    """Parse an invocation body (JSON text or a decoded dict) into its concrete class.

    Raises:
        pydantic.ValidationError: the body is not a valid invocation; the error names the field.
    """
    if isinstance(data, dict):
        return _INVOCATION_ADAPTER.validate_python(data)
    return _INVOCATION_ADAPTER.validate_json(data)


__all__ = [
    "Action",
    "CancelInvocation",
    "CreateInput",
    "CreateInvocation",
    "DeleteInvocation",
    "ImageNotification",
    "Invocation",
    "InvocationBase",
    "ModifyInvocation",
    "MultiAreaContent",
    "MultiAreaInput",
    "NewImageFilesInvocation",
    "TaggedPolygonContent",
    "TaggedPolygonInput",
    "WholeSlideInput",
    "parse_invocation",
]
