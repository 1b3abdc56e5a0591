//! CSV for programs: long format, one record per line, easy to load in pandas or R. One
//! function per command: [`run`], [`mc`], [`sensitivity`], [`backtest`].

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
    w.write_record(["record", "model", "issue", "actor", "value", "status"])?;
    for issue in &analysis.issues {
        if let Some(q) = issue.status_quo {
            w.write_record(["status_quo", "", &issue.id, "", &q.to_string(), ""])?;
        }
    }
    for run in &analysis.models {
        for (issue, value) in &run.forecast {
            let status = run.status.get(issue).map_or("", status_word);
            w.write_record([
                "forecast",
                &run.model,
                issue,
                "",
                &value.to_string(),
                status,
            ])?;
        }
        for (actor, g) in &run.gains {
            for (issue, value) in &g.by_issue {
                w.write_record(["gain", &run.model, issue, actor, &value.to_string(), ""])?;
            }
            if let Some(total) = g.total {
                w.write_record(["gain", &run.model, "total", actor, &total.to_string(), ""])?;
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
    }
}

/// Long format: `record,model,issue,stat,value` (record `forecast`, `condition`, `deal`,
/// `pair`; a pair's stat is `class|a|b`).
pub fn mc(r: &McResult) -> String {
    let mut out = String::from("record,model,issue,stat,value\n");
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    for m in &r.models {
        for (issue, s) in &m.issues {
            for (stat, v) in [
                ("mean", s.mean),
                ("sd", s.sd),
                ("median", s.median),
                ("p5", s.p5),
                ("p95", s.p95),
                ("min", s.min),
                ("max", s.max),
            ] {
                let _ = writeln!(out, "forecast,{},{},{stat},{v}", m.model, quote(issue));
            }
        }
    }
    for c in &r.conditions {
        for (model, p) in &c.probability {
            let _ = writeln!(
                out,
                "condition,{model},{},probability,{p}",
                quote(&c.condition)
            );
        }
    }
    for d in &r.deals {
        let _ = writeln!(
            out,
            "deal,,{},probability,{}",
            quote(&format!("{}-{} on {}", d.a, d.b, d.linkage)),
            d.probability
        );
    }
    for p in &r.pairs {
        for (issue, pairs) in &p.issues {
            for x in pairs {
                for (class, v) in &x.shares {
                    let stat = quote(&format!("{class}|{}|{}", x.a, x.b));
                    let _ = writeln!(out, "pair,{},{},{stat},{v}", p.model, quote(issue));
                }
            }
        }
    }
    out
}

/// Long format: `model,issue,input,at_low,at_high,swing,variance_share`.
pub fn sensitivity(r: &Sensitivity) -> String {
    let mut out = String::from("model,issue,input,at_low,at_high,swing,variance_share\n");
    for f in &r.forecasts {
        for e in &f.inputs {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{}",
                f.model, f.issue, e.input, e.at_low, e.at_high, e.swing, e.variance_share
            );
        }
    }
    out
}

/// One line per issue: id, proposal, half, outcome, each predictor's forecast.
pub fn backtest(r: &Backtest) -> String {
    let mut out = String::from("issue,proposal,half,outcome");
    for row in &r.rows {
        let _ = write!(out, ",\"{}\"", row.name);
    }
    out.push('\n');
    for ((id, y, f), g) in r.forecasts.iter().zip(&r.groups) {
        let half = match g.half {
            Half::A => "A",
            Half::B => "B",
        };
        let _ = write!(out, "{id},{},{half},{y}", g.negotiation);
        for v in f {
            let _ = write!(out, ",{}", v.map_or(String::new(), |x| x.to_string()));
        }
        out.push('\n');
    }
    out
}
