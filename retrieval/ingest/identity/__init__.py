"""Identity: who published a disclosure, for which year, 预算 or 决算 — read from the document, with evidence."""

from retrieval.ingest.identity.resolve import detect_identity

__all__ = ["detect_identity"]
