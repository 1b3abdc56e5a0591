//! The flagship scenario, compiled into the binary so `parley run` works with no file.

/// Display name of the embedded scenario in messages.
pub const NAME: &str = "grand-bargain-2025.toml (embedded default)";

/// The text of `scenarios/grand-bargain-2025.toml`.
pub const TEXT: &str = include_str!("../../../scenarios/grand-bargain-2025.toml");
