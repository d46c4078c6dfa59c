"""Nothing is written outside the project, the index and the model cache: onnxruntime's telemetry is off."""

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO


def test_loading_the_encoder_writes_nothing_under_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("ORT_DISABLE_TELEMETRY", "XDG_CACHE_HOME")}
    env["HOME"] = str(home)
    code = "import retrieval.index.onnx_encoder, onnxruntime; onnxruntime.get_available_providers()"
    subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, check=True, timeout=120)
    assert [p for p in home.rglob("*") if p.is_file()] == []
