"""Griffe extension: the docstrings' Sphinx roles as mkdocstrings cross-references.

The docstrings are Google style, with Sphinx roles for names (``:class:`SectraError```,
``:meth:`~AsyncSectraClient.close```, ``:meth:`title <sectra_client.x.Y.z>```) and ``::`` before
literal blocks, as read in an editor or by ``help()``. On the site a role becomes an optional
cross-reference: a link when the name is documented, plain code when it is not (a private
module). A relative name is tried in the object's class, then its module. ``::`` becomes ``:``.
"""

from __future__ import annotations

import html
import re
from typing import Any

import griffe

ROLE = re.compile(
    r":(?:class|meth|func|attr|mod|exc|data|obj):"
    r"`(?:(?P<title>[^`<]+?) <(?P<target>[\w.]+)>|(?P<tilde>~?)(?P<name>[\w.]+))`"
)
LITERAL_BLOCK = re.compile(r"(\S)::$|^::$", re.MULTILINE)


def _candidates(obj: griffe.Object, name: str) -> list[str]:
    """The full paths ``name`` may mean, seen from ``obj``, most specific first."""
    if name.startswith(("sectra_client", "sectra_api")):
        return [name]
    scopes = [obj.path, obj.parent.path if obj.parent else "", obj.module.path]
    return [f"{scope}.{name}" for scope in scopes if scope]


def _cross_reference(obj: griffe.Object, match: re.Match[str]) -> str:
    name = match["target"] or match["name"]
    shown = match["title"] or (name.rsplit(".", 1)[-1] if match["tilde"] else name)
    found = (_find(obj, path) for path in _candidates(obj, name))
    identifier = next((path for path in found if path), name)
    return (
        f'<autoref identifier="{html.escape(identifier)}" optional>'
        f"<code>{html.escape(shown)}</code></autoref>"
    )


def _find(obj: griffe.Object, path: str) -> str | None:
    """The canonical path of the object at ``path`` (an import resolved), if there is one."""
    try:
        return str(obj.modules_collection[path].canonical_path)
    except (KeyError, ValueError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None


def _rewrite(obj: griffe.Object) -> None:
    if obj.docstring is not None:
        text = LITERAL_BLOCK.sub(lambda m: f"{m[1]}:" if m[1] else "", obj.docstring.value)
        obj.docstring.value = ROLE.sub(lambda m: _cross_reference(obj, m), text)
    for member in obj.members.values():
        if not member.is_alias:
            _rewrite(member)  # type: ignore[arg-type]


class SphinxRoles(griffe.Extension):
    """Rewrites the Sphinx roles and ``::`` of every docstring (see the module docstring),
    once a whole package is loaded, so that relative names can be looked up."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        _rewrite(pkg)
