"""Where the bearer token comes from; the transport asks for it before every request.

- :class:`StaticToken`: the ``callbackInfo.token`` of an invocation. It never changes.
- :class:`RefreshingToken` (and ``AsyncRefreshingToken`` in :mod:`sectra_client._auth_async`):
  an access token from the ``POST /token`` client-credentials flow, fetched by a callable. It
  is replaced shortly before it expires (``TOKEN_REFRESH_MARGIN`` seconds, or
  ``TOKEN_REFRESH_FRACTION`` of its lifetime when that is shorter), and after the server
  refuses it with 401 or 403. However many threads or tasks find it stale at once, one fetch
  runs.
- :class:`ClientCredentials`: the token provider of ``from_credentials`` clients. The
  transport it is handed to fetches tokens with it (``POST /token``, HTTP Basic) through its own
  retry policy and keeps them in a refreshing token source.

No ``repr`` or ``str`` of these objects shows a token.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from sectra_client import _operations as ops
from sectra_client._constants import TOKEN_REFRESH_FRACTION, TOKEN_REFRESH_MARGIN

if TYPE_CHECKING:
    from sectra_client.schemas import TokenResponse

__all__ = [
    "AsyncTokenSource",
    "ClientCredentials",
    "HeldToken",
    "RefreshingToken",
    "StaticToken",
    "TokenGrant",
    "TokenSource",
]


class TokenSource(Protocol):
    """Supplies the bearer token for the sync transport."""

    def get_token(self) -> str:
        """The token to send now."""
        ...

    def invalidate(self, rejected_token: str) -> bool:
        """Forget ``rejected_token`` after a 401 or 403; True when a retry may get a different
        token."""
        ...


class AsyncTokenSource(Protocol):
    """Supplies the bearer token for the async transport."""

    async def aget_token(self) -> str:
        """The token to send now."""
        ...

    def invalidate(self, rejected_token: str) -> bool:
        """Forget ``rejected_token`` after a 401 or 403; True when a retry may get a different
        token."""
        ...


class StaticToken:
    """A token that never changes, such as an invocation's ``callbackInfo.token``.

    Usable by both transports. After a 401 or 403 there is nothing better to offer, so
    :meth:`invalidate` returns False and the error reaches the caller.
    """

    def __init__(self, token: str):
        if not token:
            raise ValueError("the bearer token is empty")
        self._token = token

    def get_token(self) -> str:
        return self._token

    async def aget_token(self) -> str:
        return self._token

    def invalidate(self, rejected_token: str) -> bool:
        return False

    def __repr__(self) -> str:
        return "StaticToken(<redacted>)"


@dataclass(frozen=True, repr=False)
class TokenGrant:
    """An access token and its lifetime, as answered by ``POST /token``.

    Attributes:
        access_token: the bearer token.
        expires_in: seconds the token stays valid, counted from when it was requested.
    """

    access_token: str
    expires_in: float

    def __repr__(self) -> str:
        return f"TokenGrant(access_token=<redacted>, expires_in={self.expires_in!r})"


class HeldToken:
    """The token currently held and when it must be replaced; shared by both refreshers."""

    def __init__(self, clock: Callable[[], float]):
        self._clock = clock
        # (token, replace_at) in one attribute, so a reader never mixes two grants.
        self._held: tuple[str, float] | None = None

    def now(self) -> float:
        return self._clock()

    def fresh_token(self) -> str | None:
        held = self._held
        if held is not None and self._clock() < held[1]:
            return held[0]
        return None

    def hold(self, grant: TokenGrant, requested_at: float) -> str:
        lifetime = max(0.0, grant.expires_in)
        margin = min(TOKEN_REFRESH_MARGIN, TOKEN_REFRESH_FRACTION * lifetime)
        self._held = (grant.access_token, requested_at + lifetime - margin)
        return grant.access_token

    def forget(self, rejected_token: str) -> None:
        held = self._held
        if held is not None and held[0] == rejected_token:
            self._held = None

    def describe(self, owner: str) -> str:
        state = "valid" if self.fresh_token() is not None else "needs refresh"
        return f"{owner}(<{state}>)"


class RefreshingToken:
    """A ``/token`` access token for the sync transport; thread-safe.

    Args:
        fetch: requests a new grant (``POST /token``); called once per refresh while other
            threads wanting a token wait. Its exceptions reach the request that needed the
            token.
        clock: monotonic seconds; injectable for tests.
    """

    def __init__(
        self, fetch: Callable[[], TokenGrant], *, clock: Callable[[], float] = time.monotonic
    ):
        self._fetch = fetch
        self._grant = HeldToken(clock)
        self._lock = threading.Lock()

    def get_token(self) -> str:
        token = self._grant.fresh_token()
        if token is not None:
            return token
        with self._lock:
            token = self._grant.fresh_token()
            if token is not None:
                return token
            requested_at = self._grant.now()
            return self._grant.hold(self._fetch(), requested_at)

    def invalidate(self, rejected_token: str) -> bool:
        with self._lock:
            self._grant.forget(rejected_token)
        return True

    def __repr__(self) -> str:
        return self._grant.describe("RefreshingToken")


@dataclass(frozen=True, repr=False)
class ClientCredentials:
    """A Sectra user's credentials for the ``POST /token`` client-credentials flow (IA-API 1.9+).

    Attributes:
        application_id: the application the tokens are for.
        username: the Sectra user's name.
        password: the user's password; never in a repr, a log record or an error.
    """

    application_id: str
    username: str
    password: str

    def token_call(self) -> ops.Call[TokenResponse]:
        """The token request, sent with HTTP Basic instead of a bearer token."""
        return ops.request_token(self.application_id, self.username, self.password)

    def __repr__(self) -> str:
        return f"ClientCredentials(application_id={self.application_id!r}, <redacted>)"
