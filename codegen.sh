#!/usr/bin/env bash
# Regenerates everything derived from openapi/sectra.yaml:
#   generated/sectra_api/                    openapi-python-client (attrs models, httpx functions)
#   src/sectra_client/schemas/_generated.py  datamodel-code-generator (pydantic v2 models)
#   src/sectra_client/_spec/sectra.yaml      a byte copy of the spec, shipped in the package
#   src/sectra_client/_spec/sectra.json      the same document as JSON (`sectra spec --format json`)
#
# Both generators read the reader's view of the spec that openapi/reader_view.py writes: the
# open unions with their catch-all variants added, which the published spec leaves out so that
# other languages' generated types narrow on the tag. openapi-python-client runs with the
# template in openapi/templates; datamodel-code-generator with the type overrides reader_view.py
# computes.
#
# Usage: ./codegen.sh          regenerate in place
#        ./codegen.sh --check  change nothing; exit 1 naming every file that differs from what
#                              the spec generates (missing, extra or changed)
#
# The generators and ruff must be installed at the exact versions pinned in pyproject.toml's
# `dev` extra (output is byte-for-byte reproducible only then). They are taken from the active
# virtualenv, else from .venv/bin, else from PATH.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SPEC="$ROOT/openapi/sectra.yaml"
OPC_CONFIG="$ROOT/openapi/openapi-python-client.yaml"
OPC_TEMPLATES="$ROOT/openapi/templates"
READER_VIEW="$ROOT/openapi/reader_view.py"
PINNED_TOOLS=(openapi-python-client datamodel-code-generator ruff)

# Paths, relative to ROOT, of everything this script writes.
CLIENT_DIR="generated/sectra_api"
MODELS_FILE="src/sectra_client/schemas/_generated.py"
SPEC_COPY="src/sectra_client/_spec/sectra.yaml"
SPEC_JSON="src/sectra_client/_spec/sectra.json"

BASE_CLASS_MAP='{
    "ImageInfo": "sectra_client.schemas._base.ImageInfoBase",
    "Point": "sectra_client.schemas._base.GeometryModel",
    "Polygon": "sectra_client.schemas._base.GeometryModel",
    "Polyline": "sectra_client.schemas._base.GeometryModel",
    "Size": "sectra_client.schemas._base.GeometryModel"
}'

# datamodel-code-generator flags (pydantic v2 models for the public schemas).
DMCG_FLAGS=(
    --input-file-type openapi
    --output-model-type pydantic_v2.BaseModel
    --target-python-version 3.11
    --use-annotated
    --field-constraints
    --use-union-operator
    --use-standard-collections
    --use-double-quotes
    --disable-timestamp
    # Plain datetime and str: AwareDatetime rejects timestamps without an offset, AnyUrl
    # rejects relative URLs.
    --output-datetime-class datetime
    --type-mappings string+uri=string
    # Enum members in UPPER_SNAKE_CASE: QualityControlStatus.QUALITY_OK == "QualityOk".
    --capitalise-enum-members
    # Spec descriptions become class and attribute docstrings.
    --use-schema-description
    --use-field-description
    # A spec `default` applies even to a required property, so a const tag with a default
    # (type: primitive) need not be passed when constructing the model.
    --use-default
    # Inline objects are named after their full path (PatchCollectionResultContent), not
    # numbered (Content1, Content2), so adding a schema never renames another.
    --naming-strategy full-path
    # A union or map used as a field type is written inline rather than as a RootModel, so
    # fields hold the concrete variant (data.result is a PatchResultContent). The hand-written
    # schema modules define the union aliases (Invocation, ResultContent, DisplayProperties).
    --collapse-root-models
    # Models derive from the hand-written SectraModel (repr without PHI/secrets, tolerant
    # parsing, no nulls for unset fields); ImageInfo from ImageInfoBase (adds .size); the
    # geometry models, which come by the thousand, derive from GeometryModel (nothing per
    # instance beyond pydantic's own work).
    --base-class sectra_client.schemas._base.SectraModel
    --base-class-map "$BASE_CLASS_MAP"
    # Keep the spec's PHI and credential markers on the fields, readable at run time as
    # Model.model_fields[name].json_schema_extra, e.g. {"x-sectra-secret": True}.
    --field-extra-keys x-sectra-phi x-sectra-secret
    # ruff formats the output below, isolated from the project's configuration.
    --no-formatters
)

