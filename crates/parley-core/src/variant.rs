//! Variants of a scenario: named what-ifs and ad-hoc edits combined in one run, and scans of
//! one number over a range of values.
//!
//! A variant is the base scenario with any number of its what-ifs applied in the order given,
//! then any number of ad-hoc edits (`--set`), in the what-if edit syntax of
//! [`crate::what_if`]. Two what-ifs were each written against the base scenario, so two that
//! change the same number (or one that removes an actor another edits) have no single meaning
//! and are refused; an ad-hoc edit comes last and may deliberately override a what-if.
//!
//! A scan (`PATH=FROM:TO:STEP`, as hyperfine's `--parameter-scan`) sets one number to each
//! value of an arithmetic sequence in turn: `usa.ukraine_aid.salience=0:1:0.25` is the five
//! variants with that salience at 0, 0.25, 0.5, 0.75 and 1.

use crate::scenario::Scenario;
use crate::what_if::{Edit, EditError, EditSource, Target, WhatIfError, apply_edits};

/// The most values a scan may have: each is a whole analysis, so the work stays bounded.
pub const MAX_SCAN_STEPS: usize = 1_000;

/// Why a variant could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum VariantError {
    /// A what-if or an edit failed (unknown id, bad edit, invalid result).
    #[error(transparent)]
    WhatIf(#[from] WhatIfError),
    /// One what-if given twice.
    #[error("what-if '{0}' is given twice; each what-if applies once")]
    Repeated(String),
    /// Two what-ifs change the same number.
    #[error(
        "what-ifs '{first}' and '{second}' both change {number}; each was written against the \
         base scenario, so together they are ambiguous: drop one, or give the value you mean \
         {override_with}"
    )]
    Overlap {
        /// The earlier what-if.
        first: String,
        /// The later what-if.
        second: String,
        /// The number (or actor, or mediator) both change.
        number: String,
        /// Where the caller's own edits go, which apply after the what-ifs: "with --set after
        /// them", "in `edits` (applied after them)" ([`EditSource::after_what_ifs`]).
        override_with: String,
    },
}

/// Why a scan could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScanError {
    /// Not of the form `PATH=FROM:TO:STEP`.
    #[error(
        "'{0}' is not a scan; write PATH=FROM:TO:STEP, e.g. 'usa.ukraine_aid.salience=0:1:0.25'"
    )]
    Syntax(String),
    /// The path does not name a number an edit can set.
    #[error("scan '{scan}': {source}")]
    Path {
        /// The scan as written.
        scan: String,
        /// Why the path is not a number.
        source: EditError,
    },
    /// FROM, TO or STEP is not a finite number.
    #[error("scan '{scan}': {part} '{text}' is not a finite number")]
    NotANumber {
        /// The scan as written.
        scan: String,
        /// `FROM`, `TO` or `STEP`.
        part: &'static str,
        /// The text found there.
        text: String,
    },
    /// The step is not positive, or FROM is above TO.
    #[error("scan '{0}': need FROM <= TO and a STEP above 0")]
    Range(String),
    /// More values than [`MAX_SCAN_STEPS`].
    #[error(
        "scan '{scan}' has {} values, more than the {max} allowed; use a larger STEP",
        count_shown(*steps),
        max = MAX_SCAN_STEPS
    )]
    TooMany {
        /// The scan as written.
        scan: String,
        /// How many values it would have (+inf when the count overflows an `f64`).
        steps: f64,
    },
}

/// A value count for people: an overflowed count is "more than 1e308", not "inf".
fn count_shown(steps: f64) -> String {
    if !steps.is_finite() {
        "more than 1e308".to_owned()
    } else if steps >= 1e6 {
        // A count of 300 digits (a step of 1e-300) reads as noise: its order of magnitude is
        // what matters.
        format!("about {steps:.0e}")
    } else {
        format!("{steps}")
    }
}

/// A variant's name when none is given (`compare`'s column): its what-ifs, then its edits,
/// joined by ` + `; one what-if or one edit is its own name.
pub fn name(what_ifs: &[String], sets: &[String]) -> String {
    what_ifs
        .iter()
        .chain(sets)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The base scenario with `what_ifs` (ids, in order) and then `sets` (edits) applied, validated.
/// With neither, the base itself. `sets_from` names where the edits were given, for messages
/// (the command line's `--set`, the web API's `set` field).
pub fn apply(
    base: &Scenario,
    what_ifs: &[String],
    sets: &[String],
    sets_from: EditSource,
) -> Result<Scenario, VariantError> {
    check_overlaps(base, what_ifs, &sets_from)?;
    let mut s = base.clone();
    for id in what_ifs {
        s = apply_edits(&s, EditSource::WhatIf(id.clone()), edits_of(base, id)?)?;
    }
    if !sets.is_empty() {
        s = apply_edits(&s, sets_from, sets)?;
    }
    Ok(s)
}

/// The edits of what-if `id` of `base`.
fn edits_of<'s>(base: &'s Scenario, id: &str) -> Result<&'s [String], WhatIfError> {
    Ok(&base.what_if(id)?.edits)
}

