//! Clause-level helpers: where clauses start and end, who the subject and objects of a word
//! are, and the modality around it (hedges, negation, tense, attribution).

use crate::lexicon::{Lexicon, ModKind};
use crate::np::{Np, PREPS};
use crate::pattern::Form;
use crate::report::{Attribution, Confidence, Tense};
use crate::token::{TokKind, Token};

/// A modality cue found in a sentence.
#[derive(Debug, Clone)]
pub struct ModHit {
    /// Kind of cue.
    pub kind: ModKind,
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
}

/// An attribution and the tokens it covers.
#[derive(Debug, Clone)]
pub struct Scope {
    /// First covered token.
    pub start: usize,
    /// One past the last covered token.
    pub end: usize,
    /// Who says so.
    pub attribution: Attribution,
    /// Tokens of the speaker and cue (never covered).
    pub speaker: (usize, usize),
}

/// One sentence with everything found in it so far.
pub struct Ctx<'a> {
    /// The lexicon.
    pub lx: &'a Lexicon,
    /// The article.
    pub text: &'a str,
    /// All tokens of the article.
    pub toks: &'a [Token],
    /// First token of the sentence.
    pub s: usize,
    /// One past the last token.
    pub e: usize,
    /// Ends with a question mark.
    pub question: bool,
    /// Mostly capitalised words (a headline): triggers may be capitalised.
    pub headline: bool,
    /// Actor phrases, sorted by start.
    pub nps: Vec<Np>,
    /// Modality cues.
    pub mods: Vec<ModHit>,
    /// Attribution scopes.
    pub scopes: Vec<Scope>,
    /// Year of the date used (for "in 2014" = background).
    pub year: u16,
}

const SUBORDINATORS: &[&str] = &[
    "that", "which", "who", "whom", "whose", "because", "although", "though", "whereas", "while",
    "when", "whether", "if", "unless", "until", "after", "before", "since", "where", "whereby",
    "so",
];

const HARD: &[&str] = &[
    ";", ":", "\u{2014}", "\u{2013}", "(", ")", "\"", "?", "!", "--",
];

const DETERMINER_NOUNS: &[&str] = &[
    "period",
    "war",
    "time",
    "deal",
    "day",
    "year",
    "week",
    "month",
    "country",
    "issue",
    "question",
    "policy",
    "conflict",
    "moment",
    "point",
    "process",
    "plan",
    "move",
    "effort",
    "meeting",
    "agreement",
    "region",
    "side",
    "case",
    "way",
    "idea",
    "report",
    "news",
    "era",
];

const AS_NOT_CLAUSE: &[&str] = &[
    "a", "an", "part", "well", "of", "long", "much", "many", "soon", "far", "such", "to",
    "mediator", "broker", "the", "its", "their", "his", "her", "for",
];

const COMPLEMENT_TAKERS: &[&str] = &[
    "is",
    "was",
    "are",
    "were",
    "be",
    "been",
    "said",
    "say",
    "says",
    "possible",
    "plausible",
    "likely",
    "unlikely",
    "clear",
    "unclear",
    "true",
    "believe",
    "believes",
    "believed",
    "think",
    "thinks",
    "thought",
    "hope",
    "hopes",
    "know",
    "knows",
    "knew",
    "show",
    "shows",
    "showed",
    "means",
    "meant",
    "argue",
    "argues",
    "argued",
    "noted",
    "added",
    "reported",
    "reports",
    "suggests",
    "suggested",
    "warned",
    "insisted",
    "claimed",
    "so",
    "such",
    "now",
    "given",
    "announced",
    "confirmed",
    "stated",
    "told",
    "agreed",
    "ensure",
    "demanded",
];

/// Group and part nouns whose "of" phrase names who acts ("members of", "leaders of").
const PARTITIVES: &[&str] = &[
    "members",
    "member",
    "leaders",
    "leader",
    "representatives",
    "representative",
    "delegates",
    "delegation",
    "envoys",
    "head",
    "heads",
    "chief",
    "officials",
    "spokesman",
    "spokeswoman",
    "units",
    "troops",
    "forces",
    "soldiers",
    "fighters",
    "supporters",
    "thousands",
    "hundreds",
    "dozens",
    "some",
    "many",
    "most",
    "one",
    "part",
];

/// Auxiliaries that may stand between a subject and its verb.
const AUX: &[&str] = &[
    "has", "have", "had", "is", "are", "was", "were", "will", "would", "could", "may", "might",
    "should", "must", "can", "did", "does", "do", "shall",
];

const BE: &[&str] = &["is", "are", "was", "were", "been", "being", "be", "am"];

