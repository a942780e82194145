"""docs/workflow.md cannot drift from the calendar and the state machine it describes."""

from __future__ import annotations

from pathlib import Path

from htx.workflow.calendar import default_calendar
from htx.workflow.states import ACTION_LABELS, STATE_LABELS

DOC = Path(__file__).resolve().parents[3] / "docs" / "workflow.md"


def test_every_dataset_state_and_action_is_documented() -> None:
    text = DOC.read_text("utf-8")
    for ds in default_calendar().datasets:
        assert f"`{ds.code}`" in text, ds.code
    for label in [*STATE_LABELS.values(), *ACTION_LABELS.values()]:
        assert label in text, label
