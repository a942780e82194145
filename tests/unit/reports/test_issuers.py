"""Letterheads per issuing body: a commune's report is signed for its People's Committee, not the alliance."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from htx.reports.docx_writer import write_docx
from htx.reports.issuers import BODIES, ReportSettings, letterhead
from htx.reports.samples import MARK, sample_for


def test_commune_report_is_issued_and_signed_by_the_commune(tmp_path: Path) -> None:
    inp = sample_for("commune")
    assert inp.issuer.name == "ỦY BAN NHÂN DÂN XÃ CHI LĂNG" and "LIÊN MINH" not in (inp.issuer.parent or "")
    assert inp.signer is not None and inp.signer.authority == "TM. ỦY BAN NHÂN DÂN"
    assert inp.number.endswith("/BC-UBND")
    cells = " ".join(c.text for t in docx.Document(str(write_docx(inp, tmp_path / "x.docx"))).tables
                     for r in t.rows for c in r.cells)
    assert "TM. ỦY BAN NHÂN DÂN" in cells and "BAN THƯỜNG VỤ" not in cells and "UBND tỉnh Lạng Sơn" in cells


@pytest.mark.parametrize("body", BODIES)
def test_every_body_has_a_marked_sample(body: str) -> None:
    inp = sample_for(body)
    assert inp.mark == MARK and inp.has_data and inp.recipients[-1].startswith("Lưu")


def test_signer_and_recipients_from_settings() -> None:
    cfg = ReportSettings(signer_name="Trần Thị Bình", recipients="UBND tỉnh; Lưu: VT")
    head = letterhead("alliance", "province", "tỉnh Lạng Sơn", settings=cfg)
    assert head.signer.name == "Trần Thị Bình" and head.recipients == ["UBND tỉnh", "Lưu: VT"]
    assert letterhead("alliance", "province", "tỉnh Lạng Sơn", signer_name="Lê Văn C", settings=cfg).signer.name \
        == "Lê Văn C"
    with pytest.raises(ValueError, match="cơ quan ban hành"):
        letterhead("bank", "province", "tỉnh Lạng Sơn")


def test_commune_report_has_no_alliance_section() -> None:
    from htx.reports.narrative import render

    assert "LIÊN MINH" not in " ".join(s.title for s in render(sample_for("commune")).sections)
    assert "LIÊN MINH" in " ".join(s.title for s in render(sample_for("alliance")).sections)
