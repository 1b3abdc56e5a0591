//! A small SVG writer: elements with escaped attributes, groups, hover titles and text.
//!
//! Charts write their SVG directly rather than through a plotting library so that every mark
//! can carry the hooks the web page uses (`class`, `data-*` attributes, `<title>` for hover),
//! and so that the SVG is the one description of a chart: PNGs are this SVG rasterised.

use std::fmt::Write;

/// Escapes text for XML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A coordinate or length with at most two decimals and no trailing zeros.
pub fn n(x: f64) -> String {
    if !x.is_finite() {
        return "0".into();
    }
    let s = format!("{:.2}", x);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_owned() }
}

/// Horizontal anchoring of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Text starts at x.
    Start,
    /// Text is centred on x.
    Middle,
    /// Text ends at x.
    End,
}

impl Anchor {
    fn name(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// How a text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// Size in px.
    pub size: f64,
    /// Bold face.
    pub bold: bool,
    /// Fill colour.
    pub fill: &'static str,
    /// Anchoring.
    pub anchor: Anchor,
}

impl TextStyle {
    /// Regular text of `size` px in the chart's ink colour, anchored at its start.
    pub fn new(size: f64) -> Self {
        Self {
            size,
            bold: false,
            fill: crate::chart::style::INK,
            anchor: Anchor::Start,
        }
    }

    /// Bold.
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    /// Another anchor.
    pub fn anchor(mut self, anchor: Anchor) -> Self {
        self.anchor = anchor;
        self
    }

    /// Another colour.
    pub fn fill(mut self, fill: &'static str) -> Self {
        self.fill = fill;
        self
    }
}

/// An SVG document being written.
#[derive(Debug)]
pub struct Svg {
    buf: String,
    open: Vec<&'static str>,
}

impl Svg {
    /// An empty body; wrap the finished body with [`document`].
    pub fn new() -> Self {
        Self {
            buf: String::with_capacity(16 * 1024),
            open: Vec::new(),
        }
    }

    /// Opens a `<g>` with these attributes; close it with [`Svg::end`].
    pub fn group(&mut self, attrs: &[(&str, &str)]) {
        self.buf.push_str("<g");
        push_attrs(&mut self.buf, attrs);
        self.buf.push('>');
        self.open.push("g");
    }

    /// Closes the innermost open element.
    pub fn end(&mut self) {
        if let Some(name) = self.open.pop() {
            let _ = write!(self.buf, "</{name}>");
        }
    }

    /// A `<title>` for the enclosing element (the browser shows it on hover).
    pub fn title(&mut self, text: &str) {
        let _ = write!(self.buf, "<title>{}</title>", escape(text));
    }

    /// An empty element, or one holding a hover title.
    pub fn element(&mut self, name: &str, attrs: &[(&str, String)], title: Option<&str>) {
        let _ = write!(self.buf, "<{name}");
        for (k, v) in attrs {
            let _ = write!(self.buf, " {k}=\"{}\"", escape(v));
        }
        match title {
            Some(t) => {
                let _ = write!(self.buf, "><title>{}</title></{name}>", escape(t));
            }
            None => self.buf.push_str("/>"),
        }
    }

    /// A filled rectangle.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, title: Option<&str>) {
        self.element(
            "rect",
            &[
                ("x", n(x)),
                ("y", n(y)),
                ("width", n(w.max(0.0))),
                ("height", n(h.max(0.0))),
                ("fill", fill.to_owned()),
            ],
            title,
        );
    }

