//! The EU Council's voting weights and the member states' population, for capabilities in the
//! DEU III backtest. The numbers and their sources are in `data/eu_council.csv`: the EU-15
//! weights of Article 148(2) EC, the Nice weights (Act of Accession of Croatia 2012, Article
//! 20, listing all 28), and Eurostat's population on 1 January 2006 and 2016 (tps00001).

use super::DeuError;

const TABLE: &str = include_str!("../../data/eu_council.csv");

/// The first proposal year decided under the Lisbon double majority (from 1 November 2014).
const LISBON_FROM: u32 = 2014;
/// The first proposal year decided under the Nice weights (from 1 November 2004).
const NICE_FROM: u32 = 2004;

/// One member state's row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct State {
    pub(crate) code: String,
    /// Weighted votes among the EU-15 (Article 148(2) EC); `None` for later members.
    votes_ec148: Option<f64>,
    /// Weighted votes under the Nice rules.
    votes_nice: f64,
    /// Population in millions on 1 January 2006 and 2016.
    population: [f64; 2],
}

/// What a capability counts, where the table supplies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Measure {
    /// Population (millions).
    Population,
    /// Voting weights under the issue's rule.
    Votes,
}

/// The decision rule of an issue (DEU III's `counvte`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    /// Qualified majority.
    Qmv,
    /// Unanimity.
    Unanimity,
}

impl Rule {
    /// `QMV`, `QMV(10)`, ... or `Unan`.
    pub(crate) fn parse(text: &str) -> Option<Rule> {
        let t = text.trim().to_ascii_lowercase();
        if t.starts_with("qmv") {
            Some(Rule::Qmv)
        } else if t.starts_with("unan") {
            Some(Rule::Unanimity)
        } else {
            None
        }
    }
}

/// Which weights the Council used when a proposal was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Regime {
    /// The EU-15 weights (until 31 October 2004).
    Eu15,
    /// The Nice weights (1 November 2004 to 31 October 2014).
    Nice,
    /// The Lisbon double majority (from 1 November 2014): population is the weighted part.
    Lisbon,
}

impl Regime {
    /// From the proposal's year and the states coded on it: a state that joined in 2004 or
    /// later shows the decision came after the Nice weights took effect.
    pub(crate) fn of<'a>(year: u32, mut coded: impl Iterator<Item = &'a State>) -> Regime {
        if year >= LISBON_FROM {
            Regime::Lisbon
        } else if year >= NICE_FROM || coded.any(|s| s.votes_ec148.is_none()) {
            Regime::Nice
        } else {
            Regime::Eu15
        }
    }

    fn population_year(self) -> usize {
        match self {
            Regime::Lisbon => 1,
            Regime::Eu15 | Regime::Nice => 0,
        }
    }
}

/// The embedded table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Council {
    states: Vec<State>,
}

impl Council {
    /// Reads `data/eu_council.csv`.
    pub(crate) fn embedded() -> Result<Council, DeuError> {
        Council::parse(TABLE)
    }

    fn parse(text: &str) -> Result<Council, DeuError> {
        let bad = |line: usize, reason: &str| DeuError::BadTable {
            line,
            reason: reason.to_owned(),
        };
        let mut states = Vec::new();
        let rows = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
            .skip(1);
        for (k, line) in rows {
            let f: Vec<&str> = line.split(',').map(str::trim).collect();
            let number = |i: usize| f.get(i).and_then(|t| t.parse::<f64>().ok());
            let (Some(nice), Some(p2006), Some(p2016)) = (number(3), number(4), number(5)) else {
                return Err(bad(
                    k + 1,
                    "expected code,state,votes,votes,population,population",
                ));
            };
            states.push(State {
                code: f[0].to_owned(),
                votes_ec148: number(2),
                votes_nice: nice,
                population: [p2006 / 1e6, p2016 / 1e6],
            });
        }
        if states.is_empty() {
            return Err(bad(0, "no member states"));
        }
        Ok(Council { states })
    }

    /// The member state with this DEU code.
    pub(crate) fn state(&self, code: &str) -> Option<&State> {
        self.states.iter().find(|s| s.code == code)
    }

    /// The member states' codes, for error messages.
    pub(crate) fn codes(&self) -> String {
        let codes: Vec<&str> = self.states.iter().map(|s| s.code.as_str()).collect();
        codes.join(", ")
    }

