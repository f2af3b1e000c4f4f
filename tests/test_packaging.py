"""What the distributions ship: built here with hatchling (the project's build backend), read
back from the archives."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD = "import sys, hatchling.build as backend; print(getattr(backend, sys.argv[1])(sys.argv[2]))"


def build(kind: str, directory: Path) -> Path:
    """``build_sdist`` or ``build_wheel`` of the project, as pip would call it."""
    run = subprocess.run(
        [sys.executable, "-c", BUILD, f"build_{kind}", str(directory)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return directory / run.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def sdist_members(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    archive = build("sdist", tmp_path_factory.mktemp("sdist"))
    with tarfile.open(archive) as sdist:
        top = archive.name.removesuffix(".tar.gz")
        return [member.name.removeprefix(f"{top}/") for member in sdist.getmembers()]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    return zipfile.ZipFile(build("wheel", tmp_path_factory.mktemp("wheel")))


def wheel_metadata(wheel: zipfile.ZipFile) -> Message:
    (name,) = [name for name in wheel.namelist() if name.endswith(".dist-info/METADATA")]
    return Parser().parsestr(wheel.read(name).decode())


@pytest.mark.parametrize(
    "path",
    [
        "LICENSE",
        "Makefile",
        "codegen.sh",
        ".ci/run",
        "scripts/lint-spec.sh",
        "openapi/sectra.yaml",
        "tests/conftest.py",
        "examples/demo.py",
        "benchmarks/bench_download.py",
        "src/sectra_client/__init__.py",
        "generated/sectra_api/__init__.py",
        "mkdocs.yml",
        "docs/index.md",
        "scripts/docs/spec_reference.py",
    ],
)
def test_the_sdist_holds_what_make_test_and_make_demo_need(
    sdist_members: list[str], path: str
) -> None:
    assert path in sdist_members


def test_the_sdist_holds_no_stray_or_cached_files(sdist_members: list[str]) -> None:
    strays = [
        member
        for member in sdist_members
        if member.endswith((".pyc", ".spec-ready"))
        or any(
            part in {"__pycache__", ".venv", ".hypothesis", ".mypy_cache", "demo-output"}
            for part in member.split("/")
        )
    ]
    assert strays == []


def test_the_wheel_carries_the_license_and_the_project_urls(wheel: zipfile.ZipFile) -> None:
    metadata = wheel_metadata(wheel)

    assert metadata["License-Expression"] == "MIT"
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in wheel.namelist())
    assert len(metadata.get_all("Project-URL") or []) >= 2


def test_the_core_needs_no_multipart_parser_and_the_webhook_has_its_own_extra(
    wheel: zipfile.ZipFile,
) -> None:
    metadata = wheel_metadata(wheel)
    requirements = metadata.get_all("Requires-Dist") or []
    core = [requirement for requirement in requirements if "extra ==" not in requirement]
    webhook = [requirement for requirement in requirements if "extra == 'webhook'" in requirement]

    assert sorted(map(distribution, core)) == ["attrs", "httpx", "pydantic"]
    assert "webhook" in (metadata.get_all("Provides-Extra") or [])
    assert sorted(map(distribution, webhook)) == ["fastapi", "uvicorn"]


def distribution(requirement: str) -> str:
    """The distribution a ``Requires-Dist`` value names (``httpx<1,>=0.27`` → ``httpx``)."""
    return re.split(r"[^A-Za-z0-9_.-]", requirement, maxsplit=1)[0]
