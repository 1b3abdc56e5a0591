//! Tokens: words, numbers and punctuation with their byte spans in the article.
//!
//! The tokenizer is the single source of truth for how text is cut: data-file phrases are cut
//! by the same function, so "al-Assad", "Iran's" and "U.S." match however they are written.

/// What kind of token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// Letters (possibly with internal apostrophes or abbreviation periods).
    Word,
    /// Digits (possibly with internal `.` or `,`).
    Number,
    /// Anything else, one character (or `...`).
    Punct,
}

/// Capitalisation of a token as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// all lower case (or no letters)
    Lower,
    /// First letter upper case, the rest lower (a single capital letter counts here).
    Title,
    /// All upper case, two letters or more ("US", "NATO", "U.S.").
    Upper,
    /// Anything else ("ElBaradei", "McCain").
    Mixed,
}

impl Case {
    /// Whether the first letter is a capital.
    pub fn capitalised(self) -> bool {
        !matches!(self, Case::Lower)
    }
}

/// One token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the first byte in the article.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Lower-cased, with typographic apostrophes and quotes made plain.
    pub lower: String,
    /// Word, number or punctuation.
    pub kind: TokKind,
    /// Capitalisation as written.
    pub case: Case,
    /// Line breaks in the whitespace before this token (saturating).
    pub newlines_before: u8,
}

impl Token {
    /// Whether this token is the punctuation mark `p`.
    pub fn is(&self, p: &str) -> bool {
        self.lower == p
    }

    /// Whether this is a word token.
    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }
}

/// Cuts text into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut i = 0;
    let mut newlines: u8 = 0;
    while let Some(&(pos, c)) = chars.get(i) {
        if c == '\n' {
            newlines = newlines.saturating_add(1);
            i += 1;
        } else if c.is_whitespace() || c.is_control() || c == '\u{feff}' {
            i += 1;
        } else if c.is_alphanumeric() {
            i = push_word(text, &chars, i, newlines, &mut out);
            newlines = 0;
        } else {
            let (end_i, end) = punct_end(text, &chars, i);
            out.push(make(text, pos, end, TokKind::Punct, newlines));
            newlines = 0;
            i = end_i;
        }
    }
    out
}

/// End of a punctuation token: `...` is one token, every other mark is its own.
fn punct_end(text: &str, chars: &[(usize, char)], i: usize) -> (usize, usize) {
    let c = chars[i].1;
    if c == '.' {
        let mut j = i;
        while chars.get(j).is_some_and(|&(_, d)| d == '.') {
            j += 1;
        }
        if j - i >= 3 {
            return (j, byte_at(text, chars, j));
        }
    }
    (i + 1, byte_at(text, chars, i + 1))
}

fn byte_at(text: &str, chars: &[(usize, char)], i: usize) -> usize {
    chars.get(i).map_or(text.len(), |&(p, _)| p)
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Scans one word (or number) starting at `i`, pushes it and any split-off clitic, and returns
/// the index after it.
fn push_word(
    text: &str,
    chars: &[(usize, char)],
    start_i: usize,
    newlines: u8,
    out: &mut Vec<Token>,
) -> usize {
    let numeric = chars[start_i].1.is_ascii_digit();
    let mut j = start_i;
    loop {
        while chars.get(j).is_some_and(|&(_, c)| c.is_alphanumeric()) {
            j += 1;
        }
        let Some(&(_, c)) = chars.get(j) else { break };
        let next = chars.get(j + 1).map(|&(_, d)| d);
        let next_alnum = next.is_some_and(char::is_alphanumeric);
        if (c == '.' && next_alnum) || (numeric && c == ',' && thousands(chars, j + 1)) {
            j += 1;
            continue;
        }
        if is_apostrophe(c) && next.is_some_and(char::is_alphabetic) {
            match clitic_at(chars, start_i, j) {
                Clitic::None => {
                    j += 1;
                    continue;
                }
                Clitic::Nt => {
                    // "don't" -> "do" + "n't": the n belongs to the clitic.
                    let n_at = j - 1;
                    if n_at > start_i {
                        let s = chars[start_i].0;
                        out.push(make(text, s, chars[n_at].0, TokKind::Word, newlines));
                    }
                    let end = byte_at(text, chars, j + 2);
                    out.push(make(text, chars[n_at].0, end, TokKind::Word, 0));
                    return j + 2;
                }
                Clitic::Suffix(len) => {
                    let s = chars[start_i].0;
                    let kind = word_kind(numeric);
                    out.push(make(text, s, chars[j].0, kind, newlines));
                    let end = byte_at(text, chars, j + 1 + len);
                    out.push(make(text, chars[j].0, end, TokKind::Word, 0));
                    return j + 1 + len;
                }
            }
        }
        break;
    }
    // Abbreviations written with periods keep their final period: "U.S.", "e.g.".
    if is_dotted_abbreviation(&chars[start_i..j]) && chars.get(j).is_some_and(|&(_, c)| c == '.') {
        j += 1;
    }
    let s = chars[start_i].0;
    out.push(make(
        text,
        s,
        byte_at(text, chars, j),
        word_kind(numeric),
        newlines,
    ));
    j
}

fn word_kind(numeric: bool) -> TokKind {
    if numeric {
        TokKind::Number
    } else {
        TokKind::Word
    }
}

fn thousands(chars: &[(usize, char)], at: usize) -> bool {
    (0..3).all(|k| chars.get(at + k).is_some_and(|&(_, c)| c.is_ascii_digit()))
        && !chars.get(at + 3).is_some_and(|&(_, c)| c.is_ascii_digit())
}

enum Clitic {
    None,
    Nt,
    Suffix(usize),
}

/// What follows an apostrophe at `j` inside a word that started at `start`.
fn clitic_at(chars: &[(usize, char)], start: usize, j: usize) -> Clitic {
    let mut k = j + 1;
    let mut tail = String::new();
    while let Some(&(_, c)) = chars.get(k) {
        if !c.is_alphanumeric() {
            break;
        }
        tail.extend(c.to_lowercase());
        k += 1;
        if tail.len() > 3 {
            return Clitic::None;
        }
    }
    let prev_n = j > start + 1 && chars[j - 1].1.eq_ignore_ascii_case(&'n');
    match tail.as_str() {
        "t" if prev_n => Clitic::Nt,
        "s" | "ll" | "re" | "ve" | "d" | "m" => Clitic::Suffix(tail.chars().count()),
        _ => Clitic::None,
    }
}

/// Single letters separated by periods: U.S, U.N, e.g, U.S.S.R.
fn is_dotted_abbreviation(chars: &[(usize, char)]) -> bool {
    chars.len() >= 3
        && chars.iter().enumerate().all(|(k, &(_, c))| {
            if k % 2 == 0 {
                c.is_alphabetic()
            } else {
                c == '.'
            }
        })
}

fn make(text: &str, start: usize, end: usize, kind: TokKind, newlines: u8) -> Token {
    let raw = text.get(start..end).unwrap_or("");
    Token {
        start,
        end,
        lower: normalise(raw),
        kind,
        case: case_of(raw),
        newlines_before: newlines,
    }
}

/// Lower-cases and makes typographic marks plain so that lexicon lookups see one spelling.
pub fn normalise(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii() && c != '`' {
            // Most text is ASCII, whose lower case is one ASCII character.
            s.push(c.to_ascii_lowercase());
            continue;
        }
        match c {
            '\u{2019}' | '\u{2018}' | '`' => s.push('\''),
            '\u{201c}' | '\u{201d}' => s.push('"'),
            '\u{2010}' | '\u{2011}' => s.push('-'),
            _ => s.extend(c.to_lowercase()),
        }
    }
    s
}

