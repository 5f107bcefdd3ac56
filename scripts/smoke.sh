#!/usr/bin/env bash
# Smoke test: start the real app under Xvfb with an empty data folder, wait
# for its first frame, take a screenshot, check it is not blank; press F5,
# B and W as a presenter would (real key events through X, the only way to
# see what Fyne's GLFW driver really delivers); then stop the app with
# SIGTERM and check that it closed cleanly; then check that the window opens
# inside a 1366x768 laptop's work area, and next time at the size it had.
#
#   scripts/smoke.sh [WxH]      (default 1366x768; the PNG lands in out/)
#   CABINET_BIN=PATH scripts/smoke.sh   tests an installed binary instead of building one
#   SMOKE_SELFTEST=1 scripts/smoke.sh   proves its checks fail when ImageMagick's compare breaks (below)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(uname -s)" != Linux ]; then echo "smoke: needs Xvfb and xdotool (Linux); skipped"; exit 0; fi

fail() { echo "smoke: $*" >&2; exit 1; }
# Every check runs in this shell, never inside $( … ): there, fail would
# end only the subshell and the check would pass without checking. The
# helpers set variables instead of printing their answers.
#
# number VALUE WHAT: sets num to VALUE, which must be a number; an error
# from ImageMagick in its place fails the test instead of passing a
# comparison by accident.
number() { [[ $1 =~ ^[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?$ ]] || fail "$2 gave no number: $1"; num=$1; }
# differ A B: sets pixels to how many pixels of two screenshots differ
# (beyond 2% noise). compare exits 0 for alike, 1 for different, 2 for an
# error; a warning is text before the count, which number refuses.
differ() {
  local out status=0
  out=$(compare -fuzz 2% -metric AE "$1" "$2" null: 2>&1) || status=$?
  [ "$status" -le 1 ] || fail "compare $1 $2 failed ($status): $out"
  # ImageMagick writes large counts as 1.04909e+06.
  number "${out%% *}" "compare $1 $2"
  printf -v pixels '%.0f' "$num"
}
# measure IMAGE: sets area to the image's number of pixels.
measure() {
  local wh
  wh=$(identify -format '%w %h' "$1" 2>&1) || fail "identify $1: $wh"
  [[ $wh =~ ^([0-9]+)\ ([0-9]+)$ ]] || fail "identify $1 gave no size: $wh"
  area=$((BASH_REMATCH[1] * BASH_REMATCH[2]))
}
# same A B: two screenshots show the same thing. A slide laid out again may
# move its lines of text by a pixel, so up to a tenth of the pixels may
# differ; two different slides differ in half or more.
same() {
  differ "$1" "$2"
  measure "$1"
  [ "$pixels" -lt $((area / 10)) ]
}
# expect_same A B WHY and expect_differ A B WHY fail with WHY unless the
# screenshots are alike, or unlike.
expect_same() { same "$1" "$2" || fail "$3"; }
expect_differ() { ! same "$1" "$2" || fail "$3"; }
# count_colours IMAGE: sets colours to how many colours the image holds.
count_colours() {
  number "$(convert "$1" -format '%k' info:)" "counting the colours of $1"
  colours=$num
}
ms() { date +%s%3N; }
# settled WINDOW SHOT: grab WINDOW into SHOT until it shows a real picture
# (more than 50 colours) that two grabs in a row agree on: slides are drawn
# in the background, and on a busy machine a window can take seconds.
settled() {
  local prev="$2.prev.png"
  for _ in $(seq 60); do
    import -window "$1" "$2"
    count_colours "$2"
    if [ "$colours" -gt 50 ] && [ -e "$prev" ] && same "$prev" "$2"; then rm -f "$prev"; return; fi
    cp "$2" "$prev"
    sleep 0.3
  done
  rm -f "$prev"
  fail "$1 showed no steady picture within a minute ($colours colours in $2)"
}
# blanks WINDOW KEY WANT SHOT: press KEY, grab the window with xwd again and
# again for a second (ImageMagick's import takes most of a second on a busy
# machine), then find the first grab whose mean is WANT (0 black, 1 white).
# Times count from the moment xdotool has sent the key and exited (it
# presses and releases with no delay between); the time xdotool takes to
# start, which on a busy machine is hundreds of milliseconds, is reported
# but not counted. The screen was blank by the end of the first grab that
# saw it; the test allows for the grab's own time by taking the time that
# grab began. It sets seen to that time.
blanks() {
  local win=$1 key=$2 want=$3 shot=$4 t0 now i=0 mean launched
  local -a start end
  launched=$(ms)
  xdotool key --delay 0 "$key"
  t0=$(ms)
  while now=$(ms); [ $((now - t0)) -lt 1000 ]; do
    start[i]=$((now - t0))
    xwd -silent -id "$win" >"$shot.$i.xwd"
    end[i]=$(($(ms) - t0))
    i=$((i + 1))
  done
  for ((k = 0; k < i; k++)); do
    number "$(convert "xwd:$shot.$k.xwd" -format '%[fx:mean]' info:)" "the mean of $shot.$k.xwd"
    mean=$num
    if awk -v m="$mean" -v w="$want" 'BEGIN { exit !((m - w) ^ 2 < 0.0001) }'; then
      echo "smoke: $key blanked the slide window: seen first by grab $((k + 1)) of $i, which began ${start[k]} ms and ended ${end[k]} ms after the key was sent (xdotool took $((t0 - launched)) ms)"
      convert "xwd:$shot.$k.xwd" "$shot"
      rm -f "$shot".*.xwd
      seen=${start[k]}
      return
    fi
  done
  convert "xwd:$shot.$((i - 1)).xwd" "$shot"
  rm -f "$shot".*.xwd
  fail "$key did not blank the slide window within a second (mean $mean, want $want; see $shot)"
}


# SMOKE_SELFTEST=1 scripts/smoke.sh proves the checks fail closed: it breaks
# ImageMagick's compare in each way it can break (an error, a warning before
# the count, no output at all) and runs each kind of screenshot check the
# smoke test makes, in a child, which must exit non-zero and blame compare.
# With compare working, the same checks must pass: a self-test that fails
# for another reason proves nothing. `make test` runs it before the smoke test.
if [ -n "${SMOKE_SELFTEST:-}" ]; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  convert -size 40x30 xc:white "$dir/white.png"
  convert -size 40x30 xc:black "$dir/black.png"
  case $SMOKE_SELFTEST in
    1)
      checks=("expect_same white white" "expect_differ white black" "settled-same white white")
      for check in "${checks[@]}"; do
        SMOKE_SELFTEST="working $check" "$0" || fail "self-test: '$check' fails with compare working"
        for broken in error warning silent; do
          status=0
          err=$(SMOKE_SELFTEST="$broken $check" "$0" 2>&1) || status=$?
          [ "$status" -ne 0 ] || fail "self-test: '$check' passed with compare broken ($broken)"
          [[ $err == *"smoke: compare"* ]] || fail "self-test: '$check' with compare broken ($broken) failed for another reason: $err"
        done
      done
      echo "smoke: self-test ok (${#checks[@]} checks fail when compare errors, warns or says nothing)"
      exit 0 ;;
  esac
  read -r broken check a b <<<"$SMOKE_SELFTEST"
  case $broken in
    error) compare() { echo "compare: unable to open image '$4': No such file or directory @ error/blob.c/OpenBlob/3571." >&2; return 2; } ;;
    warning) compare() { echo "compare: iCCP: known incorrect sRGB profile '$4' @ warning/png.c/MagickPNGWarningHandler/1754." >&2; command compare "$@"; } ;;
    silent) compare() { return 0; } ;;
  esac
  case $check in
    expect_same) expect_same "$dir/$a.png" "$dir/$b.png" "the self-test's screenshots differ" ;;
    expect_differ) expect_differ "$dir/$a.png" "$dir/$b.png" "the self-test's screenshots are alike" ;;
    # settled's own comparison, as the slides are waited for.
    settled-same) if same "$dir/$a.png" "$dir/$b.png"; then :; else fail "the self-test's screenshots differ"; fi ;;
  esac
  exit 0
