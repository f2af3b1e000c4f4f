"""MkDocs hook: links from a page to repository files outside ``docs/``.

The pages are read on GitHub too, where ``[the spec](../openapi/sectra.yaml)`` opens the file.
The site has no copy of the repository, so such a link becomes the site's copy where it has
one (the spec, under ``spec/``) and otherwise plain text. Either way the file must exist in the
repository: a link to a missing one is left alone, so that ``mkdocs build --strict`` fails on it.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from spec_reference import SITE_FILES  # the hook beside this one (MkDocs puts it on the path)

# The repository files the site publishes, and where: those spec_reference.py adds.
PUBLISHED = {source.as_posix(): site_path for site_path, source in SITE_FILES.items()}
# An inline Markdown link whose target is relative and not an URL: [text](target).
LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<target>[^)\s:#]+)\)")


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    repository = Path(config.config_file_path).parent.resolve()
    docs = Path(config.docs_dir).resolve()
    page_folder = (docs / page.file.src_uri).parent

    def relink(match: re.Match[str]) -> str:
        target = (page_folder / match["target"]).resolve()
        outside_docs = target.is_relative_to(repository) and not target.is_relative_to(docs)
        if not outside_docs or not target.exists():
            return match[0]
        in_repository = target.relative_to(repository).as_posix()
        published = PUBLISHED.get(in_repository)
        if published is None:
            return match["text"]
        link = posixpath.relpath(published, posixpath.dirname(page.file.src_uri) or ".")
        return f"[{match['text']}]({link})"

    return LINK.sub(relink, markdown)
