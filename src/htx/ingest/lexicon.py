"""Phrase tables of the report reader (từ điển), loaded from ``lexicon/*.yaml`` and compiled.

Every table is a list of entries; each entry has ``phrases`` (how reports write it), a
``sample`` sentence and what the sample must give (``expect``, ``expect_document``). One
parametrised test reads every sample through the reader. Phrases are matched on a folded
copy of the text (lower case, one tone placement), longest phrase first, on word
boundaries; punctuation between words of a phrase is optional ("khá, giỏi" = "khá giỏi").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from htx.geo.text import normalize_tone
from htx.stats.vocabulary import vocabulary

TABLES = ("subjects", "measures", "units", "dims", "cues", "blockers", "documents")
_WORD = re.compile(r"\w+|[%]")


class LexiconError(ValueError):
    """A phrase table that does not hold together (unknown code, missing sample...)."""


def fold(text: str) -> str:
    """Same-length comparison copy of ``text``: lower case and one tone placement."""
    lowered = text.lower()  # no character lowers to nothing, so equal lengths mean one for one
    if len(lowered) != len(text):
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    toned = normalize_tone(lowered)
    return toned if len(toned) == len(lowered) else lowered


def phrase_pattern(phrase: str) -> str:
    """Regex of a phrase: its words in order, separated by spaces or dashes (and by commas
    when the phrase is written with one: "khá, giỏi" also reads "khá giỏi" and "khá - giỏi")."""
    words = _WORD.findall(fold(phrase))
    if not words:
        raise LexiconError(f"empty phrase {phrase!r}")
    sep = r"(?:\s*[,\-–]\s*|\s+|\.)" if "," in phrase else r"(?:\s*[\-–]\s*|\s+|\.)"
    return sep.join(re.escape(w) for w in words)


@dataclass(frozen=True)
class Tag:
    """One phrase found in a text: its span and the table entry it stands for."""

    start: int
    end: int
    entry: dict[str, Any]


class Tagger:
    """Finds the phrases of one table in a folded text (leftmost, then longest)."""

    def __init__(self, entries: list[dict[str, Any]], name: str) -> None:
        self.name = name
        by_key: dict[str, dict[str, Any]] = {}
        written: dict[str, str] = {}
        for entry in entries:
            for phrase in entry["phrases"]:
                key = " ".join(_WORD.findall(fold(str(phrase))))
                if key in by_key and by_key[key] is not entry:
                    raise LexiconError(f"{name}: phrase {phrase!r} listed twice")
                by_key[key] = entry
                if "," in str(phrase) or key not in written:
                    written[key] = str(phrase)
        self._by_key = by_key
        alternatives = sorted(by_key, key=len, reverse=True)
        body = "|".join(phrase_pattern(written[k]) for k in alternatives)
        self.regex = re.compile(rf"(?<!\w)(?:{body})(?!\w)")

    def entry_of(self, matched: str) -> dict[str, Any]:
        return self._by_key[" ".join(_WORD.findall(matched))]

    def tags(self, folded: str, start: int = 0, end: int | None = None) -> list[Tag]:
        stop = len(folded) if end is None else end
        return [Tag(m.start(), m.end(), self.entry_of(m.group()))
                for m in self.regex.finditer(folded, start, stop)]

    def match_at(self, folded: str, pos: int) -> Tag | None:
        m = self.regex.match(folded, pos)
        return Tag(m.start(), m.end(), self.entry_of(m.group())) if m else None


class TagIndex:
    """Tags of one table over a whole text, searchable by span."""

    def __init__(self, tags: list[Tag]) -> None:
        self.tags = tags
        self._starts = [t.start for t in tags]

    def within(self, start: int, end: int, overlap: bool = False) -> list[Tag]:
        """Tags inside [start, end) (``overlap``: that start there, wherever they end)."""
        i = bisect.bisect_left(self._starts, start)
        out = []
        while i < len(self.tags) and self.tags[i].start < end:
            if overlap or self.tags[i].end <= end:
                out.append(self.tags[i])
            i += 1
        return out


@dataclass(frozen=True)
class Lexicon:
    """All phrase tables, validated, with a tagger per table (documents: per role)."""

    tables: dict[str, dict[str, Any]]
    taggers: dict[str, Tagger]
    applies_to: dict[str, list[str]]

    def entries(self, table: str) -> list[dict[str, Any]]:
        return list(self.tables[table]["entries"])

    def phrases(self, table: str, **where: str) -> list[str]:
        return [str(p) for e in self.entries(table) if all(e.get(k) == v for k, v in where.items())
                for p in e["phrases"]]

    def multipliers(self) -> dict[str, int]:
        return {" ".join(_WORD.findall(fold(str(p)))): int(e["factor"])
                for e in self.entries("units") if e["kind"] == "multiplier" for p in e["phrases"]}


def _load_table(name: str) -> dict[str, Any]:
    raw = resources.files("htx.ingest").joinpath(f"lexicon/{name}.yaml").read_text("utf-8")
    data = yaml.safe_load(raw)
    if not isinstance(data, dict) or data.get("table") != name or not isinstance(data.get("entries"), list):
        raise LexiconError(f"{name}.yaml: expected 'table: {name}' and a list of entries")
    return data


def _validate(name: str, entry: dict[str, Any]) -> None:
    voc = vocabulary()
    where = f"{name}.yaml entry {entry.get('phrases')!r}"
    if not entry.get("phrases") or not isinstance(entry["phrases"], list):
        raise LexiconError(f"{where}: no phrases")
    if not isinstance(entry.get("sample"), str) or not entry["sample"].strip():
        raise LexiconError(f"{where}: no sample sentence")
    if "expect" not in entry and "expect_document" not in entry:
        raise LexiconError(f"{where}: says nothing about what its sample gives")
    subject = entry.get("subject")
    if subject is not None and subject not in voc.subjects:
        raise LexiconError(f"{where}: unknown subject {subject!r}")
    if name == "dims" and entry.get("dim") == "none":
        pass  # a phrase that names no dim value but hides a shorter one inside it ("Sở Công Thương")
    elif name == "dims" and (entry.get("dim") not in voc.dims or entry.get("value") not in voc.dims[entry["dim"]]):
        raise LexiconError(f"{where}: unknown dim value {entry.get('dim')}={entry.get('value')}")
    for dim, value in (entry.get("dims") or {}).items():
        if dim not in voc.dims or value not in voc.dims[dim]:
            raise LexiconError(f"{where}: unknown dim value {dim}={value}")
    if name == "measures":
        for m in [entry.get("measure"), *(entry.get("by_subject") or {}).values(),
                  *(entry.get("by_kind") or {}).values()]:
            if m not in voc.measures and m != "none":  # none: a measure named only to be left out
                raise LexiconError(f"{where}: unknown measure {m!r}")
    for fact in entry.get("expect") or []:
        voc.check(fact["indicator"], fact.get("dims") or {}, fact.get("unit") or
                  voc.units_of(fact["indicator"])[0], fact.get("kind", "actual"))


@cache
def lexicon() -> Lexicon:
    """The packaged phrase tables, validated and compiled once."""
    tables = {name: _load_table(name) for name in TABLES}
    for name, table in tables.items():
        for entry in table["entries"]:
            _validate(name, entry)
    applies_to = tables["dims"].get("applies_to") or {}
    unknown = set(applies_to) - set(vocabulary().dims)
    if unknown:
        raise LexiconError(f"dims.yaml: applies_to names unknown dims {sorted(unknown)}")
    taggers = {name: Tagger(tables[name]["entries"], name) for name in TABLES if name != "documents"}
    for role in {e["role"] for e in tables["documents"]["entries"]}:
        taggers[f"documents.{role}"] = Tagger(
            [e for e in tables["documents"]["entries"] if e["role"] == role], role)
    return Lexicon(tables, taggers, applies_to)


@dataclass(frozen=True)
class Rule:
    """One named expression of a pattern table (``lexicon/metadata.yaml``), over folded text."""

    name: str
    regex: re.Pattern[str]
    entry: dict[str, Any]


def _rule_regex(table: str, entry: dict[str, Any]) -> re.Pattern[str]:
    where = f"{table}.yaml entry {entry.get('name')!r}"
    if not isinstance(entry.get("samples"), list) or not entry["samples"]:
        raise LexiconError(f"{where}: no sample sentences")
    if ("pattern" in entry) == ("phrases" in entry):
        raise LexiconError(f"{where}: give either a pattern or phrases")
    if "phrases" in entry:
        words = sorted((phrase_pattern(str(p)) for p in entry["phrases"]), key=len, reverse=True)
        return re.compile(rf"(?<!\w)(?:{'|'.join(words)})(?!\w)")
    try:
        # the letters take the tone placement of fold(); the pattern is written in lower case
        return re.compile(normalize_tone(str(entry["pattern"])), re.MULTILINE)
    except re.error as exc:
        raise LexiconError(f"{where}: {exc}") from exc


@cache
def rules(table: str) -> dict[str, Rule]:
    """The named expressions of a pattern table, validated and compiled once (matched on folded text)."""
    data = yaml.safe_load(resources.files("htx.ingest").joinpath(f"lexicon/{table}.yaml").read_text("utf-8"))
    if not isinstance(data, dict) or data.get("table") != table or not isinstance(data.get("entries"), list):
        raise LexiconError(f"{table}.yaml: expected 'table: {table}' and a list of entries")
    out: dict[str, Rule] = {}
    for entry in data["entries"]:
        name = str(entry.get("name") or "")
        if not name or name in out:
            raise LexiconError(f"{table}.yaml: entry without a name or named twice: {name!r}")
        out[name] = Rule(name, _rule_regex(table, entry), entry)
    return out
