// migis world map: vendored Natural Earth shapes (world-atlas TopoJSON) drawn with d3-geo into SVG.
// The values come from /api/map; the accessible table beside the map holds the same data.
(function () {
  "use strict";
  var figure = document.getElementById("map");
  if (!figure || !window.d3 || !window.topojson) return;
  var canvas = figure.querySelector(".map-canvas");
  var tooltip = figure.querySelector(".tooltip");
  var legend = figure.querySelector(".legend");
  var CATEGORY_COLOURS = { chair: "#08306b", steering_committee: "#2171b5", participating: "#6baed6",
                           observer: "#c6dbef", member: "#2171b5" };
  var RAMP = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"];
  var SMALL_AREA = 14; // shapes smaller than this (square pixels) also get a clickable dot

  function layerQuery() {
    var params = new URLSearchParams();
    var form = document.getElementById("layer-form");
    if (form) {
      new FormData(form).forEach(function (v, k) { params.set(k, v); });
    } else {
      params.set("layer", figure.dataset.layer || "dialogues");
      if (figure.dataset.dialogue) params.set("dialogue", figure.dataset.dialogue);
    }
    var lang = document.documentElement.lang;
    if (lang) params.set("lang", lang);
    params.set("index", "true");
    return params;
  }

  function colourFor(layer, value) {
    if (value === undefined || value === null) return null;
    if (layer.kind === "category") return CATEGORY_COLOURS[value] || "#6baed6";
    var max = 0;
    Object.keys(layer.values).forEach(function (k) { max = Math.max(max, layer.values[k]); });
    var bin = Math.min(RAMP.length - 1, Math.floor((value / (max || 1)) * RAMP.length - 1e-9));
    return RAMP[Math.max(0, bin)];
  }

  function labelFor(layer, value) {
    if (layer.kind === "category") {
      var found = (layer.categories || []).filter(function (c) { return c[0] === value; })[0];
      return found ? found[1] : value;
    }
    return String(value);
  }

  function drawLegend(layer) {
    if (!legend) return;
    legend.textContent = "";
    var items = [];
    if (layer.kind === "category") {
      items = (layer.categories || []).map(function (c) { return [CATEGORY_COLOURS[c[0]] || "#6baed6", c[1]]; });
    } else {
      var max = 0;
      Object.keys(layer.values).forEach(function (k) { max = Math.max(max, layer.values[k]); });
      if (max > 0) items = [[RAMP[0], "1"], [RAMP[RAMP.length - 1], String(max)]];
    }
    items.forEach(function (item) {
      var span = document.createElement("span");
      span.style.setProperty("--swatch", item[0]);
      span.textContent = item[1];
      legend.appendChild(span);
    });
  }

  function draw(topo, layer) {
    var byNumeric = {}, names = {};
    (layer.countries || []).forEach(function (c) { if (c[1]) byNumeric[c[1]] = c[0]; names[c[0]] = c[2]; });
    var shapeNames = layer.shape_names || {};
    var features = topojson.feature(topo, topo.objects.countries).features
      .filter(function (f) { return f.id !== "010"; }); // Antarctica takes room and holds no data
    var width = 960, height = 470;
    var projection = d3.geoEqualEarth().fitSize([width, height], { type: "FeatureCollection", features: features });
    var path = d3.geoPath(projection);
    var svgNS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", layer.title);
    var dots = [];
    features.forEach(function (f) {
      var iso3 = byNumeric[f.id] || shapeNames[f.properties && f.properties.name];
      var d = path(f);
      if (!d) return;
      var el = document.createElementNS(svgNS, "path");
      el.setAttribute("d", d);
      el.setAttribute("class", "country" + (iso3 ? " linked" : ""));
      var value = iso3 ? layer.values[iso3] : undefined;
      var colour = colourFor(layer, value);
      if (colour) el.style.fill = colour;
      if (iso3) {
        el.setAttribute("data-iso3", iso3);
        bind(el, iso3, names[iso3] || iso3, value, layer);
        if (path.area(f) < SMALL_AREA) dots.push([f, iso3, value, colour]);
      }
      svg.appendChild(el);
    });
    dots.forEach(function (item) {
      var c = path.centroid(item[0]);
      if (!isFinite(c[0])) return;
      var dot = document.createElementNS(svgNS, "circle");
      dot.setAttribute("cx", c[0]);
      dot.setAttribute("cy", c[1]);
      dot.setAttribute("r", 3.5);
      dot.setAttribute("class", "small-state");
      dot.setAttribute("data-iso3", item[1]);
      dot.style.fill = item[3] || "#d9dee3";
      bind(dot, item[1], names[item[1]] || item[1], item[2], layer);
      svg.appendChild(dot);
    });
    canvas.textContent = "";
    canvas.appendChild(svg);
    figure.setAttribute("data-ready", "true");
    drawLegend(layer);
  }

  function bind(el, iso3, name, value, layer) {
    el.addEventListener("mousemove", function (event) {
      var box = figure.getBoundingClientRect();
      tooltip.hidden = false;
      tooltip.textContent = name + (value !== undefined ? " — " + labelFor(layer, value) : "");
      tooltip.style.left = (event.clientX - box.left + 12) + "px";
      tooltip.style.top = (event.clientY - box.top + 12) + "px";
    });
    el.addEventListener("mouseleave", function () { tooltip.hidden = true; });
    el.addEventListener("click", function () {
      window.location.href = (figure.dataset.profileUrl || "/countries/") + iso3 + "/";
    });
  }

  function load() {
    var shapes = fetch(figure.dataset.shapes).then(function (r) { return r.json(); });
    var data = fetch(figure.dataset.layerUrl + "?" + layerQuery().toString(), { credentials: "same-origin" })
      .then(function (r) { return r.json(); });
    Promise.all([shapes, data]).then(function (res) {
      if (res[1].error) throw new Error(res[1].error.message);
      draw(res[0], res[1]);
    }).catch(function (err) {
      canvas.textContent = err.message;
    });
  }

  var form = document.getElementById("layer-form");
  if (form) {
    // Choosing a layer reloads the page, so the table and the map always show the same layer.
    form.addEventListener("change", function () { form.submit(); });
  }
  load();
})();
