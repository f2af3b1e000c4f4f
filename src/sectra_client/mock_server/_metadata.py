"""Slide metadata: plausible made-up ``ImageInfo`` and what each caller may see of it.

A slide's stored metadata holds every field. ``GET /slides/{slideId}/info`` shows the basic
fields; the extended ones (exam, station, priority) only with ``scope=extended``; the fields
the spec marks ``x-sectra-phi`` only with ``includePHI=true``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic import BaseModel

from sectra_client.schemas import (
    CaseImageInfo,
    DisplayedName,
    FocalPlane,
    ImageInfo,
    OpticalPath,
    QualityControlData,
    Size,
    SlideFormat,
    Specimen,
    TileFormat,
)

__all__ = [
    "DEFAULT_SLIDE_SIZE",
    "EXTENDED_FIELDS",
    "PHI_FIELDS",
    "case_image_info",
    "generated_case_slide_ids",
    "generated_image_info",
    "in_same_case",
    "scoped_image_info",
]

DEFAULT_SLIDE_SIZE = (100_000, 80_000)
"""Width and height in pixels of a slide whose size nobody chose."""

EXTENDED_FIELDS = frozenset({"bodyPart", "examCode", "examDescription", "stationName", "priority"})
"""``ImageInfo`` fields shown only with ``scope=extended``."""


def _phi_fields(model: type[BaseModel]) -> frozenset[str]:
    return frozenset(
        name
        for name, info in model.model_fields.items()
        if isinstance(info.json_schema_extra, dict) and info.json_schema_extra.get("x-sectra-phi")
    )


PHI_FIELDS = _phi_fields(ImageInfo)
"""``ImageInfo`` fields shown only with ``includePHI=true`` (marked ``x-sectra-phi``)."""

_CASE_PHI_FIELDS = _phi_fields(CaseImageInfo)
_STAININGS = ("H&E", "Ki-67", "HER2", "ER", "PD-L1", "CD3")
_ANATOMIES = (
    ("Breast", "Core needle biopsy"),
    ("Colon", "Polypectomy"),
    ("Prostate", "Needle biopsy"),
    ("Skin", "Punch biopsy"),
    ("Lung", "Wedge resection"),
)


def generated_image_info(
    slide_id: str,
    *,
    size: tuple[int, int] = DEFAULT_SLIDE_SIZE,
    accession_number: str | None = None,
    accession_number_issuer: str | None = None,
) -> ImageInfo:
    """Plausible metadata for ``slide_id``, the same every time for the same arguments.

    Every optional field is filled (extended and PHI fields with obviously made-up values),
    so scoping can be observed. The case is ``accession_number`` if given, else one made up
    from the slide id (each such slide is a case of its own).
    """
    digest = hashlib.sha256(slide_id.encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    anatomy, description = _ANATOMIES[digest[8] % len(_ANATOMIES)]
    width, height = size
    jpeg = TileFormat(mimeType="image/jpeg", extension="jpg")
    return ImageInfo(
        id=slide_id,
        isStreamable=True,
        imageSize=Size(width=width, height=height),
        tileSize=Size(width=256, height=256),
        micronsPerPixel=0.25,
        focalPlanes=[FocalPlane(id="0", offsetUm=0.0)],
        opticalPaths=[OpticalPath(id="0", description="Brightfield")],
        storedTileFormat=jpeg,
        availableTileFormats=[jpeg],
        fileFormat=SlideFormat(mimeType="image/tiff"),
        staining=DisplayedName(displayName=_STAININGS[digest[9] % len(_STAININGS)]),
        block=DisplayedName(displayName=f"{'ABCD'[digest[10] % 4]}{1 + digest[11] % 6}"),
        specimen=Specimen(anatomy=anatomy, description=description),
        bodyPart=anatomy.upper(),
        examCode="PAT01",
        examDescription="Histopathology",
        stationName="MOCK-SCANNER-01",
        priority=1 + digest[12] % 3,
        seriesInstanceUid=f"2.25.{number}1",
        lisSlideId=f"LIS-{number % 10**8:08d}",
        accessionNumber=accession_number or f"MOCK{number % 10**6:06d}",
        accessionNumberIssuer=accession_number_issuer or "MOCK-HOSPITAL",
        studyInstanceUid=f"2.25.{number}2",
        examId=f"EX{number % 10**7:07d}",
        examDateTime="2024-05-06T10:20:30",
        examFreeFields=[{"Clinical question": "Made up by the mock"}],
    )


def generated_case_slide_ids(accession_number: str, issuer: str | None) -> list[str]:
    """The ids of the one to three slides of a made-up case, the same every time.

    They do not contain the accession number (which is patient data): ``case-<hash>-1``...
    """
    digest = hashlib.sha256(f"{issuer or ''}\x00{accession_number}".encode()).hexdigest()
    count = 1 + int(digest[-2:], 16) % 3
    return [f"case-{digest[:12]}-{number}" for number in range(1, count + 1)]


def scoped_image_info(
    info: ImageInfo,
    *,
    extended: bool,
    include_phi: bool,
    quality: QualityControlData | None,
) -> dict[str, Any]:
    """The JSON of ``info`` as a caller may see it, with ``quality`` as its QC state.

    ``quality`` is ``None`` on servers older than IA-API 1.10 (no ``qualityControl`` field).
    """
    data = info.model_dump(mode="json")
    hidden = (set() if extended else EXTENDED_FIELDS) | (set() if include_phi else PHI_FIELDS)
    for name in hidden:
        data.pop(name, None)
    data.pop("qualityControl", None)
    if quality is not None:
        data["qualityControl"] = quality.model_dump(mode="json")
    return data


def case_image_info(info: ImageInfo, *, include_phi: bool) -> dict[str, Any]:
    """The JSON ``CaseImageInfo`` of one slide of a case."""
    fields = set(CaseImageInfo.model_fields) - (set() if include_phi else _CASE_PHI_FIELDS)
    values = {name: getattr(info, name) for name in fields if getattr(info, name) is not None}
    return CaseImageInfo(**values).model_dump(mode="json")


def in_same_case(info: ImageInfo, accession_number: str, issuer: str | None) -> bool:
    """Whether ``info`` belongs to the case ``accession_number`` (of ``issuer``, if given)."""
    if info.accessionNumber != accession_number:
        return False
    return issuer is None or info.accessionNumberIssuer == issuer
