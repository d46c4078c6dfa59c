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


def test_pdf_library_warnings_stay_out_of_the_build_output() -> None:
    import logging

    import retrieval.ingest.readers.pdf  # noqa: F401  (sets the level when imported)

    assert logging.getLogger("pdfminer").getEffectiveLevel() >= logging.ERROR  # no Could not get FontBBox spam


def test_security_notes_state_the_settings_the_code_uses() -> None:
    notes = (REPO / "docs" / "SECURITY.md").read_text(encoding="utf-8")
    config = (REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "maxUploadSize = 0" in config and "server.maxUploadSize = 0" in notes
    assert "enableXsrfProtection = true" in config
    from retrieval.answer.engine import MAX_QUESTION_CHARS
    from retrieval.webapp.uploads import MAX_NAME_BYTES, MAX_NAME_CHARS

    assert f"{MAX_QUESTION_CHARS} characters" in notes
    assert f"{MAX_NAME_CHARS} characters and {MAX_NAME_BYTES} UTF-8 bytes" in notes
