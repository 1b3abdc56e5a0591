//! Phrase patterns of the data files and how they match tokens.
//!
//! Syntax (see data/triggers.tsv): `word~v` any form of a verb, `word~n` a noun in singular
//! or plural, `$class` any phrase of a word class, `..`/`...` a gap of up to 3/6 words, any
//! other piece a literal. Literal capitalisation matters only for names (gazetteer): a
//! capitalised pattern word needs a capitalised text word, an all-caps one all caps.

use std::collections::HashMap;

use crate::token::{Case, TokKind, Token, case_of, tokenize};

/// Grammatical form of a matched verb, used for tense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// attack
    Base,
    /// attacks
    Third,
    /// attacked, where past tense and participle are the same word
    PastOrPart,
    /// went, sent (irregular past), or a form only used as past tense
    Past,
    /// gone, taken (irregular participle)
    Part,
    /// attacking
    Ing,
    /// a noun or a literal
    Other,
}

/// How a literal's capitalisation must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseRule {
    /// Any capitalisation.
    Any,
    /// The text word must start with a capital.
    Capital,
    /// The text word must be all capitals.
    AllCaps,
}

/// One piece of a pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// One of these lower-cased words, each with its form.
    Word(Vec<(String, Form)>, CaseRule),
    /// Any phrase of a word class (index into the class table).
    Class(usize),
    /// Up to this many tokens, none of them hard punctuation.
    Gap(usize),
}

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// The pieces in order; the first is always a `Word`.
    pub pieces: Vec<Piece>,
    /// Index of the piece whose token is the head (the first verb, else the first piece).
    pub head: usize,
    /// Number of non-gap pieces: more means more specific.
    pub specificity: usize,
}

/// Word classes: each a list of literal phrases (token sequences, lower-cased).
#[derive(Debug, Default, Clone)]
pub struct Classes {
    /// Class names in declaration order.
    pub names: Vec<String>,
    /// Member phrases per class.
    pub members: Vec<Vec<Vec<String>>>,
}

/// Where a pattern matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// First token index.
    pub start: usize,
    /// One past the last token index.
    pub end: usize,
    /// Index of the head token.
    pub head: usize,
    /// Form of the head token.
    pub form: Form,
}

/// Irregular verbs: lemma -> (past, participle).
pub type Irregulars = HashMap<&'static str, (&'static str, &'static str)>;

/// Compiles one pattern string. `names` decides whether literals keep their capitalisation.
pub fn compile(
    text: &str,
    classes: &Classes,
    irregular: &Irregulars,
    names: bool,
) -> Result<Pattern, String> {
    let mut pieces = Vec::new();
    let mut head = None;
    for raw in text.split_whitespace() {
        match raw {
            ".." => pieces.push(Piece::Gap(3)),
            "..." => pieces.push(Piece::Gap(6)),
            _ if raw.starts_with('$') => {
                let name = &raw[1..];
                let idx = classes
                    .names
                    .iter()
                    .position(|n| n == name)
                    .ok_or_else(|| format!("unknown class ${name}"))?;
                pieces.push(Piece::Class(idx));
            }
            _ if raw.ends_with("~v") => {
                head.get_or_insert(pieces.len());
                let lemma = raw.trim_end_matches("~v").to_lowercase();
                pieces.push(Piece::Word(verb_forms(&lemma, irregular), CaseRule::Any));
            }
            _ if raw.ends_with("~n") => {
                let lemma = raw.trim_end_matches("~n").to_lowercase();
                pieces.push(Piece::Word(noun_forms(&lemma), CaseRule::Any));
            }
            _ => {
                for tok in tokenize(raw) {
                    let rule = if names {
                        case_rule(&raw[tok.start..tok.end])
                    } else {
                        CaseRule::Any
                    };
                    let form = if names {
                        Form::Other
                    } else {
                        literal_form(&tok.lower, irregular)
                    };
                    pieces.push(Piece::Word(vec![(tok.lower, form)], rule));
                }
            }
        }
    }
    if !matches!(pieces.first(), Some(Piece::Word(..) | Piece::Class(_))) {
        return Err(format!(
            "pattern '{text}' must start with a word or a class"
        ));
    }
    if matches!(pieces.last(), Some(Piece::Gap(_))) {
        return Err(format!("pattern '{text}' must not end with a gap"));
    }
    let specificity = pieces
        .iter()
        .filter(|p| !matches!(p, Piece::Gap(_)))
        .count();
    Ok(Pattern {
        pieces,
        head: head.unwrap_or(0),
        specificity,
    })
}

