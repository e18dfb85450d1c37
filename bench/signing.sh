#!/usr/bin/env bash
# Signatures (issue 12 §7), on the production settings and PostgreSQL, in a scratch database of its own:
# signing a 10-page document with an agency's PKCS#12 key vs raw pyHanko on the same file, validation vs raw
# pyHanko, then 1,000 receipts received (intake never signs) and made and signed by one worker.
# Usage: bash bench/signing.sh   (env: BENCH_SIGN_N=40, BENCH_RECEIPTS=1000)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
PG="${PG%/*}/congso_bench_sign"
export DATABASE_URL="$PG"
export CONGSO_SIGN_BENCH="bench-passphrase"  # the bench agency key's passphrase, for the worker too
psql "${PG%/*}/postgres" -qc "DROP DATABASE IF EXISTS congso_bench_sign" >/dev/null
psql "${PG%/*}/postgres" -qc "CREATE DATABASE congso_bench_sign" >/dev/null
$CONGSO migrate --no-input -v0
$CONGSO shell -c "exec(open('bench/signing.py').read())" 2>&1 | grep -E '^(document|sign|validate|SIGN|VALIDATE)'
$CONGSO shell -c "exec(open('bench/signing_receipts.py').read())" 2>&1 | grep -E '^(INTAKE|RECEIPTS)'
