from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, Literal, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.primitive_item import PrimitiveItem


T = TypeVar("T", bound="PrimitiveResultContent")


@_attrs_define
class PrimitiveResultContent:
    """A result drawn as shapes. Official examples send `content` as one object instead of a
    list; readers should accept both. Writers always send a list.

        Attributes:
            type_ (Literal['primitive']): Always `primitive`. Default: 'primitive'.
            content (list[PrimitiveItem]): The shape groups, each with its own style.
    """

    content: list[PrimitiveItem]
    type_: Literal["primitive"] = "primitive"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.primitive_item import PrimitiveItem  # noqa: PLC0415

        type_ = self.type_

        content = []
        for content_item_data in self.content:
            content_item = content_item_data.to_dict()
            content.append(content_item)

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
        from ..models.primitive_item import PrimitiveItem  # noqa: PLC0415

        d = dict(src_dict)
        type_ = cast(Literal["primitive"], d.pop("type"))
        if type_ != "primitive":
            raise ValueError(f"type must match const 'primitive', got '{type_}'")

        content = []
        _content = d.pop("content")
        for content_item_data in _content:
            content_item = PrimitiveItem.from_dict(content_item_data)

            content.append(content_item)

        primitive_result_content = cls(
            type_=type_,
            content=content,
        )

        primitive_result_content.additional_properties = d
        return primitive_result_content

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
