"""Realistic JSON payloads, one or more per schema of ``openapi/sectra.yaml``.

Each entry maps a schema name to payloads as a Sectra server or an app would send them.
``FUTURE_FIELD`` is an unknown field a newer server might add; round trips must keep it.
"""

from __future__ import annotations

import copy
from typing import Any

FUTURE_FIELD: dict[str, Any] = {"addedInApi2_0": {"nested": [1, "two", None]}}

CALLBACK: dict[str, Any] = {
    "url": "https://pacs.example.org/SectraPathologyServer/external/imageanalysis/v1",
    "token": "tok-SECRET-4f1c9a",
}

SQUARE: dict[str, Any] = {
    "points": [
        {"x": 0.1, "y": 0.1},
        {"x": 0.4, "y": 0.1},
        {"x": 0.4, "y": 0.3},
        {"x": 0.1, "y": 0.3},
    ]
}

IMAGE_INFO_BASIC: dict[str, Any] = {
    "id": "1.2.752.24.10.1.4",
    "isStreamable": True,
    "imageSize": {"width": 98304, "height": 75776},
    "tileSize": {"width": 256, "height": 256},
    "micronsPerPixel": 0.2425,
    "focalPlanes": [{"id": "0", "offsetUm": 0.0}],
    "opticalPaths": [{"id": "0", "description": "Brightfield"}],
    "storedTileFormat": {"mimeType": "image/jpeg", "extension": "jpg"},
    "availableTileFormats": [
        {"mimeType": "image/jpeg", "extension": "jpg"},
        {"mimeType": "image/png", "extension": "png"},
    ],
    "fileFormat": {"mimeType": "application/dicom"},
    "staining": {"displayName": "H&E"},
    "block": {"displayName": "A1"},
    "specimen": {"anatomy": "Breast", "description": "Core needle biopsy, left"},
    "qualityControl": {"status": "NotSet", "versionId": "qc-1"},
}

PHI_VALUES: dict[str, str] = {
    "seriesInstanceUid": "1.2.826.0.1.3680043.8.498.PHI-SERIES",
    "lisSlideId": "LIS-PHI-778812",
    "accessionNumber": "ACC-PHI-2026-000417",
    "accessionNumberIssuer": "ISSUER-PHI-KAROLINSKA",
    "studyInstanceUid": "1.2.826.0.1.3680043.8.498.PHI-STUDY",
    "examId": "EXAM-PHI-55120",
    "examDateTime": "2026-11-02T09:41:00",
}

IMAGE_INFO_FULL: dict[str, Any] = {
    **IMAGE_INFO_BASIC,
    "bodyPart": "BREAST",
    "examCode": "PAT-BR",
    "examDescription": "Breast biopsy",
    "stationName": "SCANNER-03",
    "priority": 2,
    **PHI_VALUES,
    "examFreeFields": [{"Referrer": "Dr PHI-Andersson"}],
}

PRIMITIVE_RESULT_CONTENT: dict[str, Any] = {
    "type": "primitive",
    "content": [
        {
            "style": {"strokeStyle": "#FF0000", "fillStyle": "rgba(255,0,0,0.2)", "size": 2},
            "polygons": [SQUARE],
            "polylines": [{"points": [{"x": 0.5, "y": 0.5}, {"x": 0.6, "y": 0.55}]}],
            "arcs": [
                {
                    "center": {"x": 0.3, "y": 0.2},
                    "radius": 0.01,
                    "startAngle": 0,
                    "endAngle": 3.14159,
                }
            ],
            "labels": [{"location": {"x": 0.1, "y": 0.09}, "label": "Tumour"}],
        }
    ],
}

# As in Sectra's official examples: ``content`` is one object, not a list.
PRIMITIVE_RESULT_CONTENT_SINGLE_OBJECT: dict[str, Any] = {
    "type": "primitive",
    "content": {"style": {"strokeStyle": "#00FF00"}, "polygons": [SQUARE]},
}

PATCH_RESULT_CONTENT: dict[str, Any] = {
    "type": "patchCollection",
    "content": {
        "description": "Mitotic figure candidates",
        "polygons": [SQUARE],
        "patches": [
            {"tag": 0, "position": {"x": 0.21, "y": 0.17}, "sortKeyValue": 0.97},
            {"tag": 1, "position": {"x": 0.33, "y": 0.12}, "sortKeyValue": 0.42},
        ],
        "tags": ["Mitosis", "Not mitosis"],
        "patchSize": 128,
        "magnification": 40.0,
        "statuses": {"allowVerify": {"value": False, "message": "Review all patches first"}},
        "actions": [{"id": "recount", "state": 0, "name": "Recount", "tooltip": "Count again"}],
    },
}

