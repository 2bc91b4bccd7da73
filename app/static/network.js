// The network explorer: one component for every network view (ego network, profile,
// path, region). It draws the JSON island #network-data with vis-network (served from
// the app) and lets people explore in place: click a node (or press Enter on it in the
// node list) to add its partners from the JSON API, again to take them away; find a
// node; zoom, fit; pin; read the selected organisation in the side panel; colour by kind
// or country; overlay a broker's potential partners; save the view as PNG or GEXF. The
// address carries the view (history.replaceState), so it can be bookmarked.
//
// Labels are placed, never overlapping: the focus, the selected and the hovered node
// first, then the others by size, each only if its box is clear of those already placed;
// more appear as one zooms in. Above the node cap, organisations are grouped by country
// into cluster nodes that open on click.
//
// window.partnernet exposes the DataSets, the network and the state for tests.
(function () {
  "use strict";
  var holder = document.getElementById("network");
  var source = document.getElementById("network-data");
  if (!holder || !source || typeof vis === "undefined") {
    return;
  }
  var cfg = JSON.parse(source.textContent);
  var T = cfg.text;
  var FONT = 12; // label size on screen, in CSS pixels, whatever the zoom
  var GAP = 3; // clear space around each label, in CSS pixels
  var POTENTIAL = "#d55e00";
  var INTRODUCER = "#e69f00";
  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var state = {
    nodes: nodes,
    edges: edges,
    stabilized: false,
    stabilizedAt: null,
    busy: 0,
    focus: cfg.focus,
    selected: null,
    hovered: null,
    expanded: {}, // id -> true, in the order of expansion
    pinned: {},
    byCountry: false,
    potential: false,
    introducers: {},
    clusters: [],
  };
  window.partnernet = state;
  var owners = {}; // node or edge id -> {expander id or "base" or "potential": true}
  var countryColour = {};

  function fmt(template, values) {
    return template.replace(/%\((\w+)\)[sd]/g, function (_, key) {
      return String(values[key]);
    });
  }
  function url(name, id) {
    return cfg.urls[name].replace("__id__", encodeURIComponent(id));
  }
  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // --- names, colours, nodes ------------------------------------------------------

  // A short label that keeps what tells an organisation apart: its acronym, its quoted
  // name, the shorter side of a dash, or its first and last words.
  var MAX = 26;
  function shortName(name) {
    var text = name.replace(/\s*\(illustrative\)\s*$/i, "").trim();
    var acronym = text.match(/\(([A-Z][A-Za-z0-9]{1,9})\)\s*$/);
    if (acronym) {
      return acronym[1];
    }
    text = text.replace(/\s*\([^)]*\)\s*$/, "");
    if (text.length <= MAX) {
      return text;
    }
    var quoted = text.match(/„([^”"]+)[”"]\s*(.*)$/);
    if (quoted) {
      var rest = quoted[2] ? " " + quoted[2] : "";
      if ((quoted[1] + rest).length <= MAX + 4) {
        return "„" + quoted[1] + "”" + rest;
      }
      return "„" + quoted[1] + "”";
    }
    var sides = text.split(" – ");
    if (sides.length === 2) {
      var shorter = sides[0].length <= sides[1].length ? sides[0] : sides[1];
      if (shorter.length <= MAX) {
        return shorter;
      }
    }
    var words = text.split(/\s+/);
    var head = [];
    var tail = [];
    while (words.length && (tail.join(" ") + words[words.length - 1]).length <= 12) {
      tail.unshift(words.pop());
    }
    while (words.length && (head.join(" ") + words[0]).length <= MAX - 12) {
      head.push(words.shift());
    }
    return words.length ? head.join(" ") + " … " + tail.join(" ") : head.concat(tail).join(" ");
  }

  function kindOf(n) {
    return n.type === "organisation" ? n.kind || "other" : n.type;
  }
  function colourOf(n) {
    if (state.byCountry && n.type !== "project") {
      return countryColour[n.country] || cfg.palette.other;
    }
    return cfg.palette.kind[kindOf(n)] || cfg.palette.kind.other;
  }
  function tooltip(n) {
    var lines = [n.name];
    if (n.type === "group") {
      lines.push(fmt(T.organisations, { n: n.members }));
    } else {
      var details = [T.kinds[kindOf(n)], n.country, n.region].filter(Boolean).join(" · ");
      if (details) {
        lines.push(details);
      }
    }
    if (state.introducers[n.id]) {
      lines.push(T.introducer);
    }
    return lines.join("\n");
  }
  function styled(n) {
    var colour = colourOf(n);
    var focus = n.id === state.focus;
    var introducer = !!state.introducers[n.id];
    var border = focus ? "#1d2733" : introducer ? INTRODUCER : colour;
    return {
      id: n.id,
      title: tooltip(n),
      color: {
        background: colour,
        border: border,
        highlight: { background: colour, border: "#1d2733" },
        hover: { background: colour, border: "#1d2733" },
      },
      borderWidth: focus ? 5 : introducer ? 5 : 1,
      shadow: focus ? { enabled: true, size: 14, x: 0, y: 0, color: "rgba(29,39,51,.45)" } : false,
    };
  }
  function visNode(n) {
    var value = n.type === "group" ? n.members : n[cfg.size] || 0;
    var node = styled(n);
    node.label = "";
    node.value = n.id === state.focus ? Math.max(value, maxValue) + 1 : value + 1;
    node.shape = n.type === "project" ? "square" : n.type === "group" ? "hexagon" : "dot";
    node.raw = n;
    node.short = shortName(n.name);
    node.kind = n.kind;
    node.type = n.type;
    node.country = n.country;
    return node;
  }
  function edgeId(e) {
    var a = e.source < e.target ? e.source : e.target;
    var b = a === e.source ? e.target : e.source;
    return a + "|" + b + "|" + e.rel;
  }
  function visEdge(e) {
    var dash = cfg.dashes[e.rel];
    return {
      id: edgeId(e),
      from: e.source,
      to: e.target,
      value: e.weight,
      dashes: dash === undefined ? false : dash,
      title: (T.rels[e.rel] || e.rel) + " · " + e.weight,
      rel: e.rel,
      weight: e.weight,
    };
  }
  function own(id, owner) {
    (owners[id] = owners[id] || {})[owner] = true;
  }
  function restyle() {
    nodes.update(
      nodes.get().map(function (n) {
        return styled(n.raw);
      })
    );
  }

  var maxValue = 0;
  cfg.network.nodes.forEach(function (n) {
    maxValue = Math.max(maxValue, n.type === "group" ? n.members : n[cfg.size] || 0);
  });
  function assignCountryColours() {
    var counts = {};
    nodes.get().forEach(function (n) {
      if (n.country) {
        counts[n.country] = (counts[n.country] || 0) + 1;
      }
    });
    var order = Object.keys(counts).sort(function (a, b) {
      return counts[b] - counts[a] || (a < b ? -1 : 1);
    });
    countryColour = {};
    order.slice(0, cfg.palette.country.length).forEach(function (c, i) {
      countryColour[c] = cfg.palette.country[i];
    });
    return order;
  }

  nodes.add(cfg.network.nodes.map(visNode));
  edges.add(cfg.network.edges.map(visEdge));
  nodes.getIds().forEach(function (id) {
    own(id, "base");
  });
  edges.getIds().forEach(function (id) {
    own(id, "base");
  });

  var options = cfg.options;
  if (nodes.length > 800) {
    // Fewer, cheaper steps for big drawings: they must settle within seconds.
    options.physics.stabilization.iterations = 60;
    options.physics.barnesHut.theta = 0.8;
  }
  var network = new vis.Network(holder, { nodes: nodes, edges: edges }, options);
  state.network = network;

  // A white background, so a saved PNG is not transparent.
  network.on("beforeDrawing", function (ctx) {
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, ctx.canvas.width, ctx.canvas.height);
    ctx.restore();
  });

  // --- labels that never overlap ------------------------------------------------

  var measure = document.createElement("canvas").getContext("2d");
  function textWidth(text) {
    measure.font = FONT + "px system-ui, sans-serif";
    return measure.measureText(text).width;
  }
  function radius(id) {
    var body = network.body.nodes[id];
    return body && body.shape && body.shape.height ? body.shape.height / 2 : 10;
  }
  function priority(id) {
    if (id === state.hovered) {
      return 4e9;
    }
    if (id === state.selected) {
      return 3e9;
    }
    if (id === state.focus) {
      return 2e9;
    }
    var n = nodes.get(id);
    return (n.value || 0) + (state.expanded[id] ? 1e6 : 0) + (state.introducers[id] ? 1e6 : 0);
  }
  function visible() {
    var hidden = {};
    state.clusters.forEach(function (cid) {
      network.getNodesInCluster(cid).forEach(function (id) {
        hidden[id] = true;
      });
    });
    return nodes.getIds().filter(function (id) {
      return !hidden[id];
    });
  }
  function placeLabels() {
    var scale = network.getScale();
    var ids = visible();
    var positions = network.getPositions(ids);
    var placed = [];
    var want = {};
    var pad = GAP / scale;
    var height = (FONT * 1.25) / scale;
    // The big nodes and the focus are obstacles too: no label is written over them.
    var biggest = 0;
    ids.forEach(function (id) {
      biggest = Math.max(biggest, radius(id));
    });
    ids.forEach(function (id) {
      var r = radius(id);
      if (id === state.focus || r >= biggest * 0.6) {
        var p = positions[id];
        placed.push({ l: p.x - r, r: p.x + r, t: p.y - r, b: p.y + r, owner: id });
      }
    });
    var candidates = ids
      .map(function (id) {
        return { id: id, p: priority(id), text: nodes.get(id).short };
      })
      .concat(
        state.clusters.map(function (cid) {
          return { id: cid, p: 5e9, text: clusterLabel[cid], cluster: true };
        })
      )
      .sort(function (a, b) {
        return b.p - a.p || (a.id < b.id ? -1 : 1);
      });
    var clusterPositions = state.clusters.length ? network.getPositions(state.clusters) : {};
    // Only labels wholly inside the canvas: a label cut at the edge reads as another name.
    var corner = network.DOMtoCanvas({ x: 0, y: 0 });
    var far = network.DOMtoCanvas({ x: holder.clientWidth, y: holder.clientHeight });
    candidates.forEach(function (c) {
      var p = c.cluster ? clusterPositions[c.id] : positions[c.id];
      if (!p || !c.text) {
        return;
      }
      var width = textWidth(c.text) / scale;
      var top = p.y + (c.cluster ? 24 : radius(c.id)) + 2 / scale;
      var box = { l: p.x - width / 2 - pad, r: p.x + width / 2 + pad, t: top - pad, b: top + height + pad };
      var inside = box.l >= corner.x && box.r <= far.x && box.t >= corner.y && box.b <= far.y;
      if (!inside && c.p < 2e9) {
        return; // the focus, selected and hovered nodes keep theirs
      }
      for (var i = 0; i < placed.length; i += 1) {
        var o = placed[i];
        if (o.owner !== c.id && box.l < o.r && o.l < box.r && box.t < o.b && o.t < box.b) {
          return;
        }
      }
      placed.push(box);
      want[c.id] = c.text;
    });
    var font = { size: FONT / scale, strokeWidth: 3 / scale };
    var updates = [];
    ids.forEach(function (id) {
      var n = nodes.get(id);
      var label = want[id] || "";
      if (n.label !== label || (label && n.fontSize !== font.size)) {
        updates.push({
          id: id,
          label: label,
          fontSize: label ? font.size : null,
          font: { size: font.size, strokeWidth: font.strokeWidth, bold: id === state.focus },
        });
      }
    });
    nodes.update(updates);
    var scores = edges.get({
      filter: function (e) {
        return !!e.potential && e.fontSize !== font.size;
      },
    });
    edges.update(
      scores.map(function (e) {
        return { id: e.id, fontSize: font.size, font: { size: font.size, strokeWidth: font.strokeWidth } };
      })
    );
    state.clusters.forEach(function (cid) {
      network.clustering.updateClusteredNode(cid, { label: want[cid] || "", font: font });
    });
    state.labelled = Object.keys(want);
  }
  var labelTimer = null;
  function placeLabelsSoon() {
    clearTimeout(labelTimer);
    labelTimer = setTimeout(placeLabels, 120);
  }
  network.on("zoom", placeLabelsSoon);
  // A new canvas size (a phone turned, a window resized): fit the drawing again.
  network.on("resize", function () {
    if (state.stabilized) {
      fitView();
      placeLabelsSoon();
    }
  });
  network.on("dragEnd", function (params) {
    if (params.nodes.length) {
      placeLabelsSoon();
    }
  });
  network.on("animationFinished", placeLabels);

  // --- settling, and filling the canvas ------------------------------------------

  // Fit the drawing to the canvas from the nodes' positions and sizes (vis-network's
  // fit() reads boxes as last drawn, and leaves wide margins), with room for labels.
  function fitView() {
    var ids = visible().concat(state.clusters);
    if (!ids.length) {
      return;
    }
    var pos = network.getPositions(ids);
    var minX = Infinity;
    var maxX = -Infinity;
    var minY = Infinity;
    var maxY = -Infinity;
    ids.forEach(function (id) {
      var r = network.isCluster(id) ? 24 : radius(id);
      minX = Math.min(minX, pos[id].x - r);
      maxX = Math.max(maxX, pos[id].x + r);
      minY = Math.min(minY, pos[id].y - r);
      maxY = Math.max(maxY, pos[id].y + r);
    });
    var margin = 12;
    // Half the focus's label on each side: it is always shown, even at the edge.
    var focus = state.focus && nodes.get(state.focus);
    var side = Math.max(margin, focus ? textWidth(focus.short) / 2 : 0);
    var below = FONT * 1.6; // the lowest nodes' labels
    var scale = Math.min(
      (holder.clientWidth - 2 * side) / Math.max(maxX - minX, 1),
      (holder.clientHeight - 2 * margin - below) / Math.max(maxY - minY, 1),
      1.5
    );
    network.moveTo({
      position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 + below / (2 * scale) },
      scale: scale,
      animation: false,
    });
  }

  // Stretch the settled layout to the canvas's proportions (within limits), so a round
  // cloud of nodes uses a wide canvas's width, then fit it.
  function fill() {
    var ids = visible();
    if (ids.length < 3) {
      fitView();
      return;
    }
    var pos = network.getPositions(ids);
    // The spread of the middle 80% of nodes: a few outliers must not set the proportions.
    var spread = function (axis) {
      var values = ids
        .map(function (id) {
          return pos[id][axis];
        })
        .sort(function (a, b) {
          return a - b;
        });
      var low = values[Math.floor(values.length * 0.1)];
      var high = values[Math.ceil(values.length * 0.9) - 1];
      return [low, Math.max(high - low, 1)];
    };
    var xs = spread("x");
    var ys = spread("y");
    var width = xs[1];
    var height = ys[1];
    var minX = xs[0];
    var maxX = xs[0] + width;
    var minY = ys[0];
    var maxY = ys[0] + height;
    var want = holder.clientWidth / Math.max(holder.clientHeight, 1);
    var have = width / height;
    var sx = have < want ? Math.min(want / have, 2.5) : 1;
    var sy = have > want ? Math.min(have / want, 2.5) : 1;
    var cx = (minX + maxX) / 2;
    var cy = (minY + maxY) / 2;
    if (sx !== 1 || sy !== 1) {
      // One DataSet update (one redraw): moveNode() redraws the whole drawing per node.
      nodes.update(
        ids.map(function (id) {
          return { id: id, x: cx + (pos[id].x - cx) * sx, y: cy + (pos[id].y - cy) * sy };
        })
      );
    }
    fitView();
  }

  var afterSettle = [];
  function settle() {
    if (state.stabilized) {
      return;
    }
    network.setOptions({ physics: { enabled: false } });
    Object.keys(state.fixedForLayout || {}).forEach(function (id) {
      if (nodes.get(id)) {
        nodes.update({ id: id, fixed: !!state.pinned[id] });
      }
    });
    state.fixedForLayout = null;
    if (state.stabilizedAt === null) {
      fill();
    } else {
      fitView();
    }
    cluster();
    placeLabels();
    state.stabilized = true;
    if (state.stabilizedAt === null) {
      state.stabilizedAt = performance.now();
    }
    holder.setAttribute("data-stabilized", "true");
    var waiting = afterSettle;
    afterSettle = [];
    waiting.forEach(function (fn) {
      fn();
    });
  }
  network.once("stabilizationIterationsDone", function () {
    state.physicsDoneAt = performance.now(); // for benchmarks: layout versus the rest
  });
  network.on("stabilizationIterationsDone", settle);
  network.on("stabilized", settle);
  if (nodes.length === 0) {
    settle();
  }

  // Lay out nodes just added (near the node they came from) with the others held still.
  function relayout(added, near) {
    if (!added.length) {
      cluster();
      placeLabels();
      syncList();
      return Promise.resolve();
    }
    var fixed = {};
    var origin = network.getPosition(near);
    nodes.update(
      nodes.getIds().map(function (id) {
        if (added.indexOf(id) >= 0) {
          var angle = Math.random() * 2 * Math.PI;
          return { id: id, x: origin.x + 80 * Math.cos(angle), y: origin.y + 80 * Math.sin(angle) };
        }
        fixed[id] = true;
        return { id: id, fixed: true };
      })
    );
    state.fixedForLayout = fixed;
    state.stabilized = false;
    holder.removeAttribute("data-stabilized");
    return new Promise(function (resolve) {
      afterSettle.push(resolve);
      network.setOptions({ physics: { enabled: true } });
      network.stabilize(100);
    }).then(syncList);
  }

  // --- expanding and collapsing ---------------------------------------------------

  function query(id) {
    var params = new URLSearchParams({ depth: "1" });
    ["rels", "kinds"].forEach(function (key) {
      if (cfg.query[key] && cfg.query[key].length) {
        params.set(key, cfg.query[key].join(","));
      }
    });
    return url("network", id) + "&" + params.toString();
  }
  function getJSON(address) {
    state.busy += 1;
    return fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status + " " + address);
        }
        return response.json();
      })
      .finally(function () {
        state.busy -= 1;
      });
  }
  function expandable(id) {
    var n = nodes.get(id);
    return !!n && n.type === "organisation" && id !== state.focus;
  }
  function expand(id) {
    if (!expandable(id) || state.expanded[id]) {
      return Promise.resolve();
    }
    state.expanded[id] = true;
    return getJSON(query(id))
      .then(function (net) {
        var added = [];
        net.nodes.forEach(function (n) {
          if (n.id === id) {
            return;
          }
          if (!nodes.get(n.id)) {
            nodes.add(visNode(n));
            added.push(n.id);
          }
          own(n.id, id);
        });
        net.edges.forEach(function (e) {
          var v = visEdge(e);
          if (!edges.get(v.id)) {
            edges.add(v);
          }
          own(v.id, id);
        });
        if (state.byCountry) {
          assignCountryColours();
          restyle();
          legend();
        }
        remember();
        return relayout(added, id);
      })
      .catch(function () {
        delete state.expanded[id];
        showMessage(T.load_error);
      });
  }
  // Remove what only ``owner`` brought (and what only those brought, in turn).
  function release(owner) {
    var gone = [];
    Object.keys(owners).forEach(function (id) {
      var by = owners[id];
      if (by[owner]) {
        delete by[owner];
        if (!Object.keys(by).length) {
          delete owners[id];
          if (nodes.get(id)) {
            gone.push(id);
          } else {
            edges.remove(id);
          }
        }
      }
    });
    gone.forEach(function (id) {
      if (state.expanded[id]) {
        delete state.expanded[id];
        release(id);
      }
    });
    nodes.remove(gone);
    edges.remove(
      edges.get({
        filter: function (e) {
          return !nodes.get(e.from) || !nodes.get(e.to);
        },
      })
    );
    if (gone.indexOf(state.selected) >= 0) {
      select(null);
    }
  }
  function collapse(id) {
    if (!state.expanded[id]) {
      return;
    }
    delete state.expanded[id];
    release(id);
    uncluster();
    cluster();
    placeLabels();
    syncList();
    remember();
  }
  function toggle(id) {
    if (state.expanded[id]) {
      collapse(id);
      renderPanel();
      return Promise.resolve();
    }
    return expand(id).then(renderPanel);
  }

  // --- clusters above the node cap ----------------------------------------------

  var clusterLabel = {};
  function uncluster() {
    state.clusters.forEach(function (cid) {
      if (network.isCluster(cid)) {
        network.openCluster(cid);
      }
    });
    state.clusters = [];
  }
  function cluster() {
    var notice = document.getElementById("net-cluster-notice");
    var cap = cfg.network.cap;
    var loose = visible();
    if (loose.length <= cap) {
      if (notice && !state.clusters.length) {
        notice.hidden = true;
      }
      return;
    }
    var keep = function (id) {
      return id === state.focus || id === state.selected || state.expanded[id] || state.pinned[id];
    };
    var byCountry = {};
    loose.forEach(function (id) {
      var n = nodes.get(id);
      if (n.type === "organisation" && !keep(id)) {
        (byCountry[n.country || "?"] = byCountry[n.country || "?"] || []).push(id);
      }
    });
    Object.keys(byCountry).forEach(function (country) {
      var members = byCountry[country];
      if (members.length < 2) {
        return;
      }
      var cid = "cluster:" + country;
      var set = {};
      members.forEach(function (id) {
        set[id] = true;
      });
      clusterLabel[cid] = country + " · " + members.length;
      network.cluster({
        joinCondition: function (n) {
          return !!set[n.id];
        },
        clusterNodeProperties: {
          id: cid,
          label: "",
          shape: "hexagon",
          size: Math.min(40, 14 + Math.sqrt(members.length) * 2),
          color: { background: countryColour[country] || cfg.palette.kind.group, border: "#1d2733" },
          borderWidth: 2,
          title: country + "\n" + fmt(T.organisations, { n: members.length }),
        },
      });
      state.clusters.push(cid);
    });
    if (notice) {
      notice.textContent = fmt(T.clustered, { cap: cap, by: T.country });
      notice.hidden = false;
    }
  }
  function openCluster(cid) {
    network.openCluster(cid);
    state.clusters = state.clusters.filter(function (c) {
      return c !== cid;
    });
    placeLabels();
  }

  // --- selection and the side panel ---------------------------------------------

  var panel = document.getElementById("net-panel");
  var panelHint = panel ? panel.innerHTML : "";
  function element(tag, text, cls) {
    var el = document.createElement(tag);
    if (text !== undefined && text !== null) {
      el.textContent = text;
    }
    if (cls) {
      el.className = cls;
    }
    return el;
  }
  function showMessage(text) {
    if (panel) {
      panel.replaceChildren(element("p", text, "error"));
    }
  }
  function pageOf(n) {
    if (n.type === "organisation") {
      return url("org", n.id);
    }
    if (n.type === "project") {
      return url("project", n.id.replace(/^project:/, ""));
    }
    if (n.type === "group" && (n.region || n.country)) {
      return url("region", n.region || n.country);
    }
    return null;
  }
  function competenceList(title, items, key) {
    var box = element("div");
    box.appendChild(element("h4", title));
    if (!items.length) {
      box.appendChild(element("p", T.none, "hint"));
      return box;
    }
    var list = element("ul", null, "inline");
    items.forEach(function (item) {
      list.appendChild(element("li", item.name + " (" + item[key] + ")"));
    });
    box.appendChild(list);
    return box;
  }
  var profileRequest = 0;
  function renderPanel() {
    if (!panel) {
      return;
    }
    var n = state.selected ? nodes.get(state.selected) : null;
    if (!n) {
      panel.innerHTML = panelHint; // the server's own hint, restored
      return;
    }
    var raw = n.raw;
    var box = document.createDocumentFragment();
    box.appendChild(element("h3", raw.name));
    var details = [T.kinds[kindOf(raw)], raw.country, raw.region].filter(Boolean).join(" · ");
    box.appendChild(element("p", details, "meta"));
    var actions = element("p", null, "panel-actions");
    if (expandable(n.id)) {
      var toggleButton = element("button", state.expanded[n.id] ? T.collapse : T.expand);
      toggleButton.type = "button";
      toggleButton.setAttribute("aria-pressed", state.expanded[n.id] ? "true" : "false");
      toggleButton.addEventListener("click", function () {
        toggle(n.id);
      });
      actions.appendChild(toggleButton);
    }
    var pin = element("button", state.pinned[n.id] ? T.unpin : T.pin);
    pin.type = "button";
    pin.setAttribute("aria-pressed", state.pinned[n.id] ? "true" : "false");
    pin.addEventListener("click", function () {
      setPinned(n.id, !state.pinned[n.id]);
    });
    actions.appendChild(pin);
    box.appendChild(actions);
    var page = pageOf(raw);
    if (page) {
      var link = element("a", raw.type === "organisation" ? T.profile : T.page);
      link.href = page;
      box.appendChild(element("p")).appendChild(link);
    }
    var competences = element("div", null, "panel-competences");
    box.appendChild(competences);
    panel.replaceChildren(box);
    if (raw.type === "organisation") {
      var mine = (profileRequest += 1);
      getJSON(url("profile", raw.id))
        .then(function (profile) {
          if (mine !== profileRequest) {
            return;
          }
          competences.appendChild(competenceList(T.offers, profile.offers || [], "level"));
          competences.appendChild(competenceList(T.needs, profile.needs || [], "priority"));
        })
        .catch(function () {
          competences.replaceChildren(element("p", T.load_error, "error"));
        });
    }
  }
  function select(id) {
    state.selected = id && nodes.get(id) ? id : null;
    if (state.selected) {
      network.selectNodes([state.selected]);
    } else {
      network.unselectAll();
    }
    renderPanel();
    syncList();
    placeLabels();
    remember();
  }
  function setPinned(id, on) {
    if (on) {
      state.pinned[id] = true;
    } else {
      delete state.pinned[id];
    }
    nodes.update({ id: id, fixed: on });
    renderPanel();
    remember();
  }

  network.on("click", function (params) {
    if (params.nodes.length > 0) {
      var id = params.nodes[0];
      if (network.isCluster(id)) {
        openCluster(id);
        return;
      }
      select(id);
      if (expandable(id)) {
        toggle(id);
      }
    } else if (params.edges.length === 1) {
      // A potential tie, or a tie drawn over one: the explanation of that pair.
      var edge = edges.get(params.edges[0]);
      var other = edge && (edge.from === state.focus ? edge.to : edge.to === state.focus ? edge.from : null);
      var potential = edge && (edge.potential ? edge : other && edges.get("potential|" + other));
      if (potential) {
        window.location.assign(url("explain", state.focus) + "#match-" + encodeURIComponent(potential.potential));
      }
    }
  });
  network.on("hoverNode", function (params) {
    holder.style.cursor = "pointer";
    state.hovered = params.node;
    placeLabels();
  });
  network.on("blurNode", function () {
    holder.style.cursor = "";
    state.hovered = null;
    placeLabels();
  });
  network.on("hoverEdge", function (params) {
    var edge = edges.get(params.edge);
    holder.style.cursor = edge && edge.potential ? "pointer" : "";
  });

  // --- the node list, in sync with the drawing ------------------------------------

  var list = document.getElementById("net-list");
  var count = document.getElementById("net-count");
  var names = document.getElementById("net-names");
  function syncList() {
    if (!list) {
      return;
    }
    var all = nodes.get().sort(function (a, b) {
      var fa = a.id === state.focus ? 0 : 1;
      var fb = b.id === state.focus ? 0 : 1;
      return fa - fb || a.raw.name.localeCompare(b.raw.name);
    });
    var items = all.map(function (n) {
      var li = element("li");
      var button = element("button", n.raw.name, "node-button");
      button.type = "button";
      button.setAttribute("data-id", n.id);
      if (expandable(n.id)) {
        button.setAttribute("aria-pressed", state.expanded[n.id] ? "true" : "false");
      }
      if (n.id === state.selected) {
        button.setAttribute("aria-current", "true");
      }
      button.addEventListener("click", function () {
        select(n.id);
        network.focus(n.id, { scale: Math.max(network.getScale(), 1), animation: false });
        placeLabels();
        if (expandable(n.id)) {
          toggle(n.id);
        }
      });
      li.appendChild(button);
      li.appendChild(element("span", " " + [T.kinds[kindOf(n.raw)], n.raw.country].filter(Boolean).join(" · "), "meta"));
      return li;
    });
    list.replaceChildren.apply(list, items);
    if (count) {
      count.textContent = String(all.length);
    }
    if (names) {
      names.replaceChildren.apply(
        names,
        all.map(function (n) {
          var option = element("option");
          option.value = n.raw.name;
          return option;
        })
      );
    }
  }

  // --- search ---------------------------------------------------------------------

  function find(text) {
    var q = fold(text).trim();
    if (!q) {
      return null;
    }
    var best = null;
    var bestRank = 0;
    nodes.get().forEach(function (n) {
      var name = fold(n.raw.name);
      var short = fold(n.short);
      var rank = name === q || short === q ? 3 : name.indexOf(q) === 0 || short.indexOf(q) === 0 ? 2 : name.indexOf(q) >= 0 ? 1 : 0;
      if (rank > bestRank || (rank === bestRank && rank > 0 && n.value > best.value)) {
        best = n;
        bestRank = rank;
      }
    });
    return best;
  }
  var searchForm = document.getElementById("net-search-form");
  if (searchForm) {
    searchForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = document.getElementById("net-search").value;
      var hit = find(text);
      if (!hit) {
        showMessage(fmt(T.not_found, { q: text }));
        return;
      }
      state.clusters.forEach(function (cid) {
        if (network.getNodesInCluster(cid).indexOf(hit.id) >= 0) {
          openCluster(cid);
        }
      });
      select(hit.id);
      network.focus(hit.id, { scale: Math.max(network.getScale(), 1.2), animation: false });
      placeLabels();
      holder.focus();
    });
  }

  // --- toolbar: zoom, fit, colours, potential ties, saving --------------------------

  function zoom(factor) {
    network.moveTo({ scale: network.getScale() * factor, animation: false });
    placeLabels();
  }
  function download(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
    }, 1000);
  }
  function drawnView() {
    var ids = nodes.getIds();
    var positions = network.getPositions(ids);
    return {
      nodes: nodes.get().map(function (n) {
        var body = network.body.nodes[n.id];
        return {
          id: n.id,
          label: n.raw.name,
          type: n.type,
          kind: n.raw.kind,
          country: n.raw.country,
          region: n.raw.region,
          colour: colourOf(n.raw),
          size: body ? body.options.size : null,
          x: positions[n.id] ? positions[n.id].x : null,
          y: positions[n.id] ? positions[n.id].y : null,
        };
      }),
      edges: edges.get().map(function (e) {
        return { source: e.from, target: e.to, rel: e.rel, weight: e.weight };
      }),
    };
  }
  var actions = {
    "zoom-in": function () {
      zoom(1.3);
    },
    "zoom-out": function () {
      zoom(1 / 1.3);
    },
    fit: function () {
      fitView();
      placeLabels();
    },
    png: function () {
      holder.querySelector("canvas").toBlob(function (blob) {
        download(blob, "partnernet-view.png");
      });
    },
    gexf: function () {
      state.busy += 1;
      fetch(cfg.urls.gexf, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": cfg.csrf },
        body: JSON.stringify(drawnView()),
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.blob();
        })
        .then(function (blob) {
          download(blob, "partnernet-view.gexf");
        })
        .catch(function () {
          showMessage(T.load_error);
        })
        .finally(function () {
          state.busy -= 1;
        });
    },
  };
  document.querySelectorAll(".explorer-bar [data-act]").forEach(function (button) {
    button.addEventListener("click", actions[button.getAttribute("data-act")]);
  });

  var colours = document.getElementById("net-colours");
  function swatch(colour, text) {
    var li = element("li");
    var mark = element("span", null, "swatch");
    mark.style.background = colour;
    li.appendChild(mark);
    li.appendChild(document.createTextNode(text));
    return li;
  }
  function legend() {
    if (!colours) {
      return;
    }
    var items = [];
    if (state.byCountry) {
      var order = assignCountryColours();
      order.slice(0, cfg.palette.country.length).forEach(function (c) {
        items.push(swatch(countryColour[c], c));
      });
      if (order.length > cfg.palette.country.length) {
        items.push(swatch(cfg.palette.other, T.other));
      }
    } else {
      var present = {};
      nodes.get().forEach(function (n) {
        present[kindOf(n.raw)] = true;
      });
      Object.keys(cfg.palette.kind).forEach(function (kind) {
        if (present[kind]) {
          items.push(swatch(cfg.palette.kind[kind], T.kinds[kind] || kind));
        }
      });
    }
    if (Object.keys(state.introducers).length) {
      var li = swatch("#ffffff", T.introducer);
      li.firstChild.classList.add("ring");
      items.push(li);
    }
    colours.replaceChildren.apply(colours, items);
  }
  var byCountryBox = document.getElementById("net-by-country");
  function setByCountry(on) {
    state.byCountry = on;
    if (byCountryBox) {
      byCountryBox.checked = on;
    }
    assignCountryColours();
    restyle();
    legend();
    remember();
  }
  if (byCountryBox) {
    byCountryBox.addEventListener("change", function () {
      setByCountry(byCountryBox.checked);
    });
  }

  // A broker's potential partners for the focus: dashed edges labelled with the score.
  function score(value) {
    return String(Math.round(value * 10) / 10);
  }
  var potentialBox = document.getElementById("net-potential");
  function setPotential(on) {
    if (potentialBox) {
      potentialBox.checked = on;
    }
    if (!on) {
      state.potential = false;
      state.introducers = {};
      release("potential");
      restyle();
      legend();
      placeLabels();
      syncList();
      remember();
      return Promise.resolve();
    }
    if (!cfg.can_match || state.potential) {
      return Promise.resolve();
    }
    state.potential = true;
    return getJSON(url("match", state.focus))
      .then(function (report) {
        var added = [];
        report.results.forEach(function (r) {
          if (!nodes.get(r.id)) {
            nodes.add(visNode({ id: r.id, name: r.name, type: "organisation", kind: r.kind, country: r.country, region: r.region }));
            added.push(r.id);
          }
          own(r.id, "potential");
          var id = "potential|" + r.id;
          edges.add({
            id: id,
            from: state.focus,
            to: r.id,
            rel: "potential",
            weight: r.score,
            potential: r.id,
            dashes: cfg.dashes.potential,
            width: 3,
            smooth: { enabled: true, type: "curvedCW", roundness: 0.25 }, // beside a tie, not over it
            color: { color: POTENTIAL, highlight: POTENTIAL, hover: POTENTIAL },
            label: score(r.score),
            font: { color: POTENTIAL, size: FONT / network.getScale(), strokeWidth: 3, strokeColor: "#ffffff" },
            title: fmt(T.score, { score: score(r.score) }),
          });
          own(id, "potential");
          r.introducers.forEach(function (i) {
            state.introducers[i.id] = true;
          });
        });
        restyle();
        legend();
        remember();
        return relayout(added, state.focus);
      })
      .catch(function () {
        state.potential = false;
        showMessage(T.load_error);
      });
  }
  if (potentialBox) {
    potentialBox.addEventListener("change", function () {
      setPotential(potentialBox.checked);
    });
  }

  // --- the address carries the view ------------------------------------------------

  var restoring = true;
  function remember() {
    if (restoring) {
      return;
    }
    var params = new URLSearchParams(window.location.search);
    var expanded = Object.keys(state.expanded);
    var set = function (key, value) {
      if (value) {
        params.set(key, value);
      } else {
        params.delete(key);
      }
    };
    set("expand", expanded.join(","));
    set("select", state.selected);
    var colour = state.byCountry ? "country" : "kind";
    set("colour", colour !== cfg.colour ? colour : "");
    set("potential", state.potential ? "1" : "");
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }
  function restore() {
    var params = new URLSearchParams(window.location.search);
    var colour = params.get("colour") || cfg.colour;
    if (colour === "country") {
      setByCountry(true);
    }
    var chain = Promise.resolve();
    (params.get("expand") || "")
      .split(",")
      .filter(Boolean)
      .forEach(function (id) {
        chain = chain.then(function () {
          return expand(id);
        });
      });
    if (params.get("potential") === "1") {
      chain = chain.then(function () {
        return setPotential(true);
      });
    }
    chain.then(function () {
      if (params.get("select")) {
        select(params.get("select"));
      }
      restoring = false;
      state.restored = true;
      remember();
    });
  }

  afterSettle.push(function () {
    legend();
    syncList();
    restore();
  });
})();
