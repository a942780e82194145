"""Text of a report file (đọc tệp): .txt, .docx, .pdf (text layer) and saved .html pages.

Every reader returns Unicode NFC text with ``\\n`` line ends. Anything wrong with a file
raises :class:`ReadError` naming the file and the problem in Vietnamese and English.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zipfile
from pathlib import Path

from htx.ingest.legacy import detect
from htx.ingest.lexicon import fold, lexicon
from htx.ingest.model import ReadError

MAX_BYTES = 50 * 1024 * 1024
EXTENSIONS = (".txt", ".docx", ".pdf", ".html", ".htm")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\ufeff]")
_JUNK_CLASS = re.compile(r"menu|nav|share|social|footer|breadcrumb|sidebar|comment|related|banner|widget|"
                         r"copyright|header|toolbar|print|tags|rating", re.IGNORECASE)


def _fail(path: Path, vi: str, en: str) -> ReadError:
    return ReadError(f"{path.name}: {vi} / {en}")


def normalize(text: str) -> str:
    """NFC, ``\\n`` line ends, no zero-width or control characters, NBSP as space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def _legacy(text: str) -> str:
    enc = detect(text)
    return enc.decode(text) if enc is not None else text


def decode_bytes(path: Path, data: bytes) -> str:
    """Text of a plain-text file: UTF-8/UTF-16, else a legacy 8-bit Vietnamese encoding."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _fail(path, "tệp UTF-16 hỏng", "broken UTF-16 file") from exc
    if b"\x00" in data[:4096]:
        raise _fail(path, "tệp nhị phân, không phải văn bản", "binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        if detect(text) is None:
            try:
                text = data.decode("cp1258")
            except UnicodeDecodeError as exc:
                raise _fail(path, "không nhận ra bảng mã của tệp", "unknown text encoding") from exc
    if len(_CONTROL.findall(text[:10000])) > max(8, len(text[:10000]) // 50):
        raise _fail(path, "tệp nhị phân, không phải văn bản", "binary file, not text")
    return text


def _read_docx(path: Path) -> str:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, Exception) as exc:
        raise _fail(path, "tệp .docx hỏng hoặc không phải Word", "broken or not a Word .docx file") from exc
    parts: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            parts.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = cell.text.strip()
                    if not cells or cells[-1] != value:
                        cells.append(value)
                parts.append(" | ".join(c for c in cells if c))
    return "\n".join(parts)


def _read_pdf(path: Path) -> str:
    try:
        import pdfplumber

        with pdfplumber.open(str(path)) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except Exception as exc:
        raise _fail(path, "tệp PDF hỏng", "broken PDF file") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise _fail(path, "PDF không có lớp chữ (bản quét), cần nhận dạng chữ (OCR) trước",
                    "PDF has no text layer (scanned); run OCR first")
    return text


def _is_caption(line: str) -> bool:
    tagger = lexicon().taggers["documents.caption"]
    return len(line) < 200 and tagger.regex.match(fold(line.strip())) is not None


def _read_html(path: Path, data: bytes) -> str:
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception as exc:
        raise _fail(path, "trang HTML hỏng", "broken HTML page") from exc
    for el in soup(["script", "style", "nav", "header", "footer", "aside", "form", "noscript",
                    "iframe", "figcaption", "button", "svg", "select"]):
        el.decompose()
    for el in soup.find_all(True):
        if el.decomposed or el.attrs is None:
            continue
        ident = " ".join([*(el.get("class") or []), str(el.get("id") or "")])
        if ident.strip() and _JUNK_CLASS.search(ident) and el.name not in ("body", "html", "main", "article"):
            el.decompose()
    title_el = soup.find("h1") or soup.find("title")
    title = title_el.get_text(" ", strip=True) if title_el else ""
    meta = soup.find("meta", attrs={"property": "article:published_time"}) or soup.find("time")
    published = ""
    if meta is not None:
        raw = str(meta.get("content") or meta.get("datetime") or meta.get_text() or "")
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})", raw)
        published = f"{m.group(3)}/{m.group(2)}/{m.group(1)}" if m else ""
    root = soup.find("article") or soup.find("main") or soup.body or soup
    lines = [ln.strip() for ln in root.get_text("\n").split("\n")]
    body = [ln for ln in lines if ln and not _is_caption(ln)]
    if title and (not body or body[0] != title):
        body.insert(0, title)
    if published:
        body.insert(1, f"Ngày đăng: {published}")
    return "\n\n".join(body)


def read_file(path: str | Path) -> str:
    """The text of a report file (NFC). Raises :class:`ReadError` for anything unreadable."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".doc":
        raise _fail(p, "định dạng Word cũ (.doc), hãy lưu lại thành .docx", "old Word format (.doc); save as .docx")
    if suffix not in EXTENSIONS:
        raise _fail(p, f"không đọc được loại tệp '{suffix or '(không có đuôi)'}' (chỉ .txt, .docx, .pdf, .html)",
                    f"unsupported file type '{suffix or '(none)'}' (only .txt, .docx, .pdf, .html)")
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise _fail(p, "không mở được tệp", f"cannot open file ({exc.strerror})") from exc
    if size == 0:
        raise _fail(p, "tệp rỗng", "empty file")
    if size > MAX_BYTES:
        raise _fail(p, f"tệp quá lớn ({size // (1024 * 1024)} MB, tối đa {MAX_BYTES // (1024 * 1024)} MB)",
                    f"file too large ({size // (1024 * 1024)} MB, limit {MAX_BYTES // (1024 * 1024)} MB)")
    try:
        if suffix == ".docx":
            text = _read_docx(p)
        elif suffix == ".pdf":
            text = _read_pdf(p)
        else:
            data = p.read_bytes()
            text = _read_html(p, data) if suffix in (".html", ".htm") else decode_bytes(p, data)
    except ReadError:
        raise
    except (OSError, RecursionError, ValueError, LookupError) as exc:
        raise _fail(p, "không đọc được tệp", f"cannot read file ({type(exc).__name__})") from exc
    text = normalize(_legacy(text))
    if not text.strip():
        raise _fail(p, "tệp không có chữ", "file has no text")
    return text
