#!/usr/bin/env bash
# The Python package's tests: builds crates/parley-py with maturin into a virtual environment
# under target/ and runs its pytest suite against the `parley` binary in $PARLEY_BIN.
#
# Run by `cargo test --workspace` (crates/parley-cli/tests/python.rs), or by hand:
#   PARLEY_BIN=target/debug/parley scripts/python-tests.sh
# Exit 77 when Python 3.10+ with venv and pip is not available (the Rust test then skips,
# except under CI, where it fails).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
venv="$root/target/pyenv"
requirements="$root/crates/parley-py/requirements-test.txt"

if ! "$python" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
  echo "python-tests: no Python 3.10+ with venv and pip ($python); skipping the Python tests" >&2
  exit 77
fi

# The environment, made once and remade when the pinned requirements change.
stamp="$venv/.parley-requirements"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$stamp"; then
  echo "python-tests: creating $venv" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"; then
    echo "python-tests: pip could not install $requirements; skipping the Python tests" >&2
    rm -rf "$venv"
    exit 77
  fi
  cp "$requirements" "$stamp"
fi

# Its own target directory: the cargo running this test holds the workspace's.
export CARGO_TARGET_DIR="$root/target/py"
export VIRTUAL_ENV="$venv"
export PATH="$venv/bin:$PATH"
unset PYTHONHOME
(cd "$root/crates/parley-py" && maturin develop --release --quiet)
cd "$root"
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider crates/parley-py/tests
