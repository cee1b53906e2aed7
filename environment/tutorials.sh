#!/usr/bin/env bash
# The tutorials command: sets up what is missing, then runs the tutorials.
# Until the notebooks exist this runs the smoke demo in src/FasterSharp.Demo (a few training
# batches on Fashion-MNIST, result printed).
#
# Usage: bash environment/tutorials.sh [arguments passed on to the demo]
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash "$repo_root/environment/setup.sh"
cd "$repo_root"

demo_project="src/FasterSharp.Demo/FasterSharp.Demo.csproj"
if [[ ! -f "$demo_project" ]]; then
  echo "tutorials: $demo_project is missing, so there is nothing to run yet." >&2
  echo "tutorials: (the smoke demo, and later the notebooks, land in this repository; pull and retry)" >&2
  exit 1
fi

echo "tutorials: running the smoke demo ($demo_project, Release)"
dotnet run -c Release --project "$demo_project" -- "$@"
