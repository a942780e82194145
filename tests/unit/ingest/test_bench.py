"""The throughput measure runs and counts pages of 3,000 characters."""

from __future__ import annotations

from htx.ingest.bench import PAGE_CHARS, measure_pages_per_second, sample_text


def test_measure_pages_per_second() -> None:
    result = measure_pages_per_second(pages=3, repeat=1)
    assert result["pages"] == 3 and result["pages_per_second"] > 0 and result["facts"] > 0
    assert len(sample_text(3)) == 3 * PAGE_CHARS
