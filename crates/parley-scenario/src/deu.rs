//! The DEU III dataset layout (Arregui & Perarnaud 2021, "Decision-making in the European
//! Union"): one row per legislative issue with each member state's, the Commission's (`com`)
//! and the Parliament's (`ep`) position (`pXX`) and salience (`sXX`) on 0-100, the proposal it
//! belongs to (`prnr`), the Council's decision rule (`counvte`) and the actual outcome (`out`);
//! the second line holds GDP figures used as capability.
//!
//! Each issue becomes a one-issue [`Scenario`] with its actual outcome, and with the reversion
//! point (`rp`, the outcome without a decision) as status quo where coded. Where the Council's
//! rule (`counvte`) and the procedure (`proc`: `COD` or `CNS`) are coded, the issue carries them
//! as its decision block (the Commission, `com`, proposes; the Parliament, `ep`, co-decides
//! under codecision), which the procedural models use. An actor without a
//! position is not involved; one with a position but no salience is involved with salience 0
//! (it counts in unweighted baselines, not in weighted ones). Saliences are read on 0-100 and
//! divided by 100. Issues without an outcome are skipped and counted.
//!
//! The issues of one proposal also form one [`Negotiation`]: a scenario with all of them
//! (including those without an outcome, which were part of the negotiation but are not
//! scored), so that models linking issues (the exchange model) can trade across them.
//! Every proposal is kept, in file order, because the backtest's split counts them.
//!
//! Capabilities are set per proposal ([`Capability`]); the Council's weights and population
//! come from `data/eu_council.csv` (sources there and in `docs/backtest.md`).

mod council;

use parley_core::backtest::{Actual, Negotiation};
use parley_core::procedure::{Decision, Procedure, VotingRule};
use parley_core::text::Shown;
use parley_core::{Actor, Issue, Scenario};

use council::{Council, Measure, Regime, Rule};

/// Capabilities to give the actors. The Commission and the Parliament carry the largest member
/// state's figure under every option, as the dataset's GDP line does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// Every actor 1.
    Equal,
    /// The dataset's GDP line.
    Gdp,
    /// Population on 1 January (Eurostat): 2006 for proposals before 2014, 2016 from 2014.
    Population,
    /// The Council's voting weights under the proposal's rule: unanimity, every state 1;
    /// qualified majority, the weights of the period (EU-15 weights before the Nice ones took
    /// effect, Nice weights, and population under the Lisbon double majority).
    Votes,
}

