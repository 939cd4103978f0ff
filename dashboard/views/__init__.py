"""Map-view layer: the page's folium map, its timeline, the offline web assets and the one style module.

Everything here is pure (no Streamlit): builders return a ``folium.Map`` or an Altair chart from an event table.
``style`` holds the palette, shapes and radii that the page and every export import by name. May import the
store (event table), the pipeline and everything below; never an export or a face.
"""
