// Small DOM helpers: build elements, format numbers, show errors.

/** Creates an element: h("td", { class: "num", dataset: { actor: "usa" } }, "12.0"). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "class") el.className = value;
    else if (value === true) el.setAttribute(key, "");
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces an element's content. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A number with `digits` decimals, or a dash: exactly as the CLI, the report and the charts
 * print it (Rust's formatting, `parley_report::text::num`), so one value never reads 38.3 here
 * and 38.2 there. Both round the number's exact binary value; they differ only on an exact tie
 * (38.25, whose binary value is exactly 38.25), which `toFixed` rounds away from zero and Rust
 * to the even digit. 38.45 is not a tie: its binary value is 38.4500000000000028..., so both
 * print 38.5. A result of zero never carries a minus sign. */
export function num(x, digits = 1) {
  if (typeof x !== "number" || !Number.isFinite(x)) return "-";
  // From 1e15 Rust writes scientific notation with three decimals ("1.000e21"); an exact tie
  // goes to the even digit there too.
  if (Math.abs(x) >= 1e15) {
    let s = x.toExponential(3);
    const longer = x.toExponential(4);
    const [mantissa, exponent] = longer.split("e");
    if (mantissa.endsWith("5") && exactInteger(x, mantissa, Number(exponent))) {
      const toward = mantissa.slice(0, -1);
      if (Number(toward[toward.length - 1]) % 2 === 0) s = `${toward}e${exponent}`;
    }
    return s.replace("e+", "e");
  }
  let s = x.toFixed(digits);
  const longer = x.toFixed(digits + 1);
  if (longer.endsWith("5") && exactDecimals(x, longer, digits + 1)) {
    let toward = longer.slice(0, -1);
    if (toward.endsWith(".")) toward = toward.slice(0, -1);
    const last = Number(toward[toward.length - 1]);
    if (last % 2 === 0) s = toward;
  }
  if (/^-[0.]*$/.test(s)) s = s.slice(1);
  return s;
}

/** Whether `x`'s binary value is exactly the decimal `shown` (`x.toFixed(places)`). Below 1e15
 * a value that is a tie at `places <= 20` decimals is at least 5e-21, so its exact expansion
 * ends within 100 decimals, which `toFixed(100)` writes in full. */
function exactDecimals(x, shown, places) {
  return x.toFixed(100) === shown + "0".repeat(100 - places);
}

/** Whether `x` (at least 1e15) is exactly the integer that `mantissa` x 10^`exponent` writes. */
function exactInteger(x, mantissa, exponent) {
  if (!Number.isInteger(x)) return false;
  const digits = mantissa.replace("-", "").replace(".", "");
  const exact = BigInt(Math.abs(x)).toString();
  return exact.length === exponent + 1 && exact === digits.padEnd(exact.length, "0");
}

/** A signed number (+0.123 / -0.123). */
export function signed(x, digits = 3) {
  if (typeof x !== "number" || !Number.isFinite(x)) return "-";
  return (x > 0 ? "+" : "") + x.toFixed(digits);
}

/** A share as a percentage with one decimal, as the report gives it (99.8%, not 100%). */
export function pct(x) {
  return typeof x === "number" && Number.isFinite(x) ? `${num(x * 100, 1)}%` : "-";
}

/** Shows an error (an ApiError or any Error) in `el`, with its problems listed. */
export function showError(el, err) {
  el.hidden = false;
  const problems = err.problems || [];
  fill(
    el,
    h("strong", {}, err.message || String(err)),
    problems.length
      ? h("ul", {}, problems.map((p) => h("li", {}, p.path ? `${p.path}: ` : "", p.message)))
      : null,
  );
}

/** Hides an error box. */
export function clearError(el) {
  el.hidden = true;
  el.replaceChildren();
}

/** A table from a header row and body rows (arrays of cells or {cells, attrs}). */
export function table(head, rows, attrs = {}) {
  return h(
    "table",
    attrs,
    h("thead", {}, h("tr", {}, head.flat(Infinity).map((c) => (c instanceof Node ? c : h("th", {}, c))))),
    h(
      "tbody",
      {},
      rows.map((r) => {
        const cells = (Array.isArray(r) ? r : r.cells).flat(Infinity);
        const trAttrs = Array.isArray(r) ? {} : r.attrs;
        return h("tr", trAttrs, cells.map((c) => (c instanceof Node ? c : h("td", {}, c))));
      }),
    ),
  );
}

/** A numeric table cell. */
export function numCell(text, attrs = {}) {
  return h("td", { class: "num", ...attrs }, text);
}

/** Decimals that suit an issue's scale, as `parley_report::text::scale_decimals`: 1 on spans
 * of 50 or more, 2 from 1, and about three significant digits of a narrower span (4 on
 * [0, 0.05]), at most 12. */
export function scaleDecimals(scale) {
  const span = scale[1] - scale[0];
  if (span >= 50) return 1;
  if (span >= 1 || Number.isNaN(span) || span <= 0) return 2;
  return 2 + Math.min(10, Math.max(0, Math.ceil(-Math.log10(span))));
}

/** A value on an issue's scale as every output prints it (`parley_report::text::on_scale`):
 * 0.0351 on [0, 0.05], 62.5 on 0-100, scientific on a scale narrower than 1e-10. */
export function onScale(x, scale) {
  if (!Array.isArray(scale)) return num(x);
  const span = Math.abs(scale[1] - scale[0]);
  if (typeof x === "number" && Number.isFinite(x) && span > 0 && span < 1e-10) {
    const magnitude = Math.max(Math.abs(scale[0]), Math.abs(scale[1]));
    const places = Math.min(15, Math.max(3, Math.ceil(Math.log10(magnitude / span)) + 2));
    return (x + 0).toExponential(places).replace("e+", "e");
  }
  return num(x, scaleDecimals(scale));
}

/** A number the analyst gave on a scale (an end of it), without trailing zeros: "0-100",
 * "1.5-3", "0-0.05" (`parley_report::text::given`). */
export function given(x, scale) {
  const s = onScale(x, scale);
  const at = s.indexOf("e");
  const [mantissa, exponent] = at < 0 ? [s, ""] : [s.slice(0, at), s.slice(at)];
  if (!mantissa.includes(".")) return s;
  return mantissa.replace(/0+$/, "").replace(/\.$/, "") + exponent;
}
