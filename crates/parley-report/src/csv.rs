//! CSV for programs: long format, one record per line, easy to load in pandas or R. One
//! function per command: [`run`], [`mc`], [`sensitivity`], [`backtest`], [`compare`],
//! [`bargain`], [`models`].

use std::fmt::Write as _;

use parley_core::Analysis;
use parley_core::analysis::StatusView;
use parley_core::backtest::{Backtest, Half};
use parley_core::uncertainty::{McResult, Sensitivity};

use crate::ReportError;

/// The analysis of `parley run`. Columns: `record,model,issue,actor,value,status`. Records are
/// `forecast` (per model and issue, on the issue's own scale), `status_quo` (per issue), and
/// `gain` (per model, actor and issue; the `issue` column is `total` for the actor's sum).
pub fn run(analysis: &Analysis) -> Result<String, ReportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    write_run(analysis, &mut w).map_err(|e| ReportError::Csv(e.to_string()))?;
    let bytes = w
        .into_inner()
        .map_err(|e| ReportError::Csv(e.error().to_string()))?;
    String::from_utf8(bytes).map_err(|e| ReportError::Csv(e.to_string()))
}

fn write_run(analysis: &Analysis, w: &mut csv::Writer<Vec<u8>>) -> Result<(), csv::Error> {
    record(w, ["record", "model", "issue", "actor", "value", "status"])?;
    for issue in &analysis.issues {
        if let Some(q) = issue.status_quo {
            record(
                w,
                ["status_quo", "", &issue.id, "", &Num(q).to_string(), ""],
            )?;
        }
    }
    for run in &analysis.models {
        for (issue, value) in &run.forecast {
            let status = run.status.get(issue).map_or("", status_word);
            record(
                w,
                [
                    "forecast",
                    &run.model,
                    issue,
                    "",
                    &Num(*value).to_string(),
                    status,
                ],
            )?;
        }
        for (actor, g) in &run.gains {
            for (issue, value) in &g.by_issue {
                record(
                    w,
                    [
                        "gain",
                        &run.model,
                        issue,
                        actor,
                        &Num(*value).to_string(),
                        "",
                    ],
                )?;
            }
            if let Some(total) = g.total {
                record(
                    w,
                    [
                        "gain",
                        &run.model,
                        "total",
                        actor,
                        &Num(total).to_string(),
                        "",
                    ],
                )?;
            }
        }
    }
    Ok(())
}

/// The status's snake-case name, as in the JSON output.
pub fn status_word(s: &StatusView) -> &'static str {
    match s {
        StatusView::Settled => "settled",
        StatusView::NoAgreementZone { .. } => "no_agreement_zone",
        StatusView::NoSalience => "no_salience",
        StatusView::Fallback { .. } => "fallback",
        StatusView::Bystanders { .. } => "bystanders",
    }
}

/// The Monte Carlo of `parley mc`, long format: `record,model,issue,stat,value`. Records:
/// `forecast` (stats `mean`, `sd`, `median`, `p5`, `p95`, `min`, `max`), `condition` (stat
/// `probability`), `deal` (issue `QUESTION: A-B on LINKAGE`, so two questions on one linkage
/// stay apart) and `pair` (stat `class|a|b`), all from the input ranges only; then the
/// same with each model's error added: `forecast_with_model_error` rows (the forecast's stats)
/// and `condition` rows with the stat `with_model_error`. The model-error rows come last so
/// that the rows an older reader knows keep their order. docs/json-output.md says what is left
/// out.
pub fn mc(r: &McResult) -> String {
    let mut out = String::from("record,model,issue,stat,value\n");
    for m in &r.models {
        summaries(&mut out, "forecast", &m.model, &m.issues);
    }
    for c in &r.conditions {
        odds(&mut out, &c.condition, "probability", &c.probability);
    }
    for d in &r.deals {
        let _ = writeln!(
            out,
            "deal,,{},probability,{}",
            quote(&format!("{}: {}-{} on {}", d.question, d.a, d.b, d.linkage)),
            Num(d.probability)
        );
    }
    for p in &r.pairs {
        for (issue, pairs) in &p.issues {
            for x in pairs {
                for (class, v) in &x.shares {
                    let stat = quote(&format!("{class}|{}|{}", x.a, x.b));
                    let _ = writeln!(
                        out,
                        "pair,{},{},{stat},{}",
                        field(&p.model),
                        quote(issue),
                        Num(*v)
                    );
                }
            }
        }
    }
    for m in &r.models {
        summaries(
            &mut out,
            "forecast_with_model_error",
            &m.model,
            &m.with_model_error,
        );
    }
    for c in &r.conditions {
        odds(
            &mut out,
            &c.condition,
            "with_model_error",
            &c.with_model_error,
        );
    }
    out
}

