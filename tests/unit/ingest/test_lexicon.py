"""Every entry of every phrase table comes with a sample sentence that must read as it says."""

from __future__ import annotations

from typing import Any

import pytest

from htx.ingest import extract_text
from htx.ingest.lexicon import TABLES, LexiconError, Tagger, lexicon, phrase_pattern

from .helpers import describe, has_change, has_fact

ENTRIES = [(name, i, entry) for name in TABLES for i, entry in enumerate(lexicon().entries(name))]


@pytest.mark.parametrize(("table", "index", "entry"), ENTRIES, ids=[f"{n}-{i}" for n, i, _ in ENTRIES])
def test_sample_reads_as_the_entry_says(table: str, index: int, entry: dict[str, Any]) -> None:
    ex = extract_text(entry["sample"])
    expect = entry.get("expect")
    if expect is not None:
        if not expect:
            assert not [f for f in ex.facts if f.indicator.split(".")[0] != "training"], describe(ex)
        for want in expect:
            assert has_fact(ex, want), f"{want} not in:\n{describe(ex)}"
    for want in entry.get("expect_changes") or []:
        assert has_change(ex, want), f"{want} not in:\n{describe(ex)}"
    for key, value in (entry.get("expect_document") or {}).items():
        assert getattr(ex.document, key) == str(value), ex.document


def test_every_table_loads_and_names_known_codes() -> None:
    lex = lexicon()
    assert set(lex.tables) == set(TABLES)
    for name in TABLES:
        assert lex.entries(name), name


def test_a_phrase_listed_twice_is_refused() -> None:
    entries = [{"phrases": ["HTX"]}, {"phrases": ["htx"]}]
    with pytest.raises(LexiconError):
        Tagger(entries, "test")


def test_punctuation_between_words_is_optional() -> None:
    import re

    rx = re.compile(phrase_pattern("khá, giỏi"))
    assert rx.fullmatch("khá giỏi") and rx.fullmatch("khá, giỏi") and rx.fullmatch("khá - giỏi")
