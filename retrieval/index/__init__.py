"""Index: embed chunks, write and load the on-disk store, search it by keywords and vectors; imports ingest and the bottom layer, never answer."""
