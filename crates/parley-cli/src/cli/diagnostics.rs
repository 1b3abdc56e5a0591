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

/// Problems of one kind shown in full before the rest of that kind is summed up in one line: a
/// generated file wrong in one way on every row would otherwise bury its first lines (and any
/// other kind of problem) under thousands of identical excerpts.
const SHOWN_PER_CODE: usize = 5;

/// Renders the diagnostics of `file`, at most [`SHOWN_PER_CODE`] of each kind in full and one
/// line for the rest of that kind, then a count of all of them.
pub fn render(file: &str, diagnostics: &[Diagnostic], style: Style) -> String {
    let mut out = String::new();
    let mut seen: Vec<(&str, usize)> = Vec::new();
    let (todos, diagnostics): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        diagnostics.iter().partition(|d| d.code == TODO);
    render_todos(&mut out, file, &todos, style);
    for &d in &diagnostics {
        let k = match seen.iter().position(|(c, _)| *c == d.code) {
            Some(k) => k,
            None => {
                seen.push((d.code, 0));
                seen.len() - 1
            }
        };
        seen[k].1 += 1;
        if seen[k].1 <= SHOWN_PER_CODE {
            render_one(&mut out, file, d, style);
        }
    }
    for (code, count) in seen.iter().filter(|(_, n)| *n > SHOWN_PER_CODE) {
        let lines: Vec<usize> = diagnostics
            .iter()
            .filter(|d| d.code == *code)
            .skip(SHOWN_PER_CODE)
            .map(|d| d.line)
            .collect();
        let head = format!("error[{code}]");
        let _ = writeln!(
            out,
            "{}: {} more like these, at {}; `parley validate {file} --format json` lists each\n",
            style.paint("1;31", &head),
            count - SHOWN_PER_CODE,
            line_list(&lines)
        );
    }
    let n = diagnostics.len() + todos.len();
    let summary = match todos.len() {
        0 => format!("{file}: {n} problem{} found", if n == 1 { "" } else { "s" }),
        t => format!(
            "{file}: {n} problem{} found, {t} of them values still to fill",
            if n == 1 { "" } else { "s" }
        ),
    };
    let _ = writeln!(out, "{}", style.paint("1;31", &summary));
    out
}

/// The code of a `"TODO"` placeholder still to fill (a draft of `parley extract`).
const TODO: &str = "todo";

/// The most placeholders listed one by one; a draft has tens.
const TODOS_LISTED: usize = 500;

/// Placeholders still to fill, one line each with its line and column, all of them (up to
/// [`TODOS_LISTED`]): a draft's to-do list, worked down in order, rather than errors in full.
fn render_todos(out: &mut String, file: &str, todos: &[&Diagnostic], style: Style) {
    if todos.is_empty() {
        return;
    }
    let head = style.paint("1;33", "todo");
    let _ = writeln!(
        out,
        "{head}: {} values still to fill in {file}:",
        todos.len()
    );
    for d in todos.iter().take(TODOS_LISTED) {
        let _ = writeln!(out, "  {file}:{}:{}: {}", d.line, d.column, d.message);
    }
    if todos.len() > TODOS_LISTED {
        let _ = writeln!(
            out,
            "  ... and {} more; `parley validate {file} --format json` lists each",
            todos.len() - TODOS_LISTED
        );
    }
    out.push('\n');
}

/// `lines 106, 114, ..., 8002`: the first few and the last.
fn line_list(lines: &[usize]) -> String {
    const FIRST: usize = 8;
    let shown: Vec<String> = lines.iter().take(FIRST).map(usize::to_string).collect();
    match lines.len() {
        1 => format!("line {}", shown.join("")),
        n if n <= FIRST => format!("lines {}", shown.join(", ")),
        _ => format!(
            "lines {}, ..., {}",
            shown.join(", "),
            lines.last().copied().unwrap_or_default()
        ),
    }
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
    let (shown, offset, width) = window(d);
    let line_no = style.paint("1;34", &d.line.to_string());
    let _ = writeln!(out, "{line_no} {bar} {shown}");
    let marks = format!("{}{}", " ".repeat(offset), "^".repeat(width));
    let _ = writeln!(out, "{pad} {bar} {}", style.paint("1;31", &marks));
    out.push('\n');
}

/// Characters of a source line shown around the problem: a line of 10 MB (one long string)
/// would otherwise be echoed whole, with a caret line as long.
const WINDOW: usize = 100;

