"""A slide's label image: the photograph of the glass slide's label (it may show patient data)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sectra_client._extras import require_extra

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = ["LabelImage"]


@dataclass(frozen=True, repr=False)
class LabelImage:
    """The label image of a slide, as the server sent it (usually a JPEG).

    Labels may show patient data: the bytes never appear in ``repr()``.

    Attributes:
        image: the encoded image bytes.
        media_type: the response's Content-Type, e.g. ``"image/jpeg"``.
    """

    image: bytes
    media_type: str = "image/jpeg"

    def convert_to_pil(self) -> Image:
        """Decode the image with Pillow (the ``images`` extra).

        Raises:
            MissingExtraError: Pillow is not installed (``pip install 'sectra-client[images]'``).
            PIL.UnidentifiedImageError: the bytes are not an image Pillow can read.
        """
        pil_image = require_extra("PIL.Image", "images", "LabelImage.convert_to_pil")
        decoded: Image = pil_image.open(io.BytesIO(self.image))
        return decoded

    def to_pil(self) -> Image:
        """The same as :meth:`convert_to_pil`."""
        return self.convert_to_pil()

    def __repr__(self) -> str:
        return f"LabelImage(<{len(self.image)} bytes of {self.media_type}>)"
