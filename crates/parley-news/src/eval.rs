//! Evaluation on hand-labelled negotiation sentences (`tests/eval/*.txt`, issue 16).
//!
//! Each record is one sentence quoted from a news report, with the actors, relations and
//! issues an analyst marks in it. The reader reads the sentence alone (with the record's date)
//! and is scored by the rules in `tests/eval/README.md`: actor precision and recall over
//! normalised codes, relation precision and recall with near types, issue precision and
//! recall by keyword, how often negated or prospective relations are flagged as such, and
//! whether the stances the reader drafts point to the end of the issue's scale the analyst's
//! stance label points to.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::date::Date;
use crate::error::NewsError;
use crate::lexicon::RelType;
use crate::reader::{Options, read};
use crate::report::{ActorKind, Confidence, Direction, Relation, Report, Stance, Tense};

/// A gold relation.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldRelation {
    /// Relation type.
    pub rtype: RelType,
    /// Sources (or side A of a reciprocal relation).
    pub source: BTreeSet<String>,
    /// Targets (or side B); empty = no named target, any accepted.
    pub target: BTreeSet<String>,
    /// Either direction counts.
    pub reciprocal: bool,
    /// The act is negated or called off.
    pub negated: bool,
    /// The act is prospective (planned, proposed, threatened).
    pub future: bool,
}

/// A gold issue: a label and the keywords that identify it.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldIssue {
    /// What the analyst calls it.
    pub label: String,
    /// Lower-case keywords; a reader issue containing one of them matches.
    pub keywords: Vec<String>,
}

/// A gold stance direction: who pushes for more or less of what.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldStance {
    /// The actors holding the stance.
    pub actors: BTreeSet<String>,
    /// True for `+` (more of the object), false for `-` (less of it).
    pub more: bool,
    /// The analyst's words for the object, lower-case (read by the orientation table).
    pub object: String,
    /// Lower-case keywords that identify the object's issue.
    pub keywords: Vec<String>,
}

/// One labelled sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Record id.
    pub id: String,
    /// The page the sentence is quoted from.
    pub source: String,
    /// The article's date.
    pub date: Option<Date>,
    /// The sentence.
    pub text: String,
    /// Gold actor codes.
    pub actors: BTreeSet<String>,
    /// Gold relations.
    pub relations: Vec<GoldRelation>,
    /// Gold issues.
    pub issues: Vec<GoldIssue>,
    /// Gold stance directions.
    pub stances: Vec<GoldStance>,
}

fn bad(line: usize, message: impl Into<String>) -> NewsError {
    NewsError::Eval {
        line,
        message: message.into(),
    }
}

fn codes(text: &str) -> BTreeSet<String> {
    text.split([',', ' '])
        .map(str::trim)
        .filter(|c| !c.is_empty() && *c != "-")
        .map(str::to_owned)
        .collect()
}

fn parse_relation(value: &str, line: usize) -> Result<GoldRelation, NewsError> {
    let mut negated = false;
    let mut future = false;
    let mut body = value.trim();
    loop {
        if let Some(rest) = body.strip_suffix("!neg") {
            negated = true;
            body = rest.trim_end();
        } else if let Some(rest) = body.strip_suffix("!fut") {
            future = true;
            body = rest.trim_end();
        } else {
            break;
        }
    }
    let (name, rest) = body.split_once(' ').ok_or_else(|| {
        bad(
            line,
            "a relation is `TYPE SOURCES > TARGETS` or `TYPE A <> B`",
        )
    })?;
    let rtype = RelType::parse(name).ok_or_else(|| {
        bad(
            line,
            format!("unknown relation type '{name}' (valid: AGREEMENT, NEGOTIATE, MEDIATE, ...)"),
        )
    })?;
    let (reciprocal, (source, target)) = if let Some(parts) = rest.split_once("<>") {
        (true, parts)
    } else if let Some(parts) = rest.split_once('>') {
        (false, parts)
    } else {
        return Err(bad(line, "a relation needs `>` or `<>` between its sides"));
    };
    let source = codes(source);
    if source.is_empty() {
        return Err(bad(line, "a relation needs at least one source code"));
    }
    Ok(GoldRelation {
        rtype,
        source,
        target: codes(target),
        reciprocal,
        negated,
        future,
    })
}

