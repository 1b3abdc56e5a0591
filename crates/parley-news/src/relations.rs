//! Relations: triggers from the lexicon, their actors by frame, and their modality.

use crate::clause::Ctx;
use crate::lexicon::{Frame, Plover, RelType, TriggerDef};
use crate::np::Role;
use crate::pattern::{Form, Match};
use crate::report::{ActorKind, Modality, Relation, Tense};

/// A trigger chosen in a sentence.
#[derive(Debug, Clone)]
pub struct Hit {
    /// Index into the lexicon's trigger definitions.
    pub def: usize,
    /// Specificity of the pattern (non-gap pieces).
    pub spec: usize,
    /// Where it matched.
    pub m: Match,
}

/// The triggers of a sentence: every match, then the most specific and longest first, without
/// overlaps, in text order.
pub fn triggers(ctx: &Ctx<'_>) -> Vec<Hit> {
    let lx = ctx.lx;
    let view = &ctx.toks[..ctx.e];
    let first_word = (ctx.s..ctx.e).find(|&k| ctx.toks[k].is_word());
    let word_ok = |p: usize| {
        let t = &ctx.toks[p];
        !t.case.capitalised() || Some(p) == first_word || ctx.headline
    };
    let mut all: Vec<Hit> = Vec::new();
    for i in ctx.s..ctx.e {
        for (idx, m) in lx.triggers.all_at(view, i, &lx.classes, &word_ok) {
            let (pattern, def) = &lx.triggers.entries[idx];
            all.push(Hit {
                def: *def,
                spec: pattern.specificity,
                m,
            });
        }
    }
    all.sort_by_key(|h| {
        (
            std::cmp::Reverse(h.m.end - h.m.start),
            std::cmp::Reverse(h.spec),
            h.m.start,
        )
    });
    let mut chosen: Vec<Hit> = Vec::new();
    for h in all {
        // "struck a US-brokered maritime border agreement": an "X-brokered" compound inside
        // another act's gap is an act of its own (its mediator is named nowhere else).
        let compound = |x: &Hit| lx.trigger_defs[x.def].frame == Frame::Compound;
        let overlaps = chosen.iter().any(|c| {
            h.m.start < c.m.end
                && c.m.start < h.m.end
                && !(compound(&h) && !compound(c) && c.m.start < h.m.start && h.m.end < c.m.end)
        });
        // "a negotiated solution", "the demand": a verb form after a determiner is an
        // adjective or a noun, not the event.
        // "the “promising signals”": an -ing form between a determiner and a noun is an
        // adjective too ("the killing of" stays an event).
        let before = (ctx.s..h.m.head)
            .rev()
            .find(|&k| !matches!(ctx.toks[k].lower.as_str(), "“" | "\"" | "'" | "‘"));
        let ing_adjective = h.m.form == Form::Ing
            && h.m.end == h.m.head + 1
            && ctx.toks.get(h.m.end).is_some_and(|t| {
                h.m.end < ctx.e && t.is_word() && !t.case.capitalised() && t.lower != "of"
            });
        let adjective = (matches!(
            h.m.form,
            Form::PastOrPart | Form::Part | Form::Base | Form::Third
        ) || ing_adjective)
            && before.is_some_and(|b| {
                matches!(
                    ctx.toks[b].lower.as_str(),
                    "a" | "an"
                        | "the"
                        | "its"
                        | "their"
                        | "this"
                        | "these"
                        | "those"
                        | "any"
                        | "no"
                        | "some"
                )
            });
        let in_speaker = ctx
            .scopes
            .iter()
            .any(|s| h.m.head >= s.speaker.0 && h.m.head < s.speaker.1);
        if !overlaps && !in_speaker && !adjective && !other_sense(ctx, &h.m) {
            chosen.push(h);
        }
    }
    chosen.sort_by_key(|h| h.m.start);
    chosen
}

/// The PLOVER type of an event: an intended cooperative act is AGREE and an intended hostile
/// act THREATEN, as PLOVER codes intentions; verbal types stay as they are.
pub fn plover_of(def: &TriggerDef, tense: Tense) -> Plover {
    let material = !matches!(
        def.plover,
        Plover::Agree | Plover::Request | Plover::Accuse | Plover::Reject | Plover::Threaten
    );
    if tense == Tense::Future && material {
        if def.plover.cooperative() {
            Plover::Agree
        } else {
            Plover::Threaten
        }
    } else {
        def.plover
    }
}

