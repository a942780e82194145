"""Use cases of the satisfaction survey (khảo sát Chỉ số hài lòng): rounds, forms, progress, results.

Each function takes a :class:`UnitOfWork` first and commits itself when it writes. A round
goes ``draft`` (questionnaire loaded, may be replaced) → ``open`` (frame fixed, forms accepted)
→ ``closed`` (no more forms) → ``published`` (result computed once and frozen). A published
round never changes: its forms, questionnaire and result are read-only, and
:func:`recheck` only reports whether a fresh computation would differ.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy.exc import IntegrityError

from htx.db import audit_repo
from htx.db import survey_repo as repo
from htx.db.models_survey import SurveyFrameRow, SurveyResponseRow, SurveyRoundRow
from htx.services.uow import UnitOfWork
from htx.survey.contacts import Contact
from htx.survey.loader import parse_file
from htx.survey.model import Questionnaire, SurveyError
from htx.survey.payload import from_json, to_json
from htx.survey.scoring import METHOD_VERSION, Form, check_form, compute, dec
from htx.tabular import CellError, ImportErrors

STATUS_LABELS = {"draft": "Đang chuẩn bị", "open": "Đang khảo sát", "closed": "Đã đóng", "published": "Đã công bố"}


class RoundNotFound(SurveyError):
    """No round with this code."""


class FormRefused(SurveyError):
    """The form cannot be saved or submitted now (already submitted, round not open, not in the frame)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def questionnaire_of(row: SurveyRoundRow) -> Questionnaire:
    return Questionnaire.model_validate(row.questionnaire)


def _round(uow: UnitOfWork, code: str) -> SurveyRoundRow:
    row = repo.get_round(uow.session, code)
    if row is None:
        raise RoundNotFound(f"Không có vòng khảo sát {code!r}")
    return row


def round_summary(row: SurveyRoundRow) -> dict[str, Any]:
    return {"code": row.code, "year": row.year, "title": row.title, "opens": row.opens_on, "closes": row.closes_on,
            "status": row.status, "status_label": STATUS_LABELS.get(row.status, row.status), "example": row.example,
            "source": row.source_name, "method_version": row.method_version, "published_at": row.published_at}


# --- rounds ---------------------------------------------------------------------------------

def list_rounds(uow: UnitOfWork) -> list[dict[str, Any]]:
    return [round_summary(r) for r in repo.rounds(uow.session)]


def get_round(uow: UnitOfWork, code: str) -> tuple[dict[str, Any], Questionnaire]:
    row = _round(uow, code)
    return round_summary(row), questionnaire_of(row)