fn parse_issue(value: &str, line: usize) -> Result<GoldIssue, NewsError> {
    let (label, keys) = value
        .split_once('|')
        .ok_or_else(|| bad(line, "an issue is `label | keyword; keyword`"))?;
    let keywords: Vec<String> = keys
        .split(';')
        .map(|k| k.trim().to_lowercase())
        .filter(|k| !k.is_empty())
        .collect();
    if keywords.is_empty() {
        return Err(bad(line, "an issue needs at least one keyword after `|`"));
    }
    Ok(GoldIssue {
        label: label.trim().to_owned(),
        keywords,
    })
}

fn parse_stance(value: &str, line: usize) -> Result<GoldStance, NewsError> {
    let form = "a stance is `ACTORS +|- object | keyword; keyword`";
    let (head, keys) = value.split_once('|').ok_or_else(|| bad(line, form))?;
    let (actors, more, object) = if let Some((a, o)) = head.split_once(" + ") {
        (a, true, o)
    } else if let Some((a, o)) = head.split_once(" - ") {
        (a, false, o)
    } else {
        return Err(bad(
            line,
            format!("{form}: no ` + ` or ` - ` between the actors and the object"),
        ));
    };
    let actors = codes(actors);
    if actors.is_empty() {
        return Err(bad(line, format!("{form}: no actor code")));
    }
    let object = object.trim().to_lowercase();
    if object.is_empty() {
        return Err(bad(line, format!("{form}: no object")));
    }
    let keywords: Vec<String> = keys
        .split(';')
        .map(|k| k.trim().to_lowercase())
        .filter(|k| !k.is_empty())
        .collect();
    if keywords.is_empty() {
        return Err(bad(line, format!("{form}: no keyword after `|`")));
    }
    Ok(GoldStance {
        actors,
        more,
        object,
        keywords,
    })
}

fn finish(current: &mut Option<(usize, Record)>, out: &mut Vec<Record>) -> Result<(), NewsError> {
    if let Some((line, rec)) = current.take() {
        if rec.id.is_empty() || rec.text.is_empty() {
            return Err(bad(line, "a record needs `id:` and `text:`"));
        }
        out.push(rec);
    }
    Ok(())
}

/// Parses an evaluation file (format in `tests/eval/README.md`).
pub fn parse(text: &str) -> Result<Vec<Record>, NewsError> {
    let mut out = Vec::new();
    let mut current: Option<(usize, Record)> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let l = raw.trim();
        if l.starts_with('#') {
            continue;
        }
        if l.is_empty() {
            finish(&mut current, &mut out)?;
            continue;
        }
        let (key, value) = l.split_once(':').ok_or_else(|| {
            bad(
                line,
                "expected `field: value` (id, source, date, text, actors, rel, issue, stance)",
            )
        })?;
        let value = value.trim();
        let rec = &mut current
            .get_or_insert_with(|| {
                (
                    line,
                    Record {
                        id: String::new(),
                        source: String::new(),
                        date: None,
                        text: String::new(),
                        actors: BTreeSet::new(),
                        relations: Vec::new(),
                        issues: Vec::new(),
                        stances: Vec::new(),
                    },
                )
            })
            .1;
        match key.trim() {
            "id" => rec.id = value.to_owned(),
            "source" => rec.source = value.to_owned(),
            "date" => rec.date = Some(Date::parse(value).map_err(|e| bad(line, e.to_string()))?),
            "text" => rec.text = value.to_owned(),
            "actors" => rec.actors = codes(value),
            "rel" => rec.relations.push(parse_relation(value, line)?),
            "issue" => rec.issues.push(parse_issue(value, line)?),
            "stance" => rec.stances.push(parse_stance(value, line)?),
            other => {
                return Err(bad(
                    line,
                    format!(
                        "unknown field '{other}' (valid: id, source, date, text, actors, rel, issue, stance)"
                    ),
                ));
            }
        }
    }
    finish(&mut current, &mut out)?;
    Ok(out)
}

