from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.status import Status


T = TypeVar("T", bound="Statuses")


@_attrs_define
class Statuses:
    """Switches for the patch gallery.

    Attributes:
        allow_verify (None | Status | Unset): Whether the user may verify the result.
    """

    allow_verify: None | Status | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.status import Status  # noqa: PLC0415

        allow_verify: dict[str, Any] | None | Unset
        if isinstance(self.allow_verify, Unset):
            allow_verify = UNSET
        elif isinstance(self.allow_verify, Status):
            allow_verify = self.allow_verify.to_dict()
        else:
            allow_verify = self.allow_verify

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if allow_verify is not UNSET:
            field_dict["allowVerify"] = allow_verify

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.status import Status  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_allow_verify(data: object) -> None | Status | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, dict):
                raise TypeError()
            allow_verify_type_0 = Status.from_dict(data)

            return allow_verify_type_0

        allow_verify = _parse_allow_verify(d.pop("allowVerify", UNSET))

        statuses = cls(
            allow_verify=allow_verify,
        )

        statuses.additional_properties = d
        return statuses

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
