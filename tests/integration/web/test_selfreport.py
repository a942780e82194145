"""The cooperative's self-report: filing, audit, statistics, classification by officers, scopes, errors, CSRF."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from htx.bootstrap import figure_service
from htx.db.models import Organisation, OrgYear
from htx.db.models_web import AuditEntry, User
from htx.stats.facts import Fact, Place
from htx.stats.periods import Period
from htx.web.routes.selfreport import parse_money
from tests.integration.web.support import login, post

YEAR = date.today().year - 1  # the page's default year
FILING = {"revenue": "1.500.000.000", "revenue_unit": "dong", "profit": "-120", "profit_unit": "million",
          "income_avg": "6.500.000", "income_avg_unit": "dong", "members": "1.035", "workers": "20",
          "managers_higher": "2", "managers_vocational": "1", "managers_untrained": "0",
          "charter_capital": "2.000", "charter_capital_unit": "million"}


def _coop_org(db: sessionmaker[Session]) -> Organisation:
    with db() as s:
        org_id = s.scalar(select(User.organisation_id).where(User.username == "htx"))
        assert org_id is not None, "the sample coop user has no organisation"
        org = s.get(Organisation, org_id)
        assert org is not None
        s.expunge(org)
        return org


def _other_org(db: sessionmaker[Session], org: Organisation) -> int:
    with db() as s:
        other = s.scalar(select(Organisation.id).where(Organisation.id != org.id,
                                                       Organisation.province_code == org.province_code).limit(1))
        assert other is not None
        return other


def _entries(db: sessionmaker[Session], action: str) -> list[AuditEntry]:
    with db() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def _fact(facts: list[Fact], indicator: str, dims: dict[str, str] | None = None) -> Fact | None:
    return next((f for f in facts if f.indicator == indicator and dict(f.dims) == (dims or {})), None)


def _expected_average(db: sessionmaker[Session], province: str, column: str) -> int:
    """The average of a yearly column over the province's HTX and QTDND (both count as htx), from the rows."""
    with db() as s:
        values = [v for v in s.scalars(select(getattr(OrgYear, column)).join(Organisation)
                                       .where(Organisation.kind.in_(("HTX", "QTDND")), Organisation.province_code == province,
                                              OrgYear.year == YEAR)) if v is not None]
    return int((Decimal(sum(values)) / len(values)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_coop_files_self_report_stored_audited_and_counted(client: TestClient, sample: sessionmaker[Session]) -> None:
    org = _coop_org(sample)
    assert org.kind == "HTX"
    login(client, "htx")
    page = client.get(f"/registry/{org.id}/self-report")
    assert page.status_code == 200 and f"Tự báo cáo năm {YEAR}" in page.text and "Nộp tự báo cáo" in page.text
    assert "Xác nhận xếp loại" not in page.text  # a coop cannot classify itself
    assert f'href="/registry/{org.id}/self-report"' in client.get("/registry").text  # nav link for coop users
    old_members = org.members

    r = post(client, f"/registry/{org.id}/self-report", {**FILING, "year": str(YEAR)})
    assert r.status_code == 303, r.text[:800]
    assert r.headers["location"] == f"/registry/{org.id}/self-report?year={YEAR}&saved=1"
    shown = client.get(r.headers["location"]).text
    for text in ("Đã lưu tự báo cáo", "1.500 triệu đồng", "-120 triệu đồng", "6.500.000 đồng", "2.000 triệu đồng",
                 "1.035"):
        assert text in shown, text

    with sample() as s:
        stored = s.get(Organisation, org.id)
        row = s.scalar(select(OrgYear).where(OrgYear.organisation_id == org.id, OrgYear.year == YEAR))
        assert stored is not None and row is not None
        assert (stored.members, stored.workers, stored.charter_capital) == (1035, 20, 2_000_000_000)
        assert (stored.managers_higher, stored.managers_vocational, stored.managers_untrained) == (2, 1, 0)
        assert (row.revenue, row.profit, row.income_avg) == (1_500_000_000, -120_000_000, 6_500_000)
    (entry,) = _entries(sample, "self_report")
    assert entry.username == "htx" and entry.entity == "organisation" and entry.entity_id == str(org.id)
    assert entry.new is not None and entry.old is not None
    assert entry.new["revenue"] == 1_500_000_000 and entry.new["members"] == 1035
    assert entry.old["members"] == old_members and str(YEAR) in (entry.note or "")

    facts = figure_service(sample).figures(Place("new", "province", org.province_code), Period.parse(str(YEAR)))
    revenue_avg, profit_avg = _fact(facts, "htx.revenue_avg"), _fact(facts, "htx.profit_avg")
    assert revenue_avg is not None and profit_avg is not None
    assert revenue_avg.value == _expected_average(sample, org.province_code, "revenue")
    assert profit_avg.value == _expected_average(sample, org.province_code, "profit")

    # filing the same figures again changes nothing but is still on record
    assert post(client, f"/registry/{org.id}/self-report", {**FILING, "year": str(YEAR)}).status_code == 303
    again = _entries(sample, "self_report")[-1]
    assert again.new == {} and "không thay đổi" in (again.note or "")


def test_coop_cannot_file_for_another_org_nor_classify(client: TestClient, sample: sessionmaker[Session]) -> None:
    org = _coop_org(sample)
    other = _other_org(sample, org)
    login(client, "htx")
    assert client.get(f"/registry/{other}/self-report").status_code == 403
    r = post(client, f"/registry/{other}/self-report", {**FILING, "year": str(YEAR)})
    assert r.status_code == 403 and "không thuộc phạm vi" in r.text
    r = post(client, f"/registry/{org.id}/classification", {"year": str(YEAR), "classification": "good"})
    assert r.status_code == 403 and "không được tự xếp loại" in r.text
    assert _entries(sample, "self_report") == [] and _entries(sample, "classify") == []
    with sample() as s:
        assert s.scalar(select(OrgYear).where(OrgYear.organisation_id == other, OrgYear.revenue == 1_500_000_000)) is None


def test_officers_classify_within_their_scope(client: TestClient, sample: sessionmaker[Session]) -> None:
    org = _coop_org(sample)
    login(client, "bacninh")
    assert client.get(f"/registry/{org.id}/self-report").status_code == 403
    assert post(client, f"/registry/{org.id}/classification",
                {"year": str(YEAR), "classification": "good"}).status_code == 403
    client.cookies.clear()
    login(client, "langson")
    page = client.get(f"/registry/{org.id}/self-report")
    assert page.status_code == 200 and "Xác nhận xếp loại" in page.text and "Nộp tự báo cáo" not in page.text
    assert "Tự báo cáo năm" in client.get(f"/registry/{org.id}").text  # link on the detail page
    r = post(client, f"/registry/{org.id}/self-report", {**FILING, "year": str(YEAR)})
    assert r.status_code == 403  # only the coop files its own report
    r = post(client, f"/registry/{org.id}/classification", {"year": "1999", "classification": "excellent"})
    assert r.status_code == 422 and "Năm phải là số từ 2000" in r.text and "Chọn xếp loại" in r.text

    place, period = Place("new", "province", org.province_code), Period.parse("2012")
    assert _fact(figure_service(sample).figures(place, period), "htx.count", {"class": "weak"}) is None
    r = post(client, f"/registry/{org.id}/classification", {"year": "2012", "classification": "weak"})
    assert r.status_code == 303 and "classified=1" in r.headers["location"]
    (entry,) = _entries(sample, "classify")
    assert (entry.username, entry.old, entry.new) == ("langson", {"classification": None}, {"classification": "weak"})
    weak = _fact(figure_service(sample).figures(place, period), "htx.count", {"class": "weak"})
    assert weak is not None and weak.value == 1
    assert "Yếu" in client.get(r.headers["location"]).text


def test_validation_errors_are_inline_and_nothing_is_stored(client: TestClient, sample: sessionmaker[Session]) -> None:
    org = _coop_org(sample)
    login(client, "htx")
    bad = {**FILING, "year": "1999", "revenue": "", "profit": "lỗ nhiều", "members": "-3", "workers": "1,5",
           "income_avg": "1.5", "income_avg_unit": "dong", "charter_capital": "-2", "managers_higher": "2.147.483.648"}
    r = post(client, f"/registry/{org.id}/self-report", bad)
    assert r.status_code == 422
    for message in (f"Năm phải là số từ 2000 đến {date.today().year + 1}", "Doanh thu là bắt buộc",
                    "Giá trị phải là một số", "Giá trị phải là số nguyên không âm", "Giá trị không được âm",
                    "Giá trị quá lớn"):
        assert message in r.text, message
    assert 'value="lỗ nhiều"' in r.text  # what the user typed is kept
    r = post(client, f"/registry/{org.id}/self-report", {**FILING, "year": str(date.today().year + 2)})
    assert r.status_code == 422
    r = post(client, f"/registry/{org.id}/self-report", {**FILING, "year": str(YEAR), "revenue": "0,0000005",
                                                         "revenue_unit": "million"})
    assert r.status_code == 422 and "số đồng nguyên" in r.text
    assert _entries(sample, "self_report") == []


def test_csrf_is_enforced(client: TestClient, sample: sessionmaker[Session]) -> None:
    org = _coop_org(sample)
    login(client, "htx")
    form = {**FILING, "year": str(YEAR)}
    assert client.post(f"/registry/{org.id}/self-report", data=form, follow_redirects=False).status_code == 403
    r = client.post(f"/registry/{org.id}/self-report", data={**form, "csrf_token": "forged"}, follow_redirects=False)
    assert r.status_code == 403 and "CSRF" in r.text
    client.cookies.clear()
    login(client, "langson")
    r = client.post(f"/registry/{org.id}/classification", data={"year": str(YEAR), "classification": "good"},
                    follow_redirects=False)
    assert r.status_code == 403
    assert _entries(sample, "self_report") == [] and _entries(sample, "classify") == []


@pytest.mark.parametrize(("text", "unit", "expected"), [
    ("1.500.000.000", "dong", 1_500_000_000), ("1.500", "million", 1_500_000_000), ("1,5 triệu", "dong", 1_500_000),
    ("2.000 đồng", "million", 2_000), ("-50", "million", -50_000_000), ("0", "dong", 0)])
def test_money_in_dong_or_million(text: str, unit: str, expected: int) -> None:
    assert parse_money(text, unit, signed=True) == expected


@pytest.mark.parametrize(("text", "signed"), [("1.5", True), ("-1", False), ("0,5", False), ("abc", True)])
def test_money_rejects(text: str, signed: bool) -> None:
    with pytest.raises(ValueError):
        parse_money(text, "dong", signed=signed)
