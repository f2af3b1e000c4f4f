"""Ways the mock can be told to break the contract on purpose, as some real servers may.

They exist to test tools that look for deviations (``sectra doctor``) and apps that must cope
with them. A default :class:`Deviations` is the contract itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Deviations"]


@dataclass(frozen=True)
class Deviations:
    """Planned deviations from ``openapi/sectra.yaml`` (``MockSectraServer(deviations=...)``).

    Attributes:
        stale_version_status: the status for a ``PUT`` with a stale ``versionId`` (results
            and quality control); the contract's is 409.
        trailing_slash_status: the status for any path that ends in ``/``; ``None`` (the
            contract) serves it as the same path without the slash.
        dropped_result_fields: top-level result fields the server does not store (they are
            missing from every result it answers, e.g. ``{"displayResult"}``).

    An unknown quality-control status needs no deviation: register a slide whose
    ``qualityControl.status`` is any string (``add_slide``).
    """

    stale_version_status: int = 409
    trailing_slash_status: int | None = None
    dropped_result_fields: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for status in (self.stale_version_status, self.trailing_slash_status):
            if status is not None and not 400 <= status <= 599:
                raise ValueError(f"a deviation's status must be an error (4xx, 5xx): {status}")
        object.__setattr__(self, "dropped_result_fields", frozenset(self.dropped_result_fields))
