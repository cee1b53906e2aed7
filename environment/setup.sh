#!/usr/bin/env bash
# Sets up everything FasterSharp needs on Debian 12: apt packages, the native shim, NuGet restore.
# Idempotent and non-interactive; when everything is already there it only checks and returns.
#
# Usage: bash environment/setup.sh [--packages-only]
#   --packages-only   install the apt packages and stop (used by the devcontainer image build,
#                     where the sources are not there yet).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packages_only=false
for arg in "$@"; do
  case "$arg" in
    --packages-only) packages_only=true ;;
    *) echo "setup: unknown argument '$arg' (allowed: --packages-only)" >&2; exit 2 ;;
  esac
done

export DEBIAN_FRONTEND=noninteractive
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { echo "setup: $*"; }

# LibTorch + toolchain for the shim, Fashion-MNIST, and Debian's PyTorch as the reference for tests;
# nbformat/nbconvert validate and render the tutorial notebooks; headless Chromium checks that the
# exported HTML actually draws its plots.
apt_packages=(
  libtorch-dev cmake g++ make
  dataset-fashion-mnist
  python3-torch python3-torchvision
  python3-nbformat jupyter-nbconvert
  chromium
)

missing=()
for pkg in "${apt_packages[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  say "apt packages present"
else
  if [[ "$(id -u)" == 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null; then
    as_root=(sudo --preserve-env=DEBIAN_FRONTEND)
  else
    echo "setup: missing apt packages: ${missing[*]}" >&2
    echo "setup: installing them needs root; run this script as root or install sudo." >&2
    exit 1
  fi
  say "installing ${missing[*]} (apt-get; this can take a few minutes)"
  apt_log="$(mktemp -t fastersharp-apt.XXXXXX.log)"
  if ! { "${as_root[@]}" apt-get update -q && \
         "${as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
    cat "$apt_log" >&2
    echo "setup: apt-get failed (output above, also in $apt_log)." >&2
    exit 1
  fi
  rm -f "$apt_log"
  say "installed ${#missing[@]} package(s)"
fi

if $packages_only; then
  say "done (packages only)"
  exit 0
fi

if ! command -v dotnet >/dev/null || ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
  cat >&2 <<'EOF'
setup: the .NET 10 SDK is missing ('dotnet --list-sdks' shows no 10.x).
setup: on Debian 12 install it from Microsoft's package feed:
  wget https://packages.microsoft.com/config/debian/12/packages-microsoft-prod.deb -O /tmp/packages-microsoft-prod.deb
  sudo dpkg -i /tmp/packages-microsoft-prod.deb
  sudo apt-get update && sudo apt-get install -y dotnet-sdk-10.0
setup: (or see https://learn.microsoft.com/dotnet/core/install/linux-debian), then rerun this script.
EOF
  exit 1
fi
say "dotnet $(dotnet --version)"

# The native shim: same source and build folders as the BuildNativeShim target in TorchSharp.csproj,
# so 'dotnet build' finds it up to date.
native_src="$repo_root/src/TorchSharp/native"
native_build="$native_src/build"
configure_log="$native_src/cmake-configure.log"
if [[ ! -f "$native_build/CMakeCache.txt" ]]; then
  say "configuring native shim (log: ${configure_log#"$repo_root"/})"
  if ! cmake -S "$native_src" -B "$native_build" -DCMAKE_BUILD_TYPE=Release >"$configure_log" 2>&1; then
    cat "$configure_log" >&2
    echo "setup: cmake configure of the native shim failed (see above)." >&2
    exit 1
  fi
fi
say "building native shim"
cmake --build "$native_build" -j "$(nproc)"

# plotly.js for offline notebook HTML (inlined by the HTML export), pinned by environment/package.json
# and package-lock.json; skipped when the pinned version is already in environment/node_modules.
plotly_wanted="$(sed -n 's/.*"plotly.js-dist-min": *"\([^"]*\)".*/\1/p' "$repo_root/environment/package.json")"
plotly_installed_manifest="$repo_root/environment/node_modules/plotly.js-dist-min/package.json"
plotly_installed=""
if [[ -f "$plotly_installed_manifest" && -f "${plotly_installed_manifest%/*}/plotly.min.js" ]]; then
  plotly_installed="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$plotly_installed_manifest" | head -n 1)"
fi
if [[ -n "$plotly_wanted" && "$plotly_installed" == "$plotly_wanted" ]]; then
  say "plotly.js-dist-min $plotly_installed present"
else
  if ! command -v npm >/dev/null; then
    if [[ "$(id -u)" == 0 ]]; then
      as_root=()
    elif command -v sudo >/dev/null; then
      as_root=(sudo --preserve-env=DEBIAN_FRONTEND)
    else
      echo "setup: npm is missing and installing it needs root (apt-get install nodejs npm)." >&2
      exit 1
    fi
    say "installing nodejs npm (apt-get)"
    "${as_root[@]}" apt-get update -q >/dev/null
    "${as_root[@]}" apt-get install -y -q --no-install-recommends nodejs npm >/dev/null
  fi
  say "installing plotly.js-dist-min $plotly_wanted (npm ci)"
  npm_log="$(mktemp -t fastersharp-npm.XXXXXX.log)"
  if ! npm ci --prefix "$repo_root/environment" --no-audit --no-fund >"$npm_log" 2>&1; then
    cat "$npm_log" >&2
    echo "setup: npm ci in environment/ failed (output above, also in $npm_log)." >&2
    exit 1
  fi
  rm -f "$npm_log"
fi

say "restoring NuGet packages"
dotnet restore "$repo_root/Notebooks.sln" --verbosity quiet
say "done"
