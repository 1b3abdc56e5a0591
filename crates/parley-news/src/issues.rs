//! Issues and stances: issue terms from the lexicon, the country each concerns, and stance
//! cues that say which end of the issue an actor pushes toward.

use crate::clause::Ctx;
use crate::lexicon::{CuePos, Polarity};
use crate::np::{ActorInfo, Role};
use crate::pattern::{Form, Match};
use crate::report::{Modality, Relation, Tense};

/// An issue term in a sentence.
#[derive(Debug, Clone)]
pub struct IssueHit {
    /// Issue kind (index into the lexicon's kinds).
    pub kind: usize,
    /// The country it concerns.
    pub country: Option<&'static str>,
    /// Sentence number.
    pub sentence: usize,
    /// The term as written.
    pub term: String,
    /// Byte span of the term.
    pub span: [usize; 2],
    /// Actors linked to it here.
    pub actors: Vec<String>,
}

/// A stance before its issue id and direction are final.
#[derive(Debug, Clone)]
pub struct StanceHit {
    /// The holder.
    pub actor: ActorInfo,
    /// Issue kind.
    pub kind: usize,
    /// Country the issue concerns.
    pub country: Option<&'static str>,
    /// +1 toward high, -1 toward low, 0 = "own side" (decided later).
    pub sign: i8,
    /// Sentence number.
    pub sentence: usize,
    /// Byte span of the evidence.
    pub span: [usize; 2],
    /// Evidence text.
    pub evidence: String,
    /// The cue.
    pub cue: String,
    /// The term.
    pub term: String,
    /// Flags.
    pub modality: Modality,
}

