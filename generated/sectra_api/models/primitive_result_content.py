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
            content (list[PrimitiveItem] | PrimitiveItem): The shape groups, each with its own style; readers accept one
                group given as an object.
    """

    content: list[PrimitiveItem] | PrimitiveItem
    type_: Literal["primitive"] = "primitive"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.primitive_item import PrimitiveItem  # noqa: PLC0415

        type_ = self.type_

        content: dict[str, Any] | list[dict[str, Any]]
        if isinstance(self.content, list):
            content = []
            for content_type_0_item_data in self.content:
                content_type_0_item = content_type_0_item_data.to_dict()
                content.append(content_type_0_item)

        else:
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
        from ..models.primitive_item import PrimitiveItem  # noqa: PLC0415

        d = dict(src_dict)
        type_ = cast(Literal["primitive"], d.pop("type"))
        if type_ != "primitive":
            raise ValueError(f"type must match const 'primitive', got '{type_}'")

        def _parse_content(data: object) -> list[PrimitiveItem] | PrimitiveItem:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                content_type_0 = []
                _content_type_0 = data
                for content_type_0_item_data in _content_type_0:
                    content_type_0_item = PrimitiveItem.from_dict(content_type_0_item_data)

                    content_type_0.append(content_type_0_item)

                return content_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            content_type_1 = PrimitiveItem.from_dict(data)

            return content_type_1

        content = _parse_content(d.pop("content"))

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
