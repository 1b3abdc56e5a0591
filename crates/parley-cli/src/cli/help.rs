//! The examples shown after each subcommand's `--help` (every subcommand has some; a test in
//! `tests/exit_codes.rs` checks that).

/// `parley bargain`.
pub(crate) const BARGAIN: &str = "\
Examples:
  parley bargain                              the flagship's linkages, trades and deals
  parley bargain my.toml --runs 0             point values only, no Monte Carlo odds
  parley bargain --what-if us_stops_aid --format json";

/// `parley mc`.
pub(crate) const MC: &str = "\
Examples:
  parley mc                                   1,000 runs over the flagship's ranges
  parley mc my.toml --runs 5000 --seed 7 --model eum
  parley mc --what-if us_stops_aid --set \"usa.ukraine_aid.salience = 0.3\"
  parley mc --scan usa.ukraine_aid.salience=0:1:0.25 --format csv";

/// `parley advise`.
pub(crate) const ADVISE: &str = "\
Examples:
  parley advise --actor usa --goal \"iran_nuclear >= 60\"
  parley advise my.toml --actor eu --top 5 --format json";

/// `parley backtest`.
pub(crate) const BACKTEST: &str = "\
Examples:
  parley backtest deu3 ../shared/data/deu/deu3.csv
  parley backtest deu3 ../shared/data/deu/deu3.csv --capability votes --format csv";

/// `parley calibrate`.
pub(crate) const CALIBRATE: &str = "\
Examples:
  parley calibrate ../shared/data/deu/deu3.csv -o mine.json   then [calibration] file = \"mine.json\"";

/// `parley sensitivity`.
pub(crate) const SENSITIVITY: &str = "\
Examples:
  parley sensitivity                          tornado tables for the flagship
  parley sensitivity my.toml --model nbs --top 5 --format json
  parley sensitivity --sobol 512              Sobol indices as well";

/// `parley compare`.
pub(crate) const COMPARE: &str = "\
Examples:
  parley compare                              the flagship against each of its what-ifs
  parley compare --what-if us_stops_aid --set \"usa.ukraine_aid.salience = 0.3\"
                                              one variant: the what-if, then the edit
  parley compare --variant us_stops_aid --variant \"care less: --set usa.ukraine_aid.salience=0.1 --set rus.capability *= 2\"
                                              several variants, each any number of edits
  parley compare my.toml --format csv";

/// `parley plot`.
pub(crate) const PLOT: &str = "\
Examples:
  parley plot --chart forecasts -o forecasts.png
  parley plot my.toml --chart rounds --issue tariff -o rounds.svg
  parley plot --chart mc --runs 2000 -o mc.svg
  parley plot --chart scan --scan usa.ukraine_aid.salience=0:1:0.25 -o scan.svg";

/// `parley report`.
pub(crate) const REPORT: &str = "\
Examples:
  parley report -o report.html                the flagship, every model, charts, evidence
  parley report my.toml --what-if a -o a.html";

/// `parley serve`.
pub(crate) const SERVE: &str = "\
Examples:
  parley serve                                http://127.0.0.1:8080
  parley serve --port 9000 --max-runs 5000";

/// `parley library`.
pub(crate) const LIBRARY: &str = "\
Examples:
  parley library save my.toml -m \"first coding\"
  parley library list
  parley library diff my@1 my@2";

/// `parley library save`.
pub(crate) const LIBRARY_SAVE: &str = "\
Examples:
  parley library save my.toml -m \"first coding\"
  parley library --db team.sqlite save my.toml --name iran-2025 --author ana --tag iran";

/// `parley library list`.
pub(crate) const LIBRARY_LIST: &str = "\
Examples:
  parley library list
  parley library list --actor rus --format json";

/// `parley library show`.
pub(crate) const LIBRARY_SHOW: &str = "\
Examples:
  parley library show my                      the history, newest last
  parley library show my@2 --content          version 2's exact text";

/// `parley library diff`.
pub(crate) const LIBRARY_DIFF: &str = "\
Examples:
  parley library diff my@1 my@2
  parley library diff my@1                    version 1 against the newest";

/// `parley library restore`.
pub(crate) const LIBRARY_RESTORE: &str = "\
Examples:
  parley library restore my@1 -m \"back to the first coding\"";

/// `parley library export`.
pub(crate) const LIBRARY_EXPORT: &str = "\
Examples:
  parley library export my -o my.toml         the newest version, byte for byte
  parley library export my@1";

/// `parley library runs`.
pub(crate) const LIBRARY_RUNS: &str = "\
Examples:
  parley library runs
  parley library runs --limit 100 --format json";

/// `parley seal`.
pub(crate) const SEAL: &str = "\
Examples:
  parley seal                                 seal the flagship's forecasts in the library
  parley seal --scenario my.toml --runs 2000";

/// `parley resolve`.
pub(crate) const RESOLVE: &str = "\
Examples:
  parley resolve outcomes.toml --scenario my.toml";

/// `parley score`.
pub(crate) const SCORE: &str = "\
Examples:
  parley score                                the flagship against what happened in 2025
  parley score outcomes.toml --scenario my.toml --format json";

/// `parley completions`.
pub(crate) const COMPLETIONS: &str = "\
Examples:
  parley completions bash > ~/.local/share/bash-completion/completions/parley
  parley completions zsh > ~/.zfunc/_parley";

/// `parley man`.
pub(crate) const MAN: &str = "\
Examples:
  parley man | man -l -
  parley man > parley.1";

/// `parley models`.
pub(crate) const MODELS: &str = "\
Examples:
  parley models
  parley models --format csv";
