//! Walks a [`Node`] tree into a core [`Scenario`], collecting every structural problem with
//! its span and remembering the span of every field path, so the core's semantic problems can
//! be located too.

use std::collections::HashMap;
use std::ops::Range;

use indexmap::IndexMap;
use parley_core::{
    Actor, ContextParty, Distribution, Estimate, Evidence, Issue, Linkage, Mediator, Meta,
    Question, Scale, Scenario, Spread, Stance, WhatIf,
};

use crate::diagnostic::FormatProblem;
use crate::tree::{Entry, Node, Value};

mod models;

/// Keys of each table, for unknown-key errors and documentation.
pub(crate) mod keys {
    pub const ROOT: &[&str] = &[
        "scenario",
        "issue",
        "actor",
        "context",
        "linkage",
        "mediator",
        "question",
        "what_if",
        "models",
        "calibration",
    ];
    pub const CALIBRATION: &[&str] = &["file", "note"];
    pub const SCENARIO: &[&str] = &["name", "description", "date", "seed", "sources", "note"];
    pub const ISSUE: &[&str] = &[
        "id",
        "name",
        "low",
        "high",
        "scale",
        "status_quo",
        "note",
        "source",
        "sentence",
    ];
    pub const ACTOR: &[&str] = &[
        "id",
        "name",
        "capability",
        "risk",
        "stance",
        "note",
        "source",
        "sentence",
    ];
    pub const STANCE: &[&str] = &["position", "salience", "note", "source", "sentence"];
    pub const ESTIMATE: &[&str] = &[
        "value", "low", "high", "dist", "sd", "note", "source", "sentence",
    ];
    pub const CONTEXT: &[&str] = &["name", "note", "source", "sentence"];
    pub const LINKAGE: &[&str] = &["id", "name", "issues", "note", "source", "sentence"];
    pub const MEDIATOR: &[&str] = &[
        "actor", "issues", "parties", "bias", "note", "source", "sentence",
    ];
    pub const QUESTION: &[&str] = &[
        "id",
        "text",
        "issues",
        "condition",
        "actors",
        "linkage",
        "note",
        "source",
        "sentence",
    ];
    pub const WHAT_IF: &[&str] = &["id", "name", "edits", "note", "source", "sentence"];
}

/// The path of a problem tied to a place in the file but to no scenario field (a row of an
/// imported table format). Never empty: an empty path means the whole document.
pub const NO_FIELD: &str = "row";

/// A structural problem with its location.
#[derive(Debug, Clone)]
pub struct Found {
    /// Byte span.
    pub span: Range<usize>,
    /// Field path, where one applies.
    pub path: String,
    /// The problem.
    pub problem: FormatProblem,
}

/// The walker's state: problems so far and the span of every field path seen.
#[derive(Debug, Default)]
pub struct Reader {
    /// Structural problems, in walk order.
    pub found: Vec<Found>,
    /// Span of every field path read.
    pub spans: HashMap<String, Range<usize>>,
    /// Field paths whose emptiness the problems in `found` already explain (every actor row
    /// of a table was refused with its own error): the core's echo there ("no actors") would
    /// only repeat them, so it is not reported.
    pub explained: Vec<String>,
}

/// A table being read: its entries and where it is.
struct Fields<'n> {
    entries: &'n [Entry],
    span: Range<usize>,
    path: String,
    label: String,
}

impl<'n> Fields<'n> {
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries.iter().find(|e| e.key == key).map(|e| &e.node)
    }

    fn child(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }
}

impl Reader {
    fn report(&mut self, span: Range<usize>, path: impl Into<String>, problem: FormatProblem) {
        self.found.push(Found {
            span,
            path: path.into(),
            problem,
        });
    }

    fn mark(&mut self, path: &str, span: &Range<usize>) {
        self.spans.insert(path.to_owned(), span.clone());
    }

    fn wrong_type(&mut self, node: &Node, path: &str, what: &str, expected: &'static str) {
        if matches!(&node.value, Value::Str(t) if t.trim() == "TODO") {
            let problem = FormatProblem::Todo {
                what: what.to_owned(),
                expected,
            };
            self.report(node.span.clone(), path, problem);
            return;
        }
        let problem = FormatProblem::WrongType {
            what: what.to_owned(),
            expected,
            found: node.value.type_name(),
            written: written(&node.value),
        };
        self.report(node.span.clone(), path, problem);
    }

