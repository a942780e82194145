"""Who signed a document or wrote an article (người ký, tác giả), as printed.

A byline is found by where it stands and how it looks, never by a list of surnames: a
labelled line ("Tác giả: …", "Người ký: …"), else the last line of the text that has the
shape of a name — 2 to 5 capitalised words ("Minh Hồng", "SÔNG HẬU"), initials or a short
code in capitals ("T.H", "P.V", "C.PHONG", "NM"), two such names joined by a dash ("Ngọc
Chí – Huỳnh Đại"), a name followed by a dash and a title ("Lê Thị Hoa - Liên minh HTX tỉnh").
Titles of the signature block (KT. CHỦ TỊCH), "Nơi nhận" lists, source lines and share
buttons below the byline are passed over; running text ends the search.
"""

from __future__ import annotations

import re

from htx.ingest.lexicon import fold, lexicon, rules

TAIL_LINES = 14
_COLON = re.compile(r"\s*:\s*")
_NEXT_LABEL = re.compile(r"\s+[A-ZĐ][^\s:]*(?:\s+[^\s:]+){0,3}\s*:")
_WORD = re.compile(r"^[^\W\d_]+$")


def _is_title(text: str) -> bool:
    return rules("metadata")["office_title"].regex.search(fold(text)) is not None


def name_shaped(text: str) -> bool:
    """True for one name as bylines print it (see the module docstring)."""
    s = text.strip().strip("*").strip()
    if not s or _is_title(s):
        return False
    if rules("metadata")["initials"].regex.match(fold(s)):
        return s == s.upper() and any(c.isalpha() for c in s)
    words = s.split()
    if not 2 <= len(words) <= 5 or not all(_WORD.match(w) for w in words):
        return False
    upper = all(w.isupper() for w in words)
    title = all(w[:1].isupper() and w[1:] == w[1:].lower() for w in words)
    return upper or title


def byline_of(line: str) -> str | None:
    """The byline a line prints, or None: two names with a dash stay as printed; a name, dash, title gives the name."""
    s = line.strip().strip("*|").strip().rstrip(",.;").strip()
    parts = rules("metadata")["two_names"].regex.split(s)
    if all(name_shaped(p) for p in parts):
        return s
    if len(parts) > 1 and name_shaped(parts[0]):
        return parts[0].strip()
    return None


def _labelled(lines: list[tuple[str, str]]) -> str | None:
    label = rules("metadata")["byline_label"].regex
    for line, folded in lines:
        for m in label.finditer(folded):
            colon = _COLON.match(line, m.end())
            if colon is None:
                continue
            value = line[colon.end():]
            nxt = _NEXT_LABEL.search(value)
            value = (value[:nxt.start()] if nxt else value).strip()
            if byline_of(value):
                return byline_of(value)
    return None


def _passed_over(line: str, folded: str) -> bool:
    """Lines below a byline or inside a signature block that say nothing about it."""
    table = rules("metadata")
    if table["tail_noise"].regex.match(folded) or table["rule_line"].regex.match(folded):
        return True
    if line.rstrip().endswith((";", ":")) or re.match(r"^\W*[-+•]", line):
        return True  # an item of "Nơi nhận", a label of a portal's form
    if len(line.split()) <= 3 and any(c.isdigit() for c in line):
        return True  # a value of a portal's form ("2022", "Quý 1")
    if len(line) < 80 and lexicon().taggers["documents.caption"].regex.search(folded):
        return True  # page furniture ("Design by …", "Chia sẻ")
    words = re.sub(r"[\W\d_]+", " ", folded).strip()
    return bool(words) and not table["office_title"].regex.sub(" ", words).strip()


def signer(lines: list[tuple[str, str]]) -> str | None:
    """The signer or byline of a document's lines (each as printed and folded); None when the text has none."""
    labelled = _labelled(lines[:30] + lines[-TAIL_LINES:])
    if labelled:
        return labelled
    for line, folded in reversed(lines[-TAIL_LINES:]):
        name = byline_of(line)
        if name:
            return name
        if not _passed_over(line, folded):
            return None
    return None
