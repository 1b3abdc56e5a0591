//! Conditions on forecasts, e.g. `iran_nuclear >= 40 and iran_sanctions >= 40`.
//!
//! A condition is a disjunction of conjunctions of comparisons (`and` binds tighter than
//! `or`), each comparing one issue's forecast, on the issue's own scale, with a number. They
//! define what answers a scenario's question ("a deal-like outcome") and, in Monte Carlo, the
//! events whose probability is reported.

use std::fmt;

use crate::issue::Issue;

/// A parsed condition: true when any of its clauses holds; a clause holds when all its
/// comparisons do.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    clauses: Vec<Vec<Comparison>>,
}

/// One comparison `issue OP threshold`.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The issue's id as written.
    pub issue: String,
    /// The comparison operator.
    pub op: Op,
    /// The threshold on the issue's own scale.
    pub threshold: f64,
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `<`
    Less,
    /// `<=`
    LessEq,
    /// `>`
    Greater,
    /// `>=`
    GreaterEq,
}

/// A number for a message: as Rust writes it, except far from a scale's usual size, where
/// `1e308` would be written out as 309 digits.
fn shown(x: f64) -> String {
    if x != 0.0 && !(1e-6..1e15).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        format!("{x}")
    }
}

/// For a comparison at a scale end, the one at that end that does say something.
fn end_hint(op: Op, threshold: f64) -> String {
    match op {
        Op::Greater => format!(", or '>= {threshold}' for the top end itself"),
        Op::Less => format!(", or '<= {threshold}' for the bottom end itself"),
        Op::GreaterEq | Op::LessEq => String::new(),
    }
}

/// How close to a threshold, as a share of the issue's scale, a forecast counts as equal to
/// it. A weighted mean of 20, 40 and 90 is 49.99999999999999 in binary floating point: without
/// a tolerance `>= 50` would fail on a forecast printed as 50.0. A billionth of the scale is
/// far above the round-off of any model's arithmetic and far below any difference a person
/// could mean.
pub const TOLERANCE: f64 = 1e-9;

impl Op {
    /// Whether `x op threshold`, with `x` within `tol` of the threshold counting as equal to
    /// it.
    pub(crate) fn holds(self, x: f64, threshold: f64, tol: f64) -> bool {
        match self {
            Op::Less => x < threshold - tol,
            Op::LessEq => x <= threshold + tol,
            Op::Greater => x > threshold + tol,
            Op::GreaterEq => x >= threshold - tol,
        }
    }

    fn symbol(self) -> &'static str {
        match self {
            Op::Less => "<",
            Op::LessEq => "<=",
            Op::Greater => ">",
            Op::GreaterEq => ">=",
        }
    }
}

/// Why a condition could not be parsed or resolved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ConditionError {
    /// Nothing to parse.
    #[error("the condition is empty; write e.g. \"issue_id >= 50\"")]
    Empty,
    /// A character that is no part of the syntax.
    #[error(
        "unexpected character '{0}'; conditions use issue ids (in double quotes when they hold \
         spaces or other characters: \"Policy Position\" >= 50), numbers, < <= > >=, 'and', 'or'"
    )]
    BadChar(char),
    /// A double quote that opens an issue id and never closes.
    #[error("a double quote opens an issue id but none closes it; write \"Policy Position\" >= 50")]
    UnclosedQuote,
    /// A token where another was expected.
    #[error("expected {expected} but found '{found}'")]
    Expected {
        /// What the grammar needed.
        expected: &'static str,
        /// What was there.
        found: String,
    },
    /// The condition ends too early.
    #[error("the condition ends where {0} was expected")]
    UnexpectedEnd(&'static str),
    /// A number that does not parse or is not finite.
    #[error("'{0}' is not a finite number")]
    BadNumber(String),
    /// A threshold outside its issue's scale: the comparison would hold for every forecast
    /// or for none, so the condition would read as a probability while saying nothing.
    #[error(
        "{} is off the scale of issue '{issue}', which runs from {min} to {max}; give a \
         threshold within it",
        shown(*threshold)
    )]
    OffScale {
        /// The issue id.
        issue: String,
        /// The threshold as written.
        threshold: f64,
        /// The scale's low end.
        min: f64,
        /// The scale's high end.
        max: f64,
    },
    /// A comparison with a scale end that decides itself (`> max`, `< min` never hold;
    /// `>= min`, `<= max` always do): forecasts never leave the scale, so its probability
    /// would be 0 or 1 by construction, whatever the models say.
    #[error(
        "'{issue} {op} {threshold}' {verdict}: issue '{issue}' runs from {min} to {max} and no \
         forecast leaves it; give a threshold inside the scale{hint}",
        op = op.symbol(),
        verdict = if *always { "always holds" } else { "can never hold" },
        hint = end_hint(*op, *threshold)
    )]
    AtScaleEnd {
        /// The issue id.
        issue: String,
        /// The comparison.
        op: Op,
        /// The threshold, a scale end.
        threshold: f64,
        /// Whether it always holds (else never).
        always: bool,
        /// The scale's low end.
        min: f64,
        /// The scale's high end.
        max: f64,
    },
    /// An issue id not declared in the scenario.
    #[error("unknown issue '{id}'; declared issues: {known}")]
    UnknownIssue {
        /// The id as written.
        id: String,
        /// The declared ids.
        known: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    /// An issue id in double quotes: never a keyword, any character but `"`.
    Quoted(String),
    Number(String),
    Op(Op),
}

