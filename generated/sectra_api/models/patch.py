from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.point import Point


T = TypeVar("T", bound="Patch")


@_attrs_define
class Patch:
    """One patch in a patch gallery.

    Attributes:
        tag (int): The patch's class, an index into the content's `tags`.
        position (Point): A point in width-normalised image coordinates: `x` runs from 0 to 1 across the image,
            `y` from 0 to height/width down it (both are fractions of the image **width**), origin
            at the top-left corner.
             Example: {'x': 0.25, 'y': 0.125}.
        sort_key_value (float): The value patches are sorted by in the gallery.
    """

    tag: int
    position: Point
    sort_key_value: float
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.point import Point  # noqa: PLC0415

        tag = self.tag

        position = self.position.to_dict()

        sort_key_value = self.sort_key_value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tag": tag,
                "position": position,
                "sortKeyValue": sort_key_value,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.point import Point  # noqa: PLC0415

        d = dict(src_dict)
        tag = d.pop("tag")

        position = Point.from_dict(d.pop("position"))

        sort_key_value = d.pop("sortKeyValue")

        patch = cls(
            tag=tag,
            position=position,
            sort_key_value=sort_key_value,
        )

        patch.additional_properties = d
        return patch

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