/// The part of `d`'s line to show (cut to [`WINDOW`] characters around the column, with `...`
/// where it was cut; tabs as one space each so the carets stay under their text), the
/// carets' offset in it and their count.
fn window(d: &Diagnostic) -> (String, usize, usize) {
    let chars: Vec<char> = d
        .line_text
        .chars()
        .map(|c| match c {
            '\t' => ' ',
            // One character for one, so the carets stay under their text: a raw escape or
            // bidi override from the file must not reach the terminal.
            c if c.is_control() || parley_core::text::is_disguising(c) => '\u{FFFD}',
            c => c,
        })
        .collect();
    let at = (d.column - 1).min(chars.len());
    let width = underline_width(d);
    if chars.len() <= WINDOW {
        return (chars.iter().collect(), at, width);
    }
    let start = at.saturating_sub(WINDOW / 3);
    let end = (start + WINDOW).min(chars.len());
    let mut shown = String::new();
    if start > 0 {
        shown.push_str("...");
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push_str("...");
    }
    let offset = at - start + if start > 0 { 3 } else { 0 };
    (shown, offset, width.min(end.saturating_sub(at)).max(1))
}

/// Characters to underline: the span, cut at the end of its first line.
fn underline_width(d: &Diagnostic) -> usize {
    let rest = d.line_text.chars().count().saturating_sub(d.column - 1);
    let span = d.span.end.saturating_sub(d.span.start);
    span.min(rest).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(code: &'static str, line: usize) -> Diagnostic {
        Diagnostic {
            code,
            message: format!("problem on line {line}"),
            path: None,
            span: 0..1,
            line,
            column: 1,
            line_text: "x = 1".into(),
        }
    }

    /// Placeholders are a to-do list: each on one line with its place, however many, before
    /// the other problems, and counted apart in the summary.
    #[test]
    fn todos_are_listed_one_line_each_and_never_elided() {
        let mut all: Vec<Diagnostic> = (1..=12).map(|k| problem("todo", 10 * k)).collect();
        all.push(problem("other", 200));
        let text = render("f.toml", &all, Style { colour: false });
        assert!(
            text.starts_with("todo: 12 values still to fill in f.toml:\n"),
            "{text}"
        );
        for k in 1..=12 {
            let line = format!("  f.toml:{}:1: problem on line {}\n", 10 * k, 10 * k);
            assert!(text.contains(&line), "{text}");
        }
        assert!(!text.contains("more like these"), "{text}");
        assert!(text.contains("error[other]: problem on line 200"), "{text}");
        assert!(
            text.ends_with("f.toml: 13 problems found, 12 of them values still to fill\n"),
            "{text}"
        );
    }

    /// Twelve problems of one kind and one of another: five of the first in full, one line
    /// for its seven others with their lines, the other kind in full, and the count of all.
    #[test]
    fn a_flood_of_one_kind_is_summed_up_after_five() {
        let mut all: Vec<Diagnostic> = (1..=12).map(|k| problem("bad-x", 10 * k)).collect();
        all.push(problem("other", 200));
        let text = render("f.toml", &all, Style { colour: false });
        assert_eq!(text.matches("error[bad-x]: problem").count(), 5, "{text}");
        assert!(text.contains("error[other]: problem on line 200"), "{text}");
        assert!(
            text.contains(
                "error[bad-x]: 7 more like these, at lines 60, 70, 80, 90, 100, 110, 120; \
                 `parley validate f.toml --format json` lists each"
            ),
            "{text}"
        );
        assert!(text.ends_with("f.toml: 13 problems found\n"), "{text}");
    }

    /// A 10 MB line is shown as a window around the column, the carets under the problem
    /// (sweep3 item 2: the whole line and a caret line as long were printed).
    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_problem() {
        let mut d = problem("bad-x", 3);
        let long = "a".repeat(10_000_000);
        d.line_text = format!("name = \"{long}\" junk");
        d.column = long.len() + 11;
        d.span = 0..4;
        let text = render("f.toml", &[d], Style { colour: false });
        assert!(text.len() < 1_000, "{} bytes", text.len());
        let lines: Vec<&str> = text.lines().collect();
        let (shown, marks) = (lines[3], lines[4]);
        assert!(shown.ends_with("aaa\" junk"), "{shown}");
        assert!(shown.contains(" | ..."), "{shown}");
        let caret = marks.find('^').unwrap();
        assert_eq!(&shown[caret..caret + 4], "junk", "{shown}\n{marks}");
        assert_eq!(marks.matches('^').count(), 4);
        // A short line is shown whole, as before.
        let short = render("f.toml", &[problem("bad-x", 1)], Style { colour: false });
        assert!(short.contains("1 | x = 1\n  | ^\n"), "{short}");
    }

    #[test]
    fn five_of_a_kind_are_all_shown() {
        let all: Vec<Diagnostic> = (1..=5).map(|k| problem("bad-x", k)).collect();
        let text = render("f.toml", &all, Style { colour: false });
        assert_eq!(text.matches("error[bad-x]: problem").count(), 5);
        assert!(!text.contains("more like these"));
    }

    #[test]
    fn long_line_lists_are_cut_before_the_last() {
        let lines: Vec<usize> = (1..=20).collect();
        assert_eq!(line_list(&lines), "lines 1, 2, 3, 4, 5, 6, 7, 8, ..., 20");
        assert_eq!(line_list(&[4]), "line 4");
    }
}
