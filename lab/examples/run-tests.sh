#!/usr/bin/env bash
# Runs every sample project's pytest suite, each in its own Python process
# (each project has its own Django settings and its own `app` package).
# Run inside the lab root:
#   lab/env/run-in-root.sh "$(bash lab/env/build-root.sh)" bash /lab/examples/run-tests.sh [PROJECT...]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export PYTHONDONTWRITEBYTECODE=1
projects=("$@")
if [ ${#projects[@]} -eq 0 ]; then
  for ini in "$here"/*/pytest.ini; do projects+=("$(basename "$(dirname "$ini")")"); done
fi
failed=()
for project in "${projects[@]}"; do
  echo "=== $project"
  # Bounded: a sample that hangs fails instead of stalling the suite.
  if ! (cd "$here/$project" && timeout --kill-after=10 300 python3 -m pytest -q -rA); then
    failed+=("$project")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED projects: ${failed[*]}"
  exit 1
fi
echo "all ${#projects[@]} projects passed"
