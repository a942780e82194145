"""The survey's use cases on SQLite and PostgreSQL: a round from load to publication, frozen afterwards."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from htx.db.models_survey import SurveyResponseRow, SurveyRoundRow
from htx.services import UnitOfWork
from htx.services import survey as svc
from htx.survey.loader import example_text
from htx.survey.model import SurveyError

from .support import BAC_NINH, LANG_SON, small_registry

GOOD: dict[str, int | str] = {"CS1": 5, "CS2": 4, "CS3": 4, "DT1": 3, "DT2": "KB", "DTAO1": 4, "TTHC1": 5, "TTHC2": 4, "TTHC3": 3,
        "QT1": 4, "QT2": 3, "QT3": 5}
CODE = "2025-VD"


def _open_round(db: sessionmaker[Session], min_responses: int = 2) -> dict[str, int]:
    with UnitOfWork(db) as uow:
        ids = small_registry(uow.session)
        text = example_text().replace("min_responses: 5", f"min_responses: {min_responses}")
        svc.load_round(uow, text, "vi-du.yaml", "admin")
    with UnitOfWork(db) as uow:
        assert svc.open_round(uow, CODE, "admin")["frame"] == 6
    return ids


def test_round_from_load_to_publication(db: sessionmaker[Session]) -> None:
    ids = _open_round(db)
    with UnitOfWork(db) as uow:
        svc.save_form(uow, CODE, ids["ls0"], {"CS1": 2}, {}, "htx", submit=False)
        assert svc.get_form(uow, CODE, ids["ls0"]).response.status == "draft"  # type: ignore[union-attr]
        with pytest.raises(SurveyError, match="bắt buộc chưa trả lời"):
            svc.save_form(uow, CODE, ids["ls0"], {"CS1": 2}, {}, "htx", submit=True)
        for key in ("ls0", "ls1", "bn0"):
            svc.save_form(uow, CODE, ids[key], GOOD, {"QT1": "Cần gặp lãnh đạo xã thường xuyên hơn"}, "htx", submit=True)
        svc.save_form(uow, CODE, ids["ls2"], {**GOOD, "CS1": 1}, {}, "canbo", submit=True, mode="paper")
        with pytest.raises(svc.FormRefused, match="đã nộp"):
            svc.save_form(uow, CODE, ids["ls0"], GOOD, {}, "htx", submit=True)
        with pytest.raises(svc.FormRefused, match="không có trong danh sách"):
            svc.save_form(uow, CODE, ids["not_member"], GOOD, {}, "htx", submit=False)
        progress = svc.progress(uow, CODE)
        assert [(r["province"], r["frame"], r["submitted"]) for r in progress["rows"]] == [(LANG_SON, 4, 3), (BAC_NINH, 2, 1)]
        assert progress["rate"] == Decimal("66.67")
        communes = svc.progress(uow, CODE, LANG_SON)["rows"]
        assert {(r["commune"], r["submitted"], r["frame"]) for r in communes} == {("06253", 3, 3), ("06280", 0, 1)}
        missing = svc.missing_list(uow, CODE, LANG_SON, None)
        assert missing["total"] == 1 and missing["rows"][0]["name"] == "HTX Lạng Sơn 3"
        assert len(svc.comment_list(uow, CODE, LANG_SON)) == 2
        svc.close_round(uow, CODE, "admin")
        with pytest.raises(svc.FormRefused, match="không nhận phiếu"):
            svc.save_form(uow, CODE, ids["ls3"], GOOD, {}, "htx", submit=True)
        svc.publish_round(uow, CODE, "admin")
    with UnitOfWork(db) as uow:
        res = svc.results(uow, CODE)
        assert res["provisional"] is False
        by = {p["place"]: p for p in res["provinces"]}
        assert by[LANG_SON]["valid"] == 3 and by[LANG_SON]["index"] is not None and by[LANG_SON]["rank"] == 1
        assert by[BAC_NINH]["index"] is None and "chưa đủ phiếu" in by[BAC_NINH]["note"]
        table = svc.public_table(uow)
        assert table is not None and table["rows"][0]["place"] == LANG_SON
        assert svc.recheck(uow, CODE)["same"] is True
        frozen = by[LANG_SON]["index"]
        with pytest.raises(SurveyError, match="đã công bố"):
            svc.load_round(uow, example_text(), "vi-du.yaml", "admin")
        # even if a stored form is changed behind the application's back, the published result stays
        uow.session.query(SurveyResponseRow).filter(SurveyResponseRow.organisation_id == ids["ls2"]).update(
            {"answers": {**GOOD, "CS1": 5}})
        uow.commit()
        check = svc.recheck(uow, CODE)
        assert check["same"] is False and LANG_SON in check["differences"]
        again = {p["place"]: p for p in svc.results(uow, CODE)["provinces"]}
        assert again[LANG_SON]["index"] == frozen


def test_bad_questionnaire_loads_nothing(db: sessionmaker[Session]) -> None:
    bad = example_text().replace("code: CS2,", "code: CS1,")
    with UnitOfWork(db) as uow, pytest.raises(SurveyError, match="vong.yaml: .*'CS1' bị trùng"):
        svc.load_round(uow, bad, "vong.yaml", "admin")
    with db() as s:
        assert s.scalar(select(func.count()).select_from(SurveyRoundRow)) == 0


def test_concurrent_draft_saves_one_wins(db: sessionmaker[Session]) -> None:
    ids = _open_round(db)
    with UnitOfWork(db) as uow:
        svc.save_form(uow, CODE, ids["ls0"], {"CS1": 2}, {}, "htx", submit=False)
    with UnitOfWork(db) as a, UnitOfWork(db) as b:
        row_a = svc.get_form(a, CODE, ids["ls0"]).response
        row_b = svc.get_form(b, CODE, ids["ls0"]).response
        assert row_a is not None and row_b is not None and row_a.version == row_b.version
        svc.save_form(a, CODE, ids["ls0"], GOOD, {}, "htx", submit=True)
        with pytest.raises(svc.FormRefused):
            svc.save_form(b, CODE, ids["ls0"], {"CS1": 3}, {}, "htx", submit=False)
    with UnitOfWork(db) as uow:
        row = svc.get_form(uow, CODE, ids["ls0"]).response
        assert row is not None and row.status == "submitted" and row.answers["CS1"] == 5


def test_synthetic_responses_and_provisional_results(db: sessionmaker[Session]) -> None:
    _open_round(db, min_responses=1)
    with UnitOfWork(db) as uow:
        n = svc.synthesize(uow, CODE, seed=3, rate=1.0)
        assert n == 6
        res = svc.results(uow, CODE)
        assert res["provisional"] is True and res["country"]["submitted"] == 6
        assert all(p["index"] is not None for p in res["provinces"])


def _publish(db: sessionmaker[Session], text: str, code: str, forms: dict[int, dict[str, int | str]]) -> None:
    with UnitOfWork(db) as uow:
        svc.load_round(uow, text, f"{code}.yaml", "admin")
        svc.open_round(uow, code, "admin")
        for org, answers in forms.items():
            svc.save_form(uow, code, org, answers, {}, "htx", submit=True)
        svc.close_round(uow, code, "admin")
        svc.publish_round(uow, code, "admin")


def test_change_from_the_previous_round_only_when_comparable(db: sessionmaker[Session]) -> None:
    with UnitOfWork(db) as uow:
        ids = small_registry(uow.session)
    base = example_text().replace("min_responses: 5", "min_responses: 1")
    r2024 = base.replace('code: "2025-VD"', 'code: "2024"').replace("year: 2025", "year: 2024")
    _publish(db, r2024, "2024", {ids["ls0"]: {**GOOD, "QT3": 3}})
    _publish(db, base, CODE, {ids["ls0"]: GOOD})
    with UnitOfWork(db) as uow:
        now = {p["place"]: p for p in svc.results(uow, CODE)["provinces"]}
        before = {p["place"]: p for p in svc.results(uow, "2024")["provinces"]}
    assert now[LANG_SON]["previous_index"] == before[LANG_SON]["index"]
    assert now[LANG_SON]["change"] == now[LANG_SON]["index"] - before[LANG_SON]["index"] > 0
    reweighted = base.replace('code: "2025-VD"', 'code: "2026"').replace("year: 2025", "year: 2026").replace(
        "weight: 0.25", "weight: 0.3").replace("weight: 0.15", "weight: 0.1")
    _publish(db, reweighted, "2026", {ids["ls0"]: GOOD})
    with UnitOfWork(db) as uow:
        later = {p["place"]: p for p in svc.results(uow, "2026")["provinces"]}
    assert later[LANG_SON]["change"] is None and "không so sánh được" in later[LANG_SON]["change_note"]


def test_a_form_racing_the_closing_of_the_round_is_not_kept(db: sessionmaker[Session],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _open_round(db)
    real = svc.repo.frame_row

    def close_meanwhile(session, round_id, org_id):
        with UnitOfWork(db) as other:
            svc.close_round(other, CODE, "admin")
        return real(session, round_id, org_id)

    monkeypatch.setattr(svc.repo, "frame_row", close_meanwhile)
    with UnitOfWork(db) as uow, pytest.raises(svc.FormRefused, match="vừa đóng"):
        svc.save_form(uow, CODE, ids["ls0"], GOOD, {}, "htx", submit=True)
    monkeypatch.setattr(svc.repo, "frame_row", real)
    with UnitOfWork(db) as uow:
        assert svc.get_form(uow, CODE, ids["ls0"]).response is None
        with pytest.raises(SurveyError, match="đang ở trạng thái"):
            svc.close_round(uow, CODE, "admin")


def test_two_first_saves_of_the_same_form_keep_one(db: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _open_round(db)
    real = svc.repo.response

    def other_saves_first(session, round_id, org_id):
        monkeypatch.setattr(svc.repo, "response", real)
        with UnitOfWork(db) as other:
            svc.save_form(other, CODE, org_id, GOOD, {}, "htx", submit=True)
        return None  # what this save read before the other one committed

    monkeypatch.setattr(svc.repo, "response", other_saves_first)
    with UnitOfWork(db) as uow, pytest.raises(svc.FormRefused, match="vừa được lưu ở nơi khác"):
        svc.save_form(uow, CODE, ids["ls1"], {"CS1": 1}, {}, "htx", submit=False)
    with UnitOfWork(db) as uow:
        row = svc.get_form(uow, CODE, ids["ls1"]).response
        assert row is not None and row.status == "submitted" and row.answers == GOOD