/// The code an actor of the report is scored as: a state's own code for the state, its
/// sectors, people and forces; an organisation's id otherwise.
fn unit(report: &Report, id: &str) -> String {
    let Some(a) = report.actors.iter().find(|a| a.id == id) else {
        return id.to_owned();
    };
    match a.kind {
        ActorKind::State => a.id.clone(),
        ActorKind::StateSector | ActorKind::Person | ActorKind::Force => {
            match a.country.as_deref() {
                Some(c) if c.len() == 3 && c != "IGO" && c != "NGO" => c.to_owned(),
                _ => body_of(report, &a.id).unwrap_or_else(|| a.id.clone()),
            }
        }
        _ => a.id.clone(),
    }
}

/// The organisation an IGO official speaks for at the report's date (`leaders.tsv`, `body`).
fn body_of(report: &Report, id: &str) -> Option<String> {
    let lx = crate::lexicon::get().ok()?;
    let date = Date::parse(&report.date_used).ok()?;
    let p = lx.people.iter().find(|p| p.id == id)?;
    p.term_at(date).and_then(|t| t.body).map(str::to_owned)
}

fn units(report: &Report, ids: &[String]) -> BTreeSet<String> {
    ids.iter().map(|id| unit(report, id)).collect()
}

/// The near-type groups of the scoring rules.
const NEAR: &[&[RelType]] = {
    use RelType::*;
    &[
        &[Oppose, Accuse, Reject, Protest, Threaten, Coerce],
        &[Negotiate, Consult, Mediate],
        &[Agreement, Pledge, Cooperate, Reconcile, Concede],
        &[Sanction, Coerce, ReduceSupport],
        &[Support, Ally, Aid, ArmsSupply],
        &[Attack, Mobilize],
        &[Investigate, Accuse],
        &[Retreat, Concede, ReduceSupport],
    ]
};

/// Whether two types are equal or in one near group.
pub fn near(a: RelType, b: RelType) -> bool {
    a == b || NEAR.iter().any(|g| g.contains(&a) && g.contains(&b))
}

fn meets(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    a.iter().any(|x| b.contains(x))
}

fn matches(g: &GoldRelation, report: &Report, r: &Relation) -> bool {
    if !near(g.rtype, r.rtype) {
        return false;
    }
    let src = units(report, &r.source);
    let tgt = units(report, &r.target);
    if g.reciprocal {
        let all: BTreeSet<String> = src.union(&tgt).cloned().collect();
        meets(&g.source, &all) && (g.target.is_empty() || meets(&g.target, &all))
    } else {
        meets(&g.source, &src) && (g.target.is_empty() || meets(&g.target, &tgt))
    }
}

fn issue_matches(g: &GoldIssue, i: &crate::report::Issue) -> bool {
    let hay = format!(
        "{} {} {}",
        i.id.to_lowercase(),
        i.name.to_lowercase(),
        i.terms.join(" ").to_lowercase()
    );
    g.keywords.iter().any(|k| hay.contains(k.as_str()))
}

