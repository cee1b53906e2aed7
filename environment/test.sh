#!/usr/bin/env bash
# The test command: sets up what is missing, builds the solution in Release and runs every test.
# Last line: "Tests: N passed, N failed" (", N skipped" when some were skipped).
# Exit status: 0 only when the build succeeded, tests ran and none failed.
#
# Usage: bash environment/test.sh [extra 'dotnet test' arguments, e.g. --filter Name~Conv]
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

bash "$repo_root/environment/setup.sh"
cd "$repo_root"

echo "test: building Notebooks.sln (Release)"
if ! dotnet build Notebooks.sln -c Release --no-restore --nologo -v quiet; then
  echo "test: BUILD FAILED (errors above); no tests ran, counted as 1 failure"
  echo "Tests: 0 passed, 1 failed"
  exit 1
fi

# One TRX file per test project, counted below; a fresh folder so old results never count.
results_dir="$repo_root/artifacts/test-results"
rm -rf "$results_dir"
echo "test: running tests"
test_status=0
dotnet test Notebooks.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results_dir" "$@" || test_status=$?

# Counts the results in every TRX file: "<passed> <failed> <skipped> <files>".
# (TRX's own Counters leave skipped tests out, so each UnitTestResult's outcome is counted.)
read -r passed failed skipped trx_files < <(/usr/bin/python3 - "$results_dir" <<'EOF'
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

if ((test_status != 0 && failed == 0)); then
  # dotnet test failed without a failed test: a test host crashed or the run could not start.
  echo "test: 'dotnet test' exited with status $test_status without a failed test (host crash or run error; see above); counted as 1 failure"
  failed=1
elif ((trx_files == 0)); then
  echo "test: no test results were written; counted as 1 failure"
  failed=1
fi

summary="Tests: $passed passed, $failed failed"
((skipped > 0)) && summary+=", $skipped skipped"
echo "$summary"
((failed == 0))