def load_round(uow: UnitOfWork, content: str | bytes, name: str, user: str) -> dict[str, Any]:
    """Validate a questionnaire file (YAML, or XLSX by its name) and store its round.

    A new round, or one still in preparation whose questionnaire is replaced; nothing is stored
    when the file has any error.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    q = parse_file(data, name)
    digest = hashlib.sha256(data).hexdigest()
    values = {"year": q.round.year, "title": q.round.title, "opens_on": q.round.opens, "closes_on": q.round.closes,
              "example": q.example, "questionnaire": q.model_dump(mode="json"), "source_name": name,
              "source_hash": digest, "method_version": METHOD_VERSION, "loaded_by": user}
    row = repo.get_round(uow.session, q.round.code)
    if row is not None and row.status != "draft":
        raise SurveyError(f"{name}: vòng {q.round.code} đã {STATUS_LABELS[row.status].lower()}, "
                          "không thay được bảng hỏi")
    if row is None:
        row = repo.add_round(uow.session, code=q.round.code, status="draft", **values)
        action = "survey_load"
    else:
        for k, v in values.items():
            setattr(row, k, v)
        action = "survey_reload"
    audit_repo.record(uow.session, user, action, "survey_round", row.code, None,
                      {"source": name, "hash": digest[:12], "items": len(q.items)})
    uow.commit()
    return round_summary(row)


def _transition(uow: UnitOfWork, code: str, user: str, src: str, dst: str) -> SurveyRoundRow:
    row = _round(uow, code)
    if row.status != src:
        raise SurveyError(f"Vòng {code} đang ở trạng thái “{STATUS_LABELS[row.status]}”, "
                          f"chỉ chuyển sang “{STATUS_LABELS[dst]}” từ “{STATUS_LABELS[src]}”")
    if not repo.set_status(uow.session, row.id, src, dst):
        uow.rollback()
        raise SurveyError(f"Vòng {code} vừa được người khác chuyển trạng thái; hãy tải lại trang")
    uow.session.refresh(row)
    audit_repo.record(uow.session, user, f"survey_{dst}", "survey_round", code, {"status": src}, {"status": dst})
    return row


def open_round(uow: UnitOfWork, code: str, user: str) -> dict[str, Any]:
    """Fix the sampling frame (cooperatives of the frame's kinds, active — and members — on the opening date)."""
    row = _transition(uow, code, user, "draft", "open")
    q = questionnaire_of(row)
    candidates = repo.frame_candidates(uow.session, q.frame.kinds, q.frame.members_only, row.opens_on)
    n = repo.insert_frame(uow.session, row.id, [
        {"organisation_id": i, "name": name, "province_code": p, "commune_code": c} for i, name, p, c in candidates])
    row.opened_at = _now()
    uow.commit()
    return {**round_summary(row), "frame": n}


def close_round(uow: UnitOfWork, code: str, user: str) -> dict[str, Any]:
    row = _transition(uow, code, user, "open", "closed")
    row.closed_at = _now()
    uow.commit()
    return round_summary(row)


def _previous(uow: UnitOfWork, row: SurveyRoundRow, q: Questionnaire) -> tuple[dict[str, Any] | None, str | None]:
    prev = repo.latest_published(uow.session, before_year=row.year)
    if prev is None:
        return None, "không có vòng trước đã công bố"
    if prev.method_version != row.method_version or questionnaire_of(prev).shape() != q.shape():
        return None, f"không so sánh được với vòng {prev.code} (khác phương pháp, lĩnh vực hoặc trọng số)"
    stored = repo.result(uow.session, prev.id)
    if stored is None:
        return None, f"vòng {prev.code} chưa có kết quả lưu"
    data = from_json(stored.payload)
    by_place = {p["place"]: p["index"] for p in data["provinces"]}
    by_place[""] = data["country"]["index"]
    return by_place, None


def _compute(uow: UnitOfWork, row: SurveyRoundRow) -> dict[str, Any]:
    q = questionnaire_of(row)
    if row.method_version != METHOD_VERSION:
        raise SurveyError(f"Vòng {row.code} dùng phương pháp tính phiên bản {row.method_version}; "
                          f"phần mềm này tính phiên bản {METHOD_VERSION}")
    frame = {p: n for (p, _), n in repo.frame_counts(uow.session, row.id).items()}
    forms = (Form(o, p, c, a) for o, p, c, a in repo.submitted(uow.session, row.id))
    previous, why_not = _previous(uow, row, q)
    out = compute(q, forms, frame, previous, why_not)
    out["round"] = row.code
    return out


def publish_round(uow: UnitOfWork, code: str, user: str) -> dict[str, Any]:
    """Compute the result of a closed round and freeze it; the round becomes read-only."""
    row = _transition(uow, code, user, "closed", "published")
    payload = _compute(uow, row)
    at = _now()
    repo.save_result(uow.session, row.id, METHOD_VERSION, to_json(payload), at)
    row.published_at, row.published_by = at, user
    uow.commit()
    return round_summary(row)


def results(uow: UnitOfWork, code: str) -> dict[str, Any]:
    """The round's result: the frozen one once published, else a provisional computation (``provisional``)."""
    row = _round(uow, code)
    stored = repo.result(uow.session, row.id) if row.status == "published" else None
    if stored is not None:
        data = from_json(stored.payload)
        data["provisional"], data["computed_at"] = False, stored.computed_at
    else:
        data = _compute(uow, row)
        data["provisional"], data["computed_at"] = True, _now()
    data["summary"] = round_summary(row)
    return data


def recheck(uow: UnitOfWork, code: str) -> dict[str, Any]:
    """Recompute a published round and say whether it differs from the frozen result; writes nothing."""
    row = _round(uow, code)
    stored = repo.result(uow.session, row.id)
    if stored is None:
        raise SurveyError(f"Vòng {code} chưa công bố, chưa có kết quả để đối chiếu")
    fresh = to_json(_compute(uow, row))
    frozen = stored.payload
    diffs = [p["place"] for p, f in zip(frozen["provinces"], fresh["provinces"], strict=False) if p != f]
    if len(frozen["provinces"]) != len(fresh["provinces"]):
        diffs.append("(số tỉnh)")
    if frozen["country"] != fresh["country"]:
        diffs.append("toàn quốc")
    return {"round": code, "same": not diffs, "differences": diffs, "kept": "kết quả đã công bố được giữ nguyên"}


def public_table(uow: UnitOfWork) -> dict[str, Any] | None:
    """The index table of the latest published round (what the public page shows), or None."""
    row = repo.latest_published(uow.session)
    if row is None:
        return None
    stored = repo.result(uow.session, row.id)
    if stored is None:
        return None
    data = from_json(stored.payload)
    keep = ("place", "valid", "index", "satisfied_index", "rank", "band", "note")
    rows = [{k: p.get(k) for k in keep} for p in data["provinces"]]
    rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["place"]))
    return {"round": round_summary(row), "rows": rows, "min_responses": data["min_responses"]}


