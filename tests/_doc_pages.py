"""Reading the README and the documentation pages (``docs/``) the way their tests need: a
section under a heading, the code blocks of a language, a snippet run as written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"

__all__ = ["DOCS", "REPO", "code_blocks", "page", "run_snippet", "section"]


def page(path: str) -> str:
    """The text of a file of the repository, e.g. ``"docs/guides/cli.md"``."""
    return (REPO / path).read_text(encoding="utf-8")


def section(text: str, title: str) -> str:
    """The text under the heading ``title``, up to the next heading of its level (a comment
    line in a code block, ``# app.py``, is no heading of level 2 or more)."""
    heading = re.search(rf"^(#+) {re.escape(title)}\n", text, re.MULTILINE)
    assert heading, title
    level = heading.group(1)
    end = re.compile(rf"^{level} ", re.MULTILINE).search(text, heading.end())
    return text[heading.end() : end.start() if end else len(text)]


def code_blocks(text: str, language: str) -> list[str]:
    """Every fenced code block of ``language`` in ``text``, in order."""
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def run_snippet(code: str, filename: str, **names: Any) -> dict[str, Any]:
    """Run ``code`` with ``names`` defined, as a module named ``doc_snippet``; its namespace."""
    namespace: dict[str, Any] = {"__name__": "doc_snippet", **names}
    exec(compile(code, filename, "exec"), namespace)
    return namespace
