// The workbench page: loads the flagship, keeps the scenario document, validates it as it is
// edited, and runs the models, Monte Carlo, sensitivity, comparisons and the grand bargain
// through the JSON API.

import { get, post, postBytes, postForFile, monteCarloJob, sensitivityJob } from "./api.js";
import { h, fill, showError, clearError } from "./dom.js";
import { Editor } from "./editor.js";
import { Parts } from "./parts.js";
import * as results from "./results.js";
import { LibraryPanel } from "./library.js";
import { ExtractPanel } from "./extract.js";

const $ = (id) => document.getElementById(id);

/** The media type of an xlsx workbook, which `POST /api/scenario/xlsx` takes. */
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const state = {
  doc: null,
  // Documents as they were before each step (a replacement, a removal, the edits of one
  // field), newest last; and the steps undone, for Redo.
  undo: [],
  redo: [],
  // The document's text after the last recorded step: what an edit is undone to.
  snapshot: null,
  valid: false,
  validation: 0,
  timer: null,
  // Where each field stands in the TOML file last opened (path -> { line, column }), and the
  // skeleton of the document it was read into: while the skeleton is unchanged, problems found
  // in the edited document still point at the file's lines.
  places: null,
  skeleton: null,
};

/** The document's structure: its keys and array lengths, without the values. Editing a value
 * keeps it; adding, removing or renaming what paths go through (an actor, an issue, a stance,
 * a range) changes it. */
function skeleton(v) {
  if (Array.isArray(v)) return v.map(skeleton);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, skeleton(x)]));
  return 0;
}

/** `actor[0].stance.x.salience` -> `actor[0].stance.x`; `actor[0]` -> `actor`; `actor` -> "". */
function parentPath(path) {
  const last = /(\.[^.[\]]+|\[\d+\])$/.exec(path);
  return last ? path.slice(0, last.index) : "";
}

/** Gives problems without a line the line of their field (or of the nearest enclosing field)
 * in the file as opened, while the document keeps that file's structure. */
function placeProblems(problems) {
  if (!state.places) return;
  if (JSON.stringify(skeleton(state.doc)) !== state.skeleton) {
    state.places = null; // structure changed: the file's lines no longer match the paths
    return;
  }
  for (const p of problems) {
    if (p.line || !p.path) continue;
    for (let path = p.path; path; path = parentPath(path)) {
      const at = state.places[path];
      if (at) {
        p.line = at.line;
        p.column = at.column;
        break;
      }
    }
  }
}

/** After every edit, of the grid or of the other parts: one Undo step (or part of one),
 * results greyed, validation, autosave, and the lists that show the document's what-ifs and
 * actors brought up to date. */
function edited(kind, path, what) {
  recordEdit(path, what);
  refreshWhatIfs();
  if (kind === "structure") refreshAdviseActors();
  markStale();
  scheduleValidation();
  autosave();
}

const editor = new Editor({
  meta: $("meta"),
  grid: $("grid"),
  status: $("status"),
  onEdit: (kind, path) => {
    // The other parts name actors and issues: redraw them when the grid renames or removes.
    if (kind === "structure" || /^(issue|actor)\[\d+\]\.name$/.test(path || "")) parts.render();
    edited(kind, path);
  },
  beforeRemove: (what) => remember(what),
});

/** Questions, linkages, the mediator, named what-ifs and each number's evidence. */
const parts = new Parts({ root: $("parts"), onEdit: edited });

/** How many steps can be undone. */
const UNDO_LIMIT = 100;

/** Where the working copy is kept in this browser, so a reload loses nothing. */
const WORKING_COPY = "parley.workingCopy";

/** Keeps the document as it is before `what` (replacing or removing), for Undo. */
function remember(what) {
  if (!state.doc) return;
  push({ what, doc: JSON.stringify(state.doc), places: state.places });
  // The change about to happen is recorded by this step, not again as an edit.
  state.snapshot = null;
}

/** Puts a step on the undo stack; a new step makes what was undone unrecoverable by Redo. */
function push(step) {
  state.undo.push(step);
  if (state.undo.length > UNDO_LIMIT) state.undo.shift();
  state.redo = [];
  refreshUndo();
}

/** Records an edit for Undo: the document as it stood before it. Edits of one field in a
 * row (typing "0.75" is four edits) are one step; an edit without a field (`what` says what
 * it did) is a step of its own. */