    /// Opens `node` as a table, reporting a wrong type, unknown keys and duplicate keys.
    fn fields<'n>(
        &mut self,
        node: &'n Node,
        path: &str,
        label: &str,
        valid: &[&str],
    ) -> Option<Fields<'n>> {
        self.mark(path, &node.span);
        let Value::Table(entries) = &node.value else {
            self.wrong_type(node, path, label, "a table");
            return None;
        };
        for (k, e) in entries.iter().enumerate() {
            let child = if path.is_empty() {
                e.key.clone()
            } else {
                format!("{path}.{}", e.key)
            };
            if !valid.contains(&e.key.as_str()) {
                let problem = FormatProblem::unknown_key(&e.key, label, valid);
                self.report(e.key_span.clone(), child, problem);
            } else if entries[..k].iter().any(|p| p.key == e.key) {
                let problem = FormatProblem::DuplicateKey {
                    key: e.key.clone(),
                    table: label.to_owned(),
                };
                self.report(e.key_span.clone(), child, problem);
            }
        }
        Some(Fields {
            entries,
            span: node.span.clone(),
            path: path.to_owned(),
            label: label.to_owned(),
        })
    }

    fn missing(&mut self, f: &Fields<'_>, key: &'static str, hint: &'static str) {
        let problem = FormatProblem::MissingKey {
            key,
            table: f.label.clone(),
            hint,
        };
        self.report(f.span.clone(), f.child(key), problem);
    }

    fn string(&mut self, f: &Fields<'_>, key: &'static str) -> Option<String> {
        let node = f.get(key)?;
        let path = f.child(key);
        self.mark(&path, &node.span);
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            _ => {
                self.wrong_type(node, &path, &format!("'{key}' in {}", f.label), "a string");
                None
            }
        }
    }

    fn required_string(&mut self, f: &Fields<'_>, key: &'static str) -> String {
        if f.get(key).is_none() {
            self.missing(f, key, "");
        }
        self.string(f, key).unwrap_or_default()
    }

    fn string_list(&mut self, f: &Fields<'_>, key: &'static str) -> Vec<String> {
        let Some(node) = f.get(key) else {
            return Vec::new();
        };
        let path = f.child(key);
        self.mark(&path, &node.span);
        let Value::Array(items) = &node.value else {
            let what = format!("'{key}' in {}", f.label);
            self.wrong_type(node, &path, &what, "an array of strings");
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (k, item) in items.iter().enumerate() {
            let item_path = format!("{path}[{k}]");
            self.mark(&item_path, &item.span);
            match &item.value {
                Value::Str(s) => out.push(s.clone()),
                _ => {
                    let what = format!("element {} of '{key}' in {}", k + 1, f.label);
                    self.wrong_type(item, &item_path, &what, "a string");
                }
            }
        }
        out
    }

    fn number(&mut self, node: &Node, path: &str, what: &str) -> Option<f64> {
        self.mark(path, &node.span);
        match node.value {
            Value::Int(i) => Some(i as f64),
            Value::Float(x) => Some(x),
            Value::BigInt(ref t) => Some(t.parse().unwrap_or(f64::INFINITY)),
            _ => {
                self.wrong_type(node, path, what, "a number");
                None
            }
        }
    }

    fn positive_integer(&mut self, node: &Node, path: &str, what: &str, min: i64) -> Option<i64> {
        self.mark(path, &node.span);
        match node.value {
            Value::Int(i) if i >= min => Some(i),
            Value::Int(i) => {
                let valid = if min == 0 {
                    "an integer >= 0"
                } else {
                    "an integer >= 1"
                };
                let problem = FormatProblem::BadInteger {
                    what: what.to_owned(),
                    value: i.to_string(),
                    valid,
                };
                self.report(node.span.clone(), path, problem);
                None
            }
            Value::BigInt(ref t) => {
                let valid = if min == 0 {
                    "an integer from 0 to 9223372036854775807"
                } else {
                    "an integer from 1 to 9223372036854775807"
                };
                let problem = FormatProblem::BadInteger {
                    what: what.to_owned(),
                    value: t.clone(),
                    valid,
                };
                self.report(node.span.clone(), path, problem);
                None
            }
            _ => {
                self.wrong_type(node, path, what, "an integer");
                None
            }
        }
    }

    /// Reads `note`, `source` and `sentence` of a table.
    fn evidence(&mut self, f: &Fields<'_>) -> Evidence {
        let note = self.string(f, "note");
        let source = self.string(f, "source");
        let sentence = f.get("sentence").and_then(|n| {
            let what = format!("'sentence' in {}", f.label);
            let path = f.child("sentence");
            let i = self.positive_integer(n, &path, &what, 1)?;
            let fits = u32::try_from(i).ok();
            if fits.is_none() {
                let problem = FormatProblem::BadInteger {
                    what,
                    value: i.to_string(),
                    valid: "an integer from 1 to 4294967295",
                };
                self.report(n.span.clone(), path, problem);
            }
            fits
        });
        Evidence {
            note,
            source,
            sentence,
        }
    }

    /// Reads an estimate: a bare number or a table `{ value, low, high, dist, sd, note, ... }`.
    fn estimate(&mut self, node: &Node, path: &str, what: &str) -> Option<Estimate> {
        if !matches!(node.value, Value::Table(_)) {
            self.mark(&format!("{path}.value"), &node.span);
            if matches!(
                node.value,
                Value::Int(_) | Value::Float(_) | Value::BigInt(_)
            ) {
                return self.number(node, path, what).map(Estimate::point);
            }
            self.wrong_type(node, path, what, "a number or a table { value = ... }");
            return None;
        }
        let f = self.fields(node, path, what, keys::ESTIMATE)?;
        let num = |r: &mut Self, key: &str| {
            let n = f.get(key)?;
            r.number(n, &f.child(key), &format!("'{key}' of {what}"))
        };
        let value = num(self, "value");
        let low = num(self, "low");
        let high = num(self, "high");
        let sd = num(self, "sd");
        let dist = self.string(&f, "dist");
        let evidence = self.evidence(&f);
        if f.get("value").is_none() {
            self.missing(&f, "value", "; an estimate table needs its point value");
        }
        let spread = self.spread(
            &f,
            what,
            (f.get("low"), low),
            (f.get("high"), high),
            dist,
            sd,
        );
        Some(Estimate {
            value: value?,
            spread,
            evidence,
        })
    }

    fn spread(
        &mut self,
        f: &Fields<'_>,
        what: &str,
        low: (Option<&Node>, Option<f64>),
        high: (Option<&Node>, Option<f64>),
        dist: Option<String>,
        sd: Option<f64>,
    ) -> Option<Spread> {
        let distribution = match dist.as_deref() {
            None | Some("triangular") => Distribution::Triangular,
            Some("uniform") => Distribution::Uniform,
            Some("normal") => Distribution::Normal {
                sd: sd.unwrap_or(f64::NAN),
            },
            Some(other) => {
                let problem = FormatProblem::UnknownDistribution {
                    name: other.to_owned(),
                    what: what.to_owned(),
                };
                let span = f.get("dist").map_or(f.span.clone(), |n| n.span.clone());
                self.report(span, f.child("dist"), problem);
                Distribution::Triangular
            }
        };
        let is_normal = matches!(distribution, Distribution::Normal { .. });
        let known = matches!(
            dist.as_deref(),
            None | Some("triangular" | "uniform" | "normal")
        );
        // A misspelt `dist` ("distribution = \"normal\"") is already reported as an unknown
        // key; saying that 'sd' wants dist = "normal" as well would contradict what was written.
        let misspelt_dist = dist.is_none()
            && f.entries
                .iter()
                .any(|e| e.key != "dist" && e.key.starts_with("dist"));
        if known && !misspelt_dist && is_normal != f.get("sd").is_some() {
            self.report(
                f.span.clone(),
                f.child("sd"),
                FormatProblem::SdMismatch(what.to_owned()),
            );
        }
        match (low.0, high.0) {
            (None, None) => {
                if dist.is_some() {
                    let problem = FormatProblem::DistributionWithoutRange(what.to_owned());
                    self.report(f.span.clone(), f.child("dist"), problem);
                }
                None
            }
            (Some(_), Some(_)) => Some(Spread {
                low: low.1?,
                high: high.1?,
                distribution,
            }),
            (Some(n), None) | (None, Some(n)) => {
                let path = f.child(if low.0.is_some() { "high" } else { "low" });
                self.report(
                    n.span.clone(),
                    path,
                    FormatProblem::HalfRange(what.to_owned()),
                );
                None
            }
        }
    }

    /// Reads an array of tables, calling `each` with every element that is a table.
    fn tables<'n>(
        &mut self,
        root: &Fields<'n>,
        key: &str,
        label: &str,
        valid: &[&str],
        mut each: impl FnMut(&mut Self, usize, Fields<'n>),
    ) {
        let Some(node) = root.get(key) else { return };
        self.mark(key, &node.span);
        let Value::Array(items) = &node.value else {
            self.wrong_type(
                node,
                key,
                &format!("'{key}'"),
                "an array of tables ([[...]])",
            );
            return;
        };
        for (k, item) in items.iter().enumerate() {
            let path = format!("{key}[{k}]");
            let label = format!("{label} {}", k + 1);
            if let Some(f) = self.fields(item, &path, &label, valid) {
                each(self, k, f);
            }
        }
    }
}

