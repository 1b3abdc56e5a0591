//! Sweep 7 finding 6: messages that quote ids and keys from a file never pass a control
//! character or a bidi override to the terminal, and ids refuse the characters that disguise
//! text. Before, `validate` printed a raw newline and ESC from an id (the terminal turned
//! red) and accepted U+202E in an id.
#![allow(clippy::unwrap_used)]

mod common;

use common::{parley, scratch_file, stderr};

const SUITE: &str = "hostile_text";

/// A valid two-actor scenario whose second actor has the id `id` (as TOML string text) and a
/// stance on `stance_issue` (as TOML key text).
fn scenario(id: &str, stance_issue: &str) -> String {
    format!(
        "[scenario]\nname = \"hostile\"\n\n[[issue]]\nid = \"a\"\nname = \"A\"\nlow = \"l\"\n\
         high = \"h\"\n\n\
         [[actor]]\nid = \"x\"\nname = \"X\"\ncapability = 1\n\
         [actor.stance.a]\nposition = 20\nsalience = 0.5\n\n\
         [[actor]]\nid = \"{id}\"\nname = \"Y\"\ncapability = 1\n\
         [actor.stance.{stance_issue}]\nposition = 80\nsalience = 0.5\n"
    )
}

/// No character of `text` may be a control character other than the line breaks the
/// message itself is laid out with, nor a bidi override or mark.
fn assert_no_raw_controls(text: &str) {
    for c in text.chars() {
        assert!(
            c == '\n' || !(c.is_control() || ('\u{200e}'..='\u{206f}').contains(&c)),
            "raw {c:?} in:\n{text}"
        );
    }
}

#[test]
fn an_id_with_an_escape_and_a_newline_is_refused_with_both_escaped() {
    // `\n` and `\u001b` are TOML escapes: the id itself holds the raw characters.
    let path = scratch_file(SUITE, "idnl.toml", &scenario("x\\ny\\u001b[31mRED", "a"));
    let o = parley(&["validate", path.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("error[invalid-id]"), "{err}");
    assert!(err.contains(r"invalid id 'x\ny\u{1b}[31mRED'"), "{err}");
    assert_no_raw_controls(&err);
}

#[test]
fn an_unknown_issue_in_a_stance_key_is_escaped_in_message_and_field() {
    let path = scratch_file(SUITE, "stance.toml", &scenario("y", "\"q\\u001b[31mRED\""));
    let o = parley(&["validate", path.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(r"unknown issue 'q\u{1b}[31mRED'"), "{err}");
    assert!(
        err.contains(r"field: actor[1].stance.q\u{1b}[31mRED"),
        "{err}"
    );
    assert_no_raw_controls(&err);
}

#[test]
fn a_right_to_left_override_in_an_id_is_refused_at_its_line() {
    for (written, shown) in [
        ("x\\u202ey", r"x\u{202e}y"),
        ("x\\u2066y", r"x\u{2066}y"),
        ("x\\u200fy", r"x\u{200f}y"),
        ("x\\u200by", r"x\u{200b}y"),
    ] {
        let path = scratch_file(SUITE, "bidi.toml", &scenario(written, "a"));
        let o = parley(&["validate", path.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{written}: {err}");
        assert!(err.contains("error[invalid-id]"), "{err}");
        // The second actor's id is on line 19.
        assert!(err.contains("bidi.toml:19:"), "{err}");
        assert!(err.contains(&format!("invalid id '{shown}'")), "{err}");
        assert!(err.contains("invisible formatting characters"), "{err}");
        assert_no_raw_controls(&err);
    }
}

#[test]
fn persian_and_emoji_ids_with_joiners_stay_valid() {
    // ZWNJ inside a Persian word and ZWJ inside an emoji sequence are part of the text.
    for id in ["می\u{200c}خواهم", "👨\u{200d}👩"] {
        let path = scratch_file(SUITE, "joiners.toml", &scenario(id, "a"));
        let o = parley(&["validate", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{id}: {}", stderr(&o));
    }
}

#[test]
fn a_resolution_file_quoting_an_unknown_issue_escapes_it() {
    let scenario_path = scratch_file(SUITE, "t.toml", &scenario("y", "a"));
    let resolution = "[resolution]\nscenario = \"t\"\nas_of = 2026-12-07\n\n[[issue]]\n\
                      id = \"a\\u001b[31mRED\"\nvalue = 45\ndate = 2026-12-07\nsources = [\"memo\"]\n";
    let r = scratch_file(SUITE, "r_esc.toml", resolution);
    let db = common::scratch_path(SUITE, "lib.db");
    let _ = std::fs::remove_file(&db);
    let o = parley(&[
        "resolve",
        r.to_str().unwrap(),
        "--scenario",
        scenario_path.to_str().unwrap(),
        "--db",
        db.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains(r"unknown issue 'a\u{1b}[31mRED'"), "{err}");
    assert_no_raw_controls(&err);
}
