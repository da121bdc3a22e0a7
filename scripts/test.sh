#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: creates .venv if needed, installs the project
# with its test extras, starts what the tests need, and runs pytest. `.ci/run` calls exactly this.
#
# What the tests need beyond Python packages (a Java runtime for Spark, a Redis server, headless
# Chromium) is installed from the package registries and started by the scripts in
# scripts/setup.d/, sourced in name order; each exports what the tests read (e.g. JAVA_HOME).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
.venv/bin/python -m pip install -q -e ".[dev]"
for setup in scripts/setup.d/*.sh; do
  [ -e "$setup" ] || continue
  # shellcheck source=/dev/null
  source "$setup"
done
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "pytest collected no tests: the suite must never be empty" >&2
  exit 1
fi
exit "$rc"
