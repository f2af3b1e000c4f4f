"""Optional dependencies: import them on use, and say how to install them when missing.

The core of sectra-client needs no pixel or server libraries. Features that do import them
through :func:`require_extra` at call time, so a plain ``pip install sectra-client`` keeps
working and a missing extra fails with the exact command that fixes it.
"""

from __future__ import annotations

import importlib
import types

from sectra_client.errors import MissingExtraError

__all__ = ["EXTRAS", "MissingExtraError", "require_extra"]

EXTRAS: dict[str, tuple[str, ...]] = {
    "images": ("pillow", "numpy"),
    "webhook": ("fastapi", "uvicorn"),
    "mock": ("fastapi", "uvicorn", "pillow", "numpy"),
    "cli": ("typer", "rich"),
    "celery": ("celery", "redis", "cryptography", "fastapi", "uvicorn"),
    "doctor": ("openapi-core",),
    "recording": ("vcrpy", "fastapi", "uvicorn"),
}
"""The extras declared in pyproject.toml, with the distributions each one installs."""


def require_extra(module_name: str, extra: str, feature: str) -> types.ModuleType:
    """Import and return ``module_name``, an optional dependency of ``feature``.

    Args:
        module_name: the importable name, e.g. ``"PIL.Image"`` or ``"numpy"``.
        extra: the pyproject extra that installs it (one of :data:`EXTRAS`).
        feature: what the caller is doing, as a user would name it (``"read_region"``).

    Raises:
        MissingExtraError: the module (or its parent package) is not installed.
        ValueError: ``extra`` is not an extra that sectra-client declares.
    """
    if extra not in EXTRAS:
        raise ValueError(f"unknown extra {extra!r}; sectra-client declares {sorted(EXTRAS)}")
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if not _is_self_or_parent(exc.name, module_name):
            raise
        raise MissingExtraError(module_name, extra, feature) from exc


def _is_self_or_parent(missing: str | None, module_name: str) -> bool:
    """Whether the module that failed to import is ``module_name`` or a package above it.

    A module that is installed but fails on one of *its* imports is a broken install, not a
    missing extra, and keeps its own error.
    """
    if missing is None:
        return False
    return module_name == missing or module_name.startswith(missing + ".")
