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

/// A value on an issue's scale `[min, max]`, as every output prints it: [`scale_decimals`]
/// places (0.0351 on [0, 0.05], 62.5 on 0-100). On a scale narrower than 1e-10 fixed places
/// would print every value as 0.000000000000, so such values are written in scientific
/// notation with enough digits to tell the scale's ends apart (1.200e-100 on [1e-100, 2e-100]).
pub fn on_scale(x: f64, scale: [f64; 2]) -> String {
    let span = (scale[1] - scale[0]).abs();
    if x.is_finite() && span > 0.0 && span < 1e-10 {
        let magnitude = scale[0].abs().max(scale[1].abs());
        // magnitude / span >= 1 here; the clamp bounds the cast.
        let places = ((magnitude / span).log10().ceil() + 2.0).clamp(3.0, 15.0) as usize;
        // Adding 0.0 turns -0.0 into 0.0, which must not read as a loss.
        return format!("{:.places$e}", x + 0.0);
    }
    num(x, scale_decimals(scale))
}

/// A number the analyst gave on an issue's scale (an end of the scale, a condition's
/// threshold): [`on_scale`] without trailing zeros, so 0-100 reads "0-100", a threshold 0.03
/// on [0, 0.05] "0.03" and 1.5 degrees "1.5", never rounded to the scale's nearest end.
pub fn given(x: f64, scale: [f64; 2]) -> String {
    trim_zeros(&on_scale(x, scale), 0)
}

/// A positive quantity with no scale of its own (a capability): `decimals` places, more when
/// needed for three significant digits, trailing zeros beyond `decimals` dropped. So 80 stays
/// "80.0" at one place, while 0.04 reads "0.04" (not "0.0"), 0.3 at no places "0.3" (not
/// "0"), and values below 1e-4 or from 1e15 scientific ("1e-100").
pub fn significant(x: f64, decimals: usize) -> String {
    if !x.is_finite() || x == 0.0 {
        return num(x, decimals);
    }
    let magnitude = x.abs();
    if !(1e-4..1e15).contains(&magnitude) {
        return trim_zeros(&format!("{x:.2e}"), 0);
    }
    // floor(log10) lies in [-4, 14] here, so `needed` is in [0, 6].
    let needed = (2.0 - magnitude.log10().floor()).max(0.0) as usize;
    trim_zeros(&num(x, decimals.max(needed)), decimals)
}

/// Drops trailing zeros after the decimal point (of the mantissa, in scientific notation) but
/// keeps at least `keep` places: "0.0300" -> "0.03", "100.0" -> "100", "1.000e-100" -> "1e-100".
fn trim_zeros(s: &str, keep: usize) -> String {
    let (mantissa, exponent) = s.split_at(s.find('e').unwrap_or(s.len()));
    let Some(dot) = mantissa.find('.') else {
        return s.to_owned();
    };
    let places = mantissa.len() - dot - 1;
    let zeros = mantissa.len() - mantissa.trim_end_matches('0').len();
    let cut = zeros.min(places.saturating_sub(keep));
    let mut kept = &mantissa[..mantissa.len() - cut];
    if kept.ends_with('.') {
        kept = &kept[..kept.len() - 1];
    }
    format!("{kept}{exponent}")
}

/// Odds as every output prints them: a percentage with one decimal ("0.5%", "62.0%", "100.0%"),
/// so a small chance never reads as none.
pub fn percent(p: f64) -> String {
    format!("{}%", num(p * 100.0, 1))
}

/// Decimals for values of issue `id` of an analysis ([`scale_decimals`] of its scale; 1 for an
/// id it does not know).
pub fn issue_decimals(a: &parley_core::Analysis, id: &str) -> usize {
    a.issues
        .iter()
        .find(|i| i.id == id)
        .map_or(1, |i| scale_decimals(i.scale))
}

/// A value of issue `id` of an analysis, by [`on_scale`] (one decimal for an id it does not
/// know, as 0-100).
pub fn issue_value(a: &parley_core::Analysis, id: &str, x: f64) -> String {
    a.issues
        .iter()
        .find(|i| i.id == id)
        .map_or_else(|| num(x, 1), |i| on_scale(x, i.scale))
}

