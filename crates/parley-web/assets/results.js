// Results: tables from the API's JSON and the charts it returns as SVG (drawn by the server
// with parley-report, the same charts as the report). The page only makes the SVG interactive:
// hovering an actor highlights it in every chart and table, and the rounds chart can be
// stepped through round by round.

import { h, fill, num, signed, pct, table, numCell, onScale, given, scaleDecimals } from "./dom.js";
import { parseCondition, conditionInWords } from "./parts.js";

/** Puts a server-drawn SVG chart into `el` (or the reason it could not be drawn). */
export function putChart(el, svg, unavailable) {
  if (typeof svg === "string") {
    el.innerHTML = svg;
  } else {
    fill(el, h("p", { class: "hint" }, unavailable ? `No chart: ${unavailable}` : ""));
  }
}

/** Highlights one actor everywhere (charts and tables), or clears the highlight. */
export function highlight(actor) {
  document.body.classList.toggle("hovering", Boolean(actor));
  for (const el of document.querySelectorAll(".hl")) el.classList.remove("hl");
  if (!actor) return;
  for (const el of document.querySelectorAll(`[data-actor="${CSS.escape(actor)}"]`)) el.classList.add("hl");
}

/** Wires hover highlighting once for the whole page. */
export function wireHover() {
  document.addEventListener("mouseover", (e) => {
    const target = e.target instanceof Element ? e.target.closest("[data-actor]") : null;
    const inside = target && (target.closest(".chart") || target.closest(".results table"));
    highlight(inside ? target.dataset.actor : null);
  });
}

/** A condition in words, with the issues' names; the text itself if it cannot be read. */
function conditionWords(analysis, condition) {
  const items = parseCondition(condition);
  return items && items.length ? conditionInWords(items, (id) => issueName(analysis, id)) : condition;
}

function issueName(analysis, id) {
  const issue = analysis.issues.find((i) => i.id === id);
  return issue ? issue.name : id;
}

/** Each issue's scale by id, from the last analysis shown: the Monte Carlo, sensitivity,
 * bargain and advice answers carry values but not the scales they are on. */
const scales = {};

function learnScales(analysis) {
  for (const i of (analysis && analysis.issues) || []) scales[i.id] = i.scale;
}

/** A value on issue `id`'s scale with the decimals the CLI and the report give it (0.0351
 * on [0, 0.05], not 0.0); one decimal for an issue whose scale is unknown. */
function val(id, x) {
  return onScale(x, scales[id]);
}

/** Half a unit of the last decimal shown on issue `id`: a smaller move reads as none. */
function visibleMove(id) {
  return 0.5 * 10 ** -(scales[id] ? scaleDecimals(scales[id]) : 1);
}

/** The interval of `model`'s forecast of `issue` with model error, as "lo-hi", if known. */
function interval(analysis, model, issue) {
  const iv = analysis.model_error && analysis.model_error.intervals[model] && analysis.model_error.intervals[model][issue];
  return iv ? `${val(issue, iv[0])}-${val(issue, iv[1])}` : null;
}

