// migis world map: vendored Natural Earth shapes (world-atlas TopoJSON) drawn with d3-geo into SVG,
// zoomed and panned with d3-zoom. The values, units and count classes come from /api/map; the
// accessible table beside the map holds the same data. Nothing here writes a style attribute in markup
// (the Content-Security-Policy forbids them): colours are set through the CSSOM or as SVG attributes.
(function () {
  "use strict";
  var figure = document.getElementById("map");
  if (!figure || !window.d3 || !window.topojson) return;
  var canvas = figure.querySelector(".map-canvas");
  var tooltip = figure.querySelector(".tooltip");
  var legend = figure.querySelector(".legend");
  var svgNS = "http://www.w3.org/2000/svg";
  var WIDTH = 960, HEIGHT = 470;
  var CATEGORY_COLOURS = { chair: "#08306b", steering_committee: "#2171b5", participating: "#6baed6",
                           observer: "#c6dbef", member: "#2171b5" };
  var RAMP = ["#c6dbef", "#6baed6", "#3182bd", "#08519c", "#08306b"]; // the lightest still tells from "no data"
  var NO_DATA = "#d9dee3"; // the fill site.css gives a state without a value
  var SEA = "#eef4f8";
  var SMALL_AREA = 14; // shapes smaller than this (square pixels) get a dot, when they have a value
  var DOT_RADIUS = 3.5;
  var MAX_ZOOM = 12;
  var FONT = 'system-ui, "Segoe UI", "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", sans-serif';
  // Preset views: [[west, south], [east, north]] in degrees.
  var VIEWS = {
    africa: [[-19, -36], [53, 38]],
    europe: [[-25, 34], [45, 71]],
    mediterranean: [[-10, 29], [37, 47]],
    asia: [[25, -11], [147, 56]],
    americas: [[-125, -45], [-35, 50]] // the tall Americas: their middle, so that the view does zoom
  };
  var rtl = document.documentElement.dir === "rtl";
  var words = { no_data: "no data", classes: "classes by natural breaks", source: "Source" };
  var tools = null;
  var state = null; // what is drawn: {layer, svg, group, dots, zoom, projection}

  function readTemplate() {
    var template = document.getElementById("map-tools");
    if (!template) return;
    var content = template.content.cloneNode(true);
    content.querySelectorAll("[data-word]").forEach(function (el) {
      words[el.getAttribute("data-word")] = el.textContent;
    });
    tools = content.querySelector(".map-tools");
    tools.hidden = true;
    figure.insertBefore(tools, canvas);
  }

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

  // --- classes and colours ---------------------------------------------------------------------------

  function classColours(n) {
    // n of the ramp's five steps, spread from light to dark
    if (n <= 1) return [RAMP[3]];
    var out = [];
    for (var i = 0; i < n; i++) out.push(RAMP[Math.round((i * (RAMP.length - 1)) / (n - 1))]);
    return out;
  }

  function classesOf(layer) {
    if (layer.classes && layer.classes.length) return layer.classes;
    var vals = Object.keys(layer.values).map(function (k) { return layer.values[k]; });
    return vals.length ? [[Math.min.apply(null, vals), Math.max.apply(null, vals)]] : [];
  }

  function colourFor(layer, value) {
    if (value === undefined || value === null) return null;
    if (layer.kind === "category") return CATEGORY_COLOURS[value] || RAMP[2];
    var classes = classesOf(layer), colours = classColours(classes.length);
    for (var i = 0; i < classes.length; i++) {
      if (value <= classes[i][1]) return colours[i];
    }
    return colours[colours.length - 1];
  }

  // Numbers as the page's language writes them; values of millions and more in the short form (1.2 M)
  function formatted(layer, value) {
    if (typeof value !== "number") return String(value);
    var options = { maximumFractionDigits: layer.decimals || 0 };
    if (Math.abs(value) >= 1e6) { options.notation = "compact"; options.maximumFractionDigits = 1; }
    try { return new Intl.NumberFormat(document.documentElement.lang || "en", options).format(value); }
    catch (e) { return String(value); }
  }

  function labelFor(layer, value) {
    if (layer.kind === "category") {
      var found = (layer.categories || []).filter(function (c) { return c[0] === value; })[0];
      return found ? found[1] : value;
    }
    return formatted(layer, value);
  }

  // How the classes were cut, in the page's language (words from the page's template)
  function methodWords(layer) {
    if (layer.kind === "count") return words.classes;
    if (layer.kind !== "value") return "";
    return words["classes_" + layer.method] || words.classes;
  }

  // Every class of the layer, then "no data": [colour, label, is a number]
  function legendItems(layer) {
    var items;
    if (layer.kind === "category") {
      items = (layer.categories || []).map(function (c) {
        return [CATEGORY_COLOURS[c[0]] || RAMP[2], c[1], false];
      });
    } else {
      var classes = classesOf(layer), colours = classColours(classes.length);
      items = classes.map(function (b, i) {
        var low = formatted(layer, b[0]), high = formatted(layer, b[1]);
        return [colours[i], low === high ? low : low + "–" + high, true];
      });
    }
    items.push([NO_DATA, words.no_data, false]);
    return items;
  }

  function make(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function svgEl(tag, attrs) {
    var el = document.createElementNS(svgNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }

  function swatch(colour) {
    var s = svgEl("svg", { "class": "swatch", width: 14, height: 14, viewBox: "0 0 14 14", "aria-hidden": "true" });
    s.appendChild(svgEl("rect", { x: 0.5, y: 0.5, width: 13, height: 13, fill: colour, stroke: "#8a949e" }));
    return s;
  }

  function drawLegend(layer) {
    if (!legend) return;
    legend.textContent = "";
    legend.appendChild(make("p", "legend-unit", layer.unit || layer.title));
    var list = make("ul", "legend-items");
    legendItems(layer).forEach(function (item, i, all) {
      var li = make("li", "legend-item" + (i === all.length - 1 ? " no-data" : ""));
      li.appendChild(swatch(item[0]));
      var label = make("bdi", "", item[1]);
      if (item[2]) label.setAttribute("dir", "ltr"); // "3–4" stays 3–4 in Arabic
      li.appendChild(label);
      list.appendChild(li);
    });
    legend.appendChild(list);
    if (layer.kind !== "category" && classesOf(layer).length > 1) {
      legend.appendChild(make("p", "legend-method", methodWords(layer)));
    }
  }

  // --- drawing -----------------------------------------------------------------------------------------

  function draw(topo, layer) {
    var byNumeric = {}, names = {};
    (layer.countries || []).forEach(function (c) { if (c[1]) byNumeric[c[1]] = c[0]; names[c[0]] = c[2]; });
    var shapeNames = layer.shape_names || {};
    var features = topojson.feature(topo, topo.objects.countries).features
      .filter(function (f) { return f.id !== "010"; }); // Antarctica takes room and holds no data
    var projection = d3.geoEqualEarth().fitSize([WIDTH, HEIGHT], { type: "FeatureCollection", features: features });
    var path = d3.geoPath(projection);
    var svg = svgEl("svg", { viewBox: "0 0 " + WIDTH + " " + HEIGHT, role: "img", "aria-label": layer.title });
    var group = svgEl("g", { "class": "map-zoom-layer" });
    svg.appendChild(group);
    var small = [];
    features.forEach(function (f) {
      var iso3 = byNumeric[f.id] || shapeNames[f.properties && f.properties.name];
      var d = path(f);
      if (!d) return;
      var el = svgEl("path", { d: d, "class": "country" + (iso3 ? " linked" : "") });
      var value = iso3 ? layer.values[iso3] : undefined;
      var colour = colourFor(layer, value);
      if (colour) el.style.fill = colour;
      if (iso3) {
        el.setAttribute("data-iso3", iso3);
        bind(el, iso3, names[iso3] || iso3, value, layer);
        // a dot only where there is something to show: grey dots would clutter the oceans
        if (colour && path.area(f) < SMALL_AREA) small.push([f, iso3, value, colour]);
      }
      group.appendChild(el);
    });
    drawFlows(layer, features, byNumeric, shapeNames, path, group, names);
    var dots = [];
    small.forEach(function (item) {
      var c = path.centroid(item[0]);
      if (!isFinite(c[0])) return;
      var dot = svgEl("circle", { cx: c[0], cy: c[1], r: DOT_RADIUS, "class": "small-state", "data-iso3": item[1] });
      dot.style.fill = item[3];
      bind(dot, item[1], names[item[1]] || item[1], item[2], layer);
      group.appendChild(dot);
      dots.push(dot);
    });
    canvas.textContent = "";
    canvas.appendChild(svg);
    state = { layer: layer, svg: svg, group: group, dots: dots, projection: projection };
    state.zoom = d3.zoom()
      .scaleExtent([1, MAX_ZOOM])
      .translateExtent([[0, 0], [WIDTH, HEIGHT]])
      .on("zoom", function (event) {
        group.setAttribute("transform", event.transform.toString());
        dots.forEach(function (dot) { dot.setAttribute("r", DOT_RADIUS / event.transform.k); });
      });
    d3.select(svg).call(state.zoom);
    drawLegend(layer);
    if (tools) tools.hidden = false;
    figure.setAttribute("data-ready", "true");
  }

  // Flows: a great-circle line from origin to destination for each of the largest flows, its width by
  // value; the state they go to or come from is outlined.
  function drawFlows(layer, features, byNumeric, shapeNames, path, group, names) {
    if (!layer.flows || !layer.flows.length) return;
    var centre = {};
    features.forEach(function (f) {
      var iso3 = byNumeric[f.id] || shapeNames[f.properties && f.properties.name];
      if (iso3) centre[iso3] = d3.geoCentroid(f);
    });
    var top = layer.flows[0][2] || 1;
    layer.flows.slice().reverse().forEach(function (flow) {
      var from = centre[flow[0]], to = centre[flow[1]];
      if (!from || !to) return;
      var d = path({ type: "LineString", coordinates: [from, to] });
      if (!d) return;
      // presentation attributes, not CSS, so that the downloaded SVG and PNG keep them
      var line = svgEl("path", { d: d, "class": "flow", "data-origin": flow[0], "data-destination": flow[1],
                                 fill: "none", stroke: "#d55e00", "stroke-opacity": 0.65, "stroke-linecap": "round",
                                 "stroke-width": (0.8 + 5 * Math.sqrt(flow[2] / top)).toFixed(2) });
      line.addEventListener("mousemove", function (event) {
        var box = figure.getBoundingClientRect();
        tooltip.hidden = false;
        tooltip.textContent = (names[flow[0]] || flow[0]) + " → " + (names[flow[1]] || flow[1]) + " — " +
          formatted(layer, flow[2]);
        tooltip.style.left = Math.min(event.clientX - box.left + 12, box.width - tooltip.offsetWidth) + "px";
        tooltip.style.top = (event.clientY - box.top + 12) + "px";
      });
      line.addEventListener("mouseleave", function () { tooltip.hidden = true; });
      group.appendChild(line);
    });
    if (layer.focus) {
      group.querySelectorAll('path.country[data-iso3="' + layer.focus + '"]').forEach(function (el) {
        el.classList.add("focus");
      });
    }
  }

  function bind(el, iso3, name, value, layer) {
    el.addEventListener("mousemove", function (event) {
      var box = figure.getBoundingClientRect();
      tooltip.hidden = false;
      tooltip.textContent = name + (value !== undefined ? " — " + labelFor(layer, value) : "");
      var x = event.clientX - box.left + 12, y = event.clientY - box.top + 12;
      // kept inside the figure, so that it never widens the page
      if (x + tooltip.offsetWidth > box.width) x = Math.max(0, event.clientX - box.left - 12 - tooltip.offsetWidth);
      tooltip.style.left = x + "px";
      tooltip.style.top = y + "px";
    });
    el.addEventListener("mouseleave", function () { tooltip.hidden = true; });
    el.addEventListener("click", function () {
      window.location.href = (figure.dataset.profileUrl || "/countries/") + iso3 + "/";
    });
  }

  // --- zoom, pan and preset views ------------------------------------------------------------------

  function duration() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches ? 0 : 350;
  }

  function viewTransform(bounds) {
    // the box's edges, projected (Equal Earth bends the meridians, so the corners are not enough)
    var xs = [], ys = [], west = bounds[0][0], south = bounds[0][1], east = bounds[1][0], north = bounds[1][1];
    for (var i = 0; i <= 10; i++) {
      var lon = west + ((east - west) * i) / 10, lat = south + ((north - south) * i) / 10;
      [[lon, south], [lon, north], [west, lat], [east, lat]].forEach(function (p) {
        var xy = state.projection(p);
        xs.push(xy[0]);
        ys.push(xy[1]);
      });
    }
    var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
    var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    var k = Math.min(MAX_ZOOM, 0.95 / Math.max((x1 - x0) / WIDTH, (y1 - y0) / HEIGHT));
    return d3.zoomIdentity.translate(WIDTH / 2, HEIGHT / 2).scale(k).translate(-(x0 + x1) / 2, -(y0 + y1) / 2);
  }

  function onTool(event) {
    var button = event.target.closest("button");
    if (!button || !state) return;
    var target = d3.select(state.svg).transition().duration(duration());
    if (button.dataset.zoom === "in") state.zoom.scaleBy(target, 1.5);
    else if (button.dataset.zoom === "out") state.zoom.scaleBy(target, 1 / 1.5);
    else if (button.dataset.zoom === "reset") state.zoom.transform(target, d3.zoomIdentity);
    else if (button.dataset.view && VIEWS[button.dataset.view]) {
      // zoom.transform does not keep the map in its frame by itself (wheel and buttons do)
      var frame = [[0, 0], [WIDTH, HEIGHT]];
      state.zoom.transform(target, state.zoom.constrain()(viewTransform(VIEWS[button.dataset.view]), frame, frame));
    } else if (button.dataset.download === "svg") {
      save(new Blob([exportSvg().text], { type: "image/svg+xml" }), ".svg");
    } else if (button.dataset.download === "png") {
      downloadPng();
    }
  }

  // --- downloads: the drawn map (as it is zoomed) with its title, legend and source ---------------------

  function filename() {
    var layer = state.layer;
    var param = layer.dialogue || layer.organisation || (layer.days ? layer.days + "-days" : "");
    return ["migis-map", layer.layer, param].filter(Boolean).join("-"); // as maps.layer_filename
  }

  var measurer = null;
  function textWidth(text, size, weight) {
    measurer = measurer || document.createElement("canvas").getContext("2d");
    measurer.font = (weight || 400) + " " + size + "px " + FONT;
    return measurer.measureText(text).width;
  }

  function exportSvg() {
    var pad = 14, y = pad, width = WIDTH + 2 * pad;
    var out = svgEl("svg", { "font-family": FONT }); // XMLSerializer adds the namespace
    out.appendChild(svgEl("rect", { width: "100%", height: "100%", fill: "#ffffff" }));
    // x of a box [x, x + w] counted from the start side (the right in Arabic)
    function place(x, w) { return rtl ? width - x - w : x; }
    function text(content, x, baseline, size, attrs) {
      var isNumber = attrs && attrs.number;
      var t = svgEl("text", { x: rtl ? width - x : x, y: baseline, "font-size": size, fill: "#1b1f23" });
      if (rtl) t.setAttribute(isNumber ? "text-anchor" : "direction", isNumber ? "end" : "rtl");
      if (attrs && attrs.weight) t.setAttribute("font-weight", attrs.weight);
      if (attrs && attrs.fill) t.setAttribute("fill", attrs.fill);
      t.textContent = content;
      out.appendChild(t);
    }
    text(state.layer.title, pad, y + 16, 18, { weight: 700 });
    y += 28;
    var map = svgEl("svg", { x: pad, y: y, width: WIDTH, height: HEIGHT, viewBox: "0 0 " + WIDTH + " " + HEIGHT });
    map.appendChild(svgEl("rect", { width: WIDTH, height: HEIGHT, fill: SEA }));
    var group = state.group.cloneNode(true);
    group.querySelectorAll("path, circle").forEach(function (el) {
      var dot = el.tagName === "circle";
      el.setAttribute("fill", el.style.fill || NO_DATA);
      el.setAttribute("stroke", dot ? "#333333" : "#ffffff");
      el.setAttribute("stroke-width", dot ? 0.6 : 0.4);
      el.setAttribute("vector-effect", "non-scaling-stroke");
      el.removeAttribute("style");
    });
    map.appendChild(group);
    out.appendChild(map);
    y += HEIGHT + 12;
    text(state.layer.unit || "", pad, y + 13, 13, { weight: 600 });
    y += 22;
    var x = pad;
    legendItems(state.layer).forEach(function (item) {
      var w = 14 + 6 + textWidth(item[1], 13) + 18;
      if (x + w > width - pad && x > pad) { x = pad; y += 22; }
      out.appendChild(svgEl("rect", { x: place(x, 14) + 0.5, y: y + 0.5, width: 13, height: 13, fill: item[0], stroke: "#8a949e" }));
      text(item[1], x + 20, y + 11.5, 13, { number: item[2] });
      x += w;
    });
    y += 22;
    if (state.layer.kind !== "category" && classesOf(state.layer).length > 1) {
      text(methodWords(state.layer), pad, y + 11, 11, { fill: "#57606a" });
      y += 18;
    }
    var source = words.source + ": migis, " + window.location.href + " (" + new Date().toISOString().slice(0, 10) + ")";
    text(source, pad, y + 11, 11, { fill: "#57606a" });
    y += 18 + pad;
    out.setAttribute("width", width);
    out.setAttribute("height", y);
    out.setAttribute("viewBox", "0 0 " + width + " " + y);
    return { text: new XMLSerializer().serializeToString(out), width: width, height: y };
  }

  function downloadPng() {
    // The SVG drawn on a canvas through an image with a data: address (img-src allows data:).
    var svg = exportSvg(), scale = 2;
    var img = new Image();
    img.onload = function () {
      var c = document.createElement("canvas");
      c.width = svg.width * scale;
      c.height = svg.height * scale;
      var ctx = c.getContext("2d");
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0, svg.width, svg.height);
      c.toBlob(function (blob) { save(blob, ".png"); }, "image/png");
    };
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg.text);
  }

  function save(blob, extension) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = filename() + extension;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  // --- loading -----------------------------------------------------------------------------------------

  function load() {
    var notice = document.getElementById("map-notice");
    var shapes = fetch(figure.dataset.shapes).then(function (r) { return r.json(); });
    var data = fetch(figure.dataset.layerUrl + "?" + layerQuery().toString(), { credentials: "same-origin" })
      .then(function (r) { return r.json(); });
    Promise.all([shapes, data]).then(function (res) {
      if (res[1].error) throw new Error(res[1].error.message);
      if (notice && !Object.keys(res[1].values).length) {
        // no member list: the notice says so, rather than a map with nothing on it
        canvas.hidden = true;
        figure.classList.add("map-empty");
        figure.setAttribute("data-ready", "true");
        return;
      }
      draw(res[0], res[1]);
    }).catch(function (err) {
      canvas.textContent = err.message;
    });
  }

  readTemplate();
  if (tools) tools.addEventListener("click", onTool);
  var form = document.getElementById("layer-form");
  if (form) {
    // Choosing a layer reloads the page, so the table and the map always show the same layer.
    form.addEventListener("change", function () { form.submit(); });
  }
  load();
})();
