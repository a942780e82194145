"""Reporting workflow (quy trình báo cáo): who owes which report when, submission, approval up the levels, audited reopen.

Pure rules only: the calendar (``calendar``), reporting units and roles (``units``), the state
machine (``states``) and completeness rates (``completeness``). Storage is in
``htx.db.workflow_repo``; use cases in ``htx.services.workflow``.
"""

from htx.workflow.calendar import Calendar, CalendarError, Dataset, default_calendar, load_calendar
from htx.workflow.states import STATE_LABELS, NotAllowed, TransitionError, next_state
from htx.workflow.units import ReportingUnit, relations

__all__ = ["STATE_LABELS", "Calendar", "CalendarError", "Dataset", "NotAllowed", "ReportingUnit", "TransitionError",
           "default_calendar", "load_calendar", "next_state", "relations"]
