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
    return " ".join(text.split())


def clean(text: str) -> str:
    """NFC plus collapsed spaces: how every name is stored."""
    return collapse_spaces(nfc(text))


def normalize_tone(text: str) -> str:
    """Put tone marks of open "oa/oe/uy" syllables on the first vowel: "hoà" → "hòa".

    Both placements are in use (kiểu cũ "Hòa", kiểu mới "Hoà"); official lists mix them
    ("Tỉnh Hoà Bình", "Tỉnh Thanh Hóa"). This picks one so they compare equal.
    """
    bare = strip_diacritics(text).casefold()
    if not any(pair in bare for pair in ("oa", "oe", "oy", "ua", "ue", "uy")):  # what the pattern can move
        return nfc(text)
    decomposed = unicodedata.normalize("NFD", text)
    return nfc(_NEW_STYLE_TONE.sub(r"\1\3\2", decomposed))


def _slow_strip(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return nfc(bare.replace("đ", "d").replace("Đ", "D"))


def _strip_table() -> dict[int, str]:
    """Precomposed Latin letters (U+00C0–U+024F, U+1E00–U+1EFF) → their bare letter.

    A translation table is ~20× faster than decomposing every name: the gazetteer's
    ~30,000 names are folded in a few tens of milliseconds instead of a second.
    """
    table: dict[int, str] = {ord("đ"): "d", ord("Đ"): "D"}
    for start, end in ((0x00C0, 0x0250), (0x1E00, 0x1F00)):
        for code in range(start, end):
            bare = _slow_strip(chr(code))
            if bare != chr(code) and bare.isascii():
                table[code] = bare
    return table


_STRIP = _strip_table()


def strip_diacritics(text: str) -> str:
    """Remove every accent and map đ/Đ to d/D: "Đắk Lắk" → "Dak Lak"."""
    fast = nfc(text).translate(_STRIP)
    return fast if fast.isascii() else _slow_strip(fast)


def has_diacritics(text: str) -> bool:
    """True when ``text`` carries any Vietnamese accent or đ."""
    return strip_diacritics(text) != nfc(text)


def fold(text: str, *, accents: bool = True) -> str:
    """Comparison key: NFC, one tone placement, case-folded, punctuation as spaces.

    With ``accents=False`` the diacritics are dropped as well ("thanh hoa").
    """
    key = normalize_tone(nfc(text)).casefold()
    key = " ".join(_PUNCT.sub(" ", key).split())
    return strip_diacritics(key) if not accents else key
