"""Charts are drawn from the series; the PDF renders with its Vietnamese text intact."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from htx.reports.charts import make_charts, short_label
from htx.stats.periods import Period

from .conftest import make_input

PNG = b"\x89PNG\r\n\x1a\n"


def test_charts_are_pngs(outputs: dict[str, Path]) -> None:
    charts = {k: v for k, v in outputs.items() if k.startswith("chart:")}
    assert set(charts) == {"chart:status", "chart:sector", "chart:flows", "chart:plan"}
    for path in charts.values():
        assert path.read_bytes()[:8] == PNG and path.stat().st_size > 5_000


def test_no_chart_without_figures(tmp_path: Path) -> None:
    assert make_charts(make_input([]), tmp_path) == []


def test_period_labels() -> None:
    assert short_label(Period.parse("2023-Q1")) == "Quý I\n2023"
    assert short_label(Period.parse("2023-H2")) == "6T cuối\n2023"
    assert short_label(Period.parse("2023")) == "2023"


def test_pdf_renders_with_diacritics(outputs: dict[str, Path]) -> None:
    reader = PdfReader(str(outputs["pdf"]))
    assert len(reader.pages) >= 1
    text = "\n".join(page.extract_text() for page in reader.pages)
    for phrase in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
                   "Nơi nhận", "thủy sản", "Nguyễn Văn An"):
        assert phrase in " ".join(text.split()), phrase
