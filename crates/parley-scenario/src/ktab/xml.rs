//! KTAB's XML scenario format (`SMPModel::xmlRead`, schema `smpSchema.xsd`):
//!
//! ```text
//! <Scenario>
//!   <name/> <desc/> <prngSeed/>
//!   <ModelParameters> <VictoryProbModel/> <PCEModel/> <StateTransitions/> <VotingRule/>
//!     <BigRAdjust/> <BigRRange/> <ThirdPartyCommit/> <InterVecBrgn/> <BargnModel/> </ModelParameters>
//!   <Dimensions> <dName/>... </Dimensions>
//!   <Actors> <Actor> <name/> <description/> <capability/>
//!     <Position> <dCoord/>... </Position> <Salience> <dSal/>... </Salience> </Actor>... </Actors>
//!   <IdealAdjustment> <iaPair> <adjustingIdeal/> <referencePos/> <adjust/> </iaPair>... </IdealAdjustment>
//! </Scenario>
//! ```
//!
//! As the schema says (and KTAB's reader does not), `ModelParameters`, `Dimensions` and
//! `IdealAdjustment` are optional; Parley also takes any subset of the model parameters (the
//! rest keep KTAB's defaults). Without `Dimensions` the dimensions are named `dim 1`, `dim 2`, ...

use std::ops::Range;

use parley_core::Scenario;
use parley_core::models::smp::{
    BargainModel, BigRAdjust, BigRRange, IdealAdjustment, InterVecBrgn, PceModel, SmpSettings,
    StateTransitions, ThirdPartyCommit, VictoryProbModel, VotingRule,
};
use roxmltree::Node;

use super::{Cell, ROW, Raw, RawActor, number, report};
use crate::diagnostic::FormatProblem;
use crate::reader::Reader;

const SCENARIO: &[&str] = &[
    "name",
    "desc",
    "prngSeed",
    "ModelParameters",
    "Dimensions",
    "Actors",
    "IdealAdjustment",
];
const ACTOR: &[&str] = &["name", "description", "capability", "Position", "Salience"];
const PARAMETERS: &[&str] = &[
    "VictoryProbModel",
    "PCEModel",
    "StateTransitions",
    "VotingRule",
    "BigRAdjust",
    "BigRRange",
    "ThirdPartyCommit",
    "InterVecBrgn",
    "BargnModel",
];
const PAIR: &[&str] = &["adjustingIdeal", "referencePos", "adjust"];

/// True when `text` is an XML document whose root is KTAB's `<Scenario>`.
pub fn looks_like(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('<') && t.contains("<Scenario") && t.contains("<Actors")
}

/// Reads a KTAB XML file into a scenario, reporting problems with their exact spans.
pub fn read(text: &str) -> (Scenario, Reader) {
    let mut r = Reader::default();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[bom..];
    let raw = match roxmltree::Document::parse(body) {
        Ok(doc) => {
            let mut x = Xml {
                r: &mut r,
                offset: bom,
            };
            x.scenario(doc.root_element())
        }
        Err(roxmltree::Error::DtdDetected) => {
            // roxmltree places this error at 1:1; the DOCTYPE is where the reader must look.
            let at = body.find("<!DOCTYPE").unwrap_or(0);
            let message = "a <!DOCTYPE ...> (DTD) is not allowed in a KTAB file (it can define \
                           entities that expand without bound or read other files); remove the \
                           DOCTYPE declaration"
                .to_owned();
            report(
                &mut r,
                at + bom..at + bom + "<!DOCTYPE".len().min(body.len() - at),
                "",
                FormatProblem::Syntax(message),
            );
            Raw::default()
        }
        Err(e) => {
            let at = offset_of(body, e.pos()) + bom;
            report(&mut r, at..at, "", FormatProblem::Syntax(e.to_string()));
            Raw::default()
        }
    };
    let s = super::build(&mut r, raw);
    (s, r)
}

/// The byte offset of a 1-based row and column (in characters).
fn offset_of(text: &str, pos: roxmltree::TextPos) -> usize {
    let mut offset = 0;
    for (row, line) in text.split_inclusive('\n').enumerate() {
        if row + 1 == pos.row as usize {
            let col = (pos.col as usize).saturating_sub(1);
            return offset + line.char_indices().nth(col).map_or(line.len(), |(b, _)| b);
        }
        offset += line.len();
    }
    text.len()
}

