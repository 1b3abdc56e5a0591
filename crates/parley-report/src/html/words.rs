//! Ids turned into the names a reader knows: actors, issues, models and linkages by their
//! names, conditions and uncertain inputs in words.
//!
//! The report's first page and its answers use these so that a client reads "Russia" and
//! "sanctions relief for Iran at least 40", not `rus` and `iran_sanctions >= 40`.

use parley_core::condition::{Condition, Op};
use parley_core::{Analysis, Scenario};

use crate::text::given;

/// Looks names up in the scenario and the analysis; an unknown id is shown as written.
#[derive(Clone, Copy)]
pub struct Names<'a> {
    scenario: &'a Scenario,
    analysis: &'a Analysis,
}

/// A name inside a sentence: the first letter lowercased unless the name opens with an
/// acronym or with a word that starts like one of `proper` (the first words of the actors'
/// names): "Limits on ..." becomes "limits on ...", "US military aid" and, with an actor
/// "Iran", "Iran's oil exports" stay.
fn in_sentence(name: &str, proper: &[&str]) -> String {
    let mut chars = name.chars();
    let (Some(first), Some(second)) = (chars.next(), chars.next()) else {
        return name.to_owned();
    };
    let word: String = name
        .split_whitespace()
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let named = proper
        .iter()
        .any(|p| p.chars().count() >= 3 && word.starts_with(p));
    if first.is_uppercase() && second.is_lowercase() && !named {
        first.to_lowercase().chain(name.chars().skip(1)).collect()
    } else {
        name.to_owned()
    }
}

/// "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => "none".into(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

impl<'a> Names<'a> {
    /// Names from this scenario and its analysis.
    pub fn new(scenario: &'a Scenario, analysis: &'a Analysis) -> Self {
        Self { scenario, analysis }
    }

