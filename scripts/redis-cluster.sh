#!/usr/bin/env bash
# A throw-away Redis Cluster on loopback for tests and benchmarks: three masters (ports 7101-7103 by
# default), with no persistence and their files in a temporary directory, so nothing survives `stop`.
#
#   scripts/redis-cluster.sh start        # three masters; prints the URL Vermilion takes
#   scripts/redis-cluster.sh start 1      # three masters, each with one replica (six nodes: failover)
#   scripts/redis-cluster.sh stop
#   scripts/redis-cluster.sh status
#
# REDIS_CLUSTER_PORT (first port, 7101), REDIS_CLUSTER_DIR (its files) and REDIS_CLUSTER_NODE_TIMEOUT
# (milliseconds before a silent master is failed over, 3000) change the defaults. Every node listens on
# 127.0.0.1 only. The machine's own Redis (6379) is never touched.
set -euo pipefail

FIRST_PORT="${REDIS_CLUSTER_PORT:-7101}"
DIR="${REDIS_CLUSTER_DIR:-${TMPDIR:-/tmp}/vermilion-redis-cluster-$FIRST_PORT}"
NODE_TIMEOUT="${REDIS_CLUSTER_NODE_TIMEOUT:-3000}"
MASTERS=3

ports() { seq "$FIRST_PORT" $((FIRST_PORT + $1 - 1)); }

running_ports() {
  # The nodes this script started, found by their pid files (a node it did not start is never stopped).
  [ -d "$DIR" ] || return 0
  for pidfile in "$DIR"/*/redis.pid; do
    [ -e "$pidfile" ] || continue
    if kill -0 "$(cat "$pidfile")" 2>/dev/null; then basename "$(dirname "$pidfile")"; fi
  done
}

stop() {
  for port in $(running_ports); do
    redis-cli -h 127.0.0.1 -p "$port" shutdown nosave >/dev/null 2>&1 || true
  done
  # A node that did not shut down within ten seconds is ended by its own pid.
  for _ in $(seq 50); do [ -z "$(running_ports)" ] && break; sleep 0.2; done
  for port in $(running_ports); do kill -9 "$(cat "$DIR/$port/redis.pid")" 2>/dev/null || true; done
  rm -rf "$DIR"
}

wait_ok() {
  # cluster_state:ok on every node: each knows every slot is served (the create command only waits
  # for the nodes to agree on the configuration).
  local port deadline=$((SECONDS + 30))
  for port in "$@"; do
    until redis-cli -h 127.0.0.1 -p "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; do
      if [ "$SECONDS" -ge "$deadline" ]; then echo "node $port: cluster_state is not ok after 30 s" >&2; return 1; fi
      sleep 0.2
    done
  done
}

start() {
  local replicas="${1:-0}" nodes port
  nodes=$((MASTERS * (1 + replicas)))
  command -v redis-server >/dev/null || { echo "redis-server is not installed (apt-get install redis-server)" >&2; return 1; }
  stop  # a cluster left over by an interrupted run holds the ports
  for port in $(ports "$nodes"); do
    if redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; then
      echo "port $port is in use by a Redis this script did not start: stop it or set REDIS_CLUSTER_PORT" >&2
      return 1
    fi
  done
  mkdir -p "$DIR"
  for port in $(ports "$nodes"); do
    mkdir -p "$DIR/$port"
    # No RDB snapshots and no append-only file: a test cluster keeps nothing, and a fork for a
    # snapshot would only slow the run down.
    redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes --daemonize yes \
      --dir "$DIR/$port" --pidfile "$DIR/$port/redis.pid" --logfile "$DIR/$port/redis.log" \
      --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout "$NODE_TIMEOUT" \
      --save "" --appendonly no
  done
  for port in $(ports "$nodes"); do
    local deadline=$((SECONDS + 10))
    until redis-cli -h 127.0.0.1 -p "$port" ping >/dev/null 2>&1; do
      if [ "$SECONDS" -ge "$deadline" ]; then echo "node $port did not start: $DIR/$port/redis.log" >&2; return 1; fi
      sleep 0.1
    done
  done
  # shellcheck disable=SC2046
  redis-cli --cluster create $(for p in $(ports "$nodes"); do printf '127.0.0.1:%s ' "$p"; done) \
    --cluster-replicas "$replicas" --cluster-yes >"$DIR/create.log" 2>&1 \
    || { cat "$DIR/create.log" >&2; return 1; }
  wait_ok $(ports "$nodes")
  if [ "$replicas" -gt 0 ]; then
    # A replica counts once it has copied its master (until then a failover would lose writes).
    local deadline=$((SECONDS + 30))
    for port in $(ports "$nodes"); do
      until ! redis-cli -h 127.0.0.1 -p "$port" info replication | grep -q '^role:slave' \
            || redis-cli -h 127.0.0.1 -p "$port" info replication | grep -q '^master_link_status:up'; do
        if [ "$SECONDS" -ge "$deadline" ]; then echo "replica $port did not sync within 30 s" >&2; return 1; fi
        sleep 0.2
      done
    done
  fi
  echo "redis+cluster://$(for p in $(ports "$MASTERS"); do printf '127.0.0.1:%s,' "$p"; done | sed 's/,$//')"
}

case "${1:-}" in
  start) start "${2:-0}" ;;
  stop) stop ;;
  status)
    found=$(running_ports)
    if [ -z "$found" ]; then echo "no cluster running from $DIR"; exit 1; fi
    redis-cli -h 127.0.0.1 -p "$(echo "$found" | head -1)" cluster nodes
    ;;
  *) echo "usage: $0 start [replicas per master] | stop | status" >&2; exit 2 ;;
esac
