//! Uncertainty: Monte Carlo over the analyst's ranges.
//!
//! Every estimate with a range is drawn afresh in each run (triangular by default, uniform,
//! or normal truncated to the range); numbers without a range keep their point value, so a
//! scenario whose ranges are all points reproduces the plain run exactly. Each run has its own
//! random stream derived from the seed and the run's index, and results are combined in run
//! order, so the same seed gives bit-identical results on any number of threads.

pub mod decompose;
pub mod montecarlo;
pub mod rng;
pub mod sample;
pub mod sensitivity;
pub mod sobol;

pub use montecarlo::{McError, McPartial, McResult, MonteCarlo};
pub use sensitivity::Sensitivity;
pub use sobol::{Sobol, SobolError};
