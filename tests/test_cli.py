"""The `migis` command: init is idempotent, createuser checks its input, demo passwords are random."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

BIN = Path(sys.executable).parent


@pytest.mark.skipif(bool(os.environ.get("MIGIS_DATABASE_URL")), reason="runs on its own SQLite file")
def test_init_is_idempotent_and_keeps_demo_passwords(tmp_path):
    env = {**os.environ, "MIGIS_DATA_DIR": str(tmp_path), "MIGIS_DATABASE_URL": ""}
    first = subprocess.run(
        [BIN / "migis", "init", "--demo", "--no-static"], env=env, capture_output=True, text=True
    )
    assert first.returncode == 0, first.stderr
    second = subprocess.run(
        [BIN / "migis", "init", "--demo", "--no-static"], env=env, capture_output=True, text=True
    )
    assert second.returncode == 0, second.stderr
    loaded = [line for line in first.stdout.splitlines() if line.startswith("Loaded")]
    assert loaded == [line for line in second.stdout.splitlines() if line.startswith("Loaded")]
    accounts = (tmp_path / "demo-accounts.txt").read_text().split()
    assert "demo-official" in accounts and "demo-editor" in accounts
    assert accounts[1] in first.stdout and accounts[1] in second.stdout  # the same password, printed again
    assert oct((tmp_path / "demo-accounts.txt").stat().st_mode)[-3:] == "600"
    count = subprocess.run(
        [
            BIN / "migis",
            "manage",
            "shell",
            "-v",
            "0",
            "-c",
            "from migis.geo.models import Country; from migis.accounts.models import User;"
            "print(Country.objects.count(), User.objects.count())",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert count.stdout.split() == ["250", "5"]


@pytest.mark.django_db
def test_createuser_prints_a_random_password(capsys):
    call_command("createuser", "alice", role="official")
    out = capsys.readouterr().out
    assert "alice" in out and "password:" in out
    from migis.accounts.models import User

    user = User.objects.get(username="alice")
    assert user.check_password(out.rsplit("password:", 1)[1].strip())


@pytest.mark.django_db
def test_createuser_focal_point_needs_known_countries():
    with pytest.raises(CommandError, match="needs at least one --country"):
        call_command("createuser", "bob", role="focal_point")
    with pytest.raises(CommandError, match="unknown country code"):
        call_command("createuser", "bob", role="focal_point", country=["ZZZ"])
    call_command("createuser", "bob", role="focal_point", country=["mlt", "TUN"])
    from migis.accounts.models import User

    assert sorted(User.objects.get(username="bob").countries.values_list("iso3", flat=True)) == ["MLT", "TUN"]


@pytest.mark.django_db
def test_editor_role_opens_the_back_office_admin_role_makes_superuser():
    from migis.accounts.services import create_user

    editor, _ = create_user("ed", "editor")
    admin, _ = create_user("ad", "admin")
    assert editor.is_staff and not editor.is_superuser and editor.groups.filter(name="editors").exists()
    assert admin.is_superuser
    editor, _ = create_user("ed", "public")
    assert not editor.groups.filter(name="editors").exists() and not editor.is_staff
    admin, _ = create_user("ad", "official")
    assert not admin.is_superuser and not admin.is_staff


def test_unknown_role_is_refused(db):
    with pytest.raises(CommandError, match="invalid choice: 'king'"):
        call_command("createuser", "carol", role="king")