fn ids(ctx: &Ctx<'_>, nps: &[usize]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for &i in nps {
        for a in &ctx.nps[i].actors {
            if !out.contains(&a.id) {
                out.push(a.id.clone());
            }
        }
    }
    out
}

fn nominal(form: Form) -> bool {
    matches!(form, Form::Other | Form::Ing)
}

/// Source and target phrases of a trigger by its frame, and whether they act together.
fn arguments(ctx: &Ctx<'_>, def: &TriggerDef, m: &Match) -> (Vec<usize>, Vec<usize>, bool) {
    match def.frame {
        Frame::Mediator => {
            let mediator = ctx
                .nps
                .iter()
                .enumerate()
                .filter(|(_, n)| n.is_argument() && n.end <= m.start && n.end + 1 >= m.start)
                .map(|(i, _)| i)
                .collect::<Vec<_>>();
            let subject = ctx.subject(
                mediator.first().map_or(m.start, |&i| ctx.nps[i].start),
                m.head,
                m.form,
                false,
            );
            let ce = ctx.clause_end(m.end);
            let mut parties: Vec<usize> = subject;
            parties.extend(
                ctx.nps
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| n.is_argument() && n.start >= m.end && n.start < ce)
                    .map(|(i, _)| i),
            );
            (mediator, parties, false)
        }
        Frame::Between => {
            // "war between Hamas and Israel": the parties named after "between"; the last may
            // be followed by the clause's verb ("talks between the army and the RSF would
            // start"), as "between" needs two.
            let after = ctx.objects(m.end, true);
            let (first, rest) = after
                .split_first()
                .map_or((Vec::new(), Vec::new()), |(f, r)| (vec![*f], r.to_vec()));
            (first, rest, true)
        }
        Frame::Recip => (
            ctx.subject(m.start, m.head, m.form, false),
            Vec::new(),
            true,
        ),
        Frame::Compound => {
            let source = ctx
                .nps
                .iter()
                .enumerate()
                .filter(|(_, n)| n.end == m.start)
                .map(|(i, _)| i)
                .collect::<Vec<_>>();
            let next = ctx
                .nps
                .iter()
                .enumerate()
                .filter(|(_, n)| n.is_argument() && n.start >= m.end && n.start <= m.end + 1)
                .map(|(i, _)| i)
                .collect::<Vec<_>>();
            if !next.is_empty() {
                return (source, next, false);
            }
            // "What does Iran gain through Russia-brokered talks?": the parties are the
            // clause's other actors.
            let cs = ctx.clause_start(m.start);
            let ce = ctx.clause_end(m.end);
            let others = ctx
                .nps
                .iter()
                .enumerate()
                .filter(|(_, n)| {
                    n.is_argument() && n.start >= cs && n.end <= ce && n.end != m.start
                })
                .map(|(i, _)| i)
                .collect();
            (source, others, false)
        }
        Frame::Svo => {
            if def.rtype == RelType::Mediate
                && let Some(of) = of_after(ctx, m)
            {
                // "with the mediation of Qatar, Egypt and the US", "under the chairmanship
                // of Turkey's foreign minister": the object of "of" mediates.
                return (ctx.objects(of, false), Vec::new(), false);
            }
            if ctx.passive(m.head, m.form) {
                let mut target = ctx.subject(m.start, m.head, m.form, false);
                if target.is_empty() {
                    target = passive_object(ctx, m);
                }
                if target.is_empty() {
                    // "A camp for Congolese refugees was attacked": the subject phrase's actor.
                    target = ctx.subject(m.start, m.head, m.form, true);
                }
                let mut source = ctx.by_agent(m.end);
                if source.is_empty() && def.rtype == RelType::Mobilize {
                    // "the Lebanese army will be deployed in the region": forces deployed
                    // with no agent named are their own state's deployment.
                    return (target, Vec::new(), false);
                }
                if source.is_empty() && def.plover == Plover::Coerce {
                    // "was arrested in Lebanon": with no agent named, the state where it
                    // happened did it.
                    source = located_in(ctx, m);
                }
                return (source, target, false);
            }
            let regular = ctx.subject(m.start, m.head, m.form, false);
            // "Palestinian riots", "Israeli strikes": a country adjective right before a
            // trigger is its source (an adjective never precedes a finite verb).
            let adjective = ctx
                .nps
                .iter()
                .enumerate()
                .filter(|(_, n)| n.role == Role::Modifier && n.end == m.start)
                .map(|(i, _)| i)
                .collect::<Vec<_>>();
            // "a ceasefire ... is meant to end the devastating Israeli aggression": a nominal
            // trigger's own country adjective is its source, whatever the clause's subject.
            let source = if !adjective.is_empty() && m.form == Form::Other {
                adjective
            } else if !regular.is_empty() {
                regular.clone()
            } else if !adjective.is_empty() {
                adjective
            } else if let Some(agent) = nominal_agent(ctx, def, m) {
                // "threats of tariffs by the United States", "opposition ... from India and
                // China": a noun's agent after "by" or "from".
                agent
            } else if nominal(m.form) {
                ctx.subject(m.start, m.head, m.form, true)
            } else {
                Vec::new()
            };
            if def.frame == Frame::Svo
                && def.rtype == RelType::Request
                && ctx.toks[m.head].lower == "must"
            {
                // "X said that Y must ...": X asks Y.
                let speaker = ctx.speaker_of(m.head);
                if !speaker.is_empty() {
                    return (speaker, source, false);
                }
            }
            // A nominal trigger without a subject of its own is itself the subject of the
            // clause ("any reduction in tensions with Russia and Iran could be a win"): its
            // objects may be followed by the verb.
            let mut target = ctx.objects(m.head + 1, regular.is_empty() && nominal(m.form));
            if regular.is_empty()
                && target.iter().any(|t| source.contains(t))
                && let Some(last) = source.iter().map(|&i| ctx.nps[i].end).max()
            {
                // "threats of tariffs by the US against Canada": the target follows the agent.
                target = ctx.objects(last, false);
            }
            if target.is_empty() && ctx.toks.get(m.end).is_some_and(|t| t.lower == "that") {
                // "demanded that Hamas renounce ...": the complement's subject.
                target = ctx.objects(m.end + 1, false);
            }
            let modifier = modifier_target(ctx, m);
            // "seek Chinese help": a country adjective right after the trigger, before any
            // other object, names the target.
            let first_object = target.first().map_or(usize::MAX, |&i| ctx.nps[i].start);
            if modifier
                .first()
                .is_some_and(|&i| ctx.nps[i].start < first_object)
            {
                target = modifier;
            }
            (source, target, false)
        }
    }
}

