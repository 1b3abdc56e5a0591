//! An expert panel: several codings of one negotiation merged into one scenario
//! (`parley merge a.toml b.toml c.toml`), the way EUM and KTAB practice gathers its inputs
//! from several experts.
//!
//! - **Structure must agree.** Every coding has the same issues (ids and scales) and the same
//!   actors (ids); otherwise nothing is merged and every difference is reported with the two
//!   codings named ([`MergeError::Conflicts`]).
//! - **Point values** (capability, risk, position, salience, status quo, mediator bias) are
//!   the median of the coders' values (the mean with [`Centre::Mean`]); a median of an even
//!   number of values is the mean of the middle two.
//! - **Ranges cover the coders' spread:** the merged range runs from the lowest of the
//!   coders' lows (a point value counts as its own low and high) to the highest of their
//!   highs, so every coder's value and range lies inside it. It is uniform when every coder
//!   with a range used uniform, normal (with the largest sd) when every one used normal, else
//!   triangular; a value all coders gave as the same point stays a point.
//! - **Evidence keeps who said what:** the merged number's note lists each coder's value,
//!   range, note, source and sentence, coders named by [`Coding::coder`] (the file stem).
//!   A source or sentence all coders share is kept as the field.
//! - A stance some coders left out is merged over the coders who gave it (the note says
//!   who). Everything else (the scenario's name and sources, questions, linkages, what-ifs,
//!   mediator's actor and issues, model settings) comes from the first coding; where another
//!   coding differs, [`Merged::notes`] says so.

use std::fmt::{self, Write as _};

use parley_core::text::Shown;
use parley_core::{Distribution, Estimate, Evidence, Scenario, Spread, Stance};

/// One coder's scenario.
#[derive(Debug, Clone)]
pub struct Coding {
    /// Who coded it (the file stem in `parley merge`).
    pub coder: String,
    /// The file it came from, for messages.
    pub file: String,
    /// The scenario.
    pub scenario: Scenario,
}

/// How point values are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Centre {
    /// The median (robust to one outlying coder).
    #[default]
    Median,
    /// The arithmetic mean.
    Mean,
}

impl Centre {
    fn name(self) -> &'static str {
        match self {
            Centre::Median => "median",
            Centre::Mean => "mean",
        }
    }

    /// The centre of `values`; NaN (which validation rejects) for none, which the callers
    /// never pass.
    fn of(self, values: &[f64]) -> f64 {
        if values.is_empty() {
            return f64::NAN;
        }
        let mut v = values.to_vec();
        match self {
            Centre::Mean => v.iter().sum::<f64>() / v.len() as f64,
            Centre::Median => {
                v.sort_by(f64::total_cmp);
                let n = v.len();
                if n % 2 == 1 {
                    v[n / 2]
                } else {
                    (v[n / 2 - 1] + v[n / 2]) / 2.0
                }
            }
        }
    }
}

/// One structural difference between two codings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The first coding's file.
    pub first: String,
    /// The other coding's file.
    pub other: String,
    /// What differs.
    pub what: String,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} vs {}: {}", self.first, self.other, self.what)
    }
}

/// Why codings could not be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// Fewer than two codings.
    #[error("a panel needs at least two codings; got {0}")]
    TooFew(usize),
    /// Two coders have the same name (file stem), so the evidence could not tell them apart.
    #[error("two codings have the coder name '{coder_shown}' ({first} and {other}); rename one file", coder_shown = Shown(.coder))]
    SameCoder {
        /// The name.
        coder: String,
        /// One file.
        first: String,
        /// The other.
        other: String,
    },
    /// The codings do not describe the same negotiation.
    #[error(
        "the codings do not share one structure ({} difference{}); make them agree and merge again:\n{}",
        .0.len(),
        if .0.len() == 1 { "" } else { "s" },
        .0.iter().map(|c| format!("  {c}")).collect::<Vec<_>>().join("\n")
    )]
    Conflicts(Vec<Conflict>),
}

/// The merged scenario and what a person should know about it.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The panel's scenario.
    pub scenario: Scenario,
    /// Differences resolved by taking the first coding (questions, names, ...).
    pub notes: Vec<String>,
}

