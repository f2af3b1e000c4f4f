from enum import IntEnum


class PatchActionState(IntEnum):
    NOT_PRESSED = 0
    PRESSED = 1

    def __str__(self) -> str:
        return str(self.value)
