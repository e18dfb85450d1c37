#!/usr/bin/env bash
# Exchange bench (not a test): two installations on this machine (each its own PostgreSQL database, data directory
# and gunicorn), BENCH_PACKAGES edXML packages from A to B through the outbox, sent by 4 `congso exchange retry`
# processes, through a proxy that answers 413 to BENCH_FLAKY_PERCENT (5) % of the packages the first time (the
# sender must retry them once their back-off is due); then a replay of already-sent packages (a crash between
# sending and acknowledging). Reports the throughput and checks zero loss and zero duplicates.
# Usage: bash bench/exchange.sh
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PG="${BENCH_PG:-postgres://postgres@127.0.0.1:5432}"
export BENCH_PACKAGES="${BENCH_PACKAGES:-10000}" BENCH_REPLAY="${BENCH_REPLAY:-500}"
export DJANGO_SETTINGS_MODULE=config.settings.production ALLOWED_HOSTS=127.0.0.1 LOG_LEVEL=WARNING
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
PY="$ROOT/.venv/bin/python"
PORT_B=18911
PORT_PROXY=18912
side() {  # side A|B command…
  local name="$1"; shift
  local lower; lower="$(echo "$name" | tr 'AB' 'ab')"
  local cache=4; [ "$lower" = b ] && cache=5
  DATABASE_URL="$PG/congso_ex$lower" CONGSO_DATA_DIR="$ROOT/var/bench-ex$lower" CONGSO_EXCHANGE_PEER_CODE="$lower" \
    CACHE_URL="${BENCH_CACHE_BASE:-redis://127.0.0.1:6379}/$cache" \
    SECRET_KEY="bench-exchange-$lower-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" "$@"
}
for s in a b; do
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS congso_ex$s" && psql "$PG/postgres" -qc "CREATE DATABASE congso_ex$s"
  rm -rf "$ROOT/var/bench-ex$s" && mkdir -p "$ROOT/var/bench-ex$s"
done
side A "$PY" -m congso.cli migrate --no-input -v0
side B "$PY" -m congso.cli migrate --no-input -v0
side B "$PY" -m congso.cli collectstatic --no-input -v0
BENCH_PHASE=setup-a BENCH_PEER_URL="http://127.0.0.1:$PORT_PROXY" side A "$PY" -m congso.cli shell -c "exec(open('bench/exchange.py').read())"
BENCH_PHASE=setup-b BENCH_PEER_URL="http://127.0.0.1:18910" side B "$PY" -m congso.cli shell -c "exec(open('bench/exchange.py').read())"
BENCH_PHASE=issue-a side A "$PY" -m congso.cli shell -c "exec(open('bench/exchange.py').read())"
side B "$PY" -m congso.cli serve --bind "127.0.0.1:$PORT_B" --workers 2 >"$ROOT/var/bench-exb/serve.log" 2>&1 &
SERVE=$!
"$PY" bench/flaky_proxy.py "$PORT_PROXY" "http://127.0.0.1:$PORT_B" >"$ROOT/var/bench-exb/proxy.log" 2>&1 &
PROXY=$!
trap 'kill $SERVE $PROXY 2>/dev/null || true; pkill -f "gunicorn config.wsgi" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT_B/bench/trivial" >/dev/null && break; sleep 0.5; done
START=$(date +%s.%N)
for _ in 1 2 3 4; do side A "$PY" -m congso.cli exchange retry >/dev/null & done
wait %3 %4 %5 %6 2>/dev/null || true
# The packages refused with 413 wait for their back-off; make them due now (the time the bench does not wait) and
# send them again.
BENCH_PHASE=due-a side A "$PY" -m congso.cli shell -c "exec(open('bench/exchange.py').read())"
side A "$PY" -m congso.cli exchange retry >/dev/null
END=$(date +%s.%N)
SECONDS_TAKEN=$(echo "$END - $START" | bc)
echo "RESULT sent $BENCH_PACKAGES packages in ${SECONDS_TAKEN}s: $(echo "$BENCH_PACKAGES / $SECONDS_TAKEN" | bc -l | cut -c1-6) packages/s"
BENCH_PHASE=verify-a side A "$PY" -m congso.cli shell -c "exec(open('bench/exchange.py').read())"
BENCH_PHASE=replay-a side A "$PY" -m congso.cli shell -c "exec(open('bench/exchange.py').read())"
side A "$PY" -m congso.cli exchange retry
BENCH_PHASE=verify-a side A "$PY" -m congso.cli shell -c "exec(open('bench/exchange.py').read())"
BENCH_PHASE=verify-b side B "$PY" -m congso.cli shell -c "exec(open('bench/exchange.py').read())"
kill $PROXY 2>/dev/null || true
wait $PROXY 2>/dev/null || true
cat "$ROOT/var/bench-exb/proxy.log"
