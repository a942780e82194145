"""Read-side use cases of the reporting workflow: obligations, completeness, what is due, a filing's history, approved facts.

Split from ``htx.services.workflow`` (the writes); same conventions: a :class:`UnitOfWork` first.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from htx.db import facts_repo, workflow_repo
from htx.db.models_web import AuditEntry
from htx.db.models_workflow import WorkflowEvent, WorkflowSubmission
from htx.geo import fold, gazetteer
from htx.services.uow import UnitOfWork
from htx.services.workflow import resolve_unit, target
from htx.stats.facts import Fact, Place
from htx.stats.periods import Period
from htx.workflow import completeness as comp
from htx.workflow.calendar import Calendar, Dataset, default_calendar
from htx.workflow.states import LOCKED, STATE_LABELS, TransitionError, allowed_actions, status_of
from htx.workflow.units import Actor, ReportingUnit, relations


@dataclass
class Obligation:
    """One report a unit owes: dataset, period, due date, where it stands and what the actor may do."""

    dataset: Dataset
    period: Period
    unit: ReportingUnit
    due: date
    confirmed: bool
    row: WorkflowSubmission | None
    status: str
    actions: list[str] = field(default_factory=list)

    @property
    def state(self) -> str:
        return self.row.state if self.row is not None else "owed"

    def to_json(self) -> dict[str, Any]:
        r = self.row
        return {"dataset": self.dataset.code, "dataset_name": self.dataset.name, "period": self.period.code,
                "unit": self.unit.key, "unit_name": self.unit.name, "level": self.unit.level,
                "due": self.due.isoformat(), "due_confirmed": self.confirmed, "state": self.state,
                "status": self.status, "status_label": STATE_LABELS[self.status],
                "id": r.id if r else None, "version": r.version if r else 0,
                "submitted_at": r.submitted_at.isoformat() if r and r.submitted_at else None,
                "on_time": r.on_time if r else None, "approved_at": r.approved_at.isoformat() if r and r.approved_at else None,
                "comment": r.comment if r else None, "actions": self.actions}


def obligations(uow: UnitOfWork, actor: Actor | None, unit_key: str, period: str, today: date | None = None,
                calendar: Calendar | None = None) -> list[Obligation]:
    """Every dataset the unit owes for ``period`` (a period code of any kind: each dataset of that kind)."""
    cal = calendar or default_calendar()
    unit = resolve_unit(uow, unit_key)
    per = Period.parse(period)
    today = today or date.today()
    rel = relations(actor, unit)
    out = []
    for ds in cal.datasets:
        if not ds.accepts(per):
            continue
        step = ds.step(per, unit.level)
        if step is None:
            continue
        row = workflow_repo.get(uow.session, ds.code, per.code, unit.key)
        due = row.due_on if row is not None else step.due.on(per)
        state = row.state if row is not None else "owed"
        status = status_of(state, due, row.submitted_at.date() if row and row.submitted_at else None, today)
        out.append(Obligation(ds, per, unit, due, step.confirmed, row, status, allowed_actions(state, rel)))
    return out


def documents_for(uow: UnitOfWork, unit_key: str, period: str) -> list[Any]:
    """The read reports a unit's filing of ``period`` may rest on (same place and period)."""
    place = resolve_unit(uow, unit_key).place
    return [] if place is None else workflow_repo.documents_of(uow.session, place.era, place.code, period)


def filing(uow: UnitOfWork, actor: Actor | None, submission_id: int) -> tuple[WorkflowSubmission, ReportingUnit, list[str]]:
    """A filing the actor may see, its unit and the actions the actor may take."""
    row = workflow_repo.by_id(uow.session, submission_id)
    if row is None:
        raise TransitionError(f"Không có hồ sơ báo cáo #{submission_id}.")
    unit = resolve_unit(uow, row.unit_key)
    rel = relations(actor, unit)
    if not rel:
        from htx.workflow.states import NotAllowed

        raise NotAllowed("Bạn không có quyền xem hồ sơ báo cáo này.")
    return row, unit, allowed_actions(row.state, rel)


def history(uow: UnitOfWork, actor: Actor | None, submission_id: int) -> tuple[list[WorkflowEvent], list[Adjustment]]:
    """The filing's transitions and the figure edits of its place and period since it was first approved."""
    row, unit, _ = filing(uow, actor, submission_id)
    edits: list[Adjustment] = []
    if unit.place is not None and row.first_approved_at is not None:
        entries = workflow_repo.fact_audit(uow.session, [f"{unit.key}@{row.period}"], since=row.first_approved_at)
        edits = [a for e in entries for a in _split(e)]
    return workflow_repo.events(uow.session, row.id), edits


