//! Articles pasted as a web page rather than as text: HTML or XML markup is removed before
//! reading.
//!
//! Read as prose, a page's `<script>` becomes sentences (a variable holding "Iran sanctions"
//! drafted an issue and a stance), its tags become words of the first sentence and the
//! scenario's name, and `&#39;` splits "Iran's". [`strip`] drops scripts, styles, comments
//! and tags, turns block tags into paragraph breaks (so a title or a caption does not run into
//! the next sentence) and decodes the common entities. Plain text is returned untouched: it is
//! judged to be markup only when it has a closing tag, a `<!DOCTYPE`, a `<?xml` or a `<!--`,
//! none of which prose holds.

/// Elements whose content is code or styling, never article text: dropped whole.
const HIDDEN: [&str; 5] = ["script", "style", "noscript", "template", "svg"];

/// Elements that end a block of text: each becomes a paragraph break.
const BLOCKS: [&str; 27] = [
    "p",
    "div",
    "br",
    "hr",
    "title",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "blockquote",
    "figcaption",
    "body",
];

/// The draft's note when markup was removed.
pub const NOTE: &str = "The text held HTML or XML markup (a web page rather than an article's \
     text): scripts, styles and tags were removed and entities decoded before reading, and \
     sentence numbers and spans count the text without them. Paste the article's text, not \
     the page, to be sure nothing of the page was read as the article.";

/// The text the reader reads: `text` with its markup removed when it is markup (see
/// [`strip`]), else `text` itself. Spans of a report index into this text.
pub fn as_read(text: &str) -> std::borrow::Cow<'_, str> {
    strip(text).map_or(std::borrow::Cow::Borrowed(text), std::borrow::Cow::Owned)
}

/// Whether `text` looks like HTML or XML markup rather than prose.
pub fn is_markup(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("<!doctype")
        || lower.contains("<?xml")
        || lower.contains("<!--")
        || has_closing_tag(&lower)
}

/// Whether `lower` holds `</name>` with a name of letters and digits starting with a letter.
fn has_closing_tag(lower: &str) -> bool {
    lower.match_indices("</").any(|(at, _)| {
        let rest = &lower[at + 2..];
        let name_len = tag_name_len(rest);
        name_len > 0 && rest[name_len..].trim_start().starts_with('>')
    })
}

/// Length in bytes of the tag name at the start of `s`: a letter, then letters, digits, `-`,
/// `_`, `:` or `.`.
fn tag_name_len(s: &str) -> usize {
    let mut chars = s.char_indices();
    match chars.next() {
        Some((_, c)) if c.is_ascii_alphabetic() => {}
        _ => return 0,
    }
    chars
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')))
        .map_or(s.len(), |(i, _)| i)
}

/// The article's text with its markup removed, or `None` when it is not markup (see
/// [`is_markup`]).
pub fn strip(text: &str) -> Option<String> {
    if !is_markup(text) {
        return None;
    }
    Some(decode_entities(&drop_tags(text)))
}

/// `text` without comments, declarations, hidden elements' content and tags; block tags
/// become blank lines.
fn drop_tags(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(rel) = text[i..].find('<') {
        let at = i + rel;
        out.push_str(&text[i..at]);
        let rest = &lower[at..];
        i = if rest.starts_with("<!--") {
            skip_past(&lower, at + 4, "-->")
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            skip_past(&lower, at, ">")
        } else if let Some((name, end)) = tag_at(&lower, at) {
            if BLOCKS.contains(&name.as_str()) {
                out.push_str("\n\n");
            }
            if HIDDEN.contains(&name.as_str()) && !lower[at..end].ends_with("/>") {
                let closing = skip_past(&lower, end, &format!("</{name}"));
                skip_past(&lower, closing, ">")
            } else {
                end
            }
        } else {
            // A lone `<` (a comparison in prose inside the page): kept as text.
            out.push('<');
            at + 1
        };
    }
    out.push_str(&text[i..]);
    out
}

