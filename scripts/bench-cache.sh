#!/usr/bin/env bash
# bench-cache.sh measures the cache at New York City's size (issue 23):
# `cabinet demo --schools 1800 --years 10` within 20 s, the file at most 60
# bytes per stored row of figures (observations and product use), indexes
# included, and the panel benchmarks at 1,800 schools at or under their
# figures before the figures were keyed by numbers. It prints each goal
# beside its figure and its baseline and exits 1 when one is missed. Under
# the demo's time it prints the floor: the least time this SQLite takes to
# write as many rows into the same tables and build their indexes, with no
# Go and no staging in the way (cache's BenchmarkFloor).
#
# The baselines are issue 23's, measured on main on a quiet machine on
# 2026-12-06; with BASE set to a git revision (BASE=main), that revision is
# measured in the same run, the same way, and its panel figures are the
# targets instead. The machine's load is printed too: these are wall-clock
# times, and a busy machine slows both sides.
#
#   [BASE=REV] scripts/bench-cache.sh [SCHOOLS] [YEARS]     (default 1800 10)
#
# Needs go, git, sqlite3 and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/targets.sh
. scripts/tags.sh
schools=${1:-1800}
years=${2:-10}
for tool in go git sqlite3 /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench-cache: $tool is needed" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# measure TREE LABEL: times cabinet demo and the panel benchmarks of the
# source tree TREE, into $work/LABEL.*. The benchmarks' cache files go
# into $work too, so that no file of another schema or branch is read.
measure() {
	local tree=$1 label=$2
	echo "== $label: building cabinet..."
	(cd "$tree" && go build -tags "ci,$TAGS" -o "$work/$label.cabinet" ./cmd/cabinet)
	uptime
	/usr/bin/time -f '%e %M' -o "$work/$label.time" "$work/$label.cabinet" demo --data "$work/$label.d" --schools "$schools" --years "$years"
	local db="$work/$label.d/cabinet.db" demo_s demo_kb bytes rows
	read -r demo_s demo_kb <"$work/$label.time"
	bytes=$(stat -c %s "$db")
	sqlite3 "$db" "SELECT (SELECT count(*) FROM observations), (SELECT count(*) FROM product_usage)" | tr '|' ' ' >"$work/$label.counts"
	rows=$(awk '{ print $1 + $2 }' "$work/$label.counts")
	echo "$label cache: $bytes bytes, $rows rows of figures; demo took $demo_s s, peak $((demo_kb / 1024)) MB"
	sqlite3 "$db" "SELECT printf('  %-28s %5d MB', name, sum(pgsize) / 1048576) FROM dbstat GROUP BY name HAVING sum(pgsize) > 1048576 ORDER BY sum(pgsize) DESC" 2>/dev/null || true
	echo "$demo_s" >"$work/$label.demo"
	awk -v b="$bytes" -v r="$rows" 'BEGIN { if (r > 0) printf "%.1f", b / r }' >"$work/$label.bytes"
	rm -rf "$work/$label.d"
	echo "== $label: the panel benchmarks..."
	mkdir -p "$work/$label.tmp"
	(cd "$tree" && TMPDIR="$work/$label.tmp" go test ./panel/ -run '^$' -bench . -benchtime 3x) | tee "$work/$label.panel"
	rm -rf "$work/$label.tmp"
	uptime
}
ms() { # LABEL BENCHMARK: milliseconds an operation at $schools schools
	awk -v name="Benchmark$2/schools=$schools-" 'index($1, name) == 1 { printf "%.1f", $3 / 1e6 }' "$work/$1.panel"
}

measure . head
# The floor under the demo's time: the same number of rows written by
# SQLite alone, into the same tables, with their indexes built after
# (BenchmarkFloor in cache/floor_test.go).
read -r obs use <"$work/head.counts"
echo "== the floor: $obs observations and $use rows of product use, written by SQLite alone..."
go test ./cache -run '^$' -bench Floor -benchtime 1x -args -floor.observations "$obs" -floor.usage "$use" | tee "$work/floor.txt"
floor=$(awk '$1 ~ /^BenchmarkFloor/ { printf "%.1f", $3 / 1e9 }' "$work/floor.txt")
overview=4.4 tab=197 value=64 demo=66 bytes=146
if [ -n "${BASE:-}" ]; then
	mkdir "$work/base.src"
	git archive "$BASE" | tar -x -C "$work/base.src"
	measure "$work/base.src" base
	overview=$(ms base Overview) tab=$(ms base Tab) value=$(ms base Value) demo=$(cat "$work/base.demo") bytes=$(cat "$work/base.bytes")
fi
from=${BASE:+$BASE in this run}
from=${from:-issue 23}

echo
echo "== targets ($schools schools, $years years; baselines: $from)"
target "bytes per row of figures" "$(cat "$work/head.bytes")" "<=" 60 B "$bytes B"
target "cabinet demo" "$(cat "$work/head.demo")" "<=" 20 s "$demo s"
echo "  the floor under it here: ${floor:-?} s; the rows alone, in the order of their key, then their indexes"
target "panel: Overview" "$(ms head Overview)" "<=" "$overview" ms "$overview ms"
target "panel: one tab" "$(ms head Tab)" "<=" "$tab" ms "$tab ms"
target "panel: Value" "$(ms head Value)" "<=" "$value" ms "$value ms"
targets_done