/** The forecast table: issues x models, with the status quo and the scale. */
export function forecastTable(analysis) {
  learnScales(analysis);
  const models = analysis.models;
  const head = ["Issue", "Scale", "Status quo", ...models.map((m) => h("th", { title: m.name, class: "num" }, m.model))];
  const rows = analysis.issues.map((issue) => ({
    attrs: { dataset: { issue: issue.id } },
    cells: [
      h("td", {}, h("div", {}, issue.name), h("div", { class: "sub" }, issue.id)),
      h("td", { class: "sub" }, `${given(issue.scale[0], issue.scale)}-${given(issue.scale[1], issue.scale)}`),
      numCell(val(issue.id, issue.status_quo)),
      models.map((m) => {
        const status = m.status[issue.id] || {};
        const noZone = status.kind === "no_agreement_zone";
        const bystanders = status.kind === "bystanders";
        const mark = noZone ? " *" : bystanders ? " §" : "";
        return numCell(`${val(issue.id, m.forecast[issue.id])}${mark}`, {
          dataset: { model: m.model, issue: issue.id, forecast: "" },
          title: noZone ? "No agreement zone: the status quo stands"
            : status.kind === "no_salience" ? "No involved actor gives the issue salience"
            : bystanders ? `Also bargains toward ${status.actors.join(", ")}, who take part in no issue (docs/models/smp.md)`
            : undefined,
        });
      }),
    ],
  }));
  const skipped = (analysis.skipped || []).map((s) => h("li", {}, `${s.model}: ${s.reason}`));
  const me = analysis.model_error;
  return h("div", {},
    table(head, rows, { class: "forecasts", id: "forecast-values" }),
    h("p", { class: "hint" }, "* no agreement zone (NBS): the status quo stands. § the spatial model also bargains toward actors who take part in no issue (hover for who)."),
    me ? h("div", { class: "model-error" },
      h("h4", {}, `${Math.round(me.level * 100)}% intervals with each model's measured error`),
      table(["Issue", ...models.map((m) => h("th", { class: "num" }, m.model))],
        analysis.issues.map((issue) => ({
          attrs: { dataset: { issue: issue.id } },
          cells: [issue.id, ...models.map((m) => numCell(interval(analysis, m.model, issue.id) || "–", { dataset: { model: m.model, interval: "" } }))],
        })), { class: "intervals", id: "forecast-intervals" }),
      h("p", { class: "hint", id: "model-error-note" }, `Where a real outcome fell relative to this model's forecast on ${me.model_error.source} (${me.model_error.origin}). Carrying it to a negotiation of another kind is an assumption.`)) : null,
    skipped.length ? h("ul", { class: "hint" }, skipped) : null);
}

/** A condition's odds under `model` with model error, or a dash where it has none. */
function withError(c, model) {
  const p = c.with_model_error ? c.with_model_error[model] : undefined;
  return p === undefined ? "–" : pct(p);
}

/** Scenario questions with each model's answer (and Monte Carlo odds when given). */
export function questions(analysis, mc) {
  if (!analysis.questions.length) return h("p", { class: "hint" }, "The scenario asks no questions.");
  return h("div", {}, analysis.questions.map((q) => {
    const odds = mc ? mc.conditions.find((c) => c.source === q.id) : null;
    const deals = mc ? mc.deals.filter((d) => d.question === q.id) : [];
    const head = ["Model", ...q.issues.map((i) => h("th", { class: "num", title: issueName(analysis, i) }, i)),
      ...(q.condition ? [h("th", {}, "Holds?")] : []),
      ...(odds ? [h("th", { class: "num", title: "Input draws plus each model's measured error" }, "P(holds) with model error"), h("th", { class: "num" }, "P(holds), inputs only")] : []),
      ...q.actors.map((a) => h("th", { class: "num", dataset: { actor: a } }, `gain ${a}`))];
    const rows = q.answers.map((a) => [
      a.model,
      q.issues.map((i) => numCell(val(i, a.forecast[i]))),
      q.condition ? h("td", { class: a.holds ? "yes" : "no" }, a.holds ? "yes" : "no") : null,
      odds ? numCell(withError(odds, a.model)) : null,
      odds ? numCell(pct(odds.probability[a.model])) : null,
      q.actors.map((act) => numCell(signed(a.gains[act]), { dataset: { actor: act } })),
    ].flat().filter((c) => c !== null));
    return h("div", { class: "question", dataset: { question: q.id } },
      h("h4", {}, q.text),
      q.condition ? h("p", { class: "sub condition" }, `Yes when ${conditionWords(analysis, q.condition)} (`, h("code", {}, q.condition), ")") : null,
      q.linkage ? h("p", { class: "sub" }, `Linkage: ${q.linkage}`) : null,
      table(head, rows),
      deals.length ? h("p", {}, deals.map((d) => `${d.a} and ${d.b} have a deal on ${d.linkage} in ${pct(d.probability)} of runs. `)) : null);
  }));
}

