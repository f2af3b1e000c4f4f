"""The package's shape: no import loops, and a sync client that loads only what it uses.

The import graph is read from the source (every import, also those inside functions and under
``TYPE_CHECKING``), so a loop is found whichever import would close it. What a program loads is
checked in a fresh interpreter, against the session's mock over loopback.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import sectra_api.api

import sectra_client
from sectra_client.mock_server import MockSectraServer

PACKAGE_ROOT = Path(sectra_client.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that ``path`` imports (``from pkg import sub`` names ``pkg.sub``)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules else base)
    return {module for module in found if module in modules and module != name}


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE_ROOT.rglob("*.py"))
    modules = {module_name(path) for path in paths}
    return {module_name(path): imported_modules(path, modules) for path in paths}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import loop of ``graph`` as the modules along it, or None."""
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> list[str] | None:
        if module in visiting:
            return [*visiting[visiting.index(module) :], module]
        if module in done:
            return None
        visiting.append(module)
        for imported in sorted(graph[module]):
            cycle = visit(imported)
            if cycle is not None:
                return cycle
        visiting.pop()
        done.add(module)
        return None

    for module in sorted(graph):
        cycle = visit(module)
        if cycle is not None:
            return cycle
    return None


def test_no_module_of_the_package_takes_part_in_an_import_loop() -> None:
    graph = import_graph()

    assert len(graph) > 100
    assert find_cycle(graph) is None


def test_the_graph_check_finds_a_loop_when_there_is_one() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}

    assert find_cycle(graph) == ["a", "b", "c", "a"]


def loaded_after(code: str) -> list[str]:
    """The modules of interest a fresh interpreter has loaded after running ``code``."""
    probe = (
        f"{code}\nimport sys\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m == 'asyncio'"
        " or m.startswith(('sectra_api.api.', 'sectra_api.models.')))))"
    )
    finished = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    return finished.stdout.split()


def test_importing_the_package_loads_no_asyncio_and_no_generated_endpoint(
    sectra_mock: MockSectraServer,
) -> None:
    assert loaded_after("import sectra_client") == []


def test_the_sync_client_loads_only_the_endpoint_it_calls_and_no_asyncio(
    sectra_mock: MockSectraServer,
) -> None:
    sectra_mock.add_slide("slide-1")
    code = (
        "from sectra_client import SectraClient\n"
        f"with SectraClient({sectra_mock.url!r}, {sectra_mock.token!r}) as client:\n"
        "    client.get_slide_info('slide-1')"
    )

    loaded = loaded_after(code)

    assert "asyncio" not in loaded
    endpoint_modules = [name for name in loaded if name.count(".") == 3]
    assert endpoint_modules == ["sectra_api.api.slides.get_slide_info"]


def test_the_async_client_is_there_when_asked_for() -> None:
    assert loaded_after("from sectra_client import AsyncSectraClient") == ["asyncio"]


def test_a_server_can_load_every_endpoint_ahead_of_its_first_request() -> None:
    api = Path(sectra_api.api.__file__).parent
    endpoint_modules = sorted(
        f"sectra_api.api.{path.parent.name}.{path.stem}"
        for path in api.glob("*/*.py")
        if path.name != "__init__.py"
    )
    code = "from sectra_client._preload import preload_client\npreload_client()"

    loaded = loaded_after(code)

    assert len(endpoint_modules) >= 16
    assert [name for name in loaded if name.count(".") == 3] == endpoint_modules
