"""Writes the sync twins of the hand-written async modules (run by ``codegen.sh``).

The sync client and its transport are the async ones without ``async``/``await``, so they are
written once, as async code, and their sync twins are generated, as httpcore does. Each
``SOURCES`` pair names a hand-written async module and the sync module generated from it.

The rewriting is textual, line by line, with the substitutions in ``SUBSTITUTIONS``, applied in
order:

- ``async def``/``async with``/``async for`` lose ``async``; ``await`` is dropped;
- async names become their sync twins (``AsyncSectraClient`` -> ``SectraClient``,
  ``aiter_bytes`` -> ``iter_bytes``, ...);
- an import of a module ``sectra_client.<path>_async`` becomes one of
  ``sectra_client.<path>``: the hand-written twin modules (``_concurrency_async`` /
  ``_concurrency``, ``_tiles_async`` / ``_tiles``, ...) export the same names, one side each.

A member whose ``def`` line ends with ``# unasync: async only`` (an async-only alias) is left
out, with its decorators and body. The output is then formatted as the project formats code
(ruff, with the project's configuration), by codegen.sh.

Usage: python scripts/unasync.py SOURCE_ROOT OUTPUT_ROOT
    reads each source under SOURCE_ROOT and writes its twin under OUTPUT_ROOT (same relative
    paths); prints the relative paths written.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SOURCES = {
    "src/sectra_client/_client_async.py": "src/sectra_client/_client.py",
    "src/sectra_client/_sender_async.py": "src/sectra_client/_sender.py",
}

SUBSTITUTIONS: list[tuple[str, str]] = [
    (r"\basync def\b", "def"),
    (r"\basync with\b", "with"),
    (r"\basync for\b", "for"),
    (r"\bawait ", ""),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\b__aiter__\b", "__iter__"),
    (r"\bAsyncSectraClient\b", "SectraClient"),
    (r"\bAsyncClientOptions\b", "ClientOptions"),
    (r"\bAsyncCompatAliases\b", "CompatAliases"),
    (r"\bAsyncTransport\b", "SyncTransport"),
    (r"\bAsyncRefreshingToken\b", "RefreshingToken"),
    (r"\bAsyncTokenSource\b", "TokenSource"),
    (r"\b_AsyncResumedStream\b", "_ResumedStream"),
    (r"\bhttpx\.AsyncClient\b", "httpx.Client"),
    (r"\bhttpx\.AsyncByteStream\b", "httpx.SyncByteStream"),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\basynccontextmanager\b", "contextmanager"),
    (r"\basync_large_read_mounts\b", "large_read_mounts"),
    (r"\baclose\b", "close"),
    (r"\baread\b", "read"),
    (r"\baiter_bytes\b", "iter_bytes"),
    (r"\baiter_raw\b", "iter_raw"),
    (r"\baget_token\b", "get_token"),
    (r"\baiter\(", "iter("),
    (r"\banext\(", "next("),
    (r"\b(sectra_client(?:\.\w+)*?\.\w+)_async\b", r"\1"),
]

ASYNC_ONLY = "# unasync: async only"

_COMPILED = [(re.compile(pattern), replacement) for pattern, replacement in SUBSTITUTIONS]


def unasync_line(line: str) -> str:
    """``line`` as its sync twin reads."""
    for pattern, replacement in _COMPILED:
        line = pattern.sub(replacement, line)
    return line


def without_async_only_members(lines: list[str]) -> list[str]:
    """``lines`` less each member marked ``# unasync: async only`` (decorators, body and the
    blank line after it)."""
    kept: list[str] = []
    skipping_below: int | None = None
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if skipping_below is not None:
            if not line.strip() or indent > skipping_below:
                continue
            skipping_below = None
        if line.rstrip().endswith(ASYNC_ONLY):
            while kept and kept[-1].lstrip().startswith("@"):
                kept.pop()
            skipping_below = indent
            continue
        kept.append(line)
    return kept


def unasync_source(source: str, source_name: str) -> str:
    """The sync twin of the module text ``source`` (read from ``source_name``)."""
    lines = without_async_only_members(source.splitlines())
    header = f"# Generated from {Path(source_name).name} by scripts/unasync.py: do not edit."
    return "\n".join([header, *(unasync_line(line) for line in lines)]) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__.rsplit("Usage: ", 1)[1], file=sys.stderr)
        return 2
    source_root, output_root = Path(argv[1]), Path(argv[2])
    for source_name, output_name in SOURCES.items():
        text = (source_root / source_name).read_text(encoding="utf-8")
        output = output_root / output_name
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(unasync_source(text, source_name), encoding="utf-8")
        print(output_name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