/** Round-by-round positions of the iterative models, stepped through with a slider. */
export class Rounds {
  constructor({ select, step, play, label, chart, tableEl }) {
    Object.assign(this, { select, step, play, label, chart, tableEl });
    this.timer = null;
    select.addEventListener("change", () => this.show(select.value, 0));
    step.addEventListener("input", () => this.round(Number(step.value)));
    play.addEventListener("click", () => this.toggle());
  }

  /** Takes a run's analysis and its charts. */
  load(analysis, charts) {
    this.stop();
    this.analysis = analysis;
    this.charts = charts || {};
    const iterative = analysis.models.filter((m) => Array.isArray(m.rounds));
    fill(this.select, iterative.map((m) => h("option", { value: m.model }, m.name)));
    this.select.disabled = iterative.length === 0;
    if (iterative.length === 0) {
      fill(this.chart, h("p", { class: "hint" }, "None of the models that ran proceeds in rounds (eum, exchange and smp do)."));
      fill(this.tableEl);
      this.step.max = 0;
      this.label.textContent = "";
      return;
    }
    this.show(iterative[0].model, null);
  }

  show(model, round) {
    this.stop();
    this.model = this.analysis.models.find((m) => m.model === model);
    const rounds = this.charts.rounds || {};
    const unavailable = ((this.charts.unavailable || {}).rounds || {})[model];
    putChart(this.chart, rounds[model], unavailable);
    const last = this.model.rounds.length - 1;
    this.step.max = String(last);
    this.round(round === null ? last : round);
  }

  /** Shows round `k`: its positions in the table, later rounds faded in the chart. */
  round(k) {
    this.step.value = String(k);
    const run = this.model;
    const last = run.rounds.length - 1;
    const stop = run.stop ? ` (${run.stop.kind === "converged" ? "converged" : "stopped at the round limit"} after ${run.stop.rounds})` : "";
    // SMP's rounds are its turns (KTAB's word); the other models play rounds.
    const unit = run.model === "smp" ? "turn" : "round";
    this.label.textContent = `${unit} ${k} of ${last}${k === last ? stop : ""}`;
    // Each mark of an actor's series names its round (an actor may lack some rounds).
    for (const c of this.chart.querySelectorAll("g.series.actor circle[data-round]")) {
      const r = Number(c.dataset.round);
      c.classList.toggle("future", r > k);
      c.classList.toggle("current", r === k);
    }
    const state = run.rounds[k];
    const issues = this.analysis.issues;
    const rows = this.analysis.actors.map((a) => {
      const p = state.positions[a.id];
      const cells = issues.map((i) => {
        const v = typeof p === "number" ? p : p ? p[i.id] : undefined;
        const start = run.rounds[0].positions[a.id];
        const v0 = typeof start === "number" ? start : start ? start[i.id] : undefined;
        const moved = typeof v === "number" && typeof v0 === "number" && Math.abs(v - v0) > visibleMove(i.id);
        return numCell(v === undefined ? "" : val(i.id, v), { class: moved ? "num moved" : "num" });
      });
      return { attrs: { dataset: { actor: a.id } }, cells: [a.id, ...cells] };
    });
    rows.push({ attrs: { class: "outcome" }, cells: ["outcome", ...issues.map((i) => numCell(val(i.id, state.forecast[i.id])))] });
    fill(this.tableEl, table(["Actor", ...issues.map((i) => h("th", { class: "num", title: i.name }, i.id))], rows, { class: "rounds" }));
  }

  toggle() {
    if (this.timer) return this.stop();
    if (!this.model) return;
    const last = this.model.rounds.length - 1;
    let k = Number(this.step.value) >= last ? 0 : Number(this.step.value);
    this.round(k);
    this.play.textContent = "Pause";
    this.timer = setInterval(() => {
      k += 1;
      this.round(Math.min(k, last));
      if (k >= last) this.stop();
    }, 700);
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.play.textContent = "Play";
  }
}

