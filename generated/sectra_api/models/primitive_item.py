from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.arc import Arc
    from ..models.label import Label
    from ..models.polygon import Polygon
    from ..models.polyline import Polyline
    from ..models.style import Style


T = TypeVar("T", bound="PrimitiveItem")


@_attrs_define
class PrimitiveItem:
    """A group of shapes drawn with one style. Coordinates are width-normalised (see `Point`).

    Attributes:
        style (Style | Unset): How primitives are drawn.
        polygons (list[Polygon] | Unset): Closed shapes.
        polylines (list[Polyline] | Unset): Open lines.
        arcs (list[Arc] | Unset): Circular arcs.
        labels (list[Label] | Unset): Text labels.
    """

    style: Style | Unset = UNSET
    polygons: list[Polygon] | Unset = UNSET
    polylines: list[Polyline] | Unset = UNSET
    arcs: list[Arc] | Unset = UNSET
    labels: list[Label] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.arc import Arc  # noqa: PLC0415
        from ..models.label import Label  # noqa: PLC0415
        from ..models.polygon import Polygon  # noqa: PLC0415
        from ..models.polyline import Polyline  # noqa: PLC0415
        from ..models.style import Style  # noqa: PLC0415

        style: dict[str, Any] | Unset = UNSET
        if not isinstance(self.style, Unset):
            style = self.style.to_dict()

        polygons: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.polygons, Unset):
            polygons = []
            for polygons_item_data in self.polygons:
                polygons_item = polygons_item_data.to_dict()
                polygons.append(polygons_item)

        polylines: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.polylines, Unset):
            polylines = []
            for polylines_item_data in self.polylines:
                polylines_item = polylines_item_data.to_dict()
                polylines.append(polylines_item)

        arcs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.arcs, Unset):
            arcs = []
            for arcs_item_data in self.arcs:
                arcs_item = arcs_item_data.to_dict()
                arcs.append(arcs_item)

        labels: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.labels, Unset):
            labels = []
            for labels_item_data in self.labels:
                labels_item = labels_item_data.to_dict()
                labels.append(labels_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if style is not UNSET:
            field_dict["style"] = style
        if polygons is not UNSET:
            field_dict["polygons"] = polygons
        if polylines is not UNSET:
            field_dict["polylines"] = polylines
        if arcs is not UNSET:
            field_dict["arcs"] = arcs
        if labels is not UNSET:
            field_dict["labels"] = labels

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.arc import Arc  # noqa: PLC0415
        from ..models.label import Label  # noqa: PLC0415
        from ..models.polygon import Polygon  # noqa: PLC0415
        from ..models.polyline import Polyline  # noqa: PLC0415
        from ..models.style import Style  # noqa: PLC0415

        d = dict(src_dict)
        _style = d.pop("style", UNSET)
        style: Style | Unset
        if isinstance(_style, Unset):
            style = UNSET
        else:
            style = Style.from_dict(_style)

        _polygons = d.pop("polygons", UNSET)
        polygons: list[Polygon] | Unset = UNSET
        if _polygons is not UNSET:
            polygons = []
            for polygons_item_data in _polygons:
                polygons_item = Polygon.from_dict(polygons_item_data)

                polygons.append(polygons_item)

        _polylines = d.pop("polylines", UNSET)
        polylines: list[Polyline] | Unset = UNSET
        if _polylines is not UNSET:
            polylines = []
            for polylines_item_data in _polylines:
                polylines_item = Polyline.from_dict(polylines_item_data)

                polylines.append(polylines_item)

        _arcs = d.pop("arcs", UNSET)
        arcs: list[Arc] | Unset = UNSET
        if _arcs is not UNSET:
            arcs = []
            for arcs_item_data in _arcs:
                arcs_item = Arc.from_dict(arcs_item_data)

                arcs.append(arcs_item)

        _labels = d.pop("labels", UNSET)
        labels: list[Label] | Unset = UNSET
        if _labels is not UNSET:
            labels = []
            for labels_item_data in _labels:
                labels_item = Label.from_dict(labels_item_data)

                labels.append(labels_item)

        primitive_item = cls(
            style=style,
            polygons=polygons,
            polylines=polylines,
            arcs=arcs,
            labels=labels,
        )

        primitive_item.additional_properties = d
        return primitive_item

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
