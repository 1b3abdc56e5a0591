//! Numbers and counts written for people; shared by the terminal tables, the charts and the
//! HTML report so all three say the same thing the same way.

/// A number for people: `decimals` places, and zero never shown as "-0.0" (it reads as a loss).
pub fn num(x: f64, decimals: usize) -> String {
    // Beyond 1e15 fixed decimals are digits of the binary value, not of the analyst's number
    // (1e100 would print 101 digits): such numbers are written in scientific notation.
    if x.is_finite() && x.abs() >= 1e15 {
        return format!("{x:.3e}");
    }
    let s = format!("{x:.decimals$}");
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        format!("{:.decimals$}", 0.0)
    } else {
        s
    }
}

/// Decimals that suit an issue's scale `[min, max]`: 1 on spans of 50 or more (0-100), 2 on
/// spans from 1 (4-10 years), and below that enough for about three significant digits of
/// the span (4 on an interest rate's [0, 0.05]), so a narrow scale is never rounded to one
/// number. At most 12: a span under about 1e-10 still shows as few distinct values.
pub fn scale_decimals(scale: [f64; 2]) -> usize {
    let span = scale[1] - scale[0];
    if span >= 50.0 {
        1
    } else if span >= 1.0 || span.is_nan() || span <= 0.0 {
        2
    } else {
        // span in (0, 1): -log10 in (0, 324]; the cast cannot overflow after the clamp.
        let places = (-span.log10()).ceil().clamp(0.0, 10.0) as usize;
        2 + places
    }
}

/// Decimals for values of issue `id` of an analysis ([`scale_decimals`] of its scale; 1 for an
/// id it does not know).
pub fn issue_decimals(a: &parley_core::Analysis, id: &str) -> usize {
    a.issues
        .iter()
        .find(|i| i.id == id)
        .map_or(1, |i| scale_decimals(i.scale))
}

/// Issue values as `id value, id value`, each with the decimals its scale needs.
pub fn issue_values<'a>(
    a: &parley_core::Analysis,
    values: impl IntoIterator<Item = (&'a String, &'a f64)>,
) -> String {
    values
        .into_iter()
        .map(|(k, v)| format!("{k} {}", num(*v, issue_decimals(a, k))))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A signed number for gains: `+0.12`, `-0.05`, `0.00`.
pub fn signed(x: f64, decimals: usize) -> String {
    let s = num(x, decimals);
    if x > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{s}")
    } else {
        s
    }
}

/// "1 issue", "4 issues".
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// Blocks of an answer already shown, so that a later question refers back instead of
/// repeating them (the HTML report and `parley bargain` share it).
#[derive(Default)]
pub(crate) struct Shown(Vec<(String, usize)>);

impl Shown {
    /// The question that already showed `key`, or records that question `number` shows it now.
    pub(crate) fn before(&mut self, key: String, number: usize) -> Option<usize> {
        if let Some((_, n)) = self.0.iter().find(|(k, _)| *k == key) {
            return Some(*n);
        }
        self.0.push((key, number));
        None
    }
}

/// A question's verdict in one line, or None when there is nothing to tally (no condition,
/// fewer than two compared actors, no linkage). `odds` are the question's odds with model
/// error at the point values per model, when the caller has them.
pub fn verdict(
    q: &parley_core::analysis::QuestionView,
    odds: Option<&indexmap::IndexMap<String, f64>>,
) -> Option<String> {
    let v = &q.verdict;
    let of = q.answers.len();
    let mut parts = Vec::new();
    if let Some(split) = &v.condition {
        let mut part = format!("the condition holds {}", split_text(split, of));
        if let Some(range) = odds.and_then(odds_range) {
            let _ = std::fmt::Write::write_fmt(
                &mut part,
                format_args!(
                    "; with each model's measured error its odds at the point values run from {range}"
                ),
            );
        }
        parts.push(part);
    }
    if !v.gains_most.is_empty() || !v.undecided.is_empty() {
        parts.push(gains_text(q, of));
    }
    if let (Some(split), Some(link)) = (&v.linkage_pays, &q.linkage) {
        let who = if q.actors.is_empty() {
            "every party".to_owned()
        } else {
            q.actors.join(" and ")
        };
        parts.push(format!(
            "the joint bargain on {link} leaves {who} better off than the issue-by-issue forecast of {}",
            models_text(&split.yes, of)
        ));
    }
    (!parts.is_empty()).then(|| {
        format!(
            "In short (a tally of the point forecasts above): {}.",
            parts.join("; ")
        )
    })
}

