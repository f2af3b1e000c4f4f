"""The worked example of docs/api-bump.md: Sectra releases IA-API 1.11 with a new field and a new
operation. On a copy of the repository (a git repository of its own), edit the spec, run
``codegen.sh``, and check that the field reaches the pydantic and the attrs models, the operation
reaches the generated client, and ``scripts/spec-diff.sh`` reports both.

About 6 s (codegen 2 s, Optic 3 s); needs the Node tools (``make node-tools``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_codegen import CODEGEN_PATHS, copy_from_repo, run_codegen

REPO = Path(__file__).resolve().parent.parent
OPTIC = REPO / "tools" / "node_modules" / ".bin" / "optic"
SPEC_DIFF_SCRIPTS = ("scripts/spec-diff.sh", "scripts/condense_spec_details.py")

NEW_FIELD = """\
        scannerModel:
          type: string
          description: The scanner that digitised the slide (IA-API 1.11).
          x-sectra-since: "1.11"
"""
NEW_OPERATION = """\
  /slides/{slideId}/annotations:
    get:
      operationId: getSlideAnnotations
      summary: The annotations drawn on one slide
      description: Since IA-API 1.11. The names of the annotations pathologists drew on the slide.
      x-sectra-since: "1.11"
      tags: [Slides]
      parameters:
        - $ref: "#/components/parameters/SlideId"
      responses:
        "200":
          description: The annotation names.
          content:
            application/json:
              schema:
                type: array
                description: One name per annotation.
                items:
                  type: string
"""

pytestmark = pytest.mark.skipif(not OPTIC.exists(), reason="Optic not installed (make node-tools)")


def git(root: Path, *args: str) -> str:
    """Run git in root with a fixed identity; return its stdout."""
    identity = ["-c", "user.name=API bump", "-c", "user.email=bump@example.org"]
    done = subprocess.run(
        ["git", *identity, *args], cwd=root, capture_output=True, text=True, check=True
    )
    return done.stdout


def bump_spec(spec: Path) -> None:
    """The IA-API 1.11 edit: info.version, ImageInfo.scannerModel, GET /slides/{id}/annotations."""
    text = spec.read_text(encoding="utf-8")
    text = text.replace('  version: "1.10"\n', '  version: "1.11"\n', 1)
    image_info = text.index("\n    ImageInfo:\n")
    properties = text.index("      properties:\n", image_info) + len("      properties:\n")
    text = text[:properties] + NEW_FIELD + text[properties:]
    webhooks = text.index("\nwebhooks:\n") + 1
    text = text[:webhooks] + NEW_OPERATION + text[webhooks:]
    spec.write_text(text, encoding="utf-8")


def model_fields(root: Path) -> dict[str, list[str]]:
    """Field names of ImageInfo in root's pydantic and attrs models, read in a fresh interpreter."""
    probe = """
import importlib.util, json, sys
import attrs
root = sys.argv[1]
sys.path.insert(0, root + "/generated")
from sectra_api.models.image_info import ImageInfo as AttrsImageInfo
spec = importlib.util.spec_from_file_location(
    "bumped_models", root + "/src/sectra_client/schemas/_generated.py"
)
models = sys.modules["bumped_models"] = importlib.util.module_from_spec(spec)
spec.loader.exec_module(models)
print(json.dumps({
    "pydantic": list(models.ImageInfo.model_fields),
    "attrs": [field.name for field in attrs.fields(AttrsImageInfo)],
}))
"""
    done = subprocess.run(
        [sys.executable, "-c", probe, str(root)], capture_output=True, text=True, check=True
    )
    fields: dict[str, list[str]] = json.loads(done.stdout)
    return fields


@pytest.fixture
def bumped_repo(tmp_path: Path) -> Path:
    """A git repository of what codegen.sh and spec-diff.sh use, committed, then the spec bumped."""
    copy_from_repo(tmp_path, (*CODEGEN_PATHS, *SPEC_DIFF_SCRIPTS))
    (tmp_path / "tools").mkdir()
    os.symlink(REPO / "tools" / "node_modules", tmp_path / "tools" / "node_modules")
    git(tmp_path, "init", "--quiet")
    git(tmp_path, "add", "--all")
    git(tmp_path, "commit", "--quiet", "-m", "IA-API 1.10")
    git(tmp_path, "tag", "v1.10.0")
    bump_spec(tmp_path / "openapi" / "sectra.yaml")
    return tmp_path


def test_a_new_field_and_operation_reach_the_models_and_the_spec_diff(bumped_repo: Path) -> None:
    regenerated = run_codegen(bumped_repo)
    diff = subprocess.run(
        ["bash", "scripts/spec-diff.sh"], cwd=bumped_repo, capture_output=True, text=True
    )

    assert regenerated.returncode == 0, regenerated.stderr
    fields = model_fields(bumped_repo)
    assert "scannerModel" in fields["pydantic"]
    assert "scanner_model" in fields["attrs"]
    assert (bumped_repo / "generated/sectra_api/api/slides/get_slide_annotations.py").is_file()
    assert diff.returncode == 0, diff.stderr
    assert "what changed since v1.10.0" in diff.stdout
    assert "GET /slides/{slideId}/annotations: added" in diff.stdout
    assert "property /schema/properties/scannerModel: added" in diff.stdout
    assert "webhook imageNotification POST request body: imageInfo.scannerModel" in diff.stdout
    assert "breaking change" not in diff.stdout