fi

size=${1:-1366x768}
screen=$size
mkdir -p out bin
cabinet=${CABINET_BIN:-bin/cabinet}
[ -n "${CABINET_BIN:-}" ] || { . scripts/tags.sh && go build -tags "$TAGS" -o bin/cabinet ./cmd/cabinet; }

data=$(mktemp -d)
# The app's preferences (the window's size, the finder's recent schools)
# live in a folder of the test's own, not the user's.
export XDG_CONFIG_HOME="$data/config"
for n in $(seq 90 120); do [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ] || break; done
Xvfb ":$n" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 & xvfb=$!
app=
# The app is waited for: on SIGTERM it still writes its preferences.
cleanup() { if [ -n "$app" ]; then kill "$app" 2>/dev/null; wait "$app" || true; fi; kill "$xvfb" 2>/dev/null; rm -rf "$data"; }
trap cleanup EXIT
export DISPLAY=":$n"
# Fyne cannot parse the C locale and says so on every start.
case "${LANG:-C}" in C|POSIX|C.*) export LANG=en_US.UTF-8 ;; esac
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done

"$cabinet" --data "$data" --size 1366x700 >out/smoke.log 2>&1 & app=$!
if ! timeout 20 xdotool search --sync --onlyvisible --name 'Cabinet' >/dev/null; then
  echo "smoke: no Cabinet window within 20 s; the app said:" >&2; cat out/smoke.log >&2; exit 1
