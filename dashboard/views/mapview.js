(function () {
  // Incident Map event layer. Data arrive as columns (lat, lon, t type index, p geo precision,
  // a/b first/last day since 1970, h highlighted, k place index, r reference row) and popup strings escaped in
  // Python, inlined (exports) or fetched by URL (the page: window.incidentMapLoad(url), called again with another
  // URL when a filter changes; the map, its view and its controls stay, only the events are replaced).
  // Clustering is a screen-space grid recomputed for the view on every move: O(n) with typed arrays,
  // ~10 ms for 100,000 events, where Leaflet.markercluster needs ~20 s to index them.
  var map = {{ this._parent.get_name() }};
  var DATA = {{ this.data_json }}, BOUNDS = {{ this.bounds_json }}, FIT_FIRST = {{ this.fit_first_json }};
  var radius = {{ this.radius_json }}, L10N = {{ this.labels_json }}, ARABIC_DIGITS = {{ this.digits_json }};
  var SHAPES = {{ this.shapes_json }};
  var state = {visible: 0, ready: false, clusters: 0, clusterSum: 0, singles: 0, total: 0, loads: 0, url: null,
               moving: false};
  // For tests and benchmarks: what the map shows right now. `ready` is true only when the newest data are drawn
  // for the view the map has settled on (false while data load and while the map pans or zooms).
  window.incidentMapStats = function () {
    var c = map.getCenter();
    return {visible: state.visible, ready: state.ready && !state.moving, clusters: state.clusters,
            clusterSum: state.clusterSum, singles: state.singles, total: state.total, loads: state.loads,
            url: state.url, zoom: map.getZoom(), center: [c.lat, c.lng]};
  };
  // Made before the data arrive: streamlit-folium binds its click handler to the layers the map has when its
  // script has run, so a marker's click (with the marker's own position, set below) bubbles to this group and
  // reaches the page, which selects the event's table row.
  var layer = L.featureGroup().addTo(map);
  var DAY = 86400000, CELL = 80;
  // Every event its own marker from zoom 16, or at the map's deepest zoom (7 offline) if that comes first.
  var SINGLE_ZOOM = Math.min(16, map.getMaxZoom());
  var cols = {lat: []}, popups = null, places = [], types = [], colours = [], shapes = [];
  var n = 0, mx = new Float64Array(0), my = mx, active = new Uint8Array(0), minDay = 0, maxDay = 0;
  var digits = function (text) {  // the interface language's digits
    return ARABIC_DIGITS ? String(text).replace(/[0-9]/g, function (c) { return '٠١٢٣٤٥٦٧٨٩'[+c]; }) : String(text);
  };
  var iso = function (d) { return digits(new Date(d * DAY).toISOString().slice(0, 10)); };
  if (ARABIC_DIGITS) {  // the scale bar in Arabic: its digits and units, metric only
    L.Control.Scale.prototype._updateScale = function (scale, text, ratio) {
      scale.style.width = Math.round(this.options.maxWidth * ratio) + 'px';
      scale.innerHTML = digits(text.replace(' km', ' كم').replace(' m', ' م').replace(' mi', ' ميل')
        .replace(' ft', ' قدم'));
    };
    map.fire('move');
  }
  var popupFor = function (i) {
    if (popups) { return popups[i]; }
    var when = cols.a[i] === cols.b[i] ? iso(cols.a[i]) : iso(cols.a[i]) + ' – ' + iso(cols.b[i]);
    return "<div class='im-popup'><b>" + when + "</b><div>" + types[cols.t[i]] + "</div>" + places[cols.k[i]] +
      "<div class='im-source'>" + L10N['popup.click'] + "</div></div>";
  };

  // A circle marker drawn as its event type's shape (views/style.py SHAPES: unit polygons, null = circle), so
  // types differ by shape as well as colour. Still one SVG path per marker, clickable like a circle.
  var ShapeMarker = L.CircleMarker.extend({
    _updatePath: function () {
      var pts = SHAPES[this.options.shape];
      if (!pts || !this._renderer._setPath) { return L.CircleMarker.prototype._updatePath.call(this); }
      var p = this._point, r = this._radius, d = '';
      for (var j = 0; j < pts.length; j++) {
        d += (j ? 'L' : 'M') + (p.x + pts[j][0] * r).toFixed(1) + ' ' + (p.y + pts[j][1] * r).toFixed(1);
      }
      this._renderer._setPath(this, d + 'z');
    }
  });
  var single = function (i) {
    var p = cols.p[i], c = colours[cols.t[i]], hollow = cols.r && cols.r[i] === 1;  // reference: hollow
    var m = new ShapeMarker([cols.lat[i], cols.lon[i]], {
      radius: radius[p] || 6, color: cols.h[i] ? '#000000' : c, weight: cols.h[i] ? 3 : (hollow ? 2.5 : 1.5),
      dashArray: p > 1 ? '4 3' : null, fillColor: c, shape: shapes[cols.t[i]],
      fillOpacity: hollow ? 0 : (p === 1 ? 0.8 : (p === 2 ? 0.5 : 0.3)), className: hollow ? 'im-ref' : 'im-news'
    });
    m.bindPopup(function () { return popupFor(i); }, {maxWidth: 380});
    m.on('click', function (e) { e.latlng = m.getLatLng(); });
    m.imIndex = i;
    return m;
  };
  var bubble = function (cell, at) {
    var size = cell.count < 10 ? 'small' : (cell.count < 100 ? 'medium' : 'large');
    var icon = L.divIcon({html: '<div><span>' + digits(cell.count) + '</span></div>', iconSize: [40, 40],
                          className: 'marker-cluster marker-cluster-' + size + (cell.highlight ? ' im-new' : '') +
                          (cell.ref ? ' im-ref-cluster' : '')});
    var m = L.marker(at || map.unproject([cell.x / cell.count, cell.y / cell.count], cell.zoom), {icon: icon});
    m.on('click', function () {
      if (cell.south < cell.north || cell.west < cell.east) {
        map.fitBounds([[cell.south, cell.west], [cell.north, cell.east]], {maxZoom: map.getMaxZoom()});
      } else if (!cell.members.length) {  // a server's cluster at one place: closer
        map.setView(m.getLatLng(), Math.min(map.getZoom() + 2, map.getMaxZoom()));
      } else {  // every event at one place: list them
        var html = cell.members.slice(0, 20).map(popupFor).join('<hr>');
        if (cell.count > 20) { html += '<div class="im-source">… and ' + (cell.count - 20) + ' more</div>'; }
        L.popup({maxWidth: 380, maxHeight: 320}).setLatLng(m.getLatLng()).setContent(html).openOn(map);
      }
    });
    return m;
  };

  var CELLS = null;  // the server's clusters (views/aggregate.py) when the view holds too many events to send
  var drawCells = function () {
    layer.clearLayers();
    var C = CELLS, visible = 0;
    state.clusters = 0; state.clusterSum = 0; state.singles = 0;
    for (var j = 0; j < C.n.length; j++) {
      var cell = {count: C.n[j], highlight: C.h[j] === 1, ref: C.r[j] === 1, members: [],
                  south: C.s[j], north: C.nn[j], west: C.w[j], east: C.e[j]};
      layer.addLayer(bubble(cell, [C.lat[j], C.lon[j]]));
      visible += C.n[j]; state.clusters += 1; state.clusterSum += C.n[j];
    }
    state.visible = visible;
    state.ready = state.loads > 0;
  };
  var redraw = function () {
    if (CELLS) { drawCells(); return; }
    var zoom = map.getZoom(), scale = 256 * Math.pow(2, zoom);
    var view = map.getPixelBounds(), pad = CELL * 2;
    var x0 = view.min.x - pad, x1 = view.max.x + pad, y0 = view.min.y - pad, y1 = view.max.y + pad;
    var cells = new Map(), visible = 0;
    for (var i = 0; i < n; i++) {
      if (!active[i]) { continue; }
      visible += 1;
      var x = mx[i] * scale, y = my[i] * scale;
      if (x < x0 || x > x1 || y < y0 || y > y1) { continue; }
      var ref = cols.r && cols.r[i] === 1;  // reference events cluster apart from news events
      var key = zoom >= SINGLE_ZOOM ? 'e' + i : (ref ? 'r' : '') + Math.floor(x / CELL) + ':' + Math.floor(y / CELL);
      var cell = cells.get(key);
      if (!cell) {
        cell = {count: 0, x: 0, y: 0, zoom: zoom, members: [], highlight: false, ref: ref,
                south: 90, north: -90, west: 180, east: -180};
        cells.set(key, cell);
      }
      cell.count += 1; cell.x += x; cell.y += y; cell.highlight = cell.highlight || cols.h[i] === 1;
      if (cell.members.length < 20) { cell.members.push(i); }
      cell.south = Math.min(cell.south, cols.lat[i]); cell.north = Math.max(cell.north, cols.lat[i]);
      cell.west = Math.min(cell.west, cols.lon[i]); cell.east = Math.max(cell.east, cols.lon[i]);
    }
    // The marker whose popup is open is kept as it is (the popup's own auto-pan moves the map, which redraws it):
    // the popup neither closes nor flickers.
    var kept = null;
    layer.eachLayer(function (l) { if (l.imIndex !== undefined && l.isPopupOpen()) { kept = l; } });
    layer.eachLayer(function (l) { if (l !== kept) { layer.removeLayer(l); } });
    var keptIndex = kept ? kept.imIndex : -1, keptDrawn = false;
    state.clusters = 0; state.clusterSum = 0; state.singles = 0; state.visible = visible;
    cells.forEach(function (cell) {
      if (cell.count === 1) {
        if (cell.members[0] === keptIndex) { keptDrawn = true; } else { layer.addLayer(single(cell.members[0])); }
        state.singles += 1;
      } else {
        layer.addLayer(bubble(cell)); state.clusters += 1; state.clusterSum += cell.count;
      }
    });
    if (kept && !keptDrawn) { layer.removeLayer(kept); }  // filtered out or clustered now
    state.ready = state.loads > 0;
  };
  var show = function (test) {
    for (var i = 0; i < n; i++) { active[i] = test(i) ? 1 : 0; }
    redraw();
  };
  map.on('movestart zoomstart', function () { state.moving = true; });
  map.on('moveend', function () { state.moving = false; redraw(); });

  var style = document.createElement('style');
  style.textContent = '.im-box{background:rgba(255,255,255,.93);padding:6px 9px;border-radius:5px;' +
    'box-shadow:0 1px 4px rgba(0,0,0,.35);font:13px/1.35 sans-serif;color:#222}' +
    '.im-swatch{display:inline-block;width:14px;height:14px;margin-right:6px;vertical-align:-2px}' +
    '[dir=rtl] .im-swatch{margin-right:0;margin-left:6px}' +
    '.im-legend-title{font-weight:bold;margin-bottom:3px}.im-legend-note{color:#555;font-size:11px;margin-top:3px}' +
    '.im-popup{font:13px/1.4 sans-serif;min-width:220px}.im-evidence{margin:6px 0;padding:4px 8px;' +
    'border-right:3px solid #999;background:#f6f6f6;font-size:14px}.im-source{color:#555;font-size:11px}' +
    '.im-new div{box-shadow:0 0 0 3px #000}' +
    (ARABIC_DIGITS ? '.leaflet-control-scale-line+.leaflet-control-scale-line{display:none}' : '') +
    '.marker-cluster.im-ref-cluster,.marker-cluster.im-ref-cluster div{background:transparent}' +
    '.marker-cluster.im-ref-cluster div{border:3px solid #444}' +
    '.im-play input[type=range]{width:220px;vertical-align:middle}.im-play button{cursor:pointer;margin-right:4px}';
  document.head.appendChild(style);

  var legendDiv = null;
  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function () {
    legendDiv = L.DomUtil.create('div', 'im-box im-legend');
    legendDiv.style.display = 'none';
    return legendDiv;
  };
  legend.addTo(map);

  var playback = null;  // {reset()} once the control exists
  {% if this.playback %}
  var play = L.control({position: 'bottomleft'});
  play.onAdd = function () {
    var div = L.DomUtil.create('div', 'im-box im-play');
    div.innerHTML = "<button class='im-play-btn' title='" + L10N['play.play'] + "'>▶</button>" +
      "<button class='im-all-btn' title='" + L10N['play.all_help'] + "'>" + L10N['play.all'] + "</button>" +
      "<select class='im-window' title='" + L10N['play.window'] + "'><option value='1'>" + L10N['play.1'] +
      "</option><option value='7' selected>" + L10N['play.7'] + "</option><option value='30'>" +
      L10N['play.30'] + "</option><option value='100000'>" + L10N['play.cumulative'] + "</option></select><br>" +
      "<input type='range' class='im-slider'> <span class='im-day'>" + L10N['play.all_dates'] + "</span>";
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    var slider = div.querySelector('.im-slider'), label = div.querySelector('.im-day');
    var win = div.querySelector('.im-window'), btn = div.querySelector('.im-play-btn'), timer = null;
    var frame = function (day) {
      var w = parseInt(win.value, 10), from = day - w + 1;
      show(function (j) { return cols.b[j] >= from && cols.a[j] <= day; });
      label.textContent = (w >= 100000 ? L10N['play.until'] : iso(Math.max(from, minDay)) + ' – ') + iso(day) +
        ' (' + digits(state.visible) + ')';
    };
    var stop = function () { if (timer) { clearInterval(timer); timer = null; btn.textContent = '▶'; } };
    slider.addEventListener('input', function () { stop(); frame(parseInt(slider.value, 10)); });
    win.addEventListener('change', function () { frame(parseInt(slider.value, 10)); });
    div.querySelector('.im-all-btn').addEventListener('click', function () {
      stop(); slider.value = maxDay; label.textContent = L10N['play.all_dates']; show(function () { return true; });
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
    playback = {reset: function () {  // new data: the whole period again
      stop(); slider.min = minDay; slider.max = maxDay; slider.value = maxDay;
      label.textContent = L10N['play.all_dates']; div.style.display = n > 0 ? '' : 'none';
    }};
    return div;
  };
  play.addTo(map);
  {% endif %}

  var setData = function (D) {
    CELLS = D.cells || null;
    cols = D.cols || {lat: [], lon: [], t: [], p: [], a: [], b: [], h: [], k: [], r: []};
    popups = D.popups || null; places = D.places || []; types = D.types; colours = D.colours;
    shapes = D.shapes || [];
    n = cols.lat.length;
    mx = new Float64Array(n); my = new Float64Array(n); active = new Uint8Array(n).fill(1);
    minDay = Infinity; maxDay = -Infinity;
    for (var i = 0; i < n; i++) {
      var s = Math.sin(cols.lat[i] * Math.PI / 180);
      mx[i] = (cols.lon[i] + 180) / 360;
      my[i] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
      if (cols.a[i] < minDay) { minDay = cols.a[i]; }
      if (cols.b[i] > maxDay) { maxDay = cols.b[i]; }
    }
    state.total = CELLS ? D.total : n;
    map.closePopup();
    layer.clearLayers();  // indices point into the old data: no marker is kept
    if (legendDiv) { legendDiv.innerHTML = D.legend || ''; legendDiv.style.display = D.legend ? '' : 'none'; }
    if (playback) { playback.reset(); }
    var first = state.loads === 0;
    state.loads += 1;
    if (first && FIT_FIRST && D.bounds && JSON.stringify(D.bounds) !== JSON.stringify(BOUNDS)) {
      // the page's first data choose the view (a shared link's filters), later data keep it
      map.fitBounds(D.bounds, {animate: false});  // synchronous: moveend redraws
    }
    state.moving = false;
    redraw();
  };
  var requested = null;
  // The page's entry point: draw the events published at `url` (a newer call wins over a slower older one).
  // ``data`` (optional): the payload itself, inlined by the page for small views (no second request).
  window.incidentMapLoad = function (url, data) {
    if (url === requested) { return; }
    requested = url; state.ready = false; state.url = url;
    if (data) { setData(data); return; }
    fetch(url).then(function (r) {
      if (!r.ok) { throw new Error(url + ': ' + r.status); }
      return r.json();
    }).then(function (D) { if (url === requested) { setData(D); } });
  };
  if (BOUNDS) { map.fitBounds(BOUNDS, {animate: false}); }
  if (DATA) { setData(DATA); }
})();
