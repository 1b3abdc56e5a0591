//! The draft scenario: a [`Report`] written as a Parley TOML scenario.
//!
//! The reader invents no numbers: every capability, position, salience, status quo and
//! mediator bias is the string `"TODO"`, marked `# TODO analyst`, so that `parley validate`
//! lists each one with its line and column. Evidence (sentence numbers, the directions the
//! text supports, hedges and attribution) goes into notes and comments.

use parley_scenario::write::toml_string as quote;
use std::collections::BTreeSet;
use std::fmt::Write as _;

use indexmap::IndexMap;

use crate::lexicon::RelType;
use crate::report::{Actor, ActorKind, Confidence, Direction, Issue, Relation, Report, Stance};

/// Words that signal a linkage between issues (only mentioned in a comment).
const LINKAGE_CUES: &[&str] = &[
    "grand bargain",
    "linked",
    "linkage",
    "in exchange for",
    "in return for",
    "trade-off",
    "package deal",
    "quid pro quo",
];

/// Where a report actor goes in the draft.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    /// An `[[actor]]` with this scenario id.
    Actor(String),
    /// A `[[context]]` party.
    Context,
    /// A source of reports (media), listed in a comment.
    Source,
}

/// A draft actor: a state or organisation, with the people and agencies folded into it.
struct DraftActor {
    id: String,
    name: String,
    members: Vec<usize>,
}

/// Scenario ids: lower case, `-` becomes `_`.
fn scenario_id(code: &str) -> String {
    code.to_lowercase().replace('-', "_")
}

/// One line of a comment: no line breaks, at most `max` characters.
fn comment_text(s: &str, max: usize) -> String {
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let cut: String = flat.chars().take(max).collect();
        format!("{cut}...")
    }
}

fn sentences_list(ns: &BTreeSet<usize>) -> String {
    ns.iter()
        .map(|n| format!("s{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn place_of(a: &Actor, linked: &BTreeSet<String>, body: Option<&str>) -> Place {
    let state = a.country.as_deref().map(scenario_id);
    match a.kind {
        ActorKind::State => Place::Actor(scenario_id(&a.id)),
        // Someone out of office at the article's date (a former king, an ex-president) does
        // not speak for the state now: a context line, never a negotiator.
        ActorKind::Person if a.in_office == Some(false) => Place::Context,
        ActorKind::Person | ActorKind::Force => match (state, body) {
            (Some(st), _) => Place::Actor(st),
            // An IGO official negotiating stands for the organisation (Barnier for the EU).
            (None, Some(b)) if linked.contains(b) => Place::Actor(scenario_id(b)),
            _ => Place::Context,
        },
        ActorKind::StateSector => {
            let sector = a.code.rsplit('-').next().unwrap_or("");
            if matches!(sector, "GOV" | "MIL" | "SPY" | "COP" | "LEG" | "JUD") {
                state.map_or(Place::Context, Place::Actor)
            } else {
                Place::Context
            }
        }
        ActorKind::Igo | ActorKind::ArmedGroup | ActorKind::Party if linked.contains(&a.id) => {
            Place::Actor(scenario_id(&a.id))
        }
        ActorKind::Media => Place::Source,
        ActorKind::Igo | ActorKind::Ngo | ActorKind::Party | ActorKind::ArmedGroup => {
            Place::Context
        }
    }
}

/// Relation types that make their parties negotiators.
fn negotiating(t: RelType) -> bool {
    matches!(
        t,
        RelType::Negotiate
            | RelType::Consult
            | RelType::Mediate
            | RelType::Agreement
            | RelType::Pledge
            | RelType::Request
            | RelType::Reject
            | RelType::Concede
    )
}

/// A country's or organisation's name from the gazetteer (its code if unknown).
fn display_name(code: &str) -> String {
    let Ok(lx) = crate::lexicon::get() else {
        return code.to_owned();
    };
    lx.countries
        .iter()
        .find(|c| c.code == code)
        .map(|c| c.name)
        .or_else(|| lx.orgs.iter().find(|o| o.id == code).map(|o| o.name))
        .unwrap_or(code)
        .to_owned()
}

/// The organisation an IGO official speaks for at the report's date (`leaders.tsv`).
fn body_of(report: &Report, a: &Actor) -> Option<&'static str> {
    if a.kind != ActorKind::Person || a.country.is_some() {
        return None;
    }
    let lx = crate::lexicon::get().ok()?;
    let date = crate::date::Date::parse(&report.date_used).ok()?;
    let p = lx.people.iter().find(|p| p.id == a.id)?;
    p.term_at(date).and_then(|t| t.body)
}

struct Draft<'a> {
    report: &'a Report,
    places: Vec<Place>,
    actors: IndexMap<String, DraftActor>,
    /// Report actor id -> draft actor id.
    fold: IndexMap<&'a str, String>,
}

