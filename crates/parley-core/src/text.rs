//! Text from input files made safe to quote in a message, and the characters that can
//! disguise text.
//!
//! Messages name what is wrong by quoting it (`unknown issue 'q'`), and a scenario, resolution
//! or spreadsheet received from someone else can hold anything: printed raw, an escape
//! sequence recolours or retitles the terminal, a line break fakes a line of the listing, and
//! a bidi override reverses what follows it. Every message that quotes input text goes through
//! [`shown`] (or [`Shown`]), so such characters appear as escapes (`\u{1b}`, `\n`, `\u{202e}`)
//! while letters of any script, emoji, quotes and backslashes stay as written.

use std::borrow::Cow;
use std::fmt;

/// Whether `c` is an invisible formatting character that can make text look other than it
/// is: the bidi embeddings, overrides, isolates and marks (U+202A-U+202E, U+2066-U+2069,
/// U+200E, U+200F, U+061C), and the zero-width or hidden format characters (U+00AD, U+180E,
/// U+200B, U+2060-U+2064, U+206A-U+206F, U+FEFF, U+FFF9-U+FFFB, the tag characters
/// U+E0001 and U+E0020-U+E007F). The joiners U+200C and U+200D are not among them: Persian
/// words and emoji sequences need them, and they cannot reorder or hide text.
pub fn is_disguising(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

/// Whether `c` must not reach a terminal raw: a control character or a disguising one.
fn needs_escape(c: char) -> bool {
    c.is_control() || is_disguising(c)
}

/// `text` with its control and disguising characters written as Rust escapes (`\u{1b}`,
/// `\n`, `\t`, `\u{202e}`), everything else as written. Borrows when nothing needs escaping.
pub fn shown(text: &str) -> Cow<'_, str> {
    if text.chars().any(needs_escape) {
        Cow::Owned(Shown(text).to_string())
    } else {
        Cow::Borrowed(text)
    }
}

/// Displays its text as [`shown`] writes it, for use inside `format!` and error attributes.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a>(pub &'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if needs_escape(c) {
                write!(f, "{}", c.escape_debug())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_control_and_bidi_characters_and_keeps_the_rest() {
        assert_eq!(shown("x\ny\u{1b}[31mRED"), "x\\ny\\u{1b}[31mRED");
        assert_eq!(shown("a\u{202e}b\tc"), "a\\u{202e}b\\tc");
        assert_eq!(shown("a\u{feff}b\u{e0041}"), "a\\u{feff}b\\u{e0041}");
    }

    #[test]
    fn leaves_scripts_emoji_quotes_and_joiners_as_written() {
        for text in [
            "Côte d'Ivoire",
            "إيران",
            "می\u{200c}خواهم",
            "👨\u{200d}👩",
            "a\\b \"q\"",
        ] {
            assert!(
                matches!(shown(text), Cow::Borrowed(t) if t == text),
                "{text}"
            );
        }
    }

    #[test]
    fn no_escaped_text_holds_a_character_that_needs_escaping() {
        let nasty: String = (0u32..0x110)
            .chain(0x2000..0x2070)
            .chain([0xFEFF, 0xE0001, 0xE0041])
            .filter_map(char::from_u32)
            .collect();
        assert!(!shown(&nasty).chars().any(needs_escape));
    }
}
