"""Bearer tokens the mock accepts besides its configured one.

Two kinds: tokens minted for invocations and launch sessions (valid until the state is reset)
and tokens issued by ``POST /token`` (valid for a lifetime, so that refreshing can be tested).
Any issued token can also be made to expire at once (a job that waited too long in a queue).
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable

__all__ = ["TokenStore", "same_secret"]


class TokenStore:
    """Issued tokens and when they expire (seconds on ``clock``; ``None`` never)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._expiry: dict[str, float | None] = {}

    def mint(self, lifetime: float | None = None) -> str:
        """A fresh random token, valid for ``lifetime`` seconds (``None``: until reset)."""
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._expiry[token] = None if lifetime is None else self._clock() + lifetime
        return token

    def is_valid(self, token: str) -> bool:
        """Whether ``token`` was issued here and has not expired."""
        with self._lock:
            expiry = self._expiry.get(token, 0.0)
        return expiry is None or expiry > self._clock()

    def expire(self, token: str) -> bool:
        """Make ``token`` expire now; False if it was not issued here."""
        with self._lock:
            if token not in self._expiry:
                return False
            self._expiry[token] = self._clock()
        return True

    def expire_timed(self) -> None:
        """Make every token with a lifetime (from ``POST /token``) expire now."""
        now = self._clock()
        with self._lock:
            for token, expiry in self._expiry.items():
                if expiry is not None:
                    self._expiry[token] = now


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison of two secrets."""
    return hmac.compare_digest(given.encode(), expected.encode())
