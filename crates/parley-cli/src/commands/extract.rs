//! `parley extract`: the news reader. Reads an article (or a batch) and prints what it found
//! as JSON, as a draft scenario (TOML), or as a highlighted view of the text; or evaluates
//! the reader against the PLOVER gold-standard records.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use parley_news::{Date, Options, batch, draft, markup, plover, view};

/// Output of `parley extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExtractFormat {
    /// The full report as JSON (one line per article in batch mode).
    Json,
    /// A draft scenario in Parley's TOML format, numbers left to the analyst.
    Toml,
    /// The article with actors and relations highlighted.
    Text,
}

const EXAMPLES: &str = "\
Examples:
  parley extract article.txt                   JSON when piped, the highlighted text on a terminal
  parley extract article.txt --format toml > draft.toml && parley validate draft.toml
  parley extract articles/ --format json       every .txt file in a directory, one JSON line each
  parley extract batch.jsonl                   one {\"id\", \"text\", \"date\"} object per line
  parley extract --eval-plover shared/data/eventdata/plover/PLOVER_GSR_CAMEO.txt";

/// Draft a scenario from a news article: actors, relations, issues and stances.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct ExtractArgs {
    /// An article (UTF-8 text), a directory of .txt articles, or a .jsonl file of articles.
    #[arg(required_unless_present = "eval_plover")]
    pub input: Option<PathBuf>,
    /// Output format; default: text on a terminal, json otherwise.
    #[arg(long, short, value_enum)]
    pub format: Option<ExtractFormat>,
    /// The article's date (YYYY-MM-DD): offices resolve to their holders on that day.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
    /// Score the reader on the PLOVER gold-standard records (the file, or a folder holding
    /// PLOVER_GSR_CAMEO.txt) and print actor precision/recall and event-type accuracy.
    #[arg(long, value_name = "PATH", conflicts_with = "input")]
    pub eval_plover: Option<PathBuf>,
    #[command(flatten)]
    pub output: crate::cli::output::OutputArgs,
}

/// The files the command reads, which `-o` may not replace: the article, the .jsonl file,
/// the .txt articles of a directory, or the PLOVER file.
pub fn inputs(args: &ExtractArgs) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = args
        .input
        .iter()
        .chain(&args.eval_plover)
        .cloned()
        .collect();
    for dir in out.clone().iter().filter(|p| p.is_dir()) {
        out.extend(dir_paths(dir).unwrap_or_default());
        out.push(dir.join("PLOVER_GSR_CAMEO.txt"));
    }
    out
}

/// Runs the command: returns the text to print, or an error message.
/// Runs `parley extract`: checks `-o`, then writes the result there or to stdout.
pub(crate) fn exec(args: &ExtractArgs) -> Result<(), crate::cli::Failure> {
    let inputs = inputs(args);
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    args.output.check(&inputs)?;
    let (t, failed) = run(args).map_err(crate::cli::Failure::input)?;
    args.output
        .emit(t.as_bytes(), &crate::cli::output::size(t.len()), &inputs)?;
    // The articles that were read are still written (one failure should not cost a batch),
    // but a batch with failures is not "done": a script must see it in the exit code.
    match failed {
        Some(f) if f.failed > 0 => Err(crate::cli::Failure::input(format!(
            "error: {} of {} articles failed (each has an error entry in the output); the {} \
             read were written",
            f.failed,
            f.failed + f.read,
            f.read
        ))),
        _ => Ok(()),
    }
}

/// How a batch went: articles read and articles that failed.
#[derive(Debug, Clone, Copy)]
pub struct BatchCount {
    /// Articles read.
    pub read: usize,
    /// Articles that could not be read.
    pub failed: usize,
}

