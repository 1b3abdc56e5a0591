//! Drawing a scenario's uncertain numbers into a model's [`Inputs`], in place.

use crate::estimate::{Distribution, Estimate, Spread};
use crate::inputs::Inputs;
use crate::issue::Scale;
use crate::scenario::Scenario;
use crate::uncertainty::rng::Stream;

/// Where a drawn number goes in [`Inputs`].
#[derive(Debug, Clone, Copy, PartialEq)]
enum Slot {
    Capability(usize),
    /// An actor's risk attitude (read by the expected utility model).
    Risk(usize),
    /// Index into the issue-major position array, and the issue's scale.
    Position(usize, Scale),
    Salience(usize),
    StatusQuo(usize, Scale),
    Bias,
}

/// The uncertain numbers of a scenario, ready to be drawn run after run.
#[derive(Debug, Clone)]
pub struct Sampler {
    draws: Vec<(Slot, f64, Spread)>,
    labels: Vec<String>,
}

impl Sampler {
    /// Lists every estimate of `s` that has a range (`s` must be valid).
    pub fn new(s: &Scenario) -> Self {
        let n = s.actors.len();
        let mut draws = Vec::new();
        let mut labels = Vec::new();
        // Labels use the what-if edit paths, so an analyst can act on what sensitivity shows.
        let mut add = |slot: Slot, e: &Estimate, label: String| {
            if let Some(sp) = &e.spread {
                draws.push((slot, e.value, sp.clone()));
                labels.push(label);
            }
        };
        for (a, actor) in s.actors.iter().enumerate() {
            add(
                Slot::Capability(a),
                &actor.capability,
                format!("{}.capability", actor.id),
            );
            if let Some(risk) = &actor.risk {
                add(Slot::Risk(a), risk, format!("{}.risk", actor.id));
            }
            for (j, issue) in s.issues.iter().enumerate() {
                if let Some(st) = actor.stances.get(&issue.id) {
                    let path = format!("{}.{}", actor.id, issue.id);
                    add(
                        Slot::Position(j * n + a, issue.scale),
                        &st.position,
                        format!("{path}.position"),
                    );
                    add(
                        Slot::Salience(j * n + a),
                        &st.salience,
                        format!("{path}.salience"),
                    );
                }
            }
        }
        for (j, issue) in s.issues.iter().enumerate() {
            if let Some(sq) = &issue.status_quo {
                add(
                    Slot::StatusQuo(j, issue.scale),
                    sq,
                    format!("{}.status_quo", issue.id),
                );
            }
        }
        if let Some(m) = &s.mediator {
            add(Slot::Bias, &m.bias, "mediator.bias".into());
        }
        Self { draws, labels }
    }

    /// How many numbers are uncertain.
    pub fn len(&self) -> usize {
        self.draws.len()
    }

    /// True when no number is uncertain.
    pub fn is_empty(&self) -> bool {
        self.draws.is_empty()
    }

    /// Each uncertain number's label, in the what-if path syntax (`usa.iran_nuclear.salience`).
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The range `(low, high)` of uncertain number `k`.
    pub fn range(&self, k: usize) -> (f64, f64) {
        let sp = &self.draws[k].2;
        (sp.low, sp.high)
    }

    /// Overwrites the uncertain numbers of `inputs` with fresh draws from `rng`.
    pub fn draw_into(&self, inputs: &mut Inputs, rng: &mut Stream) {
        for k in 0..self.draws.len() {
            let (_, mode, spread) = &self.draws[k];
            let x = draw(*mode, spread, rng.next_f64());
            self.set(inputs, k, x);
        }
    }

    /// Like [`Sampler::draw_into`], also writing the drawn values (on their own scales) to
    /// `values`.
    pub fn draw_recorded(&self, inputs: &mut Inputs, rng: &mut Stream, values: &mut [f64]) {
        for (k, v) in values.iter_mut().enumerate().take(self.draws.len()) {
            let (_, mode, spread) = &self.draws[k];
            *v = draw(*mode, spread, rng.next_f64());
            self.set(inputs, k, *v);
        }
    }

    /// Sets uncertain number `k` of `inputs` to `x` (on its own scale).
    pub fn set(&self, inputs: &mut Inputs, k: usize, x: f64) {
        match self.draws[k].0 {
            Slot::Capability(a) => inputs.capability[a] = x,
            Slot::Risk(a) => inputs.risk[a] = Some(x),
            Slot::Position(i, scale) => inputs.position[i] = scale.to_internal(x),
            Slot::Salience(i) => inputs.salience[i] = x,
            Slot::StatusQuo(j, scale) => inputs.status_quo[j] = Some(scale.to_internal(x)),
            Slot::Bias => {
                if let Some(m) = inputs.mediator.as_mut() {
                    m.bias = x;
                }
            }
        }
    }
}