/// One `condition` row per model: the share of runs in which `condition` holds.
fn odds(out: &mut String, condition: &str, stat: &str, odds: &indexmap::IndexMap<String, f64>) {
    for (model, p) in odds {
        let _ = writeln!(
            out,
            "condition,{},{},{stat},{}",
            field(model),
            quote(condition),
            Num(*p)
        );
    }
}

/// One `record` row per stat of each issue's summary.
fn summaries(
    out: &mut String,
    record: &str,
    model: &str,
    issues: &indexmap::IndexMap<String, parley_core::uncertainty::montecarlo::Summary>,
) {
    for (issue, s) in issues {
        for (stat, v) in [
            ("mean", s.mean),
            ("sd", s.sd),
            ("median", s.median),
            ("p5", s.p5),
            ("p95", s.p95),
            ("min", s.min),
            ("max", s.max),
        ] {
            let _ = writeln!(
                out,
                "{record},{},{},{stat},{}",
                field(model),
                quote(issue),
                Num(v)
            );
        }
    }
}

/// The sensitivity of `parley sensitivity`, long format:
/// `model,issue,input,at_low,at_high,swing,variance_share`, and when Sobol indices were
/// estimated `sobol_s,sobol_st,sobol_s_low,sobol_s_high,sobol_st_low,sobol_st_high` after them
/// (the interval columns empty without bootstrap resamples).
pub fn sensitivity(r: &Sensitivity) -> String {
    let mut out = String::from("model,issue,input,at_low,at_high,swing,variance_share");
    if r.sobol.is_some() {
        out.push_str(",sobol_s,sobol_st,sobol_s_low,sobol_s_high,sobol_st_low,sobol_st_high");
    }
    out.push('\n');
    for f in &r.forecasts {
        for e in &f.inputs {
            let _ = write!(
                out,
                "{},{},{},{},{},{},{}",
                field(&f.model),
                field(&f.issue),
                field(&e.input),
                Num(e.at_low),
                Num(e.at_high),
                Num(e.swing),
                Num(e.variance_share)
            );
            if r.sobol.is_some() {
                match &e.sobol {
                    Some(x) => {
                        let ci = |c: Option<[f64; 2]>| {
                            c.map_or(",".to_owned(), |[lo, hi]| {
                                format!("{},{}", Num(lo), Num(hi))
                            })
                        };
                        let _ = write!(
                            out,
                            ",{},{},{},{}",
                            Num(x.s),
                            Num(x.st),
                            ci(x.s_ci),
                            ci(x.st_ci)
                        );
                    }
                    None => out.push_str(",,,,,,"),
                }
            }
            out.push('\n');
        }
    }
    out
}

/// The backtest of `parley backtest`: one line per issue: id, proposal, half, outcome, each
/// predictor's forecast.
pub fn backtest(r: &Backtest) -> String {
    let mut out = String::from("issue,proposal,half,outcome");
    for row in &r.rows {
        let _ = write!(out, ",{}", quote(&row.name));
    }
    out.push('\n');
    for ((id, y, f), g) in r.forecasts.iter().zip(&r.groups) {
        let half = match g.half {
            Half::A => "A",
            Half::B => "B",
        };
        let _ = write!(
            out,
            "{},{},{half},{}",
            field(id),
            field(&g.negotiation),
            Num(*y)
        );
        for v in f {
            let _ = write!(out, ",{}", v.map_or(String::new(), |x| Num(x).to_string()));
        }
        out.push('\n');
    }
    out
}

