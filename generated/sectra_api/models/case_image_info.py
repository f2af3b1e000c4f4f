from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.displayed_name import DisplayedName
    from ..models.specimen import Specimen


T = TypeVar("T", bound="CaseImageInfo")


@_attrs_define
class CaseImageInfo:
    """One slide of a case (IA-API 1.9).

    Attributes:
        id (str): The slide's id.
        staining (DisplayedName): A name as shown to users.
        block (DisplayedName): A name as shown to users.
        specimen (None | Specimen | Unset):
        series_instance_uid (None | str | Unset): The DICOM series instance UID (`includePHI=true`).
        lis_slide_id (None | str | Unset): The slide's id in the laboratory information system (`includePHI=true`).
    """

    id: str
    staining: DisplayedName
    block: DisplayedName
    specimen: None | Specimen | Unset = UNSET
    series_instance_uid: None | str | Unset = UNSET
    lis_slide_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.displayed_name import DisplayedName  # noqa: PLC0415
        from ..models.specimen import Specimen  # noqa: PLC0415

        id = self.id

        staining = self.staining.to_dict()

        block = self.block.to_dict()

        specimen: dict[str, Any] | None | Unset
        if isinstance(self.specimen, Unset):
            specimen = UNSET
        elif isinstance(self.specimen, Specimen):
            specimen = self.specimen.to_dict()
        else:
            specimen = self.specimen

        series_instance_uid: None | str | Unset
        if isinstance(self.series_instance_uid, Unset):
            series_instance_uid = UNSET
        else:
            series_instance_uid = self.series_instance_uid

        lis_slide_id: None | str | Unset
        if isinstance(self.lis_slide_id, Unset):
            lis_slide_id = UNSET
        else:
            lis_slide_id = self.lis_slide_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "staining": staining,
                "block": block,
            }
        )
        if specimen is not UNSET:
            field_dict["specimen"] = specimen
        if series_instance_uid is not UNSET:
            field_dict["seriesInstanceUid"] = series_instance_uid
        if lis_slide_id is not UNSET:
            field_dict["lisSlideId"] = lis_slide_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.displayed_name import DisplayedName  # noqa: PLC0415
        from ..models.specimen import Specimen  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        staining = DisplayedName.from_dict(d.pop("staining"))

        block = DisplayedName.from_dict(d.pop("block"))

        def _parse_specimen(data: object) -> None | Specimen | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, dict):
                raise TypeError()
            specimen_type_0 = Specimen.from_dict(data)

            return specimen_type_0

        specimen = _parse_specimen(d.pop("specimen", UNSET))

        def _parse_series_instance_uid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        series_instance_uid = _parse_series_instance_uid(d.pop("seriesInstanceUid", UNSET))

        def _parse_lis_slide_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        lis_slide_id = _parse_lis_slide_id(d.pop("lisSlideId", UNSET))

        case_image_info = cls(
            id=id,
            staining=staining,
            block=block,
            specimen=specimen,
            series_instance_uid=series_instance_uid,
            lis_slide_id=lis_slide_id,
        )

        case_image_info.additional_properties = d
        return case_image_info

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
