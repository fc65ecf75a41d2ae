// PrepGraph explorer, the learner: an account behind a bearer token kept in this browser,
// progress marks on concepts, practice with spaced reviews, and progress by plan and by domain.
(() => {
  "use strict";

  const P = window.PrepGraph;
  const { $, el, state, gql, formatMinutes, plural, capitalise } = P;

  const Q_ME = `query ExplorerMe { me { id name } }`;
  const M_CREATE = `mutation ExplorerCreateLearner($input: CreateLearnerInput!) {
    createLearner(input: $input) { token learner { id name } }
  }`;
  const Q_MASTERY = `query ExplorerMastery($after: String) {
    me { mastery(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { state concept { slug title domain { slug } } }
    } }
  }`;
  const M_MASTERY = `mutation ExplorerSetMastery($input: SetMasteryInput!) {
    setMastery(input: $input) { masteryEntry { state } concept { slug title domain { slug } } }
  }`;
  const Q_REVIEWS = `query ExplorerReviews($until: Date) {
    me {
      dueReviews(until: $until) { due prompt { slug title kind } }
      attempts(first: 5) { nodes { rating reviewedAt nextDue prompt { slug title kind } } }
    }
  }`;
  const Q_PROMPT = `query ExplorerPrompt($slug: String!) {
    prompt(slug: $slug) {
      slug title text seniority minutes followUps answerOutline
      domain { slug title } concepts { slug title kind }
    }
  }`;
  const M_ATTEMPT = `mutation ExplorerRecordAttempt($input: RecordAttemptInput!) {
    recordAttempt(input: $input) { attempt { rating nextDue prompt { slug title } } }
  }`;
  const Q_DOMAIN_SIZES = `query ExplorerDomainSizes {
    domains { slug title conceptPage: concepts(first: 1) { totalCount } }
  }`;

  const RATINGS = [
    ["AGAIN", "Again", "Could not answer"],
    ["HARD", "Hard", "Answered with difficulty"],
    ["GOOD", "Good", "Answered well"],
    ["EASY", "Easy", "Answered easily"],
  ];
  const TABS = ["plan", "practice", "progress"];

  let domainSizes = null; // [{slug, title, total}], loaded once
  let practising = null; // the prompt on the practice card

  // ---------------------------------------------------------------- messages and tabs

  /** Tell the learner what just happened, politely (aria-live). */
  function say(text, { error = false } = {}) {
    const line = $("learner-message");
    line.textContent = text;
    line.classList.toggle("error", error);
  }

  /** Show one of the study tabs: plan, practice or progress. */
  function showTab(name, { focus = false } = {}) {
    for (const tab of TABS) {
      const button = $(`tab-${tab}`);
      const selected = tab === name;
      button.setAttribute("aria-selected", String(selected));
      button.tabIndex = selected ? 0 : -1;
      $(`panel-${tab}`).hidden = !selected;
      if (selected && focus) button.focus();
    }
    if (name === "practice") loadReviews();
    if (name === "progress") renderProgress();
  }

  /** Tabs answer clicks and the arrow keys (the ARIA tabs pattern). */
  function wireTabs() {
    for (const tab of TABS) {
      $(`tab-${tab}`).addEventListener("click", () => showTab(tab));
      $(`tab-${tab}`).addEventListener("keydown", (event) => {
        const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (!step) return;
        event.preventDefault();
        showTab(TABS[(TABS.indexOf(tab) + step + TABS.length) % TABS.length], { focus: true });
      });
    }
  }

  // ---------------------------------------------------------------- account

  /** Show the signed-out forms or the signed-in card, and what needs a learner. */
  function renderAccount() {
    const signedIn = Boolean(state.learner);
    $("learner-signed-out").hidden = signedIn;
    $("learner-signed-in").hidden = !signedIn;
    $("learner-name-shown").textContent = signedIn ? state.learner.name : "";
    for (const hint of document.querySelectorAll(".needs-learner")) hint.hidden = signedIn;
    for (const part of document.querySelectorAll(".learner-only")) part.hidden = !signedIn;
  }

  /** Show a new token once, with the warning that it cannot be shown again. */
  function showTokenOnce(token) {
    $("token-value").value = token;
    $("token-once").hidden = false;
    $("token-copy-note").textContent = "";
    $("token-value").focus();
    $("token-value").select();
    $("learner-paste-box").open = false;
  }

  /** Take the token off the page; it is not shown again. */
  function hideToken() {
    $("token-value").value = "";
    $("token-once").hidden = true;
  }

  /** A learner's token works: load their marks and plans. */
  async function signedIn(learner, message) {
    state.learner = learner;
    renderAccount();
    say(message);
    await loadMastery();
    P.emit("learner");
    await P.plan.loadSaved();
    loadReviews();
    if (!$("panel-progress").hidden) renderProgress();
  }

  /** Create a learner, keep its token, and show the token this once. */
  async function create(event) {
    event.preventDefault();
    const name = $("learner-name").value.trim();
    if (!name) {
      say("Give a name first.", { error: true });
      $("learner-name").focus();
      return;
    }
    const button = $("learner-create-button");
    button.disabled = true;
    try {
      const data = await gql(M_CREATE, { input: { name } }, { token: false });
      const { token, learner } = data.createLearner;
      P.storeToken(token);
      $("learner-name").value = "";
      await signedIn(learner, `Welcome, ${learner.name}.`);
      showTokenOnce(token);
    } catch (err) {
      say(err.message, { error: true });
    } finally {
      button.disabled = false;
    }
  }

  /** Check a pasted token with `me`; keep it only when it is a learner's. */
  async function paste(event) {
    event.preventDefault();
    const input = $("learner-token-input");
    const token = input.value.trim();
    if (!token) return;
    try {
      const me = (await gql(Q_ME, {}, { token })).me;
      if (!me) throw new Error("That token is valid but not a learner's.");
      P.storeToken(token);
      input.value = "";
      await signedIn(me, `Signed in as ${me.name}.`);
    } catch (err) {
      say(`That token does not work: ${err.message}`, { error: true });
    }
  }

  /** Sign out: forget the token and every learner mark on the page. */
  function forget(message = "Signed out; this browser no longer keeps the token.") {
    P.storeToken(null);
    P.storePlanId(null);
    hideToken();
    state.learner = null;
    state.mastery = new Map();
    practising = null;
    renderAccount();
    say(message);
    P.emit("learner");
    P.emit("mastery");
    loadReviews();
    renderPractice();
    renderProgress();
  }

  /** Copy the new token, or select it when the clipboard is not allowed. */
  async function copyToken() {
    const value = $("token-value").value;
    try {
      await navigator.clipboard.writeText(value);
      $("token-copy-note").textContent = "Copied.";
    } catch {
      $("token-value").select();
      $("token-copy-note").textContent = "Selected: press Ctrl+C (⌘C) to copy.";
    }
  }

  // ---------------------------------------------------------------- mastery

  /** Load the learner's known and learning concepts, page by page. */
  async function loadMastery() {
    const mastery = new Map();
    let after = null;
    try {
      for (let page = 0; page < 50; page += 1) {
        const me = (await gql(Q_MASTERY, { after })).me;
        if (!me) break;
        for (const entry of me.mastery.nodes) {
          mastery.set(entry.concept.slug, {
            state: entry.state, title: entry.concept.title,
            domain: entry.concept.domain ? entry.concept.domain.slug : null,
          });
        }
        if (!me.mastery.pageInfo.hasNextPage) break;
        after = me.mastery.pageInfo.endCursor;
      }
    } catch (err) {
      say(err.message, { error: true });
      return;
    }
    state.mastery = mastery;
    P.emit("mastery");
  }

  /** Record a mastery state the API reported (after a step was completed, say). */
  function noteMastery(concept, value) {
    if (value) {
      state.mastery.set(concept.slug, {
        state: value, title: concept.title, domain: concept.domain ? concept.domain.slug : null,
      });
    } else {
      state.mastery.delete(concept.slug);
    }
    P.emit("mastery");
    if (!$("panel-progress").hidden) renderProgress();
  }

  /** Mark a concept KNOWN, LEARNING, or (null) clear it. */
  async function setMastery(slug, value, node) {
    if (!state.learner) return;
    try {
      const data = await gql(M_MASTERY, { input: { concept: slug, state: value } });
      const entry = data.setMastery.masteryEntry;
      noteMastery(data.setMastery.concept, entry ? entry.state : null);
      const title = node ? node.title : slug;
      say(value === "KNOWN" ? `Marked known: ${title}.` : value === "LEARNING"
        ? `Marked learning: ${title}.` : `Cleared: ${title}.`);
    } catch (err) {
      say(err.message, { error: true });
    }
  }

  // ---------------------------------------------------------------- practice

  /** When a review is due, in the learner's time: "due now", "due today 17:16", "due Tue 8 Dec". */
  function dueText(moment) {
    const due = P.parseMoment(moment);
    const now = new Date();
    if (due <= now) return "due now";
    if (due.toDateString() === now.toDateString()) {
      return `due today ${due.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`;
    }
    return `due ${due.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short" })}`;
  }

  /** When the next review is, without the word "due". */
  const nextText = (moment) => dueText(moment).replace(/^due /, "");

  /** Refresh the due reviews (this week) and the recent attempts. */
  async function loadReviews() {
    const list = $("due-reviews");
    if (!state.learner) {
      list.replaceChildren();
      $("recent-attempts").replaceChildren();
      $("due-badge").hidden = true;
      renderPlanPrompts();
      return;
    }
    let me;
    try {
      me = (await gql(Q_REVIEWS, { until: P.todayUtc(6) })).me;
    } catch (err) {
      list.replaceChildren(el("li", { class: "error", text: err.message }));
      return;
    }
    if (!me) return;
    const today = P.todayUtc();
    const due = me.dueReviews
      .slice()
      .sort((a, b) => P.parseMoment(a.due) - P.parseMoment(b.due));
    const dueToday = due.filter((review) => P.parseMoment(review.due).toISOString().slice(0, 10) <= today);
    $("due-count").textContent = `(${dueToday.length} today, ${due.length} this week)`;
    const badge = $("due-badge");
    badge.hidden = !dueToday.length;
    badge.textContent = String(dueToday.length);
    badge.title = `${plural(dueToday.length, "review")} due today`;
    list.replaceChildren(
      ...(due.length
        ? due.map((review) =>
          el("li", { class: "review", dataset: { slug: review.prompt.slug } },
            el("div", { class: "review-text" },
              P.nodeLink(review.prompt),
              el("span", { class: "review-due", text: dueText(review.due) })),
            el("button", { type: "button", text: "Practise", "aria-label": `Practise: ${review.prompt.title}`,
              onclick: () => practise(review.prompt.slug) })))
        : [el("li", { class: "chip-empty", text: "Nothing due this week." })]),
    );
    $("recent-attempts").replaceChildren(
      ...me.attempts.nodes.map((attempt) =>
        el("li", {},
          P.nodeLink(attempt.prompt),
          el("span", { class: "review-due", text:
            ` · ${capitalise(attempt.rating)}, next ${nextText(attempt.nextDue)}` }))),
    );
    renderPlanPrompts();
  }

  /** Questions of the plan being shown, to practise next. */
  function renderPlanPrompts() {
    const list = $("plan-prompts");
    const seen = new Set();
    const prompts = [];
    for (const step of (state.plan && state.plan.steps) || []) {
      for (const prompt of step.prompts) {
        if (!seen.has(prompt.slug)) {
          seen.add(prompt.slug);
          prompts.push(prompt);
        }
      }
    }
    $("plan-prompts-section").hidden = !prompts.length;
    list.replaceChildren(
      ...prompts.slice(0, 8).map((prompt) =>
        el("li", { class: "review", dataset: { slug: prompt.slug } },
          el("div", { class: "review-text" }, P.nodeLink(prompt),
            el("span", { class: "review-due", text: formatMinutes(prompt.minutes) })),
          el("button", { type: "button", text: "Practise", "aria-label": `Practise: ${prompt.title}`,
            onclick: () => practise(prompt.slug) }))),
    );
  }

  /** Open a prompt on the practice card: the question first, the rest on demand. */
  async function practise(slug) {
    showTab("practice");
    const card = $("practice-card");
    card.hidden = false;
    card.replaceChildren(el("p", { class: "hint", text: "Loading the question…" }));
    try {
      practising = (await gql(Q_PROMPT, { slug })).prompt;
    } catch (err) {
      card.replaceChildren(el("p", { class: "error", role: "alert", text: err.message }));
      return;
    }
    if (!practising) {
      card.replaceChildren(el("p", { class: "error", text: `No question is called “${slug}”.` }));
      return;
    }
    renderPractice();
    card.scrollIntoView({ block: "nearest" });
    $("practice-title").focus();
  }

  /** A reveal button and the part it shows (aria-expanded). */
  function reveal(label, id, content) {
    const part = el("div", { class: "reveal-part", id, hidden: true }, content);
    const button = el("button", {
      type: "button", class: "reveal", "aria-expanded": "false", "aria-controls": id, text: `Show ${label}`,
      onclick: () => {
        const open = part.hidden;
        part.hidden = !open;
        button.setAttribute("aria-expanded", String(open));
        button.textContent = `${open ? "Hide" : "Show"} ${label}`;
      },
    });
    return [button, part];
  }

  /** Draw the practice card: the question, reveals, and the rating buttons. */
  function renderPractice() {
    const card = $("practice-card");
    const prompt = practising;
    if (!prompt) {
      card.hidden = true;
      card.replaceChildren();
      return;
    }
    card.hidden = false;
    const parts = [
      el("h3", { id: "practice-title", class: "details-title", tabindex: "-1", text: prompt.title }),
      el("p", { class: "facts" },
        el("span", { class: "badge", text: `${capitalise(prompt.seniority)}+` }),
        el("span", { class: "badge", text: formatMinutes(prompt.minutes) }),
        prompt.domain ? el("span", { class: "badge", text: prompt.domain.title }) : null),
      el("blockquote", { class: "question", text: prompt.text }),
      el("p", { class: "hint", text: "Answer out loud or on paper first, then compare." }),
    ];
    const reveals = el("div", { class: "reveals" });
    if (prompt.followUps.length) {
      reveals.append(...reveal("follow-ups", "practice-followups",
        el("ul", { class: "plain" }, prompt.followUps.map((f) => el("li", { text: f })))));
    }
    if (prompt.answerOutline) {
      reveals.append(...reveal("answer outline", "practice-outline",
        el("div", { class: "body-text" }, P.markdown.render(prompt.answerOutline))));
    }
    parts.push(reveals);
    if (prompt.concepts.length) {
      parts.push(el("p", { class: "step-meta" }, "Tests: ",
        prompt.concepts.flatMap((c, i) => [i ? ", " : null, P.nodeLink(c)])));
    }
    if (state.learner) {
      parts.push(
        el("div", { class: "rating", role: "group", "aria-labelledby": "rating-label" },
          el("span", { id: "rating-label", class: "mastery-label", text: "How did it go?" }),
          RATINGS.map(([value, label, hint]) =>
            el("button", { type: "button", class: `rate rate-${value.toLowerCase()}`, title: hint,
              "aria-label": `${label}: ${hint}`, text: label, onclick: () => rate(prompt, value, label) }))),
        el("p", { id: "practice-result", class: "note", role: "status" }),
      );
    } else {
      parts.push(el("p", { class: "hint",
        text: "Sign in as a learner to record how it went and get spaced reviews." }));
    }
    card.replaceChildren(...parts);
  }

  /** Record how an attempt went; FSRS schedules the next review. */
  async function rate(prompt, value, label) {
    const buttons = [...document.querySelectorAll("#practice-card .rate")];
    for (const button of buttons) button.disabled = true;
    try {
      const input = { prompt: prompt.slug, rating: value };
      const attempt = (await gql(M_ATTEMPT, { input })).recordAttempt.attempt;
      $("practice-result").textContent = `Recorded: ${label}. Next review ${nextText(attempt.nextDue)}.`;
      say(`Practised: ${prompt.title}.`);
      await loadReviews();
    } catch (err) {
      $("practice-result").textContent = err.message;
    } finally {
      for (const button of buttons) button.disabled = false;
    }
  }

  // ---------------------------------------------------------------- progress

  /** Concepts per domain, loaded once: the denominators of progress. */
  async function loadDomainSizes() {
    if (domainSizes) return domainSizes;
    const data = await gql(Q_DOMAIN_SIZES);
    domainSizes = data.domains.map((d) => ({ slug: d.slug, title: d.title, total: d.conceptPage.totalCount }));
    return domainSizes;
  }

  /** A titled list of concept links, or null when empty. */
  function conceptList(title, entries, mark) {
    if (!entries.length) return null;
    return el("div", { class: "link-group" },
      el("h4", { text: `${title} (${entries.length})` }),
      el("ul", { class: "links compact" }, entries.map(([slug, entry]) =>
        el("li", {}, P.nodeLink({ slug, title: entry.title }, { mark })))));
  }

  /** Draw progress: the followed plan, each domain, the concepts marked. */
  async function renderProgress() {
    const box = $("progress-body");
    if (!state.learner) {
      box.replaceChildren();
      return;
    }
    const parts = [];
    const current = state.savedPlans.find((p) => p.id === state.currentPlanId);
    parts.push(el("h3", { class: "sub", text: "Current plan" }));
    if (current) {
      const progress = P.plan.progressOf(current);
      const percent = Math.round(progress.share * 100);
      parts.push(
        progress.total === null
          ? el("p", { class: "progress-line", id: "plan-progress" },
            el("strong", { text: current.name }), ` · ${plural(progress.done, "step")} done`)
          : el("p", { class: "progress-line", id: "plan-progress" },
            el("strong", { text: current.name }), ` · ${progress.done} of ${progress.total} steps done · `,
            el("strong", { class: "percent", text: `${percent}%` })),
        progress.total === null ? null : P.plan.progressBar(progress.share, `Progress of ${current.name}`),
      );
    } else {
      parts.push(el("p", { class: "hint", text: "Save a plan to follow it here." }));
    }
    let sizes;
    try {
      sizes = await loadDomainSizes();
    } catch (err) {
      box.replaceChildren(...parts, el("p", { class: "error", text: err.message }));
      return;
    }
    const counts = new Map();
    for (const entry of state.mastery.values()) {
      const count = counts.get(entry.domain) || { known: 0, learning: 0 };
      if (entry.state === "KNOWN") count.known += 1;
      else count.learning += 1;
      counts.set(entry.domain, count);
    }
    parts.push(
      el("h3", { class: "sub", text: "By domain" }),
      el("ul", { class: "domain-progress", "aria-label": "Progress by domain" },
        sizes.map((domain) => {
          const count = counts.get(domain.slug) || { known: 0, learning: 0 };
          const share = domain.total ? count.known / domain.total : 0;
          return el("li", { dataset: { domain: domain.slug } },
            el("div", { class: "domain-line" },
              P.coloured(el("span", { class: "dot", "aria-hidden": "true" }), domain.slug),
              el("span", { class: "domain-title", text: domain.title }),
              el("span", { class: "domain-counts", text:
                `✓ ${count.known} · ◐ ${count.learning} / ${domain.total}` })),
            P.plan.progressBar(share, `${domain.title}: ${count.known} of ${domain.total} concepts known`));
        })),
    );
    const entries = [...state.mastery.entries()].sort((a, b) => a[1].title.localeCompare(b[1].title));
    parts.push(
      conceptList("Learning now", entries.filter(([, e]) => e.state === "LEARNING"), true),
      conceptList("Known", entries.filter(([, e]) => e.state === "KNOWN"), true),
    );
    box.replaceChildren(...parts.filter(Boolean));
  }

  // ---------------------------------------------------------------- init

  /** Wire the learner parts; with a kept token, sign in before the first picture. */
  async function init() {
    wireTabs();
    $("learner-create").addEventListener("submit", create);
    $("learner-paste").addEventListener("submit", paste);
    $("learner-forget").addEventListener("click", () => forget());
    $("token-copy").addEventListener("click", copyToken);
    $("token-dismiss").addEventListener("click", () => {
      hideToken();
      say("The token is kept in this browser only; it will not be shown again.");
    });
    P.on("token-rejected", (message) =>
      forget(`The kept token no longer works (${message}); it was forgotten.`));
    P.on("saved-plans", () => {
      if (!$("panel-progress").hidden) renderProgress();
    });
    P.on("plan", () => {
      if (!$("panel-practice").hidden) renderPlanPrompts();
    });
    renderAccount();
    const token = P.storedToken();
    if (!token) return;
    let me = null;
    try {
      me = (await gql(Q_ME, {}, { token })).me;
    } catch (err) {
      forget(`The kept token no longer works (${err.message}); it was forgotten.`);
      return;
    }
    if (!me) {
      forget("The kept token is not a learner's; it was forgotten.");
      return;
    }
    state.learner = me;
    renderAccount();
    say(`Signed in as ${me.name}.`);
    await loadMastery();
    P.emit("learner");
    await P.plan.loadSaved();
    loadReviews();
  }

  P.learner = { init, setMastery, noteMastery, practise, showTab, say, loadReviews, renderProgress };
})();
