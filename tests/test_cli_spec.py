"""``sectra spec --format json``: the contract as one JSON document, for tools without YAML."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from sectra_client.cli import app

REPO = Path(__file__).resolve().parent.parent


def test_spec_as_json_is_the_repository_spec_as_one_document(tmp_path: Path) -> None:
    output = tmp_path / "sectra.json"

    result = CliRunner().invoke(app, ["spec", "--format", "json", "--output", str(output)])

    assert result.exit_code == 0, result.output
    document = json.loads(output.read_text(encoding="utf-8"))
    assert document == yaml.safe_load((REPO / "openapi" / "sectra.yaml").read_text("utf-8"))
    assert {"invocation", "imageNotification"} <= set(document["webhooks"])
    assert "$ref" not in json.dumps(document).replace('"$ref": "#/', "")  # only internal refs


def test_spec_prints_json_to_stdout() -> None:
    result = CliRunner().invoke(app, ["spec", "-f", "json"])

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["openapi"].startswith("3.1")
