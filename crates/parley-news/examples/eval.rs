//! Scores the reader on the hand-labelled negotiation sentences (issue 16).
//!
//! `cargo run -p parley-news --example eval` prints the table for the three halves (dev,
//! held-out, test); `-- --details` also lists every development record's output on stderr
//! (never the held-out or test ones: their errors must not be read while rules are written);
//! `-- --dev` leaves the test half out altogether (used while rules are written).
use std::process::ExitCode;

fn main() -> ExitCode {
    let details = std::env::args().any(|a| a == "--details");
    // `--dev` scores the development halves only (dev and held-out), so that the test half's
    // totals are not even printed while rules are written.
    let dev_only = std::env::args().any(|a| a == "--dev");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/eval");
    println!("{}", parley_news::eval::HEADER);
    for (name, file) in [
        ("dev", "dev.txt"),
        ("held-out", "heldout.txt"),
        ("test", "test.txt"),
    ] {
        if dev_only && name == "test" {
            continue;
        }
        let path = format!("{dir}/{file}");
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let records = match parley_news::eval::parse(&text) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let (total, results) = match parley_news::eval::evaluate(&records) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{path}: {e}");
                return ExitCode::FAILURE;
            }
        };
        println!("{}", parley_news::eval::render_row(name, &total));
        if details && name == "dev" {
            for (rec, res) in records.iter().zip(&results) {
                eprintln!(
                    "== {} rel tp {} fn {} fp {} | {}",
                    res.id,
                    res.score.relations.tp,
                    res.score.relations.fn_,
                    res.score.relations.fp,
                    rec.text
                );
                eprintln!("   gold actors {:?}  got {:?}", rec.actors, res.actors);
                for g in &rec.relations {
                    eprintln!("   gold {:?} {:?} -> {:?}", g.rtype, g.source, g.target);
                }
                for r in &res.relations {
                    eprintln!("   got  {r}");
                }
                let gi: Vec<&str> = rec.issues.iter().map(|i| i.label.as_str()).collect();
                eprintln!(
                    "   issues gold {gi:?} got {:?} missed {:?}",
                    res.issues, res.issues_missed
                );
                for g in &rec.stances {
                    eprintln!(
                        "   gold stance {:?} {} {}",
                        g.actors,
                        if g.more { "+" } else { "-" },
                        g.object
                    );
                }
                for st in &res.stances {
                    eprintln!("   stance {st}");
                }
            }
        }
    }
    ExitCode::SUCCESS
}
