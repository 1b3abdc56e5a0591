//! Reading an article: sentences, actors, relations, issues and stances, assembled into a
//! [`Report`].

use indexmap::IndexMap;

use crate::clause::{Ctx, ModHit};
use crate::date::Date;
use crate::error::NewsError;
use crate::issues::{self, IssueHit, SentStates, StanceHit};
use crate::lexicon::{self, Lexicon, Plover, RelType};
use crate::np::{self, ActorInfo, Np, Resolver, Role};
use crate::relations;
use crate::report::{Actor, ActorKind, Direction, Issue, Relation, Report, Sentence, Stance};
use crate::sentences::{self, SentenceRange};
use crate::token::{Case, Token, tokenize};

/// Most surface forms listed per actor (keeps pathological inputs linear).
const MAX_ALIASES: usize = 50;

/// Largest article the reader accepts (bytes): 16 MiB. Reading is linear in the input (about
/// 0.35 s and 40 MB of memory per MB of news text, release build), so the limit bounds one
/// article at a few seconds and well under a gigabyte; longer texts are batches of articles
/// (a directory or a .jsonl file).
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// Options for reading.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The article's date: offices resolve to their holders on this day, and earlier years
    /// mark background. Without it the gazetteer's revision date is used.
    pub date: Option<Date>,
}

