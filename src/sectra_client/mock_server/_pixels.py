"""Pixels for the mock server: synthetic or file-backed slides, their tiles and labels.

A pixel source answers ``read_region(level, x, y, width, height)`` in the pixel grid of one
level of the slide's Deep Zoom pyramid (see :mod:`sectra_client.pyramid`). A tile is exactly
the crop of its level at :meth:`DeepZoomPyramid.tile_bounds`, so a tile served by the mock
always equals ``read_region`` of the same bounds (up to JPEG loss).
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from sectra_client.pyramid import DeepZoomPyramid, OutsidePyramidError

__all__ = [
    "ImageFileSlide",
    "PixelSource",
    "SyntheticSlide",
    "encode_label_jpeg",
    "encode_tile_jpeg",
]

RGBArray = NDArray[np.uint8]
_Floats = NDArray[np.float64]


class PixelSource(Protocol):
    """A slide's pixels, readable at any level of its Deep Zoom pyramid."""

    @property
    def width(self) -> int:
        """Full-resolution width in pixels."""
        ...

    @property
    def height(self) -> int:
        """Full-resolution height in pixels."""
        ...

    def read_region(self, level: int, x: int, y: int, width: int, height: int) -> RGBArray:
        """RGB pixels of a region of ``level``, as a ``(height, width, 3)`` uint8 array.

        The region is in level pixels (top-left ``(x, y)``) and must lie inside the level.
        Reading a region and cropping it equals reading the crop: pixels do not depend on the
        region they are read with.
        """
        ...


def encode_tile_jpeg(
    source: PixelSource, pyramid: DeepZoomPyramid, level: int, col: int, row: int, quality: int = 90
) -> bytes:
    """Tile ``(col, row)`` of ``level`` as JPEG: the source's pixels at the tile's bounds.

    Edge tiles are smaller than ``pyramid.tile_size``, as Sectra serves them.

    Raises:
        ValueError: the pyramid is not the source's (different full-resolution size).
        OutsidePyramidError: the level or tile does not exist.
    """
    if (pyramid.width, pyramid.height) != (source.width, source.height):
        raise ValueError(
            f"the pyramid is for a {pyramid.width}x{pyramid.height} slide, "
            f"the source is {source.width}x{source.height}"
        )
    pixels = source.read_region(level, *pyramid.tile_bounds(level, col, row))
    return _jpeg(Image.fromarray(pixels), quality)


