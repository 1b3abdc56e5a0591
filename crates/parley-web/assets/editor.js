// The scenario editor: the actors x issues grid over the scenario document (the JSON form of a
// scenario file), with each problem the server finds shown next to the offending cell.
//
// Every input carries `data-path`, the field path the server's problems use
// (`actor[0].stance.iran_nuclear.salience.value`), so a problem finds its cell by path.

import { h, fill } from "./dom.js";

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell's text as the document holds it: a number when it reads as one, else the text as
 * written (so the server names the wrong type, as the CLI would). Empty is `undefined`. */
export function parseCell(text) {
  const t = text.trim();
  if (t === "") return undefined;
  return NUMBER.test(t) ? Number(t) : t;
}

function isTable(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** One part (`value`, `low`, `high`) of the estimate `holder[key]`, plain number or table. */
export function estimatePart(holder, key, part) {
  const v = holder ? holder[key] : undefined;
  if (isTable(v)) return v[part];
  return part === "value" ? v : undefined;
}

/** Sets one part of an estimate; a table left with only its value becomes a plain number. */
export function setEstimatePart(holder, key, part, x) {
  let v = holder[key];
  if (part === "value" && !isTable(v)) {
    if (x === undefined) delete holder[key];
    else holder[key] = x;
    return;
  }
  if (!isTable(v)) {
    if (x === undefined) return;
    v = holder[key] = { value: v };
  }
  if (x === undefined && part !== "value") delete v[part];
  else v[part] = x === undefined ? "" : x;
  if (Object.keys(v).length === 1 && "value" in v) holder[key] = v.value;
}

/** Widens an estimate's plausible range to take in its point value, if it lies outside;
 * returns the new range, or null when nothing changed. A point value typed outside its range
 * is a deliberate edit: refusing it (as validation would) loses the analyst's number, so the
 * page widens the range as a what-if's `=` edit does, and says so. */
export function widenToValue(holder, key) {
  const v = holder[key];
  if (!isTable(v) || typeof v.value !== "number") return null;
  const { low, high } = v;
  if (typeof low !== "number" || typeof high !== "number") return null;
  if (v.value >= low && v.value <= high) return null;
  v.low = Math.min(low, v.value);
  v.high = Math.max(high, v.value);
  return [v.low, v.high];
}

function text(v) {
  return v === undefined || v === null ? "" : String(v);
}

/** Replaces whole-word occurrences of an id in a condition or edit. */
function renameIn(textValue, from, to) {
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return textValue.replace(new RegExp(`(^|[^A-Za-z0-9_])${escaped}(?=$|[^A-Za-z0-9_])`, "g"), `$1${to}`);
}

function mentions(textValue, id) {
  return renameIn(textValue, id, "\u0000") !== textValue;
}

/** The editor bound to a container; `onEdit(kind, path)` is called after each change
 * (`"value"` for a number or text, with the field's path; `"structure"` for added, removed or
 * renamed rows), and
 * `beforeRemove(what)` before a row is removed (so the page can offer to undo it). */
export class Editor {
  constructor({ meta, grid, status, onEdit, beforeRemove }) {
    this.metaEl = meta;
    this.gridEl = grid;
    this.statusEl = status;
    this.onEdit = onEdit;
    this.beforeRemove = beforeRemove || (() => {});
    this.showRanges = false;
    this.doc = null;
  }

  /** Loads a document and draws it. */
  load(doc) {
    this.doc = doc;
    for (const key of ["issue", "actor"]) if (!Array.isArray(this.doc[key])) this.doc[key] = [];
    if (!isTable(this.doc.scenario)) this.doc.scenario = { name: "" };
    this.render();
  }

  issues() {
    return this.doc.issue;
  }

  actors() {
    return this.doc.actor;
  }

  /** Redraws everything (after structural changes; value edits update the document only). */
  render() {
    this.renderMeta();
    this.renderGrid();
  }

  /** Reports a change; `path`: the field a value edit changed (for Undo's steps). */
  changed(kind, path) {
    this.onEdit(kind, path);
  }

  input(path, value, onValue, attrs = {}) {
    return h("input", {
      type: "text",
      inputmode: attrs.numeric === false ? undefined : "decimal",
      class: attrs.class || "num",
      value: text(value),
      "aria-label": attrs.label || path,
      title: attrs.title,
      placeholder: attrs.placeholder,
      dataset: { path },
      oninput: (e) => {
        onValue(e.target.value);
        this.changed("value", path);
      },
      onchange: attrs.onchange,
    });
  }

  /** Inputs for an estimate: value, and low/high when ranges are shown. */
  estimate(holder, key, path, label, extra = {}) {
    const parts = this.showRanges ? ["value", "low", "high"] : ["value"];
    return h(
      "span",
      { class: "estimate", dataset: { path } },
      parts.map((part) =>
        this.input(
          `${path}.${part}`,
          estimatePart(holder, key, part),
          (t) => setEstimatePart(holder, key, part, parseCell(t)),
          {
            label: part === "value" ? label : `${label}, ${part} end of range`,
            class: part === "value" ? "num" : "num range",
            // Only once the edit is committed: while typing "0.2", "0" would widen the range.
            onchange: part === "value" ? () => {
              const range = widenToValue(holder, key);
              if (!range) return;
              this.say(`The plausible range of ${label} now runs ${range[0]} to ${range[1]} to take in the new value (edit it under Show ranges).`);
              if (this.showRanges) this.renderGridKeepingFocus();
              // The widening belongs to the value's edit: one step for Undo.
              this.changed("value", `${path}.value`);
            } : undefined,
            placeholder: part === "value" ? extra.placeholder : part,
            title: part === "value" ? extra.title : `${part} end of the plausible range`,
          },
        ),
      ),
    );
  }

  renderMeta() {
    const s = this.doc.scenario;
    fill(
      this.metaEl,
      h(
        "div",
        { class: "meta" },
        h("label", {}, "Name ", this.input("scenario.name", s.name, (t) => (s.name = t), { class: "wide", numeric: false, label: "Scenario name" })),
        h("label", {}, "Date ", this.input("scenario.date", s.date, (t) => {
          if (t.trim() === "") delete s.date;
          else s.date = t.trim();
        }, { class: "date", numeric: false, label: "Scenario date", placeholder: "YYYY-MM-DD" })),
        h("label", {}, "Seed ", this.input("scenario.seed", s.seed, (t) => {
          const v = parseCell(t);
          if (v === undefined) delete s.seed;
          else s.seed = v;
        }, { label: "Monte Carlo seed", placeholder: "none" })),
      ),
    );
  }

  renderGrid() {
    const issues = this.issues();
    const actors = this.actors();
    // A count of redraws, for tests that must not act on cells about to be replaced.
    this.gridEl.dataset.renders = String(Number(this.gridEl.dataset.renders || 0) + 1);
    // Each table scrolls on its own, so scrolling the wide grid keeps the issues in view.
    fill(
      this.gridEl,
      h("div", { class: "scroll" }, this.issueTable(issues)),
      h("div", { class: "scroll" }, this.actorGrid(issues, actors)),
    );
  }

  /** Redraws the grid after an edit that renames something, keeping the keyboard where it
   * went: the edit is committed on `change`, as focus leaves the cell (Tab, Shift+Tab, a
   * click), so the redraw waits for focus to land and then puts it back on the element with
   * the same field path (paths are by index, so a rename keeps them). Without this the
   * redraw dropped focus to the page and the next Tab went to the first cell of the grid,
   * where typing silently renamed the first issue. */
  renderGridKeepingFocus() {
    setTimeout(() => {
      const active = document.activeElement;
      const path = active && active.dataset ? active.dataset.path : undefined;
      const inGrid = active && this.gridEl.contains(active);
      const start = inGrid && typeof active.selectionStart === "number" ? active.selectionStart : null;
      const end = inGrid && typeof active.selectionEnd === "number" ? active.selectionEnd : null;
      this.renderGrid();
      if (!inGrid || !path) return;
      const again = this.gridEl.querySelector(`[data-path="${CSS.escape(path)}"]`);
      if (!again) return;
      again.focus();
      if (start !== null && typeof again.setSelectionRange === "function") {
        try { again.setSelectionRange(start, end); } catch { /* not a text input */ }
      }
    }, 0);
  }

  issueTable(issues) {
    const rows = issues.map((issue, j) => {
      const p = `issue[${j}]`;
      const scale = Array.isArray(issue.scale) ? issue.scale : undefined;
      const setScale = (k) => (t) => {
        if (!Array.isArray(issue.scale)) issue.scale = [0, 100];
        issue.scale[k] = parseCell(t) ?? "";
      };
      return h(
        "tr",
        { dataset: { path: p, issue: issue.id } },
        h("td", {}, this.input(`${p}.id`, issue.id, () => {}, {
          class: "id", numeric: false, label: `Issue ${j + 1} id`,
          onchange: (e) => this.renameIssue(j, e.target.value.trim()),
        })),
        h("td", {}, this.input(`${p}.name`, issue.name, (t) => (issue.name = t), {
          class: "wide", numeric: false, label: `Issue ${j + 1} name`,
          onchange: () => this.renderGridKeepingFocus(),
        })),
        h("td", {}, this.input(`${p}.low`, issue.low, (t) => (issue.low = t), { class: "label", numeric: false, label: `What the low end of ${issue.id} means` })),
        h("td", {}, this.input(`${p}.high`, issue.high, (t) => (issue.high = t), { class: "label", numeric: false, label: `What the high end of ${issue.id} means` })),
        h("td", { dataset: { path: `${p}.scale` } },
          this.input(`${p}.scale[0]`, scale ? scale[0] : "", setScale(0), { label: `Scale minimum of ${issue.id}`, placeholder: "0" }),
          " - ",
          this.input(`${p}.scale[1]`, scale ? scale[1] : "", setScale(1), { label: `Scale maximum of ${issue.id}`, placeholder: "100" })),
        h("td", {}, this.estimate(issue, "status_quo", `${p}.status_quo`, `Status quo of ${issue.id}`, { placeholder: "none" })),
        h("td", {}, h("button", { type: "button", class: "remove", title: `Remove issue ${issue.id}`, "aria-label": `Remove issue ${issue.id}`, onclick: () => this.removeIssue(j) }, "\u00d7")),
      );
    });
    return h(
      "table",
      { class: "issues" },
      h("caption", {}, "Issues"),
      h("thead", {}, h("tr", {}, ["Id", "Name", "Low end means", "High end means", "Scale", "Status quo", ""].map((c) => h("th", {}, c)))),
      h("tbody", {}, rows),
    );
  }

  actorGrid(issues, actors) {
    const head = h(
      "tr",
      {},
      h("th", {}, "Id"),
      h("th", {}, "Name"),
      h("th", { title: "Clout in these negotiations, any positive scale (only ratios matter)" }, "Capability"),
      issues.map((issue) => h("th", { class: "issue-col", dataset: { issue: issue.id }, title: issue.name || issue.id },
        h("div", { class: "issue-name" }, issue.name || issue.id),
        h("div", { class: "sub" }, `${issue.id} - position | salience`))),
      h("th", {}, ""),
    );
    const rows = actors.map((actor, i) => {
      const p = `actor[${i}]`;
      if (!isTable(actor.stance)) actor.stance = {};
      return h(
        "tr",
        { dataset: { path: p, actor: actor.id } },
        h("td", {}, this.input(`${p}.id`, actor.id, () => {}, {
          class: "id", numeric: false, label: `Actor ${i + 1} id`,
          onchange: (e) => this.renameActor(i, e.target.value.trim()),
        })),
        h("td", {}, this.input(`${p}.name`, actor.name, (t) => (actor.name = t), { class: "wide", numeric: false, label: `Actor ${i + 1} name` })),
        h("td", {}, this.estimate(actor, "capability", `${p}.capability`, `Capability of ${actor.id}`)),
        issues.map((issue) => this.stanceCell(actor, i, issue)),
        h("td", {}, h("button", { type: "button", class: "remove", title: `Remove actor ${actor.id}`, "aria-label": `Remove actor ${actor.id}`, onclick: () => this.removeActor(i) }, "\u00d7")),
      );
    });
    return h("table", { class: "actors" }, h("caption", {}, "Actors and their stances"), h("thead", {}, head), h("tbody", {}, rows));
  }

  stanceCell(actor, i, issue) {
    const path = `actor[${i}].stance.${issue.id}`;
    const stance = actor.stance[issue.id];
    if (!isTable(stance)) {
      return h("td", { class: "stance none", dataset: { path } },
        h("button", {
          type: "button", class: "add-stance",
          title: `${actor.id} takes no part in ${issue.id}; click to add a stance`,
          "aria-label": `Add a stance of ${actor.id} on ${issue.id}`,
          onclick: () => this.addStance(actor, issue),
        }, "not involved +"));
    }
    return h("td", { class: "stance", dataset: { path } },
      h("div", { class: "pair" },
        this.estimate(stance, "position", `${path}.position`, `Position of ${actor.id} on ${issue.id}`, { title: "position on the issue's scale" }),
        this.estimate(stance, "salience", `${path}.salience`, `Salience of ${actor.id} on ${issue.id}`, { title: "salience, 0-1" }),
        h("button", {
          type: "button", class: "remove small",
          title: `${actor.id} takes no part in ${issue.id}`,
          "aria-label": `Remove the stance of ${actor.id} on ${issue.id}`,
          onclick: () => {
            delete actor.stance[issue.id];
            this.renderGrid();
            this.changed("structure");
          },
        }, "\u00d7")));
  }

  addStance(actor, issue) {
    const scale = Array.isArray(issue.scale) && issue.scale.every((x) => typeof x === "number") ? issue.scale : [0, 100];
    actor.stance[issue.id] = { position: (scale[0] + scale[1]) / 2, salience: 0.5 };
    this.renderGrid();
    this.changed("structure");
  }

  freshId(prefix, taken) {
    let k = taken.length + 1;
    while (taken.includes(`${prefix}${k}`)) k += 1;
    return `${prefix}${k}`;
  }

  addActor() {
    const id = this.freshId("actor_", this.actors().map((a) => a.id));
    this.actors().push({ id, name: `New actor ${id.slice(6)}`, capability: 10, stance: {} });
    this.renderGrid();
    this.changed("structure");
    this.focus(`actor[${this.actors().length - 1}].name`);
  }

  addIssue() {
    const id = this.freshId("issue_", this.issues().map((x) => x.id));
    this.issues().push({ id, name: `New issue ${id.slice(6)}`, low: "low end", high: "high end", scale: [0, 100] });
    this.renderGrid();
    this.changed("structure");
    this.focus(`issue[${this.issues().length - 1}].name`);
  }

  /** Removes an issue with its stances and whatever names it elsewhere. */
  removeIssue(j) {
    const doc = this.doc;
    const id = this.issues()[j].id;
    this.beforeRemove(`remove issue ${id}`);
    const gone = [];
    this.issues().splice(j, 1);
    for (const a of this.actors()) if (isTable(a.stance)) delete a.stance[id];
    if (Array.isArray(doc.linkage)) {
      for (const l of doc.linkage) if (Array.isArray(l.issues)) l.issues = l.issues.filter((x) => x !== id);
      const before = doc.linkage.length;
      doc.linkage = doc.linkage.filter((l) => !Array.isArray(l.issues) || l.issues.length >= 2);
      if (doc.linkage.length < before) gone.push(`${before - doc.linkage.length} linkage(s)`);
    }
    if (isTable(doc.mediator) && Array.isArray(doc.mediator.issues)) {
      doc.mediator.issues = doc.mediator.issues.filter((x) => x !== id);
      if (doc.mediator.issues.length === 0) {
        delete doc.mediator;
        gone.push("the mediator");
      }
    }
    this.dropWhere("question", (q) => (Array.isArray(q.issues) && q.issues.includes(id)) || (typeof q.condition === "string" && mentions(q.condition, id)), "question(s)", gone);
    this.dropEditsMentioning(id, gone);
    this.afterRemoval(`issue ${id}`, gone);
  }

  /** Removes an actor and whatever names it elsewhere. */
  removeActor(i) {
    const doc = this.doc;
    const id = this.actors()[i].id;
    this.beforeRemove(`remove actor ${id}`);
    const gone = [];
    this.actors().splice(i, 1);
    if (isTable(doc.mediator)) {
      if (doc.mediator.actor === id) {
        delete doc.mediator;
        gone.push("the mediator");
      } else if (Array.isArray(doc.mediator.parties)) {
        doc.mediator.parties = doc.mediator.parties.filter((x) => x !== id);
      }
    }
    if (Array.isArray(doc.question)) {
      for (const q of doc.question) if (Array.isArray(q.actors)) q.actors = q.actors.filter((x) => x !== id);
    }
    this.dropEditsMentioning(id, gone);
    this.afterRemoval(`actor ${id}`, gone);
  }

  dropWhere(key, pred, what, gone) {
    const list = this.doc[key];
    if (!Array.isArray(list)) return;
    const kept = list.filter((x) => !pred(x));
    if (kept.length < list.length) gone.push(`${list.length - kept.length} ${what}`);
    this.doc[key] = kept;
  }

  dropEditsMentioning(id, gone) {
    const list = this.doc.what_if;
    if (!Array.isArray(list)) return;
    let edits = 0;
    for (const w of list) {
      if (!Array.isArray(w.edits)) continue;
      const kept = w.edits.filter((e) => typeof e !== "string" || !mentions(e, id));
      edits += w.edits.length - kept.length;
      w.edits = kept;
    }
    if (edits) gone.push(`${edits} what-if edit(s)`);
    this.dropWhere("what_if", (w) => Array.isArray(w.edits) && w.edits.length === 0, "what-if(s) left without edits", gone);
  }

  afterRemoval(what, gone) {
    this.say(`Removed ${what}${gone.length ? `, and what referred to it: ${gone.join(", ")}` : ""}.`);
    this.renderGrid();
    this.changed("structure");
  }

  renameIssue(j, to) {
    const issue = this.issues()[j];
    const from = issue.id;
    if (!to || to === from) return;
    issue.id = to;
    for (const a of this.actors()) {
      if (!isTable(a.stance) || !(from in a.stance)) continue;
      // Rebuild to keep the stances in their order.
      a.stance = Object.fromEntries(Object.entries(a.stance).map(([k, v]) => [k === from ? to : k, v]));
    }
    const swap = (list) => (Array.isArray(list) ? list.map((x) => (x === from ? to : x)) : list);
    for (const l of this.doc.linkage || []) l.issues = swap(l.issues);
    if (isTable(this.doc.mediator)) this.doc.mediator.issues = swap(this.doc.mediator.issues);
    for (const q of this.doc.question || []) {
      q.issues = swap(q.issues);
      if (typeof q.condition === "string") q.condition = renameIn(q.condition, from, to);
    }
    this.renameInEdits(from, to);
    this.renderGridKeepingFocus();
    this.changed("structure");
  }

  renameActor(i, to) {
    const actor = this.actors()[i];
    const from = actor.id;
    if (!to || to === from) return;
    actor.id = to;
    const swap = (list) => (Array.isArray(list) ? list.map((x) => (x === from ? to : x)) : list);
    if (isTable(this.doc.mediator)) {
      if (this.doc.mediator.actor === from) this.doc.mediator.actor = to;
      this.doc.mediator.parties = swap(this.doc.mediator.parties);
    }
    for (const q of this.doc.question || []) q.actors = swap(q.actors);
    this.renameInEdits(from, to);
    this.renderGridKeepingFocus();
    this.changed("structure");
  }

  renameInEdits(from, to) {
    for (const w of this.doc.what_if || []) {
      if (Array.isArray(w.edits)) w.edits = w.edits.map((e) => (typeof e === "string" ? renameIn(e, from, to) : e));
    }
  }

  say(message) {
    this.statusEl.dataset.note = message;
    this.statusEl.textContent = message;
  }

  /** The element for a problem's path: the input itself, its value input, or the nearest
   * enclosing cell or row that has a path. */
  elementFor(path) {
    if (!path) return null;
    const find = (p) => document.querySelector(`[data-path="${CSS.escape(p)}"]`);
    const direct = find(path) || find(`${path}.value`);
    if (direct) return direct;
    let p = path;
    for (;;) {
      const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
      if (cut <= 0) return null;
      p = p.slice(0, cut);
      const el = find(p);
      if (el) return el;
    }
  }

  /** Shows problems next to their cells; returns those with no cell on the page. */
  showProblems(problems) {
    for (const el of document.querySelectorAll(".invalid")) el.classList.remove("invalid");
    for (const el of document.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const el of document.querySelectorAll(".cell-msg")) el.remove();
    const unplaced = [];
    for (const p of problems) {
      const el = this.elementFor(p.path);
      if (!el || !this.gridEl.parentElement.contains(el)) {
        unplaced.push(p);
        continue;
      }
      el.classList.add("invalid");
      if (["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName)) el.setAttribute("aria-invalid", "true");
      // A group of controls (a condition, a list of ticks) takes the message inside itself.
      const host = el.tagName === "FIELDSET" || el.classList.contains("card") ? el : el.closest("td, label") || el.parentElement;
      // A point value outside its own range is widened into it once the cell is left; say so,
      // and where the range is, so the message is not read as a refusal.
      const hint = p.code === "value-outside-range"
        ? " Leave the cell to widen the range to take it in, or edit the range under Show ranges."
        : "";
      host.append(h("div", { class: "cell-msg", role: "alert", dataset: { code: p.code } }, p.message + hint));
    }
    return unplaced;
  }

  /** Focuses the cell of a path. */
  focus(path) {
    const el = this.elementFor(path);
    if (!el) return;
    const target = ["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName) ? el : el.querySelector("input, select, textarea, button");
    (target || el).scrollIntoView({ block: "center" });
    if (target) target.focus();
  }
}
