"""A questionnaire as an Excel workbook (bảng hỏi dạng XLSX): reading it, and writing one as a template.

Four sheets, headers in the first row:

* ``Vòng`` — ``Khóa`` | ``Giá trị``: code, year, title, opens, closes, min_responses, satisfied
  (``4, 5``), kinds (``HTX``), members_only (có/không), example (có/không);
* ``Thang đo`` — ``Thang đo`` | ``Giá trị`` | ``Nhãn``: a whole-number value is a point of the scale,
  a text code (``KB``) a "missing" answer;
* ``Lĩnh vực`` — ``Mã`` | ``Tên`` | ``Trọng số``;
* ``Câu hỏi`` — ``Lĩnh vực`` | ``Mã`` | ``Nội dung`` | ``Thang đo`` | ``Bắt buộc`` | ``Ý kiến``.

The sheets become the same structure as the YAML file and go through the same validation;
errors name the file, the sheet and the row.
"""

from __future__ import annotations

import io
import re
from typing import Any

from pydantic import ValidationError

from htx.survey.loader import format_errors
from htx.survey.model import Questionnaire, SurveyError

SHEETS = ("Vòng", "Thang đo", "Lĩnh vực", "Câu hỏi")
YES = {"có", "co", "x", "true", "1", "yes"}
NO = {"không", "khong", "", "false", "0", "no"}
HEADERS = {"Vòng": ["Khóa", "Giá trị"], "Thang đo": ["Thang đo", "Giá trị", "Nhãn"],
           "Lĩnh vực": ["Mã", "Tên", "Trọng số"],
           "Câu hỏi": ["Lĩnh vực", "Mã", "Nội dung", "Thang đo", "Bắt buộc", "Ý kiến"]}


def _text(v: Any) -> str:
    return "" if v is None else str(v).strip()


def _flag(v: Any, where: str) -> bool:
    t = _text(v).lower()
    if t in YES:
        return True
    if t in NO:
        return False
    raise SurveyError(f"{where}: ghi “có” hoặc “không”, không phải {v!r}")


def _rows(wb: Any, name: str, sheet: str) -> list[tuple[int, list[Any]]]:
    if sheet not in wb.sheetnames:
        raise SurveyError(f"{name}: thiếu sheet '{sheet}' (cần: {', '.join(SHEETS)})")
    rows = [(i + 1, list(r)) for i, r in enumerate(wb[sheet].iter_rows(values_only=True))]
    return [(n, r + [None] * 6) for n, r in rows[1:] if any(c not in (None, "") for c in r)]


def _number(v: Any) -> Any:
    """Excel gives 4.0 for 4 and 0.25 as a float: whole numbers become int, other floats exact text."""
    if isinstance(v, float):
        return int(v) if v.is_integer() else repr(v)
    return v


def _round(wb: Any, name: str, places: dict[str, str]) -> dict[str, Any]:
    info: dict[str, Any] = {}
    for n, (key, value, *_) in _rows(wb, name, "Vòng"):
        info[_text(key)] = (n, value)
        places[f"round.{_text(key)}"] = places[f"scoring.{_text(key)}"] = places[f"frame.{_text(key)}"] = f"sheet 'Vòng', dòng {n}"

    def get(key: str, default: Any = None) -> Any:
        return _number(info[key][1]) if key in info else default

    def listed(key: str, default: str) -> list[str]:
        return [p.strip() for p in re.split(r"[,;]", _text(get(key, default))) if p.strip()]

    out: dict[str, Any] = {
        "example": _flag(get("example", "không"), f"{name}: sheet 'Vòng', khóa example"),
        "round": {k: get(k) for k in ("code", "year", "title", "opens", "closes") if k in info},
        "scoring": {"min_responses": get("min_responses"),
                    "satisfied": [int(x) if x.isdigit() else x for x in listed("satisfied", "")]},
        "frame": {"kinds": listed("kinds", "HTX"),
                  "members_only": _flag(get("members_only", "có"), f"{name}: sheet 'Vòng', khóa members_only")},
    }
    if isinstance(out["round"].get("code"), int):
        out["round"]["code"] = str(out["round"]["code"])
    for k in ("opens", "closes"):
        if hasattr(out["round"].get(k), "date"):
            out["round"][k] = out["round"][k].date()
    return out


