from enum import StrEnum


class AttachmentState(StrEnum):
    NEW = "new"
    STORED = "stored"
    UPLOAD_IN_PROGRESS = "upload-in-progress"

    def __str__(self) -> str:
        return str(self.value)
