//! Numbers an analyst estimates: a point value, an optional plausible range, and evidence.
//!
//! Every number in a scenario (capability, risk, position, salience, status quo, mediator bias)
//! is an [`Estimate`]. Plain runs use [`Estimate::value`]; Monte Carlo samples from the
//! [`Spread`]; reports show the [`Evidence`] next to the number.

use serde::Serialize;

/// An analyst's estimate of one number, with its uncertainty and evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// The point value used by plain (non-Monte-Carlo) runs.
    pub value: f64,
    /// The plausible range and how to sample it, if the analyst gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spread: Option<Spread>,
    /// Why the analyst chose this number.
    #[serde(skip_serializing_if = "Evidence::is_empty")]
    pub evidence: Evidence,
}

impl Estimate {
    /// A bare point value without range or evidence.
    pub fn point(value: f64) -> Self {
        Self {
            value,
            spread: None,
            evidence: Evidence::default(),
        }
    }

    /// The smallest value this estimate can take (the point value when there is no range).
    pub fn min(&self) -> f64 {
        self.spread.as_ref().map_or(self.value, |s| s.low)
    }

    /// The largest value this estimate can take (the point value when there is no range).
    pub fn max(&self) -> f64 {
        self.spread.as_ref().map_or(self.value, |s| s.high)
    }
}

impl From<f64> for Estimate {
    fn from(value: f64) -> Self {
        Self::point(value)
    }
}

/// The plausible range of an estimate and the distribution Monte Carlo draws from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spread {
    /// Lowest plausible value.
    pub low: f64,
    /// Highest plausible value.
    pub high: f64,
    /// How values are drawn within `[low, high]`.
    pub distribution: Distribution,
}

/// Sampling distribution of an uncertain number.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Distribution {
    /// Triangular on `[low, high]` with the point value as mode (the default).
    Triangular,
    /// Uniform on `[low, high]`.
    Uniform,
    /// Normal around the point value with standard deviation `sd`, truncated to `[low, high]`.
    Normal {
        /// Standard deviation, on the number's own scale.
        sd: f64,
    },
}

/// Where a number comes from: the analyst's note and a pointer into a source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// A short paraphrase of the evidence or the analyst's reasoning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Id of the scenario source the evidence is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Sentence number (1-based) in that source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence: Option<u32>,
}

impl Evidence {
    /// True when no note, source or sentence is given.
    pub fn is_empty(&self) -> bool {
        self.note.is_none() && self.source.is_none() && self.sentence.is_none()
    }
}
