#!/usr/bin/env bash
# Builds Cabinet's release files into dist/ (`make dist`), on Debian or
# Ubuntu for Windows and Linux, on macOS for macOS:
#
#   Cabinet-VERSION-windows-amd64.msi   per-user installer (wixl, scripts/dist/cabinet.wxs)
#   Cabinet-VERSION-windows-amd64.zip   bare cabinet.exe and districtd.exe, for IT staff
#   cabinet-VERSION-linux-amd64.tar.xz  `fyne package -os linux`: binary, .desktop, icon, Makefile
#   districtd-VERSION-linux-amd64       the reference Summary API server, static
#   Cabinet-VERSION-darwin-ARCH.zip     the .app (macOS only)
#   SHA256SUMS
#
# The version and commit come from git describe, the build date is the
# commit's, Go builds with -trimpath, and archives hold fixed times and owners,
# so a tag builds the same bytes anywhere (the MSI apart: wixl stamps it with
# the time and a fresh package code). Idempotent: it installs what is missing
# (scripts/deps.sh dist, and the fyne tool) and rebuilds dist/ from scratch.
#
#   scripts/dist.sh [windows] [linux] [darwin]   (default: what this OS builds)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/tags.sh
root=$PWD

scripts/deps.sh dist
fyne_version=v1.7.4
fyne="$(go env GOPATH)/bin/fyne"
case "$("$fyne" version 2>/dev/null || true)" in
  *"cli version: $fyne_version"*) ;;
  *) echo "Installing the fyne tool $fyne_version" >&2
     go install "fyne.io/tools/cmd/fyne@$fyne_version" ;;
esac

# Fyne cannot parse the C locale and says so on every start.
case "${LANG:-C}" in C|POSIX|C.*) export LANG=en_US.UTF-8 ;; esac

commit=$(git rev-parse --short=12 HEAD)
base=$(sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
if describe=$(git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null); then
  version=${describe#v}
else
  version="$base-dev-g$commit$(git diff --quiet HEAD -- 2>/dev/null || echo -dirty)"
fi
numeric=$(echo "$version" | grep -oE '^[0-9]+\.[0-9]+\.[0-9]+')
epoch=$(git log -1 --format=%ct)
date=$(TZ=UTC0 git log -1 --format=%cd --date=format-local:%Y-%m-%dT%H:%M:%SZ)
export SOURCE_DATE_EPOCH=$epoch
app_id=$(sed -n 's/^ID *= *"\(.*\)"/\1/p' FyneApp.toml)
build=$(git rev-list --count HEAD)
x="-X=main.Version=$version -X=main.Commit=$commit -X=main.BuildDate=$date"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  case "$(uname -s)" in
    Darwin) targets=(darwin) ;;
    MINGW* | MSYS* | CYGWIN*) targets=(windows) ;;
    *) targets=(windows linux) ;;
  esac
fi


rm -rf dist
mkdir -p dist
work=$(mktemp -d)
trap 'rm -rf "$work"; rm -f cmd/cabinet/fyne.syso cmd/cabinet/fyne_metadata_init.go' EXIT

# The fyne tool takes extra linker flags only from GOFLAGS, and v1.7.4 passes
# them to its first go build alone, not to the Windows rebuild that embeds
# the icon and manifest: so it runs this go, which adds the -X flags to the
# -ldflags of every build.
real_go=$(command -v go)
cat >"$work/go" <<EOF
#!/usr/bin/env bash
args=() prev=
for a in "\$@"; do
  [ "\$prev" = -ldflags ] && a="\$a $x"
  args+=("\$a") prev=\$a
done
exec "$real_go" "\${args[@]}"
EOF
chmod +x "$work/go"

