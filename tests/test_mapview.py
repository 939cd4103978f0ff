"""The map builder, the timeline data and the offline assets (pure functions, no browser)."""

from __future__ import annotations

import re
import sqlite3
from datetime import date

import folium
import folium.plugins
import pandas as pd
import pytest
from factories import EVIDENCE_AR, make_event, synthetic_records

from dashboard.events.table import coerce_dtypes, events_to_frame
from dashboard.views import assets
from dashboard.views.mapview import FULL_POPUP_LIMIT, IRAQ_BOUNDS, build_map, event_arrays, popup_html
from dashboard.views.timeline import selected_period, timeline_chart, timeline_counts

CDN = re.compile(r"<(script|link)[^>]*(src|href)=\"https?://")


def frame(*events):
    return events_to_frame(events)


def test_map_has_no_cdn_link_and_sets_max_zoom():
    html = build_map(frame(make_event()), tiles="offline").get_root().render()
    assert not CDN.search(html)
    assert "\"maxZoom\": 7" in html  # offline: capped where the bundled tiles stop (see OFFLINE_MAX_ZOOM)
    assert "/app/static/vendor/leaflet/leaflet.js" in html
    assert "/app/static/vendor/tiles/{z}/{x}/{y}.png" in html
    assert "OpenStreetMap contributors" in html


def test_online_tiles_sit_over_the_offline_basemap():
    html = build_map(frame(make_event()), tiles="https://tiles.example/{z}/{x}/{y}.png").get_root().render()
    assert html.index("/app/static/vendor/tiles/") < html.index("https://tiles.example/")


def test_article_text_is_escaped_in_popups():
    evil = make_event(evidence='<img src=x onerror="alert(1)">', location="<b>x</b>", source="</script><script>")
    html = build_map(frame(evil), tiles="offline").get_root().render()
    assert "<img src=x" not in html and "</script><script>" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_popup_shows_arabic_right_to_left_and_vague_dates():
    row = frame(make_event(date_earliest=date(2021, 2, 18), date_latest=date(2021, 2, 22))).iloc[0].to_dict()
    html = popup_html(row)
    assert f"dir='rtl' lang='ar' style='text-align:right'>{EVIDENCE_AR}" in html
    assert "between 2021-02-18 and 2021-02-22" in html


def test_view_fits_the_events_or_iraq():
    assert build_map(frame(), tiles="offline").get_bounds() or True  # an empty map still builds
    html = build_map(frame(), tiles="offline").get_root().render()
    assert f"[{IRAQ_BOUNDS[0]}, {IRAQ_BOUNDS[1]}]" in html.replace("\n", "").replace("  ", "")


def test_compact_columns_for_many_events():
    df = coerce_dtypes(pd.DataFrame(list(synthetic_records(FULL_POPUP_LIMIT + 10))))
    columns, types, places = event_arrays(df, highlight={"syn0000003"})
    assert len(columns["lat"]) == len(df) and columns["h"][3] == 1 and sum(columns["h"]) == 1
    assert max(columns["k"]) == len(places) - 1 and len(types) == df["event_type"].nunique()
    html = build_map(df, tiles="offline").get_root().render()
    assert "\"popups\":null" in html  # short popups are built in the browser from escaped labels


def test_timeline_counts_whole_events_vague_ones_at_their_best_date():
    exact = make_event(event_id="e1", day=date(2021, 2, 1))
    vague = make_event(event_id="e2", day=date(2021, 2, 5), date_earliest=date(2021, 2, 4),
                       date_latest=date(2021, 2, 7))
    counts = timeline_counts(frame(exact, vague), "D")
    assert counts["events"].tolist() == [1, 1] and counts["events"].dtype == "int64"  # never 0.25 of an event
    assert counts[counts["vague"]]["bin"].tolist() == [pd.Timestamp("2021-02-05")]
    assert (counts["bin_end"] - counts["bin"]).tolist() == [pd.Timedelta(days=1)] * 2  # bars span their bin
    chart = timeline_chart(frame(exact, vague)).to_dict()
    assert chart["params"][0]["name"] == "period"
    assert chart["encoding"]["x2"]["field"] == "bin_end" and chart["encoding"]["x"]["axis"]["format"] == "%-d %b"


def test_timeline_bins_suit_the_span_and_years_are_labelled():
    from dashboard.views.timeline import AXIS_FORMAT, bin_frequency

    day = pd.Timestamp("2015-01-01")
    assert [bin_frequency(day, day + pd.Timedelta(days=d)) for d in (0, 60, 400, 2000, 3650, 4000)] == [
        "D", "D", "W", "MS", "MS", "YS"]
    assert all("%Y" in AXIS_FORMAT[f] for f in ("W", "MS", "YS"))
    events = [make_event(event_id=f"e{i}", day=date(2013 + i, 3, 1)) for i in range(13)]
    chart = timeline_chart(frame(*events)).to_dict()
    assert chart["encoding"]["x"]["axis"]["format"] == "%Y" and "year" in chart["encoding"]["x"]["axis"]["title"]


