#!/usr/bin/env bash
# Lint the committed OpenAPI document against the Dutch API Design Rules (Logius ADR 2.1):
#   spectral lint src/zicht/openapi.json --ruleset ci/adr-spectral-ruleset.yaml --fail-severity error
# Spectral is pinned in ci/package.json + ci/package-lock.json and installed on first use
# with `npm ci --prefix ci` (ci/node_modules is gitignored). Without the lock file it falls
# back to `npx --yes @stoplight/spectral-cli@6`. Fails on any error; warnings are printed.
set -euo pipefail
cd "$(dirname "$0")/.."
DOC=src/zicht/openapi.json
RULESET=ci/adr-spectral-ruleset.yaml
SPECTRAL=ci/node_modules/.bin/spectral
if [ ! -x "$SPECTRAL" ] && [ -f ci/package-lock.json ]; then
  # --ignore-scripts: Spectral needs no install scripts (one dependency only phones home).
  npm ci --prefix ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
if [ -x "$SPECTRAL" ]; then
  exec "$SPECTRAL" lint "$DOC" --ruleset "$RULESET" --fail-severity error
fi
exec npx --yes @stoplight/spectral-cli@6 lint "$DOC" --ruleset "$RULESET" --fail-severity error
