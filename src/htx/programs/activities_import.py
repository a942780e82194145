"""Import of the activities workbook (sổ hoạt động): trainings, conferences, fairs, awards, membership.

One workbook (or JSON file) with the sheets ``Tập huấn``, ``Hội nghị``, ``Hội chợ``,
``Khen thưởng`` and ``Kết nạp thành viên``; headers and value spellings are data in
``data/activity_columns.yaml``. :func:`parse_activities` gives every record of the file for the
alliance of one place, or raises :class:`~htx.tabular.ImportErrors` naming sheet, row and column
of every problem (all or nothing). A record's ``id`` is the sheet row it came from (the database
assigns the stored ids). :func:`write_template` writes the empty workbook an officer fills in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from htx.programs.activities import Award, Fair, MembershipChange, OutreachEvent, Training
from htx.programs.support import _data, phrases
from htx.stats.facts import Place
from htx.tabular import CellError, ImportErrors, Row, alias_table, read_rows, write_workbook

SHEETS = ("trainings", "outreach", "fairs", "awards", "membership")


def columns() -> dict[str, Any]:
    """The sheet, column and value tables of ``data/activity_columns.yaml``."""
    return _data("activity_columns")


def sheet_title(code: str) -> str:
    """The header-row title of a sheet (its first spelling), e.g. ``Tập huấn``."""
    return str(columns()["sheets"][code][0])


@dataclass
class ActivityBook:
    """Every record of one activities workbook."""

    trainings: list[Training] = field(default_factory=list)
    outreach: list[OutreachEvent] = field(default_factory=list)
    fairs: list[Fair] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    membership: list[MembershipChange] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Records per sheet code (a training row of several classes counts each class)."""
        return {code: len(getattr(self, code)) for code in SHEETS}


def _tables() -> dict[str, dict[str, str]]:
    """``{value field: {folded spelling: code}}`` from the YAML values and ``phrases.yaml`` labels."""
    p = phrases()
    labels = {"kind": p["award_kinds"], "level": p["award_levels"], "recipient_kind": p["recipient_kinds"],
              "change": p["membership_changes"], "org_kind": p["beneficiary_kinds"]}
    out: dict[str, dict[str, str]] = {}
    for name, spellings in columns()["values"].items():
        extra = labels.get(name, {})
        out[name] = alias_table({code: [*words, *([extra[code]] if code in extra else [])]
                                 for code, words in spellings.items()})
    return out


def _count(row: Row, name: str, required: bool = False, least: int = 0) -> int | None:
    n = row.integer(name, required)
    if n is not None and n < least:
        row.fail(name, f"phải từ {least} trở lên / must be at least {least}")
        return None
    return n


def _trainings(rows: list[Row], place: Place) -> list[Training]:
    fmt = columns()
    out: list[Training] = []
    for row in rows:
        on, topic = row.day("date", True), row.text("topic", True)
        participants = _count(row, "participants", True)
        classes = _count(row, "classes", least=1) or 1
        title = row.text("title") or topic or ""
        venue = row.text("venue")
        if venue:
            title = fmt["title_with_venue"].format(title=title, venue=venue)
        if row.errors or on is None or topic is None or participants is None:
            continue
        # A row of several classes becomes one record per class; the participants are shared out
        # so that the classes and participants of the period still add up to the row.
        each, extra = divmod(participants, classes)
        for n in range(1, classes + 1):
            name = fmt["title_of_class"].format(title=title, n=n, total=classes) if classes > 1 else title
            out.append(Training(row.number, on, place, name, topic, each + (1 if n <= extra else 0),
                                row.text("organiser") or ""))
    return out


def _outreach(rows: list[Row], place: Place) -> list[OutreachEvent]:
    out: list[OutreachEvent] = []
    for row in rows:
        on, title, participants = row.day("date", True), row.text("title", True), _count(row, "participants", True)
        if not row.errors and on and title and participants is not None:
            out.append(OutreachEvent(row.number, on, place, title, participants))
    return out


def _fairs(rows: list[Row], place: Place) -> list[Fair]:
    out: list[Fair] = []
    for row in rows:
        on, name, coops = row.day("date", True), row.text("name", True), _count(row, "cooperatives", True)
        products = _count(row, "products") or 0
        if not row.errors and on and name and coops is not None:
            out.append(Fair(row.number, on, place, name, coops, products))
    return out


def _awards(rows: list[Row], place: Place, tables: dict[str, dict[str, str]]) -> list[Award]:
    out: list[Award] = []
    for row in rows:
        on = row.day("date", True)
        kind, level = row.code("kind", tables["kind"], True), row.code("level", tables["level"], True)
        name = row.text("recipient_name", True)
        who = row.code("recipient_kind", tables["recipient_kind"]) or "collective"
        ident = row.integer("recipient_id")
        if not row.errors and on and kind and level and name:
            out.append(Award(row.number, on, place, kind, level, who, name, ident, row.text("decision_no") or ""))
    return out


def _membership(rows: list[Row], place: Place, tables: dict[str, dict[str, str]]) -> list[MembershipChange]:
    out: list[MembershipChange] = []
    for row in rows:
        on, name = row.day("date", True), row.text("org_name", True)
        change = row.code("change", tables["change"], True)
        member_type = row.code("member_type", tables["member_type"], True)
        org_kind = row.code("org_kind", tables["org_kind"]) or "htx"
        ident = row.integer("org_id")
        if not row.errors and on and name and change and member_type:
            out.append(MembershipChange(row.number, on, place, name, change, member_type, org_kind, ident,
                                        row.text("decision_no") or ""))
    return out


def parse_activities(path: Path, place: Place) -> ActivityBook:
    """All records of the workbook at ``path`` for the alliance of ``place``, or :class:`ImportErrors`."""
    cols = columns()
    rows = read_rows(path, cols["sheets"], cols["columns"], cols["required"])
    tables = _tables()
    book = ActivityBook(_trainings(rows["trainings"], place), _outreach(rows["outreach"], place),
                        _fairs(rows["fairs"], place), _awards(rows["awards"], place, tables),
                        _membership(rows["membership"], place, tables))
    errors: list[CellError] = [e for code in SHEETS for row in rows[code] for e in row.errors]
    if errors:
        raise ImportErrors(path.name, errors)
    return book


def template_headers() -> dict[str, list[str]]:
    """Sheet title → header row of the empty workbook (the first spelling of each column)."""
    cols = columns()
    return {sheet_title(code): [str(spellings[0]) for spellings in cols["columns"][code].values()] for code in SHEETS}


def write_template(path: Path) -> Path:
    """Write the empty activities workbook (one sheet per book, headers only) to ``path``."""
    return write_workbook(path, {title: [header] for title, header in template_headers().items()})


def record_key(record: Training | OutreachEvent | Fair | Award | MembershipChange) -> tuple[Any, ...]:
    """What makes two records the same activity, whatever their id (to refuse a second import)."""
    values = [getattr(record, name) for name in record.__dataclass_fields__ if name != "id"]
    return (type(record).__name__, *values)
