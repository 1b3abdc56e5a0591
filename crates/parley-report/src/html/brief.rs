//! The report's first page, the brief: each question answered in plain words with names, the
//! models' agreement or disagreement, the odds over the coding's ranges alone and with the
//! models' measured error, and the two inputs that matter most.
//!
//! Every number here is also in the detailed answers below it; the brief only chooses and
//! words them.

use indexmap::IndexMap;
use parley_core::analysis::QuestionView;
use parley_core::condition::Condition;
use parley_core::uncertainty::McResult;
use parley_core::uncertainty::sensitivity::ForecastSensitivity;

use super::ReportData;
use super::answers::{gain_views, pct, ranked_inputs, thousands};
use super::page::Page;
use super::words::{Names, and_list};
use crate::svg::escape;
use crate::text::{count, given, num, on_scale};

/// Writes the brief: the title block, the bottom line and one item per question.
pub fn section(p: &mut Page, d: &ReportData) {
    let names = Names::new(d.scenario, d.analysis);
    p.raw("<section class=\"brief\" id=\"brief\"><header class=\"title-block\">");
    p.tag_class("p", "kicker", "Parley brief");
    p.tag("h1", &d.analysis.scenario);
    let mut facts = Vec::new();
    if let Some(date) = &d.analysis.date {
        facts.push(format!("as of {date}"));
    }
    facts.push(format!(
        "{}, {}; models: {}",
        count(d.analysis.actors.len(), "actor"),
        count(d.analysis.issues.len(), "issue"),
        d.analysis
            .models
            .iter()
            .map(|m| m.model.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if let Some(r) = d.monte_carlo {
        facts.push(format!(
            "{} Monte Carlo runs, seed {}",
            thousands(r.runs),
            r.seed
        ));
    }
    facts.push(format!("made with {}", d.generator));
    p.tag_class("p", "facts", &facts.join(" · "));
    p.raw("</header>");
    bottom_line(p, d, &names);
    p.raw("<ol class=\"brief-answers\">");
    let mut gains_shown: Vec<String> = Vec::new();
    for (k, q) in d.analysis.questions.iter().enumerate() {
        p.raw(&format!(
            "<li value=\"{}\" data-question=\"{}\"><a href=\"#q-{}\"><strong>",
            k + 1,
            escape(&q.id),
            escape(&q.id)
        ));
        p.text(&q.text);
        p.raw("</strong></a>");
        let key = |q: &QuestionView| format!("{} {:?}", q.actors.join(","), q.linkage);
        let repeat = gains_shown.contains(&key(q));
        let asked_again = d.analysis.questions[k + 1..]
            .iter()
            .any(|later| key(later) == key(q));
        gains_shown.push(key(q));
        let item = answer(d, &names, q, repeat, asked_again);
        p.raw(&format!("<p class=\"brief-answer\">{}</p>", item.answer));
        if !item.odds.is_empty() {
            p.raw(&format!("<p class=\"brief-odds\">{}</p>", item.odds));
        }
        // The same issues as an earlier question: the same inputs matter.
        let same = d.analysis.questions[..k]
            .iter()
            .position(|earlier| earlier.issues == q.issues);
        let matters = match same {
            Some(j) => format!("What matters most: as for question {}.", j + 1),
            None => drivers(d, &names, q),
        };
        p.raw(&format!("<p class=\"brief-drivers\">{matters}</p>"));
        p.raw("</li>");
    }
    p.raw("</ol>");
    if d.analysis.questions.is_empty() {
        p.tag(
            "p",
            "The scenario asks no questions ([[question]]); the forecasts follow.",
        );
    }
    p.tag_class(
        "p",
        "brief-caveat",
        "Every number behind these answers is an analyst's judgment with a plausible range and \
         its evidence (The scenario, below), run through published models (Method notes). Read \
         them as \"if the coding is right, then\".",
    );
    p.raw("</section>");
}

/// One question's answer on the first page: the answer sentence (with the models' agreement)
/// and the odds sentence, both HTML.
struct Item {
    answer: String,
    odds: String,
}

/// `repeat`: an earlier question has the same actors and linkage, so it stated who gains;
/// `asked_again`: a later one has, so that one states the deal.
fn answer(
    d: &ReportData,
    names: &Names,
    q: &QuestionView,
    repeat: bool,
    asked_again: bool,
) -> Item {
    let mut answer = Vec::new();
    let mut odds = Vec::new();
    if let Some(c) = &q.condition {
        let (a, o) = condition(d, names, q, c);
        answer.push(a);
        odds.push(o);
    }
    let gains_stated = q.actors.len() >= 2 && q.condition.is_none() && !repeat;
    if gains_stated {
        answer.push(gains(d, names, q));
    }
    if let Some(l) = q.linkage.as_ref().filter(|_| repeat || !asked_again) {
        let (a, o) = deal(d, names, q, l);
        if !a.is_empty() {
            answer.push(a);
        }
        // A condition and a deal without a Monte Carlo both say there are no odds: once.
        if !o.is_empty() && !odds.contains(&o) {
            odds.push(o);
        }
    }
    if gains_stated && odds.is_empty() {
        odds.push(
            "Gains are point values: the Monte Carlo gives odds for conditions and deals only."
                .to_owned(),
        );
    }
    if answer.is_empty() {
        answer.push(
            "The scenario gives this question no condition, actors or linkage to answer it with."
                .to_owned(),
        );
    }
    Item {
        answer: answer.join(" "),
        odds: odds.join(" "),
    }
}

/// A question with a condition: how many models forecast it, in words; then its odds.
fn condition(d: &ReportData, names: &Names, q: &QuestionView, c: &str) -> (String, String) {
    let words = names
        .condition(c)
        .map_or_else(|| format!("<code>{}</code>", escape(c)), |w| escape(&w));
    let holding: Vec<String> = q
        .answers
        .iter()
        .filter(|a| a.holds == Some(true))
        .map(|a| names.model_distinct(&a.model))
        .collect();
    let judged = q.answers.iter().filter(|a| a.holds.is_some()).count();
    let k = holding.len();
    let answer = if judged == 0 {
        format!("No model's forecast can be checked against {words}.")
    } else if k == judged {
        format!(
            "<strong>The models agree: yes.</strong> At the coding's point values {} {words}.",
            if judged == 1 {
                "the one model forecasts".to_owned()
            } else {
                format!("every one of the {judged} models forecasts")
            }
        )
    } else if k == 0 {
        format!(
            "<strong>The models agree: no.</strong> At the coding's point values {} {words}.",
            if judged == 1 {
                "the one model does not forecast".to_owned()
            } else {
                format!("none of the {judged} models forecasts")
            }
        )
    } else {
        format!(
            "<strong>The models disagree: {k} of {judged} say yes.</strong> At the coding's \
             point values {} {} {words}; the other {} {}.",
            escape(&and_list(&holding)),
            if k == 1 { "forecasts" } else { "forecast" },
            judged - k,
            if judged - k == 1 {
                "does not"
            } else {
                "do not"
            }
        )
    };
    let odds = match d.monte_carlo {
        None => "No Monte Carlo was run, so there are no odds: point values only.".to_owned(),
        Some(r) => match r.conditions.iter().find(|x| x.source == q.id) {
            None => "The Monte Carlo did not track this condition.".to_owned(),
            Some(x) => condition_odds(r, names, &x.probability, &x.with_model_error),
        },
    };
    (answer, odds)
}

/// The condition's odds twice: over the coding's ranges alone, and with each model's measured
/// error added.
fn condition_odds(
    r: &McResult,
    names: &Names,
    inputs: &IndexMap<String, f64>,
    with_error: &IndexMap<String, f64>,
) -> String {
    let spread = |m: &IndexMap<String, f64>| -> Option<String> {
        let xs: Vec<f64> = m.values().copied().collect();
        if xs.is_empty() {
            return None;
        }
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Some(if xs.len() == 1 || (hi - lo) < 0.0005 {
            format!("<strong>{}</strong>", pct(mean))
        } else {
            format!(
                "<strong>{}</strong> on average across the models ({} to {} by model)",
                pct(mean),
                pct(lo),
                pct(hi)
            )
        })
    };
    let mut s = format!(
        "Odds over {} draws: from the coding's ranges alone (inputs only), {}",
        thousands(r.runs),
        spread(inputs).unwrap_or_else(|| "–".into())
    );
    match spread(with_error) {
        Some(e) => {
            s.push_str(&format!(
                "; counting each model's measured error on real decisions as well, {e}"
            ));
            if !r.without_model_error.is_empty() {
                let missing: Vec<String> = r
                    .without_model_error
                    .iter()
                    .map(|m| names.model_distinct(m))
                    .collect();
                s.push_str(&format!(
                    " (no measured error for {})",
                    escape(&and_list(&missing))
                ));
            }
            s.push('.');
        }
        None => s.push_str(
            ". With model error: not available, the run had no calibration of the models' \
             error.",
        ),
    }
    s
}

/// Two actors on a linkage: who gains more, under how many views; otherwise how many views
/// leave each better off.
fn gains(d: &ReportData, names: &Names, q: &QuestionView) -> String {
    let views = gain_views(d, q);
    let view_name = |v: &str| -> String {
        // The views are labelled "<model> (all issues)", "trading within '<id>' (exchange
        // model)" and "joint deal on '<id>' (joint NBS)".
        if let Some(m) = v.strip_suffix(" (all issues)") {
            names.model_distinct(m)
        } else if let Some(l) = v
            .strip_prefix("trading within '")
            .and_then(|x| x.split('\'').next())
        {
            format!("trading within the {}", names.linkage(l))
        } else if let Some(l) = v
            .strip_prefix("joint deal on '")
            .and_then(|x| x.split('\'').next())
        {
            format!("the joint deal on the {}", names.linkage(l))
        } else {
            v.to_owned()
        }
    };
    if q.actors.len() == 2 && q.linkage.is_some() {
        let (x, y) = (names.actor(&q.actors[0]), names.actor(&q.actors[1]));
        let (mut x_more, mut y_more) = (Vec::new(), Vec::new());
        let mut ranked = 0;
        for (v, g) in &views {
            match parley_core::analysis::verdict::compare_gains(g[0], g[1]) {
                Some(std::cmp::Ordering::Greater) => x_more.push(view_name(v)),
                Some(std::cmp::Ordering::Less) => y_more.push(view_name(v)),
                Some(std::cmp::Ordering::Equal) => {}
                None => continue,
            }
            ranked += 1;
        }
        if ranked == 0 {
            return format!(
                "<strong>No view can rank {} and {}:</strong> a gain cannot be computed (no \
                 status quo on the issues they take part in).",
                escape(&x),
                escape(&y)
            );
        }
        let n = views.len();
        let (a, b) = (x_more.len(), y_more.len());
        let verdict = if a == n {
            format!("The views agree: {}.", escape(&x))
        } else if b == n {
            format!("The views agree: {}.", escape(&y))
        } else if a > b {
            format!("Mostly {}, the views disagree.", escape(&x))
        } else if b > a {
            format!("Mostly {}, the views disagree.", escape(&y))
        } else {
            "The views are split evenly.".to_owned()
        };
        let (minority, fewer) = if a >= b { (&y, &y_more) } else { (&x, &x_more) };
        let (majority, more) = if a >= b { (&x, a) } else { (&y, b) };
        let mut s = format!(
            "<strong>{verdict}</strong> {} gains more than {} under {more} of {n} views (each \
             model on all issues, the trades within the linkage and the joint deal)",
            escape(majority),
            escape(minority)
        );
        if fewer.is_empty() {
            s.push('.');
        } else {
            s.push_str(&format!(
                "; {} gains more under {} ({}).",
                escape(minority),
                fewer.len(),
                escape(&and_list(fewer))
            ));
        }
        return s;
    }
    let parts: Vec<String> = q
        .actors
        .iter()
        .enumerate()
        .map(|(k, actor)| {
            let known = views.iter().filter(|(_, g)| g[k].is_some()).count();
            let gaining = views
                .iter()
                .filter(|(_, g)| g[k].is_some_and(|v| v > 0.0))
                .count();
            format!("{} under {gaining} of {known}", escape(&names.actor(actor)))
        })
        .collect();
    format!(
        "Better off than the status quo: {} views.",
        and_list(&parts)
    )
}

/// The two actors' bilateral deal on the linkage: its odds over the draws, else whether it
/// exists at the point values.
fn deal(d: &ReportData, names: &Names, q: &QuestionView, linkage: &str) -> (String, String) {
    let lname = escape(&names.linkage(linkage));
    if let Some(r) = d.monte_carlo
        && let Some(x) = r
            .deals
            .iter()
            .find(|x| x.question == q.id && x.linkage == linkage)
    {
        let (a, b) = (escape(&names.actor(&x.a)), escape(&names.actor(&x.b)));
        let verdict = if x.probability >= 0.9 {
            "Yes, and it is robust."
        } else if x.probability >= 0.5 {
            "Probably."
        } else if x.probability > 0.1 {
            "Doubtful."
        } else {
            "No."
        };
        let answer = format!(
            "<strong>{verdict}</strong> {a} and {b} alone have a deal on the {lname} that leaves \
             both better off than the status quo in <strong>{}</strong> of {} draws of the \
             coding's ranges.",
            pct(x.probability),
            thousands(r.runs)
        );
        let odds = "That share is over the coding's ranges alone (inputs only): the deal is \
                    computed from the coding, not forecast by a model, so no model error \
                    applies to it."
            .to_owned();
        return (answer, odds);
    }
    let Some(l) = d
        .bargain
        .and_then(|b| b.linkages.iter().find(|l| l.id == linkage))
    else {
        return (String::new(), String::new());
    };
    let [x, y] = match q.actors.as_slice() {
        [x, y, ..] => [x, y],
        _ => return (String::new(), String::new()),
    };
    let Some(pd) = l
        .pairs
        .iter()
        .find(|pd| (&pd.a == x && &pd.b == y) || (&pd.a == y && &pd.b == x))
    else {
        return (String::new(), String::new());
    };
    let (a, b) = (escape(&names.actor(x)), escape(&names.actor(y)));
    let answer = if pd.deal {
        format!(
            "At the coding's point values {a} and {b} alone have a deal on the {lname} that \
             leaves both better off than the status quo."
        )
    } else {
        format!(
            "At the coding's point values no deal on the {lname} leaves both {a} and {b} better \
             off than the status quo."
        )
    };
    (
        answer,
        "No Monte Carlo was run, so there are no odds: point values only.".to_owned(),
    )
}

/// The two uncertain inputs that explain most of the variance of the question's forecasts,
/// in words, with the share of the forecast's variance each explains over the sensitivity's
/// draws (its squared correlation with the forecast).
///
/// Ranked by the variance explained in squared percent of the issue's scale (the share times
/// the forecast's variance over the Monte Carlo draws), so that an input explaining all of a
/// forecast that hardly moves does not outrank one explaining half of a forecast that moves by
/// 40% of its scale, and a point on a 0-10 issue counts as much as ten on a 0-100 one; without
/// a Monte Carlo result, by the share alone.
fn drivers(d: &ReportData, names: &Names, q: &QuestionView) -> String {
    let Some(s) = d.sensitivity else {
        return "What matters most: not ranked, because no sensitivity analysis was run for this \
                report (it needs Monte Carlo runs)."
            .to_owned();
    };
    let variance = |model: &str, issue: &str| -> f64 {
        d.monte_carlo
            .and_then(|r| r.models.iter().find(|m| m.model == model))
            .and_then(|m| m.issues.get(issue))
            .map_or(1.0, |x| {
                let sd = percent_of_scale(d, issue, x.sd);
                sd * sd
            })
    };
    let explained = |f: &ForecastSensitivity, share: f64| share * variance(&f.model, &f.issue);
    let issues = question_issues(d, q);
    let top: Vec<String> = ranked_inputs(s, &issues, 2, explained)
        .iter()
        .map(|r| {
            format!(
                "<strong>{}</strong> ({} of the variance of the {} forecast)",
                escape(&names.input(&r.input)),
                pct(r.share),
                escape(&names.model_distinct(&r.model)),
            )
        })
        .collect();
    if top.is_empty() {
        return "What matters most: no uncertain input moves these forecasts.".to_owned();
    }
    format!("What matters most: {}.", and_list(&top))
}

/// The issues a question is about: its own and those its condition names (`issues` is
/// optional when there is a condition, and `run`, `mc` and `seal` take the issues from it), else
/// (a question comparing actors' gains) every issue its actors take part in, whose forecasts
/// make those gains.
fn question_issues(d: &ReportData, q: &QuestionView) -> Vec<String> {
    let mut issues = q.issues.clone();
    let condition = q
        .condition
        .as_deref()
        .and_then(|c| Condition::parse(c).ok());
    for comparison in condition.iter().flat_map(|c| c.clauses()).flatten() {
        if !issues.contains(&comparison.issue) {
            issues.push(comparison.issue.clone());
        }
    }
    if !issues.is_empty() || q.actors.is_empty() {
        return issues;
    }
    d.analysis
        .issues
        .iter()
        .map(|i| &i.id)
        .filter(|id| {
            d.analysis
                .actors
                .iter()
                .filter(|a| q.actors.contains(&a.id))
                .any(|a| a.involved.contains(id))
        })
        .cloned()
        .collect()
}

/// `points` on issue `issue`'s own scale in percent of that scale's width (unchanged when the
/// issue is unknown or its scale has no width, so that nothing divides by zero).
fn percent_of_scale(d: &ReportData, issue: &str, points: f64) -> f64 {
    let span = d
        .analysis
        .issues
        .iter()
        .find(|i| i.id == issue)
        .map_or(0.0, |i| (i.scale[1] - i.scale[0]).abs());
    if span > 0.0 {
        points / span * 100.0
    } else {
        points
    }
}

/// How closely forecasts that "agree" agree: a tenth of a point when every issue spans 100
/// points (a point is then a percent of the scale), else 0.1% of each issue's scale.
fn agreement_precision(a: &parley_core::Analysis) -> &'static str {
    if a.issues
        .iter()
        .all(|i| ((i.scale[1] - i.scale[0]).abs() - 100.0).abs() < 1e-9)
    {
        "to a tenth of a point"
    } else {
        "to 0.1% of each issue's scale"
    }
}

/// The bottom line across models: on how many questions they agree, and how far apart their
/// forecasts of the same issue are.
fn bottom_line(p: &mut Page, d: &ReportData, names: &Names) {
    let a = d.analysis;
    let mut agree = 0;
    let mut disagree = 0;
    for q in a.questions.iter().filter(|q| q.condition.is_some()) {
        let judged = q.answers.iter().filter(|x| x.holds.is_some()).count();
        let yes = q.answers.iter().filter(|x| x.holds == Some(true)).count();
        if judged > 0 && (yes == 0 || yes == judged) {
            agree += 1;
        } else if judged > 0 {
            disagree += 1;
        }
    }
    // Compared in percent of each issue's scale (5 points on a 0-10 issue are wider than 5 on
    // a 0-100 one), printed in points of the chosen issue's own scale.
    let mut widest: Option<(f64, String, String, String)> = None;
    for issue in &a.issues {
        let xs: Vec<f64> = a
            .models
            .iter()
            .filter_map(|m| m.forecast.get(&issue.id).copied())
            .collect();
        if xs.len() < 2 {
            continue;
        }
        let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let relative = percent_of_scale(d, &issue.id, hi - lo);
        let scale = format!(
            " on its {}-{} scale",
            given(issue.scale[0], issue.scale),
            given(issue.scale[1], issue.scale)
        );
        if widest.as_ref().is_none_or(|w| relative > w.0) {
            let spread = on_scale(hi - lo, issue.scale);
            widest = Some((relative, spread, names.issue(&issue.id), scale));
        }
    }
    let mut s = String::from("<strong>Bottom line.</strong> ");
    let n = a.models.len();
    let judged = agree + disagree;
    if n < 2 {
        // One model cannot agree or disagree with itself: no tally.
    } else if judged == 1 {
        s.push_str(&format!(
            "The {n} models {} on the one question with a yes-or-no condition. ",
            if agree == 1 { "agree" } else { "disagree" }
        ));
    } else if judged > 1 {
        s.push_str(&format!(
            "The {n} models agree on {agree} of the {judged} questions with a yes-or-no \
             condition and disagree on the other {disagree}. "
        ));
    }
    // "Apart" is judged in percent of the scale, as the widest issue is chosen: 0.02 on a
    // 0-0.05 scale is 40% of it, not "agreement to a tenth of a point".
    let apart = widest.filter(|(relative, _, _, _)| num(*relative, 1) != "0.0");
    if let Some((_, w, issue, scale)) = &apart {
        s.push_str(&format!(
            "Their forecasts of the same issue are up to {} points apart (on {}{}). ",
            w,
            escape(issue),
            escape(scale)
        ));
    }
    if apart.is_some() || disagree > 0 {
        s.push_str(
            "Each model is a different account of how the bargaining works: where they \
             disagree, the disagreement is the finding.",
        );
    } else if n > 1 {
        s.push_str(&format!(
            "Their forecasts agree on every issue ({}): different accounts of how the \
             bargaining works lead to the same place here.",
            agreement_precision(a)
        ));
    }
    p.raw(&format!("<p class=\"bottom-line\">{s}</p>"));
}
