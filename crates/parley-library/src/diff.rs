//! Field-by-field differences between two versions of a scenario.
//!
//! Both versions are read into the core's `Scenario` and compared as its JSON form, so a
//! reformatted file with the same content shows no difference, and every change is named by
//! its field path. Lists whose entries carry an `id` (issues, actors, questions, what-ifs,
//! linkages) are matched by id, so inserting an actor shows one added actor, not every later
//! actor changed.

use serde::Serialize;
use serde_json::Value;

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The field's path in the file's keys, e.g. `actor[usa].stance.iran_nuclear.position.value`.
    pub path: String,
    /// The old value as JSON; `None`: the field was added.
    pub before: Option<String>,
    /// The new value as JSON; `None`: the field was removed.
    pub after: Option<String>,
}

/// The changes that turn `before` into `after`, in document order, each named by the keys of
/// the scenario file (`actor[usa].stance.iran_nuclear.position.low`), not of its JSON form.
pub fn diff(before: &Value, after: &Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk("", before, after, &mut out);
    for c in &mut out {
        c.path = file_path(&c.path);
    }
    out
}

/// A path in the JSON form renamed to the file's keys: the file says `[[actor]]`, `stance`,
/// `[scenario]` and writes an estimate's range and evidence inline (`{ value, low, high, note
/// }`), where the JSON form has `actors`, `stances`, `meta`, `spread.low` and `evidence.note`
/// (usability item 28: the diff named fields by Rust's names).
fn file_path(path: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for segment in path.split('.') {
        let (name, index) = segment.split_at(segment.find('[').unwrap_or(segment.len()));
        let name = match name {
            "actors" => "actor",
            "issues" => "issue",
            "questions" => "question",
            "what_ifs" => "what_if",
            "linkages" => "linkage",
            "stances" => "stance",
            "meta" => "scenario",
            // Written inline in the estimate's table.
            "spread" | "evidence" if index.is_empty() => continue,
            other => other,
        };
        out.push(format!("{name}{index}"));
    }
    // `distribution.kind` is the file's `distribution`; its `sd` sits beside it.
    if out.len() >= 2 && out[out.len() - 2] == "distribution" {
        let last = out.pop().unwrap_or_default();
        if last != "kind" {
            out.pop();
            out.push(last);
        }
    }
    out.join(".")
}

fn render(v: &Value) -> String {
    v.to_string()
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The ids of an array whose entries are all objects with a distinct string `id`.
fn ids(items: &[Value]) -> Option<Vec<&str>> {
    let ids: Vec<&str> = items
        .iter()
        .map(|v| v.get("id").and_then(Value::as_str))
        .collect::<Option<_>>()?;
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    (sorted.len() == ids.len()).then_some(ids)
}

fn walk(path: &str, a: &Value, b: &Value, out: &mut Vec<Change>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                match y.get(k) {
                    Some(vb) => walk(&join(path, k), va, vb, out),
                    None => out.push(Change {
                        path: join(path, k),
                        before: Some(render(va)),
                        after: None,
                    }),
                }
            }
            for (k, vb) in y {
                if !x.contains_key(k) {
                    out.push(Change {
                        path: join(path, k),
                        before: None,
                        after: Some(render(vb)),
                    });
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => match (ids(x), ids(y)) {
            (Some(ix), Some(iy)) if !x.is_empty() && !y.is_empty() => {
                for (va, id) in x.iter().zip(&ix) {
                    let p = format!("{path}[{id}]");
                    match iy.iter().position(|j| j == id) {
                        Some(k) => walk(&p, va, &y[k], out),
                        None => out.push(Change {
                            path: p,
                            before: Some(render(va)),
                            after: None,
                        }),
                    }
                }
                for (vb, id) in y.iter().zip(&iy) {
                    if !ix.contains(id) {
                        out.push(Change {
                            path: format!("{path}[{id}]"),
                            before: None,
                            after: Some(render(vb)),
                        });
                    }
                }
            }
            _ => {
                for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                    walk(&format!("{path}[{i}]"), va, vb, out);
                }
                for (i, va) in x.iter().enumerate().skip(y.len()) {
                    out.push(Change {
                        path: format!("{path}[{i}]"),
                        before: Some(render(va)),
                        after: None,
                    });
                }
                for (i, vb) in y.iter().enumerate().skip(x.len()) {
                    out.push(Change {
                        path: format!("{path}[{i}]"),
                        before: None,
                        after: Some(render(vb)),
                    });
                }
            }
        },
        _ => {
            if a != b {
                out.push(Change {
                    path: path.to_owned(),
                    before: Some(render(a)),
                    after: Some(render(b)),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_with_ids_are_matched_by_id() {
        let a = json!({"actors": [{"id": "a", "c": 1}, {"id": "b", "c": 2}]});
        let b = json!({"actors": [{"id": "z", "c": 9}, {"id": "a", "c": 1}, {"id": "b", "c": 3}]});
        let d = diff(&a, &b);
        assert_eq!(
            d,
            vec![
                Change {
                    path: "actor[b].c".into(),
                    before: Some("2".into()),
                    after: Some("3".into())
                },
                Change {
                    path: "actor[z]".into(),
                    before: None,
                    after: Some(r#"{"id":"z","c":9}"#.into())
                },
            ]
        );
    }

    #[test]
    fn paths_use_the_file_keys() {
        for (json, file) in [
            (
                "actors[usa].stances.production.position.spread.low",
                "actor[usa].stance.production.position.low",
            ),
            (
                "actors[usa].stances.production.position.spread.distribution.kind",
                "actor[usa].stance.production.position.distribution",
            ),
            (
                "actors[usa].stances.production.position.spread.distribution.sd",
                "actor[usa].stance.production.position.sd",
            ),
            ("actors[usa].evidence.note", "actor[usa].note"),
            ("meta.name", "scenario.name"),
            ("issues[t].status_quo.value", "issue[t].status_quo.value"),
            ("what_ifs[w].edits[0]", "what_if[w].edits[0]"),
        ] {
            assert_eq!(file_path(json), file, "{json}");
        }
    }

    #[test]
    fn equal_values_have_no_changes_and_removed_fields_show() {
        let a = json!({"x": 1, "y": [1, 2, 3]});
        assert!(diff(&a, &a).is_empty());
        let b = json!({"y": [1, 2]});
        let d = diff(&a, &b);
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].path, "x");
        assert_eq!(d[0].after, None);
        assert_eq!(d[1].path, "y[2]");
        assert_eq!(d[1].before.as_deref(), Some("3"));
    }
}