/// The agent of a nominal trigger with no subject of its own: the actors after "by" (or
/// "from", except for retreats, where "from" names the place left) in its clause, within a
/// few words.
fn nominal_agent(ctx: &Ctx<'_>, def: &TriggerDef, m: &Match) -> Option<Vec<usize>> {
    if m.form != Form::Other {
        return None;
    }
    let ce = ctx.clause_end(m.end).min(m.end + 12);
    let first = ctx
        .nps
        .iter()
        .enumerate()
        .filter(|(_, n)| n.is_argument() && n.start >= m.end && n.start < ce)
        .find(|(_, n)| match n.prep.as_deref() {
            Some("by") => true,
            Some("from") => !matches!(def.rtype, RelType::Retreat | RelType::ReduceSupport),
            _ => false,
        })
        .map(|(i, _)| i)?;
    let list = ctx.objects(ctx.nps[first].start, true);
    Some(if list.contains(&first) {
        list
    } else {
        vec![first]
    })
}

/// Where the object of "of" starts when a nominal trigger ends with or is followed by "of".
fn of_after(ctx: &Ctx<'_>, m: &Match) -> Option<usize> {
    if m.form != Form::Other {
        return None;
    }
    if m.end > m.start && ctx.toks[m.end - 1].lower == "of" {
        return Some(m.end);
    }
    (m.end < ctx.e && ctx.toks[m.end].lower == "of").then_some(m.end + 1)
}

