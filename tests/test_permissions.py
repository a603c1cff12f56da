"""Every role against every page and API list/detail: restricted records never leak to the public
(lists, details, filters, counts, map layers, API), and are visible to officials and above."""

import pytest

from tests.conftest import READERS, ROLES, client_for

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
ALL = [ANONYMOUS, *ROLES]


def _client(users, who):
    return client_for(None if who == ANONYMOUS else users[who])


def _reads(who) -> bool:
    return who in READERS


# (url, marker that shows the restricted record)
PAGES = [
    ("/projects/?country=MLT", "SECRETPRJ"),
    ("/projects/secret-project/", "Secret Project"),
    ("/projects/?dialogue=secret-dialogue", "Secret Project"),
    ("/projects/?q=SECRETPRJ", "Secret Project"),
    ("/events/?year=2020", "Secret Event"),
    ("/events/secret-event/", "Secret Event"),
    ("/events/?country=MLT&year=2020", "Secret Event"),
    ("/dialogues/", "Secret Dialogue"),
    ("/dialogues/secret-dialogue/", "Secret Dialogue"),
    ("/countries/MLT/", "Secret Dialogue"),
    ("/countries/MLT/", "Secret Project"),
    ("/organisations/", "Secret Donor"),
    ("/?layer=dialogue&dialogue=secret-dialogue", "Secret Dialogue"),
]

API = [
    ("/api/projects?page_size=200", "SECRETPRJ"),
    ("/api/projects/secret-project", "SECRETPRJ"),
    ("/api/projects?donor=secret-donor", "Secret Project"),
    ("/api/events?page_size=200", "Secret Event"),
    ("/api/events/secret-event", "Secret Event"),
    ("/api/dialogues", "secret-dialogue"),
    ("/api/dialogues/secret-dialogue", "Secret Dialogue"),
    ("/api/countries/MLT", "secret-dialogue"),
    ("/api/countries?dialogue=secret-dialogue", '"MLT"'),
    ("/api/organisations", "secret-donor"),
    ("/api/map?layer=dialogue&dialogue=secret-dialogue", "MLT"),
]


@pytest.mark.parametrize("who", ALL)
@pytest.mark.parametrize("url, marker", PAGES + API)
def test_restricted_visible_only_to_readers(users, restricted, who, url, marker):
    response = _client(users, who).get(url)
    body = response.content.decode()
    if _reads(who):
        assert response.status_code == 200, body[:300]
        assert marker in body
    else:
        assert marker not in body
        assert response.status_code in (200, 400, 404)


@pytest.mark.parametrize("who", ALL)
def test_counts_do_not_reveal_restricted_records(users, restricted, who):
    client = _client(users, who)
    public = client.get("/api/projects?country=MLT").json()["count"]
    from migis.projects.models import Project

    expected = Project.objects.filter(countries__iso3="MLT")
    if not _reads(who):
        expected = expected.filter(visibility="public")
    assert public == expected.distinct().count()
    layer = client.get("/api/map?layer=projects").json()["values"]
    assert layer.get("MLT", 0) == expected.distinct().count()
    dialogues = client.get("/api/map?layer=dialogues").json()["values"]
    from migis.dialogues.models import Membership

    memberships = Membership.objects.filter(country__iso3="MLT")
    if not _reads(who):
        memberships = memberships.filter(visibility="public", dialogue__visibility="public")
    assert dialogues.get("MLT", 0) == memberships.values("dialogue").distinct().count()


def test_restricted_detail_is_a_404_in_the_error_shape(restricted):
    response = client_for().get("/api/projects/secret-project")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_api_token_reads_restricted(users, restricted):
    from migis.accounts.models import ApiToken

    _, raw = ApiToken.issue(users["official"])
    client = client_for()
    assert client.get("/api/projects/secret-project", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    bad = client.get("/api/projects", HTTP_AUTHORIZATION="Bearer nonsense")
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "invalid_token"


def test_inactive_user_reads_public_only(users, restricted):
    official = users["official"]
    client = client_for(official)
    url = "/api/projects/secret-project"
    assert client.get(url).status_code == 200  # the same request reads it while the account is active
    official.is_active = False
    official.save()
    assert client.get(url).status_code == 404
    assert "SECRETPRJ" not in client.get("/api/projects?country=MLT&page_size=200").content.decode()


@pytest.mark.parametrize("who", ALL)
def test_back_office_only_for_editors_and_admins(users, who):
    response = _client(users, who).get("/admin/projects/project/")
    if who in ("editor", "admin"):
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_editor_cannot_manage_users(users):
    assert client_for(users["editor"]).get("/admin/accounts/user/").status_code == 403
    assert client_for(users["admin"]).get("/admin/accounts/user/").status_code == 200


def test_focal_point_is_scoped_to_countries(users):
    assert list(users["focal_point"].countries.values_list("iso3", flat=True)) == ["MLT"]