/// A scalar as written, for messages: ` "forty"`, ` true`; empty for tables and arrays.
fn written(v: &Value) -> String {
    const MAX: usize = 40;
    let text = match v {
        Value::Str(s) if s.chars().count() > MAX => {
            format!("\"{}...\"", s.chars().take(MAX).collect::<String>())
        }
        Value::Str(s) => format!("{s:?}"),
        Value::Int(i) => i.to_string(),
        Value::BigInt(t) => t.clone(),
        Value::Float(x) => x.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Datetime(d) => d.clone(),
        Value::Table(_) | Value::Array(_) | Value::Null => return String::new(),
    };
    format!(" {text}")
}

/// Reads the whole document.
pub fn read(root: &Node) -> (Scenario, Reader) {
    let mut r = Reader::default();
    let mut s = Scenario::named("");
    let Some(top) = r.fields(root, "", "the file", keys::ROOT) else {
        return (s, r);
    };
    match top.get("scenario") {
        Some(node) => s.meta = read_meta(&mut r, node),
        None => r.missing(
            &top,
            "scenario",
            "; add a [scenario] table with at least a name",
        ),
    }
    if top.get("issue").is_none() {
        r.missing(&top, "issue", "; add at least one [[issue]] table");
    }
    if top.get("actor").is_none() {
        r.missing(&top, "actor", "; add at least one [[actor]] table");
    }
    r.tables(&top, "issue", "issue", keys::ISSUE, |r, j, f| {
        s.issues.push(read_issue(r, j, &f));
    });
    r.tables(&top, "actor", "actor", keys::ACTOR, |r, i, f| {
        s.actors.push(read_actor(r, i, &f));
    });
    r.tables(&top, "context", "context", keys::CONTEXT, |r, _, f| {
        let name = r.required_string(&f, "name");
        let evidence = r.evidence(&f);
        s.context.push(ContextParty { name, evidence });
    });
    r.tables(&top, "linkage", "linkage", keys::LINKAGE, |r, _, f| {
        s.linkages.push(Linkage {
            id: r.required_string(&f, "id"),
            name: r.required_string(&f, "name"),
            issues: r.string_list(&f, "issues"),
            evidence: r.evidence(&f),
        });
    });
    if let Some(node) = top.get("mediator") {
        s.mediator = read_mediator(&mut r, node);
    }
    r.tables(&top, "question", "question", keys::QUESTION, |r, _, f| {
        s.questions.push(read_question(r, &f));
    });
    if let Some(node) = top.get("models") {
        s.models = models::read(&mut r, node);
    }
    if let Some(node) = top.get("calibration") {
        s.calibration = read_calibration(&mut r, node);
    }
    r.tables(&top, "what_if", "what_if", keys::WHAT_IF, |r, _, f| {
        s.what_ifs.push(WhatIf {
            id: r.required_string(&f, "id"),
            name: r.required_string(&f, "name"),
            edits: r.string_list(&f, "edits"),
            evidence: r.evidence(&f),
        });
    });
    (s, r)
}

