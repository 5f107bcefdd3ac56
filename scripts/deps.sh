#!/usr/bin/env bash
# Installs the system packages Cabinet needs to build, run and test, on
# Debian or Ubuntu. Idempotent: it asks dpkg what is missing and calls
# apt-get only for that, with sudo when not root. Elsewhere it says what to
# install and leaves the machine alone.
#
#   scripts/deps.sh        packages to build and run the app
#   scripts/deps.sh test   also those the tests and benchmarks use (Xvfb, xdotool, xwd, poppler, qpdf,
#                          Node.js for PDF.js, which reads the packet back, sqlite3, bc, GNU time,
#                          Python 3 for smoke.sh to close a window as a window manager would)
#   scripts/deps.sh rt     Request Tracker 5 for the help-desk test against a
#                          real server (about 260 packages with a mail server)
#   scripts/deps.sh postgres  also PostgreSQL (15 on Debian 12) for districtd's
#                          warehouse tests; no server is started, the tests
#                          start their own
#   scripts/deps.sh dist   also those `make dist` uses (mingw-w64, wixl, zip)
#   scripts/deps.sh dist-test  all of those, and Wine for `make dist-test`
set -euo pipefail

build=(gcc pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev
  libxinerama-dev libxi-dev libxxf86vm-dev libwayland-dev libxkbcommon-dev wayland-protocols)
test=(xvfb xauth imagemagick xdotool x11-apps poppler-utils qpdf sqlite3 nodejs bc time python3)

# RT's own database is not configured here: the test makes a throwaway SQLite
# one with rt-setup-database, so dbconfig-common is told to keep out.
rt=(request-tracker5 rt5-db-sqlite rt5-standalone)
# The distribution's PostgreSQL (postgresql-15 on Debian 12), with
# pg_stat_statements, which the tests use to count districtd's statements.
postgres=(postgresql postgresql-contrib)
dist=(gcc-mingw-w64-x86-64 wixl msitools imagemagick zip xz-utils)
wine=(wine wine64 libgl1-mesa-dri unzip)

# Debian packages npm apart from Node.js; NodeSource's nodejs carries its own.
command -v npm >/dev/null 2>&1 || test+=(npm)

want=("${build[@]}")
case "${1:-}" in
  test) want+=("${test[@]}") ;;
  rt) want=("${rt[@]}") ;;
  postgres) want+=("${postgres[@]}") ;;
  dist) want+=("${dist[@]}") ;;
  dist-test) want+=("${test[@]}" "${dist[@]}" "${wine[@]}") ;;
esac

if ! command -v go >/dev/null 2>&1; then
  echo "Go is not installed. Install Go 1.26 or newer from https://go.dev/dl/ and run this again." >&2
  exit 1
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  case "$(uname -s)" in
    Darwin) echo "macOS: install the Xcode command-line tools (xcode-select --install); nothing else is needed." ;;
    *) echo "Not a Debian or Ubuntu system: install a C compiler, pkg-config and the X11 and OpenGL development headers (see README)." ;;
  esac
  exit 0
fi

missing=()
for p in "${want[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
echo "Installing ${missing[*]}" >&2
if [ "${1:-}" = rt ]; then
  # Unattended: answer every debconf question RT and its mail server ask.
  "${sudo[@]}" debconf-set-selections <<'SEL'
request-tracker5 request-tracker5/dbconfig-install boolean false
request-tracker5 request-tracker5/dbconfig-upgrade boolean false
request-tracker5 request-tracker5/rtname string cabinet-test
request-tracker5 request-tracker5/correspondaddress string rt@localhost
request-tracker5 request-tracker5/commentaddress string rt-comment@localhost
request-tracker5 request-tracker5/webbaseurl string http://127.0.0.1
request-tracker5 request-tracker5/webpath string
request-tracker5 request-tracker5/organization string cabinet-test
request-tracker5 request-tracker5/install-cronjobs boolean false
request-tracker5 request-tracker5/handle-siteconfig-permissions boolean true
request-tracker5 request-tracker5/initial-root-password password password
exim4-config exim4/dc_eximconfig_configtype select local delivery only; not on a network
exim4-config exim4/dc_local_interfaces string 127.0.0.1
exim4-config exim4/mailname string localhost
SEL
fi
if [ "${1:-}" = postgres ]; then
  # The tests run throwaway servers of their own: Debian is told not to
  # create and start a cluster of its own (postgresql-common reads this
  # folder when it creates one).
  "${sudo[@]}" mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" | "${sudo[@]}" tee /etc/postgresql-common/createcluster.d/cabinet-tests.conf >/dev/null
fi
"${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
