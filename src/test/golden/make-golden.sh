#!/usr/bin/env bash
# Makes one golden journal with a real earlier build (see src/test/resources/golden/*/README.md).
#   make-golden.sh JAR STORE OUT_DIR [REDIS_URL]
# STORE is file or redis. Starts the build's jar on a free port with golden.yaml, drives
# GoldenScenario.java against it, captures the answers into OUT_DIR/expected, then kills the
# server with SIGKILL (so nothing after the capture reaches the journal) and leaves the data in
# OUT_DIR/data (file) or in the Redis at REDIS_URL.
set -euo pipefail
JAR=$1; STORE=$2; OUT=$3; REDIS_URL=${4:-}
HERE=$(cd "$(dirname "$0")" && pwd)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$OUT/data"
export SWITCHBOARD_HTTP_PORT=$PORT SWITCHBOARD_DATA_DIR="$OUT/data" SWITCHBOARD_CONFIG="$HERE/golden.yaml"
export SWITCHBOARD_SNAPSHOT_EVENTS=60 SWITCHBOARD_SNAPSHOT_SECONDS=0
if [ "$STORE" = redis ]; then export SWITCHBOARD_STORE=redis SWITCHBOARD_REDIS_URL=$REDIS_URL; else export SWITCHBOARD_STORE=file; fi
java -jar "$JAR" > "$OUT/server.out" 2> "$OUT/server.err" &
SERVER=$!
for i in $(seq 1 100); do grep -q "listening" "$OUT/server.out" && break; sleep 0.2; done
KEY=$(sed -n 's/.*admin key: \(sbk_[A-Za-z0-9_-]*\).*/\1/p' "$OUT/server.out")
java "$HERE/GoldenScenario.java" "http://127.0.0.1:$PORT" "$KEY" "$OUT/expected"
kill -9 $SERVER
wait $SERVER || true
