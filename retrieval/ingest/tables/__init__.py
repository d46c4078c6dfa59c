"""Tables of a document: plain-text forms rewritten as tab-separated rows (``text``, ``cell_lines``), rows read
into records with their header paths (``rows``), tables found among the cleaned lines (``extract``)."""