/// `[calibration]`: the error model file to use instead of the built-in one.
fn read_calibration(r: &mut Reader, node: &Node) -> Option<parley_core::CalibrationSource> {
    let f = r.fields(node, "calibration", "[calibration]", keys::CALIBRATION)?;
    let file = r.required_string(&f, "file");
    let note = r.string(&f, "note");
    Some(parley_core::CalibrationSource { file, note })
}

fn read_meta(r: &mut Reader, node: &Node) -> Meta {
    let mut meta = Meta::default();
    let Some(f) = r.fields(node, "scenario", "[scenario]", keys::SCENARIO) else {
        return meta;
    };
    meta.name = r.required_string(&f, "name");
    meta.description = r.string(&f, "description");
    meta.note = r.string(&f, "note");
    meta.date = f.get("date").and_then(|n| read_date(r, n));
    meta.seed = f.get("seed").and_then(|n| {
        let i = r.positive_integer(n, "scenario.seed", "seed", 0)?;
        u64::try_from(i).ok()
    });
    if let Some(node) = f.get("sources") {
        read_sources(r, node, &mut meta.sources);
    }
    meta
}

/// `[scenario.sources]`: free keys (source ids), each a file name or URL.
fn read_sources(r: &mut Reader, node: &Node, sources: &mut IndexMap<String, String>) {
    r.mark("scenario.sources", &node.span);
    let Value::Table(entries) = &node.value else {
        r.wrong_type(
            node,
            "scenario.sources",
            "[scenario.sources]",
            "a table of id = file or URL",
        );
        return;
    };
    for e in entries {
        let path = format!("scenario.sources.{}", e.key);
        r.mark(&path, &e.node.span);
        match &e.node.value {
            Value::Str(v) if !sources.contains_key(&e.key) => {
                sources.insert(e.key.clone(), v.clone());
            }
            Value::Str(_) => {
                let problem = FormatProblem::DuplicateKey {
                    key: e.key.clone(),
                    table: "[scenario.sources]".into(),
                };
                r.report(e.key_span.clone(), path, problem);
            }
            _ => {
                let what = format!("source '{}'", e.key);
                r.wrong_type(&e.node, &path, &what, "a string (file name or URL)");
            }
        }
    }
}

