"""The code in the README and the documentation pages is the library's: every name imported
from ``sectra_client`` exists there, each name is imported from one module throughout, and every
Python block at least compiles."""

from __future__ import annotations

import ast
import importlib

import pytest
from _doc_pages import DOCS, REPO, code_blocks

PAGES = [REPO / "README.md", *sorted(DOCS.rglob("*.md"))]
BLOCKS = [
    (path.relative_to(REPO).as_posix(), block)
    for path in PAGES
    for block in code_blocks(path.read_text(encoding="utf-8"), "python")
]


def imports() -> list[tuple[str, str, str]]:
    """(page, module, name) of every ``from sectra_client... import name`` in the blocks."""
    return [
        (where, module, alias.name)
        for where, block in BLOCKS
        for node in ast.walk(ast.parse(block))
        if isinstance(node, ast.ImportFrom)
        and (module := node.module or "").startswith("sectra_client")
        for alias in node.names
    ]


def test_the_pages_have_python_blocks_that_import_the_library() -> None:
    assert len(BLOCKS) >= 15
    assert len(imports()) >= 40


@pytest.mark.parametrize(("where", "block"), BLOCKS)
def test_every_python_block_compiles(where: str, block: str) -> None:
    compile(block, where, "exec")


def test_every_imported_name_exists_where_it_is_imported_from() -> None:
    missing = [
        f"{where}: from {module} import {name}"
        for where, module, name in imports()
        if not hasattr(importlib.import_module(module), name)
    ]

    assert missing == []


def test_each_name_is_imported_from_one_module_throughout() -> None:
    sources: dict[str, set[str]] = {}
    for _, module, name in imports():
        sources.setdefault(name, set()).add(module)

    assert sources
    assert {name: modules for name, modules in sources.items() if len(modules) > 1} == {}
