"""Ingestion: files become documents with mentions; re-runs change nothing; changed files become new
versions; bad files are refused by name while the others go in; documents show on the profiles they
mention, within the visibility rules."""

import pytest

from migis.documents.models import Document
from migis.ingest.pipeline import ingest_file, ingest_paths
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "a.txt").write_text("The Rabat Process met in Dakar; Senegal and Malta signed with IOM.")
    (tmp_path / "b.md").write_text("# Khartoum Process\n\nEritrea and Ethiopia discussed target 10.7.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / ".hidden.txt").write_text("Malta")
    return tmp_path


def test_folder_ingest_links_mentions_and_refuses_bad_files(folder):
    outcomes = {o.source.rsplit("/", 1)[1]: o for o in ingest_paths([folder])}
    assert set(outcomes) == {"a.txt", "b.md", "empty.txt"}
    assert outcomes["empty.txt"].status == "failed" and outcomes["empty.txt"].error == "the file is empty"
    a = outcomes["a.txt"].document
    assert outcomes["a.txt"].status == "created" and a.language == "en"
    refs = set(a.mentions.values_list("type", "ref"))
    assert {
        ("country", "SEN"),
        ("country", "MLT"),
        ("dialogue", "rabat-process"),
        ("organisation", "iom"),
    } <= refs
    b = outcomes["b.md"].document
    assert b.title == "Khartoum Process" and ("sdg_target", "10.7") in set(
        b.mentions.values_list("type", "ref")
    )


def test_reingest_changes_nothing_and_a_changed_file_is_a_new_version(folder):
    first = ingest_file(folder / "a.txt")
    count = Document.objects.count()
    again = ingest_file(folder / "a.txt")
    assert (
        again.status == "unchanged" and again.document == first.document and Document.objects.count() == count
    )
    (folder / "a.txt").write_text("The Rabat Process met again, now in Mauritania.")
    changed = ingest_file(folder / "a.txt")
    assert changed.status == "new_version"
    old, new = Document.objects.get(pk=first.document.pk), changed.document
    assert (old.is_current, new.is_current, new.version, new.previous) == (False, True, 2, old)
    assert old.mentions.exists()  # the old version keeps its text and mentions


def test_documents_show_on_the_profiles_they_mention(folder):
    document = ingest_file(folder / "a.txt").document
    html = client_for().get("/countries/SEN/").content.decode()
    assert document.get_absolute_url() in html and "Documents and news that mention it" in html
    assert document.get_absolute_url() in client_for().get("/dialogues/rabat-process/").content.decode()
    page = client_for().get(document.get_absolute_url()).content.decode()
    assert '<a class="mention country" href="/countries/SEN/" title="SEN">Senegal</a>' in page


def test_restricted_documents_stay_hidden(folder, users):
    document = ingest_file(folder / "a.txt", visibility="restricted").document
    assert document.get_absolute_url() not in client_for().get("/countries/SEN/").content.decode()
    assert client_for().get("/api/documents?country=SEN").json()["count"] == 0
    assert client_for().get(f"/api/documents/{document.key}").status_code == 404
    official = client_for(users["official"])
    assert official.get("/api/documents?country=SEN").json()["count"] == 1
    assert document.get_absolute_url() in official.get("/countries/SEN/").content.decode()


def test_documents_api_filters_and_detail(folder):
    document = ingest_file(folder / "b.md", kind="news").document
    client = client_for()
    assert client.get("/api/documents?type=news").json()["count"] == 1
    assert client.get("/api/documents?country=ERI&type=news").json()["results"][0]["key"] == document.key
    assert client.get("/api/documents?until=2000-01-01&type=news").json()["count"] == 0
    detail = client.get(f"/api/documents/{document.key}").json()
    assert detail["text"].startswith("# Khartoum Process")
    mention = next(m for m in detail["mentions"] if m["id"] == "ERI")
    assert detail["text"][mention["start"] : mention["end"]] == "Eritrea" == mention["text"]
    assert client.get("/api/documents?since=yesterday").status_code == 400


def test_demo_corpus_is_linked():
    from migis.ingest.pipeline import link_unlinked

    link_unlinked()
    report = Document.objects.get(key="icmpd-annual-report-2020")
    assert report.mentions.filter(type="country", ref="MLT").exists()
    assert client_for().get("/api/documents?country=MLT").json()["count"] >= 1


def test_ingest_command_reports_each_file(folder, capsys):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="1 failed"):  # `migis ingest` exits with 1
        call_command("ingest", str(folder))
    captured = capsys.readouterr()
    assert "2 created, 1 failed" in captured.out and "empty.txt: the file is empty" in captured.err