fi
shot=out/smoke-$size.png
# The first frame, then the tiles: wait until the screen holds a real picture.
for _ in $(seq 40); do
  import -window root "$shot"
  count_colours "$shot"
  [ "$colours" -gt 200 ] && break
  sleep 0.25
done
[ "$colours" -gt 200 ] || { echo "smoke: the window stayed blank ($colours colours in $shot)" >&2; exit 1; }
sleep 2
import -window root "$shot"
[ -s "$data/cabinet.db" ] || { echo "smoke: no cache file was created in the data folder" >&2; exit 1; }

# F5 in the dashboard opens the slides; B and W blank them, from the slide
# window and from the presenter view; any key brings the same slide back.
dash=$(xdotool search --onlyvisible --name '^Cabinet($|: )' | head -1)
xdotool windowfocus --sync "$dash"
xdotool key F5
stage=$(timeout 20 xdotool search --sync --onlyvisible --name '^Cabinet briefing$' | head -1) ||
  fail "F5 in the dashboard opened no slide window; the app said: $(cat out/smoke.log)"
presenter=$(xdotool search --onlyvisible --name '^Cabinet briefing: presenter view$' | head -1)
settled "$stage" out/f5-slide.png
# Each blank must show within a second, and one of up to three presses
# within 200 ms: with a dozen compilers sharing two cores the scheduler
# alone can hold a single press back longer than that.
for step in "$stage b 0 black" "$presenter w 1 white"; do
  read -r win key want name <<<"$step"
  xdotool windowfocus --sync "$win"
  for try in 1 2 3; do
    blanks "$stage" "$key" "$want" "out/f5-$name.png"
    xdotool key Right
    settled "$stage" out/f5-back.png
    expect_same out/f5-slide.png out/f5-back.png "after $name, a key did not bring the same slide back (out/f5-back.png)"
    [ "$seen" -le 200 ] && break
  done
  [ "$seen" -le 200 ] || fail "$key took longer than 200 ms to blank the slide window three times running"
done
echo "smoke: F5 presents; b blacks and w whitens the slide window; a key brings it back"
# Slide 3, to know it when Shift+F5 shows it.
xdotool windowfocus --sync "$stage"
xdotool key Right Right
settled "$stage" out/f5-slide3.png
expect_differ out/f5-slide.png out/f5-slide3.png "Right did not move the slide window on (out/f5-slide3.png)"
xdotool key Escape
gone() { for _ in $(seq 50); do xdotool search --onlyvisible --name '^Cabinet briefing$' >/dev/null || return 0; sleep 0.2; done; fail "$1"; }
gone "Escape did not end the presentation"

