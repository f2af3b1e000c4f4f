"""Results: what an app stores on a slide and Sectra shows in the viewer.

A result's ``data.result`` is either a :class:`PrimitiveResultContent` (shapes) or a
:class:`PatchResultContent` (a patch gallery), told apart by ``type``. Coordinates are
fractions of the image **width** on both axes.
"""

from typing import Annotated

from pydantic import Field

from sectra_client.schemas._generated import (
    Arc,
    Attachment,
    AttachmentState,
    Label,
    Patch,
    PatchAction,
    PatchActionState,
    PatchContent,
    PatchResultContent,
    Polygon,
    Polyline,
    PrimitiveItem,
    PrimitiveResultContent,
    Result,
    ResultData,
    ResultResponse,
    ResultType,
    Status,
    Statuses,
    Style,
)

ResultContent = Annotated[PrimitiveResultContent | PatchResultContent, Field(discriminator="type")]
"""A result's content: a discriminated union on ``type`` (``primitive`` or ``patchCollection``)."""

DisplayProperties = dict[str, str | int | float]
"""Name/value pairs shown in a result's popup: ``DisplayProperties({"Confidence": "95%"})``."""

AdaptedResult = ResultResponse
"""The name ``sectra-image-analysis-api`` uses for a stored result read back with typed content."""

__all__ = [
    "AdaptedResult",
    "Arc",
    "Attachment",
    "AttachmentState",
    "DisplayProperties",
    "Label",
    "Patch",
    "PatchAction",
    "PatchActionState",
    "PatchContent",
    "PatchResultContent",
    "Polygon",
    "Polyline",
    "PrimitiveItem",
    "PrimitiveResultContent",
    "Result",
    "ResultContent",
    "ResultData",
    "ResultResponse",
    "ResultType",
    "Status",
    "Statuses",
    "Style",
]
