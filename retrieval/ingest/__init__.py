"""Ingest: read a disclosure file into its identity, passages, tables, figures and chunks.

May import only the bottom layer (models, config, lexicon); never index, answer, webapp or cli."""
