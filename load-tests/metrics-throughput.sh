#!/usr/bin/env bash
# Metrics on vs off as saturated intake throughput (closed loop, 64 in flight; IntakeThroughput),
# a fresh server per run in memory mode (so the journal's fsync does not hide the metrics' CPU),
# the order alternated per round, /metrics scraped every 5 s in both modes.
#   load-tests/metrics-throughput.sh [ROUNDS]      (default 4; ~70 s per round)
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-4}
OUT=load-tests/target/results/metrics-throughput.txt
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$(dirname "$OUT")"
: > "$OUT"
for round in $(seq "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="true false"; else order="false true"; fi
  for metrics in $order; do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])')
    rm -rf "$WORK/data"
    SWITCHBOARD_METRICS=$metrics SWITCHBOARD_STORE=memory SWITCHBOARD_HTTP_PORT=$port SWITCHBOARD_DATA_DIR="$WORK/data" \
      java -Xmx2g -jar target/switchboard.jar --config load-tests/switchboard-load.yaml > "$WORK/out" 2> "$WORK/err" &
    pid=$!
    for _ in $(seq 100); do grep -q "listening" "$WORK/out" 2>/dev/null && break; sleep 0.2; done
    ( while kill -0 $pid 2>/dev/null; do curl -s -o /dev/null "localhost:$port/metrics"; sleep 5; done ) &
    scraper=$!
    key=$(sed -n 's/^  admin key: //p' "$WORK/out")
    result=$(java -cp load-tests/target/load-tests.jar io.switchboard.load.IntakeThroughput --concurrency 64 \
      --warmup 10s --duration 20s --url "http://localhost:$port" --api-key "$key" 2>&1 | grep "^RESULT" | sed 's/^RESULT //')
    kill -9 $pid 2>/dev/null || true
    wait $pid 2>/dev/null || true
    kill $scraper 2>/dev/null || true
    echo "RESULT round=$round metrics=$metrics $result" | tee -a "$OUT"
  done
done
