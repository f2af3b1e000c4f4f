from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.quality_control_status import QualityControlStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="QualityControlData")


@_attrs_define
class QualityControlData:
    """A slide's quality-control state (IA-API 1.10).

    Attributes:
        status (QualityControlStatus): A slide's quality-control verdict.
        version_id (str): The state's version; send it back unchanged when setting a new status.
    """

    status: QualityControlStatus
    version_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.value

        version_id = self.version_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "versionId": version_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status = QualityControlStatus(d.pop("status"))

        version_id = d.pop("versionId")

        quality_control_data = cls(
            status=status,
            version_id=version_id,
        )

        quality_control_data.additional_properties = d
        return quality_control_data

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