/// A number as Rust writes it (the shortest form that reads back the same), except that
/// negative zero is `0`: the same number, whose sign would read as a loss and differ from the
/// JSON of the same run.
struct Num(f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `-0.0 == 0.0`, so both print as the positive one; nothing else changes.
        let x = if self.0 == 0.0 { 0.0 } else { self.0 };
        write!(f, "{x}")
    }
}

/// A field in double quotes, inner quotes doubled (RFC 4180).
fn quote(s: &str) -> String {
    format!("\"{}\"", inert(s).replace('"', "\"\""))
}

/// A field as it is, or quoted when it holds a comma, a quote or a line break (ids from
/// imported files may).
fn field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        std::borrow::Cow::Owned(quote(s))
    } else {
        inert(s)
    }
}

/// Finishes a writer into text.
fn finish(w: csv::Writer<Vec<u8>>) -> Result<String, ReportError> {
    let bytes = w
        .into_inner()
        .map_err(|e| ReportError::Csv(e.error().to_string()))?;
    String::from_utf8(bytes).map_err(|e| ReportError::Csv(e.to_string()))
}

/// One CSV record, each text field made [`inert`].
fn record<const N: usize>(
    w: &mut csv::Writer<Vec<u8>>,
    fields: [&str; N],
) -> Result<(), csv::Error> {
    let cells = fields.map(inert);
    w.write_record(cells.iter().map(|c| c.as_bytes()))
}

/// A text field a spreadsheet would run as a formula (an id or name written `=HYPERLINK(...)`,
/// `@x`, `+x`, `-x`, or after a tab or carriage return) gets a leading apostrophe, OWASP's guard
/// against CSV injection; numbers (`-0.24`) are written as they are.
fn inert(s: &str) -> std::borrow::Cow<'_, str> {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if formula && s.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

fn csv_error(e: csv::Error) -> ReportError {
    ReportError::Csv(e.to_string())
}

/// `parley compare`: `variant,model,issue,forecast,change`, the base first (variant `base`,
/// change 0), then each variant with its change from the base under the same model (empty
/// where the base has no forecast for that model and issue).
pub fn compare(base: &Analysis, variants: &[(String, Analysis)]) -> Result<String, ReportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["variant", "model", "issue", "forecast", "change"])
        .map_err(csv_error)?;
    let rows = std::iter::once(("base", base)).chain(variants.iter().map(|(n, a)| (n.as_str(), a)));
    for (name, analysis) in rows {
        for run in &analysis.models {
            let base_run = base.models.iter().find(|m| m.model == run.model);
            for (issue, value) in &run.forecast {
                let change = base_run
                    .and_then(|b| b.forecast.get(issue))
                    .map_or(String::new(), |b| Num(value - b).to_string());
                record(
                    &mut w,
                    [name, &run.model, issue, &Num(*value).to_string(), &change],
                )
                .map_err(csv_error)?;
            }
        }
    }
    finish(w)
}

/// `parley bargain`, long format: `record,id,model,a,b,issue,value`. Records: `trade_outcome`
/// (a linkage's exchange outcome per issue), `joint_nbs` (the linkage's joint Nash bargain per
/// issue), `deal` (a pair's bilateral deal: value 1 or 0), `answer` (a question's answer per
/// model: 1 holds, 0 not), `odds` and `odds_with_model_error` (a condition's Monte Carlo
/// probability per model, where there are runs).
pub fn bargain(
    analysis: &Analysis,
    bargain: &parley_core::bargain::Bargain,
    odds: Option<&McResult>,
) -> Result<String, ReportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut row = |rec: [&str; 7]| record(&mut w, rec).map_err(csv_error);
    row(["record", "id", "model", "a", "b", "issue", "value"])?;
    for l in &bargain.linkages {
        for (issue, v) in &l.outcome {
            row([
                "trade_outcome",
                &l.id,
                "exchange",
                "",
                "",
                issue,
                &Num(*v).to_string(),
            ])?;
        }
        if let Some(joint) = analysis.linkages.iter().find(|j| j.id == l.id) {
            for (issue, v) in &joint.joint_nbs {
                row([
                    "joint_nbs",
                    &l.id,
                    "nbs",
                    "",
                    "",
                    issue,
                    &Num(*v).to_string(),
                ])?;
            }
        }
        for p in &l.pairs {
            let deal = if p.deal { "1" } else { "0" };
            row(["deal", &l.id, "", &p.a, &p.b, "", deal])?;
        }
    }
    for q in &analysis.questions {
        for a in &q.answers {
            if let Some(h) = a.holds {
                row([
                    "answer",
                    &q.id,
                    &a.model,
                    "",
                    "",
                    "",
                    if h { "1" } else { "0" },
                ])?;
            }
        }
    }
    for c in odds.map_or(&[][..], |r| r.conditions.as_slice()) {
        for (model, p) in &c.probability {
            row(["odds", &c.source, model, "", "", "", &Num(*p).to_string()])?;
        }
        for (model, p) in &c.with_model_error {
            row([
                "odds_with_model_error",
                &c.source,
                model,
                "",
                "",
                "",
                &Num(*p).to_string(),
            ])?;
        }
    }
    finish(w)
}