/// Reads an article given as bytes: checks size and encoding first.
pub fn read_bytes(bytes: &[u8], options: &Options) -> Result<Report, NewsError> {
    if bytes.len() > MAX_BYTES {
        return Err(NewsError::TooLarge {
            size: bytes.len(),
            limit: MAX_BYTES,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| match bytes.get(..2) {
        Some([0xFF, 0xFE]) => NewsError::Utf16 {
            encoding: "utf-16le",
        },
        Some([0xFE, 0xFF]) => NewsError::Utf16 {
            encoding: "utf-16be",
        },
        _ => NewsError::NotUtf8 {
            offset: e.valid_up_to(),
        },
    })?;
    read(text, options)
}

/// Reads an article.
pub fn read(text: &str, options: &Options) -> Result<Report, NewsError> {
    if text.len() > MAX_BYTES {
        return Err(NewsError::TooLarge {
            size: text.len(),
            limit: MAX_BYTES,
        });
    }
    let lx = lexicon::get()?;
    let date = options.date.unwrap_or(Date::GAZETTEER);
    let page = crate::markup::as_read(text);
    let clean = blank_controls(&page);
    let text = clean.as_ref();
    let toks = tokenize(text);
    let ranges = sentences::split(text, &toks);
    let mut r = Reader::new(lx, text, &toks, date, ranges.len());
    for (k, range) in ranges.iter().enumerate() {
        r.sentence(range, k + 1);
    }
    let mut report = r.finish(options.date);
    if let std::borrow::Cow::Owned(_) = clean {
        report.notes.push(
            "Control characters in the text (terminal escapes and the like) were read as \
             spaces, so no output replays them."
                .to_owned(),
        );
    }
    if let std::borrow::Cow::Owned(_) = page {
        report.notes.push(crate::markup::NOTE.to_owned());
    }
    Ok(report)
}

/// `text` with every control character but tab, line feed and carriage return replaced by
/// as many spaces as its UTF-8 bytes: an article's terminal escapes (`ESC ] 0 ;` retitles a
/// terminal, OSC 52 writes the clipboard) must not reach a terminal or a draft file through
/// the evidence quoted from it, and byte offsets into the text stay those of the file.
pub fn blank_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if !text.chars().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if bad(c) {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Reads one sentence-sized text and returns its first event's PLOVER type and the actor
/// codes of its relations (or of all its actor phrases when it has none). Used by the PLOVER
/// evaluation.
pub fn code_sentence(text: &str, date: Date) -> Result<SentenceCoding, NewsError> {
    let lx = lexicon::get()?;
    let toks = tokenize(text);
    let mut r = Reader::new(lx, text, &toks, date, 1);
    // The gold records are single sentences: read the whole text as one.
    if !toks.is_empty() {
        let range = SentenceRange {
            start: 0,
            end: toks.len(),
            paragraph: 1,
            forced: false,
        };
        r.sentence(&range, 1);
    }
    let event = r.events.first().copied().flatten();
    let code_of = |id: &String| {
        r.registry
            .get(id)
            .map(|a| primary_code(&a.info))
            .unwrap_or_default()
    };
    let mut codes: Vec<String> = r
        .relations
        .iter()
        .flat_map(|rel| rel.source.iter().chain(rel.target.iter()))
        .map(code_of)
        .filter(|c| !c.is_empty())
        .collect();
    if codes.is_empty() {
        codes = r
            .registry
            .values()
            .map(|a| primary_code(&a.info))
            .filter(|c| !c.is_empty())
            .collect();
    }
    codes.sort();
    codes.dedup();
    Ok(SentenceCoding { event, codes })
}

/// What [`code_sentence`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceCoding {
    /// PLOVER type of the first event, if any.
    pub event: Option<Plover>,
    /// Primary actor codes (country, IGO, NGO, IMG), sorted and unique.
    pub codes: Vec<String>,
}

/// The primary code of an actor: its country, or IGO/NGO/IMG for organisations.
pub fn primary_code(a: &ActorInfo) -> String {
    match a.country {
        Some(c) => c.to_owned(),
        None => a.code.split('-').next().unwrap_or("").to_owned(),
    }
}

struct ActorRec {
    info: ActorInfo,
    aliases: Vec<String>,
    mentions: Vec<usize>,
    spans: Vec<[usize; 2]>,
    heads: usize,
    /// A person the text calls "former" or "ex-" in some mention.
    former: bool,
}

/// What earlier sentences leave for pronouns.
#[derive(Debug, Default)]
struct Discourse {
    /// The subject of the last sentence that had one (non-person).
    subject: Option<ActorInfo>,
    /// The last person named.
    person: Option<ActorInfo>,
    /// Distinct non-person head actors of the previous sentence.
    previous: Vec<ActorInfo>,
}

struct Reader<'a> {
    lx: &'static Lexicon,
    text: &'a str,
    toks: &'a [Token],
    date: Date,
    registry: IndexMap<String, ActorRec>,
    /// Surnames of people the gazetteer lacks, learnt from a title before their name
    /// ("Brexit Secretary Stephen Barclay", "the EU's chief negotiator Michel Barnier").
    names: IndexMap<String, ActorInfo>,
    /// Last words (lower case) of longer personal names opened by a gazetteer person's name
    /// ("Juan Carlos Monterrey"): alone later, such a word is that person, not a place.
    surnames: Vec<String>,
    relations: Vec<Relation>,
    issue_hits: Vec<IssueHit>,
    found: Vec<crate::discover::Found>,
    /// Stances toward discovered issues from stance cues: (the issue's key, the stance).
    found_stances: Vec<(String, StanceHit)>,
    stance_hits: Vec<StanceHit>,
    sentences: Vec<Sentence>,
    states: Vec<SentStates>,
    events: Vec<Option<Plover>>,
    discourse: Discourse,
}

impl<'a> Reader<'a> {
    /// An empty reader for `sentences` sentences of `text`.
    fn new(
        lx: &'static Lexicon,
        text: &'a str,
        toks: &'a [Token],
        date: Date,
        sentences: usize,
    ) -> Self {
        Self {
            lx,
            text,
            toks,
            date,
            registry: IndexMap::new(),
            names: IndexMap::new(),
            surnames: Vec::new(),
            relations: Vec::new(),
            issue_hits: Vec::new(),
            found: Vec::new(),
            found_stances: Vec::new(),
            stance_hits: Vec::new(),
            sentences: Vec::with_capacity(sentences),
            states: Vec::with_capacity(sentences),
            events: Vec::with_capacity(sentences),
            discourse: Discourse::default(),
        }
    }

    fn sentence(&mut self, range: &SentenceRange, n: usize) {
        let (s, e) = (range.start, range.end);
        let span = [self.toks[s].start, self.toks[e - 1].end];
        let question = self.toks[s..e]
            .iter()
            .rev()
            .find(|t| !matches!(t.lower.as_str(), "\"" | "'" | ")" | "]"))
            .is_some_and(|t| t.lower == "?");
        let headline = np::headline(self.toks, s, e);
        let resolver = Resolver {
            lx: self.lx,
            date: self.date,
        };
        let scan = np::scan_sentence(self.lx, self.toks, s, e);
        let mut nps = np::phrases_with_scan(&resolver, self.text, self.toks, s, e, &scan);
        self.learn_and_apply_names(s, e, &mut nps);
        self.drop_surnames_read_as_places(scan.longer_names(), &mut nps);
        self.add_pronouns(s, e, &mut nps);
        nps.sort_by_key(|n| (n.start, n.end));
        for np in &nps {
            if np.role == Role::Pronoun {
                continue;
            }
            let alias = self.slice(np.start, np.end);
            let span = [self.toks[np.start].start, self.toks[np.end - 1].end];
            let people = np
                .actors
                .iter()
                .filter(|a| a.kind == ActorKind::Person)
                .count();
            let former = people == 1 && np::described_former(self.toks, s, np.start, np.end);
            for a in &np.actors {
                // "Reuters reported", "told CNN": a news outlet reports the negotiation; it is
                // a mention (and an attribution), not a party.
                let party = a.kind != ActorKind::Media;
                self.touch(a, &alias, n, span, np.role == Role::Head && party);
                if former
                    && a.kind == ActorKind::Person
                    && let Some(rec) = self.registry.get_mut(&a.id)
                {
                    rec.former = true;
                }
            }
        }
        let mut ctx = Ctx {
            lx: self.lx,
            text: self.text,
            toks: self.toks,
            s,
            e,
            question,
            headline,
            nps,
            mods: Vec::new(),
            scopes: Vec::new(),
            year: self.date.year,
        };
        ctx.mods = mods(&ctx);
        ctx.find_scopes();
        self.add_first_person(&mut ctx);
        let hits = relations::triggers(&ctx);
        let event = hits.first().map(|h| {
            let def = &self.lx.trigger_defs[h.def];
            relations::plover_of(def, ctx.tense(h.m.start, h.m.head, h.m.form))
        });
        self.events.push(event);
        let rels = relations::relations(&ctx, &hits, n);
        // The paragraph's last three sentences, oldest first.
        let mut prev: Vec<SentStates> = self
            .states
            .iter()
            .rev()
            .take_while(|st| st.paragraph == range.paragraph)
            .take(3)
            .cloned()
            .collect();
        prev.reverse();
        let aid_before = self.aid_before();
        let (issue_hits, stance_hits) = issues::find(&ctx, n, &rels, &prev, &aid_before);
        let known: Vec<[usize; 2]> = issue_hits.iter().map(|h| h.span).collect();
        let found = crate::discover::find(&ctx, n, &known, &rels);
        for f in &found {
            // The phrase's tokens: those inside its byte span.
            let a = (ctx.s..ctx.e).find(|&k| self.toks[k].start >= f.span[0]);
            let b = (ctx.s..ctx.e)
                .rev()
                .find(|&k| self.toks[k].end <= f.span[1]);
            if let (Some(a), Some(b)) = (a, b)
                && let Some(h) = issues::discovered_stance(&ctx, n, a, b + 1)
            {
                self.found_stances.push((f.key.clone(), h));
            }
        }
        self.found.extend(found);
        self.states
            .push(issues::sentence_states(&ctx, range.paragraph));
        self.update_discourse(&ctx);
        // "a US-brokered agreement": a modifier that acts (a relation's source) is an actor in
        // its own right, as a full phrase would be.
        for r in &rels {
            for id in &r.source {
                if let Some(rec) = self.registry.get_mut(id)
                    && rec.heads == 0
                {
                    rec.heads = 1;
                }
            }
        }
        self.relations.extend(rels);
        self.issue_hits.extend(issue_hits);
        self.stance_hits.extend(stance_hits);
        self.sentences.push(Sentence {
            n,
            paragraph: range.paragraph,
            span,
            text: self.text.get(span[0]..span[1]).unwrap_or("").to_owned(),
            question,
            cut: range.forced,
        });
    }

    /// The recipients of the aid issues raised so far: a later bare "support for" them refers
    /// back to that aid.
    fn aid_before(&self) -> Vec<&'static str> {
        self.issue_hits
            .iter()
            .filter(|h| self.lx.issue_kinds[h.kind].key == "aid")
            .filter_map(|h| h.country)
            .collect()
    }

    fn slice(&self, a: usize, b: usize) -> String {
        let (x, y) = (self.toks[a].start, self.toks[b.max(a + 1) - 1].end);
        self.text.get(x..y).unwrap_or("").to_owned()
    }

    fn touch(&mut self, a: &ActorInfo, alias: &str, n: usize, span: [usize; 2], head: bool) {
        let rec = self
            .registry
            .entry(a.id.clone())
            .or_insert_with(|| ActorRec {
                info: a.clone(),
                aliases: Vec::new(),
                mentions: Vec::new(),
                spans: Vec::new(),
                heads: 0,
                former: false,
            });
        // Mentions arrive in text order, so a repeat can only be the last one.
        if rec.spans.last() != Some(&span) {
            rec.spans.push(span);
        }
        rec.heads += usize::from(head);
        if rec.aliases.len() < MAX_ALIASES && !rec.aliases.iter().any(|x| x == alias) {
            rec.aliases.push(alias.to_owned());
        }
        if rec.mentions.last() != Some(&n) {
            rec.mentions.push(n);
        }
    }

    /// "We will never accept ...," Netanyahu said: first-person pronouns inside a quotation
    /// stand for the speaker (a person's state, when the speaker is a person).
    fn add_first_person(&self, ctx: &mut Ctx<'_>) {
        let resolver = Resolver {
            lx: self.lx,
            date: self.date,
        };
        let mut added = Vec::new();
        for scope in &ctx.scopes {
            let speaker = ctx
                .nps
                .iter()
                .filter(|n| {
                    n.start >= scope.speaker.0
                        && n.end <= scope.speaker.1
                        && n.role != Role::Modifier
                })
                .flat_map(|n| n.actors.iter())
                .next_back();
            let Some(speaker) = speaker else { continue };
            let actor = match (speaker.kind, speaker.country) {
                (ActorKind::Person, Some(c)) => self
                    .lx
                    .countries
                    .iter()
                    .position(|x| x.code == c)
                    .map_or_else(|| speaker.clone(), |i| resolver.state(i, None)),
                _ => speaker.clone(),
            };
            for k in scope.start..scope.end {
                if matches!(
                    self.toks[k].lower.as_str(),
                    "we" | "our" | "us" | "i" | "my" | "me"
                ) && !(self.toks[k].lower == "us" && self.toks[k].case.capitalised())
                {
                    let prep = (k > ctx.s && np::PREPS.contains(&self.toks[k - 1].lower.as_str()))
                        .then(|| self.toks[k - 1].lower.clone());
                    added.push(Np {
                        start: k,
                        end: k + 1,
                        actors: vec![actor.clone()],
                        role: Role::Pronoun,
                        prep,
                        hist: false,
                        place: false,
                    });
                }
            }
        }
        if !added.is_empty() {
            ctx.nps.extend(added);
            ctx.nps.sort_by_key(|n| (n.start, n.end));
        }
    }

    /// Adds resolved pronouns as phrases.
    fn add_pronouns(&self, s: usize, e: usize, nps: &mut Vec<Np>) {
        self.add_pairs(s, e, nps);
        for k in s..e {
            let w = self.toks[k].lower.as_str();
            let actors = match w {
                "it" | "its" => {
                    if expletive(self.toks, k, e) {
                        continue;
                    }
                    self.resolve_its_after_preposition(nps, s, k)
                        .unwrap_or_else(|| self.resolve_it(nps, k))
                }
                "they" | "them" | "their" => self.resolve_they(nps, k),
                "he" | "him" | "his" | "she" | "her" => self.resolve_person(nps, k),
                _ => continue,
            };
            if actors.is_empty() {
                continue;
            }
            let prep = (k > s && np::PREPS.contains(&self.toks[k - 1].lower.as_str()))
                .then(|| self.toks[k - 1].lower.clone());
            nps.push(Np {
                start: k,
                end: k + 1,
                actors,
                role: Role::Pronoun,
                prep,
                hist: false,
                place: false,
            });
        }
    }

    /// People named after a title: "Ukrainian Defence Minister Jane Doe" is the Ukrainian
    /// government, and so are "Ms Doe" and "Doe" later in the article. A title phrase is an
    /// actor phrase whose last word is lower case or an office (not a name), followed by one to
    /// three capitalised words that no phrase covers; the last of them is the surname.
    /// "Juan Carlos Monterrey, head of Panama's delegation, ... Monterrey said": the last word of
    /// a longer personal name, named alone later, is that person's surname, not the city that
    /// shares it. Such a place phrase is dropped (the person is not in the gazetteer).
    fn drop_surnames_read_as_places(&mut self, longer: &[(usize, usize)], nps: &mut Vec<Np>) {
        for &(_, end) in longer {
            let last = &self.toks[end - 1].lower;
            if !self.surnames.contains(last) {
                self.surnames.push(last.clone());
            }
        }
        if self.surnames.is_empty() {
            return;
        }
        nps.retain(|n| {
            let place = n.role != Role::Pronoun
                && n.end == n.start + 1
                && !n.actors.is_empty()
                && n.actors
                    .iter()
                    .all(|a| a.kind == ActorKind::StateSector && a.code.ends_with("-CVL"));
            !(place && self.surnames.contains(&self.toks[n.start].lower))
        });
    }

    fn learn_and_apply_names(&mut self, s: usize, e: usize, nps: &mut Vec<Np>) {
        let covered = |nps: &[Np], k: usize| nps.iter().any(|n| n.start <= k && k < n.end);
        let cap = |k: usize| {
            let t = &self.toks[k];
            t.is_word() && t.case.capitalised() && t.lower.chars().all(char::is_alphabetic)
        };
        let mut learnt = Vec::new();
        for n in nps
            .iter()
            .filter(|n| n.role == Role::Head && n.actors.len() == 1)
        {
            let a = &n.actors[0];
            if a.kind == ActorKind::Person || a.country.is_none() {
                continue;
            }
            let mut k = n.end;
            let titled = k < e && matches!(self.toks[k].lower.as_str(), "mr" | "mrs" | "ms" | "dr");
            if titled {
                k += 1;
            }
            let start = k;
            while k < e
                && k - start < 3
                && cap(k)
                && !covered(nps, k)
                && !calendar(&self.toks[k].lower)
            {
                k += 1;
            }
            // A full name ("Stephen Barclay") or a titled surname ("Mr Barnier").
            let enough = k - start >= 2 || (titled && k - start == 1);
            if enough && (k == e || !cap(k)) {
                learnt.push((self.toks[k - 1].lower.clone(), a.clone()));
            }
        }
        for (name, a) in learnt {
            self.names.entry(name).or_insert(a);
        }
        if self.names.is_empty() {
            return;
        }
        let mut added = Vec::new();
        for k in s..e {
            if !cap(k) || covered(nps, k) || (k + 1 < e && cap(k + 1)) {
                continue;
            }
            let Some(a) = self.names.get(&self.toks[k].lower) else {
                continue;
            };
            let mut start = k;
            while start > s && cap(start - 1) && !covered(nps, start - 1) {
                start -= 1;
            }
            if start > s
                && matches!(
                    self.toks[start - 1].lower.as_str(),
                    "mr" | "mrs" | "ms" | "dr"
                )
            {
                start -= 1;
            }
            let prep = (start > s && np::PREPS.contains(&self.toks[start - 1].lower.as_str()))
                .then(|| self.toks[start - 1].lower.clone());
            added.push(Np {
                start,
                end: k + 1,
                actors: vec![a.clone()],
                role: Role::Head,
                prep,
                hist: false,
                place: false,
            });
        }
        nps.extend(added);
    }

    /// Earlier subjects of this sentence: head phrases before `k` that are not objects of a
    /// preposition.
    fn subjects_before(nps: &[Np], k: usize) -> impl Iterator<Item = &Np> {
        nps.iter()
            .filter(move |n| n.end <= k && n.role == Role::Head && n.prep.is_none())
    }

    /// "sanctions on Iran over its nuclear programme", "help Iraq with its debts": a
    /// possessive right after a preposition points back to the nearest actor of its clause,
    /// usually the object just named, rather than to the subject.
    fn resolve_its_after_preposition(
        &self,
        nps: &[Np],
        s: usize,
        k: usize,
    ) -> Option<Vec<ActorInfo>> {
        if self.toks[k].lower != "its"
            || k == s
            || !np::PREPS.contains(&self.toks[k - 1].lower.as_str())
        {
            return None;
        }
        let boundary = (s..k)
            .rev()
            .find(|&j| {
                matches!(
                    self.toks[j].lower.as_str(),
                    "," | ";" | ":" | "that" | "which" | "who" | "while" | "because" | "but"
                )
            })
            .map_or(s, |j| j + 1);
        nps.iter()
            .filter(|n| n.end <= k && n.start >= boundary && n.role != Role::Modifier)
            .max_by_key(|n| n.end)
            .and_then(|n| n.actors.iter().find(|a| a.kind != ActorKind::Person))
            .map(|a| vec![a.clone()])
    }

    fn resolve_it(&self, nps: &[Np], k: usize) -> Vec<ActorInfo> {
        let here = Self::subjects_before(nps, k)
            .flat_map(|n| n.actors.iter())
            .find(|a| a.kind != ActorKind::Person)
            .cloned();
        here.or_else(|| self.discourse.subject.clone())
            .into_iter()
            .collect()
    }

    fn resolve_they(&self, nps: &[Np], k: usize) -> Vec<ActorInfo> {
        let here: Vec<ActorInfo> = Self::subjects_before(nps, k)
            .flat_map(|n| n.actors.iter().cloned())
            .filter(|a| a.kind != ActorKind::Person)
            .collect();
        if here.len() >= 2 {
            return here;
        }
        let prev = &self.discourse.previous;
        if (2..=4).contains(&prev.len()) {
            return prev.clone();
        }
        Vec::new()
    }

    /// "Both sides", "the two countries", "the two agreed": a reference to a pair is the last
    /// two parties coordinated before it in the sentence or the two of the sentence before.
    fn add_pairs(&self, s: usize, e: usize, nps: &mut Vec<Np>) {
        let mut added = Vec::new();
        for k in s..e {
            let Some(len) = pair_reference(self.toks, k, e) else {
                continue;
            };
            if nps.iter().any(|n| n.start < k + len && k < n.end) {
                continue;
            }
            let actors = self.resolve_pair(nps, k);
            if actors.len() != 2 {
                continue;
            }
            let prep = (k > s && np::PREPS.contains(&self.toks[k - 1].lower.as_str()))
                .then(|| self.toks[k - 1].lower.clone());
            added.push(Np {
                start: k,
                end: k + len,
                actors,
                role: Role::Pronoun,
                prep,
                hist: false,
                place: false,
            });
        }
        nps.extend(added);
        nps.sort_by_key(|n| (n.start, n.end));
    }

    /// The pair a reference at `k` stands for: the last two parties coordinated before it in
    /// the sentence ("Israel and the UAE reached an accord ... as the two agreed"), else the
    /// two parties of the sentence before. Any two parties named earlier are not enough: "war
    /// games with South Korea while negotiations between the two countries continue" is about
    /// the US and North Korea.
    fn resolve_pair(&self, nps: &[Np], k: usize) -> Vec<ActorInfo> {
        let party = |n: &Np| {
            n.role != Role::Modifier
                && n.actors.len() == 1
                && n.actors
                    .iter()
                    .all(|a| a.kind != ActorKind::Person && a.kind != ActorKind::Media)
        };
        let before: Vec<&Np> = nps.iter().filter(|n| n.end <= k && party(n)).collect();
        let coordinated = before.windows(2).rev().find(|w| {
            let gap = &self.toks[w[0].end..w[1].start];
            let joined = match gap {
                [and] => and.lower == "and",
                [and, the] => and.lower == "and" && the.lower == "the",
                _ => false,
            };
            joined && w[0].actors[0].id != w[1].actors[0].id
        });
        if let Some(w) = coordinated {
            return vec![w[0].actors[0].clone(), w[1].actors[0].clone()];
        }
        if self.discourse.previous.len() == 2 {
            return self.discourse.previous.clone();
        }
        Vec::new()
    }

    fn resolve_person(&self, nps: &[Np], k: usize) -> Vec<ActorInfo> {
        nps.iter()
            .filter(|n| n.end <= k)
            .flat_map(|n| n.actors.iter())
            .rfind(|a| a.kind == ActorKind::Person)
            .cloned()
            .or_else(|| self.discourse.person.clone())
            .into_iter()
            .collect()
    }

    fn update_discourse(&mut self, ctx: &Ctx<'_>) {
        let subject = ctx
            .nps
            .iter()
            .filter(|n| n.role != Role::Modifier && n.prep.is_none())
            .filter(|n| {
                !ctx.scopes
                    .iter()
                    .any(|s| n.start >= s.speaker.0 && n.end <= s.speaker.1)
            })
            .flat_map(|n| n.actors.iter())
            .find(|a| a.kind != ActorKind::Person && a.kind != ActorKind::Media);
        if let Some(a) = subject {
            self.discourse.subject = Some(a.clone());
        }
        if let Some(p) = ctx
            .nps
            .iter()
            .flat_map(|n| n.actors.iter())
            .rfind(|a| a.kind == ActorKind::Person)
        {
            self.discourse.person = Some(p.clone());
        }
        let mut previous: Vec<ActorInfo> = Vec::new();
        for a in ctx
            .nps
            .iter()
            .filter(|n| n.role == Role::Head)
            .flat_map(|n| n.actors.iter())
            .filter(|a| {
                matches!(
                    a.kind,
                    ActorKind::State | ActorKind::ArmedGroup | ActorKind::Igo
                )
            })
        {
            if !previous.iter().any(|p| p.id == a.id) {
                previous.push(a.clone());
            }
        }
        self.discourse.previous = previous;
    }

    fn finish(mut self, date: Option<Date>) -> Report {
        for h in &self.issue_hits {
            let id = issue_id(self.lx, h.kind, h.country);
            // Relations come in sentence order: find the hit's sentence by bisection rather
            // than scanning them all for every hit (that was quadratic in the article).
            let from = self.relations.partition_point(|r| r.sentence < h.sentence);
            let to = self.relations.partition_point(|r| r.sentence <= h.sentence);
            for r in self.relations.get_mut(from..to).unwrap_or_default() {
                if r.span[0] <= h.span[0] && h.span[1] <= r.span[1] && !r.issues.contains(&id) {
                    r.issues.push(id.clone());
                }
            }
        }
        let attackers = attackers(&self.relations, &self.registry);
        let mut issues = build_issues(self.lx, &self.issue_hits, &self.stance_hits, &attackers);
        discovered_issues(&self.found, &self.relations, &mut issues);
        let names: std::collections::HashMap<String, String> = self
            .registry
            .values()
            .map(|r| (r.info.id.clone(), r.info.name.clone()))
            .collect();
        let demands = crate::discover::opposing_demands(
            &mut issues,
            &self.relations,
            &self.sentences,
            &names,
        );
        let mut stances = build_stances(self.lx, &self.stance_hits, &attackers, &issues);
        stances.extend(demands);
        cue_stances(&self.found_stances, &mut issues, &mut stances);
        let actors_found = !self.registry.is_empty();
        let issues_found = !issues.is_empty();
        let actors = self
            .registry
            .into_values()
            .map(|r| Actor {
                id: r.info.id,
                name: r.info.name,
                kind: r.info.kind,
                code: r.info.code,
                country: r.info.country.map(str::to_owned),
                office: r.info.office,
                in_office: in_office(r.info.in_office, r.former, date.is_some()),
                aliases_found: r.aliases,
                mentions: r.mentions,
                spans: r.spans,
                head_mentions: r.heads,
            })
            .collect();
        Report {
            reader: concat!("parley-news ", env!("CARGO_PKG_VERSION")).to_owned(),
            date: date.map(|d| d.to_string()),
            date_used: self.date.to_string(),
            actors,
            relations: self.relations,
            issues,
            stances,
            notes: notes(date, self.date, &self.sentences, actors_found, issues_found),
            sentences: self.sentences,
        }
    }
}

