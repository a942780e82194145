"""Classification of cooperatives (phân loại, đánh giá, xếp loại HTX): rule sets, scoring sheets, size classes.

Pure rules only: this package imports neither ``htx.db``, ``htx.web`` nor ``htx.cli``.

- :mod:`htx.classify.rules` — versioned rule sets (YAML in ``data/``) validated by pydantic;
- :mod:`htx.classify.scoring` — the self-scoring sheet (bảng tự chấm điểm): totals, grades, exclusions;
- :mod:`htx.classify.size` — size classes (quy mô siêu nhỏ/nhỏ/vừa/lớn, NĐ 113/2024);
- :mod:`htx.classify.summary` — counts and shares per class and size, completeness, facts.
"""

GRADES = ("good", "fair", "average", "weak", "unrated")
GRADE_LABELS = {"good": "Tốt", "fair": "Khá", "average": "Trung bình", "weak": "Yếu", "unrated": "Không xếp loại"}
SIZES = ("large", "medium", "small", "micro")
SIZE_LABELS = {"large": "Lớn", "medium": "Vừa", "small": "Nhỏ", "micro": "Siêu nhỏ"}
