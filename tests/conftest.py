"""Shared fixtures: one Embedder and one index of a copy of the corpus per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import retrieval  # noqa: F401  (offline environment)
from retrieval.config import Settings
from retrieval.index.build import BuildReport, build_index
from retrieval.index.embed import Embedder, default_model_path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
VARIETY = REPO / "tests" / "fixtures" / "variety"  # invented disclosures of 29 units in every layout, with truth


def copy_corpus(dest: Path, names: list[str] | None = None) -> Path:
    """Writable copy of the shipped corpus (optionally only some files)."""
    dest.mkdir(parents=True, exist_ok=True)
    for path in sorted(CORPUS.iterdir()):
        if path.is_file() and not path.name.startswith(".") and (names is None or path.name in names):
            shutil.copyfile(path, dest / path.name)
            os.chmod(dest / path.name, 0o644)
    return dest


# Embedding options the developer may have set for the whole run; every other BUDGET_QA_* is per test.
MODEL_ENV = ("BUDGET_QA_QUANTIZE", "BUDGET_QA_BACKEND", "BUDGET_QA_MODEL_CACHE")


def clean_env() -> dict[str, str]:
    """os.environ without BUDGET_QA_* settings (except the embedding options in MODEL_ENV)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("BUDGET_QA_") or k in MODEL_ENV}


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 180, input_text: str | None = None
) -> subprocess.CompletedProcess:
    """``python -m retrieval ...`` in a subprocess with a clean BUDGET_QA_* environment."""
    base = clean_env()
    return subprocess.run(
        [sys.executable, "-m", "retrieval", *args],
        cwd=REPO,
        env=base | (env or {}),
        capture_output=True,
        text=True,
        timeout=timeout,
        input=input_text,
    )


@dataclass
class Built:
    settings: Settings
    report: BuildReport


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    """The default model, loaded once for the whole session."""
    return Embedder()


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Built:
    """A full build of a copy of the corpus (done once)."""
    root = tmp_path_factory.mktemp("session-index")
    settings = Settings(corpus_dir=copy_corpus(root / "corpus"), index_dir=root / "index")
    report = build_index(settings, embedder=embedder, progress=False)
    assert report.ok, report
    return Built(settings, report)


@pytest.fixture(scope="session")
def variety_built(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Built:
    """A full build of the variety corpus (done once; about a minute of embedding)."""
    root = tmp_path_factory.mktemp("variety-index")
    settings = Settings(corpus_dir=VARIETY / "docs", index_dir=root / "index")
    report = build_index(settings, embedder=embedder, progress=False)
    assert report.ok, report
    return Built(settings, report)


@pytest.fixture
def workspace(tmp_path: Path, built: Built) -> Settings:
    """A private corpus copy plus a copy of the session index, so rebuilds reuse every vector."""
    corpus = copy_corpus(tmp_path / "corpus")
    shutil.copytree(built.settings.index_dir, tmp_path / "index", ignore=shutil.ignore_patterns(".lock"))
    return Settings(corpus_dir=corpus, index_dir=tmp_path / "index")


@pytest.fixture(scope="session")
def other_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same m3e-small weights under another folder name (a symlink): a different model id."""
    link = tmp_path_factory.mktemp("models") / "m3e-small-renamed"
    link.symlink_to(default_model_path(), target_is_directory=True)
    return link


@pytest.fixture(scope="session")
def engine(built: Built, embedder: Embedder):
    """The question-answering engine over the session index (model and index loaded once)."""
    from retrieval.answer.engine import Engine
    from retrieval.answer.llm import LLMSettings
    from retrieval.index.keyword import KeywordIndex
    from retrieval.index.store import KEYWORD_DIR, load_index

    index = load_index(built.settings.index_dir)
    keyword = KeywordIndex.load(index.path / KEYWORD_DIR, len(index.chunks))
    return Engine(index, embedder, keyword, LLMSettings(base_url=None))
