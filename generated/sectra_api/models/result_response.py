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


T = TypeVar("T", bound="ResultResponse")


@_attrs_define
class ResultResponse:
    """A stored result, with the `id` Sectra assigned and its current `versionId`.

    Attributes:
        slide_id (str): The slide the result belongs to (the invoking slide).
        display_result (str): The one-line summary shown in the annotation list, e.g. `Ki67 index: 18.5 %`.
        application_version (str): The version of the app that produced the result.
        data (ResultData): What a result shows, and the app's private context for it.
        id (int): The result's id, assigned by Sectra.
        version_id (str): The result's current version; send it back with an update. Every write changes it.
        display_properties (DisplayProperties | Unset): Name/value pairs shown in the result's popup, e.g.
            `{"Confidence": "95%"}`.
        attachments (list[Attachment] | Unset): Files attached to the result.
    """

    slide_id: str
    display_result: str
    application_version: str
    data: ResultData
    id: int
    version_id: str
    display_properties: DisplayProperties | Unset = UNSET
    attachments: list[Attachment] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.attachment import Attachment  # noqa: PLC0415
        from ..models.display_properties import DisplayProperties  # noqa: PLC0415
        from ..models.result_data import ResultData  # noqa: PLC0415

        slide_id = self.slide_id

        display_result = self.display_result

        application_version = self.application_version

        data = self.data.to_dict()

        id = self.id

        version_id = self.version_id

        display_properties: dict[str, Any] | Unset = UNSET
        if not isinstance(self.display_properties, Unset):
            display_properties = self.display_properties.to_dict()

        attachments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attachments, Unset):
            attachments = []
            for attachments_item_data in self.attachments:
                attachments_item = attachments_item_data.to_dict()
                attachments.append(attachments_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "slideId": slide_id,
                "displayResult": display_result,
                "applicationVersion": application_version,
                "data": data,
                "id": id,
                "versionId": version_id,
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

        id = d.pop("id")

        version_id = d.pop("versionId")

        _display_properties = d.pop("displayProperties", UNSET)
        display_properties: DisplayProperties | Unset
        if isinstance(_display_properties, Unset):
            display_properties = UNSET
        else:
            display_properties = DisplayProperties.from_dict(_display_properties)

        _attachments = d.pop("attachments", UNSET)
        attachments: list[Attachment] | Unset = UNSET
        if _attachments is not UNSET:
            attachments = []
            for attachments_item_data in _attachments:
                attachments_item = Attachment.from_dict(attachments_item_data)

                attachments.append(attachments_item)

        result_response = cls(
            slide_id=slide_id,
            display_result=display_result,
            application_version=application_version,
            data=data,
            id=id,
            version_id=version_id,
            display_properties=display_properties,
            attachments=attachments,
        )

        result_response.additional_properties = d
        return result_response

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
