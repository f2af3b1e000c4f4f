from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Style")


@_attrs_define
class Style:
    """How primitives are drawn.

    Attributes:
        stroke_style (None | str | Unset): The line colour, a CSS colour such as `#FF0000`.
        fill_style (None | str | Unset): The fill colour, a CSS colour such as `rgba(255,0,0,0.3)`.
        size (int | None | Unset): The line width in screen pixels.
    """

    stroke_style: None | str | Unset = UNSET
    fill_style: None | str | Unset = UNSET
    size: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        stroke_style: None | str | Unset
        if isinstance(self.stroke_style, Unset):
            stroke_style = UNSET
        else:
            stroke_style = self.stroke_style

        fill_style: None | str | Unset
        if isinstance(self.fill_style, Unset):
            fill_style = UNSET
        else:
            fill_style = self.fill_style

        size: int | None | Unset
        if isinstance(self.size, Unset):
            size = UNSET
        else:
            size = self.size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if stroke_style is not UNSET:
            field_dict["strokeStyle"] = stroke_style
        if fill_style is not UNSET:
            field_dict["fillStyle"] = fill_style
        if size is not UNSET:
            field_dict["size"] = size

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_stroke_style(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        stroke_style = _parse_stroke_style(d.pop("strokeStyle", UNSET))

        def _parse_fill_style(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fill_style = _parse_fill_style(d.pop("fillStyle", UNSET))

        def _parse_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        size = _parse_size(d.pop("size", UNSET))

        style = cls(
            stroke_style=stroke_style,
            fill_style=fill_style,
            size=size,
        )

        style.additional_properties = d
        return style

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
