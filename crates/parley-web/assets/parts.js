// The rest of the scenario, below the grid: the questions (with a condition builder that says
// the condition in words), the linkages, the mediator, the named what-ifs, and each number's
// evidence note and source.
//
// As in the grid, every control carries `data-path`, the field path of the server's problems
// (`question[0].condition`, `mediator.parties[1]`, `actor[2].capability.source`), so each
// problem is shown next to its field; every change is reported through `onEdit`, which gives
// it the same Undo, autosave and validation as a grid edit. The document edited is the page's
// one document, so Run, Compare and the rest use the edited scenario.

import { h, fill } from "./dom.js";
import { estimatePart, setEstimatePart, parseCell } from "./editor.js";

/** A condition's comparison operators, each with how it reads in words. */
export const OPS = [
  [">=", "at least"],
  ["<=", "at most"],
  [">", "above"],
  ["<", "below"],
];

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A condition's text as a list of comparisons, each `{ join, issue, op, value }` (`join`:
 * `and` or `or` to the one before; `null` for the first; `value` as written). `[]` for no
 * condition; `null` when the text is not in the grammar the builder edits (`issue OP number`
 * joined by `and` / `or`): the page then edits the text itself and the server says what is
 * wrong. */
export function parseCondition(textValue) {
  if (textValue === undefined || textValue === null) return [];
  if (typeof textValue !== "string") return null;
  const tokens = textValue.match(/<=|>=|<|>|[^\s<>=]+/g) || [];
  if (tokens.join("") !== textValue.replace(/\s+/g, "")) return null; // a stray '=' or the like
  const items = [];
  for (let k = 0; k < tokens.length; ) {
    let join = null;
    if (items.length) {
      join = tokens[k];
      if (join !== "and" && join !== "or") return null;
      k += 1;
    }
    const [issue, op, value] = tokens.slice(k, k + 3);
    if (!issue || issue === "and" || issue === "or" || NUMBER.test(issue)) return null;
    if (!OPS.some(([o]) => o === op) || !NUMBER.test(value || "")) return null;
    items.push({ join, issue, op, value });
    k += 3;
  }
  return items;
}

/** The text of a list of comparisons, as the scenario file writes it. */
export function conditionText(items) {
  return items.map((c, k) => `${k ? `${c.join} ` : ""}${c.issue} ${c.op} ${c.value}`).join(" ");
}

/** A condition in words, with issue names (`nameOf(id)`) for ids: "Limits on Iran's nuclear
 * programme at least 40 and Sanctions relief for Iran at least 40". `and` binds tighter than
 * `or`, so alternatives read "either ..., or ...". */
export function conditionInWords(items, nameOf) {
  if (!items || items.length === 0) return "";
  const clauses = [[]];
  for (const c of items) {
    if (c.join === "or") clauses.push([]);
    const op = OPS.find(([o]) => o === c.op);
    clauses[clauses.length - 1].push(`${nameOf(c.issue)} ${op ? op[1] : c.op} ${c.value}`);
  }
  const said = clauses.map((cl) => cl.join(" and "));
  return said.length === 1 ? said[0] : `either ${said.join(", or ")}`;
}

