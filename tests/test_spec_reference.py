"""The rendered spec reference (``make spec-html``): one self-contained page that shows the
webhooks as well as the paths. About 1 s; needs the Node tools (``make node-tools``)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
REDOCLY = REPO / "tools" / "node_modules" / ".bin" / "redocly"
SPEC = yaml.safe_load((REPO / "openapi" / "sectra.yaml").read_text(encoding="utf-8"))

pytestmark = pytest.mark.skipif(
    not REDOCLY.exists(), reason="Redocly not installed (make node-tools)"
)


def summaries(section: str) -> list[str]:
    """The summary of every operation under ``paths`` or ``webhooks``."""
    return [
        operation["summary"]
        for item in SPEC[section].values()
        for method, operation in item.items()
        if method in {"get", "put", "post", "delete", "patch"}
    ]


def test_the_reference_page_shows_every_operation_and_webhook_offline(tmp_path: Path) -> None:
    page = tmp_path / "index.html"

    built = subprocess.run(
        [
            "bash",
            "scripts/redocly.sh",
            "build-docs",
            "openapi/sectra.yaml",
            "--inlineBundle",
            "--output",
            str(page),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert built.returncode == 0, built.stderr
    html = page.read_text(encoding="utf-8")
    assert 'id="/app-webhooks"' in html  # the webhooks' section, in the prerendered navigation
    missing = [s for s in summaries("webhooks") + summaries("paths") if s not in html]
    assert missing == []
    assert "cdn.redocly.com/redoc" not in html  # the Redoc scripts are inlined
