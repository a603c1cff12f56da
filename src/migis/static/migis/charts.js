// migis charts: every `.chart-canvas` of the page is drawn from its Vega-Lite description (a JSON script
// element made by includes/chart.html) with the vendored vega, vega-lite and vega-embed, loaded from this
// site only when the page has a chart. The descriptions come translated and already mirrored for
// right-to-left pages (migis/core/charts.py); here only the number format follows the page's language.
// Content-Security-Policy: Vega's expressions are run by the interpreter bundled in vega-embed
// (`ast: true`), never by eval; vega-embed's and the tooltip's own style sheets are not injected
// (`defaultStyle: false`, `disableDefaultStyle`), charts.css styles them; no actions menu. See docs/charts.md.
(function () {
  "use strict";
  var script = document.currentScript;
  var canvases = Array.prototype.slice.call(document.querySelectorAll(".chart-canvas[data-spec]"));
  if (!script || !canvases.length) return;
  var lang = document.documentElement.lang || "en";
  // d3-format locales: French groups thousands with a narrow no-break space and writes a decimal comma;
  // Arabic pages keep Western digits, written left to right, as the rest of the site does.
  var LOCALES = {
    fr: { decimal: ",", thousands: "\u202f", grouping: [3], currency: ["", "\u00a0€"] },
    ar: { decimal: ".", thousands: ",", grouping: [3], currency: ["", ""] },
    en: { decimal: ".", thousands: ",", grouping: [3], currency: ["", ""] }
  };
  var LIBRARIES = [["vega", "vega"], ["vegaLite", "vegaLite"], ["vegaEmbed", "vegaEmbed"]];

  function load(name, global) {
    return new Promise(function (resolve, reject) {
      if (window[global]) return resolve();
      var tag = document.createElement("script");
      tag.src = script.dataset[name];
      tag.async = false; // in order: vega-lite needs vega, vega-embed needs both
      tag.onload = function () { resolve(); };
      tag.onerror = function () { reject(new Error("could not load " + tag.src)); };
      document.head.appendChild(tag);
    });
  }

  function fail(canvas, error) {
    canvas.dataset.ready = "error";
    var details = canvas.parentNode.querySelector("details.chart-data");
    if (details) details.open = true; // no drawing: the table says it all
    if (window.console) console.warn("chart not drawn:", error);
  }

  function draw(canvas) {
    var holder = document.getElementById(canvas.dataset.spec);
    var spec;
    try {
      spec = JSON.parse(holder.textContent);
    } catch (error) {
      return Promise.resolve(fail(canvas, error));
    }
    return window.vegaEmbed(canvas, spec, {
      renderer: "svg",
      actions: false,
      defaultStyle: false,
      ast: true,
      expr: window.vega.expressionInterpreter, // undefined: vega-embed uses the one it bundles
      tooltip: { disableDefaultStyle: true },
      formatLocale: LOCALES[lang] || LOCALES.en
    }).then(function () {
      canvas.dataset.ready = "true";
    }, function (error) {
      fail(canvas, error);
    });
  }

  LIBRARIES.reduce(function (previous, library) {
    return previous.then(function () { return load(library[0], library[1]); });
  }, Promise.resolve()).then(function () {
    return Promise.all(canvases.map(draw));
  }, function (error) {
    canvases.forEach(function (canvas) { fail(canvas, error); });
  }).then(function () {
    document.documentElement.dataset.charts = "ready";
  });
})();
