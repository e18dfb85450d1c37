"""The messages a citizen or a visitor can meet (issue 11: the English and French catalogues are complete for every
page a citizen sees): those whose source is one of the files below, as makemessages records it in the catalogue.
`python scripts/citizen_catalogue.py fr` lists the ones still untranslated; congso/core/tests/test_catalogues.py
fails on any. Staff-only pages fall back to the English source text in French."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "congso" / "locale"
CITIZEN_SOURCES = re.compile(
    r"(templates/(base|40\d|41\d|50\d|_[a-z_]+)\.html"
    r"|core/templates/core/(_[a-z_]+|notifications|notification_preferences|export)\.html"
    r"|core/(templatetags|views_errors|calendar|charts|work|forms)\b"
    r"|dossiers/templates/dossiers/(public_home|lookup|board|_[a-z_]+|citizen/[a-z_]+|payments/[a-z_]+)\.html"
    r"|dossiers/(forms|models|views_citizen|views_apply|views_public|views_stats|views_payments|payments)\b"
    r"|dossiers/services/online\b"
    r"|procedures/(templates|models|views)\b|organizations/models\b"
    r"|accounts/templates/accounts/(login|form_page|message_page|locked_out|profile|two_factor|password_[a-z_]+)\."
    r"|accounts/(forms|views)\b"
    r"|signatures/templates/signatures/(verify|_check)\.html|signatures/views_public\b)"
)


def citizen_entries(language: str) -> list[polib.POEntry]:
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    return [
        entry
        for entry in catalogue
        if not entry.obsolete and any(CITIZEN_SOURCES.search(path) for path, _line in entry.occurrences)
    ]


def untranslated(language: str) -> list[str]:
    missing = []
    for entry in citizen_entries(language):
        done = entry.msgstr if not entry.msgid_plural else all(entry.msgstr_plural.values())
        if not done or "fuzzy" in entry.flags:
            missing.append(entry.msgid)
    return missing


if __name__ == "__main__":
    for msgid in untranslated(sys.argv[1] if len(sys.argv) > 1 else "fr"):
        print(msgid)