/// The form of a literal word in a trigger ("struck", "backed", "fighting"), for tense.
fn literal_form(word: &str, irregular: &Irregulars) -> Form {
    if irregular
        .values()
        .any(|(past, part)| *past == word && *part == word)
    {
        Form::PastOrPart
    } else if irregular.values().any(|(past, _)| *past == word) {
        Form::Past
    } else if irregular.values().any(|(_, part)| *part == word) {
        Form::Part
    } else if word.len() > 4 && word.ends_with("ed") {
        Form::PastOrPart
    } else if word.len() > 4 && word.ends_with("ing") {
        Form::Ing
    } else {
        Form::Other
    }
}

fn case_rule(raw: &str) -> CaseRule {
    match case_of(raw) {
        Case::Upper => CaseRule::AllCaps,
        Case::Title | Case::Mixed => CaseRule::Capital,
        Case::Lower => CaseRule::Any,
    }
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Whether the lemma ends consonant-vowel-consonant, so English may double the last letter
/// (stop -> stopped). Both spellings are generated: the wrong one never occurs in text.
fn cvc(lemma: &str) -> bool {
    let c: Vec<char> = lemma.chars().collect();
    let n = c.len();
    n >= 3
        && !is_vowel(c[n - 1])
        && !matches!(c[n - 1], 'w' | 'x' | 'y')
        && is_vowel(c[n - 2])
        && !is_vowel(c[n - 3])
}

/// All forms of a verb with their grammatical form. Multi-word lemmas are not allowed here:
/// write `pull~v out`.
pub fn verb_forms(lemma: &str, irregular: &Irregulars) -> Vec<(String, Form)> {
    let mut forms = vec![(lemma.to_owned(), Form::Base), (third(lemma), Form::Third)];
    let stem_e = lemma.strip_suffix('e').filter(|s| !s.ends_with('e'));
    let ing = match stem_e {
        Some(stem) => format!("{stem}ing"),
        None if lemma.ends_with("ie") => format!("{}ying", &lemma[..lemma.len() - 2]),
        None => format!("{lemma}ing"),
    };
    forms.push((ing, Form::Ing));
    if let Some(&(past, part)) = irregular.get(lemma) {
        if past == part {
            forms.push((past.to_owned(), Form::PastOrPart));
        } else {
            forms.push((past.to_owned(), Form::Past));
            forms.push((part.to_owned(), Form::Part));
        }
    } else {
        forms.push((regular_past(lemma), Form::PastOrPart));
    }
    if cvc(lemma) {
        let last = lemma.chars().last().unwrap_or('x');
        forms.push((format!("{lemma}{last}ed"), Form::PastOrPart));
        forms.push((format!("{lemma}{last}ing"), Form::Ing));
    }
    forms.dedup();
    forms
}

fn third(lemma: &str) -> String {
    if lemma.ends_with('s')
        || lemma.ends_with('x')
        || lemma.ends_with('z')
        || lemma.ends_with("ch")
        || lemma.ends_with("sh")
    {
        format!("{lemma}es")
    } else if let Some(stem) = consonant_y(lemma) {
        format!("{stem}ies")
    } else {
        format!("{lemma}s")
    }
}

fn regular_past(lemma: &str) -> String {
    if lemma.ends_with('e') {
        format!("{lemma}d")
    } else if let Some(stem) = consonant_y(lemma) {
        format!("{stem}ied")
    } else {
        format!("{lemma}ed")
    }
}

fn consonant_y(lemma: &str) -> Option<&str> {
    let stem = lemma.strip_suffix('y')?;
    let before = stem.chars().last()?;
    (!is_vowel(before)).then_some(stem)
}

/// Singular and plural of a noun.
pub fn noun_forms(lemma: &str) -> Vec<(String, Form)> {
    vec![(lemma.to_owned(), Form::Other), (third(lemma), Form::Other)]
}

/// Tokens a gap may not cross: they end clauses.
pub fn is_hard_punct(t: &Token) -> bool {
    t.kind == TokKind::Punct
        && matches!(
            t.lower.as_str(),
            "," | ";" | ":" | "." | "?" | "!" | "(" | ")" | "\u{2014}" | "\u{2013}" | "\"" | "..."
        )
}

impl Pattern {
    /// The longest match starting at token `at`, if any. `word_ok` filters which text tokens
    /// may stand for a literal or verb piece (capitalisation of triggers).
    pub fn match_at(
        &self,
        toks: &[Token],
        at: usize,
        classes: &Classes,
        word_ok: &dyn Fn(usize) -> bool,
    ) -> Option<Match> {
        let mut best: Option<Match> = None;
        let mut head = (at, Form::Other);
        self.step(toks, 0, at, classes, word_ok, &mut head, &mut best, 0);
        best
    }

    #[allow(clippy::too_many_arguments)]
    fn step(
        &self,
        toks: &[Token],
        piece: usize,
        pos: usize,
        classes: &Classes,
        word_ok: &dyn Fn(usize) -> bool,
        head: &mut (usize, Form),
        best: &mut Option<Match>,
        start: usize,
    ) {
        let start = if piece == 0 { pos } else { start };
        let Some(p) = self.pieces.get(piece) else {
            if best.is_none_or(|b| pos > b.end) {
                *best = Some(Match {
                    start,
                    end: pos,
                    head: head.0,
                    form: head.1,
                });
            }
            return;
        };
        match p {
            Piece::Word(forms, rule) => {
                let Some(t) = toks.get(pos) else { return };
                let Some(form) = word_matches(t, forms, *rule) else {
                    return;
                };
                if !word_ok(pos) {
                    return;
                }
                let saved = *head;
                if piece == self.head {
                    *head = (pos, form);
                }
                self.step(
                    toks,
                    piece + 1,
                    pos + 1,
                    classes,
                    word_ok,
                    head,
                    best,
                    start,
                );
                *head = saved;
            }
            Piece::Class(c) => {
                for member in classes.members.get(*c).into_iter().flatten() {
                    if phrase_at(toks, pos, member) {
                        let next = pos + member.len();
                        self.step(toks, piece + 1, next, classes, word_ok, head, best, start);
                    }
                }
            }
            Piece::Gap(max) => {
                let mut p = pos;
                for _ in 0..=*max {
                    self.step(toks, piece + 1, p, classes, word_ok, head, best, start);
                    match toks.get(p) {
                        Some(t) if !is_hard_punct(t) => p += 1,
                        _ => break,
                    }
                }
            }
        }
    }
}

fn word_matches(t: &Token, forms: &[(String, Form)], rule: CaseRule) -> Option<Form> {
    let ok_case = match rule {
        CaseRule::Any => true,
        CaseRule::Capital => t.case.capitalised(),
        CaseRule::AllCaps => t.case == Case::Upper,
    };
    if !ok_case {
        return None;
    }
    forms.iter().find(|(w, _)| *w == t.lower).map(|(_, f)| *f)
}

fn phrase_at(toks: &[Token], pos: usize, phrase: &[String]) -> bool {
    phrase
        .iter()
        .enumerate()
        .all(|(k, w)| toks.get(pos + k).is_some_and(|t| t.lower == *w))
}

/// Patterns indexed by the words their first piece accepts.
#[derive(Debug, Clone)]
pub struct PhraseIndex<T> {
    by_first: HashMap<String, Vec<usize>>,
    /// The patterns with their payloads.
    pub entries: Vec<(Pattern, T)>,
}

impl<T> Default for PhraseIndex<T> {
    fn default() -> Self {
        Self {
            by_first: HashMap::new(),
            entries: Vec::new(),
        }
    }
}

impl<T> PhraseIndex<T> {
    /// Adds a compiled pattern, indexed by every word its first piece can start with.
    pub fn push(&mut self, pattern: Pattern, payload: T, classes: &Classes) {
        let idx = self.entries.len();
        let firsts: Vec<String> = match pattern.pieces.first() {
            Some(Piece::Word(forms, _)) => forms.iter().map(|(w, _)| w.clone()).collect(),
            Some(Piece::Class(c)) => classes
                .members
                .get(*c)
                .into_iter()
                .flatten()
                .filter_map(|m| m.first().cloned())
                .collect(),
            _ => Vec::new(),
        };
        for w in firsts {
            let list = self.by_first.entry(w).or_default();
            if !list.contains(&idx) {
                list.push(idx);
            }
        }
        self.entries.push((pattern, payload));
    }

    /// Every entry matching at `at`, with its longest match.
    pub fn all_at(
        &self,
        toks: &[Token],
        at: usize,
        classes: &Classes,
        word_ok: &dyn Fn(usize) -> bool,
    ) -> Vec<(usize, Match)> {
        let Some(t) = toks.get(at) else {
            return Vec::new();
        };
        let Some(list) = self.by_first.get(t.lower.as_str()) else {
            return Vec::new();
        };
        list.iter()
            .filter_map(|&e| {
                let m = self.entries[e].0.match_at(toks, at, classes, word_ok)?;
                Some((e, m))
            })
            .collect()
    }

    /// The best entry at `at`: most specific, then longest, then first declared.
    pub fn best_at(
        &self,
        toks: &[Token],
        at: usize,
        classes: &Classes,
        word_ok: &dyn Fn(usize) -> bool,
    ) -> Option<(usize, Match)> {
        let mut best: Option<(usize, Match)> = None;
        for (e, m) in self.all_at(toks, at, classes, word_ok) {
            let better = match &best {
                None => true,
                Some((be, bm)) => {
                    let (s, bs) = (
                        self.entries[e].0.specificity,
                        self.entries[*be].0.specificity,
                    );
                    (m.end - m.start, s) > (bm.end - bm.start, bs)
                }
            };
            if better {
                best = Some((e, m));
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn irregular() -> Irregulars {
        let mut m = Irregulars::new();
        m.insert("send", ("sent", "sent"));
        m.insert("take", ("took", "taken"));
        m
    }

    fn forms(lemma: &str) -> Vec<String> {
        verb_forms(lemma, &irregular())
            .into_iter()
            .map(|f| f.0)
            .collect()
    }

    #[test]
    fn inflects_verbs() {
        assert!(forms("attack").contains(&"attacked".to_owned()));
        assert!(forms("provide").contains(&"providing".to_owned()));
        assert!(forms("stop").contains(&"stopped".to_owned()));
        assert!(forms("carry").contains(&"carried".to_owned()));
        assert!(forms("reach").contains(&"reaches".to_owned()));
        assert!(forms("send").contains(&"sent".to_owned()));
        assert!(forms("take").contains(&"taken".to_owned()));
    }

    fn compiled(text: &str) -> (Pattern, Classes) {
        let classes = Classes {
            names: vec!["weapon".into()],
            members: vec![vec![
                vec!["drones".into()],
                vec!["military".into(), "aid".into()],
            ]],
        };
        (
            compile(text, &classes, &irregular(), false).unwrap(),
            classes,
        )
    }

    #[test]
    fn matches_gaps_and_classes_longest_first() {
        let (p, classes) = compiled("provide~v .. $weapon");
        let toks = tokenize("Tehran provided Russia with drones.");
        let m = p.match_at(&toks, 1, &classes, &|_| true).unwrap();
        assert_eq!(
            (m.start, m.end, m.head, m.form),
            (1, 5, 1, Form::PastOrPart)
        );
        let toks = tokenize("provided arms, and drones");
        assert!(
            p.match_at(&toks, 0, &classes, &|_| true).is_none(),
            "gaps stop at commas"
        );
    }

    #[test]
    fn names_keep_their_capitals() {
        let classes = Classes::default();
        let p = compile("US", &classes, &irregular(), true).unwrap();
        assert!(
            p.match_at(&tokenize("US"), 0, &classes, &|_| true)
                .is_some()
        );
        assert!(
            p.match_at(&tokenize("us"), 0, &classes, &|_| true)
                .is_none()
        );
        assert!(
            compile("$x", &classes, &irregular(), false).is_err(),
            "unknown class"
        );
        assert!(compile("- x", &classes, &irregular(), false).is_ok());
        assert!(compile("go ..", &classes, &irregular(), false).is_err());
    }
}
