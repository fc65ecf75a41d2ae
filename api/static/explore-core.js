// PrepGraph explorer, shared core: DOM helpers, the GraphQL client, the learner token and the
// state every part of the page reads. Plain script, no build step; the other explore-*.js files
// add their parts to `window.PrepGraph`. Text from the API reaches the DOM through textContent.
(() => {
  "use strict";

  const GRAPHQL_URL = "/graphql";
  const TOKEN_KEY = "prepgraph.learnerToken";
  const CURRENT_PLAN_KEY = "prepgraph.currentPlan";

  const $ = (id) => document.getElementById(id);

  /** Everything the page knows; the parts read and write it, and announce changes with `emit`. */
  const state = {
    cy: null,
    layout: null, // the running layout, stopped when another view is drawn
    domains: [], // [{slug, title, color}]
    view: null, // the scope last drawn: {mode, domain, around, radius, kinds, targets}
    layered: false, // whether the drawn view has the layered (prerequisite-flow) layout
    selected: null,
    detailsNode: null, // the node whose page the details panel shows
    targets: new Map(), // plan targets: slug -> title
    known: new Map(), // concepts the plan treats as known: slug -> title
    plan: null, // the plan shown: the StudyPlan fields plus {minutes, deadline, stepSlugs, saved}
    searchHits: new Set(), // slugs of the last search's hits
    learner: null, // {id, name} when a valid learner token is kept
    mastery: new Map(), // slug -> {state: "KNOWN" | "LEARNING", title, domain}
    savedPlans: [], // the learner's saved plans, oldest first
    currentPlanId: null, // id of the saved plan being followed
  };

  // ---------------------------------------------------------------- events

  const bus = new EventTarget();

  /** Announce a change (`mastery`, `learner`, `plan`, `saved-plans`) to whoever listens. */
  function emit(name, detail = null) {
    bus.dispatchEvent(new CustomEvent(name, { detail }));
  }

  /** Run `handler(detail)` on every `emit(name)`. */
  function on(name, handler) {
    bus.addEventListener(name, (event) => handler(event.detail));
  }

  // ---------------------------------------------------------------- DOM helpers

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

  const KIND_NAMES = {
    concept: "Concept", article: "Article", prompt: "Prompt", roadmap_day: "Roadmap day",
    domain: "Domain",
  };
  const kindKey = (kind) => String(kind || "").toLowerCase();
  const kindName = (kind) => KIND_NAMES[kindKey(kind)] || String(kind || "");
  const capitalise = (word) => word.charAt(0) + word.slice(1).toLowerCase();
  const plural = (count, word, many = `${word}s`) => `${count} ${count === 1 ? word : many}`;

  /** Minutes as "45 min", "2 h" or "1 h 30 min". */
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

  /** The API's date-times are UTC; some arrive without an offset. */
  function parseMoment(text) {
    const value = String(text);
    return new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`);
  }

  /** Today's date in UTC as YYYY-MM-DD, the API's default start of a plan. */
  function todayUtc(offsetDays = 0) {
    const now = new Date();
    const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offsetDays));
    return day.toISOString().slice(0, 10);
  }

  /** A YYYY-MM-DD date as "Thu 3 Dec". */
  function formatDate(isoDate) {
    const date = new Date(`${isoDate}T00:00:00Z`);
    return date.toLocaleDateString("en-GB", {
      weekday: "short", day: "numeric", month: "short", timeZone: "UTC",
    });
  }

  /** A day span of a plan: "day 3" or "days 3–4". */
  function daySpan(first, last) {
    if (first === null || first === undefined) return "not scheduled";
    return last !== null && last !== undefined && last !== first
      ? `days ${first}–${last}` : `day ${first}`;
  }

  /** Say what the graph is doing in the aria-live status line. */
  function setStatus(text, { error = false } = {}) {
    const status = $("status");
    status.textContent = text;
    status.classList.toggle("error", error);
  }

  /** The progress mark of a concept: ✓ known, ◐ learning, or nothing. */
  function masteryOf(slug) {
    const entry = state.mastery.get(slug);
    if (entry) return entry.state;
    return state.known.has(slug) ? "KNOWN" : null;
  }

  /** A small mark for lists, read out as "known" or "learning". */
  function masteryMark(slug) {
    const mastery = masteryOf(slug);
    if (!mastery) return null;
    const known = mastery === "KNOWN";
    return el("span", {
      class: `mark ${known ? "mark-known" : "mark-learning"}`,
      title: known ? "Known" : "Learning",
      "aria-label": known ? "known" : "learning",
      role: "img",
      text: known ? "✓" : "◐",
    });
  }

  /** A link that opens a node in the details panel, with its progress mark. */
  function nodeLink(item, { mark = true, label = null } = {}) {
    const link = el("a", {
      href: `#${encodeURIComponent(item.slug)}`,
      class: "node-link",
      dataset: { slug: item.slug },
      text: label || item.title,
    });
    const badge = mark ? masteryMark(item.slug) : null;
    return badge ? el("span", { class: "linked" }, badge, link) : link;
  }

  /** Paint a swatch in a domain's colour (CSSOM, which the page's CSP allows). */
  function coloured(swatch, domainSlug) {
    const domain = state.domains.find((d) => d.slug === domainSlug);
    if (domain) swatch.style.backgroundColor = domain.color;
    return swatch;
  }

  // ---------------------------------------------------------------- learner token

  /** The kept learner token, or null (storage may be off). */
  function storedToken() {
    try {
      return localStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  }

  /** Keep the learner token in localStorage (null forgets it). */
  function storeToken(token) {
    try {
      if (token) localStorage.setItem(TOKEN_KEY, token);
      else localStorage.removeItem(TOKEN_KEY);
    } catch {
      // Private windows may refuse storage; the token then lasts for this page only.
    }
    memoryToken = token || null;
  }

  /** The id of the saved plan the learner follows, or null. */
  function storedPlanId() {
    try {
      return localStorage.getItem(CURRENT_PLAN_KEY);
    } catch {
      return null;
    }
  }

  /** Remember which saved plan the learner follows (null forgets it). */
  function storePlanId(id) {
    try {
      if (id) localStorage.setItem(CURRENT_PLAN_KEY, id);
      else localStorage.removeItem(CURRENT_PLAN_KEY);
    } catch {
      // As above: without storage the choice lasts for this page.
    }
  }

  let memoryToken = null;
  const currentToken = () => memoryToken || storedToken();

  // ---------------------------------------------------------------- GraphQL

  class ApiError extends Error {
    constructor(message, code = null) {
      super(message);
      this.code = code;
    }
  }

  /**
   * POST a query to /graphql, with the learner's token when one is kept.
   * `token: false` sends none; `token: "..."` sends that one (to check a pasted token).
   */
  async function gql(query, variables = {}, { token } = {}) {
    const bearer = token === undefined ? currentToken() : token;
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    let response;
    try {
      response = await fetch(GRAPHQL_URL, {
        method: "POST",
        headers,
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
    if (body.errors && body.errors.length) {
      const first = body.errors[0];
      const code = (first.extensions && first.extensions.code) || null;
      if (code === "UNAUTHENTICATED" && bearer && token === undefined) {
        // The kept token stopped working (revoked, or another database): forget it and say so.
        emit("token-rejected", first.message);
      }
      throw new ApiError(first.message, code);
    }
    if (!response.ok) throw new ApiError(`The API answered ${response.status}.`);
    return body.data;
  }

  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));

  window.PrepGraph = {
    $, el, state, emit, on, gql, ApiError, kindKey, kindName, capitalise, plural, formatMinutes,
    shortLabel, parseMoment, todayUtc, formatDate, daySpan, setStatus, masteryOf, masteryMark,
    nodeLink, coloured, storedToken, storeToken, storedPlanId, storePlanId, nextFrame,
  };
})();
