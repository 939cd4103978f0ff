"""The Streamlit dashboard: the only package that imports streamlit. Run it with ``incident-map serve``."""
