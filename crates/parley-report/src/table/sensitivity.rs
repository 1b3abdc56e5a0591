//! `parley sensitivity`: tornado tables (one-at-a-time swings with variance shares, and Sobol
//! indices when they were estimated), and CSV.

use std::fmt::Write;

use comfy_table::Cell;
use parley_core::Scenario;
use parley_core::uncertainty::Sensitivity;
use parley_core::uncertainty::sobol::Index;

use super::new_table;
use super::right;
use crate::text::{num, scale_decimals};

/// The `top` inputs of every forecast of `s`, each on its issue's scale with the decimals that
/// scale needs.
pub fn render(s: &Scenario, r: &Sensitivity, top: usize, width: u16) -> String {
    let name = &s.meta.name;
    // Each issue's values with the decimals its scale needs (4 on [0, 0.05]).
    let decimals = |issue: &str| {
        s.issues
            .iter()
            .find(|i| i.id == issue)
            .map_or(1, |i| scale_decimals([i.scale.min, i.scale.max]))
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{name}: what moves each forecast.\n\
         Swing: the forecast with one input at the low and at the high end of its range, the others at\n\
         their point values. Share: squared correlation over {} Monte Carlo runs (seed {}), a linear\n\
         estimate of the share of the forecast's variance the input explains; {}",
        r.runs,
        r.seed,
        noise_floor(r.runs)
    );
    if let Some(sobol) = &r.sobol {
        let _ = writeln!(
            out,
            "S, ST: Sobol first-order and total indices from {} base samples ({} runs of each model,\n\
             seed {}; Saltelli et al. 2010, Jansen 1999): the share of the forecast's variance the input\n\
             explains alone, and with its interactions. ST - S is interaction; 1 - sum of S, all of it\n\
             (below 0 only by sampling noise).{}",
            sobol.samples,
            sobol.runs,
            sobol.seed,
            if sobol.resamples > 0 {
                format!(
                    "\n± half the width of the {:.0}% bootstrap interval ({} resamples).",
                    sobol.level * 100.0,
                    sobol.resamples
                )
            } else {
                String::new()
            }
        );
        if sobol.clamped > 0 {
            let _ = writeln!(
                out,
                "{} outside [0, 1] (sampling noise: a share of variance\n\
                 is between 0 and 1) and are shown clamped to it; more base samples narrow them.",
                clamped(sobol.clamped)
            );
        }
    }
    for f in &r.forecasts {
        let d = decimals(&f.issue);
        let _ = writeln!(
            out,
            "\n{} on {} (point forecast {})",
            f.model,
            f.issue,
            num(f.base, d)
        );
        let mut t = new_table(width);
        let mut header = vec!["Input", "At low", "At high", "Swing", "Share"];
        if r.sobol.is_some() {
            header.extend(["S", "ST"]);
        }
        t.set_header(header);
        for e in f.inputs.iter().take(top) {
            let mut row = vec![
                Cell::new(&e.input),
                right(num(e.at_low, d)),
                right(num(e.at_high, d)),
                right(num(e.swing, d + 1)),
                right(format!("{}%", num(e.variance_share * 100.0, 1))),
            ];
            if r.sobol.is_some() {
                let (s, st) = e
                    .sobol
                    .as_ref()
                    .map_or((String::new(), String::new()), cells);
                row.extend([right(s), right(st)]);
            }
            t.add_row(row);
        }
        let _ = writeln!(out, "{t}");
        if r.sobol.is_none()
            && let Some(line) = low_shares(f.inputs.iter().map(|e| (e.swing, e.variance_share)))
        {
            let _ = writeln!(out, "{line}");
        }
    }
    out
}

/// What share an input with no effect gets by chance: over `n` independent runs the squared
/// correlation of two unrelated variables exceeds `3.84 / n` (the 95% point of chi-squared with
/// one degree of freedom, over `n`) only one time in twenty (sweep 6 item C4: inputs that
/// cannot move a forecast were shown 1.6% and, at 10 runs, 27.9%).
fn noise_floor(runs: usize) -> String {
    if runs < 3 {
        return "too few runs for the shares to mean anything.".to_owned();
    }
    format!(
        "an input with no effect gets\nup to {} by chance (19 times in 20), so shares below that are noise.",
        crate::text::percent((3.84 / runs as f64).min(1.0))
    )
}

