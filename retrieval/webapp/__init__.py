"""Webapp: what the Streamlit pages share (session state, loading, formatting).

May import every layer below it (answer, index, ingest, bottom); never cli."""