/// A value of issue `id` of a scenario, by [`on_scale`] (one decimal for an id it does not
/// know, as 0-100): for outputs that have the scenario but no analysis (`parley advise`).
pub fn scenario_value(s: &parley_core::Scenario, id: &str, x: f64) -> String {
    s.issues
        .iter()
        .find(|i| i.id == id)
        .map_or_else(|| num(x, 1), |i| on_scale(x, [i.scale.min, i.scale.max]))
}

/// Issue values as `id value, id value`, each with the decimals its scale needs.
pub fn issue_values<'a>(
    a: &parley_core::Analysis,
    values: impl IntoIterator<Item = (&'a String, &'a f64)>,
) -> String {
    values
        .into_iter()
        .map(|(k, v)| format!("{k} {}", issue_value(a, k, *v)))
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

/// One `Note: ...` line per note on a scenario or its analysis (what its what-ifs or edits did
/// beyond their numbers, such as a mediation that lapsed), `Note (label): ...` when `label`
/// names a variant; empty without notes. JSON outputs carry the same notes as `notes`.
pub fn note_lines(notes: &[parley_core::scenario::Note], label: Option<&str>) -> String {
    let label = label.map_or(String::new(), |l| format!(" ({l})"));
    notes
        .iter()
        .map(|n| format!("Note{label}: {}.\n", n.text))
        .collect()
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
    let models: Vec<&str> = q.answers.iter().map(|a| a.model.as_str()).collect();
    let mut parts = Vec::new();
    if let Some(split) = &v.condition {
        let mut part = format!("the condition {}", split_text(split, models.len()));
        if let Some(o) = odds.and_then(|o| odds_text(o, &models)) {
            part.push_str("; ");
            part.push_str(&o);
        }
        parts.push(part);
    }
    if !v.gains_most.is_empty() || !v.tied.is_empty() || !v.unrankable.is_empty() {
        parts.push(gains_text(q, models.len()));
    }
    if let (Some(split), Some(link)) = (&v.linkage_pays, &q.linkage) {
        parts.push(linkage_text(q, split, link, models.len()));
    }
    (!parts.is_empty()).then(|| {
        format!(
            "In short (a tally of the point forecasts above): {}.",
            parts.join("; ")
        )
    })
}

/// "holds under 2 of 5 models (a, b), not under c, d, e", "holds under both models",
/// "does not hold under the one model (a)", "holds under none of the 3 models".
fn split_text(split: &parley_core::analysis::Split, of: usize) -> String {
    if of == 1 {
        return match (split.yes.first(), split.no.first()) {
            (Some(m), _) => format!("holds under the one model ({m})"),
            (None, Some(m)) => format!("does not hold under the one model ({m})"),
            (None, None) => "is not evaluated".to_owned(),
        };
    }
    let yes = format!("holds under {}", models_text(&split.yes, of));
    if split.yes.is_empty() || split.no.is_empty() {
        yes
    } else {
        format!("{yes}, not under {}", split.no.join(", "))
    }
}

/// "2 of 5 models (a, b)", "all 5 models", "both models", "none of the 5 models",
/// "the one model (a)" (callers word an empty list of one model themselves).
fn models_text(models: &[String], of: usize) -> String {
    match (models.len(), of) {
        (1, 1) => format!("the one model ({})", models[0]),
        (0, _) => format!("none of the {}", count(of, "model")),
        (2, 2) => "both models".to_owned(),
        (n, m) if n == m => format!("all {}", count(m, "model")),
        (n, m) => format!("{n} of {} ({})", count(m, "model"), models.join(", ")),
    }
}

/// "rus gains more than usa under 3 of 5 models (...), usa under 2 (...)" for two actors,
/// "gains most: rus under ..., chn under ..." for more; then the models with no single top,
/// and why when a compared actor's gain cannot be computed.
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
    if !v.tied.is_empty() {
        pieces.push(format!("the top gains tie under {}", v.tied.join(", ")));
    }
    if !v.unrankable.is_empty() {
        let (gain, they) = if v.unranked.len() == 1 {
            ("gain", "it takes")
        } else {
            ("gains", "they take")
        };
        pieces.push(format!(
            "no model ranks them under {} ({} {gain} cannot be computed: no status quo on the \
             issues {they} part in)",
            v.unrankable.join(", "),
            possessive(&v.unranked)
        ));
    }
    pieces.join(", ")
}

