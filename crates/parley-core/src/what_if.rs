//! What-if interventions: small edits applied on top of a base scenario.
//!
//! The edit syntax is shared by scenario files (`[[what_if]] edits = [...]`) and the command
//! line (`--set`):
//!
//! - `ACTOR.ISSUE.position OP NUMBER`, `ACTOR.ISSUE.salience OP NUMBER`
//! - `ACTOR.capability OP NUMBER`, `ACTOR.risk OP NUMBER`, `ISSUE.status_quo OP NUMBER`
//! - `remove actor ACTOR`, `remove mediator`
//!
//! with `OP` one of `=`, `*=`, `+=`, `-=`. Multiplying or shifting moves an estimate's range
//! with its value; setting a value replaces the estimate by a point.

use crate::estimate::Estimate;
use crate::scenario::{Scenario, WhatIf};
use crate::validate::Problem;

/// One parsed edit.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// Change a number.
    Change {
        /// Which number.
        target: Target,
        /// How.
        op: EditOp,
        /// By or to what.
        amount: f64,
    },
    /// Take an actor out of the negotiation (and out of the mediator, questions).
    RemoveActor(String),
    /// Drop the mediator.
    RemoveMediator,
}

/// The number an edit changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An actor's position on an issue.
    Position {
        /// Actor id.
        actor: String,
        /// Issue id.
        issue: String,
    },
    /// An actor's salience on an issue.
    Salience {
        /// Actor id.
        actor: String,
        /// Issue id.
        issue: String,
    },
    /// An actor's capability.
    Capability(String),
    /// An actor's risk attitude.
    Risk(String),
    /// An issue's status quo.
    StatusQuo(String),
}

/// How an edit changes its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditOp {
    /// `=`
    Set,
    /// `*=`
    Multiply,
    /// `+=`
    Add,
    /// `-=`
    Subtract,
}

/// Why an edit could not be parsed or applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    /// The text is not of any edit form.
    #[error(
        "not an edit; write 'ACTOR.ISSUE.position = 40', 'ACTOR.ISSUE.salience *= 0.5', \
         'ACTOR.capability += 10', 'ISSUE.status_quo = 30', 'remove actor ID' or 'remove mediator'"
    )]
    Syntax,
    /// The amount is not a finite number.
    #[error("'{0}' is not a finite number")]
    BadNumber(String),
    /// An operator an edit does not have (`/=`, `%=`, ...).
    #[error("unknown operator '{0}'; operators: =, *=, +=, -=")]
    UnknownOperator(String),
    /// The field name is not one an edit can change.
    #[error(
        "unknown field '{0}'; editable: position, salience (ACTOR.ISSUE.field), capability, risk (ACTOR.field), status_quo (ISSUE.field)"
    )]
    UnknownField(String),
    /// An actor id not in the scenario.
    #[error("unknown actor '{0}'")]
    UnknownActor(String),
    /// An issue id not in the scenario.
    #[error("unknown issue '{0}'")]
    UnknownIssue(String),
    /// The actor has no stance on that issue.
    #[error(
        "actor '{actor}' takes no part in issue '{issue}'; add a stance to the base scenario first"
    )]
    NotInvolved {
        /// Actor id.
        actor: String,
        /// Issue id.
        issue: String,
    },
    /// Multiplying or shifting a number that is not set.
    #[error("issue '{0}' has no status quo to change; use '=' to set one")]
    NoStatusQuo(String),
    /// Multiplying or shifting an unset risk attitude.
    #[error("actor '{0}' has no risk attitude to change; use '=' to set one")]
    NoRisk(String),
    /// `remove mediator` where there is none.
    #[error("the scenario has no mediator to remove")]
    NoMediator,
}

/// Why a what-if could not be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WhatIfError {
    /// No what-if with that id.
    #[error("unknown what-if '{id}'; defined: {known}")]
    Unknown {
        /// The id asked for.
        id: String,
        /// The ids defined in the scenario.
        known: String,
    },
    /// One edit failed.
    #[error("{}: {source}", from.edit(edit))]
    Edit {
        /// Where the edit came from.
        from: EditSource,
        /// The edit as written.
        edit: String,
        /// What went wrong.
        source: EditError,
    },
    /// Two edits each set (`=`) the same number: applied in order, the first would be lost.
    #[error(
        "{} both set the same number; keep one (edits apply in order, so the first would be lost)",
        from.pair(first, second)
    )]
    RepeatedSet {
        /// Where the edits came from.
        from: EditSource,
        /// The earlier edit, as written.
        first: String,
        /// The later edit, setting the same number.
        second: String,
    },
    /// The edited scenario breaks a validation rule.
    #[error("{} an invalid scenario: {}", from.leaves(), problems.iter().map(located).collect::<Vec<_>>().join("; "))]
    Invalid {
        /// Where the edits came from.
        from: EditSource,
        /// What is invalid after the edits.
        problems: Vec<Problem>,
    },
}

