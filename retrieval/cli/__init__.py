"""CLI: the build, stats, facts, ask, eval and bench commands behind ``python -m retrieval``.

May import every layer below it (answer, index, ingest, bottom); never webapp."""