/// Linear shares summing to less than this leave most of the variance unexplained.
const LOW_SHARES: f64 = 0.5;

/// A sentence when the inputs' linear shares sum to under half of a forecast that does move
/// (some swing above 0): the forecast answers its inputs non-linearly or jointly, which the
/// shares cannot see and Sobol indices can (usability item 10: five shares summing to 4.4%
/// beside swings of 40-50 points read as "nothing matters").
fn low_shares(inputs: impl Iterator<Item = (f64, f64)>) -> Option<String> {
    let (moves, sum) = inputs.fold((false, 0.0), |(moves, sum), (swing, share)| {
        (moves || swing.abs() > 0.0, sum + share)
    });
    (moves && sum < LOW_SHARES).then(|| {
        format!(
            "The shares sum to {}%: no input alone explains most of this forecast's variance, \
             so it answers its inputs non-linearly or jointly; the swings still show what \
             moves it, and `--sobol 500` measures the interactions.",
            num(sum * 100.0, 1)
        )
    })
}

/// `S` and `ST` as percentages, each with half its interval's width when there is one.
fn cells(x: &Index) -> (String, String) {
    let cell = |v: f64, ci: Option<[f64; 2]>| match ci {
        Some([lo, hi]) => format!("{}% ±{}", num(v * 100.0, 1), num((hi - lo) * 50.0, 1)),
        None => format!("{}%", num(v * 100.0, 1)),
    };
    (cell(x.s, x.s_ci), cell(x.st, x.st_ci))
}

/// "1 estimate or interval end fell", "3 estimates or interval ends fell".
fn clamped(n: usize) -> String {
    if n == 1 {
        "1 estimate or interval end fell".to_owned()
    } else {
        format!("{n} estimates or interval ends fell")
    }
}

#[cfg(test)]
mod tests {
    /// Sweep 5 item 17: one clamped value is not "1 estimates".
    #[test]
    fn one_clamped_value_is_singular() {
        assert_eq!(clamped(1), "1 estimate or interval end fell");
        assert_eq!(clamped(3), "3 estimates or interval ends fell");
    }

    use super::*;

    #[test]
    fn the_noise_floor_of_a_share_falls_with_the_runs() {
        // 3.84 / 200 = 1.92%; 3.84 / 10 = 38.4%.
        assert!(noise_floor(200).contains("up to 1.9% by chance"));
        assert!(noise_floor(10).contains("up to 38.4% by chance"));
        assert!(noise_floor(2).starts_with("too few runs"));
    }

    #[test]
    fn low_shares_are_explained_only_when_the_forecast_moves() {
        // Shares 2.1% + 0.2% + 1.6% = 3.9% beside swings of 50 points: said.
        let line = low_shares([(52.7, 0.021), (45.5, 0.002), (42.0, 0.016)].into_iter());
        assert!(line.unwrap().starts_with("The shares sum to 3.9%"));
        // Most of the variance explained: nothing to say.
        assert_eq!(low_shares([(10.0, 0.7), (5.0, 0.2)].into_iter()), None);
        // A forecast that never moves has no variance to share: nothing to say.
        assert_eq!(low_shares([(0.0, 0.0)].into_iter()), None);
    }

    #[test]
    fn sobol_cells_with_and_without_intervals() {
        let x = Index {
            s: 0.3139,
            st: 0.5576,
            s_ci: Some([0.29, 0.34]),
            st_ci: Some([0.55, 0.57]),
        };
        assert_eq!(cells(&x), ("31.4% ±2.5".into(), "55.8% ±1.0".into()));
        let bare = Index {
            s: -0.012,
            st: -0.0004,
            s_ci: None,
            st_ci: None,
        };
        // A negative estimate shows as one (sampling error); a tiny one as 0.0, not -0.0.
        assert_eq!(cells(&bare), ("-1.2%".into(), "0.0%".into()));
    }
}