die() {
    echo "codegen.sh: $*" >&2
    exit 2
}

usage() {
    echo "usage: ./codegen.sh [--check]" >&2
    exit 2
}

check_mode=false
case "$#:${1:-}" in
    0:) ;;
    1:--check) check_mode=true ;;
    *) usage ;;
esac

[[ -f "$SPEC" ]] || die "spec not found: $SPEC"
[[ -f "$OPC_CONFIG" ]] || die "generator config not found: $OPC_CONFIG"

# Prints the first bin directory that holds every tool this script runs.
find_tool_dir() {
    local candidates=() dir tool found
    [[ -n "${VIRTUAL_ENV:-}" ]] && candidates+=("$VIRTUAL_ENV/bin")
    candidates+=("$ROOT/.venv/bin")
    found="$(command -v openapi-python-client 2>/dev/null || true)"
    [[ -n "$found" ]] && candidates+=("$(dirname "$found")")
    for dir in "${candidates[@]}"; do
        for tool in openapi-python-client datamodel-codegen ruff python3; do
            [[ -x "$dir/$tool" ]] || continue 2
        done
        echo "$dir"
        return 0
    done
    return 1
}

BIN="$(find_tool_dir)" || die "openapi-python-client, datamodel-codegen and ruff not found in the
active virtualenv, $ROOT/.venv/bin or PATH; install the dev extra: pip install -e '.[dev]'"

# Fails unless each pinned tool is installed at the version pyproject.toml's dev extra pins.
"$BIN/python3" - "$ROOT/pyproject.toml" "${PINNED_TOOLS[@]}" <<'PY' || exit 2
import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version

pyproject, *tools = sys.argv[1:]
with open(pyproject, "rb") as f:
    dev = tomllib.load(f)["project"]["optional-dependencies"]["dev"]
pins = {}
for requirement in dev:
    match = re.fullmatch(r"\s*([A-Za-z0-9._-]+)\s*==\s*([^\s;]+)\s*", requirement)
    if match:
        pins[match[1].lower()] = match[2]
problems = []
for tool in tools:
    try:
        installed = version(tool)
    except PackageNotFoundError:
        installed = "not installed"
    pinned = pins.get(tool)
    if pinned is None:
        problems.append(f"{tool}: no exact pin (==) in pyproject.toml's dev extra")
    elif installed != pinned:
        problems.append(f"{tool}: pyproject.toml pins {pinned}, installed: {installed}")
