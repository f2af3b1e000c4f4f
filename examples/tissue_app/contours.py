"""Outlines of the regions of a binary mask, and their simplification; numpy only.

Coordinates are ``(x, y)`` in the mask's continuous pixel space: pixel ``(row, col)`` covers
``[col, col + 1) x [row, row + 1)``. An outline follows the pixel edges between set and unset
pixels and cuts each corner diagonally: a whole ``h x w`` mask is outlined by the rectangle
``(0, 0)``-``(w, h)`` with its corners cut off.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["Ring", "ring_area", "simplify_ring", "trace_outlines"]

Ring = NDArray[np.float64]
"""A closed outline: an ``(n, 2)`` array of ``(x, y)`` points, the last joined to the first."""

# Marching squares. A cell's case is TL*8 + TR*4 + BR*2 + BL*1 (which of its four corner pixels
# are set). Each segment joins two edge midpoints of the cell (T, R, B, L), directed so that the
# set pixels lie on its right on screen (y pointing down): outer outlines then run clockwise on
# screen and holes anticlockwise. The two saddle cases keep diagonal pixels apart (4-connectivity).
_EDGE_MIDPOINTS = {"T": (0.5, 0.0), "R": (1.0, 0.5), "B": (0.5, 1.0), "L": (0.0, 0.5)}
_SEGMENTS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (("L", "B"),),
    2: (("B", "R"),),
    3: (("L", "R"),),
    4: (("R", "T"),),
    5: (("R", "T"), ("L", "B")),
    6: (("B", "T"),),
    7: (("L", "T"),),
    8: (("T", "L"),),
    9: (("T", "B"),),
    10: (("T", "L"), ("B", "R")),
    11: (("T", "R"),),
    12: (("R", "L"),),
    13: (("R", "B"),),
    14: (("B", "L"),),
}


def trace_outlines(mask: NDArray[np.bool_]) -> list[Ring]:
    """Every outline of the set pixels of ``mask``: outer boundaries and holes alike.

    Outlines pass through the midpoints between a set pixel's centre and its unset neighbour's
    (marching squares). Pixels that touch only at a corner belong to different regions. An
    outer boundary has a positive :func:`ring_area`, a hole's is negative.

    Raises:
        ValueError: ``mask`` is not two-dimensional.
    """
    if mask.ndim != 2:
        raise ValueError(f"the mask must be two-dimensional, got shape {mask.shape}")
    padded = np.pad(mask.astype(np.uint8), 1)
    cases = padded[:-1, :-1] * 8 + padded[:-1, 1:] * 4 + padded[1:, 1:] * 2 + padded[1:, :-1] * 1
    starts: list[NDArray[np.float64]] = []
    ends: list[NDArray[np.float64]] = []
    for case, segments in _SEGMENTS.items():
        rows, cols = np.nonzero(cases == case)
        if rows.size == 0:
            continue
        corners = np.stack([cols, rows], axis=1).astype(np.float64)
        for start, end in segments:
            starts.append(corners + _EDGE_MIDPOINTS[start])
            ends.append(corners + _EDGE_MIDPOINTS[end])
    if not starts:
        return []
    # Padded cell corner (col, row) is the centre of mask pixel (col - 1, row - 1), which lies
    # at (col - 0.5, row - 0.5) in continuous coordinates.
    return [ring - 0.5 for ring in _link(np.concatenate(starts), np.concatenate(ends))]


def _link(starts: NDArray[np.float64], ends: NDArray[np.float64]) -> list[Ring]:
    """Chain directed segments into closed rings (each point starts exactly one segment)."""
    width = int(max(starts[:, 0].max(), ends[:, 0].max()) * 2) + 2
    start_keys = _point_keys(starts, width)
    order = np.argsort(start_keys)
    following = order[np.searchsorted(start_keys[order], _point_keys(ends, width))]
    visited = np.zeros(len(starts), dtype=np.bool_)
    rings: list[Ring] = []
    for first in range(len(starts)):
        if visited[first]:
            continue
        indices = []
        index = first
        while not visited[index]:
            visited[index] = True
            indices.append(index)
            index = int(following[index])
        rings.append(starts[indices])
    return rings


def _point_keys(points: NDArray[np.float64], width: int) -> NDArray[np.int64]:
    doubled = np.rint(points * 2).astype(np.int64)
    keys: NDArray[np.int64] = doubled[:, 1] * width + doubled[:, 0]
    return keys


def ring_area(ring: Ring) -> float:
    """The area inside ``ring`` (shoelace formula), positive for an outer boundary traced by
    :func:`trace_outlines` (clockwise on screen) and negative for a hole."""
    x, y = ring[:, 0], ring[:, 1]
    return float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y)) / 2.0


def simplify_ring(ring: Ring, tolerance: float) -> Ring:
    """``ring`` with as few points as keep it within ``tolerance`` of the original
    (Douglas-Peucker), never fewer than 3 when it has 3 or more.

    Raises:
        ValueError: ``tolerance`` is negative.
    """
    if tolerance < 0:
        raise ValueError(f"the tolerance must not be negative, got {tolerance}")
    if len(ring) <= 3:
        return ring.copy()
    # Split the closed ring at its first point and the point farthest from it.
    far = int(np.argmax(np.hypot(*(ring - ring[0]).T)))
    closed = np.vstack([ring, ring[:1]])
    first_half = _simplified_path(closed[: far + 1], tolerance)
    second_half = _simplified_path(closed[far:], tolerance)
    kept = np.vstack([first_half[:-1], second_half[:-1]])
    if len(kept) >= 3:
        return kept
    # Everything lies near the chord from the first point to the farthest: add the point
    # farthest from that chord, which makes a triangle that has the chord as an edge.
    distances = _distances_to_segment(ring, ring[0], ring[far])
    distances[[0, far]] = -1.0
    third = int(np.argmax(distances))
    return ring[sorted({0, far, third})] if far != 0 else ring[[0, 1, 2]]


def _simplified_path(path: NDArray[np.float64], tolerance: float) -> NDArray[np.float64]:
    """Douglas-Peucker on an open path; its first and last points are always kept."""
    keep = np.zeros(len(path), dtype=np.bool_)
    keep[0] = keep[-1] = True
    pending = [(0, len(path) - 1)]
    while pending:
        first, last = pending.pop()
        if last - first < 2:
            continue
        inner = path[first + 1 : last]
        distances = _distances_to_segment(inner, path[first], path[last])
        farthest = int(np.argmax(distances))
        if distances[farthest] > tolerance:
            split = first + 1 + farthest
            keep[split] = True
            pending += [(first, split), (split, last)]
    return path[keep]


def _distances_to_segment(
    points: NDArray[np.float64], start: NDArray[np.float64], end: NDArray[np.float64]
) -> NDArray[np.float64]:
    direction = end - start
    length_squared = float(np.dot(direction, direction))
    if length_squared == 0.0:
        nearest = start
    else:
        along = np.clip((points - start) @ direction / length_squared, 0.0, 1.0)
        nearest = start + along[:, None] * direction
    offsets = points - nearest
    distances: NDArray[np.float64] = np.hypot(offsets[:, 0], offsets[:, 1])
    return distances