/// Which end of a built-in issue kind's scale MORE of an object means, by keyword in the gold
/// stance's object, first match wins (`tests/eval/README.md`, from `data/issues.tsv`'s ends).
const ORIENT: &[(&str, &[(&str, Direction)])] = {
    use Direction::{High, Low};
    &[
        (
            "nuclear",
            &[
                ("limit", High),
                ("inspect", High),
                ("dismantl", High),
                ("denucleari", High),
                ("curb", High),
                ("restrict", High),
                ("arms control", High),
                ("nonproliferation", High),
                ("non-proliferation", High),
                ("treaty", High),
                ("new start", High),
                ("enrich", Low),
                ("uranium", Low),
                ("centrifuge", Low),
                ("weapon", Low),
                ("program", Low),
                ("nuclear", Low),
            ],
        ),
        (
            "sanctions",
            &[
                ("relief", High),
                ("lift", High),
                ("easing", High),
                ("sanction", Low),
                ("embargo", Low),
                ("pressure", Low),
            ],
        ),
        (
            "aid",
            &[
                ("aid", High),
                ("assistance", High),
                ("arms", High),
                ("weapon", High),
                ("support", High),
            ],
        ),
        (
            "ceasefire",
            &[
                ("withdraw", High),
                ("pullout", High),
                ("pull-out", High),
                ("retreat", High),
                ("annex", Low),
                ("occupation", Low),
                ("territorial demand", Low),
            ],
        ),
        (
            "troops",
            &[
                ("withdraw", Low),
                ("pullout", Low),
                ("pull-out", Low),
                ("retreat", Low),
                ("troop", High),
                ("forces", High),
                ("soldier", High),
                ("deploy", High),
                ("presence", High),
                ("bases", High),
            ],
        ),
        (
            "trade",
            &[
                ("free trade", Low),
                ("zero tariff", Low),
                ("market access", Low),
                ("trade deal", Low),
                ("liberali", Low),
                ("tariff", High),
                ("duties", High),
                ("barrier", High),
                ("quota", High),
                ("protection", High),
                ("import ban", High),
                ("export ban", High),
            ],
        ),
    ]
};

fn flip(d: Direction) -> Direction {
    match d {
        Direction::High => Direction::Low,
        Direction::Low => Direction::High,
    }
}

/// The end of an issue of `kind` the gold stance points to, if the table orients its object.
pub fn gold_end(kind: &str, g: &GoldStance) -> Option<Direction> {
    let (_, list) = ORIENT.iter().find(|(k, _)| *k == kind)?;
    let (_, more) = list.iter().find(|(key, _)| g.object.contains(key))?;
    Some(if g.more { *more } else { flip(*more) })
}

/// Words that make a gold object the reverse of the thing it names: MORE of "the coal
/// phase-out" is less coal, MORE "relief from sanctions" fewer sanctions.
const REVERSING: &[&str] = &[
    "phase-out",
    "phase out",
    "phasing out",
    "end of",
    "ending",
    "lift",
    "removal",
    "withdraw",
    "cut",
    "reduc",
    "relief",
    "abolish",
    "abolition",
    "scrap",
];

/// The end of a discovered issue the gold stance points to (`tests/eval/README.md`). A
/// discovered issue's scale runs from none of its object (low) to as much of it as its
/// proponents want (high; `discover::opposing_demands` names the ends so). The gold object
/// is oriented when it contains the issue's head noun (its id with spaces; hyphens in the
/// object read as spaces); MORE of it is
/// the high end, unless the object holds a reversing word ([`REVERSING`]) that the issue's
/// name lacks, when MORE of it is the low end.
pub fn gold_end_discovered(issue: &crate::report::Issue, g: &GoldStance) -> Option<Direction> {
    let head = issue.id.replace('_', " ");
    let object = g.object.replace('-', " ");
    if head.is_empty() || !object.contains(head.as_str()) {
        return None;
    }
    let name = issue.name.to_lowercase();
    let reversed = REVERSING
        .iter()
        .any(|w| g.object.contains(w) && !name.contains(w));
    let more = if reversed {
        Direction::Low
    } else {
        Direction::High
    };
    Some(if g.more { more } else { flip(more) })
}

/// The gold stance a drafted stance is scored against: the first of the record whose actors
/// hold the stance's actor and whose keywords occur in the stance's issue or term.
fn stance_labelled(rec: &Record, report: &Report, st: &Stance) -> Option<usize> {
    let actor = unit(report, &st.actor);
    let issue = report.issues.iter().find(|i| i.id == st.issue);
    let hay = format!(
        "{} {} {} {}",
        st.issue.to_lowercase(),
        issue.map(|i| i.name.to_lowercase()).unwrap_or_default(),
        issue
            .map(|i| i.terms.join(" ").to_lowercase())
            .unwrap_or_default(),
        st.term.to_lowercase()
    );
    rec.stances.iter().position(|g| {
        g.actors.contains(&actor) && g.keywords.iter().any(|k| hay.contains(k.as_str()))
    })
}