/// "under 2 of 5 models (a, b), not under c, d, e", "under all 3 models", "under none of ...".
fn split_text(split: &parley_core::analysis::Split, of: usize) -> String {
    let yes = format!("under {}", models_text(&split.yes, of));
    if split.yes.is_empty() || split.no.is_empty() {
        yes
    } else {
        format!("{yes}, not under {}", split.no.join(", "))
    }
}

/// "2 of 5 models (a, b)", "all 5 models", "none of the 5 models", "the one model (a)".
fn models_text(models: &[String], of: usize) -> String {
    match (models.len(), of) {
        (_, 1) if models.len() == 1 => format!("the one model ({})", models[0]),
        (0, _) => format!("none of the {}", count(of, "model")),
        (n, m) if n == m => format!("all {}", count(m, "model")),
        (n, m) => format!("{n} of {} ({})", count(m, "model"), models.join(", ")),
    }
}

/// "rus gains more than usa under 3 of 5 models (...), usa under 2 (...)" for two actors,
/// "gains most: rus under ..., chn under ..." for more; models with no single top last.
fn gains_text(q: &parley_core::analysis::QuestionView, of: usize) -> String {
    let v = &q.verdict;
    let mut ranked: Vec<(&String, &Vec<String>)> = v.gains_most.iter().collect();
    ranked.sort_by_key(|(_, models)| std::cmp::Reverse(models.len()));
    let mut pieces = Vec::new();
    if let Some((first, models)) = ranked.first() {
        let head = match q.actors.as_slice() {
            [a, b] => format!(
                "{first} gains more than {}",
                if *first == a { b } else { a }
            ),
            _ => format!("gains most: {first}"),
        };
        pieces.push(format!("{head} under {}", models_text(models, of)));
    }
    for (actor, models) in ranked.iter().skip(1) {
        pieces.push(format!(
            "{actor} under {} ({})",
            models.len(),
            models.join(", ")
        ));
    }
    if !v.undecided.is_empty() {
        let who = if ranked.is_empty() { "actor" } else { "one" };
        pieces.push(format!(
            "no single {who} gains most under {}",
            v.undecided.join(", ")
        ));
    }
    pieces.join(", ")
}