/// Whether a person held their office at the date used: the gazetteer's answer, except that
/// without a date given (offices resolved at the gazetteer's revision date, a guess) a text
/// that calls the person "former" or "ex-" is believed over it. With a date given the
/// gazetteer wins: "former senator Biden" in 2010 was in office, as Vice President.
fn in_office(gazetteer: Option<bool>, described_former: bool, date_given: bool) -> Option<bool> {
    match gazetteer {
        Some(true) if described_former && !date_given => Some(false),
        other => other,
    }
}

/// Day and month names, capitalised but never a surname.
fn calendar(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
    )
}

/// What the reader assumed or had to do, for the person reading the output.
fn notes(
    given: Option<Date>,
    used: Date,
    sentences: &[Sentence],
    actors: bool,
    issues: bool,
) -> Vec<String> {
    let mut notes = Vec::new();
    if sentences.is_empty() {
        notes.push("The article has no text to read: nothing was found.".to_owned());
    } else if !actors {
        notes.push(if mostly_other_script(sentences) {
            "No actor was found. The reader reads English only, and most of this text is in \
             another script."
                .to_owned()
        } else {
            "No actor was found: the reader knows the states, organisations and people of its \
             gazetteer (docs/news-reader.md), in English."
                .to_owned()
        });
    }
    if !(actors && issues) {
        notes.push(unfinished(actors, issues));
    }
    match given {
        None => notes.push(format!(
            "No date given: offices resolved to their holders on {used} (the gazetteer's revision date); give the article's date for older articles."
        )),
        // The gazetteer knows no later holders: an office changing hands after its revision
        // would be given to the holder it knows, with no sign of doubt (sweep 4 item 7).
        Some(d) if d > Date::GAZETTEER => notes.push(format!(
            "The article's date, {d}, is after the gazetteer's revision date ({}): offices are \
             resolved to the holders it knew then, who may since have changed.",
            Date::GAZETTEER
        )),
        Some(_) => {}
    }
    let cut = sentences.iter().filter(|s| s.cut).count();
    if cut > 0 {
        notes.push(format!(
            "{cut} sentence(s) longer than {} tokens were cut into pieces before reading.",
            sentences::MAX_SENTENCE_TOKENS
        ));
    }
    notes
}

