#!/usr/bin/env bash
# Tests what `make dist` built, as a user gets it (`make dist-test`):
#
# Windows, under Wine on a private Xvfb, in a new Wine prefix whose user name
# has a space and an accent: install the MSI per user with msiexec /qn; check
# the Start-menu shortcut, the uninstall entry and cabinet.exe under 30 MB; then from the installed
# cabinet.exe print --version, make the demo district and its board packet
# (same pages and text as the Linux build's), add a source with its secret
# on standard input and sync it from a Linux districtd on loopback (the
# secret must not land in the data folder), open the window and screenshot
# the Overview, close it as Windows would, present the briefing and shoot the
# slide window and the presenter view, end it with Escape, check the message
# for a computer without OpenGL, and uninstall.
#
# Linux: install the tarball into a temporary home with `make user-install`
# and run scripts/smoke.sh on the installed binary.
#
# Wine 8 lacks bcryptprimitives.dll!ProcessPrng, which Go's runtime needs;
# scripts/dist/prng_shim.c supplies it in the test prefix only. Screenshots
# land in out/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
scripts/deps.sh dist-test
case "${LANG:-C}" in C|POSIX|C.*) export LANG=en_US.UTF-8 ;; esac

msi=$(ls dist/Cabinet-*-windows-amd64.msi)
tarball=$(ls dist/cabinet-*-linux-amd64.tar.xz)
districtd=$(ls dist/districtd-*-linux-amd64)
version=${msi#dist/Cabinet-}
version=${version%-windows-amd64.msi}
(cd dist && sha256sum --quiet -c SHA256SUMS)

tmp=$(mktemp -d)
mkdir -p out
xvfb= daemon= app= nogl=
cleanup() {
  for p in $app $daemon $nogl; do kill "$p" 2>/dev/null || true; done
  for p in $app $daemon $nogl; do wait "$p" 2>/dev/null || true; done
  [ -n "${WINEPREFIX:-}" ] && wineserver -k 2>/dev/null || true
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "dist-test: $*" >&2; exit 1; }
step() { echo "dist-test: $*" >&2; }
# window NAME: the first visible window whose name matches, within 60 s.
# Wine makes and drops helper windows while a program opens; one search
# stops with BadWindow when a window goes under it, so each is tried again.
window() {
  local id
  for _ in $(seq 120); do
    id=$(xdotool search --onlyvisible --name "$1" 2>/dev/null | head -1) || true
    [ -n "$id" ] && { echo "$id"; return 0; }
    sleep 0.5
  done
  return 1
}

for n in $(seq 130 160); do [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ] || break; done
Xvfb ":$n" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 & xvfb=$!
export DISPLAY=":$n"
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done

# --- Windows, under Wine -------------------------------------------------
winuser="Zoë Admin"
# Wine reads the user name in the locale's character set: a UTF-8 one that
# exists on every machine (en_US.UTF-8 may not be generated).
export WINEPREFIX="$tmp/wine" WINEARCH=win64 WINEDEBUG=-all USER="$winuser" LC_ALL=C.UTF-8
# No Mono or Gecko (nothing here needs them; Wine would offer to download
# them), and no menu entries on this machine for what the test installs.
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
step "making a Wine prefix for \"$winuser\""
wineboot -i >/dev/null 2>&1
profile="$WINEPREFIX/drive_c/users/$winuser"
[ -d "$profile" ] || fail "Wine made no profile for \"$winuser\" ($(ls "$WINEPREFIX/drive_c/users"))"
x86_64-w64-mingw32-gcc -O2 -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  scripts/dist/prng_shim.c -ladvapi32

step "installing $msi with msiexec /qn"
wine msiexec /i "$(winepath -w "$msi")" /qn
exe="$profile/AppData/Local/Programs/Cabinet/cabinet.exe"
[ -f "$exe" ] || fail "the MSI did not install cabinet.exe in %LOCALAPPDATA%\\Programs\\Cabinet"
[ -f "$profile/AppData/Local/Programs/Cabinet/districtd.exe" ] || fail "the MSI did not install districtd.exe"
# The promise scripts/dist.sh makes: cabinet.exe under 30 MB as Windows
# counts them (Explorer's MB and KB are 2^20 and 2^10 bytes).
size=$(stat -c %s "$exe")
[ "$size" -lt $((30 * 1024 * 1024)) ] || fail "cabinet.exe is $size bytes, over 30 MB"
echo "  cabinet.exe is $size bytes ($((size / 1024)) KB as Windows shows it)" >&2
[ -f "$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Cabinet.lnk" ] ||
  fail "the MSI made no Start-menu shortcut"
wine reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null | tr -d '\r' >"$tmp/arp.txt" || true
wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null | tr -d '\r' >>"$tmp/arp.txt" || true
grep -q "DisplayName.*Cabinet" "$tmp/arp.txt" || fail "no uninstall entry for Cabinet in the registry"
grep -q "DisplayVersion.*${version%%-*}" "$tmp/arp.txt" || fail "the uninstall entry does not give the version"
cabinet() { wine "$exe" "$@"; }

step "cabinet.exe --version"
got=$(cabinet --version | tr -d '\r')
echo "  $got" >&2
case "$got" in "Cabinet $version (commit "*) ;; *) fail "--version said \"$got\", not Cabinet $version" ;; esac

