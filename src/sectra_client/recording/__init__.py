"""Recording what a real Sectra server does, scrubbed, in VCR.py cassettes.

Needs the ``recording`` extra: ``pip install 'sectra-client[recording]'`` (vcrpy, FastAPI's
Starlette, uvicorn).

:class:`Recorder` runs a reverse proxy in front of Sectra (and optionally one in front of the
app, for the invocations Sectra sends) and writes every exchange to a cassette that
``pytest-recording`` replays and :meth:`MockSectraServer.from_cassette` serves. Secrets and
patient data never reach the file: tokens, HTTP Basic credentials, every value of a field the
contract marks ``x-sectra-phi`` and accession numbers in paths and queries become consistent
placeholders (``TOKEN-1``, ``PHI-accessionNumber-1``); tile and file bodies are recorded by
size unless ``keep_pixels``; label images never; the server's host becomes
``https://sectra.example``.
"""

from __future__ import annotations

from sectra_client._extras import require_extra

for _module in ("vcr", "starlette", "uvicorn"):
    require_extra(_module, "recording", "sectra record")

from sectra_client._recorded_body import RECORDED_BODY_HEADER, omitted_size  # noqa: E402
from sectra_client.recording._recorder import (  # noqa: E402
    RECORDED_API_ORIGIN,
    RECORDED_APP_ORIGIN,
    Recorder,
)
from sectra_client.recording._scrub import Scrubber  # noqa: E402

__all__ = [
    "RECORDED_API_ORIGIN",
    "RECORDED_APP_ORIGIN",
    "RECORDED_BODY_HEADER",
    "Recorder",
    "Scrubber",
    "omitted_size",
]
