from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, Literal, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.callback_info import CallbackInfo
    from ..models.context_type_0 import ContextType0
    from ..models.image_info import ImageInfo
    from ..models.multi_area_input import MultiAreaInput
    from ..models.tagged_polygon_input import TaggedPolygonInput
    from ..models.unknown_create_input import UnknownCreateInput
    from ..models.whole_slide_input import WholeSlideInput


T = TypeVar("T", bound="NewImageFilesInvocation")


@_attrs_define
class NewImageFilesInvocation:
    """An image notification (`POST U/imagenotification`) about a newly imported slide.

    Attributes:
        application_id (str): The invoked application's id.
        slide_id (str): The slide the invocation is about.
        callback_info (CallbackInfo): Where and how the app calls back into Sectra for this invocation.
        action (Literal['newImageFiles']): Always `newImageFiles`. Default: 'newImageFiles'.
        image_info (ImageInfo): A slide's metadata (`GET /slides/{slideId}/info`, and `imageInfo` in image
            notifications). The fields after `qualityControl` are present only with
            `scope=extended` and/or `includePHI=true`; treat them all as optional. Fields marked
            `x-sectra-phi` identify the patient or the case: never log them.
             Example: {'id': '1.2.752.24.10.1.4', 'isStreamable': True, 'imageSize': {'width': 100000, 'height': 80000},
            'tileSize': {'width': 256, 'height': 256}, 'micronsPerPixel': 0.25, 'focalPlanes': [{'id': '0', 'offsetUm': 0}],
            'opticalPaths': [{'id': '0', 'description': 'Brightfield'}], 'storedTileFormat': {'mimeType': 'image/jpeg',
            'extension': 'jpg'}, 'availableTileFormats': [{'mimeType': 'image/jpeg', 'extension': 'jpg'}], 'fileFormat':
            {'mimeType': 'image/tiff'}, 'staining': {'displayName': 'H&E'}, 'block': {'displayName': 'A1'}, 'specimen':
            {'anatomy': 'Breast', 'description': 'Core needle biopsy'}, 'qualityControl': {'status': 'NotSet', 'versionId':
            '1'}}.
        context (ContextType0 | None | Unset): The app's private JSON object: set in the registration and echoed back in
            invocations,
            or stored with a result. Sectra does not interpret it; keep it small. Absent or `null`
            means empty.
        cancellation_token (None | str | Unset): Identifies one analysis run; a later `cancel` carries the same token.
        input_ (MultiAreaInput | None | TaggedPolygonInput | UnknownCreateInput | Unset | WholeSlideInput): What to run
            on; absent means the whole slide.
    """

    application_id: str
    slide_id: str
    callback_info: CallbackInfo
    image_info: ImageInfo
    action: Literal["newImageFiles"] = "newImageFiles"
    context: ContextType0 | None | Unset = UNSET
    cancellation_token: None | str | Unset = UNSET
    input_: (
        MultiAreaInput | None | TaggedPolygonInput | UnknownCreateInput | Unset | WholeSlideInput
    ) = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.callback_info import CallbackInfo  # noqa: PLC0415
        from ..models.context_type_0 import ContextType0  # noqa: PLC0415
        from ..models.image_info import ImageInfo  # noqa: PLC0415
        from ..models.multi_area_input import MultiAreaInput  # noqa: PLC0415
        from ..models.tagged_polygon_input import TaggedPolygonInput  # noqa: PLC0415
        from ..models.unknown_create_input import UnknownCreateInput  # noqa: PLC0415
        from ..models.whole_slide_input import WholeSlideInput  # noqa: PLC0415

        application_id = self.application_id

        slide_id = self.slide_id

        callback_info = self.callback_info.to_dict()

        action = self.action

        image_info = self.image_info.to_dict()

        context: dict[str, Any] | None | Unset
        if isinstance(self.context, Unset):
            context = UNSET
        elif isinstance(self.context, ContextType0):
            context = self.context.to_dict()
        else:
            context = self.context

        cancellation_token: None | str | Unset
        if isinstance(self.cancellation_token, Unset):
            cancellation_token = UNSET
        else:
            cancellation_token = self.cancellation_token

        input_: dict[str, Any] | None | Unset
        if isinstance(self.input_, Unset):
            input_ = UNSET
        elif isinstance(self.input_, WholeSlideInput):
            input_ = self.input_.to_dict()
        elif isinstance(self.input_, TaggedPolygonInput):
            input_ = self.input_.to_dict()
        elif isinstance(self.input_, MultiAreaInput):
            input_ = self.input_.to_dict()
        elif isinstance(self.input_, UnknownCreateInput):
            input_ = self.input_.to_dict()
        else:
            input_ = self.input_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "applicationId": application_id,
                "slideId": slide_id,
                "callbackInfo": callback_info,
                "action": action,
                "imageInfo": image_info,
            }
        )
        if context is not UNSET:
            field_dict["context"] = context
        if cancellation_token is not UNSET:
            field_dict["cancellationToken"] = cancellation_token
        if input_ is not UNSET:
            field_dict["input"] = input_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.callback_info import CallbackInfo  # noqa: PLC0415
        from ..models.context_type_0 import ContextType0  # noqa: PLC0415
        from ..models.image_info import ImageInfo  # noqa: PLC0415
        from ..models.multi_area_input import MultiAreaInput  # noqa: PLC0415
        from ..models.tagged_polygon_input import TaggedPolygonInput  # noqa: PLC0415
        from ..models.unknown_create_input import UnknownCreateInput  # noqa: PLC0415
        from ..models.whole_slide_input import WholeSlideInput  # noqa: PLC0415

        d = dict(src_dict)
        application_id = d.pop("applicationId")

        slide_id = d.pop("slideId")

        callback_info = CallbackInfo.from_dict(d.pop("callbackInfo"))

        action = cast(Literal["newImageFiles"], d.pop("action"))
        if action != "newImageFiles":
            raise ValueError(f"action must match const 'newImageFiles', got '{action}'")

        image_info = ImageInfo.from_dict(d.pop("imageInfo"))

        def _parse_context(data: object) -> ContextType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_context_type_0 = ContextType0.from_dict(data)

            return componentsschemas_context_type_0

        context = _parse_context(d.pop("context", UNSET))

        def _parse_cancellation_token(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cancellation_token = _parse_cancellation_token(d.pop("cancellationToken", UNSET))

        def _parse_input_(
            data: object,
        ) -> (
            MultiAreaInput
            | None
            | TaggedPolygonInput
            | UnknownCreateInput
            | Unset
            | WholeSlideInput
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_create_input_type_0 = WholeSlideInput.from_dict(data)

                return componentsschemas_create_input_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_create_input_type_1 = TaggedPolygonInput.from_dict(data)

                return componentsschemas_create_input_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_create_input_type_2 = MultiAreaInput.from_dict(data)

                return componentsschemas_create_input_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            if data.get("type") in (
                "wholeSlide",
                "taggedPolygon",
                "multiArea",
            ):
                raise ValueError("an object with a known type that does not match its schema")

            componentsschemas_create_input_type_3 = UnknownCreateInput.from_dict(data)

            return componentsschemas_create_input_type_3

        input_ = _parse_input_(d.pop("input", UNSET))

        new_image_files_invocation = cls(
            application_id=application_id,
            slide_id=slide_id,
            callback_info=callback_info,
            action=action,
            image_info=image_info,
            context=context,
            cancellation_token=cancellation_token,
            input_=input_,
        )

        new_image_files_invocation.additional_properties = d
        return new_image_files_invocation

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
