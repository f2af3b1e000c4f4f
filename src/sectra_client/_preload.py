"""Loading ahead what the clients otherwise load on first use, for servers.

Importing ``sectra_client`` loads little: each operation imports its generated endpoint module
when it is first called, the first answer read builds the schemas' validators, and the first
client loads the HTTP transport. A command line starts faster for it. A server would rather pay
that (about 0.1 s) when it starts than on its first requests, which may come in a burst: the
webhook toolkit calls :func:`preload_client` when its app starts.
"""

from __future__ import annotations

import importlib
import pkgutil

import sectra_api.api

from sectra_client import _operations

__all__ = ["preload_client"]


def preload_client() -> None:
    """Import every generated endpoint module and the HTTP transport, and build the validators
    of every answer the operations read."""
    for module in pkgutil.walk_packages(sectra_api.api.__path__, f"{sectra_api.api.__name__}."):
        importlib.import_module(module.name)
    importlib.import_module("sectra_client._transports")
    _operations.validators()
