#!/usr/bin/env bash
# Sets up everything FasterSharp needs on Debian 12 or 13: apt packages, a .NET host that loads TorchSharp,
# plotly.js, NuGet packages and the dotnet-interactive Jupyter kernel (repo-local).
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

# Debian 12 and 13 only: the apt packages below are Debian's (on Ubuntu 24.04, chromium is a transitional package
# that installs a snap, which fails in containers, and python3-torch is another build). Elsewhere, open the
# notebooks in VS Code with the .NET SDK alone (README, Supported systems); the test command needs Debian.
if [[ -r /etc/os-release ]]; then
  os_id="$(. /etc/os-release && echo "${ID:-}")"
  if [[ "$os_id" != debian ]]; then
    echo "setup: this is '$os_id', not Debian 12 or 13. The test and tutorial commands install Debian's packages" >&2
    echo "setup: (Chromium, PyTorch as the test oracle) and run on Debian only; use the devcontainer (Debian 13)," >&2
    echo "setup: or open the notebooks in VS Code with the .NET SDK (README, Supported systems)." >&2
    exit 1
  fi
fi

# Fashion-MNIST; Debian's PyTorch as the reference for tests and the bench anchor, with OpenBLAS (without it
# Debian's PyTorch runs on the reference BLAS, 17x slower); python3-onnx checks exported ONNX files (its
# onnx.checker, opset <= 17, is the test oracle of the export tests); nbformat/nbclient/nbconvert validate, run and render
# the tutorial notebooks; headless Chromium checks that exported HTML draws its plots; patchelf builds the
# private .NET host on systems whose libstdc++ is too old for TorchSharp (private-runtime.sh); gcc builds the tiny
# native library with which a runner test checks that a notebook can load native code next to a referenced DLL.
# Never Debian's LibTorch development package: its unversioned LibTorch 1.13 libraries would shadow the LibTorch
# that TorchSharp-cpu brings, and notebooks would die loading the wrong one.
apt_packages=(
  dataset-fashion-mnist
  python3-torch python3-torchvision libopenblas0-pthread
  python3-onnx
  python3-nbformat python3-nbclient jupyter-nbconvert
  chromium patchelf
  gcc libc6-dev
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

# TorchSharp needs GLIBCXX_3.4.32; where the system's libstdc++ lacks it (Debian 12), build the private host.
system_libstdcxx="$(ldconfig -p | awk '/libstdc\+\+\.so\.6 .*x86-64/ && !found { print $NF; found = 1 }')"  # reads all: no SIGPIPE under pipefail
if [[ -n "$system_libstdcxx" ]] && grep -qa GLIBCXX_3.4.32 "$system_libstdcxx"; then
  say "system libstdc++ has GLIBCXX_3.4.32: TorchSharp runs on the system dotnet"
else
  bash "$repo_root/environment/private-runtime.sh" "$repo_root"
fi
dotnet="$repo_root/environment/dotnet"
# An unversioned system LibTorch (Debian's development package) is found before TorchSharp's own copy in notebooks.
# setup.sh removes nothing a user installed, so it only warns.
for shadow in /usr/lib/x86_64-linux-gnu/libtorch_cpu.so /usr/lib/x86_64-linux-gnu/libc10.so; do
  if [[ -e "$shadow" ]]; then
    echo "setup: WARNING: $shadow (a system LibTorch for development) is installed; it can shadow TorchSharp's LibTorch" >&2
    echo "setup: WARNING: and crash notebooks. Remove the package that owns it: dpkg -S $shadow" >&2
  fi
done

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
"$dotnet" restore "$repo_root/Notebooks.sln" --verbosity quiet

# The Jupyter kernel VS Code and JupyterLab use, as a repo-local tool, with a repo-local kernelspec
# (JUPYTER_PATH=.tools/jupyter) that starts it through environment/dotnet and with --http-local-only:
# by default the kernel serves variables over unauthenticated HTTP on every interface. Its telemetry is
# switched off (it would send usage data over the network).
interactive_version=1.0.712001
tool_path="$repo_root/.tools/dotnet-tools"
interactive_dll="$tool_path/.store/microsoft.dotnet-interactive/$interactive_version/microsoft.dotnet-interactive/$interactive_version/tools/net10.0/any/Microsoft.DotNet.Interactive.App.dll"
if [[ -f "$interactive_dll" ]]; then
  say "dotnet-interactive $interactive_version present"
else
  say "installing dotnet-interactive $interactive_version into ${tool_path#"$repo_root"/}"
  rm -rf "$tool_path"
  if ! "$dotnet" tool install Microsoft.dotnet-interactive --version "$interactive_version" --tool-path "$tool_path" >/dev/null; then
    echo "setup: 'dotnet tool install Microsoft.dotnet-interactive --version $interactive_version' failed (output above)." >&2
    exit 1
  fi
  if [[ ! -f "$interactive_dll" ]]; then
    echo "setup: dotnet-interactive $interactive_version installed, but $interactive_dll is missing (the tool's layout changed?)." >&2
    exit 1
  fi
fi
kernel_dir="$repo_root/.tools/jupyter/kernels/.net-csharp"
mkdir -p "$kernel_dir"
/usr/bin/python3 - "$kernel_dir/kernel.json" "$dotnet" "$interactive_dll" <<'PY'
import json, os, sys
path, dotnet, dll = sys.argv[1:]
spec = {"argv": [dotnet, dll, "jupyter", "--default-kernel", "csharp", "--http-local-only", "{connection_file}"],
        "env": {"DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT": "1", "DOTNET_INTERACTIVE_SKIP_FIRST_TIME_EXPERIENCE": "1"},
        "display_name": ".NET (C#)", "language": "C#"}
tmp = path + ".tmp"
with open(tmp, "w") as f:
    json.dump(spec, f, indent=2)
os.replace(tmp, path)
PY
say "done"
