"""The organisation form (biểu mẫu tổ chức): server-side validation with Vietnamese messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from htx.access import Principal
from htx.geo import gazetteer
from htx.registry.lifecycle import KINDS
from htx.registry.rules import future_error, members_error, tax_code_error
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


def _error(message: str) -> PydanticCustomError:
    return PydanticCustomError("htx", message)


def _optional_text(v: Any) -> str | None:
    text = str(v or "").strip()
    if len(text) > 20:
        raise _error("Tối đa 20 ký tự")
    return text or None


def _optional_whole(v: Any) -> int | None:
    text = str(v or "").strip()
    if not text:
        return None
    try:
        return parse_int(text)
    except ValueError as exc:
        raise _error(f"Giá trị {exc}") from None


def _required_date(label: str) -> Any:
    def check(v: Any) -> date | None:
        text = str(v or "").strip()
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError as exc:
            raise _error(f"{label} {exc}") from None
    return check


class OrganisationFields(BaseModel):
    """The fields of an organisation typed in the web form or sent to the API, each checked on its own.

    One validator for both (``validate`` below); Vietnamese messages per field. Set field by
    field (``validate_assignment``), so every wrong field is reported at once and the right
    ones keep their cleaned value.
    """

    model_config = ConfigDict(validate_assignment=True)

    name: Annotated[str, BeforeValidator(lambda v: " ".join(str(v or "").split()))] = ""
    code: Annotated[str | None, BeforeValidator(_optional_text)] = None
    tax_code: Annotated[str | None, BeforeValidator(_optional_text)] = None
    kind: str = ""
    sector: str = ""
    commune_code: str = ""
    charter_capital: Annotated[int | None, BeforeValidator(_optional_whole)] = None
    members: Annotated[int | None, BeforeValidator(_optional_whole)] = None
    workers: Annotated[int | None, BeforeValidator(_optional_whole)] = None
    founded_on: Annotated[date | None, BeforeValidator(_required_date("Ngày thành lập"))] = None
    status: str = "active"
    status_on: Annotated[date | None, BeforeValidator(_required_date("Ngày"))] = None
    effective_on: Annotated[date | None, BeforeValidator(_required_date("Ngày hiệu lực"))] = None

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not v:
            raise _error("Tên tổ chức là bắt buộc")
        if len(v) > 255:
            raise _error("Tên quá dài (tối đa 255 ký tự)")
        return v

    @field_validator("tax_code")
    @classmethod
    def _tax_code(cls, v: str | None) -> str | None:
        message = tax_code_error(v)
        if message:
            raise _error(message)
        return v

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        if v not in KINDS:
            raise _error("Chọn loại hình: HTX, THT, LHHTX hoặc QTDND")
        return v

    @field_validator("sector")
    @classmethod
    def _sector(cls, v: str) -> str:
        if v not in vocabulary().dims["sector"]:
            raise _error("Chọn lĩnh vực")
        return v

    @field_validator("commune_code")
    @classmethod
    def _commune(cls, v: str) -> str:
        unit = gazetteer().get("new", "commune", v.zfill(5)) if v.isdigit() else None
        if unit is None:
            raise _error("Mã xã không có trong danh mục địa giới mới")
        return unit.code

    @field_validator("status")
    @classmethod
    def _status(cls, v: str) -> str:
        if (v or "active") not in STATUSES:
            raise _error("Trạng thái không hợp lệ")
        return v or "active"


EDIT_FIELDS = ("name", "code", "tax_code", "kind", "sector", "commune_code", "charter_capital", "members", "workers",
               "effective_on")
CREATE_FIELDS = (*EDIT_FIELDS[:-1], "founded_on", "status", "status_on")


def validate(raw: dict[str, str], user: Principal, creating: bool, today: date | None = None) -> OrgForm:
    """Check a submitted organisation (web form or API) for ``user``: cleaned values and field errors."""
    today = today or date.today()
    form = OrgForm({k: (v or "").strip() for k, v in raw.items()})
    model = OrganisationFields.model_construct()
    for name in CREATE_FIELDS if creating else EDIT_FIELDS:
        try:
            setattr(model, name, form.raw.get(name, ""))
            form.values[name] = getattr(model, name)
        except ValidationError as exc:
            form.errors[name] = exc.errors()[0]["msg"]
    _check_members(form)
    _check_scope(form, user)
    if creating:
        _check_dates(form, today)
    else:
        _check_effective(form, today)
    return form


def _check_members(form: OrgForm) -> None:
    """The legal minimum of members of the kind chosen (``registry.rules``)."""
    if "members" in form.errors or "kind" in form.errors:
        return
    message = members_error(form.values.get("kind"), form.values.get("members"))
    if message:
        form.errors["members"] = message


def _check_scope(form: OrgForm, user: Principal) -> None:
    """An officer enters organisations of their own province or commune only."""
    commune = form.values.get("commune_code")
    unit = gazetteer().get("new", "commune", commune) if commune else None
    if unit is None:
        return
    if user.role == "province" and unit.province_code != user.province_code:
        form.errors["commune_code"] = "Xã này không thuộc tỉnh của bạn"
    elif user.role == "commune" and unit.code != user.commune_code:
        form.errors["commune_code"] = "Bạn chỉ được nhập tổ chức của xã mình"
    if "commune_code" in form.errors:
        form.values.pop("commune_code", None)


def _check_effective(form: OrgForm, today: date) -> None:
    """The day an edit's figures hold from (ngày hiệu lực): today when not given, never later."""
    if "effective_on" in form.errors:
        return
    day = form.values.get("effective_on") or today
    form.values["effective_on"] = day
    ahead = future_error("Ngày hiệu lực", day, today)
    if ahead:
        form.errors["effective_on"] = ahead


def _check_dates(form: OrgForm, today: date) -> None:
    v, e = form.values, form.errors
    founded, status, status_on = v.get("founded_on"), v.get("status", "active"), v.get("status_on")
    if founded is None and "founded_on" not in e:
        e["founded_on"] = "Ngày thành lập là bắt buộc"
    elif founded is not None and founded > today:
        e["founded_on"] = "Ngày thành lập không được sau hôm nay"
    if status == "active" or "status_on" in e:
        return
    if status_on is None:
        e["status_on"] = "Cần ngày chuyển trạng thái"
    elif founded is not None and status_on < founded:
        e["status_on"] = "Ngày chuyển trạng thái phải sau ngày thành lập"
    elif status_on > today:
        e["status_on"] = "Ngày không được sau hôm nay"


def org_dict(org: Any) -> dict[str, Any]:
    """The editable fields of an organisation, for the audit log and the API."""
    return {f: getattr(org, f) for f in ("kind", "name", "code", "tax_code", "sector", "province_code",
                                         "commune_code", "founded_on", "charter_capital", "members", "workers")}
