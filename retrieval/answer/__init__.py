"""Answer: parse a question, match it against stated figures and compose a cited answer; imports index, ingest and the bottom layer."""