fn read_date(r: &mut Reader, node: &Node) -> Option<String> {
    r.mark("scenario.date", &node.span);
    let text = match &node.value {
        Value::Datetime(d) | Value::Str(d) => d.clone(),
        _ => {
            r.wrong_type(node, "scenario.date", "date", "a date (YYYY-MM-DD)");
            return None;
        }
    };
    if is_iso_date(&text) {
        Some(text)
    } else {
        r.report(
            node.span.clone(),
            "scenario.date",
            FormatProblem::BadDate(text),
        );
        None
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    matches!(
        (num(y, 4), num(m, 2), num(d, 2)),
        (Some(_), Some(1..=12), Some(1..=31))
    )
}

fn read_issue(r: &mut Reader, j: usize, f: &Fields<'_>) -> Issue {
    let mut issue = Issue::new("");
    issue.id = id_or_placeholder(r, f, "issue", j);
    issue.name = r.required_string(f, "name");
    issue.low = r.required_string(f, "low");
    issue.high = r.required_string(f, "high");
    issue.evidence = r.evidence(f);
    if let Some(node) = f.get("scale") {
        issue.scale = read_scale(r, node, &format!("issue[{j}].scale"));
    }
    if let Some(node) = f.get("status_quo") {
        let what = format!("status quo of issue '{}'", issue.id);
        issue.status_quo = r.estimate(node, &format!("issue[{j}].status_quo"), &what);
    }
    issue
}

/// The entry's id; when missing (already reported), a placeholder such as `<actor 2>` that
/// names the entry in later messages.
fn id_or_placeholder(r: &mut Reader, f: &Fields<'_>, kind: &str, index: usize) -> String {
    let written = matches!(f.get("id").map(|n| &n.value), Some(Value::Str(_)));
    let id = r.required_string(f, "id");
    if written {
        id
    } else {
        format!("<{kind} {}>", index + 1)
    }
}

fn read_scale(r: &mut Reader, node: &Node, path: &str) -> Scale {
    r.mark(path, &node.span);
    // An unreadable scale (already reported) becomes NaN, so nothing is judged against a
    // scale the analyst did not write.
    let unreadable = Scale {
        min: f64::NAN,
        max: f64::NAN,
    };
    let Value::Array(items) = &node.value else {
        r.wrong_type(node, path, "scale", "an array [min, max]");
        return unreadable;
    };
    if items.len() != 2 {
        let problem = FormatProblem::ScaleShape(items.len());
        r.report(node.span.clone(), path, problem);
        return unreadable;
    }
    let min = r.number(&items[0], &format!("{path}[0]"), "scale minimum");
    let max = r.number(&items[1], &format!("{path}[1]"), "scale maximum");
    match (min, max) {
        (Some(min), Some(max)) => Scale { min, max },
        _ => unreadable,
    }
}

fn read_actor(r: &mut Reader, i: usize, f: &Fields<'_>) -> Actor {
    let mut actor = Actor::new("", 1.0);
    actor.id = id_or_placeholder(r, f, "actor", i);
    actor.name = r.required_string(f, "name");
    actor.evidence = r.evidence(f);
    let path = format!("actor[{i}].capability");
    match f.get("capability") {
        Some(node) => {
            let what = format!("capability of '{}'", actor.id);
            if let Some(c) = r.estimate(node, &path, &what) {
                actor.capability = c;
            }
        }
        None => r.missing(
            f,
            "capability",
            "; capability is the actor's clout, a number > 0",
        ),
    }
    if let Some(node) = f.get("risk") {
        let what = format!("risk attitude of '{}'", actor.id);
        actor.risk = r.estimate(node, &format!("actor[{i}].risk"), &what);
    }
    if let Some(node) = f.get("stance") {
        actor.stances = read_stances(r, i, &actor.id, node);
    }
    actor
}

fn read_stances(r: &mut Reader, i: usize, actor: &str, node: &Node) -> IndexMap<String, Stance> {
    let mut stances = IndexMap::new();
    let path = format!("actor[{i}].stance");
    r.mark(&path, &node.span);
    let Value::Table(entries) = &node.value else {
        r.wrong_type(
            node,
            &path,
            "stance",
            "a table of issue id = { position, salience }",
        );
        return stances;
    };
    for e in entries {
        let spath = format!("{path}.{}", e.key);
        r.mark(&spath, &e.key_span);
        let label = format!("stance of '{actor}' on '{}'", e.key);
        let Some(f) = r.fields(&e.node, &spath, &label, keys::STANCE) else {
            continue;
        };
        // Point the stance itself at its key, where readers look for it.
        r.mark(&spath, &e.key_span);
        let read = |r: &mut Reader, key: &'static str, word: &str| {
            let Some(n) = f.get(key) else {
                r.missing(&f, key, "");
                return None;
            };
            r.estimate(
                n,
                &f.child(key),
                &format!("{word} of '{actor}' on '{}'", e.key),
            )
        };
        let position = read(r, "position", "position");
        let salience = read(r, "salience", "salience");
        let evidence = r.evidence(&f);
        if stances.contains_key(&e.key) {
            let problem = FormatProblem::DuplicateKey {
                key: e.key.clone(),
                table: format!("stances of '{actor}'"),
            };
            r.report(e.key_span.clone(), spath, problem);
            continue;
        }
        // An unreadable number (reported above) keeps its stance, with a NaN placeholder, so
        // the rules that ask whether an actor takes part in an issue (a mediator's parties,
        // issues without actors) see what was written; the placeholder's own problems lie at
        // the reported path and are not reported twice.
        let placeholder = || Estimate::point(f64::NAN);
        stances.insert(
            e.key.clone(),
            Stance {
                position: position.unwrap_or_else(placeholder),
                salience: salience.unwrap_or_else(placeholder),
                evidence,
            },
        );
    }
    stances
}

