"""Reading curated YAML files so that every error names the file, the line and the field."""

# Postponed annotations: the Record class has methods named list, str, int and bool, so its annotations
# name the types as builtins.str and so on.
from __future__ import annotations

import builtins
from pathlib import Path

import yaml

LINE = "__line__"


class DataError(Exception):
    """A curated data file is malformed: names the file, line and field."""

    def __init__(self, path, line: int | None, field: str, message: str):
        self.path, self.line, self.field, self.message = Path(path), line, field, message
        where = f"{self.path.name}:{line}" if line else self.path.name
        super().__init__(f"{where}: field '{field}': {message}")


class _LineLoader(yaml.SafeLoader):
    """SafeLoader (no arbitrary objects) that remembers the line of every mapping."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


def read(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(path, None, "-", f"cannot read the file: {exc}") from exc
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader derives from SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError(path, mark.line + 1 if mark else None, "-", f"not valid YAML: {exc}") from exc


class Record:
    """One mapping from a data file, with typed accessors that raise DataError on bad values."""

    def __init__(self, path: Path, data, field: str = "", line: int | None = None):
        if not isinstance(data, dict):
            raise DataError(path, line, field or "-", f"expected a mapping, found {type(data).__name__}")
        self.path, self.data, self.prefix = path, data, field
        self.line = data.get(LINE, line)

    def error(self, field: str, message: str) -> DataError:
        return DataError(self.path, self.line, self._name(field), message)

    def _name(self, field: str) -> str:
        return f"{self.prefix}.{field}" if self.prefix else field

    def has(self, field: str) -> bool:
        return self.data.get(field) not in (None, "", [], {})

    def str(self, field: str, required: bool = False, max_length: int | None = None) -> str:
        value = self.data.get(field)
        if value is None or value == "":
            if required:
                raise self.error(field, "is required")
            return ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise self.error(field, f"expected text, found {type(value).__name__}")
        value = str(value).strip()
        if max_length and len(value) > max_length:
            raise self.error(field, f"longer than {max_length} characters")
        return value

    def int(
        self,
        field: builtins.str,
        required: builtins.bool = False,
        low: builtins.int = 0,
        high: builtins.int = 10**9,
    ) -> builtins.int | None:
        value = self.data.get(field)
        if value is None or value == "":
            if required:
                raise self.error(field, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(field, f"expected a whole number, found {value!r}")
        if not low <= value <= high:
            raise self.error(field, f"{value} is outside {low}..{high}")
        return value

    def url(self, field: builtins.str) -> builtins.str:
        """An http(s) address or nothing: no javascript: or data: links reach a page."""
        value = self.str(field, max_length=200)
        if value and not value.startswith(("https://", "http://")):
            raise self.error(field, f"expected an http(s) address, found {value!r}")
        return value

    def bool(self, field: builtins.str, default: builtins.bool = False) -> builtins.bool:
        value = self.data.get(field, default)
        if not isinstance(value, bool):
            raise self.error(field, f"expected true or false, found {value!r}")
        return value

    def date(self, field: builtins.str, required: builtins.bool = False):
        import datetime

        value = self.data.get(field)
        if value is None or value == "":
            if required:
                raise self.error(field, "is required")
            return None
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, int) and 1000 <= value <= 9999:
            return datetime.date(value, 12, 31)
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise self.error(field, f"expected a date YYYY-MM-DD, found {value!r}") from None

    def list(self, field: builtins.str, required: builtins.bool = False) -> builtins.list:
        value = self.data.get(field)
        if value is None:
            if required:
                raise self.error(field, "is required")
            return []
        if not isinstance(value, list):
            raise self.error(field, f"expected a list, found {type(value).__name__}")
        return value

    def strings(self, field: builtins.str) -> builtins.list[builtins.str]:
        values = self.list(field)
        for i, v in enumerate(values):
            if not isinstance(v, (str, int)) or isinstance(v, bool):
                raise self.error(f"{field}[{i}]", f"expected text, found {v!r}")
        return [str(v).strip() for v in values]

    def records(self, field: builtins.str, required: builtins.bool = False) -> builtins.list[Record]:
        return [
            Record(self.path, item, self._name(f"{field}[{i}]"), self.line)
            for i, item in enumerate(self.list(field, required))
        ]

    def sub(self, field: builtins.str) -> Record | None:
        value = self.data.get(field)
        if value is None:
            return None
        return Record(self.path, value, self._name(field), self.line)

    def languages(
        self, field: builtins.str, required_en: builtins.bool = False
    ) -> dict[builtins.str, builtins.str]:
        """A {en, fr, ar} mapping of texts."""
        sub = self.sub(field)
        if sub is None:
            if required_en:
                raise self.error(field, "is required (with at least an 'en' entry)")
            return {}
        out = {lang: sub.str(lang) for lang in ("en", "fr", "ar")}
        if required_en and not out["en"]:
            raise sub.error("en", "is required")
        return out

    def language_lists(self, field: builtins.str) -> dict[builtins.str, builtins.list[builtins.str]]:
        sub = self.sub(field)
        if sub is None:
            return {}
        return {lang: sub.strings(lang) for lang in ("en", "fr", "ar") if sub.has(lang)}

    def choice(self, field: builtins.str, choices, default: builtins.str = "") -> builtins.str:
        value = self.str(field) or default
        valid = {c[0] if isinstance(c, tuple) else c for c in choices}
        if value and value not in valid:
            raise self.error(field, f"{value!r} is not one of {', '.join(sorted(valid))}")
        return value


def top_list(path: Path, data, key: str | None = None) -> list[Record]:
    """The list of records in a file that is either a list, or a mapping holding the list under `key`."""
    items = data.get(key) if key and isinstance(data, dict) else data
    if not isinstance(items, list):
        raise DataError(path, 1, key or "-", "expected a list of records")
    return [Record(path, item, f"{key or ''}[{i}]".lstrip(".")) for i, item in enumerate(items)]