def encode_label_jpeg(slide_id: str, quality: int = 90) -> bytes:
    """A 600x300 JPEG slide label for ``slide_id``: barcode, 2D code and a made-up slide code.

    The same id always gives the same picture. It holds no patient data (real labels may).
    """
    bits = _stable_digest_bits(slide_id, count=512)
    label = Image.new("RGB", (600, 300), (250, 250, 246))
    draw = ImageDraw.Draw(label)
    x = 30
    for index in range(60):
        bar_width = 2 + 2 * bits[index]
        if bits[60 + index]:
            draw.rectangle((x, 40, x + bar_width - 1, 140), fill=(20, 20, 20))
        x += bar_width
    module = 8
    for index in range(16 * 16):
        if bits[200 + index]:
            left, top = 440 + module * (index % 16), 30 + module * (index // 16)
            draw.rectangle((left, top, left + module - 1, top + module - 1), fill=(20, 20, 20))
    code = hashlib.sha256(slide_id.encode()).hexdigest()[:8].upper()
    font = ImageFont.load_default(size=28)
    draw.text((30, 170), "SYNTHETIC SLIDE", fill=(30, 30, 90), font=font)
    draw.text((30, 215), f"MOCK-{code}", fill=(30, 30, 90), font=font)
    return _jpeg(label, quality)


class ImageFileSlide:
    """A slide whose full resolution is an image file (anything Pillow opens, as RGB).

    Each level below full resolution is the one above shrunk by 2 with a box filter (sides
    rounded up, as the pyramid's are), computed on first use and kept.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        with Image.open(path) as opened:
            full = opened.convert("RGB")
        self._geometry = _level_geometry(full.width, full.height)
        self._levels = {self._geometry.max_level: full}

    @property
    def width(self) -> int:
        """Full-resolution width in pixels."""
        return self._geometry.width

    @property
    def height(self) -> int:
        """Full-resolution height in pixels."""
        return self._geometry.height

    def read_region(self, level: int, x: int, y: int, width: int, height: int) -> RGBArray:
        """See :meth:`PixelSource.read_region`."""
        _check_region(self._geometry, level, x, y, width, height)
        region = self._level_image(level).crop((x, y, x + width, y + height))
        return np.asarray(region, dtype=np.uint8)

    def _level_image(self, level: int) -> Image.Image:
        if level not in self._levels:
            self._levels[level] = self._level_image(level + 1).reduce(2)
        return self._levels[level]


class SyntheticSlide:
    """A generated, H&E-like slide of any size, computed on demand and never held whole.

    Tissue is a few large lobed regions with noisy edges and some small fragments, with a
    few holes (lumens), on a near-white background. It is stained pink (eosin) with scattered
    purple nuclei (haematoxylin), and holds cell clusters: nests of densely packed nuclei, 50 to
    130 um across at 0.25 um/pixel, that show as purple-blue spots in an overview as they do on
    real H&E slides. The same ``(width, height, seed)`` always gives the same pixels.

    Sampling rule: pixel ``(i, j)`` of a level with downsample factor ``s`` is the image
    function at full-resolution position ``((j + 0.5) * s, (i + 0.5) * s)``, the centre of the
    area it covers, with detail finer than ``s`` replaced by its average over that area (edges
    and nuclei blur, textures fade, colours mix by covered area). So a level pixel is close to
    the mean of the 2x2 block below it: averaged over a few pixels, within a grey level or
    two; pixel by pixel, a few grey levels on average, more on edges and nuclei. A pixel's
    value never depends on the region it is read with.

    Geometry: tissue covers roughly 15-35 % of the slide whatever its size; nuclei are 3.5-7
    full-resolution pixels in radius (3-5 in clusters), clusters 100-260 (0.25-0.5 um/pixel
    slides look right).
    """

    def __init__(self, width: int, height: int, seed: int) -> None:
        self._geometry = _level_geometry(width, height)
        self._seed = seed
        self._design = _SlideDesign.generate(width, height, seed)

    @classmethod
    def for_slide_id(cls, slide_id: str, width: int, height: int) -> SyntheticSlide:
        """The synthetic slide of ``slide_id``: the seed is a stable hash of the id."""
        seed = int.from_bytes(hashlib.sha256(slide_id.encode()).digest()[:8], "big")
        return cls(width, height, seed)

    @property
    def width(self) -> int:
        """Full-resolution width in pixels."""
        return self._geometry.width

    @property
    def height(self) -> int:
        """Full-resolution height in pixels."""
        return self._geometry.height

    @property
    def seed(self) -> int:
        """The seed the slide was generated from."""
        return self._seed

    def read_region(self, level: int, x: int, y: int, width: int, height: int) -> RGBArray:
        """See :meth:`PixelSource.read_region`."""
        scale = _check_region(self._geometry, level, x, y, width, height)
        out = np.empty((height, width, 3), dtype=np.uint8)
        for top, rows in _bands(width, height):
            xs, ys = _sample_positions(x, y + top, width, rows, scale)
            out[top : top + rows] = self._design.render(xs, ys, scale, level, x, y + top)
        return out

    def tissue_mask(self, level: int, x: int, y: int, width: int, height: int) -> NDArray[np.bool_]:
        """Ground truth: which pixels of a region of ``level`` are tissue (``(height, width)``).

        The same function as the pixels, thresholded where tissue coverage reaches one half.
        Arguments as for :meth:`read_region`.
        """
        scale = _check_region(self._geometry, level, x, y, width, height)
        out = np.empty((height, width), dtype=np.bool_)
        for top, rows in _bands(width, height):
            xs, ys = _sample_positions(x, y + top, width, rows, scale)
            out[top : top + rows] = self._design.tissue_coverage(xs, ys, scale) >= 0.5
        return out


# --- the image function --------------------------------------------------------------------
#
# Positions are float64 full-resolution pixel coordinates (1-D: one array for the columns,
# one for the rows); per-sample grids are float32 ``(rows, columns)`` arrays.

_Grid = NDArray[np.float32]
# Occupancy probability (0..1) of nucleus cells centred at (ys[i], xs[j]), for a level's scale.
_Density = Callable[[_Floats, _Floats, int], _Grid]

_INCIDENT_LIGHT = np.array([241.0, 240.0, 243.0], dtype=np.float32)
_HAEMATOXYLIN_OD = np.array([0.65, 0.70, 0.29], dtype=np.float32)
_EOSIN_OD = np.array([0.10, 0.95, 0.30], dtype=np.float32)
_CYTOPLASM_HAEMATOXYLIN = 0.06
# The share of light one nucleus's haematoxylin absorbs, per channel.
_NUCLEUS_ABSORPTION = 1.0 - np.exp(-1.3 * _HAEMATOXYLIN_OD)
_PIXEL_NOISE = 3.0
# Cell clusters: at most one per _CLUSTER_CELL square (full-resolution pixels), of a radius in
# _CLUSTER_RADIUS, in about _CLUSTER_DENSITY of the squares (more where cellularity is high).
# The outer part of a cluster thins out over _CLUSTER_SOFTNESS of its radius, so outlines look
# ragged up close.
_CLUSTER_CELL = 760.0
_CLUSTER_RADIUS = (100.0, 260.0)
_CLUSTER_DENSITY = 0.2
_CLUSTER_SOFTNESS = 0.5
# Inside a cluster: three layers of nuclei, one per square of each side at most, with blurred
# edges (JPEG keeps dense sharp nuclei poorly), and a little less eosin (less stroma).
_CLUSTER_NUCLEUS_CELLS = (15.0, 18.0, 22.0)
_CLUSTER_NUCLEUS_RADIUS = (3.0, 5.0)
_CLUSTER_NUCLEUS_SOFTNESS = 1.0
_CLUSTER_EOSIN_LOSS = 0.1
# Clustered nuclei (lymphocytes, tumour cells) take up more haematoxylin than scattered ones.
_CLUSTER_NUCLEUS_ABSORPTION = 1.0 - np.exp(-2.0 * _HAEMATOXYLIN_OD)
_BAND_PIXELS = 1 << 18
_BLOCK = 32
# How far float32 arithmetic may move the shape function; block verdicts keep clear of it.
_SHAPE_ROUNDING = 1e-5


class _Waves:
    """A sum of plane waves ``a * sin(kx * X + ky * Y + phase)`` over full-resolution positions.

    Evaluated at a level, each wave is averaged over the ``scale``-wide square a sample covers
    (amplitude times ``sinc(kx * scale / 2) * sinc(ky * scale / 2)``), so a level's value is
    exactly the mean of the four below it.
    """

    def __init__(
        self, kx: list[float], ky: list[float], phase: list[float], amplitude: list[float]
    ):
        self._kx, self._ky = np.array(kx), np.array(ky)
        self._phase, self._amplitude = np.array(phase), np.array(amplitude)
        self.peak = float(np.abs(self._amplitude).sum())
        """An upper bound of the sum's magnitude at every scale."""
        self.steepness = float((np.abs(self._amplitude) * np.hypot(self._kx, self._ky)).sum())
        """An upper bound of the sum's gradient at every scale, per full-resolution pixel."""

    @classmethod
    def random(cls, rng: _SplitMix64, wavelengths: list[float], amplitudes: list[float]) -> _Waves:
        directions = [rng.uniform(0, 2 * math.pi) for _ in wavelengths]
        wavenumbers = [2 * math.pi / wavelength for wavelength in wavelengths]
        return cls(
            [k * math.cos(d) for k, d in zip(wavenumbers, directions, strict=True)],
            [k * math.sin(d) for k, d in zip(wavenumbers, directions, strict=True)],
            [rng.uniform(0, 2 * math.pi) for _ in wavelengths],
            [a * rng.uniform(0.6, 1.0) for a in amplitudes],
        )

    def evaluate(self, xs: _Floats, ys: _Floats, scale: int) -> _Grid:
        """The sum at every ``(ys[i], xs[j])``."""
        amplitude = self._amplitude * np.sinc(self._kx * scale / 2 / np.pi)
        amplitude *= np.sinc(self._ky * scale / 2 / np.pi)
        kept = np.abs(amplitude) > 1e-5
        amplitude = amplitude[kept]
        across = np.multiply.outer(xs, self._kx[kept]) + self._phase[kept]
        down = np.multiply.outer(ys, self._ky[kept])
        # sin(a + b) = cos(b) sin(a) + sin(b) cos(a), summed over the waves in one einsum
        # (not a BLAS product: threaded BLAS stalls on small matrices when cores are busy).
        rows = np.concatenate((np.cos(down), np.sin(down)), axis=1).astype(np.float32)
        columns = np.concatenate((amplitude * np.sin(across), amplitude * np.cos(across)), axis=1)
        total: _Grid = np.einsum("ik,jk->ij", rows, columns.astype(np.float32))
        return total


@dataclass(frozen=True)
class _Blob:
    """A lobed ellipse with rippled edges: one tissue region, fragment or hole.

    Its edge is where ``f = ellipse_radius / outline(direction) + ripples`` is 1: the ellipse
    radius is 1 on the plain ellipse, the outline adds ``lobes`` (harmonics 2, 3, ...).
    """

    cx: float
    cy: float
    rx: float
    ry: float
    angle: float
    lobes: tuple[complex, ...]
    ripples: _Waves

    @classmethod
    def random(
        cls, rng: _SplitMix64, cx: float, cy: float, radius: float, *, roughness: float
    ) -> _Blob:
        stretch = rng.uniform(0.75, 1.3)
        lobes = tuple(
            complex(rng.uniform(-1, 1), rng.uniform(-1, 1)) * roughness / order
            for order in range(2, 6)
        )
        wavelengths = [radius * 0.6 * 0.7**index for index in range(10)]
        ripples = _Waves.random(
            rng, wavelengths, [roughness * 0.5 * (w / radius) ** 0.8 for w in wavelengths]
        )
        angle = rng.uniform(0, math.pi)
        return cls(cx, cy, radius * stretch, radius / stretch, angle, lobes, ripples)

    @functools.cached_property
    def _lobe_reach(self) -> float:
        """The most the lobes move the outline, as a fraction of the ellipse."""
        return sum(abs(lobe) for lobe in self.lobes)

    def reach(self, scale: int) -> float:
        """A distance (full-resolution pixels) from the centre beyond which coverage is 0."""
        half_edge = self._edge_width(scale) / 2
        return max(self.rx, self.ry) * (1 + self._lobe_reach) * (1 + self.ripples.peak + half_edge)

    def coverage(self, xs: _Floats, ys: _Floats, scale: int) -> _Grid:
        """Fraction (0..1) of each sample's ``scale``-wide square inside the blob.

        Blocks of samples that are surely all inside or all outside are filled without
        evaluating the shape at every sample; the values are the same either way.
        """
        inside, outside = self._block_verdicts(xs, ys, scale)
        if inside.all():
            return np.ones((ys.size, xs.size), dtype=np.float32)
        if outside.all():
            return np.zeros((ys.size, xs.size), dtype=np.float32)
        result = np.repeat(np.repeat(inside.astype(np.float32), _BLOCK, 0), _BLOCK, 1)
        result = result[: ys.size, : xs.size]
        undecided = ~(inside | outside)
        edge_width = self._edge_width(scale)
        for block_row in np.nonzero(undecided.any(axis=1))[0]:
            block_cols = np.nonzero(undecided[block_row])[0]
            top, bottom = block_row * _BLOCK, (block_row + 1) * _BLOCK
            left, right = block_cols[0] * _BLOCK, (block_cols[-1] + 1) * _BLOCK
            shape = self._shape(xs[left:right], ys[top:bottom], scale)
            result[top:bottom, left:right] = np.clip(0.5 + (1.0 - shape) / edge_width, 0.0, 1.0)
        return result

    def _shape(self, xs: _Floats, ys: _Floats, scale: int) -> _Grid:
        """The shape function ``f`` (below 1 inside) at every ``(ys[i], xs[j])``."""
        dx, dy = xs - self.cx, ys - self.cy
        cos_a, sin_a = math.cos(self.angle), math.sin(self.angle)
        along = np.add.outer(
            (sin_a / self.rx * dy).astype(np.float32), (cos_a / self.rx * dx).astype(np.float32)
        )
        across = np.add.outer(
            (cos_a / self.ry * dy).astype(np.float32), (-sin_a / self.ry * dx).astype(np.float32)
        )
        radius = np.sqrt(along * along + across * across)
        direction = (along + 1j * across) / np.maximum(radius, 1e-12)
        outline = np.ones_like(radius)
        power = direction
        for lobe in self.lobes:
            power = power * direction
            outline += (lobe * power).real
        shape: _Grid = (radius / outline).astype(np.float32, copy=False)
        shape += self.ripples.evaluate(xs, ys, scale)
        return shape

    def _block_verdicts(
        self, xs: _Floats, ys: _Floats, scale: int
    ) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
        """Per ``_BLOCK``-square block of samples: surely all inside, surely all outside.

        The shape function changes by at most its Lipschitz bound times the distance from the
        block's centre, so its value there decides the whole block when far enough from 1.
        """
        centre_x, half_x = _block_spans(xs)
        centre_y, half_y = _block_spans(ys)
        at_centres = self._shape(centre_x, centre_y, scale)
        margin = self._lipschitz * np.hypot.outer(half_y, half_x) + _SHAPE_ROUNDING
        half_edge = self._edge_width(scale) / 2
        return at_centres + margin <= 1 - half_edge, at_centres - margin >= 1 + half_edge

    @functools.cached_property
    def _lipschitz(self) -> float:
        """An upper bound of the shape function's gradient, per full-resolution pixel."""
        lowest_outline = 1 - self._lobe_reach
        turning = sum(order * abs(lobe) for order, lobe in enumerate(self.lobes, start=2))
        ellipse = (1 / lowest_outline + turning / lowest_outline**2) / min(self.rx, self.ry)
        return ellipse + self.ripples.steepness

    def _edge_width(self, scale: int) -> float:
        """How far the edge ramp reaches in shape-function units: one sample's width."""
        return scale / math.sqrt(self.rx * self.ry)


def _block_spans(positions: _Floats) -> tuple[_Floats, _Floats]:
    """Centre and half-width of each run of ``_BLOCK`` consecutive sample positions."""
    starts = positions[::_BLOCK]
    ends = positions[np.minimum(np.arange(starts.size) * _BLOCK + _BLOCK - 1, positions.size - 1)]
    return (starts + ends) / 2, (ends - starts) / 2


@dataclass(frozen=True)
class _NucleusLayer:
    """Nuclei on a jittered grid: at most one per ``cell``-pixel square, all inside it.

    A nucleus's edge fades over one sample, or over ``softness`` times its radius if wider.
    """

    cell: float
    salt: int
    radius: tuple[float, float] = (3.5, 7.0)
    softness: float = 0.0

    def mean_area(self) -> float:
        """Mean nucleus area per cell area, for a cell that always holds a nucleus."""
        low, high = self.radius
        return math.pi * (low * low + low * high + high * high) / 3 / self.cell**2

    def sharpness(self, scale: int) -> float:
        """1 while a sample is at most 1/8 cell wide, 0 from half a cell, log-linear between."""
        return min(1.0, max(0.0, math.log2(self.cell / 2 / scale) / 2))

    def stain_share(
        self, xs: _Floats, ys: _Floats, scale: int, occupancy: _Grid, density: _Density
    ) -> _Grid:
        """Per sample: the share of it this layer's nuclei cover, weighted by their strength.

        A cell holds a nucleus with the probability ``density`` gives at its centre;
        ``occupancy`` is that probability at the samples. Fine samples see each nucleus as a
        soft disc, whose profile widens with the sample while keeping its area; coarse ones see
        the expected share, ``occupancy`` times the mean nucleus area; a log-linear mix in
        between (see :meth:`sharpness`).
        """
        average = occupancy * self.mean_area()
        sharpness = self.sharpness(scale)
        if sharpness == 0.0:
            return average
        sharp = self.sharp_stain(xs, ys, scale, density)
        sharp *= sharpness
        sharp += (1.0 - sharpness) * average
        return sharp

    def sharp_stain(self, xs: _Floats, ys: _Floats, scale: int, density: _Density) -> _Grid:
        """Every nucleus drawn as an area-keeping soft disc, times its stain strength."""
        col_cells = np.floor(xs / self.cell).astype(np.int64)
        row_cells = np.floor(ys / self.cell).astype(np.int64)
        grid_x = np.arange(col_cells[0], col_cells[-1] + 1)
        grid_y = np.arange(row_cells[0], row_cells[-1] + 1)
        jitter_x, jitter_y, size, presence, strength = _uniforms(
            _hash2(grid_x, grid_y, self.salt), 5
        )
        low, high = self.radius
        radius = low + (high - low) * size
        slack = self.cell / 2 - radius - 1
        occupied = presence < density((grid_x + 0.5) * self.cell, (grid_y + 0.5) * self.cell, scale)
        if not occupied.any():
            return np.zeros((ys.size, xs.size), dtype=np.float32)
        edge = np.maximum(scale, self.softness * radius).astype(np.float32)
        spread = np.sqrt(radius * radius + edge * edge / math.pi).astype(np.float32)
        peak = radius * radius / (spread * spread + edge * edge / 12)
        peak = np.where(occupied, peak * (0.75 + 0.5 * strength), 0.0).astype(np.float32)
        cell_of_sample = np.add.outer((row_cells - grid_y[0]) * grid_x.size, col_cells - grid_x[0])

        def per_sample(values: _Grid) -> _Grid:
            gathered: _Grid = values.ravel().take(cell_of_sample)
            return gathered

        # Offsets from each cell's centre: 1-D per sample, minus the nucleus's per cell.
        within_x = (xs - (col_cells + 0.5) * self.cell).astype(np.float32)
        within_y = (ys - (row_cells + 0.5) * self.cell).astype(np.float32)
        dx = within_x - per_sample((2 * jitter_x - 1) * slack)
        dy = within_y[:, None] - per_sample((2 * jitter_y - 1) * slack)
        distance = np.sqrt(dx * dx + dy * dy)
        profile: _Grid = np.clip(0.5 + (per_sample(spread) - distance) / per_sample(edge), 0.0, 1.0)
        profile *= per_sample(peak)
        return profile


def _cluster_density(field: _Grid) -> _Grid:
    """Probability that a cluster cell holds a cluster, from the cellularity field."""
    density: _Grid = np.clip(_CLUSTER_DENSITY + 0.45 * field, 0.0, 0.85)
    return density


def _cell_density(field: _Grid) -> _Grid:
    """Probability that a nucleus cell is occupied, from the cellularity field."""
    density: _Grid = np.clip(0.5 + 0.35 * field, 0.1, 0.95)
    return density


@dataclass(frozen=True)
class _SlideDesign:
    """Everything random about one synthetic slide, drawn once from its seed."""

    tissue: tuple[_Blob, ...]
    holes: tuple[_Blob, ...]
    cellularity: _Waves
    fibres: _Waves
    nuclei: tuple[_NucleusLayer, ...]
    noise_salt: int
    clusters: _NucleusLayer
    """Where cells cluster: discs, each filled with the nuclei of :attr:`cluster_nuclei`."""
    cluster_nuclei: tuple[_NucleusLayer, ...]

    @classmethod
    def generate(cls, width: int, height: int, seed: int) -> _SlideDesign:
        rng = _SplitMix64(seed)
        size = math.sqrt(width * height)
        tissue: list[_Blob] = []
        holes: list[_Blob] = []
        for _ in range(rng.integer(3, 4)):
            radius = size * rng.uniform(0.12, 0.19)
            centre = _random_centre(rng, width, height, radius)
            host = _Blob.random(rng, *centre, radius, roughness=0.3)
            tissue.append(host)
            for _ in range(rng.integer(0, 4)):
                angle, offset = rng.uniform(0, 2 * math.pi), rng.uniform(0, 0.6)
                cx = host.cx + offset * host.rx * math.cos(angle)
                cy = host.cy + offset * host.ry * math.sin(angle)
                hole_radius = size * rng.uniform(0.006, 0.02)
                holes.append(_Blob.random(rng, cx, cy, hole_radius, roughness=0.1))
        for _ in range(rng.integer(6, 14)):
            radius = size * rng.uniform(0.01, 0.035)
            centre = _random_centre(rng, width, height, radius)
            tissue.append(_Blob.random(rng, *centre, radius, roughness=0.2))
        cellularity = _Waves.random(
            rng, [size * rng.uniform(0.02, 0.15) for _ in range(10)], [0.3] * 10
        )
        fibres = _Waves.random(rng, [rng.uniform(10, 48) for _ in range(8)], [0.035] * 8)
        nuclei = (
            _NucleusLayer(cell=29.0, salt=rng.integer(0, 2**32 - 1)),
            _NucleusLayer(cell=41.0, salt=rng.integer(0, 2**32 - 1)),
        )
        noise_salt = rng.integer(0, 2**32 - 1)
        clusters = _NucleusLayer(
            cell=_CLUSTER_CELL,
            salt=rng.integer(0, 2**32 - 1),
            radius=_CLUSTER_RADIUS,
            softness=_CLUSTER_SOFTNESS,
        )
        cluster_nuclei = tuple(
            _NucleusLayer(
                cell=cell,
                salt=rng.integer(0, 2**32 - 1),
                radius=_CLUSTER_NUCLEUS_RADIUS,
                softness=_CLUSTER_NUCLEUS_SOFTNESS,
            )
            for cell in _CLUSTER_NUCLEUS_CELLS
        )
        return cls(
            tuple(tissue),
            tuple(holes),
            cellularity,
            fibres,
            nuclei,
            noise_salt,
            clusters,
            cluster_nuclei,
        )

    def tissue_coverage(self, xs: _Floats, ys: _Floats, scale: int) -> _Grid:
        """Fraction of tissue (0..1) in each sample's square."""
        tissue = self._union(self.tissue, xs, ys, scale)
        if self.holes and tissue.any():
            tissue *= 1.0 - self._union(self.holes, xs, ys, scale)
        return tissue

    def render(self, xs: _Floats, ys: _Floats, scale: int, level: int, x: int, y: int) -> RGBArray:
        """RGB pixels at the sample positions ``xs`` (columns) and ``ys`` (rows).

        Colour mixes linearly in what a sample covers (tissue or glass, nucleus or not), as
        light averaged over the sample's square would, so coarse levels match finer ones.
        """
        tissue = self.tissue_coverage(xs, ys, scale)
        noise = (_PIXEL_NOISE / scale) * self._pixel_noise(level, x, y, xs.size, ys.size)
        # One (rows, columns) plane per colour channel: contiguous, so vectorised.
        if not tissue.any():
            planes = _INCIDENT_LIGHT[:, None, None] + noise
        else:
            cellularity = self.cellularity.evaluate(xs, ys, scale)
            clustered, cluster_window = self._clusters_in(xs, ys, scale, cellularity)
            eosin = 0.5 - 0.12 * cellularity + self.fibres.evaluate(xs, ys, scale)
            eosin -= _CLUSTER_EOSIN_LOSS * clustered
            planes = _EOSIN_OD[:, None, None] * eosin
            planes += _HAEMATOXYLIN_OD[:, None, None] * _CYTOPLASM_HAEMATOXYLIN
            np.negative(planes, out=planes)
            np.exp(planes, out=planes)
            occupancy = _cell_density(cellularity)
            for layer in self.nuclei:
                nuclei = layer.stain_share(xs, ys, scale, occupancy, self._stroma_density)
                planes *= 1.0 - _NUCLEUS_ABSORPTION[:, None, None] * nuclei
            if cluster_window is not None:
                rows, columns = cluster_window
                in_window = planes[:, rows, columns]
                for layer in self.cluster_nuclei:
                    nuclei = layer.stain_share(
                        xs[columns], ys[rows], scale, clustered[rows, columns], self._cluster_share
                    )
                    in_window *= 1.0 - _CLUSTER_NUCLEUS_ABSORPTION[:, None, None] * nuclei
            # Glass where the sample is not tissue: light * (1 - tissue + tissue * transmitted).
            planes -= 1.0
            planes *= tissue
            planes += 1.0
            planes *= _INCIDENT_LIGHT[:, None, None]
            planes += noise
        np.rint(planes, out=planes)
        np.clip(planes, 0, 255, out=planes)
        return np.ascontiguousarray(planes.astype(np.uint8).transpose(1, 2, 0))

    def _stroma_density(self, xs: _Floats, ys: _Floats, scale: int) -> _Grid:
        """Occupancy of the scattered nuclei's cells, from the cellularity field."""
        return _cell_density(self.cellularity.evaluate(xs, ys, scale))

    def _cluster_density(self, xs: _Floats, ys: _Floats, scale: int) -> _Grid:
        """How likely a cluster cell holds a cluster: more where tissue is more cellular."""
        return _cluster_density(self.cellularity.evaluate(xs, ys, scale))

    def _cluster_share(
        self, xs: _Floats, ys: _Floats, scale: int, cellularity: _Grid | None = None
    ) -> _Grid:
        """Fraction (0..1) of each sample inside a cell cluster (``cellularity``: the field at
        the samples, when already known)."""
        if self.clusters.sharpness(scale) == 1.0:  # drawn disc by disc: no average needed
            share = self.clusters.sharp_stain(xs, ys, scale, self._cluster_density)
        else:
            if cellularity is None:
                cellularity = self.cellularity.evaluate(xs, ys, scale)
            occupancy = _cluster_density(cellularity)
            share = self.clusters.stain_share(xs, ys, scale, occupancy, self._cluster_density)
        np.clip(share, 0.0, 1.0, out=share)
        return share

    def _clusters_in(
        self, xs: _Floats, ys: _Floats, scale: int, cellularity: _Grid
    ) -> tuple[_Grid, tuple[slice, slice] | None]:
        """Each sample's share in a cluster, and the part of the samples (rows, columns) where
        clustered nuclei can show (None: nowhere).

        Where the clustered nuclei blur into their average, they show exactly where the share
        is above 0. Where they are drawn one by one, a nucleus reaches up to ``margin`` samples
        from a sample inside a cluster, even one just outside ``xs`` and ``ys``: the share is
        computed on samples widened by that margin, so that what is drawn never depends on the
        region read.
        """
        if max(layer.sharpness(scale) for layer in self.cluster_nuclei) == 0.0:
            clustered = self._cluster_share(xs, ys, scale, cellularity)
            return clustered, _nonzero_box(clustered)
        # A nucleus's disc ends within cell / 2 + 1.07 * edge of its cell's centre (jitter plus
        # spread plus half the edge, see _NucleusLayer); two samples more cover a centre that
        # lies in a cluster between samples that do not.
        edge = max(scale, _CLUSTER_NUCLEUS_SOFTNESS * _CLUSTER_NUCLEUS_RADIUS[1])
        reach = max(_CLUSTER_NUCLEUS_CELLS) / 2 + 1.1 * edge
        margin = math.ceil(reach / scale) + 2
        steps = np.arange(1, margin + 1) * float(scale)
        wide_xs = np.concatenate((xs[0] - steps[::-1], xs, xs[-1] + steps))
        wide_ys = np.concatenate((ys[0] - steps[::-1], ys, ys[-1] + steps))
        wide = self._cluster_share(wide_xs, wide_ys, scale)
        clustered = np.ascontiguousarray(wide[margin:-margin, margin:-margin])
        box = _nonzero_box(wide)
        if box is None:
            return clustered, None
        # Wide index i is sample i - margin; a nucleus reaches `margin` samples further.
        rows, columns = box
        top, bottom = max(rows.start - 2 * margin, 0), min(rows.stop, ys.size)
        left, right = max(columns.start - 2 * margin, 0), min(columns.stop, xs.size)
        if top >= bottom or left >= right:
            return clustered, None
        return clustered, (slice(top, bottom), slice(left, right))

    def _union(self, blobs: tuple[_Blob, ...], xs: _Floats, ys: _Floats, scale: int) -> _Grid:
        covered = np.zeros((ys.size, xs.size), dtype=np.float32)
        for blob in blobs:
            reach = blob.reach(scale)
            left, right = np.searchsorted(xs, (blob.cx - reach, blob.cx + reach))
            top, bottom = np.searchsorted(ys, (blob.cy - reach, blob.cy + reach))
            if left >= right or top >= bottom:
                continue
            window = covered[top:bottom, left:right]
            if window.min() < 1.0:
                np.maximum(window, blob.coverage(xs[left:right], ys[top:bottom], scale), out=window)
        return covered

    def _pixel_noise(self, level: int, x: int, y: int, width: int, height: int) -> _Grid:
        """Uniform noise in -1..1, a fixed function of the level and the pixel's position."""
        columns = np.arange(x, x + width, dtype=np.int64)
        rows = np.arange(y, y + height, dtype=np.int64)
        salt = (self.noise_salt ^ (level * 0x9E3779B1)) & 0xFFFFFFFF
        return 2.0 * _uniforms(_hash2(columns, rows, salt), 1)[0] - 1.0


def _nonzero_box(grid: _Grid) -> tuple[slice, slice] | None:
    """The smallest (rows, columns) box holding every non-zero value; None if there is none."""
    rows, columns = np.flatnonzero(grid.any(axis=1)), np.flatnonzero(grid.any(axis=0))
    if rows.size == 0:
        return None
    return slice(int(rows[0]), int(rows[-1]) + 1), slice(int(columns[0]), int(columns[-1]) + 1)


def _random_centre(rng: _SplitMix64, width: int, height: int, radius: float) -> tuple[float, float]:
    """A blob centre at least ``radius`` from the edges where the slide allows it."""
    margin_x, margin_y = min(radius * 1.1, width / 2), min(radius * 1.1, height / 2)
    return rng.uniform(margin_x, width - margin_x), rng.uniform(margin_y, height - margin_y)


# --- small helpers --------------------------------------------------------------------------


class _SplitMix64:
    """A tiny seeded generator whose output is fixed forever (unlike numpy's streams)."""

    _MASK = (1 << 64) - 1

    def __init__(self, seed: int) -> None:
        self._state = seed & self._MASK

    def next(self) -> int:
        self._state = (self._state + 0x9E3779B97F4A7C15) & self._MASK
        z = self._state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & self._MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & self._MASK
        return z ^ (z >> 31)

    def uniform(self, low: float, high: float) -> float:
        return low + (high - low) * (self.next() >> 11) / float(1 << 53)

    def integer(self, low: int, high: int) -> int:
        """A whole number in ``low..high``, both included."""
        return low + self.next() % (high - low + 1)


def _hash2(columns: NDArray[np.int64], rows: NDArray[np.int64], seed: int) -> NDArray[np.uint32]:
    """A well-mixed 32-bit hash of every ``(rows[i], columns[j])`` pair: ``(h, w)``."""
    col_part = (columns.astype(np.uint32) * np.uint32(0x8DA6B343)) ^ np.uint32(seed)
    row_part = rows.astype(np.uint32) * np.uint32(0xD8163841)
    return _mix32(np.bitwise_xor.outer(row_part, col_part))


def _mix32(values: NDArray[np.uint32]) -> NDArray[np.uint32]:
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x7FEB352D)
    values = values ^ (values >> np.uint32(15))
    values = values * np.uint32(0x846CA68B)
    return values ^ (values >> np.uint32(16))


