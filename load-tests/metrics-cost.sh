#!/usr/bin/env bash
# Metrics on vs off (docs/BENCHMARKS.md, "Metrics on vs off"): server CPU per ticket at a fixed
# open-loop intake rate, a fresh server per run, the order alternated per round, /metrics scraped
# every 5 s in both modes (a 404 when off). Then: python3 over the summary.json files, or
#   java -jar load-tests/target/load-tests.jar median --field runs.0.cpuCores.server DIR/on/*/summary.json
# Usage (from the repository root, after building both jars): load-tests/metrics-cost.sh [ROUNDS] [RATE]
set -u
cd "$(dirname "$0")/.."
ROUNDS=${1:-6}
RATE=${2:-2000}
PORT=${PORT:-18280}
OUT=${OUT:-load-tests/target/results/metrics-cost}
LT="java -jar load-tests/target/load-tests.jar"
mkdir -p "$OUT"
for r in $(seq 1 "$ROUNDS"); do
  if [ $((r % 2)) -eq 1 ]; then order="on off"; else order="off on"; fi
  for mode in $order; do
    if [ "$mode" = on ]; then M=true; else M=false; fi
    SWITCHBOARD_METRICS=$M SWITCHBOARD_HTTP_PORT=$PORT SWITCHBOARD_DATA_DIR="$OUT/data" \
      java -Xms1g -Xmx1g -jar target/switchboard.jar --config load-tests/switchboard-load.yaml > /dev/null 2>&1 &
    SB=$!
    sleep 5
    ( while kill -0 $SB 2>/dev/null; do curl -s -o /dev/null "localhost:$PORT/metrics"; sleep 5; done ) &
    SCRAPER=$!
    $LT steady --kind intake --url "http://localhost:$PORT" --rate "$RATE" --duration 20s --warmup 15s \
      --server-pid $SB --results "$OUT/$mode" > "$OUT-$r-$mode.log" 2>&1
    echo "round $r metrics $mode: exit $?"
    kill $SB; wait $SB 2>/dev/null; kill $SCRAPER 2>/dev/null
    sleep 2
  done
done