/// The lowercase name of the tag starting at `at` (`<p class="x">` or `</p>`) and the offset
/// just past its `>`, or `None` when no tag starts there.
fn tag_at(lower: &str, at: usize) -> Option<(String, usize)> {
    let after = &lower[at + 1..];
    let after = after.strip_prefix('/').unwrap_or(after);
    let name_len = tag_name_len(after);
    if name_len == 0 {
        return None;
    }
    let name = after[..name_len].to_owned();
    let name_end = lower.len() - after.len() + name_len;
    let close = lower[name_end..].find('>')? + name_end + 1;
    Some((name, close))
}

/// The offset just past the first `pattern` at or after `from`, or the end of the text.
fn skip_past(lower: &str, from: usize, pattern: &str) -> usize {
    lower[from..]
        .find(pattern)
        .map_or(lower.len(), |k| from + k + pattern.len())
}

/// `text` with `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;`, typographic quotes and
/// dashes, and numeric entities (`&#39;`, `&#x2019;`) decoded; anything else left as written.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(rel) = text[i..].find('&') {
        let at = i + rel;
        out.push_str(&text[i..at]);
        match entity_at(&text[at..]) {
            Some((c, len)) => {
                out.push(c);
                i = at + len;
            }
            None => {
                out.push('&');
                i = at + 1;
            }
        }
    }
    out.push_str(&text[i..]);
    out
}

/// The character an entity at the start of `s` stands for and the entity's length.
fn entity_at(s: &str) -> Option<(char, usize)> {
    let end = s.get(..12.min(s.len()))?.find(';')?;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(code)?
    } else {
        match body {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => ' ',
            "lsquo" => '\u{2018}',
            "rsquo" => '\u{2019}',
            "ldquo" => '\u{201C}',
            "rdquo" => '\u{201D}',
            "ndash" => '\u{2013}',
            "mdash" => '\u{2014}',
            "hellip" => '\u{2026}',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_loses_its_script_tags_and_entities() {
        let page = "<html><head><title>News</title><script>var x=\"Iran sanctions\";</script>\
                    </head><body><p>Iran&#39;s minister met the envoy &amp; aides.</p>\
                    <div class=\"ad\">Buy now!</div></body></html>";
        let text = strip(page).unwrap_or_default();
        assert!(!text.contains("sanctions"), "{text}");
        assert!(!text.contains('<'), "{text}");
        assert!(
            text.contains("Iran's minister met the envoy & aides."),
            "{text}"
        );
        // The title and the ad are paragraphs of their own, not words of a sentence.
        assert!(text.contains("News\n\n"), "{text:?}");
        assert!(text.contains("\n\nBuy now!"), "{text:?}");
    }

    #[test]
    fn style_comments_and_declarations_are_dropped_and_xml_is_read() {
        let page = "<?xml version=\"1.0\"?><!DOCTYPE x><doc><!-- Iran sanctions -->\
                    <style>p { color: red }</style><body>Talks &#x2019;resumed&lt;.</body></doc>";
        let text = strip(page).unwrap_or_default();
        assert!(
            !text.contains("sanctions") && !text.contains("color"),
            "{text}"
        );
        assert!(text.contains("Talks \u{2019}resumed<."), "{text}");
    }

    #[test]
    fn prose_with_angle_brackets_and_ampersands_is_not_markup() {
        for prose in [
            "AT&T said the rate would be < 5% & falling; x <b and c> d.",
            "Iran said talks would resume. The US <disagreed> sharply.",
            "",
        ] {
            assert_eq!(strip(prose), None, "{prose}");
        }
    }

    #[test]
    fn unknown_entities_and_a_lone_bracket_stay_as_written() {
        let page = "<p>R&D spending &foo; rose, a < b.</p>";
        assert_eq!(
            strip(page).as_deref(),
            Some("\n\nR&D spending &foo; rose, a < b.\n\n")
        );
    }
}
