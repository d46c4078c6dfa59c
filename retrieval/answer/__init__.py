"""Answer: parse a question, match it against stated figures and compose a cited answer.

May import index, ingest and the bottom layer (models, config, lexicon); never webapp or cli."""
