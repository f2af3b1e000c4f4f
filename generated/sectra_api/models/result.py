from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attachment import Attachment
    from ..models.display_properties import DisplayProperties
    from ..models.result_data import ResultData


T = TypeVar("T", bound="Result")


@_attrs_define
class Result:
    """A result as an app stores it, complete: what every writer sends (`POST
    /applications/{applicationId}/results`), with `data.result` set. Servers accept less
    (see `ResultFields`), and results read back may lack fields this one requires.

        Attributes:
            slide_id (str): The slide the result belongs to (the invoking slide).
            display_result (str): The one-line summary shown in the annotation list, e.g. `Ki67 index: 18.5 %`.
            application_version (str): The version of the app that produced the result.
            data (ResultData): What a result shows, and the app's private context for it. Results other apps stored
                may lack `result`; a new result (`Result`) always carries one.
            display_properties (DisplayProperties | None | Unset):
            attachments (list[Attachment] | None | Unset): Files attached to the result.
    """

    slide_id: str
    display_result: str
    application_version: str
    data: ResultData
    display_properties: DisplayProperties | None | Unset = UNSET
    attachments: list[Attachment] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.attachment import Attachment  # noqa: PLC0415
        from ..models.display_properties import DisplayProperties  # noqa: PLC0415
        from ..models.result_data import ResultData  # noqa: PLC0415

        slide_id = self.slide_id

        display_result = self.display_result

        application_version = self.application_version

        data = self.data.to_dict()

        display_properties: dict[str, Any] | None | Unset
        if isinstance(self.display_properties, Unset):
            display_properties = UNSET
        elif isinstance(self.display_properties, DisplayProperties):
            display_properties = self.display_properties.to_dict()
        else:
            display_properties = self.display_properties

        attachments: list[dict[str, Any]] | None | Unset
        if isinstance(self.attachments, Unset):
            attachments = UNSET
        elif isinstance(self.attachments, list):
            attachments = []
            for attachments_type_0_item_data in self.attachments:
                attachments_type_0_item = attachments_type_0_item_data.to_dict()
                attachments.append(attachments_type_0_item)

        else:
            attachments = self.attachments

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "slideId": slide_id,
                "displayResult": display_result,
                "applicationVersion": application_version,
                "data": data,
            }
        )
        if display_properties is not UNSET:
            field_dict["displayProperties"] = display_properties
        if attachments is not UNSET:
            field_dict["attachments"] = attachments

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attachment import Attachment  # noqa: PLC0415
        from ..models.display_properties import DisplayProperties  # noqa: PLC0415
        from ..models.result_data import ResultData  # noqa: PLC0415

        d = dict(src_dict)
        slide_id = d.pop("slideId")

        display_result = d.pop("displayResult")

        application_version = d.pop("applicationVersion")

        data = ResultData.from_dict(d.pop("data"))

        def _parse_display_properties(data: object) -> DisplayProperties | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, dict):
                raise TypeError()
            display_properties_type_0 = DisplayProperties.from_dict(data)

            return display_properties_type_0

        display_properties = _parse_display_properties(d.pop("displayProperties", UNSET))

        def _parse_attachments(data: object) -> list[Attachment] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, list):
                raise TypeError()
            attachments_type_0 = []
            _attachments_type_0 = data
            for attachments_type_0_item_data in _attachments_type_0:
                attachments_type_0_item = Attachment.from_dict(attachments_type_0_item_data)

                attachments_type_0.append(attachments_type_0_item)

            return attachments_type_0

        attachments = _parse_attachments(d.pop("attachments", UNSET))

        result = cls(
            slide_id=slide_id,
            display_result=display_result,
            application_version=application_version,
            data=data,
            display_properties=display_properties,
            attachments=attachments,
        )

        result.additional_properties = d
        return result

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
