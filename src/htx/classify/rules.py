"""Rule sets (bộ quy tắc) as versioned data: one YAML file per rule set, validated on load.

Two kinds:

- ``scoring`` — a self-scoring sheet (bảng tự chấm điểm): groups → criteria → items with
  maximum points, optional scoring bands ("từ X đến dưới Y" → points), grade thresholds,
  exclusions and the year's deadlines (TT 01/2020/TT-BKHĐT, TT 09/2017/TT-BNNPTNT);
- ``size`` — size classes (quy mô) per sector: official members AND (revenue OR total capital)
  thresholds (NĐ 113/2024/NĐ-CP).

Whatever the legal texts leave UNCONFIRMED stays out of the shipped files: an item without
bands is scored by hand, capped at its maximum; a sector without thresholds says so.
A bad file raises :class:`RuleSetError` naming the file and the key, and nothing is loaded.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from htx.classify import GRADES, SIZES

ORG_KINDS = ("HTX", "LHHTX", "QTDND", "THT")
INPUTS = {"revenue": "Doanh thu năm", "profit": "Lợi nhuận năm", "members": "Số thành viên",
          "total_capital": "Tổng nguồn vốn"}
Points = Annotated[Decimal, Field(ge=0, le=1000, decimal_places=2)]
Code = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9_.-]+$")]


class RuleSetError(ValueError):
    """A rule-set file that cannot be used; the message (Vietnamese) names the file and the key."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Band(_Model):
    """``from`` ≤ value < ``to`` earns ``points`` (an open end is null)."""

    lower: Decimal | None = Field(default=None, alias="from")
    upper: Decimal | None = Field(default=None, alias="to")
    points: Points

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def holds(self, value: Decimal) -> bool:
        return (self.lower is None or value >= self.lower) and (self.upper is None or value < self.upper)

    @property
    def text(self) -> str:
        from htx.formatting import format_number

        lo = None if self.lower is None else format_number(self.lower)
        hi = None if self.upper is None else format_number(self.upper)
        if lo is None and hi is None:
            return "mọi giá trị"
        if lo is None:
            return f"dưới {hi}"
        if hi is None:
            return f"từ {lo} trở lên"
        return f"từ {lo} đến dưới {hi}"


class Bands(_Model):
    """Points proposed from a figure of the cooperative's self-report (``input``)."""

    input: Literal["revenue", "profit", "members", "total_capital"]
    unit: Literal["VND", "member"] = "VND"
    ranges: list[Band] = Field(min_length=1)

    @model_validator(mode="after")
    def _no_overlap(self) -> Bands:
        spans = sorted(self.ranges, key=lambda b: (b.lower is not None, b.lower or 0))
        for b in spans:
            if b.lower is not None and b.upper is not None and b.lower >= b.upper:
                raise ValueError(f"khoảng điểm 'từ {b.lower} đến dưới {b.upper}' bị ngược")
        for before, b in zip(spans, spans[1:], strict=False):
            end, start = before.upper, b.lower
            if end is None or start is None or start < end:
                raise ValueError(f"các khoảng điểm chồng lên nhau ({before.text} và {b.text})")
        return self

    def points_for(self, value: Decimal) -> Band | None:
        return next((b for b in self.ranges if b.holds(value)), None)


class Item(_Model):
    """A line of the sheet that gets points (a sub-item, or a criterion without sub-items)."""

    code: Code
    name: str = Field(min_length=1)
    max: Points
    bands: Bands | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _bands_within_max(self) -> Item:
        if self.bands:
            for b in self.bands.ranges:
                if b.points > self.max:
                    raise ValueError(f"mục {self.code}: khoảng '{b.text}' cho {b.points} điểm, quá tối đa {self.max}")
        return self


class Criterion(_Model):
    code: Code
    name: str = Field(min_length=1)
    max: Points
    items: list[Item] = Field(default_factory=list)
    note: str | None = None

    @property
    def lines(self) -> list[Item]:
        return self.items or [Item(code=self.code, name=self.name, max=self.max, note=self.note)]

    @model_validator(mode="after")
    def _sum(self) -> Criterion:
        if self.items and sum(i.max for i in self.items) != self.max:
            raise ValueError(f"tiêu chí {self.code}: tổng điểm tối đa các mục ({sum(i.max for i in self.items)}) "
                             f"khác tối đa của tiêu chí ({self.max})")
        return self