/// Stance-direction counts (`tests/eval/README.md`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StanceCounts {
    /// Drafted stances pointing to the end the gold stance points to.
    pub right: usize,
    /// Drafted stances pointing to the other end.
    pub wrong: usize,
    /// Drafted stances with a gold stance the orientation table cannot place on their scale.
    pub unoriented: usize,
    /// Drafted stances no gold stance of the sentence labels.
    pub unlabelled: usize,
    /// Gold stances.
    pub gold: usize,
    /// Gold stances that label at least one drafted stance.
    pub reached: usize,
}

impl StanceCounts {
    /// right / (right + wrong); `None` when no drafted stance could be scored.
    pub fn accuracy(&self) -> Option<f64> {
        let n = self.right + self.wrong;
        (n > 0).then(|| self.right as f64 / n as f64)
    }
    fn add(&mut self, o: StanceCounts) {
        self.right += o.right;
        self.wrong += o.wrong;
        self.unoriented += o.unoriented;
        self.unlabelled += o.unlabelled;
        self.gold += o.gold;
        self.reached += o.reached;
    }
}

/// True positives, false positives and false negatives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Items right.
    pub tp: usize,
    /// Items the reader gave that the gold lacks.
    pub fp: usize,
    /// Gold items the reader missed.
    pub fn_: usize,
}

impl Counts {
    /// tp / (tp + fp); 1 when the reader gave nothing.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// tp / (tp + fn); 1 when the gold has nothing.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// The scores of one record or of a set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Score {
    /// Records scored.
    pub records: usize,
    /// Actor codes.
    pub actors: Counts,
    /// Relations (recall counts gold relations matched; precision reader relations matching).
    pub relations: Counts,
    /// Issues.
    pub issues: Counts,
    /// Matched gold relations flagged `!neg` or `!fut`.
    pub flagged: usize,
    /// Of those, the ones the reader marks negated / not a plain asserted present or past act.
    pub flagged_right: usize,
    /// Stance directions.
    pub stances: StanceCounts,
}

impl Score {
    fn add(&mut self, o: &Score) {
        self.records += o.records;
        self.actors.add(o.actors);
        self.relations.add(o.relations);
        self.issues.add(o.issues);
        self.flagged += o.flagged;
        self.flagged_right += o.flagged_right;
        self.stances.add(o.stances);
    }
}

/// One record's result, for listing errors on the development half.
#[derive(Debug, Clone)]
pub struct RecordResult {
    /// Record id.
    pub id: String,
    /// Its scores.
    pub score: Score,
    /// Actor codes the reader gave.
    pub actors: BTreeSet<String>,
    /// The reader's relations as `TYPE src > tgt`.
    pub relations: Vec<String>,
    /// The reader's issue ids.
    pub issues: Vec<String>,
    /// Labels of the gold issues no reader issue matched.
    pub issues_missed: Vec<String>,
    /// The reader's stances as `ACTOR high|low issue (cue + term): verdict`.
    pub stances: Vec<String>,
}

fn flag_right(g: &GoldRelation, r: &Relation) -> bool {
    let m = &r.modality;
    let prospective = m.tense == Tense::Future || m.confidence != Confidence::Asserted;
    (!g.negated || m.negated) && (!g.future || prospective || m.negated)
}

