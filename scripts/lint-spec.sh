#!/usr/bin/env bash
# Lints openapi/sectra.yaml: structural validation (openapi-spec-validator), then Redocly's
# rules (redocly.yaml) through the pinned Redocly of scripts/redocly.sh. Needs the dev extra
# installed and `make node-tools` run (Node.js).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

validator=openapi-spec-validator
for dir in "${VIRTUAL_ENV:+$VIRTUAL_ENV/bin}" "$ROOT/.venv/bin"; do
    if [[ -n "$dir" && -x "$dir/openapi-spec-validator" ]]; then
        validator="$dir/openapi-spec-validator"
        break
    fi
done
command -v "$validator" >/dev/null || {
    echo "lint-spec.sh: openapi-spec-validator not found; pip install -e '.[dev]'" >&2
    exit 2
}

"$validator" openapi/sectra.yaml

scripts/redocly.sh lint --config redocly.yaml openapi/sectra.yaml