class Group(_Model):
    code: Code
    name: str = Field(min_length=1)
    max: Points
    criteria: list[Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _sum(self) -> Group:
        total = sum(c.max for c in self.criteria)
        if total != self.max:
            raise ValueError(f"nhóm {self.code}: tổng điểm tối đa các tiêu chí ({total}) khác tối đa của nhóm ({self.max})")
        return self


class Threshold(_Model):
    grade: Literal["good", "fair", "average", "weak"]
    at_least: Points


class Exclusion(_Model):
    """A reason not to grade (``unrated``: không xếp loại) or to force Yếu (``weak``)."""

    code: Literal["under_12_months", "stopped_over_3_months", "credit_fund", "sanction"]
    label: str = Field(min_length=1)
    effect: Literal["unrated", "weak"] = "unrated"


class Deadline(_Model):
    """A yearly deadline: day/month of the scored year (``year_offset`` 0) or the next (1)."""

    step: Literal["self_score", "compile", "province"]
    label: str
    day: int = Field(ge=1, le=31)
    month: int = Field(ge=1, le=12)
    year_offset: int = Field(default=0, ge=0, le=1)

    def on(self, year: int) -> date:
        return date(year + self.year_offset, self.month, self.day)


class AppliesTo(_Model):
    kinds: list[Literal["HTX", "LHHTX", "QTDND", "THT"]] = Field(min_length=1)
    sectors: list[str] | None = None  # None: every sector


class _RuleSetBase(_Model):
    code: Code
    version: int = Field(default=1, ge=1)
    title: str = Field(min_length=1)
    legal_ref: str = Field(min_length=1)
    sources: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    valid_from: date
    valid_to: date | None = None
    applies_to: AppliesTo

    @model_validator(mode="after")
    def _dates(self) -> _RuleSetBase:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"valid_to ({self.valid_to}) trước valid_from ({self.valid_from}): ngày hiệu lực bị ngược")
        return self

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def applies(self, kind: str, sector: str | None) -> bool:
        return kind in self.applies_to.kinds and (self.applies_to.sectors is None or sector in self.applies_to.sectors)


class ScoringRuleSet(_RuleSetBase):
    kind: Literal["scoring"]
    total: Points
    groups: list[Group] = Field(min_length=1)
    grades: list[Threshold] = Field(min_length=4, max_length=4)
    exclusions: list[Exclusion] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> ScoringRuleSet:
        if sum(g.max for g in self.groups) != self.total:
            raise ValueError(f"tổng điểm tối đa các nhóm ({sum(g.max for g in self.groups)}) khác total ({self.total})")
        codes = [i.code for i in self.items]
        dup = sorted({c for c in codes if codes.count(c) > 1})
        if dup:
            raise ValueError(f"mã mục trùng nhau: {', '.join(dup)}")
        if [t.grade for t in self.grades] != list(GRADES[:4]):
            raise ValueError("grades phải theo thứ tự good, fair, average, weak")
        limits = [t.at_least for t in self.grades]
        if any(a <= b for a, b in zip(limits, limits[1:], strict=False)) or limits[-1] != 0 or limits[0] > self.total:
            raise ValueError("ngưỡng xếp loại phải giảm dần, ngưỡng 'weak' bằng 0 và không vượt total")
        return self

    @property
    def items(self) -> list[Item]:
        return [i for g in self.groups for c in g.criteria for i in c.lines]

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items if i.code == code), None)


class SizeClass(_Model):
    """Official members ≥ ``members`` AND (revenue ≥ ``revenue`` OR total capital ≥ ``capital``), VND."""

    size: Literal["large", "medium", "small"]
    members: int = Field(ge=0)
    revenue: int = Field(ge=0)
    capital: int = Field(ge=0)


class SizeSector(_Model):
    name: str
    registry_sectors: list[str] = Field(min_length=1)
    classes: list[SizeClass] = Field(default_factory=list)
    complete: bool = False  # True: every class is listed and whatever meets none is siêu nhỏ
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> SizeSector:
        order = [SIZES.index(c.size) for c in self.classes]
        if order != sorted(set(order)):
            raise ValueError("các quy mô phải theo thứ tự large, medium, small, mỗi quy mô một lần")
        for big, small in zip(self.classes, self.classes[1:], strict=False):
            if big.members < small.members or big.revenue < small.revenue or big.capital < small.capital:
                raise ValueError(f"ngưỡng của quy mô {big.size} thấp hơn ngưỡng của {small.size}")
        if self.complete and [c.size for c in self.classes] != list(SIZES[:3]):
            raise ValueError("complete: true cần đủ ngưỡng large, medium, small")
        return self