impl<'a> Draft<'a> {
    fn new(report: &'a Report) -> Self {
        let bodies: Vec<Option<&'static str>> =
            report.actors.iter().map(|a| body_of(report, a)).collect();
        let mut linked: BTreeSet<String> = report
            .issues
            .iter()
            .flat_map(|i| i.actors.iter().cloned())
            .collect();
        // The parties to talks, deals, mediation and demands negotiate, whatever their kind
        // (the EU, Hamas, the FARC); an official's organisation negotiates through them.
        for r in report.relations.iter().filter(|r| negotiating(r.rtype)) {
            for id in r.source.iter().chain(&r.target) {
                linked.insert(id.clone());
                if let Some(k) = report.actors.iter().position(|a| &a.id == id)
                    && let Some(b) = bodies[k]
                {
                    linked.insert(b.to_owned());
                }
            }
        }
        let places: Vec<Place> = report
            .actors
            .iter()
            .zip(&bodies)
            .map(|(a, b)| place_of(a, &linked, *b))
            .collect();
        let mut actors: IndexMap<String, DraftActor> = IndexMap::new();
        let mut fold = IndexMap::new();
        for (k, (a, p)) in report.actors.iter().zip(&places).enumerate() {
            let Place::Actor(id) = p else { continue };
            fold.insert(a.id.as_str(), id.clone());
            let entry = actors.entry(id.clone()).or_insert_with(|| DraftActor {
                id: id.clone(),
                name: String::new(),
                members: Vec::new(),
            });
            if matches!(
                a.kind,
                ActorKind::State | ActorKind::Igo | ActorKind::ArmedGroup | ActorKind::Party
            ) {
                entry.name = a.name.clone();
            }
            entry.members.push(k);
        }
        // A state named only as a modifier or place ("militias in Iraq") is not drafted
        // unless something folded into it is a full phrase.
        actors.retain(|_, d| {
            d.members
                .iter()
                .any(|&k| report.actors[k].head_mentions > 0)
        });
        fold.retain(|_, id| actors.contains_key(id));
        for d in actors.values_mut() {
            if d.name.is_empty() {
                // Only people or agencies were named: the state's or organisation's own name.
                let code = report.actors[d.members[0]]
                    .country
                    .clone()
                    .or_else(|| body_of(report, &report.actors[d.members[0]]).map(str::to_owned))
                    .unwrap_or_default();
                d.name = display_name(&code);
            }
        }
        Draft {
            report,
            places,
            actors,
            fold,
        }
    }

    fn draft_id(&self, report_id: &str) -> Option<&String> {
        self.fold.get(report_id)
    }

    fn stances_of(&self, actor: &str, issue: &str) -> Vec<&'a Stance> {
        self.report
            .stances
            .iter()
            .filter(|s| s.issue == issue && self.draft_id(&s.actor).is_some_and(|d| d == actor))
            .collect()
    }
}

/// The mediator the text supports: the actor with the most MEDIATE relations, the parties
/// they name, and the issues mentioned in those sentences.
struct MediatorDraft {
    actor: String,
    parties: Vec<String>,
    issues: Vec<String>,
    sentences: BTreeSet<usize>,
    hedges: BTreeSet<String>,
}

fn mediator(d: &Draft<'_>) -> Option<MediatorDraft> {
    let mediations: Vec<&Relation> = d
        .report
        .relations
        .iter()
        .filter(|r| r.rtype == RelType::Mediate && !r.modality.negated)
        .collect();
    let mut counts: IndexMap<String, usize> = IndexMap::new();
    for r in &mediations {
        for s in r.source.iter().filter_map(|s| d.draft_id(s)) {
            *counts.entry(s.clone()).or_default() += 1;
        }
    }
    let (actor, _) = counts.into_iter().max_by_key(|(_, n)| *n)?;
    let mut parties = Vec::new();
    let mut sentences = BTreeSet::new();
    let mut hedges = BTreeSet::new();
    for r in mediations
        .iter()
        .filter(|r| r.source.iter().any(|s| d.draft_id(s) == Some(&actor)))
    {
        sentences.insert(r.sentence);
        hedges.extend(r.modality.hedges.iter().map(|h| h.to_lowercase()));
        for t in r.target.iter().filter_map(|t| d.draft_id(t)) {
            if *t != actor && !parties.contains(t) {
                parties.push(t.clone());
            }
        }
    }
    let mut issues: Vec<String> = Vec::new();
    for r in mediations
        .iter()
        .filter(|r| r.source.iter().any(|s| d.draft_id(s) == Some(&actor)))
    {
        for i in &r.issues {
            if !issues.contains(i) {
                issues.push(i.clone());
            }
        }
    }
    Some(MediatorDraft {
        actor,
        parties,
        issues,
        sentences,
        hedges,
    })
}

