"""Map page (face layer): filters, the map, the timeline, the table of events.

One count, one definition: the events "in view" are those the filters, the timeline's period and the map's area
select. The header, the table and the export panel all show that set (the map itself holds every filtered event,
so panning brings others into view).

What the first screen needs comes first: the map is sent before anything else (the sidebar's filters are read
from the session, then drawn), and the timeline, the table and the
export panel are drawn only once their sections are opened (lazy expanders: nothing of theirs is computed, sent or
loaded by the browser while they are closed; each stays open for the session once opened; the timeline's selected
period holds while it is open). See docs/performance.md.
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
everything = reference_panel.everything(events)
chosen, layers = filters.chosen(everything), reference_panel.current()  # the sidebar is drawn after the map
shown, _ = reference_panel.with_layers(*selection.filtered(chosen), chosen, layers)

st.title(tr("app.title"))
header = st.empty()  # filled once the map has reported its area (this run's, not the previous one)
period = timeline_panel.period_from_state()  # the chart below is drawn after the map, its selection is known now
if period:
    in_period, key = selection.filtered(chosen, period)
else:
    in_period, key = shown, selection.filtered(chosen)[1]
in_period, key = reference_panel.with_layers(in_period, key, chosen, layers, period)
map_panel.show(in_period, key)
drawn = (filters.sidebar(everything), reference_panel.sidebar())
if drawn != (chosen, layers) and not st.session_state.get("map_resync"):  # only if a widget corrected a value
    st.session_state["map_resync"] = True
    st.rerun()  # draw the page again with the widgets' values (once)
st.session_state["map_resync"] = False
if shown.empty:  # said on the first screen, not only in the closed timeline
    st.info(tr("timeline.empty"))
timeline_box = st.expander(tr("timeline.header"), key="timeline_open", on_change="rerun")
if timeline_box.open:
    with timeline_box:
        if not shown.empty:
            timeline_panel.show(shown)
view = export_panel.view_from_state(chosen, st.session_state.get("map_view"), period=period)
in_view = selection.in_area(in_period, view.bounds)
several = int(in_view["source_count"].gt(1).sum()) if len(in_view) else 0
total = reference_panel.store_total(events)
if current() == "en":
    header.caption(f"**{counted(len(in_view), 'event')} shown** of {total:,} in the store "
                   f"· {several:,} reported by several sources"
                   + (f" · {len(in_period) - len(in_view):,} more outside the map's area"
                      if len(in_view) < len(in_period) else ""))
else:
    header.caption(tr("map.caption", shown=num(len(in_view)), total=num(total), several=num(several))
                   + (" · " + tr("map.outside", n=num(len(in_period) - len(in_view))) if len(in_view) < len(in_period)
                      else ""))
table_box = st.expander(tr("events.header"), key="table_open", on_change="rerun")
if table_box.open:
    with table_box:
        table_panel.show(in_view)
export_box = st.expander(tr("export.header"), key="export_open", on_change="rerun")
if export_box.open:
    with export_box:
        export_panel.render_export_panel(reference_panel.all_layers(events, layers), view,
                                         tiles=loaders.tiles_setting())
