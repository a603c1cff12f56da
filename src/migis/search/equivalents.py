"""Words that name the same place in several languages, learnt from the records' own names.

"Rabat Process", "Processus de Rabat" and "مسار الرباط" (also "عملية الرباط") are one dialogue: once the
words that several records' names share ("Process", "Processus", "de", "عملية") are set aside, and only
the word that all its short names in a language keep is retained, one word is left in each language,
and those words name the same thing. A one-word query ("الرباط") then also finds the texts that write it
in the other languages ("Rabat"), though the word alone names no record.
"""

from collections import Counter
from functools import reduce

from migis.search.query import WORD

LANGS = ("en", "fr", "ar")
GENERIC_FROM = 3  # a word in the names of this many records says what kind of thing they are, not which
SHORT = 3  # longer names (descriptions such as "Euro-African Dialogue on ...") say nothing about one word


def _words(name: str) -> set[str]:
    return {w.lower() for w in WORD.findall(name or "") if len(w) > 2 and not w.isdigit()}


def _names(record, lang: str) -> tuple[set[str], list[set[str]]]:
    """The words of the record's own name that can be a proper name (capitalised, or in a script without
    case: not an adjective such as "africaine" or an acronym from an alias), and the words of each name."""
    name = getattr(record, f"name_{lang}", "") or ""
    aliases = (getattr(record, "aliases", None) or {}).get(lang, [])
    proper = {w.lower() for w in WORD.findall(name) if not w.islower()} if name else set()
    names = [name, *(aliases if isinstance(aliases, list) else [])]
    return proper, [w for w in map(_words, names) if w]


def learn(records) -> dict[str, set[str]]:
    """{word: the words naming the same thing in the other languages} from records with `name_<lang>`."""
    names = [{lang: _names(r, lang) for lang in LANGS} for r in records]
    seen = {lang: Counter(w for n in names for w in set().union(*n[lang][1])) for lang in LANGS}
    out: dict[str, set[str]] = {}
    for by_lang in names:
        single = {}
        for lang, (proper, sets) in by_lang.items():
            short = [{w for w in s if seen[lang][w] < GENERIC_FROM} for s in sets if len(s) <= SHORT]
            kept = reduce(set.intersection, [s for s in short if s]) & proper if any(short) else set()
            if len(kept) == 1:
                single[lang] = kept.pop()
        words = set(single.values())
        if len(words) < 2:
            continue  # one language, or the same spelling in all: nothing to learn
        for word in words:
            out.setdefault(word, set()).update(words - {word})
    return out


def for_reader(user) -> dict[str, set[str]]:
    """The equivalents learnt from the dialogues and organisations `user` may see."""
    from migis.dialogues.models import Dialogue
    from migis.organisations.models import Organisation

    fields = [f"name_{lang}" for lang in LANGS] + ["aliases"]
    return learn(
        [
            *Dialogue.objects.visible_to(user).only(*fields),
            *Organisation.objects.visible_to(user).only(*fields),
        ]
    )