/// Which draft actors take part in which issue: the issue's linked actors and stance holders,
/// and the mediator's parties on the mediator's issues.
fn involvement(d: &Draft<'_>, m: Option<&MediatorDraft>) -> IndexMap<String, BTreeSet<String>> {
    let mut out: IndexMap<String, BTreeSet<String>> = IndexMap::new();
    for issue in &d.report.issues {
        let set = out.entry(issue.id.clone()).or_default();
        for a in &issue.actors {
            if let Some(id) = d.draft_id(a) {
                set.insert(id.clone());
            }
        }
        for s in d.report.stances.iter().filter(|s| s.issue == issue.id) {
            if let Some(id) = d.draft_id(&s.actor) {
                set.insert(id.clone());
            }
        }
        if let Some(m) = m.filter(|m| m.issues.contains(&issue.id)) {
            set.extend(m.parties.iter().cloned());
        }
    }
    out
}

/// Writes the draft scenario. `source` names the article (a path or URL).
pub fn to_toml(report: &Report, source: &str) -> String {
    let d = Draft::new(report);
    let med = mediator(&d);
    let involved = involvement(&d, med.as_ref());
    let drafted: Vec<&Issue> = report
        .issues
        .iter()
        .filter(|i| involved.get(&i.id).is_some_and(|s| !s.is_empty()))
        .collect();
    let mut out = String::new();
    for issue in &drafted {
        write_issue(&mut out, issue);
    }
    for issue in report
        .issues
        .iter()
        .filter(|i| !drafted.iter().any(|x| x.id == i.id))
    {
        let _ = writeln!(
            out,
            "# Issue '{}' ({}) is mentioned in {} but no drafted actor is linked to it.\n",
            issue.id,
            issue.name,
            sentences_list(&issue.sentences.iter().copied().collect())
        );
    }
    section(&mut out, "Actors");
    for da in d.actors.values() {
        write_actor(&mut out, &d, da, &drafted, &involved);
    }
    write_context(&mut out, &d);
    write_mediator(&mut out, &d, med.as_ref(), &drafted);
    write_linkage(&mut out, report, &drafted);
    write_questions(&mut out, report, &drafted);
    let missing = match (d.actors.is_empty(), drafted.is_empty()) {
        (true, true) => Some("no actor and no issue"),
        (true, false) => Some("no actor"),
        (false, true) => Some("no issue with an actor linked to it"),
        (false, false) => None,
    };
    let mut head = String::new();
    header(&mut head, report, source, &left_to_fill(&out), missing);
    head + &out
}

/// The numbers still to fill, counted from the draft itself: each setting whose value is the
/// `"TODO"` placeholder, by key, in order of first appearance ("capability" x 3, ...).
fn left_to_fill(body: &str) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for line in body.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let code = line.split('#').next().unwrap_or_default();
        if !code.contains("\"TODO\"") {
            continue;
        }
        let key = code.split('=').next().unwrap_or_default().trim().to_owned();
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => counts.push((key, 1)),
        }
    }
    counts
}

fn section(out: &mut String, title: &str) {
    let rule = "-".repeat(93);
    let _ = writeln!(out, "# {rule}\n# {title}\n# {rule}\n");
}

/// `missing` says what a draft lacks that `parley validate` requires (actors, issues): such a
/// draft has no number to fill and is still not done.
fn header(
    out: &mut String,
    report: &Report,
    source: &str,
    todo: &[(String, usize)],
    missing: Option<&str>,
) {
    let _ = writeln!(
        out,
        "# Draft scenario written by `parley extract` ({}).",
        report.reader
    );
    out.push_str(
        "# Every number is the analyst's to fill: each TODO placeholder below is marked `# TODO analyst`,\n\
         # and `parley validate` lists every one that is still missing, with its line.\n\
         # The reader invents no numbers. Notes cite the article by sentence number (sN, 1-based).\n\
         # Directions (\"leans high\") come from the text; check them against the evidence.\n",
    );
    for note in &report.notes {
        let _ = writeln!(out, "# Note: {note}");
    }
    let total: usize = todo.iter().map(|(_, n)| n).sum();
    let list = todo
        .iter()
        .map(|(k, n)| format!("{k} x{n}"))
        .collect::<Vec<_>>()
        .join(", ");
    if let Some(what) = missing {
        let _ = writeln!(
            out,
            "# Not complete: the draft has {what}, so `parley validate` refuses it until you add \
             them."
        );
    }
    if total == 0 {
        out.push_str("# Numbers left to fill: none.\n\n");
    } else {
        let _ = writeln!(out, "# Numbers left to fill: {total} ({list}).\n");
    }
    out.push_str("[scenario]\n");
    let title = report
        .sentences
        .first()
        .map(|s| comment_text(&s.text, 60))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "name = {}  # TODO analyst: name the negotiation",
        quote(&format!("Draft: {title}"))
    );
    if let Some(date) = &report.date {
        let _ = writeln!(out, "date = {date}");
    }
    let _ = writeln!(
        out,
        "note = {}",
        quote(
            "Draft by parley extract: actors, issues and evidence found in the text; every number is a judgment still to be made."
        )
    );
    let _ = writeln!(out, "\n[scenario.sources]\narticle = {}\n", quote(source));
    let media: Vec<&Actor> = report
        .actors
        .iter()
        .filter(|a| a.kind == ActorKind::Media)
        .collect();
    for m in media {
        let _ = writeln!(
            out,
            "# Reported by: {} ({})",
            m.name,
            sentences_list(&m.mentions.iter().copied().collect())
        );
    }
    out.push('\n');
    section(
        out,
        "Issues (each on 0-100; the ends are the reader's defaults, edit them freely)",
    );
}

