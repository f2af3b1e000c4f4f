"""MkDocs hook: the rendered spec reference and the spec itself become part of the site.

``make spec-reference`` renders ``openapi/sectra.yaml`` with Redocly into
``build/spec/index.html`` (one self-contained page, paths and webhooks) and writes the spec as
one JSON document to ``build/spec/sectra.json``. This hook adds both, and the YAML source, to
the site under ``spec/``, where ``reference/spec.md`` links to them. It refuses to build with
a missing or stale rendering: ``make docs`` makes them first.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

SPEC = Path("openapi/sectra.yaml")
RENDERED = Path("build/spec")
# Where each file appears in the site, and where it comes from (relative to the repository).
SITE_FILES = {
    "spec/index.html": RENDERED / "index.html",
    "spec/sectra.json": RENDERED / "sectra.json",
    "spec/sectra.yaml": SPEC,
}


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    root = Path(config.config_file_path).parent
    spec_changed = (root / SPEC).stat().st_mtime
    for site_path, source in SITE_FILES.items():
        path = root / source
        if not path.is_file():
            raise PluginError(f"{source} is missing: run `make spec-reference` (or `make docs`)")
        if path.stat().st_mtime < spec_changed:
            raise PluginError(
                f"{source} is older than {SPEC}: run `make spec-reference` (or `make docs`)"
            )
        files.append(File.generated(config, site_path, abs_src_path=str(path)))
    return files
