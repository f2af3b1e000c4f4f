"""Invocations: what Sectra POSTs to the app.

:data:`Invocation` is a discriminated union on ``action``: annotate a FastAPI body parameter
with it and the parsed value is the concrete class (``CreateInvocation``, ``ModifyInvocation``,
``CancelInvocation``, ``DeleteInvocation`` or ``NewImageFilesInvocation``). The set of actions
is open: an action this library does not know (a newer Sectra may send one) parses as an
:class:`UnknownInvocation` that keeps everything the invocation holds, not as an error. Likewise
a ``create`` input of an unknown ``type`` parses as an :class:`UnknownCreateInput`.
"""

from typing import Annotated, Any

from pydantic import TypeAdapter

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
    UnknownCreateInput,
    UnknownInvocation,
    WholeSlideInput,
)
from sectra_client.schemas._open import OPEN_UNION

Invocation = Annotated[
    CreateInvocation
    | ModifyInvocation
    | CancelInvocation
    | DeleteInvocation
    | NewImageFilesInvocation
    | UnknownInvocation,
    OPEN_UNION,
]
"""Any invocation, discriminated by ``action``; :class:`UnknownInvocation` for an action this
library does not know."""

CreateInput = Annotated[
    WholeSlideInput | TaggedPolygonInput | MultiAreaInput | UnknownCreateInput, OPEN_UNION
]
"""What a ``create`` invocation runs on, discriminated by ``type``; :class:`UnknownCreateInput`
for a type this library does not know."""

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
    "UnknownCreateInput",
    "UnknownInvocation",
    "WholeSlideInput",
    "parse_invocation",
]
