from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.launch_slide import LaunchSlide


T = TypeVar("T", bound="LaunchBlock")


@_attrs_define
class LaunchBlock:
    """The selected slides of one block.

    Attributes:
        name (str): The block's name.
        slides (list[LaunchSlide]): The selected slides of this block.
    """

    name: str
    slides: list[LaunchSlide]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.launch_slide import LaunchSlide  # noqa: PLC0415

        name = self.name

        slides = []
        for slides_item_data in self.slides:
            slides_item = slides_item_data.to_dict()
            slides.append(slides_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "slides": slides,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.launch_slide import LaunchSlide  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        slides = []
        _slides = d.pop("slides")
        for slides_item_data in _slides:
            slides_item = LaunchSlide.from_dict(slides_item_data)

            slides.append(slides_item)

        launch_block = cls(
            name=name,
            slides=slides,
        )

        launch_block.additional_properties = d
        return launch_block

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
