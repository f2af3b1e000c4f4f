"""The error reference (``docs/reference/errors.md``) covers every exception that
``sectra_client.errors`` exports: a section of its own and a place in the hierarchy."""

from __future__ import annotations

import re

from _doc_pages import code_blocks, page, section

import sectra_client.errors

ERRORS_PAGE = page("docs/reference/errors.md")
EXCEPTIONS = sorted(
    name
    for name in sectra_client.errors.__all__
    if isinstance(value := getattr(sectra_client.errors, name), type)
    and issubclass(value, BaseException)
)


def test_every_exported_exception_has_a_section() -> None:
    sections = set(re.findall(r"^## (\w+)$", ERRORS_PAGE, re.MULTILINE))

    assert len(EXCEPTIONS) >= 25
    assert [name for name in EXCEPTIONS if name not in sections] == []


def test_every_section_names_an_exported_exception_or_is_an_introduction() -> None:
    sections = re.findall(r"^## (.+)$", ERRORS_PAGE, re.MULTILINE)

    assert [s for s in sections if s not in EXCEPTIONS] == ["Hierarchy", "Retries come first"]


def test_every_exported_exception_is_in_the_hierarchy() -> None:
    (tree,) = code_blocks(section(ERRORS_PAGE, "Hierarchy"), "")
    shown = set(re.findall(r"\b([A-Z]\w+)\b", tree))

    assert [name for name in EXCEPTIONS if name not in shown] == []
