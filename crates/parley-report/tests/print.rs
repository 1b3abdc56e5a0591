//! The flagship's report printed to PDF by headless Chromium (Debian's `chromium`, as the CI
//! installs it; `CHROMIUM` names another binary), then read back with `lopdf`: the page count
//! stays within a bound, no page is under 15% filled, every page carries its number, and every
//! question's answer from the brief is on page 1.
//!
//! Without Chromium the test says loudly that it skipped, unless `CI` is set: then it fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::{Document, Object};
use parley_report::html::{ReportData, compute, report};
use scraper::{Html, Selector};

mod pdf_text;
use pdf_text::squeeze;

/// At most this many US Letter pages for the flagship (it printed to 32 before the brief, 5 of
/// them nearly empty; 25 after it, with 300 runs).
const MAX_PAGES: usize = 27;
/// The smallest share of a page's printable height that its content may span.
const MIN_FILL: f64 = 0.15;

/// The Chromium binary: `CHROMIUM`, else Debian's; `Err` names the missing path.
fn chromium() -> Result<PathBuf, PathBuf> {
    let path =
        std::env::var_os("CHROMIUM").map_or_else(|| "/usr/bin/chromium".into(), PathBuf::from);
    if path.exists() { Ok(path) } else { Err(path) }
}

/// The report as `parley report` makes it for the embedded flagship (calibrated Monte Carlo,
/// sensitivity), with fewer runs: the layout does not depend on the run count.
fn flagship_html() -> String {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/grand-bargain-2025.toml");
    let s = parley_scenario::read_file(&path).unwrap();
    let calibration = parley_scenario::calibration::for_scenario(&s, path.parent()).unwrap();
    let seed = s.meta.seed.unwrap_or(0);
    let c = compute(&s, Some(&calibration), 300, seed).unwrap();
    report(&ReportData::computed(&s, &c, "parley test")).unwrap()
}

