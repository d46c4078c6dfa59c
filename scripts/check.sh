#!/usr/bin/env bash
# Lint (ruff), format check (ruff format), type check (mypy on retrieval/), then the test suite.
# Run after `bash scripts/setup.sh --dev`; extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/python -m pytest -q "$@"
