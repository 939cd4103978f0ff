"""Map page (face layer): filters, the map, the timeline, the table of events.

One count, one definition: the events "in view" are those the filters, the timeline's period and the map's area
select. The header, the table and the export panel all show that set (the map itself holds every filtered event,
so panning brings others into view).
"""

import streamlit as st

from dashboard.app import (
    export_panel,
    filters,
    loaders,
    map_panel,
    reference_panel,
    selection,
    table_panel,
    timeline_panel,
)
from dashboard.app.language import current, num, tr
from dashboard.text.wording import counted

events = loaders.events()
chosen = filters.sidebar(reference_panel.everything(events))
layers = reference_panel.sidebar()
shown, _ = reference_panel.with_layers(*selection.filtered(chosen), chosen, layers)

st.title(tr("app.title"))
map_slot, timeline_slot = st.container(), st.container()
with timeline_slot:
    st.subheader(tr("timeline.header"))
    period = timeline_panel.show(shown)
if period:
    shown, key = selection.filtered(chosen, period)
else:
    key = selection.filtered(chosen)[1]
shown, key = reference_panel.with_layers(shown, key, chosen, layers, period)
with map_slot:
    header = st.empty()  # filled once the map has reported its area (this run's, not the previous one)
    map_panel.show(shown, key)
view = export_panel.view_from_state(chosen, st.session_state.get("map_view"), period=period)
in_view = selection.in_area(shown, view.bounds)
several = int(in_view["source_count"].gt(1).sum()) if len(in_view) else 0
total = reference_panel.store_total(events)
if current() == "en":
    header.caption(f"**{counted(len(in_view), 'event')} shown** of {total:,} in the store "
                   f"· {several:,} reported by several sources"
                   + (f" · {len(shown) - len(in_view):,} more outside the map's area" if len(in_view) < len(shown)
                      else ""))
else:
    header.caption(tr("map.caption", shown=num(len(in_view)), total=num(total), several=num(several))
                   + (" · " + tr("map.outside", n=num(len(shown) - len(in_view))) if len(in_view) < len(shown)
                      else ""))
st.subheader(tr("events.header"))
table_panel.show(in_view)
export_panel.render_export_panel(reference_panel.all_layers(events, layers), view, tiles=loaders.tiles_setting())
