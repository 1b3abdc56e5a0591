//! Writing a scenario as Parley TOML: the target of `parley import`, and a format the reader
//! reads back to the same scenario (tested on the flagship).

use std::fmt::Write;

use parley_core::{Distribution, Estimate, Evidence, Scenario};

/// The scenario as Parley TOML, keys in the order `docs/scenario-format.md` lists them.
pub fn to_toml(s: &Scenario) -> String {
    let mut out = String::new();
    meta(&mut out, s);
    for issue in &s.issues {
        out.push_str("\n[[issue]]\n");
        kv(&mut out, "id", &toml_string(&issue.id));
        kv(&mut out, "name", &toml_string(&issue.name));
        kv(&mut out, "low", &toml_string(&issue.low));
        kv(&mut out, "high", &toml_string(&issue.high));
        kv(
            &mut out,
            "scale",
            &format!("[{}, {}]", number(issue.scale.min), number(issue.scale.max)),
        );
        if let Some(sq) = &issue.status_quo {
            kv(&mut out, "status_quo", &estimate(sq));
        }
        evidence(&mut out, &issue.evidence);
    }
    for actor in &s.actors {
        out.push_str("\n[[actor]]\n");
        kv(&mut out, "id", &toml_string(&actor.id));
        kv(&mut out, "name", &toml_string(&actor.name));
        kv(&mut out, "capability", &estimate(&actor.capability));
        if let Some(r) = &actor.risk {
            kv(&mut out, "risk", &estimate(r));
        }
        evidence(&mut out, &actor.evidence);
        for (issue, st) in &actor.stances {
            let _ = writeln!(out, "\n[actor.stance.{}]", key(issue));
            kv(&mut out, "position", &estimate(&st.position));
            kv(&mut out, "salience", &estimate(&st.salience));
            evidence(&mut out, &st.evidence);
        }
    }
    extras(&mut out, s);
    out
}

fn meta(out: &mut String, s: &Scenario) {
    out.push_str("[scenario]\n");
    kv(out, "name", &toml_string(&s.meta.name));
    if let Some(d) = &s.meta.description {
        kv(out, "description", &toml_string(d));
    }
    if let Some(d) = &s.meta.date {
        kv(out, "date", d);
    }
    if let Some(seed) = s.meta.seed {
        kv(out, "seed", &seed.to_string());
    }
    if let Some(n) = &s.meta.note {
        kv(out, "note", &toml_string(n));
    }
    if !s.meta.sources.is_empty() {
        out.push_str("\n[scenario.sources]\n");
        for (id, loc) in &s.meta.sources {
            kv(out, &key(id), &toml_string(loc));
        }
    }
}

fn extras(out: &mut String, s: &Scenario) {
    for c in &s.context {
        out.push_str("\n[[context]]\n");
        kv(out, "name", &toml_string(&c.name));
        evidence(out, &c.evidence);
    }
    for l in &s.linkages {
        out.push_str("\n[[linkage]]\n");
        kv(out, "id", &toml_string(&l.id));
        kv(out, "name", &toml_string(&l.name));
        kv(out, "issues", &list(&l.issues));
        evidence(out, &l.evidence);
    }
    if let Some(m) = &s.mediator {
        out.push_str("\n[mediator]\n");
        kv(out, "actor", &toml_string(&m.actor));
        kv(out, "issues", &list(&m.issues));
        if let Some(p) = &m.parties {
            kv(out, "parties", &list(p));
        }
        kv(out, "bias", &estimate(&m.bias));
        evidence(out, &m.evidence);
    }
    for q in &s.questions {
        out.push_str("\n[[question]]\n");
        kv(out, "id", &toml_string(&q.id));
        kv(out, "text", &toml_string(&q.text));
        kv(out, "issues", &list(&q.issues));
        if let Some(c) = &q.condition {
            kv(out, "condition", &toml_string(c));
        }
        kv(out, "actors", &list(&q.actors));
        if let Some(l) = &q.linkage {
            kv(out, "linkage", &toml_string(l));
        }
        evidence(out, &q.evidence);
    }
    for w in &s.what_ifs {
        out.push_str("\n[[what_if]]\n");
        kv(out, "id", &toml_string(&w.id));
        kv(out, "name", &toml_string(&w.name));
        kv(out, "edits", &list(&w.edits));
        evidence(out, &w.evidence);
    }
    if let Some(smp) = &s.models.smp {
        smp_settings(out, smp);
    }
    if let Some(c) = &s.calibration {
        out.push_str("\n[calibration]\n");
        kv(out, "file", &toml_string(&c.file));
        if let Some(note) = &c.note {
            kv(out, "note", &toml_string(note));
        }
    }
}

