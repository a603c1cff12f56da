"""Sign-in lockouts (django-axes), HTTPS settings, the Content-Security-Policy header, the data folder's
permissions and the 403 pages."""

import datetime
import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import timezone

from migis.core.permissions import Role
from tests.conftest import client_for

BIN = Path(sys.executable).parent
PASSWORD = "pw-for-tests-only-1"  # tests/conftest.py `users`
LIMIT = settings.AXES_FAILURE_LIMIT


def in_language(lang: str, path: str) -> str:
    """The address of a page in `lang` (English at the root)."""
    return path if lang == "en" else f"/{lang}{path}"


def sign_in(url, username, password, address="10.0.0.1", client=None):
    client = client or Client()
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(response) -> bool:
    return "_auth_user_id" in response.wsgi_request.session


def fail(url, username, times, address="10.0.0.1"):
    return [sign_in(url, username, "wrong-password", address).status_code for _ in range(times)]


# -- lockouts ---------------------------------------------------------------------------------------


def test_limit_and_cool_off_come_from_the_settings():
    assert LIMIT == 10 and settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)


def test_right_password_after_too_many_wrong_ones_is_refused_on_the_site(users):
    user = users[Role.OFFICIAL]
    codes = fail("/accounts/login/", user.username, LIMIT)
    assert codes[:-1] == [200] * (LIMIT - 1) and codes[-1] == 429
    response = sign_in("/accounts/login/", user.username, PASSWORD)
    assert response.status_code == 429 and not signed_in(response)
    assert "Sign-in locked" in response.content.decode()
    assert int(response["Retry-After"]) == 15 * 60


def test_right_password_after_too_many_wrong_ones_is_refused_in_the_back_office(users):
    editor = users[Role.EDITOR]
    fail("/admin/login/", editor.username, LIMIT)
    response = sign_in("/admin/login/?next=/admin/", editor.username, PASSWORD)
    assert response.status_code == 429 and not signed_in(response)
    assert Client(REMOTE_ADDR="10.0.0.1").get("/admin/").status_code == 302  # still not in


def test_below_the_limit_the_right_password_still_works(users):
    user = users[Role.OFFICIAL]
    fail("/accounts/login/", user.username, LIMIT - 1)
    response = sign_in("/accounts/login/", user.username, PASSWORD)
    assert response.status_code == 302 and signed_in(response)


def test_an_account_is_locked_whatever_address_the_failures_come_from(users):
    user, other = users[Role.OFFICIAL], users[Role.EDITOR]
    for i in range(LIMIT):
        fail("/accounts/login/", user.username, 1, address=f"10.0.1.{i}")
    assert sign_in("/accounts/login/", user.username, PASSWORD, address="10.0.9.9").status_code == 429
    # the lock is on the account: another account signs in from that fresh address
    response = sign_in("/accounts/login/", other.username, PASSWORD, address="10.0.9.9")
    assert response.status_code == 302 and signed_in(response)


def test_an_address_is_locked_whatever_accounts_it_tries(users):
    user = users[Role.OFFICIAL]
    for i in range(LIMIT):
        fail("/accounts/login/", f"guess-{i}", 1, address="10.0.2.2")
    assert sign_in("/accounts/login/", user.username, PASSWORD, address="10.0.2.2").status_code == 429
    # the lock is on the address: the same account signs in from elsewhere
    response = sign_in("/accounts/login/", user.username, PASSWORD, address="10.0.2.3")
    assert response.status_code == 302 and signed_in(response)


def test_a_successful_sign_in_does_not_lift_another_addresss_lock(users):
    user = users[Role.OFFICIAL]
    for i in range(LIMIT):
        fail("/accounts/login/", f"guess-{i}", 1, address="10.0.3.3")
    assert sign_in("/accounts/login/", user.username, PASSWORD, address="10.0.3.4").status_code == 302
    assert sign_in("/accounts/login/", user.username, PASSWORD, address="10.0.3.3").status_code == 429


def test_the_lock_ends_after_the_cool_off(users):
    user = users[Role.OFFICIAL]
    fail("/accounts/login/", user.username, LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert sign_in("/accounts/login/", user.username, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "Signing in is locked for 15 minutes"),
        ("fr", "La connexion est bloquée pendant 15 minutes"),
        ("ar", "تسجيل الدخول مقفل لمدة 15 دقيقة"),
    ],
)
def test_the_lockout_page_is_in_the_readers_language(users, lang, text):
    user = users[Role.OFFICIAL]
    fail("/accounts/login/", user.username, LIMIT)
    response = sign_in(in_language(lang, "/accounts/login/"), user.username, PASSWORD)
    assert response.status_code == 429
    assert text in response.content.decode()


