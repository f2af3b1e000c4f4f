from enum import StrEnum


class InfoScope(StrEnum):
    EXTENDED = "extended"

    def __str__(self) -> str:
        return str(self.value)