impl Capability {
    fn measure(self) -> Option<Measure> {
        match self {
            Capability::Equal | Capability::Gdp => None,
            Capability::Population => Some(Measure::Population),
            Capability::Votes => Some(Measure::Votes),
        }
    }
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
    /// Every proposal, in file order (the order the backtest's split counts), each with all
    /// its issues that have a position; proposals without an outcome have nothing to score.
    pub negotiations: Vec<Negotiation>,
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
    /// A line with another number of tab-separated fields than the header: its values would
    /// land in the wrong columns.
    #[error(
        "line {line}: {found} tab-separated fields, the header on line 1 has {expected}; the columns are shifted (a missing or extra tab?)"
    )]
    FieldCount {
        /// 1-based line.
        line: usize,
        /// Fields on that line.
        found: usize,
        /// Fields in the header.
        expected: usize,
    },
    /// Rows were read but not one issue has both an outcome and a position: nothing to score.
    #[error(
        "none of the {rows} data rows (lines 3-{last}) has both an outcome ('out') and a position: nothing to score"
    )]
    NothingToScore {
        /// Data rows read.
        rows: usize,
        /// 1-based line of the last data row.
        last: usize,
    },
    /// A number that does not parse or is out of 0-100.
    #[error("line {line}, column '{column_shown}': '{text_shown}' is not a number in [0, 100]", text_shown = Shown(.text), column_shown = Shown(.column))]
    BadNumber {
        /// 1-based line.
        line: usize,
        /// Column name.
        column: String,
        /// The text found.
        text: String,
    },
    /// A GDP figure (the second line) outside the capability limits [1e-100, 1e100].
    #[error(
        "line 2, column '{column_shown}': GDP '{text_shown}' is outside [1e-100, 1e100], the limits of a \
         capability", text_shown = Shown(.text), column_shown = Shown(.column))]
    BadCapability {
        /// Column name.
        column: String,
        /// The text found.
        text: String,
    },
    /// A GDP figure (the second line) that is no number: it used to leave the actor at 1.
    #[error(
        "line 2, column '{column_shown}': GDP '{text_shown}' is not a number (the GDP line gives each \
         actor's capability as a positive number, e.g. 4.1)", text_shown = Shown(.text), column_shown = Shown(.column))]
    GdpNotANumber {
        /// Column name.
        column: String,
        /// The text found.
        text: String,
    },
    /// An actor with a position and no GDP figure: capability 1 would be a guess on a scale
    /// where the real figures run from 0.02 to 4.1.
    #[error(
        "line 2, column '{column_shown}': no GDP figure, but the actor has a position (first on line \
         {line}); give its GDP as a positive number, or use other capabilities (equal, \
         population, votes)", column_shown = Shown(.column))]
    MissingGdp {
        /// Column name.
        column: String,
        /// 1-based line of the first row that codes the actor.
        line: usize,
    },
    /// The second line is not the GDP line: the first data row would have been taken for it.
    #[error(
        "line 2: not the GDP line ('prnr' is '{prnr}', 'isnr' is '{isnr}'); the line after the \
         header must be the GDP line: empty 'prnr' and 'isnr' (and other id columns), each \
         actor's GDP under its pXX column"
    )]
    NoGdpLine {
        /// The proposal id found on line 2.
        prnr: String,
        /// The issue id found on line 2.
        isnr: String,
    },
    /// A data row without its issue or proposal id.
    #[error(
        "line {line}, column '{column_shown}' is empty: every data row needs its issue ('isnr') and \
         proposal ('prnr')", column_shown = Shown(.column))]
    MissingId {
        /// 1-based line.
        line: usize,
        /// `isnr` or `prnr`.
        column: &'static str,
    },
    /// The same issue of the same proposal twice: it would be scored (and calibrated on) twice.
    #[error(
        "line {line}: issue '{isnr}' of proposal '{prnr}' is already on line {first}; each issue \
         once (a repeated row would be scored twice)"
    )]
    Repeated {
        /// 1-based line of the repeat.
        line: usize,
        /// 1-based line of the first.
        first: usize,
        /// The issue id.
        isnr: String,
        /// The proposal id.
        prnr: String,
    },
    /// A decision rule that is neither qualified majority nor unanimity.
    #[error("line {line}, column 'counvte': '{text_shown}' is not a decision rule (QMV... or Unan...)", text_shown = Shown(.text))]
    BadRule {
        /// 1-based line.
        line: usize,
        /// The text found.
        text: String,
    },
    /// A proposal id without the year the Council's weights depend on.
    #[error(
        "line {line}, column 'prnr': '{text_shown}' does not start with a letter and a two-digit year (e.g. d00032), needed for population and voting weights", text_shown = Shown(.text))]
    BadProposal {
        /// 1-based line.
        line: usize,
        /// The text found.
        text: String,
    },
    /// An actor column that is neither an institution nor a member state with figures.
    #[error(
        "line {line}, column 'p{code}': no Council votes or population for '{code}' in this period (member states: {known}; institutions: com, ep)"
    )]
    UnknownState {
        /// 1-based line of the first issue that codes it.
        line: usize,
        /// The actor code.
        code: String,
        /// The codes the table knows.
        known: String,
    },
    /// The embedded Council table is malformed (a build defect, not an input problem).
    #[error("data/eu_council.csv, line {line}: {reason}")]
    BadTable {
        /// 1-based line in the file.
        line: usize,
        /// What is wrong.
        reason: String,
    },
}

/// The Commission and the Parliament: they weigh as the largest member state.
const INSTITUTIONS: [&str; 2] = ["com", "ep"];

