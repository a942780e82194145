"""Readers of .txt, .docx, .pdf and .html; legacy encodings; every failure is a ReadError."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from htx.ingest import ReadError, extract_file, read_file
from htx.ingest import readers as readers_module
from htx.ingest.legacy import detect, encodings

SENTENCE = "Tổng số HTX toàn tỉnh là 830 HTX, trong đó 765 HTX đang hoạt động."


def _minimal_pdf(text: str | None) -> bytes:
    """A one-page PDF; with ``text`` a Helvetica text layer, without it a blank (scan-like) page."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1") if text else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def test_txt_is_nfc(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text(unicodedata.normalize("NFD", SENTENCE) + "\r\n", encoding="utf-8")
    text = read_file(p)
    assert text == unicodedata.normalize("NFC", text)
    assert "hoạt động" in text and "\r" not in text


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph(SENTENCE)
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Chỉ tiêu", "Số lượng"
    table.cell(1, 0).text, table.cell(1, 1).text = "Số THT", "412 THT"
    d.add_paragraph("Nguyễn Văn An")
    p = tmp_path / "r.docx"
    d.save(str(p))
    text = read_file(p)
    assert text.index("830 HTX") < text.index("Số THT | 412 THT") < text.index("Nguyễn Văn An")
    ex = extract_file(p)
    assert any(f.indicator == "htx.count" and f.value == 830 for f in ex.facts)
    assert len(ex.content_hash or "") == 64


def test_pdf_text_layer(tmp_path: Path) -> None:
    p = tmp_path / "r.pdf"
    p.write_bytes(_minimal_pdf("Tong so HTX: 830 HTX"))
    assert "830 HTX" in read_file(p)


def test_pdf_without_text_layer_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "scan.pdf"
    p.write_bytes(_minimal_pdf(None))
    with pytest.raises(ReadError, match="scan.pdf.*OCR"):
        read_file(p)


def test_html_portal_page_keeps_only_the_article(tmp_path: Path) -> None:
    page = """<html><head><title>Cổng thông tin</title>
    <meta property="article:published_time" content="2022-04-05T08:00:00+07:00"></head><body>
    <nav><a>Trang chủ</a> <a>Tin tức</a></nav><div class="menu">Giới thiệu 123 HTX</div>
    <article><h1>Kết quả nổi bật quý I năm 2022</h1>
    <p>Trong quý đã có 12 HTX thành lập mới, nâng tổng số HTX toàn tỉnh là 961 HTX.</p>
    <p>Toàn cảnh hội nghị tổng kết với 200 đại biểu</p>
    <div class="share-buttons">Chia sẻ Facebook</div>
    <p>Nguyễn Văn Tùng - Phó Chánh văn phòng</p></article>
    <footer>Design by WeebPal. Điện thoại 0204.3854.123</footer></body></html>"""
    p = tmp_path / "tin.html"
    p.write_text(page, encoding="utf-8")
    text = read_file(p)
    for junk in ("Trang chủ", "Giới thiệu", "Toàn cảnh", "Chia sẻ", "WeebPal"):
        assert junk not in text
    ex = extract_file(p)
    assert ex.document.kind == "news"
    assert ex.document.subject == "Kết quả nổi bật quý I năm 2022"
    assert ex.document.signer == "Nguyễn Văn Tùng"
    assert ex.document.period == "2022-Q1"
    assert {(f.indicator, f.value) for f in ex.facts} == {("htx.count", 12), ("htx.count", 961)}


@pytest.mark.parametrize("code", ["tcvn3", "vni"])
def test_legacy_encodings_are_converted(tmp_path: Path, code: str) -> None:
    enc = next(e for e in encodings() if e.code == code)
    legacy = enc.encode(SENTENCE + " Thu nhập bình quân của lao động đạt 4,5 triệu đồng.")
    assert detect(legacy) is enc
    p = tmp_path / f"{code}.txt"
    p.write_bytes(legacy.encode("latin-1"))
    assert read_file(p).startswith(SENTENCE)


def test_unicode_text_is_not_taken_for_legacy() -> None:
    assert detect(SENTENCE * 3) is None


@pytest.mark.parametrize(("name", "data", "problem"), [
    ("empty.txt", b"", "rỗng"),
    ("junk.txt", bytes(range(256)) * 20, "nhị phân"),
    ("broken.docx", b"PK\x03\x04 not really a zip", ".docx"),
    ("broken.pdf", b"%PDF-1.4 garbage", "PDF"),
    ("report.xyz", b"text", "loại tệp"),
    ("old.doc", b"\xd0\xcf\x11\xe0", ".doc"),
])
def test_bad_files_raise_read_error_naming_the_file(tmp_path: Path, name: str, data: bytes, problem: str) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(ReadError) as info:
        read_file(p)
    assert name in str(info.value) and problem in str(info.value) and " / " in str(info.value)


def test_too_large_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers_module, "MAX_BYTES", 10)
    p = tmp_path / "big.txt"
    p.write_text(SENTENCE, encoding="utf-8")
    with pytest.raises(ReadError, match="big.txt.*quá lớn"):
        read_file(p)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="nothing.txt"):
        read_file(tmp_path / "nothing.txt")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".docx", ".pdf", ".html"]))
def test_fuzz_reader_only_raises_read_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    p = tmp_path / f"fuzz{suffix}"
    p.write_bytes(data)
    try:
        text = read_file(p)
    except ReadError:
        return
    assert isinstance(text, str) and text == unicodedata.normalize("NFC", text)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_fuzz_extractor_never_crashes(text: str) -> None:
    from htx.ingest import extract_text

    ex = extract_text(text)
    for f in ex.facts:
        assert f.source is not None and text[f.source.start:f.source.end] == f.source.quote
