//! Text read back from a printed PDF, made comparable with the text it was printed from.
//!
//! Shared by the tests that print a report (`crates/parley-report/tests/print.rs` and the web
//! workbench's `crates/parley-web/tests/e2e.rs`, which includes this file by path): one
//! definition, so the two cannot come to disagree on what "the same text" means.

/// Text without any whitespace, so that line breaks in the PDF do not matter, and with the
/// ligatures the PDF's text holds ("ﬁ") spelled out.
pub fn squeeze(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .replace('\u{FB00}', "ff")
        .replace('\u{FB01}', "fi")
        .replace('\u{FB02}', "fl")
        .replace('\u{FB03}', "ffi")
        .replace('\u{FB04}', "ffl")
}

#[cfg(test)]
mod tests {
    use super::squeeze;

    #[test]
    fn line_breaks_and_ligatures_do_not_matter() {
        assert_eq!(squeeze("Page 2\nof 5"), "Page2of5");
        assert_eq!(squeeze("e\u{FB03}cient \u{FB01}nal"), "efficientfinal");
    }
}