fn tokenize(text: &str) -> Result<Vec<Token>, ConditionError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '<' || c == '>' {
            let eq = chars.get(i + 1) == Some(&'=');
            let op = match (c, eq) {
                ('<', false) => Op::Less,
                ('<', true) => Op::LessEq,
                ('>', false) => Op::Greater,
                _ => Op::GreaterEq,
            };
            tokens.push(Token::Op(op));
            i += if eq { 2 } else { 1 };
        } else if c == '"' {
            let start = i + 1;
            let Some(len) = chars[start..].iter().position(|&q| q == '"') else {
                return Err(ConditionError::UnclosedQuote);
            };
            tokens.push(Token::Quoted(chars[start..start + len].iter().collect()));
            i = start + len + 1;
        } else if starts_word(c) {
            let start = i;
            while i < chars.len() && continues_word(chars[i]) {
                i += 1;
            }
            tokens.push(Token::Word(chars[start..i].iter().collect()));
        } else if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' {
            let start = i;
            i += 1;
            while i < chars.len() {
                let d = chars[i];
                // A sign right after an exponent's `e` belongs to the number (`1e-9`), as in
                // the scenario file's own numbers; anywhere else it starts a new token.
                let exponent_sign = (d == '-' || d == '+')
                    && i > start
                    && chars[i - 1].eq_ignore_ascii_case(&'e')
                    && chars[start..i - 1].iter().any(|c| c.is_ascii_digit());
                if !(d.is_ascii_alphanumeric() || d == '.' || exponent_sign) {
                    break;
                }
                i += 1;
            }
            tokens.push(Token::Number(chars[start..i].iter().collect()));
        } else {
            return Err(ConditionError::BadChar(c));
        }
    }
    Ok(tokens)
}

/// A character that opens a bare word (an issue id or a keyword).
fn starts_word(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

/// A character that continues a bare word.
fn continues_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_-".contains(c)
}

/// Whether `id` reads back as one bare word (not a keyword): else it is written in quotes.
fn is_bare(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(starts_word)
        && chars.all(continues_word)
        && !id.eq_ignore_ascii_case("and")
        && !id.eq_ignore_ascii_case("or")
}

fn describe(t: &Token) -> String {
    match t {
        Token::Word(w) | Token::Number(w) => w.clone(),
        Token::Quoted(w) => format!("\"{w}\""),
        Token::Op(op) => op.symbol().to_owned(),
    }
}

impl Condition {
    /// Parses a condition; issue ids are checked later by [`Condition::resolve`].
    pub fn parse(text: &str) -> Result<Self, ConditionError> {
        let tokens = tokenize(text)?;
        if tokens.is_empty() {
            return Err(ConditionError::Empty);
        }
        let mut clauses = vec![Vec::new()];
        let mut rest = tokens.iter();
        loop {
            let comparison = parse_comparison(&mut rest)?;
            if let Some(clause) = clauses.last_mut() {
                clause.push(comparison);
            }
            match rest.next() {
                None => break,
                Some(Token::Word(w)) if w.eq_ignore_ascii_case("and") => {}
                Some(Token::Word(w)) if w.eq_ignore_ascii_case("or") => clauses.push(Vec::new()),
                Some(other) => {
                    return Err(ConditionError::Expected {
                        expected: "'and', 'or' or the end",
                        found: describe(other),
                    });
                }
            }
        }
        Ok(Self { clauses })
    }