@dataclass(frozen=True)
class Adjustment:
    """A figure changed after its period was approved: which (entry key and label), old → new, by whom, when."""

    key: str
    old: str | None
    new: str | None
    at: datetime
    user: str | None

    @property
    def label(self) -> str:
        return _adjusted_label(self.key)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "old": self.old, "new": self.new, "at": self.at.isoformat(),
                "user": self.user}


def _split(entry: AuditEntry) -> list[Adjustment]:
    """One audit entry of an edit → one adjustment per figure it changed."""
    old, new = entry.old or {}, entry.new or {}
    return [Adjustment(k, old.get(k), new.get(k), entry.at, entry.username) for k in sorted(set(old) | set(new))]


def adjustments(uow: UnitOfWork, place: Place, period: str) -> list[Adjustment]:
    """Figures of ``place`` and ``period`` edited after the first approval of a filing of that period (audit log)."""
    since = [r.first_approved_at for r in workflow_repo.of_unit(uow.session, str(place))
             if r.period == period and r.first_approved_at is not None]
    if not since:
        return []
    return [a for e in workflow_repo.fact_audit(uow.session, [f"{place}@{period}"], since=min(since)) for a in _split(e)]


@dataclass
class ReportFacts:
    """The facts a report may use, and the header line that says what they are."""

    facts: list[Fact]
    approved: bool
    header: str | None
    adjusted: list[Adjustment]


def report_facts(uow: UnitOfWork, place: Place, period: str, include_unapproved: bool = False) -> ReportFacts:
    """Approved facts by default; a draft may include unapproved ones and says so in its header line.

    ``header`` also carries "số liệu điều chỉnh ngày …" when figures changed after approval.
    """
    per = Period.parse(period)
    rows = [r for r in workflow_repo.of_unit(uow.session, str(place)) if r.period == per.code]
    approved = any(r.state in LOCKED for r in rows)
    adjusted = adjustments(uow, place, per.code)
    lines = []
    if approved or include_unapproved:
        facts = facts_repo.accepted_of(uow.session, [place], [per])[0]
    else:
        facts = []
        lines.append("Chưa có số liệu được phê duyệt cho kỳ này.")
    if include_unapproved and not approved:
        lines.append("Bản nháp: có số liệu chưa được phê duyệt.")
    if adjusted:
        days = sorted({a.at.strftime("%d/%m/%Y") for a in adjusted})
        lines.append(f"Số liệu điều chỉnh ngày {', '.join(days)} (sau khi đã phê duyệt).")
    return ReportFacts(facts, approved, " ".join(lines) or None, adjusted)


@dataclass
class Completeness:
    """The completeness table of one dataset and period, nationally (rows = provinces) or in one province."""

    dataset: Dataset
    period: Period
    level: str
    scope: str
    rows: list[comp.Row]
    total: comp.Row
    units: list[dict[str, Any]]

    @property
    def missing(self) -> list[dict[str, Any]]:
        return [u for u in self.units if u["missing"]]

    def to_json(self) -> dict[str, Any]:
        return {"dataset": self.dataset.code, "period": self.period.code, "level": self.level, "scope": self.scope,
                "total": self.total.to_json(), "rows": [r.to_json() for r in self.rows], "units": self.units}


def _place_groups(level: str, era: str, province: str | None) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """New province code → (name, [(unit key, unit name)]) of the place units of ``level`` in ``era``."""
    gaz = gazetteer()
    names = {u.code: u.name for u in gaz.provinces("new")}
    groups: dict[str, tuple[str, list[tuple[str, str]]]] = {c: (n, []) for c, n in names.items()
                                                             if province is None or c == province}
    if level == "commune" and era == "new":
        units = gaz.communes("new", province)
    elif level == "district":
        units = gaz.districts()
    else:
        units = gaz.provinces(era)
    for u in units:
        new_province = u.province_code
        if u.era == "old":
            succ = gaz.successors(gaz.province_of(u))
            new_province = succ[0][0].province_code if succ else u.province_code
        if new_province in groups:
            groups[new_province][1].append((f"{u.era}:{u.level}:{u.code}", u.name))
    return groups