fn read_mediator(r: &mut Reader, node: &Node) -> Option<Mediator> {
    // Returns `None` only when `[mediator]` is not a table (already reported).
    let f = r.fields(node, "mediator", "[mediator]", keys::MEDIATOR)?;
    let actor = r.required_string(&f, "actor");
    let issues = r.string_list(&f, "issues");
    if f.get("issues").is_none() {
        r.missing(&f, "issues", "; list the issue ids the mediator brokers");
    }
    let parties = f.get("parties").map(|_| r.string_list(&f, "parties"));
    // An unreadable bias is reported; keep the rest of the mediator so it is checked too.
    let bias = f
        .get("bias")
        .and_then(|n| r.estimate(n, "mediator.bias", "mediator bias"))
        .unwrap_or_else(|| Estimate::point(0.0));
    Some(Mediator {
        actor,
        issues,
        parties,
        bias,
        evidence: r.evidence(&f),
    })
}

fn read_question(r: &mut Reader, f: &Fields<'_>) -> Question {
    Question {
        id: r.required_string(f, "id"),
        text: r.required_string(f, "text"),
        issues: r.string_list(f, "issues"),
        condition: r.string(f, "condition"),
        actors: r.string_list(f, "actors"),
        linkage: r.string(f, "linkage"),
        evidence: r.evidence(f),
    }
}
