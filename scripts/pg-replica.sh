#!/usr/bin/env bash
# A throw-away PostgreSQL streaming replica of the local primary, on loopback, for the read-replica
# tests (tests/scaleout) and for trying DATABASE_REPLICA_URL by hand:
#
#   scripts/pg-replica.sh start    # pg_basebackup -R of 127.0.0.1:5432, started on 127.0.0.1:5433,
#                                  # returns once it streams; prints the URL of a database on it
#   scripts/pg-replica.sh stop     # stops it, drops its replication slot, removes its files
#   scripts/pg-replica.sh status   # running? streaming? how far behind?
#
# PG_PRIMARY_PORT (5432), PG_REPLICA_PORT (5433), PG_REPLICA_DIR (its files, under $TMPDIR) and
# PG_BIN (the server's binaries; found from the primary's major version) change the defaults. The
# replica listens on 127.0.0.1 only, its socket lives in its own directory, and it is built from the
# primary over a replication connection: besides its slot (dropped by `stop`), the only change it may
# make to the primary is the one pg_hba.conf line explained in allow_replication below.
set -euo pipefail

PRIMARY_PORT="${PG_PRIMARY_PORT:-5432}"
PORT="${PG_REPLICA_PORT:-5433}"
DIR="${PG_REPLICA_DIR:-${TMPDIR:-/tmp}/vermilion-pg-replica-$PORT}"
DATA="$DIR/data"
# One slot per replica port: the primary keeps the WAL this replica has not received yet (without a
# slot, and wal_keep_size 0, a checkpoint between the base backup and the first stream could recycle
# it). `stop` drops it, and `start` drops one an interrupted run left behind, so it never pins WAL
# on the primary after the run.
SLOT="vermilion_replica_$PORT"
APP="vermilion_replica_$PORT"

primary() { psql -X -q -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atc "$1"; }
replica() { psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atc "$1"; }

# The server runs as the postgres OS user (it refuses root), and its files belong to it.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  local major
  major=$(( $(primary "show server_version_num") / 10000 ))  # the replica must run the primary's major version
  echo "/usr/lib/postgresql/$major/bin"
}

running() { [ -f "$DATA/postmaster.pid" ] && as_pg "$(pg_bin)/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

drop_slot() {
  # A slot is active for a few hundred milliseconds after its walsender's replica stopped.
  for _ in $(seq 50); do
    [ -z "$(primary "select 1 from pg_replication_slots where slot_name = '$SLOT'")" ] && return 0
    primary "select pg_drop_replication_slot('$SLOT') from pg_replication_slots
             where slot_name = '$SLOT' and not active" >/dev/null || true
    sleep 0.1
  done
  echo "could not drop replication slot $SLOT on the primary (still active?)" >&2
  return 1
}

stop() {
  # Immediate: the copy is thrown away, so it need not write a shutdown restartpoint first.
  if running; then as_pg "$(pg_bin)/pg_ctl" -D "$DATA" -m immediate -w -t 30 stop >/dev/null; fi
  drop_slot
  rm -rf "$DIR"
}

allow_replication() {
  # pg_basebackup and the replica's WAL receiver open *replication* connections, which the keyword
  # `all` in pg_hba.conf does not cover. Debian's default file lets them in from loopback; a primary
  # set up like this machine's ("host all all 127.0.0.1/32 trust" only) refuses them. Then one line
  # is appended, for the postgres user from 127.0.0.1, with the method the existing loopback rule
  # already gives that user (trust here: it grants no access the superuser does not have already),
  # and the configuration is reloaded (no restart). The line is looked for first, so running this
  # again never adds it twice, and it is left in place: a reload per run would be the only gain.
  local probe="host=127.0.0.1 port=$PRIMARY_PORT user=postgres dbname=postgres replication=true"
  if psql -X -q "$probe" -c "IDENTIFY_SYSTEM" >/dev/null 2>&1; then return 0; fi
  local hba line="host replication postgres 127.0.0.1/32 trust"
  hba=$(primary "show hba_file")
  if ! grep -qxF "$line" "$hba"; then
    echo "pg-replica: allowing replication connections from 127.0.0.1 for postgres in $hba" >&2
    printf '\n# Added by vermilion scripts/pg-replica.sh: the loopback streaming replica of the tests.\n%s\n' \
      "$line" >> "$hba"
  fi
  primary "select pg_reload_conf()" >/dev/null
  for _ in $(seq 20); do
    if psql -X -q "$probe" -c "IDENTIFY_SYSTEM" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "the primary still refuses replication connections from 127.0.0.1 (see $hba)" >&2
  return 1
}

start() {
  local bin
  if ! primary "select 1" >/dev/null 2>&1; then
    echo "no PostgreSQL primary answers on 127.0.0.1:$PRIMARY_PORT" >&2; return 1
  fi
  case "$(primary "show wal_level")" in
    replica|logical) ;;
    *) echo "the primary's wal_level is $(primary "show wal_level"): streaming needs 'replica' (a restart of the primary)" >&2
       return 1 ;;
  esac
  bin=$(pg_bin)
  [ -x "$bin/pg_basebackup" ] || { echo "no PostgreSQL server binaries in $bin (set PG_BIN)" >&2; return 1; }
  stop  # a replica left over by an interrupted run holds the port, and its slot the primary's WAL
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
    echo "port $PORT is in use by something this script did not start: stop it or set PG_REPLICA_PORT" >&2
    return 1
  fi
  allow_replication

  mkdir -p "$DIR/socket"
  chown -R postgres "$DIR" 2>/dev/null || true
  # -R writes standby.signal and primary_conninfo (with the slot, -C -S), -X stream copies the WAL
  # written meanwhile, -c fast starts at once instead of at the next spread checkpoint, and -N skips
  # the fsync of the copy (five of the six seconds here): it is rebuilt on every start anyway.
  as_pg "$bin/pg_basebackup" -D "$DATA" -R -X stream -c fast -N --no-manifest -C -S "$SLOT" \
    -d "host=127.0.0.1 port=$PRIMARY_PORT user=postgres application_name=$APP"
  # A Debian primary keeps its configuration in /etc, so the copy has none (another layout's would
  # name the primary's port and paths): the replica gets its own. A hot standby needs at least the
  # primary's values of these limits, or it refuses to start.
  local limits name
  limits=""
  for name in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
    limits+="$name = $(primary "show $name")"$'\n'
  done
  as_pg tee "$DATA/postgresql.conf" >/dev/null <<CONF
