from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.input_type import InputType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.tagged_polygon_input_content import TaggedPolygonInputContent


T = TypeVar("T", bound="InputTemplate")


@_attrs_define
class InputTemplate:
    """The kind of input the app asks for when a user runs it.

    Attributes:
        type_ (InputType): The kind of input a user gives the app when running it.
        content (TaggedPolygonInputContent | Unset): The tags a user chooses from when drawing a tagged polygon.
    """

    type_: InputType
    content: TaggedPolygonInputContent | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.tagged_polygon_input_content import TaggedPolygonInputContent  # noqa: PLC0415

        type_ = self.type_.value

        content: dict[str, Any] | Unset = UNSET
        if not isinstance(self.content, Unset):
            content = self.content.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if content is not UNSET:
            field_dict["content"] = content

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tagged_polygon_input_content import TaggedPolygonInputContent  # noqa: PLC0415

        d = dict(src_dict)
        type_ = InputType(d.pop("type"))

        _content = d.pop("content", UNSET)
        content: TaggedPolygonInputContent | Unset
        if isinstance(_content, Unset):
            content = UNSET
        else:
            content = TaggedPolygonInputContent.from_dict(_content)

        input_template = cls(
            type_=type_,
            content=content,
        )

        input_template.additional_properties = d
        return input_template

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
