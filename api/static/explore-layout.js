// PrepGraph explorer, layouts. Every layout is deterministic (no random start, input sorted by
// id): the same view draws the same picture each time. Domains, plans and mid-size
// neighbourhoods get a layered layout (dagre): prerequisites first, what they unlock after them,
// arrows routed at right angles through the room dagre keeps for them, so they pass between
// nodes instead of across labels. Small neighbourhoods get rings of hops; the whole graph and
// other big views get one layered block per domain, packed in rows.
(() => {
  "use strict";

  const P = window.PrepGraph;
  const { state } = P;

  /** Below this zoom, labels of a layered view get too small to read: pan instead of shrinking. */
  const MIN_READABLE_ZOOM = 0.8;
  const MAX_FIT_ZOOM = 1.25;
  const FIT_PADDING = 30;
  /** Dagre slows down fast with size; beyond this many nodes a view is drawn in blocks. */
  const LAYERED_MAX_NODES = 320;
  /** A neighbourhood this small reads best as rings of hops around its centre. */
  const RINGS_MAX_NODES = 24;
  /** Up to this many nodes, a layered picture tries both directions and keeps the larger. */
  const CHOOSE_DIRECTION_MAX = 80;
  /** Edges that order the layers as stored: the source is studied first. */
  const FLOW_KINDS = new Set(["prerequisite", "part_of", "schedules"]);
  /** Edges stored from a material to its concept; the layout puts the material after the concept. */
  const MATERIAL_KINDS = new Set(["covers", "assesses"]);
  /** Materials by kind, then by slug: the order of a block too big to layer. */
  const KIND_ORDER = { concept: 0, article: 1, prompt: 2, roadmap_day: 3, domain: 4 };
  const ROUTE_STYLE = ["curve-style", "segment-weights", "segment-distances", "edge-distances"];

  const byId = (a, b) => (a.id() < b.id() ? -1 : a.id() > b.id() ? 1 : 0);
  const dagreReady = () => typeof window.dagre !== "undefined";

  /** Which layout a view gets: "layered", "rings", "blocks" or "grid". */
  function kindFor(mode, cy) {
    const n = cy.nodes().length;
    if (n <= 2) return "grid";
    const layeredFits = dagreReady() && n <= LAYERED_MAX_NODES;
    if (mode === "plan" || mode === "domain") return layeredFits ? "layered" : "blocks";
    if (mode === "around") {
      const centre = cy.getElementById(state.view.around);
      if (centre.nonempty() && n <= RINGS_MAX_NODES) return "rings";
      return layeredFits ? "layered" : "blocks";
    }
    return dagreReady() ? "blocks" : "grid";
  }

  // ---------------------------------------------------------------- dagre

  /**
   * The edges dagre orders layers by, as [edge id, from, to, reversed]: study-order edges as
   * stored, material edges turned round (concept first, then its article or question).
   */
  function flowPairs(edges) {
    const pairs = [];
    edges.sort(byId).forEach((edge) => {
      const kind = edge.data("kind");
      if (FLOW_KINDS.has(kind)) pairs.push([edge, edge.source().id(), edge.target().id(), false]);
      else if (MATERIAL_KINDS.has(kind)) pairs.push([edge, edge.target().id(), edge.source().id(), true]);
    });
    return pairs;
  }

  /** Labels below nodes in left-to-right pictures, beside them in top-to-bottom ones. */
  function setDirection(cy, rankDir) {
    cy.elements().toggleClass("tb", rankDir === "TB");
  }

  /**
   * Run dagre on `nodes` and the flow edges among them, in `rankDir` (LR or TB). Each node's
   * box includes its label, and the node is placed so that its drawn box is dagre's box.
   * Returns the route of every flow edge: {edge, points, reversed}, points in model space.
   */
  function runDagre(nodes, rankDir) {
    const g = new window.dagre.graphlib.Graph({ multigraph: true });
    const across = rankDir === "LR";
    g.setGraph({
      rankdir: rankDir,
      ranker: "network-simplex",
      nodesep: across ? 14 : 18,
      ranksep: across ? 64 : 44,
      edgesep: 8,
    });
    g.setDefaultEdgeLabel(() => ({}));
    const offsets = new Map();
    nodes.sort(byId).forEach((node) => {
      const box = node.boundingBox({ includeLabels: true, includeOverlays: false, includeUnderlays: false });
      const at = node.position();
      offsets.set(node.id(), { x: at.x - (box.x1 + box.x2) / 2, y: at.y - (box.y1 + box.y2) / 2 });
      g.setNode(node.id(), { width: box.w, height: box.h });
    });
    const pairs = flowPairs(nodes.edgesWith(nodes));
    for (const [edge, from, to] of pairs) g.setEdge(from, to, { minlen: 1, weight: 1 }, edge.id());
    window.dagre.layout(g);
    nodes.forEach((node) => {
      const placed = g.node(node.id());
      const offset = offsets.get(node.id());
      node.position({ x: placed.x + offset.x, y: placed.y + offset.y });
    });
    return pairs.map(([edge, from, to, reversed]) => ({
      edge,
      reversed,
      points: g.edge(from, to, edge.id()).points.map((p) => ({ x: p.x, y: p.y })),
    }));
  }

  /**
   * A right-angled path from dagre's points: across the layers only at the depth of a reserved
   * slot (a node's own, or a slot dagre kept for the edge), sideways only in the gaps between
   * layers. `layers` holds the depths (x in LR, y in TB) of the real layers.
   */
  function orthogonal(route, layers, rankDir) {
    const depth = rankDir === "LR" ? "x" : "y";
    const side = rankDir === "LR" ? "y" : "x";
    const point = (d, s) => (depth === "x" ? { x: d, y: s } : { x: s, y: d });
    const [from, to] = route.reversed
      ? [route.edge.target(), route.edge.source()]
      : [route.edge.source(), route.edge.target()];
    const start = from.position();
    const end = to.position();
    const inner = route.points.slice(1, -1);
    const path = [];
    let lane = start[side];
    inner.forEach((p, index) => {
      path.push(point(p[depth], lane));
      if (!layers.has(Math.round(p[depth]))) {
        // A gap between layers: move sideways to where the path goes next.
        lane = index + 1 < inner.length ? inner[index + 1][side] : end[side];
        path.push(point(p[depth], lane));
      }
    });
    const moved = (p, i) => !i || Math.abs(p.x - path[i - 1].x) + Math.abs(p.y - path[i - 1].y) > 0.5;
    const clean = path.filter(moved);
    return route.reversed ? clean.reverse() : clean;
  }

  /** Draw an edge through `path` (model points), as segments relative to its end nodes. */
  function applyRoute(edge, path) {
    const s = edge.source().position();
    const t = edge.target().position();
    const vx = t.x - s.x;
    const vy = t.y - s.y;
    const length2 = vx * vx + vy * vy;
    if (!path.length || length2 < 1) return;
    const length = Math.sqrt(length2);
    const round = (value) => Math.round(value * 1e6) / 1e6;
    const weights = path.map((p) => round(((p.x - s.x) * vx + (p.y - s.y) * vy) / length2));
    const distances = path.map((p) => round(((p.y - s.y) * vx - (p.x - s.x) * vy) / length));
    edge.style({
      "curve-style": "segments",
      "segment-weights": weights.join(" "),
      "segment-distances": distances.join(" "),
      "edge-distances": "node-position",
    });
  }

  /** Route the drawn edges of one dagre run (nodes already at their final places). */
  function routeEdges(routes, nodes, rankDir) {
    const depth = rankDir === "LR" ? "x" : "y";
    const layers = new Set(nodes.map((node) => Math.round(node.position()[depth])));
    // Node positions carry their label offset; the layer depth dagre used is the box centre.
    nodes.forEach((node) => {
      const box = node.boundingBox({ includeLabels: true, includeOverlays: false, includeUnderlays: false });
      layers.add(Math.round((depth === "x" ? box.x1 + box.x2 : box.y1 + box.y2) / 2));
    });
    for (const route of routes) applyRoute(route.edge, orthogonal(route, layers, rankDir));
  }

  /** The zoom at which the drawn nodes, labels included, fit the window. */
  function fitZoom(cy) {
    const box = cy.nodes().boundingBox({ includeLabels: true });
    return Math.min((cy.width() - 2 * FIT_PADDING) / box.w, (cy.height() - 2 * FIT_PADDING) / box.h);
  }

  /**
   * The layered layout of a whole view. Small pictures (a plan, say) try both directions and
   * keep the one that shows larger in the window; big ones run left to right, where a wide
   * layer becomes a column to scroll.
   */
  function layered(cy) {
    const plan = { rankDir: "LR" };
    plan.compute = () => {
      const nodes = cy.nodes();
      if (nodes.length <= CHOOSE_DIRECTION_MAX) {
        setDirection(cy, "LR");
        runDagre(nodes, "LR");
        const across = Math.min(fitZoom(cy), MAX_FIT_ZOOM);
        setDirection(cy, "TB");
        runDagre(nodes, "TB");
        const down = Math.min(fitZoom(cy), MAX_FIT_ZOOM);
        plan.rankDir = down > across + 0.01 ? "TB" : "LR";
      }
      setDirection(cy, plan.rankDir);
      routeEdges(runDagre(nodes, plan.rankDir), nodes, plan.rankDir);
    };
    return plan;
  }

  // ---------------------------------------------------------------- rings, blocks

  /** Rings of hops around the centre of a small neighbourhood. */
  function rings(cy) {
    const centre = cy.getElementById(state.view.around);
    const hops = new Map();
    cy.elements().bfs({
      roots: centre,
      directed: false,
      visit: (node, edge, previous, index, depth) => {
        hops.set(node.id(), depth);
      },
    });
    return {
      eles: cy.elements(),
      options: {
        name: "concentric",
        concentric: (node) => 10 - (hops.get(node.id()) ?? 9),
        levelWidth: () => 1,
        minNodeSpacing: 120,
        avoidOverlap: true,
        nodeDimensionsIncludeLabels: true,
        padding: 40,
        animate: false,
        fit: false,
      },
    };
  }

  /** Lay out a big group on a grid of label-sized cells, concepts first (cheap, readable). */
  function gridBlock(nodes) {
    const sorted = nodes.sort((a, b) =>
      (KIND_ORDER[a.data("kind")] ?? 9) - (KIND_ORDER[b.data("kind")] ?? 9) || byId(a, b));
    const columns = Math.ceil(Math.sqrt(sorted.length * 0.6));
    sorted.forEach((node, index) => {
      node.position({ x: (index % columns) * 150, y: Math.floor(index / columns) * 72 });
    });
  }

  /** Move nodes by (dx, dy). */
  function shift(nodes, dx, dy) {
    nodes.forEach((node) => {
      const at = node.position();
      node.position({ x: at.x + dx, y: at.y + dy });
    });
  }

  /**
   * Big views (the whole graph, a big neighbourhood, a domain with all its materials): one
   * block per domain, each layered like a domain view (or on a grid when too big for dagre),
   * the blocks packed in rows in the domains' display order. Edges between blocks stay straight.
   */
  function blocks(cy) {
    const order = new Map(state.domains.map((domain, index) => [domain.slug, index]));
    const groups = new Map();
    cy.nodes().forEach((node) => {
      const key = node.data("domain") || "";
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(node);
    });
    const keys = [...groups.keys()].sort(
      (a, b) => (order.get(a) ?? 99) - (order.get(b) ?? 99) || a.localeCompare(b),
    );
    const compute = () => {
      const placed = keys.map((key) => {
        const nodes = cy.collection(groups.get(key));
        let routes = [];
        if (nodes.length <= LAYERED_MAX_NODES && nodes.length > 1) routes = runDagre(nodes, "LR");
        else gridBlock(nodes);
        return { nodes, routes, box: nodes.boundingBox({ includeLabels: true }) };
      });
      // Shelf packing: rows about as wide as the whole is tall, blocks 160 px apart.
      const gap = 160;
      const area = placed.reduce((sum, block) => sum + (block.box.w + gap) * (block.box.h + gap), 0);
      const widest = Math.max(...placed.map((block) => block.box.w));
      const rowWidth = Math.max(widest, Math.sqrt(area) * 1.4);
      let x = 0;
      let y = 0;
      let rowHeight = 0;
      for (const block of placed) {
        if (x > 0 && x + block.box.w > rowWidth) {
          x = 0;
          y += rowHeight + gap;
          rowHeight = 0;
        }
        const dx = x - block.box.x1;
        const dy = y - block.box.y1;
        shift(block.nodes, dx, dy);
        for (const route of block.routes) {
          route.points = route.points.map((p) => ({ x: p.x + dx, y: p.y + dy }));
        }
        x += block.box.w + gap;
        rowHeight = Math.max(rowHeight, block.box.h);
      }
      for (const block of placed) routeEdges(block.routes, block.nodes, "LR");
    };
    return { compute };
  }

  // ---------------------------------------------------------------- running

  /** The layout for the drawn view: {kind, rankDir?, and compute() or eles + options}. */
  function layoutFor(mode, cy) {
    const kind = kindFor(mode, cy);
    setDirection(cy, "LR");
    cy.edges().removeStyle(ROUTE_STYLE.join(" "));
    if (kind === "layered") return Object.assign(layered(cy), { kind });
    if (kind === "rings") return { kind, ...rings(cy) };
    if (kind === "blocks") return { kind, rankDir: "LR", ...blocks(cy) };
    return {
      kind,
      eles: cy.elements(),
      options: { name: "grid", padding: 80, animate: false, fit: false, sort: byId },
    };
  }

  /** Stop the running layout, if any. */
  function stop() {
    if (state.layout) state.layout.stop();
    state.layout = null;
  }

  /** Run a layout to its end; resolves once it stops (or is stopped). */
  function run(plan) {
    stop();
    if (plan.compute) {
      plan.compute();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const layout = plan.eles.layout(plan.options);
      state.layout = layout;
      layout.one("layoutstop", () => {
        if (state.layout === layout) state.layout = null;
        resolve();
      });
      layout.run();
    });
  }

  /**
   * Fit the graph to the window without blowing a handful of nodes up to poster size; a layered
   * view never shrinks below a readable zoom and opens at its start (top left) instead.
   */
  function fit(cy, { layered: isLayered = state.layered } = {}) {
    const eles = cy.elements();
    if (eles.empty()) return;
    cy.fit(eles, FIT_PADDING);
    if (cy.zoom() > MAX_FIT_ZOOM) {
      cy.zoom(MAX_FIT_ZOOM);
      cy.center(eles);
    } else if (isLayered && cy.zoom() < MIN_READABLE_ZOOM) {
      const box = eles.boundingBox();
      cy.zoom(MIN_READABLE_ZOOM);
      const fitsAcross = box.w * MIN_READABLE_ZOOM + 2 * FIT_PADDING <= cy.width();
      cy.pan({
        x: fitsAcross
          ? (cy.width() - box.w * MIN_READABLE_ZOOM) / 2 - box.x1 * MIN_READABLE_ZOOM
          : FIT_PADDING - box.x1 * MIN_READABLE_ZOOM,
        y: FIT_PADDING - box.y1 * MIN_READABLE_ZOOM,
      });
    }
  }

  P.layout = { layoutFor, run, stop, fit, MIN_READABLE_ZOOM };
})();