/// One problem of an edited scenario, with its field path: an edit that shifts a ranged
/// number gives one problem each for its value, low and high, which read alike without it.
fn located(p: &Problem) -> String {
    format!("{} (at {})", p.kind, crate::text::Shown(&p.path))
}

/// Where a list of edits comes from, as messages name it.
#[derive(Debug, Clone, PartialEq)]
pub enum EditSource {
    /// A what-if of the scenario, by id.
    WhatIf(String),
    /// Edits given on the command line, by its flag: `--set` or `--scan`.
    Given(String),
    /// Edits in a field of a web API request, by the field's name (`set`).
    Field(String),
    /// Edits passed to a Python function, by the argument's name (`edits`).
    Argument(String),
}

impl EditSource {
    /// One failing edit, for a message: `what-if 'cut', edit "..."`, `--set "..."`,
    /// `edit "..." in JSON field `set`` or `edit "..." in argument `edits``.
    fn edit(&self, edit: &str) -> String {
        match self {
            Self::WhatIf(id) => format!("what-if '{id}', edit \"{edit}\""),
            Self::Given(name) => format!("{name} \"{edit}\""),
            Self::Field(name) => format!("edit \"{edit}\" in JSON field `{name}`"),
            Self::Argument(name) => format!("edit \"{edit}\" in argument `{name}`"),
        }
    }

    /// Two edits from this source, for a message: `--set "a" and --set "b"`,
    /// `what-if 'cut': edits "a" and "b"`, `edits "a" and "b" in JSON field `set``.
    fn pair(&self, first: &str, second: &str) -> String {
        match self {
            Self::WhatIf(id) => format!("what-if '{id}': edits \"{first}\" and \"{second}\""),
            Self::Given(name) => format!("{name} \"{first}\" and {name} \"{second}\""),
            Self::Field(name) => {
                format!("edits \"{first}\" and \"{second}\" in JSON field `{name}`")
            }
            Self::Argument(name) => {
                format!("edits \"{first}\" and \"{second}\" in argument `{name}`")
            }
        }
    }

    /// Where edits from this source go to override what-ifs (they apply after them), for a
    /// message: "with --set after them", "in JSON field `set` (applied after them)".
    pub fn after_what_ifs(&self) -> String {
        match self {
            Self::WhatIf(_) => "with an edit after them".to_owned(),
            Self::Given(name) => format!("with {name} after them"),
            Self::Field(name) => format!("in JSON field `{name}` (applied after them)"),
            Self::Argument(name) => format!("in `{name}` (applied after them)"),
        }
    }

    /// The subject of "... an invalid scenario".
    fn leaves(&self) -> String {
        match self {
            Self::WhatIf(id) => format!("what-if '{id}' leaves"),
            Self::Given(name) => format!("the {name} edits leave"),
            Self::Field(name) => format!("the edits in JSON field `{name}` leave"),
            Self::Argument(name) => format!("the edits in argument `{name}` leave"),
        }
    }
}

/// The first two edits of `edits` that each set (`=`) the same number, as indices: applied in
/// order, the first would be lost without a word. Relative edits (`*=`, `+=`, `-=`) compose and
/// are let through; an edit that does not parse is left to the caller (it is reported, with its
/// text, when the edits are applied or validated).
pub fn repeated_set<S: AsRef<str>>(edits: &[S]) -> Option<(usize, usize)> {
    let mut seen: Vec<(usize, Target)> = Vec::new();
    for (k, text) in edits.iter().enumerate() {
        let Ok(Edit::Change {
            target,
            op: EditOp::Set,
            ..
        }) = Edit::parse(text.as_ref())
        else {
            continue;
        };
        if let Some((first, _)) = seen.iter().find(|(_, t)| *t == target) {
            return Some((*first, k));
        }
        seen.push((k, target));
    }
    None
}