def test_a_lockout_is_logged_once_as_a_warning(users, caplog):
    user = users[Role.OFFICIAL]
    with caplog.at_level(logging.INFO, logger="migis.security"):
        fail("/accounts/login/", user.username, LIMIT, address="10.0.4.4")
        sign_in("/accounts/login/", user.username, PASSWORD, address="10.0.4.4")
    records = [r for r in caplog.records if r.name == "migis.security"]
    warnings = [r.getMessage() for r in records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, warnings
    assert "Locked out" in warnings[0] and repr(user.username) in warnings[0] and "10.0.4.4" in warnings[0]
    assert "wrong-password" not in caplog.text and PASSWORD not in caplog.text
    assert any("Refused while locked out" in r.getMessage() for r in records if r.levelno == logging.INFO)


# -- API tokens ---------------------------------------------------------------------------------------


def api(token, address):
    return Client().get("/api/countries/MLT", HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR=address)


@pytest.fixture
def token(users):
    from migis.accounts.models import ApiToken

    return ApiToken.issue(users[Role.OFFICIAL])[1]


def test_invalid_tokens_lock_the_address_out_valid_token_or_not(token):
    codes = [api(f"migis_wrong-{i}", "10.0.5.5").status_code for i in range(LIMIT)]
    assert codes[:-1] == [401] * (LIMIT - 1) and codes[-1] == 429
    response = api(token, "10.0.5.5")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    error = response.json()["error"]
    assert error["status"] == 429 and error["code"] == "locked_out" and "15 minutes" in error["message"]
    assert api(token, "10.0.5.6").status_code == 200  # other addresses are not affected
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert api(token, "10.0.5.5").status_code == 200  # the cool-off is over


def test_invalid_tokens_from_many_addresses_lock_no_one_else_out(token):
    for i in range(LIMIT + 2):
        assert api("migis_wrong", f"10.0.6.{i}").status_code == 401
    assert api(token, "10.0.6.200").status_code == 200


def test_token_failures_and_password_failures_add_up_per_address(users, token):
    fail("/accounts/login/", "someone", LIMIT - 1, address="10.0.7.7")
    assert api("migis_wrong", "10.0.7.7").status_code == 429


def test_forwarded_address_is_the_one_the_proxy_appended():
    from migis.accounts.lockout import forwarded_address

    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8", REMOTE_ADDR="127.0.0.1")
    assert forwarded_address(request) == "5.6.7.8"
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="not an address", REMOTE_ADDR="127.0.0.1")
    assert forwarded_address(request) == "127.0.0.1"


# -- 403 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, text",
    [
        ("en", "You are not allowed to see this page"),
        ("fr", "Vous n’avez pas le droit de voir cette page"),
        ("ar", "لا يُسمح لك بالاطلاع على هذه الصفحة"),
    ],
)
def test_forbidden_page_is_in_the_readers_language(users, lang, text):
    response = client_for(users[Role.PUBLIC]).get(in_language(lang, "/documents/upload/"))
    assert response.status_code == 403
    body = response.content.decode()
    assert text in body and "user-public" in body
    assert f'lang="{lang}"' in body


def test_forbidden_page_offers_to_sign_in_when_anonymous(db):
    response = Client().get("/fr/documents/upload/")
    assert response.status_code == 403
    assert 'href="/fr/accounts/login/?next=%2Ffr%2Fdocuments%2Fupload%2F"' in response.content.decode()
    assert "Se connecter" in response.content.decode()


def test_forbidden_on_the_api_keeps_the_error_shape():
    from migis.core.views import permission_denied

    response = permission_denied(RequestFactory().get("/api/documents"))
    assert response.status_code == 403 and response["Content-Type"] == "application/json"
    assert json.loads(response.content)["error"] == {
        "status": 403,
        "code": "forbidden",
        "message": "You are not allowed to do this.",
    }


def test_an_ordinary_403_is_logged_without_a_traceback(users, caplog):
    with caplog.at_level(logging.WARNING):
        assert client_for(users[Role.PUBLIC]).get("/documents/upload/").status_code == 403
    forbidden = [r for r in caplog.records if getattr(r, "status_code", None) == 403]
    assert forbidden and all(r.exc_info is None for r in forbidden)
    assert "Traceback" not in caplog.text


def test_csrf_failure_page_is_in_the_readers_language(db, caplog):
    client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING):
        response = client.post("/fr/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Le formulaire n’a pas pu être envoyé" in response.content.decode()
    assert "Traceback" not in caplog.text


# -- HTTPS, CSP -------------------------------------------------------------------------------------


def check_deploy(tmp_path, **env):
    environment = {
        **os.environ,
        "MIGIS_DATA_DIR": str(tmp_path / "data"),
        "MIGIS_DATABASE_URL": "",
        "MIGIS_ALLOWED_HOSTS": "example.org",
        "MIGIS_DEBUG": "0",
        "MIGIS_HTTPS": "",
        **env,
    }
    command = [BIN / "migis", "manage", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_https(tmp_path):
    result = check_deploy(tmp_path, MIGIS_HTTPS="1")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_https(tmp_path):
    result = check_deploy(tmp_path)
    assert result.returncode != 0
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in result.stderr


def test_pages_send_a_strict_content_security_policy(db):
    policy = Client().get("/about/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


# -- the data folder --------------------------------------------------------------------------------


def test_migis_init_keeps_the_data_folder_private(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    (data / "secret_key").write_text("k" * 60)  # left readable by an older migis
    (data / "secret_key").chmod(0o644)
    env = {**os.environ, "MIGIS_DATA_DIR": str(data), "MIGIS_DATABASE_URL": "", "MIGIS_SEARCH_BACKEND": ""}
    subprocess.run([BIN / "migis", "init"], env=env, check=True, capture_output=True, timeout=300)
    assert (data / "migis.sqlite3").exists() and (data / "search-index").is_dir()
    assert any((data / "static").rglob("*.css"))
    exposed = [
        f"{oct(stat.S_IMODE(path.lstat().st_mode))} {path.relative_to(tmp_path)}"
        for path in [data, *data.rglob("*")]
        if stat.S_IMODE(path.lstat().st_mode) & 0o077
    ]
    assert not exposed, exposed