/** Monte Carlo bands: per model and issue, 5%, median and 95%, beside the chart. */
export function monteCarlo(mc, charts) {
  const issues = mc.models.length ? Object.keys(mc.models[0].issues) : [];
  const rows = mc.models.flatMap((m) => issues.map((i) => {
    const s = m.issues[i];
    return [m.model, i, numCell(val(i, s.p5)), numCell(val(i, s.median)), numCell(val(i, s.p95)), numCell(val(i, s.mean)), numCell(val(i, s.sd))];
  }));
  const conditions = mc.conditions.map((c) => [c.condition, c.source,
    h("td", {}, Object.keys(c.probability).map((m) => `${m} ${withError(c, m)}`).join(", ")),
    h("td", {}, Object.keys(c.probability).map((m) => `${m} ${pct(c.probability[m])}`).join(", "))]);
  const errRows = mc.models.flatMap((m) => Object.entries(m.with_model_error || {}).map(([i, s]) =>
    [m.model, i, numCell(val(i, s.p5)), numCell(val(i, s.median)), numCell(val(i, s.p95))]));
  const split = mc.variance ? Object.entries(mc.variance.issues).map(([i, v]) => [i, numCell(val(i, v.sd)),
    ...(v.shares ? [v.shares.input_ranges, v.shares.model_choice, v.shares.model_error].map((x) => numCell(pct(x))) : [h("td", { colspan: 3 }, "no variance")])]) : [];
  const chart = h("div", { class: "chart" });
  putChart(chart, charts ? charts.mc : undefined, charts && charts.unavailable ? charts.unavailable.mc : undefined);
  return h("div", { class: "mc" },
    h("h3", {}, `Monte Carlo: ${mc.runs} runs, seed ${mc.seed}, ${mc.uncertain_inputs} uncertain inputs`),
    chart,
    table(["Model", "Issue", h("th", { class: "num" }, "5%"), h("th", { class: "num" }, "median"), h("th", { class: "num" }, "95%"), h("th", { class: "num" }, "mean"), h("th", { class: "num" }, "sd")], rows, { class: "bands" }),
    errRows.length ? h("div", { class: "with-model-error" }, h("h4", {}, "With model error (input draws plus a draw of each model's measured error)"),
      table(["Model", "Issue", h("th", { class: "num" }, "5%"), h("th", { class: "num" }, "median"), h("th", { class: "num" }, "95%")], errRows, { class: "bands" })) : null,
    conditions.length ? h("div", {}, h("h4", {}, "Probability that each condition holds"), table(["Condition", "From", "With model error", "Inputs only"], conditions)) : null,
    mc.model_error ? h("p", { class: "hint" }, `Model error: ${mc.model_error.source} (${mc.model_error.origin}). Carrying it to a negotiation of another kind is an assumption.`) : null,
    split.length ? h("div", { class: "variance" }, h("h4", {}, `Where the uncertainty comes from (shares of variance; nested ${mc.variance.nesting.join(" > ")})`),
      table(["Issue", h("th", { class: "num" }, "SD"), h("th", { class: "num" }, "Input ranges"), h("th", { class: "num" }, "Model choice"), h("th", { class: "num" }, "Model error")], split)) : null,
    (mc.pairs || []).map(pairOutcomes));
}

/** How often pairs of actors end a run in each class (the expected utility model): per issue,
 * the pairs most often in the first class (conflict), with every class's share. */
function pairOutcomes(p) {
  const top = 5;
  const rows = Object.entries(p.issues).flatMap(([issue, pairs]) =>
    [...pairs].sort((x, y) => y.shares[p.classes[0]] - x.shares[p.classes[0]]).slice(0, top).map((pair) => ({
      attrs: { dataset: { issue } },
      cells: [issue, p.per_judge ? `${pair.a} judging ${pair.b}` : `${pair.a}-${pair.b}`, ...p.classes.map((c) => numCell(pct(pair.shares[c])))],
    })));
  return h("div", { class: "pairs", dataset: { model: p.model } },
    h("h4", {}, `Pair outcomes under ${p.model}: share of runs in each class (per issue, the ${top} pairs most often in ${p.classes[0]})`),
    table(["Issue", "Pair", ...p.classes.map((c) => h("th", { class: "num" }, c))], rows, { class: "pairs" }));
}