impl Edit {
    /// Parses one edit.
    pub fn parse(text: &str) -> Result<Self, EditError> {
        let words: Vec<&str> = text.split_whitespace().collect();
        if words == ["remove", "mediator"] {
            return Ok(Edit::RemoveMediator);
        }
        // Actor ids may contain spaces ("EU (incl Norway)"): take the rest of the line.
        if let Some(id) = text.trim().strip_prefix("remove actor ") {
            return Ok(Edit::RemoveActor(id.trim().to_owned()));
        }
        let (lhs, op, rhs) = split_operator(text).ok_or(EditError::Syntax)?;
        // `x.a.salience /= 2` splits at its `=`: the `/` is an operator not offered, not part
        // of a field's name.
        if let Some(c) = lhs.chars().last().filter(|c| "/%^!<>:|&".contains(*c)) {
            return Err(EditError::UnknownOperator(format!("{c}=")));
        }
        let amount = rhs
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| EditError::BadNumber(rhs.to_owned()))?;
        let target = parse_target(lhs)?;
        Ok(Edit::Change { target, op, amount })
    }

    /// Checks that the edit's actors, issues and stances exist in `s`, without copying it:
    /// the same errors as [`Edit::apply`] would give, in time linear in the numbers of actors
    /// and issues (validating many what-ifs no longer copies the scenario once per edit).
    pub fn check_targets(&self, s: &Scenario) -> Result<(), EditError> {
        match self {
            Edit::RemoveMediator => s.mediator.as_ref().map(|_| ()).ok_or(EditError::NoMediator),
            Edit::RemoveActor(id) => s
                .actor_index(id)
                .map(|_| ())
                .ok_or_else(|| EditError::UnknownActor(id.clone())),
            Edit::Change { target, op, .. } => check_target(s, target, *op),
        }
    }

    /// Applies the edit to `s`. Range checks happen when the edited scenario is validated.
    pub fn apply(&self, s: &mut Scenario) -> Result<(), EditError> {
        match self {
            Edit::RemoveMediator => {
                s.mediator.take().ok_or(EditError::NoMediator)?;
                Ok(())
            }
            Edit::RemoveActor(id) => remove_actor(s, id),
            Edit::Change { target, op, amount } => {
                let estimate = target_estimate(s, target, *op)?;
                change(estimate, *op, *amount);
                Ok(())
            }
        }
    }
}

fn split_operator(text: &str) -> Option<(&str, EditOp, &str)> {
    for (symbol, op) in [
        ("*=", EditOp::Multiply),
        ("+=", EditOp::Add),
        ("-=", EditOp::Subtract),
        ("=", EditOp::Set),
    ] {
        if let Some(at) = text.find(symbol) {
            let lhs = text[..at].trim();
            let rhs = text[at + symbol.len()..].trim();
            if lhs.is_empty() || rhs.is_empty() {
                return None;
            }
            return Some((lhs, op, rhs));
        }
    }
    None
}

fn parse_target(lhs: &str) -> Result<Target, EditError> {
    let parts: Vec<&str> = lhs.split('.').map(str::trim).collect();
    let owned = |s: &str| s.to_owned();
    match parts.as_slice() {
        [a, i, "position"] => Ok(Target::Position {
            actor: owned(a),
            issue: owned(i),
        }),
        [a, i, "salience"] => Ok(Target::Salience {
            actor: owned(a),
            issue: owned(i),
        }),
        [a, "capability"] => Ok(Target::Capability(owned(a))),
        [a, "risk"] => Ok(Target::Risk(owned(a))),
        [i, "status_quo"] => Ok(Target::StatusQuo(owned(i))),
        [.., field] if parts.len() >= 2 => Err(EditError::UnknownField((*field).to_owned())),
        _ => Err(EditError::Syntax),
    }
}

fn actor_mut<'a>(s: &'a mut Scenario, id: &str) -> Result<&'a mut crate::actor::Actor, EditError> {
    s.actors
        .iter_mut()
        .find(|a| a.id == id)
        .ok_or_else(|| EditError::UnknownActor(id.to_owned()))
}

fn stance_estimate<'a>(
    s: &'a mut Scenario,
    actor: &str,
    issue: &str,
    salience: bool,
) -> Result<&'a mut Estimate, EditError> {
    if s.issue_index(issue).is_none() {
        return Err(EditError::UnknownIssue(issue.to_owned()));
    }
    let a = actor_mut(s, actor)?;
    let stance = a
        .stances
        .get_mut(issue)
        .ok_or_else(|| EditError::NotInvolved {
            actor: actor.to_owned(),
            issue: issue.to_owned(),
        })?;
    Ok(if salience {
        &mut stance.salience
    } else {
        &mut stance.position
    })
}

