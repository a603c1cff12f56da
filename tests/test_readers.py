"""Readers: each format to text, and a clear refusal naming the file for bad input."""

import io

import pytest

from migis.ingest.readers import ReaderError, read_file


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF whose page shows `text` (built by hand: no PDF writer package needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def test_text_and_markdown(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# Rabat Process meeting\n\nIt met in Morocco.", encoding="utf-8")
    extracted = read_file(path)
    assert extracted.title == "Rabat Process meeting" and "Morocco" in extracted.text


def test_non_utf8_text_is_converted(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le Processus de Rabat réunit la Côte d'Ivoire et le Sénégal à Dakar.".encode("latin-1"))
    assert "Côte d'Ivoire" in read_file(path).text


def test_html_main_text_without_boilerplate(tmp_path):
    path = tmp_path / "page.html"
    article = (
        "<p>"
        + "The Khartoum Process met in Khartoum to discuss migrant smuggling along the route. " * 5
        + "</p>"
    )
    path.write_text(
        "<html><head><title>Khartoum Process meeting</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/about'>About us</a> Cookie settings</nav>"
        f"<article><h1>Khartoum Process meeting</h1>{article}</article>"
        "<footer>Copyright 2024 Example. All rights reserved.</footer></body></html>"
    )
    extracted = read_file(path)
    assert extracted.title == "Khartoum Process meeting"
    assert "migrant smuggling" in extracted.text and "Cookie settings" not in extracted.text


def test_pdf(tmp_path):
    path = tmp_path / "doc.pdf"
    path.write_bytes(minimal_pdf("ICMPD supported Malta"))
    assert "ICMPD supported Malta" in read_file(path).text


def test_encrypted_pdf_is_refused(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(minimal_pdf("secret"))))
    writer.encrypt("password")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(ReaderError, match=r"locked\.pdf: the PDF is encrypted"):
        read_file(path)


def test_truncated_pdf_is_refused(tmp_path):
    path = tmp_path / "cut.pdf"
    path.write_bytes(minimal_pdf("ICMPD supported Malta")[:120])
    with pytest.raises(
        ReaderError, match=r"cut\.pdf: (damaged or truncated PDF|the PDF has no extractable text)"
    ):
        read_file(path)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"  \n\n ", "the file is empty"),
        ("binary.txt", b"\x00\x01\x02\x03abc", "binary content"),
        ("fake.pdf", b"hello, not a pdf", "no %PDF header"),
    ],
)
def test_bad_files_are_refused_with_their_name(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReaderError, match=message) as err:
        read_file(path)
    assert str(path) in str(err.value)


def test_size_limit_is_checked_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # a sparse 2 GB file: nothing is written to disk
        fh.truncate(2 * 1024**3)
    with pytest.raises(ReaderError, match=r"2048 MB is more than the 200 MB limit"):
        read_file(path)


def test_arabic_windows_encoding_is_converted(tmp_path):
    path = tmp_path / "ar.txt"
    path.write_bytes("عقد مسار الرباط اجتماعا في المغرب بمشاركة المنظمة الدولية للهجرة".encode("cp1256"))
    assert "المغرب" in read_file(path).text
