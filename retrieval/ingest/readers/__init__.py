"""Readers: any supported file (txt/md, pdf, docx, xlsx/xls, html) into one canonical text — a paragraph or
markdown heading per line, blank lines between blocks, each table row one line of tab-separated cells with
its title on a line above. One module per format family; they share helpers through ``common``."""

from retrieval.ingest.readers.common import ReadError
from retrieval.ingest.readers.dispatch import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, read_document

__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED_SUFFIXES", "ReadError", "read_document"]
