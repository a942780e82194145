"""A report's trích yếu sets the sector of its figures; a news page's headline does not."""

from __future__ import annotations

from htx.ingest import extract_text

BODY = "Trong 6 tháng đầu năm 2024, toàn tỉnh Yên Bái thành lập mới 21 HTX, nâng tổng số lên 410 HTX.\n"


def _counts(text: str) -> dict[tuple[tuple[str, str], ...], int]:
    return {tuple(sorted(f.dims.items())): int(f.value) for f in extract_text(text).facts if f.indicator == "htx.count"}


def test_news_headline_about_one_sector_does_not_scope_province_totals() -> None:
    text = "HTX nông nghiệp Yên Bái được hỗ trợ vốn\n\n" + BODY
    counts = _counts(text)
    assert counts[(("flow", "founded"),)] == 21 and counts[()] == 410


def test_report_subject_about_one_sector_scopes_its_figures() -> None:
    text = ("LIÊN MINH HTX TỈNH YÊN BÁI\nBÁO CÁO\nTình hình hợp tác xã nông nghiệp 6 tháng đầu năm 2024\n\n"
            + BODY)
    counts = _counts(text)
    assert counts[(("flow", "founded"), ("sector", "agriculture"))] == 21
