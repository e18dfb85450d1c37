#!/usr/bin/env bash
# "Việc của tôi" at full scale (issue 11, ADR 0009): 100,000 staff, 1,000,000 documents and 1,000,000 dossiers in
# one database (bench/generate*.py), the home of three people measured against the signed-in floor of the same run:
# bench.user (specialist, little work), bench.docs (clerk, leader and unit head of an agency with 25,000 documents,
# 120 items waiting) and bench.onestop (one-stop officer of an agency with 25,000 dossiers). Twice: with the
# per-person work cache (CONGSO_WORK_CACHE_SECONDS=30, the default) and reading every source on every request (0).
# Usage: bash bench/home.sh   (env as bench/run.sh, plus BENCH_DOSSIERS)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_prepare
$CONGSO shell -c "exec(open('bench/generate_documents.py').read())"
$CONGSO shell -c "exec(open('bench/generate_dossiers.py').read())"
USER_COOKIE="$(session_for bench.user)"
DOCS_COOKIE="$(session_for bench.docs)"
ONESTOP_COOKIE="$(session_for bench.onestop)"
for seconds in 30 0; do
  export CONGSO_WORK_CACHE_SECONDS=$seconds
  serve_start
  curl -fs -H "Cookie: sessionid=$ONESTOP_COOKIE" "http://127.0.0.1:$PORT/" | grep -c 'Việc của tôi' >/dev/null || {
    echo "home page not served"; tail -30 "$CONGSO_DATA_DIR/serve.log"; exit 1; }
  run trivial /bench/trivial
  run signed_in_badge /thong-bao/so-chua-doc/ -H "Cookie: sessionid=$USER_COOKIE"
  run home_specialist / -H "Cookie: sessionid=$USER_COOKIE"
  run home_documents / -H "Cookie: sessionid=$DOCS_COOKIE"
  run home_onestop / -H "Cookie: sessionid=$ONESTOP_COOKIE"
  report "home-cache$seconds" trivial signed_in_badge home_specialist home_documents home_onestop
  kill "$SERVE"; wait "$SERVE" 2>/dev/null || true
done
