#!/usr/bin/env bash
# The tutorials command: sets up what is missing, builds the solution in Release, then executes every
# notebook in notebooks/ with the NotebookRunner, one after the other, writing the outputs back into the
# notebooks (the stored outputs) and an offline HTML page per notebook into artifacts/html/.
#
# Usage: bash environment/tutorials.sh [--quick] [notebooks/NAME.ipynb ...]
#   --quick   quick mode (FASTERSHARP_QUICK=1: less data, fewer epochs) for a fast try; the executed
#             notebooks then go to artifacts/quick/notebooks/ and the stored outputs stay untouched.
#             Without it the notebooks run in full mode, which writes the published outputs in place.
#   NAME      run only these notebooks (default: notebooks/*.ipynb).
# Exit status: 0 when every notebook ran without error.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet="$repo_root/environment/dotnet"   # the host that loads TorchSharp here (see environment/dotnet)

mode_flags=()
notebooks=()
for arg in "$@"; do
  case "$arg" in
    --quick) mode_flags=(--quick) ;;
    --*) echo "tutorials: unknown option '$arg' (allowed: --quick, then notebook paths)" >&2; exit 2 ;;
    *) notebooks+=("$arg") ;;
  esac
done

bash "$repo_root/environment/setup.sh"
cd "$repo_root"

if ((${#notebooks[@]} == 0)); then
  shopt -s nullglob
  notebooks=(notebooks/*.ipynb)
  shopt -u nullglob
  if ((${#notebooks[@]} == 0)); then
    echo "tutorials: no notebooks found (notebooks/*.ipynb is empty), so there is nothing to run." >&2
    exit 1
  fi
fi
for notebook in "${notebooks[@]}"; do
  [[ -f "$notebook" ]] || { echo "tutorials: '$notebook' is not a file" >&2; exit 2; }
done

echo "tutorials: building Notebooks.sln (Release)"
"$dotnet" build Notebooks.sln -c Release --no-restore --nologo -v quiet

runner="src/NotebookRunner/bin/Release/net10.0/NotebookRunner.dll"
if ((${#mode_flags[@]} > 0)); then
  mode="quick"
  html_dir="artifacts/quick/html"
  mode_flags+=(--out artifacts/quick/notebooks)
  echo "tutorials: running ${#notebooks[@]} notebook(s) in quick mode; executed copies go to artifacts/quick/notebooks/"
else
  mode="full"
  html_dir="artifacts/html"
  echo "tutorials: running ${#notebooks[@]} notebook(s) in full mode; outputs are written into the notebooks"
fi

failed=0
total_start=$SECONDS
for notebook in "${notebooks[@]}"; do
  start=$SECONDS
  if "$dotnet" "$runner" "${mode_flags[@]}" --html "$html_dir" "$notebook"; then
    status="ok"
  else
    status="FAILED"
    failed=$((failed + 1))
  fi
  echo "tutorials: $notebook: $status in $((SECONDS - start)) s"
done

echo "tutorials: ${#notebooks[@]} notebook(s), $failed failed, $((SECONDS - total_start)) s in all ($mode mode)"
echo "tutorials: HTML pages (offline, plots included) in $repo_root/$html_dir/"
((failed == 0))
