#!/usr/bin/env bash
# Reports what changed in openapi/sectra.yaml between a git ref and the working tree: added,
# removed and changed operations, parameters, schemas, fields and enum values, with every
# change that breaks existing clients marked "x [...] This is a breaking change." Optic
# (pinned in tools/package-lock.json, installed by `make node-tools`) computes the diff and
# runs its breaking-change rules; scripts/condense_spec_details.py makes its list of webhook
# changes readable.
#
# Usage: scripts/spec-diff.sh [BASE]
#   BASE  a git ref (tag, branch, commit); default: the last release tag (v*) reachable from
#         HEAD, or the repository's first commit when there is none.
#
# Exits 0 when the diff was computed, breaking changes or not (a report, not a gate); 2 when it
# could not be (no such ref, Optic not installed, a spec Optic cannot read).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SPEC=openapi/sectra.yaml
OPTIC="$ROOT/tools/node_modules/.bin/optic"
cd "$ROOT"

[[ -x "$OPTIC" ]] || {
    echo "spec-diff.sh: Optic is not installed; run 'make node-tools'" >&2
    exit 2
}

base="${1:-}"
if [[ -z "$base" ]]; then
    base="$(git describe --tags --abbrev=0 --match 'v*' 2>/dev/null)" ||
        base="$(git rev-list --max-parents=0 HEAD | tail -n 1)"
fi
commit="$(git rev-parse --verify --quiet "$base^{commit}")" || {
    echo "spec-diff.sh: '$base' is not a commit of this repository" >&2
    exit 2
}
echo "==> $SPEC: what changed since $base ($(git rev-parse --short "$commit"))"

# No telemetry, no update check. Without CI in its environment: in CI mode Optic writes
# ci-run-details.json into the working directory.
status=0
report="$(env -u CI OPTIC_TELEMETRY_LEVEL=off NO_UPDATE_NOTIFIER=1 \
    "$OPTIC" diff "$SPEC" --base "$commit" --check 2>&1)" || status=$?
# Optic exits 1 both when a breaking-change rule fails and when it could not run; only the
# former prints its "Checks: N/M passed" summary.
if ((status != 0)) && ! grep -Eq 'Checks: [0-9]+/[0-9]+ passed' <<<"$report"; then
    echo "$report" >&2
    echo "spec-diff.sh: optic diff failed (exit $status)" >&2
    exit 2
fi
python3 scripts/condense_spec_details.py <<<"$report"
