#!/usr/bin/env bash
# bench-sync.sh times a full `cabinet sync` of about a million observations
# from districtd on loopback against sqlite3's .import of the same rows
# (as the wire sends them: names and months as text) from CSV into a bare
# WITHOUT ROWID table with the same primary key and no other index, and an
# unchanged sync. Targets: at least 200,000 observations a second and peak
# memory under 200 MB, the whole unchanged `cabinet sync` process under
# 100 ms (issue 3); a full sync at most 2.5 times the .import and an
# unchanged sync, as cabinet times it, under 20 ms (issue 23). It exits 1
# when one is missed. The baselines are issue 23's, measured on main on
# 2026-12-06.
#
#   scripts/bench-sync.sh [SCHOOLS] [YEARS]     (default 365 10: ~1M observations)
#
# Needs go, sqlite3, bc and GNU time (/usr/bin/time, for peak memory).
set -euo pipefail
. "$(dirname "$0")/targets.sh"
. "$(dirname "$0")/tags.sh"

schools=${1:-365}
years=${2:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

for tool in go sqlite3 bc /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "bench-sync: $tool is needed" >&2; exit 2; }
done
timer=(/usr/bin/time -f '%e s, %U s user, %S s system, peak %M kB' -o "$work/time")

echo "building cabinet and districtd..."
(cd "$root" && go build -tags "ci,$TAGS" -o "$work/cabinet" ./cmd/cabinet && CGO_ENABLED=0 go build -o "$work/districtd" ./cmd/districtd)

export BENCH_TOKEN=bench-token-for-sync-$$ LANG=en_US.UTF-8
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18473)
DISTRICTD_TOKEN=$BENCH_TOKEN "$work/districtd" --listen "127.0.0.1:$port" --schools "$schools" --years "$years" --seed 11 --end 2026-06 2>"$work/districtd.log" &
server=$!
for _ in $(seq 100); do
	grep -q "serving" "$work/districtd.log" 2>/dev/null && break
	sleep 0.1
done

data="$work/data"
"$work/cabinet" source add bench --url "http://127.0.0.1:$port" --token-env BENCH_TOKEN --data "$data" >/dev/null

run() { # label, command...
	local label=$1
	shift
	local start end
	start=$(date +%s.%N)
	"${timer[@]}" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
	end=$(date +%s.%N)
	elapsed=$(echo "$end - $start" | bc -l)
	peak_kb=$(awk '{print $(NF-1)}' "$work/time")
	printf '%-28s %6.3f s   (%s)\n' "$label" "$elapsed" "$(cat "$work/time")"
}

run "cabinet sync (full)" "$work/cabinet" sync --data "$data"
sync_s=$elapsed sync_kb=$peak_kb
grep . "$work/out"
obs=$(sqlite3 "$data/cabinet.db" "SELECT count(*) FROM observations")
run "cabinet sync (unchanged)" "$work/cabinet" sync --data "$data"
unchanged_s=$elapsed unchanged_kb=$peak_kb
grep . "$work/out"
# The sync's own time, as cabinet prints it ("checked in 12ms"), in ms.
checked_ms=$(sed -n 's/.*unchanged since the last sync (checked in \([0-9.]*\)\(m\?s\)).*/\1 \2/p' "$work/out" |
	awk '{ printf "%.0f", $2 == "s" ? $1 * 1000 : $1 }')

# The same rows as CSV, as the wire sends them, loaded by sqlite3 into a
# bare table keyed as the cache's was before its keys were numbers.
sqlite3 -csv "$data/cabinet.db" "SELECT s.name, m.name, k.name, printf('%04d-%02d-01', o.period / 12, o.period % 12 + 1), o.value, o.n
	FROM observations AS o JOIN source_keys AS s ON s.id = o.source JOIN metric_keys AS m ON m.id = o.metric JOIN school_keys AS k ON k.id = o.school
	ORDER BY 1, 2, 3, 4" >"$work/observations.csv"
sqlite3 "$work/import.db" "PRAGMA journal_mode=WAL; CREATE TABLE observations (source TEXT NOT NULL, metric TEXT NOT NULL, school TEXT NOT NULL,
	period TEXT NOT NULL, value REAL NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (source, metric, school, period)) STRICT, WITHOUT ROWID" >/dev/null
run ".import of the same rows" sqlite3 "$work/import.db" ".import --csv $work/observations.csv observations"
import_s=$elapsed

# districtd's own CPU time, from /proc, to show what share the server took.
if [ -r "/proc/$server/stat" ]; then
	ticks=$(getconf CLK_TCK)
	read -r -a stat <"/proc/$server/stat"
	printf '%-28s %6.3f s of CPU\n' "districtd (serving both)" "$(echo "(${stat[13]} + ${stat[14]}) / $ticks" | bc -l)"
fi

echo
uptime
echo "== targets ($obs observations)"
target "end to end" "$(echo "$obs / $sync_s" | bc -l | xargs printf '%.0f')" ">=" 200000 obs/s "148000 obs/s"
target "sync / .import" "$(echo "$sync_s / $import_s" | bc -l | xargs printf '%.2f')" "<=" 2.5 x "5.2 x (6.7 s / 1.30 s)"
echo "   (.import in this run: $(printf '%.3f' "$import_s") s, $(du -m "$work/import.db" | cut -f1) MB; full sync $(printf '%.3f' "$sync_s") s, cache $(du -m "$data/cabinet.db" | cut -f1) MB)"
target "unchanged sync, process" "$(echo "$unchanged_s * 1000" | bc -l | xargs printf '%.0f')" "<=" 100 ms
target "unchanged sync, the sync" "$checked_ms" "<=" 20 ms
target "peak memory, full sync" "$(echo "$sync_kb / 1024" | bc -l | xargs printf '%.0f')" "<=" 200 MB
target "peak memory, unchanged sync" "$(echo "$unchanged_kb / 1024" | bc -l | xargs printf '%.0f')" "<=" 200 MB
targets_done