/// Scores one record.
pub fn score_record(rec: &Record) -> Result<RecordResult, NewsError> {
    let report = read(&rec.text, &Options { date: rec.date })?;
    let mut s = Score {
        records: 1,
        ..Score::default()
    };
    let mut actors: BTreeSet<String> = BTreeSet::new();
    for a in &report.actors {
        if a.head_mentions > 0 {
            actors.insert(unit(&report, &a.id));
        }
    }
    s.actors.tp = actors.intersection(&rec.actors).count();
    s.actors.fp = actors.len() - s.actors.tp;
    s.actors.fn_ = rec.actors.len() - s.actors.tp;

    let mut used = vec![false; report.relations.len()];
    for g in &rec.relations {
        let hit = (0..report.relations.len())
            .find(|&k| !used[k] && matches(g, &report, &report.relations[k]));
        match hit {
            Some(k) => {
                used[k] = true;
                s.relations.tp += 1;
                if g.negated || g.future {
                    s.flagged += 1;
                    if flag_right(g, &report.relations[k]) {
                        s.flagged_right += 1;
                    }
                }
            }
            None => s.relations.fn_ += 1,
        }
    }
    s.relations.fp = report
        .relations
        .iter()
        .filter(|r| !rec.relations.iter().any(|g| matches(g, &report, r)))
        .count();

    s.issues.tp = rec
        .issues
        .iter()
        .filter(|g| report.issues.iter().any(|i| issue_matches(g, i)))
        .count();
    s.issues.fn_ = rec.issues.len() - s.issues.tp;
    s.issues.fp = report
        .issues
        .iter()
        .filter(|i| !rec.issues.iter().any(|g| issue_matches(g, i)))
        .count();

    s.stances.gold = rec.stances.len();
    let mut reached = vec![false; rec.stances.len()];
    let mut stances = Vec::new();
    for st in &report.stances {
        let verdict = match stance_labelled(rec, &report, st) {
            None => {
                s.stances.unlabelled += 1;
                "no gold stance"
            }
            Some(k) => {
                reached[k] = true;
                let g = &rec.stances[k];
                let issue = report.issues.iter().find(|i| i.id == st.issue);
                let end = match issue {
                    Some(i) if i.kind == "discovered" => gold_end_discovered(i, g),
                    Some(i) => gold_end(&i.kind, g),
                    None => None,
                };
                match end {
                    None => {
                        s.stances.unoriented += 1;
                        "unoriented"
                    }
                    Some(end) if end == st.direction => {
                        s.stances.right += 1;
                        "right"
                    }
                    Some(_) => {
                        s.stances.wrong += 1;
                        "wrong"
                    }
                }
            }
        };
        stances.push(format!(
            "{} {} {} ({} + {}): {verdict}",
            unit(&report, &st.actor),
            match st.direction {
                Direction::High => "high",
                Direction::Low => "low",
            },
            st.issue,
            st.cue,
            st.term
        ));
    }
    s.stances.reached = reached.iter().filter(|&&r| r).count();

    let relations = report
        .relations
        .iter()
        .map(|r| {
            let src: Vec<String> = units(&report, &r.source).into_iter().collect();
            let tgt: Vec<String> = units(&report, &r.target).into_iter().collect();
            format!(
                "{} {} {} {}{}",
                r.rtype.as_str(),
                src.join(","),
                if r.reciprocal { "<>" } else { ">" },
                tgt.join(","),
                if r.modality.negated { " !neg" } else { "" }
            )
        })
        .collect();
    Ok(RecordResult {
        id: rec.id.clone(),
        score: s,
        actors,
        relations,
        issues: report.issues.iter().map(|i| i.id.clone()).collect(),
        issues_missed: rec
            .issues
            .iter()
            .filter(|g| !report.issues.iter().any(|i| issue_matches(g, i)))
            .map(|g| g.label.clone())
            .collect(),
        stances,
    })
}

/// Scores every record and the total.
pub fn evaluate(records: &[Record]) -> Result<(Score, Vec<RecordResult>), NewsError> {
    let results = records
        .iter()
        .map(score_record)
        .collect::<Result<Vec<RecordResult>, NewsError>>()?;
    let mut total = Score::default();
    for r in &results {
        total.add(&r.score);
    }
    Ok((total, results))
}

