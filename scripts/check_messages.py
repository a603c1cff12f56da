"""Fail when a catalogue has untranslated or fuzzy entries, or its .mo is older than the .po content."""

import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "src" / "migis" / "locale"
problems = []
for lang in ("fr", "ar"):
    po_path = LOCALE / lang / "LC_MESSAGES" / "django.po"
    if not po_path.exists():
        problems.append(f"{po_path}: missing")
        continue
    po = polib.pofile(str(po_path))
    for entry in po.untranslated_entries() + po.fuzzy_entries():
        problems.append(
            f"{po_path.relative_to(LOCALE)}:{entry.linenum}: not translated: {entry.msgid[:60]!r}"
        )
    mo_path = po_path.with_suffix(".mo")
    # keyed by context and text: "to" (a date range) and "to" (the direction of flows) differ
    compiled = (
        {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(mo_path))} if mo_path.exists() else {}
    )
    if any(
        compiled.get((e.msgctxt, e.msgid)) != e.msgstr for e in po.translated_entries() if not e.msgid_plural
    ):
        problems.append(f"{mo_path.relative_to(LOCALE)}: out of date; run `make messages`")


def unextracted() -> list[str]:
    """Strings of the code and templates that the catalogues do not hold yet: extracted afresh (Django's
    makemessages, on a copy of the package) and compared."""
    import os
    import shutil
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "migis"
        shutil.copytree(LOCALE.parent, copy, ignore=shutil.ignore_patterns("static", "__pycache__"))
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "migis.settings",
            "MIGIS_DATA_DIR": str(Path(tmp) / "data"),
        }
        done = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "-m", "django", "makemessages", "-l", "fr", "-l", "ar", "--no-obsolete"],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            return [f"makemessages failed: {done.stderr.strip()[-500:]}"]
        out = []
        for lang in ("fr", "ar"):
            fresh = polib.pofile(str(copy / "locale" / lang / "LC_MESSAGES" / "django.po"))
            for entry in fresh.untranslated_entries() + fresh.fuzzy_entries():
                where = entry.occurrences[0][0] if entry.occurrences else "?"
                out.append(
                    f"{lang}: not in the catalogue (make messages, translate): {entry.msgid[:60]!r} ({where})"
                )
        return out


if __import__("shutil").which("xgettext"):
    problems += unextracted()
else:
    problems.append("xgettext (Debian package gettext) is needed to check that every string is translated")
print("\n".join(problems) or "translations complete")
sys.exit(1 if problems else 0)
