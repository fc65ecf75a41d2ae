// PrepGraph explorer: draws the knowledge graph with Cytoscape.js and talks to POST /graphql only.
// This file holds the graph, its views, search and the details panel; explore-core.js the
// shared helpers, explore-plan.js the study plan, explore-learner.js the learner's progress and
// practice. Text from the API reaches the DOM through textContent (markdown: sanitized nodes).
(() => {
  "use strict";

  const P = window.PrepGraph;
  const { $, el, state, gql, ApiError, kindKey, kindName, capitalise, formatMinutes, shortLabel } = P;

  const DEFAULT_DOMAIN = "ml-system-design";
  const PLAN_COLOUR = "#7c3aed";
  const KNOWN_COLOUR = "#16a34a";
  const LEARNING_COLOUR = "#d97706";
  const HIT_COLOUR = "#f59e0b";
  // Progress marks drawn inside the node (a check, a half disc), so labels keep their size.
  const svg = (body) => `data:image/svg+xml;utf8,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48" viewBox="0 0 24 24">${body}</svg>`)}`;
  const CHECK_MARK = svg('<path d="M5 12.5l4.5 4.5L19 7.5" fill="none" stroke="#0f172a" ' +
    'stroke-width="5.5" stroke-linecap="round" stroke-linejoin="round"/><path d="M5 12.5l4.5 ' +
    '4.5L19 7.5" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>');
  const HALF_MARK = svg('<circle cx="12" cy="12" r="8" fill="none" stroke="#fff" stroke-width="2.5"/>' +
    '<path d="M12 4a8 8 0 0 0 0 16z" fill="#fff"/>');

  const Q_INIT = `query ExplorerInit {
    domains { slug title }
    export(format: CYTOSCAPE, scope: { nodeKinds: [DOMAIN] }) { content }
  }`;

  const Q_VIEW = `query ExplorerView($scope: ExportScope) {
    export(format: CYTOSCAPE, scope: $scope) { content nodeCount edgeCount }
  }`;

  const Q_SEARCH = `query ExplorerSearch($query: String!, $kinds: [NodeKind!]) {
    search(query: $query, kinds: $kinds, first: 12) {
      correctedQuery
      edges { snippet node { slug title kind domain { slug title } } }
    }
  }`;

  const LINK = "slug title kind";
  const Q_DETAILS = `query ExplorerDetails($slug: String!) {
    knowledgeNode(slug: $slug) {
      __typename slug title kind summary tags domain { slug title }
      ... on Concept {
        difficulty estimatedMinutes stage seniority frequency aliases body
        prerequisites { ${LINK} } dependents { ${LINK} } related { ${LINK} }
        parts { ${LINK} } partOf { ${LINK} } articles { ${LINK} } prompts { ${LINK} }
      }
      ... on Article {
        difficulty readMinutes learningObjectives body concepts { ${LINK} } prompts { ${LINK} }
      }
      ... on Prompt { text seniority minutes followUps answerOutline concepts { ${LINK} } }
      ... on RoadmapDay { day theme items { ${LINK} } }
      ... on Domain { conceptPage: concepts(first: 1) { totalCount } }
    }
  }`;

  const tokens = { view: 0, search: 0, details: 0 };

  // ------------------------------------------------------------------ graph style

  /** The Cytoscape stylesheet: shapes by kind, edges by kind, then marks. */
  function graphStyle() {
    return [
      {
        selector: "node",
        style: {
          "background-color": "data(color)",
          label: "data(label)",
          width: "data(size)",
          height: "data(size)",
          "font-size": "data(fontSize)",
          "font-family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif",
          color: "#1f2937",
          "text-valign": "bottom",
          "text-margin-y": 3,
          "text-wrap": "wrap",
          "text-max-width": "120px",
          "text-outline-color": "#ffffff",
          "text-outline-width": 2,
          "text-outline-opacity": 0.85,
          "min-zoomed-font-size": 6,
          "border-width": 1,
          "border-color": "#ffffff",
        },
      },
      { selector: 'node[kind = "concept"]', style: { shape: "ellipse" } },
      { selector: 'node[kind = "article"]', style: { shape: "round-rectangle" } },
      { selector: 'node[kind = "prompt"]', style: { shape: "diamond" } },
      { selector: 'node[kind = "roadmap_day"]', style: { shape: "hexagon" } },
      { selector: 'node[kind = "domain"]', style: { shape: "star", width: 36, height: 36 } },
      {
        selector: "edge",
        style: {
          width: 0.8,
          "line-color": "#d6dbe3",
          "curve-style": "haystack",
          "haystack-radius": 0,
          opacity: 0.9,
        },
      },
      {
        selector: 'edge[kind = "prerequisite"], edge[kind = "part_of"]',
        style: {
          width: 1.2,
          "line-color": "#9aa5b4",
          "curve-style": "straight",
          "target-arrow-shape": "triangle",
          "target-arrow-color": "#9aa5b4",
          "arrow-scale": 0.7,
        },
      },
      {
        selector: 'edge[kind = "part_of"]',
        style: { "line-style": "dotted", width: 1.6, "line-color": "#8b95a5", "target-arrow-color": "#8b95a5" },
      },
      {
        selector: 'edge[kind = "related_to"]',
        style: { "line-style": "dashed", "line-color": "#b8c0cc", width: 1 },
      },
      {
        // Top-to-bottom pictures: labels beside their node, clear of the arrows below it.
        selector: "node.tb",
        style: {
          "text-halign": "right", "text-valign": "center", "text-margin-x": 5, "text-margin-y": 0,
          "text-justification": "left",
        },
      },
      { selector: "edge.quiet", style: { display: "none" } },
      { selector: ".faded", style: { opacity: 0.16, "text-opacity": 0 } },
      {
        selector: "edge.near",
        style: {
          display: "element", "line-color": "#475569", "target-arrow-color": "#475569", width: 2, opacity: 1,
        },
      },
      {
        selector: "node.learning",
        style: {
          "border-width": 3, "border-color": LEARNING_COLOUR, "border-style": "dashed",
          "background-image": HALF_MARK, "background-fit": "contain", "background-clip": "none",
        },
      },
      {
        selector: "node.known",
        style: {
          "border-width": 3, "border-color": KNOWN_COLOUR, "border-style": "solid",
          "background-image": CHECK_MARK, "background-fit": "contain", "background-clip": "none",
        },
      },
      { selector: "node.known.faded, node.learning.faded", style: { opacity: 0.6, "text-opacity": 0.8 } },
      {
        selector: "node.plan",
        style: {
          label: "data(planLabel)",
          width: 28,
          height: 28,
          "border-width": 3,
          "border-color": PLAN_COLOUR,
          "underlay-color": PLAN_COLOUR,
          "underlay-padding": 5,
          "underlay-opacity": 0.18,
          "underlay-shape": "ellipse",
          "font-size": 13,
          "font-weight": "bold",
          "min-zoomed-font-size": 0,
          "z-index": 20,
          opacity: 1,
          "text-opacity": 1,
        },
      },
      { selector: "node.plan-target", style: { width: 36, height: 36, "border-width": 5 } },
      // A step the deadline left out: dashed, and quieter than the steps that fit.
      { selector: "node.plan-cut", style: { "border-style": "dashed", "underlay-opacity": 0, opacity: 0.75 } },
      { selector: "node.plan.known", style: { "border-color": KNOWN_COLOUR } },
      {
        selector: "edge.plan-edge",
        style: {
          width: 3,
          "line-color": PLAN_COLOUR,
          "target-arrow-color": PLAN_COLOUR,
          "arrow-scale": 1,
          opacity: 1,
          "z-index": 19,
        },
      },
      {
        selector: "node.search-hit",
        style: {
          "underlay-color": HIT_COLOUR,
          "underlay-padding": 7,
          "underlay-opacity": 0.55,
          "underlay-shape": "ellipse",
          color: "#7c2d12",
          "min-zoomed-font-size": 0,
          "z-index": 25,
          opacity: 1,
          "text-opacity": 1,
        },
      },
      {
        selector: "node:selected",
        style: {
          "border-width": 4,
          "border-color": "#0f172a",
          "border-style": "solid",
          "underlay-color": "#0f172a",
          "underlay-padding": 6,
          "underlay-opacity": 0.15,
          "min-zoomed-font-size": 0,
          "z-index": 30,
          opacity: 1,
          "text-opacity": 1,
        },
      },
    ];
  }

  // ------------------------------------------------------------------ graph

  /** Wheel pans like a page, Ctrl/⌘ + wheel (and pinch) zooms at the pointer. */
  function wheelPans(cy, container) {
    container.addEventListener(
      "wheel",
      (event) => {
        event.preventDefault();
        event.stopPropagation(); // Cytoscape's own wheel zoom stays out of it
        const scale = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? container.clientHeight : 1;
        if (event.ctrlKey || event.metaKey) {
          const box = container.getBoundingClientRect();
          const level = cy.zoom() * Math.exp(-event.deltaY * scale * 0.0025);
          cy.zoom({
            level: Math.min(cy.maxZoom(), Math.max(cy.minZoom(), level)),
            renderedPosition: { x: event.clientX - box.left, y: event.clientY - box.top },
          });
          return;
        }
        const dx = event.shiftKey && !event.deltaX ? event.deltaY : event.deltaX;
        const dy = event.shiftKey && !event.deltaX ? 0 : event.deltaY;
        cy.panBy({ x: -dx * scale, y: -dy * scale });
      },
      { passive: false, capture: true },
    );
  }

  /** Arrow keys pan, + and − zoom, 0 fits, when the graph has the focus. */
  function keyboardPans(cy, container) {
    container.addEventListener("keydown", (event) => {
      const step = event.shiftKey ? 240 : 60;
      const moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
      if (moves[event.key]) {
        cy.panBy({ x: moves[event.key][0], y: moves[event.key][1] });
      } else if (event.key === "+" || event.key === "=") {
        zoomBy(1.25);
      } else if (event.key === "-" || event.key === "_") {
        zoomBy(0.8);
      } else if (event.key === "0") {
        fitGraph();
      } else {
        return;
      }
      event.preventDefault();
    });
  }

  /** Zoom about the centre of the window. */
  function zoomBy(factor) {
    const cy = state.cy;
    const level = Math.min(cy.maxZoom(), Math.max(cy.minZoom(), cy.zoom() * factor));
    cy.zoom({ level, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }

  /** Create the Cytoscape instance and its pointer and keyboard handling. */
  function createGraph() {
    const container = $("cy");
    const cy = cytoscape({
      container,
      elements: [],
      style: graphStyle(),
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      autoungrabify: true, // a map, not a sketch: arrows are routed around where nodes stand
      selectionType: "single",
      hideEdgesOnViewport: true,
      textureOnViewport: false,
    });
    cy.on("tap", "node", (event) => selectNode(event.target.id(), { fromGraph: true }));
    cy.on("tap", (event) => {
      if (event.target === cy) clearSelection();
    });
    wheelPans(cy, container);
    keyboardPans(cy, container);
    return cy;
  }

  /**
   * Size nodes by degree and give hubs larger labels: with `min-zoomed-font-size`, the
   * labels of the top tenth show first, the next fifth as you zoom in, then the rest.
   * Layered views read as a map instead: every label the same, readable size.
   */
  function sizeNodes(cy, layered) {
    if (layered) {
      cy.nodes().forEach((node) => {
        node.data("size", Math.min(26, Math.round(14 + 2 * Math.sqrt(node.degree(false)))));
        node.data("fontSize", 13);
      });
      return;
    }
    const nodes = cy.nodes().sort((a, b) => b.degree(false) - a.degree(false) || (a.id() < b.id() ? -1 : 1));
    nodes.forEach((node, rank) => {
      const share = rank / nodes.length;
      node.data("size", Math.min(40, Math.round(14 + 3.5 * Math.sqrt(node.degree(false)))));
      node.data("fontSize", share < 0.1 ? 14 : share < 0.3 ? 11 : 9);
    });
  }

  /** The ExportScope that loads a view. */
  function scopeFor(view) {
    // The steps' prerequisite closure: the plan in context, whatever kinds the targets were.
    if (view.mode === "plan") return { targets: [...view.targets], nodeKinds: ["CONCEPT"] };
    const scope = {};
    if (view.kinds.length) scope.nodeKinds = view.kinds;
    if (view.mode === "domain") scope.domains = [view.domain];
    if (view.mode === "around") {
      scope.around = view.around;
      scope.radius = view.radius;
    }
    return scope;
  }

  /** A view in words, for the status line. */
  function describeView(view) {
    if (view.mode === "plan") return "Study plan";
    if (view.mode === "around") return `Around ${view.around} (${P.plural(view.radius, "hop")})`;
    if (view.mode === "domain") {
      const domain = state.domains.find((d) => d.slug === view.domain);
      return domain ? domain.title : view.domain;
    }
    return "Whole graph";
  }

  const byDataId = (a, b) => (a.data.id < b.data.id ? -1 : a.data.id > b.data.id ? 1 : 0);

  /** Load a view from the API and draw it; resolves to whether it was drawn. */
  async function drawView(view) {
    const token = ++tokens.view;
    document.documentElement.dataset.graph = "loading";
    setStatus(`Loading ${describeView(view)}…`);
    let doc;
    let counts;
    try {
      const data = await gql(Q_VIEW, { scope: scopeFor(view) });
      counts = data.export;
      doc = JSON.parse(data.export.content);
    } catch (err) {
      if (token !== tokens.view) return false;
      document.documentElement.dataset.graph = "error";
      setStatus(`Could not load the graph: ${err.message}`, { error: true });
      return false;
    }
    if (token !== tokens.view) return false;
    // Sorted input: the same view always makes the same picture.
    const nodes = (doc.elements.nodes || []).slice().sort(byDataId);
    const edges = (doc.elements.edges || []).slice().sort(byDataId);
    for (const node of nodes) {
      node.data.baseLabel = shortLabel(node.data.title);
      node.data.label = node.data.baseLabel;
    }
    setStatus(`Laying out ${nodes.length.toLocaleString()} nodes…`);
    await P.nextFrame(); // let the status paint before a blocking layout
    if (token !== tokens.view) return false;

    const cy = state.cy;
    P.layout.stop();
    let layout;
    try {
      cy.batch(() => {
        cy.elements().remove();
        cy.add({ nodes, edges });
      });
      state.view = view;
      syncViewForm(view);
      layout = P.layout.layoutFor(view.mode, cy);
      state.layered = layout.kind === "layered";
      cy.batch(() => {
        sizeNodes(cy, state.layered);
        // Related edges would criss-cross a layered picture: shown for the selected node only.
        const crowded = layout.kind === "layered" || layout.kind === "blocks";
        cy.edges('[kind = "related_to"]').toggleClass("quiet", crowded);
      });
      refreshMarks();
      if (state.selected && cy.getElementById(state.selected).nonempty()) markSelected(state.selected);
      await P.layout.run(layout);
    } catch (err) {
      if (token !== tokens.view) return false;
      document.documentElement.dataset.graph = "error";
      setStatus(`Could not draw ${describeView(view)}: ${err.message}`, { error: true });
      throw err;
    }
    if (token !== tokens.view) return false;
    fitGraph();
    const centre = view.mode === "around" ? cy.getElementById(view.around) : cy.collection();
    if (centre.nonempty()) bringIntoView(centre);
    const planShown = cy.nodes(".plan").length;
    const planNote = state.plan && state.plan.steps.length && view.mode !== "plan"
      ? ` · ${planShown} of ${state.plan.steps.length} plan steps here`
      : "";
    const hits = cy.nodes(".search-hit").length;
    const hitNote = hits ? ` · ${P.plural(hits, "search hit")} marked` : "";
    setStatus(
      `${describeView(view)} drawn · ${counts.nodeCount.toLocaleString()} nodes · ` +
        `${counts.edgeCount.toLocaleString()} edges${planNote}${hitNote}`,
    );
    document.documentElement.dataset.view = view.mode;
    document.documentElement.dataset.layout = layout.kind;
    document.documentElement.dataset.rankDir = layout.rankDir || "";
    document.documentElement.dataset.graph = "ready";
    return true;
  }

  /** Say what the graph is doing (aria-live). */
  function setStatus(text, options) {
    P.setStatus(text, options);
  }

  /** Fit the drawn graph to the window (see P.layout.fit). */
  function fitGraph() {
    P.layout.fit(state.cy);
  }

  /**
   * Put the marks on the drawn graph: plan steps and their edges (done steps of a saved plan
   * too), known and learning concepts (a check or a half disc inside the node), and the hits
   * of the last search.
   */
  function refreshMarks() {
    const cy = state.cy;
    if (!cy) return;
    const plan = state.plan;
    const inPlan = new Set();
    cy.batch(() => {
      cy.elements().removeClass("plan plan-target plan-cut plan-edge faded known learning search-hit");
      const done = new Set(plan && plan.saved ? plan.saved.completed.map((c) => c.slug) : []);
      if (plan) {
        for (const step of plan.steps) {
          const node = cy.getElementById(step.node.slug);
          if (node.empty()) continue;
          inPlan.add(step.node.slug);
          node.data("planLabel", `${step.position}. ${shortLabel(step.node.title)}`);
          node.addClass("plan");
          if (step.isTarget) node.addClass("plan-target");
          if (step.day === null) node.addClass("plan-cut");
        }
        for (const slug of done) {
          const node = cy.getElementById(slug);
          if (node.empty()) continue;
          inPlan.add(slug);
          node.data("planLabel", `✓ ${node.data("baseLabel")}`);
          node.addClass("plan");
        }
      }
      cy.nodes().forEach((node) => {
        const mastery = P.masteryOf(node.id());
        if (mastery === "KNOWN") node.addClass("known");
        else if (mastery === "LEARNING") node.addClass("learning");
        if (state.searchHits.has(node.id())) node.addClass("search-hit");
      });
      cy.edges('[kind = "prerequisite"]')
        .filter((edge) => inPlan.has(edge.source().id()) && inPlan.has(edge.target().id()))
        .addClass("plan-edge");
      // Fade the rest only when the plan is in view, not a whole unrelated domain.
      if (inPlan.size) cy.elements().not(".plan, .plan-edge, .known, .search-hit").addClass("faded");
    });
    return inPlan.size;
  }

  /** Select a node in the graph and emphasise its edges; returns the node. */
  function markSelected(slug) {
    const cy = state.cy;
    cy.elements(":selected").unselect();
    cy.edges(".near").removeClass("near");
    const node = cy.getElementById(slug);
    if (node.empty()) return node;
    node.select();
    node.connectedEdges().addClass("near");
    return node;
  }

  /** Unselect everything. */
  function clearSelection() {
    state.selected = null;
    state.cy.elements(":selected").unselect();
    state.cy.edges(".near").removeClass("near");
  }

  /**
   * Select a node: show its details and find it in the graph. With `draw`, a node that is not
   * drawn brings its neighbourhood along; links inside the details panel only read.
   */
  async function selectNode(slug, { fromGraph = false, draw = true, push = true } = {}) {
    state.selected = slug;
    const hash = `#${encodeURIComponent(slug)}`;
    if (location.hash !== hash) {
      if (push) history.pushState({ slug }, "", hash);
      else history.replaceState({ slug }, "", hash);
    }
    const details = showDetails(slug);
    let node = markSelected(slug);
    if (node.empty() && !fromGraph && draw) {
      const found = await details; // its kind decides how to draw it
      if (!found || state.selected !== slug) return;
      await drawAround(found);
      node = markSelected(slug);
    }
    if (node.nonempty() && !fromGraph) bringIntoView(node);
    await details;
  }

  /** Centre a node unless it is already well in view, zooming in to a readable size if needed. */
  function bringIntoView(node) {
    const cy = state.cy;
    const zoom = Math.max(cy.zoom(), P.layout.MIN_READABLE_ZOOM);
    const box = cy.extent();
    const at = node.position();
    const marginX = box.w * 0.1;
    const marginY = box.h * 0.1;
    const inView = at.x > box.x1 + marginX && at.x < box.x2 - marginX
      && at.y > box.y1 + marginY && at.y < box.y2 - marginY;
    if (inView && zoom === cy.zoom()) return;
    cy.animate({ center: { eles: node }, zoom }, { duration: 250 });
  }

  /** Draw a node with its neighbourhood (a domain: the domain view), showing its kind too. */
  async function drawAround(node) {
    const view = currentFormView();
    const kind = String(node.kind).toUpperCase();
    if (kind === "DOMAIN") {
      await drawView({ ...view, mode: "domain", domain: node.slug });
      return;
    }
    const box = document.querySelector(`#view-kinds input[value="${kind}"]`);
    if (box && !box.checked) {
      box.checked = true;
      view.kinds = [...view.kinds, kind];
    }
    await drawView({ ...view, mode: "around", around: node.slug });
    markSelected(node.slug);
  }

  // ------------------------------------------------------------------ details

  /** Fill the details panel; resolves to the node, or null when there is none. */
  async function showDetails(slug) {
    const token = ++tokens.details;
    const body = $("details-body");
    body.replaceChildren(el("p", { class: "hint", text: "Loading…" }));
    let node;
    try {
      node = (await gql(Q_DETAILS, { slug })).knowledgeNode;
    } catch (err) {
      if (token === tokens.details) {
        body.replaceChildren(el("p", { class: "error", role: "alert", text: err.message }));
      }
      return null;
    }
    if (token !== tokens.details) return null;
    if (!node) {
      body.replaceChildren(el("p", { class: "error", text: `No node is called “${slug}”.` }));
      return null;
    }
    state.detailsNode = node;
    body.replaceChildren(...renderDetails(node));
    body.scrollTop = 0;
    $("details").scrollIntoView({ block: "nearest" });
    return node;
  }

  /** Re-render the open details (after a mastery change or signing in or out). */
  function refreshDetails() {
    const node = state.detailsNode;
    if (node && state.selected === node.slug) $("details-body").replaceChildren(...renderDetails(node));
  }

  /** A small rounded fact. */
  function badge(text, extra = "") {
    return el("span", { class: `badge ${extra}`.trim(), text });
  }

  /** A titled list of node links, or null when empty. */
  function linkList(title, items) {
    if (!items || !items.length) return null;
    return el(
      "div",
      { class: "link-group" },
      el("h4", { text: `${title} (${items.length})` }),
      el("ul", { class: "links" }, items.map((item) => el("li", {}, P.nodeLink(item)))),
    );
  }

  const FREQUENCY = { HIGH: "Asked often", MEDIUM: "Asked regularly", LOW: "Asked rarely" };

  /** The learner's progress on a concept: three toggle buttons, or an invitation to sign in. */
  function masteryControls(node) {
    if (!state.learner) return null;
    const current = P.masteryOf(node.slug);
    const choices = [
      ["KNOWN", "✓ Known"],
      ["LEARNING", "◐ Learning"],
      [null, "Not started"],
    ];
    return el(
      "div",
      { class: "mastery", role: "group", "aria-label": `Your progress on ${node.title}` },
      el("span", { class: "mastery-label", text: "Your progress" }),
      choices.map(([value, label]) =>
        el("button", {
          type: "button",
          class: `mastery-choice${value ? ` choice-${value.toLowerCase()}` : ""}`,
          "aria-pressed": String(current === value || (!current && value === null)),
          dataset: { state: value || "NONE" },
          text: label,
          onclick: () => P.learner.setMastery(node.slug, value, node),
        })),
    );
  }

  /** The details page of a node: facts, progress, text, actions and links. */
  function renderDetails(node) {
    const kind = kindKey(node.kind);
    const facts = [badge(kindName(kind), `kind-${kind}`)];
    if (node.domain) {
      const dot = P.coloured(el("span", { class: "dot", "aria-hidden": "true" }), node.domain.slug);
      facts.push(el("span", { class: "badge domain" }, dot, node.domain.title));
    }
    if (node.difficulty) facts.push(badge(capitalise(node.difficulty)));
    const minutes = node.estimatedMinutes ?? node.readMinutes ?? node.minutes;
    if (minutes) facts.push(badge(formatMinutes(minutes)));
    if (node.seniority) facts.push(badge(`${capitalise(node.seniority)}+`));
    if (node.frequency) facts.push(badge(FREQUENCY[node.frequency] || capitalise(node.frequency)));
    if (node.stage) facts.push(badge(`Stage: ${capitalise(node.stage)}`));
    if (node.day) facts.push(badge(`Day ${node.day}`));

    const mark = P.masteryMark(node.slug);
    const parts = [
      el("h3", { class: "details-title", id: "details-title", text: node.title }),
      el("p", { class: "facts" }, facts, mark ? el("span", { class: "badge" }, mark, mark.title) : null),
    ];
    if (kind === "concept") parts.push(masteryControls(node));
    if (node.aliases && node.aliases.length) {
      parts.push(el("p", { class: "aliases", text: `Also called: ${node.aliases.join(", ")}` }));
    }
    if (node.text && node.text !== node.summary) {
      parts.push(el("blockquote", { class: "question", text: node.text }));
    }
    if (node.summary) parts.push(el("p", { class: "summary", text: node.summary }));
    if (node.theme) parts.push(el("p", { class: "summary", text: `Theme: ${node.theme}` }));
    if (node.conceptPage) {
      parts.push(el("p", { class: "summary", text: `${P.plural(node.conceptPage.totalCount, "concept")}.` }));
    }

    const actions = el("div", { class: "actions" });
    if (kind !== "domain") {
      actions.append(
        el("button", { type: "button", class: "primary", text: "Add as target",
          "aria-label": `Add as target: ${node.title}`,
          onclick: () => P.plan.addTo("targets", node.slug, node.title) }),
      );
    }
    if (kind === "concept" && !state.learner) {
      actions.append(
        el("button", { type: "button", text: "Mark as known",
          "aria-label": `Mark as known: ${node.title}`,
          onclick: () => P.plan.addTo("known", node.slug, node.title) }),
      );
    }
    if (kind === "prompt") {
      actions.append(
        el("button", { type: "button", text: "Practise",
          "aria-label": `Practise: ${node.title}`,
          onclick: () => P.learner.practise(node.slug) }),
      );
    }
    actions.append(
      el("button", { type: "button", text: kind === "domain" ? "Draw the domain" : "Neighbourhood",
        "aria-label": kind === "domain" ? `Draw ${node.title}` : `Neighbourhood of ${node.title}`,
        onclick: () => drawAround(node) }),
    );
    parts.push(actions);

    if (node.body) {
      parts.push(el("div", { class: "body-text" }, P.markdown.render(node.body)));
    }
    if (node.learningObjectives && node.learningObjectives.length) {
      parts.push(
        el("div", { class: "link-group" }, el("h4", { text: "You will be able to" }),
          el("ul", { class: "plain" }, node.learningObjectives.map((o) => el("li", { text: o })))),
      );
    }
    if (node.followUps && node.followUps.length) {
      parts.push(
        el("div", { class: "link-group" }, el("h4", { text: "Follow-ups" }),
          el("ul", { class: "plain" }, node.followUps.map((f) => el("li", { text: f })))),
      );
    }
    if (node.answerOutline) {
      parts.push(
        el("details", { class: "outline" },
          el("summary", { text: "Answer outline" }),
          el("div", { class: "body-text" }, P.markdown.render(node.answerOutline))),
      );
    }
    parts.push(
      ...[
        linkList("Prerequisites", node.prerequisites),
        linkList("Unlocks", node.dependents),
        linkList("Parts", node.parts),
        linkList("Part of", node.partOf),
        linkList("Related", node.related),
        linkList("Concepts", node.concepts),
        linkList("Articles", node.articles),
        linkList("Interview questions", node.prompts),
        linkList("Scheduled", node.items),
      ].filter(Boolean),
    );
    return parts.filter(Boolean);
  }

  // ------------------------------------------------------------------ search

  /** Render a snippet whose matches come wrapped in <mark></mark>, without parsing HTML. */
  function renderSnippet(snippet) {
    const out = el("span", { class: "snippet" });
    const pieces = String(snippet).split(/(<mark>|<\/mark>)/);
    let marked = false;
    for (const piece of pieces) {
      if (piece === "<mark>") marked = true;
      else if (piece === "</mark>") marked = false;
      else if (piece) out.append(marked ? el("mark", { text: piece }) : piece);
    }
    return out;
  }

  /** Bring the best hit that is drawn into view, at a readable zoom. */
  function showBestHit(hits) {
    const best = hits.map((hit) => state.cy.getElementById(hit.node.slug)).find((node) => node.nonempty());
    if (best) bringIntoView(best);
  }

  /** Forget the last search's hits, in the list and in the graph. */
  function clearSearch() {
    tokens.search++;
    state.searchHits = new Set();
    $("search-results").replaceChildren();
    $("search-note").hidden = true;
    $("search-clear").hidden = true;
    refreshMarks();
  }

  /** Search, list the hits, and mark those drawn in the graph. */
  async function runSearch(query) {
    const token = ++tokens.search;
    const list = $("search-results");
    const note = $("search-note");
    note.hidden = true;
    if (!query.trim()) {
      clearSearch();
      return;
    }
    list.setAttribute("aria-busy", "true");
    let hits;
    let page;
    try {
      page = (await gql(Q_SEARCH, { query })).search;
      hits = page.edges;
    } catch (err) {
      if (token !== tokens.search) return;
      list.replaceChildren();
      note.textContent = err.message;
      note.hidden = false;
      return;
    } finally {
      if (token === tokens.search) list.removeAttribute("aria-busy");
    }
    if (token !== tokens.search) return;
    state.searchHits = new Set(hits.map((hit) => hit.node.slug));
    refreshMarks();
    const inGraph = state.cy.nodes(".search-hit").length;
    showBestHit(hits);
    if (!hits.length) {
      note.textContent = `Nothing matches “${query}”.`;
    } else {
      const corrected = page.correctedQuery ? `Showing results for “${page.correctedQuery}”. ` : "";
      note.textContent = `${corrected}${P.plural(hits.length, "hit")}, ${inGraph} marked in the graph.`;
    }
    note.hidden = false;
    $("search-clear").hidden = !hits.length;
    list.replaceChildren(
      ...hits.map((hit) => {
        const kind = kindKey(hit.node.kind);
        const meta = [kindName(kind), hit.node.domain ? hit.node.domain.title : null]
          .filter(Boolean).join(" · ");
        const mark = P.masteryMark(hit.node.slug);
        return el(
          "li",
          {},
          el(
            "button",
            { type: "button", class: "result", dataset: { slug: hit.node.slug },
              onclick: () => selectNode(hit.node.slug) },
            P.coloured(el("span", { class: `shape shape-${kind}`, "aria-hidden": "true" }),
              hit.node.domain && hit.node.domain.slug),
            el("span", { class: "result-text" },
              el("span", { class: "result-title" }, mark, mark ? " " : null, hit.node.title),
              el("span", { class: "result-meta", text: meta }),
              hit.snippet ? renderSnippet(hit.snippet) : null),
          ),
        );
      }),
    );
  }

  // ------------------------------------------------------------------ view form

  /** The view the form describes. */
  function currentFormView() {
    const kinds = [...document.querySelectorAll('#view-kinds input[name="kind"]:checked')].map(
      (input) => input.value,
    );
    return {
      mode: $("view-mode").value,
      domain: $("view-domain").value || DEFAULT_DOMAIN,
      around: $("view-around").value.trim(),
      radius: Math.min(3, Math.max(1, Number($("view-radius").value) || 1)),
      kinds,
      targets: state.plan ? state.plan.stepSlugs : [],
    };
  }

  /** Make the form show the view just drawn. */
  function syncViewForm(view) {
    $("view-mode").value = view.mode;
    if (view.mode === "around") {
      $("view-around").value = view.around;
      $("view-radius").value = String(view.radius);
    }
    if (view.mode === "domain") $("view-domain").value = view.domain;
    showModeFields(view.mode);
  }

  /** Show the form fields of a view mode. */
  function showModeFields(mode) {
    for (const field of document.querySelectorAll("[data-for-mode]")) {
      field.hidden = field.dataset.forMode !== mode;
    }
    $("view-kinds").disabled = mode === "plan";
  }

  /** Allow or forbid the plan view in the view menu. */
  function enablePlanView(enabled) {
    $("view-mode").querySelector('option[value="plan"]').disabled = !enabled;
  }

  /** Draw the view the form describes. */
  async function onViewSubmit(event) {
    event.preventDefault();
    const view = currentFormView();
    if (view.mode === "around" && !view.around) {
      const fallback = state.selected;
      if (!fallback) {
        setStatus("Type the slug of the centre node, or select a node first.", { error: true });
        $("view-around").focus();
        return;
      }
      view.around = fallback;
    }
    if (view.mode === "plan" && !state.plan) return;
    await drawView(view);
  }

  // ------------------------------------------------------------------ init

  /** The legend's domain colours. */
  function renderLegend() {
    $("legend-domains").replaceChildren(
      ...state.domains.map((domain) =>
        el("li", {}, P.coloured(el("span", { class: "dot", "aria-hidden": "true" }), domain.slug),
          domain.title)),
    );
  }

  /** Wire the view form, search, graph tools, links and history. */
  function wire() {
    $("view-form").addEventListener("submit", onViewSubmit);
    $("view-mode").addEventListener("change", (event) => showModeFields(event.target.value));
    $("search-form").addEventListener("submit", (event) => {
      event.preventDefault();
      runSearch($("search-input").value);
    });
    $("search-clear").addEventListener("click", () => {
      $("search-input").value = "";
      clearSearch();
    });
    $("fit-button").addEventListener("click", fitGraph);
    $("zoom-in").addEventListener("click", () => zoomBy(1.25));
    $("zoom-out").addEventListener("click", () => zoomBy(0.8));
    $("clear-selection").addEventListener("click", clearSelection);
    // Every link to a node selects it; inside the details panel a link only opens the page.
    document.body.addEventListener("click", (event) => {
      const link = event.target.closest("a.node-link");
      if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
      event.preventDefault();
      selectNode(link.dataset.slug, { draw: !link.closest("#details-body") });
    });
    window.addEventListener("popstate", () => {
      const slug = decodeURIComponent(location.hash.slice(1));
      if (slug && slug !== state.selected) selectNode(slug, { push: false, draw: false });
    });
    P.on("mastery", () => {
      refreshMarks();
      refreshDetails();
    });
    P.on("learner", refreshDetails);
  }

  /** Start: load domains, sign in a kept learner, draw the first view. */
  async function init() {
    if (typeof cytoscape !== "function") {
      setStatus("Cytoscape.js did not load (/static/vendor/cytoscape.min.js).", { error: true });
      return;
    }
    state.cy = createGraph();
    P.graph = {
      draw: drawView, refreshMarks, select: selectNode, fit: fitGraph, currentFormView, enablePlanView,
    };
    wire();
    P.plan.init();
    const learnerReady = P.learner.init(); // a kept token: the learner's marks before the first picture
    // For the browser test and for debugging in the console.
    window.prepgraphExplorer = Object.assign(state, {
      renderMarkdown: P.markdown.render,
      sanitize: P.markdown.sanitize,
    });
    try {
      const data = await gql(Q_INIT, {}, { token: false });
      const colours = new Map(
        JSON.parse(data.export.content).elements.nodes.map((n) => [n.data.id, n.data.color]),
      );
      state.domains = data.domains.map((d) => ({ ...d, color: colours.get(d.slug) || "#bbbbbb" }));
    } catch (err) {
      setStatus(`Could not reach the API: ${err.message}`, { error: true });
      return;
    }
    $("view-domain").replaceChildren(
      ...state.domains.map((d) => el("option", { value: d.slug, text: d.title })),
    );
    renderLegend();
    await learnerReady;
    const start = decodeURIComponent(location.hash.slice(1));
    const first = state.domains.some((d) => d.slug === DEFAULT_DOMAIN)
      ? DEFAULT_DOMAIN
      : (state.domains[0] || {}).slug;
    await drawView({ ...currentFormView(), mode: "domain", domain: first });
    if (start) selectNode(start, { push: false });
  }

  document.addEventListener("DOMContentLoaded", init);
})();
