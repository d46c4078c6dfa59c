"""Ingest: read a disclosure file into identity, passages, tables, figures and chunks; imports only the bottom layer (models, config, lexicon)."""
