"""Face layer, the page: the Streamlit dashboard, the only package that imports streamlit.

Run it with ``incident-map serve``. May import every layer below the faces; never the command line (``cli``).
"""
