//! Long-format CSV, one record per line: easy to load in pandas or R.
//!
//! Columns: `record,model,issue,actor,value,status`. Records are `forecast` (per model and
//! issue, on the issue's own scale), `status_quo` (per issue), and `gain` (per model, actor
//! and issue; the `issue` column is `total` for the actor's sum).

use parley_core::Analysis;
use parley_core::analysis::StatusView;

/// Writes `analysis` as CSV.
pub fn write(analysis: &Analysis, out: impl std::io::Write) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
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
    w.flush()?;
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
