"""Encrypting job requests on their way through the broker (Fernet, key from the environment).

A :class:`~sectra_client.webhook.JobRequest` holds the invocation, and so the callback token.
With a key in :data:`KEY_VARIABLE` (the same key in the web process and every worker), the
request travels sealed: the broker, its persistence files and ``celery inspect`` see only
ciphertext. Make a key with
``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"``.
"""

from __future__ import annotations

import os

from cryptography.fernet import Fernet, InvalidToken

__all__ = ["KEY_VARIABLE", "UnsealError", "sealer_from_environment", "unseal"]

KEY_VARIABLE = "SECTRA_JOB_KEY"
"""The environment variable holding the Fernet key (32 url-safe base64-encoded bytes)."""


class UnsealError(Exception):
    """A sealed request cannot be opened here: no key, or not the key it was sealed with."""


def sealer_from_environment(encrypt: bool | None) -> Fernet | None:
    """The Fernet to seal requests with, or None to send them in clear.

    Args:
        encrypt: True requires a key; False never seals; None seals when a key is set.

    Raises:
        ValueError: ``encrypt`` is True and no key is set, or the key is malformed.
    """
    key = os.environ.get(KEY_VARIABLE, "").strip()
    if encrypt is False:
        return None
    if not key:
        if encrypt:
            raise ValueError(f"encryption is required, but {KEY_VARIABLE} is not set")
        return None
    try:
        return Fernet(key)
    except ValueError:
        raise ValueError(
            f"{KEY_VARIABLE} is not a Fernet key (32 url-safe base64-encoded bytes)"
        ) from None


def unseal(sealed: str) -> str:
    """Open a request sealed with the key in :data:`KEY_VARIABLE`.

    Raises:
        UnsealError: no key is set here, or the request was sealed with another key.
    """
    sealer = sealer_from_environment(encrypt=None)
    if sealer is None:
        raise UnsealError(f"the job request is encrypted, but {KEY_VARIABLE} is not set here")
    try:
        return sealer.decrypt(sealed.encode()).decode()
    except InvalidToken:
        raise UnsealError(f"the job request was encrypted with another {KEY_VARIABLE}") from None
