#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `source scripts/pg.sh start` exports RISKWATCH_PG;
# `scripts/pg.sh stop <dir>` (or `pg_stop` after sourcing) stops it and deletes its folder.
# Installs Debian's server when missing (as root). initdb refuses to run as root, so the cluster
# belongs to the "postgres" user then. It listens on 127.0.0.1 only, on a free port, with trust auth.

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return 0; }; done
  return 1
}

pg_start() {
  local bin
  if ! bin=$(pg_bin); then
    if [ "$(id -u)" = 0 ]; then
      echo "installing: postgresql"
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/tmp/riskwatch-apt-pg.log 2>&1 \
        || echo "warning: apt-get install postgresql failed (see /tmp/riskwatch-apt-pg.log)"
    fi
    bin=$(pg_bin) || { echo "no PostgreSQL server: the PostgreSQL tests say so and return"; return 1; }
  fi
  local port run_as=() owner
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  RISKWATCH_PG_DIR=$(mktemp -d /tmp/riskwatch-pg.XXXXXX)
  owner=$(id -un)
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
    chown postgres "$RISKWATCH_PG_DIR"
    run_as=(runuser -u postgres --)
    owner=postgres
  fi
  "${run_as[@]}" "$bin/initdb" -D "$RISKWATCH_PG_DIR/data" -U "$owner" -A trust -E UTF8 --locale=C.UTF-8 >"$RISKWATCH_PG_DIR/initdb.log" 2>&1 \
    || { cat "$RISKWATCH_PG_DIR/initdb.log"; return 1; }
  # fsync off: a test cluster is thrown away; it halves the time of every commit on this disk.
  "${run_as[@]}" "$bin/pg_ctl" -D "$RISKWATCH_PG_DIR/data" -l "$RISKWATCH_PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $RISKWATCH_PG_DIR -c fsync=off -c max_connections=200" start >/dev/null \
    || { cat "$RISKWATCH_PG_DIR/server.log"; return 1; }
  export RISKWATCH_PG="Host=127.0.0.1;Port=$port;Username=$owner;Database=postgres"
  export RISKWATCH_PG_DIR
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($RISKWATCH_PG_DIR)"
}

pg_stop() {
  local dir=${1:-${RISKWATCH_PG_DIR:-}} bin run_as=()
  [ -n "$dir" ] && [ -d "$dir/data" ] || return 0
  bin=$(pg_bin) || return 0
  [ "$(id -u)" = 0 ] && run_as=(runuser -u postgres --)
  "${run_as[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$dir"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  case "${1:-}" in
    start) pg_start && echo "export RISKWATCH_PG='$RISKWATCH_PG' RISKWATCH_PG_DIR='$RISKWATCH_PG_DIR'" ;;
    stop) pg_stop "${2:-}" ;;
    *) echo "usage: scripts/pg.sh start | stop <dir>   (or: source scripts/pg.sh; pg_start; ...; pg_stop)"; exit 2 ;;
  esac
fi
