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
    """A stored result, with the `id` Sectra assigned and its current `versionId`. It may lack
    what `ResultFields` does not require.

        Attributes:
            slide_id (str): The slide the result belongs to (the invoking slide).
            id (int): The result's id, assigned by Sectra.
            version_id (str): The result's current version; send it back with an update. Every write changes it.
            display_result (None | str | Unset): The one-line summary shown in the annotation list, e.g. `Ki67 index: 18.5
                %`.
            display_properties (DisplayProperties | None | Unset):
            application_version (None | str | Unset): The version of the app that produced the result.
            attachments (list[Attachment] | None | Unset): Files attached to the result.
            data (None | ResultData | Unset):
    """

    slide_id: str
    id: int
    version_id: str
    display_result: None | str | Unset = UNSET
    display_properties: DisplayProperties | None | Unset = UNSET
    application_version: None | str | Unset = UNSET
    attachments: list[Attachment] | None | Unset = UNSET
    data: None | ResultData | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.attachment import Attachment  # noqa: PLC0415
        from ..models.display_properties import DisplayProperties  # noqa: PLC0415
        from ..models.result_data import ResultData  # noqa: PLC0415

        slide_id = self.slide_id

        id = self.id

        version_id = self.version_id

        display_result: None | str | Unset
        if isinstance(self.display_result, Unset):
            display_result = UNSET
        else:
            display_result = self.display_result

        display_properties: dict[str, Any] | None | Unset
        if isinstance(self.display_properties, Unset):
            display_properties = UNSET
        elif isinstance(self.display_properties, DisplayProperties):
            display_properties = self.display_properties.to_dict()
        else:
            display_properties = self.display_properties

        application_version: None | str | Unset
        if isinstance(self.application_version, Unset):
            application_version = UNSET
        else:
            application_version = self.application_version

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

        data: dict[str, Any] | None | Unset
        if isinstance(self.data, Unset):
            data = UNSET
        elif isinstance(self.data, ResultData):
            data = self.data.to_dict()
        else:
            data = self.data

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "slideId": slide_id,
                "id": id,
                "versionId": version_id,
            }
        )
        if display_result is not UNSET:
            field_dict["displayResult"] = display_result
        if display_properties is not UNSET:
            field_dict["displayProperties"] = display_properties
        if application_version is not UNSET:
            field_dict["applicationVersion"] = application_version
        if attachments is not UNSET:
            field_dict["attachments"] = attachments
        if data is not UNSET:
            field_dict["data"] = data

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attachment import Attachment  # noqa: PLC0415
        from ..models.display_properties import DisplayProperties  # noqa: PLC0415
        from ..models.result_data import ResultData  # noqa: PLC0415

        d = dict(src_dict)
        slide_id = d.pop("slideId")

        id = d.pop("id")

        version_id = d.pop("versionId")

        def _parse_display_result(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        display_result = _parse_display_result(d.pop("displayResult", UNSET))

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

        def _parse_application_version(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        application_version = _parse_application_version(d.pop("applicationVersion", UNSET))

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

        def _parse_data(data: object) -> None | ResultData | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, dict):
                raise TypeError()
            data_type_0 = ResultData.from_dict(data)

            return data_type_0

        data = _parse_data(d.pop("data", UNSET))

        result_response = cls(
            slide_id=slide_id,
            id=id,
            version_id=version_id,
            display_result=display_result,
            display_properties=display_properties,
            application_version=application_version,
            attachments=attachments,
            data=data,
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
