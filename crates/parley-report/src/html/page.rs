//! The HTML page: escaping, small element helpers, the inline stylesheet and the frame.

use crate::svg::escape;

/// Escapes a value for an attribute.
pub fn attr(text: &str) -> String {
    escape(text)
}

/// A table cell: text (escaped) or prepared HTML, optionally right-aligned as a number.
pub enum Cell {
    /// Plain text.
    Text(String),
    /// A number or other right-aligned text.
    Num(String),
    /// HTML written by the report itself.
    Html(String),
}

/// The report's HTML as it is written.
pub struct Page {
    title: String,
    body: String,
}

impl Page {
    /// An empty page with this `<title>`.
    pub fn new(title: &str) -> Self {
        Self {
            title: title.to_owned(),
            body: String::with_capacity(512 * 1024),
        }
    }

    /// Writes HTML as is.
    pub fn raw(&mut self, html: &str) {
        self.body.push_str(html);
    }

    /// Writes text, escaped.
    pub fn text(&mut self, text: &str) {
        self.body.push_str(&escape(text));
    }

    /// `<name>text</name>`.
    pub fn tag(&mut self, name: &str, text: &str) {
        self.body
            .push_str(&format!("<{name}>{}</{name}>", escape(text)));
    }

    /// `<name class="class">text</name>`.
    pub fn tag_class(&mut self, name: &str, class: &str, text: &str) {
        self.body.push_str(&format!(
            "<{name} class=\"{class}\">{}</{name}>",
            escape(text)
        ));
    }

    /// A figure holding an inline SVG chart, with a caption; a chart that could not be drawn
    /// (nothing to show for this scenario) leaves a note instead of failing the report.
    pub fn figure(
        &mut self,
        chart: &Result<crate::chart::Chart, crate::ReportError>,
        caption: &str,
    ) {
        let chart = match chart {
            Ok(c) => c,
            Err(e) => {
                self.body.push_str(&format!(
                    "<p class=\"how\">No chart: {}</p>",
                    escape(&e.to_string())
                ));
                return;
            }
        };
        self.body.push_str("<figure>");
        self.body.push_str(chart.svg());
        self.body.push_str(&format!(
            "<figcaption>{}</figcaption></figure>",
            escape(caption)
        ));
    }

    /// A table with a header row.
    pub fn table(&mut self, class: &str, header: &[&str], rows: Vec<Vec<Cell>>) {
        self.body.push_str(&format!(
            "<div class=\"scroll\"><table class=\"{class}\"><thead><tr>"
        ));
        for h in header {
            self.body.push_str(&format!("<th>{}</th>", escape(h)));
        }
        self.body.push_str("</tr></thead><tbody>");
        for row in rows {
            self.body.push_str("<tr>");
            for cell in row {
                match cell {
                    Cell::Text(t) => self.body.push_str(&format!("<td>{}</td>", escape(&t))),
                    Cell::Num(t) => self
                        .body
                        .push_str(&format!("<td class=\"num\">{}</td>", escape(&t))),
                    Cell::Html(h) => self.body.push_str(&format!("<td>{h}</td>")),
                }
            }
            self.body.push_str("</tr>");
        }
        self.body.push_str("</tbody></table></div>");
    }

    /// The whole document.
    pub fn finish(self, generator: &str) -> String {
        let mut out = String::with_capacity(self.body.len() + 8 * 1024);
        out.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        out.push_str(&format!(
            "<meta name=\"generator\" content=\"{}\">",
            escape(generator)
        ));
        out.push_str(&format!("<title>{}</title>", escape(&self.title)));
        out.push_str("<style>");
        out.push_str(STYLE);
        // The scenario's name at the foot of every printed page.
        out.push_str(&format!(
            "@page {{ @bottom-left {{ content: \"{}\"; font: 8.5pt \"DejaVu Sans\", Arial, \
             sans-serif; color: #555; }} }}",
            css_string(&self.title)
        ));
        out.push_str("</style></head><body><main>");
        out.push_str(&self.body);
        out.push_str(&format!(
            "<footer>Made by {} · every number here is an analyst's judgment run through \
             published models; see the method notes.</footer>",
            escape(generator)
        ));
        // Collapsed evidence tables print open.
        out.push_str(
            "</main><script>window.addEventListener('beforeprint',function(){\
             document.querySelectorAll('details').forEach(function(d){d.open=true;});});\
             </script></body></html>\n",
        );
        out
    }
}

/// Text for a CSS string literal: quotes, backslashes and line breaks escaped, and `<` too so
/// that the text cannot close the `<style>` element.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '\n' | '\r' => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The report's stylesheet: system fonts only, print rules, no external resources.
const STYLE: &str = r#"
:root { --ink: #222; --muted: #666; --rule: #ddd; --accent: #1F4E9A; --bg-soft: #f6f6f3; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.5 "DejaVu Sans", Verdana, "Segoe UI", Arial, sans-serif; }
main { max-width: 900px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 1.7em; line-height: 1.2; margin: 0.2em 0 0.3em; }
h2 { font-size: 1.35em; margin: 2em 0 0.6em; padding-top: 0.4em; border-top: 2px solid var(--ink); }
h3 { font-size: 1.1em; margin: 1.5em 0 0.4em; }
h4 { font-size: 1em; margin: 1.2em 0 0.3em; }
p, li { max-width: 46em; }
a { color: var(--accent); }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.88em;
  background: var(--bg-soft); padding: 0 0.2em; border-radius: 3px; }
