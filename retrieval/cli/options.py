"""What every command shares: exit codes and the settings built from ``--corpus/--index/--model``."""

from __future__ import annotations

import argparse

from retrieval.config import Settings

EXIT_NOTHING_INDEXED = 1  # build: no file could be indexed (nothing written)
EXIT_USER_ERROR = 2
EXIT_SOME_SKIPPED = 3  # build: an index was written, but some files were skipped (each named in the report)


def settings_of(args: argparse.Namespace) -> Settings:
    return Settings.from_env(
        corpus_dir=getattr(args, "corpus", None),
        index_dir=getattr(args, "index", None),
        model_path=getattr(args, "model", None),
    )
