// Draws the page's network (JSON in #network-data) with vis-network, served locally.
// Physics runs until stabilised, then stops; a click on a node opens its page.
// window.partnernet exposes the DataSets and the stabilisation time for tests.
(function () {
  "use strict";
  var holder = document.getElementById("network");
  var source = document.getElementById("network-data");
  if (!holder || !source || typeof vis === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var state = { nodes: nodes, edges: edges, stabilized: false, stabilizedAt: null };
  window.partnernet = state;
  var network = new vis.Network(holder, { nodes: nodes, edges: edges }, data.options);
  state.network = network;

  function settle() {
    if (state.stabilized) {
      return;
    }
    network.setOptions({ physics: { enabled: false } });
    state.stabilized = true;
    state.stabilizedAt = performance.now();
    holder.setAttribute("data-stabilized", "true");
  }
  network.once("stabilizationIterationsDone", settle);
  network.once("stabilized", settle);
  if (nodes.length === 0) {
    settle();
  }

  network.on("click", function (params) {
    if (params.nodes.length > 0) {
      var node = nodes.get(params.nodes[0]);
      if (node && node.url) {
        window.location.assign(node.url);
      }
    }
  });
  network.on("hoverNode", function () { holder.style.cursor = "pointer"; });
  network.on("blurNode", function () { holder.style.cursor = ""; });
})();
