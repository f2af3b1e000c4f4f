"""Slide metadata: ``ImageInfo`` (also importable as ``ImageMetadata``) and its parts."""

from sectra_client.schemas._generated import (
    CaseImageInfo,
    FocalPlane,
    ImageInfo,
    InfoScope,
    OpticalPath,
    SlideFormat,
    Specimen,
    TileFormat,
)

ImageMetadata = ImageInfo
"""The name ``sectra-image-analysis-api`` uses for :class:`ImageInfo`."""

__all__ = [
    "CaseImageInfo",
    "FocalPlane",
    "ImageInfo",
    "ImageMetadata",
    "InfoScope",
    "OpticalPath",
    "SlideFormat",
    "Specimen",
    "TileFormat",
]
