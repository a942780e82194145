"""The reader runs the checks once per text: certain findings in ``findings``, the rest in ``notes``."""

from __future__ import annotations

from htx.ingest import extract_text, headline_spans


def test_headline_spans_find_every_copy_of_the_title() -> None:
    text = "TITLE: Huyện Đông: 63 HTX làm ăn hiệu quả\n\nHuyện Đông: 63 HTX làm ăn hiệu quả\nNội dung."
    spans = headline_spans(text, "Huyện Đông: 63 HTX làm ăn hiệu quả")
    assert [text[a:b] for a, b in spans] == ["Huyện Đông: 63 HTX làm ăn hiệu quả"] * 2
    assert headline_spans(text, None) == [] and headline_spans(text, "Ngắn") == []


def test_reader_json_separates_findings_and_notes() -> None:
    report = ("BÁO CÁO\nKết quả quý II/2022\n"
              "Tổng số HTX: 640 HTX (402 HTX nông nghiệp chiếm 70,5%; 238 HTX phi nông nghiệp).\n")
    out = extract_text(report).to_json()
    assert set(out) >= {"findings", "notes"}
    assert [f["message"] for f in out["findings"]] == ["402/640 = 62,81%, báo cáo ghi 70,5%"]
    assert all(f["certainty"] == "certain" for f in out["findings"])
    assert all(n["certainty"] == "uncertain" and n["reason"] for n in out["notes"])
