"""Index: embed chunks, write and load the on-disk store, search it by keywords and vectors.

May import ingest and the bottom layer (models, config, lexicon); never answer, webapp or cli."""
