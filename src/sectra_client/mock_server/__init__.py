"""MockSectraServer: a faithful local Sectra IA-API server to develop, demo and test against.

Needs the ``mock`` extra: ``pip install 'sectra-client[mock]'``.

    from sectra_client.mock_server import MockSectraServer

    with MockSectraServer().run(port=0) as server:
        print(server.url, server.token)   # give these to your client or app

``uvicorn sectra_client.mock_server:app`` serves a default server (token ``dev-token``); it is
made on first access, not at import.
"""

from __future__ import annotations

from typing import Any

from sectra_client._extras import require_extra

for _module in ("fastapi", "uvicorn", "numpy", "PIL"):
    require_extra(_module, "mock", "MockSectraServer")

from sectra_client.errors import WebhookContractWarning  # noqa: E402
from sectra_client.mock_server._config import DEFAULT_BASE_PATH  # noqa: E402
from sectra_client.mock_server._deviations import Deviations  # noqa: E402
from sectra_client.mock_server._faults import Faults  # noqa: E402
from sectra_client.mock_server._files_stream import FilesForm, GeneratedFile  # noqa: E402
from sectra_client.mock_server._invocations import InvocationAction  # noqa: E402
from sectra_client.mock_server._pixels import (  # noqa: E402
    ImageFileSlide,
    PixelSource,
    SyntheticSlide,
)
from sectra_client.mock_server._request_log import RequestRecord  # noqa: E402
from sectra_client.mock_server._server import MockSectraServer, SlideFileSpec  # noqa: E402

__all__ = [
    "DEFAULT_BASE_PATH",
    "Deviations",
    "Faults",
    "FilesForm",
    "GeneratedFile",
    "ImageFileSlide",
    "InvocationAction",
    "MockSectraServer",
    "PixelSource",
    "RequestRecord",
    "SlideFileSpec",
    "SyntheticSlide",
    "WebhookContractWarning",
]

_default_app: Any = None


def __getattr__(name: str) -> Any:
    """``app``: the ASGI app of a default :class:`MockSectraServer`, made on first access."""
    global _default_app
    if name == "app":
        if _default_app is None:
            _default_app = MockSectraServer().create_app()
        return _default_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
