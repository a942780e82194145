"""Throughput of the report reader: pages (3,000 characters of report text) per second, one core."""

from __future__ import annotations

import time
from pathlib import Path

from htx.ingest import extract_text

PAGE_CHARS = 3000
_SAMPLE = """Tổng số HTX toàn tỉnh đến ngày 30/6/2023 là 1.245 HTX (1.102 HTX đang hoạt động, 85 HTX tạm ngừng hoạt động và 58 HTX ngừng hoạt động chờ giải thể), trong đó: lĩnh vực nông nghiệp là 812 HTX (chiếm 65,2%); lĩnh vực phi nông nghiệp là 410 HTX (chiếm 32,9%); quỹ tín dụng nhân dân là 23 quỹ (chiếm 1,9%). Tổng vốn điều lệ của các HTX là 2.970.382 triệu đồng; số thành viên tham gia HTX là 96.105 người; các HTX giải quyết việc làm cho 15.230 lao động thường xuyên và 4.100 lao động theo thời vụ.
- Trong 6 tháng đầu năm 2023, toàn tỉnh có 37 HTX được thành lập mới (trong đó: 25 HTX lĩnh vực nông nghiệp, 12 HTX lĩnh vực phi nông nghiệp), đạt 74% so với kế hoạch; có 5 HTX giải thể. Tổng số THT là 1.320 THT, tăng 45 THT so với cùng kỳ.
- Phân loại HTX: loại tốt 312 HTX chiếm 28,3%; loại khá 405 HTX chiếm 36,8%; loại trung bình 280 HTX chiếm 25,4%; loại yếu 105 HTX chiếm 9,5%.
- Doanh thu bình quân của HTX: 1.620 triệu đồng/HTX/năm; lợi nhuận bình quân 215 triệu đồng/HTX/năm; thu nhập bình quân của lao động thường xuyên trong HTX là 5,2 triệu đồng/người/tháng.
- Quỹ hỗ trợ phát triển HTX: tổng nguồn vốn Quỹ là 45.500 triệu đồng; dư nợ cho vay 41.200 triệu đồng với 86 dự án đang vay, trong đó nợ quá hạn 1.150 triệu đồng.
Thực hiện Nghị quyết số 24/2018/NQ-HĐND ngày 07/12/2018 của HĐND tỉnh và Kế hoạch số 165/KH-UBND ngày 10/6/2020, các sở, ngành đã phối hợp tuyên truyền, hướng dẫn, hỗ trợ các HTX xây dựng phương án sản xuất kinh doanh, liên kết chuỗi giá trị, ứng dụng công nghệ cao, chuyển đổi số, xúc tiến thương mại và tiêu thụ sản phẩm OCOP trên địa bàn.
"""


def sample_text(pages: int, base: str | None = None) -> str:
    """``pages`` pages of realistic report text (repeating ``base`` or a built-in sample)."""
    unit = base or _SAMPLE
    need = pages * PAGE_CHARS
    return (unit * (need // len(unit) + 1))[:need]


def measure_pages_per_second(pages: int = 40, base: str | Path | None = None, repeat: int = 3) -> dict[str, float]:
    """Extract ``pages`` pages of text ``repeat`` times; the best run gives pages per second."""
    text_base = Path(base).read_text("utf-8") if isinstance(base, Path) else base
    text = sample_text(pages, text_base)
    extract_text(text[:PAGE_CHARS])  # load the tables and the gazetteer outside the timing
    best = float("inf")
    facts = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        facts = len(extract_text(text).facts)
        best = min(best, time.perf_counter() - t0)
    return {"pages": float(pages), "seconds": best, "pages_per_second": pages / best if best else 0.0,
            "facts": float(facts)}
