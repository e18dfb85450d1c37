"""Vietnamese text: NFC normalisation, the one search fold, and Vietnamese alphabetical order.

Every text input is stored in NFC (Unicode Normalization Form C). Search on both database backends folds text
with `fold()`, so "ke hoach ung dung cntt" finds "Kế hoạch ứng dụng CNTT" and "đ" matches "d".
"""

from __future__ import annotations

import re
import unicodedata

# Vietnamese alphabet order (Quy định chính tả): a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
# Letters outside it (f, j, w, z, digits) keep their natural place relative to each other.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_RANK = {ch: index for index, ch in enumerate(_ALPHABET)}
# Tone order used by Vietnamese dictionaries: ngang, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Combining marks that make a separate letter (ă, â, ê, ô, ơ, ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}


def nfc(value: str) -> str:
    """Return `value` in Unicode NFC."""
    return unicodedata.normalize("NFC", value)


# C0 control characters other than tab, line feed and carriage return, and DEL: never meaningful in what a person
# types, and PostgreSQL refuses NUL in text outright.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def input_text(value: str) -> str:
    """Text as it arrives from a form, a query string or an API body: control characters dropped, then NFC."""
    return nfc(_CONTROL.sub("", value))


def is_nfc(value: str) -> bool:
    return unicodedata.is_normalized("NFC", value)


def clean_text(value: str | None) -> str:
    """NFC-normalise and strip a single-line text input; collapse inner runs of white space."""
    if value is None:
        return ""
    return " ".join(nfc(value).split())


def fold(value: str | None) -> str:
    """Fold Vietnamese for search: lower-case, strip tone and vowel marks, đ → d, collapse white space."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("đ", "d").replace("Đ", "d").split())


def _letter_and_tone(ch: str) -> tuple[str, int]:
    parts = unicodedata.normalize("NFD", ch.lower())
    base = parts[0]
    tone = 0
    letter_marks = ""
    for mark in parts[1:]:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in _LETTER_MARKS:
            letter_marks += mark
    return unicodedata.normalize("NFC", base + letter_marks), tone


def collation_key(value: str | None) -> str:
    """A string whose plain (byte/code point) order is Vietnamese dictionary order.

    Primary level: letters in the Vietnamese alphabet (… d, đ, e, ê …); secondary level: tones
    (ngang, huyền, hỏi, ngã, sắc, nặng). Stored in `*_sort` columns so that both SQLite and PostgreSQL
    can ORDER BY it without a Vietnamese collation installed.
    """
    if not value:
        return ""
    primary: list[str] = []
    secondary: list[str] = []
    for ch in nfc(value):
        if ch.isspace():
            primary.append(" ")
            continue
        letter, tone = _letter_and_tone(ch)
        if letter in _RANK:
            primary.append(chr(0x100 + _RANK[letter]))
        elif letter in "0123456789":
            primary.append(chr(0x30 + int(letter)))
        else:
            primary.append(chr(0x1000 + ord(letter)) if ord(letter) < 0xF000 else letter)
        secondary.append(str(tone))
    return "".join(primary) + "\x01" + "".join(secondary)


def person_sort_key(full_name: str) -> str:
    """Vietnamese person names sort by given name (the last word), then by the full name."""
    words = clean_text(full_name).split(" ")
    return collation_key(words[-1]) + "\x02" + collation_key(" ".join(words))
