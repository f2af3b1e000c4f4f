#!/usr/bin/env bash
# Lints openapi/sectra.yaml: structural validation (openapi-spec-validator), then Redocly's
# rules (redocly.yaml). Needs the dev extra installed and Node.js with npx; the pinned Redocly
# CLI is fetched from the npm registry on first use.
set -euo pipefail

REDOCLY_VERSION=2.77.0
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
command -v npx >/dev/null || {
    echo "lint-spec.sh: npx not found; install Node.js (with npm)" >&2
    exit 2
}

"$validator" openapi/sectra.yaml

# No usage telemetry, no update notice; --yes: never prompt for the download (CI has no stdin).
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
    npx --yes "@redocly/cli@$REDOCLY_VERSION" lint --config redocly.yaml openapi/sectra.yaml
