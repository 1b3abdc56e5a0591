//! Sentence splitting over tokens.
//!
//! A full stop ends a sentence unless it follows an abbreviation ("Gen.", "Mr."), an initial
//! ("George W. Bush") or is part of a token ("U.S.", "3.5"); "U.S." itself ends a sentence
//! only before a typical sentence opener ("... with the U.S. The talks ..."). A line break is a
//! paragraph break, except in hard-wrapped text (blank lines between blocks of lines that do
//! not end in punctuation), where only blank lines are. Very long sentences are cut into
//! pieces so that every later step stays linear in the input.

use crate::token::{Case, TokKind, Token};

/// Longest sentence analysed as one piece, in tokens.
pub const MAX_SENTENCE_TOKENS: usize = 160;

/// A sentence: a token range and its paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentenceRange {
    /// First token index.
    pub start: usize,
    /// One past the last token index.
    pub end: usize,
    /// 1-based paragraph number.
    pub paragraph: usize,
    /// True when the sentence was cut because it was too long.
    pub forced: bool,
}

const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "adm", "cmdr", "sen",
    "rep", "gov", "pres", "prof", "st", "mt", "jr", "sr", "inc", "corp", "ltd", "co", "vs", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "approx",
    "dept", "est", "govt", "ft", "rev", "hon", "messrs", "no", "nos", "art", "vol", "pp", "ca",
];

const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "but",
    "and",
    "in",
    "on",
    "at",
    "this",
    "that",
    "these",
    "those",
    "however",
    "meanwhile",
    "there",
    "his",
    "her",
    "its",
    "their",
    "our",
    "what",
    "when",
    "where",
    "why",
    "how",
    "who",
    "if",
    "as",
    "after",
    "before",
    "since",
    "while",
    "although",
    "still",
    "yet",
    "so",
    "officials",
    "some",
    "many",
    "both",
];

/// Whether single newlines are only wrapping (blank lines separate paragraphs).
fn wrapped(text: &str) -> bool {
    let has_blank = text.contains("\n\n") || text.contains("\n\r\n");
    if !has_blank {
        return false;
    }
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let open = lines
        .iter()
        .filter(|l| !l.ends_with(['.', '?', '!', '"', '\u{201d}', ':']))
        .count();
    lines.len() >= 4 && open * 2 > lines.len()
}

/// Splits `toks` (of `text`) into sentences.
pub fn split(text: &str, toks: &[Token]) -> Vec<SentenceRange> {
    let para_newlines = if wrapped(text) { 2 } else { 1 };
    let words = next_words(toks);
    let mut out = Vec::new();
    let mut paragraph = 1;
    let mut start = 0;
    let mut i = 0;
    let mut last_break = 0;
    while i < toks.len() {
        let t = &toks[i];
        if i > last_break && usize::from(t.newlines_before) >= para_newlines {
            // A paragraph break; it also ends the sentence when it did not end already.
            push(&mut out, start, i, paragraph);
            paragraph += 1;
            start = i;
            last_break = i;
        } else if i > start && i == start + MAX_SENTENCE_TOKENS {
            let cut = soft_cut(toks, start, i);
            push_forced(&mut out, start, cut, paragraph);
            start = cut;
            continue;
        }
        if ends_sentence(toks, i, &words) {
            let mut end = i + 1;
            // Closing marks touch the full stop; an opening quote after a space starts the
            // next sentence.
            while toks
                .get(end)
                .is_some_and(|t| closes(t) && t.start == toks[end - 1].end)
            {
                end += 1;
            }
            push(&mut out, start, end, paragraph);
            start = end;
            i = end;
            continue;
        }
        i += 1;
    }
    if start < toks.len() {
        push(&mut out, start, toks.len(), paragraph);
    }
    out
}

fn push(out: &mut Vec<SentenceRange>, start: usize, end: usize, paragraph: usize) {
    if end > start {
        out.push(SentenceRange {
            start,
            end,
            paragraph,
            forced: false,
        });
    }
}

fn push_forced(out: &mut Vec<SentenceRange>, start: usize, end: usize, paragraph: usize) {
    out.push(SentenceRange {
        start,
        end,
        paragraph,
        forced: true,
    });
}

/// Where to cut an over-long sentence: after the last `;` or `,` in its second half, else at
/// the limit.
fn soft_cut(toks: &[Token], start: usize, limit: usize) -> usize {
    let half = start + (limit - start) / 2;
    (half..limit)
        .rev()
        .find(|&k| matches!(toks[k].lower.as_str(), ";" | ","))
        .map_or(limit, |k| k + 1)
}

fn closes(t: &Token) -> bool {
    t.kind == TokKind::Punct
        && matches!(
            t.lower.as_str(),
            "\"" | "'" | ")" | "]" | "\u{201d}" | "\u{2019}"
        )
}

/// Quotes and brackets skipped when looking for the word after a full stop.
fn skipped(t: &Token) -> bool {
    t.kind == TokKind::Punct && closes(t) || t.lower == "\"" || t.lower == "("
}

/// For each token, the index of the first token at or after it that is not skipped (the
/// token count when there is none), in one backward pass: looking forward from every token
/// instead was quadratic in a run of brackets or quotes (200 KB of parentheses: 27 s).
fn next_words(toks: &[Token]) -> Vec<usize> {
    let mut out = vec![toks.len(); toks.len() + 1];
    for i in (0..toks.len()).rev() {
        out[i] = if skipped(&toks[i]) { out[i + 1] } else { i };
    }
    out
}

