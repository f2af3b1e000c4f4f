from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, BinaryIO, Generator, TextIO, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.displayed_name import DisplayedName
    from ..models.focal_plane import FocalPlane
    from ..models.image_info_exam_free_fields_type_0_item import ImageInfoExamFreeFieldsType0Item
    from ..models.optical_path import OpticalPath
    from ..models.quality_control_data import QualityControlData
    from ..models.size import Size
    from ..models.slide_format import SlideFormat
    from ..models.specimen import Specimen
    from ..models.tile_format import TileFormat


T = TypeVar("T", bound="ImageInfo")


@_attrs_define
class ImageInfo:
    """A slide's metadata (`GET /slides/{slideId}/info`, and `imageInfo` in image
    notifications). The fields after `qualityControl` are present only with
    `scope=extended` and/or `includePHI=true`; treat them all as optional. Fields marked
    `x-sectra-phi` identify the patient or the case: never log them.

        Example:
            {'id': '1.2.752.24.10.1.4', 'isStreamable': True, 'imageSize': {'width': 100000, 'height': 80000}, 'tileSize':
                {'width': 256, 'height': 256}, 'micronsPerPixel': 0.25, 'focalPlanes': [{'id': '0', 'offsetUm': 0}],
                'opticalPaths': [{'id': '0', 'description': 'Brightfield'}], 'storedTileFormat': {'mimeType': 'image/jpeg',
                'extension': 'jpg'}, 'availableTileFormats': [{'mimeType': 'image/jpeg', 'extension': 'jpg'}], 'fileFormat':
                {'mimeType': 'image/tiff'}, 'staining': {'displayName': 'H&E'}, 'block': {'displayName': 'A1'}, 'specimen':
                {'anatomy': 'Breast', 'description': 'Core needle biopsy'}, 'qualityControl': {'status': 'NotSet', 'versionId':
                '1'}}

        Attributes:
            id (str): The slide's id.
            is_streamable (bool): `false` when the slide has too few pyramid levels to serve tiles: use the slide files
                instead.
            image_size (Size): A size in pixels. Example: {'width': 100000, 'height': 80000}.
            tile_size (Size): A size in pixels. Example: {'width': 100000, 'height': 80000}.
            microns_per_pixel (float): The full-resolution pixel spacing, in micrometres per pixel.
            focal_planes (list[FocalPlane]): The slide's focal planes; one for most slides.
            optical_paths (list[OpticalPath]): The slide's optical paths (channels); one for brightfield slides.
            stored_tile_format (TileFormat): An image format tiles can be served in.
            available_tile_formats (list[TileFormat]): The formats tiles can be requested in.
            file_format (SlideFormat): The format of the slide's original files.
            staining (DisplayedName): A name as shown to users.
            block (DisplayedName): A name as shown to users.
            specimen (None | Specimen | Unset):
            quality_control (None | QualityControlData | Unset): The quality-control state (IA-API 1.10).
            body_part (None | str | Unset): The body part examined (`scope=extended`).
            exam_code (None | str | Unset): The exam code (`scope=extended`).
            exam_description (None | str | Unset): The exam description (`scope=extended`).
            station_name (None | str | Unset): The scanner's station name (`scope=extended`).
            priority (int | None | Unset): The exam priority (`scope=extended`).
            series_instance_uid (None | str | Unset): The DICOM series instance UID (`includePHI=true`).
            lis_slide_id (None | str | Unset): The slide's id in the laboratory information system (`includePHI=true`).
            accession_number (None | str | Unset): The case's accession number (`includePHI=true`).
            accession_number_issuer (None | str | Unset): The issuer of the accession number (`includePHI=true`).
            study_instance_uid (None | str | Unset): The DICOM study instance UID (`includePHI=true`).
            exam_id (None | str | Unset): The exam's id (`includePHI=true`).
            exam_date_time (None | str | Unset): When the exam took place, as the server formats it (`includePHI=true`).
            exam_free_fields (list[ImageInfoExamFreeFieldsType0Item] | None | Unset): Free-form exam fields, each a map of
                names to values (`includePHI=true`).
    """

    id: str
    is_streamable: bool
    image_size: Size
    tile_size: Size
    microns_per_pixel: float
    focal_planes: list[FocalPlane]
    optical_paths: list[OpticalPath]
    stored_tile_format: TileFormat
    available_tile_formats: list[TileFormat]
    file_format: SlideFormat
    staining: DisplayedName
    block: DisplayedName
    specimen: None | Specimen | Unset = UNSET
    quality_control: None | QualityControlData | Unset = UNSET
    body_part: None | str | Unset = UNSET
    exam_code: None | str | Unset = UNSET
    exam_description: None | str | Unset = UNSET
    station_name: None | str | Unset = UNSET
    priority: int | None | Unset = UNSET
    series_instance_uid: None | str | Unset = UNSET
    lis_slide_id: None | str | Unset = UNSET
    accession_number: None | str | Unset = UNSET
    accession_number_issuer: None | str | Unset = UNSET
    study_instance_uid: None | str | Unset = UNSET
    exam_id: None | str | Unset = UNSET
    exam_date_time: None | str | Unset = UNSET
    exam_free_fields: list[ImageInfoExamFreeFieldsType0Item] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.displayed_name import DisplayedName  # noqa: PLC0415
        from ..models.focal_plane import FocalPlane  # noqa: PLC0415
        from ..models.image_info_exam_free_fields_type_0_item import (
            ImageInfoExamFreeFieldsType0Item,  # noqa: PLC0415
        )
        from ..models.optical_path import OpticalPath  # noqa: PLC0415
        from ..models.quality_control_data import QualityControlData  # noqa: PLC0415
        from ..models.size import Size  # noqa: PLC0415
        from ..models.slide_format import SlideFormat  # noqa: PLC0415
        from ..models.specimen import Specimen  # noqa: PLC0415
        from ..models.tile_format import TileFormat  # noqa: PLC0415

        id = self.id

        is_streamable = self.is_streamable

        image_size = self.image_size.to_dict()

        tile_size = self.tile_size.to_dict()

        microns_per_pixel = self.microns_per_pixel

        focal_planes = []
        for focal_planes_item_data in self.focal_planes:
            focal_planes_item = focal_planes_item_data.to_dict()
            focal_planes.append(focal_planes_item)

        optical_paths = []
        for optical_paths_item_data in self.optical_paths:
            optical_paths_item = optical_paths_item_data.to_dict()
            optical_paths.append(optical_paths_item)

        stored_tile_format = self.stored_tile_format.to_dict()

        available_tile_formats = []
        for available_tile_formats_item_data in self.available_tile_formats:
            available_tile_formats_item = available_tile_formats_item_data.to_dict()
            available_tile_formats.append(available_tile_formats_item)

        file_format = self.file_format.to_dict()

        staining = self.staining.to_dict()

        block = self.block.to_dict()

        specimen: dict[str, Any] | None | Unset
        if isinstance(self.specimen, Unset):
            specimen = UNSET
        elif isinstance(self.specimen, Specimen):
            specimen = self.specimen.to_dict()
        else:
            specimen = self.specimen

        quality_control: dict[str, Any] | None | Unset
        if isinstance(self.quality_control, Unset):
            quality_control = UNSET
        elif isinstance(self.quality_control, QualityControlData):
            quality_control = self.quality_control.to_dict()
        else:
            quality_control = self.quality_control

        body_part: None | str | Unset
        if isinstance(self.body_part, Unset):
            body_part = UNSET
        else:
            body_part = self.body_part

        exam_code: None | str | Unset
        if isinstance(self.exam_code, Unset):
            exam_code = UNSET
        else:
            exam_code = self.exam_code

        exam_description: None | str | Unset
        if isinstance(self.exam_description, Unset):
            exam_description = UNSET
        else:
            exam_description = self.exam_description

        station_name: None | str | Unset
        if isinstance(self.station_name, Unset):
            station_name = UNSET
        else:
            station_name = self.station_name

        priority: int | None | Unset
        if isinstance(self.priority, Unset):
            priority = UNSET
        else:
            priority = self.priority

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

        accession_number: None | str | Unset
        if isinstance(self.accession_number, Unset):
            accession_number = UNSET
        else:
            accession_number = self.accession_number

        accession_number_issuer: None | str | Unset
        if isinstance(self.accession_number_issuer, Unset):
            accession_number_issuer = UNSET
        else:
            accession_number_issuer = self.accession_number_issuer

        study_instance_uid: None | str | Unset
        if isinstance(self.study_instance_uid, Unset):
            study_instance_uid = UNSET
        else:
            study_instance_uid = self.study_instance_uid

        exam_id: None | str | Unset
        if isinstance(self.exam_id, Unset):
            exam_id = UNSET
        else:
            exam_id = self.exam_id

        exam_date_time: None | str | Unset
        if isinstance(self.exam_date_time, Unset):
            exam_date_time = UNSET
        else:
            exam_date_time = self.exam_date_time

        exam_free_fields: list[dict[str, Any]] | None | Unset
        if isinstance(self.exam_free_fields, Unset):
            exam_free_fields = UNSET
        elif isinstance(self.exam_free_fields, list):
            exam_free_fields = []
            for exam_free_fields_type_0_item_data in self.exam_free_fields:
                exam_free_fields_type_0_item = exam_free_fields_type_0_item_data.to_dict()
                exam_free_fields.append(exam_free_fields_type_0_item)

        else:
            exam_free_fields = self.exam_free_fields

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "isStreamable": is_streamable,
                "imageSize": image_size,
                "tileSize": tile_size,
                "micronsPerPixel": microns_per_pixel,
                "focalPlanes": focal_planes,
                "opticalPaths": optical_paths,
                "storedTileFormat": stored_tile_format,
                "availableTileFormats": available_tile_formats,
                "fileFormat": file_format,
                "staining": staining,
                "block": block,
            }
        )
        if specimen is not UNSET:
            field_dict["specimen"] = specimen
        if quality_control is not UNSET:
            field_dict["qualityControl"] = quality_control
        if body_part is not UNSET:
            field_dict["bodyPart"] = body_part
        if exam_code is not UNSET:
            field_dict["examCode"] = exam_code
        if exam_description is not UNSET:
            field_dict["examDescription"] = exam_description
        if station_name is not UNSET:
            field_dict["stationName"] = station_name
        if priority is not UNSET:
            field_dict["priority"] = priority
        if series_instance_uid is not UNSET:
            field_dict["seriesInstanceUid"] = series_instance_uid
        if lis_slide_id is not UNSET:
            field_dict["lisSlideId"] = lis_slide_id
        if accession_number is not UNSET:
            field_dict["accessionNumber"] = accession_number
        if accession_number_issuer is not UNSET:
            field_dict["accessionNumberIssuer"] = accession_number_issuer
        if study_instance_uid is not UNSET:
            field_dict["studyInstanceUid"] = study_instance_uid
        if exam_id is not UNSET:
            field_dict["examId"] = exam_id
        if exam_date_time is not UNSET:
            field_dict["examDateTime"] = exam_date_time
        if exam_free_fields is not UNSET:
            field_dict["examFreeFields"] = exam_free_fields

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.displayed_name import DisplayedName  # noqa: PLC0415
        from ..models.focal_plane import FocalPlane  # noqa: PLC0415
        from ..models.image_info_exam_free_fields_type_0_item import (
            ImageInfoExamFreeFieldsType0Item,  # noqa: PLC0415
        )
        from ..models.optical_path import OpticalPath  # noqa: PLC0415
        from ..models.quality_control_data import QualityControlData  # noqa: PLC0415
        from ..models.size import Size  # noqa: PLC0415
        from ..models.slide_format import SlideFormat  # noqa: PLC0415
        from ..models.specimen import Specimen  # noqa: PLC0415
        from ..models.tile_format import TileFormat  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        is_streamable = d.pop("isStreamable")

        image_size = Size.from_dict(d.pop("imageSize"))

        tile_size = Size.from_dict(d.pop("tileSize"))

        microns_per_pixel = d.pop("micronsPerPixel")

        focal_planes = []
        _focal_planes = d.pop("focalPlanes")
        for focal_planes_item_data in _focal_planes:
            focal_planes_item = FocalPlane.from_dict(focal_planes_item_data)

            focal_planes.append(focal_planes_item)

        optical_paths = []
        _optical_paths = d.pop("opticalPaths")
        for optical_paths_item_data in _optical_paths:
            optical_paths_item = OpticalPath.from_dict(optical_paths_item_data)

            optical_paths.append(optical_paths_item)

        stored_tile_format = TileFormat.from_dict(d.pop("storedTileFormat"))

        available_tile_formats = []
        _available_tile_formats = d.pop("availableTileFormats")
        for available_tile_formats_item_data in _available_tile_formats:
            available_tile_formats_item = TileFormat.from_dict(available_tile_formats_item_data)

            available_tile_formats.append(available_tile_formats_item)

        file_format = SlideFormat.from_dict(d.pop("fileFormat"))

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

        def _parse_quality_control(data: object) -> None | QualityControlData | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, dict):
                raise TypeError()
            quality_control_type_0 = QualityControlData.from_dict(data)

            return quality_control_type_0

        quality_control = _parse_quality_control(d.pop("qualityControl", UNSET))

        def _parse_body_part(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        body_part = _parse_body_part(d.pop("bodyPart", UNSET))

        def _parse_exam_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        exam_code = _parse_exam_code(d.pop("examCode", UNSET))

        def _parse_exam_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        exam_description = _parse_exam_description(d.pop("examDescription", UNSET))

        def _parse_station_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        station_name = _parse_station_name(d.pop("stationName", UNSET))

        def _parse_priority(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        priority = _parse_priority(d.pop("priority", UNSET))

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

        def _parse_accession_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        accession_number = _parse_accession_number(d.pop("accessionNumber", UNSET))

        def _parse_accession_number_issuer(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        accession_number_issuer = _parse_accession_number_issuer(
            d.pop("accessionNumberIssuer", UNSET)
        )

        def _parse_study_instance_uid(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        study_instance_uid = _parse_study_instance_uid(d.pop("studyInstanceUid", UNSET))

        def _parse_exam_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        exam_id = _parse_exam_id(d.pop("examId", UNSET))

        def _parse_exam_date_time(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        exam_date_time = _parse_exam_date_time(d.pop("examDateTime", UNSET))

        def _parse_exam_free_fields(
            data: object,
        ) -> list[ImageInfoExamFreeFieldsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            if not isinstance(data, list):
                raise TypeError()
            exam_free_fields_type_0 = []
            _exam_free_fields_type_0 = data
            for exam_free_fields_type_0_item_data in _exam_free_fields_type_0:
                exam_free_fields_type_0_item = ImageInfoExamFreeFieldsType0Item.from_dict(
                    exam_free_fields_type_0_item_data
                )

                exam_free_fields_type_0.append(exam_free_fields_type_0_item)

            return exam_free_fields_type_0

        exam_free_fields = _parse_exam_free_fields(d.pop("examFreeFields", UNSET))

        image_info = cls(
            id=id,
            is_streamable=is_streamable,
            image_size=image_size,
            tile_size=tile_size,
            microns_per_pixel=microns_per_pixel,
            focal_planes=focal_planes,
            optical_paths=optical_paths,
            stored_tile_format=stored_tile_format,
            available_tile_formats=available_tile_formats,
            file_format=file_format,
            staining=staining,
            block=block,
            specimen=specimen,
            quality_control=quality_control,
            body_part=body_part,
            exam_code=exam_code,
            exam_description=exam_description,
            station_name=station_name,
            priority=priority,
            series_instance_uid=series_instance_uid,
            lis_slide_id=lis_slide_id,
            accession_number=accession_number,
            accession_number_issuer=accession_number_issuer,
            study_instance_uid=study_instance_uid,
            exam_id=exam_id,
            exam_date_time=exam_date_time,
            exam_free_fields=exam_free_fields,
        )

        image_info.additional_properties = d
        return image_info

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
