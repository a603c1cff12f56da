"""The files a run reads: the paths named, and what the folders named contain.

Nothing but a hidden name is skipped here. A FIFO, a device, a socket, a broken symbolic link or a link
loop found in a folder is yielded like a file, so that read_file refuses it by name and the run reports it.
"""

import os
from collections.abc import Iterable, Iterator
from pathlib import Path


def walk(paths: Iterable) -> Iterator[Path]:
    """The files named, and the files inside the folders named (hidden names skipped), in a stable order.

    Symbolic links to folders are followed, each folder once per folder named: a link to a folder already
    walked (a loop back to a parent, or a second way to the same folder) is yielded, and read_file refuses
    it. A named path that does not exist is yielded too.
    """
    for path in map(Path, paths):
        if path.is_dir():
            yield from _walk_folder(path, visited=set())
        else:
            yield path


def _walk_folder(folder: Path, visited: set[tuple[int, int]]) -> Iterator[Path]:
    try:
        info = folder.stat()
        if (info.st_dev, info.st_ino) in visited:
            yield folder
            return
        visited.add((info.st_dev, info.st_ino))
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:  # unreadable: read_file says why
        yield folder
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if _is_folder(entry):
            yield from _walk_folder(Path(entry.path), visited)
        else:
            yield Path(entry.path)


def _is_folder(entry: os.DirEntry) -> bool:
    """A folder or a link to one; not a broken link nor a link loop (ELOOP), which are yielded as files."""
    try:
        return entry.is_dir()
    except OSError:
        return False
