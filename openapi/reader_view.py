"""The reader's view of openapi/sectra.yaml, which codegen.sh hands to the Python generators.

The published spec lists only the known variants of its open unions (the ones marked
``x-sectra-unknown-tag``), so that code generated from it in other languages narrows on the tag
(a TypeScript variant typed ``action: string`` would swallow every known action). A reader must
also keep an object with any other tag. The reader's view differs from the spec in exactly that:

* each open union gets its catch-all (the schema ``x-sectra-unknown-tag`` names) as its last
  variant, and loses its ``discriminator``, which would give the catch-all a fixed tag; as JSON
  Schema the union stays exact, since every known variant pins its tag with ``const`` and the
  catch-all's tag excludes the known ones (``not: {enum: [...]}``);
* the catch-all carries ``x-sectra-known-tags: {property, values}``, read by the custom
  openapi-python-client template (``openapi/templates``) so that an object with a known tag
  never parses as the catch-all.

It also writes the ``--type-overrides`` datamodel-code-generator needs for the pydantic models:

* a property holding an open union is typed ``Annotated[Known | ... | CatchAll, OPEN_UNION]``
  (``sectra_client.schemas._open.OPEN_UNION`` picks the variant by its tag, the catch-all for
  any tag it does not know), and an open union no property holds (``Invocation``) is not
  generated as a model of its own: the hand-written schema modules define the union types;
* a property holding an open enum (``anyOf: [$ref Enum, {type: T}]``) is typed
  ``Annotated[Enum | T, OPEN_ENUM]``: a known value reads as its enum member, another one as
  it came (pydantic's default "smart" union would read every value as the plain type);
* a property accepting one item or a list of items (``oneOf: [array of X, X]``) is typed
  ``Annotated[list[X], ONE_OR_MANY]`` (``sectra_client.schemas._one_or_many``): one item reads
  as a one-item list, and a list is always written.

Usage: python reader_view.py SPEC OUT_SPEC OUT_TYPE_OVERRIDES
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

SCHEMA_PREFIX = "#/components/schemas/"
OPEN_UNION_MARKER = "sectra_client.schemas._open.OPEN_UNION"
OPEN_ENUM_MARKER = "sectra_client.schemas._open.OPEN_ENUM"
ONE_OR_MANY_MARKER = "sectra_client.schemas._one_or_many.ONE_OR_MANY"
JSON_TYPES = {"string": "str", "integer": "int"}
# The one property the spec lets be one item or a list (Sectra's examples send one object).
ONE_OR_MANY_PROPERTY = "content"


def schema_name(ref: str) -> str:
    """``#/components/schemas/X`` → ``X``."""
    if not ref.startswith(SCHEMA_PREFIX):
        raise ValueError(f"not a component schema reference: {ref}")
    return ref[len(SCHEMA_PREFIX) :]


def open_unions(schemas: dict[str, Any]) -> dict[str, tuple[list[str], str, str]]:
    """Each open union: ``name → (known variant names, catch-all name, tag property)``."""
    unions = {}
    for name, schema in schemas.items():
        catch_all = schema.get("x-sectra-unknown-tag")
        if catch_all is None:
            continue
        known = [schema_name(variant["$ref"]) for variant in schema["oneOf"]]
        unions[name] = (known, schema_name(catch_all), schema["discriminator"]["propertyName"])
    return unions


def reader_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` with every open union's catch-all added (see the module docstring)."""
    view = copy.deepcopy(spec)
    schemas = view["components"]["schemas"]
    for name, (_, catch_all, tag) in open_unions(schemas).items():
        union = schemas[name]
        mapping = union.pop("discriminator")["mapping"]
        union["oneOf"].append({"$ref": SCHEMA_PREFIX + catch_all})
        schemas[catch_all]["x-sectra-known-tags"] = {"property": tag, "values": list(mapping)}
    return view


def owned_properties(name: str, schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """The properties a schema declares itself (its own and its inline ``allOf`` parts')."""
    for part in [schema, *(p for p in schema.get("allOf", []) if "$ref" not in p)]:
        yield from part.get("properties", {}).items()


def type_overrides(spec: dict[str, Any]) -> dict[str, str]:
    """The datamodel-code-generator ``--type-overrides`` for ``spec`` (see the docstring)."""
    schemas = spec["components"]["schemas"]
    unions = open_unions(schemas)
    overrides = {name: _open_union_type(*union) for name, union in unions.items()}
    for owner, schema in schemas.items():
        for prop, node in owned_properties(owner, schema):
            members = node.get("anyOf", node.get("oneOf", [node]))
            refs = [schema_name(m["$ref"]) for m in members if "$ref" in m]
            nullable = any(m.get("type") == "null" for m in members)
            union = next((unions[ref] for ref in refs if ref in unions), None)
            if union is not None:
                annotated = _open_union_type(*union)
                overrides[f"{owner}.{prop}"] = f"{annotated} | None" if nullable else annotated
            elif (open_enum := _open_enum_type(members, schemas)) is not None:
                overrides[f"{owner}.{prop}"] = open_enum
            elif _one_or_many(members):
                if prop != ONE_OR_MANY_PROPERTY:
                    raise ValueError(f"{owner}.{prop}: only `content` may be one-or-many")
                listed = f"list[{refs[0]}]"
                overrides[f"{owner}.{prop}"] = f"typing.Annotated[{listed}, {ONE_OR_MANY_MARKER}]"
    return overrides


def _open_union_type(known: list[str], catch_all: str, tag: str) -> str:
    return f"typing.Annotated[{' | '.join([*known, catch_all])}, {OPEN_UNION_MARKER}]"


def _open_enum_type(members: list[dict[str, Any]], schemas: dict[str, Any]) -> str | None:
    """``Annotated[Enum | T, OPEN_ENUM]`` when ``members`` are ``[$ref Enum, {type: T}]``."""
    if len(members) != 2 or "$ref" not in members[0]:
        return None
    enum = schema_name(members[0]["$ref"])
    plain = JSON_TYPES.get(members[1].get("type", ""))
    if "enum" not in schemas[enum] or plain is None:
        return None
    return f"typing.Annotated[{enum} | {plain}, {OPEN_ENUM_MARKER}]"


def _one_or_many(members: list[dict[str, Any]]) -> bool:
    """Whether ``members`` are ``[array of $ref X, $ref X]``."""
    if len(members) != 2:
        return False
    listed, single = members
    return listed.get("type") == "array" and listed.get("items") == single and "$ref" in single


def main(spec_path: str, out_spec: str, out_overrides: str) -> None:
    spec = yaml.safe_load(Path(spec_path).read_text(encoding="utf-8"))
    Path(out_spec).write_text(json.dumps(reader_spec(spec), indent=1), encoding="utf-8")
    overrides = json.dumps(type_overrides(spec), indent=1, sort_keys=True)
    Path(out_overrides).write_text(overrides, encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