/// Checks that every coding has the first one's issues, scales and actors.
fn check_structure(codings: &[Coding]) -> Vec<Conflict> {
    let mut out = Vec::new();
    let first = &codings[0];
    let ids = |s: &Scenario| s.issues.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
    let actors = |s: &Scenario| s.actors.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
    for other in &codings[1..] {
        let mut push = |what: String| {
            out.push(Conflict {
                first: first.file.clone(),
                other: other.file.clone(),
                what,
            });
        };
        let (a, b) = (ids(&first.scenario), ids(&other.scenario));
        for id in a.iter().filter(|i| !b.contains(i)) {
            push(format!("issue '{id}' is in {} only", first.file));
        }
        for id in b.iter().filter(|i| !a.contains(i)) {
            push(format!("issue '{id}' is in {} only", other.file));
        }
        for issue in &first.scenario.issues {
            if let Some(o) = other.scenario.issues.iter().find(|i| i.id == issue.id)
                && o.scale != issue.scale
            {
                push(format!(
                    "issue '{}' has scale [{}, {}] in {} but [{}, {}] in {}",
                    issue.id,
                    issue.scale.min,
                    issue.scale.max,
                    first.file,
                    o.scale.min,
                    o.scale.max,
                    other.file
                ));
            }
        }
        let (a, b) = (actors(&first.scenario), actors(&other.scenario));
        for id in a.iter().filter(|i| !b.contains(i)) {
            push(format!("actor '{id}' is in {} only", first.file));
        }
        for id in b.iter().filter(|i| !a.contains(i)) {
            push(format!("actor '{id}' is in {} only", other.file));
        }
    }
    out
}

