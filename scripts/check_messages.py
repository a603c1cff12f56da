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
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(mo_path))} if mo_path.exists() else {}
    if any(compiled.get(e.msgid) != e.msgstr for e in po.translated_entries() if not e.msgid_plural):
        problems.append(f"{mo_path.relative_to(LOCALE)}: out of date; run `make messages`")
print("\n".join(problems) or "translations complete")
sys.exit(1 if problems else 0)
