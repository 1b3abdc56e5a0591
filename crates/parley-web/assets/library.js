// The library panel: saves versions of the scenario to the library database (the one
// `parley library` uses), lists the stored scenarios and their versions, opens a version,
// shows what changed between two, and autosaves the working copy there.

import { get, post } from "./api.js";
import { h, fill } from "./dom.js";

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