/// Merges `codings` (see the module documentation).
pub fn merge(codings: &[Coding], centre: Centre) -> Result<Merged, MergeError> {
    if codings.len() < 2 {
        return Err(MergeError::TooFew(codings.len()));
    }
    for (k, c) in codings.iter().enumerate() {
        if let Some(o) = codings[..k].iter().find(|o| o.coder == c.coder) {
            return Err(MergeError::SameCoder {
                coder: c.coder.clone(),
                first: o.file.clone(),
                other: c.file.clone(),
            });
        }
    }
    let conflicts = check_structure(codings);
    if !conflicts.is_empty() {
        return Err(MergeError::Conflicts(conflicts));
    }
    let mut notes = Vec::new();
    let first = &codings[0].scenario;
    let mut s = first.clone();
    let coders: Vec<&str> = codings.iter().map(|c| c.coder.as_str()).collect();
    for (j, issue) in s.issues.iter_mut().enumerate() {
        let each: Vec<Option<&Estimate>> = codings
            .iter()
            .map(|c| {
                issue_of(&c.scenario, &first.issues[j].id)
                    .status_quo
                    .as_ref()
            })
            .collect();
        issue.status_quo = combine_optional(&coders, &each, centre);
        issue.evidence = combine_evidence(
            &coders,
            &codings
                .iter()
                .map(|c| Some(&issue_of(&c.scenario, &issue.id).evidence))
                .collect::<Vec<_>>(),
        );
    }
    for actor in &mut s.actors {
        let theirs: Vec<&parley_core::Actor> = codings
            .iter()
            .map(|c| {
                c.scenario
                    .actors
                    .iter()
                    .find(|a| a.id == actor.id)
                    .unwrap_or(actor_placeholder())
            })
            .collect();
        actor.capability = combine(
            &coders,
            &theirs
                .iter()
                .map(|a| Some(&a.capability))
                .collect::<Vec<_>>(),
            centre,
        );
        actor.risk = combine_optional(
            &coders,
            &theirs.iter().map(|a| a.risk.as_ref()).collect::<Vec<_>>(),
            centre,
        );
        actor.evidence = combine_evidence(
            &coders,
            &theirs.iter().map(|a| Some(&a.evidence)).collect::<Vec<_>>(),
        );
        actor.stances.clear();
        for issue in &first.issues {
            let stances: Vec<Option<&Stance>> =
                theirs.iter().map(|a| a.stances.get(&issue.id)).collect();
            if stances.iter().all(Option::is_none) {
                continue;
            }
            if let Some(note) = minority_stance(&coders, &stances, &actor.id, &issue.id) {
                notes.push(note);
            }
            let position = combine(
                &coders,
                &stances
                    .iter()
                    .map(|t| t.map(|t| &t.position))
                    .collect::<Vec<_>>(),
                centre,
            );
            let salience = combine(
                &coders,
                &stances
                    .iter()
                    .map(|t| t.map(|t| &t.salience))
                    .collect::<Vec<_>>(),
                centre,
            );
            let evidence = combine_evidence(
                &coders,
                &stances
                    .iter()
                    .map(|t| t.map(|t| &t.evidence))
                    .collect::<Vec<_>>(),
            );
            actor.stances.insert(
                issue.id.clone(),
                Stance {
                    position,
                    salience,
                    evidence,
                },
            );
        }
    }
    if let Some(m) = &mut s.mediator {
        let each: Vec<Option<&Estimate>> = codings
            .iter()
            .map(|c| {
                c.scenario
                    .mediator
                    .as_ref()
                    .filter(|o| o.actor == m.actor)
                    .map(|o| &o.bias)
            })
            .collect();
        m.bias = combine(&coders, &each, centre);
    }
    // Sources: the union, first coding first.
    for c in &codings[1..] {
        for (id, loc) in &c.scenario.meta.sources {
            match s.meta.sources.get(id) {
                None => {
                    s.meta.sources.insert(id.clone(), loc.clone());
                }
                Some(l) if l != loc => notes.push(format!(
                    "source '{id}' is '{l}' in {} but '{loc}' in {}; the panel keeps the first",
                    codings[0].file, c.file
                )),
                Some(_) => {}
            }
        }
    }
    for c in &codings[1..] {
        let o = &c.scenario;
        // The scenario's own fields, with both values: a name or seed kept silently from the
        // first file was a difference the panel did not note.
        let shown =
            |x: Option<String>| x.map_or_else(|| "not set".to_owned(), |v| format!("'{v}'"));
        let meta = [
            (
                "name",
                Some(first.meta.name.clone()),
                Some(o.meta.name.clone()),
            ),
            (
                "seed",
                first.meta.seed.map(|x| x.to_string()),
                o.meta.seed.map(|x| x.to_string()),
            ),
            ("date", first.meta.date.clone(), o.meta.date.clone()),
            (
                "description",
                first.meta.description.clone(),
                o.meta.description.clone(),
            ),
        ];
        for (what, kept, other) in meta {
            if kept != other {
                notes.push(format!(
                    "the scenario {what} is {} in {} but {} in {}; the panel keeps {}'s",
                    shown(kept),
                    codings[0].file,
                    shown(other),
                    c.file,
                    codings[0].file
                ));
            }
        }
        let differs = [
            ("the questions", o.questions != first.questions),
            ("the linkages", o.linkages != first.linkages),
            ("the what-ifs", o.what_ifs != first.what_ifs),
            ("the context parties", o.context != first.context),
            (
                "the mediator's actor, issues or parties",
                o.mediator
                    .as_ref()
                    .map(|m| (&m.actor, &m.issues, &m.parties))
                    != first
                        .mediator
                        .as_ref()
                        .map(|m| (&m.actor, &m.issues, &m.parties)),
            ),
            ("the model settings", o.models != first.models),
            (
                "issue names or labels",
                o.issues
                    .iter()
                    .zip(&first.issues)
                    .any(|(a, b)| (&a.name, &a.low, &a.high) != (&b.name, &b.low, &b.high)),
            ),
            (
                "actor names",
                o.actors.iter().any(|a| {
                    first
                        .actors
                        .iter()
                        .any(|b| a.id == b.id && a.name != b.name)
                }),
            ),
        ];
        for (what, d) in differs {
            if d {
                notes.push(format!(
                    "{what} differ between {} and {}; the panel keeps {}'s",
                    codings[0].file, c.file, codings[0].file
                ));
            }
        }
    }
    let who = coders.join(", ");
    let line = format!(
        "Expert panel of {} codings ({who}), merged by `parley merge`: each number is the {} of \
         the coders' values, its range covers every coder's value and range.",
        coders.len(),
        centre.name()
    );
    s.meta.note = Some(match &first.meta.note {
        Some(n) => format!("{line} First coding's note: {n}"),
        None => line,
    });
    Ok(Merged { scenario: s, notes })
}

