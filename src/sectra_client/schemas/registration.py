"""The app's registration, served at ``GET U``."""

from sectra_client.schemas._generated import InputTemplate, Registration, TaggedPolygonInputContent

__all__ = ["InputTemplate", "Registration", "TaggedPolygonInputContent"]
