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
        type_ (InputType | str): The kind of input, one of `InputType` or a kind a newer server added.
        content (None | TaggedPolygonInputContent | Unset):
    """

    type_: InputType | str
    content: None | TaggedPolygonInputContent | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.tagged_polygon_input_content import TaggedPolygonInputContent  # noqa: PLC0415

        type_: str
        if isinstance(self.type_, InputType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        content: dict[str, Any] | None | Unset
        if isinstance(self.content, Unset):
            content = UNSET
        elif isinstance(self.content, TaggedPolygonInputContent):
            content = self.content.to_dict()
        else:
            content = self.content

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

        def _parse_type_(data: object) -> InputType | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_0 = InputType(data)

                return type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InputType | str, data)

        type_ = _parse_type_(d.pop("type"))

        def _parse_content(data: object) -> None | TaggedPolygonInputContent | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, dict):
                raise TypeError()
            content_type_0 = TaggedPolygonInputContent.from_dict(data)

            return content_type_0

        content = _parse_content(d.pop("content", UNSET))

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