RESULT: dict[str, Any] = {
    "slideId": "1.2.752.24.10.1.4",
    "displayResult": "Ki67 index: 18.5 %",
    "displayProperties": {"Positive nuclei": 1312, "Index": 18.5, "Model": "ki67-v3"},
    "applicationVersion": "1.4.2",
    "attachments": [{"name": "heatmap.png", "state": "stored"}],
    "data": {"context": {"modelRun": "r-81"}, "result": PRIMITIVE_RESULT_CONTENT},
}

RESULT_RESPONSE: dict[str, Any] = {**RESULT, "id": 4711, "versionId": "v-3b9e"}

PATCH_RESULT_RESPONSE: dict[str, Any] = {
    **RESULT,
    "displayResult": "12 mitoses / 10 HPF",
    "data": {"context": None, "result": PATCH_RESULT_CONTENT},
    "id": 4712,
    "versionId": "v-77aa",
}

SINGLE_OBJECT_RESULT_RESPONSE: dict[str, Any] = {
    **RESULT,
    "data": {"result": PRIMITIVE_RESULT_CONTENT_SINGLE_OBJECT},
    "id": 4713,
    "versionId": "v-0001",
}

INVOCATION_COMMON: dict[str, Any] = {
    "applicationId": "ki67-app",
    "slideId": "1.2.752.24.10.1.4",
    "callbackInfo": CALLBACK,
    "context": {"threshold": 0.5},
    "cancellationToken": "cancel-91c2",
}

INVOCATIONS: dict[str, dict[str, Any]] = {
    "CreateInvocation": {
        **INVOCATION_COMMON,
        "action": "create",
        "input": {"type": "wholeSlide"},
    },
    "CreateInvocation/taggedPolygon": {
        **INVOCATION_COMMON,
        "action": "create",
        "input": {
            "type": "taggedPolygon",
            "content": {"polygon": SQUARE, "tags": ["Tumour", "Stroma"], "tagIndex": 1},
        },
    },
    "CreateInvocation/multiArea": {
        **INVOCATION_COMMON,
        "action": "create",
        "context": None,
        "input": {"type": "multiArea", "content": {"polygons": [SQUARE, SQUARE]}},
    },
    "ModifyInvocation": {**INVOCATION_COMMON, "action": "modify", "input": PATCH_RESULT_RESPONSE},
    "CancelInvocation": {**INVOCATION_COMMON, "action": "cancel"},
    "DeleteInvocation": {
        **{k: v for k, v in INVOCATION_COMMON.items() if k != "cancellationToken"},
        "action": "delete",
        "input": RESULT_RESPONSE,
    },
    "NewImageFilesInvocation": {
        **INVOCATION_COMMON,
        "action": "newImageFiles",
        "imageInfo": IMAGE_INFO_FULL,
    },
}