# --- forms ----------------------------------------------------------------------------------

@dataclass
class FormView:
    """What the form page needs: the round, its questionnaire, the frame row and the stored response."""

    round: dict[str, Any]
    questionnaire: Questionnaire
    frame: SurveyFrameRow | None
    response: SurveyResponseRow | None

    @property
    def read_only(self) -> bool:
        return self.round["status"] != "open" or (self.response is not None and self.response.status == "submitted")


def get_form(uow: UnitOfWork, code: str, org_id: int) -> FormView:
    row = _round(uow, code)
    return FormView(round_summary(row), questionnaire_of(row), repo.frame_row(uow.session, row.id, org_id),
                    repo.response(uow.session, row.id, org_id))


def parse_answers(q: Questionnaire, raw: Mapping[str, str]) -> tuple[dict[str, int | str], dict[str, str]]:
    """Form fields ``a_<item>`` / ``c_<item>`` (and ``c_general``) → answers and comments; blanks dropped."""
    answers: dict[str, int | str] = {}
    comments: dict[str, str] = {}
    for _, item in q.items:
        value = (raw.get(f"a_{item.code}") or "").strip()
        if value:
            answers[item.code] = int(value) if value.lstrip("-").isdigit() else value
        note = (raw.get(f"c_{item.code}") or "").strip()
        if note and item.comment:
            comments[item.code] = note[:2000]
    general = (raw.get("c_general") or "").strip()
    if general:
        comments["general"] = general[:2000]
    return answers, comments


