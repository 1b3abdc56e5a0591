//! The flagship scenario, compiled into the binary so `parley run` works with no file.

/// Display name of the embedded scenario in messages.
pub const NAME: &str = "grand-bargain-2025.toml (embedded default)";

/// The text of `scenarios/grand-bargain-2025.toml`.
pub const TEXT: &str = include_str!("../../../../scenarios/grand-bargain-2025.toml");

/// Display name of the flagship's shipped resolution.
pub const RESOLUTION_NAME: &str = "grand-bargain-2025.resolution.toml (shipped)";

/// The text of `scenarios/grand-bargain-2025.resolution.toml`: what happened in 2025.
pub const RESOLUTION: &str = parley_library::report::FLAGSHIP_RESOLUTION;
