#!/usr/bin/env bash
# Smoke test: start the real app under Xvfb with an empty data folder, wait
# for its first frame, take a screenshot, check it is not blank, then stop
# the app with SIGTERM and check that it closed cleanly.
#
#   scripts/smoke.sh [WxH]      (default 1366x768; the PNG lands in out/)
#   CABINET_BIN=PATH scripts/smoke.sh   tests an installed binary instead of building one
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(uname -s)" != Linux ]; then echo "smoke: needs Xvfb and xdotool (Linux); skipped"; exit 0; fi
size=${1:-1366x768}
mkdir -p out bin
cabinet=${CABINET_BIN:-bin/cabinet}
[ -n "${CABINET_BIN:-}" ] || go build -tags migrated_fynedo -o bin/cabinet ./cmd/cabinet

data=$(mktemp -d)
for n in $(seq 90 120); do [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ] || break; done
Xvfb ":$n" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 & xvfb=$!
app=
cleanup() { [ -n "$app" ] && kill "$app" 2>/dev/null; kill "$xvfb" 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT
export DISPLAY=":$n"
# Fyne cannot parse the C locale and says so on every start.
case "${LANG:-C}" in C|POSIX|C.*) export LANG=en_US.UTF-8 ;; esac
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done

"$cabinet" --data "$data" >out/smoke.log 2>&1 & app=$!
if ! timeout 20 xdotool search --sync --onlyvisible --name 'Cabinet' >/dev/null; then
  echo "smoke: no Cabinet window within 20 s; the app said:" >&2; cat out/smoke.log >&2; exit 1
fi
shot=out/smoke-$size.png
# The first frame, then the tiles: wait until the screen holds a real picture.
for _ in $(seq 40); do
  import -window root "$shot"
  colours=$(convert "$shot" -format '%k' info:)
  [ "$colours" -gt 200 ] && break
  sleep 0.25
done
[ "$colours" -gt 200 ] || { echo "smoke: the window stayed blank ($colours colours in $shot)" >&2; exit 1; }
sleep 2
import -window root "$shot"
[ -s "$data/cabinet.db" ] || { echo "smoke: no cache file was created in the data folder" >&2; exit 1; }

kill -TERM "$app"
status=0; wait "$app" || status=$?
app=
if [ "$status" -ne 0 ]; then
  echo "smoke: the app exited with status $status on SIGTERM; it said:" >&2; cat out/smoke.log >&2; exit 1
fi
echo "smoke: ok ($colours colours in the first full frame; screenshot $shot)"

# Presenting: start `cabinet present` for real, send keys as a clicker would,
# and check that two slides were shown, differ, and are not blank. The
# slide window must take keys as soon as it opens, without a click.
"$cabinet" present --data "$data" >out/present.log 2>&1 & app=$!
if ! timeout 20 xdotool search --sync --onlyvisible --name 'Cabinet briefing$' >/dev/null; then
  echo "smoke: no slide window within 20 s; the app said:" >&2; cat out/present.log >&2; exit 1
fi
sleep 3
slide1=out/present-1.png slide2=out/present-2.png
import -window root "$slide1"
xdotool key Next
sleep 2
import -window root "$slide2"
for s in "$slide1" "$slide2"; do
  c=$(convert "$s" -format '%k' info:)
  [ "$c" -gt 50 ] || { echo "smoke: slide $s is blank ($c colours)" >&2; exit 1; }
done
if [ "$(compare -metric AE "$slide1" "$slide2" null: 2>&1 | cut -d' ' -f1)" -lt 10000 ]; then
  echo "smoke: Page Down did not move to another slide ($slide1 and $slide2 are alike)" >&2; exit 1
fi
xdotool key Escape
status=0; timeout 10 tail --pid="$app" -f /dev/null || status=$?
if kill -0 "$app" 2>/dev/null; then
  echo "smoke: Escape did not end the presentation" >&2; exit 1
fi
wait "$app" || status=$?
app=
[ "$status" -eq 0 ] || { echo "smoke: present exited with status $status; it said:" >&2; cat out/present.log >&2; exit 1; }
echo "smoke: present ok (two different slides: $slide1, $slide2)"