/// "z's", "y's and z's".
fn possessive(actors: &[String]) -> String {
    let each: Vec<String> = actors.iter().map(|a| format!("{a}'s")).collect();
    match each.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => each.join(""),
    }
}

/// The linkage part: which parties were tallied (and which compared actors are no party).
fn linkage_text(
    q: &parley_core::analysis::QuestionView,
    split: &parley_core::analysis::Split,
    link: &str,
    of: usize,
) -> String {
    let v = &q.verdict;
    let compared_parties = q.actors.iter().any(|a| v.linkage_parties.contains(a));
    let who = if compared_parties {
        v.linkage_parties.join(" and ")
    } else {
        format!("every party ({})", v.linkage_parties.join(", "))
    };
    let outside: Vec<&String> = q
        .actors
        .iter()
        .filter(|a| !v.linkage_parties.contains(a))
        .collect();
    let note = match outside.as_slice() {
        [] => String::new(),
        [one] => format!(" ({one} is not a party to {link})"),
        many => format!(
            " ({} are not parties to {link})",
            many.iter()
                .map(|a| a.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    if split.yes.is_empty() {
        format!(
            "the joint bargain on {link} does not leave {who} better off than any model's \
             issue-by-issue forecast{note}"
        )
    } else {
        format!(
            "the joint bargain on {link} leaves {who} better off than the issue-by-issue \
             forecast of {}{note}",
            models_text(&split.yes, of)
        )
    }
}

/// The odds with model error: "its odds with each model's measured error run from 17.6% (nbs)
/// to 81.7% (exchange)"; one model's alone; and the models without an error model.
fn odds_text(odds: &indexmap::IndexMap<String, f64>, models: &[&str]) -> Option<String> {
    let pct = percent;
    let lo = odds.iter().min_by(|a, b| a.1.total_cmp(b.1))?;
    let hi = odds.iter().max_by(|a, b| a.1.total_cmp(b.1))?;
    let mut text = if odds.len() == 1 {
        format!(
            "with its measured error {}'s odds at the point values are {}",
            lo.0,
            pct(*lo.1)
        )
    } else if pct(*lo.1) == pct(*hi.1) {
        format!(
            "with each model's measured error its odds at the point values are {} under each",
            pct(*lo.1)
        )
    } else {
        format!(
            "with each model's measured error its odds at the point values run from {} ({}) to {} ({})",
            pct(*lo.1),
            lo.0,
            pct(*hi.1),
            hi.0
        )
    };
    let without: Vec<&str> = models
        .iter()
        .copied()
        .filter(|m| !odds.contains_key(*m))
        .collect();
    if !without.is_empty() {
        text.push_str(&format!(
            " ({} no error model)",
            if without.len() == 1 {
                format!("{} has", without[0])
            } else {
                format!("{} have", without.join(", "))
            }
        ));
    }
    Some(text)
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
    fn values_on_a_scale_take_the_scales_decimals() {
        // 0-100: one place, as the run table always printed it.
        assert_eq!(on_scale(62.5, [0.0, 100.0]), "62.5");
        assert_eq!(on_scale(40.0, [0.0, 100.0]), "40.0");
        // [0, 0.05]: span 0.05, -log10 = 1.3, ceil 2, so 2 + 2 = 4 places.
        assert_eq!(on_scale(0.035_1, [0.0, 0.05]), "0.0351");
        assert_eq!(on_scale(0.025, [0.0, 0.05]), "0.0250");
        // [1.5, 3]: span 1.5 >= 1, two places.
        assert_eq!(on_scale(2.85, [1.5, 3.0]), "2.85");
        // [1e-100, 2e-100]: magnitude / span = 2, ceil(log10 2) + 2 = 3 mantissa places.
        assert_eq!(on_scale(1.2e-100, [1e-100, 2e-100]), "1.200e-100");
        assert_eq!(on_scale(1e-100, [1e-100, 2e-100]), "1.000e-100");
        // [1, 1 + 1e-11]: magnitude / span about 1e11, 11 + 2 = 13 places, the ends differ.
        assert_eq!(on_scale(1.0, [1.0, 1.0 + 1e-11]), "1.0000000000000e0");
        assert_eq!(
            on_scale(1.0 + 1e-11, [1.0, 1.0 + 1e-11]),
            "1.0000000000100e0"
        );
        assert_eq!(on_scale(-0.0, [-1e-100, 1e-100]), "0.000e0");
        // Huge values stay scientific as before.
        assert_eq!(on_scale(-1e100, [-1e100, 1e100]), "-1.000e100");
    }

    #[test]
    fn given_numbers_drop_trailing_zeros_only() {
        assert_eq!(given(0.0, [0.0, 100.0]), "0");
        assert_eq!(given(100.0, [0.0, 100.0]), "100");
        assert_eq!(given(62.5, [0.0, 100.0]), "62.5");
        assert_eq!(given(0.03, [0.0, 0.05]), "0.03");
        assert_eq!(given(0.05, [0.0, 0.05]), "0.05");
        assert_eq!(given(1.5, [1.5, 3.0]), "1.5");
        assert_eq!(given(3.0, [1.5, 3.0]), "3");
        assert_eq!(given(1e-100, [1e-100, 2e-100]), "1e-100");
        assert_eq!(given(2e-100, [1e-100, 2e-100]), "2e-100");
        assert_eq!(given(-1e100, [-1e100, 1e100]), "-1e100");
        // Zeros before the point are not trailing decimals.
        assert_eq!(given(2000.0, [1000.0, 3000.0]), "2000");
    }

    #[test]
    fn capabilities_keep_three_significant_digits() {
        // Whole numbers keep the places asked for: the run table's "100.0", the report's "80".
        assert_eq!(significant(100.0, 1), "100.0");
        assert_eq!(significant(80.0, 0), "80");
        assert_eq!(significant(0.3, 0), "0.3");
        assert_eq!(significant(0.7, 0), "0.7");
        assert_eq!(significant(2.5, 0), "2.5");
        assert_eq!(significant(0.04, 1), "0.04");
        assert_eq!(significant(0.12, 1), "0.12");
        assert_eq!(significant(0.123_456, 1), "0.123");
        assert_eq!(significant(1234.5, 1), "1234.5");
        assert_eq!(significant(1e-100, 1), "1e-100");
        assert_eq!(significant(2.5e-5, 0), "2.5e-5");
        assert_eq!(significant(1e100, 1), "1e100");
        assert_eq!(significant(0.0, 1), "0.0");
    }

    #[test]
    fn odds_print_with_one_decimal() {
        assert_eq!(percent(0.005), "0.5%");
        assert_eq!(percent(0.0), "0.0%");
        assert_eq!(percent(0.62), "62.0%");
        assert_eq!(percent(1.0), "100.0%");
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
                tied: if actors.len() >= 2 {
                    vec!["smp".into()]
                } else {
                    vec![]
                },
                unrankable: vec![],
                unranked: vec![],
                linkage_pays: None,
                linkage_parties: vec![],
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
                 at the point values run from 17.6% (nbs) to 81.7% (a) (smp has no error model)."
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
                 2 of 4 models (a, nbs), usa under 1 (eum), the top gains tie under smp."
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
        assert_eq!(models_text(&m(&["a", "b"]), 2), "both models");
        assert_eq!(models_text(&m(&["a", "b", "c"]), 3), "all 3 models");
        assert_eq!(models_text(&m(&["a"]), 3), "1 of 3 models (a)");
        let split = |yes: &[&str], no: &[&str]| parley_core::analysis::Split {
            yes: m(yes),
            no: m(no),
        };
        assert_eq!(
            split_text(&split(&[], &["a"]), 1),
            "does not hold under the one model (a)"
        );
        assert_eq!(
            split_text(&split(&["a"], &[]), 1),
            "holds under the one model (a)"
        );
    }

    #[test]
    fn the_odds_name_the_models_without_an_error_model() {
        let mut one = indexmap::IndexMap::new();
        one.insert("compromise".to_owned(), 0.466);
        assert_eq!(
            odds_text(&one, &["compromise", "nbs", "eum"]).as_deref(),
            Some(
                "with its measured error compromise's odds at the point values are 46.6% \
                 (nbs, eum have no error model)"
            )
        );
        one.insert("nbs".to_owned(), 0.466);
        assert_eq!(
            odds_text(&one, &["compromise", "nbs"]).as_deref(),
            Some(
                "with each model's measured error its odds at the point values are 46.6% under each"
            )
        );
    }
}
