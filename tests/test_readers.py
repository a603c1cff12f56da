"""Readers: each format to text, and a clear refusal naming the file for bad input."""

import io
import os
import socket
import threading
import zlib
from pathlib import Path

import pytest

from migis.ingest.clean import clean_text, clean_title
from migis.ingest.paths import walk
from migis.ingest.readers import ReaderError, read_file


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF whose page shows `text` (built by hand: no PDF writer package needed)."""
    return pdf_with_content(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode())


def pdf_with_content(stream: bytes, stream_options: bytes = b"", font: bytes = b"", extra=()) -> bytes:
    """A one-page PDF whose page content is `stream`, with Helvetica as /F1 unless `font` says otherwise;
    `extra` objects are numbered from 6."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length "
        + str(len(stream)).encode()
        + stream_options
        + b" >>\nstream\n"
        + stream
        + b"\nendstream",
        font or b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra,
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


# Hostile and odd files: each is refused by name, nothing hangs, nothing grows without bound.


def decompression_bomb() -> bytes:
    """A PDF of about 100 KB whose page content inflates to twice what pypdf agrees to decompress."""
    from pypdf import get_configuration

    limit = get_configuration().zlib_maximum_output_length
    packer = zlib.compressobj(9)
    blank = b" " * 2**20
    stream = packer.compress(b"BT /F1 12 Tf 72 720 Td (boom) Tj ET\n")
    stream += b"".join(packer.compress(blank) for _ in range(2 * limit // len(blank)))
    stream += packer.flush()
    return pdf_with_content(stream, b" /Filter /FlateDecode")


def test_decompression_bomb_pdf_is_refused(tmp_path):
    path = tmp_path / "bomb.pdf"
    path.write_bytes(decompression_bomb())
    assert path.stat().st_size < 1024**2
    with pytest.raises(
        ReaderError, match=r"bomb\.pdf: .*exceeds the decompression limit: a decompression bomb\?"
    ):
        read_file(path)


@pytest.mark.django_db
def test_a_bomb_does_not_stop_the_run(tmp_path):
    from migis.ingest.pipeline import ingest_paths

    (tmp_path / "a-bomb.pdf").write_bytes(decompression_bomb())
    (tmp_path / "b-good.txt").write_text("The Rabat Process met in Dakar.")
    outcomes = {
        Path(o.source).name: o for o in ingest_paths([tmp_path / "a-bomb.pdf", tmp_path / "b-good.txt"])
    }
    assert outcomes["a-bomb.pdf"].status == "failed" and "decompression bomb" in outcomes["a-bomb.pdf"].error
    assert outcomes["b-good.txt"].status == "created"


def test_unexpected_pypdf_failure_becomes_a_refusal(tmp_path, monkeypatch):
    from pypdf import PageObject

    def broken(self, *args, **kwargs):  # stands for a pypdf bug met on a damaged file
        raise AttributeError("'NoneType' object has no attribute 'get_object'")

    monkeypatch.setattr(PageObject, "extract_text", broken)
    path = tmp_path / "odd.pdf"
    path.write_bytes(minimal_pdf("ICMPD supported Malta"))
    with pytest.raises(ReaderError, match=r"odd\.pdf: damaged or truncated PDF \(AttributeError: "):
        read_file(path)


def test_unexpected_trafilatura_failure_becomes_a_refusal(tmp_path, monkeypatch):
    import trafilatura

    def broken(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(trafilatura, "extract", broken)
    path = tmp_path / "deep.html"
    path.write_text("<html><body><p>The Khartoum Process met.</p></body></html>")
    with pytest.raises(ReaderError, match=r"deep\.html: the HTML page could not be parsed \(RecursionError"):
        read_file(path)


def test_pdf_text_is_cleaned_of_nul(tmp_path):
    # A damaged CMap makes pypdf return a NUL before the text: it must not reach the database.
    font = b"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding 6 0 R /DescendantFonts [] >>"
    cmap = b"<< /Length 7 >>\nstream\ngarbage\nendstream"
    data = pdf_with_content(b"BT /F1 12 Tf <0068> Tj ET", font=font, extra=[cmap])
    path = tmp_path / "nul.pdf"
    path.write_bytes(data)
    assert read_file(path).text == "h"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused_as_a_device():
    with pytest.raises(ReaderError, match=r"^/dev/zero: a character device, not a regular file"):
        read_file("/dev/zero")


def read_in_thread(path, **options):
    """read_file(path) with a 10 s deadline: a read that would hang fails the test instead."""
    result: dict = {}

    def target():
        try:
            result["value"] = read_file(path, **options)
        except Exception as exc:  # noqa: BLE001 - whatever it is, the test's thread raises it below
            result["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():  # open a FIFO's write end and close it, so the blocked reader ends
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"read_file({path}) hangs")
    if "error" in result:
        raise result["error"]
    return result["value"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_without_hanging(tmp_path):
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    with pytest.raises(ReaderError, match=r"pipe\.txt: a FIFO \(named pipe\), not a regular file"):
        read_in_thread(path)


def unix_socket(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    return sock


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets here")
def test_socket_is_refused(tmp_path):
    path = tmp_path / "s.sock"
    with unix_socket(path):
        with pytest.raises(ReaderError, match=r"s\.sock: a socket, not a regular file"):
            read_file(path)


def test_missing_file_is_refused():
    with pytest.raises(ReaderError, match=r"nowhere\.txt: the file does not exist"):
        read_file("/nonexistent/nowhere.txt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_walk_yields_every_odd_entry_and_read_file_refuses_each(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("The Rabat Process met in Dakar.")
    (folder / "sub" / "deep.md").write_text("# Khartoum Process")
    (folder / ".hidden.txt").write_text("Malta")
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text("x")
    os.mkfifo(folder / "fifo")
    (folder / "broken").symlink_to(tmp_path / "gone.txt")
    (folder / "loop-a").symlink_to(folder / "loop-b")
    (folder / "loop-b").symlink_to(folder / "loop-a")
    (folder / "sub" / "up").symlink_to(folder)  # a folder link back to a parent
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "linked.txt").write_text("IOM in Malta.")
    (folder / "link-out").symlink_to(tmp_path / "outside")  # a folder link elsewhere: followed
    (folder / "link-out-again").symlink_to(tmp_path / "outside")  # a second way there: refused
    named_missing = tmp_path / "missing.txt"
    with unix_socket(folder / "sock"):
        found = [p.relative_to(tmp_path).as_posix() for p in walk([folder, named_missing])]
        assert found == [
            "in/broken",
            "in/fifo",
            "in/good.txt",
            "in/link-out/linked.txt",
            "in/link-out-again",
            "in/loop-a",
            "in/loop-b",
            "in/sock",
            "in/sub/deep.md",
            "in/sub/up",
            "missing.txt",
        ]
        reasons = {}
        for name in found:
            try:
                read_in_thread(tmp_path / name)
            except ReaderError as exc:
                assert exc.source == str(tmp_path / name)
                reasons[name] = exc.message
    gone, outside, parent = tmp_path / "gone.txt", (tmp_path / "outside").resolve(), folder.resolve()
    assert reasons == {
        "in/broken": f"a broken symbolic link (it points to {gone}, which does not exist); refused",
        "in/fifo": "a FIFO (named pipe), not a regular file; refused",
        "in/link-out-again": f"a symbolic link to the folder {outside}, not a file",
        "in/loop-a": "a symbolic link loop (the links never reach a file); refused",
        "in/loop-b": "a symbolic link loop (the links never reach a file); refused",
        "in/sock": "a socket, not a regular file; refused",
        "in/sub/up": f"a symbolic link loop (it points back to {parent}, a folder that contains it); refused",
        "missing.txt": "the file does not exist",
    }


def test_walk_order_is_stable_and_named_files_come_as_given(tmp_path):
    for name in ["b.txt", "a.txt", "c/z.txt", "c/a.txt", "ab/x.txt"]:
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in walk([tmp_path / "b.txt", tmp_path])]
    assert found == ["b.txt", "a.txt", "ab/x.txt", "b.txt", "c/a.txt", "c/z.txt"]


def test_nul_after_the_first_8_kb_is_refused(tmp_path):
    path = tmp_path / "tail.txt"
    path.write_bytes(b"The Rabat Process met in Dakar. " * 300 + b"\x00\x01\x02")
    with pytest.raises(ReaderError, match=r"tail\.txt: binary content \(a NUL at byte 9,600\)"):
        read_file(path)


def test_nul_in_utf16_text_is_refused(tmp_path):
    path = tmp_path / "wide.txt"
    path.write_bytes("The Rabat Process met in Dakar.\x00 Malta.".encode("utf-16"))
    with pytest.raises(ReaderError, match=r"wide\.txt: binary content \(a NUL at character 31\)"):
        read_file(path)


def test_bidi_override_is_removed_from_titles(tmp_path):
    text = tmp_path / "report.md"
    text.write_text("# Annual report \u202egpj.exe\u202c\u200b\n\nThe Rabat Process met in Dakar.")
    assert read_file(text).title == "Annual report gpj.exe"
    page = tmp_path / "page.html"
    body = "<p>" + "The Khartoum Process met in Khartoum to discuss migrant smuggling. " * 5 + "</p>"
    page.write_text(
        "<html><head><title>Khartoum\u202e Process\u2066 meeting</title></head>"
        f"<body><article><h1>Khartoum\u202e Process\u2066 meeting</h1>{body}</article></body></html>"
    )
    extracted = read_file(page)
    assert extracted.title == "Khartoum Process meeting"
    assert "\u202e" not in extracted.text and "\u2066" not in extracted.text


def test_bidi_controls_leave_the_body_but_arabic_marks_stay(tmp_path):
    path = tmp_path / "ar.txt"
    arabic = "عقد مسار الرباط\u200f (2024) اجتماعا في المغرب\u061c"
    path.write_text(f"Rabat Process\n\nFile \u202etxt.exe\u202c and\u0007 bell.\n{arabic}\f\n")
    text = read_file(path).text
    assert "File txt.exe and bell." in text
    assert arabic in text and "\f" in text


def test_clean_text_and_clean_title():
    assert (
        clean_text("a\x00b\x1bc\x7f\x85d\u202ae\u2069\tf\r\n\fg\u200eh\u200c")
        == "abcde\tf\r\n\fg\u200eh\u200c"
    )
    assert clean_title("  Rabat\u200b\u2060\ufeff \n\u200f Process\u202e\u061c\t ") == "Rabat Process"
    assert clean_title("می\u200cخواهم \u200dx") == "می\u200cخواهم \u200dx"


def test_file_growing_past_the_limit_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "log.txt"
    path.write_text("small at first\n")
    real_stat = os.stat

    def stat_then_grow(target, *args, **kwargs):  # the file grows right after its size was taken
        result = real_stat(target, *args, **kwargs)
        if str(target) == str(path):
            with open(path, "ab") as fh:
                fh.write(b"more and more lines\n" * 1000)
        return result

    monkeypatch.setattr(os, "stat", stat_then_grow)
    with pytest.raises(
        ReaderError, match=r"log\.txt: the file grew past the 1,000 bytes limit while being read"
    ):
        read_file(path, max_bytes=1000)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="no /proc")
def test_file_whose_size_is_unknown_is_read_within_the_limit():
    # /proc files say 0 bytes and hold more: the size stat gives is not trusted for the read.
    with pytest.raises(ReaderError, match=r"grew past the 100 bytes limit"):
        read_file("/proc/self/status", max_bytes=100)
    assert "Name:" in read_file("/proc/self/status").text