# Written by scripts/pg-replica.sh: a hot standby for tests, on loopback only.
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR/socket'
hot_standby = on
# Reports its replay position every second (default 10 s), so pg_stat_replication on the primary
# follows it closely.
wal_receiver_status_interval = 1s
shared_buffers = 32MB
# A replica that is rebuilt from scratch on every start never needs to survive a crash.
fsync = off
logging_collector = off
$limits
CONF
  as_pg tee "$DATA/pg_hba.conf" >/dev/null <<HBA
local all all trust
host all all 127.0.0.1/32 trust
HBA
  # The command line wins over postgresql.auto.conf, which is copied from the primary and could
  # name its port or addresses.
  as_pg "$bin/pg_ctl" -D "$DATA" -l "$DIR/postgres.log" -w -t 60 \
    -o "-c port=$PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$DIR/socket" start >/dev/null \
    || { echo "the replica did not start: $DIR/postgres.log" >&2; tail -20 "$DIR/postgres.log" >&2; return 1; }

  # Streaming: the primary's walsender for this replica says so, and the replica is in recovery.
  local deadline=$((SECONDS + 30))
  until [ "$(primary "select state from pg_stat_replication where application_name = '$APP'")" = "streaming" ] \
      && [ "$(replica "select pg_is_in_recovery()" 2>/dev/null)" = "t" ]; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "the replica is not streaming after 30 s: $DIR/postgres.log" >&2; tail -20 "$DIR/postgres.log" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "postgres://postgres@127.0.0.1:$PORT/postgres"
}

status() {
  if ! running; then echo "not running ($DATA)"; return 1; fi
  echo "running: 127.0.0.1:$PORT, data in $DATA"
  primary "select 'walsender: ' || state || ', sent ' || sent_lsn || ', replayed ' || coalesce(replay_lsn::text, '-')
                  || ', replay lag ' || coalesce(replay_lag::text, '0 (idle)')
           from pg_stat_replication where application_name = '$APP'"
  replica "select 'in recovery: ' || pg_is_in_recovery() || ', replay paused: ' || pg_is_wal_replay_paused()
                  || ', bytes behind the primary: '
                  || pg_wal_lsn_diff('$(primary "select pg_current_wal_lsn()")', pg_last_wal_replay_lsn())"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
