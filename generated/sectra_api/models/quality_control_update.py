from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.quality_control_data import QualityControlData


T = TypeVar("T", bound="QualityControlUpdate")


@_attrs_define
class QualityControlUpdate:
    """The body that sets a slide's quality-control status (IA-API 1.10).

    Example:
        {'applicationVersion': '1.0.0', 'qualityControl': {'status': 'QualityOk', 'versionId': '7f3a2c'}}

    Attributes:
        application_version (str): The version of the app setting the status.
        quality_control (QualityControlData): A slide's quality-control state (IA-API 1.10).
    """

    application_version: str
    quality_control: QualityControlData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.quality_control_data import QualityControlData  # noqa: PLC0415

        application_version = self.application_version

        quality_control = self.quality_control.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "applicationVersion": application_version,
                "qualityControl": quality_control,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.quality_control_data import QualityControlData  # noqa: PLC0415

        d = dict(src_dict)
        application_version = d.pop("applicationVersion")

        quality_control = QualityControlData.from_dict(d.pop("qualityControl"))

        quality_control_update = cls(
            application_version=application_version,
            quality_control=quality_control,
        )

        quality_control_update.additional_properties = d
        return quality_control_update

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
