//! `parley library save|list|show|diff|restore|export|runs`: the scenario library, and the
//! `--db` flag every command that uses the library database shares.

use std::path::{Path, PathBuf};

use parley_library::store::Filter;
use parley_library::{Library, LibraryError, Reference, SaveRequest};

use crate::cli::{Failure, OutputFormat, emit, json, output};

/// `text` with its control characters written as escapes (`\u{1b}`, `\n`): author, message
/// and tags are stored as anyone typed or sent them, and printed raw they could recolour or
/// retitle the terminal or fake extra lines of the listing.
pub(crate) fn printable(text: &str) -> String {
    parley_core::text::shown(text).into_owned()
}

/// Name of the environment variable that overrides the default database.
pub(crate) const DB_ENV: &str = "PARLEY_DB";

/// Where the library database is, shared by every command that uses it.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct DbArgs {
    /// The library database (SQLite), created on first use. Default: $PARLEY_DB, else
    /// library.sqlite in the platform's data folder (e.g. ~/.local/share/parley on Linux).
    #[arg(long, value_name = "PATH", global = true)]
    pub db: Option<PathBuf>,
}

impl DbArgs {
    /// The database path: `--db`, else `$PARLEY_DB`, else the platform data folder.
    pub(crate) fn path(&self) -> Result<PathBuf, Failure> {
        if let Some(p) = &self.db {
            return Ok(p.clone());
        }
        if let Some(p) = std::env::var_os(DB_ENV).filter(|p| !p.is_empty()) {
            return Ok(PathBuf::from(p));
        }
        directories::ProjectDirs::from("", "", "parley")
            .map(|d| d.data_dir().join("library.sqlite"))
            .ok_or_else(|| {
                Failure::input(format!(
                    "error: no home folder to keep the library in; give --db PATH or set {DB_ENV}"
                ))
            })
    }

    /// Opens (creating) the database.
    pub(crate) fn open(&self) -> Result<Library, Failure> {
        Library::open(&self.path()?).map_err(fail)
    }

    /// Opens the database only if the file exists (reading commands need not create one).
    pub(crate) fn open_existing(&self) -> Result<Option<Library>, Failure> {
        let path = self.path()?;
        if path.exists() {
            Library::open(&path).map(Some).map_err(fail)
        } else {
            Ok(None)
        }
    }
}

/// A library error for a person.
pub(crate) fn fail(e: LibraryError) -> Failure {
    Failure::input(format!("error: {e}"))
}

/// Who is saving: `--author`, else the login name ($USER, $LOGNAME, or Windows' $USERNAME),
/// else "unknown", said on stderr (containers, CI and cron often set none of them).
pub(crate) fn author(given: Option<&str>) -> String {
    let login = || {
        ["USER", "LOGNAME", "USERNAME"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|u| !u.trim().is_empty()))
    };
    given.map(str::to_owned).or_else(login).unwrap_or_else(|| {
        eprintln!(
            "note: no --author and no login name ($USER, $LOGNAME): the version's author is \
             recorded as 'unknown'"
        );
        "unknown".to_owned()
    })
}

/// The library name of a scenario file: its stem (`scenarios/x.toml` -> `x`).
pub(crate) fn key_of(path: &Path) -> String {
    if crate::cli::input::is_stdin(path) {
        return "stdin".to_owned();
    }
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".to_owned())
}

