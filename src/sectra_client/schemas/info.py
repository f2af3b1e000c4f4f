"""Versions and the registered application."""

from sectra_client.schemas._generated import Application, ApplicationInfo

__all__ = ["Application", "ApplicationInfo"]
