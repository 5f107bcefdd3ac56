#!/usr/bin/env bash
# Installs the npm packages the Go tests read Cabinet's output with (Mozilla's
# PDF.js, which reads the board packet's tags) into test-tools/node_modules,
# at the versions test-tools/package-lock.json pins. It does nothing when
# they are there already, so tests can call it each run; it needs Node.js
# and npm (scripts/deps.sh test installs them).
set -euo pipefail
cd "$(dirname "$0")/../test-tools"
if [ -f node_modules/pdfjs-dist/package.json ] &&
  cmp -s package-lock.json node_modules/.package-lock.json.cabinet 2>/dev/null; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is not installed: run scripts/deps.sh test" >&2
  exit 1
fi
# PDF.js lists a canvas package as optional; reading tags needs none.
npm ci --omit=optional --no-audit --no-fund --loglevel=error >&2
cp package-lock.json node_modules/.package-lock.json.cabinet