/// What an edit changes, for the overlap check: a number's path, `actor ID` for a removal,
/// `the mediator`.
fn touches(edit: &Edit) -> (Option<&str>, String) {
    match edit {
        Edit::Change { target, .. } => match target {
            Target::Position { actor, issue } => (Some(actor), format!("{actor}.{issue}.position")),
            Target::Salience { actor, issue } => (Some(actor), format!("{actor}.{issue}.salience")),
            Target::Capability(a) => (Some(a), format!("{a}.capability")),
            Target::Risk(a) => (Some(a), format!("{a}.risk")),
            Target::StatusQuo(i) => (None, format!("{i}.status_quo")),
        },
        Edit::RemoveActor(a) => (Some(a), format!("actor '{a}'")),
        Edit::RemoveMediator => (None, "the mediator".into()),
    }
}

/// Refuses two what-ifs that change the same number, or where one removes an actor the other
/// edits.
fn check_overlaps(
    base: &Scenario,
    what_ifs: &[String],
    sets_from: &EditSource,
) -> Result<(), VariantError> {
    if let Some((_, id)) = what_ifs
        .iter()
        .enumerate()
        .find(|(k, id)| what_ifs[..*k].contains(id))
    {
        return Err(VariantError::Repeated(id.clone()));
    }
    // (what-if, actor, key, removes the actor)
    let mut seen: Vec<(&str, Option<String>, String, bool)> = Vec::new();
    for id in what_ifs {
        let mut mine = Vec::new();
        for text in edits_of(base, id)? {
            // A bad edit is reported, with its what-if, when the variant is applied.
            let Ok(edit) = Edit::parse(text) else {
                continue;
            };
            let (actor, key) = touches(&edit);
            let removes = matches!(edit, Edit::RemoveActor(_));
            for (other, o_actor, o_key, o_removes) in &seen {
                if *other == id.as_str() {
                    continue;
                }
                let same_actor = actor.is_some() && actor.map(str::to_owned) == *o_actor;
                if *o_key == key || (same_actor && (removes || *o_removes)) {
                    let number = if *o_removes {
                        o_key.clone()
                    } else {
                        key.clone()
                    };
                    return Err(VariantError::Overlap {
                        first: (*other).to_owned(),
                        second: id.clone(),
                        number,
                        override_with: sets_from.after_what_ifs(),
                    });
                }
            }
            mine.push((id.as_str(), actor.map(str::to_owned), key, removes));
        }
        seen.extend(mine);
    }
    Ok(())
}

/// One number set to each value of an arithmetic sequence in turn.
#[derive(Debug, Clone, PartialEq)]
pub struct Scan {
    /// The number's path in edit syntax, e.g. `usa.ukraine_aid.salience`.
    pub path: String,
    /// The values, ascending.
    pub values: Vec<f64>,
}

/// Digits after the decimal point of a number as written; `None` for exponent notation or
/// more digits than a double holds, where no rounding is meant.
fn decimals(text: &str) -> Option<u32> {
    if text.contains(['e', 'E']) {
        return None;
    }
    let places = text.split_once('.').map_or(0, |(_, f)| f.len());
    u32::try_from(places).ok().filter(|&p| p <= 15)
}

/// `v` rounded to `places` decimals (unchanged for `None`).
fn round_to(v: f64, places: Option<u32>) -> f64 {
    match places {
        Some(p) => {
            let scale = 10f64.powi(p as i32);
            (v * scale).round() / scale
        }
        None => v,
    }
}