    /// Binds the condition's issue ids to indices into `issues`, refusing a threshold off its
    /// issue's scale (the ends themselves are on it).
    pub fn resolve(&self, issues: &[Issue]) -> Result<ResolvedCondition, ConditionError> {
        let mut clauses = Vec::with_capacity(self.clauses.len());
        for clause in &self.clauses {
            let mut resolved = Vec::with_capacity(clause.len());
            for cmp in clause {
                let Some(j) = issues.iter().position(|i| i.id == cmp.issue) else {
                    // Ids a condition must quote are listed as it must write them.
                    let known: Vec<String> = issues
                        .iter()
                        .map(|i| {
                            if is_bare(&i.id) {
                                i.id.clone()
                            } else {
                                format!("\"{}\"", i.id)
                            }
                        })
                        .collect();
                    return Err(ConditionError::UnknownIssue {
                        id: cmp.issue.clone(),
                        known: known.join(", "),
                    });
                };
                let scale = issues[j].scale;
                if !scale.contains(cmp.threshold) {
                    return Err(ConditionError::OffScale {
                        issue: cmp.issue.clone(),
                        threshold: cmp.threshold,
                        min: scale.min,
                        max: scale.max,
                    });
                }
                let (t, min, max) = (cmp.threshold, scale.min, scale.max);
                // Within the tolerance of an end is at it: `>= 1e-12` on 0-100 always holds.
                let tol = TOLERANCE * (max - min);
                let (at_min, at_max) = ((t - min).abs() <= tol, (max - t).abs() <= tol);
                let verdict = match cmp.op {
                    Op::Greater if at_max => Some(false),
                    Op::Less if at_min => Some(false),
                    Op::GreaterEq if at_min => Some(true),
                    Op::LessEq if at_max => Some(true),
                    _ => None,
                };
                if let Some(always) = verdict {
                    return Err(ConditionError::AtScaleEnd {
                        issue: cmp.issue.clone(),
                        op: cmp.op,
                        threshold: t,
                        always,
                        min,
                        max,
                    });
                }
                resolved.push((j, cmp.op, cmp.threshold, tol));
            }
            clauses.push(resolved);
        }
        Ok(ResolvedCondition { clauses })
    }

    /// Evaluates the condition on computed values looked up by issue id, each with its issue's
    /// scale `[min, max]` (for the [`TOLERANCE`] that [`ResolvedCondition::holds`] applies
    /// too); `None` when an issue it names has no value.
    pub fn holds_with(&self, value: impl Fn(&str) -> Option<(f64, [f64; 2])>) -> Option<bool> {
        let mut any = false;
        for clause in &self.clauses {
            let mut all = true;
            for cmp in clause {
                let (x, [min, max]) = value(&cmp.issue)?;
                all &= cmp
                    .op
                    .holds(x, cmp.threshold, TOLERANCE * (max - min).abs());
            }
            any |= all;
        }
        Some(any)
    }

    /// The comparisons, clause by clause.
    pub fn clauses(&self) -> &[Vec<Comparison>] {
        &self.clauses
    }
}

fn parse_comparison<'a>(
    rest: &mut impl Iterator<Item = &'a Token>,
) -> Result<Comparison, ConditionError> {
    let issue = match rest.next() {
        Some(Token::Word(w) | Token::Quoted(w)) => w.clone(),
        Some(other) => {
            return Err(ConditionError::Expected {
                expected: "an issue id",
                found: describe(other),
            });
        }
        None => return Err(ConditionError::UnexpectedEnd("an issue id")),
    };
    let op = match rest.next() {
        Some(Token::Op(op)) => *op,
        Some(other) => {
            return Err(ConditionError::Expected {
                expected: "one of < <= > >=",
                found: describe(other),
            });
        }
        None => return Err(ConditionError::UnexpectedEnd("one of < <= > >=")),
    };
    let threshold = match rest.next() {
        Some(Token::Number(n)) => n
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| ConditionError::BadNumber(n.clone()))?,
        Some(other) => {
            return Err(ConditionError::Expected {
                expected: "a number",
                found: describe(other),
            });
        }
        None => return Err(ConditionError::UnexpectedEnd("a number")),
    };
    Ok(Comparison {
        issue,
        op,
        threshold,
    })
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, clause) in self.clauses.iter().enumerate() {
            if k > 0 {
                f.write_str(" or ")?;
            }
            for (c, cmp) in clause.iter().enumerate() {
                if c > 0 {
                    f.write_str(" and ")?;
                }
                if is_bare(&cmp.issue) {
                    f.write_str(&cmp.issue)?;
                } else {
                    write!(f, "\"{}\"", cmp.issue)?;
                }
                write!(f, " {} {}", cmp.op.symbol(), cmp.threshold)?;
            }
        }
        Ok(())
    }
}

