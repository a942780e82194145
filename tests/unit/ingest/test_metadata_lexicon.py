"""Every expression of the metadata table reads its samples as it says, and none of its counter-samples."""

from __future__ import annotations

from typing import Any

import pytest

from htx.ingest.lexicon import LexiconError, _rule_regex, fold, rules

RULES = list(rules("metadata").values())


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_samples_match_and_counter_samples_do_not(rule: Any) -> None:
    for sample in rule.entry["samples"]:
        text, groups = (sample["text"], sample.get("groups") or {}) if isinstance(sample, dict) else (sample, {})
        m = rule.regex.search(fold(text))
        assert m is not None, f"{rule.name}: {text!r} does not match"
        for key, value in groups.items():
            assert m.group(key) == fold(str(value)), f"{rule.name}: {text!r} gives {key}={m.group(key)!r}"
    for text in rule.entry.get("not") or []:
        assert rule.regex.search(fold(text)) is None, f"{rule.name}: {text!r} should not match"


def test_an_entry_without_samples_or_with_two_kinds_of_match_is_refused() -> None:
    with pytest.raises(LexiconError):
        _rule_regex("metadata", {"name": "x", "pattern": "a", "samples": []})
    with pytest.raises(LexiconError):
        _rule_regex("metadata", {"name": "x", "pattern": "a", "phrases": ["a"], "samples": ["a"]})
    with pytest.raises(LexiconError):
        _rule_regex("metadata", {"name": "x", "pattern": "(", "samples": ["a"]})
