//! What the reader returns: the JSON contract of `parley extract --format json`.
//!
//! Sentence numbers are 1-based over the whole article (as `sentence = N` in scenario files);
//! spans are UTF-8 byte offsets `[start, end)` into the article as given, or, when it was a
//! web page, into its text with the markup removed ([`crate::markup::as_read`]; a note says
//! so).

use serde::Serialize;

use crate::lexicon::{Plover, RelType};

/// Everything found in one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Version of the reader that produced this.
    pub reader: String,
    /// The article's date, if it was given.
    pub date: Option<String>,
    /// The date offices were resolved at (the given date, else the gazetteer's revision date).
    pub date_used: String,
    /// Actors, in order of first mention.
    pub actors: Vec<Actor>,
    /// Relations between actors, in text order.
    pub relations: Vec<Relation>,
    /// Issues under negotiation.
    pub issues: Vec<Issue>,
    /// Who wants what on which issue.
    pub stances: Vec<Stance>,
    /// The sentences.
    pub sentences: Vec<Sentence>,
    /// Things the reader noticed but did not act on.
    pub notes: Vec<String>,
}

/// What kind of actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A state (its government included).
    State,
    /// A sector of a state other than its government: armed forces, police, opposition ...
    StateSector,
    /// A named person.
    Person,
    /// A non-state armed group.
    ArmedGroup,
    /// A state's armed force or agency named as such (IRGC, Mossad).
    Force,
    /// An intergovernmental organisation.
    Igo,
    /// A non-governmental organisation.
    Ngo,
    /// A political party or movement.
    Party,
    /// A news outlet: a source, not a negotiating party.
    Media,
}

/// One actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Actor {
    /// Stable id: ISO alpha-3 for states (`IRN`), `CODE-SECTOR` for sectors (`IRQ-REB`), the
    /// gazetteer id for people and organisations (`ALI_KHAMENEI`, `HAMAS`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// What kind of actor.
    pub kind: ActorKind,
    /// CAMEO/PLOVER-style code: country (or IGO/NGO/IMG) with a sector where it matters.
    pub code: String,
    /// The state it belongs to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// For people: the office held at the date used (or last held before it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    /// For people: whether that office was held at the date used. Without a date given (offices
    /// resolved at the gazetteer's revision date), false for a person the text calls "former"
    /// or "ex-".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_office: Option<bool>,
    /// The surface forms that referred to it, in order of first use.
    pub aliases_found: Vec<String>,
    /// Sentences that mention it (1-based), including as a modifier ("Iran-backed").
    pub mentions: Vec<usize>,
    /// Byte spans of the mentions (names only; pronouns are not listed).
    pub spans: Vec<[usize; 2]>,
    /// How many mentions are full phrases (not only modifiers like "Iran deal"); an actor named
    /// only as a modifier counts once when it acts ("a US-brokered deal").
    pub head_mentions: usize,
}

/// How sure the text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// could, may, might, possible, potentially, plausible ...
    Possible,
    /// likely, probably, appears, looks ready ...
    Likely,
    /// stated as fact (is, has, did).
    Asserted,
}

/// Grammatical time of the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tense {
    /// Happened.
    Past,
    /// Is happening, or holds.
    Present,
    /// Intended, planned or expected.
    Future,
}

/// Who says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribution {
    /// The source as written ("Bloomberg News", "others"), or "author".
    pub by: String,
    /// The source's actor id, when it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The attribution cue ("said", "according to"), when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
}

impl Attribution {
    /// The author's own claim.
    pub fn author() -> Self {
        Attribution {
            by: "author".into(),
            actor: None,
            cue: None,
        }
    }
}

/// Flags shared by relations and stances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Modality {
    /// How sure the text is.
    pub confidence: Confidence,
    /// Whether a hedge weakens it.
    pub hedged: bool,
    /// The hedge words, in text order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hedges: Vec<String>,
    /// Grammatical time.
    pub tense: Tense,
    /// Background: it happened before the story's present.
    pub historical: bool,
    /// Said in a question.
    pub question: bool,
    /// Negated ("did not", "never").
    pub negated: bool,
    /// Who says so.
    pub attribution: Attribution,
}

/// A relation between actors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relation {
    /// Parley relation type.
    #[serde(rename = "type")]
    pub rtype: RelType,
    /// PLOVER 0.8 event type (an intended cooperative act is AGREE, an intended hostile one
    /// THREATEN, as PLOVER codes intentions).
    pub plover: Plover,
    /// PLOVER-style mode or detail ("mediation", "withdrawn", "military").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Actor ids of the source(s); empty when the text does not say who.
    pub source: Vec<String>,
    /// Actor ids of the target(s); empty when there is none.
    pub target: Vec<String>,
    /// The sources act together ("worked together", "war between A and B").
    pub reciprocal: bool,
    /// Sentence number (1-based).
    pub sentence: usize,
    /// Byte span of the evidence.
    pub span: [usize; 2],
    /// The evidence text.
    pub evidence: String,
    /// The trigger phrase as written.
    pub trigger: String,
    /// Byte span of the trigger.
    pub trigger_span: [usize; 2],
    /// Issues whose terms appear inside the evidence ("aiding in nuclear talks").
    pub issues: Vec<String>,
    /// Hedges, tense, negation, question, attribution.
    #[serde(flatten)]
    pub modality: Modality,
}

/// An issue under negotiation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// Scenario id (`iran_nuclear`).
    pub id: String,
    /// Issue kind from the lexicon (`nuclear`).
    pub kind: String,
    /// The country it concerns, if the text says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Human name.
    pub name: String,
    /// What the low end (0) means.
    pub low: String,
    /// What the high end (100) means.
    pub high: String,
    /// Sentences that mention it.
    pub sentences: Vec<usize>,
    /// The terms found, in order of first use.
    pub terms: Vec<String>,
    /// Actors linked to it: stance holders, the actors of its clauses, the country concerned.
    pub actors: Vec<String>,
}

/// Which end of an issue an actor pushes toward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Toward the low end (0).
    Low,
    /// Toward the high end (100).
    High,
}

/// An actor's stance on an issue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stance {
    /// Actor id.
    pub actor: String,
    /// Issue id.
    pub issue: String,
    /// Direction on the issue's scale.
    pub direction: Direction,
    /// The label of that end.
    pub toward: String,
    /// Sentence number.
    pub sentence: usize,
    /// Byte span of the evidence.
    pub span: [usize; 2],
    /// The evidence text.
    pub evidence: String,
    /// The stance cue ("reduces", "may not want").
    pub cue: String,
    /// The issue term ("support for", "nuclear weapons").
    pub term: String,
    /// Hedges, tense, negation, question, attribution.
    #[serde(flatten)]
    pub modality: Modality,
}

/// A sentence of the article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sentence {
    /// Sentence number (1-based).
    pub n: usize,
    /// Paragraph number (1-based).
    pub paragraph: usize,
    /// Byte span.
    pub span: [usize; 2],
    /// The text.
    pub text: String,
    /// Ends with a question mark.
    pub question: bool,
    /// Cut out of a longer sentence because it exceeded the length limit.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cut: bool,
}
