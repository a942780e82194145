"""The organisation form (biểu mẫu tổ chức): server-side validation with Vietnamese messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from htx.access import Principal
from htx.geo import gazetteer
from htx.registry.lifecycle import KINDS
from htx.stats.vocabulary import vocabulary
from htx.tabular import parse_number, to_date

TEXT_FIELDS = ("name", "code", "tax_code")
INT_FIELDS = ("charter_capital", "members", "workers")
STATUSES = tuple(vocabulary().dims["status"])  # active, suspended, stopped, dissolved


@dataclass
class OrgForm:
    """Cleaned values and errors (field → message) of a submitted form."""

    raw: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_int(text: str) -> int:
    """``1.970.382`` or ``1970382`` → 1970382; raises ValueError with a Vietnamese message."""
    try:
        d = parse_number(text)
    except ValueError:
        raise ValueError("phải là một số, ví dụ 1.500.000") from None
    if d != d.to_integral_value() or d < 0:
        raise ValueError("phải là số nguyên không âm")
    return int(d)


def parse_date(text: str) -> date:
    """``dd/mm/yyyy`` or ``yyyy-mm-dd`` (``htx.tabular.to_date``); ValueError with the form's message."""
    try:
        return to_date(text)
    except ValueError:
        raise ValueError("ngày không hợp lệ (dd/mm/yyyy)") from None


def validate(raw: dict[str, str], user: Principal, creating: bool, today: date | None = None) -> OrgForm:  # noqa: C901 — replaced by the shared pydantic validator (issue 13 item 3)
    today = today or date.today()
    form = OrgForm({k: (v or "").strip() for k, v in raw.items()})
    r, v, e = form.raw, form.values, form.errors
    if not r.get("name"):
        e["name"] = "Tên tổ chức là bắt buộc"
    elif len(r["name"]) > 255:
        e["name"] = "Tên quá dài (tối đa 255 ký tự)"
    else:
        v["name"] = " ".join(r["name"].split())
    for f in ("code", "tax_code"):
        if r.get(f):
            if len(r[f]) > 20:
                e[f] = "Tối đa 20 ký tự"
            else:
                v[f] = r[f]
        else:
            v[f] = None
    if r.get("kind") not in KINDS:
        e["kind"] = "Chọn loại hình: HTX, THT, LHHTX hoặc QTDND"
    else:
        v["kind"] = r["kind"]
    if r.get("sector") not in vocabulary().dims["sector"]:
        e["sector"] = "Chọn lĩnh vực"
    else:
        v["sector"] = r["sector"]
    commune = r.get("commune_code", "")
    unit = gazetteer().get("new", "commune", commune.zfill(5)) if commune.isdigit() else None
    if unit is None:
        e["commune_code"] = "Mã xã không có trong danh mục địa giới mới"
    elif user.role == "province" and unit.province_code != user.province_code:
        e["commune_code"] = "Xã này không thuộc tỉnh của bạn"
    elif user.role == "commune" and unit.code != user.commune_code:
        e["commune_code"] = "Bạn chỉ được nhập tổ chức của xã mình"
    else:
        v["commune_code"] = unit.code
    for f in INT_FIELDS:
        if r.get(f):
            try:
                v[f] = parse_int(r[f])
            except ValueError as exc:
                e[f] = f"Giá trị {exc}"
        else:
            v[f] = None
    if creating:
        if not r.get("founded_on"):
            e["founded_on"] = "Ngày thành lập là bắt buộc"
        else:
            try:
                v["founded_on"] = parse_date(r["founded_on"])
                if v["founded_on"] > today:
                    e["founded_on"] = "Ngày thành lập không được sau hôm nay"
            except ValueError as exc:
                e["founded_on"] = f"Ngày thành lập {exc}"
        status = r.get("status") or "active"
        if status not in STATUSES:
            e["status"] = "Trạng thái không hợp lệ"
        v["status"] = status
        if status != "active":
            if not r.get("status_on"):
                e["status_on"] = "Cần ngày chuyển trạng thái"
            else:
                try:
                    v["status_on"] = parse_date(r["status_on"])
                    if "founded_on" in v and v["status_on"] < v["founded_on"]:
                        e["status_on"] = "Ngày chuyển trạng thái phải sau ngày thành lập"
                    elif v["status_on"] > today:
                        e["status_on"] = "Ngày không được sau hôm nay"
                except ValueError as exc:
                    e["status_on"] = f"Ngày {exc}"
    return form


def org_dict(org: Any) -> dict[str, Any]:
    """The editable fields of an organisation, for the audit log and the API."""
    return {f: getattr(org, f) for f in ("kind", "name", "code", "tax_code", "sector", "province_code",
                                         "commune_code", "founded_on", "charter_capital", "members", "workers")}
