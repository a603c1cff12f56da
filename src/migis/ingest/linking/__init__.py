"""Entity linking: find the states, regions, dialogues, organisations, projects and SDG targets a text
mentions, with character offsets, in English, French and Arabic. See `Linker`."""

from migis.ingest.linking.linker import Linker, Mention, Result

__all__ = ["Linker", "Mention", "Result"]
