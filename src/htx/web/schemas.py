"""JSON shapes of the API (pydantic): what ``/openapi.json`` documents."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field


def clean_text(value: str) -> str:
    """Reject text a database cannot store (NUL characters, lone surrogates)."""
    if "\x00" in value:
        raise ValueError("text must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text must be valid UTF-8") from None
    return value


Text = Annotated[str, AfterValidator(clean_text)]
Kind = Literal["HTX", "THT", "LHHTX", "QTDND"]
Status = Literal["active", "suspended", "stopped", "dissolved"]


class UserOut(BaseModel):
    username: str
    full_name: str
    role: str
    role_label: str
    province_code: str | None
    commune_code: str | None
    organisation_id: int | None


class OrgOut(BaseModel):
    id: int
    kind: str
    name: str
    code: str | None
    tax_code: str | None
    sector: str
    status: str | None
    province_code: str
    commune_code: str | None
    old_province_code: str | None
    old_commune_code: str | None
    founded_on: date | None
    charter_capital: int | None
    members: int | None
    workers: int | None
    origin: str


class OrgPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[OrgOut]


class EventOut(BaseModel):
    kind: str
    on: date


class YearOut(BaseModel):
    year: int
    classification: str | None
    revenue: int | None
    profit: int | None


class OrgDetail(OrgOut):
    events: list[EventOut]
    years: list[YearOut]


class OrgIn(BaseModel):
    kind: Kind
    name: Annotated[Text, Field(min_length=1, max_length=255)]
    sector: Annotated[Text, Field(max_length=20)]
    commune_code: Annotated[Text, Field(max_length=10, description="New-era commune code (5 digits).")]
    founded_on: date
    code: Annotated[Text, Field(max_length=20)] | None = None
    tax_code: Annotated[Text, Field(max_length=20)] | None = None
    status: Status = "active"
    status_on: date | None = None
    charter_capital: Annotated[int, Field(ge=0, le=10**15)] | None = None
    members: Annotated[int, Field(ge=0, le=10**9)] | None = None
    workers: Annotated[int, Field(ge=0, le=10**9)] | None = None


class OrgPatch(BaseModel):
    kind: Kind | None = None
    name: Annotated[Text, Field(min_length=1, max_length=255)] | None = None
    sector: Annotated[Text, Field(max_length=20)] | None = None
    commune_code: Annotated[Text, Field(max_length=10)] | None = None
    code: Annotated[Text, Field(max_length=20)] | None = None
    tax_code: Annotated[Text, Field(max_length=20)] | None = None
    charter_capital: Annotated[int, Field(ge=0, le=10**15)] | None = None
    members: Annotated[int, Field(ge=0, le=10**9)] | None = None
    workers: Annotated[int, Field(ge=0, le=10**9)] | None = None
    effective_on: date | None = Field(None, description="the day the changed capital, members, workers hold from "
                                                        "(default today); earlier periods keep their values")


class PlaceOut(BaseModel):
    place: str
    era: str
    level: str
    code: str
    name: str
    province_code: str


class FactOut(BaseModel):
    id: int | None = None
    indicator: str
    label: str
    dims: dict[str, str]
    unit: str
    value: float | int
    value_text: str
    kind: str
    as_of: date | None
    period: str | None
    place: str | None
    source: str | None
    approximate: bool = False
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    review: str | None = None
    reviewed_by: str | None = None
    published: bool | None = None


class FiguresOut(BaseModel):
    place: str
    place_name: str
    period: str
    period_label: str
    facts: list[FactOut]


class FindingOut(BaseModel):
    id: int
    document_id: int | None
    place: str | None
    period: str | None
    rule: str
    message: str
    status: str
    details: dict[str, Any]


class DocumentOut(BaseModel):
    id: int
    filename: str
    kind: str | None
    number: str | None
    subject: str | None
    province: str | None
    period: str | None
    place: str | None
    uploaded_by: str | None
    proposed: int
    accepted: int


class DocumentDetail(BaseModel):
    document: DocumentOut
    text: str
    facts: list[FactOut]
    findings: list[FindingOut]


class ReviewIn(BaseModel):
    decision: Literal["accepted", "rejected", "corrected"]
    value: Annotated[float, Field(ge=0, le=1e15)] | None = None


class AuditOut(BaseModel):
    id: int
    at: datetime
    username: str | None
    action: str
    entity: str
    entity_id: str | None
    old: dict[str, Any] | None
    new: dict[str, Any] | None


class PublicFigure(BaseModel):
    province_code: str
    province: str
    indicator: str
    label: str
    value: float | int
    value_text: str
    as_of: date | None
    period: str | None


class HeadlineOut(BaseModel):
    """A headline figure with its two comparisons (kỳ trước, cùng kỳ năm trước)."""

    label: str
    unit: str
    value: float | int | None
    value_text: str
    previous: float | int | None
    last_year: float | int | None
    vs_previous: float | None = Field(description="percent change against the previous period")
    vs_previous_text: str
    vs_last_year: float | None = Field(description="percent change against the same period last year")
    vs_last_year_text: str
    vs_previous_missing: str | None = Field(None, description="why there is no comparison with the previous period")
    vs_last_year_missing: str | None = Field(None, description="why there is no comparison with last year")
    partial: str | None = Field(None, description="the old provinces a figure summed from them lacks")
    source: str
    approximate: bool


class StatusRowOut(BaseModel):
    label: str
    total: int | None
    by_status: dict[str, int | None]


class AttainmentOut(BaseModel):
    indicator: str
    label: str
    dims: dict[str, str]
    unit: str
    actual: float | int | None
    plan: float | int | None
    percent: float | None
    percent_text: str


class SeriesOut(BaseModel):
    label: str
    values: list[float | int | None]


class DashboardOut(BaseModel):
    """What the dashboard page shows, as data: headlines, organisations by status, plan attainment, a series."""

    place: str
    place_name: str
    period: str
    period_label: str
    headlines: list[HeadlineOut]
    statuses: list[StatusRowOut]
    attainment: list[AttainmentOut]
    series_periods: list[str]
    series: list[SeriesOut]