impl Scan {
    /// Reads `PATH=FROM:TO:STEP`. The values are `FROM + k STEP` up to TO (TO itself included
    /// when the steps reach it within a millionth of a step, so `0:1:0.1` ends at exactly 1).
    pub fn parse(text: &str) -> Result<Scan, ScanError> {
        let syntax = || ScanError::Syntax(text.to_owned());
        let (path, range) = text.split_once('=').ok_or_else(syntax)?;
        let path = path.trim();
        let parts: Vec<&str> = range.split(':').map(str::trim).collect();
        let [from, to, step] = parts[..] else {
            return Err(syntax());
        };
        // The path must name a number an edit can set: check it as the edit `PATH = 0`.
        match Edit::parse(&format!("{path} = 0")) {
            Ok(Edit::Change { .. }) => {}
            Ok(_) => return Err(syntax()),
            Err(source) => {
                return Err(ScanError::Path {
                    scan: text.to_owned(),
                    source,
                });
            }
        }
        let number = |part: &'static str, s: &str| {
            s.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| ScanError::NotANumber {
                    scan: text.to_owned(),
                    part,
                    text: s.to_owned(),
                })
        };
        let (from, to, step) = (
            number("FROM", from)?,
            number("TO", to)?,
            number("STEP", step)?,
        );
        if step <= 0.0 || from > to {
            return Err(ScanError::Range(text.to_owned()));
        }
        let last = ((to - from) / step + 1e-6).floor();
        // `last` is finite or +inf here (finite ends, positive step), never NaN.
        if last + 1.0 > MAX_SCAN_STEPS as f64 {
            return Err(ScanError::TooMany {
                scan: text.to_owned(),
                steps: last + 1.0,
            });
        }
        // Each value from its index, not by repeated addition, so rounding does not build up;
        // then to the decimals FROM and STEP are written with, so `0:1:0.3` gives 0.9, not
        // 0.8999999999999999 (the binary value of 3 x 0.3).
        let n = last as usize;
        let places = decimals(parts[0])
            .zip(decimals(parts[2]))
            .map(|(a, b)| a.max(b));
        let values = (0..=n)
            .map(|k| {
                let v = round_to(from + k as f64 * step, places);
                if k == n && (to - v).abs() <= 1e-6 * step {
                    to
                } else {
                    v
                }
            })
            .collect();
        Ok(Scan {
            path: path.to_owned(),
            values,
        })
    }

    /// The edit that sets the number to `value`, in the syntax `--set` takes.
    pub fn edit(&self, value: f64) -> String {
        format!("{} = {value}", self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Actor;
    use crate::issue::Issue;
    use crate::scenario::WhatIf;

    /// Edits given as the command line's `--set`.
    fn cli() -> EditSource {
        EditSource::Given("--set".into())
    }

    fn base() -> Scenario {
        let mut s = Scenario::named("t");
        s.issues.push(Issue::new("aid").with_status_quo(50.0));
        s.actors
            .push(Actor::new("usa", 10.0).with_stance("aid", 60.0, 0.8));
        s.actors
            .push(Actor::new("rus", 5.0).with_stance("aid", 0.0, 0.9));
        s.actors
            .push(Actor::new("ukr", 2.0).with_stance("aid", 100.0, 1.0));
        for (id, edits) in [
            ("cut", vec!["usa.aid.position = 20"]),
            ("care", vec!["rus.aid.salience = 0.3"]),
            ("also_cut", vec!["usa.aid.position -= 10"]),
            ("drop_usa", vec!["remove actor usa"]),
        ] {
            s.what_ifs.push(WhatIf {
                id: id.into(),
                name: id.into(),
                edits: edits.into_iter().map(String::from).collect(),
                evidence: Default::default(),
            });
        }
        s
    }

    fn position(s: &Scenario, actor: &str) -> f64 {
        let a = s.actors.iter().find(|a| a.id == actor).expect("actor");
        a.stances["aid"].position.value
    }

    #[test]
    fn what_ifs_and_sets_combine_in_order() {
        let b = base();
        let v = apply(
            &b,
            &["cut".into(), "care".into()],
            &["usa.aid.position += 5".into()],
            cli(),
        )
        .expect("valid");
        // cut sets 20, then --set adds 5.
        assert_eq!(position(&v, "usa"), 25.0);
        assert_eq!(v.actors[1].stances["aid"].salience.value, 0.3);
        assert!(v.what_ifs.is_empty());
        // Nothing asked: the base itself, what-ifs kept.
        assert_eq!(apply(&b, &[], &[], cli()).expect("valid"), b);
    }

    #[test]
    fn overlapping_what_ifs_are_refused() {
        let b = base();
        let err = apply(&b, &["cut".into(), "also_cut".into()], &[], cli()).unwrap_err();
        assert_eq!(
            err,
            VariantError::Overlap {
                first: "cut".into(),
                second: "also_cut".into(),
                number: "usa.aid.position".into(),
                override_with: "with --set after them".into(),
            }
        );
        assert!(err.to_string().contains("--set"));
        // Removing an actor another what-if edits is an overlap too, either way round.
        for pair in [["drop_usa", "cut"], ["cut", "drop_usa"]] {
            let ids: Vec<String> = pair.iter().map(|s| (*s).to_owned()).collect();
            assert!(matches!(
                apply(&b, &ids, &[], cli()),
                Err(VariantError::Overlap { .. })
            ));
        }
        // A --set after a what-if may override it.
        let v = apply(
            &b,
            &["cut".into()],
            &["usa.aid.position = 70".into()],
            cli(),
        )
        .expect("valid");
        assert_eq!(position(&v, "usa"), 70.0);
    }

    #[test]
    fn unknown_what_ifs_and_bad_edits_are_named() {
        let b = base();
        let err = apply(&b, &["nope".into()], &[], cli())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("unknown what-if 'nope'") && err.contains("cut"),
            "{err}"
        );
        let err = apply(&b, &[], &["usa.aid.salience = 2".into()], cli())
            .unwrap_err()
            .to_string();
        // The flag is named as a flag, not as a what-if called "--set".
        assert!(
            err.starts_with("the --set edits leave an invalid scenario: salience of 'usa'")
                && !err.contains("what-if"),
            "{err}"
        );
        let err = apply(&b, &[], &["usa.aid.mood = 2".into()], cli())
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("--set \"usa.aid.mood = 2\": unknown field 'mood'"),
            "{err}"
        );
    }

    #[test]
    fn scans_step_from_their_index() {
        let s = Scan::parse("usa.aid.salience=0:1:0.25").expect("scan");
        assert_eq!(s.path, "usa.aid.salience");
        assert_eq!(s.values, [0.0, 0.25, 0.5, 0.75, 1.0]);
        // 0.1 is not exact in binary: ten additions give 0.9999999999999999, the index gives
        // 1 at the end (snapped to TO), and 3 x 0.1 = 0.30000000000000004, rounded to the one
        // decimal the STEP is written with: 0.3 (sweep 5: 0.8999999999999999 was printed).
        let s = Scan::parse("usa.aid.position = 0 : 1 : 0.1").expect("scan");
        assert_eq!(s.values.len(), 11);
        assert_eq!(s.values[10], 1.0);
        assert_ne!(3.0 * 0.1, 0.3);
        assert_eq!(s.values[3], 0.3);
        let thirds = Scan::parse("usa.aid.salience=0:1:0.3").expect("scan");
        assert_eq!(thirds.values, [0.0, 0.3, 0.6, 0.9]);
        // Exponent notation is not rounded (0.001 would round to 0 at STEP's one decimal).
        let tiny = Scan::parse("usa.aid.salience=1e-3:1:0.5").expect("scan");
        assert_eq!(tiny.values, [0.001, 0.501]);
        // TO not on the grid: the last value below it.
        assert_eq!(
            Scan::parse("aid.status_quo=10:25:10").expect("scan").values,
            [10.0, 20.0]
        );
        assert_eq!(s.edit(0.5), "usa.aid.position = 0.5");
    }

    #[test]
    fn bad_scans_say_what_would_be_valid() {
        for (text, want) in [
            ("usa.aid.salience", "PATH=FROM:TO:STEP"),
            ("usa.aid.salience=0:1", "PATH=FROM:TO:STEP"),
            (
                "usa.aid.salience=zero:1:0.5",
                "FROM 'zero' is not a finite number",
            ),
            (
                "usa.aid.salience=0:1:NaN",
                "STEP 'NaN' is not a finite number",
            ),
            ("usa.aid.salience=1:0:0.5", "FROM <= TO"),
            ("usa.aid.salience=0:1:0", "STEP above 0"),
            ("usa.aid.salience=0:1:1e-9", "more than the 1000 allowed"),
            // sweep3 item 18: 1e300 values, not a 300-digit integer.
            (
                "usa.aid.salience=0:1:1e-300",
                "has about 1e300 values, more than the 1000 allowed",
            ),
            ("usa.aid.salience=0:1:0.0004", "has 2501 values"),
            // The count overflows f64: said in words, not as "inf values".
            (
                "usa.aid.salience=-1e308:1e308:1e307",
                "has more than 1e308 values, more than the 1000 allowed",
            ),
            (
                "usa.aid.salience=0:1:5e-324",
                "has more than 1e308 values, more than the 1000 allowed",
            ),
            ("usa.aid.mood=0:1:0.5", "unknown field 'mood'"),
            ("remove actor usa=0:1:1", "PATH=FROM:TO:STEP"),
        ] {
            let err = Scan::parse(text).unwrap_err().to_string();
            assert!(err.contains(want), "{text}: {err}");
        }
    }
}
