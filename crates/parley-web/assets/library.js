// The library panel: saves versions of the scenario to the library database (the one
// `parley library` uses), lists the stored scenarios and their versions, opens a version,
// shows what changed between two, and autosaves the working copy there.

import { get, post } from "./api.js";
import { h, fill, pct } from "./dom.js";

/** The library scenario the working copy is autosaved to. */
export const WORKING_COPY_NAME = "working-copy";

/** How long after the last edit the working copy is autosaved. */
const AUTOSAVE_MS = 1500;

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;

/** A version's time as `2026-12-06 02:41 UTC`. */
function when(created) {
  return `${created.slice(0, 16).replace("T", " ")} UTC`;
}

const SVG = "http://www.w3.org/2000/svg";

/** An SVG element with attributes. */
function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

/** Line colours for models (Okabe-Ito, distinguishable under common colour-vision
 * deficiencies). */
const COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];

/** One question's chart: the probability each model gave it in each sealed run, left to right
 * in run order (labelled with the library version run), and the outcome as a line at 100%
 * (happened) or 0% (did not). The solid line is the odds with the model's measured error where
 * the seal recorded them (the odds Parley quotes by default); the dashed line is the odds over
 * the coding's ranges alone (inputs only), which every seal has. Hollow points were sealed after
 * the outcome's date (hindsight); filled ones count in the track record. A table under it gives
 * the same numbers. */