/// The library's subcommands.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum LibraryCommand {
    /// Save a scenario file as the next version (created on first save).
    #[command(after_help = crate::cli::help::LIBRARY_SAVE)]
    Save {
        /// The scenario file (TOML, or JSON by extension); stored byte for byte.
        file: PathBuf,
        /// Name in the library; default: the file's stem.
        #[arg(long)]
        name: Option<String>,
        /// Who saves; default: $USER.
        #[arg(long)]
        author: Option<String>,
        /// Why (shown in the history).
        #[arg(long, short, default_value = "")]
        message: String,
        /// A tag for the scenario (repeat).
        #[arg(long)]
        tag: Vec<String>,
    },
    /// List stored scenarios, optionally only those with an actor, issue or tag.
    #[command(after_help = crate::cli::help::LIBRARY_LIST)]
    List {
        /// Only scenarios whose newest version has this actor id.
        #[arg(long)]
        actor: Option<String>,
        /// Only scenarios whose newest version has this issue id.
        #[arg(long)]
        issue: Option<String>,
        /// Only scenarios with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
    /// A scenario's history, or with --content one version's exact text.
    #[command(after_help = crate::cli::help::LIBRARY_SHOW)]
    Show {
        /// NAME (newest version) or NAME@VERSION.
        reference: String,
        /// Print the version's content instead of the history.
        #[arg(long)]
        content: bool,
        /// Output format of the history.
        #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
    /// Field-by-field differences between two versions (NAME@A NAME@B; B default: newest).
    #[command(after_help = crate::cli::help::LIBRARY_DIFF)]
    Diff {
        /// The older version, NAME@VERSION.
        from: String,
        /// The newer version, NAME@VERSION or NAME (newest); default: the newest of FROM's.
        to: Option<String>,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
    /// Make an old version the newest again (as a new version; nothing is lost).
    #[command(after_help = crate::cli::help::LIBRARY_RESTORE)]
    Restore {
        /// NAME@VERSION.
        reference: String,
        /// Who restores; default: $USER.
        #[arg(long)]
        author: Option<String>,
        /// Why; default: "restore of version N".
        #[arg(long, short)]
        message: Option<String>,
    },
    /// Write a version's exact bytes to a file (-o) or standard output.
    #[command(after_help = crate::cli::help::LIBRARY_EXPORT)]
    Export {
        /// NAME (newest version) or NAME@VERSION.
        reference: String,
        #[command(flatten)]
        output: output::OutputArgs,
    },
    /// Recorded runs, newest first.
    #[command(after_help = crate::cli::help::LIBRARY_RUNS)]
    Runs {
        /// How many.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Output format.
        #[arg(long, short, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
}

fn reference(text: &str) -> Result<Reference, Failure> {
    text.parse().map_err(fail)
}

/// Arguments of `parley library`: the database, then the library subcommand.
#[derive(Debug, clap::Args)]
pub(crate) struct LibraryArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(subcommand)]
    command: LibraryCommand,
}

/// Runs `parley library`.
pub(crate) fn exec(args: &LibraryArgs) -> Result<(), Failure> {
    run(&args.command, &args.db)
}

/// Runs one library subcommand.
fn run(command: &LibraryCommand, db: &DbArgs) -> Result<(), Failure> {
    match command {
        LibraryCommand::Save {
            file,
            name,
            author: who,
            message,
            tag,
        } => {
            if crate::cli::input::is_stdin(file) && name.is_none() {
                return Err(Failure::usage(
                    "error: a scenario from standard input has no file name to be saved under: \
                     give --name NAME",
                ));
            }
            // The library keeps TOML or JSON text (its diffs, search and the web editor read
            // it); a workbook read as text would be refused as "not UTF-8", which hides the
            // way out.
            if file
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
            {
                let stem = key_of(file);
                return Err(Failure::input(format!(
                    "error: {}: a workbook; the library stores scenarios as TOML or JSON text. \
                     Convert it first and save that: `parley import {} -o {stem}.toml` then \
                     `parley library save {stem}.toml`",
                    file.display(),
                    file.display()
                )));
            }
            let given = name.is_some();
            let name = name.clone().unwrap_or_else(|| key_of(file));
            // A bad name is the command line's: the --name given, or the file's name, which
            // the analyst may not know is used as one.
            if let Err(e) = parley_library::store::check_name(&name) {
                return Err(Failure::usage(if given {
                    format!("error: --name: {e}")
                } else {
                    format!(
                        "error: {e}; the name comes from the file name ({}): give --name NAME",
                        file.display()
                    )
                }));
            }
            let content = crate::cli::input::read_bytes(file)?;
            let mut lib = db.open()?;
            let label = file.display().to_string();
            let saved = lib
                .save(&SaveRequest {
                    name: &name,
                    label: &label,
                    content: &content,
                    author: &author(who.as_deref()),
                    message,
                    tags: tag,
                })
                .map_err(fail)?;
            let text = if saved.unchanged {
                // Tags and message go with a new version: say that they were not applied
                // rather than leave the analyst to think they were.
                let mut dropped = Vec::new();
                if !tag.is_empty() {
                    dropped.push(format!("--tag {}", tag.join(", ")));
                }
                if !message.is_empty() {
                    dropped.push("-m".to_owned());
                }
                let mut t = format!(
                    "{}@{}: unchanged (the file equals the newest version); nothing saved\n",
                    saved.name, saved.version
                );
                if !dropped.is_empty() {
                    t.push_str(&format!(
                        "not applied either: {} (tags and message are stored with a new \
                         version; change the file to save one)\n",
                        dropped.join(" and ")
                    ));
                }
                t
            } else {
                format!(
                    "saved {}@{} ({} bytes) in {}\n",
                    saved.name,
                    saved.version,
                    content.len(),
                    lib.path().display()
                )
            };
            emit(&text)
        }
        LibraryCommand::List {
            actor,
            issue,
            tag,
            format,
        } => {
            let Some(lib) = db.open_existing()? else {
                return emit(&format!(
                    "the library is empty (no database at {} yet)\n",
                    db.path()?.display()
                ));
            };
            let filter = Filter {
                actor: actor.clone(),
                issue: issue.clone(),
                tag: tag.clone(),
            };
            let rows = lib.list(&filter).map_err(fail)?;
            match format {
                OutputFormat::Json => emit(&json(&rows)?),
                _ => {
                    let mut t = format!(
                        "{:<32} {:>8}  {:<24} {:<12} {:<16} {}\n",
                        "name", "versions", "last saved", "by", "tags", "message"
                    );
                    for r in &rows {
                        let tags = if r.tags.is_empty() {
                            "-".to_owned()
                        } else {
                            printable(&r.tags.join(","))
                        };
                        t.push_str(&format!(
                            "{:<32} {:>8}  {:<24} {:<12} {:<16} {}\n",
                            r.name,
                            r.versions,
                            r.latest.created,
                            printable(&r.latest.author),
                            tags,
                            printable(&r.latest.message),
                        ));
                    }
                    t.push_str(&format!(
                        "{} scenario(s) in {}\n",
                        rows.len(),
                        lib.path().display()
                    ));
                    emit(&t)
                }
            }
        }
        LibraryCommand::Show {
            reference: r,
            content,
            format,
        } => {
            let lib = db.open()?;
            let r = reference(r)?;
            if *content {
                let v = lib.get(&r).map_err(fail)?;
                return crate::cli::emit_bytes(&v.content);
            }
            let history = lib.history(&r.name).map_err(fail)?;
            match format {
                OutputFormat::Json => emit(&json(&history)?),
                _ => {
                    let mut t = format!("{}: {} version(s)\n", r.name, history.len());
                    for v in &history {
                        t.push_str(&format!(
                            "  @{:<4} {}  {:<12} {:>7} B  sha256 {}  {}\n",
                            v.number,
                            v.created,
                            printable(&v.author),
                            v.bytes,
                            v.sha256.get(..12).unwrap_or(&v.sha256),
                            printable(&v.message)
                        ));
                    }
                    emit(&t)
                }
            }
        }
        LibraryCommand::Diff { from, to, format } => {
            let lib = db.open()?;
            let a = reference(from)?;
            let b = match to {
                Some(t) => reference(t)?,
                None => Reference {
                    name: a.name.clone(),
                    version: None,
                },
            };
            let va = lib.get(&a).map_err(fail)?;
            let vb = lib.get(&b).map_err(fail)?;
            let changes = parley_library::diff_versions(&va, &vb).map_err(fail)?;
            match format {
                OutputFormat::Json => emit(&json(&changes)?),
                _ => {
                    let mut t = format!(
                        "{}@{} -> {}@{}: {} change(s)\n",
                        va.name,
                        va.info.number,
                        vb.name,
                        vb.info.number,
                        changes.len()
                    );
                    for c in &changes {
                        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
                        t.push_str(&format!(
                            "  {}: {} -> {}\n",
                            c.path,
                            show(&c.before),
                            show(&c.after)
                        ));
                    }
                    emit(&t)
                }
            }
        }
        LibraryCommand::Restore {
            reference: r,
            author: who,
            message,
        } => {
            let mut lib = db.open()?;
            let r = reference(r)?;
            let saved = lib
                .restore(&r, &author(who.as_deref()), message.as_deref())
                .map_err(fail)?;
            emit(&if saved.unchanged {
                format!(
                    "{}@{} already has that content; nothing saved\n",
                    saved.name, saved.version
                )
            } else {
                format!("restored as {}@{}\n", saved.name, saved.version)
            })
        }
        LibraryCommand::Export {
            reference: r,
            output: out,
        } => {
            out.check(&[])?;
            let lib = db.open()?;
            let v = lib.get(&reference(r)?).map_err(fail)?;
            out.emit(
                &v.content,
                &format!(
                    "{}@{}, {}",
                    v.name,
                    v.info.number,
                    output::size(v.content.len())
                ),
                &[],
            )
        }
        LibraryCommand::Runs { limit, format } => {
            let Some(lib) = db.open_existing()? else {
                return emit("no runs recorded (no library database yet)\n");
            };
            let runs = lib.list_runs(*limit).map_err(fail)?;
            match format {
                OutputFormat::Json => emit(&json(&runs)?),
                _ => {
                    let mut t = String::new();
                    for r in &runs {
                        t.push_str(&format!(
                            "run {:<6} {}  {}{}  parley {}  seed {}  {} MC runs  {}\n",
                            r.id,
                            r.created,
                            r.scenario,
                            r.version.map(|v| format!("@{v}")).unwrap_or_default(),
                            r.parley_version,
                            r.seed,
                            r.runs,
                            r.models
                        ));
                    }
                    t.push_str(&format!("{} run(s)\n", runs.len()));
                    emit(&t)
                }
            }
        }
    }
}
