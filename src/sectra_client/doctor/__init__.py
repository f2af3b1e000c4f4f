"""``sectra doctor``: does a Sectra server behave as ``openapi/sectra.yaml`` says?

Needs the ``doctor`` extra: ``pip install 'sectra-client[doctor]'`` (openapi-core).

    from sectra_client.doctor import run_doctor

    report = run_doctor(url, token, slide_id="...", application_id="...")
    print(report.to_json())     # safe to send: no ids, tokens or patient data

See ``docs/check-your-server.md``.
"""

from __future__ import annotations

from sectra_client._extras import require_extra

require_extra("openapi_core", "doctor", "sectra doctor")

from sectra_client.doctor._render import render_markdown, render_text  # noqa: E402
from sectra_client.doctor._report import (  # noqa: E402
    DEVIATION_KINDS,
    CallRecord,
    Deviation,
    DeviationKind,
    DoctorReport,
    Finding,
)
from sectra_client.doctor._run import run_doctor  # noqa: E402
from sectra_client.doctor._writes import FINAL_DISPLAY_RESULT  # noqa: E402

__all__ = [
    "DEVIATION_KINDS",
    "FINAL_DISPLAY_RESULT",
    "CallRecord",
    "Deviation",
    "DeviationKind",
    "DoctorReport",
    "Finding",
    "render_markdown",
    "render_text",
    "run_doctor",
]