def _uniforms(hashes: NDArray[np.uint32], count: int) -> list[NDArray[np.float32]]:
    """``count`` independent uniform 0..1 arrays derived from ``hashes``."""
    draws = []
    for index in range(count):
        hashes = _mix32(hashes + np.uint32(0x9E3779B9 + index))
        draws.append(hashes.astype(np.float32) * np.float32(1 / (1 << 32)))
    return draws


def _stable_digest_bits(text: str, count: int) -> list[int]:
    digest = b""
    counter = 0
    while len(digest) * 8 < count:
        digest += hashlib.sha256(f"{counter}:{text}".encode()).digest()
        counter += 1
    return [(digest[index // 8] >> (index % 8)) & 1 for index in range(count)]


def _level_geometry(width: int, height: int) -> DeepZoomPyramid:
    """The pyramid's level sizes and scales, which do not depend on the tile size."""
    return DeepZoomPyramid(width, height, tile_size=1)


def _check_region(
    geometry: DeepZoomPyramid, level: int, x: int, y: int, width: int, height: int
) -> int:
    """The level's scale, once the region is known to lie inside the level."""
    scale = geometry.level_scale(level)
    if geometry.clip_region(level, x, y, width, height) != (x, y, width, height):
        level_width, level_height = geometry.level_size(level)
        raise OutsidePyramidError(
            f"region {width}x{height} at ({x}, {y}) does not lie inside level {level}, "
            f"which is {level_width}x{level_height}"
        )
    return scale


def _bands(width: int, height: int) -> Iterator[tuple[int, int]]:
    """``(top, rows)`` of horizontal bands small enough to keep temporaries bounded."""
    rows_per_band = max(1, _BAND_PIXELS // width)
    for top in range(0, height, rows_per_band):
        yield top, min(rows_per_band, height - top)


def _sample_positions(
    x: int, y: int, width: int, height: int, scale: int
) -> tuple[_Floats, _Floats]:
    """Full-resolution centres of the columns and rows of a level region."""
    xs = (np.arange(x, x + width, dtype=np.float64) + 0.5) * scale
    ys = (np.arange(y, y + height, dtype=np.float64) + 0.5) * scale
    return xs, ys


def _jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()