fn fields(line: &str) -> Vec<&str> {
    line.split('\t')
        .map(|f| f.trim().trim_matches('"'))
        .collect()
}

/// Where the columns are.
struct Layout<'a> {
    header: Vec<&'a str>,
    isnr: usize,
    prnr: usize,
    out: usize,
    reversion: Option<usize>,
    rule: Option<usize>,
    /// The decision rule and procedure columns, where present (for the procedural models).
    decision: (Option<usize>, Option<usize>),
    /// Per actor: code, position column, salience column.
    actors: Vec<(&'a str, usize, usize)>,
}

impl<'a> Layout<'a> {
    fn new(header: Vec<&'a str>, capability: Capability) -> Result<Self, DeuError> {
        let col = |name: &'static str| {
            header
                .iter()
                .position(|h| *h == name)
                .ok_or(DeuError::MissingColumn(name))
        };
        let (isnr, prnr, out) = (col("isnr")?, col("prnr")?, col("out")?);
        let rule = match capability {
            Capability::Votes => Some(col("counvte")?),
            _ => None,
        };
        let reversion = header.iter().position(|h| *h == "rp");
        let decision = (
            header.iter().position(|h| *h == "counvte"),
            header.iter().position(|h| *h == "proc"),
        );
        let actors = header
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                let code = h.strip_prefix('p')?;
                // Position columns are p + an actor code; `prnr`, `prname`, `proc`... are not.
                let salience = header
                    .iter()
                    .position(|x| x.strip_prefix('s') == Some(code))?;
                Some((code, i, salience))
            })
            .collect();
        Ok(Self {
            header,
            isnr,
            prnr,
            out,
            reversion,
            rule,
            decision,
            actors,
        })
    }
}

/// One data row.
struct Row {
    line: usize,
    id: String,
    proposal: String,
    rule: Option<Rule>,
    reversion: Option<f64>,
    /// The Council's rule and the procedure, where both are coded (`counvte`: QMV.../Unan...;
    /// `proc`: COD or CNS); anything else leaves the issue without a decision block, and the
    /// procedural models say so.
    decision: Option<Decision>,
    outcome: Option<f64>,
    /// Per involved actor: index into the layout's actors, position, salience (0-1).
    stances: Vec<(usize, f64, f64)>,
}

fn parse_row(layout: &Layout, line: &str, lineno: usize) -> Result<Row, DeuError> {
    let f = fields(line);
    let text = |i: usize| f.get(i).copied().unwrap_or("");
    let number = |i: usize| -> Result<Option<f64>, DeuError> {
        let t = text(i);
        if t.is_empty() {
            return Ok(None);
        }
        match t.parse::<f64>() {
            Ok(v) if (0.0..=100.0).contains(&v) => Ok(Some(v)),
            _ => Err(DeuError::BadNumber {
                line: lineno,
                column: layout.header[i].to_owned(),
                text: t.to_owned(),
            }),
        }
    };
    let rule = match layout.rule {
        Some(c) => Some(Rule::parse(text(c)).ok_or_else(|| DeuError::BadRule {
            line: lineno,
            text: text(c).to_owned(),
        })?),
        None => None,
    };
    let mut stances = Vec::new();
    for (k, &(_, p, s)) in layout.actors.iter().enumerate() {
        if let Some(x) = number(p)? {
            stances.push((k, x, number(s)?.unwrap_or(0.0) / 100.0));
        }
    }
    Ok(Row {
        line: lineno,
        id: text(layout.isnr).to_owned(),
        proposal: text(layout.prnr).to_owned(),
        rule,
        reversion: layout.reversion.map(number).transpose()?.flatten(),
        decision: match layout.decision {
            (Some(r), Some(p)) => decision(text(r), text(p)),
            _ => None,
        },
        outcome: number(layout.out)?,
        stances,
    })
}