step "demo and board packet, on Windows and on Linux"
appdata="$profile/AppData/Roaming/fyne/io.github.cabinetapp.cabinet"
cabinet demo >/dev/null
[ -s "$appdata/cabinet.db" ] || fail "cabinet.exe demo wrote no cache in %APPDATA%"
cabinet export --deck "Cabinet briefing" --out 'C:\users\'"$winuser"'\Board packet é.pdf' >/dev/null
winpdf="$profile/Board packet é.pdf"
[ -s "$winpdf" ] || fail "cabinet.exe export wrote no PDF"

home="$tmp/home"
mkdir -p "$home" "$tmp/linux"
tar -xJf "$tarball" -C "$tmp/linux"
HOME="$home" make -s -C "$tmp/linux/cabinet" user-install >/dev/null
linux="$home/.local/bin/cabinet"
[ -x "$linux" ] || fail "make user-install put no cabinet in ~/.local/bin"
[ -f "$home/.local/share/applications/io.github.cabinetapp.cabinet.desktop" ] || fail "make user-install put no .desktop file"
HOME="$home" "$linux" demo --data "$tmp/linux-data" >/dev/null
HOME="$home" "$linux" export --data "$tmp/linux-data" --deck "Cabinet briefing" --out "$tmp/linux.pdf" >/dev/null
pages() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }
[ "$(pages "$winpdf")" = "$(pages "$tmp/linux.pdf")" ] ||
  fail "the packets differ in length: Windows $(pages "$winpdf") pages, Linux $(pages "$tmp/linux.pdf")"
pdftotext -layout "$winpdf" "$tmp/windows.txt"
pdftotext -layout "$tmp/linux.pdf" "$tmp/linux.txt"
diff -u "$tmp/linux.txt" "$tmp/windows.txt" >&2 || fail "the packets' text differs (above: Linux, then Windows)"
echo "  same $(pages "$winpdf") pages and text" >&2

step "source add (secret on stdin) and sync from districtd on loopback"
secret="dist-test-$RANDOM$RANDOM-secret"
port=$((20000 + RANDOM % 20000))
DISTRICTD_TOKEN="$secret" "$districtd" --listen "127.0.0.1:$port" >"$tmp/districtd.log" 2>&1 & daemon=$!
for _ in $(seq 50); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
printf '%s\n' "$secret" | cabinet source add riverside --kind summaryapi --url "http://127.0.0.1:$port" --token-stdin ||
  fail "cabinet.exe source add failed"
cabinet sync || fail "cabinet.exe sync exited $? against districtd"
if grep -rqF "$secret" "$appdata"; then fail "the secret is in the data folder"; fi
kill "$daemon"; wait "$daemon" 2>/dev/null || true; daemon=
status=0; cabinet sync >/dev/null 2>&1 || status=$?
[ "$status" -eq 1 ] || fail "cabinet.exe sync with districtd gone exited $status, not 1"
echo "  synced; the secret is not in the data folder; with the server gone, sync exits 1" >&2

step "the window, on Xvfb"
shot=out/dist-test-wine.png
cabinet >"$tmp/window.log" 2>&1 & app=$!
if ! window '^Cabinet($|: )' >/dev/null; then
  cat "$tmp/window.log" >&2; fail "no Cabinet window within 60 s"
