"""The stall rule of slide downloads: a download that stops making progress is aborted, one
that is slow but moving never is.

A read timeout bounds the silence between two chunks, but a server can keep a download alive
for ever by sending a byte now and then. :class:`StallRule` names the least progress a
download must make: at least ``min_bytes`` in every ``seconds`` (as curl's ``--speed-limit``
and ``--speed-time`` do). A 10 GB download at any real speed passes; a server dripping a few
bytes a second is cut off after ``seconds``. :class:`StallWatch` applies it as chunks arrive.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from sectra_client.errors import SectraTimeoutError

__all__ = ["DEFAULT_STALL_RULE", "StallRule", "StallWatch"]


@dataclass(frozen=True)
class StallRule:
    """A download stalls when fewer than ``min_bytes`` arrive in ``seconds``.

    Attributes:
        seconds: the window, in seconds (more than 0). The default, 60 s, is twice the default
            read timeout, which already ends a download that falls silent.
        min_bytes: the least progress per window, in bytes (at least 1); the default, 64 KiB
            a minute, is about 1 KiB/s: far below any real link, far above a drip.
    """

    seconds: float = 60.0
    min_bytes: int = 64 * 1024

    def __post_init__(self) -> None:
        if not self.seconds > 0:
            raise ValueError(f"StallRule.seconds must be more than 0, got {self.seconds}")
        if self.min_bytes < 1:
            raise ValueError(f"StallRule.min_bytes must be at least 1, got {self.min_bytes}")

    def describe(self) -> str:
        """The rule in words, for error messages."""
        return f"fewer than {self.min_bytes} bytes arrived in {self.seconds:g} s"


DEFAULT_STALL_RULE = StallRule()
"""The clients' default stall rule: at least 64 KiB every 60 s."""


class StallWatch:
    """Applies a :class:`StallRule` to the chunks of one download (None: no rule).

    The windows follow each other from the moment the watch is made; a window's check happens
    when a chunk arrives (a silent server is the read timeout's business).
    """

    def __init__(self, rule: StallRule | None) -> None:
        self._rule = rule
        self._window_start = time.monotonic()
        self._window_bytes = 0

    def count(self, byte_count: int) -> None:
        """Count a chunk of ``byte_count`` bytes.

        Raises:
            SectraTimeoutError: the window just closed with too little progress.
        """
        if self._rule is None:
            return
        self._window_bytes += byte_count
        now = time.monotonic()
        if now - self._window_start < self._rule.seconds:
            return
        if self._window_bytes < self._rule.min_bytes:
            raise SectraTimeoutError(f"the download stalled: {self._rule.describe()}")
        self._window_start, self._window_bytes = now, 0
