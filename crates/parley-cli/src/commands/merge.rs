//! `parley merge`: an expert panel's codings of one negotiation merged into one scenario
//! (`parley_scenario::merge`): point values by median (or `--mean`), ranges covering the
//! coders' spread, each number's evidence naming who said what (coder = file stem).

use std::path::{Path, PathBuf};

use parley_scenario::merge::{Centre, Coding, merge};

use crate::cli::{Failure, input, output};

const EXAMPLES: &str = "\
Examples:
  parley merge alice.toml bob.toml carol.toml -o panel.toml   medians, ranges over the coders
  parley merge alice.toml bob.xlsx --mean                     means; any scenario format
  parley mc panel.toml                                        the panel's disagreement as risk";

/// `parley merge`'s arguments.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub(crate) struct MergeArgs {
    /// Two or more codings of the same negotiation (any scenario format; `-` for one of them
    /// from standard input). Each coder is named by the file's stem.
    #[arg(required = true, num_args = 2..)]
    pub files: Vec<PathBuf>,
    /// Point values by the mean instead of the median.
    #[arg(long)]
    pub mean: bool,
    #[command(flatten)]
    pub output: output::OutputArgs,
}

/// The coder's name: the file stem (`stdin` for `-`).
fn coder(path: &Path) -> String {
    if input::is_stdin(path) {
        return "stdin".into();
    }
    path.file_stem().map_or_else(
        || path.display().to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// `parley merge`.
pub(crate) fn exec(args: &MergeArgs) -> Result<(), Failure> {
    let inputs: Vec<&Path> = args.files.iter().map(PathBuf::as_path).collect();
    args.output.check(&inputs)?;
    if args.files.iter().filter(|f| input::is_stdin(f)).count() > 1 {
        return Err(Failure::usage(
            "error: standard input (-) can be read once only",
        ));
    }
    let mut codings = Vec::new();
    let mut failed = String::new();
    for f in &args.files {
        match input::scenario(f) {
            Ok(scenario) => codings.push(Coding {
                coder: coder(f),
                file: f.display().to_string(),
                scenario,
            }),
            Err(e) => {
                failed.push_str(&e.message);
                if !e.message.ends_with('\n') {
                    failed.push('\n');
                }
            }
        }
    }
    if !failed.is_empty() {
        return Err(Failure::input(failed));
    }
    let centre = if args.mean {
        Centre::Mean
    } else {
        Centre::Median
    };
    let merged = merge(&codings, centre).map_err(|e| Failure::input(format!("error: {e}")))?;
    for n in &merged.notes {
        eprintln!("note: {n}");
    }
    let problems = merged.scenario.validate();
    if let Some(p) = problems.first() {
        return Err(Failure::input(format!(
            "error: the merged scenario is not valid ({}: {}); please report this",
            p.path, p.kind
        )));
    }
    let toml = format!(
        "# An expert panel merged by `parley merge{}` from {}.\n\n{}",
        if args.mean { " --mean" } else { "" },
        args.files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        parley_scenario::write::to_toml(&merged.scenario)
    );
    eprintln!(
        "merged {} codings ({}) by the {}",
        codings.len(),
        codings
            .iter()
            .map(|c| c.coder.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        if args.mean { "mean" } else { "median" }
    );
    args.output
        .emit(toml.as_bytes(), &output::size(toml.len()), &inputs)
}
