// The map of cross-border cooperation on /regions: countries of Europe shaded by their
// organisations, cross-border ties as arcs as wide as the number of ties, each country a
// link to its region page. Shapes are world-atlas's (vendored), drawn with d3-geo; the
// data is the JSON island #map-data (the same matrix as the page's JSON twin).
(function () {
  "use strict";
  var svg = document.getElementById("map");
  var source = document.getElementById("map-data");
  if (!svg || !source || typeof d3 === "undefined" || typeof topojson === "undefined") {
    return;
  }
  var cfg = JSON.parse(source.textContent);
  var NS = "http://www.w3.org/2000/svg";
  var status = document.getElementById("map-status");
  var state = { drawn: false, countries: 0, arcs: 0 };
  window.partnernetMap = state;
  var WIDTH = 960;
  var HEIGHT = 640;
  // The frame: Europe with the Balkans in view, or the Balkans alone.
  var frame = cfg.balkan_only ? [[13, 34.5], [30.5, 48.5]] : [[-9, 36], [38, 58]];
  var LIGHT = [232, 241, 248];
  var DARK = [8, 69, 148];

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)[sd]/g, function (_, key) {
      return String(values[key]);
    });
  }
  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (key) {
      node.setAttribute(key, attrs[key]);
    });
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }
  function shade(share) {
    var rgb = LIGHT.map(function (v, i) {
      return Math.round(v + (DARK[i] - v) * share);
    });
    return "rgb(" + rgb.join(",") + ")";
  }
  function box(corners) {
    var a = corners[0];
    var b = corners[1];
    var ring = [];
    for (var x = a[0]; x <= b[0]; x += 1) {
      ring.push([x, a[1]]);
    }
    for (var y = a[1]; y <= b[1]; y += 1) {
      ring.push([b[0], y]);
    }
    for (x = b[0]; x >= a[0]; x -= 1) {
      ring.push([x, b[1]]);
    }
    for (y = b[1]; y >= a[1]; y -= 1) {
      ring.push([a[0], y]);
    }
    return { type: "Feature", geometry: { type: "LineString", coordinates: ring } };
  }

  function draw(atlas) {
    var features = topojson.feature(atlas, atlas.objects.countries).features;
    var byNumeric = {};
    var byName = {};
    features.forEach(function (f) {
      if (f.id !== undefined) {
        byNumeric[f.id] = f;
      }
      byName[f.properties.name] = f;
    });
    var projection = d3
      .geoConicConformal()
      .rotate([-15, 0])
      .parallels([40, 56])
      .fitExtent([[8, 8], [WIDTH - 8, HEIGHT - 8]], box(frame));
    var path = d3.geoPath(projection);
    svg.setAttribute("viewBox", "0 0 " + WIDTH + " " + HEIGHT);
    el("rect", { x: 0, y: 0, width: WIDTH, height: HEIGHT, class: "sea" }, svg);
    var land = el("g", { class: "land" }, svg);
    features.forEach(function (f) {
      el("path", { d: path(f) || "", class: "other" }, land);
    });

    var ties = {};
    cfg.ties.forEach(function (t) {
      ties[t.a] = (ties[t.a] || 0) + t.ties;
      ties[t.b] = (ties[t.b] || 0) + t.ties;
    });
    var most = Math.max.apply(
      null,
      cfg.countries.map(function (c) {
        return c.organisations;
      }).concat([1])
    );
    var layer = el("g", { class: "countries" }, svg);
    var centre = {};
    cfg.countries.forEach(function (c) {
      var f = (c.numeric && byNumeric[c.numeric]) || byName[c.name];
      if (!f || !c.organisations) {
        return;
      }
      var label = fmt(cfg.text.country, { name: c.name, n: c.organisations, ties: ties[c.id] || 0 });
      var link = el("a", { href: cfg.region.replace("__id__", c.id), class: "country", "data-id": c.id,
        "data-organisations": c.organisations, "data-ties": ties[c.id] || 0, "aria-label": label }, layer);
      el("title", {}, link).textContent = label;
      el("path", { d: path(f) || "", fill: shade(Math.sqrt(c.organisations / most)) }, link);
      centre[c.id] = projection(d3.geoCentroid(largest(f)));
      link.addEventListener("mouseenter", function () {
        highlight(c.id, label);
      });
      link.addEventListener("focus", function () {
        highlight(c.id, label);
      });
      link.addEventListener("mouseleave", function () {
        highlight(null, cfg.text.hint);
      });
      state.countries += 1;
    });

    var widest = Math.max.apply(
      null,
      cfg.ties.map(function (t) {
        return t.ties;
      }).concat([1])
    );
    var arcs = el("g", { class: "arcs" }, svg);
    cfg.ties.forEach(function (t) {
      var a = centre[t.a];
      var b = centre[t.b];
      if (!a || !b) {
        return;
      }
      var mx = (a[0] + b[0]) / 2;
      var my = (a[1] + b[1]) / 2;
      var dx = b[0] - a[0];
      var dy = b[1] - a[1];
      var bend = 0.2;
      var d = "M" + a[0] + "," + a[1] + " Q" + (mx - dy * bend) + "," + (my + dx * bend) + " " + b[0] + "," + b[1];
      var label = fmt(cfg.text.pair, { a: t.a, b: t.b, ties: t.ties, projects: t.projects });
      var arc = el("path", { d: d, class: "arc", "stroke-width": (1 + 9 * Math.sqrt(t.ties / widest)).toFixed(2),
        "data-a": t.a, "data-b": t.b, "data-ties": t.ties }, arcs);
      el("title", {}, arc).textContent = label;
      state.arcs += 1;
    });
    Object.keys(centre).forEach(function (id) {
      var text = el("text", { x: centre[id][0], y: centre[id][1], class: "code" }, arcs);
      text.textContent = id;
    });
    state.drawn = true;
    svg.setAttribute("data-drawn", "true");
  }
  // Hovering a country lights its arcs and lists its partner countries with their ties
  // (arcs themselves take no pointer: they would cover the countries they start from).
  function highlight(id, label) {
    var partners = [];
    svg.querySelectorAll("path.arc").forEach(function (arc) {
      var mine = id !== null && (arc.getAttribute("data-a") === id || arc.getAttribute("data-b") === id);
      arc.classList.toggle("lit", mine);
      arc.classList.toggle("dim", id !== null && !mine);
      if (mine) {
        var other = arc.getAttribute("data-a") === id ? arc.getAttribute("data-b") : arc.getAttribute("data-a");
        partners.push([other, Number(arc.getAttribute("data-ties"))]);
      }
    });
    partners.sort(function (x, y) {
      return y[1] - x[1];
    });
    if (status) {
      status.textContent = label + (partners.length ? " — " + partners.map(function (p) {
        return p[0] + " " + p[1];
      }).join(", ") : "");
    }
  }

  // A country's largest polygon (mainland), so arcs start inside it, not at sea.
  function largest(f) {
    if (f.geometry.type !== "MultiPolygon") {
      return f;
    }
    var best = null;
    var bestArea = -1;
    f.geometry.coordinates.forEach(function (polygon) {
      var g = { type: "Polygon", coordinates: polygon };
      var area = d3.geoArea(g);
      if (area > bestArea) {
        best = g;
        bestArea = area;
      }
    });
    return best;
  }

  fetch(cfg.atlas, { credentials: "same-origin" })
    .then(function (response) {
      return response.json();
    })
    .then(draw);
})();