    /// The Commission's and the Parliament's weight: the largest member state's figure.
    pub(crate) fn largest(&self, measure: Measure, regime: Regime, rule: Rule) -> f64 {
        self.states
            .iter()
            .filter_map(|s| weight(s, measure, regime, rule))
            .fold(0.0, f64::max)
    }
}

/// A member state's capability; `None` where the table has no figure for it (a state that
/// was not a member under the EU-15 weights).
pub(crate) fn weight(s: &State, measure: Measure, regime: Regime, rule: Rule) -> Option<f64> {
    let population = s.population[regime.population_year()];
    match (measure, rule, regime) {
        (Measure::Population, ..) => Some(population),
        (Measure::Votes, Rule::Unanimity, _) => Some(1.0),
        (Measure::Votes, Rule::Qmv, Regime::Eu15) => s.votes_ec148,
        (Measure::Votes, Rule::Qmv, Regime::Nice) => Some(s.votes_nice),
        (Measure::Votes, Rule::Qmv, Regime::Lisbon) => Some(population),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn sum(c: &Council, f: impl Fn(&State) -> Option<f64>) -> f64 {
        c.states.iter().filter_map(f).sum()
    }

    #[test]
    fn the_table_has_the_treaty_totals_and_eurostats_eu28_population() {
        let c = Council::embedded().unwrap();
        assert_eq!(c.states.len(), 28);
        // Article 148(2) EC: 87 votes among the EU-15.
        assert_eq!(sum(&c, |s| s.votes_ec148), 87.0);
        assert_eq!(
            c.states.iter().filter(|s| s.votes_ec148.is_some()).count(),
            15
        );
        // Nice: 352 votes in the EU-28 (Act of Accession of Croatia, Article 20: qualified
        // majority 260 of them); without Croatia 345, without Bulgaria and Romania too 321.
        assert_eq!(sum(&c, |s| Some(s.votes_nice)), 352.0);
        let without = |codes: &[&str]| {
            sum(&c, |s| {
                (!codes.contains(&s.code.as_str())).then_some(s.votes_nice)
            })
        };
        assert_eq!(without(&["cr"]), 345.0);
        assert_eq!(without(&["cr", "bu", "ro"]), 321.0);
        // The 28 states add up to tps00001's EU28 aggregate in the same download:
        // 496,436,597 (2006) and 510,277,177 (2016).
        assert!((sum(&c, |s| Some(s.population[0])) - 496.436_597).abs() < 1e-6);
        assert!((sum(&c, |s| Some(s.population[1])) - 510.277_177).abs() < 1e-6);
    }

    #[test]
    fn regimes_follow_the_proposal_year_and_the_states_coded() {
        let c = Council::embedded().unwrap();
        let eu15 = [c.state("de").unwrap(), c.state("lu").unwrap()];
        let with_poland = [c.state("de").unwrap(), c.state("pl").unwrap()];
        assert_eq!(Regime::of(1999, eu15.into_iter()), Regime::Eu15);
        assert_eq!(Regime::of(2003, with_poland.into_iter()), Regime::Nice);
        assert_eq!(Regime::of(2004, eu15.into_iter()), Regime::Nice);
        assert_eq!(Regime::of(2014, eu15.into_iter()), Regime::Lisbon);
    }

    #[test]
    fn institutions_carry_the_largest_states_figure() {
        let c = Council::embedded().unwrap();
        let votes = |regime, rule| c.largest(Measure::Votes, regime, rule);
        assert_eq!(votes(Regime::Eu15, Rule::Qmv), 10.0);
        assert_eq!(votes(Regime::Nice, Rule::Qmv), 29.0);
        assert_eq!(votes(Regime::Nice, Rule::Unanimity), 1.0);
        // Germany, 1 January 2016.
        assert!((votes(Regime::Lisbon, Rule::Qmv) - 82.175_684).abs() < 1e-9);
        let population = c.largest(Measure::Population, Regime::Nice, Rule::Qmv);
        assert!((population - 82.437_995).abs() < 1e-9);
    }

    #[test]
    fn rules_parse_the_datasets_spellings() {
        assert_eq!(Rule::parse("QMV"), Some(Rule::Qmv));
        assert_eq!(Rule::parse("QMV(10)"), Some(Rule::Qmv));
        assert_eq!(Rule::parse("Unan"), Some(Rule::Unanimity));
        assert_eq!(Rule::parse("majority"), None);
    }

    #[test]
    fn a_malformed_table_is_an_error() {
        assert!(matches!(
            Council::parse("code,state\nat,Austria,4,x,1,2"),
            Err(DeuError::BadTable { line: 2, .. })
        ));
    }
}
