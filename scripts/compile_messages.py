"""Compile the .po catalogues to .mo with polib (no system gettext needed), and report untranslated entries.

python scripts/compile_messages.py          compile
python scripts/compile_messages.py --check  fail if the vi catalogue has an untranslated or fuzzy entry, or if the
                                            fr catalogue misses a message a citizen can meet (citizen_catalogue.py)
"""

import sys
from pathlib import Path

import polib
from citizen_catalogue import untranslated

ROOT = Path(__file__).resolve().parent.parent / "congso" / "locale"


def main() -> int:
    problems = []
    for po_path in sorted(ROOT.glob("*/LC_MESSAGES/django.po")):
        po = polib.pofile(str(po_path))
        if po_path.parts[-3] == "vi":
            problems += [e.msgid for e in po if (not e.translated() or "fuzzy" in e.flags) and not e.obsolete]
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
    if "--check" in sys.argv and problems:
        print(f"{len(problems)} untranslated entries in vi:", *problems[:20], sep="\n  ")
        return 1
    missing = untranslated("fr")
    if "--check" in sys.argv and missing:
        print(
            f"{len(missing)} messages of the citizens' pages untranslated in fr:", *missing[:20], sep="\n  "
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
