// The "Draft from article" panel: an article's text to the news reader (`POST /api/extract`,
// as `parley extract`), its proposals shown with the sentences they came from, and the draft
// scenario handed to the editor. The reader invents no numbers: the draft's "TODO" placeholders
// stay text in the editor, where validation lists each one.

import { post } from "./api.js";
import { h, fill, showError, clearError, table } from "./dom.js";

/** The cell of the sentence numbered `n` (1-based) of the report, as "s3: text". */
function sentence(report, n) {
  const s = report.sentences.find((x) => x.n === n);
  return h("td", { class: "evidence" }, h("span", { class: "sub" }, `s${n}: `), s ? s.text : "");
}

/** The flags a relation or stance carries, in words ("possible: could; says Bloomberg News"). */
function modality(m) {
  const words = [];
  if (m.confidence !== "asserted") words.push(`${m.confidence}${m.hedges && m.hedges.length ? `: ${m.hedges.join(", ")}` : ""}`);
  if (m.negated) words.push("negated");
  if (m.question) words.push("asked");
  if (m.historical) words.push("background");
  if (m.tense === "future") words.push("intended");
  if (m.attribution && m.attribution.by !== "author") words.push(`says ${m.attribution.by}`);
  return words.join("; ");
}

function ids(list) {
  return list && list.length ? list.join(", ") : "-";
}

/** The reader's proposals, each with its evidence sentence. */
export function proposals(report) {
  const actors = report.actors.length
    ? table(["Actor", "Kind", "Code", "First named in"],
      report.actors.map((a) => [`${a.name} (${a.id})`, a.kind.replace("_", " "), a.code, a.mentions.length ? sentence(report, a.mentions[0]) : "-"]))
    : h("p", {}, "No actor found.");
  const relations = report.relations.length
    ? table(["Relation", "From", "To", "How sure, who says", "Sentence"],
      report.relations.map((r) => [h("td", {}, r.type, h("span", { class: "sub" }, ` "${r.trigger}"`)), ids(r.source), ids(r.target), modality(r), sentence(report, r.sentence)]))
    : h("p", {}, "No relation found.");
  const issues = report.issues.length
    ? table(["Issue", "Low end (0)", "High end (100)", "Named in"],
      report.issues.map((i) => [`${i.name} (${i.id})`, i.low, i.high, i.sentences.length ? sentence(report, i.sentences[0]) : "-"]))
    : h("p", {}, "No issue found: the draft has none (add them in the editor).");
  const stances = report.stances.length
    ? table(["Actor", "Issue", "Leans toward", "Cue", "How sure, who says", "Sentence"],
      report.stances.map((s) => [s.actor, s.issue, `${s.direction} (${s.toward})`, s.cue, modality(s), sentence(report, s.sentence)]))
    : h("p", {}, "No stance found.");
  return h("div", { class: "extraction" },
    h("p", {}, `${report.sentences.length} sentences read (offices as of ${report.date_used}).`),
    h("h3", {}, "Actors"), actors,
    h("h3", {}, "Relations"), relations,
    h("h3", {}, "Issues"), issues,
    h("h3", {}, "Stances"), stances,
    report.notes.length ? [h("h3", {}, "Notes"), h("ul", {}, report.notes.map((n) => h("li", {}, n)))] : null,
    h("details", {}, h("summary", {}, "The draft scenario (TOML)"), h("pre", { class: "draft-toml" }, report.toml)));
}

/** The panel; `onLoad(toml)` opens the draft in the editor. */
export class ExtractPanel {
  constructor({ text, date, start, load, error, result, onLoad }) {
    Object.assign(this, { text, date, start, load, error, result, onLoad });
    this.draft = null;
  }

  wire() {
    this.start.addEventListener("click", () => this.read());
    this.load.addEventListener("click", () => {
      if (this.draft !== null) this.onLoad(this.draft);
    });
  }

  async read() {
    clearError(this.error);
    const body = { text: this.text.value };
    const date = this.date.value.trim();
    if (date) body.date = date;
    const label = this.start.textContent;
    this.start.disabled = true;
    this.start.textContent = `${label}: working...`;
    try {
      const report = await post("/api/extract", body);
      this.draft = report.toml;
      this.load.disabled = false;
      fill(this.result, proposals(report));
    } catch (e) {
      this.draft = null;
      this.load.disabled = true;
      this.result.replaceChildren();
      showError(this.error, e);
    } finally {
      this.start.disabled = false;
      this.start.textContent = label;
    }
  }
}