/// "Sanctions were imposed on Iran by the EU", "Aid deliveries to Gaza were suspended": with
/// no actor as the passive's subject, the target is the object of "on", "to" or "against",
/// inside the trigger phrase or right after the verb.
fn passive_object(ctx: &Ctx<'_>, m: &Match) -> Vec<usize> {
    let ce = ctx.clause_end(m.end);
    ctx.nps
        .iter()
        .enumerate()
        .filter(|(_, n)| n.is_argument() && n.start >= m.start && n.start < ce && n.start != m.head)
        .filter(|(_, n)| matches!(n.prep.as_deref(), Some("on" | "to" | "against")))
        .map(|(i, _)| i)
        .take(1)
        .collect()
}

/// The state named by an "in" phrase right after a trigger ("arrested in Lebanon").
fn located_in(ctx: &Ctx<'_>, m: &Match) -> Vec<usize> {
    let ce = ctx.clause_end(m.end);
    ctx.nps
        .iter()
        .enumerate()
        .filter(|(_, n)| n.start >= m.end && n.start < ce.min(m.end + 3))
        .filter(|(_, n)| n.prep.as_deref() == Some("in") && n.is_argument())
        .filter(|(_, n)| {
            n.actors
                .iter()
                .all(|a| a.kind == ActorKind::State || a.kind == ActorKind::StateSector)
        })
        .map(|(i, _)| i)
        .take(1)
        .collect()
}

/// "rejected an Indian proposal": with no actor phrase after the trigger, a country used as a
/// modifier close after it is the target (as PLOVER codes it).
fn modifier_target(ctx: &Ctx<'_>, m: &Match) -> Vec<usize> {
    let ce = ctx.clause_end(m.head + 1);
    ctx.nps
        .iter()
        .enumerate()
        .filter(|(_, n)| {
            n.role == Role::Modifier && !n.place && n.start > m.head && n.start < ce.min(m.end + 3)
        })
        .filter(|(_, n)| ctx.toks.get(n.end).is_none_or(|t| t.lower != "-"))
        .map(|(i, _)| i)
        .take(1)
        .collect()
}

/// Words that make "rally", "fall", "block" ... a market or figurative sense, not an event.
const MARKET_WORDS: &[&str] = &[
    "futures",
    "stocks",
    "shares",
    "prices",
    "markets",
    "market",
    "index",
    "indices",
    "bonds",
    "currency",
    "currencies",
    "dollar",
    "yuan",
    "euro",
    "rouble",
    "ruble",
    "yen",
    "soybeans",
    "wheat",
    "corn",
    "grain",
    "crude",
    "oil",
    "gold",
    "equities",
    "bourse",
    "nasdaq",
    "dow",
];

/// Measure nouns: "the size of the aid" names an amount, not an act of aid.
const MEASURES: &[&str] = &[
    "size", "amount", "level", "levels", "share", "volume", "scale", "value", "sum", "cost",
];

/// A trigger used in a non-political sense: "stumbling blocks", "grain futures rallied",
/// "the size of the aid".
fn other_sense(ctx: &Ctx<'_>, m: &Match) -> bool {
    let head = m.head;
    let lower = |k: usize| ctx.toks[k].lower.as_str();
    if head > ctx.s && lower(head - 1) == "stumbling" {
        return true;
    }
    let market =
        (head.saturating_sub(4).max(ctx.s)..head).any(|k| MARKET_WORDS.contains(&lower(k)));
    if market
        && matches!(
            lower(head),
            "rally"
                | "rallies"
                | "rallied"
                | "rallying"
                | "fall"
                | "fell"
                | "falls"
                | "slump"
                | "slumped"
                | "surge"
                | "surged"
                | "attack"
                | "attacked"
                | "retreat"
                | "retreated"
                | "recover"
                | "recovered"
                | "fight"
                | "fought"
                | "war"
        )
    {
        return true;
    }
    let mut k = head;
    if k > ctx.s && matches!(lower(k - 1), "the" | "a" | "an" | "its" | "their") {
        k -= 1;
    }
    k >= ctx.s + 2 && lower(k - 1) == "of" && MEASURES.contains(&lower(k - 2))
}