impl Ctx<'_> {
    fn lower(&self, k: usize) -> &str {
        self.toks.get(k).map_or("", |t| t.lower.as_str())
    }

    /// Whether token `k` starts a new clause (the clause begins after it).
    pub fn is_boundary(&self, k: usize) -> bool {
        let w = self.lower(k);
        if matches!(w, "(" | ")") && self.short_aside(k) {
            // "Hollande (left) shakes hands with", "Scholz (SPD), Baerbock (Greens)": a
            // bracketed word or two is an aside, not a clause of its own.
            return false;
        }
        if HARD.contains(&w) {
            return true;
        }
        match w {
            "that" | "which" => !DETERMINER_NOUNS.contains(&self.lower(k + 1)),
            "as" => !AS_NOT_CLAUSE.contains(&self.lower(k + 1)),
            "," => matches!(self.lower(k + 1), "and" | "but" | "while" | "or"),
            _ => SUBORDINATORS.contains(&w),
        }
    }

    /// Whether the bracket at `k` opens or closes an aside of at most three words that name
    /// no actor.
    fn short_aside(&self, k: usize) -> bool {
        // Words only, none of them an actor ("(PLO)" after a name stays apart).
        let words = |a: usize, b: usize| {
            (a..b).all(|i| {
                self.toks[i].is_word()
                    && !self
                        .nps
                        .iter()
                        .any(|n| n.start <= i && i < n.end && !n.actors.is_empty())
            })
        };
        if self.lower(k) == "(" {
            (k + 1..self.e.min(k + 5))
                .find(|&j| self.lower(j) == ")")
                .is_some_and(|j| j > k + 1 && words(k + 1, j))
        } else {
            (self.s.max(k.saturating_sub(4))..k)
                .rev()
                .find(|&j| self.lower(j) == "(")
                .is_some_and(|j| j + 1 < k && words(j + 1, k))
        }
    }

    /// First token of the clause containing `pos` (searching left).
    pub fn clause_start(&self, pos: usize) -> usize {
        (self.s..pos.min(self.e))
            .rev()
            .find(|&k| self.is_boundary(k))
            .map_or(self.s, |k| k + 1)
    }

    /// One past the last token of the clause containing `pos` (searching right; commas end
    /// it too, as objects do not cross them).
    pub fn clause_end(&self, pos: usize) -> usize {
        (pos..self.e)
            .find(|&k| self.is_boundary(k) || self.lower(k) == "," || self.lower(k) == ".")
            .unwrap_or(self.e)
    }

    /// Byte span of tokens `a..b`.
    pub fn bytes(&self, a: usize, b: usize) -> [usize; 2] {
        let b = b.max(a + 1).min(self.toks.len());
        [self.toks[a].start, self.toks[b - 1].end]
    }

    /// Text of tokens `a..b`.
    pub fn slice(&self, a: usize, b: usize) -> String {
        let [x, y] = self.bytes(a, b);
        self.text.get(x..y).unwrap_or("").to_owned()
    }

    fn in_pp(np: &Np) -> bool {
        np.prep.is_some()
    }

    /// The subject of a word whose phrase starts at `before` (head token `head`): the nearest
    /// actor phrase to the left in the clause that is not the object of a preposition, with
    /// its coordinated partners. `nominal` allows a prepositional fallback ("For the US, a
    /// reduction in tensions ...").
    pub fn subject(
        &self,
        before: usize,
        head: usize,
        head_form: Form,
        nominal: bool,
    ) -> Vec<usize> {
        let cs = self.clause_start(before);
        if let Some(list) = self.dashed_subject(cs, before) {
            return list;
        }
        if let Some(j) = self.apposed_subject(before, head_form) {
            return self.with_partners(j);
        }
        if let Some(i) = self.nearest_left(cs, before, head, head_form) {
            return self.with_partners(self.main_subject(i, before, head, head_form));
        }
        // "Zarif, an Iranian diplomat who was ..., had resigned": a relative clause closed
        // by a comma sits between the subject and its verb.
        if cs > self.s
            && matches!(self.lower(cs - 1), "who" | "which")
            && (cs..before).any(|k| self.lower(k) == ",")
        {
            let cs2 = self.clause_start(cs - 1);
            if let Some(i) = self.nearest_left(cs2, cs - 1, head, head_form) {
                return self.with_partners(self.apposition_head(i));
            }
        }
        // "Macron, who met Mohammed bin Salman": a relative pronoun's antecedent is the
        // subject.
        if cs > self.s && matches!(self.lower(cs - 1), "who" | "which") {
            let mut k = cs - 1;
            if k > self.s && self.lower(k - 1) == "," {
                k -= 1;
            }
            if let Some((i, _)) = self
                .nps
                .iter()
                .enumerate()
                .find(|(_, n)| n.is_argument() && n.end == k && !n.actors.is_empty())
            {
                return vec![i];
            }
        }
        if !nominal && let Some(k) = self.shared_subject_at(cs, before, head_form) {
            return self.subject(k, k, head_form, false);
        }
        if nominal {
            let lo = self.s.max(cs.saturating_sub(12));
            if let Some(i) = self
                .nps
                .iter()
                .enumerate()
                .filter(|(_, n)| n.is_argument() && n.end <= before && n.start >= lo)
                .max_by_key(|(_, n)| n.end)
                .map(|(i, _)| i)
            {
                return self.with_partners(i);
            }
        }
        Vec::new()
    }

    /// "Three parties — the SPD, the Greens and the FDP — agreed", "the guarantors—Qatar,
    /// Egypt, and the United States—will establish": a list between dashes right before the
    /// verb (only auxiliaries or adverbs between) names the subject's members.
    fn dashed_subject(&self, cs: usize, before: usize) -> Option<Vec<usize>> {
        if cs <= self.s + 1 || before < cs || before - cs > 4 {
            return None;
        }
        let close = cs - 1;
        let dash = self.lower(close);
        if !matches!(dash, "\u{2014}" | "\u{2013}" | "--") {
            return None;
        }
        if self
            .nps
            .iter()
            .any(|n| n.is_argument() && n.start >= cs && n.end <= before)
        {
            return None;
        }
        let open = (self.s..close).rev().find(|&k| self.lower(k) == dash)?;
        let list: Vec<usize> = self
            .nps
            .iter()
            .enumerate()
            .filter(|(_, n)| {
                n.is_argument() && !n.actors.is_empty() && n.start > open && n.end <= close
            })
            .map(|(i, _)| i)
            .collect();
        (!list.is_empty()).then_some(list)
    }

    /// "Iran and the P5+1 engaged in negotiations, and in April 2015 agreed on a framework":
    /// a finite verb opening a clause after ", and" / ", but" / ", or" with nothing but
    /// auxiliaries, adverbs or a prepositional phrase before it shares the previous clause's
    /// subject; returns where to look for it (the comma). ", and the talks collapsed" has a
    /// subject of its own and gets none.
    fn shared_subject_at(&self, cs: usize, before: usize, head_form: Form) -> Option<usize> {
        if head_form == Form::Ing
            || cs < self.s + 2
            || cs >= before
            || !matches!(self.lower(cs), "and" | "but" | "or")
            || self.lower(cs - 1) != ","
        {
            return None;
        }
        let first = cs + 1;
        let plain = (first..before).all(|k| AUX.contains(&self.lower(k)) || self.adverb(k));
        let pp = first < before
            && PREPS.contains(&self.lower(first))
            && (first..before).all(|k| self.lower(k) != "," && !self.is_boundary(k));
        (plain || pp).then_some(cs - 1)
    }

    /// "the deal that Obama had negotiated and put in place a maximum pressure policy": a
    /// verb after "and" shares the main clause's subject, not the relative clause's.
    fn main_subject(&self, i: usize, before: usize, head: usize, head_form: Form) -> usize {
        let np = &self.nps[i];
        let coordinated = (np.end..before).any(|k| matches!(self.lower(k), "and" | "or"));
        let rel = self
            .prev_word(np.start)
            .filter(|&k| k > self.s && self.relativizer(k));
        match (coordinated, rel) {
            (true, Some(r)) => {
                let cs = self.clause_start(r);
                self.nearest_left(cs, r, head, head_form).unwrap_or(i)
            }
            _ => self.apposition_head(i),
        }
    }

    /// Whether token `k` ("that", "which", "who") opens a relative clause rather than a
    /// complement ("said that", "is that", "possible that").
    fn relativizer(&self, k: usize) -> bool {
        match self.lower(k) {
            "who" | "which" | "whom" => true,
            "that" => k > self.s && !COMPLEMENT_TAKERS.contains(&self.lower(k - 1)),
            _ => false,
        }
    }

    /// "Pakistan, a key U.S. ally in the war against terrorism, has refused": a verb right
    /// after an apposition closed by a comma belongs to the phrase before the apposition,
    /// when that phrase opens its clause.
    fn apposed_subject(&self, before: usize, head_form: Form) -> Option<usize> {
        if head_form == Form::Ing {
            return None;
        }
        let mut k = before;
        while k > self.s && (AUX.contains(&self.lower(k - 1)) || self.adverb(k - 1)) {
            k -= 1;
        }
        if k <= self.s || self.lower(k - 1) != "," {
            return None;
        }
        let close = k - 1;
        let open = (self.s..close)
            .rev()
            .find(|&j| HARD.contains(&self.lower(j)) || self.lower(j) == ",")?;
        if self.lower(open) != ","
            || !matches!(
                self.lower(open + 1),
                "a" | "an" | "the" | "one" | "its" | "his" | "her" | "their"
            )
        {
            return None;
        }
        let (j, np) = self.nps.iter().enumerate().find(|(_, n)| {
            n.is_argument() && n.end == open && n.prep.is_none() && !n.actors.is_empty()
        })?;
        let mut first = np.start;
        while first > self.s && matches!(self.lower(first - 1), "the" | "a" | "an") {
            first -= 1;
        }
        let opens_clause =
            first == self.s || self.lower(first - 1) == "," || self.is_boundary(first - 1);
        opens_clause.then_some(j)
    }

    /// Whether phrase `n` sits inside an apposition (", a key U.S. ally ,") that closes before
    /// `before`: such a phrase describes, it does not act.
    fn in_closed_apposition(&self, n: &Np, before: usize) -> bool {
        let open = (self.s..n.start)
            .rev()
            .find(|&j| self.lower(j) == "," || HARD.contains(&self.lower(j)));
        let Some(open) = open.filter(|&j| self.lower(j) == ",") else {
            return false;
        };
        if !matches!(self.lower(open + 1), "a" | "an" | "the" | "one") || open == self.s {
            return false;
        }
        let close =
            (n.end..before).find(|&j| self.lower(j) == "," || HARD.contains(&self.lower(j)));
        close.is_some_and(|j| self.lower(j) == ",")
            && self
                .nps
                .iter()
                .any(|m| m.is_argument() && m.end == open && m.prep.is_none())
    }

    fn adverb(&self, k: usize) -> bool {
        let t = &self.toks[k];
        t.kind == TokKind::Word
            && (matches!(
                t.lower.as_str(),
                "not" | "also" | "n't" | "already" | "now" | "again"
            ) || (t.lower.len() > 4 && t.lower.ends_with("ly")))
    }

    /// "X, an Iranian diplomat": the phrase before an apposition.
    fn apposition_head(&self, i: usize) -> usize {
        let start = self.nps[i].start;
        let mut k = start;
        while k > self.s && matches!(self.lower(k - 1), "a" | "an" | "the") {
            k -= 1;
        }
        if k > self.s
            && self.lower(k - 1) == ","
            && let Some((j, _)) = self
                .nps
                .iter()
                .enumerate()
                .find(|(_, n)| n.is_argument() && n.end + 1 == k && n.prep.is_none())
        {
            return j;
        }
        i
    }

    fn prev_word(&self, pos: usize) -> Option<usize> {
        (self.s..pos)
            .rev()
            .find(|&k| !(self.toks[k].lower.ends_with("ly") && self.toks[k].kind == TokKind::Word))
    }

    fn nearest_left(
        &self,
        cs: usize,
        before: usize,
        head: usize,
        head_form: Form,
    ) -> Option<usize> {
        self.nps
            .iter()
            .enumerate()
            .filter(|(_, n)| {
                n.is_argument() && n.end <= before && n.start >= cs && !n.actors.is_empty()
            })
            .filter(|(_, n)| {
                // "reports about Russia potentially aiding": a gerund's subject may sit in a
                // prepositional phrase when it comes right before it.
                let gerund = head_form == Form::Ing
                    && (n.end == head || (n.end + 1 == head && self.lower(n.end).ends_with("ly")));
                !Self::in_pp(n) || gerund || self.partitive(cs, n)
            })
            .filter(|(_, n)| !self.in_closed_apposition(n, before))
            .max_by_key(|(_, n)| (n.end, std::cmp::Reverse(n.start)))
            .map(|(i, _)| i)
    }

    /// "Members of the Association of African Jurists investigated ...": the object of "of"
    /// after a group or part noun that opens the clause stands for the subject.
    fn partitive(&self, cs: usize, n: &Np) -> bool {
        if n.prep.as_deref() != Some("of") {
            return false;
        }
        let mut k = n.start;
        while k > cs && matches!(self.lower(k - 1), "the" | "a" | "an") {
            k -= 1;
        }
        // k - 1 is "of", k - 2 the group noun.
        if k < cs + 2 || self.lower(k - 1) != "of" || !PARTITIVES.contains(&self.lower(k - 2)) {
            return false;
        }
        (cs..k - 2).all(|j| {
            matches!(
                self.lower(j),
                "the" | "a" | "an" | "some" | "several" | "two" | "three"
            ) || self.toks[j].kind == TokKind::Number
        })
    }

    /// A phrase with the phrases coordinated with it ("the US and Jordan").
    fn with_partners(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let (mut start, end) = (self.nps[i].start, self.nps[i].end);
        for (j, n) in self.nps.iter().enumerate() {
            if j != i && n.is_argument() && n.start == start && n.end == end {
                out.push(j);
            }
        }
        // Conjuncts to the left, nearest first, with whether their joint has "and"/"or".
        let mut chain: Vec<usize> = Vec::new();
        let mut joint_and = Vec::new();
        loop {
            let in_pp = self.nps[i].prep.is_some();
            let partner = self.nps.iter().enumerate().find(|(_, n)| {
                n.is_argument()
                    && n.end < start
                    && self.only_conjunctions(n.end, start)
                    && n.prep.is_some() == in_pp
            });
            match partner {
                Some((j, n)) if !out.contains(&j) && !chain.contains(&j) => {
                    joint_and.push(self.has_and(n.end, start));
                    chain.push(j);
                    start = n.start;
                }
                _ => break,
            }
        }
        // "with the mediation of Qatar, Egypt, and the United States, Israel and Hamas
        // agreed": a list ends after its "and"; a comma after that starts a new list.
        // Read left to right, keep the conjuncts after the last such restart.
        // `chain` is nearest first; `joint_and[t]` joins `chain[t]` to the phrase on its right.
        let mut kept = chain.len();
        let mut seen_and = false;
        for t in (0..chain.len()).rev() {
            if seen_and && !joint_and[t] {
                kept = t;
            }
            seen_and |= joint_and[t];
        }
        out.extend(chain.iter().take(kept));
        out.extend(self.along_with(self.nps[i].end));
        out
    }

    /// Whether a joint between phrases has a conjunction ("and", "or").
    fn has_and(&self, a: usize, b: usize) -> bool {
        (a..b).any(|k| matches!(self.lower(k), "and" | "or"))
    }

    /// "Qatar, along with Egypt, has mediated": partners added after the subject.
    fn along_with(&self, from: usize) -> Vec<usize> {
        let mut k = from;
        if k < self.e && self.lower(k) == "," {
            k += 1;
        }
        let joined = (k + 1 < self.e
            && matches!(self.lower(k), "along" | "together")
            && self.lower(k + 1) == "with")
            .then_some(k + 2)
            .or_else(|| {
                (k + 2 < self.e
                    && self.lower(k) == "as"
                    && self.lower(k + 1) == "well"
                    && self.lower(k + 2) == "as")
                    .then_some(k + 3)
            });
        let Some(at) = joined else {
            return Vec::new();
        };
        let mut at = at;
        if at < self.e && matches!(self.lower(at), "the" | "a" | "an") {
            at += 1;
        }
        self.nps
            .iter()
            .enumerate()
            .filter(|(_, n)| n.is_argument() && n.start == at)
            .map(|(j, _)| j)
            .collect()
    }

    /// Whether tokens `a..b` only coordinate: "and", ", and", "and the", "or an".
    fn only_conjunctions(&self, a: usize, b: usize) -> bool {
        let mut end = b;
        // A determiner or a title may open the next conjunct ("Israel and the PLO", "Mr
        // Barclay and Mr Barnier").
        if end > a
            && matches!(
                self.lower(end - 1),
                "the" | "a" | "an" | "mr" | "mrs" | "ms" | "dr" | "mr." | "mrs." | "ms." | "dr."
            )
        {
            end -= 1;
        }
        end > a && end - a <= 2 && (a..end).all(|k| matches!(self.lower(k), "and" | "," | "or"))
    }

    /// The objects of a word: the first actor phrase to its right in the clause, with the
    /// phrases coordinated with it. Phrases after "by" are agents, not objects.
    pub fn objects(&self, from: usize, lenient: bool) -> Vec<usize> {
        let ce = self.clause_end(from);
        let first = self
            .nps
            .iter()
            .enumerate()
            .filter(|(_, n)| {
                n.is_argument() && n.start >= from && n.start < ce && !n.actors.is_empty()
            })
            .filter(|(_, n)| !self.possessive_pronoun(n))
            .min_by_key(|(_, n)| n.start);
        let Some((i, _)) = first else {
            return Vec::new();
        };
        let mut out = vec![i];
        let mut end = self.nps[i].end;
        for (j, n) in self.nps.iter().enumerate() {
            if j != i && n.is_argument() && n.start == self.nps[i].start && n.end == end {
                out.push(j);
            }
        }
        let mut seen_and = false;
        loop {
            let next = self.nps.iter().enumerate().find(|(j, n)| {
                !out.contains(j)
                    && n.is_argument()
                    && n.start > end
                    && self.only_conjunctions(end, n.start)
                    && (lenient || !self.verb_follows(n.end))
                    // A list ends after its "and": "Qatar, Egypt, and the US, Israel ...".
                    && (!seen_and || self.has_and(end, n.start))
            });
            match next {
                Some((j, n)) => {
                    seen_and |= self.has_and(end, n.start);
                    out.push(j);
                    end = n.end;
                }
                None => break,
            }
        }
        out
    }

    /// "its forces": a possessive pronoun is a determiner, not an object.
    fn possessive_pronoun(&self, n: &Np) -> bool {
        n.role == crate::np::Role::Pronoun
            && matches!(
                self.lower(n.start),
                "its" | "their" | "his" | "her" | "our" | "my"
            )
    }

    /// A lower-case word that is not a preposition or conjunction right after a phrase looks
    /// like a verb: "support for Ukraine and Russia gets Iran ..." starts a new clause.
    fn verb_follows(&self, k: usize) -> bool {
        self.toks.get(k).is_some_and(|t| {
            k < self.e
                && t.kind == TokKind::Word
                && !t.case.capitalised()
                && !PREPS.contains(&t.lower.as_str())
                && !matches!(
                    t.lower.as_str(),
                    "and" | "or" | "'s" | "whose" | "who" | "which" | "that"
                )
        })
    }

    /// The first phrase after "by" in the clause (the agent of a passive).
    /// "rejected ... by frugal member states like the Netherlands": an agent noun that is not
    /// an actor may be followed by the actors it stands for (like, such as, including).
    pub fn by_agent(&self, from: usize) -> Vec<usize> {
        let ce = self.clause_end(from);
        let direct = self
            .nps
            .iter()
            .enumerate()
            .filter(|(_, n)| n.is_argument() && n.start >= from && n.start < ce)
            .find(|(_, n)| n.prep.as_deref() == Some("by"))
            .map(|(i, _)| i);
        if let Some(d) = direct {
            // "brokered by the United States and France": every conjunct is an agent.
            let list = self.objects(self.nps[d].start, true);
            return if list.contains(&d) { list } else { vec![d] };
        }
        let Some(by) = (from..ce).find(|&k| self.lower(k) == "by") else {
            return Vec::new();
        };
        self.nps
            .iter()
            .enumerate()
            .filter(|(_, n)| n.is_argument() && n.start > by && n.start < ce.min(by + 10))
            .find(|(_, n)| {
                // "initialled by the two prime ministers of Serbia and Kosovo": the agents
                // are the object of "of" after a noun with no actor of its own.
                (n.prep.as_deref() == Some("of")
                    && n.start <= by + 6
                    && (by + 1..n.start).all(|k| {
                        self.toks[k].is_word()
                            && !self
                                .nps
                                .iter()
                                .any(|o| o.start <= k && k < o.end && !o.actors.is_empty())
                    }))
                    || matches!(n.prep.as_deref(), Some("like" | "including"))
                    || (n.start >= 2
                        && self.lower(n.start - 1) == "as"
                        && self.lower(n.start - 2) == "such")
            })
            .map(|(i, _)| {
                let list = self.objects(self.nps[i].start, true);
                if list.contains(&i) { list } else { vec![i] }
            })
            .unwrap_or_default()
    }

    /// Whether the verb at `head` is passive ("was attacked").
    pub fn passive(&self, head: usize, form: Form) -> bool {
        let participle = matches!(form, Form::PastOrPart | Form::Part)
            || (form == Form::Other && self.lower(head).ends_with("ed"));
        // "The meeting, mediated by Turkey, ...": a participle with its agent right after it
        // is passive without an auxiliary (a reduced relative clause).
        let reduced = head > self.s
            && head + 1 < self.e
            && self.lower(head + 1) == "by"
            && !matches!(self.lower(head - 1), "has" | "have" | "had");
        participle
            && (reduced
                || (head.saturating_sub(2).max(self.s)..head).any(|k| BE.contains(&self.lower(k))))
    }

    fn mods_in(&self, kind: ModKind, a: usize, b: usize) -> impl Iterator<Item = &ModHit> {
        self.mods
            .iter()
            .filter(move |m| m.kind == kind && m.start >= a && m.start < b)
    }

    /// Where hedges may scope from: the sentence start, or the last hard break before `pos`.
    fn hedge_scope(&self, pos: usize) -> usize {
        let lo = pos.saturating_sub(30).max(self.s);
        (lo..pos)
            .rev()
            .find(|&k| {
                matches!(
                    self.lower(k),
                    ";" | "but" | "however" | "although" | "whereas"
                )
            })
            .map_or(lo, |k| k + 1)
    }

    /// Hedges on an event at tokens `start..end` (head `head`): returns the confidence and the
    /// hedge words. `nominal` also looks right ("any reduction in tensions could be a win").
    pub fn hedges(&self, start: usize, end: usize, nominal: bool) -> (Confidence, Vec<String>) {
        let from = self.hedge_scope(start);
        let mut hits: Vec<&ModHit> = self
            .mods
            .iter()
            .filter(|m| matches!(m.kind, ModKind::Possible | ModKind::Likely))
            .filter(|m| (m.start >= from && m.start < start) || (m.start >= start && m.end <= end))
            .collect();
        if nominal {
            let ce = self.clause_end(end).min(end + 8);
            hits.extend(
                self.mods
                    .iter()
                    .filter(|m| matches!(m.kind, ModKind::Possible | ModKind::Likely))
                    .filter(|m| m.start >= end && m.start < ce),
            );
        }
        hits.sort_by_key(|m| m.start);
        let words: Vec<String> = hits.iter().map(|m| self.slice(m.start, m.end)).collect();
        let confidence = if hits.iter().any(|m| m.kind == ModKind::Possible) {
            Confidence::Possible
        } else if hits.is_empty() {
            Confidence::Asserted
        } else {
            Confidence::Likely
        };
        (confidence, words)
    }

    /// Whether a negation stands between `from` and the event at `start` (not inside it).
    pub fn negated(&self, from: usize, start: usize) -> bool {
        let lo = from
            .max(start.saturating_sub(6))
            .max(self.clause_start(start));
        self.mods_in(ModKind::Negation, lo, start).next().is_some()
    }

    /// Grammatical time of an event with head token `head` in form `form`.
    pub fn tense(&self, start: usize, head: usize, form: Form) -> Tense {
        let cs = self.clause_start(start);
        let lo = start.saturating_sub(6).max(cs);
        if self.mods_in(ModKind::Future, lo, start).next().is_some() {
            return Tense::Future;
        }
        let aux = self
            .finite_aux(start, cs)
            .and_then(|k| aux_tense(self.lower(k)));
        match (aux, form) {
            (Some(t), _) => t,
            (None, Form::Past | Form::PastOrPart) => Tense::Past,
            (None, Form::Third) => Tense::Present,
            _ => self.clause_tense(cs, head),
        }
    }

    /// The finite auxiliary of the verb group before `start`: the leftmost auxiliary of the
    /// chain ("has had", "had been", "could have").
    fn finite_aux(&self, start: usize, cs: usize) -> Option<usize> {
        let lo = start.saturating_sub(4).max(cs);
        let mut found = None;
        for k in (lo..start).rev() {
            if aux_tense(self.lower(k)).is_some() {
                found = Some(k);
            } else if found.is_some() && !self.lower(k).ends_with("ly") && self.lower(k) != "not" {
                break;
            }
        }
        found
    }

    /// The tense of the clause around a noun or infinitive: the nearest auxiliary or past
    /// form to the left.
    fn clause_tense(&self, cs: usize, head: usize) -> Tense {
        let lo = head
            .saturating_sub(12)
            .max(cs.saturating_sub(8))
            .max(self.s);
        for k in (lo..head).rev() {
            let w = self.lower(k);
            if let Some(t) = aux_tense(w) {
                return t;
            }
            let t = &self.toks[k];
            let looks_past = t.kind == TokKind::Word
                && !t.case.capitalised()
                && w.len() > 4
                && w.ends_with("ed")
                && !matches!(
                    self.lower(k.saturating_sub(1)),
                    "the" | "a" | "an" | "is" | "are" | "be"
                );
            if looks_past {
                return Tense::Past;
            }
        }
        Tense::Present
    }

    /// Whether past perfect ("had sent") governs the event.
    pub fn pluperfect(&self, start: usize) -> bool {
        let cs = self.clause_start(start);
        self.finite_aux(start, cs)
            .is_some_and(|k| self.lower(k) == "had")
    }

    /// Background markers: "in the past", "at the time", a year before the date used.
    pub fn background(&self) -> bool {
        self.mods.iter().any(|m| m.kind == ModKind::Historical)
            || (self.s..self.e).any(|k| {
                let t = &self.toks[k];
                t.kind == TokKind::Number
                    && t.lower.len() == 4
                    && t.lower
                        .parse::<u16>()
                        .is_ok_and(|y| (1900..self.year).contains(&y))
            })
    }

    /// The attribution of an event whose head is token `head`.
    pub fn attribution(&self, head: usize) -> Attribution {
        self.scopes
            .iter()
            .filter(|s| head >= s.start && head < s.end)
            .min_by_key(|s| s.end - s.start)
            .map_or_else(Attribution::author, |s| s.attribution.clone())
    }
}

