"""The questionnaire of a survey round (bảng hỏi) as validated data: scales, dimensions, items, weights.

Validated at load by pydantic (:mod:`htx.survey.loader` turns the errors into Vietnamese
messages naming the file and key). Weights are decimals that must add up to exactly 1.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

CODE = r"^[A-Za-z0-9_.-]{1,20}$"


class SurveyError(ValueError):
    """A survey rule was broken; the message is Vietnamese and names the file, key or form field."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Point(Strict):
    """One answer on the scale (mức trả lời): its value and its Vietnamese label."""

    value: int
    label: str = Field(min_length=1)


class MissingOption(Strict):
    """An answer that is not a score (không biết / không áp dụng): counted as missing, never as zero."""

    code: str = Field(pattern=r"^[A-Za-z_]{1,10}$")
    label: str = Field(min_length=1)


class Scale(Strict):
    """An answer scale (thang đo), e.g. 1–5 from "rất không hài lòng" to "rất hài lòng"."""

    points: list[Point] = Field(min_length=2)
    missing: list[MissingOption] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consecutive(self) -> Scale:
        values = [p.value for p in self.points]
        if values != list(range(values[0], values[0] + len(values))):
            raise ValueError("các mức phải là số nguyên liên tiếp tăng dần (ví dụ 1, 2, 3, 4, 5)")
        codes = [m.code for m in self.missing]
        if len(set(codes)) != len(codes):
            raise ValueError("mã câu trả lời thiếu (không biết, không áp dụng) bị trùng")
        return self

    @property
    def low(self) -> int:
        return self.points[0].value

    @property
    def high(self) -> int:
        return self.points[-1].value

    def label_of(self, answer: int | str) -> str:
        for p in self.points:
            if p.value == answer:
                return p.label
        for m in self.missing:
            if m.code == answer:
                return m.label
        return str(answer)


class Item(Strict):
    """A question (câu hỏi): its code, text, scale, whether it is required and whether it takes a comment."""

    code: str = Field(pattern=CODE)
    text: str = Field(min_length=1)
    scale: str
    required: bool = True
    comment: bool = False


class Dimension(Strict):
    """A dimension (lĩnh vực đánh giá) grouping items; its weight in the index."""

    code: str = Field(pattern=CODE)
    title: str = Field(min_length=1)
    weight: Decimal = Field(gt=0, le=1)
    items: list[Item] = Field(min_length=1)

    @field_validator("weight", mode="before")
    @classmethod
    def _exact(cls, v: Any) -> Any:
        return Decimal(str(v)) if isinstance(v, float) else v


class RoundInfo(Strict):
    """The round (vòng khảo sát): year surveyed, title and the dates it is open."""

    code: str = Field(pattern=CODE)
    year: int = Field(ge=2000, le=2100)
    title: str = Field(min_length=1)
    opens: dt.date
    closes: dt.date

    @model_validator(mode="after")
    def _dates(self) -> RoundInfo:
        if self.closes < self.opens:
            raise ValueError("ngày đóng (closes) phải sau ngày mở (opens)")
        return self


class Scoring(Strict):
    """Scoring settings of the round: the minimum valid forms per province and the 'satisfied' answers."""

    min_responses: int = Field(ge=1)
    satisfied: list[int] = Field(min_length=1)


class Frame(Strict):
    """Sampling frame (danh sách khảo sát): which registry kinds, and whether only alliance members."""

    kinds: list[str] = Field(default_factory=lambda: ["HTX"], min_length=1)
    members_only: bool = True


class Questionnaire(Strict):
    """A round's whole definition: round, scoring, frame, scales and dimensions."""

    example: bool = False
    round: RoundInfo
    scoring: Scoring
    frame: Frame = Field(default_factory=Frame)
    scales: dict[str, Scale] = Field(min_length=1)
    dimensions: list[Dimension] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Questionnaire:
        dims = [d.code for d in self.dimensions]
        if len(set(dims)) != len(dims):
            dup = next(c for c in dims if dims.count(c) > 1)
            raise ValueError(f"mã lĩnh vực {dup!r} bị trùng")
        seen: set[str] = set()
        for i, d in enumerate(self.dimensions):
            for j, item in enumerate(d.items):
                where = f"dimensions[{i}].items[{j}]"
                if item.code in seen:
                    raise ValueError(f"{where}.code: mã câu hỏi {item.code!r} bị trùng")
                seen.add(item.code)
                if item.scale not in self.scales:
                    raise ValueError(f"{where}.scale: không có thang đo {item.scale!r} trong scales")
        total = sum((d.weight for d in self.dimensions), Decimal(0))
        if total != 1:
            raise ValueError(f"tổng trọng số các lĩnh vực phải bằng 1, hiện là {total}")
        for name, s in self.scales.items():
            bad = [v for v in self.scoring.satisfied if not s.low <= v <= s.high]
            if bad:
                raise ValueError(f"scoring.satisfied: mức {bad} không có trên thang đo {name!r}")
        return self

    @property
    def items(self) -> list[tuple[Dimension, Item]]:
        return [(d, i) for d in self.dimensions for i in d.items]

    def item(self, code: str) -> Item | None:
        return next((i for _, i in self.items if i.code == code), None)

    def scale_of(self, item: Item) -> Scale:
        return self.scales[item.scale]

    def shape(self) -> tuple[tuple[str, str], ...]:
        """Dimension codes and weights: two rounds are comparable only when these agree."""
        return tuple((d.code, str(d.weight)) for d in self.dimensions)