/** Sensitivity: a tornado chart per model (select), and the top inputs per forecast. */
export function sensitivity(result, charts) {
  const tornados = (charts && charts.sensitivity) || {};
  const models = Object.keys(tornados);
  const chart = h("div", { class: "chart" });
  const pick = h("select", { "aria-label": "Model of the tornado chart", onchange: (e) => putChart(chart, tornados[e.target.value]) },
    models.map((m) => h("option", { value: m }, m)));
  if (models.length) putChart(chart, tornados[models[0]]);
  const rows = result.forecasts.map((f) => [
    f.model, f.issue, numCell(val(f.issue, f.base)),
    f.inputs.slice(0, 3).map((x) => `${x.input} (${num(x.at_low)}..${num(x.at_high)}, ${pct(x.variance_share)})`).join("; "),
  ]);
  return h("div", { class: "sensitivity" },
    h("h3", {}, `Sensitivity (${result.runs} Monte Carlo runs for the variance shares)`),
    h("label", {}, "Tornado for ", pick),
    chart,
    table(["Model", "Issue", h("th", { class: "num" }, "Forecast"), "Inputs that move it most (forecast at low..high end, variance share)"], rows));
}

/** The grand bargain: gains chart, linkage trades and deals, mediation, questions with odds. */
export function bargain(result) {
  const { analysis, bargain: b, monte_carlo: mc, charts } = result;
  const chart = h("div", { class: "chart" });
  putChart(chart, charts ? charts.gains : undefined, charts && charts.unavailable ? charts.unavailable.gains : undefined);
  const linkages = b.linkages.map((l) => {
    const joint = analysis.linkages.find((x) => x.id === l.id);
    const deals = l.pairs.filter((p) => p.deal).map((p) => `${p.a}-${p.b}`);
    return h("div", { class: "linkage" },
      h("h4", {}, `${l.name} [${l.id}]`),
      h("p", {}, `Exchange within the linkage: ${Object.entries(l.outcome).map(([i, v]) => `${i} ${val(i, v)}`).join(", ")}. `,
        joint ? `Joint Nash bargain: ${Object.entries(joint.joint_nbs).map(([i, v]) => `${i} ${val(i, v)}`).join(", ")} (${joint.agreement ? "every party gains over the status quo" : "no outcome beats the status quo for every party"}).` : ""),
      h("p", {}, deals.length ? `Bilateral deals (both gain over the status quo): ${deals.join(", ")}.` : "No pair of actors has a bilateral deal."));
  });
  const m = analysis.mediation;
  const mediation = m ? h("p", {}, `Mediator ${m.mediator} (bias ${num(m.bias, 2)}) proposes ${Object.entries(m.proposal).map(([i, v]) => `${i} ${val(i, v)}`).join(", ")}; gains over the status quo: ${Object.entries(m.gain_over_status_quo).map(([a, g]) => `${a} ${signed(g)}`).join(", ")}.`) : null;
  return h("div", { class: "bargain" },
    chart,
    linkages,
    mediation ? h("h4", {}, "Mediation") : null,
    mediation,
    h("h4", {}, mc ? `Questions (odds from ${mc.runs} Monte Carlo runs)` : "Questions"),
    questions(analysis, mc));
}

