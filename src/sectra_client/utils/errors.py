"""``sectra_client.utils.errors``: the error import path of ``sectra-image-analysis-api``.

New code should import from :mod:`sectra_client.errors`.
"""

from sectra_client.errors import SectraError, SectraRequestError

__all__ = ["SectraError", "SectraRequestError"]
