#!/usr/bin/env bash
# Times the board packet (export's BenchmarkPacket: the eleven-slide
# briefing from the demo district) against the packet as Cabinet made it
# before the tagged PDF writer, both measured in this run on this machine,
# and prints each one's time and size. It exits non-zero when the packet
# takes more than twice as long as before (issue 25's limit).
#
#   scripts/bench-packet.sh            BASE=<commit> to compare with another
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tags.sh
# The last commit whose packet went through fpdf and SVG.
base=${BASE:-cbb659a}
rounds=${ROUNDS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git archive "$base" | tar -x -C "$work"
# The same benchmark on both: the old one counted ten slides.
cp export/bench_test.go "$work/export/bench_test.go"

bench() { (cd "$1" && go test -tags "$TAGS" -run '^$' -bench 'Packet/plain' -benchtime 20x -count 1 ./export/) | awk '/^BenchmarkPacket/ {print $3, $5}'; }
: >"$work/base.txt"
: >"$work/now.txt"
# Alternate the two, so a busy machine slows both alike.
for _ in $(seq "$rounds"); do
  bench "$work" >>"$work/base.txt"
  bench . >>"$work/now.txt"
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
b=$(cut -d' ' -f1 "$work/base.txt" | median)
n=$(cut -d' ' -f1 "$work/now.txt" | median)
bs=$(head -1 "$work/base.txt" | cut -d' ' -f2)
ns=$(head -1 "$work/now.txt" | cut -d' ' -f2)
awk -v base="$base" -v b="$b" -v n="$n" -v bs="$bs" -v ns="$ns" 'BEGIN {
  printf "packet before (%s): %.1f ms, %.1f KB\n", base, b / 1e6, bs / 1000
  printf "packet now:           %.1f ms, %.1f KB\n", n / 1e6, ns / 1000
  printf "time: %.2f times before (target: at most 2)\n", n / b
  exit (n / b > 2) ? 1 : 0
}'
