"""What the layers in front of the routes learned about a request, kept in its ASGI scope."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.types import Scope

from sectra_client.mock_server._operations import Operation
from sectra_client.mock_server._request_log import RequestRecord

__all__ = ["RequestContext", "context_of"]

_SCOPE_KEY = "sectra_client.mock"


@dataclass
class RequestContext:
    """One request to the mock.

    Attributes:
        record: its entry in the request log.
        operation: the operation it addresses, once routed.
        params: the operation's decoded path parameters.
        truncate_multipart: a fault asks for a multipart body without its closing boundary.
    """

    record: RequestRecord
    operation: Operation | None = None
    params: dict[str, str] = field(default_factory=dict)
    truncate_multipart: bool = False

    def attach(self, scope: Scope) -> None:
        """Keep this context in ``scope``."""
        scope[_SCOPE_KEY] = self


def context_of(scope: Scope) -> RequestContext:
    """The context kept in ``scope``.

    Raises:
        LookupError: the request did not pass through the mock's layers.
    """
    context = scope.get(_SCOPE_KEY)
    if not isinstance(context, RequestContext):
        raise LookupError("this request did not pass through the mock server's layers")
    return context
