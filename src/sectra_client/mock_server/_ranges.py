"""``Range: bytes=…`` requests for attachments (one range; RFC 9110 section 14.1.2)."""

from __future__ import annotations

import re

__all__ = ["RangeNotSatisfiable", "parse_byte_range"]

_RANGE = re.compile(r"bytes=([0-9]+)-([0-9]*)|bytes=-([0-9]+)")


class RangeNotSatisfiable(ValueError):
    """The range asks for bytes the representation does not have (answer 416)."""


def parse_byte_range(header: str, size: int) -> tuple[int, int]:
    """``(first, last)`` (both included) of a ``Range`` header over ``size`` bytes.

    Accepts ``bytes=first-last``, ``bytes=first-`` and ``bytes=-suffix_length``; ``last`` is
    clipped to the end.

    Raises:
        RangeNotSatisfiable: the range lies outside the bytes (or ``last < first``).
        ValueError: the header is not one byte range in that syntax.
    """
    match = _RANGE.fullmatch(header.strip())
    if match is None:
        raise ValueError("Range must be one range: bytes=first-last, bytes=first- or bytes=-n")
    if match[3] is not None:
        suffix = int(match[3])
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable(f"bytes=-{suffix} selects nothing of {size} bytes")
        return max(0, size - suffix), size - 1
    first = int(match[1])
    last = int(match[2]) if match[2] else size - 1
    if first >= size or last < first:
        raise RangeNotSatisfiable(f"the range starts outside the {size} bytes or is inverted")
    return first, min(last, size - 1)