/// The states named in a sentence, for later sentences' issue resolution.
#[derive(Debug, Clone, Default)]
pub struct SentStates {
    /// Paragraph number.
    pub paragraph: usize,
    /// (country, is a clause subject) for each actor phrase.
    pub states: Vec<(&'static str, bool)>,
}

fn sign(p: Polarity) -> i8 {
    match p {
        Polarity::Plus => 1,
        Polarity::Minus => -1,
        Polarity::Zero | Polarity::Side => 0,
    }
}

/// The states named in the sentence, with whether each is a subject (not in a prepositional
/// phrase and not a modifier).
pub fn sentence_states(ctx: &Ctx<'_>, paragraph: usize) -> SentStates {
    let states = ctx
        .nps
        .iter()
        .filter(|n| !n.place)
        .flat_map(|n| {
            let subj = n.role != Role::Modifier && n.prep.is_none();
            n.actors
                .iter()
                .filter_map(move |a| a.country.map(|c| (c, subj)))
        })
        .collect();
    SentStates { paragraph, states }
}

/// The issue terms of a sentence: longest first, no overlaps.
fn terms(ctx: &Ctx<'_>) -> Vec<(usize, Polarity, Match)> {
    let lx = ctx.lx;
    let view = &ctx.toks[..ctx.e];
    let mut all = Vec::new();
    for i in ctx.s..ctx.e {
        for (idx, m) in lx.issue_terms.all_at(view, i, &lx.classes, &|_| true) {
            let (kind, pol) = lx.issue_terms.entries[idx].1;
            all.push((kind, pol, m));
        }
    }
    all.sort_by_key(|(_, _, m)| (std::cmp::Reverse(m.end - m.start), m.start));
    let mut chosen: Vec<(usize, Polarity, Match)> = Vec::new();
    for t in all {
        if !chosen
            .iter()
            .any(|c| t.2.start < c.2.end && c.2.start < t.2.end)
        {
            chosen.push(t);
        }
    }
    chosen.sort_by_key(|(_, _, m)| m.start);
    chosen
}

fn countries_of(ctx: &Ctx<'_>, i: usize) -> Option<&'static str> {
    ctx.nps[i].actors.iter().find_map(|a| a.country)
}

/// The country an issue term concerns: a modifier or possessor right before it ("Ukraine
/// ceasefire", "its nuclear program"), a prepositional object right after it ("aid to
/// Ukraine"), for nuclear the clause's subject, else the most named other state of the
/// sentence, then of the paragraph's earlier sentences.
fn issue_country(
    ctx: &Ctx<'_>,
    key: &str,
    pol: Polarity,
    m: &Match,
    subject_country: Option<&'static str>,
    prev: &[SentStates],
) -> Option<&'static str> {
    // A modifier ("Ukraine ceasefire"), a possessive ("Iran's", "its"), not a subject.
    let before = ctx.nps.iter().enumerate().find(|(_, n)| {
        let possessive_pronoun = n.role == Role::Pronoun
            && matches!(
                ctx.toks[n.start].lower.as_str(),
                "its" | "their" | "our" | "his" | "her"
            );
        (n.end == m.start && (n.role == Role::Modifier || possessive_pronoun))
            || (n.end + 1 == m.start && ctx.toks[n.end].lower == "'s")
    });
    if let Some(c) = before.and_then(|(i, _)| countries_of(ctx, i)) {
        return Some(c);
    }
    let ce = ctx.clause_end(m.end).min(m.end + 6);
    let after = ctx.nps.iter().enumerate().find(|(_, n)| {
        !n.place
            && n.start >= m.end
            && n.start < ce.max(m.end + 1)
            && matches!(
                n.prep.as_deref(),
                Some("to" | "for" | "on" | "against" | "in" | "with" | "over" | "of")
            )
    });
    if let Some(c) = after.and_then(|(i, _)| countries_of(ctx, i)) {
        return Some(c);
    }
    // Whose programme: the subject's. Who wants relief: the sanctioned state itself.
    if (key == "nuclear" || (key == "sanctions" && pol == Polarity::Plus))
        && let Some(c) = subject_country
    {
        return Some(c);
    }
    let exclude = |c: &&'static str| Some(*c) != subject_country;
    let here: Vec<&'static str> = ctx
        .nps
        .iter()
        .filter(|n| !n.place)
        .flat_map(|n| n.actors.iter().filter_map(|a| a.country))
        .filter(exclude)
        .collect();
    if let Some(c) = most_named(&here) {
        return Some(c);
    }
    for st in prev.iter().rev().take(3) {
        let there: Vec<&'static str> = st.states.iter().map(|(c, _)| *c).filter(exclude).collect();
        if let Some(c) = most_named(&there) {
            return Some(c);
        }
    }
    None
}

/// The most frequent entry; ties go to the first named.
fn most_named(list: &[&'static str]) -> Option<&'static str> {
    let mut best: Option<(&'static str, usize)> = None;
    for c in list {
        let n = list.iter().filter(|d| *d == c).count();
        if best.is_none_or(|(_, bn)| n > bn) {
            best = Some((c, n));
        }
    }
    best.map(|(c, _)| c)
}

/// The stance cue for a term: one right after it ("on hold"), else the nearest before it in
/// its clause, at most 8 tokens away.
fn cue_for(ctx: &Ctx<'_>, m: &Match) -> Option<(Polarity, Match)> {
    let lx = ctx.lx;
    let view = &ctx.toks[..ctx.e];
    let first_word = (ctx.s..ctx.e).find(|&k| ctx.toks[k].is_word());
    let ok = |p: usize| !ctx.toks[p].case.capitalised() || Some(p) == first_word;
    let post = (m.end..(m.end + 3).min(ctx.e)).find_map(|i| {
        lx.stance_cues
            .all_at(view, i, &lx.classes, &ok)
            .into_iter()
            .find(|(idx, _)| lx.stance_cues.entries[*idx].1.1 == CuePos::Post)
            .map(|(idx, cm)| (lx.stance_cues.entries[idx].1.0, cm))
    });
    if post.is_some() {
        return post;
    }
    let cs = ctx.clause_start(m.start);
    let lo = m.start.saturating_sub(10).max(cs);
    let at = |i: usize| {
        lx.stance_cues
            .all_at(view, i, &lx.classes, &ok)
            .into_iter()
            .filter(|(idx, cm)| {
                lx.stance_cues.entries[*idx].1.1 == CuePos::Pre && cm.end <= m.start + 1
            })
            .max_by_key(|(_, cm)| cm.end)
            .map(|(idx, cm)| (lx.stance_cues.entries[idx].1.0, cm))
    };
    // "refused to accept it and retained its troops": a verb coordinated after "and" is out
    // of the reach of a cue before the first verb.
    let lo = match (lo..m.start).rev().find(|&k| {
        ctx.toks[k].lower == "and"
            && ctx
                .toks
                .get(k + 1)
                .is_some_and(|t| t.lower.len() > 4 && t.lower.ends_with("ed"))
    }) {
        Some(k) => k + 1,
        None => lo,
    };
    (lo..m.start).rev().find_map(|i| {
        let found = at(i)?;
        // "roll back parts of its programme": a longer cue that opens before this one and
        // covers it wins ("roll back" over "back").
        let longer = (lo.max(i.saturating_sub(2))..i)
            .filter_map(at)
            .find(|(_, cm)| cm.end > i);
        Some(longer.unwrap_or(found))
    })
}

/// A stance toward an issue found from what is negotiated (`discover.rs`) whose phrase spans
/// tokens `a..b`: a stance cue before or after it in its clause and a holder, as for the
/// built-in terms; the phrase counts as wanting more of its object ("increase its purchases"
/// leans toward more purchases). `kind` is not an issue kind and is left 0.
pub fn discovered_stance(ctx: &Ctx<'_>, n: usize, a: usize, b: usize) -> Option<StanceHit> {
    if a >= b || b > ctx.e {
        return None;
    }
    let m = Match {
        start: a,
        end: b,
        head: b - 1,
        form: Form::Other,
    };
    let (cue_pol, cue) = cue_for(ctx, &m)?;
    if cue_pol == Polarity::Side {
        return None;
    }
    stance(ctx, n, 0, None, Polarity::Plus, cue_pol, &cue, &m)
}

/// Words that make "support" material help: an aid issue needs one of them, in its own term
/// ("military aid"), in its sentence, or earlier for the same recipient.
const AID_WORDS: &[&str] = &[
    "aid",
    "assistance",
    "weapons",
    "weapon",
    "arms",
    "funding",
    "funds",
    "financing",
    "loans",
    "grants",
    "military",
    "ammunition",
    "munitions",
    "missiles",
    "tanks",
    "artillery",
    "equipment",
    "supplies",
    "troops",
];

/// Whether tokens `a..b` hold an aid word.
fn has_aid_word(ctx: &Ctx<'_>, a: usize, b: usize) -> bool {
    ctx.toks[a..b]
        .iter()
        .any(|t| AID_WORDS.contains(&t.lower.as_str()))
}

/// What a party puts forward: "support for X's <one of these>" endorses it, it helps no one.
const PROPOSAL_WORDS: &[&str] = &[
    "proposal",
    "proposals",
    "plan",
    "plans",
    "bid",
    "position",
    "initiative",
    "idea",
    "draft",
    "text",
    "resolution",
    "candidacy",
    "candidate",
    "call",
    "demand",
    "demands",
    "approach",
    "offer",
    "motion",
    "amendment",
];

/// Whether the object of term `m` is a party's proposal ("support for Panama's compromise
/// proposal"): a phrase right after the term, its possessive, then a proposal word within the
/// next three tokens.
fn object_is_a_proposal(ctx: &Ctx<'_>, m: &Match) -> bool {
    ctx.nps.iter().filter(|n| n.start == m.end).any(|n| {
        let after = n.end + 1;
        ctx.toks.get(n.end).is_some_and(|t| t.lower == "'s")
            && ctx.toks[after.min(ctx.e)..(after + 3).min(ctx.e)]
                .iter()
                .any(|t| PROPOSAL_WORDS.contains(&t.lower.as_str()))
    })
}

/// Whether a bare "support for X" / "support to X" (an `aid` term without an aid word of its
/// own) is aid here. "Support" is as often an endorsement ("support for Panama's proposal",
/// "support for a deal") as help, so it counts only when the sentence names material help, or
/// when aid to the same recipient was raised with an aid word earlier in the article
/// (`aid_before`) and the object is that recipient itself, not something it owns or proposes.
/// Support for a party's proposal is an endorsement whatever else the sentence says.
fn bare_support_is_aid(
    ctx: &Ctx<'_>,
    m: &Match,
    country: Option<&'static str>,
    aid_before: &[&'static str],
) -> bool {
    if object_is_a_proposal(ctx, m) {
        return false;
    }
    if has_aid_word(ctx, m.start, m.end) || has_aid_word(ctx, ctx.s, ctx.e) {
        return true;
    }
    let Some(c) = country else { return false };
    if !aid_before.contains(&c) {
        return false;
    }
    // The object: the phrase right after the term must be the state, and end there ("support
    // for Ukraine"), not a possessor of a thing ("Ukraine's plan").
    ctx.nps.iter().any(|n| {
        n.start == m.end
            && n.actors.iter().any(|a| a.country == Some(c))
            && ctx.toks.get(n.end).is_none_or(|t| t.lower != "'s")
    })
}

/// Issue terms and stances of a sentence. `aid_before` lists the countries whose aid issue an
/// earlier sentence raised with an aid word.
pub fn find(
    ctx: &Ctx<'_>,
    n: usize,
    relations: &[Relation],
    prev: &[SentStates],
    aid_before: &[&'static str],
) -> (Vec<IssueHit>, Vec<StanceHit>) {
    let mut issues = Vec::new();
    let mut stances = Vec::new();
    for (kind, pol, m) in terms(ctx) {
        let key = ctx.lx.issue_kinds[kind].key;
        let subj = ctx.subject(m.start, m.head, Form::Other, false);
        let subject_country = subj.iter().find_map(|&i| countries_of(ctx, i));
        let country = issue_country(ctx, key, pol, &m, subject_country, prev);
        if key == "aid"
            && !has_aid_word(ctx, m.start, m.end)
            && !bare_support_is_aid(ctx, &m, country, aid_before)
        {
            continue;
        }
        let span = ctx.bytes(m.start, m.end);
        let mut actors: Vec<String> = subj
            .iter()
            .flat_map(|&i| ctx.nps[i].actors.iter().map(|a| a.id.clone()))
            .collect();
        for r in relations
            .iter()
            .filter(|r| r.span[0] <= span[0] && span[1] <= r.span[1])
        {
            actors.extend(r.source.iter().chain(r.target.iter()).cloned());
        }
        if let Some(c) = country {
            actors.push(c.to_owned());
        }
        let cue = cue_for(ctx, &m);
        if let Some(st) = cue.and_then(|(cp, cm)| stance(ctx, n, kind, country, pol, cp, &cm, &m)) {
            actors.push(st.actor.id.clone());
            stances.push(st);
        }
        actors.dedup();
        issues.push(IssueHit {
            kind,
            country,
            sentence: n,
            term: ctx.slice(m.start, m.end),
            span,
            actors,
        });
    }
    (issues, stances)
}

#[allow(clippy::too_many_arguments)]
fn stance(
    ctx: &Ctx<'_>,
    n: usize,
    kind: usize,
    country: Option<&'static str>,
    term_pol: Polarity,
    cue_pol: Polarity,
    cue: &Match,
    term: &Match,
) -> Option<StanceHit> {
    let side = cue_pol == Polarity::Side;
    if !side && (term_pol == Polarity::Zero || term_pol == Polarity::Side) {
        return None;
    }
    let first = cue.start.min(term.start);
    let holder_nps = ctx.subject(first, cue.head, cue.form, false);
    let &h = holder_nps.first()?;
    let actor = ctx.nps[h].actors.first()?.clone();
    let holder_end = ctx.nps[h].end;
    let negated = ctx.negated(holder_end, first);
    let mut s = sign(cue_pol) * sign(term_pol);
    if negated {
        s = -s;
    }
    let (confidence, hedges) = ctx.hedges(first, term.end, false);
    let tense = ctx.tense(cue.start, cue.head, cue.form);
    let historical =
        tense == Tense::Past && (ctx.background() || ctx.pluperfect(cue.start) || ctx.nps[h].hist);
    let lo = ctx.nps[h].start.min(first);
    let hi = term.end.max(cue.end);
    Some(StanceHit {
        actor,
        kind,
        country,
        sign: if side { 0 } else { s },
        sentence: n,
        span: ctx.bytes(lo, hi),
        evidence: ctx.slice(lo, hi),
        cue: ctx.slice(cue.start, cue.end),
        term: ctx.slice(term.start, term.end),
        modality: Modality {
            confidence,
            hedged: !hedges.is_empty(),
            hedges,
            tense,
            historical,
            question: ctx.question,
            negated,
            attribution: ctx.attribution(cue.head),
        },
    })
}