def _sheets_to_dict(wb: Any, name: str, places: dict[str, str]) -> dict[str, Any]:
    data = _round(wb, name, places)
    scales: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for n, (scale, value, label, *_) in _rows(wb, name, "Thang đo"):
        s = scales.setdefault(_text(scale), {"points": [], "missing": []})
        value = _number(value)
        part = "points" if isinstance(value, int) else "missing"
        entry = {"value": value} if part == "points" else {"code": _text(value)}
        if _text(label):
            entry["label"] = _text(label)
        places[f"scales.{_text(scale)}.{part}[{len(s[part])}]"] = f"sheet 'Thang đo', dòng {n}"
        s[part].append(entry)
    data["scales"] = scales
    dims: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for n, (code, title, weight, *_) in _rows(wb, name, "Lĩnh vực"):
        places[f"dimensions[{len(dims)}]"] = f"sheet 'Lĩnh vực', dòng {n}"
        index[_text(code)] = len(dims)
        dim: dict[str, Any] = {"code": _text(code), "title": _text(title), "items": []}
        if _text(weight):
            dim["weight"] = _number(weight)
        dims.append(dim)
    for n, (dim_code, code, text, scale, required, comment, *_) in _rows(wb, name, "Câu hỏi"):
        where = f"sheet 'Câu hỏi', dòng {n}"
        if _text(dim_code) not in index:
            raise SurveyError(f"{name}: {where}: không có lĩnh vực {_text(dim_code)!r} trong sheet 'Lĩnh vực'")
        i = index[_text(dim_code)]
        places[f"dimensions[{i}].items[{len(dims[i]['items'])}]"] = where
        dims[i]["items"].append({"code": _text(code), "text": _text(text), "scale": _text(scale),
                                 "required": _flag(required if required is not None else "có", f"{name}: {where}, cột Bắt buộc"),
                                 "comment": _flag(comment, f"{name}: {where}, cột Ý kiến")})
    data["dimensions"] = dims
    return data


def _where(key: str, places: dict[str, str]) -> str:
    """The sheet and row of a validation key: the longest recorded prefix of ``key``."""
    best = max((p for p in places if key == p or key.startswith(p + ".") or key.startswith(p + "[")),
               key=len, default=None)
    return f"{places[best]} ({key})" if best else key


def parse_workbook(data: bytes, name: str) -> Questionnaire:
    """Validate an XLSX questionnaire; :class:`SurveyError` names the file, sheet and row."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise SurveyError(f"{name}: không đọc được tệp Excel ({type(exc).__name__})") from None
    places: dict[str, str] = {}
    try:
        raw = _sheets_to_dict(wb, name, places)
    finally:
        wb.close()
    try:
        return Questionnaire.model_validate(raw)
    except ValidationError as exc:
        raise SurveyError(format_errors(exc, name, lambda key: _where(key, places))) from None


def to_workbook(q: Questionnaire) -> bytes:
    """The questionnaire as the four-sheet workbook (a template administrators can edit)."""
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    sheets = {title: wb.create_sheet(title) for title in SHEETS}
    for title, header in HEADERS.items():
        sheets[title].append(header)
    r, s = q.round, q.scoring
    for key, value in (("code", r.code), ("year", r.year), ("title", r.title), ("opens", r.opens),
                       ("closes", r.closes), ("min_responses", s.min_responses),
                       ("satisfied", ", ".join(map(str, s.satisfied))), ("kinds", ", ".join(q.frame.kinds)),
                       ("members_only", "có" if q.frame.members_only else "không"),
                       ("example", "có" if q.example else "không")):
        sheets["Vòng"].append([key, value])
    for scale_name, scale in q.scales.items():
        for p in scale.points:
            sheets["Thang đo"].append([scale_name, p.value, p.label])
        for m in scale.missing:
            sheets["Thang đo"].append([scale_name, m.code, m.label])
    for d in q.dimensions:
        sheets["Lĩnh vực"].append([d.code, d.title, str(d.weight)])
        for i in d.items:
            sheets["Câu hỏi"].append([d.code, i.code, i.text, i.scale, "có" if i.required else "không",
                                      "có" if i.comment else "không"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
