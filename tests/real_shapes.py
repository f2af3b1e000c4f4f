"""Payloads shaped like what real Sectra servers and Sectra's own apps send, one per shape.

Each shape is a fact about the real API (from Sectra's public SDK repository and the PyPI
client ``sectra-image-analysis-api``), written here in our own words and values. Every layer
must read each of them without an error and keep what it does not know:
``test_real_shapes.py`` passes them through the pydantic models, the attrs models, the mock and
the webhook; ``test_sectra_api_bindings.py`` reads them back through every operation of the
generated bindings.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

SLIDE = "1.2.752.24.10.1.77"
APP = "shapes-app"

TRIANGLE: dict[str, Any] = {
    "points": [{"x": 0.2, "y": 0.1}, {"x": 0.3, "y": 0.1}, {"x": 0.25, "y": 0.2}]
}


def _primitive(content: Any) -> dict[str, Any]:
    return {"type": "primitive", "content": content}


def _gallery(action_state: int) -> dict[str, Any]:
    return {
        "type": "patchCollection",
        "content": {
            "description": "Candidates",
            "polygons": [TRIANGLE],
            "patches": [{"tag": 0, "position": {"x": 0.25, "y": 0.15}, "sortKeyValue": 0.8}],
            "tags": ["Yes", "No"],
            "patchSize": 96,
            "magnification": 20,
            "statuses": {"allowVerify": {"value": True, "message": None}},
            "actions": [{"id": "recount", "state": action_state, "name": "Recount"}],
        },
    }


@dataclass(frozen=True)
class ResultShape:
    """A result as a server stores it (``ResultFields``), and what it shows.

    Attributes:
        name: what is special about it.
        body: the result, without ``id`` and ``versionId``.
    """

    name: str
    body: dict[str, Any]


RESULT_SHAPES: tuple[ResultShape, ...] = (
    # Sectra's basic example stores a patch gallery with a `resultVersion` field in place of
    # `applicationVersion`, and `context: null`.
    ResultShape(
        "no applicationVersion, a resultVersion instead",
        {
            "slideId": SLIDE,
            "displayResult": "3 candidates",
            "displayProperties": {"Ratio": "3/0"},
            "resultVersion": "1.0",
            "data": {"context": None, "result": _gallery(action_state=0)},
        },
    ),
    # Sectra's TypeScript models make displayResult optional.
    ResultShape(
        "no displayResult",
        {"slideId": SLIDE, "applicationVersion": "0.3", "data": {"result": _primitive([])}},
    ),
    # Sectra's downloader and the contributed client default a missing data to {}.
    ResultShape("no data", {"slideId": SLIDE, "displayResult": "Nothing drawn"}),
    ResultShape(
        "data without result",
        {"slideId": SLIDE, "displayResult": "Context only", "data": {"context": {"run": 4}}},
    ),
    # Sectra's examples send one shape group as an object, with null style fields and
    # attachments.
    ResultShape(
        "one content object and nulls",
        {
            "slideId": SLIDE,
            "displayResult": "1 region",
            "applicationVersion": "2.1",
            "attachments": None,
            "data": {
                "context": None,
                "result": _primitive(
                    {
                        "style": {"strokeStyle": "#00AA00", "fillStyle": None, "size": None},
                        "polygons": [TRIANGLE],
                        "labels": [{"location": {"x": 0.2, "y": 0.1}, "label": "Region"}],
                    }
                ),
            },
        },
    ),
    # A newer server or app may store a content type, an attachment state or a button state
    # this library does not know.
    ResultShape(
        "unknown content type",
        {
            "slideId": SLIDE,
            "displayResult": "Heat map",
            "applicationVersion": "5.0",
            "data": {"result": {"type": "heatmap", "grid": [[0.0, 0.5], [0.5, 1.0]]}},
        },
    ),
    ResultShape(
        "unknown attachment state",
        {
            "slideId": SLIDE,
            "displayResult": "With a file",
            "applicationVersion": "5.0",
            "attachments": [{"name": "cells.csv", "state": "archived"}],
            "data": {"result": _primitive([])},
        },
    ),
    ResultShape(
        "unknown button state",
        {
            "slideId": SLIDE,
            "displayResult": "Gallery",
            "applicationVersion": "5.0",
            "data": {"result": _gallery(action_state=2)},
        },
    ),
    # Geometry from a newer server: a point with z, a polygon with holes.
    ResultShape(
        "unknown geometry fields",
        {
            "slideId": SLIDE,
            "displayResult": "3D",
            "applicationVersion": "5.0",
            "data": {
                "result": _primitive(
                    [
                        {
                            "polygons": [
                                {
                                    "points": [{**point, "z": 2} for point in TRIANGLE["points"]],
                                    "holes": [TRIANGLE],
                                }
                            ]
                        }
                    ]
                )
            },
        },
    ),
)
"""Every result shape, read back from servers as ``ResultResponse``."""


def stored(shape: ResultShape, result_id: int, version_id: str) -> dict[str, Any]:
    """``shape`` as a server answers it: with its ``id`` and ``versionId``."""
    return {**copy.deepcopy(shape.body), "id": result_id, "versionId": version_id}


def image_info(slide_id: str) -> dict[str, Any]:
    """Slide metadata as a 4.2 server sends it, with what a newer one may add: a quality
    control status this library does not know, a ``null`` specimen and a size with a field
    more."""
    return {
        "id": slide_id,
        "isStreamable": True,
        "imageSize": {"width": 4096, "height": 3072, "unit": "px"},
        "tileSize": {"width": 256, "height": 256},
        "micronsPerPixel": 0.5,
        "focalPlanes": [{"id": "0", "offsetUm": 0.0}],
        "opticalPaths": [{"id": "0", "description": "Brightfield"}],
        "storedTileFormat": {"mimeType": "image/jpeg", "extension": "jpg"},
        "availableTileFormats": [{"mimeType": "image/jpeg", "extension": "jpg"}],
        "fileFormat": {"mimeType": "image/tiff"},
        "staining": {"displayName": "HE"},
        "block": {"displayName": "B2"},
        "specimen": None,
        "qualityControl": {"status": "Pending", "versionId": "qc-9"},
    }


APPLICATION_WITH_STRING_CONTEXT: dict[str, Any] = {
    "applicationId": APP,
    "displayName": "Shapes",
    "manufacturer": "Shape Lab",
    "context": '{"threshold": 0.4}',
}
"""Sectra's TypeScript model types an application's context as a string holding JSON."""


def invocation(action: str, callback_url: str, token: str, **fields: Any) -> dict[str, Any]:
    """An invocation of ``action`` on :data:`SLIDE`, calling back to ``callback_url``."""
    return {
        "action": action,
        "applicationId": APP,
        "slideId": SLIDE,
        "callbackInfo": {"url": callback_url, "token": token},
        "context": None,
        **fields,
    }


UNKNOWN_ACTION = "archive"
"""An action a newer Sectra may send."""

UNKNOWN_INPUT: dict[str, Any] = {"type": "freehandLine", "content": {"points": []}}
"""A create input of a type a newer Sectra may send."""
