"""Text helpers for Vietnamese place names: diacritics, tone placement, case and spaces.

Shared with the report reader, which meets the same spellings ("Thanh Hoá", "thanh hoa",
"Thanh  Hóa") in report text.
"""

from __future__ import annotations

import re
import unicodedata

# Tone marks (dấu thanh) in decomposed form: huyền, sắc, ngã, hỏi, nặng.
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"

_SPACES = re.compile(r"\s+")
# "oa", "oe", "uy" closing a syllable with the tone on the second vowel (new style: hoà,
# khoẻ, thuỷ); "qu" + vowel is excluded because there the "u" belongs to the consonant.
_NEW_STYLE_TONE = re.compile(rf"(?<![qQ])([oOuU])([aAeEyY])([{TONE_MARKS}])(?![^\W\d_])")
_PUNCT = re.compile(r"[^\w\s]")


def nfc(text: str) -> str:
    """Unicode NFC (the precomposed form the data files are normalised to)."""
    return unicodedata.normalize("NFC", text)


def collapse_spaces(text: str) -> str:
    """Trim and turn every run of whitespace (incl. newlines, NBSP) into one space."""
    return _SPACES.sub(" ", text).strip()


def clean(text: str) -> str:
    """NFC plus collapsed spaces: how every name is stored."""
    return collapse_spaces(nfc(text))


def normalize_tone(text: str) -> str:
    """Put tone marks of open "oa/oe/uy" syllables on the first vowel: "hoà" → "hòa".

    Both placements are in use (kiểu cũ "Hòa", kiểu mới "Hoà"); official lists mix them
    ("Tỉnh Hoà Bình", "Tỉnh Thanh Hóa"). This picks one so they compare equal.
    """
    decomposed = unicodedata.normalize("NFD", text)
    return nfc(_NEW_STYLE_TONE.sub(r"\1\3\2", decomposed))


def strip_diacritics(text: str) -> str:
    """Remove every accent and map đ/Đ to d/D: "Đắk Lắk" → "Dak Lak"."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return nfc(bare.replace("đ", "d").replace("Đ", "D"))


def has_diacritics(text: str) -> bool:
    """True when ``text`` carries any Vietnamese accent or đ."""
    return strip_diacritics(text) != nfc(text)


def fold(text: str, *, accents: bool = True) -> str:
    """Comparison key: NFC, one tone placement, case-folded, punctuation as spaces.

    With ``accents=False`` the diacritics are dropped as well ("thanh hoa").
    """
    key = normalize_tone(clean(text)).casefold()
    key = collapse_spaces(_PUNCT.sub(" ", key))
    return strip_diacritics(key) if not accents else key
