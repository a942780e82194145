"""Use cases on both databases: the sheet's review cycle, the year's classification, summaries, rule-set versions."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from htx.bootstrap import figure_service
from htx.db.models import Organisation, OrgYear
from htx.db.models_classify import ScoreSheetRow
from htx.services import UnitOfWork
from htx.services import classify as svc
from htx.services import classify_report as report
from htx.stats.facts import Place
from htx.stats.periods import Period
from tests.integration.classify.support import PROVINCE, YEAR, small_registry

LANG_SON = Place("new", "province", PROVINCE)
FULL = {"1a": "6", "1b": "1", "2a": "5", "2b": "1", "3a": "4", "3b": "3", "3c": "4", "4a": "2", "4b": "2",
        "4c": "2", "5": "8", "6": "6", "7a": "2", "7b": "2", "7c": "2", "8": "6", "9": "4", "10-15": "30"}  # 90


def _input(points: dict[str, str], **kw: object) -> svc.SheetInput:
    base = dict(board_name="Nguyễn Văn Chủ", controller_name="Lê Thị Soát", board_agreed=True, controller_agreed=True)
    base.update(kw)
    return svc.SheetInput(points=points, **base)  # type: ignore[arg-type]


def _tt01(db: sessionmaker[Session]) -> int:
    with UnitOfWork(db) as uow:
        return max((r for r in svc.list_rule_sets(uow) if r.code == "tt01-2020"), key=lambda r: r.version).id


def _submit(db: sessionmaker[Session], org_id: int, points: dict[str, str] = FULL, **kw: object) -> int:
    with UnitOfWork(db) as uow:
        sheet, checked = svc.save_sheet(uow, org_id, YEAR, _input(points, rule_set_id=_tt01(db), **kw),
                                        "htx", submit=True)
        assert checked.ok, checked.errors
        assert sheet is not None
        return sheet.id


def test_review_cycle_makes_the_confirmed_grade_the_years_classification(db: sessionmaker[Session]) -> None:
    ids = small_registry(db)
    with UnitOfWork(db) as uow:  # a point above its maximum: refused, nothing written
        sheet, checked = svc.save_sheet(uow, ids["a"], YEAR, _input({**FULL, "1a": "7"}, rule_set_id=_tt01(db)), "htx",
                                        submit=True)
        assert "vượt điểm tối đa 6" in checked.errors["1a"]
    with UnitOfWork(db) as uow:  # no board confirmation: refused
        _, checked = svc.save_sheet(uow, ids["a"], YEAR, _input(FULL, board_agreed=False, rule_set_id=_tt01(db)), "htx",
                                  submit=True)
        assert "board" in checked.errors
    with db() as s:
        assert s.scalar(select(ScoreSheetRow)) is None
    sheet_id = _submit(db, ids["a"], {**FULL, "10-15": "10"})  # 70 → khá
    with UnitOfWork(db) as uow, pytest.raises(svc.ClassifyError, match="Cần ghi ý kiến"):
        svc.return_sheet(uow, sheet_id, "  ", "langson")
    with UnitOfWork(db) as uow:
        svc.return_sheet(uow, sheet_id, "Tiêu chí 5 chưa có minh chứng", "langson")
    with UnitOfWork(db) as uow, pytest.raises(svc.ClassifyError, match="Chỉ duyệt được bảng điểm đã nộp"):
        svc.confirm_sheet(uow, sheet_id, "langson")
    _submit(db, ids["a"])  # corrected: 90 → tốt
    with UnitOfWork(db) as uow:
        done = svc.confirm_sheet(uow, sheet_id, "langson")
        assert (done.total, done.grade, done.status) == (Decimal("90.00"), "good", "confirmed")
        assert [e.action for e in done.events] == ["submit", "return", "submit", "confirm"]
        assert done.events[1].comment == "Tiêu chí 5 chưa có minh chứng"
    with db() as s:
        row = s.scalar(select(OrgYear).where(OrgYear.organisation_id == ids["a"], OrgYear.year == YEAR))
        assert row is not None and row.classification == "good"
    with UnitOfWork(db) as uow, pytest.raises(svc.ClassifyError, match="không sửa được"):
        svc.save_sheet(uow, ids["a"], YEAR, _input(FULL), "htx")


def test_summary_counts_shares_completeness_and_feeds_the_indicators(db: sessionmaker[Session]) -> None:
    ids = small_registry(db)
    _submit(db, ids["a"])
    _submit(db, ids["b"], {**FULL, "10-15": "0"})  # 60 → trung bình
    for key in ("a", "b"):
        with UnitOfWork(db) as uow:
            sheet = svc.sheet_view(uow, ids[key], YEAR).sheet
            assert sheet is not None
            svc.confirm_sheet(uow, sheet.id, "langson")
    with UnitOfWork(db) as uow:
        s = report.summary(uow, LANG_SON, YEAR)
        waiting, shown = report.pending(uow, LANG_SON, YEAR, limit=5)
    assert waiting == 1 and [p.org.name for p in shown] == ["HTX Cơ khí Cường"]  # the others are graded or excluded
    c = s.classes
    assert c.total == 6 and c.counts == {"good": 1, "fair": 1, "average": 1, "weak": 0}
    assert dict(c.unrated) == {"under_12_months": 1, "credit_fund": 1} and c.missing == 1
    assert c.share("good") == Decimal("33.33") and c.good_fair_share == Decimal("66.67")
    assert s.completeness == ("3/6 HTX đã được xếp loại; 2 không xếp loại (1 hoạt động dưới 12 tháng, "
                              "1 quỹ tín dụng nhân dân (Ngân hàng Nhà nước đánh giá)); 1 chưa có kết quả")
    assert s.change == dict.fromkeys(("good", "fair", "average", "weak"))  # nobody graded last year: no change
    # sizes: An (80 members, 3 bn) nhỏ; Bình (20 members) siêu nhỏ; Mới (80 members, no figures) depends on
    # what we lack; Cường (industry) and Tín (trade) have no thresholds in the rule set: said, not guessed
    assert s.sizes.counts == {"large": 0, "medium": 0, "small": 1, "micro": 1}
    assert s.sizes.total == 5 and s.sizes.determined == 2
    assert dict(s.sizes.undetermined) == {
        "thiếu doanh thu, tổng nguồn vốn": 1,
        "nd113-2024-size chưa có ngưỡng quy mô nhỏ hơn cho lĩnh vực Công nghiệp – xây dựng": 1,
        "nd113-2024-size chưa có ngưỡng quy mô nhỏ hơn cho lĩnh vực Thương mại, dịch vụ và lĩnh vực khác": 1}
    facts = figure_service(db, summary=False).figures(LANG_SON, Period(YEAR, "year"))
    by = {(f.indicator, tuple(sorted(f.dims.items()))): f.value for f in facts if f.period == str(YEAR)}
    assert by[("htx.count", (("class", "good"),))] == 1 and by[("htx.count", (("class", "fair"),))] == 1
    assert by[("htx.count", (("size", "small"),))] == 1 and by[("htx.count", (("size", "micro"),))] == 1
    with db() as session:  # the same HTX seen in the old geography (old Lạng Sơn, code 20)
        for org in session.scalars(select(Organisation)):
            org.old_province_code = "20"
        session.commit()
    with UnitOfWork(db) as uow:
        old = report.summary(uow, Place("old", "province", "20"), YEAR)
    assert old.classes.counts == c.counts and old.sizes.counts == s.sizes.counts
    assert old.completeness == s.completeness
    with UnitOfWork(db) as uow:
        national = {p.place.code: p for p in report.national(uow, YEAR)}
    assert len(national) == 34 and national[PROVINCE].classes.counts == c.counts
    assert national["01"].classes.total == 0 and national["01"].classes.share("good") is None


def _v2_text(good_from: int) -> str:
    data = yaml.safe_load(resources.files("htx.classify").joinpath("data/tt01-2020.yaml").read_text("utf-8"))
    data["version"] = 2
    data["grades"][0]["at_least"] = good_from
    return yaml.safe_dump(data, allow_unicode=True)


def test_a_corrected_rule_set_needs_a_new_version(db: sessionmaker[Session]) -> None:
    with UnitOfWork(db) as uow:
        row, created = svc.load_rule_set(uow, _v2_text(85), "tt01-v2.yaml", "admin")
        assert created and (row.code, row.version) == ("tt01-2020", 2)
    with UnitOfWork(db) as uow:
        assert svc.load_rule_set(uow, _v2_text(85), "tt01-v2.yaml", "admin")[1] is False  # same again: no-op
    with UnitOfWork(db) as uow, pytest.raises(svc.ClassifyError, match="hãy tăng khóa version"):
        svc.load_rule_set(uow, _v2_text(86), "tt01-v2b.yaml", "admin")


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(60, 100), st.integers(81, 100))
def test_a_rule_set_change_leaves_confirmed_results_untouched(db: sessionmaker[Session], total: int,
                                                              good_from: int) -> None:
    with db() as s:  # hypothesis reuses the fixture: start each example clean
        for row in s.scalars(select(ScoreSheetRow)):
            s.delete(row)
        s.commit()
    from tests.integration.classify.support import add_org

    with db() as s:
        org_id = add_org(s, f"HTX Thử {total}-{good_from}").id
        s.commit()
    points = {**FULL, "10-15": str(total - 60)}
    sheet_id = _submit(db, org_id, points)
    with UnitOfWork(db) as uow:
        before = svc.confirm_sheet(uow, sheet_id, "langson")
        kept = (before.total, before.grade, before.rule_set.version)
    with UnitOfWork(db) as uow:
        svc.load_rule_set(uow, _v2_text(good_from).replace("version: 2", f"version: {good_from}"), "v.yaml", "admin")
    with UnitOfWork(db) as uow:
        view = svc.sheet_view(uow, org_id, YEAR)
        assert view.sheet is not None
        assert (view.sheet.total, view.sheet.grade, view.sheet.rule_set.version) == kept
        (offered,) = [r for r in view.choices if r.code == "tt01-2020"]  # new sheets get the newest version
        assert offered.version == max(r.version for r in svc.list_rule_sets(uow) if r.code == "tt01-2020")


def test_two_officers_deciding_at_once_do_not_overwrite_each_other(db: sessionmaker[Session]) -> None:
    ids = small_registry(db)
    sheet_id = _submit(db, ids["a"])
    with db() as s:
        version = s.get(ScoreSheetRow, sheet_id).lock_version  # type: ignore[union-attr]
    with UnitOfWork(db) as first:
        svc.confirm_sheet(first, sheet_id, "langson", expected_version=version)
    with UnitOfWork(db) as second, pytest.raises(svc.Conflict):
        svc.return_sheet(second, sheet_id, "trả lại", "xa", expected_version=version)
    # the same race without the form's version: the second officer's session read the sheet before the first wrote
    _submit(db, ids["b"])
    with db() as s:
        b_id = s.scalar(select(ScoreSheetRow.id).where(ScoreSheetRow.organisation_id == ids["b"]))
    assert b_id is not None
    one, two = UnitOfWork(db), UnitOfWork(db)
    with one, two:
        two.session.get(ScoreSheetRow, b_id)  # loaded (lock_version 2) before the other commits
        svc.confirm_sheet(one, b_id, "langson")
        with pytest.raises((svc.Conflict, svc.ClassifyError)):
            svc.return_sheet(two, b_id, "trả lại", "xa")
    with db() as s:
        final = s.get(ScoreSheetRow, b_id)
        assert final is not None and final.status == "confirmed"


def test_grouped_sizes_match_the_rules_applied_one_by_one(db: sessionmaker[Session]) -> None:
    """The national query buckets figures to the thresholds in SQL; it must give what size_class gives per HTX,
    including figures of an earlier year (revenue) or an earlier sheet (total capital) when the year has none."""
    from htx.classify.size import size_class
    from htx.classify.summary import summarise_sizes
    from htx.db import classify_repo as repo
    from htx.db.models import OrgYear as Year
    from tests.integration.classify.support import add_org

    g = 1_000_000_000
    cases = [(49, 60 * g), (50, 2 * g), (50, 2 * g - 1), (199, 10 * g), (200, 10 * g), (300, 50 * g), (300, None),
             (1000, 9 * g), (None, 5 * g), (120, 80 * g)]
    with db() as s:
        for i, (members, revenue) in enumerate(cases):
            sector = "industry" if i == len(cases) - 1 else "agriculture"
            add_org(s, f"HTX Ngưỡng {i}", members=members, revenue=revenue, sector=sector)
        old = add_org(s, "HTX Số liệu cũ", members=250)
        s.add(Year(organisation_id=old.id, year=YEAR - 1, revenue=12 * g))
        s.add(Year(organisation_id=old.id, year=YEAR - 2, revenue=1))
        s.commit()
    with UnitOfWork(db) as uow:  # a sheet of an earlier year gives the total capital
        sheet, checked = svc.save_sheet(uow, old.id, YEAR - 1, _input({}, total_capital=6 * g), "htx")
        assert checked.ok and sheet is not None
    with db() as s:
        rules = repo.size_rule_set(s, YEAR)
        assert rules is not None
        one_by_one = summarise_sizes((size_class(rules, k, sec, m, r, c), 1)
                                     for _, _, k, sec, m, r, c in repo.size_inputs(s, LANG_SON, YEAR))
        grouped = summarise_sizes((size_class(rules, k, sec, m, r, c), n)
                                  for _, k, sec, m, r, c, n in repo.size_counts(s, LANG_SON, YEAR, rules))
        latest = {i: (r, c) for _, i, _, _, _, r, c in repo.size_inputs(s, LANG_SON, YEAR)}
    assert latest[old.id] == (12 * g, 6 * g)
    assert grouped.counts == one_by_one.counts and grouped.undetermined == one_by_one.undetermined
    assert one_by_one.counts == {"large": 2, "medium": 2, "small": 2, "micro": 1}
    assert sum(one_by_one.undetermined.values()) == 4  # 50 members and < 2 bn, 300 without figures, 1000 and 9 bn, no members