    /// The actor's name ("Russia").
    pub fn actor(&self, id: &str) -> String {
        self.scenario
            .actors
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_owned(), |a| a.name.clone())
    }

    /// The actor's name for a possessive: "Russia's", "Iran: Supreme Leader (Khamenei)'s".
    fn actor_s(&self, id: &str) -> String {
        let name = self.actor(id);
        if name.ends_with('s') {
            format!("{name}'")
        } else {
            format!("{name}'s")
        }
    }

    /// The issue's name as it would sit inside a sentence ("sanctions relief for Iran").
    pub fn issue(&self, id: &str) -> String {
        self.scenario
            .issues
            .iter()
            .find(|i| i.id == id)
            .map_or_else(
                || id.to_owned(),
                |i| {
                    let proper: Vec<&str> = self
                        .scenario
                        .actors
                        .iter()
                        .filter_map(|a| a.name.split_whitespace().next())
                        .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()))
                        .collect();
                    in_sentence(&i.name, &proper)
                },
            )
    }

    /// The model's name without its parenthesis ("Exchange model", "Nash bargaining
    /// solution").
    pub fn model(&self, id: &str) -> String {
        self.analysis
            .models
            .iter()
            .find(|m| m.model == id)
            .map_or_else(
                || id.to_owned(),
                |m| {
                    m.name
                        .split(" (")
                        .next()
                        .unwrap_or(&m.name)
                        .split(", ")
                        .next()
                        .unwrap_or(&m.name)
                        .to_owned()
                },
            )
    }

    /// The model's name, with "half-A" and similar variants told apart from their base model
    /// when two models would otherwise share a name.
    pub fn model_distinct(&self, id: &str) -> String {
        let short = self.model(id);
        let shared = self
            .analysis
            .models
            .iter()
            .filter(|m| self.model(&m.model) == short)
            .count();
        if shared > 1 {
            self.analysis
                .models
                .iter()
                .find(|m| m.model == id)
                .map_or(short, |m| {
                    m.name.split(" (").next().unwrap_or(&m.name).to_owned()
                })
        } else {
            short
        }
    }

    /// The linkage's name ("Grand bargain: Ukraine for Iran").
    pub fn linkage(&self, id: &str) -> String {
        self.scenario
            .linkages
            .iter()
            .find(|l| l.id == id)
            .map_or_else(|| id.to_owned(), |l| l.name.clone())
    }

    /// A condition in words: "limits on Iran's nuclear programme at least 40 and sanctions
    /// relief for Iran at least 40 (on their 0-100 scales)". `None` when it does not parse
    /// (the analysis has rejected such a condition already).
    pub fn condition(&self, text: &str) -> Option<String> {
        let c = Condition::parse(text).ok()?;
        let mut scales: Vec<String> = Vec::new();
        let clauses: Vec<String> = c
            .clauses()
            .iter()
            .map(|clause| {
                let parts: Vec<String> = clause
                    .iter()
                    .map(|cmp| {
                        let scale = self
                            .scenario
                            .issues
                            .iter()
                            .find(|i| i.id == cmp.issue)
                            .map(|i| [i.scale.min, i.scale.max]);
                        if let Some(scale) = scale {
                            let s =
                                format!("{}-{}", given(scale[0], scale), given(scale[1], scale));
                            if !scales.contains(&s) {
                                scales.push(s);
                            }
                        }
                        let op = match cmp.op {
                            Op::GreaterEq => "at least",
                            Op::Greater => "above",
                            Op::LessEq => "at most",
                            Op::Less => "below",
                        };
                        format!(
                            "{} {op} {}",
                            self.issue(&cmp.issue),
                            // An unknown issue cannot pass the analysis; 0-100 then.
                            given(cmp.threshold, scale.unwrap_or([0.0, 100.0]))
                        )
                    })
                    .collect();
                and_list(&parts)
            })
            .collect();
        let scale = match scales.as_slice() {
            [one] if c.clauses().iter().flatten().count() > 1 => {
                format!(" (each on its {one} scale)")
            }
            [one] => format!(" (on its {one} scale)"),
            _ => String::new(),
        };
        Some(format!("{}{scale}", clauses.join(", or ")))
    }

    /// An uncertain input's what-if path in words: `rus.capability` is "Russia's capability",
    /// `irn_leader.iran_nuclear.position` "Iran: Supreme Leader (Khamenei)'s position on limits
    /// on Iran's nuclear programme", `iran_nuclear.status_quo` "the status quo of ...".
    pub fn input(&self, path: &str) -> String {
        let parts: Vec<&str> = path.split('.').collect();
        match parts.as_slice() {
            [actor, "capability"] => format!("{} capability", self.actor_s(actor)),
            [actor, "risk"] => format!("{} willingness to take risks", self.actor_s(actor)),
            [issue, "status_quo"] => format!("the status quo of {}", self.issue(issue)),
            [actor, issue, what] => {
                let what = match *what {
                    "position" => "position",
                    "salience" => "salience (how much it cares)",
                    other => other,
                };
                format!("{} {what} on {}", self.actor_s(actor), self.issue(issue))
            }
            _ => path.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_inside_a_sentence_keep_acronyms_and_proper_nouns() {
        let actors = ["Iran", "Russia"];
        assert_eq!(
            in_sentence("Limits on Iran's nuclear programme", &actors),
            "limits on Iran's nuclear programme"
        );
        assert_eq!(
            in_sentence("US military aid to Ukraine", &actors),
            "US military aid to Ukraine"
        );
        assert_eq!(
            in_sentence("Iran's oil exports", &actors),
            "Iran's oil exports"
        );
        assert_eq!(
            in_sentence("Russian troop withdrawal", &actors),
            "Russian troop withdrawal"
        );
        assert_eq!(in_sentence("Import tariff", &actors), "import tariff");
        assert_eq!(in_sentence("x", &actors), "x");
    }

    #[test]
    fn lists_read_as_english() {
        let l = |xs: &[&str]| and_list(&xs.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>());
        assert_eq!(l(&[]), "none");
        assert_eq!(l(&["a"]), "a");
        assert_eq!(l(&["a", "b", "c"]), "a, b and c");
    }

    fn flagship() -> (Scenario, Analysis) {
        let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../scenarios/grand-bargain-2025.toml");
        let s = parley_scenario::read_file(&path).unwrap();
        let a = parley_core::analyse(&s, &parley_core::models::all()).unwrap();
        (s, a)
    }

    #[test]
    fn conditions_and_inputs_read_as_words_with_names() {
        let (s, a) = flagship();
        let n = Names::new(&s, &a);
        assert_eq!(
            n.condition("iran_nuclear >= 40 and iran_sanctions >= 40")
                .unwrap(),
            "limits on Iran's nuclear programme at least 40 and sanctions relief for Iran at \
             least 40 (each on its 0-100 scale)"
        );
        assert_eq!(
            n.condition("iran_nuclear < 12.5 or ukraine_aid > 50")
                .unwrap(),
            "limits on Iran's nuclear programme below 12.5, or US military aid to Ukraine above \
             50 (each on its 0-100 scale)"
        );
        assert_eq!(
            n.condition("ukraine_aid <= 20").unwrap(),
            "US military aid to Ukraine at most 20 (on its 0-100 scale)"
        );
        assert!(n.condition("iran_nuclear >=").is_none());
        assert_eq!(n.input("rus.capability"), "Russia's capability");
        assert_eq!(
            n.input("irn_leader.iran_nuclear.position"),
            "Iran: Supreme Leader (Khamenei)'s position on limits on Iran's nuclear programme"
        );
        assert_eq!(
            n.input("iran_sanctions.status_quo"),
            "the status quo of sanctions relief for Iran"
        );
        assert_eq!(n.input("no.such.thing.here"), "no.such.thing.here");
        assert_eq!(n.actor("usa"), "United States (Trump administration)");
        assert_eq!(n.model("nbs"), "Nash bargaining solution");
        assert_eq!(n.model("compromise"), "Compromise model");
        assert_eq!(
            n.linkage("grand_bargain"),
            "Grand bargain: Ukraine for Iran"
        );
        assert_eq!(n.actor("nobody"), "nobody");
    }
}
