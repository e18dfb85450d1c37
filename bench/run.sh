#!/usr/bin/env bash
# Bench harness (not tests): production stack (gunicorn, 2 workers, PostgreSQL), generated data, wrk load.
# Reports per scenario requests/s and p50/p95/p99, and the ratio to a trivial view served in the same run.
# Usage: bash bench/run.sh   (env: BENCH_DATABASE_URL, BENCH_DURATION=15s, BENCH_CONNECTIONS=8)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
PG="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/congso_bench}"
DURATION="${BENCH_DURATION:-15s}"
CONN="${BENCH_CONNECTIONS:-8}"
export DJANGO_SETTINGS_MODULE=config.settings.production DATABASE_URL="$PG" ALLOWED_HOSTS=127.0.0.1
export SECRET_KEY="bench-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false LOG_LEVEL=WARNING
# Production-like: a shared Redis cache (sessions read through it, lockout counters), as docs/deploy.md advises.
export CACHE_URL="${BENCH_CACHE_URL:-redis://127.0.0.1:6379/1}"
export CONGSO_DATA_DIR="${BENCH_DATA_DIR:-$ROOT/var/bench}"
mkdir -p "$CONGSO_DATA_DIR"
PY="$ROOT/.venv/bin/python"
CONGSO="$PY -m congso.cli"
psql "${PG%/*}/postgres" -qc "CREATE DATABASE ${PG##*/}" 2>/dev/null || true
$CONGSO migrate --no-input -v0
$CONGSO collectstatic --no-input -v0
$CONGSO shell -c "exec(open('bench/generate.py').read())"
export BENCH_TOKEN_FILE="$CONGSO_DATA_DIR/token.txt"
$CONGSO shell -c "exec(open('bench/generate_documents.py').read())"
session_for() {
  $CONGSO shell -c "
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, BACKEND_SESSION_KEY
from congso.accounts.models import User
u = User.objects.get(username='$1')
s = SessionStore(); s[SESSION_KEY] = str(u.pk); s[BACKEND_SESSION_KEY] = 'congso.accounts.backends.UsernameOrEmailBackend'
s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.create(); print(s.session_key)" | tail -1
}
COOKIE="$(session_for bench.user)"
DOCS_COOKIE="$(session_for bench.docs)"
export BENCH_TOKEN="$(cat "$BENCH_TOKEN_FILE")"
PORT=18900
$CONGSO serve --bind 127.0.0.1:$PORT --workers 2 >"$CONGSO_DATA_DIR/serve.log" 2>&1 &
SERVE=$!
trap 'kill $SERVE 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/bench/trivial" >/dev/null && break; sleep 0.5; done
curl -fs -H "Cookie: sessionid=$COOKIE" "http://127.0.0.1:$PORT/" | grep -q "Việc của tôi" || { echo "home page not served"; exit 1; }

declare -A RESULTS
run() {
  local name="$1" path="$2"; shift 2
  wrk -t2 -c"$CONN" -d5s "$@" "http://127.0.0.1:$PORT$path" >/dev/null  # warm-up
  local script=bench/percentiles.lua
  if [ "${3:-}" = "-s" ]; then script="$4"; set -- "$1" "$2"; elif [ "${1:-}" = "-s" ]; then script="$2"; set --; fi
  RESULTS[$name]="$(wrk -t2 -c"$CONN" -d"$DURATION" -s "$script" "$@" "http://127.0.0.1:$PORT$path" | grep '^RESULT')"
  echo "$name: ${RESULTS[$name]}"
}
run trivial /bench/trivial
run login_page /tai-khoan/dang-nhap/
run staff_home / -H "Cookie: sessionid=$COOKIE"
run documents_todo / -H "Cookie: sessionid=$DOCS_COOKIE"
run documents_search /van-ban/tim-kiem/ -H "Cookie: sessionid=$DOCS_COOKIE" -s bench/search.lua
run documents_register /api/v1/documents/incoming -s bench/register.lua
RSS_KB="$(for pid in $(pgrep -P $SERVE); do awk '/VmRSS/ {print $2}' /proc/$pid/status; done | sort -n | tail -1)"
"$PY" - "$RSS_KB" "$CONN" "$DURATION" <<PYEOF
import json, platform, os, re, sys, datetime, subprocess
rss_kb, conn, duration = int(sys.argv[1]), sys.argv[2], sys.argv[3]
raw = {"trivial": """${RESULTS[trivial]}""", "login_page": """${RESULTS[login_page]}""", "staff_home": """${RESULTS[staff_home]}""",
       "documents_todo": """${RESULTS[documents_todo]}""", "documents_search": """${RESULTS[documents_search]}""",
       "documents_register": """${RESULTS[documents_register]}"""}
parsed = {k: {m.group(1): float(m.group(2)) for m in re.finditer(r"(\w+)=([\d.]+)", v)} for k, v in raw.items()}
base = parsed["trivial"]["rps"]
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
result = {"date": datetime.date.today().isoformat(), "machine": f"{os.cpu_count()} cores, {cpu}", "connections": conn,
          "duration": duration, "worker_rss_mb": round(rss_kb / 1024, 1), "scenarios": {}}
for name, values in parsed.items():
    result["scenarios"][name] = {"rps": round(values["rps"], 1), "ratio_to_trivial": round(values["rps"] / base, 3),
                                 "p50_ms": values["p50"] / 1000, "p95_ms": values["p95"] / 1000, "p99_ms": values["p99"] / 1000,
                                 "errors": int(values["errors"])}
path = f"bench/results/{result['date']}.json"
json.dump(result, open(path, "w"), indent=2, ensure_ascii=False)
print(json.dumps(result, indent=2, ensure_ascii=False))
print("| scenario | req/s | × trivial | p50 ms | p95 ms | p99 ms | errors |")
print("|---|---|---|---|---|---|---|")
for name, v in result["scenarios"].items():
    print(f"| {name} | {v['rps']} | {v['ratio_to_trivial']} | {v['p50_ms']} | {v['p95_ms']} | {v['p99_ms']} | {v['errors']} |")
print(f"Largest web worker RSS after the run: {result['worker_rss_mb']} MB")
PYEOF
