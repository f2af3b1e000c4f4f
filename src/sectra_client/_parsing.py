"""Turning response bodies into models: once, by pydantic, straight from the bytes.

Large bodies (a result with 200,000 points is about 4 MB of JSON) may be parsed with Python's
cyclic garbage collector paused. Parsing allocates objects for every point, and every few
hundred allocations the collector would rescan the growing, still-referenced graph: reading such
a result took about twice the CPU with the collector running (``benchmarks/bench_results.py``).
When the pause ends, the objects the collector tracks move to its oldest generation unexamined
(:func:`collector_paused`): otherwise its next young collection would examine every object the
parse made, about a quarter of the time to read such a result.

The pause is process-wide (every thread of the process runs without cyclic collection while a
body is parsed, some tens of milliseconds), re-entrant and thread-safe; the collector's previous
state is always restored. The clients pause only with their ``pause_gc_while_parsing`` option on
(the default); with it off, they never touch the collector.

pydantic and the schemas are imported by the first parse, not with this module, so that
importing the client stays cheap.

A body that does not fit the schema raises :class:`~sectra_client.errors.SectraConnectionError`
naming the fields at fault, never their values (a slide's metadata can hold patient data).
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, TypeVar

from sectra_client.errors import SectraConnectionError

if TYPE_CHECKING:
    from pydantic import TypeAdapter, ValidationError

__all__ = ["GC_PAUSE_THRESHOLD", "collector_paused", "parse_body"]

T = TypeVar("T")

#: Bodies at least this long (bytes) are parsed with the cyclic garbage collector paused.
GC_PAUSE_THRESHOLD = 1024 * 1024

_MAX_REPORTED_PROBLEMS = 5

_pause_lock = threading.Lock()
_pause_depth = 0
_collector_was_enabled = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the block runs (reference counting goes on).

    Nested and concurrent uses are counted: the collector is re-enabled, if it was enabled
    before the first one began, when the last one ends. It then first moves every object it
    tracks into its oldest generation (``gc.freeze()`` and ``gc.unfreeze()``), so that its next
    young collection does not examine all that the block allocated: they are examined at the
    next full collection, if they live that long, as any long-lived object. Reference cycles
    that other threads left as garbage meanwhile are freed then too, rather than at the next
    young collection. Not done when the app froze objects itself (``gc.freeze()``), which stay
    frozen.
    """
    global _pause_depth, _collector_was_enabled
    with _pause_lock:
        if _pause_depth == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _pause_depth += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pause_depth -= 1
            if _pause_depth == 0 and _collector_was_enabled:
                _move_tracked_objects_to_oldest_generation()
                gc.enable()


def _move_tracked_objects_to_oldest_generation() -> None:
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def parse_body(
    adapter: TypeAdapter[T], body: bytes, *, what: str, request: str, pause_gc: bool
) -> T:
    """Validate the JSON ``body`` as ``adapter``'s type.

    Args:
        adapter: the type to produce (``TypeAdapter(ImageInfo)``, ``TypeAdapter(list[...])``).
        body: the raw response body.
        what: the schema name for the error message (``"ImageInfo"``).
        request: method and display path for the error message (``"GET /slides/x/info"``).
        pause_gc: pause the cyclic garbage collector while a body of at least
            :data:`GC_PAUSE_THRESHOLD` bytes is parsed; when False it is left alone.

    Raises:
        SectraConnectionError: the body is not JSON or does not match the schema.
    """
    from pydantic import ValidationError  # already loaded by whoever made the adapter

    try:
        if pause_gc and len(body) >= GC_PAUSE_THRESHOLD:
            with collector_paused():
                return adapter.validate_json(body)
        return adapter.validate_json(body)
    except ValidationError as error:
        problems = _describe_problems(error)
    raise SectraConnectionError(f"{request}: the response is not a valid {what}: {problems}")


def _describe_problems(error: ValidationError) -> str:
    """Where and what kind of problems, without the offending values (they may be PHI)."""
    from sectra_client.schemas._open import readable_errors

    details = readable_errors(error)
    described = [
        f"{'.'.join(str(part) for part in detail['loc']) or '(body)'} ({detail['type']})"
        for detail in details[:_MAX_REPORTED_PROBLEMS]
    ]
    more = len(details) - len(described)
    if more > 0:
        described.append(f"and {more} more")
    return ", ".join(described)