def save_form(uow: UnitOfWork, code: str, org_id: int, answers: dict[str, int | str], comments: dict[str, str],
              user: str, submit: bool, mode: str = "online") -> dict[str, Any]:
    """Save a draft or submit a cooperative's form (once). Submitting an incomplete form is refused."""
    row = _round(uow, code)
    if row.status != "open":
        raise FormRefused(f"Vòng {code} không nhận phiếu (trạng thái: {STATUS_LABELS[row.status]})")
    frame = repo.frame_row(uow.session, row.id, org_id)
    if frame is None:
        raise FormRefused("Hợp tác xã này không có trong danh sách khảo sát của vòng")
    existing = repo.response(uow.session, row.id, org_id)
    if existing is not None and existing.status == "submitted":
        raise FormRefused("Phiếu đã nộp, không sửa hay nộp lại được")
    q = questionnaire_of(row)
    status, problems = check_form(q, answers)
    if status == "invalid" or (submit and status != "valid"):
        raise SurveyError("Phiếu chưa nộp được: " + "; ".join(problems))
    now = _now()
    values: dict[str, Any] = {"answers": answers, "comments": comments, "updated_at": now, "entered_by": user,
                              "mode": mode, "validity": status}
    if submit:
        values.update(status="submitted", submitted_at=now)
    if existing is None:
        try:
            repo.add_response(uow.session, round_id=row.id, organisation_id=org_id,
                              province_code=frame.province_code, commune_code=frame.commune_code,
                              status=values.pop("status", "draft"), **values)
        except IntegrityError:  # another save of the same form won the race (one form per cooperative)
            uow.rollback()
            raise FormRefused("Phiếu của hợp tác xã này vừa được lưu ở nơi khác; hãy tải lại trang") from None
    elif not repo.update_draft(uow.session, existing.id, existing.version, **values):
        raise FormRefused("Phiếu vừa được nộp hoặc sửa ở nơi khác; hãy tải lại trang")
    if repo.status_now(uow.session, row.id) != "open":  # closed meanwhile: a transition never misses a form
        uow.rollback()
        raise FormRefused(f"Vòng {code} vừa đóng, phiếu không được lưu")
    audit_repo.record(uow.session, user, "survey_submit" if submit else "survey_draft", "survey_response",
                      f"{code}:{org_id}", None, {"mode": mode, "answers": len(answers)})
    uow.commit()
    return {"round": code, "organisation_id": org_id, "status": "submitted" if submit else "draft",
            "validity": status, "problems": problems}


# --- progress -------------------------------------------------------------------------------

def progress(uow: UnitOfWork, code: str, province: str | None = None) -> dict[str, Any]:
    """Response rate per province (or, with ``province``, per commune of it) as forms arrive."""
    row = _round(uow, code)
    frame = repo.frame_counts(uow.session, row.id, province)
    done = repo.submitted_counts(uow.session, row.id, province)
    rows = []
    for key in sorted(frame):
        n, k = frame[key], done.get(key, 0)
        rows.append({"province": key[0], "commune": key[1], "frame": n, "submitted": k,
                     "rate": round_rate(k, n)})
    total, sent = sum(frame.values()), sum(done.get(k, 0) for k in frame)
    return {"round": round_summary(row), "province": province, "rows": rows, "frame": total, "submitted": sent,
            "rate": round_rate(sent, total)}


def round_rate(k: int, n: int) -> Decimal | None:
    """Percent ``k`` of ``n`` (2 decimals), None for an empty frame."""
    return dec(Fraction(k * 100, n)) if n else None


def missing_list(uow: UnitOfWork, code: str, province: str | None, commune: str | None,
                 limit: int = 500) -> dict[str, Any]:
    """Cooperatives of the frame that have not submitted, with their contact."""
    row = _round(uow, code)
    total, rows = repo.non_respondents(uow.session, row.id, province, commune, limit)
    return {"total": total, "rows": [{"organisation_id": r.organisation_id, "name": r.name, "province": r.province_code,
                                      "commune": r.commune_code, "phone": r.phone, "email": r.email, "zalo": r.zalo}
                                     for r in rows]}


def comment_list(uow: UnitOfWork, code: str, province: str | None) -> list[dict[str, Any]]:
    """Free-text comments of submitted forms (no cooperative name: the commune is enough to act on)."""
    row = _round(uow, code)
    q = questionnaire_of(row)
    out = []
    for p, c, comments in repo.comments(uow.session, row.id, province):
        for item, text in comments.items():
            it = q.item(item)
            out.append({"province": p, "commune": c, "item": item, "question": it.text if it else "Ý kiến chung",
                        "text": text})
    return out


