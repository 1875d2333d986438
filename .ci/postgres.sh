#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL server for the tests, from Debian's postgresql package:
# initdb into a temporary directory, listening on 127.0.0.1 only. Prints the export line the tests read.
#   .ci/postgres.sh start   # then: eval "$(.ci/postgres.sh env)"
#   .ci/postgres.sh stop
set -euo pipefail
dir=${OPENSLM_PG_DIR:-/tmp/openslm-pg}
port=${OPENSLM_PG_PORT:-55432}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pgbin" ]; then
  echo "PostgreSQL is not installed: apt-get install postgresql" >&2
  exit 1
fi
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"

case "${1:-}" in
  start)
    # test processes may start it at the same time: one at a time
    exec 9>"${dir}.lock"
    flock 9
    if [ -f "$dir/data/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "PostgreSQL already running in $dir on port $port" >&2
    else
      rm -rf "$dir"
      mkdir -p "$dir"
      [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      as_pg "$pgbin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$dir/initdb.log"
      # Durability is not needed for throwaway test data; these settings make the tests faster.
      as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null 9>&-   # the server must not inherit (and so hold) the lock
      echo "PostgreSQL started in $dir on 127.0.0.1:$port" >&2
    fi
    echo "export OPENSLM_TEST_POSTGRES='$connection'"
    ;;
  env)
    echo "export OPENSLM_TEST_POSTGRES='$connection'"
    ;;
  stop)
    as_pg "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "usage: $0 start|env|stop" >&2
    exit 2
    ;;
esac
