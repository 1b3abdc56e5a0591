//! The DEU III dataset layout (Arregui & Perarnaud 2021, "Decision-making in the European
//! Union"): one row per legislative issue with each member state's, the Commission's (`com`)
//! and the Parliament's (`ep`) position (`pXX`) and salience (`sXX`) on 0-100, and the actual
//! outcome (`out`); the second line holds GDP figures used as capability.
//!
//! Each issue becomes a one-issue [`Scenario`] with its actual outcome, and with the reversion
//! point (`rp`, the outcome without a decision) as status quo where coded. An actor without a
//! position is not involved; one with a position but no salience is involved with salience 0
//! (it counts in unweighted baselines, not in weighted ones). Saliences are read on 0-100 and
//! divided by 100. Issues without an outcome are skipped and counted.

use parley_core::{Actor, Issue, Scenario};

/// Capabilities to give the actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// Every actor 1.
    Equal,
    /// The dataset's GDP line (the Commission and Parliament carry the largest state's value).
    Gdp,
}

/// One issue with its real outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct DeuIssue {
    /// The issue's id (`isnr`, e.g. `d00032i1`).
    pub id: String,
    /// The proposal it belongs to (`prnr`).
    pub proposal: String,
    /// The issue as a one-issue scenario (0-100 scale; the reversion point as status quo).
    pub scenario: Scenario,
    /// The actual outcome, 0-100.
    pub outcome: f64,
}

/// The dataset read: issues with an outcome, and how many rows were skipped.
#[derive(Debug, Clone, PartialEq)]
pub struct Deu {
    /// Issues with an outcome, in file order.
    pub issues: Vec<DeuIssue>,
    /// Rows without an outcome (or without any position).
    pub skipped: usize,
}

/// Why the file is not in the DEU III layout.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DeuError {
    /// A column the layout needs is missing.
    #[error("line 1: missing column '{0}' (DEU III layout: isnr, prnr, pXX/sXX per actor, out)")]
    MissingColumn(&'static str),
    /// The file has no GDP line or no rows.
    #[error("the file has no data rows after the header and the GDP line")]
    Empty,
    /// A number that does not parse or is out of 0-100.
    #[error("line {line}, column '{column}': '{text}' is not a number in [0, 100]")]
    BadNumber {
        /// 1-based line.
        line: usize,
        /// Column name.
        column: String,
        /// The text found.
        text: String,
    },
}

fn fields(line: &str) -> Vec<&str> {
    line.split('\t')
        .map(|f| f.trim().trim_matches('"'))
        .collect()
}

/// Reads DEU III text (tab-separated, quoted header).
pub fn read(text: &str, capability: Capability) -> Result<Deu, DeuError> {
    let mut lines = text.lines();
    let header = fields(lines.next().ok_or(DeuError::Empty)?);
    let col = |name: &'static str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or(DeuError::MissingColumn(name))
    };
    let (isnr, prnr, out) = (col("isnr")?, col("prnr")?, col("out")?);
    // The reversion point (what happens without a decision), where the dataset codes it.
    let reversion = header.iter().position(|h| *h == "rp");
    let actors: Vec<(&str, usize, Option<usize>)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let code = h.strip_prefix('p')?;
            // Position columns are p + an actor code; `prnr`, `prname`, `proc`... are not.
            let salience = header
                .iter()
                .position(|x| x.strip_prefix('s') == Some(code))?;
            Some((code, i, Some(salience)))
        })
        .collect();
    let gdp = fields(lines.next().ok_or(DeuError::Empty)?);
    let mut issues = Vec::new();
    let mut skipped = 0;
    for (k, line) in lines.enumerate() {
        let lineno = k + 3;
        if line.trim().is_empty() {
            continue;
        }
        let f = fields(line);
        let number = |i: usize, name: &str| -> Result<Option<f64>, DeuError> {
            let text = f.get(i).copied().unwrap_or("");
            if text.is_empty() {
                return Ok(None);
            }
            match text.parse::<f64>() {
                Ok(v) if (0.0..=100.0).contains(&v) => Ok(Some(v)),
                _ => Err(DeuError::BadNumber {
                    line: lineno,
                    column: name.to_owned(),
                    text: text.to_owned(),
                }),
            }
        };
        let Some(outcome) = number(out, "out")? else {
            skipped += 1;
            continue;
        };
        let id = f.get(isnr).copied().unwrap_or("").to_owned();
        let mut s = Scenario::named(id.clone());
        let mut issue = Issue::new("issue");
        if let Some(rp) = reversion
            && let Some(q) = number(rp, "rp")?
        {
            issue = issue.with_status_quo(q);
        }
        s.issues.push(issue);
        for &(code, p, sal) in &actors {
            let Some(x) = number(p, header[p])? else {
                continue;
            };
            let salience = match sal {
                Some(c) => number(c, header[c])?.unwrap_or(0.0) / 100.0,
                None => 0.0,
            };
            let c = match capability {
                Capability::Equal => 1.0,
                Capability::Gdp => gdp
                    .get(p)
                    .and_then(|g| g.parse::<f64>().ok())
                    .filter(|g| *g > 0.0)
                    .unwrap_or(1.0),
            };
            s.actors
                .push(Actor::new(code, c).with_stance("issue", x, salience));
        }
        if s.actors.is_empty() {
            skipped += 1;
            continue;
        }
        issues.push(DeuIssue {
            id,
            proposal: f.get(prnr).copied().unwrap_or("").to_owned(),
            scenario: s,
            outcome,
        });
    }
    Ok(Deu { issues, skipped })
}
