#!/usr/bin/env bash
# Bench harness (not tests): production stack (gunicorn, 2 workers, PostgreSQL), generated data, wrk load.
# Reports per scenario requests/s and p50/p95/p99, and the ratio to a trivial view served in the same run.
# Usage: bash bench/run.sh   (env: BENCH_DATABASE_URL, BENCH_DURATION=15s, BENCH_CONNECTIONS=8)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
bench_prepare
export BENCH_TOKEN_FILE="$CONGSO_DATA_DIR/token.txt"
$CONGSO shell -c "exec(open('bench/generate_documents.py').read())"
COOKIE="$(session_for bench.user)"
DOCS_COOKIE="$(session_for bench.docs)"
export BENCH_TOKEN="$(cat "$BENCH_TOKEN_FILE")"
serve_start
curl -fs -H "Cookie: sessionid=$COOKIE" "http://127.0.0.1:$PORT/" | grep -c "Việc của tôi" >/dev/null || { echo "home page not served"; exit 1; }
run trivial /bench/trivial
run login_page /tai-khoan/dang-nhap/
run staff_home / -H "Cookie: sessionid=$COOKIE"
run signed_in_badge /thong-bao/so-chua-doc/ -H "Cookie: sessionid=$COOKIE"  # the floor of any signed-in page
run documents_todo / -H "Cookie: sessionid=$DOCS_COOKIE"
run documents_search /van-ban/tim-kiem/ -H "Cookie: sessionid=$DOCS_COOKIE" -s bench/search.lua
run documents_register /api/v1/documents/incoming -s bench/register.lua
report "" trivial login_page staff_home signed_in_badge documents_todo documents_search documents_register