fn print_to_pdf(chromium: &Path, html: &Path, pdf: &Path, profile: &Path) {
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(
        pdf.exists(),
        "Chromium wrote no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A 2-D affine matrix `[a b c d e f]` as PDF writes it.
type Matrix = [f64; 6];

fn multiply(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn numbers(operands: &[Object]) -> Vec<f64> {
    operands
        .iter()
        .filter_map(|o| o.as_float().ok().map(f64::from))
        .collect()
}

/// Whether a colour operator's operands paint white (the page's own background).
fn white(operator: &str, n: &[f64]) -> bool {
    match operator {
        "g" | "G" => n.first().is_some_and(|g| *g >= 0.999),
        "k" | "K" => n.iter().all(|c| *c <= 0.001),
        _ => !n.is_empty() && n.iter().all(|c| *c >= 0.999),
    }
}

/// The lowest and highest point (in the page's coordinates, y up) that the page's content
/// stream writes text at or paints a visible path through, ignoring white fills (the page's
/// background) and the bottom `footer` points where the page numbers sit.
fn extent(doc: &Document, page: lopdf::ObjectId, footer: f64) -> Option<(f64, f64)> {
    let content = doc.get_and_decode_page_content(page).unwrap();
    let identity: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
    let mut ctm = identity;
    let mut stack = Vec::new();
    let (mut tm, mut tlm) = (identity, identity);
    let mut leading = 0.0;
    let (mut fill_white, mut stroke_white) = (false, false);
    let mut path: Vec<f64> = Vec::new();
    let mut ys: Vec<f64> = Vec::new();
    let at = |m: &Matrix, x: f64, y: f64| m[1] * x + m[3] * y + m[5];
    for op in &content.operations {
        let n = numbers(&op.operands);
        let o = op.operator.as_str();
        match o {
            "q" => stack.push((ctm, fill_white, stroke_white)),
            "Q" => {
                (ctm, fill_white, stroke_white) = stack.pop().unwrap_or((identity, false, false))
            }
            "cm" if n.len() == 6 => ctm = multiply(&[n[0], n[1], n[2], n[3], n[4], n[5]], &ctm),
            "rg" | "g" | "k" | "sc" | "scn" => fill_white = white(o, &n),
            "RG" | "G" | "K" | "SC" | "SCN" => stroke_white = white(o, &n),
            "BT" => (tm, tlm) = (identity, identity),
            "Tm" if n.len() == 6 => {
                tm = [n[0], n[1], n[2], n[3], n[4], n[5]];
                tlm = tm;
            }
            "TL" if n.len() == 1 => leading = n[0],
            "Td" | "TD" if n.len() == 2 => {
                if o == "TD" {
                    leading = -n[1];
                }
                tlm = multiply(&[1.0, 0.0, 0.0, 1.0, n[0], n[1]], &tlm);
                tm = tlm;
            }
            "T*" => {
                tlm = multiply(&[1.0, 0.0, 0.0, 1.0, 0.0, -leading], &tlm);
                tm = tlm;
            }
            "Tj" | "TJ" | "'" | "\"" => ys.push(at(&multiply(&tm, &ctm), 0.0, 0.0)),
            "m" | "l" if n.len() == 2 => path.push(at(&ctm, n[0], n[1])),
            "c" if n.len() == 6 => path.push(at(&ctm, n[4], n[5])),
            "re" if n.len() == 4 => {
                path.push(at(&ctm, n[0], n[1]));
                path.push(at(&ctm, n[0] + n[2], n[1] + n[3]));
            }
            "f" | "F" | "f*" | "S" | "s" | "B" | "B*" | "b" | "b*" | "n" => {
                let visible = match o {
                    "n" => false,
                    "f" | "F" | "f*" => !fill_white,
                    "S" | "s" => !stroke_white,
                    _ => !(fill_white && stroke_white),
                };
                if visible {
                    ys.append(&mut path);
                }
                path.clear();
            }
            // Images and forms are drawn into the unit square.
            "Do" => {
                ys.push(at(&ctm, 0.0, 0.0));
                ys.push(at(&ctm, 1.0, 1.0));
            }
            _ => {}
        }
    }
    ys.retain(|y| *y > footer);
    let lo = ys.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (lo <= hi).then_some((lo, hi))
}

fn media_height(doc: &Document, page: lopdf::ObjectId) -> f64 {
    let dict = doc.get_object(page).unwrap().as_dict().unwrap();
    let b = numbers(dict.get(b"MediaBox").unwrap().as_array().unwrap());
    b[3] - b[1]
}

#[test]
fn the_printed_report_has_no_empty_pages_and_answers_on_page_one() {
    let chromium = match chromium() {
        Ok(path) => path,
        Err(missing) => {
            let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty());
            let message = format!(
                "{} is missing (apt-get install chromium, or set CHROMIUM)",
                missing.display()
            );
            assert!(!ci, "CI is set and the print test cannot run: {message}");
            eprintln!("\n!!!!!!!! SKIPPED the report's print-to-PDF test: {message} !!!!!!!!\n");
            return;
        }
    };
    let dir = std::env::temp_dir().join(format!("parley-report-print-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let html_path = dir.join("report.html");
    let pdf_path = dir.join("report.pdf");
    let html = flagship_html();
    std::fs::write(&html_path, &html).unwrap();
    print_to_pdf(&chromium, &html_path, &pdf_path, &dir.join("profile"));
    let doc = Document::load(&pdf_path).unwrap();
    let pages = doc.get_pages();
    let n = pages.len();
    eprintln!("{n} pages ({})", pdf_path.display());

    // The @page margins: 14 mm at the top, 16 mm at the bottom (the page numbers sit there).
    let mm = 72.0 / 25.4;
    let (top, bottom) = (14.0 * mm, 16.0 * mm);
    let mut thin = Vec::new();
    for (&number, &id) in &pages {
        let height = media_height(&doc, id);
        let printable = height - top - bottom;
        let fill = extent(&doc, id, bottom - 2.0).map_or(0.0, |(lo, hi)| (hi - lo) / printable);
        eprintln!("page {number}: {:.0}% filled", 100.0 * fill);
        let raw = doc.extract_text(&[number]).unwrap();
        let is_last = number as usize == n;
        if fill < MIN_FILL && !is_last {
            let start: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
            thin.push((number, fill, start.chars().take(160).collect::<String>()));
        }
        let text = squeeze(&raw);
        assert!(
            text.contains(&squeeze(&format!("Page {number} of {n}"))),
            "page {number} has no page number: {text}"
        );
    }
    assert!(thin.is_empty(), "pages under {MIN_FILL} filled: {thin:?}");
    assert!(
        (2..=MAX_PAGES).contains(&n),
        "{n} pages, more than {MAX_PAGES}"
    );
    // The last page may be short, but not nearly empty either.
    let last = pages[&(n as u32)];
    let last_fill = extent(&doc, last, bottom - 2.0).map_or(0.0, |(lo, hi)| {
        (hi - lo) / (media_height(&doc, last) - top - bottom)
    });
    assert!(
        last_fill >= MIN_FILL / 3.0,
        "last page {:.0}% filled",
        100.0 * last_fill
    );

    // Every question's answer sentence, as the brief writes it, is on page 1.
    let page_one = squeeze(&doc.extract_text(&[1]).unwrap());
    let parsed = Html::parse_document(&html);
    let items = Selector::parse(".brief-answers > li[data-question]").unwrap();
    let answer = Selector::parse("p.brief-answer").unwrap();
    let s = parley_scenario::read_file(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios/grand-bargain-2025.toml"),
    )
    .unwrap();
    let mut seen = 0;
    for li in parsed.select(&items) {
        let id = li.value().attr("data-question").unwrap();
        let sentence: String = li.select(&answer).next().unwrap().text().collect();
        assert!(
            page_one.contains(&squeeze(&sentence)),
            "{id}'s answer is not on page 1: {sentence}\npage 1: {page_one}"
        );
        seen += 1;
    }
    assert_eq!(seen, s.questions.len(), "one answer per question");
    // The collapsed evidence tables print open: a position's evidence note is in the PDF.
    let note = s
        .actors
        .iter()
        .flat_map(|a| a.stances.values())
        .find_map(|st| st.position.evidence.note.clone())
        .unwrap();
    let pages_numbers: Vec<u32> = pages.keys().copied().collect();
    let everything = squeeze(&doc.extract_text(&pages_numbers).unwrap());
    assert!(
        everything.contains(&squeeze(&note)),
        "the evidence note \"{note}\" is not in the PDF"
    );
    // The odds twice, over the coding's ranges alone and with the models' measured error.
    for words in ["(inputs only)", "counting each model's measured error"] {
        assert!(page_one.contains(&squeeze(words)), "{words} not on page 1");
    }
    if std::env::var_os("PARLEY_KEEP_PDF").is_none() {
        std::fs::remove_dir_all(&dir).ok();
    }
}
