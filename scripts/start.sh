#!/usr/bin/env bash
# Runs the portal locally: frontend on :3000, backend on :7007, in-memory
# SQLite, the example organisation and guest sign-in. Needs no other service.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

portal_env
ensure_dependencies
ensure_mkdocs || log "mkdocs is missing: TechDocs pages will show a build error until it is installed"
# Dead letters use the local RabbitMQ when it runs; without it the portal
# shows the environments as not connected.
if rabbitmq_ready; then ensure_rabbitmq_vhosts; fi

url="http://localhost:3000"
(
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null && curl -fsS -o /dev/null http://localhost:7007/.backstage/health/v1/readiness 2>/dev/null; then
      log "portal is ready: open $url and choose 'Enter' on the Guest card"
      exit 0
    fi
    sleep 1
  done
) &
log "starting frontend ($url) and backend (http://localhost:7007) ..."
cd "$PORTAL_ROOT"
exec yarn start "$@"
