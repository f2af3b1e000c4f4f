from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.patch import Patch
    from ..models.patch_action import PatchAction
    from ..models.polygon import Polygon
    from ..models.statuses import Statuses


T = TypeVar("T", bound="PatchContent")


@_attrs_define
class PatchContent:
    """A patch gallery.

    Attributes:
        description (str): Shown above the gallery.
        polygons (list[Polygon]): The areas the patches were taken from.
        patches (list[Patch]): The patches shown in the gallery.
        tags (list[str]): The patch classes, at most five.
        patch_size (int): The patch side in pixels.
        magnification (float): The magnification patches are shown at.
        statuses (None | Statuses | Unset):
        actions (list[PatchAction] | None | Unset): Buttons shown with the gallery.
    """

    description: str
    polygons: list[Polygon]
    patches: list[Patch]
    tags: list[str]
    patch_size: int
    magnification: float
    statuses: None | Statuses | Unset = UNSET
    actions: list[PatchAction] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.patch import Patch  # noqa: PLC0415
        from ..models.patch_action import PatchAction  # noqa: PLC0415
        from ..models.polygon import Polygon  # noqa: PLC0415
        from ..models.statuses import Statuses  # noqa: PLC0415

        description = self.description

        polygons = []
        for polygons_item_data in self.polygons:
            polygons_item = polygons_item_data.to_dict()
            polygons.append(polygons_item)

        patches = []
        for patches_item_data in self.patches:
            patches_item = patches_item_data.to_dict()
            patches.append(patches_item)

        tags = self.tags

        patch_size = self.patch_size

        magnification = self.magnification

        statuses: dict[str, Any] | None | Unset
        if isinstance(self.statuses, Unset):
            statuses = UNSET
        elif isinstance(self.statuses, Statuses):
            statuses = self.statuses.to_dict()
        else:
            statuses = self.statuses

        actions: list[dict[str, Any]] | None | Unset
        if isinstance(self.actions, Unset):
            actions = UNSET
        elif isinstance(self.actions, list):
            actions = []
            for actions_type_0_item_data in self.actions:
                actions_type_0_item = actions_type_0_item_data.to_dict()
                actions.append(actions_type_0_item)

        else:
            actions = self.actions

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "description": description,
                "polygons": polygons,
                "patches": patches,
                "tags": tags,
                "patchSize": patch_size,
                "magnification": magnification,
            }
        )
        if statuses is not UNSET:
            field_dict["statuses"] = statuses
        if actions is not UNSET:
            field_dict["actions"] = actions

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.patch import Patch  # noqa: PLC0415
        from ..models.patch_action import PatchAction  # noqa: PLC0415
        from ..models.polygon import Polygon  # noqa: PLC0415
        from ..models.statuses import Statuses  # noqa: PLC0415

        d = dict(src_dict)
        description = d.pop("description")

        polygons = []
        _polygons = d.pop("polygons")
        for polygons_item_data in _polygons:
            polygons_item = Polygon.from_dict(polygons_item_data)

            polygons.append(polygons_item)

        patches = []
        _patches = d.pop("patches")
        for patches_item_data in _patches:
            patches_item = Patch.from_dict(patches_item_data)

            patches.append(patches_item)

        tags = cast(list[str], d.pop("tags"))

        patch_size = d.pop("patchSize")

        magnification = d.pop("magnification")

        def _parse_statuses(data: object) -> None | Statuses | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, dict):
                raise TypeError()
            statuses_type_0 = Statuses.from_dict(data)

            return statuses_type_0

        statuses = _parse_statuses(d.pop("statuses", UNSET))

        def _parse_actions(data: object) -> list[PatchAction] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, list):
                raise TypeError()
            actions_type_0 = []
            _actions_type_0 = data
            for actions_type_0_item_data in _actions_type_0:
                actions_type_0_item = PatchAction.from_dict(actions_type_0_item_data)

                actions_type_0.append(actions_type_0_item)

            return actions_type_0

        actions = _parse_actions(d.pop("actions", UNSET))

        patch_content = cls(
            description=description,
            polygons=polygons,
            patches=patches,
            tags=tags,
            patch_size=patch_size,
            magnification=magnification,
            statuses=statuses,
            actions=actions,
        )

        patch_content.additional_properties = d
        return patch_content

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