def test_news_mentions_map_layer(folder, users):
    from datetime import timedelta

    from django.utils import timezone

    from migis.ingest.pipeline import ingest_text

    now = timezone.now()
    ingest_text("Malta and Tunisia met.", source="n1", kind="news", published=now - timedelta(days=2))
    ingest_text("Malta again.", source="n2", kind="news", published=now - timedelta(days=3))
    ingest_text("Malta long ago.", source="n3", kind="news", published=now - timedelta(days=90))
    ingest_text("Malta, restricted.", source="n4", kind="news", published=now, visibility="restricted")
    ingest_text("Malta in a report.", source="n5", kind="report", published=now)
    values = client_for().get("/api/map?layer=mentions").json()["values"]
    assert values == {"MLT": 2, "TUN": 1}
    assert client_for(users["official"]).get("/api/map?layer=mentions").json()["values"]["MLT"] == 3
    assert client_for().get("/?layer=mentions").status_code == 200
    # the reader picks the look-back: 91 days reach the old item, 1 day none of them
    assert client_for().get("/api/map?layer=mentions&days=91").json()["values"] == {"MLT": 3, "TUN": 1}
    assert client_for().get("/api/map?layer=mentions&days=1").json()["values"] == {}
    bad = client_for().get("/api/map?layer=mentions&days=0")
    assert bad.status_code == 400 and bad.json()["error"]["details"][0]["field"] == "days"
    page = client_for().get("/?layer=mentions&days=7").content.decode()
    assert '<option value="7" selected>7 days</option>' in page and "over the last 7 days" in page
    odd = client_for().get("/?layer=mentions&days=45").content.decode()
    assert '<option value="45" selected>45 days</option>' in odd  # the map script reads the form


def test_upload_form_for_editors(users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(client, content=b"The Khartoum Process met in Eritrea.", name="note.txt"):
        return client.post(
            "/documents/upload/",
            {"file": SimpleUploadedFile(name, content), "kind": "report", "visibility": "public"},
        )

    assert upload(client_for()).status_code == 403
    assert upload(client_for(users["official"])).status_code == 403
    response = upload(client_for(users["editor"]))
    assert response.status_code == 302
    document = Document.objects.get(url="", file_name="note.txt")
    assert ("country", "ERI") in set(document.mentions.values_list("type", "ref"))
    failed = upload(client_for(users["editor"]), b"", "empty.txt")
    assert failed.status_code == 200 and "The submitted file is empty" in failed.content.decode()
    binary = upload(client_for(users["editor"]), b"\x00\x01binary", "x.txt")
    assert binary.status_code == 200 and "binary content" in binary.content.decode()


def test_upload_needs_csrf(users):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["editor"])
    assert client.post("/documents/upload/", {}).status_code == 403


def test_a_new_project_is_linked_without_a_restart():
    from migis.ingest.pipeline import ingest_text
    from migis.projects.models import Project

    Project.objects.create(
        slug="zebra-route", acronym="ZEBRA", title="Zebra Route Initiative", source_title="t"
    )
    document = ingest_text("The ZEBRA project started.", source="t").document
    assert ("project", "zebra-route") in set(document.mentions.values_list("type", "ref"))


def test_an_explicit_visibility_applies_to_content_already_held(folder, capsys):
    """`migis ingest --visibility restricted` on content stored as public restricts it (it printed
    "unchanged" and left it public); a plain re-run changes no visibility."""
    from django.core.management import call_command

    from migis.ingest.pipeline import ingest_text

    public = ingest_file(folder / "a.txt").document
    assert public.visibility == "public"
    call_command("ingest", str(folder / "a.txt"), visibility="restricted")
    assert "visibility  " in capsys.readouterr().out
    public.refresh_from_db()
    assert public.visibility == "restricted"
    call_command("ingest", str(folder / "a.txt"))  # no --visibility: left as it is
    public.refresh_from_db()
    assert public.visibility == "restricted"
    # A feed's visibility is for its new items: an item already held elsewhere keeps its own.
    again = ingest_text(public.text, source="feed item", default_visibility="public")
    assert again.status == "unchanged" and again.document.visibility == "restricted"
