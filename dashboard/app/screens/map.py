"""Map page (face layer): filters, the map, the timeline, the table of events.

One count, one definition: the events "in view" are those the filters, the timeline's period and the map's area
select. The header, the table and the export panel all show that set (the map itself holds every filtered event,
so panning brings others into view).
"""

import streamlit as st

from dashboard.app import export_panel, filters, loaders, map_panel, selection, table_panel, timeline_panel
from dashboard.text.wording import counted

events = loaders.events()
chosen = filters.sidebar(events)
shown, _ = selection.filtered(chosen)

st.title("Incident Map")
map_slot, timeline_slot = st.container(), st.container()
with timeline_slot:
    st.subheader("Timeline")
    period = timeline_panel.show(shown)
if period:
    shown, key = selection.filtered(chosen, period)
else:
    key = selection.filtered(chosen)[1]
with map_slot:
    header = st.empty()  # filled once the map has reported its area (this run's, not the previous one)
    map_panel.show(shown, key)
view = export_panel.view_from_state(chosen, st.session_state.get("map_view"), period=period)
in_view = selection.in_area(shown, view.bounds)
several = int(in_view["source_count"].gt(1).sum()) if len(in_view) else 0
header.caption(f"**{counted(len(in_view), 'event')} shown** of {len(events):,} in the store "
               f"· {several:,} reported by several sources"
               + (f" · {len(shown) - len(in_view):,} more outside the map's area" if len(in_view) < len(shown) else ""))
st.subheader("Events")
table_panel.show(in_view)
export_panel.render_export_panel(events, view, tiles=loaders.tiles_setting())
