"""CLI: the build, stats, facts, ask, eval and bench commands behind `python -m retrieval`; may import every layer below it, never webapp."""
