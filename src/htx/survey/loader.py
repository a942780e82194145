"""Reading a questionnaire file (tệp bảng hỏi, YAML) into a validated :class:`Questionnaire`.

All or nothing: any problem raises :class:`SurveyError` whose Vietnamese message names the file
and the key (``dimensions[1].items[0].code``); nothing is returned half-checked. YAML keys
repeated in one mapping are refused too (PyYAML would silently keep the last one).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from htx.survey.model import Questionnaire, SurveyError

EXAMPLE = "vi-du-chi-so-hai-long.yaml"

# pydantic error types → Vietnamese (the rest fall back to pydantic's English text).
MESSAGES = {
    "missing": "thiếu khóa bắt buộc",
    "extra_forbidden": "khóa không được phép (gõ sai tên?)",
    "string_too_short": "không được để trống",
    "too_short": "phải có ít nhất {min_length} phần tử",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "decimal_parsing": "phải là số thập phân, ví dụ 0.2",
    "greater_than": "phải lớn hơn {gt}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "string_pattern_mismatch": "mã chỉ gồm chữ, số, dấu gạch (tối đa 20 ký tự)",
    "dict_type": "phải là một bảng khóa: giá trị",
    "list_type": "phải là một danh sách",
    "model_type": "phải là một bảng khóa: giá trị",
    "string_type": "phải là chuỗi chữ",
}


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key repeated in one mapping."""


def _mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            line = key_node.start_mark.line + 1
            raise SurveyError(f"khóa {key!r} bị trùng (dòng {line})")
        seen.add(key)
    return dict(loader.construct_mapping(node, deep=deep))


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _key(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith(("function-", "value_error")) or part in ("decimal", "float", "int", "str"):
            continue
        else:
            out += ("." if out else "") + part
    return out or "(gốc)"


def _message(err: Any) -> str:
    template = MESSAGES.get(err["type"])
    ctx = err.get("ctx") or {}
    if err["type"] == "value_error":
        return str(ctx.get("error", err["msg"]))
    if template is None:
        return str(err["msg"])
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def parse_questionnaire(text: str, name: str) -> Questionnaire:
    """Validate the YAML ``text`` of the file ``name``; :class:`SurveyError` names file and key."""
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 — a SafeLoader subclass
    except SurveyError as exc:
        raise SurveyError(f"{name}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (dòng {mark.line + 1})" if mark is not None else ""
        raise SurveyError(f"{name}: không đọc được YAML{where}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(data, dict):
        raise SurveyError(f"{name}: tệp bảng hỏi phải là một bảng khóa: giá trị (round, scoring, scales, dimensions)")
    try:
        return Questionnaire.model_validate(data)
    except ValidationError as exc:
        raise SurveyError(format_errors(exc, name)) from None


def format_errors(exc: ValidationError, name: str, where: Callable[[str], str] = str) -> str:
    """One Vietnamese line per problem: ``file: key: message`` (``where`` may turn a key into a sheet and row)."""
    lines = []
    for err in exc.errors():
        key = _key(tuple(err["loc"]))
        msg = _message(err)
        if key == "(gốc)":  # whole-model rules name their key at the start of the message
            head, sep, rest = msg.partition(": ")
            lines.append(f"{name}: {where(head)}: {rest}" if sep and where is not str and "[" in head
                         else f"{name}: {msg}")
        else:
            lines.append(f"{name}: {where(key)}: {msg}")
    return "\n".join(lines)


def parse_file(data: bytes, name: str) -> Questionnaire:
    """A questionnaire file by its extension: ``.xlsx`` (see :mod:`htx.survey.workbook`) or YAML."""
    if name.lower().endswith((".xlsx", ".xlsm")):
        from htx.survey.workbook import parse_workbook

        return parse_workbook(data, name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SurveyError(f"{name}: tệp YAML phải mã hóa UTF-8") from None
    return parse_questionnaire(text, name)


def load_questionnaire(path: Path) -> Questionnaire:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SurveyError(f"{path.name}: không đọc được tệp ({exc})") from None
    return parse_file(data, path.name)


def example_text() -> str:
    """The shipped example questionnaire (clearly marked as an example, not the official form)."""
    return resources.files("htx.survey").joinpath(f"data/{EXAMPLE}").read_text("utf-8")


def example() -> Questionnaire:
    return parse_questionnaire(example_text(), EXAMPLE)