/// A condition bound to issue indices, ready to evaluate many times.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedCondition {
    /// Per comparison: issue index, operator, threshold and tolerance (own scale).
    clauses: Vec<Vec<(usize, Op, f64, f64)>>,
}

impl ResolvedCondition {
    /// The indices of the issues the condition names, each once, ascending.
    pub fn issues(&self) -> Vec<usize> {
        let mut js: Vec<usize> = self.clauses.iter().flatten().map(|&(j, ..)| j).collect();
        js.sort_unstable();
        js.dedup();
        js
    }

    /// Evaluates the condition on forecasts given on each issue's own scale, indexed like the
    /// scenario's issues; a forecast within [`TOLERANCE`] of the issue's scale of a threshold
    /// counts as equal to it.
    pub fn holds(&self, forecast: &[f64]) -> bool {
        self.clauses.iter().any(|clause| {
            clause
                .iter()
                .all(|&(j, op, t, tol)| forecast.get(j).is_some_and(|&x| op.holds(x, t, tol)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issues() -> Vec<Issue> {
        vec![Issue::new("a").with_scale(-10.0, 100.0), Issue::new("b_2")]
    }

    /// The weighted mean of 20, 40 and 90, each weighted 0.1 (capability 1 x salience 0.1), is
    /// 50 by hand and 49.99999999999999 in binary floating point: a forecast printed as 50.0 meets `>= 50`
    /// and `<= 50`, and misses `> 50` and `< 50`; a difference a person could mean (a
    /// millionth of the scale) still counts.
    #[test]
    fn numbers_with_signed_exponents_are_one_threshold() {
        let threshold = |text: &str| Condition::parse(text).unwrap().clauses()[0][0].threshold;
        assert_eq!(threshold("a >= 1e-3"), 0.001);
        assert_eq!(threshold("a >= 2.5E+1"), 25.0);
        assert_eq!(threshold("a>=-1e2"), -100.0);
        let both = Condition::parse("a >= 1e-3 and b <= 5").unwrap();
        assert_eq!(both.clauses()[0].len(), 2);
        // A sign not after an exponent still starts a new token, so this is no number.
        assert!(Condition::parse("a >= 1-2").is_err());
        assert!(Condition::parse("a >= e-3").is_err());
    }

    #[test]
    fn a_forecast_at_the_threshold_up_to_round_off_counts_as_equal_to_it() {
        let w = 0.1_f64;
        let mean = (w * 20.0 + w * 40.0 + w * 90.0) / (w + w + w);
        assert_ne!(mean, 50.0, "the round-off this test is about");
        let is = |text: &str, x: f64| {
            Condition::parse(text)
                .unwrap()
                .resolve(&issues())
                .unwrap()
                .holds(&[x, 0.0])
        };
        // a runs from -10 to 100: the tolerance is 1.1e-7.
        assert!(is("a >= 50", mean) && is("a <= 50", mean));
        assert!(!is("a > 50", mean) && !is("a < 50", mean));
        assert!(!is("a >= 50", 50.0 - 1e-4) && is("a < 50", 50.0 - 1e-4));
        assert!(is("a > 50", 50.0 + 1e-4) && !is("a <= 50", 50.0 + 1e-4));
        // Looked up by id (the bargain and the report's mediation and linkage rows), the same.
        let c = Condition::parse("a >= 50").unwrap();
        assert_eq!(c.holds_with(|_| Some((mean, [-10.0, 100.0]))), Some(true));
        let c = Condition::parse("a > 50").unwrap();
        assert_eq!(c.holds_with(|_| Some((mean, [-10.0, 100.0]))), Some(false));
    }

    #[test]
    fn a_threshold_off_the_scale_is_refused_and_the_ends_are_on_it() {
        // b_2 runs from 0 to 100 (the default scale): 500 and -3 are off it.
        for text in ["b_2 >= 500", "a > 1 and b_2 < -3", "a >= 0 or b_2 <= 100.5"] {
            let err = Condition::parse(text)
                .unwrap()
                .resolve(&issues())
                .unwrap_err();
            assert!(
                matches!(&err, ConditionError::OffScale { issue, min, max, .. }
                    if issue == "b_2" && *min == 0.0 && *max == 100.0),
                "{text}: {err}"
            );
            assert!(
                err.to_string()
                    .contains("off the scale of issue 'b_2', which runs from 0 to 100"),
                "{err}"
            );
        }
        // A huge threshold is shown as written, not as 309 digits (sweep3 item 7).
        let huge = Condition::parse("b_2 >= 1e308")
            .unwrap()
            .resolve(&issues())
            .unwrap_err();
        assert!(
            huge.to_string().starts_with("1e308 is off the scale"),
            "{huge}"
        );
        // Within the tolerance of an end counts as at it (b_2's tolerance is 1e-7).
        for text in ["b_2 >= 0.000000001", "b_2 > 99.99999999"] {
            let err = Condition::parse(text)
                .unwrap()
                .resolve(&issues())
                .unwrap_err();
            assert!(
                matches!(err, ConditionError::AtScaleEnd { .. }),
                "{text}: {err}"
            );
        }
        // At an end, the comparisons that can go either way are fine.
        let ends = Condition::parse("a <= -10 and b_2 >= 100 or b_2 > 0 or a < 100").unwrap();
        assert!(ends.resolve(&issues()).is_ok());
    }

    /// `> max` and `< min` never hold, `>= min` and `<= max` always do: refused, each saying
    /// which, with the end's meaningful comparison where there is one.
    #[test]
    fn a_comparison_that_decides_itself_at_a_scale_end_is_refused() {
        for (text, always, hint) in [
            ("b_2 > 100", false, "'>= 100'"),
            ("a < -10", false, "'<= -10'"),
            ("a >= 50 and b_2 >= 0", true, ""),
            ("a <= 100", true, ""),
        ] {
            let err = Condition::parse(text)
                .unwrap()
                .resolve(&issues())
                .unwrap_err();
            assert!(
                matches!(&err, ConditionError::AtScaleEnd { always: a, .. } if *a == always),
                "{text}: {err}"
            );
            let message = err.to_string();
            let verdict = if always {
                "always holds"
            } else {
                "can never hold"
            };
            assert!(
                message.contains(verdict) && message.contains(hint),
                "{message}"
            );
        }
    }

    /// Issue ids with spaces or commas (KTAB's imports make "Policy Position") are written in
    /// double quotes, and a condition prints them back in quotes so that it parses again.
    #[test]
    fn quoted_issue_ids_hold_any_character() {
        let issues = vec![Issue::new("Policy Position"), Issue::new("tar,iff")];
        let c = Condition::parse("\"Policy Position\" >= 50 and \"tar,iff\"<20").unwrap();
        let r = c.resolve(&issues).unwrap();
        assert!(r.holds(&[60.0, 10.0]));
        assert!(!r.holds(&[40.0, 10.0]));
        assert_eq!(
            c.to_string(),
            "\"Policy Position\" >= 50 and \"tar,iff\" < 20"
        );
        assert_eq!(Condition::parse(&c.to_string()).unwrap(), c);
        // A quoted keyword is an id; an unclosed quote says how to write one.
        let and = Condition::parse("\"and\" > 1").unwrap();
        assert_eq!(and.to_string(), "\"and\" > 1");
        let err = Condition::parse("\"Policy Position >= 50").unwrap_err();
        assert_eq!(err, ConditionError::UnclosedQuote);
        let err = Condition::parse("Policy Position >= 50").unwrap_err();
        assert!(err.to_string().contains("expected one of"), "{err}");
    }

    #[test]
    fn and_binds_tighter_than_or() {
        let c = Condition::parse("a >= 50 and b_2 < 10 or a < 5").unwrap();
        let r = c.resolve(&issues()).unwrap();
        assert!(r.holds(&[60.0, 5.0]));
        assert!(!r.holds(&[60.0, 20.0]));
        assert!(r.holds(&[1.0, 20.0]));
        assert_eq!(c.to_string(), "a >= 50 and b_2 < 10 or a < 5");
    }

    #[test]
    fn operators_without_spaces_and_negative_numbers() {
        let c = Condition::parse("a>-1").unwrap();
        let r = c.resolve(&issues()).unwrap();
        assert!(r.holds(&[0.0, 0.0]));
        assert!(!r.holds(&[-1.0, 0.0]));
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert_eq!(Condition::parse("  "), Err(ConditionError::Empty));
        assert!(matches!(
            Condition::parse("a = 3"),
            Err(ConditionError::BadChar('='))
        ));
        assert!(matches!(
            Condition::parse("a >="),
            Err(ConditionError::UnexpectedEnd(_))
        ));
        assert!(matches!(
            Condition::parse("a >= x"),
            Err(ConditionError::Expected { .. })
        ));
        assert!(matches!(
            Condition::parse("a >= 1e999"),
            Err(ConditionError::BadNumber(_))
        ));
        let unknown = Condition::parse("zz > 1").unwrap().resolve(&issues());
        assert!(matches!(unknown, Err(ConditionError::UnknownIssue { .. })));
    }
}
