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
            let (pa, pb) = (normal_cdf((a - mode) / sd), normal_cdf((b - mode) / sd));
            mode + sd * normal_quantile(pa + u * (pb - pa))
        }
    };
    x.clamp(a, b)
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