/// The note of a draft without actors or issues: it has no number to fill, yet cannot be
/// validated, so the analyst must not read "nothing left to fill" as "done".
fn unfinished(actors: bool, issues: bool) -> String {
    let missing = match (actors, issues) {
        (false, false) => "actors or issues",
        (false, true) => "actors",
        _ => "issues",
    };
    format!(
        "This draft cannot be validated until actors and issues are added: the text gave no \
         {missing}. Add at least one [[actor]] and one [[issue]], and a stance \
         ([actor.stance.ISSUE]) linking them, before `parley validate`."
    )
}

/// Whether fewer than half of the letters in `sentences` are Latin: text the English reader
/// cannot read.
fn mostly_other_script(sentences: &[Sentence]) -> bool {
    let (mut latin, mut letters) = (0usize, 0usize);
    for c in sentences.iter().flat_map(|s| s.text.chars()) {
        if c.is_alphabetic() {
            letters += 1;
            // Basic Latin, Latin-1 and Latin Extended-A/B letters.
            if (c as u32) < 0x250 {
                latin += 1;
            }
        }
    }
    letters > 0 && 2 * latin < letters
}

/// Nouns that "both" or "the two" make a reference to the two parties.
const PAIR_NOUNS: &[&str] = &[
    "sides",
    "countries",
    "parties",
    "governments",
    "leaders",
    "nations",
    "delegations",
    "neighbours",
    "neighbors",
    "capitals",
    "states",
];