/// A note when fewer than half of the coders gave a stance: it is merged over those who did,
/// as documented, but most of the panel judged that the actor takes no part in the issue, and
/// the merged file alone shows that only inside the stance's note (sweep 6 item C6).
fn minority_stance(
    coders: &[&str],
    stances: &[Option<&Stance>],
    actor: &str,
    issue: &str,
) -> Option<String> {
    let gave: Vec<&str> = coders
        .iter()
        .zip(stances)
        .filter(|(_, t)| t.is_some())
        .map(|(c, _)| *c)
        .collect();
    (gave.len() * 2 < coders.len()).then(|| {
        format!(
            "{actor}'s stance on {issue} was given by {} of {} coders ({}); it is merged over \
             them, though most coders left it out: check whether {actor} takes part in {issue}",
            gave.len(),
            coders.len(),
            gave.join(", ")
        )
    })
}

fn issue_of<'s>(s: &'s Scenario, id: &str) -> &'s parley_core::Issue {
    // The structure check guarantees the issue exists; fall back to the first issue.
    s.issues.iter().find(|i| i.id == id).unwrap_or(&s.issues[0])
}

fn actor_placeholder() -> &'static parley_core::Actor {
    static EMPTY: std::sync::LazyLock<parley_core::Actor> =
        std::sync::LazyLock::new(|| parley_core::Actor::new("", 0.0));
    &EMPTY
}

/// [`combine`] where the number may be absent for every coder (then it stays absent).
fn combine_optional(
    coders: &[&str],
    each: &[Option<&Estimate>],
    centre: Centre,
) -> Option<Estimate> {
    if each.iter().all(Option::is_none) {
        None
    } else {
        Some(combine(coders, each, centre))
    }
}

/// The panel's estimate from the coders' (None: that coder did not give it).
fn combine(coders: &[&str], each: &[Option<&Estimate>], centre: Centre) -> Estimate {
    let given: Vec<(&str, &Estimate)> = coders
        .iter()
        .zip(each)
        .filter_map(|(c, e)| e.map(|e| (*c, e)))
        .collect();
    let values: Vec<f64> = given.iter().map(|(_, e)| e.value).collect();
    let value = centre.of(&values);
    let low = given
        .iter()
        .map(|(_, e)| e.min())
        .fold(f64::INFINITY, f64::min);
    let high = given
        .iter()
        .map(|(_, e)| e.max())
        .fold(f64::NEG_INFINITY, f64::max);
    let spreads: Vec<&Spread> = given
        .iter()
        .filter_map(|(_, e)| e.spread.as_ref())
        .collect();
    let spread = if low == high {
        None
    } else {
        let distribution = if !spreads.is_empty()
            && spreads
                .iter()
                .all(|s| s.distribution == Distribution::Uniform)
        {
            Distribution::Uniform
        } else if !spreads.is_empty()
            && spreads
                .iter()
                .all(|s| matches!(s.distribution, Distribution::Normal { .. }))
        {
            let sd = spreads
                .iter()
                .filter_map(|s| match s.distribution {
                    Distribution::Normal { sd } => Some(sd),
                    _ => None,
                })
                .fold(0.0, f64::max);
            Distribution::Normal { sd }
        } else {
            Distribution::Triangular
        };
        Some(Spread {
            low,
            high,
            distribution,
        })
    };
    let values: Vec<(&str, String)> = given
        .iter()
        .map(|(c, e)| {
            let mut d = format!("{}", e.value);
            if let Some(sp) = &e.spread {
                let _ = write!(d, " ({}..{}", sp.low, sp.high);
                match sp.distribution {
                    Distribution::Triangular => {}
                    Distribution::Uniform => d.push_str(" uniform"),
                    Distribution::Normal { sd } => {
                        let _ = write!(d, " normal sd={sd}");
                    }
                }
                d.push(')');
            }
            (*c, d)
        })
        .collect();
    let mut note = format!(
        "panel {} of {}: {}",
        centre.name(),
        given.len(),
        grouped(&values, given.len(), " ")
    );
    let said: Vec<(&str, String)> = given
        .iter()
        .filter(|(_, e)| !e.evidence.is_empty())
        .map(|(c, e)| (*c, describe(&e.evidence)))
        .collect();
    if !said.is_empty() {
        let _ = write!(note, ". {}", grouped(&said, given.len(), ": "));
    }
    let missing: Vec<&str> = coders
        .iter()
        .zip(each)
        .filter(|(_, e)| e.is_none())
        .map(|(c, _)| *c)
        .collect();
    if !missing.is_empty() {
        let _ = write!(note, "; not given by {}", missing.join(", "));
    }
    let evs: Vec<&Evidence> = given.iter().map(|(_, e)| &e.evidence).collect();
    Estimate {
        value,
        spread,
        evidence: Evidence {
            note: Some(note),
            source: shared(&evs, |e| e.source.clone()),
            sentence: shared(&evs, |e| e.sentence),
        },
    }
}

