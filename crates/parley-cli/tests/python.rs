//! The Python package's tests (crates/parley-py, pytest), run from `cargo test --workspace` so
//! that the README's one test command runs every test. `scripts/python-tests.sh` builds the
//! package with maturin into a venv under `target/` and runs pytest against this build's
//! `parley` binary (the Python results must equal its JSON). Without Python 3.10+, venv and
//! pip the test prints a notice and passes, except under CI (the `CI` environment variable
//! set), where it fails.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

/// The script's exit code for "no usable Python here".
const UNAVAILABLE: i32 = 77;

#[test]
fn python_package_tests_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("scripts/python-tests.sh");
    let status = Command::new("bash")
        .arg(&script)
        .env("PARLEY_BIN", env!("CARGO_BIN_EXE_parley"))
        .status();
    let code = match status {
        Ok(status) => status.code(),
        Err(e) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "cannot run {} under CI: {e}",
                script.display()
            );
            eprintln!("skipping the Python tests: cannot run bash: {e}");
            return;
        }
    };
    if code == Some(UNAVAILABLE) {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs Python 3.10+ with venv and pip for the Python package's tests"
        );
        eprintln!("skipping the Python tests: no Python 3.10+ with venv and pip");
        return;
    }
    assert_eq!(
        code,
        Some(0),
        "the Python package's tests failed (pytest output above)"
    );
}