/// The Council's rule and the procedure as a decision block: the Commission (`com`) proposes,
/// the Parliament (`ep`) co-decides under codecision.
fn decision(rule: &str, procedure: &str) -> Option<Decision> {
    let rule = match Rule::parse(rule)? {
        Rule::Qmv => VotingRule::QualifiedMajority,
        Rule::Unanimity => VotingRule::Unanimity,
    };
    let procedure = match procedure.trim().to_ascii_uppercase().as_str() {
        "COD" => Procedure::Codecision,
        "CNS" => Procedure::Consultation,
        _ => return None,
    };
    Some(Decision {
        rule,
        procedure,
        agenda_setter: "com".into(),
        parliament: Some("ep".into()),
    })
}

/// Reads DEU III text (tab-separated, quoted header).
pub fn read(text: &str, capability: Capability) -> Result<Deu, DeuError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines();
    let layout = Layout::new(fields(lines.next().ok_or(DeuError::Empty)?), capability)?;
    let expected = layout.header.len();
    let same_width = |line: &str, lineno: usize| {
        let found = line.split('\t').count();
        match found == expected {
            true => Ok(()),
            false => Err(DeuError::FieldCount {
                line: lineno,
                found,
                expected,
            }),
        }
    };
    let gdp_line = lines.next().ok_or(DeuError::Empty)?;
    same_width(gdp_line, 2)?;
    let gdp = fields(gdp_line);
    check_gdp_line(&layout, &gdp)?;
    let mut rows = Vec::new();
    for (k, line) in lines.enumerate() {
        if !line.trim().is_empty() {
            same_width(line, k + 3)?;
            rows.push(parse_row(&layout, line, k + 3)?);
        }
    }
    if rows.is_empty() {
        return Err(DeuError::Empty);
    }
    check_repeats(&rows)?;
    let gdp = match capability {
        Capability::Gdp => gdp_figures(&layout, &gdp, &rows)?,
        _ => vec![1.0; layout.actors.len()],
    };
    let skipped = rows
        .iter()
        .filter(|r| r.outcome.is_none() || r.stances.is_empty())
        .count();
    let council = match capability.measure() {
        Some(_) => Some(Council::embedded()?),
        None => None,
    };
    let mut issues = Vec::new();
    let mut negotiations = Vec::new();
    for mut proposal in proposals(&rows) {
        let id = proposal
            .first()
            .map_or(String::new(), |r| r.proposal.clone());
        // Rows without any position cannot be part of a scenario.
        proposal.retain(|r| !r.stances.is_empty());
        let capabilities = match proposal.is_empty() {
            true => vec![1.0; layout.actors.len()],
            false => capabilities(&layout, &gdp, capability, council.as_ref(), &proposal)?,
        };
        issues.extend(one_issue_cases(&layout, &capabilities, &proposal));
        negotiations.push(negotiation(id, &layout, &capabilities, &proposal));
    }
    if issues.is_empty() {
        return Err(DeuError::NothingToScore {
            rows: rows.len(),
            last: rows.last().map_or(2, |r| r.line),
        });
    }
    Ok(Deu {
        issues,
        skipped,
        negotiations,
    })
}

/// The line after the header is the GDP line: its id columns are empty. A data row there would
/// lose its issue and lend its positions as capabilities.
fn check_gdp_line(layout: &Layout, gdp: &[&str]) -> Result<(), DeuError> {
    let text = |i: usize| gdp.get(i).copied().unwrap_or("");
    let (prnr, isnr) = (text(layout.prnr), text(layout.isnr));
    match prnr.is_empty() && isnr.is_empty() {
        true => Ok(()),
        false => Err(DeuError::NoGdpLine {
            prnr: prnr.to_owned(),
            isnr: isnr.to_owned(),
        }),
    }
}

/// Every data row has its ids, and no issue of a proposal comes twice.
fn check_repeats(rows: &[Row]) -> Result<(), DeuError> {
    let mut seen: std::collections::HashMap<(&str, &str), usize> = Default::default();
    for r in rows {
        for (column, id) in [("isnr", &r.id), ("prnr", &r.proposal)] {
            if id.is_empty() {
                return Err(DeuError::MissingId {
                    line: r.line,
                    column,
                });
            }
        }
        if let Some(first) = seen.insert((&r.proposal, &r.id), r.line) {
            return Err(DeuError::Repeated {
                line: r.line,
                first,
                isnr: r.id.clone(),
                prnr: r.proposal.clone(),
            });
        }
    }
    Ok(())
}