struct Xml<'r> {
    r: &'r mut Reader,
    /// Bytes before the parsed text (a byte-order mark).
    offset: usize,
}

impl Xml<'_> {
    fn span(&self, node: Node<'_, '_>) -> Range<usize> {
        let range = node.range();
        range.start + self.offset..range.end + self.offset
    }

    /// The element's text, trimmed, with the span of that text (of the element when empty).
    fn text(&self, node: Node<'_, '_>) -> Cell {
        match node.first_child().filter(|c| c.is_text()) {
            Some(t) => {
                let raw = t.text().unwrap_or_default();
                let lead = raw.len() - raw.trim_start().len();
                let text = raw.trim();
                let start = t.range().start + self.offset + lead;
                Cell {
                    text: text.to_owned(),
                    span: start..start + text.len(),
                }
            }
            None => Cell {
                text: String::new(),
                span: self.span(node),
            },
        }
    }

    /// The element children of `node`, reporting those not in `valid`.
    fn children<'a, 'i>(&mut self, node: Node<'a, 'i>, valid: &[&str]) -> Vec<Node<'a, 'i>> {
        let label = format!("<{}>", node.tag_name().name());
        let mut out = Vec::new();
        for c in node.children().filter(Node::is_element) {
            let name = c.tag_name().name();
            if valid.contains(&name) {
                out.push(c);
            } else {
                let problem = FormatProblem::unknown_key(name, &label, valid);
                report(self.r, self.span(c), ROW, problem);
            }
        }
        out
    }

    fn missing(&mut self, node: Node<'_, '_>, key: &'static str, hint: &'static str) {
        let problem = FormatProblem::MissingKey {
            key,
            table: format!("<{}>", node.tag_name().name()),
            hint,
        };
        report(self.r, self.span(node), ROW, problem);
    }

    fn scenario(&mut self, root: Node<'_, '_>) -> Raw {
        let mut raw = Raw::default();
        if root.tag_name().name() != "Scenario" {
            let problem = FormatProblem::MissingKey {
                key: "Scenario",
                table: "the file".into(),
                hint: "; a KTAB XML scenario has a <Scenario> root element",
            };
            report(self.r, self.span(root), "", problem);
            return raw;
        }
        let kids = self.children(root, SCENARIO);
        let find = |name: &str| kids.iter().copied().find(|c| c.tag_name().name() == name);
        raw.name = find("name").map(|n| self.text(n).text);
        raw.description = find("desc").map(|n| self.text(n).text);
        let mut settings = SmpSettings::default();
        let mut has_settings = false;
        if let Some(seed) = find("prngSeed") {
            let c = self.text(seed);
            if !c.text.is_empty() {
                match c.text.parse::<u64>() {
                    Ok(v) => {
                        settings.seed = Some(v);
                        has_settings = true;
                    }
                    Err(_) => {
                        let problem = FormatProblem::BadInteger {
                            what: "<prngSeed>".into(),
                            value: c.text.clone(),
                            valid: "an integer from 0 to 18446744073709551615",
                        };
                        report(self.r, c.span, ROW, problem);
                    }
                }
            }
        }
        if let Some(p) = find("ModelParameters") {
            self.parameters(p, &mut settings);
            has_settings = true;
        }
        let Some(actors) = find("Actors") else {
            self.missing(
                root,
                "Actors",
                "; list the actors in <Actors><Actor>...</Actor></Actors>",
            );
            return raw;
        };
        let actor_nodes = self.children(actors, &["Actor"]);
        raw.dimensions = match find("Dimensions") {
            Some(d) => self
                .children(d, &["dName"])
                .into_iter()
                .enumerate()
                .map(|(k, n)| {
                    let c = self.text(n);
                    if c.text.is_empty() {
                        let what = format!("<dName> {}", k + 1);
                        super::empty(self.r, c.span.clone(), ROW, what, "a dimension name");
                    }
                    c
                })
                .collect(),
            None => {
                // The schema lets <Dimensions> out: count the first actor's coordinates.
                let count = actor_nodes
                    .first()
                    .and_then(|a| a.children().find(|c| c.has_tag_name("Position")))
                    .map_or(0, |p| {
                        p.children().filter(|c| c.has_tag_name("dCoord")).count()
                    });
                let at = self.span(root).start;
                (1..=count)
                    .map(|k| Cell {
                        text: format!("dim {k}"),
                        span: at..at,
                    })
                    .collect()
            }
        };
        for (i, a) in actor_nodes.into_iter().enumerate() {
            let dims = raw.dimensions.clone();
            raw.actors.push(self.actor(a, i, &dims));
        }
        if let Some(ia) = find("IdealAdjustment") {
            self.adjustments(ia, &mut settings, &mut raw.setting_spans);
            has_settings = true;
        }
        if has_settings {
            raw.settings = Some(settings);
        }
        raw
    }

    fn actor(&mut self, node: Node<'_, '_>, i: usize, dims: &[Cell]) -> RawActor {
        let kids = self.children(node, ACTOR);
        let find = |name: &str| kids.iter().copied().find(|c| c.tag_name().name() == name);
        let name = match find("name") {
            Some(n) => self.text(n),
            None => {
                self.missing(node, "name", "");
                Cell {
                    text: format!("actor {}", i + 1),
                    span: self.span(node),
                }
            }
        };
        if name.text.is_empty() {
            let what = format!("<name> of actor {}", i + 1);
            super::empty(self.r, name.span.clone(), ROW, what, "a name");
        }
        let who = format!("'{}'", name.text);
        let capability = match find("capability") {
            Some(c) => {
                let cell = self.text(c);
                number(
                    self.r,
                    &cell,
                    &format!("actor[{i}].capability"),
                    format!("<capability> of {who}"),
                    "a number greater than 0",
                )
            }
            None => {
                self.missing(node, "capability", "");
                super::Number {
                    value: None,
                    span: self.span(node),
                }
            }
        };
        let pos = self.vector(node, find("Position"), "Position", "dCoord", &who, dims);
        let sal = self.vector(node, find("Salience"), "Salience", "dSal", &who, dims);
        let stances = dims
            .iter()
            .enumerate()
            .map(|(d, dim)| {
                let base = format!("actor[{i}].stance.{}", dim.text);
                let valid = "a number from 0 to 100";
                let at = |k: usize, what: &str, v: &[Cell], xml: &mut Self| {
                    let cell = v.get(k).cloned().unwrap_or(Cell {
                        text: "0".into(),
                        span: xml.span(node),
                    });
                    let path = format!("{base}.{what}");
                    let what = format!(
                        "<{}> {} ({}) of {who}",
                        if what == "position" { "dCoord" } else { "dSal" },
                        d + 1,
                        dim.text
                    );
                    number(xml.r, &cell, &path, what, valid)
                };
                let p = at(d, "position", &pos, self);
                let s = at(d, "salience", &sal, self);
                (p, s)
            })
            .collect();
        RawActor {
            name,
            description: find("description").map(|n| self.text(n).text),
            capability,
            stances,
            span: self.span(node),
        }
    }

    /// The `item` children of an actor's `Position` or `Salience`, checked against the number
    /// of dimensions (missing entries were reported; they read as 0).
    fn vector(
        &mut self,
        actor: Node<'_, '_>,
        node: Option<Node<'_, '_>>,
        name: &'static str,
        item: &'static str,
        who: &str,
        dims: &[Cell],
    ) -> Vec<Cell> {
        let Some(node) = node else {
            self.missing(actor, name, "");
            return Vec::new();
        };
        let cells: Vec<Cell> = self
            .children(node, &[item])
            .into_iter()
            .map(|c| self.text(c))
            .collect();
        if cells.len() != dims.len() {
            let problem = FormatProblem::CountMismatch {
                what: format!("the number of dimensions (<{name}> of {who})"),
                declared: dims.len(),
                found: cells.len(),
                unit: if item == "dCoord" {
                    "<dCoord> entries in this <Position>"
                } else {
                    "<dSal> entries in this <Salience>"
                },
            };
            report(self.r, self.span(node), ROW, problem);
        }
        cells
    }

    fn parameters(&mut self, node: Node<'_, '_>, settings: &mut SmpSettings) {
        for p in self.children(node, PARAMETERS) {
            let tag = p.tag_name().name();
            let c = self.text(p);
            // The schema spells two values differently from KTAB's reader: accept both.
            let v = match (tag, c.text.as_str()) {
                ("BigRAdjust", "No") => "None",
                ("VotingRule", "Proportional") => "Prop",
                (_, v) => v,
            };
            let p = &mut settings.params;
            let ok = match tag {
                "VictoryProbModel" => VictoryProbModel::parse(v).map(|x| p.victory_prob = x),
                "PCEModel" => PceModel::parse(v).map(|x| p.pce = x),
                "StateTransitions" => StateTransitions::parse(v).map(|x| p.state_transitions = x),
                "VotingRule" => VotingRule::parse(v).map(|x| p.voting_rule = x),
                "BigRAdjust" => BigRAdjust::parse(v).map(|x| p.big_r_adjust = x),
                "BigRRange" => BigRRange::parse(v).map(|x| p.big_r_range = x),
                "ThirdPartyCommit" => ThirdPartyCommit::parse(v).map(|x| p.third_party_commit = x),
                "InterVecBrgn" => InterVecBrgn::parse(v).map(|x| p.inter_vec_brgn = x),
                _ => BargainModel::parse(v).map(|x| p.bargain_model = x),
            };
            if ok.is_none() {
                let problem = FormatProblem::BadChoice {
                    what: format!("<{tag}>"),
                    value: c.text.clone(),
                    valid: ktab_names(tag),
                };
                report(self.r, c.span, ROW, problem);
            }
        }
    }

    fn adjustments(
        &mut self,
        node: Node<'_, '_>,
        settings: &mut SmpSettings,
        spans: &mut Vec<(String, Range<usize>)>,
    ) {
        for (k, pair) in self.children(node, &["iaPair"]).into_iter().enumerate() {
            let kids = self.children(pair, PAIR);
            let find = |name: &str| kids.iter().copied().find(|c| c.tag_name().name() == name);
            let base = format!("models.smp.accommodation[{k}]");
            let mut field = |xml: &mut Self, tag: &'static str, key: &str| -> Option<Cell> {
                let Some(n) = find(tag) else {
                    xml.missing(pair, tag, "");
                    return None;
                };
                let c = xml.text(n);
                spans.push((format!("{base}.{key}"), c.span.clone()));
                if c.text.is_empty() {
                    super::empty(xml.r, c.span.clone(), ROW, format!("<{tag}>"), "a value");
                    return None;
                }
                Some(c)
            };
            let actor = field(self, "adjustingIdeal", "actor");
            let reference = field(self, "referencePos", "reference");
            let adjust = field(self, "adjust", "rate");
            let rate = adjust.and_then(|c| {
                let n = number(self.r, &c, ROW, "<adjust>".into(), "a number from 0 to 1");
                n.value
            });
            if let (Some(a), Some(b), Some(rate)) = (actor, reference, rate) {
                settings.accommodation.push(IdealAdjustment {
                    actor: a.text,
                    reference: b.text,
                    rate,
                });
            }
        }
    }
}

/// KTAB's names for a parameter's values, for messages.
fn ktab_names(tag: &str) -> String {
    fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> String {
        all.iter().map(|v| name(*v)).collect::<Vec<_>>().join(", ")
    }
    match tag {
        "VictoryProbModel" => names(VictoryProbModel::ALL, VictoryProbModel::ktab_name),
        "PCEModel" => names(PceModel::ALL, PceModel::ktab_name),
        "StateTransitions" => names(StateTransitions::ALL, StateTransitions::ktab_name),
        "VotingRule" => names(VotingRule::ALL, VotingRule::ktab_name),
        "BigRAdjust" => names(BigRAdjust::ALL, BigRAdjust::ktab_name),
        "BigRRange" => names(BigRRange::ALL, BigRRange::ktab_name),
        "ThirdPartyCommit" => names(ThirdPartyCommit::ALL, ThirdPartyCommit::ktab_name),
        "InterVecBrgn" => names(InterVecBrgn::ALL, InterVecBrgn::ktab_name),
        _ => names(BargainModel::ALL, BargainModel::ktab_name),
    }
}