function recordEdit(path, what) {
  const now = JSON.stringify(state.doc);
  const before = state.snapshot;
  state.snapshot = now;
  if (before === null || before === undefined || before === now) return;
  const field = path || "";
  const input = field ? document.querySelector(`[data-path="${CSS.escape(field)}"]`) : null;
  const label = (input && input.getAttribute("aria-label")) || field || "a change";
  const last = state.undo[state.undo.length - 1];
  if (field && last && last.field === field && state.redo.length === 0) return;
  push({ what: what || `edit ${label}`, field, doc: before, places: state.places });
}

function refreshUndo() {
  const last = state.undo[state.undo.length - 1];
  const button = $("undo");
  button.disabled = !last;
  button.title = last ? `Undo: ${last.what}` : "Nothing to undo";
  const next = state.redo[state.redo.length - 1];
  $("redo").disabled = !next;
  $("redo").title = next ? `Redo: ${next.what}` : "Nothing to redo";
}

/** Brings back the document as it was before the last step; Redo goes forward again. The
 * results stay, greyed as made from another version. */
function undo() {
  const last = state.undo.pop();
  if (!last) return;
  state.redo.push({ what: last.what, doc: JSON.stringify(state.doc), places: state.places });
  loadDoc(JSON.parse(last.doc), last.places, { keepResults: true });
  editor.say(`Undone: ${last.what}.`);
  refreshUndo();
}

/** Does again the last step undone. */
function redo() {
  const next = state.redo.pop();
  if (!next) return;
  state.undo.push({ what: next.what, doc: JSON.stringify(state.doc), places: state.places });
  loadDoc(JSON.parse(next.doc), next.places, { keepResults: true });
  editor.say(`Redone: ${next.what}.`);
  refreshUndo();
}

/** The library panel; `open` replaces the scenario with a stored version, undoably. */
const library = new LibraryPanel({
  doc: () => state.doc,
  open: (doc, what) => {
    remember(what);
    loadDoc(doc);
  },
});

/** Saves the working copy in this browser at once (best effort: private windows may refuse),
 * and in the library a moment later. */
function autosave() {
  library.schedule();
  try {
    localStorage.setItem(WORKING_COPY, JSON.stringify(state.doc));
  } catch {
    /* storage full or disabled: the page still works, without autosave */
  }
}

