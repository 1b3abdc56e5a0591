//! Issue 14, numbers: the importers refuse what validation refuses (scales beyond +-1e100 or
//! narrower than its limits, capabilities outside [1e-100, 1e100]), located at the file's line
//! and field. `parley import --from bdm` of a table with positions +-1e308 used to write a file
//! whose EUM run panicked.
#![allow(clippy::unwrap_used)]

use parley_scenario::{Diagnostic, Format, parse_and_check};

fn problems(text: &str, format: Format) -> Vec<(&'static str, usize, usize)> {
    match parse_and_check(text, format) {
        Ok(_) => Vec::new(),
        Err(ds) => ds
            .iter()
            .map(|d: &Diagnostic| (d.code, d.line, d.column))
            .collect(),
    }
}

#[test]
fn bdm_positions_beyond_the_limit_are_refused_at_their_fields() {
    let text = "Actor,Capability,Position,Salience\nA,1,-1e308,50\nB,2,1e308,60\nC,1,0,70\n";
    assert_eq!(
        problems(text, Format::Bdm),
        vec![
            ("position-out-of-scale", 2, 5),
            ("position-out-of-scale", 3, 5)
        ]
    );
}

#[test]
fn bdm_capabilities_beyond_the_limit_are_refused_at_their_fields() {
    let text = "Actor,Capability,Position,Salience\nA,1.7e308,10,50\nB,1.7e308,90,50\n";
    assert_eq!(
        problems(text, Format::Bdm),
        vec![
            ("capability-out-of-range", 2, 3),
            ("capability-out-of-range", 3, 3)
        ]
    );
}

#[test]
fn a_bdm_scale_too_narrow_is_refused_at_its_highest_position() {
    // The scale runs from the lowest position (0) to the highest (2e-323, line 3, column 5).
    let text = "Actor,Capability,Position,Salience\nA,1,0,50\nB,2,2e-323,60\n";
    assert_eq!(
        problems(text, Format::Bdm),
        vec![("scale-too-narrow", 3, 5)]
    );
}

#[test]
fn decide_bounds_beyond_the_limit_are_refused_at_the_bound_rows() {
    let text = "#A\ta\tA\n#A\tb\tB\n#P\tx\tX\n#M\tx\t-9e307\n#M\tx\t9e307\n\
                #D\ta\tx\t-9e307\t0.5\t1\n#D\tb\tx\t9e307\t0.5\t1\n";
    assert_eq!(
        problems(text, Format::Decide),
        vec![("scale-too-wide", 4, 6)]
    );
}

#[test]
fn decide_powers_beyond_the_limit_are_refused_at_the_row() {
    let text = "#A\ta\tA\n#A\tb\tB\n#P\tx\tX\n#D\ta\tx\t10\t0.5\t1.7e308\n#D\tb\tx\t90\t0.5\t1\n";
    let found = problems(text, Format::Decide);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), ("capability-out-of-range", 4));
}

#[test]
fn ktab_capabilities_beyond_the_limit_are_refused_at_their_fields() {
    let text = "Test,\"A test\",3,1,\nActor,Description,Power,P1,S1,\n\
                a,x,1e300,10,20\nb,x,1,50,20\nc,x,1,90,20\n";
    assert_eq!(
        problems(text, Format::KtabCsv),
        vec![("capability-out-of-range", 3, 5)]
    );
}

#[test]
fn deu_gdp_figures_beyond_the_limit_are_refused_with_line_and_column() {
    use parley_scenario::deu::{Capability, DeuError, read};
    // The DEU layout with Germany's GDP (column pde, line 2) at 1.7e308.
    let file = |gdp: &str| {
        format!(
            "\"prnr\"\t\"isnr\"\t\"pcom\"\t\"pde\"\t\"scom\"\t\"sde\"\t\"out\"\n\
             \t\t\"4.1\"\t\"{gdp}\"\t\t\t\n\
             d00001\td00001i1\t100\t0\t50\t100\t40\n"
        )
    };
    assert!(read(&file("4.1"), Capability::Gdp).is_ok());
    let err = read(&file("1.7e308"), Capability::Gdp).unwrap_err();
    assert_eq!(
        err,
        DeuError::BadCapability {
            column: "pde".into(),
            text: "1.7e308".into()
        }
    );
    assert!(err.to_string().starts_with("line 2, column 'pde'"));
}

/// A literal beyond f64 is named as written, not as the inf or 0 it was read as (sweep3 item
/// 19): "capability of 'north' is inf" named a number the user never wrote.
#[test]
fn numbers_beyond_f64_are_named_as_written() {
    let scenario = |north: &str, south: &str| {
        format!(
            "[scenario]\nname = \"n\"\n[[issue]]\nid = \"x\"\nname = \"X\"\nlow = \"l\"\nhigh = \"h\"\n\
             [[actor]]\nid = \"north\"\nname = \"N\"\ncapability = {north}\n\
             stance = {{ x = {{ position = 10, salience = 0.5 }} }}\n\
             [[actor]]\nid = \"south\"\nname = \"S\"\ncapability = {south}\n\
             stance = {{ x = {{ position = 90, salience = 0.5 }} }}\n"
        )
    };
    let messages = |text: &str| match parse_and_check(text, Format::Toml) {
        Ok(_) => panic!("accepted: {text}"),
        Err(ds) => ds.into_iter().map(|d| d.message).collect::<Vec<_>>(),
    };
    let m = messages(&scenario("1e400", "1e-400"));
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(
        m[0].starts_with("capability of 'north' is 1e400, beyond the largest number"),
        "{m:?}"
    );
    assert!(
        m[1].contains("1e-400 is below the smallest number"),
        "{m:?}"
    );
    // An infinity written as such, and a 0 written as 0, are named as they are.
    let m = messages(&scenario("inf", "0.0e5"));
    assert!(m[0].contains("is inf;"), "{m:?}");
    assert!(!m[1].contains("below the smallest"), "{m:?}");
}