/** The comparison: each variant's forecasts against the base, model by model. */
export function comparison(result) {
  const base = result.base;
  learnScales(base);
  const head = ["Variant", "Model", ...base.issues.map((i) => h("th", { class: "num", title: i.name }, i.id))];
  const rows = [];
  for (const m of base.models) {
    rows.push({ attrs: { class: "base" }, cells: ["base", m.model, ...base.issues.map((i) => numCell(val(i.id, m.forecast[i.id])))] });
  }
  for (const v of result.variants) {
    for (const m of v.analysis.models) {
      const b = base.models.find((x) => x.model === m.model);
      rows.push([v.variant, m.model, ...base.issues.map((i) => {
        const x = m.forecast[i.id];
        const d = b ? x - b.forecast[i.id] : NaN;
        return numCell(`${val(i.id, x)} (${signed(d, scaleDecimals(i.scale))})`, { class: Math.abs(d) >= visibleMove(i.id) ? "num moved" : "num" });
      })]);
    }
  }
  const charts = result.charts || {};
  const variants = Object.keys(charts.variants || {});
  const chart = h("div", { class: "chart" });
  const pick = h("select", { "aria-label": "Variant to chart", onchange: (e) => putChart(chart, e.target.value === "" ? charts.base : charts.variants[e.target.value]) },
    h("option", { value: "" }, "base"), variants.map((v) => h("option", { value: v }, v)));
  putChart(chart, charts.base);
  return h("div", {}, table(head, rows, { class: "compare" }), h("label", {}, "Forecasts chart of ", pick), chart);
}

/** Odds per model as "model p% (with model error q%)". */
function oddsLine(odds) {
  if (!odds) return "";
  return Object.entries(odds.probability).map(([m, p]) => {
    const w = odds.with_model_error ? odds.with_model_error[m] : undefined;
    return w === undefined ? `${m} ${pct(p)} (inputs only)` : `${m} ${pct(w)} (inputs only ${pct(p)})`;
  }).join(", ");
}

/** "raises the mean but lowers the odds under smp: 25.5% -> 22.0% (within Monte Carlo noise
 * of 8.5 points)", as `parley advise` says it: a fall within the noise may be the two runs'
 * different random streams; only one beyond it moves the lever down the ranking. */
function oddsFallWords(falls) {
  return `raises the mean but lowers the odds under ${falls.map((f) =>
    `${f.model}: ${pct(f.before)} -> ${pct(f.after)} (${f.beyond_noise ? "beyond" : "within"} Monte Carlo noise of ${num(100 * f.noise, 1)} points)`).join(", ")}`;
}

/** The cell of what a lever does against the goal somewhere: worse under some model at point
 * values, lower odds under some model. (Table cells given as elements must be cells.) */
function leverCaveats(l) {
  const words = [];
  if (l.worse_under && l.worse_under.length) words.push(`worse under ${l.worse_under.join(", ")} at point values`);
  if (l.odds_fall && l.odds_fall.length) words.push(oddsFallWords(l.odds_fall));
  return h("td", { class: "caveat" }, words.join("; "));
}

/** Who stands in the way of a package every party accepts, and what to try (`blockers`). */
function blockerWords(p) {
  const b = p.blockers || [];
  if (b.length === 0) return "No single party's refusal is the cause: the parties' demands conflict across the models; the packages under each model alone are the options.";
  if (b.length === 1) return `${b[0]} blocks it: without ${b[0]}'s acceptance a package would satisfy the others under every model; persuade ${b[0]} (see the levers above), or try a variant without it.`;
  return `Each of ${b.join(", ")} blocks it alone: without any one of them a package would satisfy the rest under every model; persuade one, or try a variant without it.`;
}

/** Each partner's ask against its stake, as `parley advise` words it. */
function asksWords(a, c) {
  return (c.asks || []).map((k) => {
    if (k.stake === undefined || k.stake === null) return `${k.partner} ${num(k.ask, 3)} (stake unknown: a shared issue has no status quo)`;
    if (k.conversion) return `${k.partner} ${num(k.ask, 3)}, more than its stake ${num(k.stake, 3)}: it prefers the status quo to ${a.actor}'s positions`;
    return `${k.partner} ${num(k.ask, 3)} of its stake ${num(k.stake, 3)}`;
  }).join("; ");
}