# fyne package builds the app in cmd/cabinet, with the metadata FyneApp.toml
# holds at the top (given here as flags: the tool reads FyneApp.toml only from
# the package's own folder, and would write its build number back there).
# The tags are scripts/tags.sh's; no_emoji keeps cabinet.exe under 30 MB as
# Windows counts them (2^20 bytes; scripts/dist-test.sh checks it).
fyne_package() {
  (cd cmd/cabinet && GO="$work/go" "$fyne" package --release -os "$1" \
    --name Cabinet --app-id "$app_id" --app-version "$numeric" --app-build "$build" \
    --icon ../../assets/icon.png --tags "$TAGS")
}

# Archives hold the commit's time, no owner and a fixed order.
fix_times() { find "$@" -exec touch -h -d "@$epoch" {} +; }
tarxz() { tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -C "$1" -cf - . | xz -9e -T1 >"$2"; }

build_windows() {
  echo "Building for Windows ($version)" >&2
  # fyne package does not set CC, and cgo needs the cross compiler.
  CC=x86_64-w64-mingw32-gcc GOOS=windows GOARCH=amd64 fyne_package windows
  mkdir -p "$work/win"
  mv cmd/cabinet/Cabinet.exe "$work/win/cabinet.exe"
  CGO_ENABLED=0 GOOS=windows GOARCH=amd64 go build -trimpath -ldflags "-s -w" -o "$work/win/districtd.exe" ./cmd/districtd
  "$(command -v magick || echo convert)" assets/icon.png -define icon:auto-resize=256,64,48,32,16 "$work/win/cabinet.ico"
  local productcode msi="dist/Cabinet-$version-windows-amd64.msi"
  productcode=$(printf 'cabinet-msi-%s' "$version" | sha1sum | sed -E 's/^(.{8})(.{4}).(.{3}).(.{3})(.{12}).*/\1-\2-5\3-8\4-\5/' | tr a-f A-F)
  if command -v wixl >/dev/null; then
    # wixl takes only relative source paths.
    (cd "$work/win" && wixl -a x64 -D Version="$numeric" -D ProductCode="$productcode" -D Bin=. \
      -o "$root/$msi" "$root/scripts/dist/cabinet.wxs")
  else
    # On Windows: the WiX Toolset 3 that GitHub's runner images carry reads the same file.
    local bin
    bin=$(cygpath -w "$work/win")
    "$WIX/bin/candle.exe" -nologo -arch x64 -dVersion="$numeric" -dProductCode="$productcode" -dBin="$bin" \
      -out "$(cygpath -w "$work/cabinet.wixobj")" scripts/dist/cabinet.wxs
    "$WIX/bin/light.exe" -nologo -out "$msi" "$(cygpath -w "$work/cabinet.wixobj")"
  fi
  fix_times "$work/win"
  (cd "$work/win" && TZ=UTC0 zip -X -q -9 "$root/dist/Cabinet-$version-windows-amd64.zip" cabinet.exe districtd.exe)
}

build_linux() {
  echo "Building for Linux ($version)" >&2
  fyne_package linux
  mkdir -p "$work/linux"
  tar -xJf cmd/cabinet/Cabinet.tar.xz -C "$work/linux"
  rm cmd/cabinet/Cabinet.tar.xz
  fix_times "$work/linux"
  tarxz "$work/linux" "dist/cabinet-$version-linux-amd64.tar.xz"
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "dist/districtd-$version-linux-amd64" ./cmd/districtd
}

build_darwin() {
  echo "Building for macOS ($version)" >&2
  fyne_package darwin
  local arch
  arch=$(go env GOARCH)
  fix_times cmd/cabinet/Cabinet.app
  (cd cmd/cabinet && ditto -c -k --keepParent Cabinet.app "$root/dist/Cabinet-$version-darwin-$arch.zip")
  rm -rf cmd/cabinet/Cabinet.app
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "dist/districtd-$version-darwin-$arch" ./cmd/districtd
}

for t in "${targets[@]}"; do "build_$t"; done
(cd dist && sha256sum -- * >SHA256SUMS 2>/dev/null || shasum -a 256 -- * >SHA256SUMS)
echo "dist/ holds Cabinet $version:" >&2
ls -l dist >&2