/** The working copy saved by an earlier visit, if any. */
function savedCopy() {
  try {
    const text = localStorage.getItem(WORKING_COPY);
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

const rounds = new results.Rounds({
  select: $("rounds-model"),
  step: $("rounds-step"),
  play: $("rounds-play"),
  label: $("rounds-label"),
  chart: $("chart-rounds"),
  tableEl: $("rounds-table"),
});

/** Marks shown results as made from an earlier version of the scenario. */
function markStale() {
  if ($("results").hidden) return;
  state.editedSinceRun = true;
  refreshStale();
}

/** The settings a run is made with, besides the scenario: models, EUM rules, what-if. */
function runSettings() {
  const select = $("run-what-if");
  const whatIf = select.value;
  return {
    models: chosenModels(),
    eum: $("eum-variant").value,
    whatIf,
    whatIfName: whatIf ? select.options[select.selectedIndex].textContent : "",
  };
}

/** The settings in words, for the label over the results. */
function describeSettings(s) {
  const models = s.models.length === 1 && s.models[0] === "all" ? "all models" : `models ${s.models.join(", ")}`;
  return `Made with ${models}; EUM rules ${s.eum}; what-if: ${s.whatIf ? `${s.whatIfName} (${s.whatIf})` : "none (the scenario as coded)"}.`;
}

/** Greys the results, with the reason, when the scenario or the run's settings have changed
 * since they were made; un-greys them when the settings are changed back and the scenario was
 * not edited. */
function refreshStale() {
  if ($("results").hidden || !state.ranWith) return;
  const settings = JSON.stringify(runSettings());
  const reasons = [];
  if (state.editedSinceRun) reasons.push("the scenario");
  if (settings !== state.ranWith) reasons.push("the models, EUM rules or what-if");
  const stale = reasons.length > 0;
  $("results").classList.toggle("stale", stale);
  $("stale-note").hidden = !stale;
  $("stale-note").textContent = stale ? `${reasons.join(" and ")} changed since this run: run again to update the results.`.replace(/^./, (c) => c.toUpperCase()) : "";
}

function scheduleValidation() {
  clearTimeout(state.timer);
  // An answer still on its way is about the document before this edit: drop it when it comes
  // (it would show a stale status, and take the note of a removal along with it).
  state.validation++;
  state.timer = setTimeout(validate, 250);
}

/** Asks the server for every problem and shows each next to its cell. */
async function validate() {
  const ticket = ++state.validation;
  let answer;
  try {
    answer = await post("/api/validate", { scenario: state.doc });
  } catch (e) {
    setStatus(`Cannot validate: ${e.message}`, "bad");
    return;
  }
  if (ticket !== state.validation) return; // a newer edit is being checked
  document.body.dataset.validated = String(ticket);
  state.valid = answer.valid;
  $("scenario-title").textContent = state.doc.scenario && state.doc.scenario.name ? state.doc.scenario.name : "(unnamed scenario)";
  placeProblems(answer.problems);
  const unplaced = editor.showProblems(answer.problems);
  const box = $("problems");
  if (answer.valid) {
    setStatus(`Valid: ${answer.actors} actors, ${answer.issues} issues.`, "ok");
    box.hidden = true;
    box.replaceChildren();
  } else {
    const n = answer.problems.length;
    setStatus(`${n} problem${n === 1 ? "" : "s"}: fix ${n === 1 ? "it" : "them"} to run. Each is shown next to its cell.`, "bad");
    box.hidden = false;
    fill(box, h("ul", {}, answer.problems.map((p) => h("li", { dataset: { code: p.code } },
      p.path ? h("a", { href: "#", onclick: (e) => { e.preventDefault(); editor.focus(p.path); } }, p.path) : null,
      p.path ? ": " : "",
      p.line ? `line ${p.line}: ` : "",
      p.message,
      unplaced.includes(p) && p.path ? h("span", { class: "sub" }, " (not shown in the page: edit the file)") : null))));
  }
  $("run").disabled = !answer.valid;
}

function setStatus(message, kind) {
  const el = $("status");
  const note = el.dataset.note;
  el.textContent = note ? `${note} ${message}` : message;
  delete el.dataset.note;
  el.className = `status ${kind}`;
}

/** Replaces the scenario document and refreshes everything that depends on it; `places`:
 * where its fields stand in the TOML file it was read from, if any. */
function loadDoc(doc, places = null, { keepResults = false } = {}) {
  state.doc = doc;
  state.snapshot = JSON.stringify(doc);
  state.places = places;
  state.skeleton = places ? JSON.stringify(skeleton(doc)) : null;
  editor.load(doc);
  parts.load(doc);
  refreshWhatIfs();
  refreshAdviseActors();
  autosave();
  if (keepResults) {
    markStale();
  } else {
    $("results").hidden = true;
    $("stale-note").hidden = true;
    for (const id of ["compare-result", "mc-result", "sens-result", "bargain-result", "advise-result"]) $(id).replaceChildren();
  }
  // Validated now: a validation still waiting for the typing to stop was of the document
  // replaced, and running it later would overwrite what the status line says (Undone: ...).
  clearTimeout(state.timer);
  validate();
}

/** The what-ifs offered by Run and Compare, from the document; the choices made are kept
 * while their what-ifs exist. */
function refreshWhatIfs() {
  const whatIfs = Array.isArray(state.doc.what_if) ? state.doc.what_if : [];
  const select = $("run-what-if");
  const chosen = select.value;
  const unticked = new Set([...document.querySelectorAll("#what-ifs input:not(:checked)")].map((b) => b.value));
  fill(select, h("option", { value: "" }, "(none)"), whatIfs.map((w) => h("option", { value: w.id }, w.name || w.id)));
  if (whatIfs.some((w) => w.id === chosen)) select.value = chosen;
  fill($("what-ifs"), whatIfs.length
    ? whatIfs.map((w) => h("label", { class: "what-if", title: (w.edits || []).join("; ") },
      h("input", { type: "checkbox", value: w.id, checked: !unticked.has(w.id) }), ` ${w.name || w.id} `, h("code", {}, (w.edits || []).join("; "))))
    : h("p", { class: "hint" }, "The scenario defines no what-ifs; write edits below, or name some under Scenario."));
}

function chosenModels() {
  const boxes = [...document.querySelectorAll("#models input[type=checkbox]")];
  const on = boxes.filter((b) => b.checked).map((b) => b.value);
  return on.length === boxes.length ? ["all"] : on;
}

// The server refuses an EUM variant when the EUM does not run (it would look applied).
function withEumVariant(body, models) {
  if (models.includes("all") || models.includes("eum")) body.eum_variant = $("eum-variant").value;
  return body;
}

async function run() {
  clearError($("run-error"));
  const models = chosenModels();
  if (models.length === 0) {
    showError($("run-error"), new Error("Choose at least one model."));
    return;
  }
  const body = withEumVariant({ scenario: state.doc, models, charts: true }, models);
  const whatIf = $("run-what-if").value;
  if (whatIf) body.what_if = whatIf;
  const settings = runSettings();
  await busy($("run"), async () => {
    try {
      const analysis = await post("/api/run", body);
      state.ranWith = JSON.stringify(settings);
      state.editedSinceRun = false;
      $("run-label").textContent = describeSettings(settings);
      showAnalysis(analysis);
      refreshStale();
      // When the first forecast became visible, in ms since the page was opened (the e2e
      // test reports it).
      if (!document.body.dataset.firstForecastMs) {
        document.body.dataset.firstForecastMs = String(Math.round(performance.now()));
      }
    } catch (e) {
      showError($("run-error"), e);
    }
  });
}

function showAnalysis(analysis) {
  const charts = analysis.charts || {};
  const unavailable = charts.unavailable || {};
  $("results").hidden = false;
  $("results").classList.remove("stale");
  $("stale-note").hidden = true;
  fill($("forecast-table"), results.forecastTable(analysis));
  results.putChart($("chart-forecasts"), charts.forecasts, unavailable.forecasts);
  results.putChart($("chart-gains"), charts.model_gains, unavailable.model_gains);
  rounds.load(analysis, charts);
  fill($("questions"), results.questions(analysis, null));
}

async function compare() {
  clearError($("compare-error"));
  const whatIfs = [...document.querySelectorAll("#what-ifs input:checked")].map((b) => b.value);
  const set = $("edits").value.split("\n").map((l) => l.trim()).filter(Boolean);
  if (whatIfs.length === 0 && set.length === 0) {
    showError($("compare-error"), new Error("Tick a what-if or write an edit."));
    return;
  }
  await busy($("compare"), async () => {
    try {
      // Each ticked what-if and each edit line is a variant of its own, compared with the
      // base (as `parley compare --variant ID --variant '--set EDIT'`); `what_if` and
      // `set` would make them one variant together.
      const variants = [...whatIfs, ...set.map((edit) => ({ set: [edit] }))];
      const r = await post("/api/compare", { scenario: state.doc, models: chosenModels(), variants, charts: true });
      fill($("compare-result"), results.comparison(r));
    } catch (e) {
      showError($("compare-error"), e);
    }
  });
}

function runsAndSeed() {
  const body = { runs: Number($("mc-runs").value) };
  const seed = $("mc-seed").value.trim();
  // As a string: a JavaScript number would round a seed above 2^53 (the server takes both).
  if (seed !== "") body.seed = seed;
  return body;
}

/** Runs a job with its kind's own progress bar (`kind`: `mc` or `sens`, so a Monte Carlo
 * job and a sensitivity job running at once each show their own); `unit` names its steps. */
async function withProgress(kind, button, unit, start, show) {
  clearError($("mc-error"));
  const box = $(`${kind}-job`);
  const bar = $(`${kind}-progress`);
  const label = $(`${kind}-progress-label`);
  await busy(button, async () => {
    box.hidden = false;
    bar.value = 0;
    label.textContent = `starting (${unit})`;
    try {
      const result = await start((done, total) => {
        bar.max = total;
        bar.value = done;
        label.textContent = `${done} of ${total} ${unit}`;
      });
      show(result);
    } catch (e) {
      showError($("mc-error"), e);
    } finally {
      box.hidden = true;
      label.textContent = "";
    }
  });
}

function monteCarlo() {
  const models = chosenModels();
  const body = withEumVariant({ scenario: state.doc, models, charts: true, ...runsAndSeed() }, models);
  return withProgress("mc", $("mc-start"), "runs", (progress) => monteCarloJob(body, progress),
    (result) => fill($("mc-result"), results.monteCarlo(result, result.charts)));
}

function sensitivity() {
  const body = { scenario: state.doc, models: chosenModels(), charts: true, ...runsAndSeed() };
  // Its steps: each uncertain input (both ends), then each Monte Carlo run.
  return withProgress("sens", $("sens-start"), "steps (inputs, then runs)", (progress) => sensitivityJob(body, progress),
    (result) => fill($("sens-result"), results.sensitivity(result, result.charts)));
}

/** Fills the advised-actor list from the document, keeping the choice when it still exists. */
function refreshAdviseActors() {
  const select = $("advise-actor");
  const chosen = select.value;
  const actors = (state.doc && state.doc.actor) || [];
  select.replaceChildren(...actors.map((a) => h("option", { value: a.id }, a.name ? `${a.name} (${a.id})` : a.id)));
  if (actors.some((a) => a.id === chosen)) select.value = chosen;
}

async function advise() {
  clearError($("advise-error"));
  await busy($("advise-start"), async () => {
    try {
      const goal = $("advise-goal").value.trim();
      const body = { scenario: state.doc, actor: $("advise-actor").value, runs: Number($("advise-runs").value) };
      if (goal) body.goal = goal;
      const r = await post("/api/advise", body);
      fill($("advise-result"), results.advice(r.advice));
    } catch (e) {
      showError($("advise-error"), e);
    }
  });
}

async function bargain() {
  clearError($("bargain-error"));
  await busy($("bargain-start"), async () => {
    try {
      const r = await post("/api/bargain", { scenario: state.doc, runs: Number($("bargain-runs").value), charts: true });
      fill($("bargain-result"), results.bargain(r));
    } catch (e) {
      showError($("bargain-error"), e);
    }
  });
}

/** Makes the report of the scenario as it stands in the page and saves it. */
async function saveReport() {
  clearError($("report-error"));
  $("report-done").textContent = "";
  await busy($("report-start"), async () => {
    try {
      const { blob, name } = await postForFile("/api/report", { scenario: state.doc, runs: Number($("report-runs").value) });
      download(blob, name);
      $("report-done").textContent = `Saved ${name} (${Math.round(blob.size / 1024)} KB).`;
    } catch (e) {
      showError($("report-error"), e);
    }
  });
}

/** Disables a button while its work runs. */
async function busy(button, work) {
  const label = button.textContent;
  button.disabled = true;
  button.classList.add("busy");
  button.textContent = `${label}: working...`;
  try {
    await work();
  } finally {
    // Run stays disabled if the scenario became invalid while it worked.
    button.disabled = button.id === "run" ? !state.valid : false;
    button.classList.remove("busy");
    button.textContent = label;
  }
}

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function saveToml() {
  try {
    const { blob, name } = await postForFile("/api/scenario/toml", { scenario: state.doc });
    download(blob, name);
  } catch (e) {
    setStatus(`Cannot save TOML: ${e.message}. Fix the problems first, or save JSON.`, "bad");
  }
}

function saveJson() {
  const blob = new Blob([JSON.stringify(state.doc, null, 2) + "\n"], { type: "application/json" });
  download(blob, "scenario.json");
}

async function upload(file) {
  if (file.name.toLowerCase().endsWith(".xlsx")) return openWorkbook(file);
  const text = await file.text();
  const format = file.name.toLowerCase().endsWith(".json") ? "json" : "toml";
  await openText(file.name, text, format, `Opened ${file.name}.`);
}

/** Opens an xlsx workbook: the server reads its sheets (as `parley import`) into the
 * document; problems are listed with their sheet and cell, and nothing is loaded. */
async function openWorkbook(file) {
  try {
    const read = await postBytes("/api/scenario/xlsx", await file.arrayBuffer(), XLSX_TYPE);
    remember(`open ${file.name}`);
    editor.say(`Opened ${file.name}.`);
    loadDoc(read.scenario);
  } catch (e) {
    setStatus(`Cannot open ${file.name}: ${e.message}`, "bad");
    if (e.problems && e.problems.length) {
      const box = $("problems");
      box.hidden = false;
      fill(box, h("ul", {}, e.problems.map((p) => h("li", {}, p.message))));
    }
  }
}

/** Reads a scenario file's text into the editor (one Undo step), its problems located in the
 * text; `name` names it in messages. */
async function openText(name, text, format, said) {
  try {
    const parsed = await post("/api/scenario/parse", { text, format });
    if (parsed.scenario) {
      remember(`open ${name}`);
      editor.say(said);
      loadDoc(parsed.scenario, parsed.places || null);
    } else {
      setStatus(`${name} is not well-formed ${format.toUpperCase()}; nothing was loaded.`, "bad");
      const box = $("problems");
      box.hidden = false;
      fill(box, h("ul", {}, parsed.problems.map((p) => h("li", {}, `line ${p.line}, column ${p.column}: ${p.message}`))));
    }
  } catch (e) {
    setStatus(`Cannot open ${name}: ${e.message}`, "bad");
  }
}

/** Opens the news reader's draft in the editor: its "TODO" placeholders stay text, so
 * validation lists each number still to fill. */
async function openDraft(toml) {
  // Commented-out skeleton lines (`# position = "TODO"`) are no numbers to fill.
  const todo = toml.split("\n").filter((l) => !l.trimStart().startsWith("#") && /= "TODO"/.test(l)).length;
  await openText("the draft", toml, "toml",
    `Loaded the draft from the article: ${todo} number${todo === 1 ? "" : "s"} marked TODO for you to fill in.`);
  $("editor-section").scrollIntoView();
}

async function loadFlagship() {
  const flagship = await get("/api/scenario/flagship");
  remember("load the flagship");
  loadDoc(flagship.scenario);
}

async function start() {
  results.wireHover();
  const models = await get("/api/models");
  fill($("models"), h("legend", {}, "Models"), models.map((m) => h("label", { title: `${m.name}: ${m.summary} (${m.source})` },
    h("input", { type: "checkbox", value: m.id, checked: true }), ` ${m.id}`)));
  $("run").addEventListener("click", run);
  for (const id of ["models", "eum-variant", "run-what-if"]) $(id).addEventListener("change", refreshStale);
  $("compare").addEventListener("click", compare);
  $("mc-start").addEventListener("click", monteCarlo);
  $("sens-start").addEventListener("click", sensitivity);
  $("bargain-start").addEventListener("click", bargain);
  $("advise-start").addEventListener("click", advise);
  $("report-start").addEventListener("click", saveReport);
  $("advise-actor").addEventListener("focus", refreshAdviseActors);
  $("add-actor").addEventListener("click", () => editor.addActor());
  $("add-issue").addEventListener("click", () => editor.addIssue());
  $("show-ranges").addEventListener("change", (e) => {
    editor.showRanges = e.target.checked;
    editor.renderGrid();
    validate();
  });
  $("load-flagship").addEventListener("click", loadFlagship);
  $("download-toml").addEventListener("click", saveToml);
  $("download-json").addEventListener("click", saveJson);
  $("upload").addEventListener("change", (e) => {
    if (e.target.files.length) upload(e.target.files[0]);
    e.target.value = "";
  });
  $("undo").addEventListener("click", undo);
  $("redo").addEventListener("click", redo);
  // Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) outside text fields; inside one they edit its text.
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if (!(e.ctrlKey || e.metaKey) || (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT"))) return;
    const key = e.key.toLowerCase();
    if (key === "z" && !e.shiftKey) undo();
    else if ((key === "z" && e.shiftKey) || key === "y") redo();
    else return;
    e.preventDefault();
  });
  // The file input is hidden behind its label; the label takes the keyboard's place.
  $("open-file").addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      $("upload").click();
    }
  });
  library.wire();
  library.refresh();
  new ExtractPanel({
    text: $("extract-text"),
    date: $("extract-date"),
    start: $("extract-start"),
    load: $("extract-load"),
    error: $("extract-error"),
    result: $("extract-result"),
    onLoad: openDraft,
  }).wire();
  // The working copy: this browser's (newest, kept even while invalid), else the one
  // autosaved in the library (from another browser, or after the browser's was cleared),
  // else the flagship.
  const saved = savedCopy();
  const stored = saved ? null : await library.workingCopy();
  if (saved) {
    loadDoc(saved);
    editor.say("Restored the working copy saved in this browser; Flagship loads the default (Undo brings this copy back).");
  } else if (stored) {
    loadDoc(stored);
    editor.say("Restored the working copy autosaved in the library; Flagship loads the default (Undo brings this copy back).");
  } else {
    await loadFlagship();
  }
  refreshUndo();
  document.body.dataset.ready = "true";
  // The forecast is the first thing an analyst wants: run the scenario as it stands.
  run();
}

start().catch((e) => setStatus(`The page could not start: ${e.message}`, "bad"));