# F5 and Shift+F5 present whatever has the focus. The GLFW driver sends a
# key to the widget that has the focus, not to the window: the school
# finder's box (Ctrl+F, then letters that search) and a text field of the
# Decks tab hand F5 on, and keep the letters.
present_from() { # WHAT KEY WANT: press KEY in the dashboard; the slide window must show WANT
  xdotool key "$2"
  stage=$(timeout 20 xdotool search --sync --onlyvisible --name '^Cabinet briefing$' | head -1) ||
    fail "$2 with the focus in $1 opened no slide window; the app said: $(cat out/smoke.log)"
  settled "$stage" "out/f5-from-$1.png"
  expect_same "$3" "out/f5-from-$1.png" "$2 with the focus in $1 showed another slide than $3 (out/f5-from-$1.png)"
  xdotool windowfocus --sync "$stage"
  xdotool key Escape
  gone "Escape did not end the presentation started from $1"
  xdotool windowfocus --sync "$dash"
}
xdotool windowfocus --sync "$dash"
xdotool key ctrl+f
sleep 1
xdotool type --delay 60 lin
present_from finder F5 out/f5-slide.png
xdotool key Escape
# The Decks tab: choose slide 3, then click the headline's field and type.
# The window is 1366x700 at the screen's top left (Xvfb has no window
# manager to move it); the points are the third slide and the field.
xdotool key ctrl+7
sleep 2
xdotool mousemove 390 290 click 1
sleep 1
xdotool mousemove 1000 405 click 1
sleep 0.5
import -window "$dash" -crop 640x30+700+390 out/field-before.png
xdotool type --delay 60 xyz
sleep 0.5
import -window "$dash" -crop 640x30+700+390 out/field-after.png
differ out/field-before.png out/field-after.png
[ "$pixels" -gt 20 ] || fail "letters typed into the headline's field did not go into it (out/field-after.png)"
present_from field shift+F5 out/f5-slide3.png
echo "smoke: F5 and Shift+F5 present with the focus in the school finder and in a text field, whose letters stay in it"


kill -TERM "$app"
status=0; wait "$app" || status=$?
app=
if [ "$status" -ne 0 ]; then
  echo "smoke: the app exited with status $status on SIGTERM; it said:" >&2; cat out/smoke.log >&2; exit 1
fi
# Every connection closed: SQLite folds its write-ahead log into the file.
[ ! -e "$data/cabinet.db-wal" ] || fail "the window left cabinet.db-wal beside the cache: a connection was still open as it closed"
echo "smoke: ok ($colours colours in the first full frame; screenshot $shot; the cache closed whole)"

# Presenting: start `cabinet present` for real, send keys as a clicker would,
# and check that two slides were shown, differ, and are not blank. The
# slide window must take keys as soon as it opens, without a click.
"$cabinet" present --data "$data" >out/present.log 2>&1 & app=$!
if ! timeout 20 xdotool search --sync --onlyvisible --name 'Cabinet briefing$' >/dev/null; then
  echo "smoke: no slide window within 20 s; the app said:" >&2; cat out/present.log >&2; exit 1
fi
slide1=out/present-1.png slide2=out/present-2.png
settled root "$slide1"
xdotool key Next
sleep 1
settled root "$slide2"
expect_differ "$slide1" "$slide2" "Page Down did not move to another slide ($slide1 and $slide2 are alike)"
# Shift+F5 stays on the slide shown; F5 goes back to the first.
xdotool key shift+F5
sleep 1
settled root out/present-shift-f5.png
expect_same "$slide2" out/present-shift-f5.png "Shift+F5 left the current slide (out/present-shift-f5.png)"
xdotool key F5
sleep 1
settled root out/present-f5.png
expect_same "$slide1" out/present-f5.png "F5 did not go back to the first slide (out/present-f5.png)"
xdotool key Escape
status=0; timeout 10 tail --pid="$app" -f /dev/null || status=$?
if kill -0 "$app" 2>/dev/null; then
  echo "smoke: Escape did not end the presentation" >&2; exit 1
fi
wait "$app" || status=$?
app=
[ "$status" -eq 0 ] || { echo "smoke: present exited with status $status; it said:" >&2; cat out/present.log >&2; exit 1; }
[ ! -e "$data/cabinet.db-wal" ] || fail "the presentation left cabinet.db-wal beside the cache: a connection was still open as it ended"
echo "smoke: present ok (two different slides: $slide1, $slide2; the cache closed whole)"