/// Capitalisation of raw token text.
pub fn case_of(raw: &str) -> Case {
    // Counted in one pass: this runs on every token of every article.
    let mut first: Option<char> = None;
    let (mut letters, mut uppers) = (0usize, 0usize);
    for c in raw.chars().filter(|c| c.is_alphabetic()) {
        first.get_or_insert(c);
        letters += 1;
        uppers += usize::from(c.is_uppercase());
    }
    let Some(first) = first else {
        return Case::Lower;
    };
    if uppers == 0 {
        Case::Lower
    } else if uppers == letters && letters >= 2 {
        Case::Upper
    } else if first.is_uppercase() && uppers == 1 {
        Case::Title
    } else {
        Case::Mixed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text).into_iter().map(|t| t.lower).collect()
    }

    #[test]
    fn splits_possessives_and_negations() {
        assert_eq!(words("Iran’s president"), ["iran", "'s", "president"]);
        assert_eq!(words("won't"), ["wo", "n't"]);
        assert_eq!(words("it didn't"), ["it", "did", "n't"]);
        assert_eq!(words("Workers' Party"), ["workers", "'", "party"]);
    }

    #[test]
    fn keeps_abbreviations_numbers_and_internal_apostrophes() {
        assert_eq!(words("the U.S. said"), ["the", "u.s.", "said"]);
        assert_eq!(words("3.5 and 1,000"), ["3.5", "and", "1,000"]);
        assert_eq!(words("Sana'a"), ["sana'a"]);
        assert_eq!(words("al-Assad"), ["al", "-", "assad"]);
        assert_eq!(words("wait..."), ["wait", "..."]);
    }

    #[test]
    fn records_spans_cases_and_line_breaks() {
        let text = "US aid\n\nNATO";
        let toks = tokenize(text);
        assert_eq!(toks[0].case, Case::Upper);
        assert_eq!(toks[1].case, Case::Lower);
        assert_eq!(&text[toks[2].start..toks[2].end], "NATO");
        assert_eq!(toks[2].newlines_before, 2);
        assert_eq!(case_of("Iran"), Case::Title);
        assert_eq!(case_of("ElBaradei"), Case::Mixed);
    }

    #[test]
    fn normalises_ascii_and_other_letters_alike() {
        // The ASCII fast path must still turn a backtick into an apostrophe.
        assert_eq!(normalise("`Iran`"), "'iran'");
        assert_eq!(normalise("ÉLYSÉE \u{2019}NATO\u{201d}"), "élysée 'nato\"");
        assert_eq!(case_of("ÉLYSÉE"), Case::Upper);
        assert_eq!(case_of("Élysée"), Case::Title);
        assert_eq!(case_of("3-D"), Case::Title);
        assert_eq!(case_of("123"), Case::Lower);
    }

    #[test]
    fn survives_odd_input() {
        assert!(tokenize("").is_empty());
        assert_eq!(tokenize("\u{feff}\u{0}").len(), 0);
        assert_eq!(words("'''"), ["'", "'", "'"]);
        assert_eq!(words("a'"), ["a", "'"]);
    }
}
