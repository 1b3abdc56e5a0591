// The extreme-number grid of issue 14: scenarios whose numbers sit at, inside and beyond the
// limits validation documents (docs/scenario-format.md, "Limits"), each marked with whether it
// is within them. Included by `crates/parley-core/tests/extremes.rs` (every model, Monte Carlo,
// sensitivity, bargain, linkage and mediation analysis) and by
// `crates/parley-report/tests/extremes.rs` (every SVG chart).
//
// Every scenario has three actors a, b, c on two issues: `x`, on the grid's scale, and `y`, on
// 0-100, linked together, with c mediating both, a question on a and b over the linkage and one
// with a condition on y; so the exchange model, the joint NBS, the mediator and the deal
// questions all run. The axes:
// - the scale of x (12 values), with 3 patterns of positions on it;
// - the three capabilities (8), c's with a range [c/2, c];
// - the saliences on x (5);
// - extras (3): status quo and risk attitudes, and b's position range on x (normal with an sd
//   as wide as the scale, triangular, or normal with the smallest positive sd).
// 12 x 3 x 8 x 5 x 3 = 4,320 scenarios.

#[allow(dead_code)]
mod extreme_grid {
    use parley_core::{
        Actor, Distribution, Estimate, Issue, Linkage, Mediator, Question, Scenario, Spread,
    };

    /// The smallest positive (subnormal) f64.
    const TINY: f64 = 5e-324;

    /// One grid point.
    pub(crate) struct Case {
        /// Which value of each axis, e.g. `scale=issue-wide pos=ends cap=plain sal=plain ext=0`.
        pub label: String,
        /// The scenario.
        pub scenario: Scenario,
        /// Whether every number lies within the documented limits (validation must accept it
        /// exactly then).
        pub within_limits: bool,
    }

    /// Scales of issue x: label, min, max, within the limits (ends within +-1e100, span at
    /// least 1e-100 and at least 1e-12 of the larger end's magnitude).
    pub(crate) const SCALES: [(&str, f64, f64, bool); 12] = [
        ("0-100", 0.0, 100.0, true),
        ("years", 4.0, 10.0, true),
        ("limit-wide", -1e100, 1e100, true),
        ("issue-wide", -9e307, 9e307, false),
        ("f64-max", -f64::MAX, f64::MAX, false),
        ("above-limit", 0.0, 1e101, false),
        ("limit-narrow", 0.0, 1e-100, true),
        ("issue-narrow", 0.0, 2e-323, false),
        ("subnormal-ends", -TINY, TINY, false),
        ("far-from-zero", 1e6, 1e6 + 1e-5, true),
        ("two-ulps", 1.0, 1.0 + 2.0 * f64::EPSILON, false),
        ("high-offset", 9e99, 1e100, true),
    ];

    /// Position patterns on x: a, b, c at fractions of the scale (0 = min, 1 = max, 0.5 =
    /// halfway, computed without overflow).
    pub(crate) const POSITIONS: [(&str, [f64; 3]); 3] = [
        ("ends", [0.0, 1.0, 0.5]),
        ("two-low", [0.0, 0.0, 1.0]),
        ("agree", [0.5, 0.5, 0.5]),
    ];

    /// Capabilities of a, b, c; within the limits [1e-100, 1e100] (c's range reaches c/2).
    pub(crate) const CAPABILITIES: [(&str, [f64; 3], bool); 8] = [
        ("plain", [1.0, 2.0, 3.0], true),
        ("issue-huge", [1.7e308, 1.7e308, 1.7e308], false),
        ("limit-huge", [1e100, 1e100, 1e100], true),
        ("limit-spread", [1e100, 1e-100, 1.0], true),
        ("limit-tiny", [1e-100, 1e-100, 2e-100], true),
        ("subnormal", [TINY, 1.0, 1.0], false),
        ("above-limit", [1e101, 1.0, 1.0], false),
        ("f64-max", [f64::MAX, 1.0, 1.0], false),
    ];

    /// Saliences of a, b, c on x (all within [0, 1]).
    pub(crate) const SALIENCES: [(&str, [f64; 3]); 5] = [
        ("plain", [1.0, 0.5, 0.7]),
        ("equal", [0.5, 0.5, 0.5]),
        ("subnormal", [TINY, 1.0, TINY]),
        ("nearly-none", [0.0, 0.0, 1e-300]),
        ("none", [0.0, 0.0, 0.0]),
    ];

