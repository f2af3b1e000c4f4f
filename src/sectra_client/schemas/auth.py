"""Tokens from ``POST /token`` and launch data from ``GET /launchdata``."""

from sectra_client.schemas._generated import (
    LaunchBlock,
    LaunchData,
    LaunchSlide,
    TokenRequest,
    TokenResponse,
)

__all__ = ["LaunchBlock", "LaunchData", "LaunchSlide", "TokenRequest", "TokenResponse"]