/// Coders grouped by what they said, in order of first appearance: `a, b 40; c 50`, or
/// `all 60` when every one of `total` coders said the same.
fn grouped(said: &[(&str, String)], total: usize, sep: &str) -> String {
    let mut groups: Vec<(Vec<&str>, &str)> = Vec::new();
    for (c, d) in said {
        match groups.iter_mut().find(|(_, g)| *g == d.as_str()) {
            Some((names, _)) => names.push(c),
            None => groups.push((vec![c], d.as_str())),
        }
    }
    groups
        .iter()
        .map(|(names, d)| {
            let who = if names.len() == total && total > 1 {
                "all".to_owned()
            } else {
                names.join(", ")
            };
            format!("{who}{sep}{d}")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A coder's evidence for a note: `"note" [source s1, sentence 4]`.
fn describe(e: &Evidence) -> String {
    let mut out = String::new();
    if let Some(n) = &e.note {
        let _ = write!(out, "\"{n}\"");
    }
    let cite = match (&e.source, e.sentence) {
        (Some(s), Some(n)) => format!("[source {s}, sentence {n}]"),
        (Some(s), None) => format!("[source {s}]"),
        (None, Some(n)) => format!("[sentence {n}]"),
        (None, None) => String::new(),
    };
    if !cite.is_empty() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&cite);
    }
    out
}

/// The value every one of `evs` has, when they all have the same one.
fn shared<T: PartialEq>(evs: &[&Evidence], get: impl Fn(&Evidence) -> Option<T>) -> Option<T> {
    let mut it = evs.iter().map(|e| get(e));
    let first = it.next()??;
    it.all(|x| x.as_ref() == Some(&first)).then_some(first)
}

/// The evidence of a non-number (an issue, actor or stance): each coder's, named.
fn combine_evidence(coders: &[&str], each: &[Option<&Evidence>]) -> Evidence {
    let given: Vec<(&str, &Evidence)> = coders
        .iter()
        .zip(each)
        .filter_map(|(c, e)| e.map(|e| (*c, e)))
        .filter(|(_, e)| !e.is_empty())
        .collect();
    if given.is_empty() {
        return Evidence::default();
    }
    let said: Vec<(&str, String)> = given.iter().map(|(c, e)| (*c, describe(e))).collect();
    let note = grouped(&said, coders.len(), ": ");
    let evs: Vec<&Evidence> = given.iter().map(|(_, e)| *e).collect();
    let all = given.len() == coders.len();
    Evidence {
        note: Some(note),
        source: all.then(|| shared(&evs, |e| e.source.clone())).flatten(),
        sentence: all.then(|| shared(&evs, |e| e.sentence)).flatten(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_differing_name_or_seed_is_noted_with_both_values() {
        // Sweep item 10: c1's name and seed were kept without a note.
        let coding = |coder: &str, name: &str, seed: Option<u64>| {
            let mut s = Scenario::named(name);
            s.meta.seed = seed;
            s.issues.push(parley_core::Issue::new("t"));
            s.actors
                .push(parley_core::Actor::new("n", 40.0).with_stance("t", 10.0, 0.8));
            Coding {
                coder: coder.into(),
                file: format!("{coder}.toml"),
                scenario: s,
            }
        };
        let m = merge(
            &[
                coding("c1", "Other name", Some(99)),
                coding("c2", "Toy", Some(7)),
            ],
            Centre::Median,
        )
        .unwrap();
        assert_eq!(m.scenario.meta.name, "Other name");
        assert_eq!(
            m.notes,
            [
                "the scenario name is 'Other name' in c1.toml but 'Toy' in c2.toml; the panel keeps c1.toml's",
                "the scenario seed is '99' in c1.toml but '7' in c2.toml; the panel keeps c1.toml's",
            ]
        );
        let unset = merge(
            &[coding("a", "Toy", None), coding("b", "Toy", Some(7))],
            Centre::Median,
        )
        .unwrap();
        assert_eq!(
            unset.notes,
            ["the scenario seed is not set in a.toml but '7' in b.toml; the panel keeps a.toml's"]
        );
        let same = merge(
            &[coding("a", "Toy", Some(7)), coding("b", "Toy", Some(7))],
            Centre::Median,
        )
        .unwrap();
        assert!(same.notes.is_empty(), "{:?}", same.notes);
    }

    #[test]
    fn a_stance_most_coders_left_out_is_noted() {
        let coding = |coder: &str, with_u: bool| {
            let mut s = Scenario::named("Toy");
            s.issues.push(parley_core::Issue::new("t"));
            s.issues.push(parley_core::Issue::new("u"));
            let mut a = parley_core::Actor::new("n", 40.0).with_stance("t", 10.0, 0.8);
            if with_u {
                a = a.with_stance("u", 40.0, 0.5);
            }
            s.actors.push(a);
            Coding {
                coder: coder.into(),
                file: format!("{coder}.toml"),
                scenario: s,
            }
        };
        // One of three coders: noted, and still merged over that coder.
        let m = merge(
            &[coding("a", true), coding("b", false), coding("c", false)],
            Centre::Median,
        )
        .unwrap();
        assert_eq!(
            m.notes,
            [
                "n's stance on u was given by 1 of 3 coders (a); it is merged over them, though \
              most coders left it out: check whether n takes part in u"
            ]
        );
        assert!(m.scenario.actors[0].stances.contains_key("u"));
        // Two of three (a majority) and one of two (no majority against it): no note.
        for codings in [
            vec![coding("a", true), coding("b", true), coding("c", false)],
            vec![coding("a", true), coding("b", false)],
        ] {
            let m = merge(&codings, Centre::Median).unwrap();
            assert!(m.notes.is_empty(), "{:?}", m.notes);
        }
    }

    #[test]
    fn median_and_mean_by_hand() {
        // Odd: the middle value; even: the mean of the middle two.
        assert_eq!(Centre::Median.of(&[70.0, 40.0, 60.0]), 60.0);
        assert_eq!(Centre::Median.of(&[70.0, 40.0, 60.0, 50.0]), 55.0);
        // (40 + 60 + 70) / 3 = 56.666...
        assert_eq!(Centre::Mean.of(&[40.0, 60.0, 70.0]), 170.0 / 3.0);
    }

    #[test]
    fn the_range_covers_every_coders_value_and_range() {
        let a = Estimate::point(40.0);
        let b = Estimate {
            value: 60.0,
            spread: Some(Spread {
                low: 55.0,
                high: 80.0,
                distribution: Distribution::Uniform,
            }),
            evidence: Evidence {
                note: Some("b's reason".into()),
                source: None,
                sentence: Some(3),
            },
        };
        let c = Estimate::point(50.0);
        let m = combine(
            &["a", "b", "c"],
            &[Some(&a), Some(&b), Some(&c)],
            Centre::Median,
        );
        assert_eq!(m.value, 50.0);
        let sp = m.spread.expect("coders disagree: a range");
        // Low: a's point 40; high: b's range top 80; b alone gave a (uniform) range.
        assert_eq!((sp.low, sp.high), (40.0, 80.0));
        assert_eq!(sp.distribution, Distribution::Uniform);
        assert_eq!(
            m.evidence.note.as_deref(),
            Some(
                "panel median of 3: a 40; b 60 (55..80 uniform); c 50. b: \"b's reason\" [sentence 3]"
            )
        );
        // Only b cited sentence 3: not shared.
        assert_eq!(m.evidence.sentence, None);
        // Coders who agree on a point keep a point.
        let same = combine(&["a", "c"], &[Some(&a), Some(&a)], Centre::Mean);
        assert!(same.spread.is_none());
        assert_eq!(same.value, 40.0);
    }
}
