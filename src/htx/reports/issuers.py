"""Who issues a report (cơ quan ban hành): letterhead, number, signature block and recipients per body.

Four bodies write the collective-economy report: the provincial cooperative alliance
(``alliance``, "TM. BAN THƯỜNG VỤ"), the People's Committee of a province (``province``) or of
a commune (``commune``, both "TM. ỦY BAN NHÂN DÂN"), and a provincial department
(``department``, e.g. Sở Tài chính). The signer's name and title and the recipients can be
set once per installation in the environment (``HTX_REPORT_SIGNER_NAME``,
``HTX_REPORT_SIGNER_TITLE``, ``HTX_REPORT_RECIPIENTS`` as "a; b; c",
``HTX_REPORT_DEPARTMENT``); a command-line option wins over them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic_settings import BaseSettings, SettingsConfigDict

from htx.reports.model import BODIES, Issuer, Signer

__all__ = ["BODIES", "Letterhead", "ReportSettings", "default_body", "letterhead"]


class ReportSettings(BaseSettings):
    """Report settings read from ``HTX_REPORT_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="HTX_REPORT_")

    signer_name: str = ""
    signer_title: str | None = None
    recipients: str | None = None
    department: str = "Sở Tài chính"


@dataclass(frozen=True)
class Letterhead:
    """Everything a body prints around the text: issuer lines, number, signature, recipients."""

    body: str
    issuer: Issuer
    number: str
    signer: Signer
    recipients: list[str]


def default_body(level: str) -> str:
    """The body that usually reports on a place: the alliance for a province or the country, else the commune."""
    return "alliance" if level in ("province", "country") else "commune"


def _province_line(place_name: str) -> str:
    """``tỉnh Lạng Sơn`` or ``thành phố Hà Nội`` as written in a header (the place's own name)."""
    return place_name[:1].upper() + place_name[1:]


def letterhead(body: str, level: str, place_name: str, *, province_name: str | None = None,
               signer_name: str | None = None, signer_title: str | None = None,
               recipients: list[str] | None = None, settings: ReportSettings | None = None) -> Letterhead:
    """The letterhead of ``body`` for a report on a place (``place_name`` as printed: "tỉnh Lạng Sơn").

    ``province_name`` is the province a commune belongs to (its People's Committee receives the
    commune's report). Raises ValueError for an unknown body.
    """
    if body not in BODIES:
        raise ValueError(f"cơ quan ban hành '{body}' không có; chọn một trong {', '.join(BODIES)}")
    cfg = settings or ReportSettings()
    where = _province_line(place_name)
    province = province_name or place_name  # as written in a sentence: "tỉnh Thanh Hóa"
    if body == "alliance":
        issuer = (Issuer("LIÊN MINH HỢP TÁC XÃ VIỆT NAM", short="Liên minh HTX Việt Nam") if level == "country"
                  else Issuer(f"LIÊN MINH HTX {where.upper()}", parent=f"UBND {where.upper()}",
                              short="Liên minh HTX tỉnh"))
        number, authority, title = "    /BC-LMHTX", "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"
        default = ["Liên minh HTX Việt Nam", "Thường trực Tỉnh ủy", "UBND tỉnh", "Lưu: VT"]
    elif body in ("province", "commune"):
        issuer = Issuer(f"ỦY BAN NHÂN DÂN {where.upper()}", short=f"Ủy ban nhân dân {place_name}")
        number, authority, title = "    /BC-UBND", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
        default = (["Bộ Tài chính", "Liên minh HTX Việt Nam", "Thường trực Tỉnh ủy", "Thường trực HĐND tỉnh",
                    "Lưu: VT"] if body == "province"
                   else [f"UBND {province}", f"Sở Tài chính {province}", "Thường trực Đảng ủy, HĐND xã", "Lưu: VT"])
    else:
        name = cfg.department
        issuer = Issuer(name.upper(), parent=f"UBND {province.upper()}", short=f"{name} {province}")
        number, authority, title = "    /BC-S", None, "GIÁM ĐỐC"
        default = [f"UBND {province}", "Liên minh HTX tỉnh", "Lưu: VT"]
    listed = [r.strip() for r in (cfg.recipients or "").split(";") if r.strip()]
    return Letterhead(body, issuer, number,
                      Signer(title=signer_title or cfg.signer_title or title, name=signer_name or cfg.signer_name,
                             authority=authority),
                      recipients if recipients else listed or default)
