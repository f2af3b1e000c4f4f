"""The README as a newcomer reads it: its one quick start runs as written, and every link it
has to the documentation pages (or other files of the repository) leads somewhere. The long
explanations it used to hold are in ``docs/``, tested where they now are (``test_docs_*``)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from _doc_pages import REPO, code_blocks, page, run_snippet, section

from sectra_client.mock_server import MockSectraServer
from sectra_client.schemas import CreateInvocation, Size

README = page("README.md")


def test_the_quick_start_prints_the_slide_size(
    sectra_mock: MockSectraServer, capsys: pytest.CaptureFixture[str]
) -> None:
    sectra_mock.add_slide("slide-1", size=(50_000, 40_000))
    invocation = sectra_mock.build_invocation("create", "slide-1", "my-app")
    assert isinstance(invocation, CreateInvocation)
    (quick_start,) = code_blocks(section(README, "Quick start"), "python")

    run_snippet(
        quick_start,
        "README.md",
        callback_url=invocation.callbackInfo.url,
        callback_token=invocation.callbackInfo.token,
        slide_id=invocation.slideId,
    )

    assert capsys.readouterr().out == f"{Size(width=50_000, height=40_000)}\n"


def test_every_relative_link_leads_to_a_file_and_heading_that_exist() -> None:
    links = re.findall(r"\]\(([^)\s]+)\)", README)
    relative = [link for link in links if not urlsplit(link).scheme]

    assert len(relative) >= 15
    for link in relative:
        path, _, anchor = link.partition("#")
        target = REPO / path
        assert target.exists(), link
        if anchor:
            headings = re.findall(r"^#+ (.+)$", target.read_text(encoding="utf-8"), re.MULTILINE)
            slugs = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}
            assert anchor in slugs, link


def test_the_readme_links_every_page_of_the_documentation() -> None:
    pages = sorted(
        path.relative_to(REPO).as_posix()
        for path in (REPO / "docs").rglob("*.md")
        if "reference/api" not in path.as_posix()
    )

    assert pages
    assert [path for path in pages if f"]({path}" not in README] == []