fn write_issue(out: &mut String, issue: &Issue) {
    let ns: BTreeSet<usize> = issue.sentences.iter().copied().collect();
    let _ = writeln!(
        out,
        "# Mentioned in {}: {}",
        sentences_list(&ns),
        comment_text(&issue.terms.join(", "), 80)
    );
    let _ = writeln!(out, "[[issue]]\nid = {}", quote(&issue.id));
    let _ = writeln!(out, "name = {}", quote(&issue.name));
    let _ = writeln!(out, "low = {}", quote(&issue.low));
    let _ = writeln!(out, "high = {}", quote(&issue.high));
    let _ = writeln!(
        out,
        "status_quo = \"TODO\"  # TODO analyst: where things stand today, 0-100"
    );
    out.push('\n');
}

fn write_actor(
    out: &mut String,
    d: &Draft<'_>,
    da: &DraftActor,
    issues: &[&Issue],
    involved: &IndexMap<String, BTreeSet<String>>,
) {
    let members: Vec<&Actor> = da.members.iter().map(|&k| &d.report.actors[k]).collect();
    let mentions: BTreeSet<usize> = members
        .iter()
        .flat_map(|a| a.mentions.iter().copied())
        .collect();
    let _ = writeln!(
        out,
        "[[actor]]\nid = {}\nname = {}",
        quote(&da.id),
        quote(&da.name)
    );
    let _ = writeln!(
        out,
        "capability = \"TODO\"  # TODO analyst: clout in these talks, any positive scale (only ratios matter)"
    );
    let _ = writeln!(
        out,
        "note = {}",
        quote(&format!("Named in {}.", sentences_list(&mentions)))
    );
    let mut names: Vec<String> = Vec::new();
    for a in &members {
        for al in &a.aliases_found {
            if !names.contains(al) {
                names.push(al.clone());
            }
        }
    }
    let _ = writeln!(out, "# Called: {}", comment_text(&names.join("; "), 200));
    let people: Vec<&&Actor> = members
        .iter()
        .filter(|a| a.kind == ActorKind::Person)
        .collect();
    for p in &people {
        let office = p.office.clone().unwrap_or_default();
        let status = if p.in_office == Some(false) {
            ", not in office at the date used"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "# Includes {} ({office}{status}; {})",
            p.name,
            sentences_list(&p.mentions.iter().copied().collect())
        );
    }
    let offices: BTreeSet<&str> = people
        .iter()
        .filter(|p| p.in_office == Some(true))
        .filter_map(|p| p.office.as_deref())
        .collect();
    if offices.len() >= 2 {
        let _ = writeln!(
            out,
            "# The text names {} office holders of this actor; if they pull apart, split it (e.g. {}_leader, {}_gov).",
            offices.len(),
            da.id,
            da.id
        );
    }
    for r in d
        .report
        .relations
        .iter()
        .filter(|r| r.source.iter().any(|s| d.draft_id(s) == Some(&da.id)))
    {
        let _ = writeln!(
            out,
            "# s{} {}: {}",
            r.sentence,
            relation_line(d, r),
            comment_text(&r.evidence, 90)
        );
    }
    let mine: Vec<&&Issue> = issues
        .iter()
        .filter(|i| involved.get(&i.id).is_some_and(|s| s.contains(&da.id)))
        .collect();
    if mine.is_empty() {
        out.push_str("# Not linked to any issue in the text: add stances if it takes part.\n");
        write_stance_skeletons(out, issues);
    }
    out.push('\n');
    for issue in mine {
        write_stance(out, d, &da.id, issue);
    }
}

