"""The mock against its contract: schemathesis finds nothing in the reader's view of the spec.

The mock is a reader (it is the server), so it is tested against the reader's view of
``openapi/sectra.yaml`` that ``codegen.sh`` gives the Python generators
(``openapi/reader_view.py``): the spec with each open union's catch-all variant added. The
published spec lists only the known variants, so that other languages' generated types narrow
on the tag; against it, a stored result of an unknown ``type`` counts as "accepting invalid
data", although keeping it is what the spec asks of readers.

Phases: examples, coverage and fuzzing (stateful needs OpenAPI links, which the spec has none
of). Checks: all of them except two that assume resource semantics this API does not have:

- ``use_after_free``: assumes a DELETE that removes what a POST created; apps cannot delete
  results (the API has no DELETE at all).
- ``ensure_resource_availability``: assumes a created resource can be fetched through links
  declared in the spec; there are none.

``positive_data_acceptance`` keeps its default expectations, which allow 404 and 409: an id
that is valid by schema may name a result that does not exist, or a ``versionId`` that is
stale. Nothing else is configured or filtered: every tolerance of the mock (nulls, a single
object as primitive content, unknown enum values and tags, a version header it cannot read)
is one the spec states.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import yaml

from sectra_client.mock_server import MockSectraServer

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "openapi" / "sectra.yaml"
EXCLUDED_CHECKS = ("use_after_free", "ensure_resource_availability")
CONFIG = """
[auth.openapi.bearerAuth]
bearer = "{token}"

[auth.openapi.basicAuth]
username = "svc"
password = "pw"
"""


def reader_view() -> ModuleType:
    """``openapi/reader_view.py``, the script codegen.sh runs."""
    location = REPO / "openapi" / "reader_view.py"
    module_spec = importlib.util.spec_from_file_location("reader_view", location)
    assert module_spec is not None
    assert module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module


def test_schemathesis_finds_no_failure_in_examples_coverage_and_fuzzing(tmp_path: Path) -> None:
    published = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    spec = tmp_path / "sectra.reader.json"
    spec.write_text(json.dumps(reader_view().reader_spec(published)), encoding="utf-8")
    config = tmp_path / "schemathesis.toml"
    report = tmp_path / "report.json"
    with MockSectraServer().run(port=0, host="127.0.0.1") as server:
        server.add_user("svc", "pw")
        config.write_text(CONFIG.format(token=server.token))
        command = [
            *(sys.executable, "-c", "from schemathesis.cli import schemathesis; schemathesis()"),
            *("--config-file", str(config), "run", str(spec), "--url", server.url),
            *("--phases", "examples,coverage,fuzzing", "--checks", "all"),
            *("--exclude-checks", ",".join(EXCLUDED_CHECKS)),
            *("--max-examples", "40", "--seed", "20261128", "--workers", "1", "--no-color"),
            *("--generation-database", "none"),
            *("--report", "json", "--report-json-path", str(report)),
        ]
        run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    summary = json.loads(report.read_text())
    print(
        f"schemathesis: {summary['operations']['tested']} operations, "
        f"{summary['test_cases']['generated']} test cases, "
        f"{summary['test_cases']['unique_failures']} failures"
    )
    assert run.returncode == 0, run.stdout[-6000:]
    assert summary["operations"]["tested"] == summary["operations"]["total"] == 18
    assert summary["test_cases"]["unique_failures"] == 0
    assert summary["test_cases"]["generated"] > 2000
