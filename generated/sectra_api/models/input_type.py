from enum import StrEnum


class InputType(StrEnum):
    MULTI_AREA = "multiArea"
    TAGGED_POLYGON = "taggedPolygon"
    WHOLE_SLIDE = "wholeSlide"

    def __str__(self) -> str:
        return str(self.value)