/// The extraction's text and, for a batch (folder or `.jsonl`), its counts (or why not).
pub fn run(args: &ExtractArgs) -> Result<(String, Option<BatchCount>), String> {
    let stdout_terminal = std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if stdout_terminal {
        ExtractFormat::Text
    } else {
        ExtractFormat::Json
    });
    let date = match &args.date {
        Some(d) => Some(Date::parse(d).map_err(|e| format!("error: --date: {e}"))?),
        None => None,
    };
    if let Some(path) = &args.eval_plover {
        return eval(path, format).map(|t| (t, None));
    }
    let Some(input) = &args.input else {
        return Err("error: give an article, a directory or a .jsonl file".into());
    };
    // The global --color (--colour) decides.
    let colour = crate::cli::colour_on(stdout_terminal);
    let is_jsonl = input
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jsonl"));
    if input.is_dir() || is_jsonl {
        if format == ExtractFormat::Toml {
            return Err(
                "error: --format toml drafts one scenario from one article; give a single file"
                    .into(),
            );
        }
        let items = if is_jsonl {
            jsonl_items(input)?
        } else {
            dir_items(input)?
        };
        if items.is_empty() {
            // An empty report would read as "nothing of interest in these articles".
            let what = if is_jsonl {
                "has no article lines (one JSON object per line, with a \"text\" field)"
            } else {
                "holds no .txt articles (extract reads a folder's .txt files)"
            };
            return Err(format!("error: {} {what}", input.display()));
        }
        let (text, count) = batch_output(&items, date, format, colour);
        return Ok((text, Some(count)));
    }
    single(input, date, format, colour).map(|t| (t, None))
}

fn single(
    path: &Path,
    date: Option<Date>,
    format: ExtractFormat,
    colour: bool,
) -> Result<String, String> {
    let bytes = read_article(path)?;
    // As `POST /api/extract` does: an empty draft would claim nothing is left to fill.
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(format!(
            "error: {}: the article is empty: give the article's text (plain UTF-8 English \
             prose)",
            path.display()
        ));
    }
    let report = parley_news::read_bytes(&bytes, &Options { date })
        .map_err(|e| format!("error: {}: {e}", path.display()))?;
    match format {
        ExtractFormat::Json => json(&report),
        ExtractFormat::Toml => Ok(draft::to_toml(&report, &path.display().to_string())),
        ExtractFormat::Text => {
            let text = String::from_utf8_lossy(&bytes);
            Ok(view::render(&report, &markup::as_read(&text), colour))
        }
    }
}

/// The bytes of one article, refused from its size before reading when over the reader's limit.
/// Standard input (`-`) is read first and refused by the same limit afterwards.
fn read_article(path: &Path) -> Result<Vec<u8>, String> {
    if crate::cli::input::is_stdin(path) {
        let bytes = crate::cli::input::read_bytes(path).map_err(|f| f.message)?;
        if bytes.len() > parley_news::MAX_BYTES {
            let e = parley_news::NewsError::TooLarge {
                size: bytes.len(),
                limit: parley_news::MAX_BYTES,
            };
            return Err(format!("error: <stdin>: {e}"));
        }
        return Ok(bytes);
    }
    crate::cli::input::check(path).map_err(|f| f.message)?;
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > parley_news::MAX_BYTES as u64 {
        let e = parley_news::NewsError::TooLarge {
            size: usize::try_from(size).unwrap_or(usize::MAX),
            limit: parley_news::MAX_BYTES,
        };
        return Err(format!("error: {}: {e}", path.display()));
    }
    crate::cli::input::read_bytes(path).map_err(|f| f.message)
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, String> {
    parley_scenario::json::pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| format!("error: cannot encode JSON: {e}"))
}

/// An article of a batch: id, bytes or the reason there are none, date.
type BatchItem = (String, Result<Vec<u8>, String>, Option<Date>);

/// The .txt entries of a directory, sorted: regular files and anything else named .txt (a
/// device, a pipe, a folder, a broken link), which gets an error entry rather than vanishing.
fn dir_paths(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("txt"))
        })
        .collect();
    paths.sort();
    Ok(paths)
}

/// One article of a directory: a regular file within the reader's size limit.
fn dir_article(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err(format!(
            "cannot read: it is {}; extract reads regular .txt files",
            crate::cli::input::kind(&meta)
        ));
    }
    if meta.len() > parley_news::MAX_BYTES as u64 {
        let e = parley_news::NewsError::TooLarge {
            size: usize::try_from(meta.len()).unwrap_or(usize::MAX),
            limit: parley_news::MAX_BYTES,
        };
        return Err(e.to_string());
    }
    std::fs::read(path).map_err(|e| format!("cannot read: {e}"))
}