/// Words after "the two" that make it the subject of a clause.
const AUX_AFTER_PAIR: &[&str] = &[
    "have", "had", "will", "would", "could", "can", "must", "are", "were", "also", "then",
];

/// The length of a reference to a pair starting at `k` ("both sides", "the two countries",
/// "the two" before a verb), if there is one.
fn pair_reference(toks: &[Token], k: usize, e: usize) -> Option<usize> {
    let at = |j: usize| (j < e).then(|| toks[j].lower.as_str());
    match (at(k), at(k + 1), at(k + 2)) {
        (Some("both"), Some(noun), _) if PAIR_NOUNS.contains(&noun) => Some(2),
        (Some("the"), Some("two"), Some(noun)) if PAIR_NOUNS.contains(&noun) => Some(3),
        // "as the two agreed to full normalization": "the two" as a subject.
        (Some("the"), Some("two"), Some(next))
            if toks[k + 2].case == Case::Lower
                && (next.ends_with("ed") || AUX_AFTER_PAIR.contains(&next)) =>
        {
            Some(2)
        }
        _ => None,
    }
}

/// "it is possible that", "it was plausible": not a reference.
fn expletive(toks: &[Token], k: usize, e: usize) -> bool {
    let w = |j: usize| {
        toks.get(j)
            .filter(|_| j < e)
            .map_or("", |t| t.lower.as_str())
    };
    if toks[k].lower != "it"
        || !matches!(
            w(k + 1),
            "is" | "was" | "'s" | "seems" | "appears" | "remains"
        )
    {
        return false;
    }
    let mut j = k + 2;
    while matches!(
        w(j),
        "also" | "not" | "now" | "still" | "quite" | "very" | "more" | "less" | "entirely"
    ) {
        j += 1;
    }
    matches!(
        w(j),
        "possible"
            | "plausible"
            | "likely"
            | "unlikely"
            | "clear"
            | "unclear"
            | "true"
            | "important"
            | "difficult"
            | "hard"
            | "easy"
            | "time"
            | "that"
            | "conceivable"
            | "probable"
            | "certain"
            | "doubtful"
            | "worth"
            | "too"
            | "no"
    )
}

/// Modality cues of a sentence (every match; capitalised words only at the sentence start).
fn mods(ctx: &Ctx<'_>) -> Vec<ModHit> {
    let lx = ctx.lx;
    let view = &ctx.toks[..ctx.e];
    let first_word = (ctx.s..ctx.e).find(|&k| ctx.toks[k].is_word());
    let ok = |p: usize| !ctx.toks[p].case.capitalised() || Some(p) == first_word || ctx.headline;
    let mut out = Vec::new();
    for i in ctx.s..ctx.e {
        for (idx, m) in lx.modality.all_at(view, i, &lx.classes, &ok) {
            out.push(ModHit {
                kind: lx.modality.entries[idx].1,
                start: m.start,
                end: m.end,
            });
        }
    }
    out
}

