"""How a cassette marks a body it left out (pixels, files): shared by the recorder, which
writes the mark, and the mock, which serves synthetic bytes of the recorded size."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = ["RECORDED_BODY_HEADER", "omitted_size", "omitted_value"]

RECORDED_BODY_HEADER = "X-Sectra-Recorded-Body"
"""The response header that marks a body left out of a cassette: ``omitted; size=13421``."""


def omitted_value(size: int) -> str:
    """The header's value for a left-out body of ``size`` bytes."""
    return f"omitted; size={size}"


def omitted_size(headers: Mapping[str, Sequence[str]]) -> int | None:
    """The size of a body the cassette left out, from a recorded response's headers (name →
    values, as VCR.py keeps them); ``None`` when the body was kept."""
    for name, values in headers.items():
        if name.lower() == RECORDED_BODY_HEADER.lower() and values:
            for part in values[0].split(";"):
                key, _, value = part.strip().partition("=")
                if key == "size" and value.isdigit():
                    return int(value)
    return None
