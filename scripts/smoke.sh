#!/usr/bin/env bash
# Production-mode smoke run: PostgreSQL + `congso serve` (gunicorn) + `congso worker`; a login and a page.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PG_URL="$1"
DB_NAME="congso_smoke"
BASE_URL="${PG_URL%/*}"
psql "${BASE_URL}/postgres" -qc "DROP DATABASE IF EXISTS $DB_NAME" -qc "CREATE DATABASE $DB_NAME" >/dev/null
export DJANGO_SETTINGS_MODULE=config.settings.production
export DATABASE_URL="${BASE_URL}/$DB_NAME"
export SECRET_KEY="smoke-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
export CONGSO_DATA_DIR="$(mktemp -d)"
export CACHE_URL="${SMOKE_CACHE_URL:-redis://127.0.0.1:6379/3}"
CONGSO="$ROOT/.venv/bin/congso"
"$CONGSO" migrate --no-input -v0
"$CONGSO" collectstatic --no-input -v0
"$CONGSO" demo >/dev/null
"$CONGSO" check-deploy | tail -3 || true
PORT=18765
"$CONGSO" serve --bind 127.0.0.1:$PORT --workers 2 >"$CONGSO_DATA_DIR/serve.log" 2>&1 &
SERVE=$!
"$CONGSO" worker >"$CONGSO_DATA_DIR/worker.log" 2>&1 &
WORKER=$!
trap 'kill $SERVE $WORKER 2>/dev/null || true' EXIT
for _ in $(seq 1 40); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.5; done
curl -fsS "http://127.0.0.1:$PORT/healthz"; echo
JAR="$CONGSO_DATA_DIR/cookies"
curl -fsS -c "$JAR" "http://127.0.0.1:$PORT/tai-khoan/dang-nhap/" -o "$CONGSO_DATA_DIR/login.html"
TOKEN="$(grep -o 'name="csrfmiddlewaretoken" value="[^"]*"' "$CONGSO_DATA_DIR/login.html" | head -1 | sed 's/.*value="//;s/"$//')"
STATUS="$(curl -s -o /dev/null -w '%{http_code}' -b "$JAR" -c "$JAR" -e "http://127.0.0.1:$PORT/tai-khoan/dang-nhap/" \
  --data-urlencode "csrfmiddlewaretoken=$TOKEN" --data-urlencode "username=snv.cv1" \
  --data-urlencode "password=CongSo@2026" "http://127.0.0.1:$PORT/tai-khoan/dang-nhap/")"
[ "$STATUS" = "302" ] || { echo "login answered $STATUS"; tail -20 "$CONGSO_DATA_DIR/serve.log"; exit 1; }
# grep -c reads the whole page: grep -q would stop at the match and curl fail writing the rest (pipefail).
curl -fsS -b "$JAR" "http://127.0.0.1:$PORT/" | grep -c "Việc của tôi" >/dev/null || { echo "home page missing"; exit 1; }
curl -fsS "http://127.0.0.1:$PORT/static/vendor/bootstrap/css/bootstrap.min.css" -o /dev/null
kill -0 $WORKER || { echo "worker died"; cat "$CONGSO_DATA_DIR/worker.log"; exit 1; }
echo "Smoke: login and home page over HTTP on gunicorn + PostgreSQL, worker alive."
echo "smoke: 1 passed, 0 failed"
