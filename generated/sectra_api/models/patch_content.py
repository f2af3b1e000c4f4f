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
        statuses (Statuses | Unset): Switches for the patch gallery.
        actions (list[PatchAction] | Unset): Buttons shown with the gallery.
    """

    description: str
    polygons: list[Polygon]
    patches: list[Patch]
    tags: list[str]
    patch_size: int
    magnification: float
    statuses: Statuses | Unset = UNSET
    actions: list[PatchAction] | Unset = UNSET
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

        statuses: dict[str, Any] | Unset = UNSET
        if not isinstance(self.statuses, Unset):
            statuses = self.statuses.to_dict()

        actions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.actions, Unset):
            actions = []
            for actions_item_data in self.actions:
                actions_item = actions_item_data.to_dict()
                actions.append(actions_item)

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

        _statuses = d.pop("statuses", UNSET)
        statuses: Statuses | Unset
        if isinstance(_statuses, Unset):
            statuses = UNSET
        else:
            statuses = Statuses.from_dict(_statuses)

        _actions = d.pop("actions", UNSET)
        actions: list[PatchAction] | Unset = UNSET
        if _actions is not UNSET:
            actions = []
            for actions_item_data in _actions:
                actions_item = PatchAction.from_dict(actions_item_data)

                actions.append(actions_item)

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
