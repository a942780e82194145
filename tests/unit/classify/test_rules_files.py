"""Rule-set files: the shipped ones load; a bad file names the file and the key, and nothing is loaded."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
import yaml

from htx.classify import rules
from htx.classify.rules import RuleSetError, ScoringRuleSet, SizeRuleSet


def _shipped_text(name: str) -> str:
    return resources.files("htx.classify").joinpath(f"data/{name}").read_text("utf-8")


def _data(name: str) -> dict:
    return yaml.safe_load(_shipped_text(name))


def test_shipped_rule_sets_load_with_their_legal_reference_and_totals() -> None:
    by_code = {r.code: r for r in rules.shipped()}
    assert set(by_code) == {"tt01-2020", "tt09-2017-nn", "nd113-2024-size"}
    tt01 = by_code["tt01-2020"]
    assert isinstance(tt01, ScoringRuleSet)
    assert tt01.total == 100 and sum(i.max for i in tt01.items) == 100
    assert [g.max for g in tt01.groups] == [30, 30, 40]
    assert "01/2020/TT-BKHĐT" in tt01.legal_ref
    assert [(d.step, d.on(2025).isoformat()) for d in tt01.deadlines] == [
        ("self_score", "2025-12-15"), ("compile", "2025-12-18"), ("province", "2025-12-21")]
    tt09 = by_code["tt09-2017-nn"]
    assert isinstance(tt09, ScoringRuleSet)
    assert [d.on(2025).isoformat() for d in tt09.deadlines] == ["2026-04-01", "2026-04-10", "2026-04-15"]
    assert {e.code: e.effect for e in tt09.exclusions}["sanction"] == "weak"


def test_unconfirmed_parts_carry_no_bands() -> None:
    """Only TT 09/2017's revenue bands are confirmed and proposable; TT 01/2020 has none."""
    banded = {r.code: [i.code for i in r.items if i.bands] for r in rules.shipped() if isinstance(r, ScoringRuleSet)}
    assert banded == {"tt01-2020": [], "tt09-2017-nn": ["1.2"]}
    size = next(r for r in rules.shipped() if isinstance(r, SizeRuleSet))
    assert size.sectors["agriculture"].complete
    assert not size.sectors["finance"].classes and not size.sectors["trade_services"].classes


def _write(tmp_path: Path, name: str, data: dict) -> Path:
    p = tmp_path / name
    p.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return p


def test_missing_maximum_names_file_and_key(tmp_path: Path) -> None:
    data = _data("tt01-2020.yaml")
    del data["groups"][0]["criteria"][1]["items"][0]["max"]
    with pytest.raises(RuleSetError) as exc:
        rules.load_file(_write(tmp_path, "sai-toi-da.yaml", data))
    msg = str(exc.value)
    assert "sai-toi-da.yaml" in msg
    assert "groups[I].criteria[2].items[2a].max" in msg and "thiếu khóa bắt buộc" in msg


def test_overlapping_bands_are_refused(tmp_path: Path) -> None:
    data = _data("tt09-2017-nn.yaml")
    ranges = data["groups"][0]["criteria"][1]["items"][0]["bands"]["ranges"]
    ranges[1]["from"] = 900_000_000  # 0.9 bn overlaps "dưới 1 tỷ"
    with pytest.raises(RuleSetError) as exc:
        rules.load_file(_write(tmp_path, "chong-lan.yaml", data))
    msg = str(exc.value)
    assert "chong-lan.yaml" in msg and "groups[1].criteria[1.2].items[1.2].bands" in msg and "chồng lên nhau" in msg


def test_inverted_dates_are_refused(tmp_path: Path) -> None:
    data = _data("nd113-2024-size.yaml")
    data["valid_to"] = "2024-01-01"
    with pytest.raises(RuleSetError) as exc:
        rules.load_file(_write(tmp_path, "ngay-nguoc.yaml", data))
    assert "ngay-nguoc.yaml" in str(exc.value) and "valid_to" in str(exc.value) and "bị ngược" in str(exc.value)


@pytest.mark.parametrize("mutate, words", [
    (lambda d: d["groups"][0].update(max=31), "nhóm I"),
    (lambda d: d["grades"][1].update(at_least=85), "ngưỡng xếp loại"),
    (lambda d: d.update(kind="other"), "khóa kind"),
    (lambda d: d["groups"][0]["criteria"][0]["items"][1].update(code="1a"), "trùng"),
])
def test_inconsistent_sheets_are_refused(tmp_path: Path, mutate, words: str) -> None:
    data = _data("tt01-2020.yaml")
    mutate(data)
    with pytest.raises(RuleSetError, match=words):
        rules.load_file(_write(tmp_path, "x.yaml", data))


def test_size_thresholds_must_shrink_with_the_class(tmp_path: Path) -> None:
    data = _data("nd113-2024-size.yaml")
    data["sectors"]["agriculture"]["classes"][1]["members"] = 400
    with pytest.raises(RuleSetError, match="sectors.agriculture"):
        rules.load_file(_write(tmp_path, "quy-mo.yaml", data))


def test_yaml_syntax_error_names_the_line() -> None:
    with pytest.raises(RuleSetError, match=r"hong.yaml dòng 2"):
        rules.load_text("code: a\n  kind: [\n", "hong.yaml")


def test_stored_body_round_trips() -> None:
    for r in rules.shipped():
        again = rules.from_stored(rules.dump(r))
        assert again == r
    tt09 = next(r for r in rules.shipped() if r.code == "tt09-2017-nn")
    assert isinstance(tt09, ScoringRuleSet)
    band = tt09.item("1.2").bands.points_for(Decimal(5_000_000_000))  # type: ignore[union-attr]
    assert band is not None and band.points == 8


def test_the_officers_guide_names_every_shipped_rule_set() -> None:
    guide = (Path(__file__).resolve().parents[3] / "docs" / "classification.md").read_text("utf-8")
    for r in rules.shipped():
        assert f"`{r.code}`" in guide, f"docs/classification.md does not describe {r.code}"
