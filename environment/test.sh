#!/usr/bin/env bash
# The test command: sets up what is missing, builds every test project (tests/*/*.csproj, with the
# projects they reference) in Release and runs their tests, all through environment/dotnet.
# Last line: "Tests: N passed, N failed" (", N skipped" when some were skipped).
# Exit status: 0 only when every build succeeded, every test project ran and no test failed.
#
# Only the test projects are built: each output folder that references TorchSharp-cpu carries about
# 1 GB of LibTorch, so the bench (bench/compare.py builds it) is left out.
#
# Usage: bash environment/test.sh [extra 'dotnet test' arguments, e.g. --filter Name~Conv]
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet="$repo_root/environment/dotnet"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash "$repo_root/environment/setup.sh"
cd "$repo_root"
start_seconds=$SECONDS

shopt -s nullglob
projects=(tests/*/*.csproj)
shopt -u nullglob
if ((${#projects[@]} == 0)); then
  echo "test: no test projects found (tests/*/*.csproj); counted as 1 failure"
  echo "Tests: 0 passed, 1 failed"
  exit 1
fi

failures=0   # failures that are not failed tests: builds that broke, test runs that crashed
built=()
for project in "${projects[@]}"; do
  echo "test: building $project (Release)"
  if "$dotnet" build "$project" -c Release --no-restore --nologo -v quiet; then
    built+=("$project")
  else
    echo "test: BUILD FAILED for $project (errors above); its tests did not run, counted as 1 failure"
    failures=$((failures + 1))
  fi
done

# One folder of TRX files per test project, counted below; a fresh folder so old results never count.
results_dir="$repo_root/artifacts/test-results"
rm -rf "$results_dir"
for project in "${built[@]}"; do
  name="$(basename "$project" .csproj)"
  echo "test: running $name"
  status=0
  "$dotnet" test "$project" -c Release --no-build --nologo \
    --logger "trx" --logger "console;verbosity=minimal" \
    --results-directory "$results_dir/$name" "$@" || status=$?
  # Counts the results of this project's TRX files: "<passed> <failed> <skipped> <files>".
  # (TRX's own Counters leave skipped tests out, so each UnitTestResult's outcome is counted.)
  read -r passed failed skipped trx_files < <(/usr/bin/python3 - "$results_dir/$name" <<'EOF'
import glob, sys, xml.etree.ElementTree as ET
ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
passed = failed = skipped = files = 0
for path in glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True):
    files += 1
    for result in ET.parse(path).getroot().iterfind(f"{ns}Results/{ns}UnitTestResult"):
        outcome = result.get("outcome", "")
        if outcome == "Passed":
            passed += 1
        elif outcome == "NotExecuted":
            skipped += 1
        else:
            failed += 1
print(passed, failed, skipped, files)
EOF
  )
  if ((status != 0 && failed == 0)); then
    # dotnet test failed without a failed test: a test host crashed or the run could not start.
    echo "test: 'dotnet test' of $name exited with status $status without a failed test (host crash or run error; see above); counted as 1 failure"
    failures=$((failures + 1))
  elif ((trx_files == 0)); then
    echo "test: $name wrote no test results; counted as 1 failure"
    failures=$((failures + 1))
  fi
  echo "test: $name: $passed passed, $failed failed, $skipped skipped"
  total_passed=$((${total_passed:-0} + passed))
  total_failed=$((${total_failed:-0} + failed))
  total_skipped=$((${total_skipped:-0} + skipped))
done

total_failed=$((${total_failed:-0} + failures))
echo "test: $((SECONDS - start_seconds)) s for building and testing"
summary="Tests: ${total_passed:-0} passed, $total_failed failed"
((${total_skipped:-0} > 0)) && summary+=", $total_skipped skipped"
echo "$summary"
((total_failed == 0))