/// Builds the relations of a sentence (number `n`) from its triggers.
pub fn relations(ctx: &Ctx<'_>, hits: &[Hit], n: usize) -> Vec<Relation> {
    let mut out = Vec::new();
    // Where each relation's trigger stands and whether it is a noun, for answered requests.
    let mut at: Vec<(usize, usize, bool)> = Vec::new();
    for h in hits {
        let def = &ctx.lx.trigger_defs[h.def];
        let (src, tgt, reciprocal) = arguments(ctx, def, &h.m);
        let source = ids(ctx, &src);
        let target: Vec<String> = ids(ctx, &tgt)
            .into_iter()
            .filter(|t| !source.contains(t))
            .collect();
        if source.is_empty() && target.is_empty() {
            continue;
        }
        let mut modality = modality(ctx, h, &src, &tgt);
        let (mut rtype, mut plover) = (def.rtype, plover_of(def, modality.tense));
        if modality.negated
            && matches!(
                rtype,
                RelType::Agreement | RelType::Pledge | RelType::Concede
            )
            && refusal(ctx, h.m.start)
        {
            // "Britain could not sign up to any deal", "refused to accept it": a cooperative
            // act that a party will not or cannot do is its rejection (as PLOVER codes it).
            rtype = RelType::Reject;
            plover = Plover::Reject;
            modality.negated = false;
        }
        let (lo, hi) = src
            .iter()
            .chain(tgt.iter())
            .map(|&i| (ctx.nps[i].start, ctx.nps[i].end))
            .fold((h.m.start, h.m.end), |(a, b), (s, e)| (a.min(s), b.max(e)));
        out.push(Relation {
            rtype,
            plover,
            mode: if rtype == def.rtype {
                def.mode.map(str::to_owned)
            } else {
                None
            },
            source,
            target,
            reciprocal,
            sentence: n,
            span: ctx.bytes(lo, hi),
            evidence: ctx.slice(lo, hi),
            trigger: ctx.slice(h.m.start, h.m.end),
            trigger_span: ctx.bytes(h.m.start, h.m.end),
            issues: Vec::new(),
            modality,
        });
        at.push((h.m.start, h.m.end, h.m.form == Form::Other));
    }
    answered_requests(ctx, &mut out, &at);
    dedupe(out)
}

/// "Helsinki and Stockholm rejected Ankara's request", "Sweden agreed to Turkish demands": a
/// request noun with a holder of its own and no addressee, that is the object of an answer
/// (agreeing, conceding, pledging, rejecting or opposing) to that holder a few words before
/// it in the same clause, was addressed to the one who answers.
fn answered_requests(ctx: &Ctx<'_>, out: &mut [Relation], at: &[(usize, usize, bool)]) {
    for i in 0..out.len() {
        let (start, _, noun) = at[i];
        if out[i].rtype != RelType::Request
            || !noun
            || !out[i].target.is_empty()
            || out[i].source.is_empty()
        {
            continue;
        }
        let answer = (0..i).rev().find(|&j| {
            let (_, end, _) = at[j];
            matches!(
                out[j].rtype,
                RelType::Agreement
                    | RelType::Concede
                    | RelType::Pledge
                    | RelType::Reject
                    | RelType::Oppose
            ) && end <= start
                && start - end <= 6
                && ctx.clause_end(end) >= start
                && out[j].target.iter().any(|t| out[i].source.contains(t))
        });
        if let Some(j) = answer {
            let holders = out[i].source.clone();
            out[i].target = out[j]
                .source
                .iter()
                .filter(|a| !holders.contains(a))
                .cloned()
                .collect();
        }
    }
}

/// Whether the negation before an act at `start` is a refusal or an inability: "could not",
/// "will not", "won't", "cannot", "refused to", within the four words before it.
fn refusal(ctx: &Ctx<'_>, start: usize) -> bool {
    let lo = start.saturating_sub(5).max(ctx.clause_start(start));
    (lo..start).any(|k| {
        let w = ctx.toks[k].lower.as_str();
        let next = ctx.toks.get(k + 1).map_or("", |t| t.lower.as_str());
        matches!(w, "cannot" | "refuse" | "refuses" | "refused" | "refusing")
            || (matches!(w, "could" | "can" | "will" | "would" | "wo" | "ca")
                && matches!(next, "not" | "n't"))
    })
}

