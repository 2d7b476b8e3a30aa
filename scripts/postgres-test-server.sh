#!/usr/bin/env bash
# A private, throwaway PostgreSQL server for the tests that run generated applications.
#
#   postgres-test-server.sh start DIR [OWNER_PID]  create a cluster in DIR, start it, print its URL
#   postgres-test-server.sh stop DIR               stop the server recorded in DIR (fine if stopped)
#   postgres-test-server.sh url DIR [DATABASE]     print the connection URL
#   postgres-test-server.sh psql DIR [ARGS...]     run psql against the server as its superuser
#
# The server uses Debian's `postgresql` binaries (the newest /usr/lib/postgresql/*/bin), listens on
# 127.0.0.1 only, on a free port, with trust authentication and its Unix socket inside DIR. Run as
# root, the cluster belongs to the system user archverify-pg (created when missing; initdb refuses
# root). With OWNER_PID, a watcher stops the server once that process is gone, so a crashed test
# process leaves no server behind. DIR keeps: data/ (the cluster), server.log, server.pid, port.
# `stop` signals the recorded PID only and leaves DIR in place for the caller to remove.
set -euo pipefail

readonly ROLE=archverify
readonly DATABASE=archverify_test
readonly PG_USER="${ARCHVERIFY_PG_USER:-archverify-pg}"
readonly PG_ROOT="${ARCHVERIFY_PG_ROOT:-/usr/lib/postgresql}" # overridable for a test
readonly START_TIMEOUT=30
readonly STOP_TIMEOUT=30
SCRIPT="$(cd "$(dirname "$0")" && pwd -P)/$(basename "$0")"
readonly SCRIPT

die() {
  echo "postgres-test-server: error: $*" >&2
  exit 1
}

usage() {
  echo "usage: $0 start DIR [OWNER_PID] | stop DIR | url DIR [DATABASE] | psql DIR [ARGS...]" >&2
  exit 2
}

# The newest installed server version's bin folder (Debian installs one folder per major version).
find_bindir() {
  local dir best="" best_version=-1 version
  for dir in "$PG_ROOT"/*/bin; do
    if [ ! -x "$dir/initdb" ] || [ ! -x "$dir/postgres" ]; then continue; fi
    version="${dir#"$PG_ROOT"/}"
    version="${version%%/*}"
    version="${version%%.*}"
    [[ "$version" =~ ^[0-9]+$ ]] || continue
    if [ "$version" -gt "$best_version" ]; then
      best="$dir"
      best_version="$version"
    fi
  done
  [ -n "$best" ] || die "PostgreSQL server not found under $PG_ROOT/*/bin;" \
    "install it with: apt-get install postgresql (.ci/run does this in CI)"
  echo "$best"
}

absolute_dir() {
  [ -d "$1" ] || die "no such directory: $1"
  (cd "$1" && pwd -P)
}

# The prefix that runs a command as the cluster's owner. setpriv execs in place (runuser and su fork
# and wait), so `$!` of a backgrounded command is the server's own PID.
AS_OWNER=()
if [ "$(id -u)" -eq 0 ]; then
  AS_OWNER=(setpriv --reuid="$PG_USER" --regid="$PG_USER" --init-groups --reset-env)
fi

ensure_owner_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  command -v setpriv >/dev/null || die "setpriv (util-linux) is needed to run PostgreSQL as non-root"
  local attempt
  for attempt in 1 2 3 4 5; do
    id -u "$PG_USER" >/dev/null 2>&1 && return 0
    # Parallel test processes may race here: useradd fails on a taken name or a locked passwd file.
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin "$PG_USER" 2>/dev/null || sleep "0.$attempt"
  done
  id -u "$PG_USER" >/dev/null 2>&1 || die "could not create the system user $PG_USER"
}

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
  else
    echo $((20000 + RANDOM % 40000))
  fi
}

# A zombie counts as gone: an orphaned server is reaped by init, sometimes seconds after it exits.
pid_alive() {
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 1
  local state
  if [ -r "/proc/$1/stat" ]; then
    state="$(cat "/proc/$1/stat" 2>/dev/null || true)"
    state="${state##*) }"
  else
    state="$(ps -o stat= -p "$1" 2>/dev/null || true)"
  fi
  [[ "$state" != Z* ]]
}

# True when PID is the postmaster of DIR's cluster (guards against a recycled PID).
is_our_server() {
  local pid="$1" dir="$2" cmdline
  pid_alive "$pid" || return 1
  if [ -r "/proc/$pid/cmdline" ]; then
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  else
    cmdline="$(ps -o command= -p "$pid" 2>/dev/null || true)"
  fi
  [[ "$cmdline" == *"$dir/data"* ]]
}

log_tail() {
  echo "--- last lines of $1/server.log ---" >&2
  tail -n 20 "$1/server.log" >&2 2>/dev/null || true
}

url_for() {
  local dir="$1" database="${2:-$DATABASE}" port
  [ -s "$dir/port" ] || die "no server was started in $dir (no port file)"
  port="$(cat "$dir/port")"
  echo "postgresql://$ROLE@127.0.0.1:$port/$database"
}

# Waits until the server on PORT accepts connections. Returns 1 when it exited because the port was
# taken (the caller retries on another port); dies on any other failure.
wait_ready() {
  local dir="$1" bindir="$2" pid="$3" port="$4" deadline=$((SECONDS + START_TIMEOUT))
  while [ "$SECONDS" -lt "$deadline" ]; do
    if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U "$ROLE" -d postgres -t 1; then
      return 0
    fi
    if ! pid_alive "$pid"; then
      wait "$pid" 2>/dev/null || true
      if grep -q "Address already in use" "$dir/server.log" 2>/dev/null; then
        return 1
      fi
      log_tail "$dir"
      die "PostgreSQL exited during start-up (see $dir/server.log)"
    fi
    sleep 0.1
  done
  log_tail "$dir"
  cmd_stop "$dir"
  die "PostgreSQL was not ready after ${START_TIMEOUT}s (see $dir/server.log)"
}

