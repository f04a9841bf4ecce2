#!/usr/bin/env bash
# Runs everything CI runs: type-check, lint, unit and database tests (real
# Postgres 15 and SQLite), process crash and broker restart tests (serial),
# the production build, and the Playwright suite in
# Chromium against the production backend on Postgres. Exits non-zero on any
# failure and ends with one "N passed, N failed" line.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$PORTAL_ROOT"

REPORTS="$PORTAL_ROOT/test-results"
rm -rf "$REPORTS" && mkdir -p "$REPORTS"
STARTED=$(date +%s)
failed_steps=()

step() {
  local name="$1"; shift
  local t0; t0=$(date +%s)
  log "── $name"
  if "$@"; then
    log "── $name: ok ($(( $(date +%s) - t0 ))s)"
  else
    log "── $name: FAILED ($(( $(date +%s) - t0 ))s)"
    failed_steps+=("$name")
  fi
}

setup() {
  portal_env && ensure_dependencies && ensure_postgres && ensure_rabbitmq &&
    ensure_rabbitmq_vhosts &&
    ensure_chromium && ensure_mkdocs
}

export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"

unit_tests() {
  CI=true yarn backstage-cli repo test --json --outputFile="$REPORTS/jest.json"
}

# `*.serial.test.ts` files (left out of the run above by their package's jest
# config) kill backend processes and restart RabbitMQ: they run alone, one at
# a time, after everything else that uses the broker.
serial_tests() {
  CI=true yarn backstage-cli repo test --runInBand \
    --testPathIgnorePatterns /node_modules/ --testMatch '**/*.serial.test.ts' \
    --json --outputFile="$REPORTS/jest-serial.json"
}

step "toolchain, dependencies and services" setup
if [ ${#failed_steps[@]} -gt 0 ]; then
  log "set-up failed; nothing was tested"
  echo "0 passed, 1 failed"
  exit 1
fi
step "type-check" yarn tsc
step "unit and database tests" unit_tests
# The serial tests spend most of their minutes waiting for processes and the
# broker to come back: lint, formatting and the production build (none of
# which touches the broker) run beside them instead of after them.
background_steps() {
  failed_steps=()
  step "lint" yarn backstage-cli repo lint
  step "prettier" yarn prettier --check .
  step "production build" yarn build:backend
  printf '%s\n' "${failed_steps[@]}" >"$REPORTS/background-failures"
}
background_steps >"$REPORTS/background.log" 2>&1 &
background=$!
step "broker restart and crash tests" serial_tests
wait "$background"
cat "$REPORTS/background.log" >&2
while IFS= read -r name; do
  [ -n "$name" ] && failed_steps+=("$name")
done <"$REPORTS/background-failures"
step "end-to-end tests" bash "$PORTAL_ROOT/scripts/e2e.sh"

summary=$(node "$PORTAL_ROOT/scripts/summarise-results.js" "$REPORTS" "${failed_steps[@]}")
log "finished in $(( $(date +%s) - STARTED ))s"
if [ ${#failed_steps[@]} -gt 0 ]; then
  log "failed steps: ${failed_steps[*]}"
fi
echo "$summary"
[ ${#failed_steps[@]} -eq 0 ]