if problems:
    print("codegen.sh: generator versions do not match the pins:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    print("  fix: pip install -e '.[dev]'", file=sys.stderr)
    sys.exit(1)
PY

# Reproducible output whatever the caller's environment.
export LC_ALL=C.UTF-8 TZ=UTC PYTHONHASHSEED=0
unset PYTHONPATH

OUT="$(mktemp -d "${TMPDIR:-/tmp}/sectra-codegen.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT

# Runs a generator quietly; shows its output only when it fails.
run_quiet() {
    local log
    if ! log="$("$@" 2>&1)"; then
        echo "$log" >&2
        die "$(basename "$1") failed"
    fi
}

# Formats Python files with ruff's defaults (plus line length and target), never the project's
# configuration. Run inside $OUT so first-party import detection cannot depend on the tree.
ruff_isolated() {
    local ruff_flags=(--isolated --quiet --line-length 100 --target-version py311)
    (cd "$OUT" && "$BIN/ruff" check "${ruff_flags[@]}" --select I --fix "$@" >/dev/null \
        && "$BIN/ruff" format "${ruff_flags[@]}" "$@")
}

generate() {
    mkdir -p "$OUT/$CLIENT_DIR" "$(dirname "$OUT/$MODELS_FILE")" "$(dirname "$OUT/$SPEC_COPY")"
    rmdir "$OUT/$CLIENT_DIR"
    mkdir "$OUT/reader"
    local reader_spec="$OUT/reader/sectra.json" type_overrides="$OUT/reader/type-overrides.json"
    run_quiet "$BIN/python3" "$READER_VIEW" "$SPEC" "$reader_spec" "$type_overrides"

    (cd "$OUT" && run_quiet "$BIN/openapi-python-client" generate \
        --path "$reader_spec" --config "$OPC_CONFIG" --meta none --fail-on-warning \
        --custom-template-path "$OPC_TEMPLATES" --output-path "$OUT/$CLIENT_DIR")
    # `--meta none` omits the PEP 561 marker that makes type checkers read the package.
    echo "# Marker file for PEP 561" >"$OUT/$CLIENT_DIR/py.typed"

    (cd "$OUT" && run_quiet "$BIN/datamodel-codegen" --input "$reader_spec" \
        --output "$OUT/$MODELS_FILE" "${DMCG_FLAGS[@]}" --type-overrides "$(<"$type_overrides")" \
        --custom-file-header "# Generated by codegen.sh from openapi/sectra.yaml. Do not edit.")

    ruff_isolated "$CLIENT_DIR" "$MODELS_FILE" || die "ruff failed on the generated code"

    cp "$SPEC" "$OUT/$SPEC_COPY"
    spec_as_json "$SPEC" >"$OUT/$SPEC_JSON" || die "could not write the spec as JSON"
}

# Prints the spec as JSON: 2-space indent, keys in the spec's order, UTF-8, final newline. YAML
# timestamps stay strings, as in the JSON-compatible YAML that OpenAPI 3.1 requires.
spec_as_json() {
    "$BIN/python3" - "$1" <<'PY'
import json
import sys

import yaml


class JsonCompatibleLoader(yaml.SafeLoader):
    """SafeLoader without YAML 1.1 timestamps: `2024-01-01` stays a string."""


JsonCompatibleLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
with open(sys.argv[1], encoding="utf-8") as spec:
    document = yaml.load(spec, Loader=JsonCompatibleLoader)
sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
PY
}

# Lists, relative to $1, the files in the codegen-owned paths that exist under $1.
list_owned() {
    (
        cd "$1"
        [[ -d "$CLIENT_DIR" ]] && find "$CLIENT_DIR" -type f -not -path '*/__pycache__/*'
        for file in "$MODELS_FILE" "$SPEC_COPY" "$SPEC_JSON"; do
            [[ -f "$file" ]] && echo "$file"
        done
        true
    ) | LC_ALL=C sort
}

# Prints one line per committed file that differs from the fresh output; returns 1 if any.
compare() {
    local status=0 file
    while IFS= read -r file; do
        if [[ ! -f "$ROOT/$file" ]]; then
            echo "  missing: $file"
            status=1
        elif ! cmp -s "$OUT/$file" "$ROOT/$file"; then
            echo "  changed: $file"
            status=1
        fi
    done < <(list_owned "$OUT")
    while IFS= read -r file; do
        [[ -f "$OUT/$file" ]] && continue
        echo "  extra:   $file"
        status=1
    done < <(list_owned "$ROOT")
    return "$status"
}

install_output() {
    rm -rf "${ROOT:?}/$CLIENT_DIR"
    mkdir -p "$(dirname "$ROOT/$CLIENT_DIR")"
    cp -R "$OUT/$CLIENT_DIR" "$ROOT/$CLIENT_DIR"
    for file in "$MODELS_FILE" "$SPEC_COPY" "$SPEC_JSON"; do
        mkdir -p "$(dirname "$ROOT/$file")"
        cp "$OUT/$file" "$ROOT/$file"
    done
}

started=$EPOCHREALTIME
generate

if $check_mode; then
    if ! report="$(compare)"; then
        echo "codegen.sh --check: generated files are out of date with openapi/sectra.yaml:" >&2
        echo "$report" >&2
        echo "Run ./codegen.sh and commit the result." >&2
        exit 1
    fi
    echo "codegen.sh --check: OK, generated files match openapi/sectra.yaml"
    exit 0
fi

install_output
elapsed="$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')"
echo "codegen.sh: regenerated $CLIENT_DIR/, $MODELS_FILE, $SPEC_COPY, $SPEC_JSON in ${elapsed} s"