def completeness(uow: UnitOfWork, dataset: str, period: str, province: str | None = None, level: str | None = None,
                 calendar: Calendar | None = None) -> Completeness:
    """Per province (or, with ``province``, for that province with the list of who is missing):
    % of expected units that submitted, on time, approved. ``level`` defaults to the dataset's
    lowest level for the period. Expected cooperatives: those active on the period's last day."""
    cal = calendar or default_calendar()
    ds = cal.dataset(dataset)
    per = Period.parse(period)
    if not ds.accepts(per):
        raise TransitionError(f"“{ds.name}” được báo cáo theo kỳ {ds.period}, không theo kỳ {period}.")
    steps = ds.steps_for(per)
    level = level or steps[0].level
    step = next((s for s in steps if s.level == level), None)
    if step is None:
        raise TransitionError(f"Cấp {level} không nộp “{ds.name}” kỳ {per.label_vi()}.")
    s = uow.session
    units: list[dict[str, Any]] = []
    if level == "coop":
        rows, units = _coop_rows(uow, ds, per, list(step.kinds) or ["HTX"], province)
    else:
        era = cal.era_of(step.due.on(per))
        groups = _place_groups(level, era, province)
        filed = {k: comp.Filed(st, ot) for k, _, st, ot in workflow_repo.filed_states(s, ds.code, per.code, level, province)}
        rows = comp.tally({c: (n, [k for k, _ in units]) for c, (n, units) in groups.items()}, filed)
        if province is not None:
            units = _unit_list(uow, ds, per, level, groups[province][1] if province in groups else [],
                               {k for r in rows for k in r.missing})
    scope = province or "VN"
    return Completeness(ds, per, level, scope, comp.ranked(rows), comp.total(rows), units)


def _coop_rows(uow: UnitOfWork, ds: Dataset, per: Period, kinds: list[str],
               province: str | None) -> tuple[list[comp.Row], list[dict[str, Any]]]:
    s = uow.session
    names = {u.code: u.name for u in gazetteer().provinces("new")}
    if province is None:
        counts = workflow_repo.active_org_counts(s, kinds, per.end)
        by_province: dict[str, list[tuple[str, bool | None, int]]] = defaultdict(list)
        for code, state, timely, n in workflow_repo.org_filing_counts(s, ds.code, per.code, kinds, per.end):
            by_province[code].append((state, timely, n))
        return [comp.from_counts(c, n, counts.get(c, 0), by_province.get(c, [])) for c, n in names.items()], []
    orgs = workflow_repo.active_orgs(s, kinds, per.end, province)
    keys = [f"org:{o[0]}" for o in orgs]
    filed = {k: comp.Filed(r.state, r.on_time) for k, r in workflow_repo.of_units(s, ds.code, per.code, keys).items()}
    rows = comp.tally({province: (names.get(province, province), keys)}, filed)
    return rows, _unit_list(uow, ds, per, "coop", [(f"org:{o[0]}", o[1]) for o in orgs], set(rows[0].missing))


def _unit_list(uow: UnitOfWork, ds: Dataset, per: Period, level: str, units: list[tuple[str, str]],
               missing: set[str]) -> list[dict[str, Any]]:
    """Every expected unit of one province with its state (``late`` past the due date), its filing and,
    when missing, whom to contact."""
    s = uow.session
    step = ds.step(per, level)
    due, today = (step.due.on(per) if step else per.end), date.today()
    subs = workflow_repo.of_units(s, ds.code, per.code, [k for k, _ in units])
    lacking = [k for k, _ in units if k in missing]
    who: dict[str, list[str]] = {}
    if level == "commune":
        by_code = workflow_repo.contacts(s, "commune", [k.rsplit(":", 1)[1] for k in lacking])
        who = {k: by_code.get(k.rsplit(":", 1)[1], []) for k in lacking}
    elif level == "coop":
        by_org = workflow_repo.org_contacts(s, [int(k[4:]) for k in lacking if k.startswith("org:")])
        who = {k: by_org.get(int(k[4:]), []) for k in lacking if k.startswith("org:")}
    out = []
    for key, name in units:
        sub = subs.get(key)
        state = sub.state if sub else "owed"
        out.append({"unit": key, "name": name, "state": status_of(state, due, None, today), "id": sub.id if sub else None,
                    "missing": key in missing, "contact": who.get(key, []),
                    "on_time": sub.on_time if sub else None})
    return sorted(out, key=lambda u: (not u["missing"], fold(u["name"], accents=False), u["name"]))


def home_units(actor: Actor) -> list[str]:
    """Keys of the units the actor reports for (its own)."""
    if actor.role == "coop" and actor.organisation_id:
        return [f"org:{actor.organisation_id}"]
    if actor.role == "commune" and actor.commune_code:
        return [f"new:commune:{actor.commune_code}"]
    if actor.role == "province" and actor.province_code:
        return [f"new:province:{actor.province_code}"]
    return []