# The window opens inside a 1366x768 laptop's work area the first time,
# and then at the size it had when the app stopped: closed with the
# window's close button (WM_DELETE_WINDOW, what a window manager sends; Xvfb
# has none, so the script sends it through libX11) and stopped with SIGTERM.
geometry() { xdotool getwindowgeometry --shell "$1" | awk -F= '$1=="WIDTH"{w=$2} $1=="HEIGHT"{h=$2} END{print w "x" h}'; }
close_window() {
  python3 - "$1" <<'PY'
import ctypes, sys
x = ctypes.CDLL("libX11.so.6")
x.XOpenDisplay.restype = ctypes.c_void_p
x.XInternAtom.restype = ctypes.c_ulong
x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
x.XFlush.argtypes = [ctypes.c_void_p]
class ClientMessage(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
                ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
                ("format", ctypes.c_int), ("data", ctypes.c_long * 5), ("pad", ctypes.c_long * 12)]
d = x.XOpenDisplay(None)
if not d:
    sys.exit("cannot open the display")
e = ClientMessage(type=33, send_event=1, display=d, window=int(sys.argv[1]),
                  message_type=x.XInternAtom(d, b"WM_PROTOCOLS", 0), format=32)
e.data[0] = x.XInternAtom(d, b"WM_DELETE_WINDOW", 0)
if not x.XSendEvent(d, int(sys.argv[1]), 0, 0, ctypes.byref(e)):
    sys.exit("XSendEvent failed")
x.XFlush(d)
PY
}
# opened WANT: start the dashboard without --size; its window must open at
# WANT (or, with WANT "laptop", inside 1366x700; with "screen", inside the
# screen with room for a title bar). Sets app, win and size.
opened() {
  "$cabinet" --data "$data" >out/size.log 2>&1 & app=$!
  win=$(timeout 20 xdotool search --sync --onlyvisible --name '^Cabinet($|: )' | head -1) || fail "no window to measure; the app said: $(cat out/size.log)"
  settled "$win" out/size.png
  size=$(geometry "$win")
  if [ "$1" = laptop ]; then
    [ "${size%x*}" -le 1366 ] && [ "${size#*x}" -le 700 ] || fail "the first time, the window opens at $size, past a 1366x768 laptop's work area (1366x700)"
  elif [ "$1" = screen ]; then
    [ "${size%x*}" -le "${screen%x*}" ] && [ "${size#*x}" -le $((${screen#*x} - 40)) ] ||
      fail "a size remembered on a larger screen opens at $size, past this $screen screen"
  else
    [ "$size" = "$1" ] || fail "the window was $1 when the app stopped, and opens at $size (preferences: $(cat "$XDG_CONFIG_HOME"/fyne/*/preferences.json 2>&1))"
  fi
}
# resized WxH: make the window that size, as a person dragging its corner
# would, and wait until the app has taken it in: GLFW reads X's events in
# order, so once Ctrl+7 (sent after the resize) has shown the Decks tab, the
# new size has reached the app too.
resized() {
  xdotool windowsize --sync "$win" "${1%x*}" "${1#*x}"
  import -window "$win" out/size-before.png
  xdotool windowfocus --sync "$win"
  xdotool key ctrl+7
  for _ in $(seq 100); do
    import -window "$win" out/size.png
    if ! same out/size-before.png out/size.png; then break; fi
    sleep 0.2
  done
  expect_differ out/size-before.png out/size.png "Ctrl+7 did not show the Decks tab after the window was resized (out/size.png)"
  settled "$win" out/size.png
  [ "$(geometry "$win")" = "$1" ] || fail "the window did not keep the size $1 (it is $(geometry "$win")); the app widens a window narrower than its tabs"
}
stopped() { # HOW: wait for the app to end cleanly
  status=0; wait "$app" || status=$?
  app=
  [ "$status" -eq 0 ] || fail "the app exited with status $status when $1; it said: $(cat out/size.log)"
}
rm -rf "$XDG_CONFIG_HOME"
opened laptop; first=$size
resized 1280x660
close_window "$win" || fail "could not send WM_DELETE_WINDOW to the window"
stopped "its window was closed"
opened 1280x660
resized 1340x690
kill -TERM "$app"
stopped "it was sent SIGTERM"
opened 1340x690
kill -TERM "$app"
stopped "it was sent SIGTERM"
# The CTO presented on a projector and opens Cabinet on the laptop again.
printf '{"window.size":"1920x1050"}' >"$(ls "$XDG_CONFIG_HOME"/fyne/*/preferences.json)"
opened screen; fit=$size
kill -TERM "$app"
stopped "it was sent SIGTERM"
echo "smoke: the window opens at $first the first time, then at the size it had: 1280x660 after its close button, 1340x690 after SIGTERM; a projector's 1920x1050 opens at $fit on this $screen screen"
