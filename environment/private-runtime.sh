#!/usr/bin/env bash
# Builds the private .NET host that lets TorchSharp load on systems whose libstdc++ is too old.
#
# TorchSharp 0.107's libLibTorchSharp.so is built with GCC 13 and needs GLIBCXX_3.4.32; Debian 12 stops
# at 3.4.30. Without touching the system, this script fetches Debian 13's C and C++ runtime
# (libc6 libstdc++6 libgcc-s1 gcc-14-base) with apt-get through a private sources list, unpacks them with
# dpkg-deb into .tools/runtime/, and makes .tools/dotnet-host/: symlinks to the SDK's folders next to a
# copy of the `dotnet` host patched (patchelf) to start with that folder's loader and libraries.
# environment/dotnet then runs .NET through that host.
#
# Usage: bash environment/private-runtime.sh <repo root>     (called by setup.sh when it is needed)
# Idempotent: when the host is there, made from the current SDK for this folder, it only checks.
set -euo pipefail

repo_root="$1"
tools="$repo_root/.tools"
runtime="$tools/runtime"
host_dir="$tools/dotnet-host"
lib_dir="$runtime/root/usr/lib/x86_64-linux-gnu"
say() { echo "setup: $*"; }

system_dotnet="$(readlink -f "$(command -v dotnet)")"
sdk_root="$(dirname "$system_dotnet")"
# The host is valid for one SDK install and one repository location (the loader path is absolute).
stamp="$(sha256sum "$system_dotnet" | cut -d' ' -f1) $lib_dir"
if [[ -x "$host_dir/dotnet" && -f "$host_dir/.stamp" && "$(cat "$host_dir/.stamp")" == "$stamp" ]] \
   && "$host_dir/dotnet" --list-runtimes >/dev/null 2>&1; then
  say "private .NET runtime (Debian 13 libc/libstdc++) present"
  exit 0
fi

if [[ "$(uname -m)" != x86_64 ]]; then
  echo "setup: the private runtime is only prepared for x86_64 (this is $(uname -m)); use a system whose" >&2
  echo "setup: libstdc++ has GLIBCXX_3.4.32 (Debian 13, Ubuntu 24.04) instead." >&2
  exit 1
fi
command -v patchelf >/dev/null || { echo "setup: patchelf is missing (apt-get install patchelf)" >&2; exit 1; }

say "building the private .NET runtime from Debian 13 packages (once; into ${runtime#"$repo_root"/})"
rm -rf "$runtime"
mkdir -p "$runtime/lists/partial" "$runtime/cache/archives/partial" "$runtime/debs" "$runtime/root"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -f "$keyring" ]] || { echo "setup: $keyring is missing (apt-get install debian-archive-keyring)" >&2; exit 1; }
echo "deb [signed-by=$keyring] http://deb.debian.org/debian trixie main" >"$runtime/sources.list"
# Every apt state path is private: the system's sources, lists and caches stay as they are.
apt_private=(-o "Dir::Etc::sourcelist=$runtime/sources.list" -o "Dir::Etc::sourceparts=-"
             -o "Dir::State::Lists=$runtime/lists" -o "Dir::Cache=$runtime/cache"
             -o "APT::Get::List-Cleanup=0" -o "APT::Sandbox::User=root")
apt_log="$runtime/apt.log"
if ! { apt-get "${apt_private[@]}" update -q &&
       (cd "$runtime/debs" && apt-get "${apt_private[@]}" download libc6 libstdc++6 libgcc-s1 gcc-14-base); } >"$apt_log" 2>&1; then
  cat "$apt_log" >&2
  echo "setup: could not fetch Debian 13's libc6/libstdc++6 (output above). TorchSharp needs GLIBCXX_3.4.32;" >&2
  echo "setup: on a system without it and without access to Debian's archive, use Debian 13 or Ubuntu 24.04." >&2
  exit 1
fi
for deb in "$runtime"/debs/*.deb; do
  dpkg-deb -x "$deb" "$runtime/root"
done
rm -rf "$runtime/lists" "$runtime/cache"

rm -rf "$host_dir"
mkdir -p "$host_dir"
for entry in "$sdk_root"/*; do
  [[ "$(basename "$entry")" == dotnet ]] || ln -s "$entry" "$host_dir/$(basename "$entry")"
done
cp "$system_dotnet" "$host_dir/dotnet"
patchelf --set-interpreter "$lib_dir/ld-linux-x86-64.so.2" --force-rpath --set-rpath "$lib_dir" "$host_dir/dotnet"
if ! "$host_dir/dotnet" --list-runtimes >/dev/null; then
  echo "setup: the patched .NET host in ${host_dir#"$repo_root"/} does not start" >&2
  exit 1
fi
echo "$stamp" >"$host_dir/.stamp"
grep -qa GLIBCXX_3.4.32 "$lib_dir/libstdc++.so.6" || { echo "setup: Debian 13's libstdc++ lacks GLIBCXX_3.4.32" >&2; exit 1; }
say "private .NET runtime ready (${host_dir#"$repo_root"/}/dotnet)"
