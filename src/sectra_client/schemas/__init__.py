"""The public pydantic v2 models of the Sectra IA-API.

Attribute names are the camelCase wire names (``invocation.slideId``). The models are
generated from ``openapi/sectra.yaml`` into ``_generated.py`` (never edit it: change the spec
and run ``./codegen.sh``); the modules beside it name and extend them.

Every model keeps unknown fields and sends them back, omits unset optional fields when
serialised, and leaves patient data (PHI) and tokens out of ``repr()`` and ``str()``.

Reading is tolerant: ``null`` reads as absent; an enum value this library does not know (a
quality-control status, an attachment state, a button state) is kept as it came, a plain
``str`` or ``int`` beside the known enum members; an unknown union tag reads as the catch-all
variant that keeps everything (:class:`UnknownInvocation`, :class:`UnknownCreateInput`,
:class:`UnknownResultContent`). Writing is strict: a new :class:`Result` requires
``displayResult``, ``applicationVersion`` and ``data``; a :class:`ResultResponse` read back may
lack them.
"""

from sectra_client.schemas.auth import (
    LaunchBlock,
    LaunchData,
    LaunchSlide,
    TokenRequest,
    TokenResponse,
)
from sectra_client.schemas.common import (
    Arc,
    CallbackInfo,
    Context,
    DisplayedName,
    InputType,
    Point,
    Polygon,
    Polyline,
    Size,
)
from sectra_client.schemas.image import (
    CaseImageInfo,
    FocalPlane,
    ImageInfo,
    ImageMetadata,
    InfoScope,
    OpticalPath,
    SlideFormat,
    Specimen,
    TileFormat,
)
from sectra_client.schemas.info import Application, ApplicationInfo
from sectra_client.schemas.invocation import (
    Action,
    CancelInvocation,
    CreateInput,
    CreateInvocation,
    DeleteInvocation,
    ImageNotification,
    Invocation,
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
    parse_invocation,
)
from sectra_client.schemas.quality_control import (
    QualityControl,
    QualityControlData,
    QualityControlStatus,
)
from sectra_client.schemas.registration import (
    InputTemplate,
    Registration,
    TaggedPolygonInputContent,
)
from sectra_client.schemas.results import (
    AdaptedResult,
    Attachment,
    AttachmentState,
    DisplayProperties,
    Label,
    Patch,
    PatchAction,
    PatchActionState,
    PatchContent,
    PatchResultContent,
    PrimitiveItem,
    PrimitiveResultContent,
    Result,
    ResultContent,
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

__all__ = [
    "Action",
    "AdaptedResult",
    "Application",
    "ApplicationInfo",
    "Arc",
    "Attachment",
    "AttachmentState",
    "CallbackInfo",
    "CancelInvocation",
    "CaseImageInfo",
    "Context",
    "CreateInput",
    "CreateInvocation",
    "DeleteInvocation",
    "DisplayProperties",
    "DisplayedName",
    "FocalPlane",
    "ImageInfo",
    "ImageMetadata",
    "ImageNotification",
    "InfoScope",
    "InputTemplate",
    "InputType",
    "Invocation",
    "InvocationBase",
    "Label",
    "LaunchBlock",
    "LaunchData",
    "LaunchSlide",
    "ModifyInvocation",
    "MultiAreaContent",
    "MultiAreaInput",
    "NewImageFilesInvocation",
    "OpticalPath",
    "Patch",
    "PatchAction",
    "PatchActionState",
    "PatchContent",
    "PatchResultContent",
    "Point",
    "Polygon",
    "Polyline",
    "PrimitiveItem",
    "PrimitiveResultContent",
    "QualityControl",
    "QualityControlData",
    "QualityControlStatus",
    "Registration",
    "Result",
    "ResultContent",
    "ResultData",
    "ResultFields",
    "ResultResponse",
    "ResultType",
    "Size",
    "SlideFormat",
    "Specimen",
    "Status",
    "Statuses",
    "Style",
    "TaggedPolygonContent",
    "TaggedPolygonInput",
    "TaggedPolygonInputContent",
    "TileFormat",
    "TokenRequest",
    "TokenResponse",
    "UnknownCreateInput",
    "UnknownInvocation",
    "UnknownResultContent",
    "VersionedResult",
    "WholeSlideInput",
    "parse_invocation",
]