/// Each actor's GDP (indexed like the layout's actors). A figure must be a number within the
/// capability limits; a blank one is allowed only for an actor without any position, which no
/// scenario uses (the real file has no blank figure).
fn gdp_figures(layout: &Layout, gdp: &[&str], rows: &[Row]) -> Result<Vec<f64>, DeuError> {
    let mut coded = vec![None; layout.actors.len()];
    for r in rows {
        for &(k, _, _) in &r.stances {
            coded[k].get_or_insert(r.line);
        }
    }
    layout
        .actors
        .iter()
        .enumerate()
        .map(|(k, &(_, p, _))| {
            let text = gdp.get(p).copied().unwrap_or("");
            gdp_figure(text, coded[k], layout.header[p])
        })
        .collect()
}

/// One actor's GDP figure; `coded`: the first line that gives the actor a position.
fn gdp_figure(text: &str, coded: Option<usize>, column: &str) -> Result<f64, DeuError> {
    use parley_core::validate::{MAX_CAPABILITY, MIN_CAPABILITY};
    match (text.parse::<f64>(), coded) {
        _ if text.is_empty() => match coded {
            Some(line) => Err(DeuError::MissingGdp {
                column: column.to_owned(),
                line,
            }),
            None => Ok(1.0),
        },
        (Ok(g), _) if (MIN_CAPABILITY..=MAX_CAPABILITY).contains(&g) => Ok(g),
        (Ok(g), _) if !g.is_nan() => Err(DeuError::BadCapability {
            column: column.to_owned(),
            text: text.to_owned(),
        }),
        _ => Err(DeuError::GdpNotANumber {
            column: column.to_owned(),
            text: text.to_owned(),
        }),
    }
}

/// Rows grouped by proposal, proposals in order of first appearance.
fn proposals(rows: &[Row]) -> Vec<Vec<&Row>> {
    let mut groups: Vec<Vec<&Row>> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for r in rows {
        let k = *index.entry(r.proposal.as_str()).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[k].push(r);
    }
    groups
}

/// Each actor's capability in this proposal (indexed like the layout's actors); `gdp`: the
/// checked GDP figures ([`gdp_figures`]).
fn capabilities(
    layout: &Layout,
    gdp: &[f64],
    capability: Capability,
    council: Option<&Council>,
    proposal: &[&Row],
) -> Result<Vec<f64>, DeuError> {
    match (capability.measure(), council) {
        (Some(measure), Some(council)) => council_weights(layout, council, measure, proposal),
        _ if capability == Capability::Gdp => Ok(gdp.to_vec()),
        _ => Ok(vec![1.0; layout.actors.len()]),
    }
}

/// Population or votes for the actors of one proposal; actors it does not involve get 1
/// (unused).
fn council_weights(
    layout: &Layout,
    council: &Council,
    measure: Measure,
    proposal: &[&Row],
) -> Result<Vec<f64>, DeuError> {
    let first = proposal.first().map_or(0, |r| r.line);
    let year =
        proposal_year(proposal.first().map_or("", |r| r.proposal.as_str())).ok_or_else(|| {
            DeuError::BadProposal {
                line: first,
                text: proposal
                    .first()
                    .map_or(String::new(), |r| r.proposal.clone()),
            }
        })?;
    // A proposal mixing rules (one in DEU III, without outcomes) counts as qualified majority.
    let rule = if proposal.iter().all(|r| r.rule == Some(Rule::Unanimity)) {
        Rule::Unanimity
    } else {
        Rule::Qmv
    };
    let mut coded = vec![None; layout.actors.len()];
    for r in proposal {
        for &(k, _, _) in &r.stances {
            coded[k].get_or_insert(r.line);
        }
    }
    let mut states = Vec::new();
    for (k, &(code, _, _)) in layout.actors.iter().enumerate() {
        if let Some(line) = coded[k]
            && !INSTITUTIONS.contains(&code)
        {
            let unknown = || DeuError::UnknownState {
                line,
                code: code.to_owned(),
                known: council.codes(),
            };
            states.push(council.state(code).ok_or_else(unknown)?);
        }
    }
    let regime = Regime::of(year, states.iter().copied());
    let largest = council.largest(measure, regime, rule);
    layout
        .actors
        .iter()
        .enumerate()
        .map(|(k, &(code, _, _))| match (coded[k], council.state(code)) {
            (None, _) => Ok(1.0),
            (Some(_), _) if INSTITUTIONS.contains(&code) => Ok(largest),
            (Some(line), state) => state
                .and_then(|s| council::weight(s, measure, regime, rule))
                .ok_or_else(|| DeuError::UnknownState {
                    line,
                    code: code.to_owned(),
                    known: council.codes(),
                }),
        })
        .collect()
}

