from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, Literal, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.multi_area_content import MultiAreaContent


T = TypeVar("T", bound="MultiAreaInput")


@_attrs_define
class MultiAreaInput:
    """Run the app on several areas the user drew.

    Attributes:
        type_ (Literal['multiArea']): Always `multiArea`. Default: 'multiArea'.
        content (MultiAreaContent): The areas a user drew.
    """

    content: MultiAreaContent
    type_: Literal["multiArea"] = "multiArea"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.multi_area_content import MultiAreaContent  # noqa: PLC0415

        type_ = self.type_

        content = self.content.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "content": content,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.multi_area_content import MultiAreaContent  # noqa: PLC0415

        d = dict(src_dict)
        type_ = cast(Literal["multiArea"], d.pop("type"))
        if type_ != "multiArea":
            raise ValueError(f"type must match const 'multiArea', got '{type_}'")

        content = MultiAreaContent.from_dict(d.pop("content"))

        multi_area_input = cls(
            type_=type_,
            content=content,
        )

        multi_area_input.additional_properties = d
        return multi_area_input

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
