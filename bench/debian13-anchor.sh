#!/usr/bin/env bash
# The second PyTorch anchor of bench/compare.py: Debian 13's python3-torch (PyTorch 2.x, oneDNN 3.7 with its
# AVX-512 kernels) with OpenBLAS, in a private Debian 13 ("trixie") tree, so that the C# side is also compared
# with a current PyTorch and not only with Debian 12's 1.13.
#
#   bash bench/debian13-anchor.sh --build              make the tree if it is missing (once, a few minutes)
#   bash bench/debian13-anchor.sh --check              exit 0 if the tree is ready, 1 if not; changes nothing
#   bash bench/debian13-anchor.sh -- COMMAND...        run COMMAND inside the tree (made first if missing)
#   e.g. bash bench/debian13-anchor.sh -- /usr/bin/python3 /src/bench/pytorch_bench.py blas --threads 2
#
# Run as root (debootstrap, mount, chroot). The tree lives in $FASTERSHARP_DEBIAN13_ROOT, by default
# <repo>/.tools/debian13-anchor (git-ignored). It is made with `debootstrap --variant=minbase trixie` from the
# Debian mirror the host's apt is configured to use (or $FASTERSHARP_DEBIAN_MIRROR), then
# python3-torch python3-numpy libopenblas0-pthread are installed with apt-get INSIDE the tree (chroot).
#
# What it changes on the host: nothing but the tree itself and, only when debootstrap is missing, the
# installation of the `debootstrap` package (and its dependencies) with the host's apt, after an
# `apt-get update` of the host's own lists. The host's apt sources and configuration are never changed
# (debootstrap and the apt inside the tree keep their own), and no other package is installed on the host.
#
# COMMAND runs as root in a clean environment (so the host's PYTHONPATH, ONEDNN_MAX_CPU_ISA, ... cannot leak
# in), with only OMP_NUM_THREADS, MKL_NUM_THREADS, OPENBLAS_NUM_THREADS and GLIBC_TUNABLES passed through, in
# /src, where the repository is bind-mounted read-only; Fashion-MNIST (${FASTERSHARP_DATA:-
# /usr/share/datasets/fashion-mnist} on the host) is bind-mounted read-only at /usr/share/datasets/fashion-mnist.
# The mounts (also /proc, /dev, a read-only /sys for PyTorch's CPU topology) are made in a private mount
# namespace, so they are never seen by the host or by a concurrent run, and are undone on exit.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="${FASTERSHARP_DEBIAN13_ROOT:-$repo/.tools/debian13-anchor}"
stamp_name=.fastersharp-anchor  # written last: a tree without it is not (yet) ready
packages=(python3-torch python3-numpy libopenblas0-pthread)
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
say() { echo "debian13-anchor: $*" >&2; }
usage() { sed -n '6,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

ready() { [[ -f "$root/$stamp_name" && -x "$root/usr/bin/python3" ]]; }

# The Debian archive the host's apt reaches (the first source labelled Debian, not Debian-Security):
# naming it here would bypass a machine's configured mirror.
debian_mirror() {
  if [[ -n "${FASTERSHARP_DEBIAN_MIRROR:-}" ]]; then echo "$FASTERSHARP_DEBIAN_MIRROR"; return; fi
  apt-cache policy 2>/dev/null |
    awk '$2 ~ /^[a-z]+:\/\// {site = $2; next} site && /release / && /o=Debian,/ && /l=Debian,/ {print site; exit}'
}

build() {
  [[ $EUID -eq 0 ]] || { say "run as root (debootstrap, mount, chroot)"; exit 1; }
  mkdir -p "$(dirname "$root")"
  # One builder at a time; a second caller waits, then finds the tree ready.
  exec 9>"$root.lock"
  flock 9
  ready && return 0
  if [[ -e "$root" ]]; then
    say "$root exists but was not made by this script (no $stamp_name); remove it or set FASTERSHARP_DEBIAN13_ROOT"
    exit 1
  fi
  if ! command -v debootstrap >/dev/null; then
    say "installing debootstrap on the host (the only host package this needs; apt sources unchanged)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
  fi
  [[ -f "$keyring" ]] || { say "$keyring is missing (apt-get install debian-archive-keyring)"; exit 1; }
  local mirror; mirror="$(debian_mirror)"
  [[ -n "$mirror" ]] || { say "no Debian archive in the host's apt sources; set FASTERSHARP_DEBIAN_MIRROR"; exit 1; }

  # Built in a side folder and renamed when complete, so an interrupted build is never taken for a tree.
  local partial="$root.partial" log="$root.log" started=$SECONDS
  if findmnt -rn -o TARGET | grep -qF "$(realpath -m "$partial")"; then
    say "something is mounted under $partial; unmount it first"; exit 1
  fi
  rm -rf "$partial"
  say "creating $root from $mirror (Debian 13, a few minutes, once; log: $log)"
  if ! debootstrap --variant=minbase --keyring="$keyring" trixie "$partial" "$mirror" >"$log" 2>&1; then
    tail -n 30 "$log" >&2; rm -rf "$partial"; say "debootstrap failed (log above)"; exit 1
  fi
  # apt-get runs inside the tree, with the tree's own sources (trixie, main): the host's apt is not used.
  cp /etc/resolv.conf "$partial/etc/resolv.conf"
  if ! unshare --mount --propagation private -- bash -c '
      set -euo pipefail
      mount -t proc proc "$1/proc"
      chroot "$1" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 \
        bash -c "apt-get update -q && apt-get install -y -q --no-install-recommends $2 && apt-get clean"
      rm -rf "$1"/var/lib/apt/lists/*   # about 100 MB, refetched by apt-get update if ever needed
      umount "$1/proc"' _ "$partial" "${packages[*]}" >>"$log" 2>&1; then
    # The mounts died with their namespace, so the half-made tree can go.
    tail -n 30 "$log" >&2; rm -rf "$partial"; say "installing ${packages[*]} in the tree failed (log above)"; exit 1
  fi
  local versions
  versions="$(chroot "$partial" dpkg-query -W -f '${Package}=${Version} ' "${packages[@]}")"
  echo "made $(date -u +%FT%TZ) from $mirror in $((SECONDS - started)) s: $versions" >"$partial/$stamp_name"
  mv "$partial" "$root"
  say "ready in $((SECONDS - started)) s, $(du -sh "$root" | cut -f1): $versions"
}

# Inside the private mount namespace (the script re-runs itself there): mount, run, unmount.
mounts=()
inside() {
  cleanup() { local m; for m in "${mounts[@]}"; do umount -R "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true; done; }
  trap cleanup EXIT
  mount -t proc proc "$root/proc"; mounts=("$root/proc")
  mount --rbind /dev "$root/dev"; mounts=("$root/dev" "${mounts[@]}")
  # PyTorch reads the CPU topology from /sys (cpuinfo); read-only, nothing there needs writing.
  mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"; mounts=("$root/sys" "${mounts[@]}")
  mkdir -p "$root/src"
  mount --bind -o ro "$repo" "$root/src"; mounts=("$root/src" "${mounts[@]}")
  local data="${FASTERSHARP_DATA:-/usr/share/datasets/fashion-mnist}"
  if [[ -d "$data" ]]; then
    mkdir -p "$root/usr/share/datasets/fashion-mnist"
    mount --bind -o ro "$data" "$root/usr/share/datasets/fashion-mnist"
    mounts=("$root/usr/share/datasets/fashion-mnist" "${mounts[@]}")
  fi
  local pass=() v
  for v in OMP_NUM_THREADS MKL_NUM_THREADS OPENBLAS_NUM_THREADS GLIBC_TUNABLES; do
    if [[ -n "${!v+set}" ]]; then pass+=("$v=${!v}"); fi
  done
  local status=0
  chroot "$root" /usr/bin/env -i -C /src PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 \
    "${pass[@]}" "$@" || status=$?
  exit "$status"
}

mode=run
case "${1:-}" in
  --build) mode=build; shift ;;
  --check) mode=check; shift ;;
  --inside-namespace) mode=inside; shift ;;  # internal: see inside()
esac
case "$mode" in
  check) ready; exit ;;
  build) [[ $# -eq 0 ]] || usage; build; exit 0 ;;
esac
[[ "${1:-}" == -- ]] || usage
shift
[[ $# -gt 0 ]] || usage
if [[ $mode == inside ]]; then inside "$@"; fi
[[ $EUID -eq 0 ]] || { say "run as root (mount, chroot)"; exit 1; }
ready || build
exec unshare --mount --propagation private -- bash "${BASH_SOURCE[0]}" --inside-namespace -- "$@"
