#!/usr/bin/env bash
# Runs the pinned Redocly CLI with the given arguments (`scripts/redocly.sh lint ...`,
# `scripts/redocly.sh build-docs ...`): spec lint and the rendered reference use the same
# Redocly, pinned in tools/package-lock.json and installed by `make node-tools` (npm ci). No
# usage telemetry, no update notice.
set -euo pipefail

REDOCLY="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tools/node_modules/.bin/redocly"

[[ -x "$REDOCLY" ]] || {
    echo "redocly.sh: Redocly is not installed; run 'make node-tools'" >&2
    exit 2
}
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true exec "$REDOCLY" "$@"