fn dir_items(dir: &Path) -> Result<Vec<BatchItem>, String> {
    Ok(dir_paths(dir)?
        .into_iter()
        .map(|p| {
            let id = p.display().to_string();
            (id, dir_article(&p), None)
        })
        .collect())
}

fn jsonl_items(path: &Path) -> Result<Vec<BatchItem>, String> {
    let bytes = crate::cli::input::read_bytes(path).map_err(|f| f.message)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "error: {}: not UTF-8 (first bad byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(batch::parse_jsonl(&text)
        .into_iter()
        .map(|item| (item.id, item.text.map(String::into_bytes), item.date))
        .collect())
}

fn batch_output(
    items: &[BatchItem],
    date: Option<Date>,
    format: ExtractFormat,
    colour: bool,
) -> (String, BatchCount) {
    let mut out = String::new();
    let (mut ok, mut failed) = (0usize, 0usize);
    for (id, bytes, item_date) in items {
        let options = Options {
            date: item_date.or(date),
        };
        let result = bytes
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|b| parley_news::read_bytes(b, &options).map_err(|e| e.to_string()));
        match &result {
            Ok(_) => ok += 1,
            Err(_) => failed += 1,
        }
        match (format, result) {
            (ExtractFormat::Text, Ok(report)) => {
                let text = bytes
                    .as_ref()
                    .map(|b| markup::as_read(&String::from_utf8_lossy(b)).into_owned())
                    .unwrap_or_default();
                out.push_str(&format!(
                    "== {id}\n{}\n",
                    view::render(&report, &text, colour)
                ));
            }
            (ExtractFormat::Text, Err(e)) => out.push_str(&format!("== {id}\nerror: {e}\n\n")),
            (_, Ok(report)) => push_line(&mut out, id, Some(&report), None),
            (_, Err(e)) => push_line(&mut out, id, None, Some(&e)),
        }
    }
    if format == ExtractFormat::Text {
        out.push_str(&format!("{ok} articles read, {failed} failed\n"));
    }
    (out, BatchCount { read: ok, failed })
}

/// One line of batch output: `{"id", "report"}` or `{"id", "error"}`.
#[derive(serde::Serialize)]
struct BatchLine<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<&'a parley_news::Report>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

/// Serialises the line straight from the report (no intermediate JSON tree: in a batch
/// this is a third of the time per article).
fn push_line(
    out: &mut String,
    id: &str,
    report: Option<&parley_news::Report>,
    error: Option<&str>,
) {
    let line = BatchLine { id, report, error };
    match parley_scenario::json::compact(&line) {
        Ok(json) => out.push_str(&json),
        Err(e) => {
            let message = format!("cannot encode the report as JSON: {e}");
            let fallback = BatchLine {
                id,
                report: None,
                error: Some(&message),
            };
            out.push_str(&parley_scenario::json::compact(&fallback).unwrap_or_default());
        }
    }
    out.push('\n');
}