/// `parley models`: `id,name,summary,source`.
pub fn models(infos: &[parley_core::ModelInfo]) -> Result<String, ReportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "name", "summary", "source"])
        .map_err(csv_error)?;
    for i in infos {
        record(&mut w, [i.id, i.name, i.summary, i.source]).map_err(csv_error)?;
    }
    finish(w)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use parley_core::{Actor, Issue, Scenario, analyse, models};

    /// Two equal actors at 20 and 80 on one issue with status quo 50: the compromise model's
    /// forecast is their capability x salience weighted mean, (20 + 80) / 2 = 50.
    #[test]
    fn text_a_spreadsheet_would_run_is_made_inert_and_numbers_are_not() {
        assert_eq!(super::inert("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(super::inert("@a"), "'@a");
        assert_eq!(super::inert("-0.24"), "-0.24");
        assert_eq!(super::inert("north"), "north");
        assert_eq!(super::field("=1+1"), "'=1+1");
        assert_eq!(super::quote("=a,b"), "\"'=a,b\"");
    }

    #[test]
    fn run_is_long_format_with_one_record_per_line() {
        let mut s = Scenario::named("two");
        s.issues.push(Issue::new("i").with_status_quo(50.0));
        s.actors
            .push(Actor::new("a", 1.0).with_stance("i", 20.0, 1.0));
        s.actors
            .push(Actor::new("b", 1.0).with_stance("i", 80.0, 1.0));
        let chosen: Vec<_> = models::all()
            .into_iter()
            .filter(|m| m.info().id == "compromise")
            .collect();
        let a = analyse(&s, &chosen).unwrap();
        let text = super::run(&a).unwrap();
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(
            header,
            ["record", "model", "issue", "actor", "value", "status"]
        );
        let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        let find = |record: &str| rows.iter().find(|x| &x[0] == record).unwrap();
        assert_eq!(&find("status_quo")[4], "50");
        let forecast = find("forecast");
        assert_eq!((&forecast[1], &forecast[2]), ("compromise", "i"));
        assert_eq!(forecast[4].parse::<f64>().unwrap(), 50.0);
        // a gain per actor on the issue, plus each actor's total
        assert_eq!(rows.iter().filter(|x| &x[0] == "gain").count(), 4);
    }

    #[test]
    fn negative_zero_is_written_0_and_every_other_number_as_rust_writes_it() {
        assert_eq!(super::Num(-0.0).to_string(), "0");
        assert_eq!(super::Num(0.0).to_string(), "0");
        for x in [
            -1e-300,
            -5e-324,
            5e-324,
            -0.5,
            0.1,
            1e21,
            -7.0,
            33.333333333333336,
        ] {
            assert_eq!(super::Num(x).to_string(), x.to_string());
        }
    }

    /// Ids from imported files may hold commas or quotes: such a field is quoted and survives a
    /// CSV reader; a plain id is written as it is, so ordinary output does not change.
    #[test]
    fn fields_with_commas_or_quotes_are_quoted() {
        assert_eq!(
            super::field("usa.iran_nuclear.salience"),
            "usa.iran_nuclear.salience"
        );
        let odd = r#"Iran, "hardliners""#;
        let line = format!("{},{}\n", super::field(odd), super::quote("x"));
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(line.as_bytes());
        let record = r.records().next().unwrap().unwrap();
        assert_eq!((&record[0], &record[1]), (odd, "x"));
    }
}
