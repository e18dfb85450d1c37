#!/usr/bin/env bash
# One-stop bench (not tests): BENCH_DOSSIERS (1,000,000) dossiers on PostgreSQL with the production stack.
# Scenarios: the public lookup (page and API, rotating real codes with their check values), an officer's queue and
# its search by an applicant's name without diacritics (the folded, trigram-indexed column),
# an agency's statistics for a year, intake through the API; then PDF receipts per second, made in one process.
# The lookup's per-address limit is lifted for the run (every wrk connection comes from 127.0.0.1). Statistics
# are a report page: measured with 2 connections (one per core), the others with BENCH_CONNECTIONS.
# Usage: bash bench/dossiers.sh   (env as bench/run.sh, plus BENCH_DOSSIERS)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
export CONGSO_LOOKUP_RATE=1000000000
bench_prepare
$CONGSO shell -c "exec(open('bench/generate_dossiers.py').read())"
COOKIE="$(session_for bench.onestop)"
export BENCH_TOKEN="$(cat "$CONGSO_DATA_DIR/onestop-token.txt")"
export BENCH_LOOKUPS="$CONGSO_DATA_DIR/lookups.txt" BENCH_INTAKE="$CONGSO_DATA_DIR/intake.txt"
serve_start
curl -fs -H "Cookie: sessionid=$COOKIE" "http://127.0.0.1:$PORT/mot-cua/" | grep -c 'data-testid="my-queue"' >/dev/null || {
  echo "queue page not served"; tail -30 "$CONGSO_DATA_DIR/serve.log"; exit 1; }
FROM="$(date -d '-365 days' +%d/%m/%Y)"; TO="$(date +%d/%m/%Y)"
run trivial /bench/trivial
run lookup_page /tra-cuu/ -s bench/lookup.lua
run lookup_api /api/v1/dossiers/lookup -s bench/lookup.lua
run officer_queue /mot-cua/ -H "Cookie: sessionid=$COOKIE"
run queue_search "/mot-cua/?q=nguoi%20thu%20tai%20996" -H "Cookie: sessionid=$COOKIE"
CONN=2 run agency_statistics "/mot-cua/thong-ke/?tu=$FROM&den=$TO" -H "Cookie: sessionid=$COOKIE"
run intake /api/v1/dossiers -s bench/intake.lua
report dossiers trivial lookup_page lookup_api officer_queue queue_search agency_statistics intake
$CONGSO shell -c "exec(open('bench/receipts.py').read())"
