"""Helpers of the survey's browser test: the questionnaire it loads and small page actions."""

from __future__ import annotations

from typing import Any

from htx.survey.loader import example_text

CODE = "2025-VD"
FIRST = {"CS1": "4", "CS2": "5", "CS3": "KB"}
REST = {"DT1": "3", "DT2": "4", "DTAO1": "2", "TTHC1": "4", "TTHC2": "5", "TTHC3": "3", "QT1": "4", "QT2": "4",
        "QT3": "5"}


def questionnaire() -> str:
    """The example, with every cooperative of the sample registry in the frame and one form enough to publish."""
    return example_text().replace("members_only: true", "members_only: false").replace("min_responses: 5",
                                                                                        "min_responses: 1")


def answer(page: Any, answers: dict[str, str]) -> None:
    for code, value in answers.items():
        page.check(f"input[name=a_{code}][value='{value}']")


def overflow(page: Any) -> int:
    """How many pixels the page is wider than the viewport (0: no sideways scrolling)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def resubmit_status(page: Any) -> int:
    """POST the submitted form once more from the page (as a double click or replay would) → HTTP status."""
    script = """async () => {
        const token = document.querySelector('input[name=csrf_token]').value;
        const body = new URLSearchParams({csrf_token: token, action: 'submit', a_CS1: '1'});
        const r = await fetch(location.pathname, {method: 'POST', body, redirect: 'manual'});
        return r.status;
    }"""
    return int(page.evaluate(script))