    /// Number of extras patterns.
    pub(crate) const EXTRAS: usize = 3;

    /// `min + f (max - min)` without overflowing on the widest scales, clamped to the scale.
    pub(crate) fn at(min: f64, max: f64, f: f64) -> f64 {
        if f <= 0.0 {
            min
        } else if f >= 1.0 {
            max
        } else {
            (min * (1.0 - f) + max * f).clamp(min, max)
        }
    }

    fn ranged(value: f64, low: f64, high: f64, distribution: Distribution) -> Estimate {
        Estimate {
            value,
            spread: Some(Spread {
                low,
                high,
                distribution,
            }),
            evidence: Default::default(),
        }
    }

    /// One scenario of the grid.
    pub(crate) fn scenario(
        (min, max): (f64, f64),
        fractions: [f64; 3],
        caps: [f64; 3],
        sals: [f64; 3],
        extras: usize,
    ) -> Scenario {
        let mut s = Scenario::named("extreme");
        let mut x = Issue::new("x").with_scale(min, max);
        let y = Issue::new("y").with_status_quo(40.0);
        if extras >= 1 {
            x.status_quo = Some(Estimate::point(at(min, max, 0.5 * (extras - 1) as f64)));
        }
        s.issues = vec![x, y];
        let ids = ["a", "b", "c"];
        let y_positions = [0.0, 100.0, 50.0];
        let y_saliences = [0.3, 0.9, 0.6];
        for k in 0..3 {
            let mut actor = Actor::new(ids[k], caps[k])
                .with_stance("x", at(min, max, fractions[k]), sals[k])
                .with_stance("y", y_positions[k], y_saliences[k]);
            if k == 2 {
                actor.capability = ranged(caps[k], caps[k] / 2.0, caps[k], Distribution::Uniform);
            }
            if extras == 1 {
                actor.risk = Some(Estimate::point([-1.0, 1.0, 0.0][k]));
            }
            if k == 1 {
                let half = max / 2.0 - min / 2.0;
                let distribution = match extras {
                    0 => Distribution::Normal { sd: half * 2.0 },
                    1 => Distribution::Triangular,
                    _ => Distribution::Normal { sd: TINY },
                };
                let stance = actor.stances.get_mut("x").expect("just added");
                stance.position = ranged(stance.position.value, min, max, distribution);
                stance.salience = ranged(sals[k], 0.0, 1.0, Distribution::Uniform);
            }
            s.actors.push(actor);
        }
        s.linkages.push(Linkage {
            id: "xy".into(),
            name: "x for y".into(),
            issues: vec!["x".into(), "y".into()],
            evidence: Default::default(),
        });
        s.mediator = Some(Mediator {
            actor: "c".into(),
            issues: vec!["x".into(), "y".into()],
            parties: None,
            bias: Estimate::point(0.5),
            evidence: Default::default(),
        });
        s.questions.push(Question {
            id: "deal".into(),
            text: "Do a and b have a deal?".into(),
            issues: vec!["x".into(), "y".into()],
            condition: None,
            actors: vec!["a".into(), "b".into()],
            linkage: Some("xy".into()),
            evidence: Default::default(),
        });
        s.questions.push(Question {
            id: "high_y".into(),
            text: "Does y end at 50 or above?".into(),
            issues: vec!["y".into()],
            condition: Some("y >= 50".into()),
            actors: Vec::new(),
            linkage: None,
            evidence: Default::default(),
        });
        s
    }

    /// Every grid point, in a fixed order.
    pub(crate) fn cases() -> Vec<Case> {
        let mut out = Vec::new();
        for (scale, min, max, scale_ok) in SCALES {
            for (pos, fractions) in POSITIONS {
                for (cap, caps, cap_ok) in CAPABILITIES {
                    for (sal, sals) in SALIENCES {
                        for extras in 0..EXTRAS {
                            out.push(Case {
                                label: format!(
                                    "scale={scale} pos={pos} cap={cap} sal={sal} ext={extras}"
                                ),
                                scenario: scenario((min, max), fractions, caps, sals, extras),
                                within_limits: scale_ok && cap_ok,
                            });
                        }
                    }
                }
            }
        }
        out
    }

    /// The tokens of a `Debug` rendering that are a non-finite float (`NaN`, `inf`, `-inf`).
    pub(crate) fn non_finite_tokens(debug: &str) -> usize {
        debug
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '+'))
            .filter(|t| matches!(*t, "NaN" | "inf" | "-inf" | "+inf"))
            .count()
    }
}