fn eval(path: &Path, format: ExtractFormat) -> Result<String, String> {
    let file = if path.is_dir() {
        path.join("PLOVER_GSR_CAMEO.txt")
    } else {
        path.to_path_buf()
    };
    let text = crate::cli::input::read_text(&file).map_err(|f| f.message)?;
    let records =
        plover::parse_gold(&text).map_err(|e| format!("error: {}: {e}", file.display()))?;
    let evaluation = plover::evaluate(&records).map_err(|e| format!("error: {e}"))?;
    match format {
        ExtractFormat::Json => json(&evaluation),
        ExtractFormat::Text | ExtractFormat::Toml => Ok(plover::render(&evaluation)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(input: Option<PathBuf>, format: ExtractFormat) -> ExtractArgs {
        ExtractArgs {
            input,
            format: Some(format),
            date: None,
            eval_plover: None,
            output: crate::cli::output::OutputArgs::default(),
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("parley-extract-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    const ARTICLE: &str = "Turkey could mediate between Russia and Ukraine, officials said.\n";

    #[test]
    fn one_article_as_json_toml_and_text() {
        let dir = scratch("one");
        let file = dir.join("a.txt");
        std::fs::write(&file, ARTICLE).unwrap();
        let json = run(&args(Some(file.clone()), ExtractFormat::Json))
            .unwrap()
            .0;
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["relations"][0]["type"], "MEDIATE");
        assert_eq!(v["relations"][0]["attribution"]["by"], "officials");
        let toml = run(&args(Some(file.clone()), ExtractFormat::Toml))
            .unwrap()
            .0;
        assert!(toml.contains("capability = \"TODO\""));
        let text = run(&args(Some(file), ExtractFormat::Text)).unwrap().0;
        assert!(text.contains("[Turkey] could {mediate}"), "{text}");
    }

    /// A .txt entry that is not a regular file gets an error entry and counts as failed
    /// (sweep3 item 17: a link to /dev/zero, a pipe and a folder vanished from the output).
    #[test]
    fn a_folder_entry_that_is_no_regular_file_is_an_error_entry() {
        let dir = scratch("odd-entries");
        std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
        std::fs::create_dir_all(dir.join("b.txt")).unwrap();
        let mut odd = 1;
        #[cfg(unix)]
        {
            let _ = std::fs::remove_file(dir.join("c.txt"));
            std::os::unix::fs::symlink("/dev/zero", dir.join("c.txt")).unwrap();
            odd += 1;
        }
        let (out, count) = run(&args(Some(dir.clone()), ExtractFormat::Json)).unwrap();
        let count = count.unwrap();
        assert_eq!((count.read, count.failed), (1, odd));
        let errors: Vec<String> = out
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter_map(|v| v["error"].as_str().map(str::to_owned))
            .collect();
        assert_eq!(errors.len(), odd, "{out}");
        assert!(errors[0].contains("it is a directory"), "{errors:?}");
        if odd == 2 {
            assert!(errors[1].contains("it is a device"), "{errors:?}");
        }
    }

    #[test]
    fn batches_of_a_folder_and_of_jsonl() {
        let dir = scratch("batch");
        std::fs::write(dir.join("a.txt"), ARTICLE).unwrap();
        std::fs::write(dir.join("b.txt"), b"bad \xff bytes").unwrap();
        std::fs::write(dir.join("skip.md"), "ignored").unwrap();
        let (out, count) = run(&args(Some(dir.clone()), ExtractFormat::Json)).unwrap();
        let count = count.unwrap();
        assert_eq!((count.read, count.failed), (1, 1));
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0]["report"].is_object());
        assert!(lines[1]["error"].as_str().unwrap().contains("UTF-8"));
        let jsonl = dir.join("batch.jsonl");
        std::fs::write(
            &jsonl,
            "{\"id\": \"x\", \"text\": \"Iran attacked Israel.\"}\nnot json\n",
        )
        .unwrap();
        let (out, count) = run(&args(Some(jsonl.clone()), ExtractFormat::Json)).unwrap();
        assert_eq!(count.map(|c| c.failed), Some(1));
        assert_eq!(out.lines().count(), 2);
        assert!(out.lines().next().unwrap().contains("\"id\":\"x\""));
        assert!(run(&args(Some(jsonl), ExtractFormat::Toml)).is_err());
    }

    #[test]
    fn clear_errors() {
        let missing = run(&args(
            Some(PathBuf::from("/no/such/article.txt")),
            ExtractFormat::Json,
        ));
        assert!(missing.unwrap_err().contains("cannot read"));
        let mut a = args(Some(PathBuf::from("x.txt")), ExtractFormat::Json);
        a.date = Some("March 4".into());
        assert!(run(&a).unwrap_err().contains("--date"));
        let mut e = args(None, ExtractFormat::Text);
        e.eval_plover = Some(PathBuf::from("/no/such/plover"));
        assert!(run(&e).unwrap_err().contains("cannot read"));
    }
}
