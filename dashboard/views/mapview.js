(function () {
  // Incident Map event layer. Data arrive as compact rows
  // [lat, lon, typeIndex, geoPrecision, firstDay, lastDay, highlighted, placeIndex]
  // (days since 1970-01-01) and popup strings already escaped in Python.
  var map = {{ this._parent.get_name() }};
  var cols = {{ this.rows_json }};
  var rows = new Array(cols.lat.length);
  for (var q = 0; q < rows.length; q++) {
    rows[q] = [cols.lat[q], cols.lon[q], cols.t[q], cols.p[q], cols.a[q], cols.b[q], cols.h[q], cols.k[q]];
  }
  var popups = {{ this.popups_json }};
  var places = {{ this.places_json }};
  var types = {{ this.types_json }};
  var colours = {{ this.colours_json }};
  var radius = {{ this.radius_json }};
  var DAY = 86400000;
  var iso = function (d) { return new Date(d * DAY).toISOString().slice(0, 10); };
  var popupFor = function (layer) {
    var i = layer._imIndex;
    if (popups) { return popups[i]; }
    var r = rows[i];
    var when = r[4] === r[5] ? iso(r[4]) : iso(r[4]) + ' – ' + iso(r[5]);
    return "<div class='im-popup'><b>" + when + "</b><div>" + types[r[2]] + "</div>" + places[r[7]] +
      "<div class='im-source'>click selects the event in the table below</div></div>";
  };
  var onClick = function (e) { e.latlng = this.getLatLng(); };
  var markers = new Array(rows.length);
  var minDay = Infinity, maxDay = -Infinity;
  for (var i = 0; i < rows.length; i++) {
    var r = rows[i], p = r[3], c = colours[r[2]];
    var m = L.circleMarker([r[0], r[1]], {
      radius: radius[p] || 6, color: r[6] ? '#000000' : c, weight: r[6] ? 3 : 1.5,
      dashArray: p > 1 ? '4 3' : null, fillColor: c, fillOpacity: p === 1 ? 0.8 : (p === 2 ? 0.5 : 0.3)
    });
    m._imIndex = i;
    m.bindPopup(popupFor, {maxWidth: 380});
    m.on('click', onClick);
    markers[i] = m;
    if (r[4] < minDay) { minDay = r[4]; }
    if (r[5] > maxDay) { maxDay = r[5]; }
  }
  var state = {visible: 0, ready: false};
  var cluster = L.markerClusterGroup({
    chunkedLoading: true, maxClusterRadius: 45, showCoverageOnHover: false,
    chunkProgress: function (done, total) { state.ready = done >= total; }
  });
  map.addLayer(cluster);
  var show = function (selected) {
    state.ready = selected.length === 0;
    state.visible = selected.length;
    cluster.clearLayers();
    cluster.addLayers(selected);
  };
  show(markers);

  var style = document.createElement('style');
  style.textContent = '.im-box{background:rgba(255,255,255,.93);padding:6px 9px;border-radius:5px;' +
    'box-shadow:0 1px 4px rgba(0,0,0,.35);font:13px/1.35 sans-serif;color:#222}' +
    '.im-swatch{display:inline-block;width:12px;height:12px;border-radius:50%;margin-right:6px;vertical-align:-1px}' +
    '.im-legend-title{font-weight:bold;margin-bottom:3px}.im-legend-note{color:#555;font-size:11px;margin-top:3px}' +
    '.im-popup{font:13px/1.4 sans-serif;min-width:220px}.im-evidence{margin:6px 0;padding:4px 8px;' +
    'border-right:3px solid #999;background:#f6f6f6;font-size:14px}.im-source{color:#555;font-size:11px}' +
    '.im-play input[type=range]{width:220px;vertical-align:middle}.im-play button{cursor:pointer;margin-right:4px}';
  document.head.appendChild(style);

  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function () {
    var div = L.DomUtil.create('div', 'im-box im-legend');
    div.innerHTML = {{ this.legend_json }};
    return div;
  };
  legend.addTo(map);

  {% if this.playback %}
  if (rows.length > 0) {
    var play = L.control({position: 'bottomleft'});
    play.onAdd = function () {
      var div = L.DomUtil.create('div', 'im-box im-play');
      div.innerHTML = "<button class='im-play-btn' title='play the period back'>▶</button>" +
        "<button class='im-all-btn' title='show every event'>all</button>" +
        "<select class='im-window' title='days shown at a time'><option value='1'>1 day</option>" +
        "<option value='7' selected>7 days</option><option value='30'>30 days</option>" +
        "<option value='100000'>cumulative</option></select><br>" +
        "<input type='range' class='im-slider' min='" + minDay + "' max='" + maxDay + "' value='" + maxDay + "'>" +
        " <span class='im-day'>all dates</span>";
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      var slider = div.querySelector('.im-slider'), label = div.querySelector('.im-day');
      var win = div.querySelector('.im-window'), btn = div.querySelector('.im-play-btn'), timer = null;
      var frame = function (day) {
        var w = parseInt(win.value, 10), from = day - w + 1, sel = [];
        for (var j = 0; j < rows.length; j++) {
          if (rows[j][5] >= from && rows[j][4] <= day) { sel.push(markers[j]); }
        }
        label.textContent = (w >= 100000 ? 'until ' : iso(Math.max(from, minDay)) + ' – ') + iso(day) +
          ' (' + sel.length + ')';
        show(sel);
      };
      var stop = function () { if (timer) { clearInterval(timer); timer = null; btn.textContent = '▶'; } };
      slider.addEventListener('input', function () { stop(); frame(parseInt(slider.value, 10)); });
      win.addEventListener('change', function () { frame(parseInt(slider.value, 10)); });
      div.querySelector('.im-all-btn').addEventListener('click', function () {
        stop(); slider.value = maxDay; label.textContent = 'all dates'; show(markers);
      });
      btn.addEventListener('click', function () {
        if (timer) { stop(); return; }
        var step = Math.max(1, Math.ceil((maxDay - minDay) / 60)), day = minDay;
        btn.textContent = '❚❚';
        timer = setInterval(function () {
          slider.value = day; frame(day);
          if (day >= maxDay) { stop(); }
          day = Math.min(maxDay, day + step);
        }, 400);
      });
      return div;
    };
    play.addTo(map);
  }
  {% endif %}

  // For tests and benchmarks: what the map shows right now.
  window.incidentMapStats = function () {
    var clusterSum = 0, clusters = 0, singles = 0;
    cluster._featureGroup.eachLayer(function (layer) {
      if (layer.getChildCount) { clusterSum += layer.getChildCount(); clusters += 1; } else { singles += 1; }
    });
    return {visible: state.visible, ready: state.ready, clusters: clusters, clusterSum: clusterSum,
            singles: singles, total: rows.length};
  };
})();