/// [`target_estimate`]'s checks, read-only, in the same order (so the same error comes first).
fn check_target(s: &Scenario, target: &Target, op: EditOp) -> Result<(), EditError> {
    let actor = |id: &str| {
        s.actors
            .iter()
            .find(|a| a.id == id)
            .ok_or_else(|| EditError::UnknownActor(id.to_owned()))
    };
    match target {
        Target::Position { actor: a, issue } | Target::Salience { actor: a, issue } => {
            if s.issue_index(issue).is_none() {
                return Err(EditError::UnknownIssue(issue.clone()));
            }
            if actor(a)?.stances.contains_key(issue) {
                Ok(())
            } else {
                Err(EditError::NotInvolved {
                    actor: a.clone(),
                    issue: issue.clone(),
                })
            }
        }
        Target::Capability(a) => actor(a).map(|_| ()),
        Target::Risk(a) => {
            if actor(a)?.risk.is_none() && op != EditOp::Set {
                return Err(EditError::NoRisk(a.clone()));
            }
            Ok(())
        }
        Target::StatusQuo(i) => {
            let issue = s
                .issues
                .iter()
                .find(|x| &x.id == i)
                .ok_or_else(|| EditError::UnknownIssue(i.clone()))?;
            if issue.status_quo.is_none() && op != EditOp::Set {
                return Err(EditError::NoStatusQuo(i.clone()));
            }
            Ok(())
        }
    }
}

/// The estimate an edit changes; creates unset optional numbers when the edit sets them.
fn target_estimate<'a>(
    s: &'a mut Scenario,
    target: &Target,
    op: EditOp,
) -> Result<&'a mut Estimate, EditError> {
    match target {
        Target::Position { actor, issue } => stance_estimate(s, actor, issue, false),
        Target::Salience { actor, issue } => stance_estimate(s, actor, issue, true),
        Target::Capability(a) => Ok(&mut actor_mut(s, a)?.capability),
        Target::Risk(a) => {
            let actor = actor_mut(s, a)?;
            if actor.risk.is_none() && op != EditOp::Set {
                return Err(EditError::NoRisk(a.clone()));
            }
            Ok(actor.risk.get_or_insert_with(|| Estimate::point(0.0)))
        }
        Target::StatusQuo(i) => {
            let issue = s
                .issues
                .iter_mut()
                .find(|x| &x.id == i)
                .ok_or_else(|| EditError::UnknownIssue(i.clone()))?;
            if issue.status_quo.is_none() && op != EditOp::Set {
                return Err(EditError::NoStatusQuo(i.clone()));
            }
            Ok(issue.status_quo.get_or_insert_with(|| Estimate::point(0.0)))
        }
    }
}

fn change(e: &mut Estimate, op: EditOp, amount: f64) {
    let f = |x: f64| match op {
        EditOp::Set => amount,
        EditOp::Multiply => x * amount,
        EditOp::Add => x + amount,
        EditOp::Subtract => x - amount,
    };
    e.value = f(e.value);
    if op == EditOp::Set {
        e.spread = None;
    } else if let Some(sp) = &mut e.spread {
        let (a, b) = (f(sp.low), f(sp.high));
        // A negative factor flips the range; keep it ordered.
        (sp.low, sp.high) = (a.min(b), a.max(b));
    }
}

fn remove_actor(s: &mut Scenario, id: &str) -> Result<(), EditError> {
    let idx = s
        .actor_index(id)
        .ok_or_else(|| EditError::UnknownActor(id.to_owned()))?;
    s.actors.remove(idx);
    if s.mediator.as_ref().is_some_and(|m| m.actor == id) {
        // The edit names an actor, not the mediation: say that the mediation went with it
        // (`remove mediator` says so itself).
        s.mediator = None;
        s.notes.push(crate::scenario::Note {
            code: MEDIATION_LAPSED.to_owned(),
            text: format!(
                "the mediation by '{id}' lapsed: the edits removed its mediator, so no \
                 mediation was appraised"
            ),
        });
    }
    if let Some(parties) = s.mediator.as_mut().and_then(|m| m.parties.as_mut()) {
        parties.retain(|p| p != id);
    }
    for q in &mut s.questions {
        q.actors.retain(|a| a != id);
    }
    Ok(())
}

