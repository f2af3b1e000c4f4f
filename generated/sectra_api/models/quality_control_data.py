from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.quality_control_status import QualityControlStatus
from ..types import UNSET, Unset

T = TypeVar("T", bound="QualityControlData")


@_attrs_define
class QualityControlData:
    """A slide's quality-control state (IA-API 1.10).

    Attributes:
        status (QualityControlStatus | str): The verdict, one of `QualityControlStatus` or a status a newer server
            added.
        version_id (str): The state's version; send it back unchanged when setting a new status.
    """

    status: QualityControlStatus | str
    version_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str
        if isinstance(self.status, QualityControlStatus):
            status = self.status.value
        else:
            status = self.status

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

        def _parse_status(data: object) -> QualityControlStatus | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_0 = QualityControlStatus(data)

                return status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(QualityControlStatus | str, data)

        status = _parse_status(d.pop("status"))

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