/// One line of the results table.
pub fn render_row(name: &str, s: &Score) -> String {
    let st = &s.stances;
    let accuracy = st
        .accuracy()
        .map_or_else(|| "n/a".to_owned(), |a| format!("{a:.3}"));
    let mut out = String::new();
    let _ = write!(
        out,
        "| {name} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {}/{} | {accuracy} ({}) | {} | {} | {}/{} |",
        s.records,
        s.actors.precision(),
        s.actors.recall(),
        s.relations.precision(),
        s.relations.recall(),
        s.issues.precision(),
        s.issues.recall(),
        s.flagged_right,
        s.flagged,
        st.right + st.wrong,
        st.unlabelled,
        st.unoriented,
        st.reached,
        st.gold
    );
    out
}

/// The header of the results table.
pub const HEADER: &str = "| set | sentences | actor P | actor R | relation P | relation R | issue P | issue R | neg/fut flagged | stance accuracy (n) | stances without gold | unoriented | gold stances reached |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_record_and_rejects_bad_lines() {
        let text = "id: a\ndate: 2020-01-01\ntext: Russia and Ukraine met.\nactors: RUS UKR\nrel: CONSULT RUS <> UKR !fut\nissue: talks | talk; meeting\n";
        let recs = parse(text).unwrap();
        assert_eq!(recs.len(), 1);
        assert!(recs[0].relations[0].reciprocal && recs[0].relations[0].future);
        assert_eq!(recs[0].issues[0].keywords, vec!["talk", "meeting"]);
        let err = parse("id: a\ntext: x\nrel: FOO A > B\n").unwrap_err();
        assert!(err.to_string().contains("line 3"), "{err}");
        assert!(parse("id: a\nnonsense\n").is_err());
    }

    #[test]
    fn near_types_follow_the_documented_groups() {
        assert!(near(RelType::Accuse, RelType::Oppose));
        assert!(near(RelType::Mediate, RelType::Negotiate));
        assert!(!near(RelType::Attack, RelType::Agreement));
    }

    #[test]
    fn parses_stances_and_rejects_malformed_ones() {
        let recs = parse(
            "id: a\ntext: x\nstance: IND, CHN - Coal phase-out | coal; phase out\nstance: USA + tariffs | tariff\n",
        )
        .unwrap();
        let g = &recs[0].stances;
        assert_eq!(g.len(), 2);
        assert!(g[0].actors.contains("IND") && g[0].actors.contains("CHN"));
        assert!(!g[0].more && g[1].more);
        assert_eq!(g[0].object, "coal phase-out");
        assert_eq!(g[0].keywords, vec!["coal", "phase out"]);
        for bad_line in [
            "stance: USA tariffs | tariff",
            "stance: USA + tariffs",
            "stance:  + tariffs | tariff",
            "stance: USA + tariffs | ;",
        ] {
            let err = parse(&format!("id: a\ntext: x\n{bad_line}\n")).unwrap_err();
            assert!(err.to_string().contains("line 3"), "{bad_line}: {err}");
        }
    }

    fn gold(more: bool, object: &str) -> GoldStance {
        GoldStance {
            actors: BTreeSet::from(["USA".to_owned()]),
            more,
            object: object.to_owned(),
            keywords: vec!["x".to_owned()],
        }
    }

    #[test]
    fn the_orientation_table_reads_the_documented_ends() {
        // By hand from the README's table: MORE tariffs is trade's high end (prohibitive
        // tariffs); less of a nuclear programme is nuclear's high end (dismantled); MORE
        // sanctions relief is sanctions' high end, fewer sanctions too; a troop withdrawal
        // is troops' low end, so opposing it points high.
        assert_eq!(
            gold_end("trade", &gold(true, "tariffs on chinese goods")),
            Some(Direction::High)
        );
        assert_eq!(
            gold_end("nuclear", &gold(false, "its nuclear programme")),
            Some(Direction::High)
        );
        assert_eq!(
            gold_end("sanctions", &gold(true, "relief from sanctions")),
            Some(Direction::High)
        );
        assert_eq!(
            gold_end("sanctions", &gold(false, "further sanctions")),
            Some(Direction::High)
        );
        assert_eq!(
            gold_end("troops", &gold(false, "troop withdrawal")),
            Some(Direction::High)
        );
        assert_eq!(
            gold_end("trade", &gold(true, "free trade deal")),
            Some(Direction::Low)
        );
        assert_eq!(gold_end("ceasefire", &gold(true, "a ceasefire")), None);
        assert_eq!(gold_end("discovered", &gold(true, "tariffs")), None);
    }

    #[test]
    fn discovered_issues_are_oriented_by_their_head_noun() {
        // By hand from the README's rule: a discovered issue's high end is more of its
        // object. "+ the recovery fund" on issue `fund` (name "recovery fund") is high;
        // "- the size of the aid (recovery fund)" low; "+ the coal phase-out" on issue
        // `coal` (name "coal") is low (reversing word the name lacks); an object without
        // the head noun is unoriented.
        let issue = |id: &str, name: &str| crate::report::Issue {
            id: id.to_owned(),
            kind: "discovered".to_owned(),
            country: None,
            name: name.to_owned(),
            low: String::new(),
            high: String::new(),
            sentences: vec![1],
            terms: vec![name.to_owned()],
            actors: Vec::new(),
        };
        let fund = issue("fund", "recovery fund");
        assert_eq!(
            gold_end_discovered(&fund, &gold(true, "the recovery fund")),
            Some(Direction::High)
        );
        assert_eq!(
            gold_end_discovered(&fund, &gold(false, "the size of the aid (recovery fund)")),
            Some(Direction::Low)
        );
        let coal = issue("coal", "coal");
        assert_eq!(
            gold_end_discovered(&coal, &gold(true, "the coal phase-out")),
            Some(Direction::Low)
        );
        assert_eq!(
            gold_end_discovered(&coal, &gold(false, "the coal phase-out")),
            Some(Direction::High)
        );
        let phase = issue("phase_out", "coal phase-out");
        assert_eq!(
            gold_end_discovered(&phase, &gold(true, "the coal phase-out")),
            Some(Direction::High)
        );
        assert_eq!(gold_end_discovered(&fund, &gold(true, "tariffs")), None);
    }

    #[test]
    fn a_drafted_stance_is_right_wrong_or_unlabelled() {
        // A sentence written for this test (in no evaluation file). Whatever stances the
        // reader drafts, each is counted exactly once, and flipping every gold direction
        // swaps right and wrong.
        let text =
            "id: a\ndate: 2019-12-13\ntext: The United States imposed tariffs on Chinese goods.\n";
        let plus = parse(&format!(
            "{text}stance: USA + tariffs on Chinese goods | tariff\n"
        ))
        .unwrap();
        let minus = parse(&format!(
            "{text}stance: USA - tariffs on Chinese goods | tariff\n"
        ))
        .unwrap();
        let none = parse(text).unwrap();
        let (p, _) = evaluate(&plus).unwrap();
        let (m, _) = evaluate(&minus).unwrap();
        let (n, _) = evaluate(&none).unwrap();
        let drafted = n.stances.unlabelled;
        assert!(
            drafted >= 1,
            "the reader drafts the stance of this sentence"
        );
        let st = p.stances;
        assert_eq!(st.right + st.wrong + st.unoriented + st.unlabelled, drafted);
        assert_eq!((st.right, st.wrong), (m.stances.wrong, m.stances.right));
        assert_eq!(st.gold, 1);
        // The reader reads "imposed tariffs" as pushing toward prohibitive tariffs (high).
        assert_eq!(st.right, 1, "{st:?}");
        assert_eq!(st.accuracy(), Some(1.0));
        assert_eq!(n.stances.accuracy(), None);
    }

    #[test]
    fn a_missed_relation_is_a_false_negative() {
        // Hand-built: the gold wants a THREATEN the reader cannot see in a sentence with no
        // trigger at all, so recall must be 0 and precision has nothing to count.
        let recs =
            parse("id: a\ntext: Canada and Mexico.\nactors: CAN MEX\nrel: THREATEN CAN > MEX\n")
                .unwrap();
        let (s, _) = evaluate(&recs).unwrap();
        assert_eq!(s.relations.tp, 0);
        assert_eq!(s.relations.fn_, 1);
        assert_eq!(s.actors.tp, 2);
    }
}
