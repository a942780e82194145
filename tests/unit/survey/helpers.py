"""A tiny questionnaire for the survey unit tests (two dimensions, three items, scale 1–5)."""

from __future__ import annotations

from htx.survey.loader import parse_questionnaire
from htx.survey.model import Questionnaire

SMALL = """
round: {code: T1, year: 2024, title: "Vòng thử", opens: 2025-03-01, closes: 2025-04-30}
scoring: {min_responses: 2, satisfied: [4, 5]}
scales:
  s5:
    points:
      - {value: 1, label: "Rất không hài lòng"}
      - {value: 2, label: "Không hài lòng"}
      - {value: 3, label: "Bình thường"}
      - {value: 4, label: "Hài lòng"}
      - {value: 5, label: "Rất hài lòng"}
    missing: [{code: KB, label: "Không biết"}]
dimensions:
  - code: A
    title: "Lĩnh vực A"
    weight: 0.6
    items:
      - {code: A1, text: "Câu A1", scale: s5}
      - {code: A2, text: "Câu A2", scale: s5}
  - code: B
    title: "Lĩnh vực B"
    weight: 0.4
    items:
      - {code: B1, text: "Câu B1", scale: s5, comment: true}
      - {code: B2, text: "Câu B2 (không bắt buộc)", scale: s5, required: false}
"""


def small(text: str = SMALL) -> Questionnaire:
    return parse_questionnaire(text, "thu.yaml")