/// The prefix of a commented stance skeleton's lines: removing it from each line that starts
/// with it turns the skeleton into stance tables of the actor just above.
const SKELETON_PREFIX: &str = "# ";

/// A commented stance table per drafted issue for an actor the text links to none of them, so
/// that the analyst uncomments the ones it takes part in instead of typing them. They follow
/// the actor's own table, which is where TOML puts `[actor.stance.*]` of that actor.
fn write_stance_skeletons(out: &mut String, issues: &[&Issue]) {
    if issues.is_empty() {
        return;
    }
    out.push_str(
        "# To add a stance, remove the leading \"# \" of its three lines and fill them:\n",
    );
    for issue in issues {
        let _ = writeln!(out, "{SKELETON_PREFIX}[actor.stance.{}]", issue.id);
        let _ = writeln!(
            out,
            "{SKELETON_PREFIX}position = \"TODO\"  # TODO analyst: 0-100 on the scale of '{}'",
            comment_text(&issue.name, 60)
        );
        let _ = writeln!(
            out,
            "{SKELETON_PREFIX}salience = \"TODO\"  # TODO analyst: 0-1, how much the issue matters to it"
        );
    }
}

fn relation_line(d: &Draft<'_>, r: &Relation) -> String {
    let names = |ids: &[String]| {
        ids.iter()
            .map(|i| d.draft_id(i).cloned().unwrap_or_else(|| i.clone()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut flags = Vec::new();
    if r.modality.hedged {
        flags.push(
            format!(
                "{:?}: {}",
                r.modality.confidence,
                r.modality.hedges.join(", ")
            )
            .to_lowercase(),
        );
    }
    for (on, word) in [
        (r.modality.negated, "negated"),
        (r.modality.question, "question"),
        (r.modality.historical, "background"),
    ] {
        if on {
            flags.push(word.to_owned());
        }
    }
    if r.modality.attribution.by != "author" {
        flags.push(format!("says {}", r.modality.attribution.by));
    }
    let flags = if flags.is_empty() {
        String::new()
    } else {
        format!(" [{}]", flags.join("; "))
    };
    // The mode tells an agreement walked away from ("withdrawn") or sanctions lifted
    // ("withdraw") from the acts themselves; a mode that only repeats the type
    // (`trigger_modes.tsv`) is left out.
    let repeats = |m: &str| crate::lexicon::get().is_ok_and(|lx| lx.mode_repeats_type(r.rtype, m));
    let mode = r
        .mode
        .as_deref()
        .filter(|m| !repeats(m))
        .map(|m| format!(" ({m})"))
        .unwrap_or_default();
    // A side the reader could not name is said so rather than left blank.
    let source = if r.source.is_empty() {
        "(no source named)".to_owned()
    } else {
        names(&r.source)
    };
    let target = match (r.target.is_empty(), r.reciprocal) {
        (false, _) => names(&r.target),
        (true, true) => "(each other)".to_owned(),
        (true, false) => "(no target named)".to_owned(),
    };
    format!("{}{mode} {source} -> {target}{flags}", r.rtype.as_str())
}

fn write_stance(out: &mut String, d: &Draft<'_>, actor: &str, issue: &Issue) {
    let stances = d.stances_of(actor, &issue.id);
    let _ = writeln!(out, "[actor.stance.{}]", issue.id);
    for s in &stances {
        let mut flags = vec![format!(
            "confidence: {}",
            match s.modality.confidence {
                Confidence::Asserted => "asserted",
                Confidence::Likely => "likely",
                Confidence::Possible => "possible",
            }
        )];
        if s.modality.hedged {
            flags.push(format!("hedged: {}", s.modality.hedges.join(", ")));
        }
        if s.modality.negated {
            flags.push("negated".into());
        }
        if s.modality.question {
            flags.push("question".into());
        }
        if s.modality.historical {
            flags.push("background".into());
        }
        let flags = if flags.is_empty() {
            String::new()
        } else {
            format!(" ({})", flags.join("; "))
        };
        let dir = match s.direction {
            Direction::High => "high",
            Direction::Low => "low",
        };
        let _ = writeln!(
            out,
            "# s{} leans {dir}{flags}: {}",
            s.sentence,
            comment_text(&s.evidence, 90)
        );
    }
    let highs = stances
        .iter()
        .filter(|s| s.direction == Direction::High)
        .count();
    let lows = stances.len() - highs;
    let (note, sentence) = match (highs, lows) {
        (0, 0) => (
            format!(
                "Linked to this issue in the text; no direction stated ({})",
                mentions_of(d, actor, issue)
            ),
            None,
        ),
        (h, 0) => (
            format!(
                "Text leans toward the high end: {} ({})",
                issue.high,
                stance_refs(&stances)
            ),
            stances.first().map(|s| s.sentence).filter(|_| h > 0),
        ),
        (0, _) => (
            format!(
                "Text leans toward the low end: {} ({})",
                issue.low,
                stance_refs(&stances)
            ),
            stances.first().map(|s| s.sentence),
        ),
        _ => (
            format!("Text points both ways ({})", stance_refs(&stances)),
            None,
        ),
    };
    let sentence = sentence.map_or_else(String::new, |n| format!(", sentence = {n}"));
    let _ = writeln!(
        out,
        "position = {{ value = \"TODO\", note = {}{sentence} }}  # TODO analyst: 0-100 on the issue's scale",
        quote(&note)
    );
    let _ = writeln!(
        out,
        "salience = \"TODO\"  # TODO analyst: 0-1, how much the issue matters to it\n"
    );
}

fn stance_refs(stances: &[&Stance]) -> String {
    sentences_list(&stances.iter().map(|s| s.sentence).collect())
}

fn mentions_of(d: &Draft<'_>, actor: &str, issue: &Issue) -> String {
    let mine: BTreeSet<usize> = d
        .actors
        .get(actor)
        .map(|da| {
            da.members
                .iter()
                .flat_map(|&k| d.report.actors[k].mentions.iter().copied())
                .collect()
        })
        .unwrap_or_default();
    let shared: BTreeSet<usize> = issue
        .sentences
        .iter()
        .copied()
        .filter(|n| mine.contains(n))
        .collect();
    if shared.is_empty() {
        "as a party to the talks".to_owned()
    } else {
        sentences_list(&shared)
    }
}

fn write_context(out: &mut String, d: &Draft<'_>) {
    let parties: Vec<&Actor> = d
        .report
        .actors
        .iter()
        .zip(&d.places)
        .filter(|(_, p)| **p == Place::Context)
        .map(|(a, _)| a)
        .collect();
    if parties.is_empty() {
        return;
    }
    section(
        out,
        "Context: named in the article, not negotiators of these issues (models ignore them)",
    );
    for a in parties {
        let rels: Vec<String> = d
            .report
            .relations
            .iter()
            .filter(|r| r.source.contains(&a.id) || r.target.contains(&a.id))
            .map(|r| format!("s{} {}", r.sentence, relation_line(d, r)))
            .collect();
        let note = if rels.is_empty() {
            format!(
                "Named in {}.",
                sentences_list(&a.mentions.iter().copied().collect())
            )
        } else {
            rels.join("; ")
        };
        let name = match (a.kind, a.aliases_found.first()) {
            (ActorKind::StateSector, Some(alias)) => format!("{alias} ({})", a.name),
            (ActorKind::Person, _) if a.in_office == Some(false) => format!(
                "{} ({}, not in office at the date used)",
                a.name,
                a.office.as_deref().unwrap_or("no office")
            ),
            _ => a.name.clone(),
        };
        let _ = writeln!(out, "[[context]]\nname = {}", quote(&name));
        let _ = writeln!(out, "note = {}", quote(&note));
        let _ = writeln!(out, "source = \"article\"");
        if let Some(n) = a.mentions.first() {
            let _ = writeln!(out, "sentence = {n}");
        }
        out.push('\n');
    }
}

fn write_mediator(out: &mut String, d: &Draft<'_>, m: Option<&MediatorDraft>, issues: &[&Issue]) {
    let Some(m) = m else { return };
    section(out, "Mediator");
    let issues: Vec<&String> = m
        .issues
        .iter()
        .filter(|i| issues.iter().any(|x| x.id == **i))
        .collect();
    let parties: Vec<&String> = m
        .parties
        .iter()
        .filter(|p| d.actors.contains_key(*p))
        .collect();
    let list = |v: &[&String]| v.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", ");
    let hedges = if m.hedges.is_empty() {
        String::new()
    } else {
        format!(
            " (hedged: {})",
            m.hedges.iter().cloned().collect::<Vec<_>>().join(", ")
        )
    };
    let note = format!(
        "The text has {} mediating in {}{hedges}.",
        m.actor,
        sentences_list(&m.sentences)
    );
    if issues.is_empty() {
        let _ = writeln!(
            out,
            "# {note}, but names no issue in those sentences: fill in the issues, then uncomment.\n# [mediator]\n# actor = {}\n# issues = []\n# parties = [{}]\n# bias = \"TODO\"\n",
            quote(&m.actor),
            list(&parties)
        );
        return;
    }
    let _ = writeln!(
        out,
        "[mediator]\nactor = {}\nissues = [{}]",
        quote(&m.actor),
        list(&issues)
    );
    if !parties.is_empty() {
        let _ = writeln!(out, "parties = [{}]", list(&parties));
    }
    let _ = writeln!(
        out,
        "bias = \"TODO\"  # TODO analyst: 0 = honest broker .. 1 = proposes its own position\nnote = {}\n",
        quote(&note)
    );
}

fn write_linkage(out: &mut String, report: &Report, issues: &[&Issue]) {
    let hits: Vec<&crate::report::Sentence> = report
        .sentences
        .iter()
        .filter(|s| {
            let t = s.text.to_lowercase();
            LINKAGE_CUES.iter().any(|c| t.contains(c))
        })
        .collect();
    if hits.is_empty() {
        return;
    }
    section(
        out,
        "Possible linkage (the text ties issues together; decide which, then uncomment)",
    );
    for s in &hits {
        let _ = writeln!(out, "# s{}: {}", s.n, comment_text(&s.text, 110));
    }
    let near: Vec<String> = issues
        .iter()
        .filter(|i| {
            i.sentences
                .iter()
                .any(|n| hits.iter().any(|s| s.n.abs_diff(*n) <= 1))
        })
        .map(|i| quote(&i.id))
        .collect();
    let _ = writeln!(
        out,
        "# [[linkage]]\n# id = \"bargain\"\n# name = \"TODO analyst\"\n# issues = [{}]\n",
        near.join(", ")
    );
}

fn write_questions(out: &mut String, report: &Report, issues: &[&Issue]) {
    let questions: Vec<&crate::report::Sentence> =
        report.sentences.iter().filter(|s| s.question).collect();
    if questions.is_empty() {
        return;
    }
    section(out, "The article's questions");
    for q in questions {
        let ids: Vec<String> = issues
            .iter()
            .filter(|i| i.sentences.contains(&q.n))
            .map(|i| quote(&i.id))
            .collect();
        let _ = writeln!(
            out,
            "[[question]]\nid = \"q{}\"\ntext = {}",
            q.n,
            quote(&comment_text(&q.text, 300))
        );
        if !ids.is_empty() {
            let _ = writeln!(out, "issues = [{}]", ids.join(", "));
        }
        let _ = writeln!(out, "note = {}\n", quote(&format!("s{}", q.n)));
    }
}

#[cfg(test)]
mod negotiator_tests {
    use crate::reader::{Options, read};

    fn draft(text: &str, date: &str) -> String {
        let opts = Options {
            date: Some(crate::date::Date::parse(date).unwrap()),
        };
        super::to_toml(&read(text, &opts).unwrap(), "test.txt")
    }

    /// `text` with the commented stance skeletons of actor `id` uncommented.
    fn uncomment_skeletons(text: &str, id: &str) -> String {
        let mut out = Vec::new();
        let mut in_actor = false;
        let mut open = 0;
        for line in text.lines() {
            if line.starts_with("id = ") {
                in_actor = line == format!("id = \"{id}\"");
            }
            if in_actor && line.starts_with("# [actor.stance.") {
                open = 3;
            }
            if open > 0 {
                open -= 1;
                out.push(
                    line.strip_prefix(super::SKELETON_PREFIX)
                        .unwrap()
                        .to_owned(),
                );
            } else {
                out.push(line.to_owned());
            }
        }
        out.join("\n")
    }

    #[test]
    fn unlinked_actors_get_stance_skeletons_that_parse_once_uncommented() {
        let t = draft(
            "Panama demanded a limit on plastic production. Saudi Arabia rejected a limit on plastic production. Ecuador chaired the meeting.",
            "2024-11-29",
        );
        let skeleton = "# [actor.stance.";
        let unlinked: Vec<&str> = t
            .split("[[actor]]")
            .filter(|a| a.contains("Not linked to any issue"))
            .collect();
        assert!(!unlinked.is_empty(), "{t}");
        assert!(unlinked.iter().all(|a| a.contains(skeleton)), "{t}");
        let id = unlinked[0]
            .lines()
            .find_map(|l| l.strip_prefix("id = \""))
            .and_then(|l| l.strip_suffix('"'))
            .unwrap();
        let opened = uncomment_skeletons(&t, id);
        assert_ne!(opened, t);
        // Every number filled, the draft is a valid scenario and the actor holds the stances.
        let filled = opened
            .lines()
            .map(|l| {
                let v = if l.starts_with("capability") {
                    "1"
                } else {
                    "50"
                };
                let v = if l.starts_with("salience") { "0.5" } else { v };
                l.replace("\"TODO\"", v)
            })
            .collect::<Vec<_>>()
            .join("\n");
        let scenario =
            parley_scenario::parse_and_check(&filled, parley_scenario::Format::Toml).unwrap();
        let actor = scenario.actors.iter().find(|a| a.id == id).unwrap();
        let drafted = t.matches("\n[[issue]]").count();
        assert_eq!(actor.stances.len(), drafted, "{filled}");
    }

    #[test]
    fn people_out_of_office_are_context_not_negotiators() {
        let t = draft(
            "King Juan Carlos said Spain backed the deal. Panama demanded a limit on plastic production.",
            "2024-11-29",
        );
        assert!(
            t.contains("Juan Carlos (King of Spain, not in office at the date used)"),
            "{t}"
        );
        assert!(!t.contains("# Includes King Juan Carlos"), "{t}");
        // Spain is still drafted: it is named as a state in its own right.
        assert!(t.contains("id = \"esp\""), "{t}");
    }

    #[test]
    fn a_person_the_text_calls_former_is_context_in_an_undated_draft() {
        let text = "Ex-President Donald Trump said Iran must stop enriching uranium. Iran rejected any limit on uranium enrichment.";
        let undated = super::to_toml(&read(text, &Options::default()).unwrap(), "test.txt");
        assert!(undated.contains("name = \"Donald Trump ("), "{undated}");
        assert!(!undated.contains("id = \"usa\""), "{undated}");
        // In office at the date given (the gazetteer decides then), he speaks for the US.
        let dated = draft(text, "2025-06-01");
        assert!(dated.contains("id = \"usa\""), "{dated}");
        assert!(!dated.contains("name = \"Donald Trump ("), "{dated}");
    }

    #[test]
    fn a_draft_without_actors_or_issues_says_it_is_not_complete() {
        // Sweep 7: "Numbers left to fill: none." over a draft `parley validate` refuses.
        let none = draft(
            "The weather was fine and the market opened late.",
            "2020-07-17",
        );
        assert!(
            none.contains("# Not complete: the draft has no actor and no issue,"),
            "{none}"
        );
        // Actors but no issue linked to any of them.
        let no_issue = draft(
            "Germany and France met in Brussels on Friday.",
            "2020-07-17",
        );
        assert!(
            no_issue.contains("# Not complete: the draft has no issue with an actor linked to it,"),
            "{no_issue}"
        );
        // A complete draft carries no such line.
        let full = draft(
            "Germany and France backed the recovery fund, but the Netherlands rejected the fund.",
            "2020-07-17",
        );
        assert!(!full.contains("Not complete"), "{full}");
    }

    #[test]
    fn the_header_counts_the_numbers_left_to_fill() {
        let t = draft(
            "EU leaders held talks on the recovery fund in Brussels on Friday. Germany and France backed the recovery fund, but the Netherlands and Austria rejected the fund.",
            "2020-07-17",
        );
        let placeholders = t
            .lines()
            .filter(|l| !l.starts_with('#') && l.contains("\"TODO\""))
            .count();
        let capabilities = t.matches("capability = \"TODO\"").count();
        assert!(placeholders > 0 && capabilities > 0, "{t}");
        let line = t
            .lines()
            .find(|l| l.starts_with("# Numbers left to fill: "))
            .unwrap_or_default();
        assert!(
            line.starts_with(&format!("# Numbers left to fill: {placeholders} (")),
            "{line}"
        );
        assert!(
            line.contains(&format!("capability x{capabilities}")),
            "{line}"
        );
        // A stance comment carries its evidence sentence and its confidence.
        assert!(
            t.contains("# s2 leans low (confidence: asserted): Germany and France backed"),
            "{t}"
        );
    }

    #[test]
    fn parties_to_talks_are_negotiators_whatever_their_kind() {
        // Real sentences (tests/eval/dev.txt, dv-bx-2 and dv-gz-4).
        let t = draft(
            "Mr Barclay and Mr Barnier met in Brussels on Friday morning.",
            "2019-10-11",
        );
        assert!(
            t.contains("[[actor]]\nid = \"eu\"\nname = \"European Union\""),
            "{t}"
        );
        assert!(!t.contains("id = \"bel\""), "a venue is not drafted: {t}");
        let t = draft(
            "Qatar, along with Egypt, has mediated in the conflict between Israel and Hamas, which rules Gaza.",
            "2025-01-15",
        );
        assert!(
            t.contains("[[actor]]\nid = \"hamas\"\nname = \"Hamas\""),
            "{t}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_toml_strings() {
        assert_eq!(quote("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
        assert_eq!(quote("\u{1}"), "\"\\u0001\"");
    }

    #[test]
    fn ids_are_scenario_ids() {
        assert_eq!(scenario_id("IRQ-REB"), "irq_reb");
        assert_eq!(scenario_id("USA"), "usa");
    }

    #[test]
    fn comments_stay_on_one_line() {
        assert_eq!(comment_text("a\nb   c", 10), "a b c");
        assert_eq!(comment_text("abcdef", 3), "abc...");
    }
}
