"""Contains all the data models used in inputs/outputs (each imported on first use)"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .action import Action
    from .application import Application
    from .application_info import ApplicationInfo
    from .arc import Arc
    from .attachment import Attachment
    from .attachment_state import AttachmentState
    from .callback_info import CallbackInfo
    from .cancel_invocation import CancelInvocation
    from .case_image_info import CaseImageInfo
    from .context_type_0 import ContextType0
    from .create_invocation import CreateInvocation
    from .delete_invocation import DeleteInvocation
    from .display_properties import DisplayProperties
    from .displayed_name import DisplayedName
    from .empty_object import EmptyObject
    from .error_body import ErrorBody
    from .focal_plane import FocalPlane
    from .image_info import ImageInfo
    from .image_info_exam_free_fields_type_0_item import ImageInfoExamFreeFieldsType0Item
    from .info_scope import InfoScope
    from .input_template import InputTemplate
    from .input_type import InputType
    from .invocation_base import InvocationBase
    from .label import Label
    from .launch_block import LaunchBlock
    from .launch_data import LaunchData
    from .launch_slide import LaunchSlide
    from .modify_invocation import ModifyInvocation
    from .multi_area_content import MultiAreaContent
    from .multi_area_input import MultiAreaInput
    from .new_image_files_invocation import NewImageFilesInvocation
    from .optical_path import OpticalPath
    from .patch import Patch
    from .patch_action import PatchAction
    from .patch_action_state import PatchActionState
    from .patch_content import PatchContent
    from .patch_result_content import PatchResultContent
    from .point import Point
    from .polygon import Polygon
    from .polyline import Polyline
    from .primitive_item import PrimitiveItem
    from .primitive_result_content import PrimitiveResultContent
    from .quality_control_data import QualityControlData
    from .quality_control_status import QualityControlStatus
    from .quality_control_update import QualityControlUpdate
    from .registration import Registration
    from .result import Result
    from .result_data import ResultData
    from .result_fields import ResultFields
    from .result_response import ResultResponse
    from .result_type import ResultType
    from .size import Size
    from .slide_files_multipart import SlideFilesMultipart
    from .slide_format import SlideFormat
    from .specimen import Specimen
    from .status import Status
    from .statuses import Statuses
    from .style import Style
    from .tagged_polygon_content import TaggedPolygonContent
    from .tagged_polygon_input import TaggedPolygonInput
    from .tagged_polygon_input_content import TaggedPolygonInputContent
    from .tile_format import TileFormat
    from .token_request import TokenRequest
    from .token_response import TokenResponse
    from .unknown_create_input import UnknownCreateInput
    from .unknown_invocation import UnknownInvocation
    from .unknown_result_content import UnknownResultContent
    from .versioned_result import VersionedResult
    from .whole_slide_input import WholeSlideInput

_MODULE_OF = {
    "Action": ".action",
    "Application": ".application",
    "ApplicationInfo": ".application_info",
    "Arc": ".arc",
    "Attachment": ".attachment",
    "AttachmentState": ".attachment_state",
    "CallbackInfo": ".callback_info",
    "CancelInvocation": ".cancel_invocation",
    "CaseImageInfo": ".case_image_info",
    "ContextType0": ".context_type_0",
    "CreateInvocation": ".create_invocation",
    "DeleteInvocation": ".delete_invocation",
    "DisplayProperties": ".display_properties",
    "DisplayedName": ".displayed_name",
    "EmptyObject": ".empty_object",
    "ErrorBody": ".error_body",
    "FocalPlane": ".focal_plane",
    "ImageInfo": ".image_info",
    "ImageInfoExamFreeFieldsType0Item": ".image_info_exam_free_fields_type_0_item",
    "InfoScope": ".info_scope",
    "InputTemplate": ".input_template",
    "InputType": ".input_type",
    "InvocationBase": ".invocation_base",
    "Label": ".label",
    "LaunchBlock": ".launch_block",
    "LaunchData": ".launch_data",
    "LaunchSlide": ".launch_slide",
    "ModifyInvocation": ".modify_invocation",
    "MultiAreaContent": ".multi_area_content",
    "MultiAreaInput": ".multi_area_input",
    "NewImageFilesInvocation": ".new_image_files_invocation",
    "OpticalPath": ".optical_path",
    "Patch": ".patch",
    "PatchAction": ".patch_action",
    "PatchActionState": ".patch_action_state",
    "PatchContent": ".patch_content",
    "PatchResultContent": ".patch_result_content",
    "Point": ".point",
    "Polygon": ".polygon",
    "Polyline": ".polyline",
    "PrimitiveItem": ".primitive_item",
    "PrimitiveResultContent": ".primitive_result_content",
    "QualityControlData": ".quality_control_data",
    "QualityControlStatus": ".quality_control_status",
    "QualityControlUpdate": ".quality_control_update",
    "Registration": ".registration",
    "Result": ".result",
    "ResultData": ".result_data",
    "ResultFields": ".result_fields",
    "ResultResponse": ".result_response",
    "ResultType": ".result_type",
    "Size": ".size",
    "SlideFilesMultipart": ".slide_files_multipart",
    "SlideFormat": ".slide_format",
    "Specimen": ".specimen",
    "Status": ".status",
    "Statuses": ".statuses",
    "Style": ".style",
    "TaggedPolygonContent": ".tagged_polygon_content",
    "TaggedPolygonInput": ".tagged_polygon_input",
    "TaggedPolygonInputContent": ".tagged_polygon_input_content",
    "TileFormat": ".tile_format",
    "TokenRequest": ".token_request",
    "TokenResponse": ".token_response",
    "UnknownCreateInput": ".unknown_create_input",
    "UnknownInvocation": ".unknown_invocation",
    "UnknownResultContent": ".unknown_result_content",
    "VersionedResult": ".versioned_result",
    "WholeSlideInput": ".whole_slide_input",
}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    model = getattr(import_module(module, __name__), name)
    globals()[name] = model
    return model


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = (
    "Action",
    "Application",
    "ApplicationInfo",
    "Arc",
    "Attachment",
    "AttachmentState",
    "CallbackInfo",
    "CancelInvocation",
    "CaseImageInfo",
    "ContextType0",
    "CreateInvocation",
    "DeleteInvocation",
    "DisplayedName",
    "DisplayProperties",
    "EmptyObject",
    "ErrorBody",
    "FocalPlane",
    "ImageInfo",
    "ImageInfoExamFreeFieldsType0Item",
    "InfoScope",
    "InputTemplate",
    "InputType",
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
    "QualityControlData",
    "QualityControlStatus",
    "QualityControlUpdate",
    "Registration",
    "Result",
    "ResultData",
    "ResultFields",
    "ResultResponse",
    "ResultType",
    "Size",
    "SlideFilesMultipart",
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
)
