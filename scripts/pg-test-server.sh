#!/usr/bin/env bash
# Start a throw-away PostgreSQL server for the tests and benchmarks (loopback only, trust auth).
# Installs Debian's postgresql when it is missing. Prints the connection URL on stdout.
#   PGPORT (default 55432), PGDATA_DIR (default /tmp/icpkit-pg).
set -euo pipefail
PORT="${PGPORT:-55432}"
DATA="${PGDATA_DIR:-/tmp/icpkit-pg}"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  $SUDO apt-get update -qq >&2 && $SUDO apt-get install -y -qq postgresql >/dev/null
  BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi
URL="postgres://postgres@127.0.0.1:${PORT}/icpkit_test"
if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then echo "$URL"; exit 0; fi
# initdb and postgres refuse to run as root: run them as the postgres user when we are root.
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd -r -m postgres
  AS="runuser -u postgres --"
else
  AS=""
fi
if [ ! -f "$DATA/PG_VERSION" ]; then
  mkdir -p "$DATA"
  [ "$(id -u)" = 0 ] && chown postgres "$DATA"
  $AS "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
$AS "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
"$BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'icpkit_test'" | grep -q 1 \
  || "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres icpkit_test
echo "$URL"