SAMPLES: dict[str, list[dict[str, Any]]] = {
    "Point": [{"x": 0.25, "y": 0.125}],
    "Polygon": [SQUARE],
    "Polyline": [{"points": [{"x": 0.0, "y": 0.0}, {"x": 1.0, "y": 0.75}]}],
    "Arc": [{"center": {"x": 0.5, "y": 0.4}, "radius": 0.05, "startAngle": 0.0, "endAngle": 6.28}],
    "Label": [{"location": {"x": 0.1, "y": 0.1}, "label": "Region A"}],
    "Size": [{"width": 98304, "height": 75776}],
    "DisplayedName": [{"displayName": "H&E"}],
    "FocalPlane": [{"id": "z1", "offsetUm": -0.5}],
    "OpticalPath": [{"id": "0", "description": "Brightfield"}],
    "TileFormat": [{"mimeType": "image/jpeg", "extension": "jpeg"}],
    "SlideFormat": [{"mimeType": "image/tiff"}],
    "Specimen": [{"anatomy": "Colon", "description": "Polypectomy"}],
    "QualityControlData": [{"status": "QualityOk", "versionId": "qc-7"}],
    "QualityControl": [
        {
            "applicationVersion": "1.4.2",
            "qualityControl": {"status": "Rejected", "versionId": "qc-7"},
        }
    ],
    "ImageInfo": [IMAGE_INFO_BASIC, IMAGE_INFO_FULL],
    "CaseImageInfo": [
        {
            "id": "1.2.752.24.10.1.5",
            "staining": {"displayName": "Ki67"},
            "block": {"displayName": "A2"},
            "specimen": {"anatomy": "Breast"},
            "seriesInstanceUid": PHI_VALUES["seriesInstanceUid"],
            "lisSlideId": PHI_VALUES["lisSlideId"],
        }
    ],
    "ApplicationInfo": [{"apiVersion": "1.10", "softwareVersion": "4.2.0.22617"}],
    "Application": [
        {
            "applicationId": "ki67-app",
            "displayName": "Ki67 scoring",
            "manufacturer": "Example Diagnostics",
            "context": {"threshold": 0.5},
        }
    ],
    "CallbackInfo": [CALLBACK],
    "TaggedPolygonContent": [{"polygon": SQUARE, "tags": ["Tumour"], "tagIndex": 0}],
    "MultiAreaContent": [{"polygons": [SQUARE]}],
    "WholeSlideInput": [{"type": "wholeSlide"}],
    "TaggedPolygonInput": [{"type": "taggedPolygon", "content": {"polygon": SQUARE}}],
    "MultiAreaInput": [{"type": "multiArea", "content": {"polygons": [SQUARE]}}],
    "InvocationBase": [INVOCATION_COMMON],
    "CreateInvocation": [
        INVOCATIONS["CreateInvocation"],
        INVOCATIONS["CreateInvocation/taggedPolygon"],
        INVOCATIONS["CreateInvocation/multiArea"],
    ],
    "ModifyInvocation": [INVOCATIONS["ModifyInvocation"]],
    "CancelInvocation": [INVOCATIONS["CancelInvocation"]],
    "DeleteInvocation": [INVOCATIONS["DeleteInvocation"]],
    "NewImageFilesInvocation": [INVOCATIONS["NewImageFilesInvocation"]],
    "TaggedPolygonInputContent": [{"tags": ["Tumour", "Stroma", "Necrosis"]}],
    "InputTemplate": [{"type": "taggedPolygon", "content": {"tags": ["Tumour", "Stroma"]}}],
    "Registration": [
        {
            "applicationId": "ki67-app",
            "displayName": "Ki67 scoring",
            "manufacturer": "Example Diagnostics",
            "url": "https://apps.example.org/ki67",
            "inputTemplate": {"type": "wholeSlide"},
            "context": {"threshold": 0.5},
        }
    ],
    "Style": [{"strokeStyle": "#0000FF", "fillStyle": "#0000FF33", "size": 1}],
    "PrimitiveItem": [PRIMITIVE_RESULT_CONTENT["content"][0]],
    "PrimitiveResultContent": [PRIMITIVE_RESULT_CONTENT],
    "Patch": [PATCH_RESULT_CONTENT["content"]["patches"][0]],
    "Status": [{"value": True}],
    "Statuses": [{"allowVerify": {"value": True}}],
    "PatchAction": [{"id": "verify", "state": 1, "name": "Verify"}],
    "PatchContent": [PATCH_RESULT_CONTENT["content"]],
    "PatchResultContent": [PATCH_RESULT_CONTENT],
    "ResultData": [RESULT["data"], PATCH_RESULT_RESPONSE["data"]],
    "Attachment": [{"name": "heatmap.png", "state": "upload-in-progress"}],
    "Result": [RESULT],
    "ResultFields": [RESULT, {"slideId": "1.2.752.24.10.1.4", "resultVersion": "1.0"}],
    "VersionedResult": [{**RESULT, "versionId": "v-3b9e"}, RESULT_RESPONSE],
    "ResultResponse": [RESULT_RESPONSE, PATCH_RESULT_RESPONSE],
    "UnknownResultContent": [{"type": "heatmap", "grid": [[0.1, 0.2], [0.3, 0.4]]}],
    "UnknownCreateInput": [{"type": "freehandLine", "content": {"points": []}}],
    "UnknownInvocation": [{**INVOCATION_COMMON, "action": "archive", "input": {"reason": "x"}}],
    "TokenRequest": [{"grant_type": "client_credentials"}],
    "TokenResponse": [
        {"access_token": "tok-SECRET-77", "token_type": "Bearer", "expires_in": 3600}
    ],
    "LaunchSlide": [{"id": "1.2.752.24.10.1.4", "description": "A1 H&E"}],
    "LaunchBlock": [{"name": "A1", "slides": [{"id": "1.2.752.24.10.1.4"}]}],
    "LaunchData": [
        {
            "callbackInfo": CALLBACK,
            "blocks": [
                {"name": "A1", "slides": [{"id": "1.2.752.24.10.1.4", "description": "H&E"}]}
            ],
        }
    ],
    "ErrorBody": [{"message": "Slide not found"}],
}

# Schemas that are not objects a client parses: enums, unions, scalars and layout descriptions.
NOT_OBJECT_SCHEMAS = {
    "Action",
    "AttachmentState",
    "Context",
    "CreateInput",
    "DisplayProperties",
    "EmptyArray",
    "EmptyObject",
    "ErrorText",
    "InfoScope",
    "InputType",
    "Invocation",
    "InvocationReply",
    "PatchActionState",
    "QualityControlStatus",
    "ResultContent",
    "ResultType",
    "SlideFilesMultipart",
}

# Schemas whose unknown fields are dropped on purpose (a form Sectra reads, never sends back).
CLOSED_SCHEMAS = {"TokenRequest"}


def with_future_field(payload: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of ``payload`` with an unknown field added at the top level."""
    extended = copy.deepcopy(payload)
    extended.update(copy.deepcopy(FUTURE_FIELD))
    return extended