/// `[models.smp]`: every parameter (so a file shows what runs), the seed, the accommodation.
fn smp_settings(out: &mut String, smp: &parley_core::models::smp::SmpSettings) {
    use parley_core::models::smp::SmpParams;
    out.push_str(
        "
[models.smp]
",
    );
    for k in SmpParams::keys() {
        let v = smp.params.get(k).unwrap_or_default();
        let v = match k {
            "min_turns" | "max_turns" => v,
            "stop_ratio" => number(smp.params.stop_ratio),
            _ => toml_string(&v),
        };
        kv(out, k, &v);
    }
    if let Some(seed) = smp.seed {
        // TOML integers stop at 2^63 - 1; larger seeds go as strings.
        let v = if i64::try_from(seed).is_ok() {
            seed.to_string()
        } else {
            toml_string(&seed.to_string())
        };
        kv(out, "seed", &v);
    }
    for a in &smp.accommodation {
        out.push_str(
            "
[[models.smp.accommodation]]
",
        );
        kv(out, "actor", &toml_string(&a.actor));
        kv(out, "reference", &toml_string(&a.reference));
        kv(out, "rate", &number(a.rate));
    }
}

fn kv(out: &mut String, k: &str, v: &str) {
    let _ = writeln!(out, "{k} = {v}");
}

fn evidence(out: &mut String, e: &Evidence) {
    for (k, v) in evidence_pairs(e) {
        kv(out, k, &v);
    }
}

fn evidence_pairs(e: &Evidence) -> Vec<(&'static str, String)> {
    let mut pairs = Vec::new();
    if let Some(n) = &e.note {
        pairs.push(("note", toml_string(n)));
    }
    if let Some(s) = &e.source {
        pairs.push(("source", toml_string(s)));
    }
    if let Some(n) = e.sentence {
        pairs.push(("sentence", n.to_string()));
    }
    pairs
}

/// A plain number, or an inline table when there is a range or evidence.
fn estimate(e: &Estimate) -> String {
    let mut parts = vec![("value", number(e.value))];
    if let Some(sp) = &e.spread {
        parts.push(("low", number(sp.low)));
        parts.push(("high", number(sp.high)));
        match sp.distribution {
            Distribution::Triangular => {}
            Distribution::Uniform => parts.push(("dist", toml_string("uniform"))),
            Distribution::Normal { sd } => {
                parts.push(("dist", toml_string("normal")));
                parts.push(("sd", number(sd)));
            }
        }
    }
    parts.extend(evidence_pairs(&e.evidence));
    if parts.len() == 1 {
        return number(e.value);
    }
    let body: Vec<String> = parts.iter().map(|(k, v)| format!("{k} = {v}")).collect();
    format!("{{ {} }}", body.join(", "))
}

/// A float that reads back exactly (Rust's shortest round-trip form; TOML spellings of the
/// non-finite values).
fn number(x: f64) -> String {
    if x.is_nan() {
        "nan".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf".into() } else { "-inf".into() }
    } else {
        format!("{x:?}")
    }
}

/// `s` as a TOML basic string, quoted and escaped (also used by the news reader's drafts).
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A bare key where TOML allows one, else a quoted key.
fn key(k: &str) -> String {
    let bare = !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { k.to_owned() } else { toml_string(k) }
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
    format!("[{}]", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_keys_and_numbers_are_escaped_for_toml() {
        assert_eq!(toml_string("a \"b\"\\\n"), "\"a \\\"b\\\"\\\\\\n\"");
        assert_eq!(key("iran_nuclear"), "iran_nuclear");
        assert_eq!(key("EU (incl Norway)"), "\"EU (incl Norway)\"");
        assert_eq!(number(0.1), "0.1");
        assert_eq!(number(100.0), "100.0");
    }
}