function oddsChart(q) {
  const runs = [...new Set(q.points.map((p) => p.run))];
  const models = [...new Set(q.points.map((p) => p.model))];
  const anyError = q.points.some((p) => p.probability_with_model_error != null);
  const W = 560, H = 240, L = 48, R = 150, T = 16, B = 40;
  const x = (run) => L + (runs.length === 1 ? (W - L - R) / 2 : (runs.indexOf(run) * (W - L - R)) / (runs.length - 1));
  const y = (p) => T + (1 - p) * (H - T - B);
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "data-chart": "odds", "data-question": q.question, "font-size": 12, "font-family": "system-ui, sans-serif" });
  chart.append(svg("title", {}, `Odds of ${q.question} across sealed runs${anyError ? ": solid with model error (a model marked 'inputs only' has none), dashed inputs only; squares: seals without odds with model error" : " (inputs only: these seals recorded no odds with model error)"}`));
  for (const p of [0, 0.25, 0.5, 0.75, 1]) {
    chart.append(svg("line", { x1: L, x2: W - R, y1: y(p), y2: y(p), stroke: "#ddd" }));
    chart.append(svg("text", { x: L - 6, y: y(p) + 4, "text-anchor": "end", fill: "#333" }, `${Math.round(p * 100)}%`));
  }
  for (const run of runs) {
    const v = q.points.find((p) => p.run === run).version;
    chart.append(svg("text", { x: x(run), y: H - B + 16, "text-anchor": "middle", fill: "#333" }, v ? `v${v}` : `run ${run}`));
  }
  chart.append(svg("text", { x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle", fill: "#333" }, "sealed runs, oldest first (library version)"));
  if (q.outcome !== null) {
    const at = y(q.outcome ? 1 : 0);
    chart.append(svg("line", { x1: L, x2: W - R, y1: at, y2: at, stroke: "#000", "stroke-width": 2, "stroke-dasharray": "6 4", class: "outcome" }));
    chart.append(svg("text", { x: W - R + 6, y: at + 4, fill: "#000" }, q.outcome ? "happened" : "did not happen"));
    chart.append(svg("text", { x: W - R + 6, y: at + (q.outcome ? 18 : -10), fill: "#333" }, `(${q.resolved_on})`));
  }
  models.forEach((m, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const pts = q.points.filter((p) => p.model === m);
    const withError = pts.filter((p) => p.probability_with_model_error != null);
    // Inputs only: dashed and thin when the solid line is the odds with model error.
    const plain = svg("g", { class: "series-inputs-only", "data-model": m });
    plain.append(svg("polyline", { points: pts.map((p) => `${x(p.run)},${y(p.probability)}`).join(" "), fill: "none", stroke: colour, "stroke-width": withError.length ? 1 : 2, "stroke-dasharray": withError.length ? "4 3" : "none" }));
    // A seal without odds with model error keeps its point (and its counts/hindsight fill) on
    // the dashed line, as a square, so no seal drops out of the record.
    for (const p of pts.filter((p) => withError.length && p.probability_with_model_error == null)) {
      plain.append(svg("rect", { x: x(p.run) - 4, y: y(p.probability) - 4, width: 8, height: 8, stroke: colour, "stroke-width": 2, fill: p.counts ? colour : "#fff" },
        svg("title", {}, `${m}, v${p.version ?? "?"} (run ${p.run}, sealed ${p.sealed_at.slice(0, 10)}): ${pct(p.probability)} inputs only (no odds with model error recorded)${p.counts ? "" : " (hindsight)"}`)));
    }
    chart.append(plain);
    const series = svg("g", { class: "series", "data-model": m });
    const main = withError.length ? withError : pts;
    const value = (p) => (withError.length ? p.probability_with_model_error : p.probability);
    series.append(svg("polyline", { points: main.map((p) => `${x(p.run)},${y(value(p))}`).join(" "), fill: "none", stroke: colour, "stroke-width": 2 }));
    for (const p of main) {
      const odds = withError.length ? `${pct(value(p))} with model error, ${pct(p.probability)} inputs only` : `${pct(p.probability)} inputs only`;
      series.append(svg("circle", { cx: x(p.run), cy: y(value(p)), r: 4, stroke: colour, "stroke-width": 2, fill: p.counts ? colour : "#fff" },
        svg("title", {}, `${m}, v${p.version ?? "?"} (run ${p.run}, sealed ${p.sealed_at.slice(0, 10)}): ${odds}${p.counts ? "" : " (hindsight)"}`)));
    }
    // The legend says which odds this model's solid line is.
    series.append(svg("text", { x: W - R + 6, y: T + 14 + 16 * i, fill: colour }, withError.length ? m : `${m} (inputs only)`));
    chart.append(series);
  });
  const table = h("table", { class: "odds", dataset: { question: q.question } },
    h("thead", {}, h("tr", {}, h("th", {}, "Run"), h("th", {}, "Version"), h("th", {}, "Sealed"), h("th", {}, "Model"),
      h("th", { class: "num" }, "With model error"), h("th", { class: "num" }, "Inputs only"), h("th", {}, "Counts"))),
    h("tbody", {}, q.points.map((p) => h("tr", {},
      h("td", { class: "num" }, String(p.run)), h("td", { class: "num" }, p.version ? String(p.version) : "-"),
      h("td", {}, p.sealed_at.slice(0, 10)), h("td", {}, p.model),
      h("td", { class: "num" }, p.probability_with_model_error != null ? pct(p.probability_with_model_error) : "-"),
      h("td", { class: "num" }, pct(p.probability)),
      h("td", {}, p.counts ? "yes" : "no (hindsight)")))));
  const outcome = q.outcome === null ? "not resolved yet" : `${q.outcome ? "happened" : "did not happen"} (${q.resolved_on}${q.judgment ? ", a judgment" : ""})`;
  const note = anyError ? "" : " (inputs only: these seals recorded no odds with model error)";
  return h("figure", { class: "odds-track" }, h("figcaption", {}, `${q.question}: ${outcome}${note}`), h("div", { class: "chart" }, chart), table);
}

export class LibraryPanel {
  /** `doc()`: the working copy; `open(doc, what)`: replaces it (undoably). */
  constructor({ doc, open }) {
    this.doc = doc;
    this.open = open;
    this.timer = null;
    // Autosaves run one after another, so an older copy never lands after a newer one.
    this.queue = Promise.resolve();
  }

  wire() {
    $("library-save").addEventListener("click", () => this.save());
    $("library-refresh").addEventListener("click", () => this.refresh());
    $("library-diff").addEventListener("click", () => this.diff());
  }

  say(text, kind = "") {
    const el = $("library-status");
    el.textContent = text;
    el.className = `status ${kind}`;
  }

  /** Lists the stored scenarios. */
  async refresh() {
    let list;
    try {
      list = await get("/api/library");
    } catch (e) {
      this.say(`The library is not available: ${e.message}`, "bad");
      return;
    }
    $("library-db").textContent = list.db;
    fill($("library-list"), list.scenarios.length
      ? h("table", {},
        h("thead", {}, h("tr", {}, h("th", {}, "Scenario"), h("th", { class: "num" }, "Versions"), h("th", {}, "Last saved"), h("th", {}, "Message"))),
        h("tbody", {}, list.scenarios.map((s) => h("tr", { dataset: { name: s.name } },
          h("td", {}, h("button", { type: "button", class: "link", title: `Show the versions of ${s.name}`, onclick: () => this.show(s.name) }, s.name)),
          h("td", { class: "num" }, String(s.versions)),
          h("td", {}, `${when(s.latest.created)} by ${s.latest.author}`),
          h("td", {}, s.latest.message)))))
      : h("p", { class: "hint" }, "Nothing saved yet."));
  }

  /** Shows the versions of `name`, with Open buttons and the diff choices. */
  async show(name) {
    let history;
    try {
      history = await get(`/api/library/${enc(name)}`);
    } catch (e) {
      this.say(`Cannot list the versions of ${name}: ${e.message}`, "bad");
      return;
    }
    this.selected = name;
    const versions = history.versions;
    fill($("library-versions"),
      h("h3", {}, `${name}: ${versions.length} version${versions.length === 1 ? "" : "s"}`),
      h("table", {},
        h("thead", {}, h("tr", {}, h("th", { class: "num" }, "Version"), h("th", {}, "Saved"), h("th", {}, "Author"), h("th", {}, "Message"), h("th", {}, ""))),
        h("tbody", {}, versions.slice().reverse().map((v) => h("tr", { dataset: { version: String(v.number) } },
          h("td", { class: "num" }, String(v.number)),
          h("td", {}, when(v.created)),
          h("td", {}, v.author),
          h("td", {}, v.message),
          h("td", {}, h("button", { type: "button", class: "library-open", title: `Replace the scenario with ${name} version ${v.number} (Undo brings the current one back)`, onclick: () => this.openVersion(name, v.number) }, "Open")))))));
    const options = (selected) => versions.map((v) => h("option", { value: String(v.number), selected: v.number === selected }, String(v.number)));
    fill($("library-diff-from"), options(Math.max(1, versions.length - 1)));
    fill($("library-diff-to"), options(versions.length));
    $("library-diff-form").hidden = versions.length < 2;
    $("library-diff-result").replaceChildren();
    await this.track(name);
  }

  /** Each question's sealed odds across runs (and the versions they ran) against the outcome. */
  async track(name) {
    const el = $("library-track");
    let t;
    try {
      t = await get(`/api/library/${enc(name)}/track`);
    } catch (e) {
      fill(el, h("p", { class: "error" }, `Cannot read the sealed forecasts: ${e.message}`));
      return;
    }
    fill(el, t.questions.length
      ? [h("h3", {}, `${name}: sealed odds against the outcome`), t.questions.map(oddsChart)]
      : h("p", { class: "hint" }, `No sealed forecasts of ${name} yet (parley seal ${name} records them; parley resolve records what happened).`));
  }

  async openVersion(name, number) {
    try {
      const v = await get(`/api/library/${enc(name)}/versions/${number}`);
      if (!v.scenario) {
        this.say(`${name} version ${number} cannot be read as a scenario.`, "bad");
        return;
      }
      this.open(v.scenario, `open ${name} version ${number}`);
      $("library-name").value = name === WORKING_COPY_NAME ? $("library-name").value : name;
      this.say(`Opened ${name} version ${number}.`, "ok");
    } catch (e) {
      this.say(`Cannot open ${name} version ${number}: ${e.message}`, "bad");
    }
  }

  /** What changed between the two chosen versions, field by field. */
  async diff() {
    const name = this.selected;
    if (!name) return;
    const from = $("library-diff-from").value;
    const to = $("library-diff-to").value;
    try {
      const d = await get(`/api/library/${enc(name)}/diff?from=${enc(from)}&to=${enc(to)}`);
      const value = (v) => (v === null || v === undefined ? h("span", { class: "sub" }, "(none)") : v);
      fill($("library-diff-result"), d.changes.length
        ? h("table", { class: "diff" },
          h("caption", {}, `${name}: ${d.changes.length} change${d.changes.length === 1 ? "" : "s"} from version ${d.from} to ${d.to}`),
          h("thead", {}, h("tr", {}, h("th", {}, "Field"), h("th", {}, `Version ${d.from}`), h("th", {}, `Version ${d.to}`))),
          h("tbody", {}, d.changes.map((c) => h("tr", {}, h("td", {}, h("code", {}, c.path)), h("td", {}, value(c.before)), h("td", {}, value(c.after))))))
        : h("p", {}, `No changes from version ${d.from} to ${d.to}.`));
    } catch (e) {
      this.say(`Cannot compare the versions: ${e.message}`, "bad");
    }
  }

  /** Saves the scenario as the next version of the name given, with the message given. */
  async save() {
    const name = $("library-name").value.trim();
    if (!name) {
      this.say("Give the scenario a name to save it under.", "bad");
      $("library-name").focus();
      return;
    }
    const body = { scenario: this.doc() };
    const message = $("library-message").value.trim();
    const author = $("library-author").value.trim();
    if (message) body.message = message;
    if (author) body.author = author;
    try {
      const r = await post(`/api/library/${enc(name)}`, body);
      this.say(r.unchanged
        ? `Unchanged: ${r.name} version ${r.version} already holds this scenario.`
        : `Saved ${r.name} version ${r.version}.`, "ok");
      $("library-message").value = "";
      await this.refresh();
      await this.show(r.name);
    } catch (e) {
      this.say(`Not saved: ${e.message}`, "bad");
    }
  }

  /** Autosaves the working copy a moment after the last edit. */
  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.queue = this.queue.then(() => this.autosave());
    }, AUTOSAVE_MS);
  }

  async autosave() {
    const el = $("library-autosave");
    try {
      const r = await post(`/api/library/${WORKING_COPY_NAME}`, { scenario: this.doc(), author: "autosave", message: "autosave" });
      el.textContent = `Working copy autosaved in the library (${WORKING_COPY_NAME} version ${r.version}, ${new Date().toLocaleTimeString()}).`;
      el.className = "status ok";
      document.body.dataset.autosaved = String(r.version);
    } catch (e) {
      // An invalid scenario is not stored: the browser's copy keeps it until it is fixed.
      el.textContent = e.code === "invalid-scenario"
        ? "Not autosaved in the library while the scenario has problems (this browser keeps the copy)."
        : `Not autosaved in the library: ${e.message}`;
      el.className = "status bad";
    }
  }

  /** The working copy autosaved in the library, or null. */
  async workingCopy() {
    try {
      const v = await get(`/api/library/${WORKING_COPY_NAME}/versions/latest`);
      return v.scenario || null;
    } catch {
      return null;
    }
  }
}