/// Applies a list of edits to a copy of `base` and validates the result. Two edits that each
/// set (`=`) the same number are refused ([`repeated_set`]) wherever the edits come from: the
/// command line, the web API, Python, a what-if.
///
/// The result carries no what-ifs of its own: they were written against the base scenario
/// (an edit such as `remove mediator` cannot apply twice), and what-ifs do not chain.
pub fn apply_edits(
    base: &Scenario,
    from: EditSource,
    edits: &[String],
) -> Result<Scenario, WhatIfError> {
    if let Some((first, second)) = repeated_set(edits) {
        return Err(WhatIfError::RepeatedSet {
            from,
            first: edits[first].clone(),
            second: edits[second].clone(),
        });
    }
    let mut s = base.clone();
    s.what_ifs.clear();
    for text in edits {
        let result = Edit::parse(text).and_then(|e| e.apply(&mut s));
        if let Err(source) = result {
            return Err(WhatIfError::Edit {
                from,
                edit: text.clone(),
                source,
            });
        }
    }
    lapse_lone_mediation(base, &mut s);
    let problems = s.validate();
    if problems.is_empty() {
        Ok(s)
    } else {
        Err(WhatIfError::Invalid { from, problems })
    }
}

/// Code of the note left when edits make a mediation lapse.
pub const MEDIATION_LAPSED: &str = "mediation-lapsed";

/// Ends the mediation when the edits left its mediator fewer than two parties (a `remove
/// actor` of one of two): one party's "bargain" is its own position, so appraising it would
/// report a deal zone that ignores everyone else. The edited scenario then has no mediator,
/// and a note ([`MEDIATION_LAPSED`]) says so, for every result computed on it to carry. A
/// base scenario that already has fewer than two parties is not touched: validation refuses
/// it, as it refuses such a file.
fn lapse_lone_mediation(base: &Scenario, s: &mut Scenario) {
    let two_before = crate::validate::mediator_parties(base).is_some_and(|p| p.len() >= 2);
    let Some(left) = crate::validate::mediator_parties(s) else {
        return;
    };
    if !two_before || left.len() >= 2 {
        return;
    }
    let left: Vec<String> = left.iter().map(|p| format!("'{p}'")).collect();
    let Some(m) = s.mediator.take() else {
        return;
    };
    let parties = match left.as_slice() {
        [one] => format!("one party only ({one})"),
        _ => "no party".to_owned(),
    };
    s.notes.push(crate::scenario::Note {
        code: MEDIATION_LAPSED.to_owned(),
        text: format!(
            "the mediation by '{}' lapsed: after the edits it would broker for {parties}, and \
             a bargain needs two, so no mediation was appraised",
            m.actor
        ),
    });
}

impl Scenario {
    /// The scenario with the named what-if applied.
    pub fn with_what_if(&self, id: &str) -> Result<Scenario, WhatIfError> {
        let w = self.what_if(id)?;
        apply_edits(self, EditSource::WhatIf(id.to_owned()), &w.edits)
    }

