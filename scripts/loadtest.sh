#!/usr/bin/env bash
# Load test of `parley serve` on loopback: requests/s and latency of the API the page uses.
#
#   scripts/loadtest.sh [SECONDS] [CONNECTIONS]      (defaults: 10 s, 4 connections)
#
# Bounded: each wrk run lasts SECONDS, against 127.0.0.1 only, and the script stops the server
# it started. Needs wrk (apt-get install wrk) and builds the release binary. Not part of CI;
# the figures go to docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN="${1:-10}"
CONNECTIONS="${2:-4}"
if ! [[ "$SECONDS_PER_RUN" =~ ^[0-9]+$ && "$SECONDS_PER_RUN" -ge 1 && "$SECONDS_PER_RUN" -le 120 ]]; then
  echo "SECONDS must be 1-120" >&2; exit 2
fi
if ! [[ "$CONNECTIONS" =~ ^[0-9]+$ && "$CONNECTIONS" -ge 1 && "$CONNECTIONS" -le 64 ]]; then
  echo "CONNECTIONS must be 1-64" >&2; exit 2
fi
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

cargo build --release -p parley-cli >&2
work="$(mktemp -d)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

target/release/parley serve --bind 127.0.0.1 --port 0 2> "$work/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
  grep -q "http://" "$work/server.log" 2>/dev/null && break
  sleep 0.1
done
addr="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/server.log" | head -1)"
[[ -n "$addr" ]] || { echo "the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

# A POST with a fixed JSON body, for wrk.
post_script() {
  local body_file="$1"
  cat > "$work/post.lua" <<LUA
local f = io.open("$body_file", "r")
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
LUA
  echo "$work/post.lua"
}

# The page's request: the flagship document, every model, with charts.
curl -s "$addr/api/scenario/flagship" > "$work/flagship.json"
python3 - "$work/flagship.json" > "$work/page-run.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))["scenario"]
print(json.dumps({"scenario": doc, "models": ["all"], "charts": True}))
PY
echo '{}' > "$work/empty.json"
echo '{"runs": 200, "charts": false}' > "$work/mc200.json"

run() {
  local title="$1"; shift
  echo
  echo "### $title"
  echo "wrk -t1 -c$CONNECTIONS -d${SECONDS_PER_RUN}s --latency $*"
  wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$@"
}

echo "parley serve at $addr; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
run "GET /api/models (no computation: the server's own overhead)" "$addr/api/models"
run "POST /api/run {} (the flagship from the embedded TOML, every model, JSON only)" \
  -s "$(post_script "$work/empty.json")" "$addr/api/run"
run "POST /api/run as the page sends it (the flagship document, every model, charts)" \
  -s "$(post_script "$work/page-run.json")" "$addr/api/run"
run "POST /api/mc {runs: 200} (Monte Carlo, every model)" \
  -s "$(post_script "$work/mc200.json")" "$addr/api/mc"