fn aux_tense(w: &str) -> Option<Tense> {
    match w {
        "had" | "was" | "were" | "did" => Some(Tense::Past),
        "has" | "have" | "is" | "are" | "am" | "does" | "do" | "could" | "may" | "might"
        | "can" | "should" | "must" => Some(Tense::Present),
        "will" | "shall" | "'ll" => Some(Tense::Future),
        _ => None,
    }
}

/// Words that can be the whole speaker of an attribution ("others said").
const SOURCE_WORDS: &[&str] = &[
    "others",
    "officials",
    "official",
    "sources",
    "source",
    "reports",
    "analysts",
    "experts",
    "diplomats",
    "witnesses",
    "residents",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "statement",
    "he",
    "she",
    "they",
    "it",
    "we",
    "media",
    "observers",
    "critics",
    "aides",
    "insiders",
    "officers",
    "police",
    "military",
    "ministry",
    "government",
    "people",
    "i",
    "newspaper",
    "agency",
    "commentators",
    "lawyer",
    "says",
];

impl Ctx<'_> {
    fn valid_speaker(&self, a: usize, b: usize) -> bool {
        b > a
            && b - a <= 8
            && ((a..b).any(|k| SOURCE_WORDS.contains(&self.lower(k)))
                || self
                    .nps
                    .iter()
                    .any(|n| n.start >= a && n.end <= b && !n.actors.is_empty())
                || (a..b).any(|k| self.toks[k].case.capitalised() && k > self.s))
            && !(a..b).any(|k| HARD.contains(&self.lower(k)))
    }

    /// The speaker phrases of the attribution covering token `head`, if any.
    pub fn speaker_of(&self, head: usize) -> Vec<usize> {
        let Some(scope) = self
            .scopes
            .iter()
            .filter(|s| head >= s.start && head < s.end)
            .min_by_key(|s| s.end - s.start)
        else {
            return Vec::new();
        };
        self.nps
            .iter()
            .enumerate()
            .filter(|(_, n)| {
                n.start >= scope.speaker.0
                    && n.end <= scope.speaker.1
                    && n.is_argument()
                    && !n.actors.is_empty()
            })
            .map(|(i, _)| i)
            .take(1)
            .collect()
    }

    fn speaker_actor(&self, a: usize, b: usize) -> Option<String> {
        self.nps
            .iter()
            .filter(|n| n.start >= a && n.end <= b && n.role != crate::np::Role::Modifier)
            .filter_map(|n| n.actors.first())
            .map(|a| a.id.clone())
            .next_back()
    }

    /// Finds the attribution scopes of the sentence from its speech cues.
    pub fn find_scopes(&mut self) {
        let cues: Vec<(usize, usize)> = self
            .mods
            .iter()
            .filter(|m| m.kind == ModKind::Speech)
            .map(|m| (m.start, m.end))
            .collect();
        let mut scopes = Vec::new();
        for (cs, ce) in cues {
            if let Some(scope) = self.scope_of(cs, ce) {
                scopes.push(scope);
            }
        }
        self.scopes = scopes;
    }

    fn make_scope(
        &self,
        start: usize,
        end: usize,
        sp: (usize, usize),
        cue: (usize, usize),
    ) -> Scope {
        let by = self.slice(sp.0, sp.1);
        Scope {
            start,
            end,
            attribution: Attribution {
                by,
                actor: self.speaker_actor(sp.0, sp.1),
                cue: Some(self.slice(cue.0, cue.1)),
            },
            speaker: (sp.0.min(cue.0), sp.1.max(cue.1)),
        }
    }

    fn scope_of(&self, cs: usize, ce: usize) -> Option<Scope> {
        let words_after = |k: usize| {
            (k..self.e)
                .find(|&j| {
                    self.toks[j].kind == TokKind::Punct
                        && self.lower(j) != "'s"
                        && self.lower(j) != "-"
                })
                .unwrap_or(self.e)
        };
        if self.lower(cs) == "according" {
            let sp_end = words_after(ce);
            if !self.valid_speaker(ce, sp_end) {
                return None;
            }
            return Some(if cs > self.s && self.lower(cs - 1) == "," {
                self.make_scope(self.s, cs - 1, (ce, sp_end), (cs, ce))
            } else {
                self.make_scope(sp_end, self.e, (ce, sp_end), (cs, ce))
            });
        }
        // "..., Bloomberg News said on Tuesday." / "..., said a spokesman."
        let comma = (cs.saturating_sub(10).max(self.s)..cs)
            .rev()
            .find(|&k| self.lower(k) == ",");
        if let Some(c) = comma {
            // A closing quotation mark may follow the comma: '"...," Netanyahu said'.
            let mut sp = c + 1;
            while sp < cs && matches!(self.lower(sp), "\"" | "'") {
                sp += 1;
            }
            if self.valid_speaker(sp, cs) {
                return Some(self.make_scope(self.s, c, (sp, cs), (cs, ce)));
            }
            let sp_end = words_after(ce);
            if sp == cs && self.valid_speaker(ce, sp_end) {
                return Some(self.make_scope(self.s, c, (ce, sp_end), (cs, ce)));
            }
        }
        // "X said (that) ...": the speaker runs from the clause start to the cue.
        let start = self.clause_start(cs);
        if self.valid_speaker(start, cs) {
            let mut from = ce;
            while from < self.e
                && matches!(
                    self.lower(from),
                    "that"
                        | "on"
                        | "monday"
                        | "tuesday"
                        | "wednesday"
                        | "thursday"
                        | "friday"
                        | "saturday"
                        | "sunday"
                        | "today"
                        | "yesterday"
                        | ","
                )
            {
                from += 1;
            }
            return Some(self.make_scope(from, self.e, (start, cs), (cs, ce)));
        }
        None
    }
}
