"""The statistics readers, one per published layout, registered in the order they are tried."""

from migis.indicators.readers.base import Cell, Publication, Reader, ReadError

READERS: list[type[Reader]] = []


def register(reader: type[Reader]) -> type[Reader]:
    READERS.append(reader)
    return reader


__all__ = ["READERS", "Cell", "Publication", "ReadError", "Reader", "load_all", "register"]


# The order readers are tried in: the specific layouts first, tidy tables last (they take any CSV or
# workbook with recognisable columns).
MODULES = ("sdmx", "wdi", "unhcr", "undesa", "tidy")


def load_all() -> None:
    from importlib import import_module

    for name in MODULES:
        import_module(f"migis.indicators.readers.{name}")
    # Whatever imported a reader first (a test, a command), they are tried in the order above.
    READERS.sort(key=lambda reader: MODULES.index(reader.__module__.rsplit(".", 1)[-1]))
