//! Where each field of a TOML file stands, by the field paths problems carry
//! (`actor[0].stance.iran_nuclear.salience.value`), so the page can keep pointing at lines of a
//! file it opened after the scenario has been edited (the edited scenario is sent as a JSON
//! document, which has no lines of its own).

use indexmap::IndexMap;
use parley_scenario::LineIndex;
use serde::Serialize;
use toml::de::{DeTable, DeValue};

/// A field's place in the text: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Place {
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
}

/// Every field of the TOML `text`, by path, where its value starts (where the reader's
/// problems point; the key when the value has no span of its own); empty when the text is not
/// well-formed TOML.
pub fn toml_places(text: &str) -> IndexMap<String, Place> {
    let mut out = IndexMap::new();
    let Ok(doc) = DeTable::parse(text) else {
        return out;
    };
    let lines = LineIndex::new(text);
    walk_table(doc.get_ref(), "", &lines, &mut out);
    out
}

fn place(lines: &LineIndex<'_>, offset: usize) -> Place {
    let (line, column, _) = lines.locate(offset);
    Place { line, column }
}

fn walk_table(
    t: &DeTable<'_>,
    prefix: &str,
    lines: &LineIndex<'_>,
    out: &mut IndexMap<String, Place>,
) {
    for (key, value) in t {
        let path = if prefix.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{prefix}.{}", key.get_ref())
        };
        let span = value.span();
        let at = if span.is_empty() {
            key.span().start
        } else {
            span.start
        };
        out.insert(path.clone(), place(lines, at));
        walk_value(value.get_ref(), &path, lines, out);
    }
}

fn walk_value(
    v: &DeValue<'_>,
    path: &str,
    lines: &LineIndex<'_>,
    out: &mut IndexMap<String, Place>,
) {
    match v {
        DeValue::Table(t) => walk_table(t, path, lines, out),
        DeValue::Array(items) => {
            for (k, item) in items.iter().enumerate() {
                let item_path = format!("{path}[{k}]");
                out.insert(item_path.clone(), place(lines, item.span().start));
                walk_value(item.get_ref(), &item_path, lines, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_found_by_the_problem_paths() {
        let text = "[scenario]\nname = \"x\"\n\n[[actor]]\nid = \"a\"\n[actor.stance.p]\n\
                    position = 10\nsalience = { value = 0.5, low = 0.4 }\n\n[[actor]]\nid = \"b\"\n";
        let places = toml_places(text);
        let at = |p: &str| places.get(p).map(|x| (x.line, x.column));
        // Columns of the values: `name = "x"` has its value at 8, `low = 0.4` inside the
        // inline table at 33 (counted by hand).
        assert_eq!(at("scenario.name"), Some((2, 8)));
        assert_eq!(at("actor[0].id"), Some((5, 6)));
        assert_eq!(at("actor[0].stance.p.position"), Some((7, 12)));
        assert_eq!(at("actor[0].stance.p.salience.low"), Some((8, 33)));
        assert_eq!(at("actor[1].id"), Some((11, 6)));
        assert!(at("actor[0].stance.p").is_some());
        assert!(toml_places("[oops").is_empty());
    }
}
