"""Legacy Vietnamese encodings (bảng mã TCVN3/ABC, VNI): detection and conversion to Unicode.

Old reports typed with .VnTime or VNI-Times fonts arrive as Latin-1 look-alike characters
("B¸o c¸o" for "Báo cáo"). The conversion tables live in ``data/legacy_encodings.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

# Letters only Vietnamese Unicode text has (never produced by the legacy fonts).
_VIETNAMESE_ONLY = set("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹơưđĂăƠƯĐ")
MIN_RATIO = 0.01


@dataclass(frozen=True)
class Encoding:
    """One legacy encoding: its name, signature characters and decoding regex."""

    code: str
    name: str
    signature: frozenset[str]
    to_unicode: dict[str, str]
    pattern: re.Pattern[str]

    def decode(self, text: str) -> str:
        return unicodedata.normalize("NFC", self.pattern.sub(lambda m: self.to_unicode[m.group()], text))

    def encode(self, text: str) -> str:
        """Unicode → legacy (used by tests to make samples)."""
        back = {u: legacy for legacy, u in self.to_unicode.items()}
        return "".join(back.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


@cache
def encodings() -> tuple[Encoding, ...]:
    raw = yaml.safe_load(resources.files("htx.ingest").joinpath("data/legacy_encodings.yaml").read_text("utf-8"))
    out = []
    for code, spec in raw.items():
        to_unicode = {str(legacy): str(uni) for uni, legacy in spec["map"].items()}
        if len(to_unicode) != len(spec["map"]):
            raise ValueError(f"legacy_encodings.yaml: {code} maps two letters to the same code")
        alternation = "|".join(re.escape(k) for k in sorted(to_unicode, key=len, reverse=True))
        out.append(Encoding(code, spec["name"], frozenset(spec["signature"]), to_unicode, re.compile(alternation)))
    return tuple(out)


def detect(text: str) -> Encoding | None:
    """The legacy encoding ``text`` is written in, or None when it reads as Unicode."""
    letters = sum(ch.isalpha() for ch in text)
    if not letters or sum(ch in _VIETNAMESE_ONLY for ch in text) > letters * 0.002:
        return None
    best, best_score = None, 0
    for enc in encodings():
        score = sum(ch in enc.signature for ch in text)
        if score > best_score:
            best, best_score = enc, score
    return best if best is not None and best_score >= max(3, letters * MIN_RATIO) else None