/// The year in a proposal id: a letter, then two digits (`d00032`: 2000, `n98123`: 1998).
fn proposal_year(id: &str) -> Option<u32> {
    let mut chars = id.chars();
    if !chars.next()?.is_ascii_alphabetic() {
        return None;
    }
    let digits: String = chars.take(2).collect();
    let yy: u32 = digits.parse().ok().filter(|_| digits.len() == 2)?;
    Some(if yy >= 50 { 1900 + yy } else { 2000 + yy })
}

fn actor(layout: &Layout, capabilities: &[f64], k: usize) -> Actor {
    Actor::new(layout.actors[k].0, capabilities[k])
}

fn one_issue_cases(layout: &Layout, capabilities: &[f64], proposal: &[&Row]) -> Vec<DeuIssue> {
    proposal
        .iter()
        .filter_map(|r| {
            let outcome = r.outcome?;
            let mut s = Scenario::named(r.id.clone());
            s.issues
                .push(issue("issue", r.reversion, r.decision.clone()));
            for &(k, x, salience) in &r.stances {
                s.actors
                    .push(actor(layout, capabilities, k).with_stance("issue", x, salience));
            }
            Some(DeuIssue {
                id: r.id.clone(),
                proposal: r.proposal.clone(),
                scenario: s,
                outcome,
            })
        })
        .collect()
}

fn issue(id: &str, reversion: Option<f64>, decision: Option<Decision>) -> Issue {
    let mut issue = Issue::new(id);
    issue.decision = decision;
    match reversion {
        Some(q) => issue.with_status_quo(q),
        None => issue,
    }
}

/// All issues of a proposal in one scenario: the actors coded on any of them, each with a
/// stance on the issues it is coded on.
fn negotiation(
    id: String,
    layout: &Layout,
    capabilities: &[f64],
    proposal: &[&Row],
) -> Negotiation {
    let mut s = Scenario::named(id.clone());
    let mut actors: Vec<Option<Actor>> = vec![None; layout.actors.len()];
    for r in proposal {
        s.issues.push(issue(&r.id, r.reversion, r.decision.clone()));
        for &(k, x, salience) in &r.stances {
            let a = actors[k]
                .take()
                .unwrap_or_else(|| actor(layout, capabilities, k));
            actors[k] = Some(a.with_stance(&r.id, x, salience));
        }
    }
    s.actors = actors.into_iter().flatten().collect();
    let actual = proposal
        .iter()
        .map(|r| {
            r.outcome.map(|outcome| Actual {
                id: r.id.clone(),
                outcome,
            })
        })
        .collect();
    Negotiation {
        id,
        scenario: s,
        actual,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn proposal_years_come_from_the_id() {
        assert_eq!(proposal_year("d00032"), Some(2000));
        assert_eq!(proposal_year("n98123"), Some(1998));
        assert_eq!(proposal_year("d160023"), Some(2016));
        assert_eq!(proposal_year("000032"), None);
        assert_eq!(proposal_year("d0"), None);
    }
}
