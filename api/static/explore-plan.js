// PrepGraph explorer, the study plan: targets and known concepts, a daily budget and an optional
// number of days; each step with its day span, minutes, reason, articles and questions; what a
// deadline leaves out. Signed-in learners save plans, tick steps done and replan.
(() => {
  "use strict";

  const P = window.PrepGraph;
  const { $, el, state, gql, ApiError, formatMinutes, shortLabel, plural } = P;

  const PLAN_FIELDS = `fragment PlanFields on StudyPlan {
    targets { slug title }
    steps {
      position node { slug title kind } minutes conceptMinutes day lastDay reason isTarget role mode
      materials { node { slug title kind } minutes day lastDay reason }
      articles { slug title kind readMinutes }
      prompts { slug title kind minutes }
    }
    days { day date minutes }
    totalMinutes minutesPerDay fitsDeadline minutesPerDayNeeded minutesPerDayForTargets
    unscheduled { position node { slug title } minutes }
    cuts { kind node { slug title kind } minutes reason }
    mockInterview { day lastDay minutes prompts { slug title } }
    knownTargets { slug title }
    warnings
  }`;
  const SAVED_FIELDS = `fragment SavedFields on SavedPlan {
    id name version request completed { slug title domain { slug } }
    plan { ...PlanFields }
  }
  ${PLAN_FIELDS}`;

  const Q_PLAN = `query ExplorerPlan($input: StudyPlanInput!) {
    studyPlan(input: $input) { ...PlanFields }
  }
  ${PLAN_FIELDS}`;
  // Each saved plan's schedule is recomputed on request (and costs as much as a plan): the list
  // holds names and what is done; a plan's schedule is fetched when it is opened.
  const Q_PLANS = `query ExplorerSavedPlans {
    me { plans(first: 50) { totalCount nodes {
      id name version request completed { slug title domain { slug } }
    } } }
  }`;
  const Q_SAVED = `query ExplorerSavedPlan($id: ID!) {
    node(id: $id) { ... on SavedPlan { ...SavedFields } }
  }
  ${SAVED_FIELDS}`;
  const M_SAVE = `mutation ExplorerSavePlan($input: SavePlanInput!) {
    savePlan(input: $input) { savedPlan { ...SavedFields } }
  }
  ${SAVED_FIELDS}`;
  const M_COMPLETE = `mutation ExplorerCompleteStep($input: CompleteStepInput!) {
    completeStep(input: $input) {
      savedPlan { ...SavedFields }
      masteryEntry { state concept { slug title domain { slug } } }
    }
  }
  ${SAVED_FIELDS}`;
  const M_REPLAN = `mutation ExplorerReplan($input: ReplanInput!) {
    replan(input: $input) { savedPlan { ...SavedFields } }
  }
  ${SAVED_FIELDS}`;

  const Q_FIND = `query ExplorerFindConcept($q: String!) {
    search(query: $q, kinds: [CONCEPT], first: 1) { edges { node { slug title } } }
  }`;

  const CUT_KINDS = {
    PRACTICE: "Practice", ARTICLE: "Article", REVIEW: "Reviews", SKIM: "Skimmed",
    MOCK_INTERVIEW: "Mock interview", TARGET: "Target", PREREQUISITE: "Prerequisite",
  };
  const ROLES = { TARGET: "target", PART: "part of a case", PREREQUISITE: "prerequisite" };

  let planToken = 0;

  // ---------------------------------------------------------------- chips

  /** Draw the targets and known concepts as removable chips. */
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
            P.nodeLink({ slug, title: shortLabel(title) }, { mark: false }),
            el("button", { type: "button", class: "chip-remove", "aria-label": `Remove ${title} from ${label}`,
              text: "×", onclick: () => { list.delete(slug); renderChips(); } }))),
      );
    }
    const marked = [...state.mastery.values()].filter((entry) => entry.state === "KNOWN").length;
    $("plan-known-note").textContent = state.learner && marked
      ? `Plus the ${plural(marked, "concept")} you marked known.` : "";
    $("plan-build").disabled = !state.targets.size;
  }

  /** Put a node among the plan's targets or known concepts. */
  function addTo(which, slug, title) {
    const list = which === "targets" ? state.targets : state.known;
    const other = which === "targets" ? state.known : state.targets;
    other.delete(slug);
    list.set(slug, title);
    renderChips();
    if (which === "known") P.emit("mastery");
    P.learner.showTab("plan");
  }

  /** Add the best concept match of the typed text as a target or as known. */
  async function addFromInput(which) {
    const input = $("plan-add");
    const text = input.value.trim();
    if (!text) return;
    try {
      const hits = (await gql(Q_FIND, { q: text })).search.edges;
      if (!hits.length) throw new ApiError(`No concept matches “${text}”.`);
      addTo(which, hits[0].node.slug, hits[0].node.title);
      input.value = "";
      setMessage("");
    } catch (err) {
      setMessage(err.message, true);
    }
  }

  /** A note (or an error) in place of the plan summary. */
  function setMessage(text, error = false) {
    $("plan-summary").replaceChildren(
      text ? el("p", { class: error ? "error" : "note", role: error ? "alert" : null, text }) : "",
    );
  }

  // ---------------------------------------------------------------- building

  /** The plan request from the form: targets, known, minutes a day, and a deadline from days. */
  function requestFromForm() {
    const minutes = Math.min(1440, Math.max(15, Number($("plan-minutes").value) || 90));
    const days = Math.floor(Number($("plan-days").value));
    const input = {
      targets: [...state.targets.keys()],
      known: [...state.known.keys()],
      minutesPerDay: minutes,
    };
    if (days >= 1) {
      input.startDate = P.todayUtc();
      input.deadline = P.todayUtc(days - 1);
    }
    return input;
  }

  /** Build the plan the form describes, show it, draw it. */
  async function build() {
    if (!state.targets.size) return;
    const token = ++planToken;
    const input = requestFromForm();
    setMessage("Planning…");
    $("plan-steps").replaceChildren();
    $("plan-outcome").replaceChildren();
    let plan;
    try {
      plan = (await gql(Q_PLAN, { input })).studyPlan;
    } catch (err) {
      if (token === planToken) setMessage(err.message, true);
      return;
    }
    if (token !== planToken) return;
    await show(plan, input, null);
  }

  /** The concepts a plan draws: its steps, and the steps of a saved plan already done. */
  function stepSlugs(plan, saved) {
    const done = saved ? saved.completed.map((concept) => concept.slug) : [];
    return [...new Set([...done, ...plan.steps.map((step) => step.node.slug)])];
  }

  /** Make `plan` (of `request`, saved as `saved` or not) the plan shown and drawn. */
  async function show(plan, request, saved) {
    state.plan = { ...plan, request, saved, stepSlugs: stepSlugs(plan, saved) };
    render();
    P.graph.enablePlanView(state.plan.stepSlugs.length > 0);
    P.emit("plan");
    if (!state.plan.stepSlugs.length) {
      P.graph.refreshMarks();
      return;
    }
    await P.graph.draw({ ...P.graph.currentFormView(), mode: "plan" });
  }

  /** Forget the plan shown (a saved plan stays saved). */
  function clear() {
    state.plan = null;
    planToken++;
    $("plan-steps").replaceChildren();
    $("plan-outcome").replaceChildren();
    $("plan-done").replaceChildren();
    $("plan-save").hidden = true;
    $("plan-saved-head").hidden = true;
    setMessage("");
    P.graph.enablePlanView(false);
    P.graph.refreshMarks();
    P.emit("plan");
    if (state.view && state.view.mode === "plan") {
      P.graph.draw({ ...P.graph.currentFormView(), mode: "domain" });
    }
  }

  // ---------------------------------------------------------------- rendering

  /** Day number -> ISO date, from the plan's days. */
  function dayDates(plan) {
    return new Map(plan.days.map((day) => [day.day, day.date]));
  }

  /** "days 1–2 (Thu 3 – Fri 4 Dec)" for a step or material. */
  function spanText(first, last, dates) {
    const span = P.daySpan(first, last);
    if (first === null || first === undefined || !dates.has(first)) return span;
    const from = P.formatDate(dates.get(first));
    const to = last !== null && last !== first && dates.has(last) ? P.formatDate(dates.get(last)) : null;
    return `${span} (${to ? `${from} – ${to}` : from})`;
  }

  /** Draw the whole plan panel for `state.plan`. */
  function render() {
    const plan = state.plan;
    renderSummary(plan);
    renderOutcome(plan);
    renderSavedHead(plan);
    renderDone(plan);
    renderSteps(plan);
    renderSaveRow(plan);
  }

  /** Steps, time, days and dates; the mock interview; warnings. */
  function renderSummary(plan) {
    const steps = plan.steps;
    const parts = [];
    if (!steps.length) {
      parts.push(el("p", { class: "note", text: plan.saved && plan.saved.completed.length
        ? "Every step is done." : "Nothing to study: every target is already known." }));
    } else if (!plan.days.length) {
      parts.push(
        el("p", { class: "plan-totals" },
          el("strong", { text: plural(steps.length, "step") }),
          `: none fits at ${formatMinutes(plan.minutesPerDay)} a day before the deadline.`),
      );
    } else {
      const days = plan.days.length;
      const first = plan.days[0];
      const last = plan.days[days - 1];
      const range = first && last
        ? ` (${P.formatDate(first.date)}${days > 1 ? ` – ${P.formatDate(last.date)}` : ""})` : "";
      const scheduled = steps.filter((step) => step.day !== null).length;
      parts.push(
        el("p", { class: "plan-totals" },
          el("strong", { text: plural(steps.length, "step") }),
          scheduled < steps.length ? ` (${scheduled} scheduled)` : "",
          ` · ${formatMinutes(plan.totalMinutes)} · ${plural(days, "day")} at `,
          `${formatMinutes(plan.minutesPerDay)} a day${range}`),
      );
    }
    if (plan.mockInterview) {
      const mock = plan.mockInterview;
      parts.push(el("p", { class: "note", text:
        `Closing mock interview: ${P.daySpan(mock.day, mock.lastDay)}, ${formatMinutes(mock.minutes)}, ` +
        `${plural(mock.prompts.length, "question")}.` }));
    }
    if (plan.knownTargets.length) {
      parts.push(el("p", { class: "note", text:
        `Already known: ${plan.knownTargets.map((t) => t.title).join(", ")}.` }));
    }
    for (const warning of plan.warnings) parts.push(el("p", { class: "note", text: warning }));
    $("plan-summary").replaceChildren(...parts);
  }

  /** What the deadline did to the plan: fits, or what was left out and the budget it needs. */
  function renderOutcome(plan) {
    const box = $("plan-outcome");
    const deadline = plan.request && plan.request.deadline;
    if (!deadline) {
      box.replaceChildren();
      return;
    }
    const start = plan.request.startDate || P.todayUtc();
    const days = Math.round((Date.parse(deadline) - Date.parse(start)) / 86400000) + 1;
    const cuts = plan.cuts;
    const targetCuts = cuts.filter((cut) => cut.kind === "TARGET");
    const fits = plan.fitsDeadline && !cuts.length;
    const lines = [
      el("h3", { text: `Deadline ${P.formatDate(deadline)} · ${plural(days, "day")}` }),
    ];
    if (fits) {
      lines.push(el("p", { class: "outcome-verdict", text: "✓ Everything fits before the deadline." }));
    } else {
      const others = plural(cuts.length - targetCuts.length, "other item");
      lines.push(el("p", { class: "outcome-verdict", text: plan.fitsDeadline
        ? `Every target fits, but ${plural(cuts.length, "item")} had to go.`
        : `Does not fit: ${plural(targetCuts.length, "target")} and ${others} left out.` }));
      const needs = [];
      if (plan.minutesPerDayNeeded) {
        needs.push(el("li", { class: "needed-all" }, "Everything fits at ",
          el("strong", { text: `${plan.minutesPerDayNeeded} min a day` }),
          ` (${formatMinutes(plan.minutesPerDayNeeded)}).`));
      }
      if (plan.minutesPerDayForTargets) {
        needs.push(el("li", { class: "needed-targets" }, "Every target fits at ",
          el("strong", { text: `${plan.minutesPerDayForTargets} min a day` }),
          ", the rest cut."));
      }
      if (needs.length) lines.push(el("ul", { class: "needs" }, needs));
      const budget = plan.minutesPerDayForTargets || plan.minutesPerDayNeeded;
      if (budget && !plan.saved) {
        lines.push(el("button", { type: "button", class: "use-budget", text: `Use ${budget} min a day`,
          onclick: () => {
            $("plan-minutes").value = String(budget);
            build();
          } }));
      }
      lines.push(
        el("h4", { text: `Left out (${cuts.length})` }),
        el("ul", { class: "cuts", "aria-label": "Left out to fit the deadline" },
          cuts.map((cut) =>
            el("li", { class: `cut cut-${cut.kind.toLowerCase()}` },
              el("span", { class: "cut-kind", text: CUT_KINDS[cut.kind] || cut.kind }),
              cut.node ? P.nodeLink(cut.node) : null,
              el("span", { class: "cut-meta", text: ` · ${formatMinutes(cut.minutes)}` }),
              el("span", { class: "cut-reason", text: cut.reason })))),
      );
    }
    box.className = `plan-outcome ${fits ? "fits" : "short"}`;
    box.replaceChildren(...lines);
  }

  /** Steps done of a saved plan; the total is known once its schedule was fetched. */
  function progressOf(saved) {
    const done = saved.completed.length;
    const total = saved.plan ? done + saved.plan.steps.length : null;
    return { done, total, share: total ? done / total : 0 };
  }

  /** An accessible progress bar for a share in [0, 1]. */
  function progressBar(share, label) {
    const percent = Math.round(share * 100);
    const fill = el("span", { class: "bar-fill" });
    fill.style.width = `${percent}%`;
    return el("span", {
      class: "bar", role: "progressbar", "aria-label": label,
      "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": String(percent),
      "aria-valuetext": `${percent}%`,
    }, fill);
  }

  /** The saved plan's name, progress and the replan button. */
  function renderSavedHead(plan) {
    const head = $("plan-saved-head");
    if (!plan.saved) {
      head.hidden = true;
      return;
    }
    const progress = progressOf({ ...plan.saved, plan });
    head.hidden = false;
    head.replaceChildren(
      el("p", { class: "saved-name" }, el("strong", { text: plan.saved.name }),
        el("span", { class: "saved-progress", text:
          ` · ${progress.done} of ${progress.total} done (${Math.round(progress.share * 100)}%)` })),
      progressBar(progress.share, `Progress of ${plan.saved.name}`),
      el("div", { class: "actions" },
        el("button", { type: "button", id: "plan-replan", text: "Replan from today",
          title: "Plan the remaining steps again from today, at the minutes per day above",
          onclick: replan })),
    );
  }

  /** The steps of a saved plan that are done, ticked. */
  function renderDone(plan) {
    const list = $("plan-done");
    const done = plan.saved ? plan.saved.completed : [];
    if (!done.length) {
      list.replaceChildren();
      return;
    }
    list.replaceChildren(
      el("h3", { class: "sub", text: `Done (${done.length})` }),
      el("ul", { class: "done-list", "aria-label": "Steps done" },
        done.map((concept) => el("li", { dataset: { slug: concept.slug } },
          el("span", { class: "mark mark-known", "aria-hidden": "true", text: "✓" }), " ",
          P.nodeLink(concept, { mark: false })))),
    );
  }

  /** Articles and questions of a step, with their days; cut ones say so. */
  function materialsOf(step, dates) {
    const items = [...step.materials];
    const listed = new Set(items.map((m) => m.node.slug));
    for (const [node, minutes] of [
      ...step.articles.map((article) => [article, article.readMinutes]),
      ...step.prompts.map((prompt) => [prompt, prompt.minutes]),
    ]) {
      if (!listed.has(node.slug)) items.push({ node, minutes, day: null, lastDay: null });
    }
    if (!items.length) return null;
    return el("ul", { class: "materials", "aria-label": `Articles and questions for ${step.node.title}` },
      items.map((item) => {
        const isArticle = P.kindKey(item.node.kind) === "article";
        const when = item.day === null || item.day === undefined
          ? "left out" : spanText(item.day, item.lastDay, dates);
        return el("li", { class: `material material-${isArticle ? "article" : "prompt"}`,
          dataset: { slug: item.node.slug } },
          el("span", { class: "material-kind", text: isArticle ? "Read" : "Practise" }),
          el("span", { class: "material-text" },
            P.nodeLink(item.node),
            el("span", { class: "material-meta", text: ` · ${formatMinutes(item.minutes)} · ${when}` })));
      }));
  }

  /** Each step: position, title, days, minutes, role, reason, materials, done box. */
  function renderSteps(plan) {
    const dates = dayDates(plan);
    let lastDay = null;
    const saved = plan.saved;
    $("plan-steps").replaceChildren(
      ...plan.steps.map((step) => {
        const newDay = step.day !== null && step.day !== lastDay;
        lastDay = step.day ?? lastDay;
        const minutes = step.minutes !== step.conceptMinutes
          ? `${formatMinutes(step.minutes)} (concept ${formatMinutes(step.conceptMinutes)})`
          : formatMinutes(step.minutes);
        const meta = [
          spanText(step.day, step.lastDay, dates),
          minutes,
          ROLES[step.role] || null,
          step.mode === "SKIM" ? "skim" : null,
        ].filter(Boolean).join(" · ");
        const done = saved
          ? el("label", { class: "step-done" },
            el("input", { type: "checkbox", "aria-label": `Done: ${step.node.title}`,
              onchange: (event) => complete(step, event.target) }),
            "Done")
          : null;
        return el(
          "li",
          { class: `plan-step${step.isTarget ? " is-target" : ""}${newDay ? " new-day" : ""}` +
              `${step.day === null ? " unscheduled" : ""}`,
            dataset: { slug: step.node.slug, position: String(step.position) } },
          el("span", { class: "step-pos", "aria-hidden": "true", text: String(step.position) }),
          el("div", { class: "step-body" },
            el("div", { class: "step-head" }, P.nodeLink(step.node), done),
            el("span", { class: "step-meta", text: meta }),
            el("span", { class: "step-reason", text: step.reason }),
            materialsOf(step, dates)),
        );
      }),
    );
  }

  /** Offer to save an unsaved plan (or to sign in first). */
  function renderSaveRow(plan) {
    const row = $("plan-save");
    row.hidden = Boolean(plan.saved) || !plan.steps.length;
    $("plan-save-form").hidden = !state.learner;
    $("plan-save-hint").hidden = Boolean(state.learner);
    if (!$("plan-name").value) {
      $("plan-name").value = plan.targets.map((t) => shortLabel(t.title)).join(" + ").slice(0, 80);
    }
  }

  // ---------------------------------------------------------------- saved plans

  /** The request of a saved plan, as the form shows it. */
  function fillFormFrom(saved) {
    const request = saved.request;
    state.targets = new Map(request.targets.map((slug) => {
      const target = saved.plan.targets.find((t) => t.slug === slug);
      return [slug, target ? target.title : slug];
    }));
    state.known = new Map((request.known || []).map((slug) => {
      const entry = state.mastery.get(slug);
      return [slug, entry ? entry.title : slug];
    }));
    $("plan-minutes").value = String(request.minutesPerDay);
    if (request.deadline && request.startDate) {
      const days = Math.round((Date.parse(request.deadline) - Date.parse(request.startDate)) / 86400000) + 1;
      $("plan-days").value = String(days);
    } else {
      $("plan-days").value = "";
    }
    renderChips();
  }

  /** A saved plan with its whole schedule (the list holds only its steps' slugs). */
  async function fullSaved(saved) {
    if (saved.plan) return saved;
    const full = (await gql(Q_SAVED, { id: saved.id })).node;
    if (!full) throw new ApiError("That saved plan is gone.");
    return full;
  }

  /** Follow a saved plan: show it in the panel and draw it. */
  async function openSaved(listed) {
    let saved;
    try {
      saved = await fullSaved(listed);
    } catch (err) {
      setMessage(err.message, true);
      return;
    }
    state.currentPlanId = saved.id;
    P.storePlanId(saved.id);
    updateSaved(saved);
    fillFormFrom(saved);
    $("plan-name").value = "";
    await show(saved.plan, saved.request, saved);
    renderSavedList();
  }

  /** Replace a saved plan in the list with its new state. */
  function updateSaved(saved) {
    const index = state.savedPlans.findIndex((p) => p.id === saved.id);
    if (index >= 0) state.savedPlans[index] = saved;
    else state.savedPlans.push(saved);
    P.emit("saved-plans");
  }

  /** Save the plan shown and follow it. */
  async function save() {
    if (!state.plan || !state.learner) return;
    const name = $("plan-name").value.trim() || null;
    const button = $("plan-save-button");
    button.disabled = true;
    try {
      const data = await gql(M_SAVE, { input: { plan: state.plan.request, name } });
      const saved = data.savePlan.savedPlan;
      updateSaved(saved);
      await openSaved(saved);
      P.learner.say(`Saved “${saved.name}”.`);
    } catch (err) {
      setMessage(err.message, true);
    } finally {
      button.disabled = false;
    }
  }

  /** Tick a step of the saved plan done; the concept becomes known. */
  async function complete(step, box) {
    const saved = state.plan && state.plan.saved;
    if (!saved || !box.checked) return;
    box.disabled = true;
    try {
      const data = await gql(M_COMPLETE, { input: { plan: saved.id, concept: step.node.slug } });
      const entry = data.completeStep.masteryEntry;
      P.learner.noteMastery(entry.concept, entry.state);
      updateSaved(data.completeStep.savedPlan);
      await openSaved(data.completeStep.savedPlan);
      P.learner.say(`Done: ${step.node.title}.`);
    } catch (err) {
      box.checked = false;
      box.disabled = false;
      setMessage(err.message, true);
    }
  }

  /** Plan the rest of the saved plan again from today, at the minutes given. */
  async function replan() {
    const saved = state.plan && state.plan.saved;
    if (!saved) return;
    const asked = Number($("plan-minutes").value) || saved.request.minutesPerDay;
    const minutes = Math.min(1440, Math.max(15, asked));
    try {
      const data = await gql(M_REPLAN, { input: { plan: saved.id, minutesPerDay: minutes } });
      updateSaved(data.replan.savedPlan);
      await openSaved(data.replan.savedPlan);
      P.learner.say(`Replanned “${saved.name}” from today at ${formatMinutes(minutes)} a day.`);
    } catch (err) {
      setMessage(err.message, true);
    }
  }

  /** Load the learner's saved plans; open the one they follow. */
  async function loadSaved({ open = true } = {}) {
    if (!state.learner) {
      state.savedPlans = [];
      renderSavedList();
      return;
    }
    try {
      const me = (await gql(Q_PLANS)).me;
      state.savedPlans = me ? me.plans.nodes : [];
    } catch (err) {
      $("saved-plans").replaceChildren(el("li", { class: "error", text: err.message }));
      return;
    }
    const wanted = P.storedPlanId();
    const current = state.savedPlans.find((p) => p.id === wanted)
      || state.savedPlans[state.savedPlans.length - 1];
    state.currentPlanId = current ? current.id : null;
    renderSavedList();
    P.emit("saved-plans");
    if (open && current && !state.plan) {
      // Back to the plan being followed, in the panel; the graph keeps its first view.
      let saved;
      try {
        saved = await fullSaved(current);
      } catch (err) {
        setMessage(err.message, true);
        return;
      }
      updateSaved(saved);
      fillFormFrom(saved);
      state.plan = { ...saved.plan, request: saved.request, saved, stepSlugs: stepSlugs(saved.plan, saved) };
      render();
      P.graph.enablePlanView(state.plan.stepSlugs.length > 0);
      P.emit("plan");
    }
  }

  /** The learner's saved plans, the followed one marked. */
  function renderSavedList() {
    const section = $("saved-plans-section");
    section.hidden = !state.learner;
    const list = $("saved-plans");
    if (!state.savedPlans.length) {
      list.replaceChildren(
        el("li", { class: "chip-empty", text: "No saved plans yet: build one, then save it." }),
      );
      return;
    }
    list.replaceChildren(
      ...state.savedPlans.map((saved) => {
        const progress = progressOf(saved);
        const current = saved.id === state.currentPlanId;
        const done = progress.total === null
          ? `${progress.done} done` : `${progress.done} of ${progress.total} done`;
        return el("li", { class: `saved-plan${current ? " current" : ""}`, dataset: { id: saved.id } },
          el("div", { class: "saved-text" },
            el("span", { class: "saved-title", text: saved.name }),
            el("span", { class: "saved-meta", text: [
              done, `${formatMinutes(saved.request.minutesPerDay)} a day`, current ? "following" : null,
            ].filter(Boolean).join(" · ") }),
            progress.total === null ? null : progressBar(progress.share, `Progress of ${saved.name}`)),
          el("button", { type: "button", text: "Open", "aria-label": `Open the plan ${saved.name}`,
            onclick: () => openSaved(saved) }));
      }),
    );
  }

  /** Signing in or out changes what the plan panel offers. */
  function onLearner() {
    if (!state.learner) {
      state.savedPlans = [];
      state.currentPlanId = null;
      if (state.plan && state.plan.saved) state.plan.saved = null;
      if (state.plan) render();
      renderSavedList();
      renderChips();
      return;
    }
    renderChips();
    if (state.plan) renderSaveRow(state.plan);
  }

  /** Wire the plan form and panel. */
  function init() {
    $("plan-form").addEventListener("submit", (event) => {
      event.preventDefault();
      build();
    });
    $("plan-clear").addEventListener("click", clear);
    $("add-target").addEventListener("click", () => addFromInput("targets"));
    $("add-known").addEventListener("click", () => addFromInput("known"));
    $("plan-add").addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        addFromInput("targets");
      }
    });
    $("plan-save-form").addEventListener("submit", (event) => {
      event.preventDefault();
      save();
    });
    $("plan-steps").addEventListener("mouseover", (event) => {
      const item = event.target.closest("li.plan-step");
      if (item && state.cy.getElementById(item.dataset.slug).nonempty() && !state.selected) {
        state.cy.getElementById(item.dataset.slug).flashClass("near", 600);
      }
    });
    P.on("learner", onLearner);
    P.on("mastery", renderChips);
    renderChips();
  }

  P.plan = { init, addTo, build, clear, loadSaved, openSaved, progressOf, progressBar, renderChips };
})();