/// One draw by inverse transform of a uniform `u` in `[0, 1)`; always inside `[low, high]`.
pub fn draw(mode: f64, spread: &Spread, u: f64) -> f64 {
    let (a, b) = (spread.low, spread.high);
    if b <= a {
        return a;
    }
    let x = match spread.distribution {
        Distribution::Uniform => a + u * (b - a),
        Distribution::Triangular => {
            let c = mode.clamp(a, b);
            let split = (c - a) / (b - a);
            if u < split {
                a + (u * (b - a) * (c - a)).sqrt()
            } else {
                b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
            }
        }
        Distribution::Normal { sd } => {
            let (za, zb) = ((a - mode) / sd, (b - mode) / sd);
            if zb - za <= NARROW_TRUNCATION {
                a + (b - a) * narrow_normal_fraction(za, zb, u)
            } else {
                let (pa, pb) = (normal_cdf(za), normal_cdf(zb));
                mode + sd * normal_quantile(pa + u * (pb - pa))
            }
        }
    };
    x.clamp(a, b)
}

/// Widest truncation, in standard deviations, drawn by [`narrow_normal_fraction`]. Above it
/// the two distribution-function values differ by at least ~4e-4 when the mode is inside
/// the range, far above the 1.2e-7 error of [`normal_cdf`]; at or below it, the quadratic
/// term that the narrow draw leaves out changes the density by at most 1.25e-7 relatively.
const NARROW_TRUNCATION: f64 = 1e-3;

/// Where a normal truncated to `[za, zb]` (in standard deviations, a narrow interval) puts
/// quantile `u`, as a fraction of the interval.
///
/// Subtracting two distribution-function values that agree to the approximation's error
/// (an sd a million times the range) gave draws bunched in the middle or at the ends. On a
/// narrow interval the density `exp(-z^2/2)` is `exp(-zm * t)` to within the interval's
/// squared half-width (`zm` its middle, `t` the offset from the low end), and that
/// exponential is inverted exactly; with no slope it is the uniform distribution.
fn narrow_normal_fraction(za: f64, zb: f64, u: f64) -> f64 {
    let w = zb - za;
    let slope = 0.5 * (za + zb);
    let k = slope.abs() * w;
    if k.is_nan() || k <= 1e-12 {
        return u;
    }
    if !k.is_finite() {
        // All the mass at the end nearer the mode.
        return if slope > 0.0 { 0.0 } else { 1.0 };
    }
    // For a falling density (slope > 0) the offset is -ln(1 - u (1 - e^-k)) / k of the
    // width; a rising one is its mirror image, so that the draw still grows with u.
    let falling = |v: f64| -(v * (-k).exp_m1()).ln_1p() / k;
    if slope > 0.0 {
        falling(u)
    } else {
        1.0 - falling(1.0 - u)
    }
}

/// The standard normal distribution function, from the complementary error function
/// (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7).
fn normal_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

