#!/usr/bin/env bash
# Starts the production backend (serving the production app bundle) on a
# fresh Postgres database and runs the Playwright suite in Chromium against it.
# Expects `yarn build:backend` to have run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
portal_env
cd "$PORTAL_ROOT"

export POSTGRES_HOST="${POSTGRES_HOST:-127.0.0.1}"
export POSTGRES_PORT="${POSTGRES_PORT:-5432}"
export POSTGRES_USER="${POSTGRES_USER:-postgres}"
export POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-postgres}"
export POSTGRES_DATABASE="${POSTGRES_DATABASE:-portal_e2e}"
# The OAuth app registered on the local GitHub (--oauth-client below).
export AUTH_GITHUB_CLIENT_ID="e2e-client-id"
export AUTH_GITHUB_CLIENT_SECRET="e2e-client-secret"
export PORTAL_BASE_URL="http://localhost:7007"
export PORTAL_PLATFORM_TEAM="group:default/squad-atlas"

psql_admin() { PGPASSWORD="$POSTGRES_PASSWORD" psql -h "$POSTGRES_HOST" -p "$POSTGRES_PORT" -U "$POSTGRES_USER" -d postgres -qtA "$@"; }
psql_admin -c "DROP DATABASE IF EXISTS \"$POSTGRES_DATABASE\" WITH (FORCE)"
psql_admin -c "CREATE DATABASE \"$POSTGRES_DATABASE\""

REPORTS="$PORTAL_ROOT/test-results"
mkdir -p "$REPORTS"
rm -rf "$REPORTS/techdocs-sites" && mkdir -p "$REPORTS/techdocs-sites"
BACKEND_LOG="$REPORTS/e2e-backend.log"

# The production bundle, unpacked where it resolves the installed
# node_modules; it runs from packages/backend so that the catalog's file
# locations resolve as they do in development.
BUNDLE_DIR="$PORTAL_ROOT/packages/backend/dist/bundle"
rm -rf "$BUNDLE_DIR" && mkdir -p "$BUNDLE_DIR"
tar -xzf "$PORTAL_ROOT/packages/backend/dist/bundle.tar.gz" -C "$BUNDLE_DIR"
# The bundle's own workspace packages (built, with their published entry
# points) must win over the repository's source workspaces further up.
(
  cd "$BUNDLE_DIR"
  for manifest in packages/*/package.json plugins/*/package.json; do
    [ -f "$manifest" ] || continue
    name="$(node -p "require('./$manifest').name")"
    mkdir -p "node_modules/$(dirname "$name")"
    ln -sfn "$BUNDLE_DIR/$(dirname "$manifest")" "node_modules/$name"
  done
)

# The local GitHub (dev/github) the e2e config points the GitHub features at:
# 60 generated repositories of the organisation "meridian-bank". Its members
# are the example organisation's GitHub logins (github.com/user-login) and a
# member without a User entity; e2e-outsider has an account outside it.
export E2E_GITHUB_PORT="${E2E_GITHUB_PORT:-7900}"
GITHUB_LOG="$REPORTS/e2e-github.log"
E2E_GITHUB_MEMBERS="$(sed -n 's/^ *github\.com\/user-login: *\([A-Za-z0-9-]*\).*$/\1/p' examples/org/org.yaml | paste -sd, -),e2e-member-without-user"
node --require @backstage/cli/config/nodeTransform.cjs dev/github/src/cli.ts \
  --repos 60 --org meridian-bank --port "$E2E_GITHUB_PORT" --token e2e-github-token \
  --members "$E2E_GITHUB_MEMBERS" --outside-users e2e-outsider \
  --oauth-client "$AUTH_GITHUB_CLIENT_ID:$AUTH_GITHUB_CLIENT_SECRET" >"$GITHUB_LOG" 2>&1 &
GITHUB_PID=$!
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null -H 'authorization: token e2e-github-token' "http://127.0.0.1:$E2E_GITHUB_PORT/rate_limit" 2>/dev/null && break
  kill -0 $GITHUB_PID 2>/dev/null || { log "the local GitHub exited:"; cat "$GITHUB_LOG" >&2; exit 1; }
  sleep 0.5
done

# The local Humio (dev/humio): sample logs for two example components, and
# a repository for the portal's audit events.
export E2E_HUMIO_PORT="${E2E_HUMIO_PORT:-7901}"
HUMIO_LOG="$REPORTS/e2e-humio.log"
node --require @backstage/cli/config/nodeTransform.cjs dev/humio/src/cli.ts \
  --port "$E2E_HUMIO_PORT" --api-token e2e-humio-token \
  --ingest-token portal-audit:e2e-audit-ingest \
  --services ledger-posting-service,account-service >"$HUMIO_LOG" 2>&1 &
HUMIO_PID=$!
for _ in $(seq 1 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$E2E_HUMIO_PORT/api/v1/status" 2>/dev/null && break
  kill -0 $HUMIO_PID 2>/dev/null || { log "the local Humio exited:"; cat "$HUMIO_LOG" >&2; exit 1; }
  sleep 0.5
done

# Everything production requires (packages/backend/src/production), pointed
# at the local stand-ins (app-config.e2e.yaml repeats some of them).
export GITHUB_HOST="127.0.0.1:$E2E_GITHUB_PORT"
export GITHUB_API_URL="http://127.0.0.1:$E2E_GITHUB_PORT"
export GITHUB_TOKEN="e2e-github-token"
export GITHUB_ORG="meridian-bank"
export AMQP_DEV_URL="amqp://guest:guest@localhost:5672/portal-dev"
export AMQP_PROD_URL="amqp://guest:guest@localhost:5672/portal-prod"
export RABBITMQ_DEV_MANAGEMENT_URL="http://localhost:15672"
export RABBITMQ_PROD_MANAGEMENT_URL="http://localhost:15672"
export HUMIO_URL="http://127.0.0.1:$E2E_HUMIO_PORT"
export HUMIO_TOKEN="e2e-humio-token"
export HUMIO_REPOSITORY="meridian-prod"
export HUMIO_AUDIT_INGEST_TOKEN="e2e-audit-ingest"

log "starting the production backend on Postgres ($POSTGRES_DATABASE), log in $BACKEND_LOG"
(
  cd packages/backend
  NODE_ENV=production exec node "$BUNDLE_DIR/packages/backend" \
    --config ../../app-config.yaml \
    --config ../../app-config.production.yaml \
    --config ../app/e2e-tests/app-config.e2e.yaml
) >"$BACKEND_LOG" 2>&1 &
BACKEND_PID=$!
trap 'kill $BACKEND_PID $GITHUB_PID $HUMIO_PID 2>/dev/null; wait $BACKEND_PID $GITHUB_PID $HUMIO_PID 2>/dev/null' EXIT

for _ in $(seq 1 180); do
  if curl -fsS -o /dev/null "$PORTAL_BASE_URL/.backstage/health/v1/readiness" 2>/dev/null; then break; fi
  if ! kill -0 $BACKEND_PID 2>/dev/null; then
    log "the backend exited:"; tail -n 50 "$BACKEND_LOG" >&2; exit 1
  fi
  sleep 1
done
curl -fsS -o /dev/null "$PORTAL_BASE_URL/.backstage/health/v1/readiness" || { log "backend not ready after 180s"; tail -n 50 "$BACKEND_LOG" >&2; exit 1; }

PLAYWRIGHT_URL="$PORTAL_BASE_URL" yarn playwright test "$@"
