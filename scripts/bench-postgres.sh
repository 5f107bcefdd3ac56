#!/usr/bin/env bash
# The morning of the meeting, on loopback: districtd --postgres serving New
# York City's size (1,800 schools, 10 years: about 4.9 million observations
# and 4 million months of product use) from a throwaway PostgreSQL, and
# fifty Cabinets syncing at once, full and then incremental after 1% of the
# rows changed (scripts/pgload). Targets: every sync completes, each within
# 3 times a lone sync's time; a lone incremental sync under a second;
# districtd's peak resident memory at most MAX_RSS_MB (300). Prints each
# target beside its figure and exits 1 on a miss. With WITH_CABINET=1, one
# real `cabinet sync`, full and incremental, is timed too, end to end with
# its SQLite cache (at New York City's size that adds about five minutes).
#
#   [WITH_CABINET=1] scripts/bench-postgres.sh [SCHOOLS] [YEARS] [CABINETS]     (default 1800 10 50)
#
# Needs go and PostgreSQL (scripts/deps.sh postgres). Takes several minutes
# and about 3 GB of disk in the temporary folder (5 GB with WITH_CABINET=1).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tags.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
real=()
if [ "${WITH_CABINET:-}" = 1 ]; then
	go build -tags "ci,$TAGS" -o "$work/cabinet" ./cmd/cabinet
	real=(-cabinet "$work/cabinet")
fi
CGO_ENABLED=0 go build -o "$work/districtd" ./cmd/districtd
go build -o "$work/pgload" ./scripts/pgload
"$work/pgload" -districtd "$work/districtd" "${real[@]}" -schools "${1:-1800}" -years "${2:-10}" -clients "${3:-50}" -max-rss-mb "${MAX_RSS_MB:-300}"