start_watcher() {
  local dir="$1" owner="$2"
  [[ "$owner" =~ ^[0-9]+$ ]] || die "OWNER_PID must be a process id: $owner"
  # Detached (own session, no inherited pipes) so that it outlives a killed test process.
  setsid bash "$SCRIPT" _watch "$dir" "$owner" </dev/null >/dev/null 2>&1 &
  echo "$!" >"$dir/watcher.pid"
}

cmd_start() {
  local dir bindir pid port attempt
  dir="$(absolute_dir "$1")"
  local owner="${2:-}"
  if [ -s "$dir/server.pid" ] && is_our_server "$(cat "$dir/server.pid")" "$dir"; then
    url_for "$dir"
    return 0
  fi
  [ ! -e "$dir/data" ] || die "$dir/data already exists; start needs a fresh directory"
  # The Unix socket path is limited to 107 bytes: DIR/.s.PGSQL.NNNNN must fit.
  [ "${#dir}" -le 90 ] || die "directory path too long for a Unix socket (max 90 bytes): $dir"
  bindir="$(find_bindir)"
  ensure_owner_user
  cd "$dir" # the owner may not be able to read the caller's working directory
  if [ "$(id -u)" -eq 0 ]; then
    chown "$PG_USER:" "$dir"
    "${AS_OWNER[@]}" test -w "$dir" -a -x "$dir" ||
      die "$PG_USER cannot write $dir; use a directory below a world-searchable one (e.g. /tmp)"
  fi

  "${AS_OWNER[@]}" "$bindir/initdb" --pgdata="$dir/data" --username="$ROLE" --auth=trust \
    --encoding=UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
    {
      tail -n 20 "$dir/initdb.log" >&2
      die "initdb failed (see $dir/initdb.log)"
    }
  # Loopback only, trust only there; no replication. Durability is not needed for test data.
  printf '%s\n' \
    'local all all trust' \
    'host all all 127.0.0.1/32 trust' >"$dir/data/pg_hba.conf"

  for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    : >"$dir/server.log"
    [ "$(id -u)" -ne 0 ] || chown "$PG_USER:" "$dir/server.log"
    "${AS_OWNER[@]}" "$bindir/postgres" -D "$dir/data" -p "$port" \
      -c listen_addresses=127.0.0.1 -c unix_socket_directories="$dir" \
      -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
      -c max_connections=200 </dev/null >>"$dir/server.log" 2>&1 &
    pid=$!
    echo "$pid" >"$dir/server.pid"
    if wait_ready "$dir" "$bindir" "$pid" "$port"; then
      echo "$port" >"$dir/port"
      if ! "$bindir/createdb" -h 127.0.0.1 -p "$port" -U "$ROLE" "$DATABASE"; then
        cmd_stop "$dir"
        die "could not create the database $DATABASE"
      fi
      [ -z "$owner" ] || start_watcher "$dir" "$owner"
      url_for "$dir"
      return 0
    fi
    echo "postgres-test-server: port $port was taken, retrying (attempt $attempt)" >&2
  done
  log_tail "$dir"
  die "no free port found after 5 attempts"
}

cmd_stop() {
  local dir pid watcher deadline
  [ -d "$1" ] || return 0 # nothing was started there, or it is already cleaned up
  dir="$(absolute_dir "$1")"
  if [ -s "$dir/watcher.pid" ]; then
    watcher="$(cat "$dir/watcher.pid")"
    # The watcher itself calls stop; it must not kill itself.
    if [ "$watcher" != "${ARCHVERIFY_PG_WATCHER:-}" ] && pid_alive "$watcher"; then
      kill -TERM "$watcher" 2>/dev/null || true
    fi
  fi
  [ -s "$dir/server.pid" ] || return 0
  pid="$(cat "$dir/server.pid")"
  is_our_server "$pid" "$dir" || return 0
  kill -INT "$pid" 2>/dev/null || true # fast shutdown: abort transactions, exit cleanly
  deadline=$((SECONDS + STOP_TIMEOUT))
  while pid_alive "$pid" && [ "$SECONDS" -lt "$deadline" ]; do
    sleep 0.1
  done
  if pid_alive "$pid"; then
    echo "postgres-test-server: PostgreSQL $pid ignored SIGINT for ${STOP_TIMEOUT}s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

# Internal: stops the server in DIR once OWNER_PID has exited (or the server is gone).
cmd_watch() {
  local dir="$1" owner="$2" pid
  pid="$(cat "$dir/server.pid")"
  while pid_alive "$owner" && pid_alive "$pid"; do
    sleep 1
  done
  ARCHVERIFY_PG_WATCHER=$$ cmd_stop "$dir"
}

cmd_psql() {
  local dir bindir
  dir="$(absolute_dir "$1")"
  shift
  bindir="$(find_bindir)"
  [ -s "$dir/port" ] || die "no server was started in $dir (no port file)"
  exec "$bindir/psql" -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(cat "$dir/port")" -U "$ROLE" \
    -d "$DATABASE" "$@"
}

[ "$#" -ge 2 ] || usage
command="$1"
shift
case "$command:$#" in
start:1 | start:2) cmd_start "$@" ;;
stop:1) cmd_stop "$1" ;;
url:1 | url:2) url_for "$(absolute_dir "$1")" "${2:-}" ;;
psql:*) cmd_psql "$@" ;;
_watch:2) cmd_watch "$@" ;;
*) usage ;;
esac