def set_contacts(uow: UnitOfWork, code: str, contacts: list[Contact], name: str, user: str,
                 province: str | None = None) -> int:
    """Record phone / e-mail / Zalo of frame cooperatives (the provincial alliance's contact list).

    All or nothing: a row naming a cooperative that is not in the round's frame (or, with
    ``province``, not in that province's part of it) is an error.
    """
    row = _round(uow, code)
    if row.status in ("draft", "published"):
        raise SurveyError(f"Vòng {code} {STATUS_LABELS[row.status].lower()}: chỉ nhập liên hệ khi vòng đã mở")
    ids = repo.frame_ids_by_code(uow.session, row.id, [c.code for c in contacts if c.code])
    frame = {f.organisation_id for f in repo.frame_rows(uow.session, row.id)
             if province is None or f.province_code == province}
    values: dict[int, dict[str, str | None]] = {}
    errors = []
    for c in contacts:
        org_id = c.id if c.id is not None else ids.get(c.code or "")
        if org_id is None or org_id not in frame:
            errors.append(CellError("Liên hệ", c.row, "Mã HTX" if c.id is None else "ID",
                                    f"HTX {c.code or c.id} không có trong danh sách khảo sát của vòng {code}"))
            continue
        values[org_id] = {"phone": c.phone, "email": c.email, "zalo": c.zalo}
    if errors:
        raise ImportErrors(name, errors)
    n = repo.set_contacts(uow.session, row.id, values)
    audit_repo.record(uow.session, user, "survey_contacts", "survey_round", code, None, {"updated": n}, count=n)
    uow.commit()
    return n


# --- synthetic responses --------------------------------------------------------------------

def synthesize(uow: UnitOfWork, code: str, seed: int = 1, rate: float = 0.7) -> int:
    """Fill an open round with synthetic submitted forms (about ``rate`` of the frame), marked ``synthetic``."""
    row = _round(uow, code)
    if row.status != "open":
        raise SurveyError(f"Vòng {code} phải đang mở để sinh phiếu giả lập")
    q = questionnaire_of(row)
    taken = repo.responding_orgs(uow.session, row.id)
    rows = []
    now = _now()
    for f in repo.frame_rows(uow.session, row.id):
        rng = random.Random(f"{seed}:{code}:{f.organisation_id}")
        if f.organisation_id in taken or rng.random() >= rate:
            continue
        mood = random.Random(f"{seed}:{code}:{f.province_code}").uniform(-0.8, 0.8)
        answers: dict[str, int | str] = {}
        for _, item in q.items:
            scale = q.scale_of(item)
            if scale.missing and rng.random() < 0.05:
                answers[item.code] = rng.choice(scale.missing).code
            elif item.required or rng.random() < 0.8:
                centre = (scale.low + scale.high) / 2 + mood
                answers[item.code] = max(scale.low, min(scale.high, round(rng.gauss(centre, 1.0))))
        status, _ = check_form(q, answers)
        rows.append({"round_id": row.id, "organisation_id": f.organisation_id, "province_code": f.province_code,
                     "commune_code": f.commune_code, "status": "submitted", "mode": "synthetic",
                     "answers": answers, "comments": {}, "validity": status, "version": 1,
                     "entered_by": "synthetic", "updated_at": now, "submitted_at": now})
    n = repo.bulk_responses(uow.session, rows)
    uow.commit()
    return n


def synthetic_round(uow: UnitOfWork, seed: int = 1, rate: float = 0.7) -> dict[str, Any]:
    """Load the example questionnaire as a round (if absent), open it and fill it with synthetic forms."""
    from htx.survey.loader import EXAMPLE, example, example_text

    code = example().round.code
    row = repo.get_round(uow.session, code)
    if row is None:
        load_round(uow, example_text(), EXAMPLE, "synthetic")
        row = _round(uow, code)
    if row.status == "draft":
        open_round(uow, code, "synthetic")
    n = synthesize(uow, code, seed, rate)
    return {"round": code, "responses": n}
