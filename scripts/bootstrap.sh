# Sourced by bin/start and bin/test: makes .venv with the platform installed (idempotent).
# Usage: bootstrap_venv [extras]   e.g. bootstrap_venv test
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"

say() { printf '\033[1;34m[congso]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[congso] %s\033[0m\n' "$*" >&2; exit 1; }

bootstrap_venv() {
  local extras="${1:-}"
  command -v "$PY" >/dev/null 2>&1 || die "Cần Python ≥ 3.11 (không tìm thấy $PY)."
  "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
    || die "Cần Python ≥ 3.11; máy này có $("$PY" --version 2>&1)."
  if [ ! -x "$VENV/bin/python" ]; then
    say "Tạo môi trường ảo .venv"
    if ! "$PY" -m venv "$VENV" 2>/dev/null; then
      rm -rf "$VENV"
      if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        say "Cài python3-venv (Debian/Ubuntu)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
        "$PY" -m venv "$VENV"
      else
        die "Thiếu mô-đun venv. Hãy chạy: sudo apt-get install python3-venv (rồi chạy lại lệnh này)."
      fi
    fi
  fi
  local stamp="$VENV/.congso-installed-${extras:-base}"
  local want
  want="$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  say "Cài đặt các gói Python (lần đầu mất vài phút)"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  # xstatic-bootstrap ships only a source archive that imports pkg_resources: build it with setuptools < 81.
  "$VENV/bin/python" -m pip install -q "setuptools<81" wheel
  "$VENV/bin/python" -m pip install -q --no-build-isolation "xstatic-bootstrap>=5.3,<5.4"
  if [ -n "$extras" ]; then
    "$VENV/bin/python" -m pip install -q -e "$ROOT[$extras]"
  else
    "$VENV/bin/python" -m pip install -q -e "$ROOT"
  fi
  "$VENV/bin/python" "$ROOT/scripts/compile_messages.py"
  echo "$want" > "$stamp"
}

find_chromium() {
  for candidate in "${CONGSO_CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

ensure_chromium() {
  find_chromium >/dev/null && return 0
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "Cài Chromium của Debian cho kiểm thử trình duyệt"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || say "Không cài được chromium: các kiểm thử trình duyệt sẽ được bỏ qua."
  else
    say "Không có Chromium (cài: sudo apt-get install chromium): các kiểm thử trình duyệt sẽ được bỏ qua."
  fi
}

# PDF output (registers, record files, one-stop forms) uses WeasyPrint, which needs Pango; Liberation Serif is the
# Times-metric font with Vietnamese glyphs. Without them the PDF features say so clearly (Noto Serif from PyPI
# stands in for the font).
ensure_pdf_libraries() {
  if ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" && [ -d /usr/share/fonts/truetype/liberation2 ] \
    && command -v pdfsig >/dev/null && command -v softhsm2-util >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "Cài thư viện Pango và phông Liberation cho xuất PDF"
    # poppler-utils (pdfsig: an independent check of our signatures) and softhsm2 (a PKCS#11 token for the
    # signing tests and for an agency key on an HSM-less server).
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 \
      fonts-liberation2 poppler-utils softhsm2 >/dev/null) \
      || say "Không cài được Pango/poppler/softhsm2: xuất PDF hoặc một số kiểm thử chữ ký sẽ không chạy."
  else
    say "Thiếu Pango (sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2): xuất PDF sẽ không khả dụng."
  fi
}

# Front-end packages (icons; axe-core for the browser tests) come from npm, pinned by package-lock.json, into
# node_modules/ — served by the platform itself, never from a CDN. `ensure_node_packages dev` adds the test ones.
ensure_node_packages() {
  local mode="${1:-prod}"
  local stamp="$ROOT/node_modules/.congso-installed-$mode"
  local want
  want="$(cat "$ROOT/package.json" "$ROOT/package-lock.json" | sha256sum | cut -c1-16)"
  local have
  for have in "$stamp" "$ROOT/node_modules/.congso-installed-dev"; do
    if [ -f "$have" ] && [ "$(cat "$have")" = "$want" ]; then
      return 0
    fi
  done
  if ! command -v npm >/dev/null 2>&1; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
      say "Cài npm (Debian) cho biểu tượng và kiểm thử trợ năng"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    else
      say "Thiếu npm (sudo apt-get install npm): biểu tượng sẽ không hiện, kiểm thử trợ năng bị bỏ qua."
      return 0
    fi
  fi
  say "Cài gói giao diện từ npm (theo package-lock.json)"
  local flags=(--no-audit --no-fund --loglevel=error)
  [ "$mode" = "dev" ] || flags+=(--omit=dev)
  (cd "$ROOT" && npm ci "${flags[@]}" >/dev/null)
  rm -f "$ROOT"/node_modules/.congso-installed-*
  echo "$want" > "$stamp"
}
