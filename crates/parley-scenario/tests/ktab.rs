//! KTAB's CSV and XML scenario formats: the shipped files read (including the XML files KTAB
//! itself rejects for a missing optional element), malformed files get located errors, and
//! `[models.smp]` reads, validates and round-trips through Parley's TOML.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use parley_core::Inputs;
use parley_core::models::smp::{PceModel, Smp, StateTransitions, VotingRule};
use parley_scenario::{Diagnostic, Format, LoadError, read_file, read_str};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ktab")
        .join(name)
}

fn problems(name: &str, text: &str, format: Format) -> Vec<Diagnostic> {
    match read_str(name, text, format) {
        Ok(_) => panic!("{name} should not load"),
        Err(LoadError::Invalid { diagnostics, .. }) => diagnostics,
        Err(e) => panic!("{name}: {e}"),
    }
}

/// The one diagnostic with this code, or a panic listing what there was.
fn only<'a>(ds: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = ds.iter().filter(|d| d.code == code).collect();
    assert_eq!(found.len(), 1, "want one {code}, got {ds:#?}");
    found[0]
}

#[test]
fn every_shipped_csv_reads_with_dimensions_as_issues() {
    for (file, actors, dims) in [
        ("dummyData_3Dim.csv", 7, 3),
        ("dummyData_3Dim-no-final-comma.csv", 7, 3),
        ("dummyData_6Dim.csv", 27, 6),
        ("SOE-Policy.csv", 26, 1),
        ("SOE-Competitive.csv", 34, 1),
        ("SOE-Pol-Comp.csv", 13, 2),
        ("dummyData-a040.csv", 40, 1),
        ("dummyData-a080.csv", 80, 1),
        ("dummyData-a160.csv", 160, 1),
    ] {
        let s = read_file(&data(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!((s.actors.len(), s.issues.len()), (actors, dims), "{file}");
    }
    let s = read_file(&data("dummyData_3Dim.csv")).unwrap();
    assert_eq!(s.meta.name, "DummyData_3Dim");
    assert_eq!(
        s.meta.description.as_deref(),
        Some("Dummy scenario to test reading format")
    );
    let a = &s.actors[0];
    assert_eq!((a.id.as_str(), a.capability.value), ("SActor-00", 102.543));
    assert_eq!(a.evidence.note.as_deref(), Some("Random Spatial Actor"));
    let st = &a.stances["Pstn1"];
    // Positions as written; saliences divided by 100, as KTAB divides them.
    assert_eq!(st.position.value, 75.79);
    assert_eq!(st.salience.value, 49.53 / 100.0);
    // Blanks KTAB keeps after commas are trimmed: "  XYZ Position" is the issue XYZ Position.
    let s = read_file(&data("dummyData-a040.csv")).unwrap();
    assert_eq!(s.issues[0].id, "XYZ Position");
}

#[test]
fn the_xml_files_ktab_rejects_for_a_missing_optional_element_run() {
    // KTAB: "Following Element is missing in the input xml: IdealAdjustment". The schema makes
    // it optional; without it ideals follow positions, and the run is the CSV's.
    let xml = read_file(&data("dummyData_3Dim.xml")).unwrap();
    let csv = read_file(&data("dummyData_3Dim.csv")).unwrap();
    let smp = xml.models.smp.as_ref().unwrap();
    assert_eq!(smp.seed, Some(3_707_583_219_545_544_125));
    assert!(smp.accommodation.is_empty());
    let run = |s| Smp::default().run_positions(&Inputs::from_scenario(s).unwrap());
    assert_eq!(run(&xml), run(&csv));
}

trait Positions {
    fn run_positions(&self, inputs: &Inputs) -> Vec<Vec<f64>>;
}

impl Positions for Smp {
    fn run_positions(&self, inputs: &Inputs) -> Vec<Vec<f64>> {
        let run = self.simulate(inputs).unwrap();
        run.outcome
            .rounds
            .into_iter()
            .map(|r| r.positions)
            .collect()
    }
}

#[test]
fn smp_example_reads_its_parameters_seed_and_ideal_adjustments() {
    let s = read_file(&data("smpExample_fixed.xml")).unwrap();
    assert_eq!(s.meta.name, "DummyData_3Dim");
    assert_eq!(
        s.issues.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        ["FirstDim", "SecondDim", "YADN"]
    );
    let smp = s.models.smp.as_ref().unwrap();
    assert_eq!(smp.params.pce, PceModel::MarkovIncentive);
    assert_eq!(smp.params.voting_rule, VotingRule::PropCbc);
    assert_eq!(smp.params.state_transitions, StateTransitions::Stochastic);
    assert_eq!(smp.seed, Some(3_507_583_219_545_544_127));
    assert_eq!(smp.accommodation.len(), 6);
    assert_eq!(
        (
            smp.accommodation[2].actor.as_str(),
            smp.accommodation[2].reference.as_str(),
            smp.accommodation[2].rate
        ),
        ("Bob", "Alice", 0.07)
    );
}

#[test]
fn smp_examples_empty_coordinate_is_located_with_what_to_write() {
    let path = data("smpExample.xml");
    let text = std::fs::read_to_string(&path).unwrap();
    let ds = problems("smpExample.xml", &text, Format::detect(&path, &text));
    assert_eq!(ds.len(), 1, "{ds:#?}");
    let d = only(&ds, "empty-value");
    assert_eq!((d.line, d.column), (32, 9));
    assert_eq!(d.path.as_deref(), Some("actor[0].stance.FirstDim.position"));
    assert!(
        d.message.contains("<dCoord> 1 (FirstDim) of 'Alice'"),
        "{}",
        d.message
    );
    assert!(
        d.message.contains("a number from 0 to 100"),
        "{}",
        d.message
    );
}

#[test]
fn formats_are_told_apart_by_content() {
    let csv = data("dummyData_3Dim.csv");
    let xml = data("smpExample.xml");
    let text = |p: &PathBuf| std::fs::read_to_string(p).unwrap();
    assert_eq!(Format::detect(&csv, &text(&csv)), Format::KtabCsv);
    assert_eq!(Format::detect(&xml, &text(&xml)), Format::KtabXml);
    let plain = PathBuf::from("x.csv");
    assert_eq!(Format::detect(&plain, "name,position\nx,1\n"), Format::Toml);
}

const CSV_HEAD: &str = "Test,\"A test\",3,2,\nActor,Description,Power,P1,S1,P2,S2,\n";

fn csv_problems(rows: &str) -> Vec<Diagnostic> {
    problems("t.csv", &format!("{CSV_HEAD}{rows}"), Format::KtabCsv)
}

#[test]
fn malformed_csv_rows_are_located() {
    // A word for a number: line 4, the position field.
    let ds = csv_problems("a,x,1,10,20,30,40\nb,x,1,oops,20,30,40\nc,x,1,10,20,30,40\n");
    let d = only(&ds, "not-a-number");
    assert_eq!((d.line, d.column), (4, 7));
    assert!(
        d.message.contains("position of 'b' on 'P1'"),
        "{}",
        d.message
    );

    // A percentage above 100 is reported in the file's units.
    let ds = csv_problems("a,x,1,10,20,30,40\nb,x,1,10,120,30,40\nc,x,1,10,20,30,40\n");
    let d = only(&ds, "salience-out-of-range");
    assert_eq!((d.line, d.column), (4, 10));
    assert!(
        d.message.contains("120") && d.message.contains("[0, 100]"),
        "{}",
        d.message
    );

    // Too few fields for two dimensions.
    let ds = csv_problems("a,x,1,10,20,30,40\nb,x,1,10,20\nc,x,1,10,20,30,40\n");
    let d = only(&ds, "field-count");
    assert_eq!(d.line, 4);
    assert!(d.message.contains("needs 7 fields"), "{}", d.message);

    // The declared count of actors does not match the rows.
    let ds = csv_problems("a,x,1,10,20,30,40\nb,x,1,10,20,30,40\n");
    let d = only(&ds, "count-mismatch");
    assert_eq!((d.line, d.column), (1, 15));
    assert!(
        d.message.contains("is 3 but the file has 2 actor rows"),
        "{}",
        d.message
    );

    // The core's own rules, located at the KTAB field: a zero capability, a repeated name.
    let ds = csv_problems("a,x,0,10,20,30,40\nb,x,1,10,20,30,40\nb,x,1,10,20,30,40\n");
    assert_eq!(only(&ds, "capability-not-positive").line, 3);
    let d = only(&ds, "duplicate-id");
    assert_eq!((d.line, d.column), (5, 1));

    // A missing count of dimensions on the first line.
    let ds = problems("t.csv", "Test,desc,3,\nActor,D,P\n", Format::KtabCsv);
    let d = only(&ds, "bad-integer");
    assert_eq!(d.line, 1);
    assert!(d.message.contains("number of dimensions"), "{}", d.message);
}

const XML_ACTOR: &str = "<Actor><name>A</name><description>d</description><capability>10</capability>\
<Position><dCoord>10</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor>\n";

fn xml(extra_head: &str, actors: &str, tail: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<Scenario>\n<name>T</name><desc>x</desc><prngSeed>7</prngSeed>\n\
         {extra_head}<Dimensions><dName>D</dName></Dimensions>\n<Actors>\n{actors}</Actors>\n{tail}</Scenario>\n"
    )
}

fn actors3() -> String {
    [
        XML_ACTOR.to_owned(),
        XML_ACTOR.replace(">A<", ">B<"),
        XML_ACTOR.replace(">A<", ">C<"),
    ]
    .concat()
}

#[test]
fn malformed_xml_is_located() {
    // Fine as it is; KTAB would want <IdealAdjustment> and all nine parameters.
    let ok = xml(
        "<ModelParameters><PCEModel>MarkovUniform</PCEModel></ModelParameters>\n",
        &actors3(),
        "",
    );
    let s = read_str("t.xml", &ok, Format::KtabXml).unwrap();
    assert_eq!(s.models.smp.unwrap().params.pce, PceModel::MarkovUniform);

    // An unknown parameter value lists KTAB's names.
    let bad = xml(
        "<ModelParameters><VotingRule>Majority</VotingRule></ModelParameters>\n",
        &actors3(),
        "",
    );
    let ds = problems("t.xml", &bad, Format::KtabXml);
    let d = only(&ds, "bad-choice");
    assert_eq!(d.line, 4);
    assert!(
        d.message.contains("'Majority'") && d.message.contains("PropCbc"),
        "{}",
        d.message
    );

    // A misspelt element.
    let bad = xml(
        "",
        &actors3()
            .replacen("<capability>", "<capabilty>", 1)
            .replacen("</capability>", "</capabilty>", 1),
        "",
    );
    let ds = problems("t.xml", &bad, Format::KtabXml);
    let d = only(&ds, "unknown-key");
    assert_eq!(d.line, 6);
    assert!(
        d.message.contains("capabilty") && d.message.contains("capability"),
        "{}",
        d.message
    );

    // Two coordinates for one dimension.
    let bad = xml(
        "",
        &actors3().replacen(
            "<dCoord>10</dCoord>",
            "<dCoord>10</dCoord><dCoord>20</dCoord>",
            1,
        ),
        "",
    );
    let d = only(&problems("t.xml", &bad, Format::KtabXml), "count-mismatch").clone();
    assert_eq!(d.line, 6);

    // An ideal adjustment naming an actor the file does not have.
    let tail = "<IdealAdjustment>\n<iaPair><adjustingIdeal>A</adjustingIdeal>\
                <referencePos>Zed</referencePos><adjust>0.5</adjust></iaPair>\n</IdealAdjustment>\n";
    let ds = problems("t.xml", &xml("", &actors3(), tail), Format::KtabXml);
    let d = only(&ds, "unknown-actor");
    assert_eq!(d.line, 11);
    assert_eq!(
        d.path.as_deref(),
        Some("models.smp.accommodation[0].reference")
    );

    // Not XML at all.
    let ds = problems("t.xml", "<Scenario><Actors></Scenario>", Format::KtabXml);
    assert_eq!(only(&ds, "syntax").line, 1);
}

#[test]
fn imports_round_trip_through_parley_toml() {
    for file in [
        "dummyData_3Dim.csv",
        "smpExample_fixed.xml",
        "SOE-Pol-Comp.csv",
    ] {
        let s = read_file(&data(file)).unwrap();
        let toml = parley_scenario::write::to_toml(&s);
        let back = read_str("back.toml", &toml, Format::Toml)
            .unwrap_or_else(|e| panic!("{file}: {e}\n{toml}"));
        assert_eq!(back, s, "{file}");
    }
}

#[test]
fn models_smp_in_toml_is_checked_and_located() {
    let base = parley_scenario::write::to_toml(&read_file(&data("dummyData_3Dim.csv")).unwrap());
    let with = |section: &str| format!("{base}\n{section}");

    let s = read_str("t.toml", &with("[models.smp]\nvoting_rule = \"PropCbc\"\nmax_turns = 5\nseed = \"15455440707583219804\"\n"), Format::Toml).unwrap();
    let smp = s.models.smp.unwrap();
    assert_eq!(
        (smp.params.voting_rule, smp.params.max_turns),
        (VotingRule::PropCbc, 5)
    );
    assert_eq!(smp.seed, Some(15_455_440_707_583_219_804));

    let text = with("[models.smp]\npce = \"markov\"\n");
    let ds = problems("t.toml", &text, Format::Toml);
    let d = only(&ds, "bad-choice");
    assert!(d.message.contains("markov_incentive"), "{}", d.message);
    assert_eq!(d.line_text, "pce = \"markov\"");

    let ds = problems("t.toml", &with("[models.smp]\nturns = 5\n"), Format::Toml);
    assert!(only(&ds, "unknown-key").message.contains("max_turns"));

    let text = with(
        "[[models.smp.accommodation]]\nactor = \"SActor-00\"\nreference = \"SActor-01\"\nrate = 0.5\n",
    );
    let ds = problems("t.toml", &text, Format::Toml);
    let d = only(&ds, "accommodation-sum");
    assert!(
        d.message.contains("'SActor-00' sum to 1.5"),
        "{}",
        d.message
    );
    assert_eq!(d.line_text, "rate = 0.5");

    let text = with(
        "[[models.smp.accommodation]]\nactor = \"SActor-00\"\nreference = \"SActor-00\"\nrate = 1.5\n",
    );
    let d = only(
        &problems("t.toml", &text, Format::Toml),
        "accommodation-out-of-range",
    )
    .clone();
    assert_eq!(d.line_text, "rate = 1.5");
}

/// A KTAB XML file with a DTD is refused at the DOCTYPE's line, saying what to remove (sweep3
/// item 26b: the refusal was "XML with DTD detected" at 1:1 for a DOCTYPE on line 2).
#[test]
fn a_dtd_is_refused_where_it_is() {
    let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">]>\n\
                <Scenario><Actors></Actors></Scenario>\n";
    let ds = problems("lol.xml", text, Format::KtabXml);
    let d = only(&ds, "syntax");
    assert_eq!((d.line, d.column), (2, 1));
    assert!(
        d.message.contains("remove the DOCTYPE declaration"),
        "{}",
        d.message
    );
}
