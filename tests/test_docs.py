"""The README and docs keep up with the code."""

from pathlib import Path

from migis.config import SETTINGS

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_documented():
    doc = (ROOT / "docs" / "configuration.md").read_text()
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in doc]
    assert not missing, f"document these in docs/configuration.md: {missing}"


def test_readme_shows_the_two_commands_first():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```sh", 1)[1].split("```", 1)[0]
    assert "make run" in first_block and "make test" in first_block


def test_ci_calls_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_vendored_files_are_listed_with_licences():
    vendor = ROOT / "src" / "migis" / "static" / "migis" / "vendor"
    readme = (vendor / "README.md").read_text()
    for path in vendor.glob("*.js*"):
        assert path.name in readme, path.name


def test_lock_file_pins_every_package_by_version():
    """Only `name==version` lines: a local file or URL in the lock breaks installs on other machines."""
    text = (ROOT / "requirements.lock").read_text()
    lines = [line for line in text.splitlines() if line and line[0] != "#"]
    bad = [line for line in lines if "==" not in line or "@" in line or "://" in line]
    assert lines and not bad, bad
