"""The province a report's figures describe (tỉnh của báo cáo), or "Việt Nam" for a national text.

National when the whole country is the subject of more figures ("cả nước có …", "toàn
quốc có …") than one province is ("toàn tỉnh có …", "tỉnh X có …"). Otherwise the province
named most — with or without "tỉnh"/"thành phố", in capitals or not, not inside the name of
a district, a commune, a cooperative or a person — printed in normal case; else the
province of the place of issue (a district's report); else the province in the address of
the portal that published the page ("baolamdong.vn" → Lâm Đồng).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from urllib.parse import urlparse

from htx.ingest.lexicon import fold, phrase_pattern, rules

NATIONAL = "Việt Nam"


@cache
def _index() -> tuple[dict[str, tuple[str, str]], re.Pattern[str]]:
    """Folded province name (words) → (code, name to print), and one expression finding any of them."""
    from htx.geo import gazetteer

    g = gazetteer()
    names: dict[str, tuple[str, str]] = {}
    for era in ("old", "new"):
        for unit in g.provinces(era):
            names.setdefault(_key(fold(unit.short_name)), (unit.code, _old_style(unit.short_name)))
    for form, (short, printed) in rules("metadata")["province_forms"].entry["map"].items():
        names[_key(fold(form))] = (names[_key(fold(short))][0], printed)
    body = "|".join(sorted((phrase_pattern(k) for k in names), key=len, reverse=True))
    return names, re.compile(rf"(?<!\w)(?:{body})(?!\w)")


_NEW_STYLE = re.compile(r"(?<![qQ])([oOuU])([àáảãạỳýỷỹỵ])(?!\w)")
_TONED = {"o": "òóỏõọ", "u": "ùúủũụ"}


def _old_style(name: str) -> str:
    """The tone on the first vowel of a closing "oa"/"uy", as the reports write it ("Hoà Bình" → "Hòa Bình").

    (geo.text.normalize_tone does this too, but also moves the tone of "uậ": "Thuận" → "Thụân".)
    """
    def swap(m: re.Match[str]) -> str:
        first, second = m.group(1), m.group(2)
        i = "àáảãạỳýỷỹỵ".index(second)
        toned = _TONED[first.lower()][i % 5]
        return (toned.upper() if first.isupper() else toned) + ("a" if i < 5 else "y")
    return _NEW_STYLE.sub(swap, name)


def _written_as_name(text: str) -> bool:
    words = text.replace("-", " ").replace(".", " ").split()
    return bool(words) and all(w[:1].isupper() for w in words)


def _in_a_smaller_unit_or_name(text: str, folded: str, start: int) -> bool:
    """"huyện X", "HTX X", "HTX Nông nghiệp X" (a cooperative's name starts in capitals; "HTX vùng cao X" is not one)."""
    m = rules("metadata")["not_province_before"].regex.search(folded, max(0, start - 40), start)
    if m is None:
        return False
    between = m.groupdict().get("between")
    return not between or text[m.start("between")].isupper()


def _inside_a_longer_name(text: str, start: int) -> bool:
    """A capitalised word right before, inside a sentence: a person's or a company's name ("Nguyễn Hải Dương")."""
    before = text[max(0, start - 40):start]
    m = re.search(r"(\S+)[^\S\n]+$", before)  # the word before, on the same line
    if m is None:
        return False
    word = m.group(1)
    if not word[:1].isupper() or word.isupper():  # lower case, or an acronym (UBND, HTX)
        return False
    lead = before[:m.start()].rstrip()
    return bool(lead) and lead[-1] not in ".!?:;(\"'“–-"


def _key(matched: str) -> str:
    return " ".join(re.findall(r"\w+", matched))


def _mentions(text: str, folded: str) -> tuple[Counter[str], dict[str, tuple[int, str]]]:
    """Weighted mentions per province code (2 after "tỉnh"/"thành phố", 1 bare) and the first (position, name)."""
    names, rx = _index()
    table = rules("metadata")
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, str]] = {}
    for m in rx.finditer(folded):
        if not _written_as_name(text[m.start():m.end()]):
            continue
        prefixed = table["province_word"].regex.search(folded, max(0, m.start() - 12), m.start()) is not None
        if not prefixed and (_in_a_smaller_unit_or_name(text, folded, m.start()) or _inside_a_longer_name(text, m.start())):
            continue
        code, name = names[_key(m.group())]
        counts[code] += 2 if prefixed else 1
        first.setdefault(code, (m.start(), name))
    return counts, first


def _statements(folded: str, rule: str) -> int:
    """How many times a scope is the subject of a figure in its sentence."""
    table = rules("metadata")
    n = 0
    for m in table[rule].regex.finditer(folded):
        end = table["sentence_end"].regex.search(folded, m.end())
        if table["figure"].regex.search(folded, m.end(), min(m.end() + 120, end.start() if end else len(folded))):
            n += 1
    return n


def is_national(folded: str) -> bool:
    national = _statements(folded, "national_scope")
    return national > 0 and national > _statements(folded, "province_scope")


def from_address(url: str | None) -> str | None:
    """The province in a portal's host name ("baohungyen.vn", "mattran.hatinh.gov.vn"), longest name first."""
    if not url:
        return None
    from htx.geo.text import strip_diacritics

    host = (urlparse(url.strip()).hostname or "").lower()
    best: tuple[int, str] | None = None
    for key, (_, name) in _index()[0].items():
        slug = re.sub(r"[^a-z]", "", strip_diacritics(key).lower())
        if len(slug) >= 4 and slug in host.replace("-", "") and (best is None or len(slug) > best[0]):
            best = (len(slug), name)
    return best[1] if best else None


def province(text: str, folded: str, place: str | None, url: str | None) -> str | None:
    """The province of a report: national, named in the text, of its place of issue, or of its portal."""
    if is_national(folded):
        return NATIONAL
    counts, first = _mentions(text, folded)
    if counts:
        best = max(counts, key=lambda c: (counts[c], -first[c][0]))
        return first[best][1]
    if place:
        from htx.geo import gazetteer

        unit = gazetteer().find_province(place)
        if unit is not None:
            return _old_style(unit.short_name)
    return from_address(url)