/// Whether token `i` ends its sentence; `words` from [`next_words`].
fn ends_sentence(toks: &[Token], i: usize, words: &[usize]) -> bool {
    let t = &toks[i];
    let next = words.get(i + 1).and_then(|&k| toks.get(k));
    let next_starts = next.is_none_or(|n| n.case.capitalised() || n.kind != TokKind::Word);
    match t.lower.as_str() {
        "?" | "!" => next_starts,
        "..." | "\u{2026}" => next.is_none_or(|n| n.case.capitalised()),
        "." => full_stop_ends(toks, i, next),
        _ if t.kind == TokKind::Word && t.lower.ends_with('.') => {
            // "U.S." at the end of a sentence: only before a typical opener.
            next.is_none_or(|n| n.case.capitalised() && OPENERS.contains(&n.lower.as_str()))
        }
        _ => false,
    }
}

fn full_stop_ends(toks: &[Token], i: usize, next: Option<&Token>) -> bool {
    let Some(next) = next else { return true };
    if i == 0 {
        return true;
    }
    let prev = &toks[i - 1];
    let is_initial =
        prev.kind == TokKind::Word && prev.lower.chars().count() == 1 && prev.case == Case::Title;
    let abbreviation = prev.kind == TokKind::Word
        && prev.end == toks[i].start
        && ABBREVIATIONS.contains(&prev.lower.as_str())
        && !(prev.lower == "no" && next.kind != TokKind::Number);
    if is_initial || abbreviation {
        // "Gen. Smith" continues; "... in Washington D.C. The" was handled by the token rule.
        return false;
    }
    next.case.capitalised() || next.kind != TokKind::Word
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn sentences(text: &str) -> Vec<String> {
        let toks = tokenize(text);
        split(text, &toks)
            .into_iter()
            .map(|s| text[toks[s.start].start..toks[s.end - 1].end].to_owned())
            .collect()
    }

    #[test]
    fn survives_abbreviations_and_initials() {
        let s = sentences(
            "Former US president George W. Bush met Gen. Smith in the U.S. capital. Mr. Jones saw No. 5 go. The U.S. The end.",
        );
        assert_eq!(
            s,
            [
                "Former US president George W. Bush met Gen. Smith in the U.S. capital.",
                "Mr. Jones saw No. 5 go.",
                "The U.S.",
                "The end."
            ]
        );
    }

    #[test]
    fn titles_dates_times_and_initialisms() {
        let s = sentences(concat!(
            "The talks began at 9 a.m. on Monday in St. Petersburg. ",
            "Lt. Col. Smith said Sen. John McCain met Dr. Ali in Washington, D.C., on Jan. 5. ",
            "The U.S. Army said U.S. officials, e.g. envoys, would attend. ",
            "He met Gov. Brown at 3 p.m. The meeting ended. ",
            "Prof. A. B. Jones spoke at the U.N. Security Council. ",
            "Talks with the U.N. Officials said later that talks had failed. ",
            "It was Sept. 11. The Sept. 11 attacks changed U.S. policy."
        ));
        assert_eq!(
            s,
            [
                "The talks began at 9 a.m. on Monday in St. Petersburg.",
                "Lt. Col. Smith said Sen. John McCain met Dr. Ali in Washington, D.C., on Jan. 5.",
                "The U.S. Army said U.S. officials, e.g. envoys, would attend.",
                "He met Gov. Brown at 3 p.m.",
                "The meeting ended.",
                "Prof. A. B. Jones spoke at the U.N. Security Council.",
                "Talks with the U.N.",
                "Officials said later that talks had failed.",
                "It was Sept. 11.",
                "The Sept. 11 attacks changed U.S. policy."
            ]
        );
    }

    #[test]
    fn questions_quotes_and_lines() {
        let s =
            sentences("Does Iran want another deal?\n\"Yes,\" he said. \"No!\" She left.\nHeading");
        assert_eq!(
            s,
            [
                "Does Iran want another deal?",
                "\"Yes,\" he said.",
                "\"No!\"",
                "She left.",
                "Heading"
            ]
        );
    }

    #[test]
    fn wrapped_text_joins_lines() {
        let text = "Iran said\non Tuesday that it\nwould talk\n\nRussia said\nnothing at all\nthat day\nor later";
        let toks = tokenize(text);
        let s = split(text, &toks);
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].paragraph, 2);
        let text = "One.\nTwo.\n\nThree.";
        let toks = tokenize(text);
        let paragraphs: Vec<usize> = split(text, &toks).iter().map(|s| s.paragraph).collect();
        assert_eq!(paragraphs, [1, 2, 3]);
    }

    #[test]
    fn next_words_skips_brackets_and_quotes() {
        let text = "It ended. (\"Then\") ) x . ((";
        let toks = tokenize(text);
        let words = next_words(&toks);
        assert_eq!(words.len(), toks.len() + 1);
        for (i, &word) in words.iter().enumerate().take(toks.len()) {
            // The naive look-ahead it replaces.
            let naive = (i..toks.len())
                .find(|&k| !skipped(&toks[k]))
                .unwrap_or(toks.len());
            assert_eq!(word, naive, "token {i}");
        }
        assert_eq!(words[toks.len()], toks.len());
    }

    #[test]
    fn cuts_very_long_sentences() {
        let text = "word ".repeat(1000);
        let toks = tokenize(&text);
        let s = split(&text, &toks);
        assert!(s.iter().all(|r| r.end - r.start <= MAX_SENTENCE_TOKENS));
        assert_eq!(s.iter().map(|r| r.end - r.start).sum::<usize>(), 1000);
        assert!(s[0].forced);
    }
}
