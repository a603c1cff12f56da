"""Readers turn a file into text: one per format, registered the same way (see READERS).

Every refusal is a ReaderError that names the file and says what is wrong; nothing is half-read.
"""

import re
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 200 * 1024 * 1024  # files larger than this are refused before being read


_PREFERRED = {
    name: rank for rank, name in enumerate(["cp1252", "latin_1", "iso8859_15", "cp1256", "iso8859_6"])
}


class ReaderError(Exception):
    def __init__(self, source, message: str):
        self.source, self.message = str(source), message
        super().__init__(f"{source}: {message}")


@dataclass
class Extracted:
    text: str
    title: str = ""
    format: str = "text"


def decode(data: bytes, source) -> str:
    """UTF-8 (with or without BOM), else the encoding charset-normalizer detects with confidence."""
    if not data.strip():
        raise ReaderError(source, "the file is empty")
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReaderError(source, "binary content (NUL bytes), not a text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches or min(m.chaos for m in matches) > 0.2:
        raise ReaderError(source, "not UTF-8, and no other text encoding could be recognised")
    # Short texts fit several single-byte encodings equally well: prefer the common ones of the field.
    least = min(m.chaos for m in matches)
    plausible = [m for m in matches if m.chaos <= least + 0.05]
    return str(min(plausible, key=lambda m: _PREFERRED.get(m.encoding, len(_PREFERRED))))


def read_text(data: bytes, source) -> Extracted:
    text = decode(data, source)
    first = next((line.strip("# ").strip() for line in text.splitlines() if line.strip()), "")
    return Extracted(text=text, title=first[:300], format="text")


def read_html(data: bytes, source) -> Extracted:
    import trafilatura

    html = decode(data, source)
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    if not text or not text.strip():
        raise ReaderError(source, "no main text found in the HTML page")
    meta = trafilatura.extract_metadata(html)
    title = (meta.title if meta and meta.title else "") or text.strip().splitlines()[0]
    return Extracted(text=text, title=title[:300], format="html")


def read_pdf(data: bytes, source) -> Extracted:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.startswith(b"%PDF"):
        raise ReaderError(source, "not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ReaderError(source, "the PDF is encrypted; decrypt it first")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReaderError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ReaderError(source, f"damaged or truncated PDF ({exc})") from exc
    text = "\n\n".join(pages)
    if not text.strip():
        raise ReaderError(source, "the PDF has no extractable text (scanned images?)")
    title = (
        reader.metadata.title if reader.metadata and reader.metadata.title else ""
    ) or text.strip().split("\n")[0]
    return Extracted(text=text, title=str(title)[:300], format="pdf")


READERS = {
    ".txt": read_text,
    ".text": read_text,
    ".md": read_text,
    ".markdown": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
}
_HTML_START = re.compile(rb"^\s*(<!doctype html|<html)", re.IGNORECASE)


def reader_for(path: Path, head: bytes):
    if head.startswith(b"%PDF"):
        return read_pdf
    if _HTML_START.match(head[:512]):
        return read_html
    return READERS.get(path.suffix.lower(), read_text)


def read_file(path, max_bytes: int = MAX_BYTES) -> Extracted:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReaderError(
                path, f"{size / 2**20:.0f} MB is more than the {max_bytes / 2**20:.0f} MB limit"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ReaderError(path, f"cannot read the file ({exc.strerror or exc})") from exc
    return reader_for(path, data[:1024])(data, path)