/// For each country, the state that attacked it most in the text (for ceasefire scales).
fn attackers(
    rels: &[Relation],
    reg: &IndexMap<String, ActorRec>,
) -> IndexMap<&'static str, &'static str> {
    let country = |id: &String| reg.get(id).and_then(|r| r.info.country);
    let mut counts: IndexMap<(&'static str, &'static str), usize> = IndexMap::new();
    for r in rels
        .iter()
        .filter(|r| r.rtype == RelType::Attack && !r.reciprocal)
    {
        for s in r.source.iter().filter_map(country) {
            for t in r.target.iter().filter_map(country) {
                if s != t {
                    *counts.entry((t, s)).or_default() += 1;
                }
            }
        }
    }
    let mut out: IndexMap<&'static str, (&'static str, usize)> = IndexMap::new();
    for ((victim, attacker), n) in counts {
        let e = out.entry(victim).or_insert((attacker, n));
        if n > e.1 {
            *e = (attacker, n);
        }
    }
    out.into_iter().map(|(v, (a, _))| (v, a)).collect()
}

fn country_name(lx: &Lexicon, code: &str) -> String {
    lx.countries
        .iter()
        .find(|c| c.code == code)
        .map_or_else(|| code.to_owned(), |c| c.name.to_owned())
}

/// Issue id: the concerned country's name as a slug plus the kind's suffix ("iran_nuclear").
pub fn issue_id(lx: &Lexicon, kind: usize, country: Option<&str>) -> String {
    let suffix = lx.issue_kinds[kind].suffix;
    match country {
        Some(c) => {
            let name = country_name(lx, c).to_lowercase();
            let mut slug = String::new();
            for ch in name.chars() {
                if ch.is_ascii_alphanumeric() {
                    slug.push(ch);
                } else if !slug.ends_with('_') && !slug.is_empty() {
                    slug.push('_');
                }
            }
            format!("{}_{suffix}", slug.trim_end_matches('_'))
        }
        None => suffix.to_owned(),
    }
}

fn fill(template: &str, country: &str, attacker: &str) -> String {
    template.replace("{c}", country).replace("{a}", attacker)
}

fn build_issues(
    lx: &Lexicon,
    hits: &[IssueHit],
    stances: &[StanceHit],
    attackers: &IndexMap<&'static str, &'static str>,
) -> Vec<Issue> {
    let mut out: IndexMap<String, Issue> = IndexMap::new();
    for h in hits {
        let id = issue_id(lx, h.kind, h.country);
        let kind = &lx.issue_kinds[h.kind];
        let cname = h.country.map_or_else(
            || "the country concerned".to_owned(),
            |c| country_name(lx, c),
        );
        let attacker = h
            .country
            .and_then(|c| attackers.get(c))
            .map_or_else(|| "the attacker".to_owned(), |a| country_name(lx, a));
        let issue = out.entry(id.clone()).or_insert_with(|| Issue {
            id,
            kind: kind.key.to_owned(),
            country: h.country.map(str::to_owned),
            name: fill(kind.name, &cname, &attacker),
            low: fill(kind.low, &cname, &attacker),
            high: fill(kind.high, &cname, &attacker),
            sentences: Vec::new(),
            terms: Vec::new(),
            actors: Vec::new(),
        });
        if issue.sentences.last() != Some(&h.sentence) {
            issue.sentences.push(h.sentence);
        }
        if !issue.terms.contains(&h.term) {
            issue.terms.push(h.term.clone());
        }
        for a in &h.actors {
            if !issue.actors.contains(a) {
                issue.actors.push(a.clone());
            }
        }
    }
    for s in stances {
        if let Some(issue) = out.get_mut(&issue_id(lx, s.kind, s.country))
            && !issue.actors.contains(&s.actor.id)
        {
            issue.actors.push(s.actor.id.clone());
        }
    }
    out.into_values().collect()
}

/// Issues found from what is negotiated (`discover.rs`): one per head noun, named by its
/// first phrase, with the actors of the relations whose evidence holds it. The ends of the
/// scale are the analyst's to name.
fn discovered_issues(
    found: &[crate::discover::Found],
    relations: &[Relation],
    out: &mut Vec<Issue>,
) {
    let mut by_key: IndexMap<String, Issue> = IndexMap::new();
    for f in found {
        let id = slug(&f.key);
        if id.is_empty() || out.iter().any(|i| i.id == id) {
            continue;
        }
        let issue = by_key.entry(id.clone()).or_insert_with(|| Issue {
            id,
            kind: "discovered".to_owned(),
            country: None,
            name: f.phrase.clone(),
            low: format!("{}: one end (analyst to name it)", f.phrase),
            high: format!("{}: the other end (analyst to name it)", f.phrase),
            sentences: Vec::new(),
            terms: Vec::new(),
            actors: Vec::new(),
        });
        if issue.sentences.last() != Some(&f.sentence) {
            issue.sentences.push(f.sentence);
        }
        if !issue.terms.contains(&f.phrase) {
            issue.terms.push(f.phrase.clone());
        }
        let from = relations.partition_point(|r| r.sentence < f.sentence);
        let to = relations.partition_point(|r| r.sentence <= f.sentence);
        for r in relations.get(from..to).unwrap_or_default() {
            for a in r.source.iter().chain(&r.target) {
                if !issue.actors.contains(a) {
                    issue.actors.push(a.clone());
                }
            }
        }
    }
    out.extend(by_key.into_values());
}

/// A lower-case identifier: letters and digits, other runs as one underscore.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for ch in text.to_lowercase().chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// Stances toward discovered issues from stance cues ("has pledged to increase its purchases
/// of U.S. farm goods": more purchases). When an act already gave the same holder a stance
/// on the issue in that sentence, the cue composes with it (a minus cue flips it) instead of
/// adding a second stance; the holder joins the issue's actors.
fn cue_stances(found: &[(String, StanceHit)], issues: &mut [Issue], stances: &mut Vec<Stance>) {
    for (key, h) in found {
        if h.sign == 0 {
            continue;
        }
        let id = slug(key);
        let Some(issue) = issues
            .iter_mut()
            .find(|i| i.id == id && i.kind == "discovered")
        else {
            continue;
        };
        // "sought to reduce the size of the fund": the act (seek: wants it) applies to the
        // cue's change (reduce: less of it), so the stance is the product of the two (low).
        // The cue's own polarity is used, as the act's stance already counts the negation.
        let raw = if h.modality.negated { -h.sign } else { h.sign };
        if let Some(act) = stances
            .iter_mut()
            .find(|s| s.actor == h.actor.id && s.issue == id && s.sentence == h.sentence)
        {
            // The act's own trigger as the cue ("rejected the fund"): nothing to compose.
            if act.cue.to_lowercase() == h.cue.to_lowercase() {
                continue;
            }
            if raw < 0 {
                act.direction = match act.direction {
                    Direction::High => Direction::Low,
                    Direction::Low => Direction::High,
                };
                act.toward = match act.direction {
                    Direction::High => issue.high.clone(),
                    Direction::Low => issue.low.clone(),
                };
            }
            act.cue = format!("{} ... {}", act.cue, h.cue);
            continue;
        }
        let (direction, toward) = if h.sign > 0 {
            (Direction::High, issue.high.clone())
        } else {
            (Direction::Low, issue.low.clone())
        };
        if !issue.actors.contains(&h.actor.id) {
            issue.actors.push(h.actor.id.clone());
        }
        stances.push(Stance {
            actor: h.actor.id.clone(),
            issue: id,
            direction,
            toward,
            sentence: h.sentence,
            span: h.span,
            evidence: h.evidence.clone(),
            cue: h.cue.clone(),
            term: h.term.clone(),
            modality: h.modality.clone(),
        });
    }
}