def test_selected_period_from_the_chart():
    assert selected_period(None) is None
    assert selected_period({"period": {}}) is None
    start, end = selected_period({"period": {"bin": [1612137600000, 1612483200000]}})
    assert (start, end) == (date(2021, 2, 1), date(2021, 2, 5))


def test_localize_rejects_assets_it_does_not_ship():
    m = folium.Map(tiles=None)
    folium.plugins.Fullscreen().add_to(m)
    with pytest.raises(assets.AssetError, match="does not ship"):
        assets.localize_map(m)


def test_tiles_use_xyz_rows(tmp_path):
    mbtiles = tmp_path / "t.mbtiles"
    conn = sqlite3.connect(mbtiles)
    conn.execute("CREATE TABLE tiles (zoom_level, tile_column, tile_row, tile_data)")
    conn.execute("INSERT INTO tiles VALUES (1, 0, 0, x'01')")  # TMS row 0 = the southern row
    conn.commit()
    assert list(assets.iter_tiles(mbtiles, max_zoom=1)) == [((1, 0, 1), b"\x01")]
    assert assets.tile_range(6, (29.0, 38.8, 37.4, 48.8)) == (38, 40, 24, 26)


def test_standalone_html_inlines_everything(tmp_path):
    vendor = assets.ensure_vendor(tmp_path / "vendor")
    html = assets.standalone_html(build_map(frame(make_event()), tiles="offline"), tiles_bbox=(29, 38, 38, 49),
                                  vendor=vendor)
    assert not CDN.search(html) and "/app/static/vendor/leaflet" not in html
    assert "window.INCIDENT_MAP_TILES" in html and "L.map(" in html
    assert "url(data:image/png;base64," in html  # leaflet.css images inlined


def test_offline_map_caps_its_zoom_where_the_bundled_tiles_stop():
    from dashboard.views.mapview import OFFLINE_MAX_ZOOM

    df = frame(make_event(event_id="e1"))
    offline = build_map(df, tiles="offline").get_root().render()
    online = build_map(df, tiles="https://tile.example/{z}/{x}/{y}.png").get_root().render()
    assert OFFLINE_MAX_ZOOM == assets.BASEMAP_MAX_ZOOM + 1
    assert f'"maxZoom": {OFFLINE_MAX_ZOOM}' in offline and '"maxZoom": 18' not in offline
    assert '"maxZoom": 18' in online


def test_every_event_type_has_its_own_shape_in_the_map_legend_and_exports():
    from dashboard.export.data import to_kml
    from dashboard.models import EVENT_TYPES
    from dashboard.views.style import KML_ICONS, MATPLOTLIB_MARKERS, SHAPES, TYPE_SHAPES, type_shape

    assert len(set(TYPE_SHAPES.values())) == len(EVENT_TYPES)  # colour-blind readers tell types by shape
    assert set(TYPE_SHAPES.values()) <= set(SHAPES) == set(MATPLOTLIB_MARKERS) == set(KML_ICONS)
    df = frame(*(make_event(event_id=f"ev{i}", event_type=t, sub_event_type=sub)
                 for i, (t, sub) in enumerate([("Battles", "Armed clash"),
                                               ("Explosions/Remote violence", "Air/drone strike")])))
    html = build_map(df, tiles="offline").get_root().render()
    assert '"shapes":["square","star"]' in html  # the markers' shapes, in the legend's type order
    assert html.count("<polygon points=") == 2  # the legend's swatches are the shapes
    kml = to_kml(df).decode()
    assert "placemark_square.png" in kml and "star.png" in kml
    assert type_shape("Something else") == "circle"


def test_large_views_get_the_servers_clusters_and_small_areas_every_event():
    import json

    from dashboard.views.aggregate import AGGREGATE_OVER
    from dashboard.views.mapview import map_json

    df = coerce_dtypes(pd.DataFrame(list(synthetic_records(AGGREGATE_OVER + 500))))
    whole = json.loads(map_json(df, zoom=6))
    assert "cols" not in whole and sum(whole["cells"]["n"]) == len(df) == whole["total"]
    assert len(whole["cells"]["n"]) < 200  # the payload scales with the cells shown, not with the events
    small = (33.0, 44.0, 33.4, 44.5)  # a zoomed-in area: its events (and their neighbours') one by one
    near = json.loads(map_json(df, zoom=9, bounds=small))
    assert 0 < len(near["cols"]["lat"]) <= AGGREGATE_OVER and near["total"] == len(df)
    assert all(32.5 <= lat <= 33.9 for lat in near["cols"]["lat"])


def test_a_news_event_without_a_dataset_column_is_no_reference_row_in_its_popup():
    from dashboard.views.mapview import map_data

    popup = map_data(frame(make_event()))["popups"][0]
    assert "reference dataset" not in popup and "also in" not in popup and "nan" not in popup
