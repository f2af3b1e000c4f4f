"""Shared building blocks: geometry, names, callback info.

Coordinates are fractions of the image **width** on both axes: ``x`` runs 0..1, ``y`` runs
0..height/width, origin top-left.
"""

from typing import Any

from sectra_client.schemas._generated import (
    Arc,
    CallbackInfo,
    DisplayedName,
    InputType,
    Point,
    Polygon,
    Polyline,
    Size,
)

Context = dict[str, Any]
"""An app's private JSON object (registration context, result context). ``null`` reads as ``{}``."""

__all__ = [
    "Arc",
    "CallbackInfo",
    "Context",
    "DisplayedName",
    "InputType",
    "Point",
    "Polygon",
    "Polyline",
    "Size",
]