fn build_stances(
    lx: &Lexicon,
    hits: &[StanceHit],
    attackers: &IndexMap<&'static str, &'static str>,
    issues: &[Issue],
) -> Vec<Stance> {
    let mut out: Vec<Stance> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for h in hits {
        let sign = if h.sign != 0 {
            h.sign
        } else {
            // "wants concessions": toward the holder's side of a ceasefire.
            let holder = h.actor.country;
            let attacker = h.country.and_then(|c| attackers.get(c).copied());
            match (holder, attacker, h.country) {
                (Some(a), Some(b), _) if a == b => -1,
                (Some(a), _, Some(c)) if a == c => 1,
                _ => continue,
            }
        };
        let id = issue_id(lx, h.kind, h.country);
        let Some(issue) = issues.iter().find(|i| i.id == id) else {
            continue;
        };
        let (direction, toward) = if sign > 0 {
            (Direction::High, issue.high.clone())
        } else {
            (Direction::Low, issue.low.clone())
        };
        if !seen.insert((h.actor.id.clone(), id.clone(), h.sentence, direction)) {
            continue;
        }
        out.push(Stance {
            actor: h.actor.id.clone(),
            issue: id,
            direction,
            toward,
            sentence: h.sentence,
            span: h.span,
            evidence: h.evidence.clone(),
            cue: h.cue.clone(),
            term: h.term.clone(),
            modality: h.modality.clone(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn people_named_after_a_title_are_remembered() {
        // Written for the test (a person the gazetteer cannot know), after the pattern of
        // "Brexit Secretary Stephen Barclay ... Mr Barclay" in tests/eval/dev.txt.
        let text = "Ukrainian Defence Minister Jane Doeson met Russian officials on Monday.\nMs Doeson rejected the proposal.";
        let r = read(text, &Options::default()).unwrap();
        let rej = r
            .relations
            .iter()
            .find(|x| x.trigger == "rejected")
            .unwrap();
        assert!(rej.source.iter().any(|id| id.starts_with("UKR")), "{rej:?}");
        // A day after a country is not a name.
        let r = read(
            "The United States Tuesday rejected the plan.",
            &Options::default(),
        )
        .unwrap();
        assert!(
            r.actors
                .iter()
                .all(|a| !a.aliases_found.iter().any(|x| x.contains("Tuesday")))
        );
    }

    use super::*;

    fn issue_ids(text: &str) -> Vec<String> {
        read(text, &Options::default())
            .unwrap()
            .issues
            .into_iter()
            .map(|i| i.id)
            .collect()
    }

    fn actor_ids(text: &str, date: &str) -> Vec<String> {
        let opts = Options {
            date: Some(Date::parse(date).unwrap()),
        };
        read(text, &opts)
            .unwrap()
            .actors
            .into_iter()
            .map(|a| a.id)
            .collect()
    }

    #[test]
    fn support_is_aid_only_with_an_aid_word() {
        // An endorsement of a proposal, a plan or a deal is no aid issue.
        for text in [
            "Support for Panama's proposal quickly grew to over 100 countries.",
            "Support for Germany's plan grew among the delegations.",
            "France voiced support for a deal with Iran.",
        ] {
            let ids = issue_ids(text);
            assert!(ids.iter().all(|i| !i.ends_with("_aid")), "{text}: {ids:?}");
        }
        // Support for a party's proposal is an endorsement even beside an aid word.
        let text = "Support for Panama's compromise proposal on funding grew to 100 countries.";
        let ids = issue_ids(text);
        assert!(ids.iter().all(|i| !i.ends_with("_aid")), "{text}: {ids:?}");
        // An aid word in the sentence makes it aid.
        let ids = issue_ids("Germany pledged support for Ukraine, including weapons and funding.");
        assert!(ids.contains(&"ukraine_aid".to_owned()), "{ids:?}");
        // A bare "support for Ukraine" after aid to Ukraine was raised refers back to it ...
        let ids = issue_ids(
            "The US may stop sending arms and military aid to Ukraine. The US reduces support for Ukraine.",
        );
        assert!(ids.contains(&"ukraine_aid".to_owned()), "{ids:?}");
        // ... but alone it does not raise it.
        let ids = issue_ids("The US reduces support for Ukraine.");
        assert!(!ids.contains(&"ukraine_aid".to_owned()), "{ids:?}");
    }

    #[test]
    fn a_name_that_opens_a_longer_name_is_no_match() {
        // Not the former King Juan Carlos of Spain, nor the Mexican city of Monterrey.
        let ids = actor_ids(
            "Juan Carlos Monterrey, head of Panama's delegation, said the proposal was a compromise.",
            "2024-11-29",
        );
        assert!(ids.contains(&"PAN".to_owned()), "{ids:?}");
        assert!(
            ids.iter()
                .all(|i| !i.starts_with("ESP") && !i.starts_with("MEX") && !i.contains("JUAN")),
            "{ids:?}"
        );
        // The name alone, or before a weekday or an institution noun, is still the person.
        let ids = actor_ids("King Juan Carlos met Hassan II in Rabat.", "1990-05-01");
        assert!(ids.iter().any(|i| i.contains("JUAN_CARLOS")), "{ids:?}");
        let ids = actor_ids(
            "The Trump Administration imposed tariffs on China.",
            "2019-05-01",
        );
        assert!(ids.iter().any(|i| i.contains("TRUMP")), "{ids:?}");
        let ids = actor_ids("Xi Jinping met Vladimir Putin Monday.", "2023-03-20");
        assert!(ids.contains(&"VLADIMIR_PUTIN".to_owned()), "{ids:?}");
    }

    #[test]
    fn a_surname_that_is_also_a_city_is_the_person_once_named_in_full() {
        let text = "Juan Carlos Monterrey, head of Panama's delegation, spoke first. Monterrey said the text was a compromise.";
        let ids = actor_ids(text, "2024-11-29");
        assert!(ids.iter().all(|i| !i.starts_with("MEX")), "{ids:?}");
        // Without the full name earlier, the city is still the city.
        let ids = actor_ids("Protesters marched in Monterrey.", "2024-11-29");
        assert!(ids.iter().any(|i| i.starts_with("MEX")), "{ids:?}");
    }

    /// A date after the gazetteer's revision resolves offices to the holders it knew, and says
    /// so; a date before it, or none, does not get that note (sweep 4 item 7).
    #[test]
    fn a_date_past_the_gazetteer_says_its_office_holders_may_have_changed() {
        let notes = |date: Option<&str>| {
            let opts = Options {
                date: date.map(|d| Date::parse(d).unwrap()),
            };
            read("Donald Trump met Iran's president.", &opts)
                .unwrap()
                .notes
        };
        let later = notes(Some("2999-12-31"));
        assert!(
            later
                .iter()
                .any(|n| n
                    .contains("2999-12-31, is after the gazetteer's revision date (2025-10-01)")),
            "{later:?}"
        );
        let earlier = notes(Some("2025-03-04"));
        assert!(
            earlier.iter().all(|n| !n.contains("revision date")),
            "{earlier:?}"
        );
        let none = notes(None);
        assert!(
            none.iter().any(|n| n.starts_with("No date given")),
            "{none:?}"
        );
    }

    /// Whether the person `id` is in office by the report of `text` (`date` as given).
    fn in_office_of(text: &str, date: Option<&str>, id: &str) -> Option<bool> {
        let opts = Options {
            date: date.map(|d| Date::parse(d).unwrap()),
        };
        read(text, &opts)
            .unwrap()
            .actors
            .into_iter()
            .find(|a| a.id == id)
            .unwrap()
            .in_office
    }

    #[test]
    fn a_person_the_text_calls_former_is_out_of_office_when_no_date_is_given() {
        // Without a date offices are resolved at the gazetteer's revision date (2025-10), when
        // Trump is President: the text's "former"/"ex-" is believed over that guess.
        let plain = "Donald Trump said the deal was a disaster.";
        assert_eq!(in_office_of(plain, None, "DONALD_TRUMP"), Some(true));
        for text in [
            "Former President Donald Trump said the deal was a disaster.",
            "Ex-President Donald Trump said the deal was a disaster.",
            "Russia welcomed the visit of former US President Donald Trump.",
        ] {
            assert_eq!(
                in_office_of(text, None, "DONALD_TRUMP"),
                Some(false),
                "{text}"
            );
        }
        // "then" dates an office without ending it.
        let then = "Then-President Donald Trump said the deal was a disaster.";
        assert_eq!(in_office_of(then, None, "DONALD_TRUMP"), Some(true));
        // With a date the gazetteer's terms decide: out of office in 2022 with or without the
        // word, in office in 2025 whatever office "former" refers to.
        let former = "Former President Donald Trump said the deal was a disaster.";
        assert_eq!(
            in_office_of(plain, Some("2022-06-01"), "DONALD_TRUMP"),
            Some(false)
        );
        assert_eq!(
            in_office_of(former, Some("2025-06-01"), "DONALD_TRUMP"),
            Some(true)
        );
    }

    #[test]
    fn in_office_believes_the_text_only_without_a_date() {
        assert_eq!(in_office(Some(true), true, false), Some(false));
        assert_eq!(in_office(Some(true), true, true), Some(true));
        assert_eq!(in_office(Some(true), false, false), Some(true));
        assert_eq!(in_office(Some(false), false, true), Some(false));
        // No term in the gazetteer: nothing to be out of.
        assert_eq!(in_office(None, true, false), None);
    }

    #[test]
    fn a_headline_keeps_a_name_before_capitalised_words() {
        // In title case every word is capitalised, so the next word does not lengthen a name.
        let ids = actor_ids("Trump Meets Kim Jong Un In Singapore", "2018-06-12");
        assert!(ids.contains(&"DONALD_TRUMP".to_owned()), "{ids:?}");
    }

    #[test]
    fn a_possessive_after_a_preposition_is_the_object_just_named() {
        let ids = issue_ids("Washington imposed new sanctions on Iran over its nuclear programme.");
        assert!(ids.contains(&"iran_nuclear".to_owned()), "{ids:?}");
        assert!(
            !ids.contains(&"united_states_nuclear".to_owned()),
            "{ids:?}"
        );
        // Without a preposition before it, "its" is still the subject's.
        let ids = issue_ids("Iran told the IAEA that it would put its nuclear programme on hold.");
        assert!(ids.contains(&"iran_nuclear".to_owned()), "{ids:?}");
    }

    // Fifth revision (issue 16). Sentences written for the tests, in no evaluation file.

    #[test]
    fn a_verb_after_comma_and_shares_the_previous_subject() {
        let r = read(
            "Peru and Chile held talks in March, and in April agreed to a truce.",
            &Options::default(),
        )
        .unwrap();
        let agreed = r
            .relations
            .iter()
            .find(|x| x.trigger.starts_with("agreed"))
            .expect("an agreement");
        assert!(agreed.source.contains(&"PER".to_owned()), "{agreed:?}");
        assert!(agreed.source.contains(&"CHL".to_owned()), "{agreed:?}");
        // A clause with a subject of its own keeps it: no agreement by Peru or Chile.
        let r = read(
            "Peru held talks with Chile, and the rebels agreed to a truce.",
            &Options::default(),
        )
        .unwrap();
        assert!(
            r.relations
                .iter()
                .filter(|x| x.trigger.starts_with("agreed"))
                .all(|x| !x.source.iter().any(|s| s == "PER" || s == "CHL")),
            "{:?}",
            r.relations
        );
    }

    #[test]
    fn change_verbs_give_discovered_issues_and_stances() {
        let r = read(
            "Brazil pledged to expand its purchases of Argentine wheat.",
            &Options::default(),
        )
        .unwrap();
        let st = r
            .stances
            .iter()
            .find(|s| s.issue == "purchase")
            .expect("a stance on purchases");
        assert_eq!((st.actor.as_str(), st.direction), ("BRA", Direction::High));
        // "the size of" is a measure: the issue is the fund, and reducing it points low.
        let r = read(
            "Poland sought to reduce the size of the fund.",
            &Options::default(),
        )
        .unwrap();
        let st = r
            .stances
            .iter()
            .find(|s| s.issue == "fund")
            .expect("a stance on the fund");
        assert_eq!((st.actor.as_str(), st.direction), ("POL", Direction::Low));
    }

    #[test]
    fn verbs_of_each_class_added_in_the_fifth_revision_are_read() {
        for (text, rtype) in [
            ("Japan objected to the plan.", RelType::Oppose),
            ("Peru ratified the treaty.", RelType::Agreement),
            ("Chile hailed the agreement.", RelType::Support),
            ("Japan pressed for a new round of talks.", RelType::Request),
            (
                "The Japanese prime minister spoke with Peru's president.",
                RelType::Consult,
            ),
        ] {
            let r = read(text, &Options::default()).unwrap();
            assert!(
                r.relations.iter().any(|x| x.rtype == rtype),
                "{text}: {:?}",
                r.relations
            );
        }
    }
}
