#!/usr/bin/env bash
# Intake throughput per journal backend, as a ratio to in-memory mode measured in the same run.
#
#   load-tests/durability-bench.sh [ROUNDS]      (default 3 rounds; ~2.5 minutes per round)
#
# Each round starts a fresh server per mode, in the same order, and measures saturated intake
# throughput (POST only, closed loop, 64 in flight; see IntakeThroughput): memory, file with fsync
# always, file with fsync interval, Redis (AOF everysec; WAITAOF when the server is 7.2+). Needs the packaged jars (see load-tests/README.md)
# and redis-server on the PATH (Debian: apt-get install redis-server).
# Prints one RESULT line per server and writes them to load-tests/target/results/durability.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
OUT=load-tests/target/results/durability.txt
WORK=$(mktemp -d)
mkdir -p "$(dirname "$OUT")"
: > "$OUT"
LOAD=(io.switchboard.load.IntakeThroughput --concurrency 64 --warmup 10s --duration 20s)

REDIS_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])')
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly yes --appendfsync everysec \
  --dir "$WORK" --daemonize no --logfile "$WORK/redis.log" &
REDIS_PID=$!
trap 'kill $REDIS_PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
sleep 1

run_mode() { # name, env...
  local name=$1; shift
  local port log
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])')
  log="$WORK/$name.log"
  redis-cli -p "$REDIS_PORT" FLUSHALL > /dev/null
  rm -rf "$WORK/data"
  env SWITCHBOARD_HTTP_PORT="$port" SWITCHBOARD_DATA_DIR="$WORK/data" "$@" \
    java -Xmx2g -jar target/switchboard.jar --config load-tests/switchboard-load.yaml > "$log.out" 2> "$log" &
  local pid=$!
  for _ in $(seq 100); do grep -q "listening" "$log.out" 2>/dev/null && break; sleep 0.2; done
  local result key
  key=$(sed -n 's/^  admin key: //p' "$log.out")
  result=$(java -cp load-tests/target/load-tests.jar "${LOAD[@]}" --url "http://localhost:$port" --api-key "$key" 2>&1 \
    | grep "^RESULT" | sed 's/^RESULT //')
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "RESULT round=$round mode=$name $result" | tee -a "$OUT"
}

for round in $(seq "$ROUNDS"); do
  run_mode memory SWITCHBOARD_STORE=memory
  run_mode file-always SWITCHBOARD_STORE=file SWITCHBOARD_FSYNC=always
  run_mode file-interval SWITCHBOARD_STORE=file SWITCHBOARD_FSYNC=interval
  run_mode redis-everysec SWITCHBOARD_REDIS_URL="redis://127.0.0.1:$REDIS_PORT"
done