/** Strategy advice (`POST /api/advise`): levers, the best proposals, coalitions. */
export function advice(a) {
  const goal = a.goal ? h("p", {}, `Goal: ${a.goal}. ${a.goal_reachable ? "Reached without a move or by some lever." : "No lever tried reaches it."}`) : null;
  const base = a.baseline_odds ? h("p", {}, `Odds without a move over ${a.baseline_odds.runs} runs, with each model's measured error: ${oddsLine(a.baseline_odds)}.`) : null;
  const unit = a.goal ? "points closer to the goal" : "utility gain";
  const levers = a.levers.length
    ? table(["#", "Lever (an edit)", h("th", { class: "num" }, "Mean effect"), h("th", { class: "num" }, "Worst"), "Worst under", h("th", { class: "num" }, "Asks"), "Odds of the goal", "Against the goal"],
      a.levers.map((l, k) => ({
        cells: [String(k + 1), h("td", {}, h("code", {}, l.edit)), numCell(num(l.mean_effect, 3)), numCell(num(l.worst_effect, 3)), l.worst_model, numCell(num(l.ask, 3)), oddsLine(l.odds), leverCaveats(l)],
        attrs: { dataset: { lever: l.edit } },
      })))
    : h("p", {}, "No lever moves the result.");
  const proposals = a.proposals.map((p) => {
    const r = p.robust;
    const pos = (x) => Object.entries(x.position).map(([i, v]) => `${i} ${val(i, v)}`).join(", ");
    const acc = p.acceptance;
    return h("div", { class: "proposal", dataset: { set: p.label } },
      h("h4", {}, `${p.label}: ${p.issues.join(", ")} (parties ${p.parties.join(", ")})`),
      h("p", {}, r ? `Best package every party accepts under every model: ${pos(r)}; ${a.actor}'s gain worst ${signed(r.worst_gain)}, mean ${signed(r.mean_gain)}.` : `No package every party accepts under every model${p.none_under.length ? `; none gains ${a.actor} anything under ${p.none_under.join(", ")}` : ""}.`),
      r ? null : h("p", { class: "blockers" }, blockerWords(p)),
      acc ? h("p", {}, `Accepted over ${acc.runs} runs: ${acc.under_all_with_model_error !== undefined ? `under all models ${pct(acc.under_all_with_model_error)} with model error, ` : ""}${pct(acc.under_all)} inputs only.`) : null);
  });
  const coalitions = a.coalitions.length
    ? table(["Partners", h("th", { class: "num" }, "Mean effect"), h("th", { class: "num" }, "Worst"), "Worst under", "Asks of each (utility, against its stake)", "SMP: odds of the actor's position (now, aligned)", "EUM now"],
      a.coalitions.map((c) => ({
        cells: [h("td", {}, c.partners.join(" + "), c.conversion ? h("strong", {}, " (a conversion, not a coalition)") : null),
          numCell(num(c.mean_effect, 3)), numCell(num(c.worst_effect, 3)), c.worst_model, asksWords(a, c),
          c.smp ? `${pct(c.smp.before)} -> ${pct(c.smp.after)}` : "-",
          c.eum ? Object.entries(c.eum).map(([i, k]) => `${i} ${k}`).join(", ") : ""],
        attrs: { dataset: { partners: c.partners.join("+"), conversion: String(Boolean(c.conversion)) } },
      })))
    : h("p", {}, "No partner's alignment moves the result.");
  return h("div", { class: "advice" },
    goal, base,
    h("h3", {}, `Levers (effect: ${unit}; ${a.evaluated} exact re-runs)`), levers,
    h("h3", {}, "Best proposals"), proposals,
    h("h3", {}, "Coalitions"),
    h("p", { class: "hint" }, `Partners taking ${a.actor}'s positions on shared issues. A partner asked more than its stake (its gain from the status quo to its own positions) would be converted, not allied: conversions come after every coalition.`),
    coalitions,
    h("p", { class: "hint" }, "Advice is only as good as the forecasts behind it: on real EU decisions the models miss by 25-36 points on average (docs/backtest.md)."));
}