    /// A straight line.
    pub fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), stroke: &str, width: f64) {
        self.element(
            "line",
            &[
                ("x1", n(x1)),
                ("y1", n(y1)),
                ("x2", n(x2)),
                ("y2", n(y2)),
                ("stroke", stroke.to_owned()),
                ("stroke-width", n(width)),
            ],
            None,
        );
    }

    /// A dashed straight line.
    pub fn dashed(&mut self, a: (f64, f64), b: (f64, f64), stroke: &str, width: f64) {
        self.element(
            "line",
            &[
                ("x1", n(a.0)),
                ("y1", n(a.1)),
                ("x2", n(b.0)),
                ("y2", n(b.1)),
                ("stroke", stroke.to_owned()),
                ("stroke-width", n(width)),
                ("stroke-dasharray", "4 3".to_owned()),
            ],
            None,
        );
    }

    /// A polyline through `points`.
    pub fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, width: f64, dashed: bool) {
        let pts = points
            .iter()
            .map(|(x, y)| format!("{},{}", n(*x), n(*y)))
            .collect::<Vec<_>>()
            .join(" ");
        let mut attrs = vec![
            ("points", pts),
            ("fill", "none".to_owned()),
            ("stroke", stroke.to_owned()),
            ("stroke-width", n(width)),
            ("stroke-linejoin", "round".to_owned()),
        ];
        if dashed {
            attrs.push(("stroke-dasharray", "6 4".to_owned()));
        }
        self.element("polyline", &attrs, None);
    }

    /// A filled circle.
    pub fn circle(&mut self, (cx, cy): (f64, f64), r: f64, fill: &str, title: Option<&str>) {
        self.element(
            "circle",
            &[
                ("cx", n(cx)),
                ("cy", n(cy)),
                ("r", n(r)),
                ("fill", fill.to_owned()),
                ("stroke", "#ffffff".to_owned()),
                ("stroke-width", "1".to_owned()),
            ],
            title,
        );
    }

    /// A filled polygon.
    pub fn polygon(&mut self, points: &[(f64, f64)], fill: &str, title: Option<&str>) {
        let pts = points
            .iter()
            .map(|(x, y)| format!("{},{}", n(*x), n(*y)))
            .collect::<Vec<_>>()
            .join(" ");
        self.element(
            "polygon",
            &[
                ("points", pts),
                ("fill", fill.to_owned()),
                ("stroke", "#ffffff".to_owned()),
                ("stroke-width", "1".to_owned()),
            ],
            title,
        );
    }

    /// A line of text with its baseline at `y`.
    pub fn text(&mut self, x: f64, y: f64, text: &str, style: TextStyle) {
        let _ = write!(
            self.buf,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\"",
            n(x),
            n(y),
            n(style.size)
        );
        if style.bold {
            self.buf.push_str(" font-weight=\"bold\"");
        }
        if style.anchor != Anchor::Start {
            let _ = write!(self.buf, " text-anchor=\"{}\"", style.anchor.name());
        }
        if style.fill != crate::chart::style::INK {
            let _ = write!(self.buf, " fill=\"{}\"", style.fill);
        }
        let _ = write!(self.buf, ">{}</text>", escape(text));
    }

    /// Several lines of text, `leading` px apart, the first baseline at `y`.
    pub fn lines(&mut self, x: f64, y: f64, lines: &[String], leading: f64, style: TextStyle) {
        for (k, line) in lines.iter().enumerate() {
            self.text(x, y + k as f64 * leading, line, style);
        }
    }

    /// Closes every open element and returns the document.
    pub fn finish(mut self) -> String {
        while !self.open.is_empty() {
            self.end();
        }
        self.buf
    }
}

impl Default for Svg {
    fn default() -> Self {
        Self::new()
    }
}

/// An `<svg>` root of `width` x `height` px around `body`, with the given attributes.
pub fn document(width: f64, height: f64, attrs: &[(&str, &str)], body: &str) -> String {
    let mut buf = String::with_capacity(body.len() + 256);
    let _ = write!(
        buf,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{f}\" font-size=\"12\"",
        w = n(width),
        h = n(height),
        f = crate::font::FAMILY
    );
    push_attrs(&mut buf, attrs);
    buf.push('>');
    buf.push_str(body);
    buf.push_str("</svg>");
    buf
}

fn push_attrs(buf: &mut String, attrs: &[(&str, &str)]) {
    for (k, v) in attrs {
        let _ = write!(buf, " {k}=\"{}\"", escape(v));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_never_nan() {
        assert_eq!(n(1.0), "1");
        assert_eq!(n(1.255), "1.25");
        assert_eq!(n(-0.001), "0");
        assert_eq!(n(f64::NAN), "0");
        assert_eq!(n(12.5), "12.5");
    }

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut s = Svg::new();
        s.group(&[("class", "series")]);
        s.text(0.0, 0.0, "R&D <x>", TextStyle::new(12.0));
        s.title("it's");
        let out = document(10.0, 10.0, &[("data-x", "a\"b")], &s.finish());
        assert!(out.contains("data-x=\"a&quot;b\""));
        assert!(out.contains("R&amp;D &lt;x&gt;"));
        assert!(out.contains("it&#39;s"));
        assert!(out.ends_with("</g></svg>"));
    }
}
