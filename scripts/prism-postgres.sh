#!/usr/bin/env bash
# Puts Stoplight Prism's validating proxy (npx @stoplight/prism-cli@5.16.0
# proxy --errors) between a real `cabinet` and `districtd --postgres` serving
# a demo district from a throwaway PostgreSQL, and syncs through it: a full
# sync, one of changes and deletions, one with nothing changed. Exits 1 if
# Prism reports any violation of api/summaryapi.yaml (or fails to report one
# for a request that breaks it).
#
#   scripts/prism-postgres.sh [SCHOOLS] [YEARS]     (default 24 2)
#
# Needs go, PostgreSQL (scripts/deps.sh postgres) and Node.js with npx.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tags.sh
command -v npx >/dev/null || { echo "prism-postgres: npx (Node.js) is needed for Prism" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -tags "ci,$TAGS" -o "$work/cabinet" ./cmd/cabinet
CGO_ENABLED=0 go build -o "$work/districtd" ./cmd/districtd
go build -o "$work/pgload" ./scripts/pgload
"$work/pgload" -prism -districtd "$work/districtd" -cabinet "$work/cabinet" -schools "${1:-24}" -years "${2:-2}"
