#!/usr/bin/env bash
# Copies the screenshots docs/ui.md shows from the browser tests' output (test-results/screens/, written by
# tests/e2e/test_accessibility.py) into docs/ui/. Run the browser tests first: bin/test tests/e2e/test_accessibility.py
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$ROOT/docs/ui"
for name in public-home citizen-mine citizen-apply citizen-apply-step citizen-apply-check receive dossier officer-home board \
  verify my-signature agency-signature; do
  for width in desktop phone; do
    cp "$ROOT/test-results/screens/$name-$width.png" "$ROOT/docs/ui/"
  done
done
echo "docs/ui/: $(ls "$ROOT/docs/ui" | wc -l) screenshots"