class SizeRuleSet(_RuleSetBase):
    kind: Literal["size"]
    sectors: dict[str, SizeSector] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_home(self) -> SizeRuleSet:
        seen: dict[str, str] = {}
        for code, s in self.sectors.items():
            for r in s.registry_sectors:
                if r in seen:
                    raise ValueError(f"ngành '{r}' thuộc cả lĩnh vực {seen[r]} và {code}")
                seen[r] = code
        return self

    def sector_of(self, registry_sector: str | None) -> tuple[str, SizeSector] | None:
        return next(((k, s) for k, s in self.sectors.items() if registry_sector in s.registry_sectors), None)


RuleSet = ScoringRuleSet | SizeRuleSet


def _where(loc: tuple[int | str, ...], data: Any) -> str:
    """``('groups', 0, 'criteria', 1, 'max')`` → ``groups[I].criteria[2].max`` (codes where the data has them)."""
    out, node = "", data
    for part in loc:
        if isinstance(part, int):
            code = node[part].get("code") if isinstance(node, list) and part < len(node) and isinstance(node[part], dict) else None
            out += f"[{code}]" if code else f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(gốc)"


_MESSAGES = {"missing": "thiếu khóa bắt buộc", "extra_forbidden": "khóa không được phép",
             "literal_error": "giá trị không hợp lệ", "date_from_datetime_parsing": "ngày không hợp lệ",
             "date_parsing": "ngày không hợp lệ (dạng YYYY-MM-DD)"}


def parse(data: Any, name: str) -> RuleSet:
    """Validate the content of a rule-set file called ``name``; :class:`RuleSetError` if anything is wrong."""
    if not isinstance(data, dict):
        raise RuleSetError(f"Tệp {name}: nội dung phải là một bảng khóa: giá trị (YAML)")
    kind = data.get("kind")
    model: type[ScoringRuleSet] | type[SizeRuleSet]
    if kind == "scoring":
        model = ScoringRuleSet
    elif kind == "size":
        model = SizeRuleSet
    else:
        raise RuleSetError(f"Tệp {name}, khóa kind: phải là 'scoring' hoặc 'size' (đang là {kind!r})")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = []
        for e in exc.errors():
            loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            msg = _MESSAGES.get(e["type"], e["msg"].removeprefix("Value error, "))
            lines.append(f"khóa {_where(loc, data)}: {msg}")
        raise RuleSetError(f"Tệp {name}: " + "; ".join(lines)) from None


def load_text(text: str, name: str) -> tuple[RuleSet, str]:
    """Parse YAML text of a rule set: (the rule set, sha256 of the text)."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" dòng {mark.line + 1}" if mark is not None else ""
        raise RuleSetError(f"Tệp {name}{where}: không đọc được YAML ({getattr(exc, 'problem', exc)})") from None
    return parse(data, name), hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_file(path: Path) -> tuple[RuleSet, str]:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleSetError(f"Tệp {path.name}: không đọc được ({exc})") from None
    return load_text(text, path.name)


@cache
def shipped() -> tuple[RuleSet, ...]:
    """The rule sets that ship in ``data/`` (validated once)."""
    folder = resources.files("htx.classify").joinpath("data")
    out = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            out.append(load_text(entry.read_text("utf-8"), entry.name)[0])
    return tuple(out)


def dump(rule_set: RuleSet) -> dict[str, Any]:
    """The rule set as plain JSON-able data (what the database keeps)."""
    return rule_set.model_dump(mode="json", by_alias=True)


def from_stored(body: dict[str, Any]) -> RuleSet:
    return parse(body, f"{body.get('code')} v{body.get('version')}")


def scoring_for(rule_sets: list[ScoringRuleSet], kind: str, sector: str | None, year: int) -> list[ScoringRuleSet]:
    """Scoring rule sets that apply to an organisation for ``year`` (valid on 31/12), the sector-specific first."""
    day = date(year, 12, 31)
    found = [r for r in rule_sets if r.valid_on(day) and r.applies(kind, sector)]
    return sorted(found, key=lambda r: (r.applies_to.sectors is None, r.code))