fi
colours=0
for _ in $(seq 60); do
  sleep 0.5
  import -window root "$shot"
  colours=$(convert "$shot" -format '%k' info:)
  [ "$colours" -gt 200 ] && break
done
[ "$colours" -gt 200 ] || fail "the window stayed blank ($colours colours in $shot)"
sleep 3
import -window root "$shot"
# taskkill without /F asks the window to close, as Windows does at log-off.
wine taskkill /IM cabinet.exe >/dev/null 2>&1
status=0; timeout 20 tail --pid="$app" -f /dev/null || fail "the window did not close when asked"
wait "$app" || status=$?
app=
[ "$status" -eq 0 ] || { cat "$tmp/window.log" >&2; fail "the window exited with status $status"; }
[ ! -e "$appdata/cabinet.db-wal" ] || fail "the cache was not closed cleanly (cabinet.db-wal left behind)"
echo "  drew $colours colours ($shot), closed cleanly" >&2

step "presenting, on Xvfb"
# The slide window takes keys as it opens; each window is raised and shot
# on its own, as they lie on each other on a screen without a window manager.
cabinet present --windowed >"$tmp/present.log" 2>&1 & app=$!
stage=$(window '^Cabinet briefing$') ||
  { cat "$tmp/present.log" >&2; fail "no slide window within 60 s"; }
presenter=$(window '^Cabinet briefing: presenter view$') ||
  { cat "$tmp/present.log" >&2; fail "no presenter view within 60 s"; }
for w in stage presenter; do
  pshot=out/dist-test-wine-$w.png
  colours=0
  for _ in $(seq 60); do
    sleep 0.5
    xdotool windowraise "${!w}" 2>/dev/null || continue
    import -window "${!w}" "$pshot" 2>/dev/null || continue
    colours=$(convert "$pshot" -format '%k' info:)
    [ "$colours" -gt 100 ] && break
  done
  [ "$colours" -gt 100 ] || fail "the $w window stayed blank ($colours colours in $pshot)"
done
sleep 3
for w in presenter stage; do
  xdotool windowraise "${!w}"
  sleep 0.5
  import -window "${!w}" "out/dist-test-wine-$w.png"
done
xdotool windowfocus --sync "$stage" 2>/dev/null || true
xdotool key Escape
timeout 20 tail --pid="$app" -f /dev/null || fail "Escape did not end the presentation"
status=0; wait "$app" || status=$?
app=
[ "$status" -eq 0 ] || { cat "$tmp/present.log" >&2; fail "the presentation exited with status $status"; }
echo "  slides and presenter view drawn (out/dist-test-wine-stage.png, out/dist-test-wine-presenter.png), ended by Escape" >&2

step "a computer without OpenGL"
# An X server without GLX leaves Wine's opengl32.dll without a driver, as a
# Windows VM without a graphics driver is.
for m in $(seq $((n + 1)) 170); do [ -e /tmp/.X11-unix/X$m ] || [ -e /tmp/.X$m-lock ] || break; done
Xvfb ":$m" -screen 0 1024x768x24 -nolisten tcp -extension GLX >/dev/null 2>&1 & nogl=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$m" ] && break; sleep 0.1; done
status=0
DISPLAY=":$m" timeout 60 wine "$exe" >"$tmp/nogl.log" 2>&1 || status=$?
kill "$nogl"; nogl=
tr -d '\r' <"$tmp/nogl.log" | grep -q "Mesa's opengl32.dll" || { cat "$tmp/nogl.log" >&2; fail "no clear message without OpenGL"; }
[ "$status" -eq 1 ] || fail "without OpenGL cabinet.exe exited $status, not 1"
echo "  said: $(tr -d '\r' <"$tmp/nogl.log" | head -1)" >&2

step "uninstalling"
wine msiexec /x "$(winepath -w "$msi")" /qn
[ ! -e "$exe" ] || fail "uninstalling left cabinet.exe behind"
[ ! -e "$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Cabinet.lnk" ] || fail "uninstalling left the shortcut"
wineserver -k 2>/dev/null || true
kill "$xvfb" 2>/dev/null || true; xvfb=

# --- Linux, from the installed tarball -----------------------------------
step "Linux: smoke test of the binary installed by make user-install"
HOME="$home" CABINET_BIN="$linux" scripts/smoke.sh
echo "dist-test: ok (Cabinet $version)"
