"""The back office: named after migis, readable labels, membership lists filterable by each of their parts."""

import pytest

from migis.core.permissions import Role
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_back_office_says_whose_it_is(users):
    html = client_for(users[Role.ADMIN]).get("/admin/").content.decode()
    assert "migis back office" in html and "Django administration" not in html
    assert "API tokens" in html and "Api tokens" not in html


def test_memberships_show_state_dialogue_role_and_period_and_filter_by_each(users):
    client = client_for(users[Role.EDITOR])
    html = client.get("/admin/dialogues/membership/").content.decode()
    for column in ("column-country", "column-dialogue", "column-role", "column-since", "column-until"):
        assert column in html
    for parameter in ("dialogue__id__exact=", "role__exact=", "country__id__exact=", "period=1990"):
        assert parameter in html
    rows = client.get("/admin/dialogues/membership/", {"period": "2010", "role__exact": "participating"})
    assert rows.status_code == 200 and "0 memberships" not in rows.content.decode()
    french = client.get("/fr/admin/dialogues/membership/").content.decode()
    assert 'lang="fr"' in french