    /// The what-if named `id`, or an error listing the ids defined.
    pub fn what_if(&self, id: &str) -> Result<&WhatIf, WhatIfError> {
        self.what_ifs.iter().find(|w| w.id == id).ok_or_else(|| {
            let known: Vec<&str> = self.what_ifs.iter().map(|w| w.id.as_str()).collect();
            WhatIfError::Unknown {
                id: id.to_owned(),
                known: if known.is_empty() {
                    "none".into()
                } else {
                    known.join(", ")
                },
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Actor;
    use crate::estimate::{Distribution, Spread};
    use crate::issue::Issue;

    fn base() -> Scenario {
        let mut s = Scenario::named("t");
        s.issues.push(Issue::new("aid").with_status_quo(50.0));
        s.actors
            .push(Actor::new("usa", 10.0).with_stance("aid", 60.0, 0.8));
        s.actors
            .push(Actor::new("rus", 5.0).with_stance("aid", 0.0, 0.9));
        s
    }

    #[test]
    fn repeated_set_finds_two_sets_of_one_number_and_lets_relative_edits_compose() {
        let edits = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let twice = edits(&[
            "usa.aid.salience = 0.3",
            "rus.aid.salience = 1",
            "usa.aid.salience=0.5",
        ]);
        assert_eq!(repeated_set(&twice), Some((0, 2)));
        assert_eq!(
            repeated_set(&edits(&["usa.aid.salience = 0.3", "usa.aid.salience *= 2"])),
            None
        );
        assert_eq!(
            repeated_set(&edits(&["usa.aid.position = 3", "usa.aid.salience = 0.3"])),
            None
        );
        assert_eq!(
            repeated_set(&edits(&["usa.capability = 3", "rus.capability = 3"])),
            None
        );
        assert_eq!(repeated_set::<String>(&[]), None);
    }

    #[test]
    fn apply_edits_refuses_two_sets_of_one_number_naming_where_they_came_from() {
        let twice = [
            "usa.aid.salience = 0.3".to_owned(),
            "usa.aid.salience=0.5".to_owned(),
        ];
        let err = apply_edits(&base(), EditSource::Field("set".into()), &twice).unwrap_err();
        assert_eq!(
            err.to_string(),
            "edits \"usa.aid.salience = 0.3\" and \"usa.aid.salience=0.5\" in JSON field `set` \
             both set the same number; keep one (edits apply in order, so the first would be lost)"
        );
        let err = apply_edits(&base(), EditSource::Given("--set".into()), &twice).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "--set \"usa.aid.salience = 0.3\" and --set \"usa.aid.salience=0.5\" both set"
            ),
            "{err}"
        );
        let composed = [
            "usa.aid.salience = 0.3".to_owned(),
            "usa.aid.salience *= 2".to_owned(),
        ];
        let s = apply_edits(&base(), EditSource::Field("set".into()), &composed).unwrap();
        assert_eq!(s.actors[0].stances["aid"].salience.value, 0.6);
    }

    #[test]
    fn an_invalid_result_names_each_problems_field() {
        // Sweep item 28: shifting a ranged position off the scale gave three messages that
        // differed only in the number, not saying which was the value, low or high.
        let mut s = base();
        s.actors[0].stances["aid"].position.spread = Some(Spread {
            low: 50.0,
            high: 70.0,
            distribution: Distribution::Triangular,
        });
        let shift = ["usa.aid.position += 1000".to_owned()];
        let err = apply_edits(&s, EditSource::Given("--set".into()), &shift)
            .unwrap_err()
            .to_string();
        for part in ["value", "low", "high"] {
            assert!(
                err.contains(&format!("(at actor[0].stance.aid.position.{part})")),
                "{part}: {err}"
            );
        }
    }

    #[test]
    fn multiply_moves_the_range_with_the_value() {
        let mut s = base();
        s.actors[0].stances["aid"].salience.spread = Some(Spread {
            low: 0.6,
            high: 1.0,
            distribution: Distribution::Triangular,
        });
        Edit::parse("usa.aid.salience *= 0.5")
            .unwrap()
            .apply(&mut s)
            .unwrap();
        let e = &s.actors[0].stances["aid"].salience;
        assert_eq!(e.value, 0.4);
        assert_eq!(
            e.spread.as_ref().map(|sp| (sp.low, sp.high)),
            Some((0.3, 0.5))
        );
    }

    #[test]
    fn set_replaces_by_a_point_and_shift_works() {
        let mut s = base();
        Edit::parse("aid.status_quo = 30")
            .unwrap()
            .apply(&mut s)
            .unwrap();
        Edit::parse("usa.aid.position -= 20")
            .unwrap()
            .apply(&mut s)
            .unwrap();
        Edit::parse("rus.capability += 1")
            .unwrap()
            .apply(&mut s)
            .unwrap();
        assert_eq!(s.issues[0].status_quo.as_ref().map(|e| e.value), Some(30.0));
        assert_eq!(s.actors[0].stances["aid"].position.value, 40.0);
        assert_eq!(s.actors[1].capability.value, 6.0);
    }

    #[test]
    fn removals_apply_once_and_the_result_validates() {
        let mut s = base();
        s.mediator = Some(crate::scenario::Mediator {
            actor: "rus".into(),
            issues: vec!["aid".into()],
            parties: Some(vec!["usa".into()]),
            bias: Estimate::point(0.0),
            evidence: Default::default(),
        });
        s.what_ifs.push(WhatIf {
            id: "solo".into(),
            name: "Russia walks".into(),
            edits: vec!["remove mediator".into(), "remove actor rus".into()],
            evidence: Default::default(),
        });
        // A broker for one party is refused (sweep 5 item 10); the what-if that removes it
        // leaves a valid scenario.
        let codes: Vec<&str> = s.validate().iter().map(|p| p.kind.code()).collect();
        assert_eq!(codes, ["mediator-one-party"]);
        let out = s.with_what_if("solo").unwrap();
        assert!(out.mediator.is_none() && out.actors.len() == 1 && out.what_ifs.is_empty());
    }

    #[test]
    fn a_what_if_that_leaves_the_mediator_one_party_lapses_the_mediation_with_a_note() {
        // Sweep 5 item 10: `remove actor rus` left "chn brokers between usa", and every model
        // reported a deal zone for that one-party "bargain". Now the mediation lapses, and a
        // note says so for every result to carry.
        let mut s = base();
        s.actors
            .push(Actor::new("chn", 3.0).with_stance("aid", 40.0, 0.5));
        s.mediator = Some(crate::scenario::Mediator {
            actor: "chn".into(),
            issues: vec!["aid".into()],
            parties: None,
            bias: Estimate::point(0.0),
            evidence: Default::default(),
        });
        assert!(s.validate().is_empty());
        let from = || EditSource::WhatIf("w".into());
        let lapsed = |s: &Scenario, edits: &[String]| {
            let out = apply_edits(s, from(), edits).unwrap();
            assert!(out.mediator.is_none(), "{edits:?}");
            let codes: Vec<&str> = out.notes.iter().map(|n| n.code.as_str()).collect();
            assert_eq!(codes, [MEDIATION_LAPSED], "{edits:?}");
            out.notes[0].text.clone()
        };
        let text = lapsed(&s, &["remove actor rus".into()]);
        assert_eq!(
            text,
            "the mediation by 'chn' lapsed: after the edits it would broker for one party \
             only ('usa'), and a bargain needs two, so no mediation was appraised"
        );
        // Both parties gone: no party at all.
        let none = lapsed(&s, &["remove actor rus".into(), "remove actor usa".into()]);
        assert!(none.contains("broker for no party"), "{none}");
        // The same with the parties listed.
        s.mediator.as_mut().unwrap().parties = Some(vec!["usa".into(), "rus".into()]);
        assert!(s.validate().is_empty());
        assert_eq!(lapsed(&s, &["remove actor rus".into()]), text);
        // The note survives further edits on the variant (a what-if, then --set).
        let variant = apply_edits(&s, from(), &["remove actor rus".into()]).unwrap();
        let then = apply_edits(&variant, from(), &["usa.aid.salience = 0.3".into()]).unwrap();
        assert_eq!(then.notes, variant.notes);
        // Removing the mediator too says the mediation lapses: nothing to note.
        let edits = ["remove actor rus".into(), "remove mediator".into()];
        let out = apply_edits(&s, from(), &edits).unwrap();
        assert!(out.mediator.is_none() && out.notes.is_empty());
        // Two parties left: the mediation stands, no note.
        s.actors
            .push(Actor::new("eu", 3.0).with_stance("aid", 70.0, 0.5));
        s.mediator.as_mut().unwrap().parties = Some(vec!["usa".into(), "rus".into(), "eu".into()]);
        let out = apply_edits(&s, from(), &["remove actor rus".into()]).unwrap();
        assert!(out.mediator.is_some() && out.notes.is_empty());
        // Removing the mediator itself (not `remove mediator`) is noted too: the edit names an
        // actor, not the mediation.
        let gone = lapsed(&s, &["remove actor chn".into()]);
        assert_eq!(
            gone,
            "the mediation by 'chn' lapsed: the edits removed its mediator, so no mediation \
             was appraised"
        );
        // A base that already brokers for one party is refused, not lapsed.
        s.mediator.as_mut().unwrap().parties = Some(vec!["usa".into()]);
        let e = apply_edits(&s, from(), &["usa.aid.salience = 0.3".into()]).unwrap_err();
        assert!(e.to_string().contains("one party only ('usa')"), "{e}");
    }

    #[test]
    fn remove_actor_and_bad_edits() {
        let s = base();
        let out = apply_edits(
            &s,
            EditSource::WhatIf("x".into()),
            &["remove actor rus".into()],
        )
        .unwrap();
        assert_eq!(out.actors.len(), 1);
        assert_eq!(
            Edit::parse("usa.aid.colour = 3"),
            Err(EditError::UnknownField("colour".into()))
        );
        assert_eq!(Edit::parse("hello"), Err(EditError::Syntax));
        // An operator not offered is named as such, not read into the field's name.
        assert_eq!(
            Edit::parse("usa.aid.salience /= 2"),
            Err(EditError::UnknownOperator("/=".into()))
        );
        assert_eq!(
            EditError::UnknownOperator("%=".into()).to_string(),
            "unknown operator '%='; operators: =, *=, +=, -="
        );
        assert_eq!(
            Edit::parse("usa.capability = x"),
            Err(EditError::BadNumber("x".into()))
        );
        let err = apply_edits(
            &s,
            EditSource::WhatIf("x".into()),
            &["usa.aid.salience = 3".into()],
        )
        .unwrap_err();
        assert!(matches!(err, WhatIfError::Invalid { .. }), "{err}");
        let err = apply_edits(
            &s,
            EditSource::WhatIf("x".into()),
            &["chn.aid.salience = 0.3".into()],
        )
        .unwrap_err();
        assert!(err.to_string().contains("unknown actor 'chn'"), "{err}");
    }

    #[test]
    fn messages_say_where_the_edits_came_from() {
        let s = base();
        let message = |from: EditSource, edit: &str| {
            apply_edits(&s, from, &[edit.to_owned()])
                .unwrap_err()
                .to_string()
        };
        let unknown = "chn.aid.salience = 0.3";
        let invalid = "usa.aid.salience = 3";
        // The command line's wording, unchanged.
        assert!(
            message(EditSource::WhatIf("cut".into()), unknown)
                .starts_with("what-if 'cut', edit \"chn.aid.salience = 0.3\": unknown actor")
        );
        assert!(
            message(EditSource::Given("--set".into()), invalid)
                .starts_with("the --set edits leave an invalid scenario: ")
        );
        // The web API's and the Python package's: the field or argument, not a what-if.
        assert!(
            message(EditSource::Field("set".into()), unknown).starts_with(
                "edit \"chn.aid.salience = 0.3\" in JSON field `set`: unknown actor 'chn'"
            )
        );
        assert!(
            message(EditSource::Field("set".into()), invalid)
                .starts_with("the edits in JSON field `set` leave an invalid scenario: ")
        );
        assert!(
            message(EditSource::Argument("edits".into()), unknown).starts_with(
                "edit \"chn.aid.salience = 0.3\" in argument `edits`: unknown actor 'chn'"
            )
        );
        assert!(
            message(EditSource::Argument("edits".into()), invalid)
                .starts_with("the edits in argument `edits` leave an invalid scenario: ")
        );
    }

    #[test]
    fn checking_targets_finds_what_applying_finds() {
        let mut s = base();
        s.actors[0].risk = Some(Estimate::point(0.2));
        for text in [
            "usa.aid.position = 10",
            "usa.aid.salience *= 0.5",
            "usa.capability += 1",
            "usa.risk -= 0.1",
            "rus.risk += 0.1",
            "rus.risk = 0.1",
            "aid.status_quo *= 2",
            "oil.status_quo = 3",
            "usa.oil.position = 1",
            "chn.aid.position = 1",
            "chn.capability = 1",
            "remove actor rus",
            "remove actor chn",
            "remove mediator",
        ] {
            let edit = Edit::parse(text).unwrap();
            let applied = edit.apply(&mut s.clone());
            assert_eq!(edit.check_targets(&s), applied, "{text}");
        }
        let mut t = base();
        t.issues[0].status_quo = None;
        t.actors[1].stances.clear();
        for text in [
            "aid.status_quo += 1",
            "aid.status_quo = 1",
            "rus.aid.salience = 1",
        ] {
            let edit = Edit::parse(text).unwrap();
            assert_eq!(edit.check_targets(&t), edit.apply(&mut t.clone()), "{text}");
        }
    }

    #[test]
    fn twenty_thousand_what_ifs_validate() {
        // Issue 14: each edit's check copied the whole scenario, what-ifs included, so
        // validation took time quadratic in their number (20,000 took over 30 s).
        let mut s = base();
        for k in 0..20_000 {
            s.what_ifs.push(WhatIf {
                id: format!("w{k}"),
                name: format!("what-if {k}"),
                edits: vec![
                    format!("usa.aid.position = {}", k % 100),
                    "rus.capability *= 1.5".into(),
                ],
                evidence: Default::default(),
            });
        }
        s.what_ifs[19_999].edits.push("chn.capability = 1".into());
        let problems = s.validate();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "what_if[19999].edits[2]");
    }
}
