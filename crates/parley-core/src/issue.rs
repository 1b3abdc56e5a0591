//! Issues: the questions under negotiation, each a continuum with labelled ends.

use serde::Serialize;

use crate::estimate::{Estimate, Evidence};

/// The internal scale every model works on: `0..=INTERNAL_MAX`.
pub const INTERNAL_MAX: f64 = 100.0;

/// One issue under negotiation: a continuum from `low` to `high` on its own scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// Identifier used in files, conditions and outputs.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// What the low end of the scale means.
    pub low: String,
    /// What the high end of the scale means.
    pub high: String,
    /// The issue's own scale; positions and forecasts are reported on it.
    pub scale: Scale,
    /// Where the issue stands now, if known; the disagreement point of bargaining models.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_quo: Option<Estimate>,
    /// Analyst's note on the issue.
    #[serde(skip_serializing_if = "Evidence::is_empty")]
    pub evidence: Evidence,
    /// How the issue is decided (rule, procedure, proposer), where known; only the procedural
    /// models use it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<crate::procedure::Decision>,
}

/// The numeric range of an issue as the analyst writes it, e.g. `[0, 100]` or `[4, 10]` years.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scale {
    /// Value at the `low` end.
    pub min: f64,
    /// Value at the `high` end.
    pub max: f64,
}

impl Default for Scale {
    fn default() -> Self {
        Self {
            min: 0.0,
            max: INTERNAL_MAX,
        }
    }
}

impl Scale {
    /// True when `min < max` and both are finite.
    pub fn is_valid(&self) -> bool {
        self.min.is_finite() && self.max.is_finite() && self.min < self.max
    }

    /// True when `x` lies on the scale (inclusive).
    pub fn contains(&self, x: f64) -> bool {
        x >= self.min && x <= self.max
    }

    /// Maps a value on this scale to Parley's internal 0-100 scale.
    pub fn to_internal(&self, x: f64) -> f64 {
        // On the internal scale itself the value is kept bit for bit (the general formula can
        // be off by an ulp), so models that reproduce other programs see the file's numbers.
        if self.min == 0.0 && self.max == INTERNAL_MAX {
            return x;
        }
        (x - self.min) / (self.max - self.min) * INTERNAL_MAX
    }

    /// Maps an internal 0-100 value back to this scale.
    pub fn from_internal(&self, x: f64) -> f64 {
        if self.min == 0.0 && self.max == INTERNAL_MAX {
            return x;
        }
        self.min + x / INTERNAL_MAX * (self.max - self.min)
    }

    /// Converts a distance on the internal scale to a distance on this scale.
    pub fn width_from_internal(&self, d: f64) -> f64 {
        d / INTERNAL_MAX * (self.max - self.min)
    }
}

impl Issue {
    /// An issue on the default 0-100 scale with generic end labels and no status quo.
    pub fn new(id: impl Into<String>) -> Self {
        let id = id.into();
        Self {
            name: id.clone(),
            id,
            low: "low".into(),
            high: "high".into(),
            scale: Scale::default(),
            status_quo: None,
            evidence: Evidence::default(),
            decision: None,
        }
    }

    /// Sets the status quo, builder style.
    pub fn with_status_quo(mut self, value: f64) -> Self {
        self.status_quo = Some(Estimate::point(value));
        self
    }

    /// Sets how the issue is decided, builder style.
    pub fn with_decision(mut self, decision: crate::procedure::Decision) -> Self {
        self.decision = Some(decision);
        self
    }

    /// Sets the scale, builder style.
    pub fn with_scale(mut self, min: f64, max: f64) -> Self {
        self.scale = Scale { min, max };
        self
    }
}
