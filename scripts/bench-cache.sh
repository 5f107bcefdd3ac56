#!/usr/bin/env bash
# bench-cache.sh measures the cache at New York City's size (issue 23):
# `cabinet demo --schools 1800 --years 10` within 20 s, the file at most 60
# bytes per stored row of figures (observations and product use), indexes
# included, and the panel benchmarks at 1,800 schools at or under their
# figures before the figures were keyed by numbers. It prints each goal
# beside its figure and its baseline (issue 23's, measured on main on a
# quiet machine on 2026-12-06) and exits 1 when one is missed. The machine's
# load is printed too: these are wall-clock times.
#
#   scripts/bench-cache.sh [SCHOOLS] [YEARS]     (default 1800 10)
#
# Needs go, sqlite3 and GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/targets.sh
schools=${1:-1800}
years=${2:-10}
for tool in go sqlite3 /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench-cache: $tool is needed" >&2; exit 2; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "building cabinet..."
go build -tags ci,migrated_fynedo -o "$work/cabinet" ./cmd/cabinet
uptime
/usr/bin/time -f '%e %M' -o "$work/time" "$work/cabinet" demo --data "$work/d" --schools "$schools" --years "$years"
read -r demo_s demo_kb <"$work/time"
db="$work/d/cabinet.db"
bytes=$(stat -c %s "$db")
rows=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM observations) + (SELECT count(*) FROM product_usage)")
echo "cache: $bytes bytes, $rows rows of figures; demo took $demo_s s, peak $((demo_kb / 1024)) MB"
sqlite3 "$db" "SELECT printf('  %-28s %5d MB', name, sum(pgsize) / 1048576) FROM dbstat GROUP BY name HAVING sum(pgsize) > 1048576 ORDER BY sum(pgsize) DESC" 2>/dev/null || true

echo "running the panel benchmarks..."
go test ./panel/ -run '^$' -bench . -benchtime 3x | tee "$work/panel.txt"
ms() { awk -v name="Benchmark$1/schools=$schools-" 'index($1, name) == 1 { printf "%.1f", $3 / 1e6 }' "$work/panel.txt"; }
uptime

echo
echo "== targets ($schools schools, $years years)"
target "bytes per row of figures" "$(awk -v b="$bytes" -v r="$rows" 'BEGIN { if (r > 0) printf "%.1f", b / r }')" "<=" 60 B "146 B (1.30 GB)"
target "cabinet demo" "$demo_s" "<=" 20 s "66 s"
target "panel: Overview" "$(ms Overview)" "<=" 4.4 ms "4.4 ms"
target "panel: one tab" "$(ms Tab)" "<=" 197 ms "197 ms"
target "panel: Value" "$(ms Value)" "<=" 64 ms "64 ms"
targets_done
