"""Counting work instead of timing it: the Python function calls a piece of code makes.

A count does not depend on the machine or its load, so a test can compare two runs exactly
(10,000 repeated names against 10,000 distinct ones) where seconds would be noise.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

__all__ = ["OverBudget", "python_calls"]


class OverBudget(AssertionError):
    """The code made more calls than allowed (it was stopped there, not run to its end)."""


def python_calls(work: Callable[[], object], budget: int) -> int:
    """The number of Python function calls ``work()`` makes (C functions not counted).

    Raises:
        OverBudget: ``work`` made more than ``budget`` calls; it is stopped at that point, so a
            quadratic algorithm fails quickly instead of running for minutes.
    """
    calls = 0

    def count(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal calls
        if event == "call":
            calls += 1
            if calls > budget:
                raise OverBudget(f"more than {budget} Python calls")

    sys.setprofile(count)
    try:
        work()
    finally:
        sys.setprofile(None)
    return calls
