"""A slide's quality-control status (IA-API 1.10)."""

from sectra_client.schemas._generated import (
    QualityControl,
    QualityControlData,
    QualityControlStatus,
)

__all__ = ["QualityControl", "QualityControlData", "QualityControlStatus"]
