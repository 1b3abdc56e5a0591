//! Progress with an ETA on stderr, one implementation for every command that can take over a
//! second (`run`, `mc`, `mc --scan`, `sensitivity`, `bargain` and `report` with Monte Carlo runs,
//! `plot --chart mc|sensitivity|scan`, `advise`, `backtest`, `seal`, `score`).
//!
//! Shown only when stderr is a terminal (`--progress auto`, the default): never in pipes, tests
//! or CI logs, and never on stdout, so what a command prints is the same with or without it.
//! `--progress always` shows it anywhere (off a terminal as plain lines, at most four a
//! second, ending with the final count), `--progress never` nowhere.

use std::io::{IsTerminal, Write};
use std::sync::OnceLock;
use std::time::Duration;

use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

/// When to show progress: the global `--progress`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum When {
    /// When stderr is a terminal.
    Auto,
    /// Always (off a terminal as plain lines).
    Always,
    /// Never.
    Never,
}

/// The global `--progress` choice, set once at start.
static WHEN: OnceLock<When> = OnceLock::new();

/// Sets the global choice (the first call wins).
pub(crate) fn set(when: When) {
    let _ = WHEN.set(when);
}

/// A progress indicator for `total` steps of `what` (e.g. "Monte Carlo runs"); hidden unless
/// [`When`] says to show it.
#[derive(Debug)]
pub(crate) struct Progress {
    bar: ProgressBar,
    /// Drawn to a terminal (cleared at the end) rather than as lines (left at the end).
    terminal: bool,
}

impl Progress {
    /// Starts an indicator of `total` steps (none shown for 0 steps).
    pub fn new(total: usize, what: &str) -> Self {
        if total == 0 {
            return Self {
                bar: ProgressBar::hidden(),
                terminal: false,
            };
        }
        Self::start(Some(total), what)
    }

    /// An indicator whose total is told as the work is planned ([`Progress::plan`]): `advise`
    /// knows its Monte Carlo runs only once its search has chosen what needs odds.
    pub fn planned(what: &str) -> Self {
        Self::start(Some(0), what)
    }

    /// An indicator of `total` stages whose lengths are not known (the models of `run`): the
    /// count and the time so far, no ETA, since a rate measured over one stage says nothing
    /// of the next.
    pub fn stages(total: usize, what: &str) -> Self {
        if total == 0 {
            return Self::new(0, what);
        }
        let progress = Self::start(Some(total), what);
        let template = if progress.terminal {
            "{msg} [{bar:30}] {pos}/{len}, {elapsed} so far"
        } else {
            "{msg}: {pos}/{len}, {elapsed} so far"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            progress.bar.set_style(style.progress_chars("=> "));
        }
        progress
    }

    /// `steps` more steps planned.
    pub fn plan(&self, steps: usize) {
        self.bar.inc_length(steps as u64);
    }

    fn start(total: Option<usize>, what: &str) -> Self {
        let terminal = std::io::stderr().is_terminal();
        let target = match WHEN.get().copied().unwrap_or(When::Auto) {
            When::Never => None,
            When::Auto if !terminal => None,
            _ if terminal => Some(ProgressDrawTarget::stderr()),
            _ => Some(ProgressDrawTarget::term_like_with_hz(Box::new(Lines), 4)),
        };
        let Some(target) = target else {
            return Self {
                bar: ProgressBar::hidden(),
                terminal,
            };
        };
        let bar = ProgressBar::with_draw_target(total.map(|n| n as u64), target);
        let template = match (total.is_some(), terminal) {
            (true, true) => {
                "{msg} [{bar:30}] {human_pos}/{human_len} ({percent}%), {elapsed} so far, ETA {eta}"
            }
            (true, false) => {
                "{msg}: {human_pos}/{human_len} ({percent}%), {elapsed} so far, ETA {eta}"
            }
            (false, true) => "{spinner} {msg}: {elapsed} so far",
            (false, false) => "{msg}: {elapsed} so far",
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_owned());
        bar.enable_steady_tick(Duration::from_millis(250));
        Self { bar, terminal }
    }

    /// One step done (callable from the Monte Carlo's worker threads).
    pub fn tick(&self) {
        self.bar.inc(1);
    }

    /// Says what is being done now (the text before the count).
    pub fn say(&self, what: &str) {
        self.bar.set_message(what.to_owned());
    }

    /// Ends the indicator: cleared on a terminal; the final line stays in a log.
    pub fn finish(self) {
        if self.terminal {
            self.bar.finish_and_clear();
        } else {
            self.bar.finish();
        }
    }
}

/// A draw target for `--progress always` off a terminal: each drawing as one plain line on
/// stderr (no cursor movement, no clearing).
#[derive(Debug)]
struct Lines;

impl TermLike for Lines {
    fn width(&self) -> u16 {
        100
    }

    fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }

    fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }

    fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }

    fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }

    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.write_str(s)
    }

    fn write_str(&self, s: &str) -> std::io::Result<()> {
        if s.trim().is_empty() {
            return Ok(());
        }
        let mut err = std::io::stderr().lock();
        writeln!(err, "{}", s.trim_end())
    }

    fn clear_line(&self) -> std::io::Result<()> {
        Ok(())
    }

    fn flush(&self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}