/// The standard normal quantile (Acklam's rational approximation, relative error 1.15e-9).
fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p = p.clamp(1e-300, 1.0 - 1e-16);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.024_25 {
        tail((-2.0 * p.ln()).sqrt())
    } else if p > 1.0 - 0.024_25 {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(low: f64, high: f64, distribution: Distribution) -> Spread {
        Spread {
            low,
            high,
            distribution,
        }
    }

    #[test]
    fn triangular_by_hand() {
        // a = 0, mode c = 25, b = 100: F(c) = 0.25. u = 0.25 gives the mode; u = 0.01 gives
        // sqrt(0.01 * 100 * 25) = 5; u = 0.64 gives 100 - sqrt(0.36 * 100 * 75) = 100 - sqrt(2700).
        let sp = spread(0.0, 100.0, Distribution::Triangular);
        assert!((draw(25.0, &sp, 0.25) - 25.0).abs() < 1e-12);
        assert!((draw(25.0, &sp, 0.01) - 5.0).abs() < 1e-12);
        assert!((draw(25.0, &sp, 0.64) - (100.0 - 2700f64.sqrt())).abs() < 1e-12);
    }

    #[test]
    fn normal_quantiles_and_truncation() {
        // Untruncated in effect (+-10 sd): u = 0.975 is 1.959964 sd above the mean.
        let sp = spread(-1000.0, 1000.0, Distribution::Normal { sd: 10.0 });
        assert!((draw(50.0, &sp, 0.975) - (50.0 + 19.599_64)).abs() < 1e-3);
        assert!((draw(50.0, &sp, 0.5) - 50.0).abs() < 1e-6);
        // Truncated to [45, 55]: every draw stays inside.
        let sp = spread(45.0, 55.0, Distribution::Normal { sd: 10.0 });
        for k in 0..100 {
            let x = draw(50.0, &sp, f64::from(k) / 100.0);
            assert!((45.0..=55.0).contains(&x), "{x}");
        }
    }

    /// The `p` quantile of sorted `xs` (the lower order statistic).
    fn quantile(xs: &[f64], p: f64) -> f64 {
        xs[((xs.len() - 1) as f64 * p) as usize]
    }

    #[test]
    fn a_huge_sd_draws_the_uniform_it_tends_to() {
        // Truncated to [0, 30] around 10, a normal with sd 1e7 or more has a density that
        // varies by less than 20^2 / 2 / sd^2 relatively over the range: it is uniform, whose
        // 5% and 95% quantiles are 1.5 and 28.5. With 20,000 draws the sample quantiles'
        // standard error is sqrt(0.05 * 0.95 / 20000) * 30 = 0.046; the tolerance is 0.01 of
        // the width (0.3), more than 6 standard errors. Before the fix sd 1e8 bunched the
        // draws in the middle and sd 1e12 drew only 0 or 30.
        let (low, high) = (0.0, 30.0);
        for sd in [1e7, 1e8, 1e12, 1e300] {
            let sp = spread(low, high, Distribution::Normal { sd });
            let mut rng = Stream::for_run(11, 0);
            let mut xs: Vec<f64> = (0..20_000)
                .map(|_| draw(10.0, &sp, rng.next_f64()))
                .collect();
            xs.sort_by(f64::total_cmp);
            let tol = 0.01 * (high - low);
            let (q05, q95) = (quantile(&xs, 0.05), quantile(&xs, 0.95));
            assert!((q05 - 1.5).abs() < tol, "sd {sd}: 5% quantile {q05}");
            assert!((q95 - 28.5).abs() < tol, "sd {sd}: 95% quantile {q95}");
            let mean = xs.iter().sum::<f64>() / xs.len() as f64;
            // Uniform mean 15, standard error 30 / sqrt(12 * 20000) = 0.061.
            assert!((mean - 15.0).abs() < 0.3, "sd {sd}: mean {mean}");
        }
    }

    #[test]
    fn a_narrow_truncation_follows_the_density_slope() {
        // The interval [za, zb] = [2, 2.001] (in sds) has the density exp(-z^2/2), falling by
        // the factor exp(-(2.001^2 - 4)/2) = exp(-0.0020005) across it, so its median sits a
        // hair below the middle: solving
        // (1 - e^(-k f)) / (1 - e^(-k)) = 1/2 with k = 2.0005e-3 gives
        // f = -ln((1 + e^(-k)) / 2) / k = 0.5 - k / 8 (to first order) = 0.49974994.
        let f = narrow_normal_fraction(2.0, 2.001, 0.5);
        let k: f64 = 2.0005 * 1e-3;
        let by_hand = -((1.0 + (-k).exp()) / 2.0).ln() / k;
        assert!((f - by_hand).abs() < 1e-12, "{f} vs {by_hand}");
        assert!((f - (0.5 - k / 8.0)).abs() < 1e-8);
        // The mirror image on [-2.001, -2] puts the median as far above the middle.
        let g = narrow_normal_fraction(-2.001, -2.0, 0.5);
        assert!((g - (1.0 - by_hand)).abs() < 1e-12, "{g}");
        // Ends map to ends, and a centred interval is uniform.
        assert!(narrow_normal_fraction(2.0, 2.001, 0.0).abs() < 1e-15);
        assert!((narrow_normal_fraction(2.0, 2.001, 1.0) - 1.0).abs() < 1e-12);
        assert_eq!(narrow_normal_fraction(-1e-4, 1e-4, 0.3), 0.3);
    }

    #[test]
    fn uniform_and_point_ranges() {
        let sp = spread(10.0, 20.0, Distribution::Uniform);
        assert_eq!(draw(12.0, &sp, 0.5), 15.0);
        let point = spread(7.0, 7.0, Distribution::Triangular);
        assert_eq!(draw(7.0, &point, 0.9), 7.0);
    }

    #[test]
    fn a_risk_range_is_drawn_into_the_inputs() {
        // The expected utility model reads the analyst's risk attitude, so Monte Carlo must
        // draw its range like any other number's, not leave it at the point value.
        let mut s = Scenario::named("t");
        s.issues.push(crate::Issue::new("x"));
        let mut a = crate::Actor::new("a", 1.0).with_stance("x", 0.0, 1.0);
        a.risk = Some(Estimate {
            spread: Some(spread(-1.0, 0.5, Distribution::Uniform)),
            ..Estimate::point(0.0)
        });
        s.actors.push(a);
        s.actors
            .push(crate::Actor::new("b", 1.0).with_stance("x", 100.0, 1.0));
        let sampler = Sampler::new(&s);
        assert_eq!(sampler.labels(), ["a.risk"]);
        let mut inputs = Inputs::from_scenario(&s).expect("valid");
        let mut drawn = Vec::new();
        for run in 0..50 {
            sampler.draw_into(&mut inputs, &mut Stream::for_run(7, run));
            let r = inputs.risks()[0].expect("drawn");
            assert!((-1.0..=0.5).contains(&r), "{r}");
            drawn.push(r);
        }
        assert!(drawn.iter().any(|&r| r < -0.5) && drawn.iter().any(|&r| r > 0.0));
        assert_eq!(inputs.risks()[1], None);
    }
}
