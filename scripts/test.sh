#!/usr/bin/env bash
# The whole suite: lint, types, tests on the embedded default (SQLite, in-process cache), and the
# same tests on PostgreSQL + Redis. With CI=true the services are required; elsewhere they are
# used when they answer on 127.0.0.1.
set -uo pipefail
BIN=.venv/bin
status=0

step() { echo; echo "=== $*"; }

run_pytest() {
  # pytest exits 5 when it collected nothing: an empty run must never pass.
  "$BIN/pytest" "$@"
  local code=$?
  if [ "$code" -eq 5 ]; then echo "pytest collected no tests: failing"; return 1; fi
  return "$code"
}

step "ruff"
"$BIN/ruff" check src tests bench || status=1
step "mypy"
"$BIN/mypy" || status=1

step "pytest (embedded: SQLite, in-process cache)"
run_pytest -q -p xdist -n 2 || status=1

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
    run_pytest -q -p xdist -n 2 -m "not e2e" || status=1
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true but PostgreSQL or Redis is not reachable on 127.0.0.1: failing"
  status=1
else
  echo "PostgreSQL/Redis not reachable: skipped the production-services run (CI requires it)."
fi

step "benchmarks (smoke mode)"
"$BIN/python" -m bench --smoke || status=1

exit $status
