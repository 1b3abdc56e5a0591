//! Scores the reader on the hand-labelled negotiation sentences (issue 16).
//!
//! `cargo run -p parley-news --example eval` prints the table for every half: the development
//! halves (dev; held-out; test1 to test7, each spent by its blind run and development data
//! since). `-- --details` also lists every development record's output on stderr; `-- --dev`
//! leaves any blind half out altogether (used while rules are written). test8 is the reserve:
//! the next revision adds it here as its blind half (`development: false`) and scores it once.
use std::process::ExitCode;

/// One half of the evaluation set: its row label, its file, whether it is development data
/// (its records may be listed and read) and whether a missing file is an error.
struct Half {
    name: &'static str,
    file: &'static str,
    development: bool,
    required: bool,
}

const HALVES: [Half; 9] = [
    Half {
        name: "dev",
        file: "dev.txt",
        development: true,
        required: true,
    },
    Half {
        name: "held-out",
        file: "heldout.txt",
        development: true,
        required: true,
    },
    Half {
        name: "test1 (spent; development since 2026-12-06)",
        file: "test.txt",
        development: true,
        required: true,
    },
    Half {
        name: "test2 (spent; development since 2026-12-07)",
        file: "test2.txt",
        development: true,
        required: true,
    },
    Half {
        name: "test3 (blind run 2026-12-07; development since)",
        file: "test3.txt",
        development: true,
        required: true,
    },
    Half {
        name: "test4 (blind run 2026-12-07; development since)",
        file: "test4.txt",
        development: true,
        required: true,
    },
    Half {
        name: "test5 (blind run 2026-12-07; development since)",
        file: "test5.txt",
        development: true,
        required: true,
    },
    Half {
        name: "test6 (blind run 2026-12-07; development since)",
        file: "test6.txt",
        development: true,
        required: true,
    },
    // Labelled by an engineer who never ran the reader and did not read its rules; scored
    // once, blind and totals only, by the tenth revision; spent since.
    Half {
        name: "test7 (blind run 2026-12-07; development since)",
        file: "test7.txt",
        development: true,
        required: true,
    },
];

fn main() -> ExitCode {
    let details = std::env::args().any(|a| a == "--details");
    // `--dev` scores the development halves only, so that the blind half's totals are not
    // even printed while rules are written.
    let dev_only = std::env::args().any(|a| a == "--dev");
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/eval");
    println!("{}", parley_news::eval::HEADER);
    for half in &HALVES {
        if dev_only && !half.development {
            continue;
        }
        let path = format!("{dir}/{}", half.file);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if !half.required && e.kind() == std::io::ErrorKind::NotFound => continue,
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
        println!("{}", parley_news::eval::render_row(half.name, &total));
        if details && half.development {
            eprintln!("#### {}", half.name);
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
