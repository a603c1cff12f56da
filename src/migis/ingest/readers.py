"""Readers turn a file into text: one per format, registered the same way (see READERS).

Every refusal is a ReaderError that names the file and says what is wrong; nothing is half-read. What a
reader returns goes through clean_text and clean_title (see finish), so no control character or bidi
override reaches the database or a page.
"""

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from migis.ingest.clean import clean_text, clean_title

MAX_BYTES = 200 * 1024 * 1024  # files larger than this are refused before being read
# A PDF is small on disk but its streams inflate: pypdf caps each stream (LimitReachedError), these cap
# the whole. 10,000 pages is more than any report or treaty collection; 50 million characters is 10,000
# dense pages of 5,000 characters (50 to 200 MB in memory), so the text stays bounded by the page cap.
MAX_PDF_PAGES = 10_000
MAX_PDF_CHARS = 50_000_000
TITLE_CHARS = 300

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


def finish(source, text: str, title: str, format: str) -> Extracted:
    """What every reader returns: the text and title cleaned, the title the first line when there is none."""
    text = clean_text(text)
    if not text.strip():
        raise ReaderError(source, "no text left once control characters are removed")
    title = clean_title(title) or clean_title(next(line for line in text.splitlines() if line.strip()))
    return Extracted(text=text, title=title[:TITLE_CHARS], format=format)


def decode(data: bytes, source) -> str:
    """UTF-8 (with or without BOM), else the encoding charset-normalizer detects with confidence.

    A NUL anywhere means binary content (a text never holds one), except in UTF-16 with its BOM, where the
    decoded text is checked instead."""
    if not data.strip():
        raise ReaderError(source, "the file is empty")
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        _refuse_nul(source, data.find(b"\x00"), "byte")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _detect(data, source)
    _refuse_nul(source, text.find("\x00"), "character")
    return text


def _refuse_nul(source, offset: int, unit: str):
    if offset >= 0:
        raise ReaderError(
            source, f"binary content (a NUL at {unit} {offset:,}), not a text document; refused"
        )


def _detect(data: bytes, source) -> str:
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
    return finish(source, text, first, "text")


def read_html(data: bytes, source) -> Extracted:
    import trafilatura

    html = decode(data, source)
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
        meta = trafilatura.extract_metadata(html) if text and text.strip() else None
    except Exception as exc:  # trafilatura and lxml fail in many ways on hostile markup
        raise ReaderError(source, f"the HTML page could not be parsed ({_describe(exc)})") from exc
    if not text or not text.strip():
        raise ReaderError(source, "no main text found in the HTML page")
    return finish(source, text, (meta.title if meta and meta.title else "") or "", "html")


def read_pdf(data: bytes, source) -> Extracted:
    from pypdf.errors import LimitReachedError

    if not data.startswith(b"%PDF"):
        raise ReaderError(source, "not a PDF file (no %PDF header)")
    try:
        text, title = _pdf_text(data, source)
    except ReaderError:
        raise
    except LimitReachedError as exc:
        raise ReaderError(
            source, f"the PDF exceeds the decompression limit: a decompression bomb? (pypdf: {exc})"
        ) from exc
    except Exception as exc:  # any failure of pypdf on a damaged file is this file's refusal
        raise ReaderError(source, f"damaged or truncated PDF ({_describe(exc)})") from exc
    if not text.strip():
        raise ReaderError(source, "the PDF has no extractable text (scanned images?)")
    return finish(source, text, title, "pdf")


def _pdf_text(data: bytes, source) -> tuple[str, str]:
    """The text of every page and the title of the metadata, within MAX_PDF_PAGES and MAX_PDF_CHARS."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise ReaderError(source, "the PDF is encrypted; decrypt it first")
    if len(reader.pages) > MAX_PDF_PAGES:
        raise ReaderError(source, f"{len(reader.pages):,} pages is more than the {MAX_PDF_PAGES:,} limit")
    pages, size = [], 0
    for page in reader.pages:
        pages.append(page.extract_text() or "")
        size += len(pages[-1])
        if size > MAX_PDF_CHARS:
            raise ReaderError(source, f"more than {MAX_PDF_CHARS:,} characters of text; refused")
    title = reader.metadata.title if reader.metadata and reader.metadata.title else ""
    return "\n\n".join(pages), str(title)


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


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
    """The text of a regular file (a symbolic link to one is fine); anything else is refused unopened."""
    path = Path(path)
    data = read_bytes(path, max_bytes)
    return reader_for(path, data[:1024])(data, path)


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """At most max_bytes of a regular file: a FIFO or a device is never opened, a file that grows while
    it is read is refused when it passes the limit, never read whole."""
    size = _regular_size(path)
    if size > max_bytes:
        raise ReaderError(path, f"{_size(size)} is more than the {_size(max_bytes)} limit")
    try:
        # O_NONBLOCK: should the path become a FIFO after the check, opening it does not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise ReaderError(path, "not a regular file any more; refused")
            data = _read_at_most(fh, max_bytes, size)
    except OSError as exc:
        raise ReaderError(path, f"cannot read the file ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise ReaderError(path, f"the file grew past the {_size(max_bytes)} limit while being read; refused")
    return data


def _read_at_most(fh, limit: int, expected: int) -> bytes:
    """Up to limit + 1 bytes. The first read asks for the size stat gave (a 1 KB file allocates 1 KB, not
    the limit); only a file that has grown since is read on, a megabyte at a time."""
    first = fh.read(expected + 1)
    if len(first) <= expected:
        return first
    data = bytearray(first)
    while len(data) <= limit and (more := fh.read(min(2**20, limit + 1 - len(data)))):
        data += more
    return bytes(data)


_KINDS = [
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
]


def _regular_size(path: Path) -> int:
    """The size of the regular file at path (after symbolic links), or a ReaderError saying what it is."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise ReaderError(path, _missing(path, exc)) from exc
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return info.st_size
    if stat.S_ISDIR(mode):
        raise ReaderError(path, _folder(path))
    kind = next((name for test, name in _KINDS if test(mode)), "a special file")
    raise ReaderError(path, f"{kind}, not a regular file; refused")


def _missing(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "a symbolic link loop (the links never reach a file); refused"
    if exc.errno == errno.ENOENT and path.is_symlink():
        return f"a broken symbolic link (it points to {os.readlink(path)}, which does not exist); refused"
    if exc.errno == errno.ENOENT:
        return "the file does not exist"
    return f"cannot read the file ({exc.strerror or exc})"


def _folder(path: Path) -> str:
    if not path.is_symlink():
        readable = os.access(path, os.R_OK | os.X_OK)
        return "a folder, not a file" + ("" if readable else " (and it cannot be listed: permission denied)")
    target = path.resolve()
    if path.parent.resolve().is_relative_to(target):
        return f"a symbolic link loop (it points back to {target}, a folder that contains it); refused"
    return f"a symbolic link to the folder {target}, not a file"


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n:,} bytes"
