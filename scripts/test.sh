#!/usr/bin/env bash
# The whole suite: lint, types, tests on the embedded default (SQLite, in-process cache), and the
# same tests on PostgreSQL + Redis. With CI=true the services are required; elsewhere they are
# used when they answer on 127.0.0.1.
#
# Browser journeys run in a stage of their own, one at a time: beside a busy xdist worker on a
# 2-core machine, Chromium and the live server starve and time out. Every stage has a wall-clock
# limit (and every test one via pytest-timeout), so a hang fails fast with a traceback instead of
# eating CI's 90 minutes.
set -uo pipefail
BIN=.venv/bin
status=0
STAGE_LIMIT="${VERMILION_TEST_STAGE_LIMIT:-900}"

step() { echo; echo "=== $*"; }

run_pytest() {
  # pytest exits 5 when it collected nothing: an empty run must never pass.
  timeout --signal=INT --kill-after=30 "$STAGE_LIMIT" "$BIN/pytest" "$@"
  local code=$?
  if [ "$code" -eq 124 ] || [ "$code" -eq 130 ]; then echo "pytest exceeded ${STAGE_LIMIT}s: failing"; return 1; fi
  if [ "$code" -eq 5 ]; then echo "pytest collected no tests: failing"; return 1; fi
  return "$code"
}

step "ruff"
"$BIN/ruff" check src tests bench || status=1
step "mypy"
"$BIN/mypy" || status=1
step "import layers (lint-imports: the contracts in pyproject.toml)"
"$BIN/lint-imports" --no-cache || status=1

step "pytest (embedded: SQLite, in-process cache)"
run_pytest -q -p xdist -n 2 -m "not e2e and not replica and not cluster" || status=1

step "browser journeys (Chromium, embedded)"
run_pytest -q -m e2e || status=1

pg_up() { "$BIN/python" - <<'PY'
import psycopg, sys
try:
    psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=3).close()
except Exception as exc:
    print("PostgreSQL unavailable:", exc); sys.exit(1)
PY
}
redis_up() { "$BIN/python" -c "import redis,sys; redis.Redis(host='127.0.0.1', port=6379, socket_timeout=3).ping()"; }

if pg_up && redis_up; then
  step "pytest (production services: PostgreSQL, Redis)"
  VERMILION_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres" \
  VERMILION_TEST_REDIS_URL="redis://127.0.0.1:6379/0" \
    run_pytest -q -p xdist -n 2 -m "not e2e and not replica and not cluster" || status=1
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true but PostgreSQL or Redis is not reachable on 127.0.0.1: failing"
  status=1
else
  echo "PostgreSQL/Redis not reachable: skipped the production-services run (CI requires it)."
fi

# A stage against a service the stage starts itself (scripts/<script> start prints its URL) and
# stops again, also when the run is interrupted. With CI=true a service that does not start fails
# the run; elsewhere the stage is skipped with a message.
#   service_stage NAME SCRIPT URL_VARIABLE PYTEST_ARGS...
service_stage() {
  local name=$1 script=$2 variable=$3 started=$SECONDS url exit_trap
  shift 3
  step "pytest ($name)"
  if pg_up && url=$(bash "scripts/$script" start); then
    exit_trap=$(trap -p EXIT)
    trap "bash scripts/$script stop" EXIT
    (export VERMILION_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres" "$variable=$url"
     run_pytest "$@") || status=1
    bash "scripts/$script" stop || status=1
    eval "${exit_trap:-trap - EXIT}"
    echo "$name: $((SECONDS - started)) s"
  elif [ "${CI:-}" = "true" ]; then
    echo "CI=true but $name did not start (or PostgreSQL is not reachable): failing"
    status=1
  else
    echo "$name could not start here (it needs PostgreSQL on 127.0.0.1 and the server's binaries): skipped (CI requires it)."
  fi
}

# The tests marked `redis` once more on a Redis Cluster of three masters on 127.0.0.1:7101-7103
# (no persistence, gone after the stage): timelines, rate limits, caches, kept rankings, the
# hot-read cache and the channel layer where the keys of one operation may live on different
# masters. Workers share the cluster's one database, kept apart by their key prefixes.
service_stage "Redis Cluster: three masters on 127.0.0.1:7101-7103" redis-cluster.sh VERMILION_TEST_REDIS_URL \
  -q -p xdist -n 2 -m redis

# A streaming replica of that PostgreSQL, built by pg_basebackup and started on 127.0.0.1:5433, and
# the read-replica path against it (tests/scaleout): a writer reads their write, others read the
# standby, a standby behind, gone or dying mid-request costs no error.
service_stage "streaming replica: PostgreSQL on 127.0.0.1:5433" pg-replica.sh VERMILION_TEST_REPLICA_URL \
  -q -m replica tests/scaleout

step "benchmarks (smoke mode)"
timeout --kill-after=30 "$STAGE_LIMIT" "$BIN/python" -m bench --smoke || status=1

exit $status