function isTable(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Sets an optional text field; empty removes it. */
function setOptional(holder, key, value) {
  if (value === undefined || value === "") delete holder[key];
  else holder[key] = value;
}

function freshId(prefix, taken) {
  let k = taken.length + 1;
  while (taken.includes(`${prefix}${k}`)) k += 1;
  return `${prefix}${k}`;
}

/** The editors of the scenario's questions, linkages, mediator, what-ifs and evidence, drawn
 * into `root`; `onEdit(kind, path, what)` after each change (`"value"` with the field's path,
 * one Undo step per field edited in a row; `"structure"` with what was done, one step each). */
export class Parts {
  constructor({ root, onEdit }) {
    this.root = root;
    this.onEdit = onEdit;
    this.doc = null;
    this.evidenceOpen = false;
  }

  /** Takes a document (the same object the grid edits) and draws it. */
  load(doc) {
    this.doc = doc;
    this.render();
  }

  /** Redraws every part (after structural changes; value edits change the document only). */
  render() {
    if (!this.doc) return;
    this.root.dataset.renders = String(Number(this.root.dataset.renders || 0) + 1);
    fill(this.root, this.questionsPart(), this.linkagesPart(), this.mediatorPart(), this.whatIfsPart(), this.evidencePart());
  }

  items(key) {
    return Array.isArray(this.doc[key]) ? this.doc[key] : [];
  }

  issueName(id) {
    const issue = (this.doc.issue || []).find((x) => x.id === id);
    return issue && issue.name ? issue.name : id;
  }

  actorName(id) {
    const actor = (this.doc.actor || []).find((x) => x.id === id);
    return actor && actor.name ? actor.name : id;
  }

  /** `[{ id, label }]` of the declared issues (or actors, linkages), and any id `chosen` names
   * that is not declared (kept, so the server can say so, rather than dropped silently). */
  options(kind, chosen) {
    const list = (kind === "issue" ? this.doc.issue : kind === "actor" ? this.doc.actor : this.doc.linkage) || [];
    const out = list.map((x) => ({ id: x.id, label: x.name ? `${x.name} (${x.id})` : String(x.id) }));
    for (const id of [chosen].flat()) {
      if (typeof id === "string" && id !== "" && !out.some((o) => o.id === id)) out.push({ id, label: `${id} (not in the scenario)` });
    }
    return out;
  }

  /** Reports a change and, for structural ones, redraws and puts focus on `focusPath`. */
  structure(what, focusPath) {
    this.onEdit("structure", undefined, what);
    this.render();
    if (focusPath) this.focus(focusPath);
  }

  /** Focuses the control of a field path (or the element with that id: the add buttons). */
  focus(path) {
    const el = this.root.querySelector(`[data-path="${CSS.escape(path)}"]`) || document.getElementById(path);
    if (el) el.focus();
  }

  /** A labelled text field; `set(text)` on every keystroke. */
  field(path, caption, value, set, { label, cls = "wide", placeholder, multiline, numeric, onchange } = {}) {
    const input = h(multiline ? "textarea" : "input", {
      type: multiline ? undefined : "text",
      rows: multiline ? 2 : undefined,
      class: cls,
      inputmode: numeric ? "decimal" : undefined,
      spellcheck: "false",
      "aria-label": label || caption,
      placeholder,
      dataset: { path },
      oninput: set ? (e) => {
        set(e.target.value);
        this.onEdit("value", path);
      } : undefined,
      onchange,
    });
    input.value = value === undefined || value === null ? "" : String(value);
    return h("label", { class: "field" }, h("span", { class: "caption" }, caption), input);
  }

  /** A choice of one among `options` (`[{ id, label }]`), with "(none)" when `none` is given. */
  select(path, caption, value, options, set, { label, none } = {}) {
    const el = h("select", {
      "aria-label": label || caption,
      dataset: { path },
      onchange: (e) => {
        set(e.target.value === "" ? undefined : e.target.value);
        this.onEdit("value", path);
      },
    },
    none ? h("option", { value: "" }, none) : null,
    options.map((o) => h("option", { value: o.id, selected: o.id === value }, o.label)));
    if (value === undefined || value === null) el.value = "";
    return h("label", { class: "field" }, h("span", { class: "caption" }, caption), el);
  }

  /** Checkboxes for a list of ids; `set(list)` with the ticked ids in `options` order. */
  choices(path, caption, options, chosen, set, label) {
    const ticked = new Set(Array.isArray(chosen) ? chosen : []);
    const box = h("fieldset", { class: "choices", dataset: { path } }, h("legend", {}, caption));
    for (const o of options) {
      box.append(h("label", { class: "choice" },
        h("input", {
          type: "checkbox",
          value: o.id,
          checked: ticked.has(o.id),
          "aria-label": `${label}: ${o.label}`,
          onchange: (e) => {
            const now = [...box.querySelectorAll("input[type=checkbox]")].filter((b) => b.checked).map((b) => b.value);
            set(now);
            this.onEdit("structure", undefined, `${e.target.checked ? "tick" : "untick"} ${o.label} in ${label}`);
          },
        }), ` ${o.label}`));
    }
    return box;
  }

  removeButton(what, onclick) {
    return h("button", { type: "button", class: "remove", title: what, "aria-label": what, onclick }, "\u00d7");
  }

  /** Removes entry `k` of the list `key` (the key goes when the list is empty). */
  removeAt(key, k, what, focusPath) {
    const list = this.items(key);
    list.splice(k, 1);
    if (list.length === 0) delete this.doc[key];
    this.structure(`remove ${what}`, focusPath);
  }

  // ---- Questions ----------------------------------------------------------------------------

  questionsPart() {
    const qs = this.items("question");
    return h("div", { class: "part", id: "questions-editor" },
      h("h3", {}, "Questions"),
      h("p", { class: "hint" }, "What the scenario is meant to answer: every run answers each question with each model. The condition says which forecasts count as yes."),
      qs.map((q, k) => this.questionCard(q, k)),
      h("button", { type: "button", id: "add-question", onclick: () => this.addQuestion() }, "+ Question"));
  }

  questionCard(q, k) {
    const p = `question[${k}]`;
    const n = `question ${k + 1}`;
    return h("div", { class: "card", dataset: { path: p, question: q.id } },
      h("div", { class: "row" },
        this.field(`${p}.id`, "Id", q.id, (t) => (q.id = t), { cls: "id", label: `Id of ${n}` }),
        this.field(`${p}.text`, "Question", q.text, (t) => (q.text = t), { label: `Text of ${n}` }),
        this.removeButton(`Remove question ${q.id}`, () => this.removeAt("question", k, `question ${q.id}`, "add-question"))),
      this.conditionBuilder(q, k),
      this.choices(`${p}.issues`, "Issues it is about", this.options("issue", q.issues), q.issues, (list) => setList(q, "issues", list), `Issues of ${n}`),
      this.choices(`${p}.actors`, "Actors whose gains it compares", this.options("actor", q.actors), q.actors, (list) => setList(q, "actors", list), `Actors of ${n}`),
      h("div", { class: "row" },
        this.select(`${p}.linkage`, "Linkage", q.linkage, this.options("linkage", q.linkage), (v) => setOptional(q, "linkage", v), { label: `Linkage of ${n}`, none: "(none)" }),
        this.field(`${p}.note`, "Note", q.note, (t) => setOptional(q, "note", t), { label: `Note of ${n}` })));
  }

  addQuestion() {
    const qs = this.doc.question = this.items("question");
    const id = freshId("question_", qs.map((q) => q.id));
    qs.push({ id, text: "What happens?" });
    this.structure(`add question ${id}`, `question[${qs.length - 1}].text`);
  }

  /** The condition as rows of `issue OP number` joined by and / or, with the condition in
   * words under them; a text field when the condition is not in that form. */
  conditionBuilder(q, k) {
    const p = `question[${k}].condition`;
    const items = parseCondition(q.condition);
    const box = h("fieldset", { class: "condition", dataset: { path: p } }, h("legend", {}, "Condition (which forecasts count as yes)"));
    if (items === null) {
      box.append(
        this.field(p, "Condition", q.condition, (t) => setOptional(q, "condition", t.trim()), { label: `Condition of question ${k + 1}` }),
        h("p", { class: "hint" }, "Written as issue ids compared with numbers (<, <=, >, >=), joined by and / or; the builder returns once the text reads so."));
      return box;
    }
    const words = h("p", { class: "condition-words", "aria-live": "polite" });
    const code = h("code", { class: "condition-text" });
    // Shows the condition in words and as text; `update` also writes it to the document.
    const show = () => {
      words.textContent = items.length ? `Yes when ${conditionInWords(items, (id) => this.issueName(id))}.` : "No condition: the question is answered by gains only.";
      code.textContent = items.length ? conditionText(items) : "";
    };
    const update = () => {
      setOptional(q, "condition", conditionText(items));
      show();
    };
    items.forEach((c, n) => box.append(this.comparisonRow(q, k, items, n, update)));
    box.append(
      h("div", { class: "row" },
        h("button", {
          type: "button",
          class: "add-comparison",
          dataset: { path: `${p}.add` },
          "aria-label": `Add a comparison to the condition of question ${k + 1}`,
          onclick: () => {
            const issue = (Array.isArray(q.issues) && q.issues[0]) || ((this.doc.issue || [])[0] || {}).id || "";
            items.push({ join: items.length ? "and" : null, issue, op: ">=", value: "50" });
            update();
            this.structure(`add a comparison to question ${q.id}`, `${p}[${items.length - 1}].issue`);
          },
        }, "+ Comparison")),
      words,
      code);
    show();
    return box;
  }

  comparisonRow(q, k, items, n, update) {
    const c = items[n];
    const p = `question[${k}].condition[${n}]`;
    const which = `comparison ${n + 1} of question ${k + 1}`;
    const edited = (part) => () => {
      update();
      this.onEdit("value", `${p}.${part}`);
    };
    const select = (part, options, label) => h("select", {
      "aria-label": label,
      dataset: { path: `${p}.${part}` },
      onchange: (e) => {
        c[part] = e.target.value;
        edited(part)();
      },
    }, options.map(([value, caption]) => h("option", { value, selected: value === c[part] }, caption)));
    const value = h("input", {
      type: "text",
      class: "num",
      inputmode: "decimal",
      "aria-label": `Number of ${which}`,
      dataset: { path: `${p}.value` },
      oninput: (e) => {
        c.value = e.target.value.trim();
        edited("value")();
      },
    });
    value.value = c.value;
    return h("div", { class: "row comparison", dataset: { comparison: String(n) } },
      n > 0 ? select("join", [["and", "and"], ["or", "or"]], `How ${which} joins the one before`) : h("span", { class: "join" }, "When"),
      select("issue", this.options("issue", c.issue).map((o) => [o.id, o.label]), `Issue of ${which}`),
      select("op", OPS.map(([o, w]) => [o, `${w} (${o})`]), `Comparison of ${which}`),
      value,
      this.removeButton(`Remove ${which}`, () => {
        items.splice(n, 1);
        if (items.length) items[0].join = null;
        update();
        this.structure(`remove ${which}`, items.length ? `${p.replace(/\[\d+\]$/, "")}[${Math.max(0, n - 1)}].issue` : `question[${k}].condition.add`);
      }));
  }

  // ---- Linkages -----------------------------------------------------------------------------

  linkagesPart() {
    const ls = this.items("linkage");
    return h("div", { class: "part", id: "linkages-editor" },
      h("h3", {}, "Linkages"),
      h("p", { class: "hint" }, "Groups of issues that may be traded against each other (a grand bargain): the bargain and the exchange model use them."),
      ls.map((l, k) => {
        const p = `linkage[${k}]`;
        const n = `linkage ${k + 1}`;
        return h("div", { class: "card", dataset: { path: p, linkage: l.id } },
          h("div", { class: "row" },
            this.field(`${p}.id`, "Id", l.id, null, { cls: "id", label: `Id of ${n}`, onchange: (e) => this.renameLinkage(k, e.target.value.trim()) }),
            this.field(`${p}.name`, "Name", l.name, (t) => (l.name = t), { label: `Name of ${n}` }),
            this.removeButton(`Remove linkage ${l.id}`, () => this.removeLinkage(k))),
          this.choices(`${p}.issues`, "Issues traded (at least two)", this.options("issue", l.issues), l.issues, (list) => (l.issues = list), `Issues of ${n}`),
          this.field(`${p}.note`, "Note", l.note, (t) => setOptional(l, "note", t), { label: `Note of ${n}` }));
      }),
      h("button", { type: "button", id: "add-linkage", onclick: () => this.addLinkage() }, "+ Linkage"));
  }

  addLinkage() {
    const ls = this.doc.linkage = this.items("linkage");
    const id = freshId("linkage_", ls.map((l) => l.id));
    ls.push({ id, name: `New linkage ${id.slice(8)}`, issues: (this.doc.issue || []).slice(0, 2).map((x) => x.id) });
    this.structure(`add linkage ${id}`, `linkage[${ls.length - 1}].name`);
  }

  /** Renames a linkage and the questions that name it. */
  renameLinkage(k, to) {
    const l = this.items("linkage")[k];
    const from = l.id;
    if (!to || to === from) return;
    l.id = to;
    for (const q of this.items("question")) if (q.linkage === from) q.linkage = to;
    this.structure(`rename linkage ${from} to ${to}`, `linkage[${k}].id`);
  }

  /** Removes a linkage; questions about it lose their reference to it. */
  removeLinkage(k) {
    const id = this.items("linkage")[k].id;
    for (const q of this.items("question")) if (q.linkage === id) delete q.linkage;
    this.removeAt("linkage", k, `linkage ${id}`, "add-linkage");
  }

  // ---- Mediator -----------------------------------------------------------------------------

  mediatorPart() {
    const m = this.doc.mediator;
    const part = h("div", { class: "part", id: "mediator-editor" },
      h("h3", {}, "Mediator"),
      h("p", { class: "hint" }, "An actor who brokers some issues between the parties; bias 0 = an honest broker proposing the parties' bargain, 1 = it proposes its own position."));
    if (!isTable(m)) {
      part.append(h("p", {}, "No mediator."),
        h("button", { type: "button", id: "add-mediator", onclick: () => this.addMediator() }, "+ Mediator"));
      return part;
    }
    const byDefault = m.parties === undefined;
    const bias = ["value", "low", "high"].map((which) => this.field(`mediator.bias.${which}`,
      which === "value" ? "Bias" : which,
      estimatePart(m, "bias", which),
      (t) => {
        if (which === "value" && parseCell(t) === undefined && !isTable(m.bias)) delete m.bias;
        else setEstimatePart(m, "bias", which, parseCell(t));
      },
      { cls: which === "value" ? "num" : "num range", numeric: true, label: which === "value" ? "Mediator bias, 0-1" : `Mediator bias, ${which} end of range`, placeholder: which === "value" ? "0-1" : which }));
    part.append(h("div", { class: "card", dataset: { path: "mediator" } },
      h("div", { class: "row" },
        this.select("mediator.actor", "Mediator", m.actor, this.options("actor", m.actor), (v) => setOptional(m, "actor", v), { label: "Mediating actor" }),
        bias,
        this.removeButton("Remove the mediator", () => {
          delete this.doc.mediator;
          this.structure("remove the mediator", "add-mediator");
        })),
      this.choices("mediator.issues", "Issues it brokers", this.options("issue", m.issues), m.issues, (list) => (m.issues = list), "Issues the mediator brokers"),
      h("label", { class: "choice" },
        h("input", {
          type: "checkbox",
          checked: byDefault,
          dataset: { path: "mediator.parties.default" },
          "aria-label": "Parties: every actor involved in these issues except the mediator",
          onchange: (e) => {
            if (e.target.checked) delete m.parties;
            else m.parties = (this.doc.actor || []).filter((a) => a.id !== m.actor && (m.issues || []).some((i) => isTable(a.stance) && isTable(a.stance[i]))).map((a) => a.id);
            this.structure(e.target.checked ? "mediate between every involved actor" : "choose the mediator's parties", "mediator.parties.default");
          },
        }), " Parties: every actor involved in these issues except the mediator"),
      byDefault ? null : this.choices("mediator.parties", "Parties", this.options("actor", m.parties), m.parties, (list) => (m.parties = list), "Parties of the mediation"),
      this.field("mediator.note", "Note", m.note, (t) => setOptional(m, "note", t), { label: "Note on the mediator" })));
    return part;
  }

  addMediator() {
    const actors = this.doc.actor || [];
    const issues = this.doc.issue || [];
    this.doc.mediator = { actor: actors.length ? actors[0].id : "", issues: issues.slice(0, 1).map((x) => x.id) };
    this.structure("add a mediator", "mediator.actor");
  }

  // ---- What-ifs -----------------------------------------------------------------------------

  whatIfsPart() {
    const ws = this.items("what_if");
    return h("div", { class: "part", id: "what-ifs-editor" },
      h("h3", {}, "Named what-ifs"),
      h("p", { class: "hint" }, "Interventions on top of the scenario, offered by Run and Compare: edits one a line, e.g. usa.ukraine_aid.salience *= 0.5, rus.capability += 10, iran_nuclear.status_quo = 30, remove actor isr, remove mediator."),
      ws.map((w, k) => {
        const p = `what_if[${k}]`;
        const n = `what-if ${k + 1}`;
        return h("div", { class: "card", dataset: { path: p, whatIf: w.id } },
          h("div", { class: "row" },
            this.field(`${p}.id`, "Id", w.id, (t) => (w.id = t), { cls: "id", label: `Id of ${n}` }),
            this.field(`${p}.name`, "Name", w.name, (t) => (w.name = t), { label: `Name of ${n}` }),
            this.removeButton(`Remove what-if ${w.id}`, () => this.removeAt("what_if", k, `what-if ${w.id}`, "add-what-if"))),
          this.field(`${p}.edits`, "Edits, one a line", Array.isArray(w.edits) ? w.edits.join("\n") : "", (t) => {
            w.edits = t.split("\n").map((x) => x.trim()).filter(Boolean);
          }, { multiline: true, cls: "edits", label: `Edits of ${n}, one a line` }),
          this.field(`${p}.note`, "Note", w.note, (t) => setOptional(w, "note", t), { label: `Note of ${n}` }));
      }),
      h("button", { type: "button", id: "add-what-if", onclick: () => this.addWhatIf() }, "+ What-if"));
  }

  addWhatIf() {
    const ws = this.doc.what_if = this.items("what_if");
    const id = freshId("what_if_", ws.map((w) => w.id));
    ws.push({ id, name: `New what-if ${id.slice(8)}`, edits: [] });
    this.structure(`add what-if ${id}`, `what_if[${ws.length - 1}].edits`);
  }

  // ---- Evidence -----------------------------------------------------------------------------

  /** Every number of the scenario, and each issue and actor as a whole: `{ path, label,
   * holder, key }`, the evidence being that of `holder[key]`. */
  numbers() {
    const out = [];
    (this.doc.issue || []).forEach((issue, j) => {
      out.push({ path: `issue[${j}]`, label: `${this.issueName(issue.id)}: the issue as a whole`, holder: this.doc.issue, key: j });
      if (issue.status_quo !== undefined) out.push({ path: `issue[${j}].status_quo`, label: `Status quo of ${this.issueName(issue.id)}`, holder: issue, key: "status_quo" });
    });
    (this.doc.actor || []).forEach((actor, i) => {
      const who = actor.name || actor.id;
      out.push({ path: `actor[${i}]`, label: `${who}: the actor as a whole`, holder: this.doc.actor, key: i });
      out.push({ path: `actor[${i}].capability`, label: `${who}: capability`, holder: actor, key: "capability" });
      if (actor.risk !== undefined) out.push({ path: `actor[${i}].risk`, label: `${who}: risk`, holder: actor, key: "risk" });
      for (const [issue, stance] of Object.entries(isTable(actor.stance) ? actor.stance : {})) {
        if (!isTable(stance)) continue;
        for (const key of ["position", "salience"]) {
          out.push({ path: `actor[${i}].stance.${issue}.${key}`, label: `${who}: ${key} on ${this.issueName(issue)}`, holder: stance, key });
        }
      }
    });
    if (isTable(this.doc.mediator) && this.doc.mediator.bias !== undefined) {
      out.push({ path: "mediator.bias", label: `Mediator bias (${this.actorName(this.doc.mediator.actor)})`, holder: this.doc.mediator, key: "bias" });
    }
    return out;
  }

  sources() {
    const s = this.doc.scenario;
    return isTable(s) && isTable(s.sources) ? s.sources : {};
  }

  evidencePart() {
    const rows = this.numbers();
    const noted = rows.filter((r) => estimatePart(r.holder, r.key, "note")).length;
    const sourceIds = Object.keys(this.sources());
    const details = h("details", {
      class: "part evidence",
      id: "evidence-editor",
      open: this.evidenceOpen,
      ontoggle: (e) => (this.evidenceOpen = e.target.open),
    },
    h("summary", {}, `Evidence: each number's note and source (${noted} of ${rows.length} numbers have a note)`),
    this.sourcesTable(),
    h("div", { class: "scroll" },
      h("table", { class: "evidence" },
        h("caption", {}, "Evidence for each number"),
        h("thead", {}, h("tr", {}, ["Number", "Note", "Source", "Sentence"].map((c) => h("th", {}, c)))),
        h("tbody", {}, rows.map((r) => this.evidenceRow(r, sourceIds))))));
    return details;
  }

  evidenceRow({ path, label, holder, key }, sourceIds) {
    const part = (which) => estimatePart(holder, key, which);
    const set = (which, v) => setEstimatePart(holder, key, which, v);
    const source = part("source");
    const options = [...sourceIds];
    if (typeof source === "string" && source !== "" && !options.includes(source)) options.push(source);
    const note = h("input", {
      type: "text", class: "note", spellcheck: "false",
      "aria-label": `Evidence note for ${label}`,
      dataset: { path: `${path}.note` },
      oninput: (e) => {
        set("note", e.target.value === "" ? undefined : e.target.value);
        this.onEdit("value", `${path}.note`);
      },
    });
    note.value = part("note") === undefined ? "" : String(part("note"));
    const pick = h("select", {
      "aria-label": `Source of ${label}`,
      dataset: { path: `${path}.source` },
      onchange: (e) => {
        set("source", e.target.value === "" ? undefined : e.target.value);
        this.onEdit("value", `${path}.source`);
      },
    },
    h("option", { value: "" }, sourceIds.length === 1 ? `(the one source)` : "(none)"),
    options.map((id) => h("option", { value: id, selected: id === source }, sourceIds.includes(id) ? id : `${id} (not a source)`)));
    const sentence = h("input", {
      type: "text", class: "num", inputmode: "numeric",
      "aria-label": `Sentence number in the source of ${label}`,
      dataset: { path: `${path}.sentence` },
      oninput: (e) => {
        set("sentence", parseCell(e.target.value));
        this.onEdit("value", `${path}.sentence`);
      },
    });
    sentence.value = part("sentence") === undefined ? "" : String(part("sentence"));
    return h("tr", { dataset: { path } }, h("td", {}, label), h("td", {}, note), h("td", {}, pick), h("td", {}, sentence));
  }

  /** The scenario's sources: id = file or URL. */
  sourcesTable() {
    const sources = this.sources();
    const rows = Object.entries(sources).map(([id, where], n) => h("tr", { dataset: { path: `scenario.sources.${id}` } },
      h("td", {}, this.input(`scenario.sources#${n}.id`, id, `Id of source ${n + 1}`, "id", null, (e) => this.renameSource(id, e.target.value.trim(), n))),
      h("td", {}, this.input(`scenario.sources.${id}`, where, `File or URL of source ${id}`, "wide", (t) => (sources[id] = t))),
      h("td", {}, this.removeButton(`Remove source ${id}`, () => {
        delete sources[id];
        if (Object.keys(sources).length === 0) delete this.doc.scenario.sources;
        this.structure(`remove source ${id}`, "add-source");
      }))));
    return h("div", { class: "sources" },
      h("table", { class: "sources" }, h("caption", {}, "Sources"),
        h("thead", {}, h("tr", {}, ["Id", "File or URL", ""].map((c) => h("th", {}, c)))),
        h("tbody", {}, rows)),
      h("button", { type: "button", id: "add-source", onclick: () => this.addSource() }, "+ Source"));
  }

  input(path, value, label, cls, set, onchange) {
    const el = h("input", {
      type: "text", class: cls, spellcheck: "false", "aria-label": label, dataset: { path },
      oninput: set ? (e) => {
        set(e.target.value);
        this.onEdit("value", path);
      } : undefined,
      onchange,
    });
    el.value = value;
    return el;
  }

  addSource() {
    if (!isTable(this.doc.scenario)) this.doc.scenario = { name: "" };
    const sources = this.doc.scenario.sources = this.sources();
    const id = freshId("source_", Object.keys(sources));
    sources[id] = "";
    this.evidenceOpen = true;
    this.structure(`add source ${id}`, `scenario.sources.${id}`);
  }

  /** Renames a source, in the sources and in every number and table that cites it. */
  renameSource(from, to, n) {
    if (!to || to === from) return;
    const sources = this.sources();
    this.doc.scenario.sources = Object.fromEntries(Object.entries(sources).map(([k, v]) => [k === from ? to : k, v]));
    const walk = (v) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (isTable(v)) {
        if (v.source === from) v.source = to;
        Object.values(v).forEach(walk);
      }
    };
    for (const key of ["issue", "actor", "context", "linkage", "mediator", "question", "what_if"]) walk(this.doc[key]);
    this.structure(`rename source ${from} to ${to}`, `scenario.sources#${n}.id`);
  }
}

function setList(holder, key, list) {
  if (list.length) holder[key] = list;
  else delete holder[key];
}
