//! Rendering located problems for people: rustc-style, with the offending line underlined.

use std::fmt::Write;

use parley_scenario::Diagnostic;

/// Whether to colour output.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Emit ANSI colours.
    pub colour: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// Renders every diagnostic of `file`, then a count.
pub fn render(file: &str, diagnostics: &[Diagnostic], style: Style) -> String {
    let mut out = String::new();
    for d in diagnostics {
        render_one(&mut out, file, d, style);
    }
    let n = diagnostics.len();
    let summary = format!("{file}: {n} problem{} found", if n == 1 { "" } else { "s" });
    let _ = writeln!(out, "{}", style.paint("1;31", &summary));
    out
}

fn render_one(out: &mut String, file: &str, d: &Diagnostic, style: Style) {
    let head = format!("error[{}]", d.code);
    let _ = writeln!(out, "{}: {}", style.paint("1;31", &head), d.message);
    let gutter = d.line.to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(
        out,
        "{pad}{} {file}:{}:{}",
        style.paint("1;34", "-->"),
        d.line,
        d.column
    );
    if let Some(path) = &d.path {
        let _ = writeln!(out, "{pad} {} field: {path}", style.paint("1;34", "="));
    }
    let bar = style.paint("1;34", "|");
    let _ = writeln!(out, "{pad} {bar}");
    // Tabs would shift the text against the caret line: show each as one space.
    let shown = d.line_text.replace('\t', " ");
    let line_no = style.paint("1;34", &d.line.to_string());
    let _ = writeln!(out, "{line_no} {bar} {shown}");
    let width = underline_width(d);
    let marks = format!("{}{}", " ".repeat(d.column - 1), "^".repeat(width));
    let _ = writeln!(out, "{pad} {bar} {}", style.paint("1;31", &marks));
    out.push('\n');
}

/// Characters to underline: the span, cut at the end of its first line.
fn underline_width(d: &Diagnostic) -> usize {
    let rest = d.line_text.chars().count().saturating_sub(d.column - 1);
    let span = d.span.end.saturating_sub(d.span.start);
    span.min(rest).max(1)
}
