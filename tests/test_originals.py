"""A document keeps the file it was read from: offered on its page, served only to readers who may open
the document, as a download, and stored again by a re-run when a crash kept it from being stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from migis.core.permissions import Role
from migis.documents import originals
from migis.ingest.pipeline import ingest_file, ingest_upload
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
BODY = "<html><body><h1>Returns to Senegal</h1><p>Malta and Senegal met.</p><script>alert(1)</script>"


def test_an_upload_keeps_its_original_and_offers_it(users):
    upload = SimpleUploadedFile("Rapport final.html", BODY.encode(), content_type="text/html")
    outcome = ingest_upload(upload, kind="report", visibility="restricted")
    document = outcome.document
    assert document.original and document.original_size == len(BODY.encode())
    assert originals.path_of(document).read_bytes() == BODY.encode()
    official = client_for(users[Role.OFFICIAL])
    page = official.get(document.get_absolute_url()).content.decode()
    assert f'href="/documents/{document.key}/original"' in page and "Rapport final.html" in page
    assert "SHA-256" not in page
    response = official.get(f"/documents/{document.key}/original")
    assert response.status_code == 200 and b"".join(response.streaming_content) == BODY.encode()
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]
    # a reader who may not open the document may not have its file either
    assert client_for().get(f"/documents/{document.key}/original").status_code == 404
    assert client_for(users[Role.PUBLIC]).get(f"/documents/{document.key}/original").status_code == 404


def test_a_rerun_stores_an_original_a_crash_left_out(tmp_path):
    source = tmp_path / "note.txt"
    source.write_text("Tunisia and Malta signed an agreement on returns.")
    first = ingest_file(source)
    first.document.original = ""
    first.document.save(update_fields=["original"])  # as if killed before the copy
    again = ingest_file(source)
    assert again.status == "unchanged" and again.document.original
    assert originals.path_of(again.document).read_text() == source.read_text()


def test_no_original_no_link_and_a_web_page_names_its_host():
    from migis.documents.models import Document

    document = Document.objects.create(
        key="web-item", title="Web item", text="Malta.", url="https://www.example.org/news/1", kind="news"
    )
    html = client_for().get(document.get_absolute_url()).content.decode()
    assert 'href="https://www.example.org/news/1"' in html and ">example.org/news/1</a>" in html
    assert "/original" not in html
    assert client_for().get("/documents/web-item/original").status_code == 404


def test_a_document_links_its_other_versions_and_nothing_else(tmp_path):
    source = tmp_path / "plan.txt"
    source.write_text("The first plan, for Malta.")
    first = ingest_file(source).document
    source.write_text("The second plan, for Malta and Tunisia.")
    second = ingest_file(source).document
    html = client_for().get(second.get_absolute_url()).content.decode()
    versions = html.split("Other versions")[1].split("</p>")[0]
    assert f'href="{first.get_absolute_url()}"' in versions and ">1</a>" in versions
    alone = client_for().get("/documents/icmpd-annual-report-2020/").content.decode()
    assert "Other versions" not in alone  # the language links are not taken for versions
