"""Event facts stated in documents: dates, place, participants, countries; only in sentences about a
meeting; offsets into the text; stored at ingestion, printed by `migis extract`, shown and in the API."""

import json

import pytest

from migis.ingest.linking import Linker
from migis.ingest.linking.facts import event_facts
from tests.conftest import client_for


@pytest.fixture(scope="module")
def linker():
    return Linker()


def facts(linker, text):
    found = event_facts(text, linker.link(text).mentions)
    for f in found:
        assert text[f["start"] : f["end"]] == f["text"]
    return [{k: v for k, v in f.items() if k not in ("text", "start", "end")} for f in found]


def test_english_meeting(linker):
    text = (
        "The Senior Officials' Meeting took place in Ouagadougou (Burkina Faso) on 12-13 February 2019. "
        "It gathered 80 participants representing 33 partner countries."
    )
    assert facts(linker, text) == [
        {"type": "place", "place": "Ouagadougou", "country": "BFA"},
        {"type": "date", "from": "2019-02-12", "to": "2019-02-13"},
        {"type": "participants", "value": 80},
        {"type": "countries", "value": 33},
    ]


def test_other_forms(linker):
    text = (
        "Over 400 participants from 43 countries took part in the conference held in Valletta, Malta "
        "on March 5, 2019."
    )
    assert facts(linker, text) == [
        {"type": "participants", "value": 400},
        {"type": "countries", "value": 43},
        {"type": "place", "place": "Valletta", "country": "MLT"},
        {"type": "date", "from": "2019-03-05", "to": "2019-03-05"},
    ]
    assert facts(linker, "The workshop brought together twelve delegates.") == [
        {"type": "participants", "value": 12}
    ]
    assert facts(linker, "The meeting counted 1,250 participants.") == [
        {"type": "participants", "value": 1250}
    ]


def test_french_and_arabic(linker):
    fr = (
        "La réunion s'est tenue les 12 et 13 février 2019 à Rabat, Maroc, avec plus de 120 participants "
        "de 40 pays."
    )
    assert facts(linker, fr) == [
        {"type": "date", "from": "2019-02-12", "to": "2019-02-13"},
        {"type": "place", "place": "Rabat", "country": "MAR"},
        {"type": "participants", "value": 120},
        {"type": "countries", "value": 40},
    ]
    ar = "عقد الاجتماع في المغرب يومي 12 و13 فبراير 2019 بمشاركة 30 دولة و150 مشاركا."
    assert facts(linker, ar) == [
        {"type": "place", "place": "المغرب", "country": "MAR"},
        {"type": "date", "from": "2019-02-12", "to": "2019-02-13"},
        {"type": "countries", "value": 30},
        {"type": "participants", "value": 150},
    ]


def test_a_city_after_a_verb_of_meeting_and_each_fact_once(linker):
    text = (
        "SOM held in Addis Ababa on 14 and 15 November 2018. The partners met in Addis Ababa on "
        "14 and 15 November 2018 and in HLD sessions."
    )
    assert facts(linker, text) == [
        {"type": "place", "place": "Addis Ababa", "country": ""},
        {"type": "date", "from": "2018-11-14", "to": "2018-11-15"},
    ]
    # a month or an acronym after "held in" is no place
    assert [f for f in facts(linker, "The meeting was held in March 2019.") if f["type"] == "place"] == []
    assert [f for f in facts(linker, "It was held in UNHCR premises.") if f["type"] == "place"] == []


def test_not_event_facts(linker):
    # no meeting in the sentence: numbers of countries and dates are not event facts
    assert facts(linker, "Based on fieldwork conducted in 11 countries, a study came out in May 2020.") == []
    assert facts(linker, "The report was published on 3 May 2020 and covers 90 countries.") == []
    # impossible dates and an unknown place are left out
    assert facts(linker, "The meeting was held on 31 February 2019 in Springfield.") == []
    # a part of a group is no count of it; an absurdly long number is no count either (and no crash)
    assert facts(linker, "One of the participants at the meeting said so; one of the states left.") == []
    assert facts(linker, "The meeting gathered " + "9" * 5000 + " participants.") == []
    # a year is not a number of participants, nor 2,000 a number of countries
    assert facts(linker, "The meeting in 2019 participants liked; 2,000 countries met.") == []


def test_extract_prints_event_facts(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    note = tmp_path / "meeting.txt"
    note.write_text(
        "The meeting in Valletta, Malta gathered 60 participants on 4 June 2018.", encoding="utf-8"
    )
    migis = Path(sys.executable).parent / "migis"
    out = subprocess.run(
        [migis, "extract", str(note), "--json", "--no-database"], capture_output=True, text=True, check=True
    ).stdout
    found = json.loads(out)["event_facts"]
    assert {f["type"] for f in found} == {"place", "participants", "date"}


@pytest.mark.django_db
def test_ingestion_stores_facts_shown_on_the_page_and_in_the_api():
    from migis.ingest.pipeline import ingest_text

    outcome = ingest_text(
        "The ministerial conference took place in Valletta, Malta on 10-11 November 2015 with 60 delegations "
        "and 500 participants.",
        source="valletta.txt",
        title="Valletta summit",
        kind="news",
    )
    doc = outcome.document
    doc.refresh_from_db()
    assert [f["type"] for f in doc.facts] == ["place", "date", "participants"]
    html = client_for().get(doc.get_absolute_url()).content.decode()
    assert "Event facts stated in the text" in html and '<time datetime="2015-11-10">' in html
    assert "Participants: 500" in html
    body = client_for().get(f"/api/documents/{doc.key}").json()
    assert body["facts"][0] | {"place": "Valletta", "country": "MLT"} == body["facts"][0]


@pytest.mark.django_db
def test_relink_fills_facts_and_mentions_of_stored_documents(capsys):
    from django.core.management import call_command

    from migis.documents.models import Document
    from migis.ingest.pipeline import ingest_text

    doc = ingest_text(
        "The workshop held in Valletta, Malta gathered 45 participants.", source="w.txt", title="Workshop"
    ).document
    # as a document stored before event facts existed: no facts, stale mentions
    Document.objects.filter(pk=doc.pk).update(facts=[])
    doc.mentions.all().delete()
    call_command("relink")
    doc.refresh_from_db()
    assert [f["type"] for f in doc.facts] == ["place", "participants"]
    assert doc.mentions.filter(type="country", ref="MLT").exists()
    assert "relinked" in capsys.readouterr().out