/// Drops a relation that repeats another of the same type with the same actors in the same
/// sentence (a trigger phrase matched twice).
fn dedupe(rels: Vec<Relation>) -> Vec<Relation> {
    let mut out: Vec<Relation> = Vec::new();
    for r in rels {
        let dup = out.iter().any(|o| {
            o.rtype == r.rtype
                && o.source == r.source
                && o.target == r.target
                && o.sentence == r.sentence
        });
        if !dup {
            out.push(r);
        }
    }
    out
}

/// Hedges, tense, negation, background, question and attribution of a trigger.
pub fn modality(ctx: &Ctx<'_>, h: &Hit, src: &[usize], tgt: &[usize]) -> Modality {
    let m = &h.m;
    let own_subject = !ctx.subject(m.start, m.head, m.form, false).is_empty();
    let (confidence, hedges) = ctx.hedges(m.start, m.end, nominal(m.form) && !own_subject);
    let subj_end = src
        .iter()
        .map(|&i| ctx.nps[i].end)
        .filter(|&e| e <= m.start)
        .max()
        .unwrap_or(m.start.saturating_sub(6));
    let tense = ctx.tense(m.start, m.head, m.form);
    let args = src.iter().chain(tgt.iter()).map(|&i| &ctx.nps[i]);
    let marked_past = args.clone().any(|n| n.hist)
        || args
            .flat_map(|n| n.actors.iter())
            .any(|a| a.in_office == Some(false));
    let historical =
        tense == Tense::Past && (ctx.background() || ctx.pluperfect(m.start) || marked_past);
    Modality {
        confidence,
        hedged: !hedges.is_empty(),
        hedges,
        tense,
        historical,
        question: ctx.question,
        negated: ctx.negated(subj_end, m.start),
        attribution: ctx.attribution(m.head),
    }
}

#[cfg(test)]
mod tests {
    use crate::{Date, Options, read};

    /// The relations of a self-written sentence as (type, sources, targets).
    fn rels(text: &str) -> Vec<(String, Vec<String>, Vec<String>)> {
        let options = Options {
            date: Some(Date::parse("2000-01-01").unwrap()),
        };
        read(text, &options)
            .unwrap()
            .relations
            .into_iter()
            .map(|r| (r.rtype.as_str().to_owned(), r.source, r.target))
            .collect()
    }

    #[test]
    fn a_brokered_compound_inside_another_act_mediates() {
        // Eighth revision; sentence written for the test: the mediator is named only in the
        // compound inside the agreement's gap, and still acts.
        let r = rels("Chad and Niger struck a US-brokered maritime border agreement.");
        assert!(
            r.iter()
                .any(|(t, s, _)| t == "MEDIATE" && s == &["USA".to_owned()]),
            "{r:?}"
        );
        assert!(r.iter().any(|(t, _, _)| t == "AGREEMENT"), "{r:?}");
        let report = read(
            "Chad and Niger struck a US-brokered maritime border agreement.",
            &Options::default(),
        )
        .unwrap();
        let usa = report.actors.iter().find(|a| a.id == "USA").unwrap();
        assert_eq!(
            usa.head_mentions, 1,
            "an acting modifier counts as an actor"
        );
    }

    #[test]
    fn both_sides_and_the_two_are_the_pair_named_before() {
        // Sentences written for the test.
        let r = rels("Chad and Niger met in May. Both sides agreed to a ceasefire.");
        assert!(
            r.iter().any(|(t, s, _)| t == "AGREEMENT" && s.len() == 2),
            "{r:?}"
        );
        let r = rels("Chad and the Niger government signed a deal, as the two agreed to talks.");
        assert!(
            r.iter().any(|(t, s, _)| t == "AGREEMENT" && s.len() == 2),
            "{r:?}"
        );
        // Two parties named without being coordinated are not "the two countries".
        let r =
            rels("Chad will stop drills with Niger while talks between the two countries go on.");
        assert!(
            !r.iter()
                .any(|(t, s, g)| t == "NEGOTIATE" && (s.len() + g.len() >= 2)),
            "{r:?}"
        );
    }

