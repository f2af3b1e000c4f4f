"""codegen.sh: generated files are reproducible from the spec and drift is caught.

Every test that changes files works on a copy of the codegen inputs and outputs in tmp_path;
the repository tree is only ever read.
"""

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# What codegen.sh reads and writes, relative to the repository root.
CODEGEN_PATHS = (
    "codegen.sh",
    "pyproject.toml",
    "openapi",
    "generated",
    "src/sectra_client/schemas/_generated.py",
    "src/sectra_client/_spec",
    "scripts/unasync.py",
    "src/sectra_client/_client_async.py",
    "src/sectra_client/_client.py",
    "src/sectra_client/_sender_async.py",
    "src/sectra_client/_sender.py",
)
GENERATED_CLIENT_FILE = "generated/sectra_api/client.py"

pytestmark = pytest.mark.skipif(
    any(
        importlib.util.find_spec(module) is None
        for module in ("openapi_python_client", "datamodel_code_generator")
    ),
    reason="code generators not installed (pip install -e '.[dev]')",
)


def run_codegen(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run root/codegen.sh with the generators of the environment running the tests."""
    scripts = sysconfig.get_path("scripts")
    env = {
        **os.environ,
        "VIRTUAL_ENV": str(Path(scripts).parent),
        "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    return subprocess.run(
        ["bash", str(root / "codegen.sh"), *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def tree_digest(root: Path) -> dict[str, str]:
    """SHA-256 of every file under root's codegen paths, keyed by relative path."""
    digests = {}
    for name in CODEGEN_PATHS:
        top = root / name
        files = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                key = path.relative_to(root).as_posix()
                digests[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def copy_from_repo(root: Path, names: Iterable[str]) -> None:
    """Copy the repository's files and folders ``names`` (relative paths) under ``root``."""
    for name in names:
        source, target = REPO / name, root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A copy of everything codegen.sh reads and writes, without the rest of the repository."""
    copy_from_repo(tmp_path, CODEGEN_PATHS)
    return tmp_path


def test_committed_generated_files_match_the_spec() -> None:
    result = run_codegen(REPO, "--check")

    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


def test_check_fails_naming_a_hand_edited_generated_file(repo_copy: Path) -> None:
    with (repo_copy / GENERATED_CLIENT_FILE).open("a") as edited:
        edited.write("# a hand edit\n")

    result = run_codegen(repo_copy, "--check")

    assert result.returncode == 1
    assert f"changed: {GENERATED_CLIENT_FILE}" in result.stderr


def test_check_fails_naming_a_file_the_spec_does_not_generate(repo_copy: Path) -> None:
    (repo_copy / "generated/sectra_api/stray.py").write_text("")

    result = run_codegen(repo_copy, "--check")

    assert result.returncode == 1
    assert "extra:   generated/sectra_api/stray.py" in result.stderr


def test_check_fails_naming_a_missing_spec_copy(repo_copy: Path) -> None:
    (repo_copy / "src/sectra_client/_spec/sectra.yaml").unlink()

    result = run_codegen(repo_copy, "--check")

    assert result.returncode == 1
    assert "missing: src/sectra_client/_spec/sectra.yaml" in result.stderr


def test_check_leaves_the_tree_untouched(repo_copy: Path) -> None:
    with (repo_copy / GENERATED_CLIENT_FILE).open("a") as edited:
        edited.write("# a hand edit\n")
    before = tree_digest(repo_copy)

    run_codegen(repo_copy, "--check")

    assert tree_digest(repo_copy) == before


def test_regenerating_twice_gives_byte_identical_files(repo_copy: Path) -> None:
    first = run_codegen(repo_copy)
    assert first.returncode == 0, first.stderr
    after_first = tree_digest(repo_copy)

    second = run_codegen(repo_copy)

    assert second.returncode == 0, second.stderr
    assert tree_digest(repo_copy) == after_first


def test_generator_version_other_than_the_pin_is_refused(repo_copy: Path) -> None:
    pyproject = repo_copy / "pyproject.toml"
    pinned = pyproject.read_text()
    assert '"openapi-python-client==' in pinned
    pyproject.write_text(
        pinned.replace('"openapi-python-client==', '"openapi-python-client==0.0.0+not')
    )

    result = run_codegen(repo_copy, "--check")

    assert result.returncode == 2
    assert "openapi-python-client: pyproject.toml pins 0.0.0+not" in result.stderr


def test_a_renamed_parameter_is_a_type_error_in_the_client(tmp_path: Path) -> None:
    copy_from_repo(
        tmp_path,
        ("codegen.sh", "pyproject.toml", "openapi", "generated", "scripts/unasync.py", "src"),
    )
    spec = tmp_path / "openapi" / "sectra.yaml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("        - name: scope\n", "        - name: detail\n", 1))
    assert run_codegen(tmp_path).returncode == 0

    mypy = [sys.executable, "-m", "mypy", "--strict", "--config-file", "pyproject.toml"]
    checked = subprocess.run(
        [*mypy, "--cache-dir", str(tmp_path / ".mypy_cache"), "src/sectra_client/_operations.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )

    assert checked.returncode == 1, checked.stdout
    assert 'Unexpected keyword argument "scope" for "build_request"' in checked.stdout
