#!/usr/bin/env bash
# Proves that TypeScript teams can generate working clients from openapi/sectra.yaml: generates
# types with openapi-typescript and a fetch client with @hey-api/openapi-ts into
# clients/typescript/build/ (not committed), then compiles them with `tsc --strict` together
# with clients/typescript/src/, which narrows every discriminated union of the spec. Fails when
# a generator rejects the spec or the result does not compile.
#
# The generators and TypeScript are pinned in clients/typescript/package-lock.json and installed
# there by `make ts-clients` (npm ci).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT/clients/typescript"

[[ -x node_modules/.bin/tsc ]] || {
    echo "check-ts-clients.sh: the TypeScript tools are not installed; run 'make ts-clients'" >&2
    exit 2
}

rm -rf build
echo "==> openapi-typescript: types"
node_modules/.bin/openapi-typescript ../../openapi/sectra.yaml --output build/sectra.d.ts
echo "==> @hey-api/openapi-ts: fetch client"
node_modules/.bin/openapi-ts --file openapi-ts.config.mjs
echo "==> tsc --strict"
node_modules/.bin/tsc --project tsconfig.json
echo "TypeScript types and fetch client generated and compiled"
