"""Results: what an app stores on a slide and Sectra shows in the viewer.

A result's ``data.result`` is a :class:`PrimitiveResultContent` (shapes) or a
:class:`PatchResultContent` (a patch gallery), told apart by ``type``; a type this library does
not know reads as an :class:`UnknownResultContent` that keeps everything it holds. Coordinates
are fractions of the image **width** on both axes.

Writing and reading differ. A new result is a :class:`Result`: ``displayResult``,
``applicationVersion`` and ``data`` (with ``data.result``) are required, and every writer of this
library sends them. What is read back is a :class:`ResultResponse`, which may lack any of them
(Sectra's own examples store such results). An update sends a :class:`VersionedResult` (a
``ResultResponse`` is one too, and so is ``AdaptedResult``, its name in
``sectra-image-analysis-api``): ``id`` may be left out.
"""

from typing import Annotated

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
    ResultFields,
    ResultResponse,
    ResultType,
    Status,
    Statuses,
    Style,
    UnknownResultContent,
    VersionedResult,
)
from sectra_client.schemas._open import OPEN_UNION

ResultContent = Annotated[
    PrimitiveResultContent | PatchResultContent | UnknownResultContent, OPEN_UNION
]
"""A result's content, discriminated by ``type``: ``primitive``, ``patchCollection``, or an
:class:`UnknownResultContent` for a type this library does not know."""

DisplayProperties = dict[str, str | int | float]
"""Name/value pairs shown in a result's popup: ``DisplayProperties({"Confidence": "95%"})``."""

AdaptedResult = VersionedResult
"""The name ``sectra-image-analysis-api`` uses for the body of an update: a result with the
``versionId`` it was read with; ``id`` may be left out."""

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
    "ResultFields",
    "ResultResponse",
    "ResultType",
    "Status",
    "Statuses",
    "Style",
    "UnknownResultContent",
    "VersionedResult",
]
