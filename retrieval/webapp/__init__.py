"""Webapp: what the Streamlit pages share (session state, loading, formatting); may import every layer below it, never cli."""