    #[test]
    fn a_news_outlet_is_a_mention_not_a_party() {
        let report = read("Reuters reported that Chad met Niger.", &Options::default()).unwrap();
        let reuters = report.actors.iter().find(|a| a.id == "REUTERS").unwrap();
        assert_eq!(reuters.head_mentions, 0);
    }

    fn has(text: &str, rtype: &str, source: &[&str], target: &[&str]) {
        let found = rels(text);
        assert!(
            found
                .iter()
                .any(|(t, s, g)| t == rtype && s == source && g == target),
            "{text}: no {rtype} {source:?} -> {target:?} in {found:?}"
        );
    }

    #[test]
    fn non_political_senses_are_not_events() {
        let types = |t: &str| -> Vec<String> {
            crate::reader::read(t, &crate::reader::Options::default())
                .unwrap()
                .relations
                .into_iter()
                .map(|r| r.rtype.as_str().to_owned())
                .collect()
        };
        // Written for the test after the issue's examples ("stumbling blocks", grain futures
        // that "rallied") and dv-eu-2 ("the size of the aid").
        assert!(types("The backstop remains the main stumbling block for Britain.").is_empty());
        assert!(
            types("Chinese soybean futures rallied after the United States and China agreed.")
                .iter()
                .all(|t| t != "PROTEST")
        );
        assert!(types("Austria, Denmark, the Netherlands and Sweden are determined to reduce the size of the aid.").iter().all(|t| t != "AID"));
        // The political sense stays.
        assert!(
            types("Protesters rallied in Kyiv against Russia.").contains(&"PROTEST".to_owned())
        );
        // dv-bx-1: "the “promising signals”" is an adjective, not a pledge.
        let t = types(
            "Donald Tusk has welcomed the “promising signals” from Mr Varadkar that a new deal may be possible.",
        );
        assert!(
            !t.contains(&"PLEDGE".to_owned()) && t.contains(&"SUPPORT".to_owned()),
            "{t:?}"
        );
    }

    #[test]
    fn a_determiner_does_not_break_a_coordination() {
        has(
            "Egypt offered to host talks between Israel and the PLO.",
            "MEDIATE",
            &["EGY"],
            &["ISR", "PLO"],
        );
    }

    #[test]
    fn members_of_an_organisation_act_for_it() {
        has(
            "Members of the Arab League condemned Israel.",
            "ACCUSE",
            &["ARAB_LEAGUE"],
            &["ISR"],
        );
    }

    #[test]
    fn a_relayed_obligation_is_a_request_by_the_speaker() {
        has(
            "The Arab League concluded on Friday that Iraq must withdraw its troops.",
            "REQUEST",
            &["ARAB_LEAGUE"],
            &["IRQ"],
        );
    }

    #[test]
    fn the_verb_after_an_apposition_belongs_to_the_head() {
        let text = "Jordan, a close U.S. ally in the region, has refused to join the blockade.";
        has(text, "REJECT", &["JOR"], &[]);
        assert!(
            rels(text)
                .iter()
                .all(|(_, s, _)| !s.contains(&"USA".to_owned())),
            "{:?}",
            rels(text)
        );
    }

    #[test]
    fn an_arrest_without_agent_is_by_the_state_where_it_happened() {
        has(
            "Two British journalists were arrested in Iran.",
            "COERCE",
            &["IRN"],
            &["GBR-JRN"],
        );
    }

    #[test]
    fn every_conjunct_of_a_by_agent_acts() {
        // Sixth revision: a reduced passive of a brokering verb names its brokers after "by".
        has(
            "A truce between Chad and Sudan, brokered by Egypt and Qatar, held on Monday.",
            "MEDIATE",
            &["EGY", "QAT"],
            &["SDN"],
        );
    }

    #[test]
    fn a_nominal_trigger_takes_its_own_country_adjective_as_source() {
        // The clause's subject (Egypt) is not the one whose aggression is meant.
        has(
            "Egypt hopes the truce will end the Libyan aggression.",
            "ATTACK",
            &["LBY"],
            &[],
        );
    }

