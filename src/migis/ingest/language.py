"""The language of a text, with lingua (restricted to the languages of the field, low-accuracy mode:
fast and plenty for whole documents)."""

from functools import cache

SAMPLE = 1000  # characters looked at: plenty for the languages of the field, and it keeps ingestion fast


@cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = [
        Language.ENGLISH,
        Language.FRENCH,
        Language.ARABIC,
        Language.SPANISH,
        Language.PORTUGUESE,
        Language.GERMAN,
        Language.ITALIAN,
        Language.RUSSIAN,
        Language.TURKISH,
    ]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def detect_language(text: str) -> str:
    """ISO 639-1 code ("en", "fr", "ar" ...), or "" when the text is too short or unclear."""
    sample = " ".join(text[:SAMPLE].split())
    if len(sample) < 20:
        return ""
    language = _detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language else ""