def _periods_near(kind: str, today: date) -> list[Period]:
    per_year = {"year": 1, "half": 2, "quarter": 4}[kind]
    return [Period(y, kind, i) for y in (today.year - 1, today.year) for i in range(1, per_year + 1)]


def due_soon(uow: UnitOfWork, actor: Actor, today: date | None = None, days: int = 7,
             calendar: Calendar | None = None) -> list[Obligation]:
    """What the actor's own units must file within ``days`` (and what is already late), not yet filed."""
    cal = calendar or default_calendar()
    today = today or date.today()
    out: list[Obligation] = []
    for key in home_units(actor):
        for ds in cal.datasets:
            for per in _periods_near(ds.period, today):
                try:
                    t = target(uow, ds.code, per.code, key, cal)
                except TransitionError:
                    continue
                step = t.dataset.step(per, t.unit.level)
                assert step is not None
                due = step.due.on(per)
                if due > today + timedelta(days=days) or due < today - timedelta(days=31):
                    continue
                row = workflow_repo.get(uow.session, ds.code, per.code, key)
                state = row.state if row else "owed"
                if state in ("owed", "returned", "reopened"):
                    out.append(Obligation(ds, per, t.unit, due, step.confirmed, row,
                                          status_of(state, due, None, today),
                                          allowed_actions(state, relations(actor, t.unit))))
    return sorted(out, key=lambda o: o.due)


def awaiting(uow: UnitOfWork, actor: Actor) -> list[WorkflowSubmission]:
    """Filings waiting for the actor's decision: submitted ones to approve or return, approved ones to accept."""
    s = uow.session
    if actor.role == "admin":
        return workflow_repo.awaiting(s, [("province", "submitted"), ("commune", "approved"), ("district", "approved")])
    if actor.role == "province" and actor.province_code:
        return workflow_repo.awaiting(s, [("commune", "submitted"), ("district", "submitted"), ("coop", "approved")],
                                      province_code=actor.province_code)
    if actor.role == "commune" and actor.commune_code:
        return workflow_repo.awaiting(s, [("coop", "submitted")], commune_code=actor.commune_code)
    return []


def _adjusted_label(key: str) -> str:
    """``actual|htx.count|status=suspended`` → the indicator's Vietnamese label (the key itself if unknown)."""
    from htx.stats.vocabulary import vocabulary

    parts = key.split("|")
    if len(parts) != 3:
        return key
    dims = dict(p.split("=", 1) for p in parts[2].split(",") if "=" in p)
    try:
        return vocabulary().label(parts[1], dims)
    except (KeyError, ValueError):
        return key


def report_notes(uow: UnitOfWork, place: Place, period: str) -> list[str]:
    """Lines a report of ``place`` and ``period`` must print about the workflow.

    "Số liệu điều chỉnh ngày …" for every figure of the place, or of a unit under it, changed
    after its filing was approved (old → new); and a draft line when the place's own filing
    exists but is not approved yet.
    """
    s = uow.session
    filings = [r for r in workflow_repo.of_unit(s, str(place)) if r.period == period]
    if place.level == "province" and place.era == "new":
        filings += [r for r in workflow_repo.awaiting(s, [(lv, st) for lv in ("commune", "coop")
                                                          for st in ("approved", "accepted", "reopened")],
                                                      province_code=place.code, limit=100_000)
                    if r.period == period]
    by_day: dict[str, list[str]] = defaultdict(list)
    for r in filings:
        if r.first_approved_at is None:
            continue
        where = "" if r.unit_key == str(place) else f" ({resolve_unit(uow, r.unit_key).name})"
        for e in workflow_repo.fact_audit(s, [f"{r.unit_key}@{period}"], since=r.first_approved_at):
            for a in _split(e):
                by_day[a.at.strftime("%d/%m/%Y")].append(f"{a.label}{where}: {a.old or '—'} → {a.new or '—'}")
    lines = [f"Số liệu điều chỉnh ngày {day} (sau khi đã phê duyệt): {'; '.join(items)}."
             for day, items in sorted(by_day.items(), key=lambda kv: datetime.strptime(kv[0], "%d/%m/%Y"))]
    own = [r for r in filings if r.unit_key == str(place)]
    if own and not any(r.state in LOCKED for r in own):
        lines.insert(0, "Bản nháp: có số liệu chưa được phê duyệt.")
    return lines