    #[test]
    fn aspectual_verbs_of_talks_and_concessions_are_acts() {
        has(
            "Leaders from Chad and Niger returned to the talks on Monday.",
            "NEGOTIATE",
            &["NER", "TCD"],
            &[],
        );
        has("Chad caved in on the border.", "CONCEDE", &["TCD"], &[]);
    }

    #[test]
    fn a_nouns_agent_after_by_or_from_is_its_source() {
        has(
            "Talks went on despite threats of tariffs by Chad against Niger.",
            "THREATEN",
            &["TCD"],
            &["NER"],
        );
        has(
            "There was strong opposition to the plan from Chad and Niger.",
            "OPPOSE",
            &["TCD", "NER"],
            &[],
        );
    }

    #[test]
    fn a_document_signed_by_leaders_is_their_agreement() {
        has(
            "It was signed on Monday by Chad, Mali and Niger.",
            "AGREEMENT",
            &["TCD", "MLI", "NER"],
            &[],
        );
    }

    #[test]
    fn an_act_a_party_will_not_do_is_a_rejection() {
        has(
            "Chad could not sign up to any deal with Niger.",
            "REJECT",
            &["TCD"],
            &["NER"],
        );
        // A plain negation stays a negated act.
        assert!(
            rels("Chad did not sign a deal with Niger.")
                .iter()
                .all(|(t, _, _)| t != "REJECT")
        );
    }

    #[test]
    fn parties_after_between_may_precede_the_verb_and_forces_deploy_themselves() {
        has(
            "Egypt confirmed talks between Chad and Niger would start on Monday.",
            "NEGOTIATE",
            &["TCD"],
            &["NER"],
        );
        has(
            "The Malian army will be deployed in the region.",
            "MOBILIZE",
            &["MLI-MIL"],
            &[],
        );
    }

    #[test]
    fn a_list_between_dashes_before_the_verb_is_the_subject() {
        has(
            "Three states \u{2014} Chad, Mali and Niger \u{2014} agreed to start talks.",
            "AGREEMENT",
            &["TCD", "MLI", "NER"],
            &[],
        );
    }

    #[test]
    fn a_short_bracketed_aside_does_not_cut_the_clause() {
        has(
            "Chadian officials (left) shake hands with Niger on Monday.",
            "CONSULT",
            &["TCD"],
            &["NER"],
        );
    }

    #[test]
    fn a_deal_made_between_parties_and_a_dispute_between_them() {
        // Ninth revision; sentences written for the test. The parties after "between" past
        // the participle that says the deal was made; "talks to end the war between ..."
        // stays a war, not a deal or talks between the warring sides.
        has(
            "Egypt praised the accord that was signed between Chad and Niger.",
            "AGREEMENT",
            &["TCD"],
            &["NER"],
        );
        has(
            "It is a pact reached in May between Chad and Niger.",
            "AGREEMENT",
            &["TCD"],
            &["NER"],
        );
        let r = rels("Egypt backed talks to end the war between Chad and Niger.");
        assert!(
            r.iter().any(|(t, _, _)| t == "ATTACK") && !r.iter().any(|(t, _, _)| t == "AGREEMENT"),
            "{r:?}"
        );
        has(
            "Chad and Niger sparred over the border on Monday.",
            "OPPOSE",
            &["NER", "TCD"],
            &[],
        );
    }

    #[test]
    fn an_answered_request_was_addressed_to_the_one_who_answers() {
        // Ninth revision; sentences written for the test.
        has(
            "Chad and Mali rejected Niger's request for talks.",
            "REQUEST",
            &["NER"],
            &["MLI", "TCD"],
        );
        has(
            "Chad agreed to Malian demands for a ceasefire.",
            "REQUEST",
            &["MLI"],
            &["TCD"],
        );
        // A request in another clause is not the answer's object.
        let r = rels("Chad rejected the plan, and Niger's demands grew.");
        assert!(
            !r.iter()
                .any(|(t, _, g)| t == "REQUEST" && g.contains(&"TCD".to_owned())),
            "{r:?}"
        );
    }
}
