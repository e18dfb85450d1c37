# Shared by the bench scripts (sourced): the production environment (gunicorn, PostgreSQL, Redis), a signed-in
# session for a user, the web server, one wrk scenario, and the report (JSON in bench/results/ and a table), every
# scenario as a ratio to the trivial view served in the same run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
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
PORT=18900
declare -A RESULTS

bench_prepare() {
  psql "${PG%/*}/postgres" -qc "CREATE DATABASE ${PG##*/}" 2>/dev/null || true
  $CONGSO migrate --no-input -v0
  $CONGSO collectstatic --no-input -v0
  $CONGSO shell -c "exec(open('bench/generate.py').read())"
}

session_for() {
  $CONGSO shell -c "
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, BACKEND_SESSION_KEY
from congso.accounts.models import User
u = User.objects.get(username='$1')
s = SessionStore(); s[SESSION_KEY] = str(u.pk); s[BACKEND_SESSION_KEY] = 'congso.accounts.backends.UsernameOrEmailBackend'
s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.create(); print(s.session_key)" | tail -1
}

serve_start() {
  $CONGSO serve --bind 127.0.0.1:$PORT --workers 2 >"$CONGSO_DATA_DIR/serve.log" 2>&1 &
  SERVE=$!
  trap 'kill $SERVE 2>/dev/null || true' EXIT
  for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/bench/trivial" >/dev/null && break; sleep 0.5; done
}

run() {  # run NAME PATH [wrk args…] [-s SCRIPT as the last two arguments]
  local name="$1" path="$2"; shift 2
  local script=bench/percentiles.lua
  local args=("$@")
  local n=${#args[@]}
  if [ "$n" -ge 2 ] && [ "${args[$((n - 2))]}" = "-s" ]; then
    script="${args[$((n - 1))]}"
    args=("${args[@]:0:$((n - 2))}")
  fi
  wrk -t2 -c"$CONN" -d5s -s "$script" "${args[@]}" "http://127.0.0.1:$PORT$path" >/dev/null  # warm-up
  RESULTS[$name]="$(wrk -t2 -c"$CONN" -d"$DURATION" -s "$script" "${args[@]}" "http://127.0.0.1:$PORT$path" | grep '^RESULT')"
  echo "$name: ${RESULTS[$name]}"
}

report() {  # report SUFFIX NAME…: bench/results/<date>[-SUFFIX].json and a markdown table
  local suffix="$1"; shift
  local rss_kb
  rss_kb="$(for pid in $(pgrep -P "$SERVE"); do awk '/VmRSS/ {print $2}' /proc/"$pid"/status; done | sort -n | tail -1)"
  local lines=""
  for name in "$@"; do lines+="$name ${RESULTS[$name]}"$'\n'; done
  printf '%s' "$lines" | "$PY" bench/report.py "$rss_kb" "$CONN" "$DURATION" "$suffix"
}