.facts { color: var(--muted); margin-top: 0; }
.caveat { border-left: 4px solid #c77c00; background: #fff7e8; padding: 0.7em 1em; margin: 1em 0; }
.glance { border: 1px solid var(--rule); border-radius: 6px; padding: 0.3em 1.1em 0.6em; margin: 1em 0; }
.glance h2.plain { border: 0; margin: 0.5em 0 0.3em; padding: 0; font-size: 1.15em; }
.glance li { margin: 0.4em 0; }
.glance a { color: var(--ink); text-decoration: none; }
.toc { background: var(--bg-soft); padding: 0.6em 1em; margin: 1.2em 0; }
.toc ol { margin: 0.3em 0; padding-left: 1.4em; }
.question { border: 1px solid var(--rule); border-radius: 6px; padding: 0.2em 1.1em 0.8em;
  margin: 1.2em 0; }
.question h3 { margin-top: 0.8em; }
.qnum { display: inline-block; background: var(--ink); color: #fff; border-radius: 4px;
  padding: 0 0.45em; margin-right: 0.4em; font-size: 0.9em; }
.answer { font-size: 1.05em; }
.answer strong { color: #000; }
.how { color: var(--muted); font-size: 0.92em; }
.scroll { overflow-x: auto; margin: 0.6em 0 1em; }
table { border-collapse: collapse; font-size: 0.88em; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: var(--bg-soft); font-weight: bold; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.ev { color: var(--muted); font-size: 0.9em; }
.pos { color: #0B6E4F; } .neg { color: #A23B00; }
figure { margin: 1em 0 1.6em; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: 0.88em; margin-top: 0.3em; }
details { margin: 0.4em 0; }
summary { cursor: pointer; color: var(--accent); }
footer { margin-top: 3em; color: var(--muted); font-size: 0.85em; border-top: 1px solid var(--rule); padding-top: 0.6em; }
.brief { margin-bottom: 1.5em; }
.title-block { border-bottom: 3px solid var(--ink); padding-bottom: 0.4em; margin-bottom: 0.8em; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; color: var(--accent);
  font-size: 0.8em; font-weight: bold; margin: 0; }
.bottom-line { background: var(--bg-soft); border-left: 4px solid var(--accent); padding: 0.6em 0.9em; }
.brief-answers { padding-left: 1.4em; }
.brief-answers > li { margin: 0.8em 0; }
.brief-answers a { color: var(--ink); text-decoration: none; }
.brief-answers p { margin: 0.25em 0; }
.brief-answer { font-size: 1.02em; }
.brief-odds, .brief-drivers, .brief-caveat { font-size: 0.92em; }
.brief-caveat { color: var(--muted); }
h2.plain { border: 0; margin-top: 1em; padding-top: 0; }
/* Phones: charts at their own width (their smallest text is 10.5 px) and tables scroll
   sideways inside their card instead of spilling out of it. */
@media screen and (max-width: 640px) {
  body { font-size: 15px; }
  main { padding: 12px 12px 32px; }
  h1 { font-size: 1.4em; }
  .question { padding: 0.1em 0.7em 0.6em; }
  .brief-answers { padding-left: 1.1em; }
  figure { overflow-x: auto; -webkit-overflow-scrolling: touch; }
  figure svg { max-width: none; width: 820px; }
  .scroll { max-width: 100%; }
  p, li { overflow-wrap: anywhere; }
  /* Cells keep a readable width; a wide table scrolls inside its card. */
  th, td { min-width: 6.5em; }
}
@page { size: Letter; margin: 14mm 13mm 16mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages);
    font: 8.5pt "DejaVu Sans", Arial, sans-serif; color: #555; } }
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  .toc, summary { display: none; }
  .brief { break-after: page; }
  .brief h1 { font-size: 1.5em; margin: 0.1em 0 0.2em; }
  .title-block { padding-bottom: 0.2em; margin-bottom: 0.6em; }
  .bottom-line { padding: 0.4em 0.8em; margin: 0.5em 0; }
  .brief-answers { margin: 0.5em 0; }
  .brief-answers > li { margin: 0.55em 0; }
  .brief-answers p { margin: 0.15em 0; }
  h2 { margin-top: 1.2em; }
  h2, h3, h4, figcaption { break-after: avoid; }
  figure, svg, tr, .caveat, .bottom-line, .brief-answers > li, .answer, .how { break-inside: avoid; }
  /* A chart fits in what is left of any page at least 15% filled, so none leaves a page
     nearly empty by moving on to the next. */
  figure svg { max-height: 185mm; width: auto; margin: 0 auto; }
  #forecast figure svg { max-height: 150mm; }
  .model-head { break-inside: avoid; break-after: avoid; }
  .scroll { overflow: visible; }
  details::details-content { content-visibility: visible; display: block; }
  p { orphans: 3; widows: 3; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_css_string_cannot_end_early_or_close_the_style_element() {
        assert_eq!(css_string("Grand bargain"), "Grand bargain");
        // `"` is U+22, `\` U+5C, `<` U+3C, a line feed U+A: CSS hex escapes with a space.
        assert_eq!(
            css_string("a \"b\" \\ </style>\nc"),
            "a \\22 b\\22  \\5c  \\3c /style>\\a c"
        );
    }
}