/// "17.6% (nbs) to 81.7% (exchange)", or one figure when every model gives the same.
fn odds_range(odds: &indexmap::IndexMap<String, f64>) -> Option<String> {
    let lo = odds.iter().min_by(|a, b| a.1.total_cmp(b.1))?;
    let hi = odds.iter().max_by(|a, b| a.1.total_cmp(b.1))?;
    let pct = |p: f64| format!("{}%", num(p * 100.0, 1));
    Some(if pct(*lo.1) == pct(*hi.1) {
        format!("{} under every model", pct(*lo.1))
    } else {
        format!("{} ({}) to {} ({})", pct(*lo.1), lo.0, pct(*hi.1), hi.0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn huge_numbers_are_written_in_scientific_notation() {
        assert_eq!(num(-1e100, 1), "-1.000e100");
        assert_eq!(num(2.5e15, 2), "2.500e15");
        assert_eq!(signed(1e20, 1), "+1.000e20");
        assert_eq!(num(999_999_999_999_999.0, 1), "999999999999999.0");
    }

    #[test]
    fn numbers_read_well() {
        assert_eq!(num(-0.0001, 2), "0.00");
        assert_eq!(signed(0.1234, 3), "+0.123");
        assert_eq!(signed(-0.05, 2), "-0.05");
        assert_eq!(signed(0.0004, 3), "0.000");
    }

    #[test]
    fn a_block_is_shown_once_then_referred_back_to() {
        let mut shown = Shown::default();
        assert_eq!(shown.before("gains rus,usa grand_bargain".into(), 2), None);
        assert_eq!(shown.before("gains rus,usa iran_deal".into(), 3), None);
        assert_eq!(
            shown.before("gains rus,usa grand_bargain".into(), 4),
            Some(2)
        );
    }

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(count(1, "issue"), "1 issue");
        assert_eq!(count(0, "actor"), "0 actors");
        assert_eq!(count(4, "issue"), "4 issues");
    }

    fn tallied(actors: &[&str], condition: bool) -> parley_core::analysis::QuestionView {
        use parley_core::analysis::{Answer, QuestionView, Split, Verdict};
        let answer = |m: &str| Answer {
            model: m.into(),
            forecast: indexmap::IndexMap::new(),
            holds: None,
            gains: indexmap::IndexMap::new(),
        };
        let mut gains_most = indexmap::IndexMap::new();
        if actors.len() >= 2 {
            gains_most.insert(actors[1].to_owned(), vec!["eum".to_owned()]);
            gains_most.insert(actors[0].to_owned(), vec!["a".to_owned(), "nbs".to_owned()]);
        }
        QuestionView {
            id: "q".into(),
            text: "?".into(),
            issues: vec![],
            condition: condition.then(|| "x >= 1".into()),
            linkage: None,
            actors: actors.iter().map(|a| (*a).to_owned()).collect(),
            answers: ["a", "nbs", "eum", "smp"].map(answer).to_vec(),
            verdict: Verdict {
                condition: condition.then(|| Split {
                    yes: vec!["a".into()],
                    no: vec!["nbs".into(), "eum".into(), "smp".into()],
                }),
                gains_most,
                undecided: if actors.len() >= 2 {
                    vec!["smp".into()]
                } else {
                    vec![]
                },
                linkage_pays: None,
            },
        }
    }

    #[test]
    fn a_verdict_counts_the_models_and_quotes_the_odds_range() {
        let mut odds = indexmap::IndexMap::new();
        odds.insert("a".to_owned(), 0.816_6);
        odds.insert("nbs".to_owned(), 0.176);
        odds.insert("eum".to_owned(), 0.3);
        let q = tallied(&[], true);
        assert_eq!(
            verdict(&q, Some(&odds)).as_deref(),
            Some(
                "In short (a tally of the point forecasts above): the condition holds under 1 of \
                 4 models (a), not under nbs, eum, smp; with each model's measured error its odds \
                 at the point values run from 17.6% (nbs) to 81.7% (a)."
            )
        );
        // Without the odds (no error model) the tally stands alone.
        assert!(verdict(&q, None).is_some_and(|v| v.ends_with("not under nbs, eum, smp.")));
    }

    #[test]
    fn a_two_actor_verdict_names_the_leader_first() {
        let q = tallied(&["rus", "usa"], false);
        assert_eq!(
            verdict(&q, None).as_deref(),
            Some(
                "In short (a tally of the point forecasts above): rus gains more than usa under \
                 2 of 4 models (a, nbs), usa under 1 (eum), no single one gains most under smp."
            )
        );
        let q = tallied(&["rus", "usa", "chn"], false);
        assert!(verdict(&q, None).is_some_and(|v| v.contains(": gains most: rus under 2 of 4")));
    }

    #[test]
    fn nothing_to_tally_is_no_verdict() {
        assert_eq!(verdict(&tallied(&["rus"], false), None), None);
    }

    #[test]
    fn model_counts_read_as_words() {
        let m = |xs: &[&str]| xs.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(models_text(&m(&["a"]), 1), "the one model (a)");
        assert_eq!(models_text(&m(&[]), 5), "none of the 5 models");
        assert_eq!(models_text(&m(&["a", "b"]), 2), "all 2 models");
        assert_eq!(models_text(&m(&["a"]), 3), "1 of 3 models (a)");
        let mut same = indexmap::IndexMap::new();
        same.insert("a".to_owned(), 0.5);
        same.insert("b".to_owned(), 0.5);
        assert_eq!(
            odds_range(&same).as_deref(),
            Some("50.0% under every model")
        );
    }
}
