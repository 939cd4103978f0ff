"""Map page (face layer): filters, the map, the timeline, the table of events."""

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
from dashboard.app.language import num, tr

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
    st.caption(tr("map.caption", shown=num(len(shown)), total=num(reference_panel.store_total(events)),
                  several=num(int(shown["source_count"].gt(1).sum()) if len(shown) else 0)))
    map_panel.show(shown, key)
st.subheader(tr("events.header"))
table_panel.show(shown)
view = export_panel.view_from_state(chosen, st.session_state.get("map_view"), period=period)
export_panel.render_export_panel(reference_panel.all_layers(events, layers), view, tiles=loaders.tiles_setting())
