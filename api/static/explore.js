// PrepGraph explorer: draws the knowledge graph with Cytoscape.js and talks to POST /graphql only.
// Plain script, no build step. Text from the API reaches the DOM through textContent only.
(() => {
  "use strict";

  const GRAPHQL_URL = "/graphql";
  const DEFAULT_DOMAIN = "ml-system-design";
  const PLAN_COLOUR = "#7c3aed";

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

  const LINK = "slug title";
  const Q_DETAILS = `query ExplorerDetails($slug: String!) {
    knowledgeNode(slug: $slug) {
      __typename slug title kind summary tags domain { slug title }
      ... on Concept {
        difficulty estimatedMinutes aliases body
        prerequisites { ${LINK} } dependents { ${LINK} } related { ${LINK} }
        articles { ${LINK} } prompts { ${LINK} }
      }
      ... on Article { difficulty readMinutes learningObjectives concepts { ${LINK} } prompts { ${LINK} } }
      ... on Prompt { text seniority minutes followUps concepts { ${LINK} } }
      ... on RoadmapDay { day theme items { ${LINK} } }
    }
  }`;

  const Q_PLAN = `query ExplorerPlan($targets: [String!]!, $known: [String!]!, $minutes: Int!) {
    studyPlan(input: { targets: $targets, known: $known, minutesPerDay: $minutes }) {
      steps { position node { slug title } minutes day reason isTarget }
      days { day steps { node { slug } } }
      totalMinutes warnings
    }
  }`;

  const $ = (id) => document.getElementById(id);

  const state = {
    cy: null,
    layout: null, // the running layout, stopped when another view is drawn
    domains: [], // [{slug, title, color}]
    view: null, // the scope last drawn: {mode, domain, around, radius, kinds}
    selected: null,
    targets: new Map(), // slug -> title
    known: new Map(),
    plan: null, // {steps, days, targets: [slug]}
  };
  const tokens = { view: 0, search: 0, details: 0, plan: 0 };

  // ---------------------------------------------------------------- helpers

  /** Build an element; strings become text nodes, never markup. */
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined && child !== false) node.append(child);
    }
    return node;
  }

  class ApiError extends Error {}

  async function gql(query, variables = {}) {
    let response;
    try {
      response = await fetch(GRAPHQL_URL, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ query, variables }),
      });
    } catch (err) {
      throw new ApiError(`The API cannot be reached (${err.message}).`);
    }
    let body;
    try {
      body = await response.json();
    } catch {
      throw new ApiError(`The API answered ${response.status} without JSON.`);
    }
    if (body.errors && body.errors.length) throw new ApiError(body.errors[0].message);
    if (!response.ok) throw new ApiError(`The API answered ${response.status}.`);
    return body.data;
  }

  const KIND_NAMES = {
    concept: "Concept", article: "Article", prompt: "Prompt", roadmap_day: "Roadmap day",
    domain: "Domain",
  };
  const kindKey = (kind) => String(kind || "").toLowerCase();
  const kindName = (kind) => KIND_NAMES[kindKey(kind)] || String(kind || "");
  const capitalise = (word) => word.charAt(0) + word.slice(1).toLowerCase();

  function formatMinutes(minutes) {
    if (minutes < 60) return `${minutes} min`;
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return rest ? `${hours} h ${rest} min` : `${hours} h`;
  }

  /** A short label for the canvas: drop a parenthesised gloss, cap the length. */
  function shortLabel(title) {
    let label = String(title || "").replace(/\s*\(.*\)\s*$/, "");
    if (label.length > 34) label = `${label.slice(0, 32).trimEnd()}…`;
    return label;
  }

  function setStatus(text, { error = false } = {}) {
    const status = $("status");
    status.textContent = text;
    status.classList.toggle("error", error);
  }

  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

  /** Paint a swatch in a domain's colour (CSSOM, which the page's CSP allows). */
  function coloured(swatch, domainSlug) {
    const domain = state.domains.find((d) => d.slug === domainSlug);
    if (domain) swatch.style.backgroundColor = domain.color;
    return swatch;
  }

  function nodeLink(item) {
    return el("a", {
      href: `#${encodeURIComponent(item.slug)}`,
      class: "node-link",
      dataset: { slug: item.slug },
      text: item.title,
    });
  }

  // ------------------------------------------------------------------ graph

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
        selector: 'edge[kind = "prerequisite"]',
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
        selector: 'edge[kind = "related_to"]',
        style: { "line-style": "dashed", "line-color": "#b8c0cc", width: 1 },
      },
      { selector: ".faded", style: { opacity: 0.16, "text-opacity": 0 } },
      {
        selector: "edge.near",
        style: { "line-color": "#475569", "target-arrow-color": "#475569", width: 2, opacity: 1 },
      },
      {
        selector: "node.known",
        style: { "border-width": 3, "border-color": "#16a34a", "border-style": "dashed", opacity: 0.7 },
      },
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
          "font-size": 11,
          "font-weight": "bold",
          "min-zoomed-font-size": 0,
          "z-index": 20,
          opacity: 1,
          "text-opacity": 1,
        },
      },
      { selector: "node.plan-target", style: { width: 38, height: 38, "border-width": 5 } },
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
        selector: "node:selected",
        style: {
          "border-width": 4,
          "border-color": "#0f172a",
          "border-style": "solid",
          "underlay-color": "#0f172a",
          "underlay-padding": 6,
          "underlay-opacity": 0.15,
          "min-zoomed-font-size": 0,
          "font-size": 12,
          "z-index": 30,
          opacity: 1,
          "text-opacity": 1,
        },
      },
    ];
  }

  function createGraph() {
    const cy = cytoscape({
      container: $("cy"),
      elements: [],
      style: graphStyle(),
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: "single",
      hideEdgesOnViewport: true,
      textureOnViewport: false,
    });
    cy.on("tap", "node", (event) => selectNode(event.target.id(), { fromGraph: true }));
    cy.on("tap", (event) => {
      if (event.target === cy) clearSelection();
    });
    return cy;
  }

  /** The layout for a view; big graphs animate so the page stays responsive meanwhile. */
  function layoutOptions(mode, cy) {
    const n = cy.nodes().length;
    if (mode === "plan") {
      const prerequisites = cy.edges('[kind = "prerequisite"]');
      return {
        eles: cy.nodes().union(prerequisites),
        options: {
          name: "breadthfirst",
          directed: true,
          maximal: true,
          roots: cy.nodes().filter((node) => node.incomers(prerequisites).empty()),
          spacingFactor: 1.15,
          padding: 40,
          animate: false,
          avoidOverlap: true,
        },
      };
    }
    if (n <= 2) return { eles: cy.elements(), options: { name: "grid", padding: 80, animate: false } };
    const centre = mode === "around" ? cy.getElementById(state.view.around) : cy.collection();
    if (centre.nonempty() && n <= 60) {
      // A small neighbourhood reads best as rings of hops around its centre.
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
          padding: 40,
          animate: false,
        },
      };
    }
    const big = n > 250;
    return {
      eles: cy.elements(),
      options: {
        name: "cose",
        animate: big, // an animated cose yields to the browser between frames
        refresh: 8,
        fit: true,
        randomize: true,
        padding: 30,
        componentSpacing: 60,
        nodeRepulsion: () => (n > 600 ? 4500 : 8000),
        idealEdgeLength: () => (n > 600 ? 36 : n < 30 ? 100 : 48),
        edgeElasticity: () => 100,
        nodeOverlap: 6,
        gravity: n > 600 ? 2 : 1,
        numIter: 1000,
        coolingFactor: n > 600 ? 0.9 : 0.95,
      },
    };
  }

  function runLayout(eles, options) {
    return new Promise((resolve) => {
      if (state.layout) state.layout.stop();
      const layout = eles.layout(options);
      state.layout = layout;
      layout.one("layoutstop", () => resolve());
      layout.run();
    });
  }

  /**
   * Size nodes by degree and give hubs larger labels: with `min-zoomed-font-size`, the
   * labels of the top tenth show first, the next fifth as you zoom in, then the rest.
   */
  function sizeByDegree(cy) {
    const nodes = cy.nodes().sort((a, b) => b.degree(false) - a.degree(false));
    nodes.forEach((node, rank) => {
      const share = rank / nodes.length;
      node.data("size", Math.min(40, Math.round(14 + 3.5 * Math.sqrt(node.degree(false)))));
      node.data("fontSize", share < 0.1 ? 14 : share < 0.3 ? 11 : 9);
    });
  }

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

  function describeView(view) {
    if (view.mode === "plan") return "Study plan";
    if (view.mode === "around") return `Around ${view.around} (${view.radius} hop${view.radius > 1 ? "s" : ""})`;
    if (view.mode === "domain") {
      const domain = state.domains.find((d) => d.slug === view.domain);
      return domain ? domain.title : view.domain;
    }
    return "Whole graph";
  }

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
    const nodes = doc.elements.nodes || [];
    const edges = doc.elements.edges || [];
    for (const node of nodes) node.data.label = shortLabel(node.data.title);
    setStatus(`Laying out ${nodes.length.toLocaleString()} nodes…`);
    await nextFrame(); // let the status paint before a blocking layout
    if (token !== tokens.view) return false;

    const cy = state.cy;
    if (state.layout) state.layout.stop();
    cy.batch(() => {
      cy.elements().remove();
      cy.add({ nodes, edges });
      sizeByDegree(cy);
    });
    state.view = view;
    syncViewForm(view);
    const planShown = applyPlanHighlight();
    if (state.selected && cy.getElementById(state.selected).nonempty()) {
      markSelected(state.selected);
    }
    const { eles, options } = layoutOptions(view.mode, cy);
    await runLayout(eles, options);
    if (token !== tokens.view) return false;
    fitGraph();
    const planNote = state.plan && state.plan.steps.length && view.mode !== "plan"
      ? ` · ${planShown} of ${state.plan.steps.length} plan steps here`
      : "";
    setStatus(
      `${describeView(view)} · ${counts.nodeCount.toLocaleString()} nodes · ` +
        `${counts.edgeCount.toLocaleString()} edges${planNote}`,
    );
    document.documentElement.dataset.view = view.mode;
    document.documentElement.dataset.graph = "ready";
    return true;
  }

  /** Fit the graph to the window, without blowing a handful of nodes up to poster size. */
  function fitGraph() {
    const cy = state.cy;
    cy.fit(undefined, 30);
    if (cy.zoom() > 1.25) {
      cy.zoom(1.25);
      cy.center();
    }
  }

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

  function clearSelection() {
    state.selected = null;
    state.cy.elements(":selected").unselect();
    state.cy.edges(".near").removeClass("near");
  }

  /** Select a node: show its details and find it in the graph (drawing its neighbourhood if absent). */
  async function selectNode(slug, { fromGraph = false } = {}) {
    state.selected = slug;
    history.replaceState(null, "", `#${encodeURIComponent(slug)}`);
    const details = showDetails(slug);
    let node = markSelected(slug);
    if (node.empty() && !fromGraph) {
      const found = await details; // its kind decides how to draw it
      if (!found || state.selected !== slug) return;
      await drawAround(found);
      node = markSelected(slug);
    }
    if (node.nonempty() && !fromGraph) {
      state.cy.animate(
        { center: { eles: node }, zoom: Math.max(state.cy.zoom(), 1.1) },
        { duration: 250 },
      );
    }
    await details;
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

  // ---------------------------------------------------------------- details

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
    body.replaceChildren(...renderDetails(node));
    $("details").scrollIntoView({ block: "nearest" });
    return node;
  }

  function badge(text, extra = "") {
    return el("span", { class: `badge ${extra}`.trim(), text });
  }

  // Markdown of content bodies, built as DOM nodes: text is only ever text, so
  // any HTML in content shows as characters and never runs.
  function inline(text) {
    const out = [];
    const pattern = /(\*\*[^*]+\*\*|`[^`]+`|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/g;
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      if (match.index > last) out.push(text.slice(last, match.index));
      const token = match[0];
      if (token.startsWith("**")) out.push(el("strong", { text: token.slice(2, -2) }));
      else if (token.startsWith("`")) out.push(el("code", { text: token.slice(1, -1) }));
      else out.push(el("em", { text: token.slice(1, -1) }));
      last = match.index + token.length;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }

  function renderMarkdown(source) {
    const blocks = [];
    const lines = source.replace(/\r\n?/g, "\n").split("\n");
    let paragraph = [];
    let list = null;
    const flush = () => {
      if (paragraph.length) blocks.push(el("p", {}, inline(paragraph.join(" "))));
      paragraph = [];
      list = null;
    };
    for (let i = 0; i < lines.length; i += 1) {
      const line = lines[i];
      const heading = line.match(/^(#{2,4})\s+(.*)$/);
      const item = line.match(/^\s*(?:[-*]|\d+\.)\s+(.*)$/);
      if (line.startsWith("```")) {
        flush();
        const code = [];
        for (i += 1; i < lines.length && !lines[i].startsWith("```"); i += 1) code.push(lines[i]);
        blocks.push(el("pre", {}, el("code", { text: code.join("\n") })));
      } else if (heading) {
        flush();
        blocks.push(el(heading[1].length === 2 ? "h4" : "h5", { text: heading[2] }));
      } else if (item) {
        if (paragraph.length) flush();
        if (!list) {
          list = el(/^\s*\d+\./.test(line) ? "ol" : "ul", {});
          blocks.push(list);
        }
        list.append(el("li", {}, inline(item[1])));
      } else if (!line.trim()) {
        flush();
      } else if (list && /^\s+/.test(line)) {
        list.lastChild.append(" ", ...inline(line.trim()));
      } else {
        list = null;
        paragraph.push(line.trim());
      }
    }
    flush();
    return blocks;
  }

  function linkList(title, items) {
    if (!items || !items.length) return null;
    return el(
      "div",
      { class: "link-group" },
      el("h4", { text: `${title} (${items.length})` }),
      el("ul", { class: "links" }, items.map((item) => el("li", {}, nodeLink(item)))),
    );
  }

  function renderDetails(node) {
    const kind = kindKey(node.kind);
    const facts = [badge(kindName(kind), `kind-${kind}`)];
    if (node.domain) {
      const dot = coloured(el("span", { class: "dot", "aria-hidden": "true" }), node.domain.slug);
      facts.push(el("span", { class: "badge domain" }, dot, node.domain.title));
    }
    if (node.difficulty) facts.push(badge(capitalise(node.difficulty)));
    const minutes = node.estimatedMinutes ?? node.readMinutes ?? node.minutes;
    if (minutes) facts.push(badge(formatMinutes(minutes)));
    if (node.seniority) facts.push(badge(capitalise(node.seniority)));
    if (node.day) facts.push(badge(`Day ${node.day}`));

    const parts = [
      el("h3", { class: "details-title", id: "details-title", text: node.title }),
      el("p", { class: "facts" }, facts),
    ];
    if (node.aliases && node.aliases.length) {
      parts.push(el("p", { class: "aliases", text: `Also called: ${node.aliases.join(", ")}` }));
    }
    if (node.text && node.text !== node.summary) parts.push(el("blockquote", { text: node.text }));
    if (node.summary) parts.push(el("p", { class: "summary", text: node.summary }));
    if (node.body) parts.push(el("div", { class: "body-text" }, renderMarkdown(node.body)));
    if (node.theme) parts.push(el("p", { class: "summary", text: `Theme: ${node.theme}` }));
    if (node.learningObjectives && node.learningObjectives.length) {
      parts.push(
        el("div", { class: "link-group" }, el("h4", { text: "You will be able to" }),
          el("ul", { class: "plain" }, node.learningObjectives.map((o) => el("li", { text: o })))),
      );
    }

    const actions = el("div", { class: "actions" });
    actions.append(
      el("button", { type: "button", class: "primary", text: "Add as target",
        "aria-label": `Add as target: ${node.title}`,
        onclick: () => addToPlan("targets", node.slug, node.title) }),
    );
    if (kind === "concept") {
      actions.append(
        el("button", { type: "button", text: "Mark as known",
          "aria-label": `Mark as known: ${node.title}`,
          onclick: () => addToPlan("known", node.slug, node.title) }),
      );
    }
    actions.append(
      el("button", { type: "button", text: "Neighbourhood",
        "aria-label": `Neighbourhood of ${node.title}`,
        onclick: () => drawAround(node) }),
    );
    parts.push(actions);

    parts.push(
      ...[
        linkList("Prerequisites", node.prerequisites),
        linkList("Unlocks", node.dependents),
        linkList("Related", node.related),
        linkList("Concepts", node.concepts),
        linkList("Articles", node.articles),
        linkList("Interview questions", node.prompts),
        linkList("Scheduled", node.items),
      ].filter(Boolean),
    );
    if (node.followUps && node.followUps.length) {
      parts.push(
        el("div", { class: "link-group" }, el("h4", { text: "Follow-ups" }),
          el("ul", { class: "plain" }, node.followUps.map((f) => el("li", { text: f })))),
      );
    }
    return parts;
  }

  // ----------------------------------------------------------------- search

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

  async function runSearch(query) {
    const token = ++tokens.search;
    const list = $("search-results");
    const note = $("search-note");
    note.hidden = true;
    if (!query.trim()) {
      list.replaceChildren();
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
    const corrected = page.correctedQuery ? page : null;
    if (!hits.length) {
      note.textContent = `Nothing matches “${query}”.`;
      note.hidden = false;
    } else if (corrected) {
      note.textContent = `Showing results for “${corrected.correctedQuery}”.`;
      note.hidden = false;
    }
    list.replaceChildren(
      ...hits.map((hit) => {
        const kind = kindKey(hit.node.kind);
        const meta = [kindName(kind), hit.node.domain ? hit.node.domain.title : null]
          .filter(Boolean).join(" · ");
        return el(
          "li",
          {},
          el(
            "button",
            { type: "button", class: "result", dataset: { slug: hit.node.slug },
              onclick: () => selectNode(hit.node.slug) },
            coloured(el("span", { class: `shape shape-${kind}`, "aria-hidden": "true" }),
              hit.node.domain && hit.node.domain.slug),
            el("span", { class: "result-text" },
              el("span", { class: "result-title", text: hit.node.title }),
              el("span", { class: "result-meta", text: meta }),
              hit.snippet ? renderSnippet(hit.snippet) : null),
          ),
        );
      }),
    );
  }

  // ------------------------------------------------------------------- plan

  function renderChips() {
    for (const [list, id, label] of [
      [state.targets, "plan-targets", "targets"],
      [state.known, "plan-known", "known concepts"],
    ]) {
      const ul = $(id);
      if (!list.size) {
        ul.replaceChildren(el("li", { class: "chip-empty", text: id === "plan-targets"
          ? "Pick a concept, then “Add as target”." : "None." }));
        continue;
      }
      ul.replaceChildren(
        ...[...list].map(([slug, title]) =>
          el("li", { class: "chip", dataset: { slug } },
            nodeLink({ slug, title: shortLabel(title) }),
            el("button", { type: "button", class: "chip-remove", "aria-label": `Remove ${title} from ${label}`,
              text: "×", onclick: () => { list.delete(slug); renderChips(); } }))),
      );
    }
    $("plan-build").disabled = !state.targets.size;
  }

  function addToPlan(which, slug, title) {
    const list = which === "targets" ? state.targets : state.known;
    const other = which === "targets" ? state.known : state.targets;
    other.delete(slug);
    list.set(slug, title);
    renderChips();
  }

  async function addFromInput(which) {
    const input = $("plan-add");
    const text = input.value.trim();
    if (!text) return;
    try {
      const hits = (await gql(Q_SEARCH, { query: text, kinds: ["CONCEPT"] })).search.edges;
      if (!hits.length) throw new ApiError(`No concept matches “${text}”.`);
      addToPlan(which, hits[0].node.slug, hits[0].node.title);
      input.value = "";
      setPlanMessage("");
    } catch (err) {
      setPlanMessage(err.message, true);
    }
  }

  function setPlanMessage(text, error = false) {
    const summary = $("plan-summary");
    summary.replaceChildren(text ? el("p", { class: error ? "error" : "note", role: error ? "alert" : null, text }) : "");
  }

  async function buildPlan() {
    if (!state.targets.size) return;
    const token = ++tokens.plan;
    const minutes = Math.max(15, Number($("plan-minutes").value) || 90);
    const targets = [...state.targets.keys()];
    setPlanMessage("Planning…");
    $("plan-steps").replaceChildren();
    let plan;
    try {
      plan = (await gql(Q_PLAN, { targets, known: [...state.known.keys()], minutes })).studyPlan;
    } catch (err) {
      if (token === tokens.plan) setPlanMessage(err.message, true);
      return;
    }
    if (token !== tokens.plan) return;
    state.plan = { ...plan, minutes, stepSlugs: plan.steps.map((step) => step.node.slug) };
    renderPlan();
    if (!plan.steps.length) return;
    const option = $("view-mode").querySelector('option[value="plan"]');
    option.disabled = false;
    await drawView({ ...currentFormView(), mode: "plan" });
  }

  function renderPlan() {
    const plan = state.plan;
    const steps = plan.steps;
    const days = plan.days.length;
    if (!steps.length) {
      setPlanMessage("Nothing to study: every target is already known.");
      $("plan-steps").replaceChildren();
      return;
    }
    $("plan-summary").replaceChildren(
      el("p", { class: "plan-totals" },
        el("strong", { text: `${steps.length} step${steps.length > 1 ? "s" : ""}` }),
        ` · ${formatMinutes(plan.totalMinutes)} · ${days} day${days === 1 ? "" : "s"} at `,
        `${formatMinutes(plan.minutes)} a day`),
      ...(plan.warnings || []).map((warning) => el("p", { class: "note", text: warning })),
    );
    let lastDay = null;
    $("plan-steps").replaceChildren(
      ...steps.map((step) => {
        const isTarget = step.isTarget;
        const newDay = step.day !== null && step.day !== lastDay;
        lastDay = step.day ?? lastDay;
        const meta = [
          step.day === null ? "not scheduled" : `day ${step.day}`,
          formatMinutes(step.minutes),
        ].join(" · ");
        return el(
          "li",
          { class: `plan-step${isTarget ? " is-target" : ""}${newDay ? " new-day" : ""}`,
            dataset: { slug: step.node.slug, position: String(step.position) } },
          el("span", { class: "step-pos", "aria-hidden": "true", text: String(step.position) }),
          el("div", { class: "step-body" },
            nodeLink(step.node),
            el("span", { class: "step-meta", text: meta }),
            el("span", { class: "step-reason", text: step.reason })),
        );
      }),
    );
  }

  /** Mark the plan's steps in the drawn graph; returns how many of them it holds. */
  function applyPlanHighlight() {
    const cy = state.cy;
    const inPlan = new Set();
    cy.batch(() => {
      cy.elements().removeClass("plan plan-target plan-edge faded known");
      if (!state.plan || !state.plan.steps.length) return;
      for (const step of state.plan.steps) {
        const node = cy.getElementById(step.node.slug);
        if (node.empty()) continue;
        inPlan.add(step.node.slug);
        node.data("planLabel", `${step.position}. ${shortLabel(step.node.title)}`);
        node.addClass("plan");
        if (step.isTarget) node.addClass("plan-target");
      }
      for (const slug of state.known.keys()) cy.getElementById(slug).addClass("known");
      cy.edges('[kind = "prerequisite"]')
        .filter((edge) => inPlan.has(edge.source().id()) && inPlan.has(edge.target().id()))
        .addClass("plan-edge");
      // Fade the rest only when the plan is in view, not a whole unrelated domain.
      if (inPlan.size) cy.elements().not(".plan, .plan-edge, .known").addClass("faded");
    });
    return inPlan.size;
  }

  function clearPlan() {
    state.plan = null;
    tokens.plan++;
    $("plan-steps").replaceChildren();
    setPlanMessage("");
    const option = $("view-mode").querySelector('option[value="plan"]');
    option.disabled = true;
    applyPlanHighlight();
    if (state.view && state.view.mode === "plan") drawView({ ...currentFormView(), mode: "domain" });
  }

  // ------------------------------------------------------------------- view

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

  function syncViewForm(view) {
    $("view-mode").value = view.mode;
    if (view.mode === "around") {
      $("view-around").value = view.around;
      $("view-radius").value = String(view.radius);
    }
    if (view.mode === "domain") $("view-domain").value = view.domain;
    showModeFields(view.mode);
  }

  function showModeFields(mode) {
    for (const field of document.querySelectorAll("[data-for-mode]")) {
      field.hidden = field.dataset.forMode !== mode;
    }
    $("view-kinds").disabled = mode === "plan";
  }

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

  // ------------------------------------------------------------------- init

  function renderLegend() {
    $("legend-domains").replaceChildren(
      ...state.domains.map((domain) =>
        el("li", {}, coloured(el("span", { class: "dot", "aria-hidden": "true" }), domain.slug),
          domain.title)),
    );
  }

  function wire() {
    $("view-form").addEventListener("submit", onViewSubmit);
    $("view-mode").addEventListener("change", (event) => showModeFields(event.target.value));
    $("search-form").addEventListener("submit", (event) => {
      event.preventDefault();
      runSearch($("search-input").value);
    });
    $("plan-form").addEventListener("submit", (event) => {
      event.preventDefault();
      buildPlan();
    });
    $("plan-clear").addEventListener("click", clearPlan);
    $("add-target").addEventListener("click", () => addFromInput("targets"));
    $("add-known").addEventListener("click", () => addFromInput("known"));
    $("plan-add").addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        addFromInput("targets");
      }
    });
    $("fit-button").addEventListener("click", fitGraph);
    $("clear-selection").addEventListener("click", clearSelection);
    // Every link to a node, wherever it is drawn, selects that node.
    document.body.addEventListener("click", (event) => {
      const link = event.target.closest("a.node-link");
      if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey) return;
      event.preventDefault();
      selectNode(link.dataset.slug);
    });
    $("plan-steps").addEventListener("mouseover", (event) => {
      const item = event.target.closest("li.plan-step");
      if (item && state.cy.getElementById(item.dataset.slug).nonempty() && !state.selected) {
        state.cy.getElementById(item.dataset.slug).flashClass("near", 600);
      }
    });
  }

  async function init() {
    if (typeof cytoscape !== "function") {
      setStatus("Cytoscape.js did not load (/static/vendor/cytoscape.min.js).", { error: true });
      return;
    }
    wire();
    renderChips();
    state.cy = createGraph();
    state.renderMarkdown = renderMarkdown;
    window.prepgraphExplorer = state; // for the browser test and for debugging in the console
    try {
      const data = await gql(Q_INIT);
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
    const start = decodeURIComponent(location.hash.slice(1));
    const first = state.domains.some((d) => d.slug === DEFAULT_DOMAIN)
      ? DEFAULT_DOMAIN
      : (state.domains[0] || {}).slug;
    await drawView({ ...currentFormView(), mode: "domain", domain: first });
    if (start) selectNode(start);
  }

  document.addEventListener("DOMContentLoaded", init);
})();
