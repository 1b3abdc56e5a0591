//! The embedded font (DejaVu Sans, Bitstream Vera licence: `fonts/LICENSE-DejaVu.txt`) and
//! text measurement with its metrics.
//!
//! Charts lay out labels with these metrics and PNGs are drawn with this font, so a chart looks
//! the same on every machine and no system font is ever looked up. Browsers showing the SVG
//! use the same family when installed, else a similar sans-serif; DejaVu Sans is among the
//! widest common sans-serif faces, so labels measured with it fit in narrower fallbacks too.

use std::sync::OnceLock;

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// DejaVu Sans, regular.
pub const REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
/// DejaVu Sans, bold.
pub const BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");
/// The licence the font is distributed under.
pub const LICENCE: &str = include_str!("../fonts/LICENSE-DejaVu.txt");
/// The family name charts ask for, with fallbacks for browsers without it.
pub const FAMILY: &str = "DejaVu Sans, Verdana, Arial, sans-serif";

/// Characters whose advance is tabulated; others are measured as an average glyph.
const TABLE: usize = 0x250;
/// Advance of a character outside the table, in em (about an average DejaVu Sans glyph).
const FALLBACK_EM: f32 = 0.62;

/// Advance widths in em for the first [`TABLE`] code points.
fn advances(bold: bool) -> &'static [f32; TABLE] {
    static REG: OnceLock<[f32; TABLE]> = OnceLock::new();
    static BLD: OnceLock<[f32; TABLE]> = OnceLock::new();
    let (cell, data) = if bold { (&BLD, BOLD) } else { (&REG, REGULAR) };
    cell.get_or_init(|| tabulate(data))
}

fn tabulate(data: &[u8]) -> [f32; TABLE] {
    let mut table = [FALLBACK_EM; TABLE];
    // The font is compiled in and known to parse; a failure would leave the fallback widths.
    let Ok(font) = FontRef::new(data) else {
        return table;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(1.0), LocationRef::default());
    for (code, slot) in table.iter_mut().enumerate() {
        let advance = char::from_u32(code as u32)
            .and_then(|c| charmap.map(c))
            .and_then(|g| metrics.advance_width(g));
        if let Some(a) = advance {
            *slot = a;
        }
    }
    table
}

/// Width of `text` in pixels at `size` px, in the regular or bold face.
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let table = advances(bold);
    let em: f32 = text
        .chars()
        .map(|c| table.get(c as usize).copied().unwrap_or(FALLBACK_EM))
        .sum();
    f64::from(em) * size
}

/// Breaks `text` into lines no wider than `max_width` px at `size` px, at spaces; a single word
/// wider than the line is kept whole.
pub fn wrap(text: &str, size: f64, max_width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if !line.is_empty() && text_width(&candidate, size, false) > max_width {
            lines.push(std::mem::replace(&mut line, word.to_owned()));
        } else {
            line = candidate;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// `text` cut to fit `max_width` px, with an ellipsis when cut.
pub fn truncate(text: &str, size: f64, max_width: f64) -> String {
    if text_width(text, size, false) <= max_width {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if text_width(&out, size, false) + text_width("…", size, false) > max_width {
            out.pop();
            break;
        }
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        // DejaVu Sans: 'i' is narrow, 'W' wide; bold is wider than regular.
        let i = text_width("i", 10.0, false);
        let w = text_width("W", 10.0, false);
        assert!(i > 1.0 && i < 4.0, "{i}");
        assert!(w > 8.0 && w < 11.0, "{w}");
        assert!(text_width("Parley", 12.0, true) > text_width("Parley", 12.0, false));
        assert_eq!(
            text_width("ab", 12.0, false),
            2.0 * text_width("ab", 6.0, false)
        );
    }

    #[test]
    fn wrapping_keeps_every_word_and_respects_the_width() {
        let text = "Enrichment fully dismantled, intrusive inspection";
        let lines = wrap(text, 11.0, 120.0);
        assert!(lines.len() >= 2);
        assert_eq!(lines.join(" "), text);
        for l in &lines {
            assert!(
                text_width(l, 11.0, false) <= 120.0 || !l.contains(' '),
                "{l}"
            );
        }
    }

    #[test]
    fn truncation_ends_with_an_ellipsis_and_fits() {
        let t = truncate("usa.ukraine_ceasefire.salience", 11.0, 80.0);
        assert!(t.ends_with('…'));
        assert!(text_width(&t, 11.0, false) <= 80.0);
        assert_eq!(truncate("usa", 11.0, 80.0), "usa");
    }
}
