"""A slide full of recognisable patient data and a mock that serves it, for scrubbing tests."""

from __future__ import annotations

from sectra_client.mock_server import MockSectraServer
from sectra_client.schemas import ImageInfo

PHI_VALUES = {
    "accessionNumber": "ACC-DOE-JOHN-1951",
    "accessionNumberIssuer": "ST-ELSEWHERE-HOSPITAL",
    "seriesInstanceUid": "1.2.826.0.1.3680043.8.498.12345",
    "studyInstanceUid": "1.2.826.0.1.3680043.8.498.67890",
    "lisSlideId": "LIS-DOE-JOHN-0042",
    "examId": "EXAM-DOE-JOHN-7",
    "examDateTime": "1951-07-04T09:15:00",
}
"""Every PHI field of the slide, each a string no other data contains."""
FREE_FIELD = ("Patient name", "John Doe-Smithersfield")
"""One exam free field (its name and value are patient data too)."""
SLIDE_ID = "phi-slide-1"
APP_ID = "doctor-app"


def phi_slide(server: MockSectraServer) -> ImageInfo:
    """Register :data:`SLIDE_ID` on ``server`` with every PHI field set; answer its info."""
    made_up = server.add_slide(SLIDE_ID, size=(4000, 3000))
    info = made_up.model_copy(update={**PHI_VALUES, "examFreeFields": [dict([FREE_FIELD])]})
    return server.add_slide(info)


def secrets_of(text: str) -> list[str]:
    """Which PHI strings (and free-field texts) appear in ``text``."""
    values = [*PHI_VALUES.values(), *FREE_FIELD]
    return [value for value in values if value in text]
